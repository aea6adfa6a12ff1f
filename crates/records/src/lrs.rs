//! Sending statements to a Learning Record Store, counting only what the LRS confirms.
//!
//! The endpoint and credentials come from `lrs.ron` in the data folder (readable by its
//! owner only, like an SSH key) or from `FRONTLINE_LRS_ENDPOINT`, `FRONTLINE_LRS_USERNAME`
//! and `FRONTLINE_LRS_PASSWORD`. Statements are built from the records attempt by attempt
//! (constant memory however large the cohort) and go in batches. A batch counts as stored
//! only when the LRS answers as xAPI says it must: `200` with the JSON array of the ids
//! sent. A `409` (some ids already stored, the reply to an earlier send lost) is settled by
//! asking for each id and sending only the missing. Anything else leaves the batch queued
//! and says what came back: an HTML page, a redirect (never followed with the statements and
//! the password), a refusal. Failures that may pass (no connection, timeouts, 429, 5xx) are
//! retried after `Retry-After` or a doubling, jittered pause, within a total time limit. One
//! sync runs at a time per data folder. The password, the `Authorization` header and its
//! token never appear in any message.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::hash::{BuildHasher, RandomState};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use base64::Engine;
use serde::Deserialize;
use serde_json::Value;

use crate::xapi::{self, Naming};
use crate::{Filter, RecordsError, Store};

/// File name of the LRS settings inside the data folder.
pub const CONFIG_FILE: &str = "lrs.ron";
/// File the running sync holds locked, inside the data folder.
pub const LOCK_FILE: &str = "sync.lock";
/// Longest LRS settings file read.
const MAX_CONFIG_BYTES: u64 = 64 * 1024;
/// Most of an error body kept for the message.
const SHOWN_BODY: usize = 400;
/// Largest success body read (the ids of a batch are a few kilobytes).
const MAX_BODY: u64 = 16 * 1024 * 1024;

/// Where to send statements and as whom.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LrsConfig {
    /// The LRS's xAPI endpoint, e.g. `https://lrs.example.com/xAPI/`; kept without any
    /// `user:password@` part (those become the credentials).
    pub endpoint: String,
    /// Basic-auth user (the LRS's key).
    #[serde(default)]
    pub username: String,
    /// Basic-auth password (the LRS's secret).
    #[serde(default)]
    pub password: String,
    /// Statements per request.
    #[serde(default = "default_batch")]
    pub batch: usize,
    /// Tries per batch before giving up.
    #[serde(default = "default_tries")]
    pub tries: u32,
    /// Seconds a sync may spend waiting on an LRS that is slow, busy or down before it gives
    /// up (the statements stay queued).
    #[serde(default = "default_max_wait")]
    pub max_wait: u64,
    /// Seconds one request may take before it counts as a failure that may pass.
    #[serde(default = "default_timeout")]
    pub timeout: u64,
    /// Send the password over plain `http://` to an address that is not this computer.
    #[serde(default)]
    pub allow_http: bool,
    /// Base IRI of activity ids and extension keys.
    #[serde(default)]
    pub activity_base: Option<String>,
    /// `account.homePage` of trainees.
    #[serde(default)]
    pub home_page: Option<String>,
}

// Hand-written so that a debug print of the settings never shows the password.
impl std::fmt::Debug for LrsConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LrsConfig")
            .field("endpoint", &redact_url(&self.endpoint))
            .field("username", &self.username)
            .field("password", &"<hidden>")
            .field("batch", &self.batch)
            .field("tries", &self.tries)
            .field("max_wait", &self.max_wait)
            .finish()
    }
}

fn default_batch() -> usize {
    50
}

fn default_tries() -> u32 {
    5
}

fn default_max_wait() -> u64 {
    120
}

fn default_timeout() -> u64 {
    30
}

/// Why the LRS settings or a sync failed.
#[derive(Debug, thiserror::Error)]
pub enum LrsError {
    /// No endpoint anywhere.
    #[error(
        "no LRS is set up: write {0} with (endpoint: \"https://…/xAPI/\", username: \"…\", password: \"…\") and `chmod 600` it, or set FRONTLINE_LRS_ENDPOINT, FRONTLINE_LRS_USERNAME and FRONTLINE_LRS_PASSWORD"
    )]
    NotConfigured(PathBuf),
    /// The settings file is readable by others.
    #[error(
        "{path} can be read by other users (mode {mode:o}); it holds the LRS password, so run `chmod 600 {path}` first"
    )]
    TooOpen {
        /// The file.
        path: PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// The settings file does not parse.
    #[error("{path}:{line}:{column}: {message}")]
    BadConfig {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A setting is missing or wrong.
    #[error("LRS settings: {0}")]
    Invalid(String),
    /// Another sync holds this data folder.
    #[error(
        "another sync is already running for {0} (it holds {LOCK_FILE}); wait for it to finish, then sync again"
    )]
    Busy(PathBuf),
    /// The LRS refused or could not be reached; the statements stay queued.
    #[error("the LRS at {endpoint} {what}; {queued} statements stay queued for the next sync")]
    Failed {
        /// Endpoint without credentials.
        endpoint: String,
        /// What happened, with the LRS's own words.
        what: String,
        /// Statements built and not confirmed (attempts not yet built are not counted).
        queued: usize,
    },
    /// The records could not be read or updated.
    #[error(transparent)]
    Records(#[from] RecordsError),
}

/// Percent-decodes the user or password part of a URL.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = (b[i] == b'%' && i + 2 < b.len())
            .then(|| std::str::from_utf8(&b[i + 1..i + 3]).ok())
            .flatten()
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match hex {
            Some(v) => {
                out.push(v);
                i += 3;
            }
            None => {
                out.push(b[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The `user:password` part of a URL, if any.
fn userinfo(url: &str) -> Option<(String, String)> {
    let rest = &url[url.find("://")? + 3..];
    let authority = &rest[..rest.find('/').unwrap_or(rest.len())];
    let at = authority.rfind('@')?;
    let info = &authority[..at];
    let (user, password) = info.split_once(':').unwrap_or((info, ""));
    Some((percent_decode(user), percent_decode(password)))
}

/// The host of a URL, without port or brackets.
fn host(url: &str) -> &str {
    let rest = url.find("://").map_or(url, |i| &url[i + 3..]);
    let authority = &rest[..rest.find('/').unwrap_or(rest.len())];
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    if let Some(inner) = authority.strip_prefix('[') {
        return &inner[..inner.find(']').unwrap_or(inner.len())];
    }
    authority.split(':').next().unwrap_or(authority)
}

/// Whether an address is this computer (a password sent there never crosses a network).
fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

impl LrsConfig {
    /// Reads the settings: the file in `data_dir` if it exists, then the environment on top.
    pub fn load(data_dir: &Path) -> Result<LrsConfig, LrsError> {
        LrsConfig::load_from(&data_dir.join(CONFIG_FILE), |k| std::env::var(k).ok())
    }

    /// As [`LrsConfig::load`], from a given file and variable lookup.
    pub fn load_from(
        path: &Path,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<LrsConfig, LrsError> {
        let bad = |message: String| LrsError::BadConfig {
            path: path.to_owned(),
            line: 1,
            column: 1,
            message,
        };
        let mut config = if path.exists() {
            check_private(path)?;
            let meta = std::fs::metadata(path).map_err(|e| bad(e.to_string()))?;
            if !meta.is_file() || meta.len() > MAX_CONFIG_BYTES {
                return Err(bad(
                    "this is not a small settings file (a folder, a device, or over 64 kB)".into(),
                ));
            }
            let text = std::fs::read_to_string(path).map_err(|e| bad(e.to_string()))?;
            ron::from_str::<LrsConfig>(&text).map_err(|e| LrsError::BadConfig {
                path: path.to_owned(),
                line: e.span.start.line,
                column: e.span.start.col,
                message: e.code.to_string(),
            })?
        } else {
            LrsConfig {
                endpoint: String::new(),
                username: String::new(),
                password: String::new(),
                batch: default_batch(),
                tries: default_tries(),
                max_wait: default_max_wait(),
                timeout: default_timeout(),
                allow_http: false,
                activity_base: None,
                home_page: None,
            }
        };
        for (var, field) in [
            ("FRONTLINE_LRS_ENDPOINT", &mut config.endpoint),
            ("FRONTLINE_LRS_USERNAME", &mut config.username),
            ("FRONTLINE_LRS_PASSWORD", &mut config.password),
        ] {
            if let Some(v) = env(var).filter(|v| !v.is_empty()) {
                *field = v;
            }
        }
        if config.endpoint.is_empty() {
            return Err(LrsError::NotConfigured(path.to_owned()));
        }
        if !(config.endpoint.starts_with("http://") || config.endpoint.starts_with("https://")) {
            return Err(LrsError::Invalid(format!(
                "the endpoint `{}` must start with http:// or https://",
                redact_url(&config.endpoint)
            )));
        }
        // Credentials in the URL are used, never dropped; given twice, they must agree.
        if let Some((user, password)) = userinfo(&config.endpoint) {
            let given = !config.username.is_empty() || !config.password.is_empty();
            if given && (user != config.username || password != config.password) {
                return Err(LrsError::Invalid(
                    "the endpoint holds a user and password and `username`/`password` give others; keep one of the two".into(),
                ));
            }
            config.username = user;
            config.password = password;
            config.endpoint = redact_url(&config.endpoint);
        }
        if !config.endpoint.ends_with('/') {
            config.endpoint.push('/');
        }
        if config.batch == 0 || config.tries == 0 {
            return Err(LrsError::Invalid(
                "batch and tries must be at least 1".into(),
            ));
        }
        Ok(config)
    }

    /// Refuses to send a password over plain `http://` to another computer, unless
    /// `allow_http` is set (in the file, or by the caller's explicit flag).
    pub fn check_transport(&self) -> Result<(), LrsError> {
        let plain = self.endpoint.starts_with("http://");
        if plain
            && !self.password.is_empty()
            && !self.allow_http
            && !is_loopback(host(&self.endpoint))
        {
            return Err(LrsError::Invalid(format!(
                "{} is plain http://, so the LRS password would cross the network unencrypted; use its https:// address, or, if the network is trusted, set `allow_http: true` in lrs.ron (or pass --allow-http)",
                self.public_endpoint()
            )));
        }
        Ok(())
    }

    /// How statements name things under these settings.
    pub fn naming(&self) -> Naming {
        let mut n = Naming::default();
        if let Some(b) = &self.activity_base {
            n.base = b.trim_end_matches('/').to_owned();
            n.home_page = format!("{}/trainees", n.base);
        }
        if let Some(h) = &self.home_page {
            n.home_page.clone_from(h);
        }
        n
    }

    /// The endpoint as it may be shown and stored: without any user:password part.
    pub fn public_endpoint(&self) -> String {
        redact_url(&self.endpoint)
    }

    /// The HTTP client every exchange with this LRS uses: statuses are answers, not errors;
    /// redirects are never followed (the password stays with the endpoint); bounded time.
    pub(crate) fn agent(&self) -> ureq::Agent {
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_connect(Some(Duration::from_secs(self.timeout.clamp(1, 10))))
            .timeout_global(Some(Duration::from_secs(self.timeout.max(1))))
            .user_agent(concat!("frontline/", env!("CARGO_PKG_VERSION")))
            .build()
            .into()
    }

    pub(crate) fn auth(&self) -> String {
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD
                .encode(format!("{}:{}", self.username, self.password))
        )
    }
}

#[cfg(unix)]
fn check_private(path: &Path) -> Result<(), LrsError> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .map(|m| m.permissions().mode() & 0o777)
        .unwrap_or(0);
    if mode & 0o077 != 0 {
        return Err(LrsError::TooOpen {
            path: path.to_owned(),
            mode,
        });
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private(_: &Path) -> Result<(), LrsError> {
    Ok(())
}

/// Drops a `user:password@` part from a URL.
pub fn redact_url(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_owned();
    };
    let rest = &url[scheme_end + 3..];
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{}{}", &url[..scheme_end + 3], &rest[at + 1..]),
        None => url.to_owned(),
    }
}

/// What a sync did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SyncReport {
    /// Attempts whose statements were all confirmed before this run.
    pub already: usize,
    /// Attempts looked at in this run.
    pub attempts: usize,
    /// Statements the LRS confirmed in this run.
    pub sent: usize,
    /// Of those, statements it held already (found after a 409).
    pub found_stored: usize,
    /// Requests retried after a passing failure.
    pub retries: u32,
}

/// What a sync is doing, for a progress display.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// Attempts done of those to do, statements confirmed so far.
    Progress {
        /// Attempts done.
        done: usize,
        /// Attempts to do.
        total: usize,
        /// Statements confirmed so far.
        sent: usize,
    },
    /// Waiting before trying again.
    Waiting {
        /// How long.
        seconds: f64,
        /// Why.
        reason: String,
    },
}

/// One sync at a time per data folder: the lock is held for as long as this lives, and the
/// system releases it if the process dies.
struct SyncLock {
    _file: File,
}

impl SyncLock {
    fn take(data_dir: &Path) -> Result<SyncLock, LrsError> {
        let path = data_dir.join(LOCK_FILE);
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|source| {
                LrsError::Records(RecordsError::Io {
                    what: "cannot open the sync lock",
                    path: path.clone(),
                    source,
                })
            })?;
        match file.try_lock() {
            Ok(()) => Ok(SyncLock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(LrsError::Busy(data_dir.to_owned())),
            Err(std::fs::TryLockError::Error(source)) => Err(LrsError::Records(RecordsError::Io {
                what: "cannot lock",
                path,
                source,
            })),
        }
    }
}

/// What one request's answer means for a batch.
enum Answer {
    /// Stored: the ids the LRS confirmed.
    Stored(Vec<String>),
    /// 409: some ids are there already.
    Conflict,
    /// May pass: try again, after this long if the LRS said.
    Passing(String, Option<Duration>),
    /// Will not pass by trying again.
    Refused(String),
}

/// Time spent on a sync, waits and requests together, against the limit.
struct Budget<'a> {
    started: Instant,
    waited: Duration,
    limit: Duration,
    pause: &'a mut dyn FnMut(Duration),
}

impl Budget<'_> {
    fn spent(&self) -> Duration {
        self.started.elapsed() + self.waited
    }

    /// Waits `d` unless that would go past the limit.
    fn wait(&mut self, d: Duration) -> bool {
        if self.spent() + d > self.limit {
            return false;
        }
        (self.pause)(d);
        self.waited += d;
        true
    }
}

/// A sync in progress.
struct Sender<'a> {
    agent: ureq::Agent,
    config: &'a LrsConfig,
    url: String,
    auth: String,
    endpoint: String,
    hasher: RandomState,
}

impl Sender<'_> {
    /// Hides the password and the authorisation token from text an LRS sent back, and any
    /// header line naming them.
    fn clean(&self, text: &str) -> String {
        let token = self.auth.trim_start_matches("Basic ");
        let mut out: String = text
            .lines()
            .map(|l| {
                if l.to_ascii_lowercase().contains("authorization") {
                    "Authorization: <hidden>".to_owned()
                } else {
                    l.to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
        for secret in [self.config.password.as_str(), token] {
            if secret.len() >= 3 {
                out = out.replace(secret, "<hidden>");
            }
        }
        let out: String = out
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .take(SHOWN_BODY)
            .collect();
        out.trim().to_owned()
    }

    fn classify(&self, result: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Answer {
        let mut response = match result {
            Ok(r) => r,
            Err(e) => {
                return Answer::Passing(self.clean(&format!("could not be reached ({e})")), None);
            }
        };
        let status = response.status().as_u16();
        let reason = response.status().canonical_reason().unwrap_or("");
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let retry_after = header("retry-after").and_then(|v| parse_retry_after(&v));
        let location = header("location");
        let mime = response.body().mime_type().map(str::to_owned);
        let body = |r: &mut ureq::http::Response<ureq::Body>, limit: u64| {
            r.body_mut()
                .with_config()
                .limit(limit)
                .read_to_string()
                .unwrap_or_default()
        };
        match status {
            200 => {
                let text = body(&mut response, MAX_BODY);
                let is_json = mime.as_deref() == Some("application/json");
                match serde_json::from_str::<Vec<String>>(&text) {
                    Ok(ids) if is_json => Answer::Stored(ids),
                    _ => Answer::Refused(format!(
                        "answered 200 but not with the list of stored statement ids xAPI requires (Content-Type {}, body: {}); the endpoint may be a login or maintenance page, or the wrong address",
                        mime.as_deref().unwrap_or("none"),
                        quote_body(&self.clean(&text))
                    )),
                }
            }
            300..=399 => Answer::Refused(format!(
                "answered {status} {reason}, a redirect to {}; statements and the password are not sent on to another address unasked: if that is the LRS, make it the endpoint",
                location
                    .as_deref()
                    .map(redact_url)
                    .unwrap_or_else(|| "nowhere".into())
            )),
            409 => Answer::Conflict,
            201..=299 => Answer::Refused(format!(
                "answered {status} {reason}, which does not confirm that the statements were stored (xAPI answers a POST with 200 and their ids)"
            )),
            429 | 500..=599 => {
                let said = self.clean(&body(&mut response, 4096));
                Answer::Passing(
                    format!(
                        "answered {status} {reason}{}",
                        if said.is_empty() {
                            String::new()
                        } else {
                            format!(": {said}")
                        }
                    ),
                    retry_after,
                )
            }
            _ => {
                let said = self.clean(&body(&mut response, 4096));
                Answer::Refused(format!(
                    "answered {status} {reason}{}",
                    if said.is_empty() {
                        String::new()
                    } else {
                        format!(": {said}")
                    }
                ))
            }
        }
    }

    fn post(&self, batch: &[&Value]) -> Answer {
        let body = serde_json::to_string(batch).expect("statements serialise");
        self.classify(
            self.agent
                .post(&self.url)
                .header("Authorization", &self.auth)
                .header("X-Experience-API-Version", "1.0.3")
                .header("Content-Type", "application/json")
                .send(&body),
        )
    }

    /// Whether the LRS holds the statement with this id: `Ok(true)` on 200, `Ok(false)` on
    /// 404, an explanation otherwise.
    fn holds(&self, id: &str) -> Result<bool, String> {
        let result = self
            .agent
            .get(&self.url)
            .query("statementId", id)
            .header("Authorization", &self.auth)
            .header("X-Experience-API-Version", "1.0.3")
            .call();
        match result {
            Ok(r) if r.status().as_u16() == 200 => Ok(true),
            Ok(r) if r.status().as_u16() == 404 => Ok(false),
            Ok(r) => Err(format!(
                "answered {} when asked whether it holds statement {id}",
                r.status().as_u16()
            )),
            Err(e) => Err(self.clean(&format!("could not be asked whether it holds {id} ({e})"))),
        }
    }

    /// The pause before try `tries + 1`: what the LRS asked for, else a doubling pause with
    /// up to a quarter of jitter, so that many machines do not retry in step.
    fn pause_before(&self, tries: u32, asked: Option<Duration>) -> Duration {
        if let Some(d) = asked {
            return d;
        }
        let base = Duration::from_millis(500) * 2u32.saturating_pow(tries.saturating_sub(1));
        let base = base.min(Duration::from_secs(30));
        let spread = self.hasher.hash_one((tries, Instant::now())) % 1000;
        base + base.mul_f64(spread as f64 / 4000.0)
    }
}

/// A `Retry-After` value: seconds, or an HTTP date (RFC 7231).
fn parse_retry_after(v: &str) -> Option<Duration> {
    if let Ok(s) = v.trim().parse::<u64>() {
        return Some(Duration::from_secs(s.min(3600)));
    }
    let format = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    let at = time::PrimitiveDateTime::parse(v.trim(), &format)
        .ok()?
        .assume_utc();
    let wait = at - time::OffsetDateTime::now_utc();
    Some(Duration::from_secs_f64(
        wait.as_seconds_f64().clamp(0.0, 3600.0),
    ))
}

fn quote_body(text: &str) -> String {
    if text.is_empty() {
        "empty".to_owned()
    } else {
        format!("“{text}”")
    }
}

/// One attempt's statements still to confirm.
struct Pending {
    uuid: String,
    statements: Vec<Value>,
}

/// Sends every statement of the records matching `filter` that this LRS has not yet
/// confirmed. `events` reports progress and waits; `pause` waits (tests pass one that only
/// counts).
pub fn sync(
    store: &mut Store,
    config: &LrsConfig,
    filter: &Filter,
    mut events: impl FnMut(Event),
    mut pause: impl FnMut(Duration),
) -> Result<SyncReport, LrsError> {
    config.check_transport()?;
    let data_dir = store
        .path()
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let _lock = SyncLock::take(&data_dir)?;
    // What was sent is bookkeeping: a marker lost to a power cut only means the statement
    // is sent again, and the LRS keeps it once (same id). So the sync does not wait for the
    // disk at every batch; attempts are still written with full durability.
    let mut relaxed = store.relaxed_durability()?;
    let store: &mut Store = &mut relaxed;
    let endpoint = config.public_endpoint();
    let agent = config.agent();
    let sender = Sender {
        agent,
        config,
        url: format!("{}statements", config.endpoint),
        auth: config.auth(),
        endpoint: endpoint.clone(),
        hasher: RandomState::new(),
    };
    let mut budget = Budget {
        started: Instant::now(),
        waited: Duration::ZERO,
        limit: Duration::from_secs(config.max_wait),
        pause: &mut pause,
    };
    let naming = config.naming();
    let todo = store.unsynced(&endpoint, filter)?;
    let mut report = SyncReport {
        already: store.synced_count(&endpoint, filter)?,
        attempts: todo.len(),
        ..SyncReport::default()
    };
    events(Event::Progress {
        done: 0,
        total: todo.len(),
        sent: 0,
    });
    let mut pending: Vec<Pending> = Vec::new();
    let mut queued = 0;
    for (done, item) in todo.iter().enumerate() {
        let statements = match store.statements_of(item, &naming)? {
            Some(s) => s,
            None => continue,
        };
        let ids: Vec<String> = statements
            .iter()
            .filter_map(|s| s["id"].as_str().map(str::to_owned))
            .collect();
        let sent = store.sent_among(&endpoint, &ids)?;
        let left: Vec<Value> = statements
            .into_iter()
            .filter(|s| !s["id"].as_str().is_some_and(|id| sent.contains(id)))
            .collect();
        queued += left.len();
        pending.push(Pending {
            uuid: item.uuid.clone(),
            statements: left,
        });
        let last = done + 1 == todo.len();
        while queued >= config.batch || (last && queued > 0) {
            let confirmed = send_batch(
                &sender,
                store,
                &mut pending,
                &mut budget,
                &mut events,
                &mut report,
            )
            .map_err(|what| LrsError::Failed {
                endpoint: endpoint.clone(),
                what,
                queued,
            })?;
            queued -= confirmed;
        }
        // Attempts with nothing left to confirm are done.
        let finished: Vec<&str> = pending
            .iter()
            .filter(|p| p.statements.is_empty())
            .map(|p| p.uuid.as_str())
            .collect();
        store.mark_synced(&endpoint, &finished)?;
        pending.retain(|p| !p.statements.is_empty());
        events(Event::Progress {
            done: done + 1,
            total: todo.len(),
            sent: report.sent,
        });
    }
    Ok(report)
}

/// Sends the first batch of `pending`'s statements and removes what the LRS confirmed;
/// returns how many were confirmed, or what went wrong.
fn send_batch(
    sender: &Sender,
    store: &mut Store,
    pending: &mut [Pending],
    budget: &mut Budget,
    events: &mut impl FnMut(Event),
    report: &mut SyncReport,
) -> Result<usize, String> {
    let batch: Vec<&Value> = pending
        .iter()
        .flat_map(|p| &p.statements)
        .take(sender.config.batch)
        .collect();
    let mut wanted: Vec<String> = batch
        .iter()
        .filter_map(|s| s["id"].as_str().map(str::to_owned))
        .collect();
    let by_id: HashMap<&str, &Value> = batch
        .iter()
        .filter_map(|s| s["id"].as_str().map(|id| (id, *s)))
        .collect();
    let mut tries = 0;
    let mut settled_conflict = false;
    let mut confirmed: Vec<String> = Vec::new();
    while !wanted.is_empty() {
        tries += 1;
        let body: Vec<&Value> = wanted
            .iter()
            .filter_map(|id| by_id.get(id.as_str()).copied())
            .collect();
        match sender.post(&body) {
            Answer::Stored(ids) => {
                let got: HashSet<&str> = ids.iter().map(String::as_str).collect();
                let (yes, no): (Vec<String>, Vec<String>) =
                    wanted.drain(..).partition(|id| got.contains(id.as_str()));
                store
                    .mark_sent(&sender.endpoint, &yes)
                    .map_err(|e| e.to_string())?;
                report.sent += yes.len();
                confirmed.extend(yes);
                if !no.is_empty() {
                    finish(pending, &confirmed);
                    return Err(format!(
                        "confirmed {} of the {} statements sent; the rest ({}) were not stored",
                        confirmed.len(),
                        confirmed.len() + no.len(),
                        no.first().map(String::as_str).unwrap_or("")
                    ));
                }
            }
            Answer::Conflict if !settled_conflict => {
                // Some of these are stored already (an earlier reply was lost): ask for each,
                // mark those, send the rest.
                settled_conflict = true;
                let mut held = Vec::new();
                for id in &wanted {
                    match sender.holds(id) {
                        Ok(true) => held.push(id.clone()),
                        Ok(false) => {}
                        Err(what) => {
                            finish(pending, &confirmed);
                            return Err(what);
                        }
                    }
                }
                store
                    .mark_sent(&sender.endpoint, &held)
                    .map_err(|e| e.to_string())?;
                report.sent += held.len();
                report.found_stored += held.len();
                wanted.retain(|id| !held.contains(id));
                confirmed.extend(held);
                tries = 0;
            }
            Answer::Conflict => {
                finish(pending, &confirmed);
                return Err("answered 409 Conflict again for statements it does not hold".into());
            }
            Answer::Refused(what) => {
                finish(pending, &confirmed);
                return Err(what);
            }
            Answer::Passing(what, asked) => {
                if tries >= sender.config.tries {
                    finish(pending, &confirmed);
                    return Err(format!("{what} (after {tries} tries)"));
                }
                let wait = sender.pause_before(tries, asked);
                events(Event::Waiting {
                    seconds: wait.as_secs_f64(),
                    reason: what.clone(),
                });
                if !budget.wait(wait) {
                    finish(pending, &confirmed);
                    return Err(format!(
                        "{what}; gave up after {:.0} s (the limit is max_wait: {} s)",
                        budget.spent().as_secs_f64(),
                        sender.config.max_wait
                    ));
                }
                report.retries += 1;
            }
        }
    }
    finish(pending, &confirmed);
    Ok(confirmed.len())
}

/// Removes confirmed statements from the pending ones.
fn finish(pending: &mut [Pending], confirmed: &[String]) {
    let done: HashSet<&str> = confirmed.iter().map(String::as_str).collect();
    for p in pending {
        p.statements
            .retain(|s| !s["id"].as_str().is_some_and(|id| done.contains(id)));
    }
}

/// The statements of one attempt, as `xapi` builds them (the helper `Store::statements_of`
/// uses).
pub(crate) fn build(
    attempt: Option<&crate::Attempt>,
    quiz: Option<&crate::QuizAttempt>,
    naming: &Naming,
) -> Vec<Value> {
    match (attempt, quiz) {
        (Some(a), _) => xapi::attempt_statements(a, naming),
        (None, Some(q)) => xapi::quiz_statements(q, naming),
        (None, None) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_lose_their_credentials_and_they_are_used_not_dropped() {
        assert_eq!(
            redact_url("https://key:secret@lrs.example.com/xAPI/"),
            "https://lrs.example.com/xAPI/"
        );
        assert_eq!(
            redact_url("http://127.0.0.1:8100/xAPI/"),
            "http://127.0.0.1:8100/xAPI/"
        );
        assert_eq!(redact_url("http://h/a@b"), "http://h/a@b");
        let c = LrsConfig::load_from(Path::new("/nonexistent"), |k| {
            (k == "FRONTLINE_LRS_ENDPOINT")
                .then(|| "https://k%40y:s%3Acret@lrs.example.com/x".into())
        })
        .unwrap();
        assert_eq!(
            (c.username.as_str(), c.password.as_str()),
            ("k@y", "s:cret")
        );
        assert_eq!(c.endpoint, "https://lrs.example.com/x/");
        let twice = LrsConfig::load_from(Path::new("/nonexistent"), |k| match k {
            "FRONTLINE_LRS_ENDPOINT" => Some("https://a:b@lrs.example.com/x".into()),
            "FRONTLINE_LRS_USERNAME" => Some("other".into()),
            _ => None,
        });
        assert!(matches!(twice, Err(LrsError::Invalid(_))));
    }

    #[test]
    fn environment_overrides_and_a_missing_endpoint_says_how_to_set_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(CONFIG_FILE);
        let err = LrsConfig::load_from(&path, |_| None).unwrap_err();
        assert!(err.to_string().contains("FRONTLINE_LRS_ENDPOINT"), "{err}");
        let c = LrsConfig::load_from(&path, |k| match k {
            "FRONTLINE_LRS_ENDPOINT" => Some("http://127.0.0.1:9/xAPI".into()),
            "FRONTLINE_LRS_PASSWORD" => Some("pw".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(c.endpoint, "http://127.0.0.1:9/xAPI/");
        assert!(!format!("{c:?}").contains("pw"));
    }

    #[test]
    fn a_password_over_plain_http_to_another_computer_needs_saying_so() {
        let at = |url: &str| {
            LrsConfig::load_from(Path::new("/nonexistent"), |k| match k {
                "FRONTLINE_LRS_ENDPOINT" => Some(url.to_owned()),
                "FRONTLINE_LRS_PASSWORD" => Some("pw".into()),
                _ => None,
            })
            .unwrap()
        };
        assert!(at("http://lrs.example.com/x").check_transport().is_err());
        assert!(at("https://lrs.example.com/x").check_transport().is_ok());
        assert!(at("http://127.0.0.1:8100/x").check_transport().is_ok());
        assert!(at("http://localhost/x").check_transport().is_ok());
        let allowed = LrsConfig {
            allow_http: true,
            ..at("http://lrs.example.com/x")
        };
        assert!(allowed.check_transport().is_ok());
    }

    #[test]
    fn retry_after_takes_seconds_or_a_date() {
        assert_eq!(parse_retry_after("7"), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after("Mon, 01 Jan 2001 00:00:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon"), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_settings_file_others_can_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(CONFIG_FILE);
        std::fs::write(
            &path,
            "(endpoint: \"http://h/xAPI/\", username: \"u\", password: \"p\")",
        )
        .unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = LrsConfig::load_from(&path, |_| None).unwrap_err();
        assert!(err.to_string().contains("chmod 600"), "{err}");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(LrsConfig::load_from(&path, |_| None).unwrap().username, "u");
        std::fs::write(&path, "(endpoint: \"http://h/xAPI/\", usernme: \"u\")").unwrap();
        let err = LrsConfig::load_from(&path, |_| None).unwrap_err();
        assert!(err.to_string().contains(":1:"), "{err}");
    }
}
