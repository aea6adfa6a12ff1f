//! The conversation screen as drawn: the face or caller card, the mood meter, the clock,
//! the Moments-of-Truth strip, the transcript and the choices, from a [`ConversationView`].

use super::*;

pub(super) fn caller_card(ui: &mut egui::Ui, w: &UiWords, caller: &str, minutes: i64) {
    egui::Frame::group(ui.style())
        .inner_margin(egui::Margin::same(12))
        .show(ui, |ui| {
            ui.set_width(210.0);
            ui.vertical_centered(|ui| {
                let (rect, _) =
                    ui.allocate_exact_size(egui::vec2(96.0, 96.0), egui::Sense::hover());
                let p = ui.painter();
                p.circle_filled(rect.center(), 46.0, widgets::you().gamma_multiply(0.35));
                p.text(
                    rect.center(),
                    egui::Align2::CENTER_CENTER,
                    w.on_the_phone_mark,
                    egui::FontId::proportional(30.0),
                    ui.visuals().strong_text_color(),
                );
                ui.weak(w.on_the_phone);
                ui.heading(caller);
                let time = if minutes < 1 {
                    w.call_under_a_minute.to_owned()
                } else {
                    w.call_minutes.replace("{n}", &minutes.to_string())
                };
                ui.label(time);
                ui.weak(w.voice_only);
            });
        });
}

pub(super) fn mood_meter(ui: &mut egui::Ui, w: &UiWords, mood: i32, walk_out_at: Option<i32>) {
    let width = ui.available_width();
    let (rect, response) = ui.allocate_exact_size(egui::vec2(width, 18.0), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    // The track of the theme's own bars (the clock's), outlined so it shows on every theme.
    painter.rect(
        rect,
        4.0,
        ui.visuals().extreme_bg_color,
        ui.visuals().widgets.noninteractive.bg_stroke,
        egui::StrokeKind::Inside,
    );
    let x_of = |m: i32| rect.left() + rect.width() * frontline_core::rules::mood_fraction(m);
    let mid = x_of(0);
    let x = x_of(mood);
    let bar = egui::Rect::from_x_y_ranges(mid.min(x)..=mid.max(x), rect.y_range());
    painter.rect_filled(bar, 4.0, widgets::mood_colour(mood));
    painter.line_segment(
        [egui::pos2(mid, rect.top()), egui::pos2(mid, rect.bottom())],
        egui::Stroke::new(1.0, egui::Color32::from_gray(140)),
    );
    if let Some(limit) = walk_out_at {
        let lx = x_of(limit);
        painter.line_segment(
            [
                egui::pos2(lx, rect.top() - 2.0),
                egui::pos2(lx, rect.bottom() + 2.0),
            ],
            egui::Stroke::new(2.0, widgets::bad()),
        );
    }
    // A screen reader hears the mood as a value with words ("angry, -60"), not a bar: the
    // word for the face on screen.
    let level = w.mood_levels[crate::portraits::expression_at(mood)];
    let spoken = w
        .mood_spoken
        .replace("{level}", level)
        .replace("{n}", &mood.to_string());
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::WidgetType::ProgressIndicator, true, spoken.clone())
    });
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.set_role(egui::accesskit::Role::Meter);
        node.set_label(spoken.clone());
        node.set_value(format!("{level}, {mood}"));
        node.set_numeric_value(mood as f64);
        node.set_min_numeric_value(-100.0);
        node.set_max_numeric_value(100.0);
    });
    response.on_hover_text(w.mood_help);
    ui.horizontal(|ui| {
        ui.weak(w.mood_angry);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.weak(w.mood_pleased);
        });
    });
}

pub(super) fn clock_bar(ui: &mut egui::Ui, w: &UiWords, clock: &ClockView, paused: bool) {
    let (Some(budget), Some(phase)) = (clock.budget, clock.phase()) else {
        ui.weak(w.no_time_limit);
        return;
    };
    let b = format!("{budget:.0}");
    let (fraction, colour, text) = match phase {
        Phase::Reading(left) => (
            0.0,
            ui.visuals().weak_text_color(),
            w.clock_reading.replace("{r}", &format!("{left:.0}")),
        ),
        Phase::Thinking(left, used) => (
            used,
            if used > 0.7 {
                widgets::warn()
            } else {
                widgets::good()
            },
            w.clock
                .replace("{r}", &format!("{left:.0}"))
                .replace("{b}", &b),
        ),
        Phase::Late => (1.0, widgets::warn(), w.clock_late.replace("{b}", &b)),
        Phase::VeryLate => (1.0, widgets::bad(), w.over_time.replace("{b}", &b)),
    };
    let text = if paused {
        w.clock_paused.to_owned()
    } else {
        text
    };
    let bar = ui.add(
        egui::ProgressBar::new(fraction)
            .fill(colour)
            .desired_height(10.0),
    );
    // Outlined like the mood meter: on high contrast the track is the panel's black.
    ui.painter().rect_stroke(
        bar.rect,
        5.0,
        ui.visuals().widgets.noninteractive.bg_stroke,
        egui::StrokeKind::Inside,
    );
    ui.label(egui::RichText::new(text).color(if paused { widgets::warn() } else { colour }));
}

pub(super) fn stage_strip(ui: &mut egui::Ui, v: &ConversationView) {
    ui.horizontal_wrapped(|ui| {
        for (i, stage) in MotStage::ALL.iter().enumerate() {
            if i > 0 {
                ui.weak("→");
            }
            let name = v.core_words.stage(*stage);
            let current = *stage == v.stage && v.ended.is_none();
            let text = if v.stages_seen[i] && !current {
                egui::RichText::new(format!("✔ {name}")).color(widgets::good())
            } else if current {
                egui::RichText::new(name)
                    .strong()
                    .color(egui::Color32::WHITE)
            } else {
                egui::RichText::new(name).weak()
            };
            let frame = if current {
                egui::Frame::new()
                    .fill(egui::Color32::from_rgb(0x2E, 0x5C, 0x8A))
                    .corner_radius(4.0)
                    .inner_margin(egui::Margin::symmetric(6, 2))
            } else {
                egui::Frame::new().inner_margin(egui::Margin::symmetric(6, 2))
            };
            frame.show(ui, |ui| ui.label(text));
        }
    });
}

/// Draws the conversation.
pub fn conversation_view(ui: &mut egui::Ui, v: &ConversationView) -> Option<ConversationAction> {
    let w = v.words;
    let mut action = None;
    egui::Panel::top("conversation-top").show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.heading(v.title);
            ui.separator();
            ui.label(if v.coach {
                w.coach_mode_on
            } else {
                w.assessment_mode
            });
            if let Some(node) = v.preview {
                ui.separator();
                ui.colored_label(widgets::warn(), w.preview_banner.replace("{node}", node));
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.small_button(w.leave).clicked() {
                    action = Some(ConversationAction::Leave);
                }
            });
        });
        stage_strip(ui, v);
        if v.confirm_leave {
            ui.colored_label(widgets::warn(), w.confirm_leave);
        }
        match &v.notice {
            Some(Notice::Updated) => {
                ui.colored_label(widgets::good(), w.file_updated);
            }
            Some(Notice::StructureChanged) => {
                ui.colored_label(widgets::warn(), w.structure_changed);
            }
            None => {}
        }
        if let Some(e) = &v.file_error {
            ui.colored_label(widgets::bad(), w.file_error_playing);
            ui.label(egui::RichText::new(e).monospace().small());
        }
    });
    egui::Panel::left("conversation-customer")
        .resizable(false)
        .exact_size(260.0)
        .show(ui, |ui| {
            ui.add_space(8.0);
            ui.vertical_centered(|ui| match v.phone {
                // On the phone there is no face to read: a caller card, the time on the
                // line, and the voice (the mood meter below) are all there is.
                Some(minutes) => caller_card(ui, w, v.customer, minutes),
                None => {
                    portraits::draw(ui, v.character, v.mood, 200.0);
                    ui.heading(v.customer);
                }
            });
            ui.add_space(6.0);
            ui.label(format!("{}{}", v.core_words.mood, v.core_words.colon));
            mood_meter(ui, w, v.mood, v.walk_out_at);
            ui.add_space(10.0);
            ui.label(w.response_time);
            clock_bar(ui, w, &v.clock, v.paused);
            ui.add_space(10.0);
            if voice_line(ui, w, &v.voice) {
                action = Some(ConversationAction::ToggleVoice);
            }
        });
    egui::Panel::bottom("conversation-choices").show(ui, |ui| {
        ui.add_space(6.0);
        if let Some(end) = &v.ended {
            let colour = if end.walked_out {
                widgets::bad()
            } else {
                widgets::good()
            };
            ui.colored_label(colour, &end.title);
            if ui
                .add(egui::Button::new(w.see_debrief).min_size(egui::vec2(220.0, 32.0)))
                .clicked()
            {
                action = Some(ConversationAction::Finish);
            }
        } else {
            ui.label(w.your_reply);
            for (key, text) in &v.choices {
                let label = format!("{key}.  {text}");
                let button = egui::Button::new(label)
                    .wrap()
                    .min_size(egui::vec2(ui.available_width(), 30.0));
                if ui.add(button).clicked() {
                    action = Some(ConversationAction::Choose(*key));
                }
            }
        }
        ui.add_space(6.0);
    });
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical()
            .stick_to_bottom(true)
            .auto_shrink([false, false])
            .show(ui, |ui| {
                let newest_line = v
                    .log
                    .iter()
                    .rposition(|e| matches!(e.speaker, Speaker::Customer));
                for (i, entry) in v.log.iter().enumerate() {
                    let (who, colour) = match entry.speaker {
                        Speaker::Customer => (v.customer, ui.visuals().strong_text_color()),
                        Speaker::Trainee => (v.core_words.you, widgets::you()),
                        Speaker::Coach => (v.core_words.coach, widgets::coach()),
                        Speaker::Narrator => ("", ui.visuals().weak_text_color()),
                    };
                    ui.add_space(4.0);
                    if who.is_empty() {
                        ui.label(egui::RichText::new(&entry.text).italics().color(colour));
                    } else {
                        ui.label(egui::RichText::new(who).strong().color(colour));
                        let line = ui.label(egui::RichText::new(&entry.text).color(colour));
                        // The customer's newest line is a live region: a screen reader says
                        // it when it appears, without the trainee moving to it.
                        if Some(i) == newest_line {
                            ui.ctx().accesskit_node_builder(line.id, |node| {
                                node.set_live(egui::accesskit::Live::Polite);
                            });
                        }
                    }
                }
            });
    });
    if let Some(k) = widgets::number_key(ui)
        && v.ended.is_none()
        && k <= v.choices.len()
    {
        action = Some(ConversationAction::Choose(k));
    }
    if v.ended.is_some()
        && (widgets::plain_key(ui, egui::Key::Enter) || widgets::plain_key(ui, egui::Key::Space))
    {
        action = Some(ConversationAction::Finish);
    }
    if widgets::plain_key(ui, egui::Key::Escape) {
        action = Some(ConversationAction::Leave);
    }
    if widgets::plain_key(ui, egui::Key::V) {
        action = Some(ConversationAction::ToggleVoice);
    }
    action
}

/// The voice toggle and, when the customer cannot be heard, why; true when clicked.
pub(super) fn voice_line(
    ui: &mut egui::Ui,
    w: &UiWords,
    status: &super::super::speech::Status,
) -> bool {
    use super::super::speech::Status;
    let label = match status {
        Status::Off => w.voice_off,
        Status::Starting => w.voice_starting,
        _ => w.voice_on,
    };
    let clicked = ui
        .add(egui::Button::new(label).selected(*status != Status::Off))
        .clicked();
    match status {
        Status::NoService(why) => {
            ui.colored_label(widgets::warn(), w.voice_no_service);
            // The engine's own words, in its language: a detail for whoever sets it up.
            ui.label(egui::RichText::new(why).monospace().small());
        }
        Status::NoVoice(lang) => {
            ui.colored_label(
                widgets::warn(),
                w.voice_no_language
                    .replace("{lang}", w.language_names[*lang as usize]),
            );
        }
        _ => {}
    }
    clicked
}
