//! The command-line program under the faults a real machine has: a reader that goes away
//! (`| head`, quitting `less`), a data folder it may not write, a mistyped `--data-dir`, a
//! damaged database.

use std::path::Path;
use std::process::{Command, Output, Stdio};

fn frontline(data: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_frontline"));
    cmd.env_remove("FRONTLINE_CONTENT")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env("FRONTLINE_DATA_DIR", data)
        .current_dir(data.parent().unwrap());
    cmd
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A data folder with a few recorded attempts.
fn recorded() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    for (who, strategy) in [("Ann", "best"), ("Bo", "worst"), ("Cy", "random")] {
        let o = frontline(&data)
            .args(["simulate", "angry-customer", "--record", "--profile", who])
            .args(["--strategy", strategy])
            .output()
            .unwrap();
        assert!(matches!(o.status.code(), Some(0 | 1)), "{}", text(&o));
    }
    dir
}

const WRITERS: &[&[&str]] = &[
    &["check"],
    &["check", "--list"],
    &["catalogue"],
    &["report"],
    &["report", "--format", "csv"],
    &["export", "--xapi", "-"],
    &["simulate", "angry-customer", "--strategy", "best"],
    &["graph", "angry-customer"],
    &["graph", "angry-customer", "--format", "dot"],
    &["balance", "angry-customer", "--runs", "2000"],
    &["replay", "1"],
    &["compare", "1", "2"],
    &["doctor"],
    &["man"],
    &["--help"],
    &["--version"],
];

#[test]
fn every_command_stops_quietly_when_its_reader_has_gone() {
    let dir = recorded();
    let data = dir.path().join("data");
    for args in WRITERS {
        // The status it gives when someone reads (doctor, say, reports a missing display
        // with 1): a closed pipe must not change it.
        let expected = frontline(&data)
            .args(*args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap()
            .code();
        // The reading end is closed before the program starts, so its very first write
        // meets a closed pipe, as under `| head -1` with a lot to print.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let o = frontline(&data)
            .args(*args)
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            !err.contains("panicked") && !err.contains("Broken pipe"),
            "{args:?}: {err}"
        );
        assert_eq!(o.status.code(), expected, "{args:?}: {err}");
    }
}

#[test]
fn a_closed_pipe_midway_through_a_long_report_is_quiet_too() {
    let dir = recorded();
    let data = dir.path().join("data");
    let mut child = frontline(&data)
        .args(["export", "--xapi", "-"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    std::io::Read::read_exact(&mut out, &mut first).unwrap();
    drop(out);
    let o = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(o.status.code(), Some(0), "{err}");
}

/// Runs as an unprivileged user when the tests run as root (as in CI), where permission
/// bits would not stop a write.
fn as_reader(data: &Path, args: &[&str]) -> Output {
    // A folder this process made belongs to its effective user.
    let root = {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(data.parent().unwrap()).unwrap().uid() == 0
    };
    let mut cmd = if root {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_frontline"));
        c.env_remove("FRONTLINE_CONTENT")
            .env("FRONTLINE_DATA_DIR", data)
            .env("HOME", "/tmp")
            .current_dir("/tmp");
        c
    } else {
        frontline(data)
    };
    cmd.args(args).output().unwrap()
}

fn read_only(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    for entry in std::fs::read_dir(path).unwrap() {
        let p = entry.unwrap().path();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o444)).unwrap();
    }
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o555)).unwrap();
    // Every folder above must be enterable by the unprivileged reader.
    let mut up = path.parent();
    while let Some(p) = up {
        if p.starts_with(std::env::temp_dir()) && p != std::env::temp_dir() {
            let _ = std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755));
        }
        up = p.parent();
    }
}

#[test]
fn the_reading_commands_work_on_a_read_only_data_folder() {
    let dir = recorded();
    let data = dir.path().join("data");
    read_only(&data);
    let report = as_reader(&data, &["report"]);
    assert!(report.status.success(), "{}", text(&report));
    let out = text(&report);
    assert!(
        out.contains("Ann") && out.contains("Bo") && out.contains("Cy"),
        "{out}"
    );
    let export = as_reader(&data, &["export", "--xapi", "-"]);
    assert!(export.status.success(), "{}", text(&export));
    let statements: serde_json::Value = serde_json::from_slice(&export.stdout).unwrap();
    assert!(statements.as_array().is_some_and(|a| a.len() >= 3));
    for args in [&["compare", "1", "2"][..], &["replay", "3"]] {
        let o = as_reader(&data, args);
        assert!(o.status.success(), "{args:?}: {}", text(&o));
    }
    // Nothing was written: no journal, no lock, no moved-aside file.
    let names: Vec<_> = std::fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["records.sqlite3"], "{names:?}");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn a_mistyped_data_folder_is_an_error_for_the_reading_commands_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let typo = dir.path().join("dtaa");
    for args in [
        &["report"][..],
        &["export", "--xapi", "-"],
        &["compare", "1", "2"],
        &["replay", "1"],
    ] {
        let o = frontline(&typo).args(args).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("does not exist") && err.contains("dtaa"),
            "{err}"
        );
        assert!(!typo.exists(), "{args:?} created {}", typo.display());
    }
}

#[test]
fn a_damaged_database_is_reported_by_every_reading_command_until_it_is_dealt_with() {
    let dir = recorded();
    let data = dir.path().join("data");
    let db = data.join("records.sqlite3");
    let mut bytes = std::fs::read(&db).unwrap();
    for b in bytes.iter_mut().skip(100).take(4000) {
        *b = 0x5a;
    }
    std::fs::write(&db, &bytes).unwrap();
    for _ in 0..2 {
        for args in [&["report"][..], &["export", "--xapi", "-"]] {
            let o = frontline(&data).args(args).output().unwrap();
            assert!(!o.status.success(), "{args:?}: {}", text(&o));
            let err = String::from_utf8_lossy(&o.stderr);
            assert!(err.contains("damaged"), "{args:?}: {err}");
            assert!(!err.contains("panicked"), "{err}");
        }
    }
    // A reading command leaves the evidence where it is.
    assert_eq!(std::fs::read(&db).unwrap(), bytes);
}

#[test]
fn replaying_an_attempt_made_after_a_quiz_reports_no_false_scoring_change() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let grade = frontline(&data)
        .args([
            "grade",
            "angry-customer",
            "--answers",
            "T,F,T,F,T,F,T,F,T,F,T,F",
        ])
        .args(["--record", "--profile", "Ann"])
        .output()
        .unwrap();
    assert!(
        grade.status.code().is_some_and(|c| c <= 1),
        "{}",
        text(&grade)
    );
    let sim = frontline(&data)
        .args(["simulate", "angry-customer", "--strategy", "best"])
        .args(["--record", "--profile", "Ann", "--json"])
        .output()
        .unwrap();
    assert!(sim.status.success(), "{}", text(&sim));
    let debrief: serde_json::Value = serde_json::from_slice(&sim.stdout).unwrap();
    let knows = debrief["quiz"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|q| !q["knows"].is_null())
        .count();
    assert!(knows > 0, "the debrief is aligned with the quiz: {debrief}");
    let replay = frontline(&data).args(["replay", "1"]).output().unwrap();
    assert!(replay.status.success(), "{}", text(&replay));
    let err = String::from_utf8_lossy(&replay.stderr);
    assert!(!err.contains("changed since"), "{err}");
}
