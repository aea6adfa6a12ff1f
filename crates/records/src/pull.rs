//! Gathering results back from a Learning Record Store (`frontline pull`), so the dashboard,
//! `report` and the heat graph cover a cohort spread over many machines.
//!
//! Statements are asked for per scenario activity (`activity=…&related_activities=true`, so
//! the answers, whose parent is the scenario, come too), oldest `stored` first, in pages
//! followed through xAPI's `more` links. Each page is kept in one transaction together with
//! where the pull stands, so a pull killed mid-way resumes at the page it was on and a page
//! received twice changes nothing: statements are kept by id. A voiding statement removes
//! the statement it voids (and the attempt, when that was its result). Statements that are
//! not Frontline's, and those of attempts recorded on this machine (same registration as a
//! local attempt), are counted and left out. The attempt of another machine is attributed to
//! its actor: the account name, else the name, else the mailbox, else "anonymous".

use std::collections::{BTreeSet, HashSet};
use std::time::{Duration, Instant};

use rusqlite::{OptionalExtension, params};
use serde_json::Value;
use time::OffsetDateTime;

use crate::lrs::{LrsConfig, LrsError};
use crate::{RecordsError, Store, parse_timestamp, timestamp};

/// Largest page body read.
const MAX_PAGE_BYTES: u64 = 64 * 1024 * 1024;
/// Pages in a row that bring nothing new before a pull stops following `more`.
const MAX_EMPTY_PAGES: usize = 3;

/// What to pull.
#[derive(Debug, Clone)]
pub struct PullOptions {
    /// Activity ids to ask for (the scenarios' IRIs).
    pub activities: Vec<String>,
    /// Only statements stored at or after this moment (on top of where the last pull
    /// stopped).
    pub since: Option<OffsetDateTime>,
    /// Statements per page asked for.
    pub limit: usize,
    /// Most pages per activity in one run.
    pub max_pages: usize,
}

/// What a pull did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PullReport {
    /// Pages received.
    pub pages: usize,
    /// Statements received.
    pub received: usize,
    /// Kept for the first time.
    pub new: usize,
    /// Already kept (same id).
    pub duplicates: usize,
    /// Not Frontline's, or not about an attempt.
    pub ignored: usize,
    /// Of this machine's own attempts (already in the records).
    pub local: usize,
    /// Statements voided by the LRS and removed.
    pub voided: usize,
    /// Attempts from other machines now in the records.
    pub attempts: usize,
    /// Anything odd the LRS did that did not stop the pull.
    pub warnings: Vec<String>,
}

/// Progress of a pull.
#[derive(Debug, Clone)]
pub enum PullEvent {
    /// A page was kept.
    Page {
        /// The activity being pulled.
        activity: String,
        /// Statements received so far.
        received: usize,
    },
    /// Waiting before asking again.
    Waiting {
        /// Seconds.
        seconds: f64,
        /// Why.
        reason: String,
    },
}

/// Seconds of an ISO 8601 duration as Frontline writes them (`PT1H2M3.5S`).
pub fn parse_duration(text: &str) -> Option<f64> {
    let rest = text.strip_prefix("PT")?;
    let mut total = 0.0;
    let mut number = String::new();
    for c in rest.chars() {
        match c {
            '0'..='9' | '.' => number.push(c),
            'H' | 'M' | 'S' => {
                let v: f64 = number.parse().ok()?;
                total += v * match c {
                    'H' => 3600.0,
                    'M' => 60.0,
                    _ => 1.0,
                };
                number.clear();
            }
            _ => return None,
        }
    }
    number.is_empty().then_some(total)
}

/// Who a statement is about, as a name for the records.
pub fn actor_name(actor: &Value) -> String {
    let text = |v: &Value| {
        v.as_str()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    text(&actor["account"]["name"])
        .or_else(|| text(&actor["name"]))
        .or_else(|| text(&actor["mbox"]).map(|m| m.trim_start_matches("mailto:").to_owned()))
        .or_else(|| text(&actor["openid"]))
        .or_else(|| {
            text(&actor["mbox_sha1sum"]).map(|h| format!("anonymous {}", &h[..h.len().min(8)]))
        })
        .unwrap_or_else(|| "anonymous".to_owned())
}

/// A content locale from an xAPI language tag (`zh-CN` → `zh`).
fn locale(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Whether a statement is one Frontline wrote.
fn is_ours(s: &Value) -> bool {
    s["context"]["platform"] == "Frontline"
        || s["context"]["extensions"]
            .as_object()
            .is_some_and(|m| m.keys().any(|k| k.ends_with("/extensions/app-version")))
}

/// The last path segment after `/{kind}/` in an IRI.
fn segment_after<'a>(iri: &'a str, kind: &str) -> Option<&'a str> {
    let i = iri.rfind(kind)?;
    let rest = &iri[i + kind.len()..];
    Some(rest.split('/').next().unwrap_or(rest))
}

struct Getter<'a> {
    agent: ureq::Agent,
    config: &'a LrsConfig,
    auth: String,
    /// `scheme://host[:port]` of the endpoint, for `more` links relative to the server.
    origin: String,
}

enum Got {
    Page(Value),
    Passing(String, Option<Duration>),
    Refused(String),
}

impl Getter<'_> {
    fn get(&self, url: &str) -> Got {
        let result = self
            .agent
            .get(url)
            .header("Authorization", &self.auth)
            .header("X-Experience-API-Version", "1.0.3")
            .header("Accept", "application/json")
            .call();
        let mut r = match result {
            Ok(r) => r,
            Err(e) => return Got::Passing(format!("could not be reached ({e})"), None),
        };
        let status = r.status().as_u16();
        let retry = r
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(|s| Duration::from_secs(s.min(600)));
        match status {
            200 => {
                let text = match r
                    .body_mut()
                    .with_config()
                    .limit(MAX_PAGE_BYTES)
                    .read_to_string()
                {
                    Ok(t) => t,
                    Err(e) => {
                        return Got::Passing(
                            format!("sent a page that could not be read ({e})"),
                            None,
                        );
                    }
                };
                match serde_json::from_str::<Value>(&text) {
                    Ok(v) if v["statements"].is_array() => Got::Page(v),
                    _ => Got::Refused(format!(
                        "answered 200 but not with an xAPI StatementResult (a JSON object with `statements`): {}",
                        text.chars().take(200).collect::<String>()
                    )),
                }
            }
            429 | 500..=599 => Got::Passing(format!("answered {status}"), retry),
            _ => Got::Refused(format!(
                "answered {status} {}",
                r.body_mut()
                    .with_config()
                    .limit(4096)
                    .read_to_string()
                    .unwrap_or_default()
                    .chars()
                    .take(200)
                    .collect::<String>()
            )),
        }
    }

    /// The absolute URL of a `more` link, or why it is not followed.
    fn resolve(&self, more: &str) -> Result<String, String> {
        if more.starts_with('/') {
            Ok(format!("{}{more}", self.origin))
        } else if more.starts_with("http://") || more.starts_with("https://") {
            if more.starts_with(&format!("{}/", self.origin)) {
                Ok(more.to_owned())
            } else {
                Err(format!(
                    "its `more` link points to another server ({}); the credentials are not sent there",
                    crate::lrs::redact_url(more)
                ))
            }
        } else {
            Ok(format!("{}{more}", self.config.endpoint))
        }
    }
}

fn query_url(endpoint: &str, activity: &str, since: Option<&str>, limit: usize) -> String {
    let enc = |s: &str| -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    let mut url = format!(
        "{endpoint}statements?activity={}&related_activities=true&ascending=true&limit={limit}",
        enc(activity)
    );
    if let Some(s) = since {
        url.push_str(&format!("&since={}", enc(s)));
    }
    url
}

/// `since` as LRSs compare it: UTC with milliseconds and `Z`.
fn lrs_time(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    let f = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
    );
    t.format(&f).unwrap_or_else(|_| timestamp(t))
}

/// Pulls every page of every activity in `options`, keeping each page as it comes.
pub fn pull(
    store: &mut Store,
    config: &LrsConfig,
    options: &PullOptions,
    mut events: impl FnMut(PullEvent),
    mut pause: impl FnMut(Duration),
) -> Result<PullReport, LrsError> {
    config.check_transport()?;
    let endpoint = config.public_endpoint();
    let agent = config.agent();
    let origin = {
        let e = &config.endpoint;
        let after = e.find("://").map_or(0, |i| i + 3);
        let end = e[after..].find('/').map_or(e.len(), |i| after + i);
        e[..end].to_owned()
    };
    let getter = Getter {
        agent,
        config,
        auth: config.auth(),
        origin,
    };
    let failed = |what: String| LrsError::Failed {
        endpoint: endpoint.clone(),
        what,
        queued: 0,
    };
    let started = Instant::now();
    let limit = Duration::from_secs(config.max_wait);
    let mut report = PullReport::default();
    let local = store.local_registrations().map_err(LrsError::Records)?;

    for activity in &options.activities {
        let (cursor_since, cursor_more) = store
            .pull_cursor(&endpoint, activity)
            .map_err(LrsError::Records)?;
        let since = match (cursor_since.as_deref(), options.since) {
            (Some(c), Some(o)) => Some(c.to_owned().max(lrs_time(o))),
            (Some(c), None) => Some(c.to_owned()),
            (None, Some(o)) => Some(lrs_time(o)),
            (None, None) => None,
        };
        let fresh = query_url(&config.endpoint, activity, since.as_deref(), options.limit);
        let mut url = match cursor_more.as_deref().map(|m| getter.resolve(m)) {
            Some(Ok(u)) => u,
            _ => fresh.clone(),
        };
        let mut resumed = cursor_more.is_some();
        let mut seen: HashSet<String> = HashSet::new();
        let mut empty = 0;
        let mut pages = 0;
        loop {
            if !seen.insert(url.clone()) {
                report.warnings.push(format!(
                    "the LRS sent the same `more` link twice for {activity}; stopped following it"
                ));
                break;
            }
            if pages >= options.max_pages {
                report.warnings.push(format!(
                    "stopped after {pages} pages of {activity} (the most one pull follows); pull again to go on"
                ));
                break;
            }
            let mut tries = 0;
            let page = loop {
                tries += 1;
                match getter.get(&url) {
                    Got::Page(p) => break p,
                    Got::Refused(why) if resumed => {
                        // A cursor the LRS no longer knows: start again from `since`; the
                        // statements already kept are not kept twice.
                        report.warnings.push(format!(
                            "the LRS did not take up the last pull's place ({why}); starting again from the last statement kept"
                        ));
                        resumed = false;
                        url = fresh.clone();
                        seen.insert(url.clone());
                        tries = 0;
                    }
                    Got::Refused(why) => return Err(failed(why)),
                    Got::Passing(why, asked) => {
                        if tries >= config.tries.max(1) {
                            return Err(failed(format!("{why}, {tries} times")));
                        }
                        let wait =
                            asked.unwrap_or(Duration::from_millis(500) * 2u32.pow(tries - 1));
                        if started.elapsed() + wait > limit {
                            return Err(failed(format!("{why}; gave up waiting")));
                        }
                        events(PullEvent::Waiting {
                            seconds: wait.as_secs_f64(),
                            reason: why,
                        });
                        pause(wait);
                    }
                }
            };
            resumed = false;
            pages += 1;
            report.pages += 1;
            let statements = page["statements"].as_array().cloned().unwrap_or_default();
            let more = page["more"].as_str().unwrap_or("").trim().to_owned();
            let next = if more.is_empty() {
                None
            } else {
                match getter.resolve(&more) {
                    Ok(u) => Some(u),
                    Err(why) => {
                        report.warnings.push(why);
                        None
                    }
                }
            };
            let before = report.new + report.voided;
            store
                .keep_page(
                    &endpoint,
                    activity,
                    &statements,
                    next.as_deref().map(|_| more.as_str()),
                    &local,
                    &mut report,
                )
                .map_err(LrsError::Records)?;
            events(PullEvent::Page {
                activity: activity.clone(),
                received: report.received,
            });
            if report.new + report.voided == before {
                empty += 1;
            } else {
                empty = 0;
            }
            match next {
                None => break,
                Some(_) if empty >= MAX_EMPTY_PAGES => {
                    report.warnings.push(format!(
                        "the LRS kept sending pages with nothing new for {activity}; stopped after {empty}"
                    ));
                    // The next pull starts from the last statement kept, not this link.
                    store
                        .set_pull_more(&endpoint, activity, None)
                        .map_err(LrsError::Records)?;
                    break;
                }
                Some(n) => url = n,
            }
        }
    }
    report.attempts = store.pulled_count().map_err(LrsError::Records)?;
    Ok(report)
}

impl Store {
    /// Registrations (UUIDs) of this machine's own attempts and quizzes.
    fn local_registrations(&self) -> Result<HashSet<String>, RecordsError> {
        let mut out = HashSet::new();
        for table in ["attempt", "quiz_attempt"] {
            let mut stmt = self
                .conn
                .prepare(&format!("SELECT uuid FROM {table}"))
                .map_err(self.err())?;
            let rows = stmt
                .query_map([], |r| r.get::<_, String>(0))
                .map_err(self.err())?;
            for r in rows {
                out.insert(r.map_err(self.err())?);
            }
        }
        Ok(out)
    }

    fn pull_cursor(
        &self,
        endpoint: &str,
        activity: &str,
    ) -> Result<(Option<String>, Option<String>), RecordsError> {
        Ok(self
            .conn
            .query_row(
                "SELECT since, more FROM pull_cursor WHERE endpoint = ?1 AND activity = ?2",
                params![endpoint, activity],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(self.err())?
            .unwrap_or((None, None)))
    }

    fn set_pull_more(
        &mut self,
        endpoint: &str,
        activity: &str,
        more: Option<&str>,
    ) -> Result<(), RecordsError> {
        self.conn
            .execute(
                "INSERT INTO pull_cursor (endpoint, activity, more) VALUES (?1, ?2, ?3)
                 ON CONFLICT (endpoint, activity) DO UPDATE SET more = excluded.more",
                params![endpoint, activity, more],
            )
            .map_err(self.err())?;
        Ok(())
    }

    /// Attempts gathered from LRSs.
    pub fn pulled_count(&self) -> Result<usize, RecordsError> {
        if self.schema < 4 {
            return Ok(0);
        }
        self.conn
            .query_row("SELECT count(*) FROM pulled_attempt", [], |r| {
                r.get::<_, i64>(0)
            })
            .map(|n| n as usize)
            .map_err(self.err())
    }

    /// Keeps one page in one transaction, with where the pull stands.
    fn keep_page(
        &mut self,
        endpoint: &str,
        activity: &str,
        statements: &[Value],
        more: Option<&str>,
        local: &HashSet<String>,
        report: &mut PullReport,
    ) -> Result<(), RecordsError> {
        let path = self.path.clone();
        let err = move |e: rusqlite::Error| RecordsError::Sqlite {
            path: path.clone(),
            source: e,
        };
        let tx = self.conn.transaction().map_err(&err)?;
        let mut touched: BTreeSet<String> = BTreeSet::new();
        let mut newest: Option<String> = None;
        for s in statements {
            report.received += 1;
            if let Some(stored) = s["stored"].as_str() {
                newest =
                    Some(newest.map_or(stored.to_owned(), |n: String| n.max(stored.to_owned())));
            }
            let Some(id) = s["id"]
                .as_str()
                .filter(|i| uuid::Uuid::parse_str(i).is_ok())
            else {
                report.ignored += 1;
                continue;
            };
            let verb = s["verb"]["id"].as_str().unwrap_or("");
            if verb.ends_with("/voided") && s["object"]["objectType"] == "StatementRef" {
                let Some(target) = s["object"]["id"].as_str() else {
                    report.ignored += 1;
                    continue;
                };
                tx.execute(
                    "INSERT OR IGNORE INTO pulled_voided (id) VALUES (?1)",
                    [target],
                )
                .map_err(&err)?;
                let registration: Option<String> = tx
                    .query_row(
                        "DELETE FROM pulled_statement WHERE id = ?1 RETURNING registration",
                        [target],
                        |r| r.get(0),
                    )
                    .optional()
                    .map_err(&err)?;
                if let Some(r) = registration {
                    report.voided += 1;
                    touched.insert(r);
                }
                continue;
            }
            if !is_ours(s) {
                report.ignored += 1;
                continue;
            }
            let Some(registration) = s["context"]["registration"].as_str() else {
                report.ignored += 1;
                continue;
            };
            if local.contains(registration) {
                report.local += 1;
                continue;
            }
            let voided: bool = tx
                .query_row("SELECT 1 FROM pulled_voided WHERE id = ?1", [id], |_| {
                    Ok(true)
                })
                .optional()
                .map_err(&err)?
                .unwrap_or(false);
            if voided {
                report.voided += 1;
                continue;
            }
            let verb_key = verb.rsplit('/').next().unwrap_or("");
            let added = tx
                .execute(
                    "INSERT OR IGNORE INTO pulled_statement
                     (id, endpoint, registration, verb, object, actor, language, timestamp, result)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    params![
                        id,
                        endpoint,
                        registration,
                        verb_key,
                        s["object"]["id"].as_str().unwrap_or(""),
                        actor_name(&s["actor"]),
                        s["context"]["language"].as_str().unwrap_or(""),
                        s["timestamp"]
                            .as_str()
                            .or(s["stored"].as_str())
                            .unwrap_or(""),
                        s.get("result").map(Value::to_string).unwrap_or_default(),
                    ],
                )
                .map_err(&err)?;
            if added == 1 {
                report.new += 1;
                touched.insert(registration.to_owned());
            } else {
                report.duplicates += 1;
            }
        }
        for registration in &touched {
            rebuild(&tx, registration, endpoint).map_err(&err)?;
        }
        tx.execute(
            "INSERT INTO pull_cursor (endpoint, activity, since, more) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (endpoint, activity) DO UPDATE SET
                since = coalesce(max(excluded.since, coalesce(since, '')), since), more = excluded.more",
            params![endpoint, activity, newest, more],
        )
        .map_err(&err)?;
        tx.commit().map_err(&err)?;
        Ok(())
    }
}

/// Builds (or removes) the attempt of one registration from its kept statements.
fn rebuild(
    tx: &rusqlite::Transaction<'_>,
    registration: &str,
    endpoint: &str,
) -> Result<(), rusqlite::Error> {
    tx.execute(
        "DELETE FROM pulled_attempt WHERE registration = ?1",
        [registration],
    )?;
    let mut stmt = tx.prepare_cached(
        "SELECT verb, object, actor, language, timestamp, result FROM pulled_statement
         WHERE registration = ?1 ORDER BY timestamp, id",
    )?;
    let rows: Vec<(String, String, String, String, String, String)> = stmt
        .query_map([registration], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?
        .collect::<Result<_, _>>()?;
    let Some(done) = rows.iter().find(|r| r.0 == "completed") else {
        return Ok(());
    };
    let Some(scenario) = segment_after(&done.1, "/scenarios/") else {
        // A quiz, or an activity of another kind: its statements are kept, no attempt.
        return Ok(());
    };
    let result: Value = serde_json::from_str(&done.5).unwrap_or(Value::Null);
    let finished = parse_timestamp(&done.4).ok();
    let Some(finished) = finished else {
        return Ok(());
    };
    let seconds = result["duration"]
        .as_str()
        .and_then(parse_duration)
        .unwrap_or(0.0);
    let started = finished - time::Duration::seconds_f64(seconds);
    let ext = |name: &str| {
        result["extensions"]
            .as_object()
            .and_then(|m| {
                m.iter()
                    .find(|(k, _)| k.ends_with(&format!("/extensions/{name}")))
            })
            .map(|(_, v)| v.clone())
            .unwrap_or(Value::Null)
    };
    let overall = result["score"]["raw"].as_u64().unwrap_or(0).min(100);
    let passed = result["success"].as_bool().unwrap_or(false);
    let outcome = ext("outcome")
        .as_str()
        .filter(|o| *o != "abandoned")
        .map(str::to_owned);
    let five = ext("five-s");
    let dim = |k: &str| five[k].as_u64().map(|v| v.min(100) as i64);
    let violations: Vec<String> = ext("violated")
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    tx.execute(
        "INSERT INTO pulled_attempt
         (registration, endpoint, profile, scenario, locale, started, finished, overall, passed,
          outcome, smile, speed, standard, sincere, satisfy, violations, app_version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
        params![
            registration,
            endpoint,
            done.2,
            scenario,
            locale(&done.3),
            timestamp(started),
            timestamp(finished),
            overall as i64,
            passed,
            outcome,
            dim("smile"),
            dim("speed"),
            dim("standard"),
            dim("sincere"),
            dim("satisfy"),
            violations.join(";"),
            "",
        ],
    )?;
    let attempt = tx.last_insert_rowid();
    let mut turn = 0;
    for r in rows.iter().filter(|r| r.0 == "answered") {
        let Some(node) = segment_after(&r.1, "/nodes/") else {
            continue;
        };
        let answer: Value = serde_json::from_str(&r.5).unwrap_or(Value::Null);
        let Some(choice) = answer["response"].as_str() else {
            continue;
        };
        turn += 1;
        tx.execute(
            "INSERT INTO pulled_choice (attempt, turn, node, choice, response_time)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                attempt,
                turn,
                node,
                choice,
                answer["duration"].as_str().and_then(parse_duration)
            ],
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn durations_and_names_read_as_written() {
        assert_eq!(parse_duration("PT4M12.5S"), Some(252.5));
        assert_eq!(parse_duration("PT1H"), Some(3600.0));
        assert_eq!(parse_duration("PT0S"), Some(0.0));
        assert_eq!(parse_duration("P1D"), None);
        assert_eq!(parse_duration("PT4"), None);
        assert_eq!(
            actor_name(&json!({"account": {"name": "ana", "homePage": "x"}})),
            "ana"
        );
        assert_eq!(
            actor_name(&json!({"mbox": "mailto:bo@example.com"})),
            "bo@example.com"
        );
        assert_eq!(actor_name(&json!({"name": "  "})), "anonymous");
        assert_eq!(
            actor_name(&json!({"mbox_sha1sum": "0123456789abcdef"})),
            "anonymous 01234567"
        );
        assert_eq!(locale("zh-CN"), "zh");
        assert_eq!(locale("ko-KR"), "ko");
        assert_eq!(
            segment_after("https://x/xapi/scenarios/angry/nodes/call", "/nodes/"),
            Some("call")
        );
        assert_eq!(
            segment_after("https://x/xapi/scenarios/angry", "/scenarios/"),
            Some("angry")
        );
    }
}
