//! Untrusted input: truncated and mutated versions of every shipped file either
//! parse or fail with a positioned error, and never panic anywhere downstream.

#[path = "../../../tests/common/mod.rs"]
mod common;

use common::*;
use frontline_core::Severity;
use frontline_core::load::{self, FileKind, LoadError};
use frontline_core::validate::{self, FileContext};
use proptest::prelude::*;

/// Parses, validates and (when valid) plays a text as a file of `kind`.
fn exercise(kind: FileKind, text: &str) {
    let catalogue = catalogue();
    let ctx = FileContext {
        catalogue,
        file_id: None,
        folder_locale: None,
    };
    let lines = text.lines().count().max(1);
    let check_position = |e: &LoadError| {
        let p = e.issue.position.expect("syntax errors carry a position");
        assert!(
            p.line >= 1 && p.col >= 1 && p.line <= lines + 1,
            "position {p} outside a {lines}-line text"
        );
        assert!(!e.issue.message.is_empty() && !e.issue.hint.is_empty());
    };
    match kind {
        FileKind::Scenario => match load::parse_scenario(text, "t.scenario.ron") {
            Ok(mut s) => {
                let issues = validate::scenario(&s, text, &ctx);
                if issues.iter().all(|i| i.severity != Severity::Error) && s.resolve().is_ok() {
                    for seed in 0..3 {
                        if let Some(session) = frontline_core::paths::play_random(&s, seed) {
                            let _ = frontline_core::score::score(&s, catalogue, &session);
                        }
                    }
                }
            }
            Err(e) => check_position(&e),
        },
        FileKind::Quiz => match load::parse_quiz(text, "t.quiz.ron") {
            Ok(q) => {
                let _ = validate::quiz(&q, text, &ctx);
                let _ = q.grade(&vec![true; q.items.len()]);
            }
            Err(e) => check_position(&e),
        },
        FileKind::Catalogue => match load::parse_catalogue(text, "t.catalogue.ron") {
            Ok(c) => {
                let _ = validate::catalogue_file(&c, text, "t", &mut Default::default());
            }
            Err(e) => check_position(&e),
        },
    }
}

fn files() -> &'static [(FileKind, String)] {
    static FILES: std::sync::OnceLock<Vec<(FileKind, String)>> = std::sync::OnceLock::new();
    FILES.get_or_init(|| {
        shipped_files()
            .into_iter()
            .map(|(p, t)| (FileKind::of(&p).unwrap(), t))
            .collect()
    })
}

#[test]
fn every_line_truncation_of_every_shipped_file() {
    for (kind, text) in files() {
        let mut cut = 0;
        for line in text.split_inclusive('\n') {
            cut += line.len();
            exercise(*kind, &text[..cut - line.len()]);
            exercise(*kind, &text[..cut]);
        }
    }
}

const FRAGMENTS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "\"",
    ",",
    ":",
    "//",
    "/*",
    "Node(\"",
    "Ending(\"x\")",
    "-99999999999",
    "1e400",
    "你好",
    "\\",
    "r#\"",
    "Some(",
    "mood: 500",
    "points: (smile: 9)",
    "requires: All([Flag(\"a\"), Any([])])",
    "\u{0}",
    "\u{feff}",
    "id: \"dup\"",
    "next: Node(\"start\")",
    " ",
];

fn mutate(text: &str, ops: &[(u8, usize, usize)]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for &(op, at, n) in ops {
        let at = at % (chars.len() + 1);
        match op % 3 {
            0 => {
                let end = (at + n % 40).min(chars.len());
                chars.drain(at..end);
            }
            1 => {
                let frag = FRAGMENTS[n % FRAGMENTS.len()];
                chars.splice(at..at, frag.chars());
            }
            _ => {
                if at < chars.len() {
                    chars[at] = FRAGMENTS[n % FRAGMENTS.len()].chars().next().unwrap_or('x');
                }
            }
        }
    }
    chars.into_iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_truncation_parses_or_is_positioned(file in 0usize..64, cut in 0usize..200_000) {
        let (kind, text) = &files()[file % files().len()];
        let chars: Vec<char> = text.chars().collect();
        let truncated: String = chars[..cut % (chars.len() + 1)].iter().collect();
        exercise(*kind, &truncated);
    }

    #[test]
    fn any_mutation_parses_or_is_positioned(file in 0usize..64, ops in prop::collection::vec((any::<u8>(), any::<usize>(), any::<usize>()), 1..6)) {
        let (kind, text) = &files()[file % files().len()];
        exercise(*kind, &mutate(text, &ops));
    }
}

#[test]
fn oversized_files_are_refused_before_reading() {
    let path =
        std::env::temp_dir().join(format!("frontline-big-{}.scenario.ron", std::process::id()));
    let big = format!("Scenario(id: \"{}\")", "x".repeat(10 * 1024 * 1024));
    std::fs::write(&path, big).unwrap();
    let err = load::read_text(&path).unwrap_err();
    std::fs::remove_file(&path).ok();
    assert!(err.issue.message.contains("MB"), "{err}");
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    for depth in [100, 10_000, 100_000] {
        let text = format!("Scenario(id: {}1{})", "[".repeat(depth), "]".repeat(depth));
        assert!(load::parse_scenario(&text, "deep").is_err());
        let cond = format!(
            "{}MoodBelow(1){}",
            "All([".repeat(depth),
            "])".repeat(depth)
        );
        assert!(load::parse_scenario(&cond, "deep").is_err());
    }
}

/// A straight conversation of `turns` nodes, each with three answers leading on.
fn chain(turns: usize) -> String {
    let mut nodes = String::new();
    for i in 0..turns {
        let next = if i + 1 < turns {
            format!("Node(\"n{}\")", i + 1)
        } else {
            "Ending(\"happy\")".to_owned()
        };
        nodes.push_str(&format!(
            "Node(id: \"n{i}\", stage: Solve, lines: [\"Turn {i}.\"], choices: [\n\
             Choice(id: \"n{i}.a\", text: \"Go on.\", next: {next}, mood: 1, points: (satisfy: 1), feedback: \"Fine.\"),\n\
             Choice(id: \"n{i}.b\", text: \"Carry on.\", next: {next}, points: (smile: 1), feedback: \"Ok.\"),\n\
             Choice(id: \"n{i}.c\", text: \"Hmm.\", next: {next}, mood: -1, points: (satisfy: -1), feedback: \"Meh.\"),\n\
             ]),\n"
        ));
    }
    format!(
        "Scenario(id: \"long\", locale: \"en\", title: \"Long\", summary: \"Long.\", difficulty: Easy, minutes: 30,\n\
         persona: Persona(name: \"Ann\", situation: \"Here.\", mood: 0, patience: Patience(walk_out_at: -90, ending: \"lost\")),\n\
         pass_threshold: 70, start: \"n0\",\n nodes: [\n{nodes}],\n\
         endings: [Ending(id: \"happy\", outcome: Resolved, title: \"Happy\", text: \"Happy.\"),\n\
         Ending(id: \"lost\", outcome: CustomerLost, title: \"Lost\", text: \"Lost.\")])\n"
    )
}

#[test]
fn a_conversation_longer_than_play_allows_is_an_error_at_the_node_where_it_overruns() {
    let text = chain(frontline_core::limits::MAX_TURNS + 6);
    let s = load::parse_scenario(&text, "long.scenario.ron").unwrap();
    let ctx = FileContext {
        catalogue: catalogue(),
        file_id: Some("long"),
        folder_locale: None,
    };
    let errors: Vec<_> = validate::scenario(&s, &text, &ctx)
        .into_iter()
        .filter(|i| i.severity == Severity::Error)
        .collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let e = &errors[0];
    assert!(
        e.message.contains("past 64 turns") && e.message.contains("`n64`"),
        "{e:?}"
    );
    let p = e.position.expect("positioned");
    let line = text.lines().nth(p.line - 1).unwrap();
    assert!(line.contains("id: \"n64\""), "{p}: {line}");
}

#[test]
fn the_longest_conversation_the_checker_accepts_is_searched_drawn_and_balanced_to_the_end() {
    let text = chain(frontline_core::limits::MAX_TURNS);
    let mut s = load::parse_scenario(&text, "long.scenario.ron").unwrap();
    let ctx = FileContext {
        catalogue: catalogue(),
        file_id: Some("long"),
        folder_locale: None,
    };
    let issues = validate::scenario(&s, &text, &ctx);
    assert!(
        issues.iter().all(|i| i.severity != Severity::Error),
        "{issues:#?}"
    );
    s.resolve().unwrap();
    use frontline_core::paths::{Extreme, search};
    for extreme in [Extreme::Best, Extreme::Worst] {
        let found = search(&s, catalogue(), 1, extreme).expect("a path");
        assert_eq!(found.session.turns().len(), 64, "{extreme:?}");
        assert!(found.session.is_over());
    }
    assert!(frontline_core::graph::svg(&s, catalogue()).contains("n63"));
    let b = frontline_core::balance::analyse(&s, 2_000, 1, false, |_| {}).unwrap();
    assert_eq!(b.unfinished, 0.0, "every play reaches the ending");
}
