//! The trainer view: every scenario file with its live check results (errors and teaching
//! warnings, file:line:col), the graph of the selected one, what random play makes of it,
//! and a preview from any node. The files are the hot-reloaded assets, so saving in an
//! editor updates this screen within a second; a save with errors keeps the last good
//! version on show and playable.

use std::collections::HashMap;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

use super::assets::Content;
use super::conversation::StartPreview;
use super::state::{Screen, Settings};
use super::words::UiWords;
use super::{ui_root, widgets};
use frontline_core::balance::{self, Balance, Method};
use frontline_core::diagnostic::{Diagnostic, Severity};
use frontline_core::graph::{self, BOX_H, BOX_W, Effect, Layout};
use frontline_core::i18n::Words;
use frontline_core::load::FileKind;
use frontline_core::scenario::Scenario;
use frontline_core::teaching::{CHECK_RUNS, percent};

/// What the trainer did on this screen.
#[derive(Message, Debug, Clone, PartialEq)]
pub enum TrainerAction {
    /// Show this file (row of the list).
    SelectFile(usize),
    /// Select a node of the graph (index).
    SelectNode(usize),
    /// Preview the selected file from this node index (`None`: from the start).
    Preview(Option<usize>),
    /// Back to the library.
    Back,
    /// Show or hide what the recorded attempts did on the graph.
    ToggleHeat,
}

/// One scenario file as the list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct FileRow {
    /// As shown: `scenarios/en/x.scenario.ron`.
    pub path: String,
    /// Errors in the file on disk.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Every problem; filled for the selected file only.
    pub diagnostics: Vec<Diagnostic>,
    /// Whether a version is loaded and playable (the last good one when the file on disk
    /// has errors).
    pub playable: bool,
}

/// Graph and balance of one version of a scenario, computed once per content hash.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// Where to draw everything; `None` when too large.
    pub layout: Option<Layout>,
    /// What random play makes of it.
    pub balance: Option<Balance>,
}

/// The screen's state.
#[derive(Resource, Debug, Default)]
pub struct TrainerScreen {
    /// Selected file, as shown.
    pub file: Option<String>,
    /// Selected node index.
    pub node: Option<usize>,
    /// Analyses by content hash.
    pub cache: HashMap<String, Analysis>,
    /// Whether the graph shows the recorded attempts' choices.
    pub heat_on: bool,
    /// The recorded attempts' figures, by scenario id and locale, read when heat is turned on.
    pub heat: HashMap<(String, String), frontline_core::heat::Heat>,
}

/// Everything the trainer view shows.
#[derive(Debug, Clone)]
pub struct TrainerView<'a> {
    /// Interface words.
    pub words: &'static UiWords,
    /// Core words (stage names).
    pub core_words: &'static Words,
    /// Every scenario file.
    pub files: Vec<FileRow>,
    /// Row of the selected file.
    pub selected: Option<usize>,
    /// The selected file's playable version.
    pub scenario: Option<&'a Scenario>,
    /// Its graph and balance.
    pub analysis: Option<&'a Analysis>,
    /// Selected node.
    pub node: Option<usize>,
    /// The recorded attempts' figures, when heat is on.
    pub heat: Option<&'a frontline_core::heat::Heat>,
}

/// Registers the screen's logic.
pub(super) fn plugin(app: &mut App) {
    app.add_message::<TrainerAction>()
        .init_resource::<TrainerScreen>()
        .add_systems(
            Update,
            (apply, analyse).chain().run_if(in_state(Screen::Trainer)),
        );
}

/// Registers the screen's view.
pub(super) fn ui_plugin(app: &mut App) {
    app.add_systems(
        bevy_egui::EguiPrimaryContextPass,
        view_system
            .in_set(super::ScreenViews)
            .run_if(in_state(Screen::Trainer)),
    );
}

/// The scenario files in path order, as shown, each with its playable version if it has one
/// (the last good text when the file has errors). Files replaced by a higher layer are left
/// out: they are not what plays.
fn files(content: &Content) -> Vec<(String, Option<&Scenario>)> {
    let lib = &content.library;
    let mut out: Vec<(String, Option<&Scenario>)> = lib
        .entries
        .iter()
        .filter(|e| e.kind == FileKind::Scenario)
        .filter(|e| !matches!(e.status, frontline_core::library::FileStatus::ReplacedBy(_)))
        .map(|e| {
            let shown = e.shown();
            let playable = lib
                .scenarios
                .iter()
                .find(|s| !s.has_errors && s.path.display().to_string() == shown)
                .map(|s| &s.value);
            (shown, playable)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The row on show: the one picked, else the first file in the interface's language.
fn selected(
    list: &[(String, Option<&Scenario>)],
    screen: &TrainerScreen,
    lang: frontline_core::Lang,
) -> Option<usize> {
    let folder = format!("/{}/", lang.code());
    list.iter()
        .position(|(p, _)| Some(p) == screen.file.as_ref())
        .or_else(|| list.iter().position(|(p, _)| p.contains(&folder)))
        .or((!list.is_empty()).then_some(0))
}

/// Analyses the selected scenario once per version.
fn analyse(
    mut screen: ResMut<TrainerScreen>,
    content: Res<Content>,
    settings: Res<Settings>,
    records: Res<super::records::Records>,
) {
    let list = files(&content);
    let Some((_, Some(s))) = selected(&list, &screen, settings.lang).map(|i| &list[i]) else {
        return;
    };
    let key = (s.id.clone(), s.locale.clone());
    if screen.heat_on && !screen.heat.contains_key(&key) {
        let heat = records.heat(s);
        screen.heat.insert(key, heat);
    }
    if screen.cache.contains_key(&s.content_hash) {
        return;
    }
    let analysis = Analysis {
        layout: graph::layout(s, content.catalogue()).map(Layout::left_aligned),
        balance: balance::analyse(s, CHECK_RUNS, 0, false, |_| {}),
    };
    // A hot-reloading trainer makes many versions; keep the cache small.
    if screen.cache.len() > 32 {
        screen.cache.clear();
    }
    screen.cache.insert(s.content_hash.clone(), analysis);
}

fn apply(
    mut actions: MessageReader<TrainerAction>,
    mut screen: ResMut<TrainerScreen>,
    content: Res<Content>,
    mut next: ResMut<NextState<Screen>>,
    mut preview: MessageWriter<StartPreview>,
    settings: Res<Settings>,
) {
    let list = files(&content);
    for action in actions.read() {
        match action {
            TrainerAction::SelectFile(row) => {
                if let Some((path, _)) = list.get(*row) {
                    screen.file = Some(path.clone());
                    screen.node = None;
                }
            }
            TrainerAction::SelectNode(n) => screen.node = Some(*n),
            TrainerAction::Preview(node) => {
                if let Some((_, Some(s))) =
                    selected(&list, &screen, settings.lang).map(|i| &list[i])
                {
                    preview.write(StartPreview {
                        id: s.id.clone(),
                        locale: s.locale.clone(),
                        node: *node,
                    });
                }
            }
            TrainerAction::Back => next.set(Screen::Library),
            TrainerAction::ToggleHeat => {
                screen.heat_on = !screen.heat_on;
                // Read afresh each time it is turned on: attempts may have been recorded since.
                screen.heat.clear();
            }
        }
    }
}

fn view_system(
    mut contexts: EguiContexts,
    settings: Res<Settings>,
    content: Res<Content>,
    screen: Res<TrainerScreen>,
    mut out: MessageWriter<TrainerAction>,
) -> Result {
    let mut ui = ui_root(contexts.ctx_mut()?);
    let list = files(&content);
    let selected = selected(&list, &screen, settings.lang);
    let rows: Vec<FileRow> = list
        .iter()
        .enumerate()
        .map(|(row, (path, playable))| {
            let diagnostics: Vec<Diagnostic> = content.problems_of(path);
            let count = |s: Severity| diagnostics.iter().filter(|d| d.issue.severity == s).count();
            FileRow {
                path: path.clone(),
                errors: count(Severity::Error),
                warnings: count(Severity::Warning),
                // Only the selected file's problems are shown; the others are counted.
                diagnostics: if Some(row) == selected {
                    diagnostics.to_vec()
                } else {
                    Vec::new()
                },
                playable: playable.is_some(),
            }
        })
        .collect();
    let scenario = selected.and_then(|i| list.get(i)).and_then(|(_, s)| *s);
    let view = TrainerView {
        words: UiWords::of(settings.lang),
        core_words: settings.lang.words(),
        files: rows,
        selected,
        scenario,
        analysis: scenario.and_then(|s| screen.cache.get(&s.content_hash)),
        node: screen.node,
        heat: scenario
            .filter(|_| screen.heat_on)
            .and_then(|s| screen.heat.get(&(s.id.clone(), s.locale.clone()))),
    };
    if let Some(a) = trainer_view(&mut ui, &view) {
        out.write(a);
    }
    Ok(())
}

fn effect_colour(e: Effect) -> egui::Color32 {
    match e {
        Effect::Best => widgets::good(),
        Effect::Acceptable => egui::Color32::from_gray(140),
        Effect::Harmful => widgets::bad(),
    }
}

/// A short sample of an arrow kind's line, for the legend.
fn legend_line(ui: &mut egui::Ui, e: Effect) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(26.0, 12.0), egui::Sense::hover());
    let points = [rect.left_center(), rect.right_center()];
    let stroke = egui::Stroke::new(2.0, effect_colour(e));
    match e.dashes() {
        None => {
            ui.painter().line_segment(points, stroke);
        }
        Some((dash, gap)) => {
            ui.painter()
                .extend(egui::Shape::dashed_line(&points, stroke, dash, gap));
        }
    }
}

fn hex(c: &str) -> egui::Color32 {
    egui::Color32::from_hex(c).unwrap_or(egui::Color32::GRAY)
}

/// Draws the graph; returns the node clicked.
fn graph_ui(
    ui: &mut egui::Ui,
    words: &Words,
    s: &Scenario,
    l: &Layout,
    selected: Option<usize>,
    heat: Option<&frontline_core::heat::Heat>,
) -> Option<usize> {
    const SCALE: f32 = 0.8;
    let (rect, _) = ui.allocate_exact_size(
        egui::vec2(l.width * SCALE, l.height * SCALE),
        egui::Sense::hover(),
    );
    let at = |x: f32, y: f32| rect.min + egui::vec2(x * SCALE, y * SCALE);
    let painter = ui.painter_at(rect);
    let mut labels = Vec::new();
    for e in &l.edges {
        let ((x0, y0), (cx, cy), (x1, y1)) = l.control(e);
        let mut colour = effect_colour(e.effect);
        let mut width = if e.best { 3.5 } else { 1.2 };
        if let Some(h) = heat {
            // As wide as the share of the attempts at the box that took it; faint below the
            // threshold, so one attempt does not shout.
            let c = &h.choices[e.from][e.choice];
            if c.enough() {
                width = 1.0 + 8.0 * h.share_at(e.from, e.choice) as f32 / 100.0;
            } else {
                width = 1.0;
                colour = colour.gamma_multiply(0.45);
            }
            if c.taken > 0 {
                // On a dark chip, so the count reads over the arrow it labels.
                let galley = painter.layout_no_wrap(
                    c.taken.to_string(),
                    egui::FontId::proportional(11.0),
                    if c.enough() {
                        egui::Color32::WHITE
                    } else {
                        egui::Color32::from_gray(160)
                    },
                );
                let centre = at(cx, 0.25 * y0 + 0.5 * cy + 0.25 * y1);
                let chip =
                    egui::Rect::from_center_size(centre, galley.size() + egui::vec2(6.0, 2.0));
                labels.push((chip, galley));
            }
        }
        let curve = egui::epaint::QuadraticBezierShape::from_points_stroke(
            [at(x0, y0), at(cx, cy), at(x1, y1)],
            false,
            egui::Color32::TRANSPARENT,
            egui::Stroke::new(width, colour),
        );
        // Solid, dashed or dotted by kind, so the arrows read without their colours.
        match e.effect.dashes() {
            None => {
                painter.add(curve);
            }
            Some((dash, gap)) => {
                painter.extend(egui::Shape::dashed_line(
                    &curve.flatten(Some(0.5)),
                    egui::Stroke::new(width, colour),
                    dash * SCALE,
                    gap * SCALE,
                ));
            }
        }
        // Arrow head along the last segment.
        let tip = at(x1, y1);
        let dir = (tip - at(cx, cy)).normalized();
        let side = egui::vec2(-dir.y, dir.x);
        painter.add(egui::Shape::convex_polygon(
            vec![
                tip,
                tip - dir * 7.0 + side * 3.5,
                tip - dir * 7.0 - side * 3.5,
            ],
            colour,
            egui::Stroke::NONE,
        ));
    }
    // Counts go over every arrow, not under the next one drawn.
    for (chip, galley) in labels {
        painter.rect_filled(chip, 3.0, egui::Color32::from_black_alpha(200));
        painter.galley(
            chip.center() - galley.size() / 2.0,
            galley,
            egui::Color32::WHITE,
        );
    }
    let mut clicked = None;
    for (i, p) in l.places.iter().enumerate() {
        let r = egui::Rect::from_center_size(at(p.x, p.y), egui::vec2(BOX_W, BOX_H) * SCALE);
        let (fill, title, sub) = if i < l.nodes {
            let n = &s.nodes[i];
            let sub = match heat {
                Some(h) => {
                    let at = &h.nodes[i];
                    let mut t = format!("{} {}", at.reached, words.heat_reached);
                    if at.walked_out > 0 {
                        t.push_str(&format!(" · {} {}", at.walked_out, words.walked_out_short));
                    }
                    t
                }
                None => words.stage(n.stage).to_owned(),
            };
            (
                hex(graph::stage_colour(n.stage)),
                n.id.as_str().to_owned(),
                sub,
            )
        } else {
            let e = &s.endings[i - l.nodes];
            (
                hex(graph::outcome_colour(e.outcome)),
                e.title.clone(),
                if graph::is_walk_out(s, i - l.nodes) {
                    format!(
                        "{} · {}",
                        words.outcome_name(e.outcome),
                        words.walked_out_short
                    )
                } else {
                    words.outcome_name(e.outcome).to_owned()
                },
            )
        };
        let stroke = if selected == Some(i) {
            egui::Stroke::new(3.0, widgets::you())
        } else if p.island {
            egui::Stroke::new(2.0, widgets::bad())
        } else {
            egui::Stroke::new(1.0, egui::Color32::from_gray(40))
        };
        let radius = if i < l.nodes { 5.0 } else { 16.0 };
        painter.rect(r, radius, fill, stroke, egui::StrokeKind::Inside);
        let dark = egui::Color32::from_gray(20);
        let title: String = if title.chars().count() > 18 {
            title.chars().take(17).chain(['…']).collect()
        } else {
            title
        };
        painter.text(
            r.center() - egui::vec2(0.0, 7.0),
            egui::Align2::CENTER_CENTER,
            title,
            egui::FontId::proportional(12.0),
            dark,
        );
        painter.text(
            r.center() + egui::vec2(0.0, 9.0),
            egui::Align2::CENTER_CENTER,
            sub,
            egui::FontId::proportional(10.0),
            egui::Color32::from_gray(70),
        );
        if i < l.nodes {
            let response = ui.interact(r, ui.id().with(("node", i)), egui::Sense::click());
            if response.clicked() {
                clicked = Some(i);
            }
        }
    }
    clicked
}

fn diagnostics_ui(ui: &mut egui::Ui, w: &UiWords, row: &FileRow) {
    if row.diagnostics.is_empty() {
        ui.colored_label(widgets::good(), w.trainer_clean);
        return;
    }
    if row.errors > 0 {
        ui.colored_label(
            widgets::bad(),
            if row.playable {
                w.trainer_kept
            } else {
                w.trainer_not_loaded
            },
        );
    }
    for d in &row.diagnostics {
        let colour = match d.issue.severity {
            Severity::Error => widgets::bad(),
            Severity::Warning => widgets::warn(),
        };
        let text = d.to_string();
        let mut lines = text.lines();
        ui.label(
            egui::RichText::new(lines.next().unwrap_or_default())
                .monospace()
                .small()
                .color(colour),
        );
        for rest in lines {
            ui.label(egui::RichText::new(rest).monospace().small().weak());
        }
    }
}

/// Draws the trainer view.
pub fn trainer_view(ui: &mut egui::Ui, v: &TrainerView) -> Option<TrainerAction> {
    let w = v.words;
    let mut action = None;
    egui::Panel::top("trainer-top").show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.heading(w.trainer_title);
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button(w.back_to_library).clicked() {
                    action = Some(TrainerAction::Back);
                }
            });
        });
    });
    egui::Panel::bottom("trainer-keys").show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.weak(w.trainer_keys);
        });
    });
    egui::Panel::left("trainer-files")
        .resizable(false)
        .exact_size(300.0)
        .show(ui, |ui| {
            ui.strong(w.trainer_files);
            egui::ScrollArea::vertical()
                .id_salt("files")
                .show(ui, |ui| {
                    for (i, row) in v.files.iter().enumerate() {
                        let colour = if row.errors > 0 {
                            widgets::bad()
                        } else if row.warnings > 0 {
                            widgets::warn()
                        } else {
                            widgets::good()
                        };
                        let name = row.path.trim_start_matches("scenarios/");
                        let label = egui::RichText::new(name).monospace().color(colour);
                        if ui.selectable_label(v.selected == Some(i), label).clicked() {
                            action = Some(TrainerAction::SelectFile(i));
                        }
                        ui.weak(
                            w.trainer_counts
                                .replace("{e}", &row.errors.to_string())
                                .replace("{w}", &row.warnings.to_string()),
                        );
                    }
                });
        });
    let row = v.selected.and_then(|i| v.files.get(i));
    egui::Panel::right("trainer-node")
        .resizable(false)
        .exact_size(330.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical().id_salt("node").show(ui, |ui| {
                let Some(s) = v.scenario else {
                    return;
                };
                ui.heading(&s.title);
                if let Some(b) = v.analysis.and_then(|a| a.balance.as_ref()) {
                    let how = match b.method {
                        Method::Exact { paths } => {
                            w.trainer_exact.replace("{n}", &paths.to_string())
                        }
                        Method::MonteCarlo { runs, .. } => {
                            w.trainer_sampled.replace("{n}", &runs.to_string())
                        }
                    };
                    ui.label(
                        w.trainer_balance
                            .replace("{pass}", &percent(b.pass_rate))
                            .replace("{mean}", &format!("{:.0}", b.mean_overall))
                            .replace("{how}", &how),
                    );
                    for ((id, share), e) in b.endings.iter().zip(&s.endings) {
                        ui.weak(format!("{} · {id}: {}", e.title, percent(*share)));
                    }
                }
                if ui.button(w.trainer_preview_start).clicked() {
                    action = Some(TrainerAction::Preview(None));
                }
                ui.separator();
                match v.node.and_then(|n| s.nodes.get(n).map(|node| (n, node))) {
                    None => {
                        ui.weak(w.trainer_select_hint);
                    }
                    Some((n, node)) => {
                        ui.strong(
                            w.trainer_node
                                .replace("{id}", node.id.as_str())
                                .replace("{stage}", v.core_words.stage(node.stage)),
                        );
                        for line in &node.lines {
                            ui.label(egui::RichText::new(line).italics());
                        }
                        if ui.button(w.trainer_preview_node).clicked() {
                            action = Some(TrainerAction::Preview(Some(n)));
                        }
                        if let Some(scene) = &node.scene {
                            ui.label(egui::RichText::new(scene).weak());
                        }
                        for (k, c) in node.choices.iter().enumerate() {
                            ui.add_space(4.0);
                            ui.colored_label(effect_colour(Effect::at(node, k)), c.id.as_str());
                            if let Some(h) = v.heat {
                                ui.strong(h.label(n, k));
                            }
                            ui.label(&c.text);
                            if !c.feedback.is_empty() {
                                ui.weak(&c.feedback);
                            }
                        }
                    }
                }
            });
        });
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical()
            .id_salt("checks")
            .max_height(ui.available_height() * 0.3)
            .show(ui, |ui| {
                if let Some(row) = row {
                    ui.strong(&row.path);
                    diagnostics_ui(ui, w, row);
                }
            });
        ui.separator();
        ui.horizontal_wrapped(|ui| {
            for stage in frontline_core::scenario::MotStage::ALL {
                ui.label(
                    egui::RichText::new(format!(" {} ", v.core_words.stage(stage)))
                        .background_color(hex(graph::stage_colour(stage)))
                        .color(egui::Color32::from_gray(20)),
                );
            }
            ui.separator();
            for (name, e) in [
                (w.trainer_key_good, Effect::Best),
                (w.trainer_key_neutral, Effect::Acceptable),
                (w.trainer_key_harmful, Effect::Harmful),
            ] {
                legend_line(ui, e);
                ui.colored_label(effect_colour(e), name);
            }
            ui.strong(format!("━ {}", w.trainer_key_best));
        });
        if let Some(h) = v.heat {
            ui.label(
                w.trainer_heat
                    .replace("{n}", &h.attempts.to_string())
                    .replace("{min}", &frontline_core::heat::HEAT_MIN.to_string()),
            );
        }
        egui::ScrollArea::both()
            .id_salt("graph")
            .show(ui, |ui| match (v.scenario, v.analysis) {
                (Some(s), Some(a)) => match &a.layout {
                    Some(l) => {
                        if let Some(n) = graph_ui(ui, v.core_words, s, l, v.node, v.heat) {
                            action = Some(TrainerAction::SelectNode(n));
                        }
                    }
                    None => {
                        ui.label(w.trainer_too_large);
                        ui.weak(graph::summary(s));
                    }
                },
                (Some(_), None) => {
                    ui.spinner();
                }
                _ => {}
            });
    });
    let n = v.files.len();
    if n > 0 {
        let current = v.selected.unwrap_or(0);
        if widgets::plain_key(ui, egui::Key::ArrowDown) {
            action = Some(TrainerAction::SelectFile((current + 1).min(n - 1)));
        }
        if widgets::plain_key(ui, egui::Key::ArrowUp) {
            action = Some(TrainerAction::SelectFile(current.saturating_sub(1)));
        }
        if widgets::plain_key(ui, egui::Key::Enter) && v.scenario.is_some() {
            action = Some(TrainerAction::Preview(v.node));
        }
    }
    if widgets::plain_key(ui, egui::Key::Escape) {
        action = Some(TrainerAction::Back);
    }
    if widgets::plain_key(ui, egui::Key::H) {
        action = Some(TrainerAction::ToggleHeat);
    }
    action
}
