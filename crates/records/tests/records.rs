//! The records: what is committed reads back unchanged, replays match the play, unusable
//! databases are moved aside, and progress, comparison, reports, statements and sync are
//! built from what was stored.

#[path = "../../../tests/common/mod.rs"]
mod common;

use common::{LOCALES, SEED_SCENARIOS, catalogue, library, quiz, scenario};
use frontline_core::paths::{self, Extreme};
use frontline_core::score::score;
use frontline_core::{Scenario, Session, text};
use frontline_records::progress::{Reason, progress};
use frontline_records::report::{self, Table};
use frontline_records::xapi::{self, Naming};
use frontline_records::{Attempt, Filter, QuizAttempt, ReplayError, Store};
use time::OffsetDateTime;

/// A whole-millisecond time (what the records keep), `minutes` after a fixed start.
fn at(minutes: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(1_795_000_000).unwrap() + time::Duration::minutes(minutes)
}

/// Plays `session`'s choices again with a response time at each turn.
fn with_times(s: &Scenario, played: &Session) -> Session {
    let mut session = Session::start(s, played.seed()).unwrap();
    for (i, t) in played.turns().iter().enumerate() {
        session
            .choose_index(s, t.choice, Some(2.5 + i as f32 * 1.25))
            .unwrap();
    }
    session
}

fn attempt(profile: &str, s: &Scenario, session: &Session, minutes: i64) -> Attempt {
    let debrief = score(s, catalogue(), session).unwrap();
    Attempt::new(profile, s, session, debrief, at(minutes), &[], false)
}

fn best(s: &Scenario, seed: u64) -> Session {
    with_times(
        s,
        &paths::search(s, catalogue(), seed, Extreme::Best)
            .unwrap()
            .session,
    )
}

fn worst(s: &Scenario, seed: u64) -> Session {
    with_times(
        s,
        &paths::search(s, catalogue(), seed, Extreme::Worst)
            .unwrap()
            .session,
    )
}

#[test]
fn an_attempt_reads_back_exactly_as_committed() {
    let dir = tempfile::tempdir().unwrap();
    let s = scenario("angry-customer", "zh");
    let a = attempt("李雷", s, &best(s, 7), 0);
    let id = Store::open(dir.path()).unwrap().record(&a).unwrap();
    let store = Store::open(dir.path()).unwrap();
    let back = store.attempt(id).unwrap().expect("the attempt is there");
    assert_eq!(back, Attempt { id, ..a.clone() });
    assert_eq!(back.content_hash.len(), 64);
    assert_eq!(back.choices.len(), a.debrief.choices.len());
    assert!(back.choices.iter().all(|c| c.response_time.is_some()));
    assert_eq!(store.profiles().unwrap(), vec!["李雷".to_owned()]);
}

/// After an upgrade, a lead's `report` reads the previous version's records as they stand
/// (a reader cannot migrate them), with the reading pace they did not record read as the
/// standard one; the first writer then updates them and keeps every attempt.
#[test]
fn records_of_the_previous_schema_are_read_without_updating_them_then_updated_by_a_writer() {
    let dir = tempfile::tempdir().unwrap();
    let s = scenario("angry-customer", "en");
    let a = attempt("Mei", s, &best(s, 7), 0);
    assert_eq!(a.pace, frontline_core::reading::Pace::Standard);
    let id = Store::open(dir.path()).unwrap().record(&a).unwrap();
    // A slower reader's attempt keeps its pace, and a replay reads at it.
    let mut slow = Session::start(s, 7)
        .unwrap()
        .with_pace(frontline_core::reading::Pace::Slower);
    for t in best(s, 7).turns() {
        slow.choose_index(s, t.choice, Some(30.0)).unwrap();
    }
    let d = score(s, catalogue(), &slow).unwrap();
    let b = Attempt::new("Mei", s, &slow, d, at(5), &[], false);
    let slow_id = Store::open(dir.path()).unwrap().record(&b).unwrap();
    let back = Store::open(dir.path())
        .unwrap()
        .attempt(slow_id)
        .unwrap()
        .unwrap();
    assert_eq!(back.pace, frontline_core::reading::Pace::Slower);
    assert_eq!(back.replay(s).unwrap().turns(), slow.turns());
    // Back to schema 2, as the previous version left it.
    let file = dir.path().join(frontline_records::FILE_NAME);
    {
        let conn = rusqlite::Connection::open(&file).unwrap();
        conn.execute_batch(
            "ALTER TABLE attempt DROP COLUMN pace;
             DROP TABLE pulled_choice; DROP TABLE pulled_attempt; DROP TABLE pull_cursor;
             DROP TABLE pulled_voided; DROP TABLE pulled_statement; DROP INDEX attempt_summary;
             PRAGMA user_version = 2;",
        )
        .unwrap();
    }
    let read = Store::open_read_only(dir.path()).unwrap();
    let back = read.attempt(id).unwrap().expect("the attempt is there");
    assert_eq!(back, Attempt { id, ..a.clone() });
    drop(read);
    let version = |f: &std::path::Path| {
        rusqlite::Connection::open(f)
            .unwrap()
            .pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))
            .unwrap()
    };
    assert_eq!(version(&file), 2, "reading changed nothing");
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.attempt(id).unwrap().unwrap(), Attempt { id, ..a });
    drop(store);
    assert!(version(&file) >= 3);
}

#[test]
fn a_replay_matches_the_original_choice_for_choice() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let mut played = Vec::new();
    for locale in LOCALES {
        for id in SEED_SCENARIOS {
            let s = scenario(id, locale);
            for seed in 1..=5u64 {
                let session = with_times(s, &paths::play_random(s, seed * 7919).unwrap());
                store
                    .record(&attempt("ana", s, &session, played.len() as i64 * 10))
                    .unwrap();
                played.push((s, session));
            }
        }
    }
    let stored = store.attempts(&Filter::default()).unwrap();
    assert_eq!(stored.len(), played.len());
    for (a, (s, original)) in stored.iter().zip(&played) {
        let replayed = a.replay(s).unwrap();
        assert_eq!(
            replayed.turns(),
            original.turns(),
            "{} seed {}",
            a.scenario,
            a.seed
        );
        assert_eq!(
            text::transcript(s, &replayed, frontline_core::Lang::En).unwrap(),
            text::transcript(s, original, frontline_core::Lang::En).unwrap()
        );
        assert_eq!(score(s, catalogue(), &replayed).unwrap(), a.debrief);
    }
}

#[test]
fn a_changed_scenario_file_refuses_a_replay_but_keeps_the_debrief() {
    let s = scenario("missing-pin", "en");
    let a = attempt("ana", s, &best(s, 3), 0);
    let mut edited = s.clone();
    edited.content_hash = frontline_core::load::content_hash("an edited file");
    assert_eq!(a.replay(&edited).unwrap_err(), ReplayError::Changed);
    assert!(ReplayError::Changed.to_string().contains("changed"));
    assert_eq!(
        a.replay(scenario("billing-dispute", "en")).unwrap_err(),
        ReplayError::OtherScenario
    );
}

fn moved_aside(dir: &std::path::Path, reason: &str) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().contains(reason))
        .collect();
    v.sort();
    v
}

#[test]
fn a_database_from_a_newer_version_is_moved_aside_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let s = scenario("angry-customer", "en");
    Store::open(dir.path())
        .unwrap()
        .record(&attempt("ana", s, &best(s, 1), 0))
        .unwrap();
    {
        let c = rusqlite::Connection::open(dir.path().join("records.sqlite3")).unwrap();
        c.pragma_update(None, "user_version", 99).unwrap();
    }
    let store = Store::open(dir.path()).unwrap();
    let notice = store.notice().expect("the trainee is told");
    assert!(
        notice.contains("newer version") && notice.contains("schema 99"),
        "{notice}"
    );
    assert_eq!(store.attempts(&Filter::default()).unwrap().len(), 0);
    let moved = moved_aside(dir.path(), "newer-version");
    let main = moved
        .iter()
        .find(|p| p.to_string_lossy().ends_with(|c: char| c.is_ascii_digit()))
        .expect("the database itself was moved");
    assert!(notice.contains(&main.display().to_string()));
    let c = rusqlite::Connection::open(main).unwrap();
    let version: i64 = c
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    let kept: i64 = c
        .query_row("SELECT count(*) FROM attempt", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        (version, kept),
        (99, 1),
        "the moved file still holds the attempt"
    );
}

#[test]
fn a_damaged_database_is_moved_aside_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("records.sqlite3");
    let garbage: Vec<u8> = (0..40_000u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(&path, &garbage).unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    assert!(store.notice().unwrap().contains("damaged"));
    let moved = moved_aside(dir.path(), "damaged");
    assert_eq!(moved.len(), 1);
    assert_eq!(std::fs::read(&moved[0]).unwrap(), garbage);
    let s = scenario("angry-customer", "en");
    store.record(&attempt("ana", s, &best(s, 1), 0)).unwrap();
    assert!(store.integrity_check().is_ok());
}

#[test]
fn a_truncated_database_is_moved_aside() {
    let dir = tempfile::tempdir().unwrap();
    let s = scenario("billing-dispute", "en");
    {
        let mut store = Store::open(dir.path()).unwrap();
        for k in 0..40 {
            store
                .record(&attempt("ana", s, &best(s, k), k as i64))
                .unwrap();
        }
    }
    let path = dir.path().join("records.sqlite3");
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    let store = Store::open(dir.path()).unwrap();
    assert!(
        store.notice().unwrap().contains("damaged"),
        "{:?}",
        store.notice()
    );
    assert_eq!(moved_aside(dir.path(), "damaged").len(), 1);
}

#[test]
fn a_second_play_shows_progress_and_a_reasoned_recommendation() {
    let s = scenario("angry-customer", "en");
    let attempts = [
        attempt("ana", s, &worst(s, 1), 0),
        attempt("ana", s, &worst(s, 2), 5),
    ];
    let candidates: Vec<&Scenario> = SEED_SCENARIOS.iter().map(|id| scenario(id, "en")).collect();
    let p = progress(&attempts, &candidates, catalogue());
    assert_eq!(p.attempts, 2);
    assert_eq!(p.overall.len(), 2);
    assert_eq!(p.best.len(), 1);
    assert_eq!(p.best[0].attempts, 2);
    let top = &p.broken[0];
    assert_eq!(top.recent, 2, "the worst path breaks the same rule twice");
    let r = p.recommendation.expect("two plays give a recommendation");
    match &r.reason {
        Reason::Broken {
            id, times, tested, ..
        } => {
            assert_eq!(id, &top.id);
            assert_eq!(*times, 2);
            let expected = candidates
                .iter()
                .map(|c| frontline_records::progress::tests(c, id))
                .max()
                .unwrap();
            assert_eq!(*tested, expected, "the scenario that tests it most");
        }
        other => panic!("expected the broken principle to lead, got {other:?}"),
    }
    let en = r.explain(frontline_core::Lang::En);
    assert!(
        en.contains(top.id.as_str()) && en.contains(&r.title),
        "{en}"
    );
    assert!(r.explain(frontline_core::Lang::Zh).contains("违反"));

    // Clean plays: the weakest dimension leads instead.
    let good = [
        attempt("ana", s, &best(s, 1), 0),
        attempt("ana", s, &best(s, 2), 1),
    ];
    let p = progress(&good, &candidates, catalogue());
    assert!(matches!(
        p.recommendation.map(|r| r.reason),
        Some(Reason::Weakest { .. })
    ));
}

#[test]
fn two_attempts_compare_turn_by_turn_with_the_difference_explained() {
    let s = scenario("angry-customer", "en");
    let a = attempt("ana", s, &worst(s, 1), 0);
    let b = attempt("ana", s, &best(s, 1), 5);
    let c = frontline_records::compare::compare(&a.debrief, &b.debrief);
    assert_eq!(c.first_difference, Some(1));
    assert_eq!(
        c.rows.len(),
        a.debrief.choices.len().max(b.debrief.choices.len())
    );
    assert!(
        c.rows.iter().any(|r| r.a.is_none() || r.b.is_none())
            || c.rows.iter().all(|r| r.a.is_some())
    );
    let lines = c.explain(frontline_core::Lang::En);
    assert!(lines[0].contains(&format!(
        "A {} → B {}",
        a.debrief.overall, b.debrief.overall
    )));
    for v in &a.debrief.violations {
        assert!(
            lines
                .iter()
                .any(|l| l.contains(v.id.as_str()) && l.starts_with("Only A")),
            "{} is explained: {lines:?}",
            v.id
        );
    }
    let same = frontline_records::compare::compare(&b.debrief, &b.debrief);
    assert_eq!(same.first_difference, None);
    assert!(same.rows.iter().all(|r| r.same()));
}

#[test]
fn the_csv_report_opens_as_a_table_in_a_spreadsheet() {
    let q = quiz("angry-customer", "en");
    let mut attempts = Vec::new();
    for (k, (profile, id)) in [
        ("ana", "angry-customer"),
        ("Bo, \"Jr\"", "missing-pin"),
        ("李雷", "billing-dispute"),
        ("=HYPERLINK(\"http://x.example\",\"click\")", "long-wait"),
    ]
    .iter()
    .enumerate()
    {
        let s = scenario(id, "en");
        let mut a = attempt(profile, s, &worst(s, 1), k as i64);
        a.id = k as i64 + 1;
        attempts.push(a);
    }
    let answers: Vec<bool> = q.items.iter().map(|_| true).collect();
    let quizzes = [QuizAttempt::new(
        "ana",
        q,
        q.grade(&answers).unwrap(),
        at(9),
        at(10),
    )];
    let summaries: Vec<frontline_records::AttemptSummary> =
        attempts.iter().map(Into::into).collect();
    let quiz_summaries: Vec<frontline_records::QuizSummary> =
        quizzes.iter().map(Into::into).collect();
    let r = report::build(&summaries, &quiz_summaries);
    for (table, rows) in [
        (Table::Attempts, 4),
        (Table::Trainees, 4),
        (Table::Scenarios, 4),
    ] {
        let csv = r.csv(table);
        assert!(csv.contains("\r\n"));
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let width = reader.headers().unwrap().len();
        let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(records.len(), rows, "{table:?}");
        assert!(records.iter().all(|r| r.len() == width));
    }
    let csv = r.csv(Table::Attempts);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let row = reader.records().nth(1).unwrap().unwrap();
    assert_eq!(&row[2], "Bo, \"Jr\"", "commas and quotes survive");
    assert_eq!(&row[3], "missing-pin");
    // A name a spreadsheet would run as a formula stays text.
    let row = reader.records().nth(1).unwrap().unwrap();
    assert!(row[2].starts_with("'=HYPERLINK("), "{:?}", &row[2]);
    let ana = r.trainees.iter().find(|t| t.profile == "ana").unwrap();
    assert_eq!((ana.attempts, ana.quizzes), (1, 1));
    let empty = report::build(&[], &[]).csv(Table::Attempts);
    assert!(
        empty.starts_with("id,finished,profile,scenario"),
        "an empty report keeps its header"
    );
}

fn all_statements(attempts: &[Attempt], quizzes: &[QuizAttempt]) -> Vec<serde_json::Value> {
    let naming = Naming::default();
    let mut v: Vec<serde_json::Value> = attempts
        .iter()
        .flat_map(|a| xapi::attempt_statements(a, &naming))
        .collect();
    v.extend(
        quizzes
            .iter()
            .flat_map(|q| xapi::quiz_statements(q, &naming)),
    );
    v
}

fn sample() -> (Vec<Attempt>, Vec<QuizAttempt>) {
    let mut attempts = Vec::new();
    for locale in LOCALES {
        for id in SEED_SCENARIOS {
            let s = scenario(id, locale);
            attempts.push(attempt("ana", s, &best(s, 1), 0));
            attempts.push(attempt("李雷", s, &worst(s, 2), 3));
        }
    }
    let q = quiz("angry-customer", "zh");
    let answers: Vec<bool> = q
        .items
        .iter()
        .enumerate()
        .map(|(i, _)| i % 3 != 0)
        .collect();
    let quizzes = vec![QuizAttempt::new(
        "李雷",
        q,
        q.grade(&answers).unwrap(),
        at(1),
        at(4),
    )];
    (attempts, quizzes)
}

#[test]
fn statements_follow_the_plan_and_their_ids_never_change() {
    let (attempts, quizzes) = sample();
    let a = &attempts[0];
    let st = xapi::attempt_statements(a, &Naming::default());
    let verbs: Vec<&str> = st
        .iter()
        .map(|s| {
            s["verb"]["id"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
        })
        .collect();
    assert_eq!(verbs[0], "attempted");
    assert_eq!(
        verbs.iter().filter(|v| **v == "answered").count(),
        a.debrief.choices.len()
    );
    assert_eq!(&verbs[verbs.len() - 2..], ["completed", "passed"]);
    let ext = |s: &serde_json::Value, k: &str| {
        s["result"]["extensions"][format!("{}/extensions/{k}", xapi::DEFAULT_BASE)].clone()
    };
    let applied: Vec<&str> = a
        .debrief
        .applied
        .iter()
        .filter(|m| m.turn == 1)
        .map(|m| m.id.as_str())
        .collect();
    assert_eq!(ext(&st[1], "applied"), serde_json::json!(applied));
    for s in &st {
        if let Some(scaled) = s["result"]["score"]["scaled"].as_f64() {
            assert!((-1.0..=1.0).contains(&scaled));
        }
        assert_eq!(s["version"], "1.0.3");
        assert_eq!(s["context"]["registration"], a.uuid.to_string());
    }
    assert!(
        st[1]["result"]["duration"]
            .as_str()
            .unwrap()
            .starts_with("PT")
    );

    let again = all_statements(&attempts, &quizzes);
    let ids: std::collections::HashSet<&str> =
        again.iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), again.len(), "every statement has its own id");
    assert_eq!(
        again,
        all_statements(&attempts, &quizzes),
        "building twice gives the same statements"
    );
}

#[test]
fn every_shipped_quiz_records_and_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    for q in &library().quizzes {
        let q = &q.value;
        let answers: Vec<bool> = q
            .items
            .iter()
            .map(|i| i.id.as_str().len() % 2 == 0)
            .collect();
        let a = QuizAttempt::new("ana", q, q.grade(&answers).unwrap(), at(0), at(2));
        let id = store.record_quiz(&a).unwrap();
        let back = store
            .quiz_attempts(&Filter {
                content: Some(q.id.clone()),
                ..Filter::default()
            })
            .unwrap();
        assert!(back.iter().any(|b| *b == QuizAttempt { id, ..a.clone() }));
    }
}
