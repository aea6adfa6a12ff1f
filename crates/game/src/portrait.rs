//! The customer's face, drawn with egui shapes so that the expression follows the mood
//! continuously (no art files, nothing to license): brows drawn together and a downturned
//! mouth when furious, a flushed face when angry, a smile when pleased.

use bevy_egui::egui::{self, Color32, Pos2, Stroke, epaint::CubicBezierShape, pos2, vec2};

fn lerp(a: Color32, b: Color32, t: f32) -> Color32 {
    let t = t.clamp(0.0, 1.0);
    let f = |x: u8, y: u8| (x as f32 + (y as f32 - x as f32) * t) as u8;
    Color32::from_rgb(f(a.r(), b.r()), f(a.g(), b.g()), f(a.b(), b.b()))
}

/// Draws the face for `mood` (-100..100) in a square of `size` points.
pub fn draw(ui: &mut egui::Ui, mood: i32, size: f32) -> egui::Response {
    let (rect, response) = ui.allocate_exact_size(vec2(size, size), egui::Sense::hover());
    let p = ui.painter_at(rect);
    let t = frontline_core::rules::mood_fraction(mood) * 2.0 - 1.0;
    let anger = (-t).max(0.0);
    let joy = t.max(0.0);
    let c = rect.center();
    let r = size * 0.34;
    let at = |x: f32, y: f32| pos2(c.x + x * r, c.y + y * r);

    // Background disc tinted by mood.
    p.circle_filled(
        c,
        size * 0.49,
        lerp(
            Color32::from_rgb(0x3A, 0x44, 0x52),
            Color32::from_rgb(0x5A, 0x2E, 0x2E),
            anger,
        ),
    );
    // Shoulders.
    p.add(egui::Shape::convex_polygon(
        vec![
            at(-1.25, 1.45),
            at(-0.9, 0.95),
            at(0.9, 0.95),
            at(1.25, 1.45),
        ],
        Color32::from_rgb(0x35, 0x5C, 0x7D),
        Stroke::NONE,
    ));
    // Neck and head.
    let skin = lerp(
        Color32::from_rgb(0xF1, 0xC9, 0xA5),
        Color32::from_rgb(0xE8, 0x8E, 0x7A),
        anger * 0.9,
    );
    p.rect_filled(
        egui::Rect::from_min_max(at(-0.28, 0.7), at(0.28, 1.05)),
        0.0,
        skin,
    );
    p.circle_filled(c, r, skin);
    // Hair.
    let hair = Color32::from_rgb(0x3B, 0x2A, 0x20);
    p.add(egui::Shape::convex_polygon(
        vec![
            at(-1.0, -0.25),
            at(-0.85, -0.75),
            at(-0.4, -1.02),
            at(0.4, -1.02),
            at(0.85, -0.75),
            at(1.0, -0.25),
            at(0.6, -0.62),
            at(-0.6, -0.62),
        ],
        hair,
        Stroke::NONE,
    ));

    // Eyes: narrower when angry, wider and bright when pleased.
    let eye_h = (0.11 - 0.05 * anger + 0.02 * joy) * r;
    for side in [-1.0f32, 1.0] {
        let e = at(0.38 * side, -0.12);
        p.add(egui::Shape::ellipse_filled(
            e,
            vec2(0.13 * r, eye_h),
            Color32::WHITE,
        ));
        p.circle_filled(e, 0.065 * r, Color32::from_rgb(0x30, 0x22, 0x18));
        // Brows: the inner end drops as anger grows and lifts a little with joy.
        let inner = at(0.15 * side, -0.33 + 0.16 * anger - 0.05 * joy);
        let outer = at(0.58 * side, -0.40 - 0.06 * anger - 0.03 * joy);
        p.line_segment([inner, outer], Stroke::new(0.07 * r, hair));
    }
    // Nose.
    p.line_segment(
        [at(0.0, -0.05), at(-0.06, 0.18)],
        Stroke::new(0.03 * r, lerp(skin, Color32::BLACK, 0.25)),
    );
    p.line_segment(
        [at(-0.06, 0.18), at(0.04, 0.2)],
        Stroke::new(0.03 * r, lerp(skin, Color32::BLACK, 0.25)),
    );

    // Mouth: a curve whose middle moves down (smile) or up (frown) with the mood.
    let bend = 0.28 * t;
    let corner_y = 0.47 - 0.06 * t;
    let width = 0.36 + 0.06 * joy;
    let points: [Pos2; 4] = [
        at(-width, corner_y),
        at(-width * 0.4, corner_y + bend),
        at(width * 0.4, corner_y + bend),
        at(width, corner_y),
    ];
    p.add(CubicBezierShape::from_points_stroke(
        points,
        false,
        Color32::TRANSPARENT,
        Stroke::new(0.06 * r, Color32::from_rgb(0x8A, 0x2E, 0x2E)),
    ));
    // Cheeks flush when pleased; a tension mark on the temple when furious.
    if joy > 0.3 {
        for side in [-1.0f32, 1.0] {
            p.circle_filled(
                at(0.6 * side, 0.25),
                0.1 * r,
                Color32::from_rgba_unmultiplied(0xF0, 0x80, 0x80, (joy * 90.0) as u8),
            );
        }
    }
    if anger > 0.6 {
        let m = at(0.72, -0.62);
        let s = 0.1 * r;
        let red = Stroke::new(0.04 * r, Color32::from_rgb(0xD0, 0x20, 0x20));
        for (dx, dy) in [(-1.0, -1.0), (1.0, -1.0), (-1.0, 1.0), (1.0, 1.0)] {
            p.line_segment(
                [
                    pos2(m.x + dx * s * 0.3, m.y + dy * s),
                    pos2(m.x + dx * s, m.y + dy * s * 0.3),
                ],
                red,
            );
        }
    }
    response
}
