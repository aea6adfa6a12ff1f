//! `pull` against an LRS that misbehaves: pages forever, repeats a `more` link, sends the
//! same statements again, other activities' statements, a `more` link to another server,
//! voided statements, errors that pass; and a pull stopped mid-way that resumes.

#[path = "../../../tests/common/mod.rs"]
mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use frontline_core::paths::{Extreme, search};
use frontline_records::lrs::LrsConfig;
use frontline_records::pull::{PullOptions, PullReport, pull};
use frontline_records::xapi::{self, Naming};
use frontline_records::{Attempt, Filter, Store};
use serde_json::{Value, json};

type Handler = dyn Fn(&str, usize) -> (u16, String) + Send + Sync;

/// Answers each GET with `handler(path_and_query, request_number)`; keeps the paths asked.
struct Fake {
    url: String,
    asked: Arc<Mutex<Vec<String>>>,
}

fn fake(handler: Box<Handler>) -> Fake {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let asked = Arc::new(Mutex::new(Vec::new()));
    let log = asked.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut first = String::new();
            if reader.read_line(&mut first).is_err() {
                continue;
            }
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
            }
            let path = first.split(' ').nth(1).unwrap_or("").to_owned();
            let n = {
                let mut l = log.lock().unwrap();
                l.push(path.clone());
                l.len()
            };
            let (status, body) = handler(&path, n);
            let _ = write!(
                stream,
                "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    Fake {
        url: format!("http://127.0.0.1:{port}/xAPI/"),
        asked,
    }
}

fn config(url: &str) -> LrsConfig {
    let c = LrsConfig::load_from(std::path::Path::new("/nonexistent/lrs.ron"), |k| match k {
        "FRONTLINE_LRS_ENDPOINT" => Some(url.to_owned()),
        "FRONTLINE_LRS_USERNAME" => Some("u".to_owned()),
        "FRONTLINE_LRS_PASSWORD" => Some("p".to_owned()),
        _ => None,
    })
    .unwrap();
    LrsConfig {
        tries: 3,
        max_wait: 30,
        timeout: 5,
        ..c
    }
}

/// The statements of two attempts from another machine, each with a `stored`.
fn statements() -> Vec<Value> {
    let now = time::OffsetDateTime::now_utc();
    let mut out = Vec::new();
    for (k, (id, who)) in [("angry-customer", "ana"), ("missing-pin", "Bo")]
        .into_iter()
        .enumerate()
    {
        let s = common::scenario(id, "en");
        let found = search(s, common::catalogue(), k as u64, Extreme::Best).unwrap();
        let a = Attempt::new(who, s, &found.session, found.debrief, now, &[], false);
        for (i, mut st) in xapi::attempt_statements(&a, &Naming::default())
            .into_iter()
            .enumerate()
        {
            st["stored"] = json!(format!("2026-11-0{}T10:00:{:02}.000Z", k + 1, i));
            out.push(st);
        }
    }
    out
}

fn page(statements: &[Value], more: &str) -> String {
    json!({ "statements": statements, "more": more }).to_string()
}

fn run(cfg: &LrsConfig, store: &mut Store, max_pages: usize) -> (PullReport, Vec<Duration>) {
    let mut waits = Vec::new();
    let r = pull(
        store,
        cfg,
        &PullOptions {
            activities: vec![format!("{}/scenarios/angry-customer", xapi::DEFAULT_BASE)],
            since: None,
            limit: 10,
            max_pages,
        },
        |_| {},
        |d| waits.push(d),
    )
    .unwrap();
    (r, waits)
}

fn pulled(store: &Store) -> Vec<String> {
    store
        .summaries(&Filter::default())
        .unwrap()
        .into_iter()
        .filter(|a| a.source.is_some())
        .map(|a| format!("{} {} {}", a.profile, a.scenario, a.overall))
        .collect()
}

#[test]
fn pages_of_statements_become_attempts_once_however_often_they_come() {
    let all = statements();
    let n = all.len();
    let lrs = fake(Box::new(move |_, k| {
        // The same statements on every page, then empty pages, with a fresh cursor each time.
        if k <= 3 {
            (200, page(&all, &format!("/xAPI/statements?cursor={k}")))
        } else {
            (200, page(&[], &format!("/xAPI/statements?cursor={k}")))
        }
    }));
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let (r, _) = run(&config(&lrs.url), &mut store, 1000);
    assert_eq!(r.new, n);
    assert_eq!(r.duplicates, 2 * n);
    assert_eq!(r.attempts, 2);
    assert!(
        r.warnings.iter().any(|w| w.contains("nothing new")),
        "{:?}",
        r.warnings
    );
    // One page with news, then three with nothing new (two repeats, one empty): stop.
    assert_eq!(lrs.asked.lock().unwrap().len(), 4);
    let mut got = pulled(&store);
    got.sort();
    assert_eq!(got.len(), 2);
    assert!(got[0].starts_with("Bo missing-pin"), "{got:?}");
}

#[test]
fn a_repeated_more_link_or_one_to_another_server_is_not_followed() {
    let all = statements();
    let lrs = fake(Box::new(move |_, k| match k {
        1 => (200, page(&all[..3], "/xAPI/statements?cursor=a")),
        2 => (200, page(&all[3..6], "/xAPI/statements?cursor=a")),
        _ => (
            200,
            page(
                &all[6..],
                "https://elsewhere.example/xAPI/statements?cursor=b",
            ),
        ),
    }));
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let (r, _) = run(&config(&lrs.url), &mut store, 1000);
    assert!(
        r.warnings
            .iter()
            .any(|w| w.contains("same `more` link twice")),
        "{:?}",
        r.warnings
    );
    assert_eq!(lrs.asked.lock().unwrap().len(), 2);

    let all = statements();
    let lrs = fake(Box::new(move |_, _| {
        (
            200,
            page(&all, "https://elsewhere.example/xAPI/statements?cursor=b"),
        )
    }));
    let (r, _) = run(&config(&lrs.url), &mut store, 1000);
    assert!(
        r.warnings.iter().any(|w| w.contains("another server")),
        "{:?}",
        r.warnings
    );
    assert_eq!(lrs.asked.lock().unwrap().len(), 1);
}

#[test]
fn other_activities_voided_statements_and_nameless_actors() {
    let mut all = statements();
    // Someone else's statement on the same LRS.
    all.push(json!({
        "id": "6d3c0a8e-9d0f-4b7e-8f55-1c1b6b2f0a01",
        "actor": { "mbox": "mailto:x@example.com" },
        "verb": { "id": "http://adlnet.gov/expapi/verbs/completed" },
        "object": { "id": "https://elsewhere.example/course/1" },
        "stored": "2026-11-05T00:00:00.000Z",
    }));
    // Bo's attempt loses its name: the mailbox stands in.
    for s in all.iter_mut().filter(|s| s["actor"]["name"] == "Bo") {
        s["actor"] = json!({ "objectType": "Agent", "mbox": "mailto:bo@example.com" });
    }
    // ana's completed statement is voided.
    let completed = all
        .iter()
        .find(|s| {
            s["actor"]["name"] == "ana" && s["verb"]["id"].as_str().unwrap().ends_with("completed")
        })
        .unwrap()["id"]
        .clone();
    let void = json!({
        "id": "6d3c0a8e-9d0f-4b7e-8f55-1c1b6b2f0a02",
        "actor": { "mbox": "mailto:lead@example.com" },
        "verb": { "id": "http://adlnet.gov/expapi/verbs/voided" },
        "object": { "objectType": "StatementRef", "id": completed },
        "stored": "2026-11-06T00:00:00.000Z",
    });
    let first = all.clone();
    let lrs = fake(Box::new(move |_, k| match k {
        1 => (200, page(&first, "/xAPI/statements?cursor=1")),
        2 => (200, page(std::slice::from_ref(&void), "")),
        _ => (500, String::new()),
    }));
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let (r, _) = run(&config(&lrs.url), &mut store, 1000);
    assert_eq!(r.ignored, 1, "{r:?}");
    assert_eq!(r.voided, 1, "{r:?}");
    assert_eq!(r.attempts, 1, "the voided result takes ana's attempt away");
    assert_eq!(pulled(&store).len(), 1);
    assert!(
        pulled(&store)[0].starts_with("bo@example.com missing-pin"),
        "{:?}",
        pulled(&store)
    );
}

#[test]
fn errors_that_pass_are_retried_and_a_stopped_pull_resumes_where_it_was() {
    let all = statements();
    let half = all.len() / 2;
    let lrs = fake(Box::new(move |path, k| {
        if k <= 2 {
            return (503, String::new());
        }
        if path.contains("cursor=2") {
            (200, page(&all[half..], ""))
        } else {
            (200, page(&all[..half], "/xAPI/statements?cursor=2"))
        }
    }));
    let cfg = config(&lrs.url);
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let (r, waits) = run(&cfg, &mut store, 1);
    assert_eq!(waits.len(), 2, "two 503s, two pauses");
    assert!(waits[1] > waits[0], "pauses grow");
    assert_eq!(r.new, half);
    assert!(r.warnings.iter().any(|w| w.contains("pull again")));
    // The next pull starts at the page it stopped before, and nothing comes twice.
    let (r, _) = run(&cfg, &mut store, 1000);
    assert_eq!(r.new, all_len() - half);
    assert_eq!(r.duplicates, 0);
    let asked = lrs.asked.lock().unwrap();
    assert!(asked[3].contains("cursor=2"), "{asked:?}");
    assert_eq!(pulled(&store).len(), 2);
    // Reopening the records (a killed process) keeps everything.
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(pulled(&store).len(), 2);
}

fn all_len() -> usize {
    statements().len()
}

#[test]
fn statements_from_a_newer_frontline_are_read_for_what_this_one_knows() {
    let mut all = statements();
    for s in &mut all {
        // A newer program: another version, extensions this one does not know, an ending
        // key it has never seen, a 5S dimension more.
        s["context"]["extensions"]["https://frontline.invalid/xapi/extensions/app-version"] =
            json!("9.0.0");
        s["context"]["extensions"]["https://frontline.invalid/xapi/extensions/new-thing"] =
            json!({ "a": 1 });
        if s["verb"]["id"].as_str().unwrap().ends_with("completed") {
            s["result"]["extensions"]["https://frontline.invalid/xapi/extensions/outcome"] =
                json!("rescheduled");
            s["result"]["extensions"]["https://frontline.invalid/xapi/extensions/five-s"]["serene"] =
                json!(80);
        }
    }
    let lrs = fake(Box::new(move |_, _| (200, page(&all, ""))));
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let (r, _) = run(&config(&lrs.url), &mut store, 1000);
    assert_eq!(r.attempts, 2, "{r:?}");
    let rows = store.summaries(&Filter::default()).unwrap();
    assert!(
        rows.iter()
            .all(|a| a.outcome.as_deref() == Some("rescheduled"))
    );
    assert!(rows.iter().all(|a| a.overall > 0));
}
