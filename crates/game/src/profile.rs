//! The first screen: who is practising. Names are remembered in the data folder so the next
//! start offers them again, together with the language and text size last used.

use std::path::PathBuf;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

use super::state::{Launch, Screen, Settings, Trainee};
use super::words::UiWords;
use super::{ui_root, widgets};
use frontline_core::Lang;

pub use frontline_records::profiles::{MAX_NAME, SavedProfiles, clean_name};

/// The trainee list as loaded, plus what the trainee is typing.
#[derive(Resource, Debug, Default)]
pub struct Profiles {
    /// What is on disk.
    pub saved: SavedProfiles,
    /// Where it is kept.
    pub dir: PathBuf,
    /// A problem reading or writing it, shown on the profile screen.
    pub problem: Option<String>,
    /// The name being typed.
    pub typed: String,
}

impl Profiles {
    /// Saves, keeping any error for the screen (the game goes on without saving).
    pub fn save(&mut self) {
        if let Err(e) = self.saved.save(&self.dir) {
            warn!("{e}");
            self.problem = Some(e);
        }
    }
}

/// What the trainee did on the profile screen.
#[derive(Message, Debug, Clone, PartialEq)]
pub enum ProfileAction {
    /// Continue as this trainee (new or known).
    Use(String),
    /// Switch the interface language.
    Lang(Lang),
    /// Switch the theme (remembered on this computer at once).
    Theme(widgets::Theme),
}

/// Registers the screen's logic.
pub(super) fn plugin(app: &mut App) {
    app.add_message::<ProfileAction>()
        .add_systems(PreStartup, load_profiles)
        .add_systems(Update, apply.run_if(in_state(Screen::Profile)));
}

/// Registers the screen's view.
pub(super) fn ui_plugin(app: &mut App) {
    app.add_systems(
        bevy_egui::EguiPrimaryContextPass,
        view_system
            .in_set(super::ScreenViews)
            .run_if(in_state(Screen::Profile)),
    );
}

fn load_profiles(mut commands: Commands, launch: Res<Launch>, mut settings: ResMut<Settings>) {
    let (saved, problem) = SavedProfiles::load(&launch.data_dir);
    if let Some(p) = &problem {
        warn!("{p}");
    }
    if let Ok(lang) = saved.lang.parse() {
        settings.lang = lang;
    }
    settings.zoom = saved.zoom.clamp(0.6, 2.5);
    settings.theme = super::widgets::Theme::from_key(&saved.theme).unwrap_or_default();
    commands.insert_resource(Profiles {
        typed: saved.names.first().cloned().unwrap_or_default(),
        saved,
        dir: launch.data_dir.clone(),
        problem,
    });
}

fn apply(
    mut actions: MessageReader<ProfileAction>,
    mut profiles: ResMut<Profiles>,
    mut settings: ResMut<Settings>,
    mut trainee: ResMut<Trainee>,
    mut next: ResMut<NextState<Screen>>,
) {
    for action in actions.read() {
        match action {
            ProfileAction::Use(typed) => {
                let Some(name) = clean_name(typed) else {
                    continue;
                };
                profiles.saved.remember(&name);
                profiles.saved.lang = settings.lang.code().into();
                settings.pace = profiles.saved.pace_of(&name);
                profiles.save();
                trainee.name = name;
                next.set(Screen::Library);
            }
            ProfileAction::Lang(lang) => {
                settings.lang = *lang;
                profiles.saved.lang = lang.code().into();
            }
            ProfileAction::Theme(theme) => {
                settings.theme = *theme;
                profiles.saved.theme = theme.key().to_owned();
                profiles.save();
            }
        }
    }
}

/// Everything the profile screen shows.
#[derive(Debug, Clone)]
pub struct ProfileView<'a> {
    /// Interface words.
    pub words: &'static UiWords,
    /// Current language.
    pub lang: Lang,
    /// Current theme.
    pub theme: widgets::Theme,
    /// Known names, most recent first.
    pub names: &'a [String],
    /// A problem with the saved list.
    pub problem: Option<&'a str>,
}

/// Draws the profile screen; `typed` is the name field.
pub fn profile_view(
    ui: &mut egui::Ui,
    v: &ProfileView,
    typed: &mut String,
) -> Option<ProfileAction> {
    let w = v.words;
    let mut action = None;
    egui::Panel::top("profile-top").show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.heading(w.app_title);
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if let Some(lang) = widgets::lang_switch(ui, v.lang) {
                    action = Some(ProfileAction::Lang(lang));
                }
                ui.separator();
                if let Some(theme) = widgets::theme_picker(ui, w.themes, v.theme) {
                    action = Some(ProfileAction::Theme(theme));
                }
                ui.label(w.theme_plain);
            });
        });
    });
    egui::CentralPanel::default().show(ui, |ui| {
        ui.vertical_centered(|ui| {
            ui.add_space(40.0);
            ui.heading(w.who_is_practising);
            ui.add_space(12.0);
            ui.label(w.type_your_name);
            let field = ui.add(
                egui::TextEdit::singleline(typed)
                    .hint_text(w.name_hint)
                    .char_limit(MAX_NAME)
                    .desired_width(320.0),
            );
            if ui.memory(|m| m.focused().is_none()) {
                field.request_focus();
            }
            let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
            let ok = clean_name(typed).is_some();
            ui.add_space(8.0);
            let start = ui.add_enabled(ok, egui::Button::new(w.start_button));
            if ok && (start.clicked() || enter) {
                action = Some(ProfileAction::Use(typed.clone()));
            }
            if !v.names.is_empty() {
                ui.add_space(24.0);
                ui.label(w.or_pick_a_name);
                for name in v.names.iter().take(9) {
                    if ui.button(name).clicked() {
                        action = Some(ProfileAction::Use(name.clone()));
                    }
                }
            }
            if let Some(p) = v.problem {
                ui.add_space(16.0);
                ui.colored_label(widgets::warn(), p);
            }
            ui.add_space(24.0);
            ui.weak(w.profile_help);
        });
    });
    action
}

fn view_system(
    mut contexts: EguiContexts,
    settings: Res<Settings>,
    mut profiles: ResMut<Profiles>,
    mut out: MessageWriter<ProfileAction>,
) -> Result {
    let mut ui = ui_root(contexts.ctx_mut()?);
    let profiles = &mut *profiles;
    let view = ProfileView {
        words: UiWords::of(settings.lang),
        lang: settings.lang,
        theme: settings.theme,
        names: &profiles.saved.names,
        problem: profiles.problem.as_deref(),
    };
    if let Some(a) = profile_view(&mut ui, &view, &mut profiles.typed) {
        out.write(a);
    }
    Ok(())
}
