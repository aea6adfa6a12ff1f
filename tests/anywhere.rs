//! Frontline anywhere: the program carries its library, content folders add to it, and a
//! machine without a display gets a message and the terminal version instead of a panic.

#[path = "common/mod.rs"]
mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A fresh folder holding nothing but a copy of the program, and a data folder.
struct Bare {
    dir: tempfile::TempDir,
    exe: PathBuf,
}

impl Bare {
    fn new() -> Bare {
        let dir = tempfile::tempdir().unwrap();
        let exe = dir.path().join("frontline");
        std::fs::copy(env!("CARGO_BIN_EXE_frontline"), &exe).unwrap();
        Bare { dir, exe }
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// Runs the copied program in its folder, with a clean environment apart from `env`.
    fn run(&self, args: &[&str], env: &[(&str, &Path)], input: &[u8]) -> Output {
        let mut cmd = Command::new(&self.exe);
        cmd.args(args)
            .current_dir(self.dir.path())
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .env("FRONTLINE_DATA_DIR", self.data())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().unwrap();
        let _ = child.stdin.take().unwrap().write_all(input);
        child.wait_with_output().unwrap()
    }
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn from_an_empty_folder_the_program_checks_and_plays_its_built_in_library() {
    let bare = Bare::new();
    let o = bare.run(&["check"], &[], b"");
    let out = text(&o);
    assert!(o.status.success(), "{out}");
    let files = frontline_core::content::builtin_texts().len();
    assert!(
        out.contains(&format!("checked {files} files: 0 errors, 0 warnings")),
        "{out}"
    );
    assert!(out.contains("built-in library:"), "{out}");

    let o = bare.run(
        &["play", "angry-customer", "--seed", "4", "--profile", "Ana"],
        &[],
        &b"1\n".repeat(40),
    );
    let out = text(&o);
    // 0 when the attempt passed, 1 when it did not: either way it ran.
    assert!(matches!(o.status.code(), Some(0 | 1)), "{out}");
    assert!(out.contains("Debrief") && out.contains("Overall"), "{out}");
    // Recorded like the game records it.
    let store = frontline_records::Store::open(&bare.data()).unwrap();
    let attempts = store.attempts(&Default::default()).unwrap();
    assert_eq!(attempts.len(), 1, "{out}");
    assert_eq!(attempts[0].profile, "Ana");
    assert_eq!(attempts[0].scenario, "angry-customer");

    let o = bare.run(&["--version"], &[], b"");
    let out = text(&o);
    assert!(
        out.contains("built-in library of") && out.contains("commit"),
        "{out}"
    );
}

/// One extra scenario and one extra catalogue entry in a content folder: every subcommand
/// sees both, and the built-in library is still there.
#[test]
fn every_subcommand_sees_a_content_folder_on_top_of_the_built_in_library() {
    let bare = Bare::new();
    let content = tempfile::tempdir().unwrap();
    common::write_extra_content(content.path());
    let dir = content.path().to_str().unwrap();
    let flag = ["--content", dir];
    let with = |args: &[&str]| {
        let mut all: Vec<&str> = flag.to_vec();
        all.extend_from_slice(args);
        bare.run(&all, &[], b"")
    };

    let o = with(&["check"]);
    let out = text(&o);
    assert!(o.status.success(), "{out}");
    assert!(out.contains("extra-visit.scenario.ron (new)"), "{out}");
    assert!(out.contains("house.catalogue.ron (new)"), "{out}");
    assert!(out.contains("0 errors"), "{out}");

    let o = with(&["simulate", "extra-visit", "--strategy", "best", "--json"]);
    assert!(o.status.success(), "{}", text(&o));
    let d: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        d["applied"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["id"] == "house.name_badge"),
        "{d}"
    );
    let o = with(&["simulate", "angry-customer", "--strategy", "best"]);
    assert!(
        o.status.success(),
        "the built-in library is still there: {}",
        text(&o)
    );

    let o = with(&["catalogue"]);
    let out = text(&o);
    assert!(
        out.contains("house.name_badge") && out.contains("5s.smile"),
        "{out}"
    );

    let o = with(&["graph", "extra-visit", "--format", "dot"]);
    assert!(
        o.status.success() && text(&o).contains("digraph"),
        "{}",
        text(&o)
    );
    let o = with(&["balance", "extra-visit", "--json"]);
    assert!(
        o.status.success() && text(&o).contains("pass_rate"),
        "{}",
        text(&o)
    );

    let mut args: Vec<&str> = flag.to_vec();
    args.extend(["play", "extra-visit", "--seed", "2", "--profile", "Bo"]);
    let o = bare.run(&args, &[], &b"1\n".repeat(10));
    assert!(
        matches!(o.status.code(), Some(0 | 1)) && text(&o).contains("Debrief"),
        "{}",
        text(&o)
    );
    let o = with(&["report", "--format", "json"]);
    assert!(text(&o).contains("extra-visit"), "{}", text(&o));
    let o = with(&["replay", "1"]);
    assert!(
        o.status.success() && text(&o).contains("arrive"),
        "{}",
        text(&o)
    );

    let o = with(&[
        "grade",
        "angry-customer",
        "--answers",
        "F,T,F,T,T,F,F,T,F,F,T,T",
    ]);
    assert!(o.status.success(), "{}", text(&o));

    let o = with(&["doctor"]);
    assert!(text(&o).contains(dir), "{}", text(&o));

    // The same through FRONTLINE_CONTENT, and from inside the folder.
    let o = bare.run(
        &["simulate", "extra-visit", "--strategy", "best"],
        &[("FRONTLINE_CONTENT", content.path())],
        b"",
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = Command::new(&bare.exe)
        .args(["simulate", "extra-visit", "--strategy", "best"])
        .current_dir(content.path())
        .env("FRONTLINE_DATA_DIR", bare.data())
        .env_remove("FRONTLINE_CONTENT")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    // Checking a file inside a content folder uses that folder's catalogue.
    let o = bare.run(
        &["check", content.path().join("scenarios").to_str().unwrap()],
        &[],
        b"",
    );
    assert!(text(&o).contains("0 errors"), "{}", text(&o));
}

#[test]
fn a_content_folder_that_is_missing_or_a_file_is_reported() {
    let bare = Bare::new();
    let o = bare.run(&["--content", "/nowhere/at/all", "check"], &[], b"");
    let out = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains("/nowhere/at/all: error[content-folder]: the content folder does not exist"),
        "{out}"
    );
    let o = bare.run(
        &[
            "--content",
            "/nowhere/at/all",
            "simulate",
            "nothing-here",
            "--strategy",
            "best",
        ],
        &[],
        b"",
    );
    let out = text(&o);
    assert!(
        out.contains("there is no scenario `nothing-here`")
            && out.contains("the built-in library")
            && out.contains("/nowhere/at/all/scenarios"),
        "the message lists the folders searched: {out}"
    );
    let file = bare.dir.path().join("frontline");
    let o = bare.run(&["--content", file.to_str().unwrap(), "check"], &[], b"");
    assert!(text(&o).contains("is a file, not a folder"), "{}", text(&o));
}

#[test]
fn without_a_display_the_game_explains_and_exits_without_a_panic() {
    let bare = Bare::new();
    let o = bare.run(&[], &[], b"");
    let out = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains("no display here") && out.contains("frontline play"),
        "{out}"
    );
    assert!(!out.contains("panicked"), "{out}");
    // A display that is named but not there.
    let o = bare.run(&[], &[("DISPLAY", Path::new(":4711"))], b"");
    let out = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("could not reach the X display :4711"), "{out}");
    assert!(!out.contains("panicked"), "{out}");
}

/// On a terminal, the same start offers the terminal version, whose menu plays a quiz.
#[test]
fn without_a_display_a_terminal_gets_the_menu() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("SKIPPED: `script` (util-linux) is not installed, so no terminal can be made");
        return;
    }
    let bare = Bare::new();
    // `script` gives the program a terminal; the answers come through it.
    let answers = b"\nDee\n".to_vec();
    let mut child = Command::new("script")
        .args(["-qec", &format!("{} ", bare.exe.display()), "/dev/null"])
        .current_dir(bare.dir.path())
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("TERM", "dumb")
        .env("FRONTLINE_DATA_DIR", bare.data())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(&answers).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    // q leaves the menu.
    stdin.write_all(b"q").unwrap();
    drop(stdin);
    let o = child.wait_with_output().unwrap();
    let out = text(&o);
    assert!(out.contains("Open the terminal version now?"), "{out}");
    assert!(
        out.contains("Trainee: Dee") && out.contains("Keeping the angry customer"),
        "{out}"
    );
    assert!(!out.contains("panicked"), "{out}");
}

/// The menu reads numbers from a pipe too: a trainee picks a quiz, answers it, and it is
/// recorded under their name.
#[test]
fn the_menu_plays_and_records_from_a_pipe() {
    let bare = Bare::new();
    let lib = frontline_core::library::Library::load(&Default::default());
    let scenarios: std::collections::BTreeSet<&str> =
        lib.scenarios.iter().map(|s| s.value.id.as_str()).collect();
    let quiz_number = scenarios.len() + 1;
    let input = format!("Eve\n{quiz_number}\n{}\nq\n", "t\n".repeat(12));
    let o = bare.run(&["play"], &[], input.as_bytes());
    let out = text(&o);
    assert!(o.status.success(), "{out}");
    assert!(
        out.contains("Trainee: Eve") && out.contains("Saved to your records"),
        "{out}"
    );
    let store = frontline_records::Store::open(&bare.data()).unwrap();
    let quizzes = store.quiz_attempts(&Default::default()).unwrap();
    assert_eq!(quizzes.len(), 1, "{out}");
    assert_eq!(quizzes[0].profile, "Eve");
}
