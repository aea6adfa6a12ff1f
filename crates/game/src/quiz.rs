//! The quiz: true-or-false statements one at a time, the explanation after each answer,
//! then the score and how each rule fared in the conversations played.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

use super::assets::Content;
use super::records::{Records, Saved};
use super::state::{Attempts, Screen, Settings, Trainee};
use super::words::UiWords;
use super::{ui_root, widgets};
use frontline_core::Lang;
use frontline_core::i18n::Words;
use frontline_core::i18n::locale_rank;
use frontline_core::quiz::{KeyStatus, Quiz, QuizResult};
use frontline_core::score::Debrief;
use frontline_records::QuizAttempt;

/// Request to start a quiz by id.
#[derive(Message, Debug, Clone, PartialEq)]
pub struct StartQuiz(pub String);

/// What the trainee did on the quiz screen.
#[derive(Message, Debug, Clone, Copy, PartialEq)]
pub enum QuizAction {
    /// True or false for the current statement.
    Answer(bool),
    /// On to the next statement (or the result after the last).
    Next,
    /// Start the quiz again.
    Retry,
    /// Back to the library.
    Library,
}

/// The quiz in progress.
#[derive(Resource, Debug, Clone)]
pub struct QuizRun {
    /// The quiz.
    pub quiz: Quiz,
    /// Answers so far, in order.
    pub answers: Vec<bool>,
    /// The last answer's explanation is showing.
    pub revealed: bool,
    /// Set after the last statement.
    pub result: Option<QuizResult>,
    /// When the first statement was shown.
    pub started: time::OffsetDateTime,
    /// Whether the result is in the records.
    pub saved: Option<Saved>,
}

impl QuizRun {
    /// A fresh run.
    pub fn new(quiz: Quiz) -> QuizRun {
        QuizRun {
            quiz,
            answers: Vec::new(),
            revealed: false,
            result: None,
            started: time::OffsetDateTime::now_utc(),
            saved: None,
        }
    }

    /// Applies one action; returns the result when the quiz has just been completed.
    pub fn apply(&mut self, action: QuizAction) -> Option<QuizResult> {
        match action {
            QuizAction::Answer(a)
                if !self.revealed && self.answers.len() < self.quiz.items.len() =>
            {
                self.answers.push(a);
                self.revealed = true;
            }
            QuizAction::Next if self.revealed => {
                self.revealed = false;
                if self.answers.len() == self.quiz.items.len() {
                    self.result = self.quiz.grade(&self.answers).ok();
                    return self.result.clone();
                }
            }
            QuizAction::Retry => *self = QuizRun::new(self.quiz.clone()),
            _ => {}
        }
        None
    }
}

/// The quiz (in `lang`, else English) that has a statement on a principle the debrief
/// aligns with.
pub fn quiz_covering<'a>(content: &'a Content, debrief: &Debrief, lang: Lang) -> Option<&'a Quiz> {
    let covers = |q: &Quiz| {
        q.items
            .iter()
            .any(|i| debrief.quiz.iter().any(|a| a.id == i.id))
    };
    best_quiz(content, lang, covers)
}

/// The loaded quiz that passes `wanted`, in the version that best suits `lang`.
fn best_quiz(content: &Content, lang: Lang, wanted: impl Fn(&Quiz) -> bool) -> Option<&Quiz> {
    content
        .library
        .quizzes
        .iter()
        .filter(|q| !q.has_errors)
        .map(|q| &q.value)
        .filter(|q| wanted(q))
        .min_by_key(|q| locale_rank(&q.locale, lang))
}

/// Registers the screen's logic.
pub(super) fn plugin(app: &mut App) {
    app.add_message::<StartQuiz>()
        .add_message::<QuizAction>()
        .add_systems(
            Update,
            (
                start,
                apply.run_if(in_state(Screen::Quiz).and_then(resource_exists::<QuizRun>)),
            )
                .chain(),
        )
        .add_systems(OnExit(Screen::Quiz), |mut c: Commands| {
            c.remove_resource::<QuizRun>();
        });
}

/// Registers the screen's view.
pub(super) fn ui_plugin(app: &mut App) {
    app.add_systems(
        bevy_egui::EguiPrimaryContextPass,
        view_system
            .in_set(super::ScreenViews)
            .run_if(in_state(Screen::Quiz).and_then(resource_exists::<QuizRun>)),
    );
}

fn start(
    mut requests: MessageReader<StartQuiz>,
    mut commands: Commands,
    settings: Res<Settings>,
    mut content: ResMut<Content>,
    mut next: ResMut<NextState<Screen>>,
) {
    let Some(StartQuiz(id)) = requests.read().last().cloned() else {
        return;
    };
    let quiz = best_quiz(content.as_ref(), settings.lang, |q| q.id == id).cloned();
    match quiz {
        Some(q) => {
            commands.insert_resource(QuizRun::new(q));
            next.set(Screen::Quiz);
        }
        None => {
            content
                .notices
                .push(format!("there is no playable quiz `{id}`"));
            next.set(Screen::Library);
        }
    }
}

fn apply(
    mut actions: MessageReader<QuizAction>,
    mut run: ResMut<QuizRun>,
    mut attempts: ResMut<Attempts>,
    mut records: ResMut<Records>,
    trainee: Res<Trainee>,
    mut next: ResMut<NextState<Screen>>,
) {
    for action in actions.read() {
        if *action == QuizAction::Library {
            next.set(Screen::Library);
            return;
        }
        if let Some(result) = run.apply(*action) {
            let attempt = QuizAttempt::new(
                &trainee.name,
                &run.quiz,
                result.clone(),
                run.started,
                time::OffsetDateTime::now_utc(),
            );
            run.saved = Some(records.record_quiz(attempt));
            attempts.quizzes.insert(result.quiz.clone(), result);
        }
    }
}

/// How a quiz statement's rule fared in the conversations played.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Practice {
    /// Times applied.
    pub applied: usize,
    /// Times broken.
    pub broken: usize,
}

/// Everything the quiz screen shows.
#[derive(Debug, Clone)]
pub struct QuizView<'a> {
    /// Interface words.
    pub words: &'static UiWords,
    /// Core words.
    pub core_words: &'static Words,
    /// The run.
    pub run: &'a QuizRun,
    /// Per item, how its rule fared in the conversations played.
    pub practice: Vec<Practice>,
}

/// Draws the quiz.
pub fn quiz_view(ui: &mut egui::Ui, v: &QuizView) -> Option<QuizAction> {
    let (w, cw) = (v.words, v.core_words);
    let run = v.run;
    let q = &run.quiz;
    let mut action = None;
    egui::Panel::top("quiz-top").show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.heading(&q.title);
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button(w.back_to_library).clicked() {
                    action = Some(QuizAction::Library);
                }
            });
        });
        // A reflection marks its commentary as inference where it is shown.
        if q.key == KeyStatus::Inferred && q.kind != frontline_core::quiz::QuizKind::Reflection {
            ui.colored_label(widgets::warn(), cw.key_inferred_note);
        }
    });
    egui::Panel::bottom("quiz-keys").show(ui, |ui| {
        ui.weak(if q.kind == frontline_core::quiz::QuizKind::Reflection {
            w.reflection_keys
        } else {
            w.quiz_keys
        });
    });
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical().show(ui, |ui| {
            if q.items.is_empty() {
                ui.colored_label(widgets::warn(), w.quiz_empty);
                return;
            }
            if let Some(result) = &run.result {
                if let Some(a) = results_ui(ui, v, result) {
                    action = Some(a);
                }
                return;
            }
            let shown = if run.revealed {
                run.answers.len() - 1
            } else {
                run.answers.len()
            };
            let Some(item) = q.items.get(shown) else {
                return;
            };
            if shown == 0 && !run.revealed && !q.intro.is_empty() {
                ui.label(&q.intro);
                ui.add_space(8.0);
            }
            ui.weak(
                w.statement_of
                    .replace("{n}", &(shown + 1).to_string())
                    .replace("{t}", &q.items.len().to_string()),
            );
            ui.add(egui::ProgressBar::new(shown as f32 / q.items.len() as f32).desired_height(6.0));
            ui.add_space(10.0);
            ui.label(egui::RichText::new(&item.statement).size(20.0));
            ui.add_space(14.0);
            let reflection = q.kind == frontline_core::quiz::QuizKind::Reflection;
            if run.revealed && reflection {
                let view = |b: bool| if b { cw.agree } else { cw.disagree };
                ui.label(format!(
                    "{}{}{}",
                    cw.your_answer,
                    cw.colon,
                    view(run.answers[shown])
                ));
                ui.add_space(6.0);
                ui.weak(format!(
                    "{}{}{}",
                    cw.course_reading,
                    cw.colon,
                    view(item.answer)
                ));
                ui.label(&item.explanation);
                ui.add_space(10.0);
                let last = run.answers.len() == q.items.len();
                if ui
                    .button(if last { w.see_result } else { w.next_statement })
                    .clicked()
                {
                    action = Some(QuizAction::Next);
                }
            } else if run.revealed {
                let answer = run.answers[shown];
                let correct = answer == item.answer;
                let (verdict, colour) = if correct {
                    (cw.correct, widgets::good())
                } else {
                    (cw.wrong, widgets::bad())
                };
                ui.colored_label(colour, egui::RichText::new(verdict).size(18.0).strong());
                let key = if item.answer {
                    cw.key_true
                } else {
                    cw.key_false
                };
                let given = if answer { cw.key_true } else { cw.key_false };
                ui.label(format!(
                    "{}{}{}{}{key}",
                    w.your_answer_was.replace("{a}", given),
                    cw.semicolon,
                    cw.key_label,
                    cw.colon
                ));
                ui.add_space(6.0);
                ui.label(&item.explanation);
                ui.add_space(10.0);
                let last = run.answers.len() == q.items.len();
                if ui
                    .button(if last { w.see_result } else { w.next_statement })
                    .clicked()
                {
                    action = Some(QuizAction::Next);
                }
            } else {
                ui.horizontal(|ui| {
                    let size = egui::vec2(160.0, 40.0);
                    let (yes, no) = if reflection {
                        (w.answer_agree, w.answer_disagree)
                    } else {
                        (w.answer_true, w.answer_false)
                    };
                    if ui.add(egui::Button::new(yes).min_size(size)).clicked() {
                        action = Some(QuizAction::Answer(true));
                    }
                    if ui.add(egui::Button::new(no).min_size(size)).clicked() {
                        action = Some(QuizAction::Answer(false));
                    }
                });
            }
        });
    });
    if run.result.is_none() && !q.items.is_empty() {
        if !run.revealed {
            if widgets::plain_key(ui, egui::Key::T) {
                action = Some(QuizAction::Answer(true));
            }
            if widgets::plain_key(ui, egui::Key::F) {
                action = Some(QuizAction::Answer(false));
            }
        } else if widgets::plain_key(ui, egui::Key::Enter)
            || widgets::plain_key(ui, egui::Key::Space)
        {
            action = Some(QuizAction::Next);
        }
    } else if widgets::plain_key(ui, egui::Key::R) {
        action = Some(QuizAction::Retry);
    }
    if widgets::plain_key(ui, egui::Key::Escape) {
        action = Some(QuizAction::Library);
    }
    action
}

fn results_ui(ui: &mut egui::Ui, v: &QuizView, result: &QuizResult) -> Option<QuizAction> {
    let (w, cw) = (v.words, v.core_words);
    let mut action = None;
    if result.reflection {
        ui.label(egui::RichText::new(cw.reflection_done).size(18.0));
        ui.add_space(6.0);
        if !v.run.quiz.key_note.is_empty() {
            ui.weak(&v.run.quiz.key_note);
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button(w.retry).clicked() {
                action = Some(QuizAction::Retry);
            }
            if ui.button(w.back_to_library).clicked() {
                action = Some(QuizAction::Library);
            }
        });
        for (i, (item, graded)) in v.run.quiz.items.iter().zip(&result.items).enumerate() {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.strong(format!("{}. {}", i + 1, item.statement));
                let view = |b: bool| if b { cw.agree } else { cw.disagree };
                ui.label(format!(
                    "{}{}{}",
                    cw.your_answer,
                    cw.colon,
                    view(graded.answer)
                ));
                ui.weak(format!(
                    "{}{}{}",
                    cw.course_reading,
                    cw.colon,
                    view(graded.key)
                ));
            });
        }
        return action;
    }
    let colour = if result.passed {
        widgets::good()
    } else {
        widgets::bad()
    };
    ui.label(
        egui::RichText::new(format!(
            "{}{}{} / {}",
            cw.score, cw.colon, result.correct, result.total
        ))
        .size(26.0)
        .strong()
        .color(colour),
    );
    ui.colored_label(colour, if result.passed { cw.passed } else { cw.failed });
    match &v.run.saved {
        Some(Saved::Failed(e)) => {
            ui.colored_label(widgets::bad(), w.not_saved_quiz.replace("{error}", e));
        }
        Some(_) => {
            ui.weak(w.saved_ok);
        }
        None => {}
    }
    ui.horizontal(|ui| {
        if ui.button(w.retry).clicked() {
            action = Some(QuizAction::Retry);
        }
        if ui.button(w.back_to_library).clicked() {
            action = Some(QuizAction::Library);
        }
    });
    ui.add_space(10.0);
    ui.heading(cw.quiz_alignment);
    ui.weak(w.alignment_help);
    for (i, (item, graded)) in v.run.quiz.items.iter().zip(&result.items).enumerate() {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                ui.strong(format!("{}.", i + 1));
                ui.label(&item.statement);
            });
            ui.horizontal_wrapped(|ui| {
                ui.weak(format!("{}{}", w.in_quiz, cw.colon));
                if graded.correct {
                    ui.colored_label(widgets::good(), cw.knows_rule);
                } else {
                    ui.colored_label(widgets::bad(), cw.missed_in_quiz);
                }
                ui.weak("·");
                ui.weak(format!("{}{}", w.in_conversation, cw.colon));
                let p = v.practice.get(i).copied().unwrap_or_default();
                match (p.applied, p.broken) {
                    (0, 0) => ui.weak(w.not_practised),
                    (_, 0) => ui.colored_label(widgets::good(), cw.applied_it),
                    (0, _) => ui.colored_label(widgets::bad(), cw.broke_it),
                    _ => ui.colored_label(widgets::warn(), cw.mixed),
                };
            });
        });
    }
    action
}

/// How each statement's rule fared across `debriefs`.
pub fn practice(quiz: &Quiz, debriefs: &[Debrief]) -> Vec<Practice> {
    quiz.items
        .iter()
        .map(|item| {
            let mut p = Practice::default();
            for a in debriefs
                .iter()
                .flat_map(|d| &d.quiz)
                .filter(|a| a.id == item.id)
            {
                p.applied += a.applied.len();
                p.broken += a.violated.len();
            }
            p
        })
        .collect()
}

fn view_system(
    mut contexts: EguiContexts,
    settings: Res<Settings>,
    run: Res<QuizRun>,
    attempts: Res<Attempts>,
    mut out: MessageWriter<QuizAction>,
) -> Result {
    let mut ui = ui_root(contexts.ctx_mut()?);
    let view = QuizView {
        words: UiWords::of(settings.lang),
        core_words: settings.lang.words(),
        run: &run,
        practice: practice(&run.quiz, &attempts.debriefs),
    };
    if let Some(a) = quiz_view(&mut ui, &view) {
        out.write(a);
    }
    Ok(())
}
