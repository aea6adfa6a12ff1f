//! Frontline as a cmi5 assignable unit: an LMS launches it with the cmi5 launch parameters
//! (cmi5 section 8.1: `endpoint`, `fetch`, `actor`, `registration`, `activityId`), on the
//! command line or as a `frontline://launch/SCENARIO?…` URL. The unit fetches its session
//! token (8.2), reads `LMS.LaunchData` (10.2: launch mode, mastery score, return URL, the
//! context template with the session id), and sends the cmi5-defined statements:
//! `initialized`, then — in Normal mode — `completed` and `passed` or `failed`, then
//! `terminated` (9.3), each with the cmi5 context (9.6), and Frontline's own statements as
//! cmi5 "allowed" statements in the same registration and session.
//!
//! Nothing is sent until the token and the launch data are in hand, so a used or missing
//! fetch URL ends the launch with a clear message and no statement.

use std::time::Duration;

use serde_json::{Value, json};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::timestamp;
use crate::xapi::duration;

/// The cmi5 category every cmi5-defined statement carries (9.6.2.1).
pub const CATEGORY_CMI5: &str = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
/// The category of statements that count towards moving on (9.6.2.2).
pub const CATEGORY_MOVEON: &str = "https://w3id.org/xapi/cmi5/context/categories/moveon";
/// The session id context extension (9.6.3.1).
pub const EXT_SESSION: &str = "https://w3id.org/xapi/cmi5/context/extensions/sessionid";
/// The mastery score context extension (9.6.3.2).
pub const EXT_MASTERY: &str = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore";
const ADL: &str = "http://adlnet.gov/expapi/verbs/";

/// Why a cmi5 launch or session failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Cmi5Error {
    /// The launch URL or parameters are not usable.
    #[error("this is not a usable cmi5 launch: {0}")]
    BadLaunch(String),
    /// The fetch URL gave no token.
    #[error(
        "the LMS gave no session token: {0}. Nothing was sent; start the assignment again from the LMS (each launch link works once)"
    )]
    Fetch(String),
    /// The launch data could not be read.
    #[error("the LMS's launch data (LMS.LaunchData) could not be read: {0}. Nothing was sent")]
    LaunchData(String),
    /// The LMS refused a statement.
    #[error("the LMS refused the {verb} statement: {why}")]
    Refused {
        /// Which statement.
        verb: String,
        /// What came back.
        why: String,
    },
}

/// The launch parameters of cmi5 section 8.1.
#[derive(Debug, Clone, PartialEq)]
pub struct Launch {
    /// The LRS endpoint (ends with `/`).
    pub endpoint: String,
    /// The one-time fetch URL.
    pub fetch: String,
    /// The learner.
    pub actor: Value,
    /// The registration.
    pub registration: String,
    /// The AU's activity id.
    pub activity_id: String,
    /// The scenario to play (`frontline://launch/SCENARIO`), when the URL names one.
    pub scenario: Option<String>,
}

fn percent_decode(s: &str) -> String {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                match (
                    bytes.get(i + 1).and_then(|b| hex(*b)),
                    bytes.get(i + 2).and_then(|b| hex(*b)),
                ) {
                    (Some(h), Some(l)) => {
                        out.push(h * 16 + l);
                        i += 3;
                    }
                    _ => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl Launch {
    /// Reads a launch URL: `frontline://launch/SCENARIO?endpoint=…&fetch=…&actor=…&registration=…&activityId=…`
    /// (any scheme and path; the query carries the parameters).
    pub fn from_url(url: &str) -> Result<Launch, Cmi5Error> {
        let (head, query) = url.split_once('?').ok_or_else(|| {
            Cmi5Error::BadLaunch("the URL has no query with the launch parameters".into())
        })?;
        let scenario = head
            .strip_prefix("frontline://launch/")
            .map(|s| s.trim_matches('/').to_owned())
            .filter(|s| !s.is_empty());
        let mut get = std::collections::HashMap::new();
        for pair in query.split('&') {
            if let Some((k, v)) = pair.split_once('=') {
                get.insert(k.to_owned(), percent_decode(v));
            }
        }
        let need = |k: &str| {
            get.get(k)
                .filter(|v| !v.is_empty())
                .cloned()
                .ok_or_else(|| {
                    Cmi5Error::BadLaunch(format!("the launch parameter `{k}` is missing"))
                })
        };
        let actor: Value = serde_json::from_str(&need("actor")?)
            .map_err(|e| Cmi5Error::BadLaunch(format!("`actor` is not JSON ({e})")))?;
        Launch::new(
            need("endpoint")?,
            need("fetch")?,
            actor,
            need("registration")?,
            need("activityId")?,
            scenario,
        )
    }

    /// Checks and builds the parameters.
    pub fn new(
        endpoint: String,
        fetch: String,
        actor: Value,
        registration: String,
        activity_id: String,
        scenario: Option<String>,
    ) -> Result<Launch, Cmi5Error> {
        for (name, url) in [("endpoint", &endpoint), ("fetch", &fetch)] {
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                return Err(Cmi5Error::BadLaunch(format!(
                    "`{name}` is not an http(s) URL: {}",
                    crate::lrs::redact_url(url)
                )));
            }
        }
        if Uuid::parse_str(&registration).is_err() {
            return Err(Cmi5Error::BadLaunch(format!(
                "`registration` is not a UUID: {registration}"
            )));
        }
        if !actor.is_object() {
            return Err(Cmi5Error::BadLaunch(
                "`actor` is not an agent object".into(),
            ));
        }
        let endpoint = if endpoint.ends_with('/') {
            endpoint
        } else {
            format!("{endpoint}/")
        };
        Ok(Launch {
            endpoint,
            fetch,
            actor,
            registration,
            activity_id,
            scenario,
        })
    }

    /// The learner's name for the records: the account name, else the agent's name.
    pub fn learner(&self) -> String {
        crate::pull::actor_name(&self.actor)
    }
}

/// What `LMS.LaunchData` says (cmi5 10.2.1).
#[derive(Debug, Clone, PartialEq)]
pub struct LaunchData {
    /// The context every statement starts from.
    pub context_template: Value,
    /// `Normal`, `Browse` or `Review`.
    pub launch_mode: String,
    /// The LMS's move-on rule.
    pub move_on: String,
    /// Scaled score at or above which the AU is passed.
    pub mastery_score: Option<f64>,
    /// Where the learner goes back to when done.
    pub return_url: Option<String>,
    /// The session id from the context template.
    pub session_id: String,
    /// The learner's language preference from `cmi5LearnerPreferences` (11.0), e.g. `zh-CN`.
    pub language: Option<String>,
}

/// A cmi5 session in progress.
pub struct Session {
    launch: Launch,
    auth: String,
    agent: ureq::Agent,
    /// What the LMS said at launch.
    pub data: LaunchData,
    started: OffsetDateTime,
    /// The last timestamp given, so timestamps never go backwards.
    last: OffsetDateTime,
    /// Statements the LMS confirmed.
    pub sent: usize,
    terminated: bool,
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(30)))
        .user_agent(concat!("frontline/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

fn read_body(r: &mut ureq::http::Response<ureq::Body>) -> String {
    r.body_mut()
        .with_config()
        .limit(4 * 1024 * 1024)
        .read_to_string()
        .unwrap_or_default()
}

fn short(text: &str) -> String {
    let t: String = text.chars().take(300).collect();
    t.trim().to_owned()
}

impl Session {
    /// Fetches the token and reads the launch data; sends nothing.
    pub fn start(launch: Launch) -> Result<Session, Cmi5Error> {
        let agent = agent();
        let mut r = agent
            .post(&launch.fetch)
            .send_empty()
            .map_err(|e| Cmi5Error::Fetch(format!("the fetch URL could not be reached ({e})")))?;
        let status = r.status().as_u16();
        let body = read_body(&mut r);
        let answer: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
        if let Some(code) = answer.get("error-code") {
            let code = code
                .as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| code.to_string());
            let what = match code.as_str() {
                "1" => "the launch link was already used",
                "2" => "the launch session has ended",
                "3" => "the LMS reports an error",
                _ => "the LMS reports an error",
            };
            return Err(Cmi5Error::Fetch(format!(
                "{what} (error-code {code}: {})",
                answer["error-text"].as_str().unwrap_or("")
            )));
        }
        let token = match answer["auth-token"].as_str() {
            Some(t) if status == 200 && !t.is_empty() => t.to_owned(),
            _ => {
                return Err(Cmi5Error::Fetch(format!(
                    "the fetch URL answered {status} without an auth-token ({})",
                    short(&body)
                )));
            }
        };
        let auth = format!("Basic {token}");
        let mut r = agent
            .get(&format!("{}activities/state", launch.endpoint))
            .query("stateId", "LMS.LaunchData")
            .query("activityId", &launch.activity_id)
            .query("agent", launch.actor.to_string())
            .query("registration", &launch.registration)
            .header("Authorization", &auth)
            .header("X-Experience-API-Version", "1.0.3")
            .call()
            .map_err(|e| Cmi5Error::LaunchData(format!("the LRS could not be reached ({e})")))?;
        let status = r.status().as_u16();
        let body = read_body(&mut r);
        if status != 200 {
            return Err(Cmi5Error::LaunchData(format!(
                "the LRS answered {status} ({})",
                short(&body)
            )));
        }
        let v: Value = serde_json::from_str(&body)
            .map_err(|e| Cmi5Error::LaunchData(format!("it is not JSON ({e})")))?;
        let context_template = v["contextTemplate"].clone();
        let Some(session_id) = context_template["extensions"][EXT_SESSION].as_str() else {
            return Err(Cmi5Error::LaunchData(
                "its contextTemplate has no session id extension".into(),
            ));
        };
        // The learner's preferences (cmi5 11.0): the AU must read them at start; a 404 is no
        // preferences.
        let language = agent
            .get(&format!("{}agents/profile", launch.endpoint))
            .query("profileId", "cmi5LearnerPreferences")
            .query("agent", launch.actor.to_string())
            .header("Authorization", &auth)
            .header("X-Experience-API-Version", "1.0.3")
            .call()
            .ok()
            .filter(|r| r.status().as_u16() == 200)
            .and_then(|mut r| serde_json::from_str::<Value>(&read_body(&mut r)).ok())
            .and_then(|v| v["languagePreference"].as_str().map(str::to_owned));
        let data = LaunchData {
            language,
            session_id: session_id.to_owned(),
            launch_mode: v["launchMode"].as_str().unwrap_or("Normal").to_owned(),
            move_on: v["moveOn"].as_str().unwrap_or("NotApplicable").to_owned(),
            mastery_score: v["masteryScore"].as_f64(),
            return_url: v["returnURL"].as_str().map(str::to_owned),
            context_template,
        };
        let now = OffsetDateTime::now_utc();
        Ok(Session {
            launch,
            auth,
            agent,
            data,
            started: now,
            last: now,
            sent: 0,
            terminated: false,
        })
    }

    /// The launch.
    pub fn launch(&self) -> &Launch {
        &self.launch
    }

    /// Whether this session may record a result (`Normal` mode; Browse and Review do not).
    pub fn records_results(&self) -> bool {
        self.data.launch_mode == "Normal"
    }

    fn now(&mut self) -> OffsetDateTime {
        let t = OffsetDateTime::now_utc().max(self.last + time::Duration::milliseconds(1));
        self.last = t;
        t
    }

    /// The context of a statement: the template, the registration, and for cmi5-defined
    /// statements the cmi5 category (and moveon where it counts towards moving on).
    fn context(&self, defined: bool, moveon: bool) -> Value {
        let mut c = if self.data.context_template.is_object() {
            self.data.context_template.clone()
        } else {
            json!({})
        };
        c["registration"] = json!(self.launch.registration);
        if defined {
            let mut categories = vec![json!({ "id": CATEGORY_CMI5 })];
            if moveon {
                categories.push(json!({ "id": CATEGORY_MOVEON }));
            }
            let ca = c
                .as_object_mut()
                .expect("an object")
                .entry("contextActivities")
                .or_insert_with(|| json!({}));
            let list = ca
                .as_object_mut()
                .map(|m| m.entry("category").or_insert_with(|| json!([])));
            if let Some(Value::Array(a)) = list {
                a.extend(categories);
            }
        }
        c
    }

    fn defined(&mut self, verb: &str, result: Option<Value>, moveon: bool) -> Value {
        let at = self.now();
        let mut s = json!({
            "id": Uuid::new_v4().to_string(),
            "actor": self.launch.actor,
            "verb": { "id": format!("{ADL}{verb}"), "display": { "en-US": verb } },
            "object": { "objectType": "Activity", "id": self.launch.activity_id },
            "context": self.context(true, moveon),
            "timestamp": timestamp(at),
        });
        if let Some(r) = result {
            s["result"] = r;
        }
        s
    }

    fn post(&mut self, what: &str, statements: &[Value]) -> Result<(), Cmi5Error> {
        let body = serde_json::to_string(statements).expect("statements serialise");
        let mut r = self
            .agent
            .post(&format!("{}statements", self.launch.endpoint))
            .header("Authorization", &self.auth)
            .header("X-Experience-API-Version", "1.0.3")
            .header("Content-Type", "application/json")
            .send(&body)
            .map_err(|e| Cmi5Error::Refused {
                verb: what.to_owned(),
                why: format!("the LRS could not be reached ({e})"),
            })?;
        let status = r.status().as_u16();
        let text = read_body(&mut r);
        match serde_json::from_str::<Vec<String>>(&text) {
            Ok(ids) if status == 200 && ids.len() == statements.len() => {
                self.sent += ids.len();
                Ok(())
            }
            _ => Err(Cmi5Error::Refused {
                verb: what.to_owned(),
                why: format!("answered {status} ({})", short(&text)),
            }),
        }
    }

    /// Sends `initialized`: the first statement of the session (9.3.2).
    pub fn initialized(&mut self) -> Result<(), Cmi5Error> {
        let s = self.defined("initialized", None, false);
        self.post("initialized", &[s])
    }

    /// Sends Frontline's own statements of an attempt as cmi5 "allowed" statements: the
    /// launch's actor, registration and session, no cmi5 category (9.6.2.1).
    pub fn allowed(&mut self, mut statements: Vec<Value>) -> Result<(), Cmi5Error> {
        for s in &mut statements {
            s["actor"] = self.launch.actor.clone();
            let ours = s["context"]["extensions"].clone();
            let mut c = self.context(false, false);
            if let (Some(target), Some(add)) = (
                c.as_object_mut()
                    .map(|m| m.entry("extensions").or_insert_with(|| json!({}))),
                ours.as_object(),
            ) && let Some(t) = target.as_object_mut()
            {
                for (k, v) in add {
                    t.insert(k.clone(), v.clone());
                }
            }
            if let Some(parent) = s["context"]["contextActivities"].get("parent").cloned() {
                c["contextActivities"]["parent"] = parent;
            }
            for key in ["platform", "language"] {
                if let Some(v) = s["context"].get(key).cloned() {
                    c[key] = v;
                }
            }
            s["context"] = c;
            // Their own ids would repeat across launches of the same attempt; these are
            // this session's statements.
            s["id"] = json!(Uuid::new_v4().to_string());
            let at = self.now();
            s["timestamp"] = json!(timestamp(at));
        }
        if statements.is_empty() {
            return Ok(());
        }
        self.post("allowed", &statements)
    }

    /// Sends `completed` and `passed` or `failed` for a finished conversation (9.3.3–9.3.5),
    /// in Normal mode only. `scaled` is the score 0–1; with a mastery score the LMS's rule
    /// decides the pass, else Frontline's pass mark. Returns whether it passed.
    pub fn result(
        &mut self,
        scaled: f64,
        frontline_passed: bool,
    ) -> Result<Option<bool>, Cmi5Error> {
        if !self.records_results() {
            return Ok(None);
        }
        let seconds = (OffsetDateTime::now_utc() - self.started).as_seconds_f64();
        let completed = self.defined(
            "completed",
            Some(json!({ "completion": true, "duration": duration(seconds) })),
            true,
        );
        self.post("completed", &[completed])?;
        let passed = match self.data.mastery_score {
            Some(m) => scaled >= m,
            None => frontline_passed,
        };
        let verb = if passed { "passed" } else { "failed" };
        let mut s = self.defined(
            verb,
            Some(json!({
                "success": passed,
                "score": { "scaled": (scaled * 10_000.0).round() / 10_000.0 },
                "duration": duration(seconds),
            })),
            true,
        );
        if let Some(m) = self.data.mastery_score {
            s["context"]["extensions"][EXT_MASTERY] = json!(m);
        }
        self.post(verb, &[s])?;
        Ok(Some(passed))
    }

    /// Sends `terminated`: the last statement of the session (9.3.8).
    pub fn terminate(&mut self) -> Result<(), Cmi5Error> {
        if self.terminated {
            return Ok(());
        }
        let seconds = (OffsetDateTime::now_utc() - self.started).as_seconds_f64();
        let s = self.defined(
            "terminated",
            Some(json!({ "duration": duration(seconds) })),
            false,
        );
        self.post("terminated", &[s])?;
        self.terminated = true;
        Ok(())
    }
}

/// A text in one language: (language tag, text).
pub type LangString<'a> = (&'a str, String);

/// One assignable unit of the course: scenario id, titles, descriptions.
pub type Unit<'a> = (String, Vec<LangString<'a>>, Vec<LangString<'a>>);

/// The course structure (cmi5 section 13) of a library: one assignable unit per scenario,
/// launched as `frontline://launch/SCENARIO`, moved on when passed. No mastery score is set:
/// Frontline's own pass rule (the pass mark *and* an ending that can pass) decides. An LMS
/// that adds one overrides it, as cmi5 requires (9.3.4).
pub fn course_xml(course_id: &str, title: &[LangString], units: &[Unit]) -> String {
    let esc = crate::html::escape;
    let lang = |list: &[LangString]| {
        list.iter()
            .map(|(l, t)| format!("<langstring lang=\"{l}\">{}</langstring>", esc(t)))
            .collect::<String>()
    };
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(
        "<courseStructure xmlns=\"https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd\">\n",
    );
    out.push_str(&format!(
        "  <course id=\"{}\">\n    <title>{}</title>\n    <description>{}</description>\n  </course>\n",
        esc(course_id),
        lang(title),
        lang(title)
    ));
    for (id, titles, summaries) in units {
        out.push_str(&format!(
            "  <au id=\"{}/au/{}\" moveOn=\"Passed\" launchMethod=\"AnyWindow\">\n    <title>{}</title>\n    <description>{}</description>\n    <url>frontline://launch/{}</url>\n  </au>\n",
            esc(course_id),
            esc(id),
            lang(titles),
            lang(summaries),
            esc(id)
        ));
    }
    out.push_str("</courseStructure>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_launch_url_gives_its_parameters_and_a_bad_one_says_what_is_missing() {
        let url = "frontline://launch/angry-customer?endpoint=http%3A%2F%2F127.0.0.1%3A9%2Fxapi%2F&fetch=http%3A%2F%2F127.0.0.1%3A9%2Ffetch%2Fab&actor=%7B%22objectType%22%3A%22Agent%22%2C%22account%22%3A%7B%22homePage%22%3A%22https%3A%2F%2Flms%22%2C%22name%22%3A%22ana%22%7D%7D&registration=7b1c8a52-9a0e-4c43-9c8a-2f9e0f3f1a11&activityId=https%3A%2F%2Flms%2Fau%2F1";
        let l = Launch::from_url(url).unwrap();
        assert_eq!(l.endpoint, "http://127.0.0.1:9/xapi/");
        assert_eq!(l.scenario.as_deref(), Some("angry-customer"));
        assert_eq!(l.learner(), "ana");
        assert_eq!(l.activity_id, "https://lms/au/1");
        let missing = url.replace("&fetch=", "&nofetch=");
        assert!(matches!(
            Launch::from_url(&missing),
            Err(Cmi5Error::BadLaunch(m)) if m.contains("`fetch`")
        ));
        let bad = url.replace("7b1c8a52", "zz");
        assert!(Launch::from_url(&bad).is_err());
        assert!(Launch::from_url("frontline://launch/x").is_err());
    }

    #[test]
    fn the_course_has_one_unit_per_scenario_at_its_pass_mark() {
        let xml = course_xml(
            "https://frontline.invalid/course",
            &[("en-US", "Frontline".into())],
            &[(
                "angry-customer".into(),
                vec![("en-US", "The customer <who>".into())],
                vec![("en-US", "A summary".into())],
            )],
        );
        assert!(
            !xml.contains("masteryScore"),
            "Frontline's pass rule decides"
        );
        assert!(xml.contains("<url>frontline://launch/angry-customer</url>"));
        assert!(xml.contains("The customer &lt;who&gt;"));
    }
}
