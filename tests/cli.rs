//! The `frontline` binary as trainers and scripts use it: exit codes, output
//! formats, and the JSON fields other tools rely on.

mod common;

use std::process::{Command, Output};

use common::root;

/// A data folder of the tests' own, so that nothing they record reaches the real one.
fn data_dir() -> &'static std::path::Path {
    static DIR: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(tempdir)
}

fn frontline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_frontline"))
        .args(args)
        .current_dir(root())
        .env("FRONTLINE_DATA_DIR", data_dir())
        .env_remove("FRONTLINE_CONTENT")
        .output()
        .expect("run frontline")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn json(args: &[&str]) -> serde_json::Value {
    let o = frontline(args);
    // 1 says the attempt did not pass; the JSON is there all the same.
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{args:?} printed no JSON: {e}\n{}", stdout(&o)))
}

#[test]
fn check_is_clean_on_the_shipped_library() {
    let o = frontline(&["check"]);
    assert!(o.status.success(), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("0 errors, 0 warnings"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn check_reports_positions_hints_and_fails_on_errors() {
    let dir = tempdir();
    let bad = dir.join("broken.scenario.ron");
    let text =
        std::fs::read_to_string(root().join("scenarios/en/angry-customer.scenario.ron")).unwrap();
    // A typo in a reference and a half-saved file.
    std::fs::write(&bad, text.replacen("next: Node(\"", "next: Node(\"x", 1)).unwrap();
    let half = dir.join("half.quiz.ron");
    let quiz = std::fs::read_to_string(root().join("quizzes/en/angry-customer.quiz.ron")).unwrap();
    std::fs::write(&half, &quiz[..quiz.len() / 2]).unwrap();
    let o = frontline(&["check", dir.to_str().unwrap()]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains("broken.scenario.ron:") && out.contains(": error[dangling-next]: choice `"),
        "{out}"
    );
    assert!(
        out.contains("half.quiz.ron:") && out.contains("hint:"),
        "{out}"
    );
    assert!(out.contains("does not exist"), "{out}");
    assert!(
        out.lines().last().unwrap().starts_with("checked 2 files: "),
        "{out}"
    );
}

#[test]
fn simulate_best_passes_and_worst_fails_on_every_seed_scenario() {
    for id in common::SEED_SCENARIOS {
        let best = json(&["simulate", id, "--strategy", "best", "--json"]);
        assert_eq!(best["passed"], true, "{id}");
        let worst = json(&["simulate", id, "--strategy", "worst", "--json"]);
        assert_eq!(worst["passed"], false, "{id}");
        for key in ["smile", "speed", "standard", "sincere", "satisfy"] {
            assert!(best["five_s"][key].is_u64(), "{id}: five_s.{key}");
        }
        assert!(best["overall"].is_u64() && best["outcome"].is_string() && best["seed"].is_u64());
        assert!(
            best["mot_path"]
                .as_array()
                .unwrap()
                .iter()
                .all(|m| m.as_str().unwrap().starts_with("mot."))
        );
        assert!(
            best["applied"]
                .as_array()
                .unwrap()
                .iter()
                .all(|a| a["id"].is_string())
        );
        assert!(
            worst["violations"]
                .as_array()
                .unwrap()
                .iter()
                .all(|a| a["id"].is_string() && a["citation"]["file"].is_string())
        );
        assert!(!best["choices"].as_array().unwrap().is_empty());
    }
}

#[test]
fn simulate_follows_given_choices_and_times() {
    let path = "call.go_now,arrival.let_vent,shouting.calm_voice";
    let d = json(&[
        "simulate",
        "scenarios/en/angry-customer.scenario.ron",
        "--choices",
        path,
        "--times",
        "3,50,100",
        "--json",
    ]);
    let choices = d["choices"].as_array().unwrap();
    assert_eq!(choices.len(), 3);
    assert_eq!(choices[0]["choice"], "call.go_now");
    assert_eq!(
        d["outcome"],
        serde_json::Value::Null,
        "an unfinished path has no outcome"
    );
    assert_eq!(d["passed"], false);
    // Numbers pick choices in written order.
    let by_number = json(&["simulate", "angry-customer", "--choices", "1", "--json"]);
    assert_eq!(by_number["choices"][0]["number"], 1);
}

#[test]
fn simulate_explains_a_wrong_choice() {
    let o = frontline(&["simulate", "angry-customer", "--choices", "no.such.choice"]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("no.such.choice") && err.contains("choices here"),
        "{err}"
    );
}

#[test]
fn grade_uses_the_002_key() {
    let r = json(&[
        "grade",
        "angry-customer",
        "--answers",
        "F,T,F,T,T,F,F,T,F,F,T,T",
        "--json",
    ]);
    assert_eq!(
        (r["correct"].as_u64(), r["total"].as_u64()),
        (Some(12), Some(12))
    );
    let r = json(&[
        "grade",
        "quizzes/zh/angry-customer.quiz.ron",
        "--answers",
        "T,T,F,T,T,F,F,T,F,F,T,T",
        "--json",
    ]);
    assert_eq!(r["correct"], 11);
    assert_eq!(r["items"][0]["correct"], false);
    assert_eq!(r["items"][0]["id"], "quiz.angry.q01");
    assert_eq!(r["items"][0]["answer"], true);
    let o = frontline(&["grade", "angry-customer", "--answers", "T,F"]);
    assert!(!o.status.success() && String::from_utf8_lossy(&o.stderr).contains("12 statements"));
}

/// Runs `frontline` in `dir` with `input` on stdin; returns its stdout.
fn with_input(args: &[&str], dir: &std::path::Path, input: &[u8]) -> String {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_frontline"))
        .args(args)
        .current_dir(dir)
        .env("FRONTLINE_DATA_DIR", data_dir())
        .env_remove("FRONTLINE_CONTENT")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.as_mut().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{args:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn play_runs_a_whole_conversation_from_stdin() {
    // Invalid input is asked again; "1" at every turn reaches an ending.
    let input = [b"x\n0\n".to_vec(), b"1\n".repeat(40)].concat();
    let text = with_input(
        &[
            "play",
            "missing-pin",
            "--lang",
            "zh",
            "--seed",
            "5",
            "--coach",
        ],
        root(),
        &input,
    );
    assert!(text.contains("复盘") && text.contains("总分"), "{text}");
    assert!(text.contains("教练提示"), "coach mode shows feedback");
}

#[test]
fn play_a_quiz_and_quit_midway() {
    let text = with_input(
        &["play", "angry-customer.quiz.ron"],
        &root().join("quizzes/en"),
        b"f\nmaybe\nt\nq\n",
    );
    assert!(
        text.contains("2/12") && text.contains("left unfinished"),
        "{text}"
    );
    // From the repository, a quiz id with its extension finds quizzes/<lang>/.
    let text = with_input(
        &["play", "who-is-the-customer.quiz.ron", "--lang", "zh"],
        root(),
        b"q\n",
    );
    assert!(text.contains("1/5"), "{text}");
}

fn tempdir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "frontline-cli-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn check_json_gives_every_finding_with_its_code_and_the_exit_codes_mean_what_they_say() {
    let dir = tempdir();
    let text =
        std::fs::read_to_string(root().join("scenarios/en/angry-customer.scenario.ron")).unwrap();
    std::fs::write(
        dir.join("broken.scenario.ron"),
        text.replacen("next: Node(\"", "next: Node(\"x", 1),
    )
    .unwrap();
    let o = frontline(&["check", "--json", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "problems found: 1");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["errors"].as_u64().unwrap() >= 1, "{v}");
    let d = &v["diagnostics"][0];
    for field in ["file", "severity", "position", "message", "hint", "code"] {
        assert!(!d[field].is_null(), "{field} in {d}");
    }
    assert!(
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "dangling-next"),
        "{v}"
    );
    // Clean: 0. Could not run (no such scenario): 2.
    assert_eq!(frontline(&["check", "--json"]).status.code(), Some(0));
    let missing = frontline(&["simulate", "no-such-scenario", "--strategy", "best"]);
    assert_eq!(missing.status.code(), Some(2));
    // Ran, and the attempt did not pass: 1.
    let worst = frontline(&["simulate", "angry-customer", "--strategy", "worst"]);
    assert_eq!(worst.status.code(), Some(1));
}

/// The self-check is a reflection in the terminal too: views, the course's reading marked as
/// inference, no verdict and no score.
#[test]
fn play_the_reflection_without_a_verdict_or_a_score() {
    let dir = tempfile::tempdir().unwrap();
    for (lang, reading, words) in [
        (
            "en",
            "The course's reading (our inference",
            ["Correct", "Not quite", "Score"],
        ),
        ("zh", "课程的看法（我们的推断", ["答对了", "不对", "得分"]),
        // "점수" alone is in the Korean "no score here" sentence: the score line is "점수: ".
        (
            "ko",
            "교육 과정의 관점(추론이며",
            ["정답입니다", "아쉽습니다", "점수: "],
        ),
    ] {
        let out = with_input(
            &["play", "who-is-the-customer", "--lang", lang, "--no-record"],
            dir.path(),
            b"t\nf\nt\nf\nt\n",
        );
        assert_eq!(out.matches(reading).count(), 10, "{out}");
        for w in words {
            assert!(!out.contains(w), "{w} in {out}");
        }
    }
}
