//! Fault injection for sync: an LRS that answers 200 with a login page, redirects, answers
//! with something that is not the list of ids, loses a reply after storing, answers 409 for
//! ids it has, is busy, down, hangs, or echoes the password's header. After each, the same
//! endpoint behaving well must end up with every statement exactly once.

#[path = "../../../tests/common/mod.rs"]
mod common;
mod fake_lrs;

use std::time::Duration;

use fake_lrs::{FakeLrs, Mode};
use frontline_core::paths::{Extreme, search};
use frontline_records::lrs::{self, Event, LrsConfig, LrsError, SyncReport};
use frontline_records::{Attempt, Filter, QuizAttempt, Store};

/// A data folder with three conversations and a quiz.
fn cohort() -> (tempfile::TempDir, usize) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let now = time::OffsetDateTime::now_utc();
    for (k, id) in ["angry-customer", "missing-pin", "long-wait"]
        .iter()
        .enumerate()
    {
        let s = common::scenario(id, "en");
        let found = search(s, common::catalogue(), k as u64, Extreme::Best).unwrap();
        let a = Attempt::new("ana", s, &found.session, found.debrief, now, &[], false);
        store.record(&a).unwrap();
    }
    let q = common::quiz("angry-customer", "en");
    let answers: Vec<bool> = q.items.iter().map(|i| i.answer).collect();
    store
        .record_quiz(&QuizAttempt::new(
            "ana",
            q,
            q.grade(&answers).unwrap(),
            now,
            now,
        ))
        .unwrap();
    // Every statement the records make.
    let naming = frontline_records::xapi::Naming::default();
    let mut total = 0;
    for a in store.attempts(&Filter::default()).unwrap() {
        total += frontline_records::xapi::attempt_statements(&a, &naming).len();
    }
    for q in store.quiz_attempts(&Filter::default()).unwrap() {
        total += frontline_records::xapi::quiz_statements(&q, &naming).len();
    }
    (dir, total)
}

fn config(url: &str) -> LrsConfig {
    let c = LrsConfig::load_from(std::path::Path::new("/nonexistent/lrs.ron"), |k| match k {
        "FRONTLINE_LRS_ENDPOINT" => Some(url.to_owned()),
        "FRONTLINE_LRS_USERNAME" => Some("frontline".to_owned()),
        "FRONTLINE_LRS_PASSWORD" => Some("hunter2-secret".to_owned()),
        _ => None,
    })
    .unwrap();
    LrsConfig {
        batch: 7,
        tries: 3,
        max_wait: 20,
        timeout: 2,
        ..c
    }
}

/// Syncs, counting the pauses instead of sleeping them.
fn sync(dir: &std::path::Path, cfg: &LrsConfig) -> (Result<SyncReport, LrsError>, Vec<Duration>) {
    let mut store = Store::open(dir).unwrap();
    let mut pauses = Vec::new();
    let r = lrs::sync(
        &mut store,
        cfg,
        &Filter::default(),
        |_: Event| {},
        |d| pauses.push(d),
    );
    (r, pauses)
}

/// After a misbehaving LRS, the same endpoint behaving well gets every statement, once.
fn then_all_arrive_once(lrs: &FakeLrs, dir: &std::path::Path, total: usize) {
    lrs.set(Mode::Strict);
    let (r, _) = sync(dir, &config(&lrs.url));
    r.unwrap();
    assert_eq!(lrs.holds(), (total, true), "every statement exactly once");
    // And a sync after that sends nothing.
    let before = lrs.state.lock().unwrap().requests.len();
    let (r, _) = sync(dir, &config(&lrs.url));
    assert_eq!(r.unwrap().sent, 0);
    assert_eq!(
        lrs.state.lock().unwrap().requests.len(),
        before,
        "no request at all"
    );
}

fn failure(r: Result<SyncReport, LrsError>) -> String {
    match r {
        Err(e @ LrsError::Failed { .. }) => e.to_string(),
        other => panic!("expected a failure, got {other:?}"),
    }
}

#[test]
fn a_login_page_with_200_is_not_taken_for_stored_statements() {
    let (dir, total) = cohort();
    let lrs = FakeLrs::start(Mode::Html);
    let text = failure(sync(dir.path(), &config(&lrs.url)).0);
    assert!(
        text.contains("200") && text.contains("text/html") && text.contains("Please log in"),
        "{text}"
    );
    assert_eq!(lrs.holds().0, 0);
    then_all_arrive_once(&lrs, dir.path(), total);
}

#[test]
fn a_redirect_is_reported_with_its_target_and_not_followed() {
    let (dir, total) = cohort();
    let lrs = FakeLrs::start(Mode::Redirect);
    let text = failure(sync(dir.path(), &config(&lrs.url)).0);
    assert!(
        text.contains("302") && text.contains("https://login.example.com/sso"),
        "{text}"
    );
    let requests = lrs.state.lock().unwrap().requests.clone();
    assert_eq!(
        requests.len(),
        1,
        "one POST, nothing followed: {requests:?}"
    );
    then_all_arrive_once(&lrs, dir.path(), total);
}

#[test]
fn a_body_that_is_not_the_list_of_ids_is_a_failure() {
    let (dir, total) = cohort();
    let lrs = FakeLrs::start(Mode::NotIds);
    let text = failure(sync(dir.path(), &config(&lrs.url)).0);
    assert!(
        text.contains("not with the list of stored statement ids"),
        "{text}"
    );
    then_all_arrive_once(&lrs, dir.path(), total);
}

/// The reply to a stored batch is lost; the retry gets 409; the statements the LRS holds are
/// found and marked, the rest sent, and nothing is stored twice.
#[test]
fn a_lost_reply_then_409_settles_to_exactly_once() {
    let (dir, total) = cohort();
    let lrs = FakeLrs::start(Mode::LoseReply);
    let cfg = LrsConfig {
        tries: 1,
        ..config(&lrs.url)
    };
    failure(sync(dir.path(), &cfg).0);
    assert_eq!(lrs.holds().0, 7, "the first batch was stored");
    lrs.set(Mode::Strict);
    let (r, _) = sync(dir.path(), &config(&lrs.url));
    let r = r.unwrap();
    assert_eq!(r.found_stored, 7, "{r:?}");
    assert_eq!(lrs.holds(), (total, true));
}

#[test]
fn retry_after_is_honoured_and_a_busy_lrs_is_waited_for() {
    let (dir, total) = cohort();
    let lrs = FakeLrs::start(Mode::Busy(2));
    let (r, pauses) = sync(dir.path(), &config(&lrs.url));
    assert_eq!(r.unwrap().retries, 2);
    assert_eq!(pauses, [Duration::from_secs(1), Duration::from_secs(1)]);
    assert_eq!(lrs.holds(), (total, true));
}

#[test]
fn a_down_lrs_is_retried_with_growing_jittered_pauses_then_left_queued() {
    let (dir, total) = cohort();
    let lrs = FakeLrs::start(Mode::Down);
    let (r, pauses) = sync(dir.path(), &config(&lrs.url));
    let text = failure(r);
    assert!(
        text.contains("503") && text.contains("after 3 tries"),
        "{text}"
    );
    assert_eq!(pauses.len(), 2);
    assert!(pauses[0] >= Duration::from_millis(500) && pauses[0] < Duration::from_millis(626));
    assert!(pauses[1] >= Duration::from_millis(1000) && pauses[1] < Duration::from_millis(1251));
    then_all_arrive_once(&lrs, dir.path(), total);
}

#[test]
fn a_hanging_lrs_is_given_up_on_within_the_time_limit() {
    let (dir, total) = cohort();
    let lrs = FakeLrs::start(Mode::Hang(Duration::from_secs(5)));
    let cfg = LrsConfig {
        tries: 10,
        max_wait: 5,
        timeout: 1,
        ..config(&lrs.url)
    };
    let started = std::time::Instant::now();
    let text = failure(sync(dir.path(), &cfg).0);
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "{:?}",
        started.elapsed()
    );
    assert!(text.contains("gave up") || text.contains("tries"), "{text}");
    then_all_arrive_once(&lrs, dir.path(), total);
}

#[test]
fn an_lrs_that_echoes_the_request_never_shows_the_credentials() {
    let (dir, total) = cohort();
    let lrs = FakeLrs::start(Mode::EchoHeaders);
    let text = failure(sync(dir.path(), &config(&lrs.url)).0);
    assert!(text.contains("400"), "{text}");
    let token = base64_of("frontline:hunter2-secret");
    assert!(
        !text.contains("hunter2") && !text.contains(&token) && !text.contains("Basic "),
        "{text}"
    );
    then_all_arrive_once(&lrs, dir.path(), total);
}

#[test]
fn a_partial_confirmation_marks_only_what_was_confirmed() {
    let (dir, total) = cohort();
    let lrs = FakeLrs::start(Mode::Half);
    let text = failure(sync(dir.path(), &config(&lrs.url)).0);
    assert!(text.contains("confirmed 3 of the 7"), "{text}");
    then_all_arrive_once(&lrs, dir.path(), total);
}

#[test]
fn one_sync_at_a_time_per_data_folder() {
    let (dir, total) = cohort();
    let lrs = FakeLrs::start(Mode::Hang(Duration::from_millis(1500)));
    let path = dir.path().to_path_buf();
    let cfg = LrsConfig {
        tries: 1,
        ..config(&lrs.url)
    };
    let first = std::thread::spawn(move || sync(&path, &cfg).0);
    std::thread::sleep(Duration::from_millis(300));
    let (second, _) = sync(dir.path(), &config(&lrs.url));
    assert!(matches!(second, Err(LrsError::Busy(_))), "{second:?}");
    let _ = first.join().unwrap();
    then_all_arrive_once(&lrs, dir.path(), total);
}

fn base64_of(s: &str) -> String {
    // Enough of base64 for the test's own check.
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let b = s.as_bytes();
    let mut out = String::new();
    for chunk in b.chunks(3) {
        let n = chunk.iter().fold(0u32, |acc, &x| acc << 8 | x as u32) << (8 * (3 - chunk.len()));
        for i in 0..=chunk.len() {
            out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
        out.push_str(&"=".repeat(3 - chunk.len()));
    }
    out
}

#[test]
fn an_lrs_that_is_not_there_is_retried_then_left_queued() {
    let (dir, _) = cohort();
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let url = format!("http://{closed}/xAPI/");
    let (r, pauses) = sync(dir.path(), &config(&url));
    let text = failure(r);
    assert!(text.contains("could not be reached"), "{text}");
    assert_eq!(pauses.len(), 2, "{pauses:?}");
    let store = Store::open(dir.path()).unwrap();
    assert!(store.sent(&url).unwrap().is_empty());
}
