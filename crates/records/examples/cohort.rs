//! Makes a cohort of recorded attempts for the scale benchmarks (`scripts/bench-records.sh`):
//! random plays of the built-in scenarios, in English and Chinese, by a number of trainees,
//! spread over ten weeks, with a quiz now and then.
//!
//! Usage: `cohort DATA_DIR ATTEMPTS [TRAINEES]`

use std::path::Path;

use frontline_core::library::Library;
use frontline_core::paths;
use frontline_core::score::score;
use frontline_records::{Attempt, QuizAttempt, Store};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (dir, n, trainees) = match &args[..] {
        [_, d, n] => (d, n.parse::<usize>().expect("a count"), 100),
        [_, d, n, t] => (
            d,
            n.parse::<usize>().expect("a count"),
            t.parse::<usize>().expect("a count"),
        ),
        _ => {
            eprintln!("usage: cohort DATA_DIR ATTEMPTS [TRAINEES]");
            std::process::exit(2);
        }
    };
    let lib = Library::load(&Default::default());
    let scenarios: Vec<_> = lib
        .scenarios
        .iter()
        .filter(|s| !s.has_errors)
        .map(|s| &s.value)
        .collect();
    let quizzes: Vec<_> = lib
        .quizzes
        .iter()
        .filter(|q| !q.has_errors)
        .map(|q| &q.value)
        .collect();
    let mut store = Store::open(Path::new(dir)).expect("records");
    let start = time::OffsetDateTime::now_utc() - time::Duration::weeks(10);
    let mut batch = Vec::new();
    let mut quiz_batch = Vec::new();
    for i in 0..n {
        let s = scenarios[i % scenarios.len()];
        let session = paths::play_random(s, i as u64).expect("playable");
        let debrief = score(s, &lib.catalogue, &session).expect("scores");
        let at = start + time::Duration::seconds((i as i64 * 6_048_000) / n.max(1) as i64);
        let profile = format!("Trainee {:04}", i % trainees);
        batch.push(Attempt::new(
            &profile,
            s,
            &session,
            debrief,
            at,
            &[],
            i % 7 == 0,
        ));
        if i % 10 == 0 {
            let q = quizzes[i % quizzes.len()];
            let answers: Vec<bool> = q
                .items
                .iter()
                .enumerate()
                .map(|(k, it)| (k + i) % 5 != 0 && it.answer || (k + i) % 5 == 0 && !it.answer)
                .collect();
            if let Ok(result) = q.grade(&answers) {
                quiz_batch.push(QuizAttempt::new(&profile, q, result, at, at));
            }
        }
        if batch.len() == 1000 || i + 1 == n {
            store.record_many(&batch).expect("recorded");
            batch.clear();
            for q in quiz_batch.drain(..) {
                store.record_quiz(&q).expect("recorded");
            }
            eprint!("\r{} attempts", i + 1);
        }
    }
    eprintln!();
}
