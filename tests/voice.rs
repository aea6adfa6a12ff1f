//! The customer's voice, driven through the real game plugins with a recording engine in
//! place of speech-dispatcher: what is said, in which voice and language, when it stops,
//! and what the screen is told when there is no service or no voice for the language.

#![cfg(feature = "game")]

mod common;
#[path = "common/game.rs"]
mod harness;

use harness::Game;

use std::sync::Arc;

use bevy::prelude::*;

use frontline_core::Lang;
use frontline_core::scenario::{Gender, Voice};
use frontline_game::conversation::{ConversationAction, Speaker};
use frontline_game::profile::Profiles;
use frontline_game::speech::{Heard, Recorder, Speech, SpeechEngine, Status};
use frontline_game::state::Screen;

fn status(game: &Game) -> Status {
    game.app.world().resource::<Speech>().status()
}

/// What `who` said last in the transcript.
fn last_said(game: &Game, who: Speaker) -> String {
    let c = game.conversation();
    c.log
        .iter()
        .rev()
        .find(|e| e.speaker == who)
        .unwrap()
        .text
        .clone()
}

/// A game on the built-in library whose speech goes to `engine`.
fn voiced(lang: Lang, engine: SpeechEngine) -> Game {
    Game::built_in(lang, |app| {
        app.insert_resource(engine);
    })
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
    let mut game = voiced(Lang::En, recorder.opener());
    game.start("angry-customer", 3);
    game.settle();
    assert!(recorder.heard().is_empty(), "off until V");
    assert_eq!(status(&game), Status::Off);

    // V mid-turn: the line on screen is said at once.
    game.send(ConversationAction::ToggleVoice);
    let lin = Voice {
        gender: Gender::Male,
        pitch: -10,
        rate: 10,
    };
    let first = last_said(&game, Speaker::Customer);
    let expected = vec![said(first, Lang::En, lin)];
    game.until("the first line", |_| recorder.heard() == expected);
    assert_eq!(status(&game), Status::On);
    let saved = &game.app.world().resource::<Profiles>().saved;
    assert!(saved.voice, "remembered on this computer");

    // An answer stops the customer, then their reply is said; the answer itself is not
    // (at a counter the trainee speaks for themself).
    game.choose(1);
    let reply = last_said(&game, Speaker::Customer);
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
    assert_eq!(status(&game), Status::Off);

    // Leaving the conversation stops the voice too.
    game.send(ConversationAction::ToggleVoice);
    let now = last_said(&game, Speaker::Customer);
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
    let mut game = voiced(Lang::Zh, recorder.opener());
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
    let line = last_said(&game, Speaker::Customer);
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
    let line = last_said(&game, Speaker::Customer);
    game.until("the caller", |_| {
        recorder.heard().last() == Some(&said(line.clone(), Lang::Zh, caller))
    });
    let before = recorder.heard().len();
    game.choose(1);
    let (answer, reply) = (
        last_said(&game, Speaker::Trainee),
        last_said(&game, Speaker::Customer),
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
    let mut game = voiced(Lang::Ko, recorder.opener());
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
    let mut game = voiced(Lang::En, missing);
    game.start("angry-customer", 1);
    game.send(ConversationAction::ToggleVoice);
    game.until("the notice", |w| {
        matches!(w.resource::<Speech>().status(), Status::NoService(why) if why.contains("not installed"))
    });
    game.choose(1);
    assert_eq!(game.conversation().session.turns().len(), 1);
}
