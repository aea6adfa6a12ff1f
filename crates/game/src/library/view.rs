//! The library screen as drawn: the course, the cards, the settings and the file problems,
//! from a [`LibraryView`] built by the systems in `mod.rs`.

use super::*;

pub(super) fn difficulty_label(w: &UiWords, d: Difficulty) -> &'static str {
    match d {
        Difficulty::Easy => w.easy,
        Difficulty::Medium => w.medium,
        Difficulty::Hard => w.hard,
    }
}

pub(super) fn card_ui(
    ui: &mut egui::Ui,
    w: &UiWords,
    key: usize,
    card: &Card,
    is_quiz: bool,
) -> bool {
    let mut clicked = false;
    egui::Frame::group(ui.style())
        .inner_margin(10.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                if key <= 9 {
                    ui.label(widgets::key_cap(&key.to_string()));
                }
                ui.heading(&card.title);
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    let label = if is_quiz {
                        w.start_quiz
                    } else {
                        w.start_conversation
                    };
                    clicked = ui.button(label).clicked();
                });
            });
            ui.label(&card.summary);
            ui.horizontal_wrapped(|ui| {
                if let Some(d) = card.difficulty {
                    ui.weak(difficulty_label(w, d));
                    ui.weak("·");
                    ui.weak(w.minutes.replace("{n}", &card.size.to_string()));
                } else {
                    ui.weak(w.statements.replace("{n}", &card.size.to_string()));
                }
                ui.weak("·");
                ui.weak(language_name(&card.locale));
                ui.weak("·");
                match (&card.record, card.quiz_score) {
                    (Some(r), _) => {
                        let colour = if r.passed {
                            widgets::good()
                        } else {
                            widgets::warn()
                        };
                        ui.colored_label(
                            colour,
                            if r.attempts == 1 {
                                w.best_and_attempt
                            } else {
                                w.best_and_attempts
                            }
                            .replace("{best}", &r.best.to_string())
                            .replace("{n}", &r.attempts.to_string()),
                        );
                    }
                    (None, Some((c, t))) => {
                        ui.label(
                            w.last_quiz
                                .replace("{c}", &c.to_string())
                                .replace("{t}", &t.to_string()),
                        );
                    }
                    _ if card.reflected => {
                        ui.colored_label(widgets::good(), w.reflection_done_card);
                    }
                    _ => {
                        ui.weak(w.not_played);
                    }
                }
            });
            if let Some(file) = &card.from {
                ui.weak(w.card_from.replace("{file}", file));
            }
            match &card.status {
                CardStatus::Ready => {}
                CardStatus::Warnings(n) => {
                    ui.colored_label(
                        widgets::warn(),
                        w.has_warnings.replace("{n}", &n.to_string()),
                    );
                }
                CardStatus::KeptLastGood(first) => {
                    ui.colored_label(widgets::bad(), w.kept_last_good);
                    ui.label(egui::RichText::new(first).monospace().small());
                }
            }
        });
    clicked
}

pub(super) fn language_name(code: &str) -> &str {
    match code {
        "en" => "English",
        "zh" => "中文",
        "ko" => "한국어",
        other => other,
    }
}

/// Draws the library.
pub fn library_view(ui: &mut egui::Ui, v: &LibraryView) -> Option<LibraryAction> {
    let w = v.words;
    let mut action = None;
    egui::Panel::top("library-top").show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.heading(w.app_title);
            ui.separator();
            ui.label(w.trainee_is.replace("{name}", v.trainee));
            if ui.small_button(w.change_trainee).clicked() {
                action = Some(LibraryAction::ChangeTrainee);
            }
            ui.separator();
            if ui.button(w.progress_button).clicked() {
                action = Some(LibraryAction::Progress);
            }
            if ui.button(w.team_button).clicked() {
                action = Some(LibraryAction::Team);
            }
            if ui.button(w.trainer_button).clicked() {
                action = Some(LibraryAction::Trainer);
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if let Some(lang) = widgets::lang_switch(ui, v.lang) {
                    action = Some(LibraryAction::Lang(lang));
                }
                ui.separator();
                let mut coach = v.coach;
                if ui.checkbox(&mut coach, w.coach_mode).changed() {
                    action = Some(LibraryAction::Coach(coach));
                }
            });
        });
        // Its own row: the names of the slower paces are long, and the top row is full.
        ui.horizontal(|ui| {
            ui.label(w.reading_pace);
            let mut pace = v.pace;
            egui::ComboBox::from_id_salt("reading-pace")
                .selected_text(w.paces[pace as usize])
                .width(320.0)
                .show_ui(ui, |ui| {
                    for (p, name) in Pace::ALL.into_iter().zip(w.paces) {
                        ui.selectable_value(&mut pace, p, name);
                    }
                });
            ui.weak(w.reading_pace_help);
            if pace != v.pace {
                action = Some(LibraryAction::Pace(pace));
            }
            ui.separator();
            ui.label(w.theme_label);
            if let Some(theme) = widgets::theme_picker(ui, w.themes, v.theme) {
                action = Some(LibraryAction::Theme(theme));
            }
        });
    });
    egui::Panel::bottom("library-keys").show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.weak(w.library_keys);
        });
        match &v.records {
            Ok(path) => ui.weak(w.records_saved.replace("{path}", path)),
            Err(e) => ui.colored_label(widgets::bad(), w.records_problem.replace("{error}", e)),
        };
        if let Some(n) = v.records_notice {
            ui.colored_label(widgets::warn(), n);
        }
    });
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical().show(ui, |ui| {
            if v.loading {
                ui.weak(w.loading);
            }
            for n in v.notices {
                ui.colored_label(widgets::warn(), n);
            }
            if let Some((title, done, total, next)) = &v.course {
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.horizontal_wrapped(|ui| {
                        ui.strong(title);
                        ui.label(
                            w.course_progress
                                .replace("{n}", &done.to_string())
                                .replace("{t}", &total.to_string()),
                        );
                    });
                    ui.add(
                        egui::ProgressBar::new(*done as f32 / (*total).max(1) as f32)
                            .desired_height(6.0),
                    );
                    match next {
                        Some(next) => ui.weak(w.course_next.replace("{title}", next)),
                        None => ui.colored_label(widgets::good(), w.course_complete),
                    };
                });
                ui.add_space(8.0);
            }
            ui.heading(w.conversations);
            if v.scenarios.is_empty() && !v.loading {
                ui.label(w.no_scenarios);
            }
            for (i, card) in v.scenarios.iter().enumerate() {
                if card_ui(ui, w, i + 1, card, false) {
                    action = Some(LibraryAction::Play(card.id.clone()));
                }
            }
            ui.add_space(12.0);
            ui.heading(w.quizzes);
            for (i, card) in v.quizzes.iter().enumerate() {
                if card_ui(ui, w, v.scenarios.len() + i + 1, card, true) {
                    action = Some(LibraryAction::Quiz(card.id.clone()));
                }
            }
            if !v.problems.is_empty() {
                ui.add_space(12.0);
                ui.heading(w.file_problems);
                for p in &v.problems {
                    let colour = if p.has_errors() {
                        widgets::bad()
                    } else {
                        widgets::warn()
                    };
                    ui.colored_label(colour, &p.file);
                    if p.has_errors() {
                        match &p.plays_instead {
                            Some(other) => {
                                ui.weak(w.plays_instead.replace("{file}", other));
                            }
                            None => {
                                ui.weak(w.not_loaded);
                            }
                        }
                    }
                    for d in &p.diagnostics {
                        ui.label(egui::RichText::new(d.to_string()).monospace().small());
                    }
                }
            }
        });
    });
    // Keys: 1–9 open a card, C toggles coach mode, L the language, F5 rescans, Esc goes
    // back to the trainee list.
    if let Some(k) = widgets::number_key(ui) {
        let (ns, nq) = (v.scenarios.len(), v.quizzes.len());
        if k <= ns {
            action = Some(LibraryAction::Play(v.scenarios[k - 1].id.clone()));
        } else if k <= ns + nq {
            action = Some(LibraryAction::Quiz(v.quizzes[k - ns - 1].id.clone()));
        }
    }
    if widgets::plain_key(ui, egui::Key::C) {
        action = Some(LibraryAction::Coach(!v.coach));
    }
    if widgets::plain_key(ui, egui::Key::R) {
        let next = Pace::ALL[(v.pace as usize + 1) % Pace::ALL.len()];
        action = Some(LibraryAction::Pace(next));
    }
    if widgets::plain_key(ui, egui::Key::K) {
        action = Some(LibraryAction::Theme(v.theme.next()));
    }
    if widgets::plain_key(ui, egui::Key::L) {
        // L cycles through every language: en → zh → ko → en.
        action = Some(LibraryAction::Lang(v.lang.next()));
    }
    if widgets::plain_key(ui, egui::Key::F5) {
        action = Some(LibraryAction::Rescan);
    }
    if widgets::plain_key(ui, egui::Key::P) {
        action = Some(LibraryAction::Progress);
    }
    if widgets::plain_key(ui, egui::Key::D) {
        action = Some(LibraryAction::Team);
    }
    if widgets::plain_key(ui, egui::Key::T) {
        action = Some(LibraryAction::Trainer);
    }
    if widgets::plain_key(ui, egui::Key::Escape) {
        action = Some(LibraryAction::ChangeTrainee);
    }
    action
}
