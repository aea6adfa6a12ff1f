//! What an edit does to real trainees before it is published: every recorded attempt of a
//! scenario played again, answer by answer, on the file as it is now, and scored with
//! today's catalogue. An attempt whose score, pass or ending would change is listed; one
//! whose path no longer exists (a node or choice renamed or removed, a branch that now leads
//! elsewhere) is listed as no longer replayable.

use serde::Serialize;

use frontline_core::catalogue::Catalogue;
use frontline_core::scenario::Scenario;
use frontline_core::score::score;
use frontline_core::session::Session;

use crate::{Attempt, timestamp};

/// What the current file makes of one attempt.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    /// Same score, pass and ending.
    Unchanged,
    /// Scored differently today.
    Changed {
        /// Overall score today.
        overall: u32,
        /// Whether it passes today.
        passed: bool,
        /// Ending today (`None`: not finished).
        outcome: Option<String>,
    },
    /// The recorded answers no longer make a path through the file.
    Unreplayable {
        /// Which answer failed, and why.
        reason: String,
    },
}

/// One attempt re-scored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rescored {
    /// Row id in the records.
    pub id: i64,
    /// Learner.
    pub profile: String,
    /// Locale of the file played.
    pub locale: String,
    /// When it finished, UTC.
    pub finished: String,
    /// Overall score as recorded.
    pub recorded: u32,
    /// Pass as recorded.
    pub recorded_passed: bool,
    /// Ending as recorded.
    pub recorded_outcome: Option<String>,
    /// What the current file gives.
    #[serde(flatten)]
    pub verdict: Verdict,
}

/// Plays the recorded answers on `scenario` as it is now, from the recorded seed and pace,
/// by choice id. Unlike [`Attempt::replay`] it accepts an edited file: the point is to see
/// what the edit does.
pub fn replay_on_current(a: &Attempt, scenario: &Scenario) -> Result<Session, String> {
    let mut session = Session::start(scenario, a.seed)
        .map_err(|e| e.to_string())?
        .with_pace(a.pace);
    for (i, c) in a.choices.iter().enumerate() {
        let turn = i + 1;
        if session.is_over() {
            return Err(format!(
                "the conversation now ends before answer {turn} ({} at {})",
                c.choice, c.node
            ));
        }
        let here = &scenario.nodes[session.node_index()];
        if here.id.as_str() != c.node {
            return Err(format!(
                "answer {turn} was given at node {}, but the path now reaches {} there",
                c.node, here.id
            ));
        }
        session
            .choose(scenario, &c.choice.as_str().into(), c.response_time)
            .map_err(|e| format!("answer {turn} ({} at {}): {e}", c.choice, c.node))?;
    }
    if a.debrief.outcome.is_some() && !session.is_over() {
        let node = &scenario.nodes[session.node_index()];
        return Err(format!(
            "the conversation no longer ends after answer {}: it goes on to {}",
            a.choices.len(),
            node.id
        ));
    }
    Ok(session)
}

/// Re-scores one attempt on the current file.
pub fn rescore(a: &Attempt, scenario: &Scenario, catalogue: &Catalogue) -> Rescored {
    let verdict = match replay_on_current(a, scenario) {
        Err(reason) => Verdict::Unreplayable { reason },
        Ok(session) => match score(scenario, catalogue, &session) {
            Err(e) => Verdict::Unreplayable {
                reason: e.to_string(),
            },
            Ok(d) => {
                let outcome = d.outcome.map(|o| o.key().to_owned());
                if d.overall == a.debrief.overall
                    && d.passed == a.debrief.passed
                    && d.outcome == a.debrief.outcome
                {
                    Verdict::Unchanged
                } else {
                    Verdict::Changed {
                        overall: d.overall,
                        passed: d.passed,
                        outcome,
                    }
                }
            }
        },
    };
    Rescored {
        id: a.id,
        profile: a.profile.clone(),
        locale: a.locale.clone(),
        finished: timestamp(a.finished),
        recorded: a.debrief.overall,
        recorded_passed: a.debrief.passed,
        recorded_outcome: a.debrief.outcome.map(|o| o.key().to_owned()),
        verdict,
    }
}

/// The totals of a re-scoring.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Attempts looked at.
    pub attempts: usize,
    /// Scored the same.
    pub unchanged: usize,
    /// Scored differently.
    pub changed: usize,
    /// Passed then, fail now.
    pub pass_to_fail: usize,
    /// Failed then, pass now.
    pub fail_to_pass: usize,
    /// Cannot be replayed on the current file.
    pub unreplayable: usize,
}

impl Summary {
    /// Totals over the rows.
    pub fn of(rows: &[Rescored]) -> Summary {
        let mut s = Summary {
            attempts: rows.len(),
            ..Default::default()
        };
        for r in rows {
            match &r.verdict {
                Verdict::Unchanged => s.unchanged += 1,
                Verdict::Changed { passed, .. } => {
                    s.changed += 1;
                    match (r.recorded_passed, *passed) {
                        (true, false) => s.pass_to_fail += 1,
                        (false, true) => s.fail_to_pass += 1,
                        _ => {}
                    }
                }
                Verdict::Unreplayable { .. } => s.unreplayable += 1,
            }
        }
        s
    }
}
