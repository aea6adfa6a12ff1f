//! xAPI 1.0.3 statements for the recorded attempts, ready for a Learning Record Store.
//!
//! Per conversation: `attempted` (the start), one `answered` per choice carrying the
//! principles it applied and broke in `result.extensions`, `completed` with the overall
//! score, then `passed` or `failed`. Per quiz: `attempted`, one `answered` per statement,
//! `completed`, `passed`/`failed`. Every statement id is a UUID v5 of the attempt's UUID and
//! the statement's index, so exporting or sending again yields the same ids and an LRS
//! never stores a statement twice.

use serde_json::{Value, json};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::{Attempt, QuizAttempt, timestamp};

/// Where activity ids, extension keys and trainee accounts live unless configured.
pub const DEFAULT_BASE: &str = "https://frontline.invalid/xapi";

/// How statements name things.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Naming {
    /// Base IRI of activity ids and extension keys (no trailing slash).
    pub base: String,
    /// `account.homePage` of each trainee: the system where the name is their login.
    pub home_page: String,
}

impl Default for Naming {
    fn default() -> Self {
        Naming {
            base: DEFAULT_BASE.to_owned(),
            home_page: format!("{DEFAULT_BASE}/trainees"),
        }
    }
}

const ADL: &str = "http://adlnet.gov/expapi/verbs/";

fn verb(name: &str) -> Value {
    json!({ "id": format!("{ADL}{name}"), "display": { "en-US": name } })
}

/// An ISO 8601 duration with hundredths of a second, as xAPI asks: `PT4M12.5S`.
pub fn duration(seconds: f64) -> String {
    let centis = (seconds.max(0.0) * 100.0).round() as u64;
    let (h, rest) = (centis / 360_000, centis % 360_000);
    let (m, c) = (rest / 6000, rest % 6000);
    let mut out = String::from("PT");
    if h > 0 {
        out.push_str(&format!("{h}H"));
    }
    if m > 0 {
        out.push_str(&format!("{m}M"));
    }
    if c > 0 || (h == 0 && m == 0) {
        let s = format!("{}.{:02}", c / 100, c % 100);
        let s = s.trim_end_matches('0').trim_end_matches('.');
        out.push_str(&format!("{s}S"));
    }
    out
}

/// Language tag for a content locale.
fn language(locale: &str) -> &str {
    match locale {
        "zh" => "zh-CN",
        "ko" => "ko-KR",
        "en" => "en-US",
        other => other,
    }
}

struct Builder<'a> {
    naming: &'a Naming,
    registration: Uuid,
    actor: Value,
    language: &'a str,
    parent: Value,
    extensions: Value,
    out: Vec<Value>,
}

impl Builder<'_> {
    fn push(
        &mut self,
        verb_name: &str,
        object: Value,
        result: Option<Value>,
        at: OffsetDateTime,
        parent: bool,
    ) {
        let index = self.out.len();
        let mut context = json!({
            "registration": self.registration.to_string(),
            "platform": "Frontline",
            "language": self.language,
            "extensions": self.extensions,
        });
        if parent {
            context["contextActivities"] = json!({ "parent": [self.parent] });
        }
        let mut s = json!({
            "id": Uuid::new_v5(&self.registration, index.to_string().as_bytes()).to_string(),
            "actor": self.actor,
            "verb": verb(verb_name),
            "object": object,
            "context": context,
            "timestamp": timestamp(at),
            "version": "1.0.3",
        });
        if let Some(r) = result {
            s["result"] = r;
        }
        self.out.push(s);
    }

    fn ext(&self, name: &str) -> String {
        format!("{}/extensions/{name}", self.naming.base)
    }
}

fn actor(naming: &Naming, profile: &str) -> Value {
    json!({
        "objectType": "Agent",
        "name": profile,
        "account": { "homePage": naming.home_page, "name": profile },
    })
}

fn text(lang: &str, s: &str) -> Value {
    json!({ lang: s })
}

/// Turns an IRI path segment from an id: ids are already `[a-z0-9._-]`, but a stray
/// character must not break the IRI.
fn segment(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-._~".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The statements of one conversation.
pub fn attempt_statements(a: &Attempt, naming: &Naming) -> Vec<Value> {
    let lang = language(&a.locale);
    let scenario_iri = format!("{}/scenarios/{}", naming.base, segment(&a.scenario));
    let activity = json!({
        "objectType": "Activity",
        "id": scenario_iri,
        "definition": {
            "name": text(lang, &a.title),
            "type": "http://adlnet.gov/expapi/activities/simulation",
        },
    });
    let ext = |name: &str| format!("{}/extensions/{name}", naming.base);
    let mut b = Builder {
        naming,
        registration: a.uuid,
        actor: actor(naming, &a.profile),
        language: lang,
        parent: activity.clone(),
        extensions: json!({
            ext("seed"): a.seed,
            ext("content-hash"): a.content_hash,
            ext("app-version"): a.app_version,
            ext("coach-mode"): a.coach,
        }),
        out: Vec::new(),
    };
    b.push("attempted", activity.clone(), None, a.started, false);
    let d = &a.debrief;
    for (i, c) in d.choices.iter().enumerate() {
        let applied: Vec<&str> = d
            .applied
            .iter()
            .filter(|m| m.turn == c.turn)
            .map(|m| m.id.as_str())
            .collect();
        let violated: Vec<&str> = d
            .violations
            .iter()
            .filter(|m| m.turn == c.turn)
            .map(|m| m.id.as_str())
            .collect();
        let mut result = json!({
            "response": c.choice.to_string(),
            "success": c.best_on_offer,
            "score": { "raw": c.points.total() },
            "extensions": {
                b.ext("applied"): applied,
                b.ext("violated"): violated,
                b.ext("points"): c.points,
                b.ext("choice-text"): c.text,
                b.ext("mood"): { "before": c.mood_before, "after": c.mood_after },
            },
        });
        if let Some(t) = c.response_time {
            result["duration"] = json!(duration(t as f64));
        }
        let object = json!({
            "objectType": "Activity",
            "id": format!("{scenario_iri}/nodes/{}", segment(c.node.as_str())),
            "definition": {
                "name": text(lang, &format!("{} · {}", a.title, c.node)),
                "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
                "interactionType": "choice",
            },
        });
        let at = a.choices.get(i).map_or(a.finished, |r| r.answered);
        b.push("answered", object, Some(result), at, true);
    }
    let seconds = (a.finished - a.started).as_seconds_f64();
    let outcome = d.outcome.map(|o| o.key()).unwrap_or("abandoned");
    let overall = json!({
        "score": { "scaled": d.overall as f64 / 100.0, "raw": d.overall, "min": 0, "max": 100 },
        "success": d.passed,
        "completion": d.outcome.is_some(),
        "duration": duration(seconds),
        "extensions": {
            b.ext("outcome"): outcome,
            b.ext("five-s"): d.five_s,
            b.ext("violated"): d.violations.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(),
            b.ext("penalty"): d.penalty,
        },
    });
    b.push(
        "completed",
        activity.clone(),
        Some(overall.clone()),
        a.finished,
        false,
    );
    b.push(
        if d.passed { "passed" } else { "failed" },
        activity,
        Some(overall),
        a.finished,
        false,
    );
    b.out
}

/// The statements of one quiz.
pub fn quiz_statements(q: &QuizAttempt, naming: &Naming) -> Vec<Value> {
    let lang = language(&q.locale);
    let quiz_iri = format!("{}/quizzes/{}", naming.base, segment(&q.quiz));
    let activity = json!({
        "objectType": "Activity",
        "id": quiz_iri,
        "definition": {
            "name": text(lang, &q.title),
            "type": "http://adlnet.gov/expapi/activities/assessment",
        },
    });
    let ext = |name: &str| format!("{}/extensions/{name}", naming.base);
    let mut b = Builder {
        naming,
        registration: q.uuid,
        actor: actor(naming, &q.profile),
        language: lang,
        parent: activity.clone(),
        extensions: json!({
            ext("content-hash"): q.content_hash,
            ext("app-version"): q.app_version,
            ext("key-inferred"): q.result.key_inferred,
        }),
        out: Vec::new(),
    };
    b.push("attempted", activity.clone(), None, q.started, false);
    for item in &q.result.items {
        let object = json!({
            "objectType": "Activity",
            "id": format!("{quiz_iri}/items/{}", segment(item.id.as_str())),
            "definition": {
                "name": text(lang, item.id.as_str()),
                "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
                "interactionType": "true-false",
                "correctResponsesPattern": [item.key.to_string()],
            },
        });
        let result = json!({
            "response": item.answer.to_string(),
            "success": item.correct,
        });
        b.push("answered", object, Some(result), q.finished, true);
    }
    let r = &q.result;
    let overall = json!({
        "score": {
            "scaled": if r.total == 0 { 0.0 } else { r.correct as f64 / r.total as f64 },
            "raw": r.correct, "min": 0, "max": r.total,
        },
        "success": r.passed,
        "completion": true,
        "duration": duration((q.finished - q.started).as_seconds_f64()),
    });
    b.push(
        "completed",
        activity.clone(),
        Some(overall.clone()),
        q.finished,
        false,
    );
    b.push(
        if r.passed { "passed" } else { "failed" },
        activity,
        Some(overall),
        q.finished,
        false,
    );
    b.out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_iso_8601_with_hundredths() {
        assert_eq!(duration(0.0), "PT0S");
        assert_eq!(duration(4.2), "PT4.2S");
        assert_eq!(duration(252.5), "PT4M12.5S");
        assert_eq!(duration(3600.0), "PT1H");
        assert_eq!(duration(3661.005), "PT1H1M1.01S");
        assert_eq!(duration(60.0), "PT1M");
        assert_eq!(duration(-3.0), "PT0S");
    }

    #[test]
    fn every_locale_has_its_language_tag() {
        assert_eq!(language("en"), "en-US");
        assert_eq!(language("zh"), "zh-CN");
        assert_eq!(language("ko"), "ko-KR");
    }

    #[test]
    fn segments_keep_iri_safe_characters() {
        assert_eq!(segment("angry-customer"), "angry-customer");
        assert_eq!(segment("quiz.angry.q03"), "quiz.angry.q03");
        assert_eq!(segment("a b/ü"), "a_b__");
    }
}
