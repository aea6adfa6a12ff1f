//! The shipped content meets the course's bar: it checks clean, every seed
//! scenario teaches what it should, and the quizzes grade by the source's key.

#[path = "../../../tests/common/mod.rs"]
mod common;

use std::collections::BTreeSet;

use common::*;
use frontline_core::catalogue::Group;
use frontline_core::paths::{Extreme, search};
use frontline_core::scenario::{Dimension, Next, Outcome};
use frontline_core::session::Session;

#[test]
fn every_shipped_file_checks_clean() {
    let lib = library();
    let report: Vec<String> = lib.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(
        report.is_empty(),
        "shipped files have problems:\n{}",
        report.join("\n")
    );
    // Every scenario and quiz in every locale, the seed scenarios among them.
    let ids: BTreeSet<&str> = lib.scenarios.iter().map(|s| s.value.id.as_str()).collect();
    assert!(SEED_SCENARIOS.iter().all(|id| ids.contains(id)), "{ids:?}");
    assert_eq!(lib.scenarios.len(), ids.len() * LOCALES.len());
    assert_eq!(lib.quizzes.len(), 2 * LOCALES.len());
}

#[test]
fn catalogue_covers_the_course() {
    let c = catalogue();
    let count = |prefix: &str| {
        c.iter()
            .filter(|p| p.id.as_str().starts_with(prefix))
            .count()
    };
    assert_eq!(
        count("5s."),
        8,
        "5 dimensions plus tenet, true service and everyone serves"
    );
    assert_eq!(count("avoid."), 7);
    assert_eq!(count("quiz.angry."), 12);
    assert_eq!(count("quiz.who."), 5);
    assert_eq!(count("mot."), 5);
    assert!(c.contains("complaint.first_contact"));
    for id in [
        "complaint.listen",
        "complaint.empathy",
        "complaint.pressure",
        "complaint.exceed",
        "complaint.win_win",
    ] {
        assert!(c.contains(id), "{id}");
    }
    assert!(count("greet.") >= 5 && count("listen.") >= 8);
    for p in c.iter() {
        assert!(
            !p.title.zh.is_empty() && !p.summary.zh.is_empty(),
            "{} lacks Chinese",
            p.id
        );
        assert!(
            !p.title.ko.is_empty() && !p.summary.ko.is_empty(),
            "{} lacks Korean",
            p.id
        );
        assert!(
            p.source.file.ends_with(".txt"),
            "{} cites {}",
            p.id,
            p.source.file
        );
        assert!(
            std::path::Path::new("../shared/seeds")
                .join(&p.source.file)
                .exists()
                || !std::path::Path::new("../shared/seeds").exists(),
            "{} cites a file that is not a source: {}",
            p.id,
            p.source.file
        );
    }
    for id in ["quiz.who.v1", "quiz.who.v5", "greet.timing"] {
        assert!(
            c.get(id).unwrap().inferred,
            "{id} is an inference in the digest"
        );
    }
    assert!(!c.get("quiz.angry.q01").unwrap().inferred);
}

#[test]
fn seed_scenarios_teach_what_they_should() {
    for locale in LOCALES {
        for id in SEED_SCENARIOS {
            let s = scenario(id, locale);
            let best = search(s, catalogue(), 1, Extreme::Best).unwrap();
            assert!(
                best.exhaustive,
                "{locale}/{id}: best-path search hit a bound"
            );
            // Long enough to follow the whole Moments-of-Truth flow.
            assert!(
                best.debrief.choices.len() >= 6,
                "{locale}/{id}: best path has {} decisions",
                best.debrief.choices.len()
            );
            let stages: BTreeSet<&String> = best.debrief.mot_path.iter().collect();
            assert_eq!(
                stages.len(),
                5,
                "{locale}/{id}: best path stages {stages:?}"
            );
            assert!(
                best.debrief.passed,
                "{locale}/{id}: the model answer fails: {}",
                best.debrief.overall
            );
            assert_eq!(
                best.debrief.outcome,
                Some(Outcome::ResolvedLoyal),
                "{locale}/{id}"
            );
            for d in Dimension::ALL {
                let dim = &best.debrief.dimensions[d as usize];
                assert!(
                    dim.possible > 0 && dim.earned > 0,
                    "{locale}/{id}: the best path does not exercise {}",
                    d.key()
                );
            }
            let worst = search(s, catalogue(), 1, Extreme::Worst).unwrap();
            assert!(
                !worst.debrief.passed,
                "{locale}/{id}: the worst path passes"
            );

            let outcomes: BTreeSet<&str> = s.endings.iter().map(|e| e.outcome.key()).collect();
            assert!(
                s.endings.len() >= 3 && outcomes.len() >= 3,
                "{locale}/{id}: endings {outcomes:?}"
            );
            for node in &s.nodes {
                assert!(
                    (2..=9).contains(&node.choices.len()),
                    "{locale}/{id}/{}",
                    node.id
                );
                for c in &node.choices {
                    assert!(
                        !c.feedback.trim().is_empty(),
                        "{locale}/{id}/{} has no feedback",
                        c.id
                    );
                }
            }
            assert!(s.persona.patience.is_some(), "{locale}/{id}: no walk-out");
            assert!(
                s.nodes.iter().filter(|n| n.lines.len() > 1).count() >= 3,
                "{locale}/{id}: too few line variants"
            );
            assert!(
                s.nodes
                    .iter()
                    .flat_map(|n| &n.choices)
                    .any(|c| c.requires.is_some()),
                "{locale}/{id}: no condition"
            );
        }
    }
}

#[test]
fn every_behaviour_to_avoid_and_quiz_item_is_linked() {
    for locale in LOCALES {
        let mut violated = BTreeSet::new();
        let mut linked = BTreeSet::new();
        for id in SEED_SCENARIOS {
            let s = scenario(id, locale);
            for c in s.nodes.iter().flat_map(|n| &n.choices) {
                violated.extend(
                    c.violates
                        .iter()
                        .filter(|p| Group::of(p.as_str()) == Group::Avoid)
                        .cloned(),
                );
                linked.extend(
                    c.applies
                        .iter()
                        .chain(&c.violates)
                        .filter(|p| p.as_str().starts_with("quiz.angry."))
                        .cloned(),
                );
            }
        }
        let avoid: BTreeSet<_> = catalogue()
            .iter()
            .filter(|p| Group::of(p.id.as_str()) == Group::Avoid)
            .map(|p| p.id.clone())
            .collect();
        let quiz: BTreeSet<_> = catalogue()
            .iter()
            .filter(|p| p.id.as_str().starts_with("quiz.angry."))
            .map(|p| p.id.clone())
            .collect();
        assert_eq!(
            violated, avoid,
            "{locale}: behaviours to avoid not reachable"
        );
        assert_eq!(linked, quiz, "{locale}: quiz items not linked");
    }
}

#[test]
fn every_violation_is_reachable_in_play() {
    // Each choice that breaks a behaviour to avoid sits on a node reachable from the start.
    for id in SEED_SCENARIOS {
        let s = scenario(id, "en");
        let mut seen = BTreeSet::new();
        let mut stack = vec![s.start.clone()];
        while let Some(n) = stack.pop() {
            if !seen.insert(n.clone()) {
                continue;
            }
            let node = &s.nodes[s.node_index(&n).unwrap()];
            for c in &node.choices {
                if let Next::Node(next) = &c.next {
                    stack.push(next.clone());
                }
            }
        }
        assert_eq!(seen.len(), s.nodes.len(), "{id}: unreachable nodes");
    }
}

#[test]
fn angry_quiz_grades_by_the_002_key() {
    for locale in LOCALES {
        let q = quiz("angry-customer", locale);
        let key = [
            false, true, false, true, true, false, false, true, false, false, true, true,
        ];
        let r = q.grade(&key).unwrap();
        assert_eq!((r.correct, r.total), (12, 12), "{locale}");
        for i in 0..12 {
            let mut flipped = key;
            flipped[i] = !flipped[i];
            let r = q.grade(&flipped).unwrap();
            assert_eq!(r.correct, 11, "{locale}: flipping item {}", i + 1);
            assert!(!r.items[i].correct);
        }
        assert!(!r.key_inferred);
    }
}

#[test]
fn who_is_the_customer_is_an_unscored_reflection_marked_as_inference() {
    for locale in LOCALES {
        let q = quiz("who-is-the-customer", locale);
        assert_eq!(q.items.len(), 5);
        assert_eq!(q.kind, frontline_core::quiz::QuizKind::Reflection);
        assert_eq!(q.pass_threshold, 0);
        // Whatever the trainee thinks, there is no score and no failing it.
        for answers in [[true; 5], [false; 5], [false, false, false, false, true]] {
            let r = q.grade(&answers).unwrap();
            assert!(r.reflection && r.key_inferred && r.passed && r.correct == 0);
        }
        assert!(!q.key_note.is_empty());
    }
}

#[test]
fn random_play_always_finishes() {
    for id in SEED_SCENARIOS {
        let s = scenario(id, "en");
        for seed in 0..500 {
            let session = frontline_core::paths::play_random(s, seed).unwrap();
            assert!(session.is_over(), "{id} seed {seed} did not finish");
        }
        let _ = Session::start(s, 0).unwrap();
    }
}

#[test]
fn every_quote_of_the_shipped_catalogue_is_in_its_source_after_its_heading() {
    let Some(dir) = sources() else { return };
    let mut lib = library().clone();
    let before = lib.diagnostics.len();
    lib.check_quotes(&dir);
    let found: Vec<String> = lib.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(lib.diagnostics.len(), before, "{}", found.join("\n"));
    // Every entry that is not our reading has a quote to check.
    for p in catalogue().iter() {
        assert!(
            p.inferred || p.quote.is_some(),
            "`{}` is not inferred and has no quote",
            p.id
        );
        if p.inferred {
            assert!(
                p.note.is_some(),
                "`{}` is inferred but says not from what",
                p.id
            );
        }
    }
}

#[test]
fn a_mutated_quote_is_caught_with_the_closest_passage() {
    let Some(dir) = sources() else { return };
    let (name, text) = frontline_core::content::builtin_texts()
        .iter()
        .find(|(n, _)| n.ends_with("five_s.catalogue.ron"))
        .unwrap();
    // One character of the Speed entry's quote changed: 高效 → 高速.
    let quote = "快速(Speed):高效、迅捷的服务";
    assert!(text.contains(quote));
    let mutated = text.replace(quote, "快速(Speed):高速、迅捷的服务");
    let file = frontline_core::load::parse_catalogue(&mutated, name).unwrap();
    let mut docs = frontline_core::quotes::SourceDocs::new(&dir);
    let found = frontline_core::quotes::check_file(&file, &mutated, name, &mut docs);
    assert_eq!(found.len(), 1, "{found:?}");
    let d = &found[0];
    assert_eq!(d.issue.code, "quote-not-found");
    assert!(d.issue.message.contains("5s.speed"), "{}", d.issue.message);
    assert!(
        d.issue.message.contains("closest passage"),
        "{}",
        d.issue.message
    );
    // It points at the quote in the file.
    let line = mutated
        .lines()
        .position(|l| l.contains("高速、迅捷"))
        .unwrap()
        + 1;
    assert_eq!(d.issue.position.map(|p| p.line), Some(line));
}
