//! The graphical game: Bevy for the window, assets and screens, egui for everything drawn.
//!
//! The core decides; this module only shows and asks. Each screen is a plugin in its own
//! file with two parts: systems that apply the trainee's actions (messages) to the core,
//! and a view — a pure function of a view-model that draws with egui and returns the
//! action taken. Headless tests add [`GamePlugin`] with `ui: false` and send the same
//! messages the views send.

pub mod assets;
pub mod conversation;
pub mod debrief;
pub mod fonts;
pub mod library;
pub mod portrait;
pub mod portraits;
pub mod probe;
pub mod profile;
pub mod progress;
pub mod quiz;
pub mod records;
pub mod redraw;
pub mod speech;
pub mod state;
pub mod team;
pub mod trainer;
pub mod widgets;
pub mod words;

use std::path::PathBuf;

/// How the window closed (the program's exit status).
pub use bevy::app::AppExit;
use bevy::prelude::*;
use bevy::window::WindowResizeConstraints;
use bevy_egui::{EguiContexts, EguiPlugin, EguiPrimaryContextPass, egui};

use frontline_core::Lang;
use state::{Attempts, Launch, Screen, Settings, Trainee};

/// How to start the game (the command-line flags).
#[derive(Debug, Clone, Default)]
pub struct GameOptions {
    /// Use this trainee name and skip the profile screen.
    pub profile: Option<String>,
    /// Open straight into this scenario (needs `profile`).
    pub scenario: Option<String>,
    /// Interface and content language; the last one used when `None`.
    pub lang: Option<Lang>,
    /// Seed of the first conversation.
    pub seed: Option<u64>,
    /// Start in coach mode.
    pub coach: bool,
    /// Content folders on top of the built-in library.
    pub sources: frontline_core::library::Sources,
    /// Folder for the trainee list and settings.
    pub data_dir: PathBuf,
}

/// Screens, content loading and the rules of play. With `ui: false` nothing is drawn, for
/// headless tests; with `ui: true` the egui views, fonts and reactive rendering are added.
pub struct GamePlugin {
    /// Start options.
    pub options: GameOptions,
    /// Whether to draw (needs a window and `EguiPlugin`'s renderer).
    pub ui: bool,
}

impl Plugin for GamePlugin {
    fn build(&self, app: &mut App) {
        let o = &self.options;
        app.insert_resource(Launch {
            profile: o.profile.clone(),
            scenario: o.scenario.clone(),
            seed: o.seed,
            sources: o.sources.clone(),
            data_dir: o.data_dir.clone(),
        })
        .insert_resource(Settings {
            coach: o.coach,
            ..default()
        })
        .init_resource::<Trainee>()
        .init_resource::<Attempts>()
        .insert_resource(records::Records::open(&o.data_dir))
        .init_state::<Screen>();
        let lang = o.lang;
        app.add_systems(
            Startup,
            move |mut settings: ResMut<Settings>,
                  launch: Res<Launch>,
                  mut profiles: ResMut<profile::Profiles>,
                  mut trainee: ResMut<Trainee>,
                  mut next: ResMut<NextState<Screen>>| {
                if let Some(lang) = lang {
                    settings.lang = lang;
                }
                if let Some(name) = launch.profile.as_deref().and_then(profile::clean_name) {
                    profiles.saved.remember(&name);
                    profiles.save();
                    trainee.name = name;
                    next.set(Screen::Library);
                }
            },
        );
        app.add_plugins((
            assets::plugin,
            profile::plugin,
            library::plugin,
            conversation::plugin,
            debrief::plugin,
            quiz::plugin,
            progress::plugin,
            trainer::plugin,
            team::plugin,
            speech::plugin,
        ))
        .add_systems(Update, open_straight.run_if(in_state(Screen::Library)));
        if self.ui {
            app.add_plugins(EguiPlugin::default())
                .add_plugins((
                    redraw::plugin,
                    profile::ui_plugin,
                    library::ui_plugin,
                    conversation::ui_plugin,
                    debrief::ui_plugin,
                    quiz::ui_plugin,
                    progress::ui_plugin,
                    trainer::ui_plugin,
                    team::ui_plugin,
                ))
                .add_systems(Startup, |mut commands: Commands| {
                    commands.spawn((
                        Name::new("Camera"),
                        Camera2d,
                        Msaa::Off,
                        bevy::core_pipeline::tonemapping::Tonemapping::None,
                        bevy::core_pipeline::tonemapping::DebandDither::Disabled,
                    ));
                })
                .add_systems(
                    EguiPrimaryContextPass,
                    (
                        (style, text_size, theme).chain().before(ScreenViews),
                        small_window_notice.after(ScreenViews),
                    ),
                );
        }
    }
}

/// The set the screen views run in (after styling).
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct ScreenViews;

/// Opens the conversation named on the command line once it has loaded.
fn open_straight(
    mut launch: ResMut<Launch>,
    content: Res<assets::Content>,
    server: Res<AssetServer>,
    settings: Res<Settings>,
    mut start: MessageWriter<conversation::StartConversation>,
    mut start_quiz: MessageWriter<quiz::StartQuiz>,
) {
    let Some(id) = launch.scenario.clone() else {
        return;
    };
    // Wait for the folders: a content folder may hold a newer version of the scenario.
    if content.loading(&server) {
        return;
    }
    if content.scenario(&id, settings.lang).is_some() {
        launch.scenario = None;
        start.write(conversation::StartConversation {
            scenario: id,
            seed: launch.seed.take(),
        });
        return;
    }
    launch.scenario = None;
    if content.quiz(&id, settings.lang).is_some() {
        start_quiz.write(quiz::StartQuiz(id));
        return;
    }
    warn!("there is no playable scenario or quiz `{id}`; showing the library");
}

/// A `Ui` covering the whole window, for the screens' panels.
pub fn ui_root(ctx: &egui::Context) -> egui::Ui {
    egui::Ui::new(
        ctx.clone(),
        "frontline".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    )
}

/// Fonts and text styles, once.
fn style(mut contexts: EguiContexts, mut done: Local<bool>, settings: Res<Settings>) -> Result {
    if *done {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?;
    fonts::install(ctx);
    apply_style(ctx);
    widgets::set_theme(ctx, settings.theme);
    // Text size is handled in `text_size`, with bounds and memory.
    ctx.options_mut(|o| o.zoom_with_keyboard = false);
    ctx.set_zoom_factor(settings.zoom);
    *done = true;
    Ok(())
}

/// The text styles the screens are designed for (larger than egui's defaults: trainees read
/// a lot of text).
pub fn apply_style(ctx: &egui::Context) {
    use egui::{FontFamily, FontId, TextStyle};
    ctx.all_styles_mut(|style| {
        style.text_styles = [
            (
                TextStyle::Heading,
                FontId::new(21.0, FontFamily::Proportional),
            ),
            (TextStyle::Body, FontId::new(15.5, FontFamily::Proportional)),
            (
                TextStyle::Button,
                FontId::new(15.5, FontFamily::Proportional),
            ),
            (
                TextStyle::Small,
                FontId::new(12.0, FontFamily::Proportional),
            ),
            (
                TextStyle::Monospace,
                FontId::new(13.5, FontFamily::Monospace),
            ),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.button_padding = egui::vec2(10.0, 5.0);
    });
}

/// Ctrl + (or Ctrl =), Ctrl − and Ctrl 0 change the text size in steps of 10 %, within
/// readable bounds; the size is remembered for the next start.
fn text_size(
    mut contexts: EguiContexts,
    mut settings: ResMut<Settings>,
    mut profiles: ResMut<profile::Profiles>,
) -> Result {
    use egui::{Key, Modifiers};
    let ctx = contexts.ctx_mut()?;
    let (bigger, smaller, reset) = ctx.input_mut(|i| {
        let mut pressed = |keys: &[Key]| {
            keys.iter().any(|k| {
                i.consume_key(Modifiers::COMMAND, *k)
                    || i.consume_key(Modifiers::COMMAND | Modifiers::SHIFT, *k)
            })
        };
        (
            pressed(&[Key::Plus, Key::Equals]),
            pressed(&[Key::Minus]),
            pressed(&[Key::Num0]),
        )
    });
    let zoom = ctx.zoom_factor();
    let wanted = if reset {
        1.0
    } else if bigger {
        zoom * 1.1
    } else if smaller {
        zoom / 1.1
    } else {
        zoom
    };
    let clamped = wanted.clamp(0.6, 2.0);
    if clamped != zoom {
        ctx.set_zoom_factor(clamped);
    }
    if (clamped - settings.zoom).abs() > 0.01 {
        settings.zoom = clamped;
        profiles.saved.zoom = clamped;
        profiles.save();
    }
    Ok(())
}

/// The theme chosen in the library, applied as soon as it changes.
fn theme(mut contexts: EguiContexts, settings: Res<Settings>) -> Result {
    if widgets::theme() != settings.theme {
        widgets::set_theme(contexts.ctx_mut()?, settings.theme);
    }
    Ok(())
}

/// Without a window manager (or with one that ignores size hints) the window can be made
/// smaller than the screens are laid out for; say so rather than leave text cut off
/// without explanation.
fn small_window_notice(mut contexts: EguiContexts, settings: Res<Settings>) -> Result {
    let ctx = contexts.ctx_mut()?;
    let size = ctx.viewport_rect().size() * ctx.zoom_factor();
    if size.x < 1020.0 || size.y < 636.0 {
        egui::Area::new("small-window".into())
            .anchor(egui::Align2::CENTER_BOTTOM, egui::vec2(0.0, -28.0))
            .order(egui::Order::Foreground)
            .show(ctx, |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.colored_label(
                        widgets::warn(),
                        words::UiWords::of(settings.lang).window_too_small,
                    );
                });
            });
    }
    Ok(())
}

/// Opens the game window and runs until it is closed, drawing with the adapter found by
/// [`probe::renderer`].
pub fn run(options: GameOptions, renderer: probe::Renderer) -> AppExit {
    let mut app = App::new();
    assets::register_sources(&mut app, &options.sources);
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: Some(Window {
                    title: "Frontline".into(),
                    // The application id: desktops match it to frontline.desktop.
                    name: Some("frontline".into()),
                    resolution: (1280, 800).into(),
                    resize_constraints: WindowResizeConstraints {
                        min_width: 1024.0,
                        min_height: 640.0,
                        ..default()
                    },
                    ..default()
                }),
                ..default()
            })
            .set(bevy::render::RenderPlugin {
                render_creation: renderer.creation(),
                ..default()
            })
            .set(assets::asset_plugin(true)),
    )
    .add_plugins(GamePlugin { options, ui: true });
    app.run()
}
