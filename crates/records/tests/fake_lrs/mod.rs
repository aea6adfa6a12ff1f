//! A small Learning Record Store on 127.0.0.1 for the tests, which can be told to misbehave
//! in the ways real networks and LRSs do: an HTML page with 200, a redirect, a body that is
//! not the list of ids, 409 for ids it has, 429 with `Retry-After`, a 5xx, a hang, a reply
//! lost after storing, an error page that echoes the request's headers.

#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How the LRS answers a POST of statements.
#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    /// As xAPI says: stores new ids, 200 with the ids; an id it has is not stored again.
    Good,
    /// As `Good`, but 409 Conflict (storing nothing) when any id of a batch is already there.
    Strict,
    /// 200 with an HTML login page, storing nothing.
    Html,
    /// 302 to another address, storing nothing.
    Redirect,
    /// 200 with JSON that is not a list of ids, storing nothing.
    NotIds,
    /// Stores the batch, then closes the connection without answering.
    LoseReply,
    /// 429 with `Retry-After: 1` this many times, then as `Good`.
    Busy(usize),
    /// 503 with no `Retry-After`, always.
    Down,
    /// Waits this long before answering 503.
    Hang(Duration),
    /// 400 with the request's own head (its `Authorization` header) in the body.
    EchoHeaders,
    /// Stores and confirms only the first half of each batch.
    Half,
}

/// What the LRS has seen and holds.
#[derive(Debug, Default)]
pub struct State {
    /// Statement id → how many times it was stored (must never exceed 1).
    pub stored: HashMap<String, usize>,
    /// Every request's first line.
    pub requests: Vec<String>,
    /// The current behaviour.
    pub mode: Option<Mode>,
}

/// A running fake LRS.
pub struct FakeLrs {
    /// Its xAPI endpoint.
    pub url: String,
    /// What it has seen; change `mode` to change its behaviour.
    pub state: Arc<Mutex<State>>,
}

impl FakeLrs {
    /// Starts one behaving as `mode`, answering until the test ends.
    pub fn start(mode: Mode) -> FakeLrs {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/xAPI/", listener.local_addr().unwrap());
        let state = Arc::new(Mutex::new(State {
            mode: Some(mode),
            ..State::default()
        }));
        let shared = state.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = shared.clone();
                std::thread::spawn(move || serve(stream, &state));
            }
        });
        FakeLrs { url, state }
    }

    /// Changes how it behaves from the next request.
    pub fn set(&self, mode: Mode) {
        self.state.lock().unwrap().mode = Some(mode);
    }

    /// How many distinct statements it holds, and whether none was stored twice.
    pub fn holds(&self) -> (usize, bool) {
        let s = self.state.lock().unwrap();
        (s.stored.len(), s.stored.values().all(|&n| n == 1))
    }
}

fn respond(stream: &mut TcpStream, status: &str, headers: &[(&str, &str)], body: &str) {
    let mut head = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    let _ = write!(stream, "{head}\r\n{body}");
}

fn serve(mut stream: TcpStream, state: &Mutex<State>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut head = String::new();
    let mut length = 0;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = v.trim().parse().unwrap_or(0);
        }
        head.push_str(&line);
        if line == "\r\n" {
            break;
        }
    }
    let mut body = vec![0; length];
    let _ = reader.read_exact(&mut body);
    let first = head.lines().next().unwrap_or("").to_owned();
    let mode = {
        let mut s = state.lock().unwrap();
        s.requests.push(first.clone());
        s.mode.clone().unwrap_or(Mode::Good)
    };
    let json = [("Content-Type", "application/json")];
    if first.starts_with("GET") {
        // GET /xAPI/statements?statementId=…
        let id = first
            .split("statementId=")
            .nth(1)
            .and_then(|r| r.split([' ', '&']).next())
            .unwrap_or("")
            .to_owned();
        let has = state.lock().unwrap().stored.contains_key(&id);
        if has {
            respond(
                &mut stream,
                "200 OK",
                &json,
                &format!("{{\"id\":\"{id}\"}}"),
            );
        } else {
            respond(&mut stream, "404 Not Found", &json, "{}");
        }
        return;
    }
    let statements: Vec<serde_json::Value> = serde_json::from_slice(&body).unwrap_or_default();
    let ids: Vec<String> = statements
        .iter()
        .filter_map(|s| s["id"].as_str().map(str::to_owned))
        .collect();
    let store = |ids: &[String]| {
        let mut s = state.lock().unwrap();
        for id in ids {
            *s.stored.entry(id.clone()).or_default() += 1;
        }
    };
    let store_new = |ids: &[String]| {
        let mut s = state.lock().unwrap();
        for id in ids {
            s.stored.entry(id.clone()).or_insert(1);
        }
    };
    let ids_json = serde_json::to_string(&ids).unwrap();
    match mode {
        Mode::Good => {
            store_new(&ids);
            respond(&mut stream, "200 OK", &json, &ids_json);
        }
        Mode::Strict => {
            let any_there = {
                let s = state.lock().unwrap();
                ids.iter().any(|id| s.stored.contains_key(id))
            };
            if any_there {
                respond(
                    &mut stream,
                    "409 Conflict",
                    &json,
                    "{\"error\":\"conflict\"}",
                );
            } else {
                store(&ids);
                respond(&mut stream, "200 OK", &json, &ids_json);
            }
        }
        Mode::Html => respond(
            &mut stream,
            "200 OK",
            &[("Content-Type", "text/html")],
            "<!DOCTYPE html><html><body>Please log in</body></html>",
        ),
        Mode::Redirect => respond(
            &mut stream,
            "302 Found",
            &[("Location", "https://login.example.com/sso?next=xAPI")],
            "",
        ),
        Mode::NotIds => respond(&mut stream, "200 OK", &json, "{\"ok\":true}"),
        Mode::LoseReply => {
            store(&ids);
            let _ = stream.shutdown(std::net::Shutdown::Both);
        }
        Mode::Busy(n) => {
            if n > 0 {
                state.lock().unwrap().mode = Some(Mode::Busy(n - 1));
                respond(
                    &mut stream,
                    "429 Too Many Requests",
                    &[("Retry-After", "1")],
                    "slow down",
                );
            } else {
                store_new(&ids);
                respond(&mut stream, "200 OK", &json, &ids_json);
            }
        }
        Mode::Down => respond(&mut stream, "503 Service Unavailable", &[], "maintenance"),
        Mode::Hang(d) => {
            std::thread::sleep(d);
            respond(&mut stream, "503 Service Unavailable", &[], "");
        }
        Mode::EchoHeaders => respond(
            &mut stream,
            "400 Bad Request",
            &[("Content-Type", "text/plain")],
            &head,
        ),
        Mode::Half => {
            let half = &ids[..ids.len() / 2];
            store_new(half);
            respond(
                &mut stream,
                "200 OK",
                &json,
                &serde_json::to_string(half).unwrap(),
            );
        }
    }
}
