//! A cmi5 launch end to end: an LMS stand-in (`scripts/cmi5/lms-standin.js`: the one-time
//! fetch URL, LMS.LaunchData, the learner's preferences) in front of a real LRS (Learning
//! Locker's statements service, when installed), Frontline launched with the stand-in's link
//! and played in the terminal, and its statements checked by `scripts/cmi5/check-statements.js`
//! (cmi5 rules by section, plus Learning Locker's xAPI validator) and compared with what the
//! independent `@xapi/cmi5` library sends for the same session (`reference-au.js`).
//!
//! Needs node and `scripts/xapi-tools.sh`; without them these tests say so and pass, unless
//! `FRONTLINE_REQUIRE_XAPI_TOOLS=1` (set by `.ci/run`).

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use common::root;

fn tools() -> bool {
    let present = root()
        .join("target/xapi-tools/node/node_modules/@xapi/cmi5")
        .is_dir();
    if !present {
        assert!(
            std::env::var("FRONTLINE_REQUIRE_XAPI_TOOLS").as_deref() != Ok("1"),
            "the cmi5 tools are required here: run scripts/xapi-tools.sh"
        );
        eprintln!("skipped: node and @xapi/cmi5 are not installed (run scripts/xapi-tools.sh)");
    }
    present
}

/// A running stand-in and what it printed.
struct Lms {
    child: Child,
    info: serde_json::Value,
    port: u64,
}

impl Drop for Lms {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Lms {
    fn start(args: &[&str]) -> Lms {
        let mut child = Command::new("node")
            .arg(root().join("scripts/cmi5/lms-standin.js"))
            .args(["--port", "0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let info: serde_json::Value = serde_json::from_str(&line).unwrap();
        let port = info["port"].as_u64().unwrap();
        Lms { child, info, port }
    }

    fn link(&self, scenario: &str) -> String {
        format!(
            "frontline://launch/{scenario}?{}",
            self.info["launchUrlQuery"].as_str().unwrap()
        )
    }

    fn statements(&self) -> serde_json::Value {
        let url = format!("http://127.0.0.1:{}/__statements", self.port);
        let body = ureq::get(&url)
            .call()
            .unwrap()
            .body_mut()
            .read_to_string()
            .unwrap();
        serde_json::from_str(&body).unwrap()
    }

    fn save(&self, dir: &Path, name: &str) -> (PathBuf, PathBuf) {
        let statements = dir.join(format!("{name}.json"));
        let launch = dir.join(format!("{name}-launch.json"));
        std::fs::write(&statements, self.statements().to_string()).unwrap();
        std::fs::write(&launch, self.info.to_string()).unwrap();
        (statements, launch)
    }
}

/// Launches Frontline with `link`, answering `1` at every turn in the terminal.
fn launch(data: &Path, link: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_frontline"))
        .arg("--data-dir")
        .arg(data)
        .arg(link)
        .arg("--terminal")
        .current_dir(data.parent().unwrap())
        .env_remove("FRONTLINE_CONTENT")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .as_mut()
        .unwrap()
        .write_all(&b"1\n".repeat(60))
        .unwrap();
    child.wait_with_output().unwrap()
}

fn check(statements: &Path, launch: &Path, reference: Option<&Path>) -> Output {
    let mut c = Command::new("node");
    c.arg(root().join("scripts/cmi5/check-statements.js"))
        .arg(statements)
        .arg(launch);
    if let Some(r) = reference {
        c.arg("--reference").arg(r);
    }
    c.output().unwrap()
}

fn verbs(statements: &serde_json::Value) -> Vec<String> {
    statements
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let v = s["verb"]["id"].as_str().unwrap();
            let cmi5 = s["context"]["contextActivities"]["category"]
                .as_array()
                .is_some_and(|c| {
                    c.iter()
                        .any(|c| c["id"].as_str().unwrap().ends_with("categories/cmi5"))
                });
            let short = v.rsplit('/').next().unwrap().to_owned();
            if cmi5 {
                short
            } else {
                format!("allowed:{short}")
            }
        })
        .collect()
}

#[test]
fn a_launch_sends_the_cmi5_statements_in_order_and_they_pass_the_checks() {
    if !tools() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    // In front of a real LRS when there is one: it must accept every statement too.
    let lrs = common::start_lrs();
    let forward: Vec<String> = match &lrs {
        Some(l) => vec![
            "--lrs".into(),
            l.url.clone(),
            "--lrs-user".into(),
            l.user.into(),
            "--lrs-password".into(),
            l.password.into(),
        ],
        None => Vec::new(),
    };
    let mut args: Vec<&str> = vec![
        "--mastery",
        "0.6",
        "--return-url",
        "https://lms.example/course",
    ];
    args.extend(forward.iter().map(String::as_str));

    // Our unit, with a mastery score.
    let lms = Lms::start(&args);
    let out = launch(&data, &lms.link("angry-customer"));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cmi5: Normal launch for ana"), "{err}");
    assert!(err.contains("cmi5: sent the result"), "{err}");
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("Return to your course: https://lms.example/course")
    );
    let got = lms.statements();
    let v = verbs(&got);
    assert_eq!(v.first().map(String::as_str), Some("initialized"), "{v:?}");
    assert_eq!(v.last().map(String::as_str), Some("terminated"), "{v:?}");
    assert!(v.contains(&"completed".to_owned()));
    assert!(v.iter().any(|x| x == "passed" || x == "failed"));
    assert!(
        v.iter().any(|x| x == "allowed:answered"),
        "Frontline's own statements: {v:?}"
    );
    assert!(
        !v.iter().any(
            |x| ["allowed:completed", "allowed:passed", "allowed:failed"].contains(&x.as_str())
        ),
        "the result is sent once, as cmi5's: {v:?}"
    );
    let (ours, ours_launch) = lms.save(dir.path(), "ours");
    let checked = check(&ours, &ours_launch, None);
    assert!(
        checked.status.success(),
        "cmi5 checks failed:\n{}{}",
        String::from_utf8_lossy(&checked.stdout),
        String::from_utf8_lossy(&checked.stderr)
    );

    // The same session from the independent @xapi/cmi5 library, to compare with.
    let reference = Lms::start(&["--mastery", "0.6"]);
    let query = reference.info["launchUrlQuery"]
        .as_str()
        .unwrap()
        .to_owned();
    // The reference passes or fails as ours did.
    let passed = v.contains(&"passed".to_owned());
    let ran = Command::new("node")
        .arg(root().join("scripts/cmi5/reference-au.js"))
        .arg(&query)
        .args(if passed {
            vec!["--score", "0.9"]
        } else {
            vec!["--score", "0.3", "--fail"]
        })
        .output()
        .unwrap();
    assert!(
        ran.status.success(),
        "{}",
        String::from_utf8_lossy(&ran.stderr)
    );
    let (theirs, _) = reference.save(dir.path(), "reference");
    let compared = check(&ours, &ours_launch, Some(&theirs));
    assert!(
        compared.status.success(),
        "ours and @xapi/cmi5's differ:\n{}",
        String::from_utf8_lossy(&compared.stdout)
    );

    // The link works once: a second launch stops before sending anything.
    let before = lms.statements().as_array().unwrap().len();
    let again = launch(&data, &lms.link("angry-customer"));
    assert_eq!(again.status.code(), Some(2));
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(
        err.contains("already used") && err.contains("Nothing was sent"),
        "{err}"
    );
    assert_eq!(lms.statements().as_array().unwrap().len(), before);

    // A link without its fetch URL, or naming no scenario, is refused outright.
    let broken = lms.link("angry-customer").replace("fetch=", "fetched=");
    let out = launch(&data, &broken);
    assert!(String::from_utf8_lossy(&out.stderr).contains("`fetch` is missing"));
    let out = launch(&data, &lms.link("no-such-scenario"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing was sent"));
}

#[test]
fn browse_sends_no_result_and_a_refused_terminated_is_reported() {
    if !tools() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let browse = Lms::start(&["--launch-mode", "Browse"]);
    let out = launch(&data, &browse.link("missing-pin"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(verbs(&browse.statements()), ["initialized", "terminated"]);
    let (s, l) = browse.save(dir.path(), "browse");
    assert!(check(&s, &l, None).status.success());

    let refusing = Lms::start(&["--refuse-terminated"]);
    let out = launch(&data, &refusing.link("missing-pin"));
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("refused the terminated statement"), "{err}");
}
