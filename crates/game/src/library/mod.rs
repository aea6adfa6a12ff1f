//! The library: a card per scenario and quiz in the trainee's language, with the best score
//! and attempts so far, and every file that failed to load listed with file:line:col.

use std::collections::BTreeMap;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};
use frontline_core::reading::Pace;

use super::assets::{Content, FileProblem, Rescan};
use super::conversation::StartConversation;
use super::quiz::StartQuiz;
use super::records::Records;
use super::state::{Attempts, Record, Screen, Settings, Trainee};
use super::words::UiWords;
use super::{ui_root, widgets};
use frontline_core::Lang;
use frontline_core::content::Origin;
use frontline_core::i18n::locale_rank;
use frontline_core::library::Loaded;
use frontline_core::scenario::Difficulty;

mod view;
pub use view::library_view;

/// What the trainee did on the library screen.
#[derive(Message, Debug, Clone, PartialEq)]
pub enum LibraryAction {
    /// Start a conversation with this scenario id.
    Play(String),
    /// Start this quiz id.
    Quiz(String),
    /// Switch language.
    Lang(Lang),
    /// Coach mode on or off.
    Coach(bool),
    /// The trainee's reading pace.
    Pace(frontline_core::reading::Pace),
    /// Back to the profile screen.
    ChangeTrainee,
    /// Look for new files.
    Rescan,
    /// Open the progress screen.
    Progress,
    /// Open the trainer view.
    Trainer,
    /// Open the Team screen.
    Team,
    /// Dark, light or high contrast.
    Theme(super::widgets::Theme),
}

/// How a card's file stands.
#[derive(Debug, Clone, PartialEq)]
pub enum CardStatus {
    /// Loaded, no problems.
    Ready,
    /// Loaded with this many warnings.
    Warnings(usize),
    /// A newer version of the file has an error; the version shown plays meanwhile. Holds
    /// the first error.
    KeptLastGood(String),
}

/// One scenario or quiz as the library shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    /// Scenario or quiz id.
    pub id: String,
    /// Title in the card's language.
    pub title: String,
    /// One or two sentences.
    pub summary: String,
    /// Difficulty, for scenarios.
    pub difficulty: Option<Difficulty>,
    /// Minutes it takes, for scenarios; statements, for quizzes.
    pub size: u32,
    /// Locale of the version that will play (may differ from the interface language when
    /// no translation exists).
    pub locale: String,
    /// Score record so far (scenarios), or latest correct/total (quizzes).
    pub record: Option<Record>,
    /// Latest quiz result: correct and total.
    pub quiz_score: Option<(u32, u32)>,
    /// A reflection the trainee has done (it has no score).
    pub reflected: bool,
    /// File status.
    pub status: CardStatus,
    /// Where the version that plays comes from: `None` when built in, else its file.
    pub from: Option<String>,
}

/// Everything the library screen shows.
#[derive(Debug, Clone)]
pub struct LibraryView<'a> {
    /// Interface words.
    pub words: &'static UiWords,
    /// Current language.
    pub lang: Lang,
    /// Trainee name.
    pub trainee: &'a str,
    /// Coach mode.
    pub coach: bool,
    /// Reading pace.
    pub pace: frontline_core::reading::Pace,
    /// The theme in use.
    pub theme: super::widgets::Theme,
    /// The onboarding course: its title, steps done, steps, and the next card's title.
    pub course: Option<(String, usize, usize, Option<String>)>,
    /// Scenario cards, numbered 1.. in this order.
    pub scenarios: Vec<Card>,
    /// Quiz cards, numbered after the scenarios.
    pub quizzes: Vec<Card>,
    /// Files with problems.
    pub problems: Vec<FileProblem>,
    /// Folder-level problems.
    pub notices: &'a [String],
    /// Whether files are still loading.
    pub loading: bool,
    /// Where attempts are saved, or why they cannot be.
    pub records: Result<String, String>,
    /// Something about the records the trainee should know (a file moved aside).
    pub records_notice: Option<&'a str>,
}

/// Picks, per id, the version in `lang`, else English, else any; ids in sorted order.
pub(super) fn pick_versions<'a, T>(
    items: impl Iterator<Item = (&'a str, &'a str, T)>,
    lang: Lang,
) -> Vec<T> {
    let mut by_id: BTreeMap<&str, (u8, T)> = BTreeMap::new();
    for (id, locale, item) in items {
        let rank = locale_rank(locale, lang);
        match by_id.get(id) {
            Some((r, _)) if *r <= rank => {}
            _ => {
                by_id.insert(id, (rank, item));
            }
        }
    }
    by_id.into_values().map(|(_, t)| t).collect()
}

/// Builds the cards from the library in play.
pub fn cards(content: &Content, attempts: &Attempts, lang: Lang) -> (Vec<Card>, Vec<Card>) {
    // A card's file problems: those of the file it plays, and of a newer version of the same
    // file that has errors (so the trainer sees that an edit did not take).
    let status = |path: &std::path::Path, origin: &Origin, name: &str, kept: bool| {
        let shown = path.display().to_string();
        let newer = content
            .library
            .entries
            .iter()
            .find(|e| {
                e.name == name
                    && matches!(&e.status, frontline_core::library::FileStatus::Broken(_))
                    && (kept || e.origin != *origin)
            })
            .map(|e| e.shown());
        if let Some(broken) = newer {
            let first = content
                .problems_of(&broken)
                .first()
                .map(|d| d.to_string())
                .unwrap_or_default();
            return CardStatus::KeptLastGood(first);
        }
        match content.problems_of(&shown).len() {
            0 => CardStatus::Ready,
            n => CardStatus::Warnings(n),
        }
    };
    let from = |l: &Origin, path: &std::path::Path| match l {
        Origin::BuiltIn => None,
        Origin::Folder(_) => Some(path.display().to_string()),
    };
    let lib = &content.library;
    let playable_scenarios = lib
        .scenarios
        .iter()
        .filter(|s| !s.has_errors)
        .map(|s| (s.value.id.as_str(), s.value.locale.as_str(), s));
    let scenario_cards = pick_versions(playable_scenarios, lang)
        .into_iter()
        .map(|l: &Loaded<_>| {
            let s = &l.value;
            Card {
                id: s.id.clone(),
                title: s.title.clone(),
                summary: s.summary.clone(),
                difficulty: Some(s.difficulty),
                size: s.minutes,
                locale: s.locale.clone(),
                record: attempts.scenarios.get(&s.id).copied(),
                quiz_score: None,
                reflected: false,
                status: status(&l.path, &l.origin, &l.name, l.kept_last_good),
                from: from(&l.origin, &l.path),
            }
        })
        .collect();
    let playable_quizzes = lib
        .quizzes
        .iter()
        .filter(|q| !q.has_errors)
        .map(|q| (q.value.id.as_str(), q.value.locale.as_str(), q));
    let quiz_cards = pick_versions(playable_quizzes, lang)
        .into_iter()
        .map(|l: &Loaded<_>| {
            let q = &l.value;
            Card {
                id: q.id.clone(),
                title: q.title.clone(),
                summary: q.summary.clone(),
                difficulty: None,
                size: q.items.len() as u32,
                locale: q.locale.clone(),
                record: None,
                quiz_score: attempts
                    .quizzes
                    .get(&q.id)
                    .filter(|r| !r.reflection)
                    .map(|r| (r.correct, r.total)),
                reflected: attempts.quizzes.get(&q.id).is_some_and(|r| r.reflection),
                status: status(&l.path, &l.origin, &l.name, l.kept_last_good),
                from: from(&l.origin, &l.path),
            }
        })
        .collect();
    (scenario_cards, quiz_cards)
}

/// The course line of the library: title, steps done, steps, the next card's title. A
/// scenario step is done when an attempt passed, a quiz step when it passed (a reflection:
/// when it was done).
fn course_view(
    content: &Content,
    attempts: &Attempts,
    lang: Lang,
    scenarios: &[Card],
    quizzes: &[Card],
) -> Option<(String, usize, usize, Option<String>)> {
    use frontline_core::course::Step;
    let course = &content.course;
    if course.steps.is_empty() {
        return None;
    }
    let done = |s: &Step| match s {
        Step::Scenario(id) => attempts.scenarios.get(id).is_some_and(|r| r.passed),
        Step::Quiz(id) => attempts.quizzes.get(id).is_some_and(|r| r.passed),
    };
    let (n, total) = course.progress(done);
    let next = course.next(done).and_then(|s| {
        let cards = match s {
            Step::Scenario(_) => scenarios,
            Step::Quiz(_) => quizzes,
        };
        cards
            .iter()
            .find(|c| c.id == s.id())
            .map(|c| c.title.clone())
    });
    Some((course.title.get(lang).to_owned(), n, total, next))
}

/// Registers the screen's logic.
pub(super) fn plugin(app: &mut App) {
    app.add_message::<LibraryAction>()
        .add_systems(Update, apply.run_if(in_state(Screen::Library)))
        .add_systems(OnEnter(Screen::Library), load_history);
}

/// Reads the trainee's scores from the records each time the library opens, so the cards
/// show every attempt ever made, not only this session's.
fn load_history(records: Res<Records>, trainee: Res<Trainee>, mut attempts: ResMut<Attempts>) {
    let mut fresh = Attempts::default();
    for a in records.attempts(&trainee.name) {
        fresh.add(&a.debrief);
    }
    for q in records.quiz_attempts(&trainee.name) {
        fresh.quizzes.insert(q.quiz.clone(), q.result);
    }
    *attempts = fresh;
}

/// Registers the screen's view.
pub(super) fn ui_plugin(app: &mut App) {
    app.add_systems(
        bevy_egui::EguiPrimaryContextPass,
        view_system
            .in_set(super::ScreenViews)
            .run_if(in_state(Screen::Library)),
    );
}

#[allow(clippy::too_many_arguments)]
fn apply(
    mut actions: MessageReader<LibraryAction>,
    mut settings: ResMut<Settings>,
    mut profiles: ResMut<super::profile::Profiles>,
    trainee: Res<Trainee>,
    mut next: ResMut<NextState<Screen>>,
    mut start: MessageWriter<StartConversation>,
    mut start_quiz: MessageWriter<StartQuiz>,
    mut rescan: MessageWriter<Rescan>,
) {
    for action in actions.read() {
        match action {
            LibraryAction::Play(id) => {
                start.write(StartConversation {
                    scenario: id.clone(),
                    seed: None,
                });
            }
            LibraryAction::Quiz(id) => {
                start_quiz.write(StartQuiz(id.clone()));
            }
            LibraryAction::Lang(lang) => {
                settings.lang = *lang;
                profiles.saved.lang = lang.code().into();
                profiles.save();
            }
            LibraryAction::Coach(on) => settings.coach = *on,
            LibraryAction::Pace(pace) => {
                settings.pace = *pace;
                profiles.saved.set_pace(&trainee.name, *pace);
                profiles.save();
            }
            LibraryAction::ChangeTrainee => next.set(Screen::Profile),
            LibraryAction::Rescan => {
                rescan.write(Rescan);
            }
            LibraryAction::Progress => next.set(Screen::Progress),
            LibraryAction::Team => next.set(Screen::Team),
            LibraryAction::Theme(t) => {
                settings.theme = *t;
                profiles.saved.theme = t.key().to_owned();
                profiles.save();
            }
            LibraryAction::Trainer => next.set(Screen::Trainer),
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn view_system(
    mut contexts: EguiContexts,
    settings: Res<Settings>,
    trainee: Res<Trainee>,
    content: Res<Content>,
    server: Res<AssetServer>,
    attempts: Res<Attempts>,
    records: Res<Records>,
    launch: Res<super::state::Launch>,
    mut out: MessageWriter<LibraryAction>,
) -> Result {
    let mut ui = ui_root(contexts.ctx_mut()?);
    let (scenario_cards, quiz_cards) = cards(&content, &attempts, settings.lang);
    let loading = content.loading(&server);
    let view = LibraryView {
        words: UiWords::of(settings.lang),
        lang: settings.lang,
        trainee: &trainee.name,
        coach: settings.coach,
        pace: settings.pace,
        theme: settings.theme,
        course: course_view(
            &content,
            &attempts,
            settings.lang,
            &scenario_cards,
            &quiz_cards,
        ),
        scenarios: scenario_cards,
        quizzes: quiz_cards,
        problems: content.problems(),
        notices: &content.notices,
        loading,
        records: match &records.problem {
            None => Ok(launch
                .data_dir
                .join(frontline_records::FILE_NAME)
                .display()
                .to_string()),
            Some(e) => Err(e.clone()),
        },
        records_notice: records.notice.as_deref(),
    };
    if let Some(a) = library_view(&mut ui, &view) {
        out.write(a);
    }
    Ok(())
}
