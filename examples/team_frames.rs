//! The Team screen's cost per frame on the CPU (layout and tessellation; the GPU's share is
//! not counted) for a generated team, scrolling through the grid: the mean and worst frame.
//! Used by `scripts/bench-team.sh`.
//!
//! Usage: `cargo run --release --example team_frames -- LEARNERS`

use std::time::{Duration, Instant};

use bevy_egui::egui;
use frontline_core::Lang;
use frontline_core::five_s::Scores;
use frontline_game::team::{TeamView, screen_of, team_view};
use frontline_game::words::UiWords;
use frontline_records::AttemptSummary;

fn main() {
    let learners: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000);
    let lib = frontline_core::library::Library::load(&Default::default());
    let ids: Vec<String> = {
        let mut v: Vec<String> = lib.scenarios.iter().map(|s| s.value.id.clone()).collect();
        v.sort();
        v.dedup();
        v
    };
    let start = time::OffsetDateTime::now_utc() - time::Duration::weeks(10);
    let mut attempts = Vec::new();
    for l in 0..learners {
        for k in 0..50 {
            let overall = ((l * 37 + k * 11) % 101) as u32;
            attempts.push(AttemptSummary {
                id: attempts.len() as i64,
                profile: format!("Trainee {l:04}"),
                scenario: ids[(l + k) % ids.len()].clone(),
                locale: if k % 2 == 0 { "en" } else { "zh" }.into(),
                started: start,
                finished: start + time::Duration::minutes((l * 50 + k) as i64),
                overall,
                passed: overall >= 70,
                outcome: Some("resolved".into()),
                five_s: Scores::from_fn(|_| Some(overall)),
                violations: if overall < 50 {
                    vec!["avoid.passing_the_buck".into()]
                } else {
                    Vec::new()
                },
                source: None,
            });
        }
    }
    let screen = screen_of(attempts, Ok(Default::default()), &lib, Lang::En);
    let ctx = egui::Context::default();
    frontline_game::fonts::install(&ctx);
    let size = egui::vec2(1280.0, 800.0);
    let mut times = Vec::new();
    for frame in 0..400 {
        let mut input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, size)),
            ..Default::default()
        };
        input
            .events
            .push(egui::Event::PointerMoved(egui::pos2(800.0, 450.0)));
        if frame > 20 {
            // Scroll down through the whole team, then back up.
            let dy = if frame < 210 { -120.0 } else { 120.0 };
            input.events.push(egui::Event::MouseWheel {
                unit: egui::MouseWheelUnit::Point,
                delta: egui::vec2(0.0, dy),
                modifiers: egui::Modifiers::NONE,
                phase: egui::TouchPhase::Move,
            });
        }
        let t = Instant::now();
        let out = ctx.run_ui(input, |ui| {
            let v = TeamView {
                words: UiWords::of(Lang::En),
                core_words: Lang::En.words(),
                screen: &screen,
                problem: None,
            };
            team_view(ui, &v);
        });
        let mut out = out;
        let shapes = std::mem::take(&mut out.shapes);
        let _ = ctx.tessellate(shapes, out.pixels_per_point);
        // No GPU takes the font texture here.
        out.textures_delta.clear();
        if frame >= 5 {
            times.push(t.elapsed());
        }
    }
    let mean = times.iter().sum::<Duration>() / times.len() as u32;
    let worst = times.iter().max().copied().unwrap_or_default();
    println!(
        "{learners} learners, {} attempts: frame mean {:.2} ms, worst {:.2} ms over {} frames",
        learners * 50,
        mean.as_secs_f64() * 1000.0,
        worst.as_secs_f64() * 1000.0,
        times.len()
    );
}
