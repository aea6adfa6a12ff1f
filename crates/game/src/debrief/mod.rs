//! The debrief: outcome, grade, pass or fail, the 5S radar, the mood over the conversation,
//! the key moments with the principle and source behind each, and quiz alignment. A
//! walk-through steps back over the attempt turn by turn, with every choice that was on
//! offer and what it would have earned.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};
use egui_plot::{HLine, Line, Plot, PlotPoint, Polygon, Text};

use super::conversation::{LastAttempt, StartConversation};
use super::quiz::StartQuiz;
use super::records::{Records, Saved};
use super::state::{Screen, Settings};
use super::words::UiWords;
use super::{ui_root, widgets};
use frontline_core::Lang;
use frontline_core::i18n::Words;
use frontline_core::scenario::{Dimension, MotStage};
use frontline_core::score::{Debrief, Moment};

mod view;
pub use view::debrief_view;

/// What the trainee did on the debrief screen.
#[derive(Message, Debug, Clone, PartialEq)]
pub enum DebriefAction {
    /// Play the same scenario again (a new seed).
    Retry,
    /// Show the walk-through at this turn (0-based), or close it.
    Walk(Option<usize>),
    /// Take the quiz that goes with the scenario.
    Quiz(String),
    /// Back to the library.
    Library,
    /// Open the progress screen.
    Progress,
    /// Try again to save an attempt that could not be saved.
    SaveAgain,
}

/// The debrief screen's own state.
#[derive(Resource, Debug, Default)]
pub struct DebriefScreen {
    /// Turn shown by the walk-through, if open.
    pub walk: Option<usize>,
}

/// One choice on offer at a turn, for the walk-through.
#[derive(Debug, Clone, PartialEq)]
pub struct WalkChoice {
    /// The choice's text.
    pub text: String,
    /// Sum of its 5S points.
    pub points: i32,
    /// Its feedback.
    pub feedback: String,
    /// Whether the trainee picked it.
    pub chosen: bool,
    /// Whether no other answer on offer scored more (the scorer's rule).
    pub best: bool,
}

/// One turn of the walk-through.
#[derive(Debug, Clone, PartialEq)]
pub struct WalkStep {
    /// 0-based turn.
    pub index: usize,
    /// Number of turns.
    pub total: usize,
    /// MOT stage.
    pub stage: MotStage,
    /// What the customer said.
    pub line: String,
    /// Every choice on offer, in the order the trainee saw them.
    pub offered: Vec<WalkChoice>,
    /// Mood before and after.
    pub mood: (i32, i32),
    /// Seconds taken (from when the turn was shown), the reading allowance, the budget.
    pub time: (Option<f32>, f32, Option<f32>),
}

impl WalkStep {
    /// The walk-through at `index` of an attempt.
    pub fn of(attempt: &LastAttempt, index: usize) -> Option<WalkStep> {
        let turns = attempt.session.turns();
        let turn = turns.get(index)?;
        let node = attempt.scenario.nodes.get(turn.node)?;
        Some(WalkStep {
            index,
            total: turns.len(),
            stage: node.stage,
            line: attempt
                .session
                .customer_line(&attempt.scenario, turn.node, turn.line),
            offered: turn
                .shown()
                .iter()
                .map(|&k| {
                    let c = &node.choices[k as usize];
                    let on_offer = turn
                        .shown()
                        .iter()
                        .map(|&o| &node.choices[o as usize].points);
                    WalkChoice {
                        text: c.text.clone(),
                        points: c.points.total(),
                        feedback: c.feedback.clone(),
                        chosen: k as usize == turn.choice,
                        best: frontline_core::rules::is_best_total(&c.points, on_offer),
                    }
                })
                .collect(),
            mood: (turn.mood_before, turn.mood_after),
            time: (turn.response_time, turn.allowance, node.time_budget),
        })
    }
}

/// Everything the debrief screen shows.
#[derive(Debug, Clone)]
pub struct DebriefView<'a> {
    /// Interface words.
    pub words: &'static UiWords,
    /// Core debrief words.
    pub core_words: &'static Words,
    /// Language (for catalogue titles).
    pub lang: Lang,
    /// Scenario title.
    pub title: &'a str,
    /// The score.
    pub debrief: &'a Debrief,
    /// Ending title and text.
    pub ending: Option<(&'a str, &'a str)>,
    /// Mood at which the customer walks out.
    pub walk_out_at: Option<i32>,
    /// The walk-through turn, if open.
    pub walk: Option<WalkStep>,
    /// The quiz that covers this scenario's principles: id and title.
    pub quiz: Option<(&'a str, &'a str)>,
    /// Whether the attempt is in the records.
    pub saved: &'a Saved,
    /// The catalogue, for each principle's quote (shown on hover beside its citation).
    pub catalogue: Option<&'a frontline_core::Catalogue>,
}

/// Registers the screen's logic.
pub(super) fn plugin(app: &mut App) {
    app.add_message::<DebriefAction>()
        .add_systems(
            OnEnter(Screen::Debrief),
            |mut c: Commands, attempt: Option<Res<LastAttempt>>| {
                // A replay is for walking through: it opens at the first turn.
                let replay = attempt.is_some_and(|a| matches!(a.saved, Saved::Replay { .. }));
                c.insert_resource(DebriefScreen {
                    walk: replay.then_some(0),
                });
            },
        )
        .add_systems(
            Update,
            apply.run_if(in_state(Screen::Debrief).and_then(resource_exists::<LastAttempt>)),
        );
}

/// Registers the screen's view.
pub(super) fn ui_plugin(app: &mut App) {
    app.add_systems(
        bevy_egui::EguiPrimaryContextPass,
        view_system.in_set(super::ScreenViews).run_if(
            in_state(Screen::Debrief)
                .and_then(resource_exists::<LastAttempt>)
                .and_then(resource_exists::<DebriefScreen>),
        ),
    );
}

fn apply(
    mut actions: MessageReader<DebriefAction>,
    mut attempt: ResMut<LastAttempt>,
    mut records: ResMut<Records>,
    mut screen: ResMut<DebriefScreen>,
    mut next: ResMut<NextState<Screen>>,
    mut start: MessageWriter<StartConversation>,
    mut quiz: MessageWriter<StartQuiz>,
) {
    // A trainer's preview goes back to the trainer view, where Enter previews again.
    let preview = matches!(attempt.saved, Saved::Preview { .. });
    for action in actions.read() {
        match action {
            DebriefAction::Retry | DebriefAction::Library if preview => next.set(Screen::Trainer),
            DebriefAction::Retry => {
                start.write(StartConversation {
                    scenario: attempt.scenario.id.clone(),
                    seed: None,
                });
            }
            DebriefAction::Walk(at) => {
                screen.walk = at.map(|i| i.min(attempt.session.turns().len().saturating_sub(1)));
            }
            DebriefAction::Quiz(id) => {
                quiz.write(StartQuiz(id.clone()));
            }
            DebriefAction::Library => next.set(Screen::Library),
            DebriefAction::Progress => next.set(Screen::Progress),
            DebriefAction::SaveAgain => {
                if matches!(attempt.saved, Saved::Failed(_)) {
                    attempt.saved = records.flush();
                }
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn view_system(
    mut contexts: EguiContexts,
    settings: Res<Settings>,
    attempt: Res<LastAttempt>,
    screen: Res<DebriefScreen>,
    content: Res<super::assets::Content>,
    mut out: MessageWriter<DebriefAction>,
) -> Result {
    let mut ui = ui_root(contexts.ctx_mut()?);
    let d = &attempt.debrief;
    let ending = attempt
        .session
        .finish()
        .and_then(|f| attempt.scenario.endings.get(f.ending))
        .map(|e| (e.title.as_str(), e.text.as_str()));
    let quiz = super::quiz::quiz_covering(&content, d, settings.lang)
        .map(|q| (q.id.as_str(), q.title.as_str()));
    let view = DebriefView {
        words: UiWords::of(settings.lang),
        core_words: settings.lang.words(),
        lang: settings.lang,
        title: &attempt.scenario.title,
        debrief: d,
        ending,
        walk_out_at: attempt
            .scenario
            .persona
            .patience
            .as_ref()
            .map(|p| p.walk_out_at),
        walk: screen.walk.and_then(|i| WalkStep::of(&attempt, i)),
        quiz,
        saved: &attempt.saved,
        catalogue: Some(content.catalogue()),
    };
    if let Some(a) = debrief_view(&mut ui, &view) {
        out.write(a);
    }
    Ok(())
}
