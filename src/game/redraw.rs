//! Reactive rendering: the game draws a frame only when something happened (a key, a
//! click, a file reload, the response clock ticking), so a trainee reading a long line
//! costs almost no CPU.
//!
//! Why bevy_egui alone spins: `bevy_egui` 0.42 pushes an `egui::Event::ModifiersChanged`
//! into egui's input on *every* frame (`write_egui_input_system`), changed or not. egui
//! treats any input event as a reason to repaint at once (`InputState::wants_repaint_after`
//! returns zero when `events` is non-empty), so `process_output_system` sends
//! `RequestRedraw`, the next frame pushes another `ModifiersChanged`, and the loop never
//! ends — `WinitSettings::desktop_app()` cannot help because the app keeps asking for
//! redraws itself. [`drop_repeated_modifiers`] lets the event through only when the
//! modifiers really changed, which breaks the loop without losing any input.

use std::collections::HashMap;
use std::time::Duration;

use bevy::prelude::*;
use bevy::winit::{UpdateMode, WinitSettings};
use bevy_egui::{EguiInput, EguiInputSet, egui};

/// Set by a screen that shows something moving (the response clock): frames then come
/// four times a second while the window has focus.
#[derive(Resource, Debug, Default)]
pub struct Animating(pub bool);

/// Registers reactive rendering.
pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Animating>()
        .insert_resource(WinitSettings::desktop_app())
        .add_systems(
            PreUpdate,
            drop_repeated_modifiers.after(EguiInputSet::WriteEguiEvents),
        )
        .add_systems(Last, pace);
}

/// Removes `ModifiersChanged` events that repeat the last modifiers egui was told about.
pub fn drop_repeated_modifiers(
    mut inputs: Query<(Entity, &mut EguiInput)>,
    mut told: Local<HashMap<Entity, egui::Modifiers>>,
) {
    for (entity, mut input) in &mut inputs {
        let mut last = told.get(&entity).copied();
        input.events.retain(|event| match event {
            egui::Event::ModifiersChanged(m) => {
                let changed = last != Some(*m);
                last = Some(*m);
                changed
            }
            _ => true,
        });
        if let Some(m) = last {
            told.insert(entity, m);
        }
    }
}

fn pace(animating: Res<Animating>, mut winit: ResMut<WinitSettings>) {
    let wanted = if animating.0 {
        UpdateMode::reactive(Duration::from_millis(250))
    } else {
        WinitSettings::desktop_app().focused_mode
    };
    if winit.focused_mode != wanted {
        winit.focused_mode = wanted;
    }
}
