//! The same seed and the same choices replay the identical session; different
//! seeds vary what is shown but never the score of the same choices.

#[path = "../../../tests/common/mod.rs"]
mod common;

use common::*;
use frontline_core::paths::play_random;
use frontline_core::score::score;
use frontline_core::session::{Session, Step};
use frontline_core::text;

#[test]
fn same_seed_and_choices_replay_identically() {
    for locale in LOCALES {
        for id in SEED_SCENARIOS {
            let s = scenario(id, locale);
            for seed in [0, 1, 42, 9_999, u64::MAX] {
                let original = play_random(s, seed).unwrap();
                let mut replay = Session::start(s, seed).unwrap();
                for t in original.turns() {
                    replay.choose_index(s, t.choice, t.response_time).unwrap();
                }
                assert_eq!(replay, original, "{locale}/{id} seed {seed}");
                assert_eq!(
                    score(s, catalogue(), &replay).unwrap(),
                    score(s, catalogue(), &original).unwrap()
                );
                let lang = locale.parse().unwrap();
                assert_eq!(
                    text::transcript(s, &replay, lang).unwrap(),
                    text::transcript(s, &original, lang).unwrap()
                );
            }
        }
    }
}

#[test]
fn seeds_vary_presentation_but_not_scores() {
    let s = scenario("angry-customer", "en");
    let ids: Vec<_> = play_random(s, 3)
        .unwrap()
        .choice_ids(s)
        .into_iter()
        .cloned()
        .collect();
    let mut orders = std::collections::BTreeSet::new();
    let mut overall = std::collections::BTreeSet::new();
    for seed in 0..40 {
        let mut session = Session::start(s, seed).unwrap();
        if let Ok(Step::Turn(t)) = session.step(s) {
            orders.insert(t.choices.iter().map(|c| c.index).collect::<Vec<_>>());
        }
        for id in &ids {
            session.choose(s, id, None).unwrap();
        }
        overall.insert(score(s, catalogue(), &session).unwrap().overall);
    }
    assert!(orders.len() > 1, "choice order never changes with the seed");
    assert_eq!(
        overall.len(),
        1,
        "the same choices scored differently under different seeds"
    );
}

#[test]
fn locales_score_the_same_choices_the_same() {
    // Every translation against the English original.
    for id in SEED_SCENARIOS {
        let en = scenario(id, "en");
        for locale in LOCALES.into_iter().filter(|&l| l != "en") {
            let translated = scenario(id, locale);
            for seed in 0..50 {
                let played = play_random(en, seed).unwrap();
                let mut other = Session::start(translated, seed).unwrap();
                for t in played.turns() {
                    other
                        .choose_index(translated, t.choice, t.response_time)
                        .unwrap();
                }
                let (a, b) = (
                    score(en, catalogue(), &played).unwrap(),
                    score(translated, catalogue(), &other).unwrap(),
                );
                assert_eq!(
                    (a.overall, a.passed, a.outcome, a.five_s, a.mood.clone()),
                    (b.overall, b.passed, b.outcome, b.five_s, b.mood.clone()),
                    "{locale}/{id} seed {seed}"
                );
            }
        }
    }
}

#[test]
fn a_session_refuses_a_scenario_whose_structure_changed() {
    use frontline_core::session::SessionError;
    let s = scenario("angry-customer", "en");
    let mut session = Session::start(s, 1).unwrap();
    // A text edit (a trainer fixing a typo) keeps the session playable.
    let mut edited = s.clone();
    edited.nodes[0].lines[0].push_str(" (edited)");
    edited.resolve().unwrap();
    assert!(session.fits(&edited));
    session.choose_key(&edited, 1, None).unwrap();
    // A structural edit (a choice removed) is refused instead of misread.
    let mut changed = s.clone();
    changed.nodes[1].choices.pop();
    changed.resolve().unwrap();
    assert!(!session.fits(&changed));
    assert_eq!(
        session.choose_key(&changed, 1, None),
        Err(SessionError::ScenarioChanged)
    );
    assert!(matches!(
        session.step(&changed),
        Err(SessionError::ScenarioChanged)
    ));
    assert_eq!(
        score(&changed, catalogue(), &session).unwrap_err(),
        SessionError::ScenarioChanged
    );
    assert!(text::transcript(&changed, &session, frontline_core::Lang::En).is_err());
    // An unresolved scenario (one with errors) is refused too.
    let mut unresolved = s.clone();
    unresolved.nodes[0].lines.clear();
    let raw: frontline_core::Scenario =
        ron::from_str(&ron::to_string(&unresolved).unwrap()).unwrap();
    assert_eq!(
        Session::start(&raw, 1).unwrap_err(),
        SessionError::NotPlayable
    );
}
