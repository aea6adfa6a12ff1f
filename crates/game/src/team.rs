//! The Team screen, for a training lead: learners × scenarios, the principles the team
//! breaks most where they are at stake, the team's 5S, the trend by week and each learner's
//! 5S, over this computer's records and everything `frontline pull` gathered from the LRS.
//! Filters by time, scenario, language and group (`groups.ron` in the data folder). A name
//! opens that learner's progress.
//!
//! The figures come from [`frontline_records::dashboard`], the model `report --html` draws,
//! so the screen and the mailed report never disagree.

use std::collections::{BTreeMap, BTreeSet};

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};
use egui_plot::{Bar, BarChart, Line, Plot};

use super::assets::Content;
use super::records::Records;
use super::state::{Launch, Screen, Settings};
use super::words::UiWords;
use super::{ui_root, widgets};
use frontline_core::Lang;
use frontline_core::five_s::Dimension;
use frontline_core::i18n::Words;
use frontline_records::AttemptSummary;
use frontline_records::dashboard::{self, Dashboard, DashboardFilter};

/// How far back the screen looks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Since {
    /// Everything.
    #[default]
    All,
    /// The last four weeks.
    Weeks4,
    /// The last twelve weeks.
    Weeks12,
}

impl Since {
    fn next(self) -> Since {
        match self {
            Since::All => Since::Weeks4,
            Since::Weeks4 => Since::Weeks12,
            Since::Weeks12 => Since::All,
        }
    }

    fn moment(self) -> Option<time::OffsetDateTime> {
        let now = time::OffsetDateTime::now_utc();
        match self {
            Since::All => None,
            Since::Weeks4 => Some(now - time::Duration::weeks(4)),
            Since::Weeks12 => Some(now - time::Duration::weeks(12)),
        }
    }
}

/// The filters on show.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// How far back.
    pub since: Since,
    /// One scenario id, or all.
    pub scenario: Option<String>,
    /// One content locale, or all.
    pub locale: Option<String>,
    /// One group name, or everyone.
    pub group: Option<String>,
}

/// What the lead did on the Team screen.
#[derive(Message, Debug, Clone, PartialEq)]
pub enum TeamAction {
    /// Back to the library.
    Back,
    /// New filters.
    Filter(Filters),
    /// Open this learner's progress.
    Learner(String),
}

/// The Team screen's state, built when it opens.
#[derive(Resource, Debug, Default)]
pub struct TeamScreen {
    /// Every attempt summary in the records (local and pulled), read once.
    pub attempts: Vec<AttemptSummary>,
    /// Groups from `groups.ron`.
    pub groups: BTreeMap<String, BTreeSet<String>>,
    /// Why the groups could not be read, if so.
    pub groups_problem: Option<String>,
    /// Per scenario, the principles it can break.
    pub at_stake: BTreeMap<String, BTreeSet<String>>,
    /// Scenario titles in the interface language, by id.
    pub titles: BTreeMap<String, String>,
    /// Principle titles in the interface language, by id.
    pub principles: BTreeMap<String, String>,
    /// The filters on show.
    pub filters: Filters,
    /// The figures under the filters.
    pub board: Dashboard,
    /// Attempts under the filters that came from an LRS.
    pub pulled: usize,
    /// Every scenario id and locale in the records, for the filter menus (read once, not
    /// every frame).
    pub choices: (BTreeSet<String>, BTreeSet<String>),
}

impl TeamScreen {
    /// Recomputes the figures for `filters`.
    pub fn refilter(&mut self, filters: Filters) {
        let f = DashboardFilter {
            since: filters.since.moment(),
            scenario: filters.scenario.clone(),
            locale: filters.locale.clone(),
            learners: filters
                .group
                .as_ref()
                .and_then(|g| self.groups.get(g).cloned()),
        };
        self.board = dashboard::build(&self.attempts, &f, &self.at_stake);
        self.pulled = self
            .attempts
            .iter()
            .filter(|a| a.source.is_some() && f.admits(a))
            .count();
        self.filters = filters;
    }
}

/// The learner whose progress is open from the Team screen (none: the trainee's own).
#[derive(Resource, Debug, Default, Clone)]
pub struct ViewedLearner(pub Option<String>);

/// Registers the screen's logic.
pub(super) fn plugin(app: &mut App) {
    app.add_message::<TeamAction>()
        .init_resource::<ViewedLearner>()
        .add_systems(OnEnter(Screen::Team), build)
        .add_systems(Update, apply.run_if(in_state(Screen::Team)));
}

/// Registers the screen's view.
pub(super) fn ui_plugin(app: &mut App) {
    app.add_systems(
        bevy_egui::EguiPrimaryContextPass,
        view_system
            .in_set(super::ScreenViews)
            .run_if(in_state(Screen::Team).and_then(resource_exists::<TeamScreen>)),
    );
}

/// Builds the screen's state from the records and the library.
pub fn screen_of(
    attempts: Vec<AttemptSummary>,
    groups: Result<BTreeMap<String, BTreeSet<String>>, String>,
    library: &frontline_core::library::Library,
    lang: Lang,
) -> TeamScreen {
    let scenarios: Vec<&frontline_core::Scenario> = library
        .scenarios
        .iter()
        .filter(|s| !s.has_errors)
        .map(|s| &s.value)
        .collect();
    let mut titles = BTreeMap::new();
    for s in &scenarios {
        if s.locale == lang.code() || !titles.contains_key(&s.id) {
            titles.insert(s.id.clone(), s.title.clone());
        }
    }
    let principles = library
        .catalogue
        .iter()
        .map(|p| (p.id.to_string(), p.title.get(lang).to_owned()))
        .collect();
    let (groups, groups_problem) = match groups {
        Ok(g) => (g, None),
        Err(e) => (BTreeMap::new(), Some(e)),
    };
    let choices = (
        attempts.iter().map(|a| a.scenario.clone()).collect(),
        attempts.iter().map(|a| a.locale.clone()).collect(),
    );
    let mut screen = TeamScreen {
        choices,
        attempts,
        groups,
        groups_problem,
        at_stake: dashboard::at_stake(scenarios.iter().copied()),
        titles,
        principles,
        ..Default::default()
    };
    screen.refilter(Filters::default());
    screen
}

fn build(
    mut commands: Commands,
    records: Res<Records>,
    launch: Res<Launch>,
    settings: Res<Settings>,
    content: Res<Content>,
) {
    commands.insert_resource(screen_of(
        records.summaries(),
        dashboard::load_groups(&launch.data_dir),
        &content.library,
        settings.lang,
    ));
}

fn apply(
    mut actions: MessageReader<TeamAction>,
    mut screen: ResMut<TeamScreen>,
    mut viewed: ResMut<ViewedLearner>,
    mut next: ResMut<NextState<Screen>>,
) {
    for action in actions.read() {
        match action {
            TeamAction::Back => next.set(Screen::Library),
            TeamAction::Filter(f) => screen.refilter(f.clone()),
            TeamAction::Learner(name) => {
                viewed.0 = Some(name.clone());
                next.set(Screen::Progress);
            }
        }
    }
}

/// Everything the Team screen shows.
pub struct TeamView<'a> {
    /// Interface words.
    pub words: &'static UiWords,
    /// Core words.
    pub core_words: &'static Words,
    /// The screen's state.
    pub screen: &'a TeamScreen,
    /// Records problem, if any.
    pub problem: Option<&'a str>,
}

const CELL_W: f32 = 92.0;
const NAME_W: f32 = 170.0;
const ROW_H: f32 = 24.0;

fn band(score: u32) -> egui::Color32 {
    match score {
        70.. => egui::Color32::from_rgb(0x2E, 0x6B, 0x3F),
        50.. => egui::Color32::from_rgb(0x7A, 0x5C, 0x1E),
        _ => egui::Color32::from_rgb(0x7A, 0x2E, 0x2C),
    }
}

fn filters_ui(ui: &mut egui::Ui, v: &TeamView, action: &mut Option<TeamAction>) {
    let w = v.words;
    let s = v.screen;
    let mut f = s.filters.clone();
    ui.horizontal_wrapped(|ui| {
        egui::ComboBox::from_id_salt("team-since")
            .selected_text(match f.since {
                Since::All => w.team_since_all,
                Since::Weeks4 => w.team_since_4w,
                Since::Weeks12 => w.team_since_12w,
            })
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut f.since, Since::All, w.team_since_all);
                ui.selectable_value(&mut f.since, Since::Weeks4, w.team_since_4w);
                ui.selectable_value(&mut f.since, Since::Weeks12, w.team_since_12w);
            });
        let ids = &s.choices.0;
        egui::ComboBox::from_id_salt("team-scenario")
            .selected_text(
                f.scenario
                    .as_deref()
                    .map(|id| s.titles.get(id).map_or(id, String::as_str))
                    .unwrap_or(w.team_all_scenarios),
            )
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut f.scenario, None, w.team_all_scenarios);
                for id in ids {
                    let title = s.titles.get(id).unwrap_or(id);
                    ui.selectable_value(&mut f.scenario, Some(id.clone()), title);
                }
            });
        let locales = &s.choices.1;
        egui::ComboBox::from_id_salt("team-locale")
            .selected_text(f.locale.as_deref().unwrap_or(w.team_all_languages))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut f.locale, None, w.team_all_languages);
                for l in locales {
                    ui.selectable_value(&mut f.locale, Some(l.clone()), l);
                }
            });
        if !s.groups.is_empty() {
            egui::ComboBox::from_id_salt("team-group")
                .selected_text(f.group.as_deref().unwrap_or(w.team_everyone))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut f.group, None, w.team_everyone);
                    for g in s.groups.keys() {
                        ui.selectable_value(&mut f.group, Some(g.clone()), g);
                    }
                });
        }
    });
    if f != s.filters {
        *action = Some(TeamAction::Filter(f));
    }
}

fn charts_ui(ui: &mut egui::Ui, v: &TeamView) {
    // The charts take the panel's width, never the width of their longest label.
    ui.set_max_width(ui.available_width());
    let w = v.words;
    let b = &v.screen.board;
    ui.strong(w.team_breaks);
    ui.weak(w.team_breaks_help);
    let shown = &b.principles[..b.principles.len().min(8)];
    for p in shown {
        ui.horizontal(|ui| {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(120.0, 14.0), egui::Sense::hover());
            ui.painter()
                .rect_filled(rect, 2.0, ui.visuals().extreme_bg_color);
            let mut bar = rect;
            bar.set_width(rect.width() * p.rate as f32 / 100.0);
            ui.painter().rect_filled(bar, 2.0, widgets::bad());
            ui.label(format!("{}% ({}/{})", p.rate, p.broken, p.at_stake));
            let title = v
                .screen
                .principles
                .get(&p.principle)
                .map_or(p.principle.as_str(), String::as_str);
            ui.add(egui::Label::new(title).truncate())
                .on_hover_text(format!("{title} ({})", p.principle));
        });
    }
    if shown.is_empty() {
        ui.label(v.core_words.none);
    }
    ui.add_space(8.0);
    ui.strong(w.team_five_s);
    let bars: Vec<Bar> = Dimension::ALL
        .into_iter()
        .enumerate()
        .filter_map(|(i, d)| {
            b.five_s[d].map(|m| {
                Bar::new(i as f64, m as f64)
                    .width(0.6)
                    .name(v.core_words.dimensions[i])
            })
        })
        .collect();
    let names = v.core_words.dimensions;
    Plot::new("team-five-s")
        .height(150.0)
        .include_y(0.0)
        .include_y(100.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .show_grid([false, true])
        .x_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 0.01 && (0.0..5.0).contains(&i) {
                names[i as usize].to_owned()
            } else {
                String::new()
            }
        })
        .show(ui, |plot| {
            plot.bar_chart(
                BarChart::new(v.core_words.five_s, bars)
                    .color(egui::Color32::from_rgb(0x4A, 0x90, 0xD0)),
            );
        });
    ui.add_space(8.0);
    ui.strong(w.team_trend);
    ui.weak(w.team_trend_help);
    let top = b.weeks.iter().map(|w| w.attempts).max().unwrap_or(1).max(1) as f64;
    let bars: Vec<Bar> = b
        .weeks
        .iter()
        .enumerate()
        .map(|(i, wk)| {
            Bar::new(i as f64, 100.0 * wk.attempts as f64 / top)
                .width(0.7)
                .name(format!("{} · {}", wk.monday, wk.attempts))
        })
        .collect();
    let line: Vec<[f64; 2]> = b
        .weeks
        .iter()
        .enumerate()
        .filter(|(_, wk)| wk.attempts > 0)
        .map(|(i, wk)| [i as f64, wk.pass_rate as f64])
        .collect();
    let mondays: Vec<String> = b.weeks.iter().map(|w| w.monday[5..].to_owned()).collect();
    Plot::new("team-trend")
        .height(150.0)
        .include_y(0.0)
        .include_y(100.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .x_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 0.01 && i >= 0.0 && (i as usize) < mondays.len() {
                mondays[i as usize].clone()
            } else {
                String::new()
            }
        })
        .show(ui, |plot| {
            plot.bar_chart(
                BarChart::new(w.team_trend, bars).color(egui::Color32::from_rgb(0x5A, 0x7A, 0x9A)),
            );
            plot.line(
                Line::new(w.team_trend_help, line)
                    .color(widgets::good())
                    .width(2.5),
            );
        });
}

fn grid_ui(ui: &mut egui::Ui, v: &TeamView, action: &mut Option<TeamAction>) {
    let w = v.words;
    let b = &v.screen.board;
    ui.strong(w.team_grid);
    ui.weak(w.team_grid_help);
    egui::ScrollArea::horizontal()
        .id_salt("team-grid-h")
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.add_sized(
                    [NAME_W, ROW_H],
                    egui::Label::new(egui::RichText::new(w.team_learner).strong()),
                );
                for s in &b.scenarios {
                    let title = v.screen.titles.get(s).map_or(s.as_str(), String::as_str);
                    ui.add_sized(
                        [CELL_W, ROW_H],
                        egui::Label::new(egui::RichText::new(title).strong().small()).truncate(),
                    )
                    .on_hover_text(title);
                }
                ui.add_sized(
                    [110.0, ROW_H],
                    egui::Label::new(egui::RichText::new(v.core_words.five_s).strong()),
                );
            });
            // Only the rows in view are laid out, so a cohort of a thousand scrolls smoothly.
            egui::ScrollArea::vertical()
                .id_salt("team-grid-v")
                .auto_shrink([false, false])
                .show_rows(
                    ui,
                    ROW_H + ui.spacing().item_spacing.y,
                    b.learners.len(),
                    |ui, rows| {
                        for (learner, profile) in
                            b.learners[rows.clone()].iter().zip(&b.profiles[rows])
                        {
                            ui.horizontal(|ui| {
                                let name = ui.add_sized(
                                    [NAME_W, ROW_H],
                                    egui::Button::new(learner.as_str()).frame(false),
                                );
                                if name.clicked() {
                                    *action = Some(TeamAction::Learner(learner.clone()));
                                }
                                for s in &b.scenarios {
                                    let (rect, response) = ui.allocate_exact_size(
                                        egui::vec2(CELL_W, ROW_H),
                                        egui::Sense::hover(),
                                    );
                                    match b.cell(learner, s) {
                                        Some(c) => {
                                            ui.painter().rect_filled(
                                                rect.shrink(1.0),
                                                3.0,
                                                band(c.best),
                                            );
                                            ui.painter().text(
                                                rect.center(),
                                                egui::Align2::CENTER_CENTER,
                                                format!(
                                                    "{} · {}×{}",
                                                    c.best,
                                                    c.attempts,
                                                    if c.passed > 0 { " ✓" } else { "" }
                                                ),
                                                egui::FontId::proportional(13.0),
                                                egui::Color32::WHITE,
                                            );
                                            let title = v
                                                .screen
                                                .titles
                                                .get(s)
                                                .map_or(s.as_str(), String::as_str);
                                            response.on_hover_text(
                                                w.team_cell
                                                    .replace("{s}", title)
                                                    .replace("{b}", &c.best.to_string())
                                                    .replace("{n}", &c.attempts.to_string())
                                                    .replace("{p}", &c.passed.to_string()),
                                            );
                                        }
                                        None => {
                                            ui.painter().text(
                                                rect.center(),
                                                egui::Align2::CENTER_CENTER,
                                                "—",
                                                egui::FontId::proportional(13.0),
                                                ui.visuals().weak_text_color(),
                                            );
                                        }
                                    }
                                }
                                // The learner's 5S as five small bars.
                                let (rect, response) = ui.allocate_exact_size(
                                    egui::vec2(110.0, ROW_H),
                                    egui::Sense::hover(),
                                );
                                // Profiles are in the same (name) order as the learners.
                                if let Some(p) = Some(profile).filter(|p| &p.learner == learner) {
                                    let mut tip = Vec::new();
                                    for (i, d) in Dimension::ALL.into_iter().enumerate() {
                                        let value = p.five_s[d];
                                        let h = (ROW_H - 4.0) * value.unwrap_or(0) as f32 / 100.0;
                                        let x = rect.left() + 4.0 + i as f32 * 20.0;
                                        let bar = egui::Rect::from_min_max(
                                            egui::pos2(x, rect.bottom() - 2.0 - h),
                                            egui::pos2(x + 14.0, rect.bottom() - 2.0),
                                        );
                                        ui.painter().rect_filled(
                                            bar,
                                            1.0,
                                            egui::Color32::from_rgb(0x4A, 0x90, 0xD0),
                                        );
                                        tip.push(format!(
                                            "{} {}",
                                            v.core_words.dimensions[i],
                                            value.map_or(v.core_words.not_rated.to_owned(), |x| x
                                                .to_string())
                                        ));
                                    }
                                    response.on_hover_text(tip.join(" · "));
                                }
                            });
                        }
                    },
                );
        });
}

/// Draws the Team screen.
pub fn team_view(ui: &mut egui::Ui, v: &TeamView) -> Option<TeamAction> {
    let w = v.words;
    let s = v.screen;
    let b = &s.board;
    let mut action = None;
    egui::Panel::top("team-top").show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.heading(w.team_title);
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button(w.back_to_library).clicked() {
                    action = Some(TeamAction::Back);
                }
            });
        });
        filters_ui(ui, v, &mut action);
        ui.horizontal_wrapped(|ui| {
            let rate = if b.attempts == 0 {
                0
            } else {
                (b.passed * 200 + b.attempts) / (b.attempts * 2)
            };
            ui.label(
                w.team_totals
                    .replace("{a}", &b.attempts.to_string())
                    .replace("{l}", &b.learners.len().to_string())
                    .replace("{p}", &rate.to_string())
                    .replace("{m}", &b.mean.to_string()),
            );
            if s.pulled > 0 {
                ui.weak(w.team_pulled.replace("{n}", &s.pulled.to_string()));
            }
        });
        if let Some(p) = v.problem.or(s.groups_problem.as_deref()) {
            ui.colored_label(widgets::warn(), p);
        }
    });
    egui::Panel::bottom("team-keys").show(ui, |ui| {
        ui.weak(w.team_keys);
    });
    if b.attempts == 0 {
        egui::CentralPanel::default().show(ui, |ui| {
            ui.label(w.team_empty);
        });
    } else {
        egui::Panel::left("team-charts")
            .resizable(false)
            .exact_size(430.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("team-charts")
                    .show(ui, |ui| charts_ui(ui, v));
            });
        egui::CentralPanel::default().show(ui, |ui| grid_ui(ui, v, &mut action));
    }
    if widgets::plain_key(ui, egui::Key::Escape) {
        action = Some(TeamAction::Back);
    }
    if widgets::plain_key(ui, egui::Key::F) {
        action = Some(TeamAction::Filter(Filters {
            since: s.filters.since.next(),
            ..s.filters.clone()
        }));
    }
    action
}

fn view_system(
    mut contexts: EguiContexts,
    settings: Res<Settings>,
    screen: Res<TeamScreen>,
    records: Res<Records>,
    mut out: MessageWriter<TeamAction>,
) -> Result {
    let mut ui = ui_root(contexts.ctx_mut()?);
    let view = TeamView {
        words: UiWords::of(settings.lang),
        core_words: settings.lang.words(),
        screen: &screen,
        problem: records.problem.as_deref(),
    };
    if let Some(a) = team_view(&mut ui, &view) {
        out.write(a);
    }
    Ok(())
}
