//! The terminal front-end: the whole library as a menu, for a trainee whose machine cannot
//! show the game window (a server, a thin client without graphics, an SSH session). Every
//! conversation and quiz is played and recorded exactly as in the game: the same records
//! database, the same trainee list, the same debrief.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use crossterm::{cursor, execute, terminal};
use frontline_core::i18n::locale_rank;
use frontline_core::library::{Library, Sources};
use frontline_core::quiz::QuizResult;
use frontline_core::reading::Pace;
use frontline_core::score::Debrief;
use frontline_core::{Lang, Quiz, Scenario};
use frontline_records::profiles::{SavedProfiles, clean_name};
use frontline_records::{Attempt, Filter, QuizAttempt, Store};

use super::doctor::Missing;
use super::play::{self, Input, Key};
use frontline_core::session::fresh_seed;

/// How `play` was asked to run.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Language; default: the last one used on this computer.
    pub lang: Option<Lang>,
    /// Seed of the first conversation.
    pub seed: Option<u64>,
    /// Coach mode.
    pub coach: bool,
    /// Trainee; default: asked on a terminal, else the last one used.
    pub profile: Option<String>,
    /// Whether to record attempts.
    pub record: bool,
    /// Reading pace; default: the trainee's saved one. Given, it is saved for the trainee.
    pub pace: Option<Pace>,
}

/// The words of the menu, in the interface language.
struct MenuWords {
    title: &'static str,
    trainee: &'static str,
    who: &'static str,
    new_name: &'static str,
    conversations: &'static str,
    quizzes: &'static str,
    keys_terminal: &'static str,
    keys_lines: &'static str,
    minutes: &'static str,
    statements: &'static str,
    best: &'static str,
    last_quiz: &'static str,
    not_played: &'static str,
    back: &'static str,
    recorded: &'static str,
    not_recorded: &'static str,
    no_profile: &'static str,
}

static EN: MenuWords = MenuWords {
    title: "Frontline — customer-service practice",
    trainee: "Trainee: {name}",
    who: "Who is practising? Type the number of a name, or a new name, then Enter:",
    new_name: "Your name, then Enter:",
    conversations: "Conversations",
    quizzes: "Quizzes",
    keys_terminal: "↑↓ and Enter, or 1–9 · l language · p change trainee · q quit",
    keys_lines: "Type a number and Enter · l language · p change trainee · q quit",
    minutes: "{n} min",
    statements: "{n} statements",
    best: "best {best} ({n} attempts)",
    last_quiz: "last {c}/{t}",
    not_played: "not played yet",
    back: "Press Enter for the menu.",
    recorded: "Saved to your records ({path}).",
    not_recorded: "NOT saved to your records: {error}",
    no_profile: "Not recorded: no trainee name (give --profile NAME, or play once on a terminal).",
};

static ZH: MenuWords = MenuWords {
    title: "Frontline —— 客户服务练习",
    trainee: "学员：{name}",
    who: "请问是谁在练习？输入名字前的数字，或输入新名字，然后按回车：",
    new_name: "请输入您的名字，然后按回车：",
    conversations: "对话练习",
    quizzes: "测验",
    keys_terminal: "↑↓ 加回车，或按 1–9 · l 切换语言 · p 更换学员 · q 退出",
    keys_lines: "输入数字后按回车 · l 切换语言 · p 更换学员 · q 退出",
    minutes: "{n} 分钟",
    statements: "{n} 道题",
    best: "最好成绩 {best}（{n} 次）",
    last_quiz: "上次 {c}/{t}",
    not_played: "尚未练习",
    back: "按回车返回菜单。",
    recorded: "已保存到您的记录（{path}）。",
    not_recorded: "未能保存到您的记录：{error}",
    no_profile: "未记录：没有学员名字（请加 --profile 名字，或先在终端里练习一次）。",
};

static KO: MenuWords = MenuWords {
    title: "Frontline — 고객 서비스 연습",
    trainee: "교육생: {name}",
    who: "누가 연습합니까? 이름 앞의 번호나 새 이름을 입력하고 Enter 키를 누르십시오:",
    new_name: "이름을 입력하고 Enter 키를 누르십시오:",
    conversations: "대화 연습",
    quizzes: "퀴즈",
    keys_terminal: "↑↓와 Enter, 또는 1–9 · l 언어 · p 교육생 변경 · q 종료",
    keys_lines: "번호를 입력하고 Enter · l 언어 · p 교육생 변경 · q 종료",
    minutes: "{n}분",
    statements: "{n}문항",
    best: "최고 {best}({n}회 연습)",
    last_quiz: "최근 {c}/{t}",
    not_played: "아직 연습하지 않음",
    back: "메뉴로 돌아가려면 Enter 키를 누르십시오.",
    recorded: "연습 기록에 저장했습니다({path}).",
    not_recorded: "연습 기록에 저장되지 않음: {error}",
    no_profile: "기록되지 않음: 교육생 이름이 없습니다(--profile 이름을 주거나, 먼저 터미널에서 한 번 연습하십시오).",
};

fn words(lang: Lang) -> &'static MenuWords {
    match lang {
        Lang::Zh => &ZH,
        Lang::Ko => &KO,
        Lang::En => &EN,
    }
}

/// One line of the menu.
enum Item {
    Scenario(Box<Scenario>),
    Quiz(Box<Quiz>),
}

/// The language to use: the one asked for, else the last one used here, else English.
fn language(asked: Option<Lang>, saved: &SavedProfiles) -> Lang {
    asked
        .or_else(|| saved.lang.parse().ok())
        .unwrap_or_default()
}

/// Asks who is practising, offering the names used on this computer.
fn ask_name(input: &mut Input, saved: &SavedProfiles, lang: Lang) -> Option<String> {
    let w = words(lang);
    if saved.names.is_empty() {
        say!("{}", w.new_name);
    } else {
        say!("{}", w.who);
        for (i, n) in saved.names.iter().take(9).enumerate() {
            say!("  {}. {n}", i + 1);
        }
    }
    play::prompt(">");
    let typed = input.line()?;
    if let Ok(k) = typed.trim().parse::<usize>()
        && (1..=saved.names.len().min(9)).contains(&k)
    {
        return Some(saved.names[k - 1].clone());
    }
    clean_name(&typed)
}

/// The trainee's latest quiz results, for the debrief's "knows the rule / applied it".
fn quiz_results(data_dir: &Path, profile: &str) -> Vec<QuizResult> {
    let Ok(store) = Store::open(data_dir) else {
        return Vec::new();
    };
    let filter = Filter {
        profile: Some(profile.to_owned()),
        ..Filter::default()
    };
    store
        .quiz_attempts(&filter)
        .map(|qs| qs.into_iter().map(|q| q.result).collect())
        .unwrap_or_default()
}

/// The pace to read at: the one asked for (then saved for the trainee), else the
/// trainee's saved one, else the standard pace.
fn reading_pace(data_dir: &Path, profile: Option<&str>, asked: Option<Pace>) -> Pace {
    let (mut saved, _) = SavedProfiles::load(data_dir);
    match (asked, profile) {
        (Some(pace), Some(name)) => {
            if saved.pace_of(name) != pace {
                saved.set_pace(name, pace);
                // Not being able to save a preference must not stop the play.
                let _ = saved.save(data_dir);
            }
            pace
        }
        (Some(pace), None) => pace,
        (None, Some(name)) => saved.pace_of(name),
        (None, None) => Pace::Standard,
    }
}

/// Plays one card and records it; `profile` is `None` when nothing is to be recorded.
fn play_item(
    item: &Item,
    lib: &Library,
    lang: Lang,
    options: &Options,
    profile: Option<&str>,
    data_dir: &Path,
    input: &mut Input,
) -> anyhow::Result<bool> {
    let w = words(lang);
    let passed;
    match item {
        Item::Scenario(s) => {
            let results = profile
                .map(|p| quiz_results(data_dir, p))
                .unwrap_or_default();
            let align = |d: &mut Debrief| d.align_quizzes(&results);
            let seed = options.seed.unwrap_or_else(fresh_seed);
            let pace = reading_pace(data_dir, profile, options.pace);
            let played = play::scenario(
                s,
                &lib.catalogue,
                (seed, pace),
                options.coach,
                lang,
                align,
                input,
            )?;
            passed = played.session.is_over() && played.debrief.passed;
            let Some(profile) = profile else {
                if options.record {
                    say!("{}", w.no_profile);
                }
                return Ok(passed);
            };
            // As in the game, a conversation is recorded when it ended; one left part-way is
            // not an attempt.
            if played.session.is_over() {
                let attempt = Attempt::new(
                    profile,
                    s,
                    &played.session,
                    played.debrief,
                    played.started,
                    &played.answered,
                    options.coach,
                );
                report_saved(
                    w,
                    Store::open(data_dir).and_then(|mut st| {
                        st.record(&attempt).map(|_| st.path().display().to_string())
                    }),
                );
            }
        }
        Item::Quiz(q) => {
            let taken = play::quiz(q, lang, input)?;
            passed = taken.result.as_ref().is_some_and(|r| r.passed);
            let (Some(result), Some(profile)) = (taken.result, profile) else {
                if options.record && profile.is_none() {
                    say!("{}", w.no_profile);
                }
                return Ok(passed);
            };
            let attempt = QuizAttempt::new(
                profile,
                q,
                result,
                taken.started,
                time::OffsetDateTime::now_utc(),
            );
            report_saved(
                w,
                Store::open(data_dir).and_then(|mut st| {
                    st.record_quiz(&attempt)
                        .map(|_| st.path().display().to_string())
                }),
            );
        }
    }
    Ok(passed)
}

fn report_saved(w: &MenuWords, saved: Result<String, frontline_records::RecordsError>) {
    match saved {
        Ok(path) => say!("{}", w.recorded.replace("{path}", &path)),
        Err(e) => say!("{}", w.not_recorded.replace("{error}", &e.to_string())),
    }
}

/// The trainee for a single play: given, else asked on a terminal, else the last one here.
fn trainee(
    options: &Options,
    saved: &SavedProfiles,
    input: &mut Input,
    lang: Lang,
) -> Option<String> {
    if !options.record {
        return None;
    }
    if let Some(p) = options.profile.as_deref().and_then(clean_name) {
        return Some(p);
    }
    if input.keys {
        return ask_name(input, saved, lang);
    }
    saved.names.first().cloned()
}

fn remember(data_dir: &Path, saved: &mut SavedProfiles, name: &str, lang: Lang) {
    saved.remember(name);
    saved.lang = lang.code().into();
    if let Err(e) = saved.save(data_dir) {
        eprintln!("note: {e}");
    }
}

/// `frontline play ID`: one conversation or quiz, recorded like the game records it.
pub fn play_one(
    content: &str,
    sources: &Sources,
    data_dir: &Path,
    options: Options,
) -> anyhow::Result<ExitCode> {
    let (mut saved, problem) = SavedProfiles::load(data_dir);
    if let Some(p) = problem {
        eprintln!("note: {p}");
    }
    let lang = language(options.lang, &saved);
    let mut input = Input::new();
    let quiz_file = content.ends_with(".quiz.ron");
    let scenario = if quiz_file {
        Err(anyhow::anyhow!("{content} is a quiz"))
    } else {
        super::open_scenario(content, lang, sources)
    };
    let (lib, item) = match scenario {
        Ok((lib, s)) => {
            let item = Item::Scenario(Box::new(s.value));
            (lib, item)
        }
        Err(e) => match super::open_quiz(content, lang, sources) {
            Ok((lib, q)) => {
                let item = Item::Quiz(Box::new(q.value));
                (lib, item)
            }
            Err(q) if quiz_file || super::is_path(content) => return Err(q),
            Err(_) => return Err(e),
        },
    };
    let profile = trainee(&options, &saved, &mut input, lang);
    if let Some(p) = &profile {
        remember(data_dir, &mut saved, p, lang);
    }
    let passed = play_item(
        &item,
        &lib,
        lang,
        &options,
        profile.as_deref(),
        data_dir,
        &mut input,
    )?;
    Ok(super::verdict(passed))
}

/// The menu's lines: every scenario, then every quiz, each in the version that suits `lang`.
fn items(lib: &Library, lang: Lang) -> Vec<Item> {
    let mut scenarios: Vec<&Scenario> = Vec::new();
    for s in lib
        .scenarios
        .iter()
        .filter(|s| !s.has_errors)
        .map(|s| &s.value)
    {
        match scenarios.iter().position(|o| o.id == s.id) {
            Some(i) if locale_rank(&s.locale, lang) < locale_rank(&scenarios[i].locale, lang) => {
                scenarios[i] = s
            }
            Some(_) => {}
            None => scenarios.push(s),
        }
    }
    let mut quizzes: Vec<&Quiz> = Vec::new();
    for q in lib
        .quizzes
        .iter()
        .filter(|q| !q.has_errors)
        .map(|q| &q.value)
    {
        match quizzes.iter().position(|o| o.id == q.id) {
            Some(i) if locale_rank(&q.locale, lang) < locale_rank(&quizzes[i].locale, lang) => {
                quizzes[i] = q
            }
            Some(_) => {}
            None => quizzes.push(q),
        }
    }
    scenarios.sort_by(|a, b| a.id.cmp(&b.id));
    quizzes.sort_by(|a, b| a.id.cmp(&b.id));
    scenarios
        .into_iter()
        .map(|s| Item::Scenario(Box::new(s.clone())))
        .chain(quizzes.into_iter().map(|q| Item::Quiz(Box::new(q.clone()))))
        .collect()
}

/// What the trainee has done so far, for the menu's right-hand column.
fn standing(item: &Item, store: Option<&Store>, profile: &str, w: &MenuWords) -> String {
    let Some(store) = store else {
        return String::new();
    };
    let filter = Filter {
        profile: Some(profile.to_owned()),
        content: Some(match item {
            Item::Scenario(s) => s.id.clone(),
            Item::Quiz(q) => q.id.clone(),
        }),
        ..Filter::default()
    };
    match item {
        Item::Scenario(_) => {
            let attempts = store.attempts(&filter).unwrap_or_default();
            match attempts.iter().map(|a| a.debrief.overall).max() {
                Some(best) => w
                    .best
                    .replace("{best}", &best.to_string())
                    .replace("{n}", &attempts.len().to_string()),
                None => w.not_played.to_owned(),
            }
        }
        Item::Quiz(_) => match store.quiz_attempts(&filter).unwrap_or_default().last() {
            Some(q) => w
                .last_quiz
                .replace("{c}", &q.result.correct.to_string())
                .replace("{t}", &q.result.total.to_string()),
            None => w.not_played.to_owned(),
        },
    }
}

fn draw(items: &[Item], cursor: usize, lang: Lang, profile: &str, data_dir: &Path, keys: bool) {
    let w = words(lang);
    if keys {
        let _ = execute!(
            std::io::stdout(),
            terminal::Clear(terminal::ClearType::All),
            cursor::MoveTo(0, 0)
        );
    }
    let store = Store::open(data_dir).ok();
    say!("{}\n{}\n", w.title, w.trainee.replace("{name}", profile));
    let mut heading = None;
    for (i, item) in items.iter().enumerate() {
        let (section, title, size) = match item {
            Item::Scenario(s) => (
                w.conversations,
                s.title.as_str(),
                w.minutes.replace("{n}", &s.minutes.to_string()),
            ),
            Item::Quiz(q) => (
                w.quizzes,
                q.title.as_str(),
                w.statements.replace("{n}", &q.items.len().to_string()),
            ),
        };
        if heading != Some(section) {
            say!("{section}");
            heading = Some(section);
        }
        let mark = if keys && i == cursor { "▶" } else { " " };
        say!(
            "{mark} {:>2}. {title}  · {size} · {}",
            i + 1,
            standing(item, store.as_ref(), profile, w)
        );
    }
    say!("\n{}", if keys { w.keys_terminal } else { w.keys_lines });
}

/// `frontline play` with no id: the menu of the whole library.
pub fn run(sources: &Sources, data_dir: &Path, options: Options) -> anyhow::Result<ExitCode> {
    let lib = Library::load(sources);
    let (mut saved, problem) = SavedProfiles::load(data_dir);
    if let Some(p) = problem {
        eprintln!("note: {p}");
    }
    let mut lang = language(options.lang, &saved);
    let mut input = Input::new();
    let mut profile = match options.profile.as_deref().and_then(clean_name) {
        Some(p) => p,
        None => match ask_name(&mut input, &saved, lang) {
            Some(p) => p,
            None => return Ok(ExitCode::SUCCESS),
        },
    };
    remember(data_dir, &mut saved, &profile, lang);
    let mut list = items(&lib, lang);
    let mut cursor = 0;
    loop {
        draw(&list, cursor, lang, &profile, data_dir, input.keys);
        let picked = if input.keys {
            match input.key() {
                None | Some(Key::Quit) | Some(Key::Char('q')) => break,
                Some(Key::Up) => {
                    cursor = cursor.saturating_sub(1);
                    continue;
                }
                Some(Key::Down) => {
                    cursor = (cursor + 1).min(list.len().saturating_sub(1));
                    continue;
                }
                Some(Key::Enter) => Some(cursor),
                Some(Key::Char(c)) if c.is_ascii_digit() && c != '0' => {
                    Some(c as usize - '1' as usize)
                }
                Some(Key::Char('l')) => {
                    lang = lang.next();
                    list = items(&lib, lang);
                    remember(data_dir, &mut saved, &profile, lang);
                    continue;
                }
                Some(Key::Char('p')) => {
                    if let Some(p) = ask_name(&mut input, &saved, lang) {
                        profile = p;
                        remember(data_dir, &mut saved, &profile, lang);
                    }
                    continue;
                }
                Some(_) => continue,
            }
        } else {
            play::prompt(">");
            let Some(line) = input.line() else {
                break;
            };
            match line.as_str() {
                "q" | "Q" => break,
                "l" | "L" => {
                    lang = lang.next();
                    list = items(&lib, lang);
                    continue;
                }
                "p" | "P" => {
                    if let Some(p) = ask_name(&mut input, &saved, lang) {
                        profile = p;
                        remember(data_dir, &mut saved, &profile, lang);
                    }
                    continue;
                }
                n => n.parse::<usize>().ok().and_then(|k| k.checked_sub(1)),
            }
        };
        let Some(item) = picked.and_then(|i| list.get(i)) else {
            continue;
        };
        if let Some(i) = picked {
            cursor = i;
        }
        if input.keys {
            let _ = execute!(
                std::io::stdout(),
                terminal::Clear(terminal::ClearType::All),
                cursor::MoveTo(0, 0)
            );
        }
        let options = Options {
            record: true,
            ..options.clone()
        };
        play_item(
            item,
            &lib,
            lang,
            &options,
            Some(&profile),
            data_dir,
            &mut input,
        )?;
        say!("\n{}", words(lang).back);
        play::prompt("");
        if input.line().is_none() {
            break;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// What to do when the game window cannot open: say what is missing and how to get it, offer
/// the terminal version on a terminal, and otherwise exit with status 1.
pub fn no_window(
    missing: &Missing,
    sources: &Sources,
    data_dir: &Path,
    lang: Option<Lang>,
) -> ExitCode {
    eprintln!("{}", missing.what);
    if let Some(p) = missing.package {
        eprintln!(
            "{}",
            match p {
                "xvfb" => "On a desktop, start Frontline from the desktop session. Without one, the Debian package `xvfb` provides a virtual display (`xvfb-run frontline`), though nobody will see the window.".to_owned(),
                other => format!("On Debian or Ubuntu: sudo apt install {other}"),
            }
        );
    }
    eprintln!("To practise without the window, use the terminal version: frontline play");
    let interactive = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    if !interactive {
        return ExitCode::FAILURE;
    }
    eprint!("Open the terminal version now? [Y/n] ");
    // The menu takes standard input for itself, so this answer's hold on it ends here.
    let answer = {
        let mut input = Input::new();
        input.line().unwrap_or_else(|| "n".into())
    };
    if answer.is_empty() || answer.eq_ignore_ascii_case("y") || answer == "是" {
        let options = Options {
            lang,
            record: true,
            ..Options::default()
        };
        match run(sources, data_dir, options) {
            Ok(code) => code,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(super::EXIT_COULD_NOT_RUN)
            }
        }
    } else {
        ExitCode::FAILURE
    }
}
