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

fn dimension_index(d: Dimension) -> usize {
    Dimension::ALL.iter().position(|x| *x == d).unwrap_or(0)
}

/// The 5S radar: one axis per dimension, 0 at the centre and 100 at the rim.
fn radar(ui: &mut egui::Ui, v: &DebriefView, size: f32) {
    let angle = |i: usize| std::f64::consts::FRAC_PI_2 - i as f64 * std::f64::consts::TAU / 5.0;
    let at = |i: usize, r: f64| [r * angle(i).cos(), r * angle(i).sin()];
    let ring = |r: f64| -> Vec<[f64; 2]> { (0..5).map(|i| at(i, r)).collect() };
    let scores: Vec<[f64; 2]> = v
        .debrief
        .dimensions
        .iter()
        .map(|d| {
            at(
                dimension_index(d.dimension),
                d.score.unwrap_or(0) as f64 / 100.0,
            )
        })
        .collect();
    let colour = if v.debrief.passed {
        widgets::GOOD
    } else {
        widgets::WARN
    };
    Plot::new("five-s-radar")
        .data_aspect(1.0)
        .width(size)
        .height(size)
        .show_axes(false)
        .show_grid(false)
        .show_background(false)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_x(false)
        .show_y(false)
        .include_x(-1.45)
        .include_x(1.45)
        .include_y(-1.3)
        .include_y(1.35)
        .show(ui, |plot| {
            for r in [0.5, 1.0] {
                plot.polygon(
                    Polygon::new("", ring(r))
                        .fill_color(egui::Color32::TRANSPARENT)
                        .stroke(egui::Stroke::new(1.0, egui::Color32::from_gray(90))),
                );
            }
            for i in 0..5 {
                plot.line(
                    Line::new("", vec![[0.0, 0.0], at(i, 1.0)])
                        .color(egui::Color32::from_gray(70))
                        .width(1.0),
                );
            }
            plot.polygon(
                Polygon::new(v.core_words.five_s, scores)
                    .fill_color(colour.gamma_multiply(0.35))
                    .stroke(egui::Stroke::new(2.0, colour)),
            );
            for d in &v.debrief.dimensions {
                let i = dimension_index(d.dimension);
                let [x, y] = at(i, 1.2);
                let value = match d.score {
                    Some(s) => s.to_string(),
                    None => v.core_words.not_rated.to_owned(),
                };
                plot.text(Text::new(
                    "",
                    PlotPoint::new(x, y),
                    egui::RichText::new(format!("{}\n{}", v.core_words.dimensions[i], value))
                        .strong(),
                ));
            }
        });
}

fn mood_plot(ui: &mut egui::Ui, v: &DebriefView, height: f32) {
    let points: Vec<[f64; 2]> = v
        .debrief
        .mood
        .iter()
        .enumerate()
        .map(|(i, m)| [i as f64, *m as f64])
        .collect();
    Plot::new("mood-line")
        .height(height)
        .include_y(-100.0)
        .include_y(100.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .x_axis_label(v.words.turn_axis)
        .show(ui, |plot| {
            plot.hline(HLine::new("", 0.0).color(egui::Color32::from_gray(110)));
            if let Some(limit) = v.walk_out_at {
                plot.hline(HLine::new(v.words.walk_out_line, limit as f64).color(widgets::BAD));
            }
            plot.line(
                Line::new(v.core_words.mood, points)
                    .color(widgets::YOU)
                    .width(2.5),
            );
        });
}

/// Moments of one turn share the choice's feedback: the principles are listed together,
/// then the feedback once, then where each principle comes from.
fn moments_ui(ui: &mut egui::Ui, v: &DebriefView, moments: &[Moment], broken: bool) {
    let w = v.core_words;
    let (mark, colour) = if broken {
        ("✘", widgets::BAD)
    } else {
        ("✔", widgets::GOOD)
    };
    for group in moments.chunk_by(|a, b| a.turn == b.turn && a.feedback == b.feedback) {
        let first = &group[0];
        ui.add_space(4.0);
        ui.horizontal_wrapped(|ui| {
            ui.weak(w.turn.replace("{n}", &first.turn.to_string()));
            for m in group {
                ui.colored_label(colour, mark);
                ui.strong(m.title.get(v.lang));
                if m.penalty > 0 {
                    ui.colored_label(widgets::BAD, format!("−{}", m.penalty));
                }
            }
        });
        ui.indent(("moments", first.turn, broken), |ui| {
            if !first.feedback.is_empty() {
                ui.label(&first.feedback);
            }
            for m in group {
                let inferred = if m.inferred {
                    format!(" · {}", w.inferred)
                } else {
                    String::new()
                };
                let cite = ui.weak(format!("{} · {}{inferred}", m.id.as_str(), m.citation));
                // The passage itself, on demand: hovering (or focusing) the citation.
                if let Some(quote) = v
                    .catalogue
                    .and_then(|c| c.get(m.id.as_str()))
                    .and_then(|p| p.quote.as_deref())
                {
                    cite.on_hover_text(format!("{}{}「{quote}」", w.quote, w.colon));
                }
            }
        });
    }
}

fn walk_ui(ui: &mut egui::Ui, v: &DebriefView, step: &WalkStep) -> Option<DebriefAction> {
    let w = v.words;
    let mut action = None;
    ui.horizontal(|ui| {
        ui.heading(
            w.walkthrough_turn
                .replace("{n}", &(step.index + 1).to_string())
                .replace("{t}", &step.total.to_string()),
        );
        ui.weak(v.core_words.stage(step.stage));
    });
    ui.horizontal(|ui| {
        if ui
            .add_enabled(step.index > 0, egui::Button::new(w.previous))
            .clicked()
        {
            action = Some(DebriefAction::Walk(Some(step.index - 1)));
        }
        if ui
            .add_enabled(step.index + 1 < step.total, egui::Button::new(w.next))
            .clicked()
        {
            action = Some(DebriefAction::Walk(Some(step.index + 1)));
        }
        if ui.button(w.close_walkthrough).clicked() {
            action = Some(DebriefAction::Walk(None));
        }
    });
    ui.add_space(6.0);
    ui.label(egui::RichText::new(&step.line).italics());
    ui.weak(
        w.mood_change
            .replace("{a}", &step.mood.0.to_string())
            .replace("{b}", &step.mood.1.to_string()),
    );
    match step.time {
        (Some(t), a, Some(b)) => {
            ui.weak(frontline_core::i18n::fill(
                w.walk_time,
                &[
                    ("t", &format!("{t:.1}")),
                    ("a", &format!("{a:.1}")),
                    ("d", &format!("{:.1}", (t - a).max(0.0))),
                    ("b", &format!("{b:.0}")),
                ],
            ));
        }
        (Some(t), _, None) => {
            ui.weak(format!("{t:.1} {}", v.core_words.seconds));
        }
        _ => {}
    }
    ui.add_space(6.0);
    for c in &step.offered {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                if c.chosen {
                    ui.colored_label(widgets::YOU, w.your_choice);
                }
                if c.best {
                    ui.colored_label(widgets::GOOD, w.best_here);
                }
                let colour = if c.points > 0 {
                    widgets::GOOD
                } else if c.points < 0 {
                    widgets::BAD
                } else {
                    egui::Color32::GRAY
                };
                ui.colored_label(colour, format!("{:+}", c.points));
            });
            ui.label(egui::RichText::new(&c.text).strong());
            ui.label(&c.feedback);
        });
    }
    action
}

/// Draws the debrief.
pub fn debrief_view(ui: &mut egui::Ui, v: &DebriefView) -> Option<DebriefAction> {
    let w = v.words;
    let cw = v.core_words;
    let d = v.debrief;
    let mut action = None;
    egui::Panel::top("debrief-top").show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.heading(format!("{} · {}", cw.debrief, v.title));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button(w.back_to_library).clicked() {
                    action = Some(DebriefAction::Library);
                }
                if let Some((id, _)) = v.quiz
                    && ui.button(w.take_quiz).clicked()
                {
                    action = Some(DebriefAction::Quiz(id.to_owned()));
                }
                let walk_open = v.walk.is_some();
                if ui.button(w.walk_through).clicked() {
                    action = Some(DebriefAction::Walk(if walk_open { None } else { Some(0) }));
                }
                if ui.button(w.retry).clicked() {
                    action = Some(DebriefAction::Retry);
                }
            });
        });
    });
    egui::Panel::bottom("debrief-keys").show(ui, |ui| {
        match v.saved {
            Saved::Recorded(_) => {
                ui.weak(w.saved_ok);
            }
            Saved::Failed(e) => {
                ui.horizontal_wrapped(|ui| {
                    ui.colored_label(widgets::BAD, w.not_saved.replace("{error}", e));
                    if ui.button(w.try_save_again).clicked() {
                        action = Some(DebriefAction::SaveAgain);
                    }
                });
            }
            Saved::Replay { finished } => {
                ui.colored_label(widgets::YOU, w.replay_banner.replace("{when}", finished));
            }
            Saved::Preview { node } => {
                ui.colored_label(widgets::WARN, w.preview_banner.replace("{node}", node));
            }
        }
        ui.weak(w.debrief_keys);
    });
    egui::Panel::left("debrief-scores")
        .resizable(false)
        .exact_size(340.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("scores")
                .show(ui, |ui| {
                    ui.add_space(6.0);
                    ui.horizontal(|ui| {
                        let colour = if d.passed {
                            widgets::GOOD
                        } else {
                            widgets::BAD
                        };
                        ui.label(
                            egui::RichText::new(d.grade.to_string())
                                .size(44.0)
                                .strong()
                                .color(colour),
                        );
                        ui.vertical(|ui| {
                            ui.label(
                                egui::RichText::new(format!("{} {} / 100", cw.overall, d.overall))
                                    .size(20.0),
                            );
                            let verdict = if d.passed { cw.passed } else { cw.failed };
                            ui.colored_label(
                                colour,
                                format!(
                                    "{verdict}{}{} {}{}",
                                    w.open_paren, cw.threshold, d.pass_threshold, w.close_paren
                                ),
                            );
                        });
                    });
                    ui.weak(
                        cw.base_and_penalty
                            .replace("{base}", &d.base.to_string())
                            .replace("{penalty}", &d.penalty.to_string()),
                    );
                    if let Some((title, text)) = v.ending {
                        ui.add_space(4.0);
                        ui.strong(format!("{}{}{title}", cw.outcome, cw.colon));
                        ui.label(text);
                    } else {
                        ui.strong(format!("{}{}{}", cw.outcome, cw.colon, cw.abandoned));
                    }
                    if d.walked_out {
                        ui.colored_label(widgets::BAD, cw.walked_out);
                    }
                    ui.add_space(8.0);
                    ui.strong(cw.five_s);
                    radar(ui, v, 300.0);
                    ui.strong(cw.mood);
                    mood_plot(ui, v, 150.0);
                });
        });
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical()
            .id_salt("moments")
            .show(ui, |ui| {
                if let Some(step) = &v.walk {
                    if let Some(a) = walk_ui(ui, v, step) {
                        action = Some(a);
                    }
                    return;
                }
                ui.heading(cw.violations);
                if d.violations.is_empty() {
                    ui.label(cw.none);
                }
                moments_ui(ui, v, &d.violations, true);
                ui.add_space(10.0);
                ui.heading(cw.applied);
                if d.applied.is_empty() {
                    ui.label(cw.none);
                }
                moments_ui(ui, v, &d.applied, false);
                if !d.quiz.is_empty() {
                    ui.add_space(10.0);
                    ui.heading(cw.quiz_alignment);
                    egui::Grid::new("quiz-alignment")
                        .striped(true)
                        .show(ui, |ui| {
                            ui.strong("");
                            ui.strong(w.in_conversation);
                            ui.strong(w.in_quiz);
                            ui.end_row();
                            for q in &d.quiz {
                                ui.label(q.title.get(v.lang));
                                let played = match (q.applied.is_empty(), q.violated.is_empty()) {
                                    (false, true) => {
                                        egui::RichText::new(cw.applied_it).color(widgets::GOOD)
                                    }
                                    (true, false) => {
                                        egui::RichText::new(cw.broke_it).color(widgets::BAD)
                                    }
                                    _ => egui::RichText::new(cw.mixed).color(widgets::WARN),
                                };
                                ui.label(played);
                                match q.knows {
                                    Some(true) => ui.colored_label(widgets::GOOD, cw.knows_rule),
                                    Some(false) => {
                                        ui.colored_label(widgets::BAD, cw.missed_in_quiz)
                                    }
                                    None => ui.weak(cw.quiz_not_taken),
                                };
                                ui.end_row();
                            }
                        });
                }
                ui.add_space(10.0);
                ui.heading(cw.your_answers);
                for c in &d.choices {
                    ui.horizontal_wrapped(|ui| {
                        ui.weak(format!("{}.", c.turn));
                        ui.label(&c.text);
                        if c.best_on_offer {
                            ui.colored_label(widgets::GOOD, "★");
                        }
                    });
                }
            });
    });
    if widgets::plain_key(ui, egui::Key::R) {
        action = Some(DebriefAction::Retry);
    }
    if widgets::plain_key(ui, egui::Key::W) {
        action = Some(DebriefAction::Walk(if v.walk.is_some() {
            None
        } else {
            Some(0)
        }));
    }
    if let Some(step) = &v.walk {
        if widgets::plain_key(ui, egui::Key::ArrowRight) && step.index + 1 < step.total {
            action = Some(DebriefAction::Walk(Some(step.index + 1)));
        }
        if widgets::plain_key(ui, egui::Key::ArrowLeft) && step.index > 0 {
            action = Some(DebriefAction::Walk(Some(step.index - 1)));
        }
    }
    if widgets::plain_key(ui, egui::Key::P) {
        action = Some(DebriefAction::Progress);
    }
    if matches!(v.saved, Saved::Failed(_)) && widgets::plain_key(ui, egui::Key::S) {
        action = Some(DebriefAction::SaveAgain);
    }
    if let Some((id, _)) = v.quiz
        && widgets::plain_key(ui, egui::Key::Q)
    {
        action = Some(DebriefAction::Quiz(id.to_owned()));
    }
    if widgets::plain_key(ui, egui::Key::Escape) {
        action = Some(if v.walk.is_some() {
            DebriefAction::Walk(None)
        } else {
            DebriefAction::Library
        });
    }
    action
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
