//! Illustrated customers: one character per persona in six expressions the mood selects,
//! from the CC0 Open Peeps art (rendered by `scripts/portraits/generate.mjs`; licences in
//! `assets/portraits/LICENSE.md`). The pictures are compiled in, like the library. When the
//! mood moves between expressions the two cross-fade. A character that is not there, or a
//! picture that does not decode, falls back to the face drawn with shapes
//! ([`super::portrait`]): never a blank.

use bevy_egui::egui;

/// The expressions, from the mood floor up.
pub const EXPRESSIONS: [&str; 6] = ["furious", "angry", "uneasy", "neutral", "calm", "pleased"];

/// The character used when a scenario names none that exists.
pub const DEFAULT: &str = "service-hall";

macro_rules! character {
    ($name:literal) => {
        (
            $name,
            [
                include_bytes!(concat!("../../../assets/portraits/", $name, "/furious.png"))
                    .as_slice(),
                include_bytes!(concat!("../../../assets/portraits/", $name, "/angry.png"))
                    .as_slice(),
                include_bytes!(concat!("../../../assets/portraits/", $name, "/uneasy.png"))
                    .as_slice(),
                include_bytes!(concat!("../../../assets/portraits/", $name, "/neutral.png"))
                    .as_slice(),
                include_bytes!(concat!("../../../assets/portraits/", $name, "/calm.png"))
                    .as_slice(),
                include_bytes!(concat!("../../../assets/portraits/", $name, "/pleased.png"))
                    .as_slice(),
            ],
        )
    };
}

/// Every character's pictures, PNG, in [`EXPRESSIONS`] order.
pub static CHARACTERS: [(&str, [&[u8]; 6]); 12] = [
    character!("angry-customer"),
    character!("billing-dispute"),
    character!("billing-dispute-lin"),
    character!("compensation-demand"),
    character!("hotline-enquiry"),
    character!("long-wait"),
    character!("long-wait-zhou"),
    character!("missing-pin"),
    character!("missing-pin-wang"),
    character!("service-hall"),
    character!("service-hall-liu"),
    character!("warm-handover"),
];

/// The character to show: the one named, else the scenario's own, else the default.
pub fn character_for(named: Option<&str>, scenario: &str) -> &'static str {
    let known = |n: &str| CHARACTERS.iter().find(|(c, _)| *c == n).map(|(c, _)| *c);
    named
        .and_then(known)
        .or_else(|| known(scenario))
        .unwrap_or(DEFAULT)
}

fn decode(bytes: &[u8]) -> Option<egui::ColorImage> {
    let img = image::load_from_memory_with_format(bytes, image::ImageFormat::Png)
        .ok()?
        .to_rgba8();
    let size = [img.width() as usize, img.height() as usize];
    Some(egui::ColorImage::from_rgba_unmultiplied(size, img.as_raw()))
}

/// The texture of one picture, decoded and uploaded once; `None` when it does not decode.
fn texture(ctx: &egui::Context, character: &'static str, k: usize) -> Option<egui::TextureHandle> {
    let id = egui::Id::new(("portrait", character, k));
    if let Some(t) = ctx.data(|d| d.get_temp::<Option<egui::TextureHandle>>(id)) {
        return t;
    }
    let bytes = CHARACTERS.iter().find(|(c, _)| *c == character)?.1[k];
    let t = decode(bytes).map(|img| {
        ctx.load_texture(
            format!("portrait-{character}-{}", EXPRESSIONS[k]),
            img,
            egui::TextureOptions::LINEAR,
        )
    });
    ctx.data_mut(|d| d.insert_temp(id, t.clone()));
    t
}

/// The expression the face settles on for `mood`: an index into [`EXPRESSIONS`]. The
/// mood meter names it too, so a screen reader hears the face a sighted trainee sees.
pub fn expression_at(mood: i32) -> usize {
    (frontline_core::rules::mood_fraction(mood) * (EXPRESSIONS.len() - 1) as f32).round() as usize
}

/// Draws the character for `mood` in a square of `size` points, cross-fading between the
/// two nearest expressions as the mood moves.
pub fn draw(ui: &mut egui::Ui, character: &'static str, mood: i32, size: f32) -> egui::Response {
    let target = expression_at(mood) as f32;
    let shown =
        ui.ctx()
            .animate_value_with_time(egui::Id::new(("portrait-fade", character)), target, 0.45);
    let (lo, hi) = (shown.floor() as usize, shown.ceil() as usize);
    let (Some(a), Some(b)) = (
        texture(ui.ctx(), character, lo),
        texture(ui.ctx(), character, hi),
    ) else {
        return super::portrait::draw(ui, mood, size);
    };
    let (rect, response) = ui.allocate_exact_size(egui::vec2(size, size), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    let uv = egui::Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0));
    let t = shown - lo as f32;
    painter.image(
        a.id(),
        rect,
        uv,
        egui::Color32::WHITE.gamma_multiply(1.0 - t),
    );
    if hi != lo {
        painter.image(b.id(), rect, uv, egui::Color32::WHITE.gamma_multiply(t));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_picture_decodes_and_the_mood_picks_the_expression() {
        for (name, pictures) in &CHARACTERS {
            for (k, bytes) in pictures.iter().enumerate() {
                let img = decode(bytes).unwrap_or_else(|| panic!("{name}/{}", EXPRESSIONS[k]));
                assert!(img.size[0] >= 128 && img.size[0] == img.size[1], "{name}");
            }
        }
        assert_eq!(expression_at(-100), 0);
        assert_eq!(expression_at(100), 5);
        assert_eq!(expression_at(0), 3, "neutral at 0 (2.5 rounds up)");
        assert_eq!(EXPRESSIONS[expression_at(-60)], "angry", "angry, -60");
        assert!(
            decode(b"not a png").is_none(),
            "a corrupt picture is a fallback, not a panic"
        );
        assert_eq!(character_for(Some("missing-pin"), "x"), "missing-pin");
        assert_eq!(character_for(Some("nobody"), "long-wait"), "long-wait");
        assert_eq!(character_for(None, "my-own-scenario"), DEFAULT);
    }

    #[test]
    fn the_compiled_in_pictures_are_the_manifests() {
        let manifest: std::collections::BTreeMap<String, Vec<String>> =
            ron::from_str(include_str!("../../../assets/portraits/manifest.ron")).unwrap();
        let compiled: std::collections::BTreeMap<String, Vec<String>> = CHARACTERS
            .iter()
            .map(|(n, _)| ((*n).to_owned(), EXPRESSIONS.map(str::to_owned).to_vec()))
            .collect();
        assert_eq!(manifest, compiled);
    }
}
