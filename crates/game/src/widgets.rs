//! Small pieces of interface several screens share.

use bevy_egui::egui::{self, Color32, RichText};

use frontline_core::Lang;

/// Colour for warnings.
pub const WARN: Color32 = Color32::from_rgb(0xE0, 0xA0, 0x30);
/// Colour for errors and failing marks.
pub const BAD: Color32 = Color32::from_rgb(0xE0, 0x55, 0x50);
/// Colour for passing marks.
pub const GOOD: Color32 = Color32::from_rgb(0x50, 0xC0, 0x70);
/// Colour for the trainee's own lines.
pub const YOU: Color32 = Color32::from_rgb(0x8C, 0xB8, 0xF0);
/// Colour for the coach's remarks.
pub const COACH: Color32 = Color32::from_rgb(0xC8, 0xB4, 0xF0);

/// The English / 中文 / 한국어 switch: one button per language, each named in its own
/// language. Returns the language picked, if it changed.
pub fn lang_switch(ui: &mut egui::Ui, current: Lang) -> Option<Lang> {
    let mut picked = None;
    for (lang, label) in [
        (Lang::Zh, "中文"),
        (Lang::En, "English"),
        (Lang::Ko, "한국어"),
    ] {
        if ui.selectable_label(current == lang, label).clicked() && current != lang {
            picked = Some(lang);
        }
    }
    picked
}

/// A key hint drawn like a key cap: `[1]`.
pub fn key_cap(key: &str) -> RichText {
    RichText::new(format!(" {key} "))
        .monospace()
        .strong()
        .background_color(Color32::from_gray(60))
}

/// Colour for a mood from -100 (furious, red) through 0 (amber) to 100 (pleased, green).
pub fn mood_colour(mood: i32) -> Color32 {
    let t = frontline_core::rules::mood_fraction(mood);
    let lerp = |a: u8, b: u8, t: f32| (a as f32 + (b as f32 - a as f32) * t) as u8;
    let (from, to, t) = if t < 0.5 {
        (BAD, WARN, t * 2.0)
    } else {
        (WARN, GOOD, (t - 0.5) * 2.0)
    };
    Color32::from_rgb(
        lerp(from.r(), to.r(), t),
        lerp(from.g(), to.g(), t),
        lerp(from.b(), to.b(), t),
    )
}

/// Which number key (1–9) was pressed this frame, if any.
pub fn number_key(ui: &egui::Ui) -> Option<usize> {
    use egui::Key::*;
    const KEYS: [egui::Key; 9] = [Num1, Num2, Num3, Num4, Num5, Num6, Num7, Num8, Num9];
    ui.input(|i| KEYS.iter().position(|k| i.key_pressed(*k)).map(|p| p + 1))
}

/// Whether `key` was pressed this frame with no modifier held (so Ctrl+key shortcuts and
/// typing in a text field do not trigger screen keys).
pub fn plain_key(ui: &egui::Ui, key: egui::Key) -> bool {
    ui.input(|i| {
        i.key_pressed(key) && !i.modifiers.ctrl && !i.modifiers.command && !i.modifiers.alt
    })
}
