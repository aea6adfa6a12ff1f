//! The trainer's loop: teaching checks fire where they should and can be silenced only
//! with a reason; balance figures agree with real sessions; graphs stay drawable.

#[path = "../../../tests/common/mod.rs"]
mod common;

use std::path::Path;

use frontline_core::balance::{self, Compiled, Method};
use frontline_core::library::check_scenario;
use frontline_core::score::score;
use frontline_core::{Scenario, Session, Severity, graph, teaching};

/// A small scenario: `greet` then `solve`; the harmful `greet.cold` can be silenced.
fn text(extra: &str, cold_feedback: &str, cold_end: &str) -> String {
    format!(
        r#"Scenario(
    id: "t", locale: "en", title: "T", summary: "S.", difficulty: Easy, minutes: 1,
    persona: Persona(name: "Ann", situation: "Waiting.", mood: 0),
    pass_threshold: 70,
    {extra}
    start: "greet",
    nodes: [
        Node(id: "greet", stage: SetTone, lines: ["Hello?"], choices: [
            Choice(id: "greet.warm", text: "Good morning!", next: Node("solve"), mood: 10,
                points: (smile: 2, speed: 1, standard: 1), applies: ["5s.smile"], feedback: "Warm and quick."),
            Choice(id: "greet.cold", text: "Next.", next: {cold_end}, mood: -10,
                points: (speed: 1, standard: 1), violates: ["avoid.indifference"], feedback: "{cold_feedback}"),
        ]),
        Node(id: "solve", stage: Solve, lines: ["My card?"], choices: [
            Choice(id: "solve.fix", text: "Let me fix it now.", next: Ending("done"), mood: 10,
                points: (sincere: 2, satisfy: 2), applies: ["5s.sincere"], feedback: "Owns it."),
            Choice(id: "solve.later", text: "Come back tomorrow.", next: Ending("lost"), mood: -20,
                points: (sincere: -2, satisfy: -2), violates: ["avoid.passing_the_buck"], feedback: "Kicks the ball."),
        ]),
    ],
    endings: [
        Ending(id: "done", outcome: Resolved, title: "Done", text: "Fixed."),
        Ending(id: "lost", outcome: CustomerLost, title: "Lost", text: "Gone."),
    ],
)"#
    )
}

fn check(text: &str) -> Vec<frontline_core::Issue> {
    check_scenario(
        text,
        Path::new("scenarios/en/t.scenario.ron"),
        common::catalogue(),
    )
    .diagnostics
    .into_iter()
    .map(|d| d.issue)
    .collect()
}

fn checks(issues: &[frontline_core::Issue]) -> Vec<&'static str> {
    issues
        .iter()
        .filter(|i| i.silenceable())
        .map(|i| i.code)
        .collect()
}

#[test]
fn a_path_that_passes_while_breaking_a_rule_and_random_passing_are_found() {
    // greet.cold leads on to `solve`: cold then fix scores well enough to pass.
    let issues = check(&text("", "Cold.", "Node(\"solve\")"));
    let found = checks(&issues);
    assert!(
        found.contains(&teaching::PASSES_WHILE_BREAKING),
        "{issues:#?}"
    );
    // Half of random plays fix it, and half of those greeted warmly: random play passes.
    assert!(found.contains(&teaching::RANDOM_PLAY_PASSES), "{issues:#?}");
    let breaking = issues
        .iter()
        .find(|i| i.code == teaching::PASSES_WHILE_BREAKING)
        .unwrap();
    assert!(
        breaking.message.contains("greet.cold → solve.fix"),
        "{}",
        breaking.message
    );
    assert_eq!(
        breaking.position.map(|p| p.line),
        Some(11),
        "points at the choice"
    );
    assert!(
        breaking
            .hint
            .contains("silence: [(check: \"passes-while-breaking\", at: \"greet.cold\"")
    );
}

#[test]
fn silent_costs_and_unexercised_dimensions_are_found() {
    let issues = check(&text("", "", "Ending(\"lost\")"));
    let silent: Vec<_> = issues
        .iter()
        .filter(|i| i.code == teaching::SILENT_COST)
        .collect();
    assert_eq!(silent.len(), 1, "{issues:#?}");
    assert!(
        silent[0].message.contains("greet.cold")
            && silent[0].message.contains("avoid.indifference")
    );
    // The plain "no feedback" warning is not repeated for the same choice.
    assert!(
        !issues
            .iter()
            .any(|i| i.code == frontline_core::code::MISSING_FEEDBACK)
    );
    // Every dimension is moved somewhere in this scenario.
    assert!(!checks(&issues).contains(&teaching::UNEXERCISED_DIMENSION));

    let no_speed = text("", "Cold.", "Ending(\"lost\")").replace("speed: 1, ", "");
    let issues = check(&no_speed);
    let unexercised: Vec<_> = issues
        .iter()
        .filter(|i| i.code == teaching::UNEXERCISED_DIMENSION)
        .collect();
    assert_eq!(unexercised.len(), 1, "{issues:#?}");
    assert!(unexercised[0].message.contains("speed"));
}

#[test]
fn an_ending_that_play_never_reaches_is_found() {
    // `lost` is linked only behind a condition that never holds.
    let t = text("", "Cold.", "Ending(\"lost\")").replace(
        "violates: [\"avoid.passing_the_buck\"], feedback: \"Kicks the ball.\"",
        "violates: [\"avoid.passing_the_buck\"], feedback: \"Kicks the ball.\", requires: MoodAtLeast(99)",
    ).replace("next: Ending(\"lost\"), mood: -10", "next: Node(\"solve\"), mood: -10");
    let issues = check(&t);
    let never: Vec<_> = issues
        .iter()
        .filter(|i| i.code == teaching::ENDING_NEVER_REACHED)
        .collect();
    assert_eq!(never.len(), 1, "{issues:#?}");
    assert!(never[0].message.contains("`lost`"));
}

#[test]
fn an_ending_linked_only_from_an_unreachable_node_is_reported_once() {
    let t = text("", "Cold.", "Ending(\"lost\")")
        .replace(
            "    ],\n    endings: [",
            "        Node(id: \"island\", stage: Recap, lines: [\"?\"], choices: [\n            Choice(id: \"island.x\", text: \"X.\", next: Ending(\"other\"), feedback: \"X.\"),\n        ]),\n    ],\n    endings: [\n        Ending(id: \"other\", outcome: Escalated, title: \"O\", text: \"O.\"),",
        );
    let issues = check(&t);
    let about_other: Vec<_> = issues
        .iter()
        .filter(|i| i.message.contains("`other`"))
        .collect();
    assert_eq!(about_other.len(), 1, "{issues:#?}");
    assert_eq!(
        about_other[0].code,
        frontline_core::code::UNREACHABLE_ENDING,
        "validate's structural warning, not the play check"
    );
}

#[test]
fn a_silence_needs_a_known_check_and_a_reason_and_must_silence_something() {
    let base = |silence: &str| check(&text(silence, "Cold.", "Node(\"solve\")"));
    let silenced = base(
        r#"silence: [(check: "passes-while-breaking", at: "greet.cold", reason: "A lapse, marked −10."), (check: "random-play-passes", reason: "Two turns only: a demo.")],"#,
    );
    assert_eq!(checks(&silenced), Vec::<&str>::new(), "{silenced:#?}");
    assert!(silenced.is_empty(), "{silenced:#?}");

    // Silencing a different choice leaves the warning.
    let elsewhere = base(
        r#"silence: [(check: "passes-while-breaking", at: "solve.fix", reason: "Wrong place."), (check: "random-play-passes", reason: "Demo.")],"#,
    );
    assert!(checks(&elsewhere).contains(&teaching::PASSES_WHILE_BREAKING));
    assert!(
        elsewhere
            .iter()
            .any(|i| i.message.contains("nothing to silence") && i.message.contains("solve.fix")),
        "{elsewhere:#?}"
    );

    let misspelt = base(r#"silence: [(check: "random-play-pass", reason: "Demo.")],"#);
    let error = misspelt
        .iter()
        .find(|i| i.severity == Severity::Error)
        .expect("an unknown check is an error");
    assert!(
        error.hint.contains("did you mean `random-play-passes`"),
        "{error:#?}"
    );
    assert_eq!(error.position.map(|p| p.line), Some(5));

    let no_reason = base(r#"silence: [(check: "random-play-passes", reason: " ")],"#);
    assert!(
        no_reason
            .iter()
            .any(|i| i.severity == Severity::Error && i.message.contains("gives no reason"))
    );
}

/// Plays a path (choice indices) through a real session and scores it.
fn real(s: &Scenario, path: &[u8]) -> frontline_core::Debrief {
    let mut session = Session::start(s, 1).unwrap();
    for &k in path {
        session.choose_index(s, k as usize, None).unwrap();
    }
    score(s, common::catalogue(), &session).unwrap()
}

#[test]
fn the_fast_playthrough_scores_every_path_as_the_debrief_does() {
    for loaded in &common::library().scenarios {
        let s = &loaded.value;
        let compiled = Compiled::new(s).unwrap();
        let mut checked = 0;
        let mut total = 0.0;
        let exact = compiled.all_paths(balance::EXACT_LIMIT, |run, p, path| {
            total += p;
            // Every 13th path against the real session (all would take minutes in debug).
            checked += 1;
            if checked % 13 != 1 {
                return;
            }
            let d = real(s, path);
            assert_eq!(run.overall, d.overall, "{} {path:?}", s.id);
            assert_eq!(run.passed, d.passed, "{} {path:?}", s.id);
            assert_eq!(run.walked_out, d.walked_out, "{} {path:?}", s.id);
            assert_eq!(
                run.ending.map(|e| s.endings[e].id.as_str().to_owned()),
                d.ending,
                "{} {path:?}",
                s.id
            );
            assert_eq!(run.dims, d.five_s, "{} {path:?}", s.id);
        });
        assert!(checked > 10, "{}", s.id);
        if exact.is_some() {
            assert!(
                (total - 1.0).abs() < 1e-9,
                "{}: path probabilities sum to {total}",
                s.id
            );
        }
    }
}

#[test]
fn monte_carlo_agrees_with_the_exact_walk() {
    let s = common::scenario("angry-customer", "en");
    let exact = balance::analyse(s, 0, 0, false, |_| {}).unwrap();
    assert!(matches!(exact.method, Method::Exact { .. }));
    let runs = 400_000;
    let mc = balance::analyse(s, runs, 7, true, |_| {}).unwrap();
    assert_eq!(mc.method, Method::MonteCarlo { runs, seed: 7 });
    // Within five standard errors on every ending and on the mean score.
    for ((id, p), (_, q)) in exact.endings.iter().zip(&mc.endings) {
        let se = (p * (1.0 - p) / runs as f64).sqrt().max(1e-6);
        assert!(
            (p - q).abs() < 5.0 * se + 1e-4,
            "{id}: exact {p} vs random {q}"
        );
    }
    assert!((exact.mean_overall - mc.mean_overall).abs() < 0.2);
    // The same seed gives the same figures.
    assert_eq!(mc, balance::analyse(s, runs, 7, true, |_| {}).unwrap());
}

#[test]
fn every_shipped_scenario_is_hard_to_pass_at_random() {
    for loaded in &common::library().scenarios {
        let b = balance::analyse(&loaded.value, 200_000, 1, false, |_| {}).unwrap();
        assert!(
            b.pass_rate <= teaching::RANDOM_PASS_LIMIT,
            "{}: random play passes {}",
            loaded.value.id,
            b.pass_rate
        );
    }
}

/// A chain of `n` nodes with jumps back (cycles) and an unreachable island.
fn big(n: usize) -> String {
    let mut s = String::from(
        "Scenario(id: \"big\", locale: \"en\", title: \"Big\", summary: \"S.\", difficulty: Hard, minutes: 60,\n  persona: Persona(name: \"A\", situation: \"B\", mood: 0), pass_threshold: 70, start: \"n0\",\n  nodes: [\n",
    );
    for i in 0..n {
        let next = if i + 1 < n {
            format!("Node(\"n{}\")", i + 1)
        } else {
            "Ending(\"done\")".to_owned()
        };
        s.push_str(&format!(
            "    Node(id: \"n{i}\", stage: Diagnose, lines: [\"L.\"], choices: [\n      Choice(id: \"c{i}a\", text: \"F.\", next: {next}, points: (smile: 1, speed: 1, standard: 1, sincere: 1, satisfy: 1), feedback: \"Good.\"),\n      Choice(id: \"c{i}b\", text: \"B.\", next: Node(\"n{}\"), points: (smile: -1), violates: [\"avoid.indifference\"], feedback: \"Back.\"),\n      Choice(id: \"c{i}c\", text: \"E.\", next: Ending(\"lost\"), points: (satisfy: -1), feedback: \"Lost.\"),\n    ]),\n",
            i / 2
        ));
    }
    s.push_str("    Node(id: \"island\", stage: Recap, lines: [\"I.\"], choices: [Choice(id: \"i\", text: \"I.\", next: Ending(\"done\"), feedback: \"I.\")]),\n");
    s.push_str("  ],\n  endings: [Ending(id: \"done\", outcome: Resolved, title: \"D\", text: \"D.\"), Ending(id: \"lost\", outcome: CustomerLost, title: \"L\", text: \"L.\")],\n)\n");
    s
}

#[test]
fn large_cyclic_graphs_stay_bounded_and_say_when_they_are_too_large_to_draw() {
    let text = big(3000);
    let checked = check_scenario(
        &text,
        Path::new("scenarios/en/big.scenario.ron"),
        common::catalogue(),
    );
    // 3000 turns straight through cannot be played within the turn limit: the checker
    // says so. What follows holds even for such a file resolved without the checker.
    assert!(checked.has_errors);
    assert!(
        checked
            .diagnostics
            .iter()
            .any(|d| d.issue.message.contains("past 64 turns")),
        "{:#?}",
        checked.diagnostics
    );
    let mut s = frontline_core::load::parse_scenario(&text, "big.scenario.ron").unwrap();
    s.resolve().unwrap();
    assert!(s.is_resolved());
    // Too many paths for the exact walk: random play, finishing or cut at the turn limit.
    let b = balance::analyse(&s, 20_000, 1, false, |_| {}).unwrap();
    assert!(matches!(b.method, Method::MonteCarlo { .. }));
    assert!(b.unfinished + b.endings.iter().map(|e| e.1).sum::<f64>() > 0.999);
    // Too large to draw: a summary, not a picture.
    assert!(graph::layout(&s, common::catalogue()).is_none());
    let svg = graph::svg(&s, common::catalogue());
    assert!(
        svg.contains("too large to draw") && svg.contains("3001 nodes"),
        "{svg}"
    );
    assert!(graph::dot(&s, common::catalogue()).lines().count() > 9000);

    // A smaller one with the same cycles and island is drawn, the island marked.
    let small = check_scenario(
        &big(30),
        Path::new("scenarios/en/big.scenario.ron"),
        common::catalogue(),
    )
    .value
    .unwrap();
    let layout = graph::layout(&small, common::catalogue()).unwrap();
    assert_eq!(layout.places.len(), 31 + 2);
    assert!(layout.places[30].island && !layout.places[0].island);
    assert_eq!(layout.edges.len(), 30 * 3 + 1);
}

#[test]
fn shipped_graphs_mark_the_model_answer_and_every_choice() {
    for loaded in &common::library().scenarios {
        let s = &loaded.value;
        let svg = graph::svg(s, common::catalogue());
        let choices: usize = s.nodes.iter().map(|n| n.choices.len()).sum();
        assert_eq!(svg.matches("<path d=\"M").count() - 3, choices, "{}", s.id);
        assert!(
            svg.matches("stroke-width=\"4\"").count() >= 3,
            "{}: model answer drawn",
            s.id
        );
        for e in &s.endings {
            assert!(svg.contains(&format!("{:?}", e.outcome)), "{}", s.id);
        }
        let dot = graph::dot(s, common::catalogue());
        assert!(dot.starts_with("digraph") && dot.matches("->").count() == choices);
        // Graphviz reads `\n` as a line break; a doubled backslash would print it.
        assert!(dot.contains("\\n") && !dot.contains("\\\\n"), "{}", s.id);
        assert!(
            dot.contains("\"legend\"") && svg.contains("best on offer"),
            "{}",
            s.id
        );
        // Narration is the node's tooltip, in brackets, apart from the customer's line.
        for n in s.nodes.iter().filter_map(|n| n.scene.as_ref()) {
            let shown = n
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&quot;");
            assert!(svg.contains(&format!("<title>[{shown}]")), "{}: {n}", s.id);
        }
    }
}

#[test]
fn arrows_are_coloured_against_the_best_answer_on_offer_at_their_node() {
    use frontline_core::graph::Effect;
    // At a recovery node where every answer loses points, the least bad is still the best
    // on offer; an answer that breaks a behaviour to avoid is harmful whatever it earns.
    let text = r#"Scenario(id: "e", locale: "en", title: "t", summary: "s", difficulty: Easy, minutes: 1,
        persona: Persona(name: "A", situation: "s", mood: 0), pass_threshold: 50, start: "n",
        nodes: [Node(id: "n", stage: Solve, lines: ["l"], choices: [
            Choice(id: "n.good", text: "a", next: Ending("x"), points: (standard: 2), feedback: "f"),
            Choice(id: "n.plain", text: "b", next: Ending("x"), feedback: "f"),
            Choice(id: "n.worse", text: "c", next: Ending("x"), points: (sincere: -3), feedback: "f"),
            Choice(id: "n.rude", text: "d", next: Ending("x"), points: (smile: 3), violates: ["avoid.hostility"], feedback: "f"),
        ])],
        endings: [Ending(id: "x", outcome: Resolved, title: "t", text: "t")])"#;
    let s = frontline_core::load::parse_scenario(text, "e.scenario.ron").unwrap();
    let node = &s.nodes[0];
    let effects: Vec<Effect> = (0..4).map(|k| Effect::at(node, k)).collect();
    assert_eq!(
        effects,
        [
            Effect::Best,
            Effect::Acceptable,
            Effect::Harmful,
            Effect::Harmful
        ],
        "a rude answer is harmful even when it earns the most points"
    );
    let recovery = r#"Node(id: "r", stage: Solve, lines: ["l"], choices: [
        Choice(id: "r.a", text: "a", next: Ending("x"), points: (sincere: -1), feedback: "f"),
        Choice(id: "r.b", text: "b", next: Ending("x"), points: (sincere: -3), feedback: "f"),
    ])"#;
    let node: frontline_core::scenario::Node = ron::from_str(recovery).unwrap();
    assert_eq!(Effect::at(&node, 0), Effect::Best);
    assert_eq!(Effect::at(&node, 1), Effect::Harmful);
}

#[test]
fn a_scenario_missing_in_a_language_the_library_has_is_reported() {
    use frontline_core::library::{Library, Sources};
    let dir = tempfile::tempdir().unwrap();
    for (locale, id) in [
        ("en", "long-wait"),
        ("en", "missing-pin"),
        ("zh", "missing-pin"),
    ] {
        let to = dir.path().join("scenarios").join(locale);
        std::fs::create_dir_all(&to).unwrap();
        let name = format!("{id}.scenario.ron");
        std::fs::copy(
            common::root().join("scenarios").join(locale).join(&name),
            to.join(&name),
        )
        .unwrap();
    }
    let lib = Library::load_paths(&[dir.path().join("scenarios")], &Sources::default());
    let report: Vec<String> = lib.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(report.len(), 1, "{report:#?}");
    assert!(
        report[0].contains(
            "en/long-wait.scenario.ron: warning[missing-translation]: there is no `zh` version"
        ),
        "{report:#?}"
    );
    // A single language on its own is not missing anything.
    let en = Library::load_paths(&[dir.path().join("scenarios/en")], &Sources::default());
    assert!(en.diagnostics.is_empty(), "{:#?}", en.diagnostics);
}
