//! What `check` tells a trainer about each kind of mistake: severity, line and
//! a hint, for every problem at once.

#[path = "../../../tests/common/mod.rs"]
mod common;

use frontline_core::Severity;
use frontline_core::diagnostic::Issue;
use frontline_core::load;
use frontline_core::validate::{self, FileContext};

const BASE: &str = r#"// A two-turn scenario used to test validation.
Scenario(
    id: "tiny",
    locale: "en",
    title: "Tiny",
    summary: "A test.",
    difficulty: Easy,
    minutes: 1,
    persona: Persona(name: "Ann", situation: "She is here.", mood: 0,
        patience: Patience(walk_out_at: -90, ending: "lost")),
    pass_threshold: 70,
    start: "hello",
    nodes: [
        Node(
            id: "hello",
            stage: SetTone,
            lines: ["Hi."],
            time_budget: 10.0,
            choices: [
                Choice(id: "hello.warm", text: "Welcome!", next: Node("help"), mood: 10,
                    points: (smile: 2), applies: ["5s.smile"], feedback: "Warm."),
                Choice(id: "hello.cold", text: "Next.", next: Ending("lost"), mood: -50,
                    points: (smile: -2), violates: ["avoid.indifference"], feedback: "Cold."),
            ],
        ),
        Node(
            id: "help",
            stage: Solve,
            lines: ["Help me."],
            choices: [
                Choice(id: "help.do", text: "Done.", next: Ending("happy"), points: (satisfy: 2), feedback: "Good."),
            ],
        ),
    ],
    endings: [
        Ending(id: "happy", outcome: Resolved, title: "Happy", text: "She leaves happy."),
        Ending(id: "lost", outcome: CustomerLost, title: "Lost", text: "She leaves."),
    ],
)
"#;

fn issues(text: &str) -> Vec<Issue> {
    let s = load::parse_scenario(text, "tiny.scenario.ron").unwrap_or_else(|e| panic!("{e}"));
    validate::scenario(
        &s,
        text,
        &FileContext {
            catalogue: common::catalogue(),
            file_id: Some("tiny"),
            folder_locale: Some("en"),
        },
    )
}

fn has(issues: &[Issue], severity: Severity, line: usize, needle: &str) -> bool {
    issues.iter().any(|i| {
        i.severity == severity
            && i.position.map(|p| p.line) == Some(line)
            && i.message.contains(needle)
            && !i.hint.is_empty()
    })
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn the_base_scenario_is_clean() {
    assert_eq!(issues(BASE), vec![]);
}

#[test]
fn dangling_references_point_at_the_reference() {
    let text = BASE.replace("next: Node(\"help\")", "next: Node(\"hlep\")");
    let found = issues(&text);
    assert!(
        has(&found, Severity::Error, line_of(&text, "hlep"), "`hlep`"),
        "{found:#?}"
    );
    // The now-unreachable node is reported too: every problem at once.
    assert!(
        has(
            &found,
            Severity::Warning,
            line_of(&text, "id: \"help\""),
            "cannot be reached"
        ),
        "{found:#?}"
    );
    let text = BASE.replace("next: Ending(\"happy\")", "next: Node(\"happy\")");
    assert!(
        issues(&text)
            .iter()
            .any(|i| i.hint.contains("Ending(\"happy\")"))
    );
}

#[test]
fn duplicates_unknown_ids_and_ranges() {
    let text = BASE
        .replace("id: \"help.do\"", "id: \"hello.warm\"")
        .replace("\"5s.smile\"", "\"5s.smiel\"")
        .replace("points: (satisfy: 2)", "points: (satisfy: 9)")
        .replace("mood: -50", "mood: -500");
    let found = issues(&text);
    assert!(
        has(
            &found,
            Severity::Error,
            line_of(&text, "Choice(id: \"hello.warm\", text: \"Done"),
            "used twice"
        ),
        "{found:#?}"
    );
    let unknown = found
        .iter()
        .find(|i| i.message.contains("5s.smiel"))
        .unwrap();
    assert_eq!(unknown.hint, "did you mean `5s.smile`?");
    assert!(found.iter().any(|i| i.message.contains("9 satisfy points")));
    assert!(found.iter().any(|i| i.message.contains("-500")));
}

#[test]
fn loops_without_exit_and_stuck_nodes_are_errors() {
    // `help` only leads back to itself: a cycle with no exit.
    let text = BASE.replace("next: Ending(\"happy\")", "next: Node(\"help\")");
    let found = issues(&text);
    assert!(
        has(
            &found,
            Severity::Error,
            line_of(&text, "id: \"help\""),
            "loop forever"
        ),
        "{found:#?}"
    );
    let text = BASE.replace(
        "points: (satisfy: 2), feedback",
        "requires: Flag(\"ready\"), points: (satisfy: 2), feedback",
    );
    let found = issues(&text);
    assert!(
        found
            .iter()
            .any(|i| i.severity == Severity::Error && i.message.contains("get stuck")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|i| i.severity == Severity::Warning && i.message.contains("flag `ready`")),
        "{found:#?}"
    );
}

#[test]
fn teaching_gaps_are_warnings() {
    let text = BASE.replace(", feedback: \"Cold.\"", "");
    // A costly choice without feedback is the teaching check's (stronger) warning, once.
    let checked = frontline_core::library::check_scenario(
        &text,
        std::path::Path::new("scenarios/en/tiny.scenario.ron"),
        common::catalogue(),
    );
    let found: Vec<Issue> = checked.diagnostics.into_iter().map(|d| d.issue).collect();
    assert!(
        has(
            &found,
            Severity::Warning,
            line_of(&text, "hello.cold"),
            "has no feedback: the trainee loses points without learning why"
        ),
        "{found:#?}"
    );
    assert_eq!(
        found
            .iter()
            .filter(|i| i.message.contains("hello.cold") && i.message.contains("feedback"))
            .count(),
        1,
        "{found:#?}"
    );
    let text = BASE.replace("Ending(id: \"happy\"", "Ending(id: \"unused\", outcome: Escalated, title: \"U\", text: \"U.\"),\n        Ending(id: \"happy\"");
    assert!(
        issues(&text)
            .iter()
            .any(|i| i.message.contains("`unused` is never reached"))
    );
}

#[test]
fn header_mismatches() {
    let s = load::parse_scenario(BASE, "x").unwrap();
    let found = validate::scenario(
        &s,
        BASE,
        &FileContext {
            catalogue: common::catalogue(),
            file_id: Some("other"),
            folder_locale: Some("zh"),
        },
    );
    assert!(
        found
            .iter()
            .any(|i| i.message.contains("file name `other`"))
    );
    assert!(found.iter().any(|i| i.message.contains("`zh` folder")));
}

#[test]
fn syntax_errors_name_line_column_and_fix() {
    let text = BASE.replace("stage: Solve", "stage: Solv");
    let e = load::parse_scenario(&text, "tiny.scenario.ron").unwrap_err();
    let p = e.issue.position.unwrap();
    assert_eq!(p.line, line_of(&text, "stage: Solv"));
    assert!(
        e.to_string().starts_with(&format!(
            "tiny.scenario.ron:{}:{}: error[syntax]:",
            p.line, p.col
        )),
        "{e}"
    );
    assert!(e.issue.hint.contains("spelling"), "{e}");
    let e = load::parse_scenario(&BASE.replace("title: \"Tiny\",", "titel: \"Tiny\","), "t")
        .unwrap_err();
    assert!(e.issue.message.contains("titel"), "{e}");
}

#[test]
fn locale_pairs_must_match() {
    let a = load::parse_scenario(BASE, "a").unwrap();
    let zh_text = BASE
        .replace("locale: \"en\"", "locale: \"zh\"")
        .replace("mood: 10,", "mood: 15,");
    let b = load::parse_scenario(&zh_text, "b").unwrap();
    let found = validate::scenario_pair(&a, &b, &zh_text);
    assert!(
        has(
            &found,
            Severity::Warning,
            line_of(&zh_text, "hello.warm"),
            "scores or leads differently"
        ),
        "{found:#?}"
    );
}

#[test]
fn chinese_text_with_ascii_punctuation_is_flagged() {
    let text = BASE
        .replace("locale: \"en\"", "locale: \"zh\"")
        .replace("\"Hi.\"", "\"您好,请问办什么业务?\"");
    let s = load::parse_scenario(&text, "x").unwrap();
    let found = validate::scenario(
        &s,
        &text,
        &FileContext {
            catalogue: common::catalogue(),
            file_id: None,
            folder_locale: None,
        },
    );
    assert!(
        has(
            &found,
            Severity::Warning,
            line_of(&text, "您好"),
            "full-width"
        ) || found.iter().any(|i| i.hint.contains("full-width")),
        "{found:#?}"
    );
}

#[test]
fn a_name_placeholder_outside_the_customer_lines_is_a_warning() {
    let text = BASE.replacen(
        "feedback: \"Cold.\"",
        "feedback: \"{name} feels ignored.\"",
        1,
    );
    assert_ne!(text, BASE);
    let found = issues(&text);
    assert!(
        found.iter().any(|i| i.severity == Severity::Warning
            && i.message.contains("`{name}` is only filled in")
            && i.position.map(|p| p.line) == Some(line_of(&text, "{name} feels"))),
        "{found:#?}"
    );
    // In a customer line it is the point of the placeholder: no warning.
    assert!(!issues(BASE).iter().any(|i| i.message.contains("{name}")));
}

#[test]
fn every_fault_carries_its_stable_code() {
    use frontline_core::code;
    let cases: &[(&str, &str, &str)] = &[
        (
            "next: Node(\"help\")",
            "next: Node(\"hlep\")",
            code::DANGLING_NEXT,
        ),
        ("\"5s.smile\"", "\"5s.smiel\"", code::UNKNOWN_PRINCIPLE),
        ("id: \"help.do\"", "id: \"hello.warm\"", code::DUPLICATE_ID),
        ("start: \"hello\"", "start: \"helo\"", code::UNKNOWN_START),
        (
            "points: (smile: 2)",
            "points: (smile: 9)",
            code::POINTS_OUT_OF_RANGE,
        ),
        ("mood: -50", "mood: -500", code::MOOD_OUT_OF_RANGE),
        ("title: \"Tiny\"", "title: \" \"", code::EMPTY_TITLE),
        (
            "lines: [\"Help me.\"]",
            "lines: []",
            code::NODE_WITHOUT_LINE,
        ),
        (
            "time_budget: 10.0",
            "time_budget: -1.0",
            code::BAD_TIME_BUDGET,
        ),
        (
            "pass_threshold: 70",
            "pass_threshold: 170",
            code::PASS_MARK_OUT_OF_RANGE,
        ),
        (
            "locale: \"en\"",
            "locale: \"xx\"",
            code::LOCALE_DIFFERS_FROM_FOLDER,
        ),
    ];
    for (from, to, expected) in cases {
        assert!(BASE.contains(from), "{from}");
        let found = issues(&BASE.replacen(from, to, 1));
        assert!(
            found.iter().any(|i| i.code == *expected),
            "{to}: expected {expected}, got {found:#?}"
        );
    }
    // The same code shows in what `check` prints, so a trainer can look it up.
    let d = frontline_core::Diagnostic {
        file: "x.scenario.ron".into(),
        issue: issues(&BASE.replacen("next: Node(\"help\")", "next: Node(\"hlep\")", 1))
            .into_iter()
            .find(|i| i.code == code::DANGLING_NEXT)
            .unwrap(),
    };
    assert!(
        d.to_string()
            .contains(": error[dangling-next]: choice `hello.warm`"),
        "{d}"
    );
}
