//! The first screen: who is practising. Names are remembered in the data folder so the next
//! start offers them again, together with the language and text size last used.

use std::path::{Path, PathBuf};

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};
use serde::{Deserialize, Serialize};

use super::state::{Launch, Screen, Settings, Trainee};
use super::words::UiWords;
use super::{ui_root, widgets};
use frontline_core::Lang;

/// What is kept between starts, in `<data dir>/profiles.ron`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SavedProfiles {
    /// Trainee names, most recent first.
    pub names: Vec<String>,
    /// Language code last chosen.
    pub lang: String,
    /// Text size last chosen.
    pub zoom: f32,
}

impl Default for SavedProfiles {
    fn default() -> Self {
        SavedProfiles {
            names: Vec::new(),
            lang: "en".into(),
            zoom: 1.0,
        }
    }
}

const FILE: &str = "profiles.ron";
/// Longest name accepted, in characters.
pub const MAX_NAME: usize = 40;

impl SavedProfiles {
    /// Reads the saved profiles. A missing file is a first start; a damaged one is moved
    /// aside (never deleted) and reported, and the game starts with no names.
    pub fn load(dir: &Path) -> (SavedProfiles, Option<String>) {
        let path = dir.join(FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return (SavedProfiles::default(), None);
            }
            Err(e) => {
                return (
                    SavedProfiles::default(),
                    Some(format!("cannot read {}: {e}", path.display())),
                );
            }
        };
        match ron::from_str::<SavedProfiles>(&text) {
            Ok(p) => (p, None),
            Err(e) => {
                let aside = path.with_extension("ron.damaged");
                let moved = std::fs::rename(&path, &aside).is_ok();
                let note = if moved {
                    format!("; it was moved to {}", aside.display())
                } else {
                    String::new()
                };
                (
                    SavedProfiles::default(),
                    Some(format!("{} could not be read ({e}){note}", path.display())),
                )
            }
        }
    }

    /// Writes atomically: a temporary file, flushed, then renamed over the old one, so a
    /// crash or a full disk leaves either the old file or the new one, never half of one.
    pub fn save(&self, dir: &Path) -> Result<(), String> {
        use std::io::Write;
        let fail =
            |e: std::io::Error| format!("cannot save the trainee list in {}: {e}", dir.display());
        std::fs::create_dir_all(dir).map_err(fail)?;
        let text = ron::ser::to_string_pretty(self, Default::default())
            .map_err(|e| format!("cannot write the trainee list: {e}"))?;
        let tmp = dir.join(format!("{FILE}.tmp"));
        let mut f = std::fs::File::create(&tmp).map_err(fail)?;
        f.write_all(text.as_bytes()).map_err(fail)?;
        f.sync_all().map_err(fail)?;
        std::fs::rename(&tmp, dir.join(FILE)).map_err(fail)
    }

    /// Puts `name` first.
    pub fn remember(&mut self, name: &str) {
        self.names.retain(|n| n != name);
        self.names.insert(0, name.to_owned());
        self.names.truncate(50);
    }
}

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
}

/// Turns what was typed into a name: trimmed, inner whitespace collapsed, no control
/// characters, at most [`MAX_NAME`] characters.
pub fn clean_name(typed: &str) -> Option<String> {
    let name: String = typed
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_NAME)
        .collect();
    (!name.is_empty()).then_some(name)
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
                profiles.save();
                trainee.name = name;
                next.set(Screen::Library);
            }
            ProfileAction::Lang(lang) => {
                settings.lang = *lang;
                profiles.saved.lang = lang.code().into();
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
                ui.colored_label(widgets::WARN, p);
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
        names: &profiles.saved.names,
        problem: profiles.problem.as_deref(),
    };
    if let Some(a) = profile_view(&mut ui, &view, &mut profiles.typed) {
        out.write(a);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cleaned() {
        assert_eq!(
            clean_name("  Ada   Lovelace \n"),
            Some("Ada Lovelace".into())
        );
        assert_eq!(clean_name(" \t "), None);
        assert_eq!(
            clean_name(&"x".repeat(100)).map(|n| n.len()),
            Some(MAX_NAME)
        );
    }

    #[test]
    fn profiles_survive_a_round_trip_and_a_damaged_file_is_moved_aside() {
        let dir = std::env::temp_dir().join(format!("frontline-profiles-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let mut p = SavedProfiles::default();
        p.remember("Mei");
        p.remember("Jun");
        p.remember("Mei");
        p.save(&dir).unwrap();
        let (back, problem) = SavedProfiles::load(&dir);
        assert_eq!(problem, None);
        assert_eq!(back.names, ["Mei", "Jun"]);

        std::fs::write(dir.join(FILE), "(names: [\"half").unwrap();
        let (back, problem) = SavedProfiles::load(&dir);
        assert!(back.names.is_empty());
        assert!(problem.unwrap().contains("moved to"));
        assert!(dir.join("profiles.ron.damaged").exists());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
