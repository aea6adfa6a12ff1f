//! The customer's voice, driven through the real game plugins with a recording engine in
//! place of speech-dispatcher: what is said, in which voice and language, when it stops,
//! and what the screen is told when there is no service or no voice for the language.

#![cfg(feature = "game")]

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use bevy::prelude::*;
use bevy::state::app::StatesPlugin;

use frontline_core::Lang;
use frontline_core::library::Sources;
use frontline_core::scenario::{Gender, Voice};
use frontline_game::assets::{self, Content};
use frontline_game::conversation::{Conversation, ConversationAction, Speaker, StartConversation};
use frontline_game::profile::Profiles;
use frontline_game::speech::{Heard, Recorder, Speech, SpeechEngine, Status};
use frontline_game::state::Screen;
use frontline_game::{GameOptions, GamePlugin};

struct Game {
    app: App,
    _data: tempfile::TempDir,
}

impl Game {
    fn new(lang: Lang, engine: SpeechEngine) -> Game {
        let data = tempfile::tempdir().unwrap();
        let sources = Sources::roots(Vec::new());
        let mut app = App::new();
        assets::register_sources(&mut app, &sources);
        app.insert_resource(engine)
            .add_plugins((MinimalPlugins, StatesPlugin, assets::asset_plugin(false)))
            .add_plugins(GamePlugin {
                options: GameOptions {
                    profile: Some("Tester".into()),
                    lang: Some(lang),
                    sources,
                    data_dir: data.path().to_path_buf(),
                    ..default()
                },
                ui: false,
            });
        app.finish();
        app.cleanup();
        let mut game = Game { app, _data: data };
        game.until("the library", |w| {
            !w.resource::<Content>().loading(w.resource::<AssetServer>())
        });
        game
    }

    /// Updates until `done` holds; fails after 30 s (the engine runs on its own thread;
    /// this bounds a hang, it does not measure speed).
    fn until(&mut self, what: &str, done: impl Fn(&World) -> bool) {
        let start = Instant::now();
        loop {
            self.app.update();
            if done(self.app.world()) {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "timed out waiting for {what}"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// A few frames, for what should *not* happen.
    fn settle(&mut self) {
        for _ in 0..20 {
            self.app.update();
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    fn send<M: Message>(&mut self, m: M) {
        self.app.world_mut().write_message(m);
    }

    fn start(&mut self, id: &str, seed: u64) {
        self.send(StartConversation {
            scenario: id.into(),
            seed: Some(seed),
        });
        self.until("the conversation", |w| {
            *w.resource::<State<Screen>>().get() == Screen::Conversation
                && w.get_resource::<Conversation>()
                    .is_some_and(|c| c.session.seed() == seed && c.scenario.id == id)
        });
    }

    fn conversation(&self) -> &Conversation {
        self.app.world().resource::<Conversation>()
    }

    fn choose(&mut self, key: usize) {
        let before = self.conversation().session.turns().len();
        self.send(ConversationAction::Choose(key));
        self.until("the answer", |w| {
            w.resource::<Conversation>().session.turns().len() > before
        });
    }

    fn status(&self) -> Status {
        self.app.world().resource::<Speech>().status()
    }

    fn last_said(&self, who: Speaker) -> String {
        let c = self.conversation();
        c.log
            .iter()
            .rev()
            .find(|e| e.speaker == who)
            .unwrap()
            .text
            .clone()
    }
}

fn said(text: String, lang: Lang, voice: Voice) -> Heard {
    Heard::Said(text, lang, voice)
}

#[test]
fn the_customer_is_heard_in_their_voice_and_cut_off_by_the_answer() {
    let recorder = Recorder {
        langs: vec![Lang::En, Lang::Zh],
        ..Default::default()
    };
    let mut game = Game::new(Lang::En, recorder.opener());
    game.start("angry-customer", 3);
    game.settle();
    assert!(recorder.heard().is_empty(), "off until V");
    assert_eq!(game.status(), Status::Off);

    // V mid-turn: the line on screen is said at once.
    game.send(ConversationAction::ToggleVoice);
    let lin = Voice {
        gender: Gender::Male,
        pitch: -10,
        rate: 10,
    };
    let first = game.last_said(Speaker::Customer);
    let expected = vec![said(first, Lang::En, lin)];
    game.until("the first line", |_| recorder.heard() == expected);
    assert_eq!(game.status(), Status::On);
    let saved = &game.app.world().resource::<Profiles>().saved;
    assert!(saved.voice, "remembered on this computer");

    // An answer stops the customer, then their reply is said; the answer itself is not
    // (at a counter the trainee speaks for themself).
    game.choose(1);
    let reply = game.last_said(Speaker::Customer);
    let mut expected = expected;
    expected.extend([Heard::Stopped, said(reply, Lang::En, lin)]);
    game.until("the reply", |_| recorder.heard() == expected);

    // Off: stopped, and nothing more is said.
    game.send(ConversationAction::ToggleVoice);
    expected.push(Heard::Stopped);
    game.until("the stop", |_| recorder.heard() == expected);
    game.choose(1);
    game.settle();
    assert_eq!(recorder.heard(), expected);
    assert_eq!(game.status(), Status::Off);

    // Leaving the conversation stops the voice too.
    game.send(ConversationAction::ToggleVoice);
    let now = game.last_said(Speaker::Customer);
    expected.push(said(now, Lang::En, lin));
    game.until("the line again", |_| recorder.heard() == expected);
    game.send(ConversationAction::Leave);
    game.send(ConversationAction::Leave);
    game.until("the library", |w| {
        *w.resource::<State<Screen>>().get() == Screen::Library
    });
    expected.push(Heard::Stopped);
    game.until("the stop on leaving", |_| recorder.heard() == expected);
}

#[test]
fn on_the_phone_the_whole_call_is_heard_and_a_variant_has_its_own_voice() {
    let recorder = Recorder {
        langs: vec![Lang::Zh],
        ..Default::default()
    };
    let mut game = Game::new(Lang::Zh, recorder.opener());
    // Seeds that pick each of billing-dispute's customers, found from the core.
    let scenario = common::scenario("billing-dispute", "zh");
    let seed_of = |variant| {
        (0..100u64)
            .find(|&s| {
                frontline_core::Session::start(scenario, s)
                    .unwrap()
                    .persona_variant()
                    == Some(variant)
            })
            .unwrap()
    };
    game.send(ConversationAction::ToggleVoice);
    game.start("billing-dispute", seed_of(1));
    let lin = Voice {
        gender: Gender::Female,
        pitch: 5,
        rate: 15,
    };
    let line = game.last_said(Speaker::Customer);
    game.until("Ms Lin's line", |_| {
        recorder.heard().last() == Some(&said(line.clone(), Lang::Zh, lin))
    });
    game.send(ConversationAction::Leave);
    game.send(ConversationAction::Leave);
    game.until("the library", |w| {
        *w.resource::<State<Screen>>().get() == Screen::Library
    });

    game.start("hotline-enquiry", 5);
    let caller = game
        .conversation()
        .session
        .customer_voice(&game.conversation().scenario);
    assert_eq!(caller.gender, Gender::Female);
    let line = game.last_said(Speaker::Customer);
    game.until("the caller", |_| {
        recorder.heard().last() == Some(&said(line.clone(), Lang::Zh, caller))
    });
    let before = recorder.heard().len();
    game.choose(1);
    let (answer, reply) = (
        game.last_said(Speaker::Trainee),
        game.last_said(Speaker::Customer),
    );
    let agent = Voice::agent_beside(caller);
    assert_eq!(agent.gender, Gender::Male);
    let expected = [
        Heard::Stopped,
        said(answer, Lang::Zh, agent),
        said(reply, Lang::Zh, caller),
    ];
    game.until("the answer and the reply", |_| {
        recorder.heard().get(before..) == Some(&expected[..])
    });
}

#[test]
fn no_voice_for_the_language_and_no_service_are_said_on_screen() {
    // An engine with English only, playing Korean: nothing is said, and the screen says why.
    let recorder = Recorder {
        langs: vec![Lang::En],
        ..Default::default()
    };
    let mut game = Game::new(Lang::Ko, recorder.opener());
    game.send(ConversationAction::ToggleVoice);
    game.start("missing-pin", 1);
    game.until("the notice", |w| {
        w.resource::<Speech>().status() == Status::NoVoice(Lang::Ko)
    });
    assert!(recorder.heard().is_empty());

    // No speech service: the game plays on, and the screen says so.
    let missing = SpeechEngine(Arc::new(
        || Err("speech-dispatcher is not installed".into()),
    ));
    let mut game = Game::new(Lang::En, missing);
    game.start("angry-customer", 1);
    game.send(ConversationAction::ToggleVoice);
    game.until("the notice", |w| {
        matches!(w.resource::<Speech>().status(), Status::NoService(why) if why.contains("not installed"))
    });
    game.choose(1);
    assert_eq!(game.conversation().session.turns().len(), 1);
}
