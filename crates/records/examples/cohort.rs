//! Makes a cohort of recorded attempts for the scale benchmarks (`scripts/bench-records.sh`):
//! random plays of the built-in scenarios, in English and Chinese, by a number of trainees,
//! spread over ten weeks, with a quiz now and then. Each trainee has a skill that grows over
//! the weeks: at each turn they take the answer with the most points with that probability,
//! else a random one, and take 2–20 s to answer, so the cohort has passes, failures and a
//! trend like a real one.
//!
//! Usage: `cohort DATA_DIR ATTEMPTS [TRAINEES]`

use std::path::Path;

use frontline_core::library::Library;
use frontline_core::scenario::Scenario;
use frontline_core::score::score;
use frontline_core::session::Session;
use frontline_records::{Attempt, QuizAttempt, Store};
use rand::{RngExt as _, SeedableRng as _};

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
        let trainee = i % trainees;
        let skill = 0.35 + 0.4 * (trainee % 5) as f64 / 4.0 + 0.25 * i as f64 / n as f64;
        let session = play(s, i as u64, skill);
        let debrief = score(s, &lib.catalogue, &session).expect("scores");
        let at = start + time::Duration::seconds((i as i64 * 6_048_000) / n.max(1) as i64);
        let profile = format!("Trainee {trainee:04}");
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

/// Plays to the end: the answer worth most with probability `skill`, else a random one.
fn play(s: &Scenario, seed: u64, skill: f64) -> Session {
    let mut session = Session::start(s, seed).expect("playable");
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed ^ 0x5eed);
    while !session.is_over() && session.turns().len() < 64 {
        let node = &s.nodes[session.node_index()];
        let offered = session.offered().to_vec();
        let pick = if rng.random_bool(skill.clamp(0.0, 1.0)) {
            *offered
                .iter()
                .max_by_key(|&&k| node.choices[k as usize].points.total())
                .expect("a choice on offer")
        } else {
            offered[rng.random_range(0..offered.len())]
        };
        let seconds = rng.random_range(2.0..20.0f32);
        session
            .choose_index(s, pick as usize, Some(seconds))
            .expect("an offered choice");
    }
    session
}
