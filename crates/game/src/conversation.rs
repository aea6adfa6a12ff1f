//! The conversation: the customer's face and mood, the transcript, numbered choices, the
//! response clock and the Moments-of-Truth strip. The session itself is the core's; this
//! file only feeds it the trainee's choices and response times.

use bevy::prelude::*;
use bevy::window::PrimaryWindow;
use bevy_egui::{EguiContexts, egui};

use super::assets::Content;
use super::portrait;
use super::records::{Records, Saved};
use super::state::{Attempts, Launch, Screen, Settings, Trainee, fresh_seed};
use super::words::UiWords;
use super::{ui_root, widgets};
use frontline_core::scenario::{MotStage, Scenario};
use frontline_core::score::{Debrief, score};
use frontline_core::session::{Session, Step};
use frontline_core::{Lang, i18n};
use frontline_records::Attempt;

/// Request to start a conversation (from the library, the debrief's retry, or the command
/// line).
#[derive(Message, Debug, Clone, PartialEq)]
pub struct StartConversation {
    /// Scenario id; the version in the trainee's language is played when there is one.
    pub scenario: String,
    /// Seed; `None` for a new one.
    pub seed: Option<u64>,
}

/// Request from the trainer view to preview one scenario file from one of its nodes.
#[derive(Message, Debug, Clone, PartialEq)]
pub struct StartPreview {
    /// The scenario's id.
    pub id: String,
    /// Its locale.
    pub locale: String,
    /// Node index to start at; `None` for the scenario's start.
    pub node: Option<usize>,
}

/// What the trainee did in the conversation.
#[derive(Message, Debug, Clone, Copy, PartialEq)]
pub enum ConversationAction {
    /// Answer with the choice shown under this number (1-based).
    Choose(usize),
    /// The conversation is over: show the debrief.
    Finish,
    /// Esc: the first press asks, the second leaves without scoring.
    Leave,
}

/// Who said a line of the transcript.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Speaker {
    /// The simulated customer.
    Customer,
    /// The trainee.
    Trainee,
    /// Coach-mode feedback.
    Coach,
    /// Scene-setting and the ending.
    Narrator,
}

/// One line of the transcript.
#[derive(Debug, Clone, PartialEq)]
pub struct LogEntry {
    /// Who.
    pub speaker: Speaker,
    /// What.
    pub text: String,
}

/// Something the trainer should know about the file being played.
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    /// The file was edited and the new text is in play.
    Updated,
    /// The file's structure changed; the conversation continues on the version it started on.
    StructureChanged,
}

/// The conversation in progress.
#[derive(Resource, Debug)]
pub struct Conversation {
    /// The file it was started from, as shown (hot reloads are followed).
    pub file: String,
    /// The library version last looked at for edits.
    pub library_version: u64,
    /// The version being played.
    pub scenario: Scenario,
    /// The core session.
    pub session: Session,
    /// Seconds spent on the current turn while the window had focus.
    pub elapsed: f32,
    /// Whether the clock is paused because the window lost focus.
    pub paused: bool,
    /// The transcript so far.
    pub log: Vec<LogEntry>,
    /// Coach mode for this conversation.
    pub coach: bool,
    /// Esc was pressed once.
    pub confirm_leave: bool,
    /// A change to the file while playing.
    pub notice: Option<Notice>,
    /// When the first line was shown.
    pub started: time::OffsetDateTime,
    /// When each answer was given.
    pub answered: Vec<time::OffsetDateTime>,
    /// Node id a trainer's preview started from; a preview is never recorded.
    pub preview: Option<String>,
}

impl Conversation {
    /// Starts a session and opens the transcript.
    pub fn start(
        file: String,
        scenario: Scenario,
        seed: u64,
        coach: bool,
    ) -> Result<Conversation, frontline_core::session::SessionError> {
        let session = Session::start(&scenario, seed)?;
        Ok(Conversation::with(file, scenario, session, coach))
    }

    /// Starts a trainer's preview at node `node` (index), in coach mode.
    pub fn preview(
        file: String,
        scenario: Scenario,
        seed: u64,
        node: usize,
    ) -> Result<Conversation, frontline_core::session::SessionError> {
        let session = Session::start_at(&scenario, seed, node)?;
        let id = scenario.nodes[node].id.as_str().to_owned();
        let mut c = Conversation::with(file, scenario, session, true);
        c.preview = Some(id);
        Ok(c)
    }

    fn with(file: String, scenario: Scenario, session: Session, coach: bool) -> Conversation {
        let mut c = Conversation {
            file,
            library_version: 0,
            log: vec![LogEntry {
                speaker: Speaker::Narrator,
                text: session.situation(&scenario).to_owned(),
            }],
            scenario,
            session,
            elapsed: 0.0,
            paused: false,
            coach,
            confirm_leave: false,
            notice: None,
            started: time::OffsetDateTime::now_utc(),
            answered: Vec::new(),
            preview: None,
        };
        c.log_step();
        c
    }

    fn log_step(&mut self) {
        match self.session.step(&self.scenario) {
            Ok(Step::Turn(t)) => {
                if let Some(scene) = t.scene {
                    self.log.push(LogEntry {
                        speaker: Speaker::Narrator,
                        text: scene,
                    });
                }
                self.log.push(LogEntry {
                    speaker: Speaker::Customer,
                    text: t.line,
                });
            }
            Ok(Step::Ended(e)) => self.log.push(LogEntry {
                speaker: Speaker::Narrator,
                text: format!("{}\n{}", e.ending.title, e.ending.text),
            }),
            Err(_) => {}
        }
    }

    /// Answers with the choice under `key`, timed by the clock. Wrong keys are ignored.
    pub fn choose(&mut self, key: usize) -> bool {
        let Ok(Step::Turn(t)) = self.session.step(&self.scenario) else {
            return false;
        };
        let Some(offered) = t.choices.iter().find(|c| c.key == key) else {
            return false;
        };
        let (text, feedback) = (offered.choice.text.clone(), offered.choice.feedback.clone());
        let time = self.elapsed;
        if self
            .session
            .choose_key(&self.scenario, key, Some(time))
            .is_err()
        {
            return false;
        }
        self.answered.push(time::OffsetDateTime::now_utc());
        self.log.push(LogEntry {
            speaker: Speaker::Trainee,
            text,
        });
        if self.coach && !feedback.is_empty() {
            self.log.push(LogEntry {
                speaker: Speaker::Coach,
                text: feedback,
            });
        }
        self.elapsed = 0.0;
        self.confirm_leave = false;
        self.log_step();
        true
    }
}

/// The conversation just finished, for the debrief screen.
#[derive(Resource, Debug, Clone)]
pub struct LastAttempt {
    /// The version played.
    pub scenario: Scenario,
    /// The finished session.
    pub session: Session,
    /// Its score.
    pub debrief: Debrief,
    /// Whether it is in the records (or a replay of one that is).
    pub saved: Saved,
}

/// Registers the screen's logic.
pub(super) fn plugin(app: &mut App) {
    app.add_message::<StartConversation>()
        .add_message::<StartPreview>()
        .add_message::<ConversationAction>()
        .add_systems(
            Update,
            (
                start,
                start_preview,
                (follow_edits, tick, apply).chain().run_if(
                    in_state(Screen::Conversation).and_then(resource_exists::<Conversation>),
                ),
            )
                .chain(),
        )
        .add_systems(OnExit(Screen::Conversation), |mut c: Commands| {
            c.remove_resource::<Conversation>();
        });
}

/// Registers the screen's view.
pub(super) fn ui_plugin(app: &mut App) {
    app.add_systems(
        bevy_egui::EguiPrimaryContextPass,
        view_system
            .in_set(super::ScreenViews)
            .run_if(in_state(Screen::Conversation).and_then(resource_exists::<Conversation>)),
    );
}

fn start(
    mut requests: MessageReader<StartConversation>,
    mut commands: Commands,
    mut launch: ResMut<Launch>,
    settings: Res<Settings>,
    mut content: ResMut<Content>,
    mut next: ResMut<NextState<Screen>>,
) {
    let Some(request) = requests.read().last().cloned() else {
        return;
    };
    let Some(found) = content.scenario(&request.scenario, settings.lang) else {
        let note = format!("there is no playable scenario `{}`", request.scenario);
        warn!("{note}");
        content.notices.push(note);
        next.set(Screen::Library);
        return;
    };
    let (file, scenario) = (found.path.display().to_string(), found.value.clone());
    let seed = request
        .seed
        .or_else(|| launch.seed.take())
        .unwrap_or_else(fresh_seed);
    let id = scenario.id.clone();
    match Conversation::start(file, scenario, seed, settings.coach) {
        Ok(mut c) => {
            info!("{id}: seed {seed}");
            c.library_version = content.version;
            commands.insert_resource(c);
            next.set(Screen::Conversation);
        }
        Err(e) => {
            content.notices.push(format!("{id}: {e}"));
            next.set(Screen::Library);
        }
    }
}

fn start_preview(
    mut requests: MessageReader<StartPreview>,
    mut commands: Commands,
    mut content: ResMut<Content>,
    mut next: ResMut<NextState<Screen>>,
) {
    let Some(request) = requests.read().last().cloned() else {
        return;
    };
    let Some(found) = content.scenario_in(&request.id, &request.locale) else {
        return;
    };
    let (file, scenario) = (found.path.display().to_string(), found.value.clone());
    let start = scenario.node_index(&scenario.start).unwrap_or(0);
    let id = scenario.id.clone();
    match Conversation::preview(file, scenario, fresh_seed(), request.node.unwrap_or(start)) {
        Ok(mut c) => {
            c.library_version = content.version;
            commands.insert_resource(c);
            next.set(Screen::Conversation);
        }
        Err(e) => content.notices.push(format!("{id}: {e}")),
    }
}

/// Follows edits of the file being played: text edits take effect at once; a changed
/// structure would misplace the session, so the started version continues.
fn follow_edits(content: Res<Content>, mut conversation: ResMut<Conversation>) {
    if content.version == conversation.library_version {
        return;
    }
    conversation.library_version = content.version;
    let (id, locale) = (
        conversation.scenario.id.clone(),
        conversation.scenario.locale.clone(),
    );
    let Some(now) = content.scenario_in(&id, &locale) else {
        return;
    };
    if now.value.content_hash == conversation.scenario.content_hash {
        return;
    }
    if conversation.session.fits(&now.value) {
        conversation.scenario = now.value.clone();
        conversation.notice = Some(Notice::Updated);
    } else {
        conversation.notice = Some(Notice::StructureChanged);
    }
}

/// Runs the response clock while the window has focus. Frames are sparse in reactive
/// mode, so one long gap (the window was in the background) counts for at most a quarter
/// of a second.
fn tick(
    time: Res<Time>,
    windows: Query<&Window, With<PrimaryWindow>>,
    mut conversation: ResMut<Conversation>,
) {
    let focused = windows.iter().all(|w| w.focused);
    if conversation.paused == focused {
        conversation.paused = !focused;
    }
    if focused && !conversation.session.is_over() {
        conversation.elapsed += time.delta_secs().min(0.25);
    }
}

#[allow(clippy::too_many_arguments)]
fn apply(
    mut actions: MessageReader<ConversationAction>,
    mut commands: Commands,
    mut conversation: ResMut<Conversation>,
    mut attempts: ResMut<Attempts>,
    mut content: ResMut<Content>,
    mut records: ResMut<Records>,
    trainee: Res<Trainee>,
    mut next: ResMut<NextState<Screen>>,
) {
    for action in actions.read() {
        match *action {
            ConversationAction::Choose(key) => {
                conversation.choose(key);
            }
            ConversationAction::Finish if conversation.session.is_over() => {
                let c = &*conversation;
                match score(&c.scenario, content.catalogue(), &c.session) {
                    Ok(mut debrief) => {
                        for result in attempts.quizzes.values() {
                            debrief.align_quiz(result);
                        }
                        if let Some(node) = &c.preview {
                            commands.insert_resource(LastAttempt {
                                scenario: c.scenario.clone(),
                                session: c.session.clone(),
                                debrief,
                                saved: Saved::Preview { node: node.clone() },
                            });
                            next.set(Screen::Debrief);
                            return;
                        }
                        attempts.add(&debrief);
                        // On disk before the debrief shows: a crash from here on loses
                        // nothing the trainee has seen.
                        let saved = records.record(Attempt::new(
                            &trainee.name,
                            &c.scenario,
                            &c.session,
                            debrief.clone(),
                            c.started,
                            &c.answered,
                            c.coach,
                        ));
                        commands.insert_resource(LastAttempt {
                            scenario: c.scenario.clone(),
                            session: c.session.clone(),
                            debrief,
                            saved,
                        });
                        next.set(Screen::Debrief);
                    }
                    Err(e) => {
                        content.notices.push(format!("{}: {e}", c.scenario.id));
                        next.set(Screen::Library);
                    }
                }
                return;
            }
            ConversationAction::Finish => {}
            ConversationAction::Leave
                if conversation.confirm_leave || conversation.session.is_over() =>
            {
                next.set(Screen::Library);
                return;
            }
            ConversationAction::Leave => conversation.confirm_leave = true,
        }
    }
}

/// The ending as the conversation screen shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct EndingView {
    /// Ending title.
    pub title: String,
    /// Whether the customer walked out.
    pub walked_out: bool,
}

/// Everything the conversation screen shows.
#[derive(Debug, Clone)]
pub struct ConversationView<'a> {
    /// Interface words.
    pub words: &'static UiWords,
    /// Core words (stage names).
    pub core_words: &'static i18n::Words,
    /// Scenario title.
    pub title: &'a str,
    /// Customer's name.
    pub customer: &'a str,
    /// Mood, -100..100.
    pub mood: i32,
    /// Mood at which the customer walks out, if they can.
    pub walk_out_at: Option<i32>,
    /// Stage of the current node (of the last node once ended).
    pub stage: MotStage,
    /// Stages already passed through.
    pub stages_seen: [bool; 5],
    /// The transcript.
    pub log: &'a [LogEntry],
    /// Choices on offer: number and text.
    pub choices: Vec<(usize, &'a str)>,
    /// Seconds spent and the node's budget, if it has one.
    pub clock: (f32, Option<f32>),
    /// The clock is paused (window not focused).
    pub paused: bool,
    /// Coach mode.
    pub coach: bool,
    /// Set once the conversation is over.
    pub ended: Option<EndingView>,
    /// Esc was pressed once.
    pub confirm_leave: bool,
    /// A change to the file while playing.
    pub notice: Option<Notice>,
    /// Node id a trainer's preview started from.
    pub preview: Option<&'a str>,
    /// An error in the file on disk (the version in play is the last good one).
    pub file_error: Option<String>,
}

impl<'a> ConversationView<'a> {
    /// Builds the view-model of a conversation.
    pub fn of(c: &'a Conversation, lang: Lang) -> ConversationView<'a> {
        let s = &c.scenario;
        let mut stages_seen = [false; 5];
        for t in c.session.turns() {
            stages_seen[s.nodes[t.node].stage as usize] = true;
        }
        let (stage, choices, budget, ended) = match c.session.step(s) {
            Ok(Step::Turn(t)) => (
                t.node.stage,
                t.choices
                    .iter()
                    .map(|o| (o.key, o.choice.text.as_str()))
                    .collect(),
                t.node.time_budget,
                None,
            ),
            Ok(Step::Ended(e)) => (
                c.session
                    .turns()
                    .last()
                    .map(|t| s.nodes[t.node].stage)
                    .unwrap_or(MotStage::SetTone),
                Vec::new(),
                None,
                Some(EndingView {
                    title: e.ending.title.clone(),
                    walked_out: e.walked_out,
                }),
            ),
            Err(_) => (MotStage::SetTone, Vec::new(), None, None),
        };
        ConversationView {
            words: UiWords::of(lang),
            core_words: lang.words(),
            title: &s.title,
            customer: c.session.customer_name(s),
            mood: c.session.mood(),
            walk_out_at: s.persona.patience.as_ref().map(|p| p.walk_out_at),
            stage,
            stages_seen,
            log: &c.log,
            choices,
            clock: (c.elapsed, budget),
            paused: c.paused,
            coach: c.coach,
            ended,
            confirm_leave: c.confirm_leave,
            notice: c.notice.clone(),
            file_error: None,
            preview: c.preview.as_deref(),
        }
    }

    /// Whether the clock is visibly running (the screen then needs regular redraws).
    pub fn clock_running(&self) -> bool {
        self.ended.is_none()
            && !self.paused
            && self.clock.1.is_some_and(|b| self.clock.0 <= b + 1.0)
    }
}

fn mood_meter(ui: &mut egui::Ui, w: &UiWords, mood: i32, walk_out_at: Option<i32>) {
    let width = ui.available_width();
    let (rect, response) = ui.allocate_exact_size(egui::vec2(width, 18.0), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 4.0, egui::Color32::from_gray(45));
    let x_of = |m: i32| rect.left() + rect.width() * (m.clamp(-100, 100) + 100) as f32 / 200.0;
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
            egui::Stroke::new(2.0, widgets::BAD),
        );
    }
    response.on_hover_text(w.mood_help);
    ui.horizontal(|ui| {
        ui.weak(w.mood_angry);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.weak(w.mood_pleased);
        });
    });
}

fn clock_bar(ui: &mut egui::Ui, w: &UiWords, elapsed: f32, budget: Option<f32>, paused: bool) {
    let Some(budget) = budget else {
        ui.weak(w.no_time_limit);
        return;
    };
    let fraction = (elapsed / budget).min(1.0);
    let colour = if elapsed > budget {
        widgets::BAD
    } else if fraction > 0.7 {
        widgets::WARN
    } else {
        widgets::GOOD
    };
    let text = if paused {
        w.clock_paused.to_owned()
    } else if elapsed > budget {
        w.over_time.replace("{b}", &format!("{budget:.0}"))
    } else {
        w.clock
            .replace("{t}", &format!("{elapsed:.0}"))
            .replace("{b}", &format!("{budget:.0}"))
    };
    ui.add(
        egui::ProgressBar::new(fraction)
            .fill(colour)
            .desired_height(10.0),
    );
    ui.label(egui::RichText::new(text).color(if paused { widgets::WARN } else { colour }));
}

fn stage_strip(ui: &mut egui::Ui, v: &ConversationView) {
    ui.horizontal_wrapped(|ui| {
        for (i, stage) in MotStage::ALL.iter().enumerate() {
            if i > 0 {
                ui.weak("→");
            }
            let name = v.core_words.stage(*stage);
            let current = *stage == v.stage && v.ended.is_none();
            let text = if v.stages_seen[i] && !current {
                egui::RichText::new(format!("✔ {name}")).color(widgets::GOOD)
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
                ui.colored_label(widgets::WARN, w.preview_banner.replace("{node}", node));
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.small_button(w.leave).clicked() {
                    action = Some(ConversationAction::Leave);
                }
            });
        });
        stage_strip(ui, v);
        if v.confirm_leave {
            ui.colored_label(widgets::WARN, w.confirm_leave);
        }
        match &v.notice {
            Some(Notice::Updated) => {
                ui.colored_label(widgets::GOOD, w.file_updated);
            }
            Some(Notice::StructureChanged) => {
                ui.colored_label(widgets::WARN, w.structure_changed);
            }
            None => {}
        }
        if let Some(e) = &v.file_error {
            ui.colored_label(widgets::BAD, w.file_error_playing);
            ui.label(egui::RichText::new(e).monospace().small());
        }
    });
    egui::Panel::left("conversation-customer")
        .resizable(false)
        .exact_size(260.0)
        .show(ui, |ui| {
            ui.add_space(8.0);
            ui.vertical_centered(|ui| {
                portrait::draw(ui, v.mood, 200.0);
                ui.heading(v.customer);
            });
            ui.add_space(6.0);
            ui.label(format!("{}{}", v.core_words.mood, v.core_words.colon));
            mood_meter(ui, w, v.mood, v.walk_out_at);
            ui.add_space(10.0);
            ui.label(w.response_time);
            clock_bar(ui, w, v.clock.0, v.clock.1, v.paused);
        });
    egui::Panel::bottom("conversation-choices").show(ui, |ui| {
        ui.add_space(6.0);
        if let Some(end) = &v.ended {
            let colour = if end.walked_out {
                widgets::BAD
            } else {
                widgets::GOOD
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
                for entry in v.log {
                    let (who, colour) = match entry.speaker {
                        Speaker::Customer => (v.customer, egui::Color32::from_gray(230)),
                        Speaker::Trainee => (v.core_words.you, widgets::YOU),
                        Speaker::Coach => (v.core_words.coach, widgets::COACH),
                        Speaker::Narrator => ("", egui::Color32::from_gray(160)),
                    };
                    ui.add_space(4.0);
                    if who.is_empty() {
                        ui.label(egui::RichText::new(&entry.text).italics().color(colour));
                    } else {
                        ui.label(egui::RichText::new(who).strong().color(colour));
                        ui.label(egui::RichText::new(&entry.text).color(colour));
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
    action
}

fn view_system(
    mut contexts: EguiContexts,
    settings: Res<Settings>,
    conversation: Res<Conversation>,
    content: Res<Content>,
    mut redraw: ResMut<super::redraw::Animating>,
    mut out: MessageWriter<ConversationAction>,
) -> Result {
    let mut ui = ui_root(contexts.ctx_mut()?);
    let mut view = ConversationView::of(&conversation, settings.lang);
    view.file_error = content
        .problems_of(&conversation.file)
        .into_iter()
        .find(|d| d.issue.severity == frontline_core::Severity::Error)
        .map(|d| d.to_string());
    if view.clock_running() {
        // Whole seconds are shown, so once a second is enough.
        redraw.within(std::time::Duration::from_secs(1));
    }
    if let Some(a) = conversation_view(&mut ui, &view) {
        out.write(a);
    }
    Ok(())
}
