//! Golden transcripts: whole conversations played along fixed paths, with the
//! transcript and debrief they must produce, byte for byte.
//!
//! Each `tests/golden/*.golden` file starts with a header naming the scenario,
//! seed and path (a strategy or a list of choice ids, optionally response
//! times), then `---`, then the expected text. After a deliberate content or
//! scoring change, regenerate with `UPDATE_GOLDEN=1 cargo test --no-default-features --test golden`
//! and review the diff like any other change.

#[path = "../../../tests/common/mod.rs"]
mod common;

use std::fs;

use common::*;
use frontline_core::Lang;
use frontline_core::paths::{Extreme, search};
use frontline_core::score::score;
use frontline_core::session::Session;
use frontline_core::text;

struct Case {
    scenario: String,
    locale: String,
    seed: u64,
    strategy: Option<String>,
    choices: Vec<String>,
    times: Vec<f32>,
}

fn parse_header(header: &str) -> Case {
    let mut case = Case {
        scenario: String::new(),
        locale: "en".into(),
        seed: 1,
        strategy: None,
        choices: vec![],
        times: vec![],
    };
    for line in header.lines() {
        let Some((k, v)) = line.trim_start_matches('#').split_once(':') else {
            continue;
        };
        let v = v.trim();
        match k.trim() {
            "scenario" => case.scenario = v.into(),
            "locale" => case.locale = v.into(),
            "seed" => case.seed = v.parse().unwrap(),
            "strategy" => case.strategy = Some(v.into()),
            "choices" => case.choices = v.split(',').map(|s| s.trim().to_owned()).collect(),
            "times" => case.times = v.split(',').map(|s| s.trim().parse().unwrap()).collect(),
            other => panic!("unknown header field {other}"),
        }
    }
    case
}

fn play(case: &Case) -> String {
    let s = scenario(&case.scenario, &case.locale);
    let lang: Lang = case.locale.parse().unwrap();
    let ids: Vec<String> = match case.strategy.as_deref() {
        Some(strategy) => {
            let extreme = if strategy == "best" {
                Extreme::Best
            } else {
                Extreme::Worst
            };
            let found = search(s, catalogue(), case.seed, extreme).unwrap();
            found
                .session
                .choice_ids(s)
                .iter()
                .map(|c| c.to_string())
                .collect()
        }
        None => case.choices.clone(),
    };
    let mut session = Session::start(s, case.seed).unwrap();
    for (i, id) in ids.iter().enumerate() {
        session
            .choose(s, &id.as_str().into(), case.times.get(i).copied())
            .unwrap_or_else(|e| panic!("{}: {e}", case.scenario));
    }
    assert!(
        session.is_over(),
        "{}: the path does not reach an ending",
        case.scenario
    );
    let debrief = score(s, catalogue(), &session).unwrap();
    format!(
        "choices: {}\n\n{}\n{}",
        ids.join(","),
        text::transcript(s, &session, lang).unwrap(),
        text::debrief(&debrief, s, catalogue(), lang)
    )
}

#[test]
fn golden_transcripts_match() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "golden"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 9,
        "expected best, worst and mixed goldens for each seed scenario"
    );
    let mut failures = Vec::new();
    for path in files {
        let content = fs::read_to_string(&path).unwrap();
        let (header, expected) = content.split_once("\n---\n").unwrap_or((&content, ""));
        let actual = play(&parse_header(header));
        if update {
            fs::write(&path, format!("{header}\n---\n{actual}")).unwrap();
        } else if actual != expected {
            let line = actual
                .lines()
                .zip(expected.lines())
                .position(|(a, b)| a != b)
                .map(|i| i + 1)
                .unwrap_or(0);
            failures.push(format!(
                "{} differs from line {line} of the body",
                path.display()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\nrun with UPDATE_GOLDEN=1 after a deliberate change and review the diff",
        failures.join("\n")
    );
}
