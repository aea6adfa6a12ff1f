//! The progress screen: every recorded attempt of the trainee, the trend on each 5S
//! dimension, the principles broken most, the best per scenario and the recommended next
//! practice with its reason. Two attempts of a scenario can be picked and compared side by
//! side; any attempt can be replayed turn by turn from its seed and answers.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};
use egui_plot::{Line, Plot};

use super::assets::Content;
use super::conversation::{LastAttempt, StartConversation};
use super::records::{Records, Saved};
use super::state::{Screen, Settings, Trainee};
use super::words::UiWords;
use super::{ui_root, widgets};
use frontline_core::Lang;
use frontline_core::i18n::Words;
use frontline_core::scenario::Scenario;
use frontline_records::compare::{Comparison, compare};
use frontline_records::progress::{Progress, progress};
use frontline_records::{Attempt, ReplayError, timestamp};

/// What the trainee did on the progress screen.
#[derive(Message, Debug, Clone, PartialEq)]
pub enum ProgressAction {
    /// Back to the library.
    Back,
    /// Play this scenario id (the recommendation).
    Practise(String),
    /// Replay the attempt with this row id.
    Replay(i64),
    /// Pick or unpick an attempt for comparison.
    Pick(i64),
    /// Compare the two picked attempts.
    Compare,
    /// Close the comparison.
    CloseCompare,
    /// Move the keyboard cursor to this row of the list (0 = newest).
    Select(usize),
}

/// The progress screen's state, built when the screen opens.
#[derive(Resource, Debug, Default)]
pub struct ProgressScreen {
    /// The trainee's attempts, oldest first.
    pub attempts: Vec<Attempt>,
    /// What was made of them.
    pub progress: Progress,
    /// Row ids picked for comparison (at most two, in the order picked).
    pub picked: Vec<i64>,
    /// Whether the comparison is showing.
    pub comparing: bool,
    /// A message for the trainee (why a replay or comparison cannot be shown).
    pub message: Option<String>,
    /// Row of the list the keyboard is on (0 = newest).
    pub cursor: usize,
}

impl ProgressScreen {
    fn find(&self, id: i64) -> Option<&Attempt> {
        self.attempts.iter().find(|a| a.id == id)
    }

    /// The picked pair, earlier first, when both are of one scenario.
    pub fn pair(&self) -> Option<(&Attempt, &Attempt)> {
        let [a, b] = self.picked[..] else {
            return None;
        };
        let (a, b) = (self.find(a)?, self.find(b)?);
        let (a, b) = if a.finished <= b.finished {
            (a, b)
        } else {
            (b, a)
        };
        (a.scenario == b.scenario).then_some((a, b))
    }
}

/// Registers the screen's logic.
pub(super) fn plugin(app: &mut App) {
    app.add_message::<ProgressAction>()
        .add_systems(OnEnter(Screen::Progress), build)
        .add_systems(Update, apply.run_if(in_state(Screen::Progress)));
}

/// Registers the screen's view.
pub(super) fn ui_plugin(app: &mut App) {
    app.add_systems(
        bevy_egui::EguiPrimaryContextPass,
        view_system
            .in_set(super::ScreenViews)
            .run_if(in_state(Screen::Progress).and_then(resource_exists::<ProgressScreen>)),
    );
}

/// The scenarios the trainee can play now, one per id, in their language where possible.
fn playable(content: &Content, lang: Lang) -> Vec<&Scenario> {
    super::library::pick_versions(
        content
            .library
            .scenarios
            .iter()
            .filter(|s| !s.has_errors)
            .map(|s| (s.value.id.as_str(), s.value.locale.as_str(), &s.value)),
        lang,
    )
}

fn build(
    mut commands: Commands,
    records: Res<Records>,
    trainee: Res<Trainee>,
    viewed: Res<super::team::ViewedLearner>,
    settings: Res<Settings>,
    content: Res<Content>,
) {
    // Opened from the Team screen: that learner's attempts recorded on this computer.
    let name = viewed.0.as_deref().unwrap_or(&trainee.name);
    let attempts = records.attempts(name);
    let scenarios = playable(&content, settings.lang);
    let progress = progress(&attempts, &scenarios, content.catalogue());
    commands.insert_resource(ProgressScreen {
        attempts,
        progress,
        ..default()
    });
}

#[allow(clippy::too_many_arguments)]
fn apply(
    mut actions: MessageReader<ProgressAction>,
    mut commands: Commands,
    mut screen: ResMut<ProgressScreen>,
    settings: Res<Settings>,
    content: Res<Content>,
    mut start: MessageWriter<StartConversation>,
    mut next: ResMut<NextState<Screen>>,
    mut viewed: ResMut<super::team::ViewedLearner>,
) {
    let w = UiWords::of(settings.lang);
    for action in actions.read() {
        match action {
            ProgressAction::Back => {
                let back = if viewed.0.take().is_some() {
                    Screen::Team
                } else {
                    Screen::Library
                };
                next.set(back);
            }
            ProgressAction::Practise(id) => {
                start.write(StartConversation {
                    scenario: id.clone(),
                    seed: None,
                });
            }
            ProgressAction::Pick(id) => {
                screen.message = None;
                if let Some(i) = screen.picked.iter().position(|p| p == id) {
                    screen.picked.remove(i);
                } else {
                    if screen.picked.len() == 2 {
                        screen.picked.remove(0);
                    }
                    screen.picked.push(*id);
                }
            }
            ProgressAction::Compare => {
                if screen.pair().is_some() {
                    screen.comparing = true;
                } else {
                    screen.message = Some(w.compare_needs_two.to_owned());
                }
            }
            ProgressAction::CloseCompare => screen.comparing = false,
            ProgressAction::Select(row) => {
                screen.cursor = (*row).min(screen.attempts.len().saturating_sub(1));
            }
            ProgressAction::Replay(id) => {
                let Some(a) = screen.find(*id).cloned() else {
                    continue;
                };
                let found = content
                    .scenario_in(&a.scenario, &a.locale)
                    .map(|l| &l.value);
                let result = match found {
                    Some(s) => a.replay(s).map(|session| (s, session)),
                    None => Err(ReplayError::Failed(w.replay_missing.to_owned())),
                };
                match result {
                    Ok((scenario, session)) => {
                        commands.insert_resource(LastAttempt {
                            scenario: scenario.clone(),
                            session,
                            debrief: a.debrief.clone(),
                            saved: Saved::Replay {
                                finished: shown_time(&a),
                            },
                        });
                        next.set(Screen::Debrief);
                    }
                    Err(ReplayError::Changed) => screen.message = Some(w.replay_changed.to_owned()),
                    Err(e) => screen.message = Some(e.to_string()),
                }
            }
        }
    }
}

/// When an attempt finished, as the screens show it.
pub fn shown_time(a: &Attempt) -> String {
    format!("{} UTC", timestamp(a.finished)[..16].replace('T', " "))
}

/// Everything the progress screen shows.
pub struct ProgressView<'a> {
    /// Interface words.
    pub words: &'static UiWords,
    /// Core words.
    pub core_words: &'static Words,
    /// Language.
    pub lang: Lang,
    /// Trainee name.
    pub trainee: &'a str,
    /// The screen's state.
    pub screen: &'a ProgressScreen,
    /// The comparison, when showing.
    pub comparison: Option<(&'a Attempt, &'a Attempt, Comparison<'a>)>,
    /// Records problem, if any.
    pub problem: Option<&'a str>,
}

fn trend_plot(ui: &mut egui::Ui, v: &ProgressView, height: f32) {
    const COLOURS: [egui::Color32; 5] = [
        egui::Color32::from_rgb(0xF0, 0xC0, 0x40),
        egui::Color32::from_rgb(0x60, 0xC0, 0xF0),
        egui::Color32::from_rgb(0xB0, 0x90, 0xF0),
        egui::Color32::from_rgb(0xF0, 0x80, 0x80),
        egui::Color32::from_rgb(0x70, 0xD0, 0x90),
    ];
    let p = &v.screen.progress;
    // The overall line in the text colour, so it stands out on every theme.
    let strong = ui.visuals().strong_text_color();
    Plot::new("five-s-trend")
        .height(height)
        .include_y(0.0)
        .include_y(100.0)
        .include_x(1.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .x_axis_label(v.words.attempt_axis)
        .show(ui, |plot| {
            for (k, series) in p.trend.iter().enumerate() {
                let points: Vec<[f64; 2]> = series
                    .iter()
                    .map(|(i, s)| [*i as f64 + 1.0, *s as f64])
                    .collect();
                plot.line(
                    Line::new(v.core_words.dimensions[k], points)
                        .color(COLOURS[k])
                        .width(1.5),
                );
            }
            let overall: Vec<[f64; 2]> = p
                .overall
                .iter()
                .enumerate()
                .map(|(i, s)| [i as f64 + 1.0, *s as f64])
                .collect();
            plot.line(
                Line::new(v.core_words.overall, overall)
                    .color(strong)
                    .width(3.0),
            );
        });
    // The key sits under the plot: a legend inside it hides the lines near zero.
    ui.horizontal_wrapped(|ui| {
        let names = v.core_words.dimensions.iter().zip(COLOURS);
        let overall = std::iter::once((&v.core_words.overall, strong));
        for (name, colour) in names.chain(overall) {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(14.0, 3.0), egui::Sense::hover());
            ui.painter().rect_filled(rect, 0.0, colour);
            ui.label(*name);
        }
    });
}

fn attempts_ui(ui: &mut egui::Ui, v: &ProgressView, action: &mut Option<ProgressAction>) {
    let w = v.words;
    let cw = v.core_words;
    egui::Grid::new("attempts")
        .striped(true)
        .num_columns(7)
        .show(ui, |ui| {
            ui.strong(w.pick);
            ui.strong(w.when);
            ui.strong(w.scenario_column);
            ui.strong(cw.overall);
            ui.strong(cw.outcome);
            ui.strong(cw.violations);
            ui.strong("");
            ui.end_row();
            for (row, a) in v.screen.attempts.iter().rev().enumerate() {
                let d = &a.debrief;
                let picked = v.screen.picked.iter().position(|p| *p == a.id);
                let label = match picked {
                    Some(0) => "A",
                    Some(_) => "B",
                    None => "·",
                };
                let cursor = if row == v.screen.cursor { "▶" } else { " " };
                if ui
                    .selectable_label(picked.is_some(), format!("{cursor} {label}  "))
                    .clicked()
                {
                    *action = Some(ProgressAction::Pick(a.id));
                }
                ui.label(shown_time(a));
                ui.label(&a.title);
                let colour = if d.passed {
                    widgets::good()
                } else {
                    widgets::bad()
                };
                ui.colored_label(colour, format!("{} {}", d.overall, d.grade));
                ui.label(d.outcome.map_or(cw.abandoned, |o| cw.outcome_name(o)));
                ui.label(d.violations.len().to_string());
                if ui.small_button(w.replay).clicked() {
                    *action = Some(ProgressAction::Replay(a.id));
                }
                ui.end_row();
            }
        });
}

fn summary_ui(ui: &mut egui::Ui, v: &ProgressView, action: &mut Option<ProgressAction>) {
    let w = v.words;
    let p = &v.screen.progress;
    if let Some(r) = &p.recommendation {
        egui::Frame::group(ui.style())
            .inner_margin(10.0)
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.strong(w.recommended);
                ui.heading(&r.title);
                ui.label(r.explain(v.lang));
                if ui.button(w.practise_now).clicked() {
                    *action = Some(ProgressAction::Practise(r.scenario.clone()));
                }
            });
    }
    ui.add_space(8.0);
    ui.strong(w.trend);
    trend_plot(ui, v, 220.0);
    ui.add_space(8.0);
    ui.strong(w.most_broken);
    if p.broken.is_empty() {
        ui.label(v.core_words.none);
    }
    for b in p.broken.iter().take(6) {
        ui.horizontal_wrapped(|ui| {
            ui.colored_label(widgets::bad(), format!("×{}", b.times));
            ui.label(b.title.get(v.lang));
            ui.weak(b.id.as_str());
        });
    }
    ui.add_space(8.0);
    ui.strong(w.best_per_scenario);
    egui::Grid::new("best").striped(true).show(ui, |ui| {
        for b in &p.best {
            ui.label(&b.title);
            let colour = if b.passed {
                widgets::good()
            } else {
                widgets::warn()
            };
            ui.colored_label(colour, b.best.to_string());
            ui.weak(w.attempts_count.replace("{n}", &b.attempts.to_string()));
            ui.end_row();
        }
    });
}

fn compare_ui(
    ui: &mut egui::Ui,
    v: &ProgressView,
    (a, b, c): (&Attempt, &Attempt, &Comparison),
    action: &mut Option<ProgressAction>,
) {
    let w = v.words;
    let cw = v.core_words;
    ui.horizontal(|ui| {
        ui.heading(format!("{} · {}", w.comparison, a.title));
        if ui.button(w.close_comparison).clicked() {
            *action = Some(ProgressAction::CloseCompare);
        }
    });
    ui.label(format!(
        "A: {} · {} {}    B: {} · {} {}",
        shown_time(a),
        a.debrief.overall,
        a.debrief.grade,
        shown_time(b),
        b.debrief.overall,
        b.debrief.grade
    ));
    ui.add_space(6.0);
    for line in c.explain(v.lang) {
        ui.label(line);
    }
    ui.add_space(6.0);
    egui::Grid::new("compare-dimensions")
        .striped(true)
        .show(ui, |ui| {
            ui.strong(cw.five_s);
            ui.strong("A");
            ui.strong("B");
            ui.end_row();
            let cell = |s: Option<u32>| s.map_or(cw.not_rated.to_owned(), |s| s.to_string());
            for (k, (x, y)) in c.dimensions.iter().enumerate() {
                ui.label(cw.dimensions[k]);
                ui.label(cell(*x));
                let colour = match (x, y) {
                    (Some(x), Some(y)) if y > x => widgets::good(),
                    (Some(x), Some(y)) if y < x => widgets::bad(),
                    _ => ui.visuals().text_color(),
                };
                ui.colored_label(colour, cell(*y));
                ui.end_row();
            }
        });
    ui.add_space(6.0);
    let width = (ui.available_width() - 80.0) / 2.0;
    egui::Grid::new("compare-turns")
        .striped(true)
        .min_col_width(40.0)
        .show(ui, |ui| {
            ui.strong(w.turn_axis);
            ui.strong("A");
            ui.strong("B");
            ui.end_row();
            for row in &c.rows {
                let mark = if row.same() { "=" } else { "≠" };
                ui.label(format!("{} {mark}", row.turn));
                for side in [row.a, row.b] {
                    match side {
                        Some(r) => {
                            let colour = if r.points.total() > 0 {
                                widgets::good()
                            } else if r.points.total() < 0 {
                                widgets::bad()
                            } else {
                                ui.visuals().text_color()
                            };
                            ui.vertical(|ui| {
                                ui.set_max_width(width);
                                ui.add(egui::Label::new(&r.text).wrap());
                                ui.colored_label(
                                    colour,
                                    format!(
                                        "{:+} · {} {}",
                                        r.points.total(),
                                        cw.mood,
                                        r.mood_after
                                    ),
                                );
                            });
                        }
                        None => {
                            ui.weak("—");
                        }
                    }
                }
                ui.end_row();
            }
        });
}

/// Draws the progress screen.
pub fn progress_view(ui: &mut egui::Ui, v: &ProgressView) -> Option<ProgressAction> {
    let w = v.words;
    let mut action = None;
    egui::Panel::top("progress-top").show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.heading(w.progress_title.replace("{name}", v.trainee));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button(w.back_to_library).clicked() {
                    action = Some(ProgressAction::Back);
                }
                if ui
                    .add_enabled(
                        v.screen.pair().is_some(),
                        egui::Button::new(w.compare_button),
                    )
                    .clicked()
                {
                    action = Some(ProgressAction::Compare);
                }
            });
        });
    });
    egui::Panel::bottom("progress-keys").show(ui, |ui| {
        ui.weak(w.progress_keys);
    });
    if v.screen.attempts.is_empty() {
        egui::CentralPanel::default().show(ui, |ui| {
            if let Some(p) = v.problem {
                ui.colored_label(widgets::bad(), p);
            }
            ui.label(w.no_attempts_yet);
        });
    } else {
        egui::Panel::left("progress-summary")
            .resizable(false)
            .exact_size(420.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("summary")
                    .show(ui, |ui| summary_ui(ui, v, &mut action));
            });
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("attempts")
                .show(ui, |ui| {
                    if let Some(m) = &v.screen.message {
                        ui.colored_label(widgets::warn(), m);
                    }
                    if let Some((a, b, c)) = &v.comparison {
                        compare_ui(ui, v, (a, b, c), &mut action);
                        return;
                    }
                    ui.label(
                        w.attempts_total
                            .replace("{n}", &v.screen.progress.attempts.to_string()),
                    );
                    ui.weak(w.pick_help);
                    attempts_ui(ui, v, &mut action);
                });
        });
    }
    if let Some(r) = &v.screen.progress.recommendation
        && widgets::plain_key(ui, egui::Key::Enter)
    {
        action = Some(ProgressAction::Practise(r.scenario.clone()));
    }
    if widgets::plain_key(ui, egui::Key::C) {
        action = Some(ProgressAction::Compare);
    }
    let rows = v.screen.attempts.len();
    let at_cursor = v
        .screen
        .attempts
        .iter()
        .rev()
        .nth(v.screen.cursor)
        .map(|a| a.id);
    if v.comparison.is_none() && rows > 0 {
        if widgets::plain_key(ui, egui::Key::ArrowDown) {
            action = Some(ProgressAction::Select((v.screen.cursor + 1).min(rows - 1)));
        }
        if widgets::plain_key(ui, egui::Key::ArrowUp) {
            action = Some(ProgressAction::Select(v.screen.cursor.saturating_sub(1)));
        }
        if let Some(id) = at_cursor {
            if widgets::plain_key(ui, egui::Key::Space) {
                action = Some(ProgressAction::Pick(id));
            }
            if widgets::plain_key(ui, egui::Key::R) {
                action = Some(ProgressAction::Replay(id));
            }
        }
    }
    if widgets::plain_key(ui, egui::Key::Escape) {
        action = Some(if v.comparison.is_some() {
            ProgressAction::CloseCompare
        } else {
            ProgressAction::Back
        });
    }
    action
}

fn view_system(
    mut contexts: EguiContexts,
    settings: Res<Settings>,
    trainee: Res<Trainee>,
    viewed: Res<super::team::ViewedLearner>,
    screen: Res<ProgressScreen>,
    records: Res<Records>,
    mut out: MessageWriter<ProgressAction>,
) -> Result {
    let mut ui = ui_root(contexts.ctx_mut()?);
    let comparison = if screen.comparing {
        screen
            .pair()
            .map(|(a, b)| (a, b, compare(&a.debrief, &b.debrief)))
    } else {
        None
    };
    let view = ProgressView {
        words: UiWords::of(settings.lang),
        core_words: settings.lang.words(),
        lang: settings.lang,
        trainee: viewed.0.as_deref().unwrap_or(&trainee.name),
        screen: &screen,
        comparison,
        problem: records.problem.as_deref(),
    };
    if let Some(a) = progress_view(&mut ui, &view) {
        out.write(a);
    }
    Ok(())
}
