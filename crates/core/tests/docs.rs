//! The documentation's examples are real: the annotated scenario in
//! docs/authoring.md checks clean, and the worked examples in docs/scoring.md
//! give the scores the page says.

#[path = "../../../tests/common/mod.rs"]
mod common;

use frontline_core::five_s::Dimension;
use frontline_core::load;
use frontline_core::score::score;
use frontline_core::session::Session;
use frontline_core::validate::{self, FileContext};

fn example() -> (String, frontline_core::Scenario) {
    let doc = std::fs::read_to_string(common::root().join("docs/authoring.md")).unwrap();
    let start = doc
        .find("```ron\n")
        .expect("authoring.md has a ron example")
        + 7;
    let end = start + doc[start..].find("```").unwrap();
    let text = doc[start..end].to_owned();
    let scenario =
        load::parse_scenario(&text, "example.scenario.ron").unwrap_or_else(|e| panic!("{e}"));
    (text, scenario)
}

#[test]
fn the_authoring_example_checks_clean() {
    let (text, scenario) = example();
    let issues = validate::scenario(
        &scenario,
        &text,
        &FileContext {
            catalogue: common::catalogue(),
            file_id: Some("example"),
            folder_locale: Some("en"),
        },
    );
    assert_eq!(issues, vec![]);
    // The teaching checks too: the example's one accepted warning is silenced, with a reason.
    let checked = frontline_core::library::check_scenario(
        &text,
        std::path::Path::new("scenarios/en/example.scenario.ron"),
        common::catalogue(),
    );
    assert_eq!(checked.diagnostics, vec![]);
    assert_eq!(checked.value.unwrap().silence.len(), 1);
}

#[test]
fn the_worked_examples_score_as_documented() {
    let (_, mut s) = example();
    s.resolve().unwrap();
    let play = |path: &[(&str, Option<f32>)]| {
        let mut session = Session::start(&s, 1).unwrap();
        for (id, t) in path {
            session.choose(&s, &(*id).into(), *t).unwrap();
        }
        score(&s, common::catalogue(), &session).unwrap()
    };
    let good = play(&[
        ("arrive.greet", Some(10.0)),
        ("question.listen", None),
        ("offer.fit", None),
    ]);
    assert_eq!(
        (
            good.base,
            good.penalty,
            good.overall,
            good.grade,
            good.passed
        ),
        (93, 0, 93, 'A', true)
    );
    assert_eq!(good.five_s[Dimension::Standard], Some(67));
    let poor = play(&[
        ("arrive.ignore", Some(40.0)),
        ("question.sorry", Some(5.0)),
        ("offer.top", Some(5.0)),
    ]);
    assert_eq!(
        (
            poor.base,
            poor.penalty,
            poor.overall,
            poor.grade,
            poor.passed
        ),
        (27, 15, 12, 'F', false)
    );
    assert_eq!(poor.five_s[Dimension::Standard], Some(33));
    assert_eq!(
        poor.dimensions[1].possible, 4,
        "speed: 2 points plus 2 for timing"
    );
}
