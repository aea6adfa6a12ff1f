//! Small pieces of interface several screens share.

use bevy_egui::egui::{self, Color32, RichText};

use frontline_core::Lang;

/// The look of the whole interface: the dark default, a light one, and a high-contrast one
/// for low vision. Every text colour of each meets WCAG's 4.5:1 against its background
/// (checked by the tests below).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Theme {
    /// Light text on dark grey.
    #[default]
    Dark,
    /// Dark text on white.
    Light,
    /// White and bright colours on black, thick outlines.
    HighContrast,
}

impl Theme {
    /// Every theme, in the order K cycles them.
    pub const ALL: [Theme; 3] = [Theme::Dark, Theme::Light, Theme::HighContrast];

    /// The key saved in the settings file.
    pub fn key(self) -> &'static str {
        match self {
            Theme::Dark => "dark",
            Theme::Light => "light",
            Theme::HighContrast => "high-contrast",
        }
    }

    /// The theme saved under `key`.
    pub fn from_key(key: &str) -> Option<Theme> {
        Theme::ALL.into_iter().find(|t| t.key() == key)
    }

    /// The next theme (K).
    pub fn next(self) -> Theme {
        let i = Theme::ALL.iter().position(|t| *t == self).unwrap_or(0);
        Theme::ALL[(i + 1) % Theme::ALL.len()]
    }

    /// egui's colours for the theme.
    pub fn visuals(self) -> egui::Visuals {
        match self {
            Theme::Dark => {
                // egui's own weak text is 2.3:1 on its panels; hints and help must be read.
                let mut v = egui::Visuals::dark();
                v.weak_text_color = Some(Color32::from_gray(135));
                v
            }
            Theme::Light => {
                let mut v = egui::Visuals::light();
                v.override_text_color = Some(Color32::from_gray(20));
                v.widgets.noninteractive.fg_stroke.color = Color32::from_gray(20);
                v.weak_text_color = Some(Color32::from_gray(80));
                v
            }
            Theme::HighContrast => {
                let mut v = egui::Visuals::dark();
                v.override_text_color = Some(Color32::WHITE);
                v.weak_text_color = Some(Color32::from_gray(215));
                v.panel_fill = Color32::BLACK;
                v.window_fill = Color32::BLACK;
                v.extreme_bg_color = Color32::BLACK;
                v.faint_bg_color = Color32::from_gray(20);
                for w in [
                    &mut v.widgets.noninteractive,
                    &mut v.widgets.inactive,
                    &mut v.widgets.hovered,
                    &mut v.widgets.active,
                    &mut v.widgets.open,
                ] {
                    w.bg_stroke = egui::Stroke::new(1.5, Color32::WHITE);
                    w.fg_stroke.color = Color32::WHITE;
                }
                v.widgets.inactive.weak_bg_fill = Color32::BLACK;
                v.widgets.inactive.bg_fill = Color32::BLACK;
                v.widgets.hovered.weak_bg_fill = Color32::from_gray(40);
                v.selection.bg_fill = Color32::from_rgb(0x00, 0x3A, 0x8C);
                v.selection.stroke = egui::Stroke::new(2.0, Color32::WHITE);
                v
            }
        }
    }

    /// The background text sits on.
    pub fn background(self) -> Color32 {
        self.visuals().panel_fill
    }

    /// Warnings, errors and failing marks, passing marks, the trainee's lines, the coach.
    fn palette(self) -> [Color32; 5] {
        match self {
            Theme::Dark => [
                Color32::from_rgb(0xE0, 0xA0, 0x30),
                Color32::from_rgb(0xE0, 0x55, 0x50),
                Color32::from_rgb(0x50, 0xC0, 0x70),
                Color32::from_rgb(0x8C, 0xB8, 0xF0),
                Color32::from_rgb(0xC8, 0xB4, 0xF0),
            ],
            Theme::Light => [
                Color32::from_rgb(0x8A, 0x50, 0x00),
                Color32::from_rgb(0xB0, 0x22, 0x1A),
                Color32::from_rgb(0x1A, 0x6B, 0x30),
                Color32::from_rgb(0x1F, 0x4E, 0x9A),
                Color32::from_rgb(0x5B, 0x3A, 0x9E),
            ],
            Theme::HighContrast => [
                Color32::from_rgb(0xFF, 0xD7, 0x00),
                Color32::from_rgb(0xFF, 0x8A, 0x80),
                Color32::from_rgb(0x6C, 0xFF, 0x8A),
                Color32::from_rgb(0x8F, 0xD0, 0xFF),
                Color32::from_rgb(0xE6, 0xC0, 0xFF),
            ],
        }
    }
}

static THEME: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

/// Sets the theme every screen draws with (and the colours below return).
pub fn set_theme(ctx: &egui::Context, t: Theme) {
    let i = Theme::ALL.iter().position(|x| *x == t).unwrap_or(0) as u8;
    THEME.store(i, std::sync::atomic::Ordering::Relaxed);
    ctx.set_visuals(t.visuals());
}

/// The theme in use.
pub fn theme() -> Theme {
    Theme::ALL[THEME.load(std::sync::atomic::Ordering::Relaxed) as usize % Theme::ALL.len()]
}

/// Colour for warnings.
pub fn warn() -> Color32 {
    theme().palette()[0]
}
/// Colour for errors and failing marks.
pub fn bad() -> Color32 {
    theme().palette()[1]
}
/// Colour for passing marks.
pub fn good() -> Color32 {
    theme().palette()[2]
}
/// Colour for the trainee's own lines.
pub fn you() -> Color32 {
    theme().palette()[3]
}
/// Colour for the coach's remarks.
pub fn coach() -> Color32 {
    theme().palette()[4]
}

/// WCAG 2 contrast ratio of two colours (1 to 21).
pub fn contrast(a: Color32, b: Color32) -> f64 {
    let lum = |c: Color32| {
        let ch = |v: u8| {
            let v = v as f64 / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * ch(c.r()) + 0.7152 * ch(c.g()) + 0.0722 * ch(c.b())
    };
    let (x, y) = (lum(a), lum(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

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
        (bad(), warn(), t * 2.0)
    } else {
        (warn(), good(), (t - 0.5) * 2.0)
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

/// The theme menu (on the profile screen and the library); the theme picked, if it changed.
pub fn theme_picker(ui: &mut egui::Ui, names: [&str; 3], current: Theme) -> Option<Theme> {
    let mut theme = current;
    egui::ComboBox::from_id_salt("theme")
        .selected_text(names[theme as usize])
        .show_ui(ui, |ui| {
            for (t, name) in Theme::ALL.into_iter().zip(names) {
                ui.selectable_value(&mut theme, t, name);
            }
        });
    (theme != current).then_some(theme)
}

/// Whether `key` was pressed this frame with no modifier held (so Ctrl+key shortcuts and
/// typing in a text field do not trigger screen keys).
pub fn plain_key(ui: &egui::Ui, key: egui::Key) -> bool {
    ui.input(|i| {
        i.key_pressed(key) && !i.modifiers.ctrl && !i.modifiers.command && !i.modifiers.alt
    })
}

#[cfg(test)]
mod theme_tests {
    use super::*;

    fn colours(t: Theme) -> Vec<(&'static str, Color32)> {
        let v = t.visuals();
        let mut out = vec![
            ("text", v.text_color()),
            ("weak text", v.weak_text_color()),
            ("strong text", v.strong_text_color()),
        ];
        for (name, c) in ["warning", "bad", "good", "you", "coach"]
            .into_iter()
            .zip(t.palette())
        {
            out.push((name, c));
        }
        out
    }

    #[test]
    fn every_theme_meets_wcag_aa_for_every_text_colour() {
        for t in Theme::ALL {
            let bg = t.background();
            for (name, c) in colours(t) {
                let ratio = contrast(c, bg);
                assert!(
                    ratio >= 4.5,
                    "{t:?}: {name} {c:?} on {bg:?} is {ratio:.2}:1"
                );
            }
        }
        // High contrast is meant for low vision: its body text is far above the minimum.
        let hc = Theme::HighContrast;
        assert!(contrast(hc.visuals().text_color(), hc.background()) >= 15.0);
    }

    #[test]
    fn the_contrast_ratio_is_wcags() {
        assert!((contrast(Color32::WHITE, Color32::BLACK) - 21.0).abs() < 0.01);
        assert!((contrast(Color32::from_gray(118), Color32::WHITE) - 4.54).abs() < 0.05);
        assert_eq!(Theme::from_key("high-contrast"), Some(Theme::HighContrast));
        assert_eq!(Theme::HighContrast.next(), Theme::Dark);
    }
}
