//! The debrief screen as drawn: the 5S radar, the mood plot, the moments and the
//! walk-through, from a [`DebriefView`] built by the systems in `mod.rs`.

use super::*;

pub(super) fn dimension_index(d: Dimension) -> usize {
    Dimension::ALL.iter().position(|x| *x == d).unwrap_or(0)
}

/// The 5S radar: one axis per dimension, 0 at the centre and 100 at the rim.
pub(super) fn radar(ui: &mut egui::Ui, v: &DebriefView, size: f32) {
    let angle = |i: usize| std::f64::consts::FRAC_PI_2 - i as f64 * std::f64::consts::TAU / 5.0;
    let at = |i: usize, r: f64| [r * angle(i).cos(), r * angle(i).sin()];
    let ring = |r: f64| -> Vec<[f64; 2]> { (0..5).map(|i| at(i, r)).collect() };
    let scores: Vec<[f64; 2]> = v
        .debrief
        .dimensions
        .iter()
        .map(|d| {
            at(
                dimension_index(d.dimension),
                d.score.unwrap_or(0) as f64 / 100.0,
            )
        })
        .collect();
    let colour = if v.debrief.passed {
        widgets::good()
    } else {
        widgets::warn()
    };
    Plot::new("five-s-radar")
        .data_aspect(1.0)
        .width(size)
        .height(size)
        .show_axes(false)
        .show_grid(false)
        .show_background(false)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_x(false)
        .show_y(false)
        .include_x(-1.45)
        .include_x(1.45)
        .include_y(-1.3)
        .include_y(1.35)
        .show(ui, |plot| {
            for r in [0.5, 1.0] {
                plot.polygon(
                    Polygon::new("", ring(r))
                        .fill_color(egui::Color32::TRANSPARENT)
                        .stroke(egui::Stroke::new(1.0, egui::Color32::from_gray(90))),
                );
            }
            for i in 0..5 {
                plot.line(
                    Line::new("", vec![[0.0, 0.0], at(i, 1.0)])
                        .color(egui::Color32::from_gray(70))
                        .width(1.0),
                );
            }
            plot.polygon(
                Polygon::new(v.core_words.five_s, scores)
                    .fill_color(colour.gamma_multiply(0.35))
                    .stroke(egui::Stroke::new(2.0, colour)),
            );
            for d in &v.debrief.dimensions {
                let i = dimension_index(d.dimension);
                let [x, y] = at(i, 1.2);
                let value = match d.score {
                    Some(s) => s.to_string(),
                    None => v.core_words.not_rated.to_owned(),
                };
                plot.text(Text::new(
                    "",
                    PlotPoint::new(x, y),
                    egui::RichText::new(format!("{}\n{}", v.core_words.dimensions[i], value))
                        .strong(),
                ));
            }
        });
}

pub(super) fn mood_plot(ui: &mut egui::Ui, v: &DebriefView, height: f32) {
    let points: Vec<[f64; 2]> = v
        .debrief
        .mood
        .iter()
        .enumerate()
        .map(|(i, m)| [i as f64, *m as f64])
        .collect();
    Plot::new("mood-line")
        .height(height)
        .include_y(-100.0)
        .include_y(100.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .x_axis_label(v.words.turn_axis)
        .show(ui, |plot| {
            plot.hline(HLine::new("", 0.0).color(egui::Color32::from_gray(110)));
            if let Some(limit) = v.walk_out_at {
                plot.hline(HLine::new(v.words.walk_out_line, limit as f64).color(widgets::bad()));
            }
            plot.line(
                Line::new(v.core_words.mood, points)
                    .color(widgets::you())
                    .width(2.5),
            );
        });
}

/// Moments of one turn share the choice's feedback: the principles are listed together,
/// then the feedback once, then where each principle comes from.
pub(super) fn moments_ui(ui: &mut egui::Ui, v: &DebriefView, moments: &[Moment], broken: bool) {
    let w = v.core_words;
    let (mark, colour) = if broken {
        ("✘", widgets::bad())
    } else {
        ("✔", widgets::good())
    };
    for group in moments.chunk_by(|a, b| a.turn == b.turn && a.feedback == b.feedback) {
        let first = &group[0];
        ui.add_space(4.0);
        ui.horizontal_wrapped(|ui| {
            ui.weak(w.turn.replace("{n}", &first.turn.to_string()));
            for m in group {
                ui.colored_label(colour, mark);
                ui.strong(m.title.get(v.lang));
                if m.penalty > 0 {
                    ui.colored_label(widgets::bad(), format!("−{}", m.penalty));
                }
            }
        });
        ui.indent(("moments", first.turn, broken), |ui| {
            if !first.feedback.is_empty() {
                ui.label(&first.feedback);
            }
            for m in group {
                let inferred = if m.inferred {
                    format!(" · {}", w.inferred)
                } else {
                    String::new()
                };
                let cite = ui.weak(format!("{} · {}{inferred}", m.id.as_str(), m.citation));
                // The passage itself, on demand: hovering (or focusing) the citation.
                if let Some(quote) = v
                    .catalogue
                    .and_then(|c| c.get(m.id.as_str()))
                    .and_then(|p| p.quote.as_deref())
                {
                    cite.on_hover_text(format!("{}{}「{quote}」", w.quote, w.colon));
                }
            }
        });
    }
}

pub(super) fn walk_ui(
    ui: &mut egui::Ui,
    v: &DebriefView,
    step: &WalkStep,
) -> Option<DebriefAction> {
    let w = v.words;
    let mut action = None;
    ui.horizontal(|ui| {
        ui.heading(
            w.walkthrough_turn
                .replace("{n}", &(step.index + 1).to_string())
                .replace("{t}", &step.total.to_string()),
        );
        ui.weak(v.core_words.stage(step.stage));
    });
    ui.horizontal(|ui| {
        if ui
            .add_enabled(step.index > 0, egui::Button::new(w.previous))
            .clicked()
        {
            action = Some(DebriefAction::Walk(Some(step.index - 1)));
        }
        if ui
            .add_enabled(step.index + 1 < step.total, egui::Button::new(w.next))
            .clicked()
        {
            action = Some(DebriefAction::Walk(Some(step.index + 1)));
        }
        if ui.button(w.close_walkthrough).clicked() {
            action = Some(DebriefAction::Walk(None));
        }
    });
    ui.add_space(6.0);
    ui.label(egui::RichText::new(&step.line).italics());
    ui.weak(
        w.mood_change
            .replace("{a}", &step.mood.0.to_string())
            .replace("{b}", &step.mood.1.to_string()),
    );
    match step.time {
        (Some(t), a, Some(b)) => {
            ui.weak(frontline_core::i18n::fill(
                w.walk_time,
                &[
                    ("t", &format!("{t:.1}")),
                    ("a", &format!("{a:.1}")),
                    ("d", &format!("{:.1}", (t - a).max(0.0))),
                    ("b", &format!("{b:.0}")),
                ],
            ));
        }
        (Some(t), _, None) => {
            ui.weak(format!("{t:.1} {}", v.core_words.seconds));
        }
        _ => {}
    }
    ui.add_space(6.0);
    for c in &step.offered {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                if c.chosen {
                    ui.colored_label(widgets::you(), w.your_choice);
                }
                if c.best {
                    ui.colored_label(widgets::good(), w.best_here);
                }
                let colour = if c.points > 0 {
                    widgets::good()
                } else if c.points < 0 {
                    widgets::bad()
                } else {
                    egui::Color32::GRAY
                };
                ui.colored_label(colour, format!("{:+}", c.points));
            });
            ui.label(egui::RichText::new(&c.text).strong());
            ui.label(&c.feedback);
        });
    }
    action
}

/// Draws the debrief.
pub fn debrief_view(ui: &mut egui::Ui, v: &DebriefView) -> Option<DebriefAction> {
    let w = v.words;
    let cw = v.core_words;
    let d = v.debrief;
    let mut action = None;
    egui::Panel::top("debrief-top").show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.heading(format!("{} · {}", cw.debrief, v.title));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button(w.back_to_library).clicked() {
                    action = Some(DebriefAction::Library);
                }
                if let Some((id, _)) = v.quiz
                    && ui.button(w.take_quiz).clicked()
                {
                    action = Some(DebriefAction::Quiz(id.to_owned()));
                }
                let walk_open = v.walk.is_some();
                if ui.button(w.walk_through).clicked() {
                    action = Some(DebriefAction::Walk(if walk_open { None } else { Some(0) }));
                }
                if ui.button(w.retry).clicked() {
                    action = Some(DebriefAction::Retry);
                }
            });
        });
    });
    egui::Panel::bottom("debrief-keys").show(ui, |ui| {
        match v.saved {
            Saved::Recorded(_) => {
                ui.weak(w.saved_ok);
            }
            Saved::Failed(e) => {
                ui.horizontal_wrapped(|ui| {
                    ui.colored_label(widgets::bad(), w.not_saved.replace("{error}", e));
                    if ui.button(w.try_save_again).clicked() {
                        action = Some(DebriefAction::SaveAgain);
                    }
                });
            }
            Saved::Replay { finished } => {
                ui.colored_label(widgets::you(), w.replay_banner.replace("{when}", finished));
            }
            Saved::Preview { node } => {
                ui.colored_label(widgets::warn(), w.preview_banner.replace("{node}", node));
            }
        }
        ui.weak(w.debrief_keys);
    });
    egui::Panel::left("debrief-scores")
        .resizable(false)
        .exact_size(340.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("scores")
                .show(ui, |ui| {
                    ui.add_space(6.0);
                    ui.horizontal(|ui| {
                        let colour = if d.passed {
                            widgets::good()
                        } else {
                            widgets::bad()
                        };
                        ui.label(
                            egui::RichText::new(d.grade.to_string())
                                .size(44.0)
                                .strong()
                                .color(colour),
                        );
                        ui.vertical(|ui| {
                            ui.label(
                                egui::RichText::new(format!("{} {} / 100", cw.overall, d.overall))
                                    .size(20.0),
                            );
                            let verdict = if d.passed { cw.passed } else { cw.failed };
                            ui.colored_label(
                                colour,
                                format!(
                                    "{verdict}{}{} {}{}",
                                    w.open_paren, cw.threshold, d.pass_threshold, w.close_paren
                                ),
                            );
                        });
                    });
                    ui.weak(
                        cw.base_and_penalty
                            .replace("{base}", &d.base.to_string())
                            .replace("{penalty}", &d.penalty.to_string()),
                    );
                    if let Some((title, text)) = v.ending {
                        ui.add_space(4.0);
                        ui.strong(format!("{}{}{title}", cw.outcome, cw.colon));
                        ui.label(text);
                    } else {
                        ui.strong(format!("{}{}{}", cw.outcome, cw.colon, cw.abandoned));
                    }
                    if d.walked_out {
                        ui.colored_label(widgets::bad(), cw.walked_out);
                    }
                    ui.add_space(8.0);
                    ui.strong(cw.five_s);
                    radar(ui, v, 300.0);
                    ui.strong(cw.mood);
                    mood_plot(ui, v, 150.0);
                });
        });
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical()
            .id_salt("moments")
            .show(ui, |ui| {
                if let Some(step) = &v.walk {
                    if let Some(a) = walk_ui(ui, v, step) {
                        action = Some(a);
                    }
                    return;
                }
                ui.heading(cw.violations);
                if d.violations.is_empty() {
                    ui.label(cw.none);
                }
                moments_ui(ui, v, &d.violations, true);
                ui.add_space(10.0);
                ui.heading(cw.applied);
                if d.applied.is_empty() {
                    ui.label(cw.none);
                }
                moments_ui(ui, v, &d.applied, false);
                if !d.quiz.is_empty() {
                    ui.add_space(10.0);
                    ui.heading(cw.quiz_alignment);
                    egui::Grid::new("quiz-alignment")
                        .striped(true)
                        .show(ui, |ui| {
                            ui.strong("");
                            ui.strong(w.in_conversation);
                            ui.strong(w.in_quiz);
                            ui.end_row();
                            for q in &d.quiz {
                                ui.label(q.title.get(v.lang));
                                let played = match (q.applied.is_empty(), q.violated.is_empty()) {
                                    (false, true) => {
                                        egui::RichText::new(cw.applied_it).color(widgets::good())
                                    }
                                    (true, false) => {
                                        egui::RichText::new(cw.broke_it).color(widgets::bad())
                                    }
                                    _ => egui::RichText::new(cw.mixed).color(widgets::warn()),
                                };
                                ui.label(played);
                                match q.knows {
                                    Some(true) => ui.colored_label(widgets::good(), cw.knows_rule),
                                    Some(false) => {
                                        ui.colored_label(widgets::bad(), cw.missed_in_quiz)
                                    }
                                    None => ui.weak(cw.quiz_not_taken),
                                };
                                ui.end_row();
                            }
                        });
                }
                ui.add_space(10.0);
                ui.heading(cw.your_answers);
                for c in &d.choices {
                    ui.horizontal_wrapped(|ui| {
                        ui.weak(format!("{}.", c.turn));
                        ui.label(&c.text);
                        if c.best_on_offer {
                            ui.colored_label(widgets::good(), "★");
                        }
                    });
                }
            });
    });
    if widgets::plain_key(ui, egui::Key::R) {
        action = Some(DebriefAction::Retry);
    }
    if widgets::plain_key(ui, egui::Key::W) {
        action = Some(DebriefAction::Walk(if v.walk.is_some() {
            None
        } else {
            Some(0)
        }));
    }
    if let Some(step) = &v.walk {
        if widgets::plain_key(ui, egui::Key::ArrowRight) && step.index + 1 < step.total {
            action = Some(DebriefAction::Walk(Some(step.index + 1)));
        }
        if widgets::plain_key(ui, egui::Key::ArrowLeft) && step.index > 0 {
            action = Some(DebriefAction::Walk(Some(step.index - 1)));
        }
    }
    if widgets::plain_key(ui, egui::Key::P) {
        action = Some(DebriefAction::Progress);
    }
    if matches!(v.saved, Saved::Failed(_)) && widgets::plain_key(ui, egui::Key::S) {
        action = Some(DebriefAction::SaveAgain);
    }
    if let Some((id, _)) = v.quiz
        && widgets::plain_key(ui, egui::Key::Q)
    {
        action = Some(DebriefAction::Quiz(id.to_owned()));
    }
    if widgets::plain_key(ui, egui::Key::Escape) {
        action = Some(if v.walk.is_some() {
            DebriefAction::Walk(None)
        } else {
            DebriefAction::Library
        });
    }
    action
}
