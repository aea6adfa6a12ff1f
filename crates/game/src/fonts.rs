//! Fonts: egui's defaults have no Chinese or Korean glyphs, so WenQuanYi Micro Hei
//! (Apache-2.0, `assets/fonts/`) is added as a fallback behind them. Latin text keeps
//! egui's own font; Hanzi and Hangul come from Micro Hei.

use bevy_egui::egui::{
    self, FontData, FontFamily,
    epaint::text::{FontInsert, FontPriority, InsertFontFamily},
};

/// WenQuanYi Micro Hei, compiled in so the game never depends on the working directory.
pub const CJK_FONT: &[u8] = include_bytes!("../../../assets/fonts/wqy-microhei.ttc");

/// Adds the CJK fallback to both font families.
pub fn install(ctx: &egui::Context) {
    let mut data = FontData::from_static(CJK_FONT);
    data.index = 0;
    ctx.add_font(FontInsert::new(
        "wqy-microhei",
        data,
        vec![
            InsertFontFamily {
                family: FontFamily::Proportional,
                priority: FontPriority::Lowest,
            },
            InsertFontFamily {
                family: FontFamily::Monospace,
                priority: FontPriority::Lowest,
            },
        ],
    ));
}
