//! The conversation: the customer's face and mood, the transcript, numbered choices, the
//! response clock and the Moments-of-Truth strip. The session itself is the core's; this
//! file only feeds it the trainee's choices and response times.

use std::time::{Duration, Instant};

use bevy::prelude::*;
use bevy::window::PrimaryWindow;
use bevy_egui::{EguiContexts, egui};

use super::assets::Content;
use super::portraits;
use super::records::{Records, Saved};
use super::state::{Attempts, Launch, Screen, Settings, Trainee};
use super::words::UiWords;
use super::{ui_root, widgets};
use frontline_core::scenario::{MotStage, Scenario};
use frontline_core::score::{Debrief, score};
use frontline_core::session::fresh_seed;
use frontline_core::session::{Session, Step};
use frontline_core::{Lang, i18n};
use frontline_records::Attempt;

mod view;
pub use view::conversation_view;

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
    /// V: the customer's voice on or off (see [`crate::speech`]).
    ToggleVoice,
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

/// The response clock of one turn: wall time since the turn was shown, less the time the
/// window spent in the background. It reads the system clock, not frame times, so a turn
/// answered after a long still moment (when no frames are drawn) is timed correctly.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Clock {
    shown: Instant,
    paused_since: Option<Instant>,
    paused: Duration,
}

impl Clock {
    /// A clock started at `now`.
    pub fn start(now: Instant) -> Clock {
        Clock {
            shown: now,
            paused_since: None,
            paused: Duration::ZERO,
        }
    }

    /// Seconds counted at `now`.
    pub fn seconds(&self, now: Instant) -> f32 {
        let away = self.paused + self.paused_since.map_or(Duration::ZERO, |p| now - p);
        now.saturating_duration_since(self.shown)
            .saturating_sub(away)
            .as_secs_f32()
    }

    /// Stops counting from `now` (the window lost focus).
    pub fn pause(&mut self, now: Instant) {
        self.paused_since.get_or_insert(now);
    }

    /// Counts again from `now`.
    pub fn resume(&mut self, now: Instant) {
        if let Some(p) = self.paused_since.take() {
            self.paused += now - p;
        }
    }

    /// The moment this clock will show `seconds`, unless it is paused.
    pub fn instant_at(&self, seconds: f32) -> Option<Instant> {
        self.paused_since
            .is_none()
            .then(|| self.shown + self.paused + Duration::from_secs_f32(seconds.max(0.0)))
    }
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
    /// Seconds spent on the current turn while the window had focus, as of the last frame.
    pub elapsed: f32,
    /// The clock of the current turn.
    pub clock: Clock,
    /// Seconds allowed for reading the current turn before its time budget starts.
    pub allowance: f32,
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
        pace: frontline_core::reading::Pace,
    ) -> Result<Conversation, frontline_core::session::SessionError> {
        let session = Session::start(&scenario, seed)?.with_pace(pace);
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
            clock: Clock::start(Instant::now()),
            allowance: 0.0,
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
                self.allowance = self
                    .session
                    .allowance_now(&self.scenario, self.session.pace());
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
        let time = self.clock.seconds(Instant::now());
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
        self.clock = Clock::start(Instant::now());
        if self.paused {
            self.clock.pause(Instant::now());
        }
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
    match Conversation::start(file, scenario, seed, settings.coach, settings.pace) {
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

/// Pauses the response clock while the window is in the background and keeps the shown
/// seconds up to date. Focus changes wake the window, so the pause starts within a frame of
/// the change.
fn tick(windows: Query<&Window, With<PrimaryWindow>>, mut conversation: ResMut<Conversation>) {
    let now = Instant::now();
    let focused = windows.iter().all(|w| w.focused);
    if conversation.paused == focused {
        conversation.paused = !focused;
        if focused {
            conversation.clock.resume(now);
        } else {
            conversation.clock.pause(now);
        }
    }
    if !conversation.session.is_over() {
        let seconds = conversation.clock.seconds(now);
        if conversation.elapsed != seconds {
            conversation.elapsed = seconds;
        }
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
                        debrief.align_quizzes(attempts.quizzes.values());
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
            ConversationAction::ToggleVoice => {}
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
    /// The illustrated character drawn for the customer.
    pub character: &'static str,
    /// Whether the customer is heard, and if not why.
    pub voice: super::speech::Status,
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
    /// The response clock.
    pub clock: ClockView,
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
    /// A telephone call: whole minutes on the line so far (the caller card replaces the
    /// face). `None` face to face.
    pub phone: Option<i64>,
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
            character: super::portraits::character_for(c.session.customer_portrait(s), &s.id),
            voice: super::speech::Status::Off,
            mood: c.session.mood(),
            walk_out_at: s.persona.patience.as_ref().map(|p| p.walk_out_at),
            stage,
            stages_seen,
            log: &c.log,
            choices,
            clock: ClockView {
                elapsed: c.elapsed,
                allowance: c.allowance,
                budget,
            },
            paused: c.paused,
            coach: c.coach,
            ended,
            confirm_leave: c.confirm_leave,
            notice: c.notice.clone(),
            file_error: None,
            preview: c.preview.as_deref(),
            phone: (s.channel == frontline_core::scenario::Channel::Phone)
                .then(|| (time::OffsetDateTime::now_utc() - c.started).whole_minutes()),
        }
    }

    /// The clock reading at which its display next changes, if it is running: the screen is
    /// redrawn then and not before (a frame costs about 60 ms under software rendering).
    pub fn next_redraw(&self) -> Option<f32> {
        if self.ended.is_some() || self.paused {
            return None;
        }
        self.clock.next_change()
    }
}

/// The response clock as shown: reading first (the allowance), then the time budget, then
/// late. The display moves in steps of at least four seconds, so that a running clock costs
/// a frame every few seconds, not every second.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClockView {
    /// Seconds since the turn was shown (window in the background not counted).
    pub elapsed: f32,
    /// Seconds for reading before the budget starts.
    pub allowance: f32,
    /// The turn's time budget; `None` for an untimed turn.
    pub budget: Option<f32>,
}

/// Where a running clock stands.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Phase {
    /// Reading; about this many seconds of reading time left.
    Reading(f32),
    /// Within the budget; about this many seconds left, and the share of it used.
    Thinking(f32, f32),
    /// Over the budget but within twice it (half the timing points).
    Late,
    /// Over twice the budget (no timing points).
    VeryLate,
}

/// Shortest step of the shown clock.
const STEP: f32 = 4.0;

/// `length` seconds split in steps of at least [`STEP`] (at most five of them).
fn step_of(length: f32) -> f32 {
    let n = (length / STEP).floor().clamp(1.0, 5.0);
    length / n
}

impl ClockView {
    /// The phase now, rounded to the shown steps.
    pub fn phase(&self) -> Option<Phase> {
        let budget = self.budget?;
        let t = self.elapsed;
        let a = self.allowance;
        Some(if t < a {
            let step = step_of(a);
            Phase::Reading(((a - t) / step).ceil() * step)
        } else if t < a + budget {
            let step = step_of(budget);
            let left = ((a + budget - t) / step).ceil() * step;
            Phase::Thinking(left, 1.0 - left / budget)
        } else if t < a + 2.0 * budget {
            Phase::Late
        } else {
            Phase::VeryLate
        })
    }

    /// The clock reading (seconds since the turn was shown) at which the shown clock next
    /// changes, if it will.
    pub fn next_change(&self) -> Option<f32> {
        let budget = self.budget?;
        let (t, a) = (self.elapsed, self.allowance);
        // The next step boundary strictly after `t`, counting down from `end`.
        let after = |end: f32, step: f32| end - ((end - t) / step).ceil().max(1.0) * step + step;
        let next = if t < a {
            after(a, step_of(a))
        } else if t < a + budget {
            after(a + budget, step_of(budget))
        } else if t < a + 2.0 * budget {
            a + 2.0 * budget
        } else {
            return None;
        };
        // A hair past the boundary, so the frame lands on the new step.
        Some(next + 0.05)
    }
}

fn view_system(
    mut contexts: EguiContexts,
    settings: Res<Settings>,
    conversation: Res<Conversation>,
    content: Res<Content>,
    speech: Res<super::speech::Speech>,
    mut redraw: ResMut<super::redraw::Animating>,
    mut out: MessageWriter<ConversationAction>,
) -> Result {
    let mut ui = ui_root(contexts.ctx_mut()?);
    let mut view = ConversationView::of(&conversation, settings.lang);
    view.voice = speech.status();
    if let Some(at) = speech.gives_up_at() {
        redraw.at(at);
    }
    view.file_error = content
        .problems_of(&conversation.file)
        .into_iter()
        .find(|d| d.issue.severity == frontline_core::Severity::Error)
        .map(|d| d.to_string());
    if let Some(at) = view
        .next_redraw()
        .and_then(|s| conversation.clock.instant_at(s))
    {
        redraw.at(at);
    }
    if let Some(a) = conversation_view(&mut ui, &view) {
        out.write(a);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_counts_wall_time_but_not_time_in_the_background() {
        let t0 = Instant::now();
        let mut c = Clock::start(t0);
        assert!((c.seconds(t0 + Duration::from_secs(10)) - 10.0).abs() < 1e-3);
        c.pause(t0 + Duration::from_secs(10));
        c.resume(t0 + Duration::from_secs(40));
        assert!((c.seconds(t0 + Duration::from_secs(45)) - 15.0).abs() < 1e-3);
    }

    #[test]
    fn the_shown_clock_moves_in_steps_of_at_least_four_seconds() {
        let at = |elapsed| ClockView {
            elapsed,
            allowance: 12.0,
            budget: Some(10.0),
        };
        assert_eq!(at(0.0).phase(), Some(Phase::Reading(12.0)));
        assert!(matches!(at(13.0).phase(), Some(Phase::Thinking(..))));
        assert_eq!(at(25.0).phase(), Some(Phase::Late));
        assert_eq!(at(40.0).phase(), Some(Phase::VeryLate));
        assert_eq!(at(40.0).next_change(), None);
        // From the start to the end of "late", the display changes at most this often.
        let mut t = 0.0;
        let mut changes = 0;
        while let Some(wait) = at(t).next_change() {
            assert!(
                wait >= STEP - 0.01 || t + wait >= 12.0 - 0.1,
                "{t} + {wait}"
            );
            t += wait;
            changes += 1;
        }
        assert!(changes <= 8, "{changes}");
        let untimed = ClockView {
            budget: None,
            ..at(0.0)
        };
        assert_eq!(untimed.next_change(), None);
    }
}
