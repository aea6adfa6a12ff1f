//! The customer you can hear: the customer's lines spoken in the persona's voice (and on a
//! phone call the agent's answers too, in a second voice), in the scenario's language.
//!
//! Off until the trainee presses V (remembered on this computer). The engine runs on a
//! thread of its own and is only opened when the voice is first turned on, so a machine
//! without a speech service costs nothing until then, and a slow or hung service never
//! holds up a frame: the game only sends requests down a channel. Speech stops when the
//! trainee answers (the next line follows) and when the conversation is left. The captions
//! are the transcript already on screen.
//!
//! The engine is the `tts` crate: speech-dispatcher on Linux (with espeak-ng), the platform
//! voices elsewhere. Tests put a [`Recorder`] in its place.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};

use bevy::prelude::*;

use super::conversation::{Conversation, ConversationAction, Speaker};
use super::profile::Profiles;
use frontline_core::Lang;
use frontline_core::scenario::{Channel, Gender, Voice};

/// A speech engine as the game drives it, on the speech thread.
pub trait Engine {
    /// Queues `text` after anything still being said, in `voice`, in `lang`.
    fn speak(&mut self, text: &str, lang: Lang, voice: Voice) -> Result<(), Trouble>;
    /// Stops what is being said and drops what is queued.
    fn stop(&mut self);
}

/// Opens the engine, on the speech thread; the error says what is missing.
pub type Opener = Arc<dyn Fn() -> Result<Box<dyn Engine>, String> + Send + Sync>;

/// Why a line was not spoken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trouble {
    /// The engine has no voice for this language.
    NoVoice(Lang),
    /// The engine refused the line.
    Failed(String),
}

/// Where the voice stands, as the conversation screen says it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Status {
    /// Turned off (the default).
    #[default]
    Off,
    /// Turned on; the engine is being opened.
    Starting,
    /// Speaking, or ready to.
    On,
    /// Turned on, but there is no speech service: the reason, for the notice.
    NoService(String),
    /// Turned on, but the engine has no voice for this language.
    NoVoice(Lang),
}

/// The engine the game opens when the voice is turned on. Insert one before adding the
/// game plugin to replace the default (the `tts` crate).
#[derive(Resource, Clone)]
pub struct SpeechEngine(pub Opener);

impl Default for SpeechEngine {
    fn default() -> Self {
        SpeechEngine(Arc::new(open_default))
    }
}

#[cfg(feature = "speech")]
fn open_default() -> Result<Box<dyn Engine>, String> {
    tts_engine::TtsEngine::open().map(|e| Box::new(e) as Box<dyn Engine>)
}

#[cfg(not(feature = "speech"))]
fn open_default() -> Result<Box<dyn Engine>, String> {
    Err("this copy of Frontline was built without speech (the `speech` feature)".into())
}

enum Say {
    Speak(String, Lang, Voice),
    Stop,
}

/// The voice's state in the game.
#[derive(Resource, Default)]
pub struct Speech {
    on: bool,
    status: Arc<Mutex<Status>>,
    to_engine: Option<Sender<Say>>,
    /// The conversation being voiced (when it started) and how much of its transcript has
    /// been handled.
    following: Option<(time::OffsetDateTime, usize)>,
    /// When the engine was asked to open.
    opened_at: Option<std::time::Instant>,
}

/// How long opening the engine may take before the screen says it is not answering: a
/// speech-dispatcher started cold on two cores takes about 13 s.
const OPEN_PATIENCE: std::time::Duration = std::time::Duration::from_secs(45);

impl Speech {
    /// Whether the trainee has the voice on.
    pub fn is_on(&self) -> bool {
        self.on
    }

    /// While the engine is opening, the moment the screen should give up on it (and be
    /// redrawn to say so).
    pub fn gives_up_at(&self) -> Option<std::time::Instant> {
        (self.on && *lock(&self.status) == Status::Starting)
            .then(|| self.opened_at.map(|t| t + OPEN_PATIENCE))
            .flatten()
    }

    /// What the conversation screen says about the voice.
    pub fn status(&self) -> Status {
        if !self.on {
            return Status::Off;
        }
        let now = lock(&self.status).clone();
        // A speech service that hangs (seen with a daemon whose sound output had failed)
        // must not leave the trainee waiting on "starting" for ever.
        if now == Status::Starting && self.opened_at.is_some_and(|t| t.elapsed() > OPEN_PATIENCE) {
            return Status::NoService(format!(
                "the speech service did not answer within {} s",
                OPEN_PATIENCE.as_secs()
            ));
        }
        now
    }

    fn send(&mut self, engine: &SpeechEngine, say: Say) {
        let status = self.status.clone();
        if self.to_engine.is_none() {
            self.opened_at = Some(std::time::Instant::now());
        }
        let tx = self.to_engine.get_or_insert_with(|| {
            let (tx, rx) = channel();
            let open = engine.0.clone();
            *lock(&status) = Status::Starting;
            let theirs = status.clone();
            let spawned = std::thread::Builder::new()
                .name("frontline-speech".into())
                .spawn(move || run(open, rx, theirs));
            if let Err(e) = spawned {
                *lock(&status) = Status::NoService(e.to_string());
            }
            tx
        });
        // A closed channel means the engine could not be opened; the status says why.
        let _ = tx.send(say);
    }

    fn stop(&mut self, engine: &SpeechEngine) {
        if self.to_engine.is_some() {
            self.send(engine, Say::Stop);
        }
    }
}

fn lock(status: &Mutex<Status>) -> std::sync::MutexGuard<'_, Status> {
    status.lock().unwrap_or_else(|p| p.into_inner())
}

/// The speech thread: opens the engine, then speaks what it is sent until the game ends.
fn run(open: Opener, rx: Receiver<Say>, status: Arc<Mutex<Status>>) {
    let opening = std::time::Instant::now();
    let mut engine = match open() {
        Ok(e) => {
            info!("speech ready in {} ms", opening.elapsed().as_millis());
            e
        }
        Err(why) => {
            warn!("no speech: {why}");
            *lock(&status) = Status::NoService(why);
            super::redraw::wake();
            return;
        }
    };
    *lock(&status) = Status::On;
    super::redraw::wake();
    for say in rx {
        let now = match say {
            Say::Stop => {
                engine.stop();
                continue;
            }
            Say::Speak(text, lang, voice) => match engine.speak(&text, lang, voice) {
                Ok(()) => Status::On,
                Err(Trouble::NoVoice(lang)) => Status::NoVoice(lang),
                Err(Trouble::Failed(why)) => {
                    warn!("speech: {why}");
                    Status::On
                }
            },
        };
        let mut s = lock(&status);
        if *s != now {
            *s = now;
            drop(s);
            super::redraw::wake();
        }
    }
}

/// Registers the voice.
pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Speech>()
        .add_systems(PostStartup, remembered)
        .add_systems(PostUpdate, (toggle, follow).chain());
    if !app.world().contains_resource::<SpeechEngine>() {
        app.init_resource::<SpeechEngine>();
    }
}

fn remembered(profiles: Option<Res<Profiles>>, mut speech: ResMut<Speech>) {
    speech.on = profiles.is_some_and(|p| p.saved.voice);
}

/// V turns the voice on or off; the choice is remembered on this computer.
fn toggle(
    mut actions: MessageReader<ConversationAction>,
    mut speech: ResMut<Speech>,
    engine: Res<SpeechEngine>,
    conversation: Option<Res<Conversation>>,
    mut profiles: Option<ResMut<Profiles>>,
) {
    for action in actions.read() {
        if *action != ConversationAction::ToggleVoice {
            continue;
        }
        speech.on = !speech.on;
        // Turned on again after the service was missing: try again (it may be installed now).
        if speech.on && matches!(*lock(&speech.status), Status::NoService(_)) {
            speech.to_engine = None;
        }
        if let Some(p) = profiles.as_deref_mut() {
            p.saved.voice = speech.on;
            p.save();
        }
        if !speech.on {
            speech.stop(&engine);
        } else if let Some(c) = &conversation {
            // Turned on mid-turn: say the line on screen now, not only the next one.
            let from = c
                .log
                .iter()
                .rposition(|e| e.speaker == Speaker::Customer)
                .unwrap_or(c.log.len());
            speech.following = Some((c.started, from));
        }
    }
}

/// Speaks what is new in the transcript: the customer's lines, and on the phone the agent's
/// answers too. An answer cuts off whatever the customer is still saying.
fn follow(
    conversation: Option<Res<Conversation>>,
    mut speech: ResMut<Speech>,
    engine: Res<SpeechEngine>,
) {
    let Some(c) = conversation else {
        if speech.following.take().is_some() {
            speech.stop(&engine);
        }
        return;
    };
    let from = match speech.following {
        Some((started, done)) if started == c.started => done,
        Some(_) => {
            speech.stop(&engine);
            0
        }
        None => 0,
    };
    let upto = c.log.len();
    speech.following = Some((c.started, upto));
    if !speech.on || from >= upto {
        return;
    }
    let new = &c.log[from..];
    if new.iter().any(|e| e.speaker == Speaker::Trainee) {
        speech.stop(&engine);
    }
    let lang = c.scenario.locale.parse().unwrap_or(Lang::En);
    let customer = c.session.customer_voice(&c.scenario);
    let phone = c.scenario.channel == Channel::Phone;
    for entry in new {
        let voice = match entry.speaker {
            Speaker::Customer => customer,
            Speaker::Trainee if phone => Voice::agent_beside(customer),
            _ => continue,
        };
        speech.send(&engine, Say::Speak(entry.text.clone(), lang, voice));
    }
}

/// How far a voice of no known gender is raised for a female customer (espeak-ng's voices
/// are male unless a variant says otherwise).
pub const FEMALE_LIFT: i32 = 45;

/// The pitch offset to ask for: the persona's, lifted for a female customer when the voice
/// found is not known to be female.
pub fn pitch_offset(voice: Voice, found_gender: Option<Gender>) -> i32 {
    match (voice.gender, found_gender) {
        (Gender::Female, Some(Gender::Female)) | (Gender::Male, _) => voice.pitch,
        (Gender::Female, _) => (voice.pitch + FEMALE_LIFT).min(100),
    }
}

/// An engine's voice as far as choosing one goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offered {
    /// The engine's name for it.
    pub name: String,
    /// Its language tag (`en-US`, `cmn`, `ko`).
    pub language: String,
    /// Its gender, where the engine says.
    pub gender: Option<Gender>,
}

/// The language subtags that serve each interface language (espeak-ng calls Mandarin
/// `cmn`), the preferred region first.
fn serves(lang: Lang) -> (&'static [&'static str], &'static [&'static str]) {
    match lang {
        Lang::En => (&["en"], &["en-us", "en-gb"]),
        Lang::Zh => (&["zh", "cmn"], &["zh-cn", "cmn", "cmn-latn-pinyin"]),
        Lang::Ko => (&["ko"], &["ko-kr", "ko"]),
    }
}

/// The best voice for `lang` and `gender` among those offered: the language first, then the
/// gender, then the engine's plain voice over its variants, then the usual region.
pub fn choose(offered: &[Offered], lang: Lang, gender: Gender) -> Option<&Offered> {
    let (primary, preferred) = serves(lang);
    offered
        .iter()
        .filter(|v| {
            let tag = v.language.to_ascii_lowercase();
            let first = tag.split(['-', '_']).next().unwrap_or("");
            primary.contains(&first)
        })
        .max_by_key(|v| {
            let tag = v.language.to_ascii_lowercase();
            (
                v.gender == Some(gender),
                !v.name.contains('+'),
                preferred
                    .iter()
                    .rev()
                    .position(|p| *p == tag)
                    .map_or(0, |i| i + 1),
                std::cmp::Reverse(v.name.clone()),
            )
        })
}

#[cfg(feature = "speech")]
mod tts_engine {
    use super::*;

    /// The platform's speech through the `tts` crate.
    pub struct TtsEngine {
        tts: tts::Tts,
        /// The engine's voices as chosen among, and the same voices as it takes them.
        offered: Vec<Offered>,
        voices: Vec<tts::Voice>,
        current: Option<String>,
    }

    impl TtsEngine {
        pub fn open() -> Result<TtsEngine, String> {
            let tts = tts::Tts::default()
                .map_err(|e| format!("{e} (on Linux: install speech-dispatcher and espeak-ng)"))?;
            let voices = if tts.supported_features().voice {
                tts.voices().unwrap_or_default().into_iter().collect()
            } else {
                Vec::new()
            };
            let offered = voices
                .iter()
                .map(|v: &tts::Voice| Offered {
                    name: v.name(),
                    language: v.language().to_string(),
                    gender: v.gender().map(|g| match g {
                        tts::Gender::Female => Gender::Female,
                        tts::Gender::Male => Gender::Male,
                    }),
                })
                .collect();
            Ok(TtsEngine {
                tts,
                offered,
                voices,
                current: None,
            })
        }
    }

    impl Engine for TtsEngine {
        fn speak(&mut self, text: &str, lang: Lang, voice: Voice) -> Result<(), Trouble> {
            let failed = |e: tts::Error| Trouble::Failed(e.to_string());
            let mut found_gender = None;
            // An engine that cannot list its voices speaks in its default one.
            if !self.offered.is_empty() {
                let pick =
                    choose(&self.offered, lang, voice.gender).ok_or(Trouble::NoVoice(lang))?;
                found_gender = pick.gender;
                if self.current.as_deref() != Some(&pick.name) {
                    let at = self
                        .offered
                        .iter()
                        .position(|o| std::ptr::eq(o, pick))
                        .expect("chosen from this list");
                    self.tts.set_voice(&self.voices[at]).map_err(failed)?;
                    self.current = Some(pick.name.clone());
                }
            }
            let features = self.tts.supported_features();
            if features.pitch {
                let t = &self.tts;
                let p = Voice::setting(
                    pitch_offset(voice, found_gender),
                    t.min_pitch(),
                    t.normal_pitch(),
                    t.max_pitch(),
                );
                self.tts.set_pitch(p).map_err(failed)?;
            }
            if features.rate {
                let t = &self.tts;
                let r = Voice::setting(voice.rate, t.min_rate(), t.normal_rate(), t.max_rate());
                self.tts.set_rate(r).map_err(failed)?;
            }
            self.tts.speak(text, false).map_err(failed)?;
            Ok(())
        }

        fn stop(&mut self) {
            let _ = self.tts.stop();
        }
    }
}

/// What a [`Recorder`] was asked to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Heard {
    /// A line, its language and voice.
    Said(String, Lang, Voice),
    /// Stop.
    Stopped,
}

/// A stand-in engine that writes down what it is asked, for tests; it has voices for the
/// languages given and none for the others.
#[derive(Clone, Default)]
pub struct Recorder {
    /// Everything asked so far.
    pub heard: Arc<Mutex<Vec<Heard>>>,
    /// The languages it can speak.
    pub langs: Vec<Lang>,
}

impl Recorder {
    /// An opener for this recorder.
    pub fn opener(&self) -> SpeechEngine {
        let me = self.clone();
        SpeechEngine(Arc::new(
            move || Ok(Box::new(me.clone()) as Box<dyn Engine>),
        ))
    }

    /// What it has heard.
    pub fn heard(&self) -> Vec<Heard> {
        self.heard.lock().map(|h| h.clone()).unwrap_or_default()
    }
}

impl Engine for Recorder {
    fn speak(&mut self, text: &str, lang: Lang, voice: Voice) -> Result<(), Trouble> {
        if !self.langs.contains(&lang) {
            return Err(Trouble::NoVoice(lang));
        }
        if let Ok(mut h) = self.heard.lock() {
            h.push(Heard::Said(text.to_owned(), lang, voice));
        }
        Ok(())
    }

    fn stop(&mut self) {
        if let Ok(mut h) = self.heard.lock() {
            h.push(Heard::Stopped);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offered(name: &str, language: &str, gender: Option<Gender>) -> Offered {
        Offered {
            name: name.into(),
            language: language.into(),
            gender,
        }
    }

    #[test]
    fn a_female_customer_is_lifted_only_when_the_voice_is_not_known_to_be_female() {
        let v = Voice {
            gender: Gender::Female,
            pitch: -10,
            rate: 0,
        };
        assert_eq!(pitch_offset(v, None), -10 + FEMALE_LIFT);
        assert_eq!(pitch_offset(v, Some(Gender::Male)), -10 + FEMALE_LIFT);
        assert_eq!(pitch_offset(v, Some(Gender::Female)), -10);
        let m = Voice {
            gender: Gender::Male,
            ..v
        };
        assert_eq!(pitch_offset(m, None), -10);
    }

    #[test]
    fn the_voice_is_chosen_by_language_then_gender_then_plainness() {
        let list = [
            offered("English (America)+Alicia", "en-US", None),
            offered("English (America)", "en-US", None),
            offered("English (Great Britain)", "en-GB", None),
            offered("Chinese (Mandarin, latin as English)", "cmn", None),
            offered("Chinese (Mandarin, latin as English)+Adam", "cmn", None),
            offered("Korean", "ko", None),
        ];
        let name = |l, g| choose(&list, l, g).map(|v| v.name.as_str());
        assert_eq!(name(Lang::En, Gender::Male), Some("English (America)"));
        assert_eq!(
            name(Lang::Zh, Gender::Female),
            Some("Chinese (Mandarin, latin as English)")
        );
        assert_eq!(name(Lang::Ko, Gender::Female), Some("Korean"));
        // No Korean voice: none, never another language's.
        assert_eq!(choose(&list[..5], Lang::Ko, Gender::Male), None);
        // Where the engine says a voice's gender, it decides before plainness.
        let platform = [
            offered("Daniel", "en-GB", Some(Gender::Male)),
            offered("Samantha", "en-US", Some(Gender::Female)),
            offered("Ting-Ting", "zh-CN", Some(Gender::Female)),
        ];
        let pick = |l, g| choose(&platform, l, g).map(|v| v.name.as_str());
        assert_eq!(pick(Lang::En, Gender::Female), Some("Samantha"));
        assert_eq!(pick(Lang::En, Gender::Male), Some("Daniel"));
        assert_eq!(pick(Lang::Zh, Gender::Male), Some("Ting-Ting"));
    }
}
