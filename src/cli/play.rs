//! Playing in the terminal: for trainees without a graphics card and for
//! trainers walking a path quickly.
//!
//! On a real terminal an answer is one key press and text wraps to the window;
//! with piped input (scripts, tests) answers are read line by line.

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;
use std::time::Instant;

use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use crossterm::terminal;
use frontline_core::quiz::parse_answer;
use frontline_core::score::score;
use frontline_core::session::Step;
use frontline_core::{Catalogue, Lang, Quiz, Scenario, Session, text};

/// Where answers come from.
struct Input {
    keys: bool,
    lines: std::io::StdinLock<'static>,
}

/// Raw mode for the duration of one key press, restored even on early return.
struct RawMode;

impl RawMode {
    fn on() -> Option<RawMode> {
        terminal::enable_raw_mode().ok().map(|_| RawMode)
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        let _ = terminal::disable_raw_mode();
    }
}

impl Input {
    fn new() -> Input {
        let keys = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
        Input {
            keys,
            lines: std::io::stdin().lock(),
        }
    }

    /// The next answer as typed: one key on a terminal, one line otherwise.
    /// `None` at end of input, Escape or Ctrl-C.
    fn answer(&mut self) -> Option<String> {
        if self.keys
            && let Some(_raw) = RawMode::on()
        {
            loop {
                let Ok(Event::Key(k)) = event::read() else {
                    continue;
                };
                if k.kind != KeyEventKind::Press {
                    continue;
                }
                match k.code {
                    KeyCode::Char('c') if k.modifiers.contains(KeyModifiers::CONTROL) => {
                        return None;
                    }
                    KeyCode::Esc => return None,
                    KeyCode::Char(c) => return Some(c.to_string()),
                    _ => continue,
                }
            }
        }
        let mut line = String::new();
        match self.lines.read_line(&mut line) {
            Ok(0) | Err(_) => None,
            Ok(_) => Some(line.trim().to_owned()),
        }
    }

    /// Echoes a key-press answer, which raw mode did not show.
    fn echo(&self, answer: &str) {
        if self.keys {
            println!("{answer}");
        }
    }
}

/// Wraps text to the terminal (or 100 columns), keeping Chinese line breaks sane.
fn wrap(text: &str, indent: &str) -> String {
    let width = terminal::size()
        .map(|(w, _)| w as usize)
        .unwrap_or(100)
        .clamp(40, 120);
    let options = textwrap::Options::new(width)
        .initial_indent(indent)
        .subsequent_indent(indent);
    textwrap::fill(text, options)
}

fn meter(mood: i32) -> String {
    let filled = ((mood + 100) as usize * 20).div_ceil(200).min(20);
    format!(
        "[{}{}] {mood:+}",
        "■".repeat(filled),
        "·".repeat(20 - filled)
    )
}

fn prompt(text: &str) {
    print!("{text} > ");
    let _ = std::io::stdout().flush();
}

/// Plays a scenario with stdin/stdout.
pub fn scenario(
    s: &Scenario,
    catalogue: &Catalogue,
    seed: u64,
    coach: bool,
    lang: Lang,
) -> Result<ExitCode, String> {
    let w = lang.words();
    let mut input = Input::new();
    let mut session = Session::start(s, seed).map_err(|e| e.to_string())?;
    println!(
        "━━ {} ━━  ({} {seed})\n{}\n",
        s.title,
        w.seed,
        wrap(session.situation(s), "")
    );
    let name = session.customer_name(s).to_owned();
    loop {
        let turn = match session.step(s).map_err(|e| e.to_string())? {
            Step::Ended(_) => break,
            Step::Turn(t) => t,
        };
        println!(
            "── {} · {} {}",
            w.stage(turn.node.stage),
            w.mood,
            meter(turn.mood)
        );
        if let Some(scene) = &turn.scene {
            println!("{}\n", wrap(&format!("~ {scene}"), "  "));
        }
        println!("{}\n", wrap(&format!("{name}{}{}", w.colon, turn.line), ""));
        for c in &turn.choices {
            let numbered = wrap(&format!("{}. {}", c.key, c.choice.text), "     ");
            println!("  {}", numbered.trim_start());
        }
        if let Some(b) = turn.node.time_budget {
            println!("  ({} {b:.0}{})", w.time_left, w.seconds);
        }
        let started = Instant::now();
        let key = loop {
            prompt(
                &w.choose_prompt
                    .replace("{n}", &turn.choices.len().to_string()),
            );
            let Some(answer) = input.answer() else {
                println!();
                return finish_early(s, catalogue, &session, lang);
            };
            if answer.eq_ignore_ascii_case("q") {
                input.echo(&answer);
                return finish_early(s, catalogue, &session, lang);
            }
            match answer.parse::<usize>() {
                Ok(k) if (1..=turn.choices.len()).contains(&k) => {
                    input.echo(&answer);
                    break k;
                }
                _ if input.keys => print!("\r"),
                _ => {}
            }
        };
        let elapsed = started.elapsed().as_secs_f32();
        let chosen = turn.choices[key - 1].choice;
        println!(
            "{}\n",
            wrap(&format!("{}{}{}", w.you, w.colon, chosen.text), "")
        );
        if coach && !chosen.feedback.is_empty() {
            println!(
                "{}\n",
                wrap(
                    &format!("💡 {}{}{}", w.coach, w.colon, chosen.feedback),
                    "  "
                )
            );
        }
        session
            .choose_key(s, key, Some(elapsed))
            .map_err(|e| e.to_string())?;
    }
    if let Ok(Step::Ended(end)) = session.step(s) {
        println!("{}\n", wrap(&end.ending.text, ""));
    }
    let debrief = score(s, catalogue, &session).map_err(|e| e.to_string())?;
    print!("{}", text::debrief(&debrief, s, catalogue, lang));
    Ok(ExitCode::SUCCESS)
}

fn finish_early(
    s: &Scenario,
    catalogue: &Catalogue,
    session: &Session,
    lang: Lang,
) -> Result<ExitCode, String> {
    println!("{}", lang.words().quit_hint);
    let debrief = score(s, catalogue, session).map_err(|e| e.to_string())?;
    print!("{}", text::debrief(&debrief, s, catalogue, lang));
    Ok(ExitCode::SUCCESS)
}

/// Plays a quiz with stdin/stdout.
pub fn quiz(q: &Quiz, lang: Lang) -> Result<ExitCode, String> {
    let w = lang.words();
    let mut input = Input::new();
    println!("━━ {} ━━\n{}\n", q.title, wrap(&q.intro, ""));
    let mut answers = Vec::with_capacity(q.items.len());
    for (i, item) in q.items.iter().enumerate() {
        println!(
            "{}",
            wrap(
                &format!("{}/{}. {}", i + 1, q.items.len(), item.statement),
                ""
            )
        );
        let answer = loop {
            prompt(w.quiz_prompt);
            let Some(a) = input.answer() else {
                println!("\n{}", w.quit_hint);
                return Ok(ExitCode::SUCCESS);
            };
            if a.eq_ignore_ascii_case("q") {
                input.echo(&a);
                println!("{}", w.quit_hint);
                return Ok(ExitCode::SUCCESS);
            }
            if let Some(b) = parse_answer(&a) {
                input.echo(&a);
                break b;
            }
            if input.keys {
                print!("\r");
            }
        };
        let key = if item.answer { w.key_true } else { w.key_false };
        let verdict = if answer == item.answer {
            w.correct
        } else {
            w.wrong
        };
        println!(
            "{}\n",
            wrap(&format!("{verdict} — {key}. {}", item.explanation), "  ")
        );
        answers.push(answer);
    }
    let result = q.grade(&answers).map_err(|e| e.to_string())?;
    print!("{}", text::quiz_result(&result, q, lang));
    Ok(ExitCode::SUCCESS)
}
