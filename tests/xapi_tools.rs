//! The exported statements checked by third-party xAPI implementations: Learning Locker's
//! validator (npm `@learninglocker/xapi-validation`) and ralph's statement model (PyPI
//! `ralph-malph`), and a sync to ralph's own LRS read back over HTTP.
//!
//! The tools live in `target/xapi-tools`, installed by `scripts/xapi-tools.sh` (CI runs it).
//! Without them these tests say so and pass, unless `FRONTLINE_REQUIRE_XAPI_TOOLS=1` (set by
//! `.ci/run`), which makes a missing tool a failure.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn tools_present() -> bool {
    let tools = root().join("target/xapi-tools");
    let present = tools.join("venv/bin/ralph").is_file()
        && tools
            .join("node/node_modules/@learninglocker/xapi-validation")
            .is_dir();
    if !present {
        assert!(
            std::env::var("FRONTLINE_REQUIRE_XAPI_TOOLS").as_deref() != Ok("1"),
            "the xAPI tools are required here: run scripts/xapi-tools.sh"
        );
        eprintln!("skipped: the xAPI tools are not installed (run scripts/xapi-tools.sh)");
    }
    present
}

fn run(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_frontline"))
        .current_dir(root())
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("FRONTLINE_LRS_ENDPOINT")
        .output()
        .unwrap()
}

fn frontline(data: &Path, args: &[&str]) -> Output {
    let out = run(data, args);
    assert!(
        out.status.success(),
        "frontline {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Runs a `simulate` or `grade` that records: exit status 1 only says the attempt did not pass,
/// which the sample wants as often as a pass; anything else, or no record, is a failure.
fn record(data: &Path, args: &[&str]) {
    let out = run(data, args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        matches!(out.status.code(), Some(0 | 1))
            && (stderr.contains("recorded attempt") || stderr.contains("recorded quiz attempt")),
        "frontline {args:?} did not record ({:?}):\n{stderr}",
        out.status.code()
    );
}

/// Records a spread of attempts and quizzes as a trainee would, through the CLI.
fn record_sample(data: &Path) {
    for lang in ["en", "zh"] {
        for id in ["angry-customer", "missing-pin", "billing-dispute"] {
            for (strategy, profile) in [("best", "ana"), ("worst", "李雷"), ("random", "Bo")] {
                record(
                    data,
                    &[
                        "simulate",
                        id,
                        "--strategy",
                        strategy,
                        "--lang",
                        lang,
                        "--times",
                        "3.5,12",
                        "--seed",
                        "7",
                        "--record",
                        "--profile",
                        profile,
                    ],
                );
            }
        }
        for (quiz, answers) in [
            ("angry-customer", "T,F,T,F,T,F,T,F,T,F,T,F"),
            ("who-is-the-customer", "T,T,T,T,F,F"),
        ] {
            let n = std::fs::read_to_string(root().join(format!("quizzes/{lang}/{quiz}.quiz.ron")))
                .unwrap()
                .matches("statement:")
                .count();
            let answers: Vec<&str> = answers.split(',').cycle().take(n).collect();
            record(
                data,
                &[
                    "grade",
                    quiz,
                    "--lang",
                    lang,
                    "--answers",
                    &answers.join(","),
                    "--record",
                    "--profile",
                    "ana",
                ],
            );
        }
    }
}

fn validate(file: &Path) {
    let ralph = Command::new("python3")
        .arg(root().join("scripts/xapi/validate_ralph.py"))
        .arg(file)
        .output()
        .unwrap();
    let ll = Command::new("node")
        .arg(root().join("scripts/xapi/validate_learninglocker.js"))
        .arg(file)
        .output()
        .unwrap();
    for (name, out) in [("ralph", &ralph), ("Learning Locker", &ll)] {
        assert!(
            out.status.success(),
            "{name} rejected {}:\n{}{}",
            file.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn every_exported_statement_passes_both_validators() {
    if !tools_present() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    record_sample(dir.path());
    let file = dir.path().join("statements.json");
    frontline(dir.path(), &["export", "--xapi", file.to_str().unwrap()]);
    let statements: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert!(statements.len() > 150, "{} statements", statements.len());
    for verb in ["attempted", "answered", "completed", "passed", "failed"] {
        assert!(
            statements
                .iter()
                .any(|s| s["verb"]["id"].as_str().unwrap().ends_with(verb)),
            "no `{verb}` statement"
        );
    }
    validate(&file);

    // The validators do reject: one broken copy of each kind of mistake fails both.
    for (what, breaks) in [
        ("scaled over 1", "/result/score/scaled"),
        ("a bad duration", "/result/duration"),
    ] {
        let mut bad = statements.clone();
        let target = bad
            .iter_mut()
            .find(|s| s.pointer(breaks).is_some())
            .unwrap();
        *target.pointer_mut(breaks).unwrap() = if breaks.ends_with("scaled") {
            serde_json::json!(1.5)
        } else {
            serde_json::json!("4 minutes")
        };
        let file = dir.path().join("bad.json");
        std::fs::write(&file, serde_json::to_string(&bad).unwrap()).unwrap();
        for script in [
            ("python3", "scripts/xapi/validate_ralph.py"),
            ("node", "scripts/xapi/validate_learninglocker.js"),
        ] {
            let out = Command::new(script.0)
                .arg(root().join(script.1))
                .arg(&file)
                .output()
                .unwrap();
            assert!(!out.status.success(), "{} accepted {what}", script.1);
        }
    }
}

/// A ralph LRS on a free local port, stopped when dropped.
struct Lrs {
    pid: String,
    url: String,
}

impl Lrs {
    fn start(dir: &Path) -> Lrs {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let out = Command::new("bash")
            .arg(root().join("scripts/xapi/ralph-lrs.sh"))
            .arg(port.to_string())
            .arg(dir)
            .env("XAPI_LRS_PASSWORD", "s3cret-pw")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "ralph did not start:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        Lrs {
            pid: String::from_utf8(out.stdout).unwrap().trim().to_owned(),
            url: format!("http://127.0.0.1:{port}/xAPI/"),
        }
    }

    fn get(&self, query: &str) -> serde_json::Value {
        let agent: ureq::Agent = ureq::Agent::config_builder().build().into();
        let mut response = agent
            .get(format!("{}statements{query}", self.url))
            .header("X-Experience-API-Version", "1.0.3")
            .header("Authorization", "Basic ZnJvbnRsaW5lOnMzY3JldC1wdw==")
            .call()
            .unwrap();
        serde_json::from_str(&response.body_mut().read_to_string().unwrap()).unwrap()
    }

    /// Every statement id the LRS holds, following `more` links.
    fn ids(&self) -> Vec<String> {
        let mut ids = Vec::new();
        let mut page = self.get("?limit=100");
        loop {
            for s in page["statements"].as_array().unwrap() {
                ids.push(s["id"].as_str().unwrap().to_owned());
            }
            match page["more"].as_str().filter(|m| !m.is_empty()) {
                Some(more) => {
                    let query = more.split_once('?').map(|(_, q)| format!("?{q}")).unwrap();
                    page = self.get(&query);
                }
                None => break,
            }
        }
        ids.sort();
        ids
    }
}

impl Drop for Lrs {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .arg("--")
            .arg(format!("-{}", self.pid))
            .status();
    }
}

fn sync(data: &Path, url: &str, password: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_frontline"))
        .current_dir(root())
        .arg("--data-dir")
        .arg(data)
        .arg("sync")
        .env("FRONTLINE_LRS_ENDPOINT", url)
        .env("FRONTLINE_LRS_USERNAME", "frontline")
        .env("FRONTLINE_LRS_PASSWORD", password)
        .output()
        .unwrap()
}

#[test]
fn sync_to_ralphs_lrs_round_trips_and_a_resend_never_duplicates() {
    if !tools_present() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    record_sample(&data);
    let lrs = Lrs::start(dir.path());

    // Wrong password: refused, nothing marked sent, the password never printed.
    let out = sync(&data, &lrs.url, "wrong-pw-123");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.status.success());
    assert!(
        text.contains("401") && text.contains("stay queued"),
        "{text}"
    );
    assert!(!text.contains("wrong-pw-123"), "{text}");

    let out = sync(&data, &lrs.url, "s3cret-pw");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let file = dir.path().join("all.json");
    frontline(&data, &["export", "--xapi", file.to_str().unwrap()]);
    let exported: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let mut expected: Vec<String> = exported
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect();
    expected.sort();
    assert_eq!(
        lrs.ids(),
        expected,
        "the LRS holds exactly what was exported"
    );

    // One statement read back by id is the one sent (plus what the LRS adds).
    let one = &exported[1];
    let back = lrs.get(&format!("?statementId={}", one["id"].as_str().unwrap()));
    let stored = &back["statements"][0];
    for key in ["actor", "verb", "object", "result", "context", "timestamp"] {
        assert_eq!(stored[key], one[key], "{key} round-trips");
    }

    // Again: nothing left to send. Forget what was sent and resend everything: the LRS
    // keeps one copy of each.
    let out = sync(&data, &lrs.url, "s3cret-pw");
    assert!(String::from_utf8_lossy(&out.stdout).contains("sent 0 statements"));
    let db = rusqlite::Connection::open(data.join("records.sqlite3")).unwrap();
    db.execute("DELETE FROM sent", []).unwrap();
    drop(db);
    let out = sync(&data, &lrs.url, "s3cret-pw");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(lrs.ids(), expected, "a resend never duplicates");
    let _: PathBuf = file;
}
