//! `sync` from one machine and `pull` on another, through a real LRS whose query filters
//! work: Learning Locker's xAPI statements service (npm `@learninglocker/xapi-statements`),
//! started by `scripts/lrs-server.sh`. Activity and `since` filters, `more` paging, voiding
//! and duplicate handling are the LRS's own.
//!
//! Without node and the installed service these tests say so and pass, unless
//! `FRONTLINE_REQUIRE_LRS=1` (set by `.ci/run`, which installs it).

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{Lrs, start_lrs as start};

fn frontline(data: &Path, lrs: &Lrs, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_frontline"))
        .current_dir(data.parent().unwrap())
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env("FRONTLINE_LRS_ENDPOINT", &lrs.url)
        .env("FRONTLINE_LRS_USERNAME", "lead")
        .env("FRONTLINE_LRS_PASSWORD", "pull-secret")
        .env_remove("FRONTLINE_CONTENT")
        .output()
        .unwrap()
}

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn report(data: &Path, lrs: &Lrs) -> serde_json::Value {
    serde_json::from_str(&ok(frontline(data, lrs, &["report", "--format", "json"]))).unwrap()
}

fn post(lrs: &Lrs, body: &serde_json::Value) -> u16 {
    use base64::Engine as _;
    let auth = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode("lead:pull-secret")
    );
    match ureq::post(format!("{}statements", lrs.url))
        .header("Authorization", &auth)
        .header("X-Experience-API-Version", "1.0.3")
        .header("Content-Type", "application/json")
        .send(body.to_string())
    {
        Ok(r) => r.status().as_u16(),
        Err(ureq::Error::StatusCode(c)) => c,
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn results_synced_on_one_machine_are_pulled_on_another_once() {
    let Some(lrs) = start() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for (id, lang, strategy, who) in [
        ("angry-customer", "en", "best", "ana"),
        ("angry-customer", "en", "worst", "Bo"),
        ("missing-pin", "zh", "random", "李雷"),
    ] {
        let out = frontline(
            &a,
            &lrs,
            &[
                "simulate",
                id,
                "--lang",
                lang,
                "--strategy",
                strategy,
                "--seed",
                "3",
                "--times",
                "4,9",
                "--record",
                "--profile",
                who,
            ],
        );
        assert!(String::from_utf8_lossy(&out.stderr).contains("recorded attempt"));
    }
    ok(frontline(&a, &lrs, &["sync"]));
    let here = report(&a, &lrs);

    // Someone else's statement about the same activity, with no name, is left out.
    let other = serde_json::json!({
        "actor": { "mbox": "mailto:someone@example.com" },
        "verb": { "id": "http://adlnet.gov/expapi/verbs/experienced" },
        "object": { "id": "https://frontline.invalid/xapi/scenarios/angry-customer" },
    });
    assert_eq!(post(&lrs, &other), 200);

    // Small pages, so `more` is followed many times.
    let text = ok(frontline(&b, &lrs, &["pull", "--page", "4"]));
    assert!(text.contains("3 attempts from other machines"), "{text}");
    assert!(text.contains("1 not Frontline's"), "{text}");
    let there = report(&b, &lrs);
    let key = |r: &serde_json::Value| {
        let mut rows: Vec<(String, String, u64, bool)> = r["attempts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                (
                    a["profile"].as_str().unwrap().to_owned(),
                    a["scenario"].as_str().unwrap().to_owned(),
                    a["overall"].as_u64().unwrap(),
                    a["passed"].as_bool().unwrap(),
                )
            })
            .collect();
        rows.sort();
        rows
    };
    assert_eq!(key(&there), key(&here), "the same results on both machines");
    assert!(
        there["attempts"][0]["source"]
            .as_str()
            .unwrap()
            .contains("127.0.0.1")
    );

    // Pulling again brings nothing new; pulling on the machine that sent them adds nothing.
    let again = ok(frontline(&b, &lrs, &["pull", "--page", "4"]));
    assert!(again.contains(" 0 new"), "{again}");
    assert_eq!(key(&report(&b, &lrs)), key(&here));
    let own = ok(frontline(&a, &lrs, &["pull"]));
    assert!(own.contains("0 attempts from other machines"), "{own}");
    assert_eq!(key(&report(&a, &lrs)), key(&here));

    // The lead voids Bo's result in the LRS: the next pull takes that attempt away.
    let export = dir.path().join("x.json");
    ok(frontline(
        &a,
        &lrs,
        &["export", "--xapi", export.to_str().unwrap()],
    ));
    let statements: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&export).unwrap()).unwrap();
    let completed = statements
        .as_array()
        .unwrap()
        .iter()
        .find(|s| {
            s["actor"]["name"] == "Bo" && s["verb"]["id"].as_str().unwrap().ends_with("/completed")
        })
        .unwrap();
    let void = serde_json::json!({
        "actor": { "mbox": "mailto:lead@example.com" },
        "verb": { "id": "http://adlnet.gov/expapi/verbs/voided" },
        "object": { "objectType": "StatementRef", "id": completed["id"] },
    });
    assert_eq!(post(&lrs, &void), 200);
    let text = ok(frontline(&b, &lrs, &["pull"]));
    assert!(text.contains("1 voided"), "{text}");
    let left: Vec<String> = report(&b, &lrs)["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["profile"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(left.len(), 2);
    assert!(!left.contains(&"Bo".to_owned()), "{left:?}");

    // The heat graph of machine B counts the pulled answers.
    let heat = frontline(&b, &lrs, &["graph", "angry-customer", "--heat"]);
    assert!(String::from_utf8_lossy(&heat.stderr).contains("1 recorded attempts"));

    // A wrong password is a clear refusal, and nothing is kept.
    let out = Command::new(env!("CARGO_BIN_EXE_frontline"))
        .arg("--data-dir")
        .arg(dir.path().join("c"))
        .arg("pull")
        .env("FRONTLINE_LRS_ENDPOINT", &lrs.url)
        .env("FRONTLINE_LRS_USERNAME", "lead")
        .env("FRONTLINE_LRS_PASSWORD", "wrong")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("401"), "{err}");
    assert!(!err.contains("wrong"), "the password is never shown: {err}");
}
