//! Records random plays of a scenario into a data folder as fast as it can, printing
//! `committed <uuid>` after each commit returns. The kill test (tests/kill.rs) kills it at
//! random moments and checks that every attempt it printed is still there.
//!
//! Usage: `record_writer DATA_DIR SCENARIO_FILE SEED [COUNT]`; with COUNT it stops after that
//! many attempts (the concurrent first-writer test starts many at once on a new folder).

use std::io::Write;
use std::path::Path;

use frontline_core::score::score;
use frontline_core::{Catalogue, paths};
use frontline_records::{Attempt, Store};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (data_dir, scenario_file, seed, count) = match &args[..] {
        [_, d, f, s] => (d, f, s, None),
        [_, d, f, s, n] => (d, f, s, Some(n.parse::<u64>().expect("a count"))),
        _ => {
            eprintln!("usage: record_writer DATA_DIR SCENARIO_FILE SEED [COUNT]");
            std::process::exit(2);
        }
    };
    let catalogue = Catalogue::builtin().expect("built-in catalogue");
    let path = Path::new(scenario_file);
    let text = std::fs::read_to_string(path).expect("scenario file");
    // Parsed and resolved only: the shipped file is checked elsewhere, and the teaching
    // checks would spend the first moments that the kills are meant to land in.
    let mut scenario =
        frontline_core::load::parse_scenario(&text, scenario_file).expect("a scenario");
    scenario.resolve().expect("a playable scenario");
    scenario.content_hash = frontline_core::load::content_hash(&text);
    let mut seed: u64 = seed.parse().expect("a number");
    let mut store = Store::open(Path::new(data_dir)).expect("records open");
    let mut out = std::io::stdout().lock();
    let mut done = 0;
    while count.is_none_or(|n| done < n) {
        done += 1;
        seed += 1;
        let session = paths::play_random(&scenario, seed).expect("playable");
        let debrief = score(&scenario, &catalogue, &session).expect("scores");
        let started = time::OffsetDateTime::now_utc();
        let attempt = Attempt::new(
            "kill-test",
            &scenario,
            &session,
            debrief,
            started,
            &[],
            false,
        );
        store.record(&attempt).expect("record");
        writeln!(out, "committed {}", attempt.uuid).expect("stdout");
        out.flush().expect("stdout");
    }
}
