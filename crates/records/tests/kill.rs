//! A writer killed at random moments never loses a committed attempt and never leaves a
//! database that fails to open.
//!
//! `examples/record_writer.rs` records attempts in a loop and prints each one's id after
//! its commit returns; this test kills it with SIGKILL after a random delay, 240 times over
//! 12 fresh data folders (so some kills land while the database is being created), then
//! reopens every folder and looks for every printed id.

use std::collections::{BTreeMap, HashSet};
use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

use frontline_records::{Filter, Store};
use rand::{RngExt, SeedableRng};

const KILLS: usize = 240;
const FOLDERS: usize = 12;

fn writer() -> PathBuf {
    // target/debug/deps/kill-… → target/debug/examples/record_writer
    let exe = std::env::current_exe().unwrap();
    let path = exe
        .parent()
        .and_then(|d| d.parent())
        .unwrap()
        .join("examples")
        .join(format!("record_writer{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.is_file(),
        "{} is missing: `cargo test` builds the examples; run it without --test filters or build with `cargo build --examples`",
        path.display()
    );
    path
}

#[test]
fn killing_the_writer_at_random_moments_loses_no_committed_attempt() {
    let writer = writer();
    let scenario = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios/en/angry-customer.scenario.ron");
    let root = tempfile::tempdir().unwrap();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(20261123);
    let mut committed: BTreeMap<usize, HashSet<String>> = BTreeMap::new();
    let mut kills_mid_run = 0;
    for k in 0..KILLS {
        let folder = k * FOLDERS / KILLS;
        let dir = root.path().join(format!("data-{folder}"));
        let mut child = Command::new(&writer)
            .arg(&dir)
            .arg(&scenario)
            .arg((k * 1_000_000).to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(rng.random_range(0..60_000)));
        child.kill().unwrap();
        let status = child.wait().unwrap();
        let mut out = String::new();
        child
            .stdout
            .take()
            .unwrap()
            .read_to_string(&mut out)
            .unwrap();
        if !status.success() {
            kills_mid_run += 1;
        }
        let ids = committed.entry(folder).or_default();
        ids.extend(
            out.lines()
                .filter_map(|l| l.strip_prefix("committed "))
                .map(str::to_owned),
        );
        // Every few kills, open the folder as the game would, mid-way through the series.
        if k % 7 == 0 && dir.exists() {
            let store = Store::open(&dir).unwrap();
            assert_eq!(
                store.notice(),
                None,
                "the database was found unusable after kill {k}"
            );
        }
    }
    let mut total = 0;
    for (folder, ids) in &committed {
        let dir = root.path().join(format!("data-{folder}"));
        let store = Store::open(&dir).unwrap();
        assert_eq!(store.notice(), None, "folder {folder} was moved aside");
        store.integrity_check().unwrap();
        let stored: HashSet<String> = store
            .attempts(&Filter::default())
            .unwrap()
            .into_iter()
            .map(|a| a.uuid.to_string())
            .collect();
        let lost: Vec<&String> = ids.difference(&stored).collect();
        assert!(
            lost.is_empty(),
            "folder {folder}: lost {} committed attempts: {lost:?}",
            lost.len()
        );
        total += ids.len();
    }
    eprintln!(
        "kill test: {KILLS} kills ({kills_mid_run} while running), {total} committed attempts, 0 lost"
    );
    assert!(
        kills_mid_run >= KILLS * 9 / 10,
        "most kills must land while the writer runs"
    );
    assert!(
        total > KILLS,
        "the writer must get attempts committed between kills"
    );
}

/// Many processes recording into a data folder that does not exist yet, all at once: the
/// database is created and migrated once, and every attempt is kept.
#[test]
fn many_first_writers_at_once_lose_nothing() {
    const WRITERS: usize = 16;
    const EACH: usize = 3;
    let writer = writer();
    let scenario = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios/en/angry-customer.scenario.ron");
    for round in 0..3 {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("fresh");
        let children: Vec<_> = (0..WRITERS)
            .map(|k| {
                Command::new(&writer)
                    .arg(&dir)
                    .arg(&scenario)
                    .arg((round * 1000 + k * 10).to_string())
                    .arg(EACH.to_string())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "a writer failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let store = Store::open(&dir).unwrap();
        let n = store.attempts(&Filter::default()).unwrap().len();
        assert_eq!(n, WRITERS * EACH, "round {round}");
    }
}
