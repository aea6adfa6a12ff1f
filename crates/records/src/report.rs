//! Cohort reports for a training lead: one row per attempt, and summaries per trainee and
//! per scenario, as a terminal table, CSV (one table at a time, for a spreadsheet) or JSON.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use frontline_core::five_s::{Dimension, Scores};

use crate::{Attempt, AttemptSummary, QuizAttempt, QuizSummary, timestamp};

/// One attempt, flattened.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttemptRow {
    /// Row id in the records (for `compare` and `replay`).
    pub id: i64,
    /// When it finished, UTC.
    pub finished: String,
    /// Trainee.
    pub profile: String,
    /// Scenario id.
    pub scenario: String,
    /// Scenario locale.
    pub locale: String,
    /// Overall score 0–100.
    pub overall: u32,
    /// Letter grade.
    pub grade: char,
    /// Whether it passed.
    pub passed: bool,
    /// How it ended (`resolved_loyal`, …; empty when abandoned).
    pub outcome: String,
    /// 5S scores (`smile`, `speed`, …); empty when the path did not rate the dimension.
    #[serde(flatten)]
    pub five_s: Scores,
    /// Number of violations.
    pub violation_count: usize,
    /// Principle ids broken, in order, separated by `;`.
    pub violations: String,
    /// Seconds from first line to ending.
    pub seconds: f64,
    /// The LRS the attempt was gathered from (`frontline pull`); empty when recorded here.
    pub source: String,
}

/// One trainee's totals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TraineeRow {
    /// Trainee.
    pub profile: String,
    /// Scenario attempts.
    pub attempts: usize,
    /// Attempts passed.
    pub passed: usize,
    /// Mean overall score.
    pub mean: u32,
    /// Best overall score.
    pub best: u32,
    /// Distinct scenarios played.
    pub scenarios: usize,
    /// Quizzes taken.
    pub quizzes: usize,
    /// Quiz answers right, over all quizzes taken.
    pub quiz_correct: u32,
    /// Quiz statements answered.
    pub quiz_total: u32,
    /// Last activity, UTC.
    pub last: String,
}

/// One scenario's totals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioRow {
    /// Scenario id.
    pub scenario: String,
    /// Attempts.
    pub attempts: usize,
    /// Distinct trainees.
    pub trainees: usize,
    /// Share of attempts passed, 0–100.
    pub pass_rate: u32,
    /// Mean overall score.
    pub mean: u32,
    /// Mean per 5S dimension over the attempts that rated it.
    #[serde(flatten)]
    pub five_s: Scores,
    /// The principle broken most often here, with the count.
    pub most_broken: String,
}

/// Everything `frontline report` prints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// One row per attempt, oldest first.
    pub attempts: Vec<AttemptRow>,
    /// Per trainee, by name.
    pub trainees: Vec<TraineeRow>,
    /// Per scenario, by id.
    pub scenarios: Vec<ScenarioRow>,
}

fn mean(values: impl Iterator<Item = u32>) -> Option<u32> {
    let (sum, n) = values.fold((0u64, 0u64), |(s, n), v| (s + v as u64, n + 1));
    (n > 0).then(|| ((sum + n / 2) / n) as u32)
}

impl From<&Attempt> for AttemptSummary {
    fn from(a: &Attempt) -> AttemptSummary {
        let d = &a.debrief;
        let f = &d.five_s;
        AttemptSummary {
            id: a.id,
            profile: a.profile.clone(),
            scenario: a.scenario.clone(),
            locale: a.locale.clone(),
            started: a.started,
            finished: a.finished,
            overall: d.overall,
            passed: d.passed,
            outcome: d.outcome.map(|o| o.key().to_owned()),
            five_s: *f,
            violations: d.violations.iter().map(|v| v.id.to_string()).collect(),
            source: None,
        }
    }
}

impl From<&QuizAttempt> for QuizSummary {
    fn from(q: &QuizAttempt) -> QuizSummary {
        QuizSummary {
            profile: q.profile.clone(),
            quiz: q.quiz.clone(),
            finished: q.finished,
            correct: q.result.correct,
            total: q.result.total,
        }
    }
}

/// Builds the report from attempts and quiz attempts (already filtered).
pub fn build(attempts: &[AttemptSummary], quizzes: &[QuizSummary]) -> Report {
    let rows: Vec<AttemptRow> = attempts
        .iter()
        .map(|a| AttemptRow {
            id: a.id,
            finished: timestamp(a.finished),
            profile: a.profile.clone(),
            scenario: a.scenario.clone(),
            locale: a.locale.clone(),
            overall: a.overall,
            grade: frontline_core::score::grade(a.overall),
            passed: a.passed,
            outcome: a.outcome.clone().unwrap_or_default(),
            five_s: a.five_s,
            violation_count: a.violations.len(),
            violations: a.violations.join(";"),
            seconds: ((a.finished - a.started).as_seconds_f64() * 10.0).round() / 10.0,
            source: a
                .source
                .as_deref()
                .map(crate::lrs::redact_url)
                .unwrap_or_default(),
        })
        .collect();

    let mut trainees: BTreeMap<&str, Vec<&AttemptRow>> = BTreeMap::new();
    for r in &rows {
        trainees.entry(&r.profile).or_default().push(r);
    }
    for q in quizzes {
        trainees.entry(&q.profile).or_default();
    }
    let trainees = trainees
        .into_iter()
        .map(|(profile, list)| {
            let theirs: Vec<&QuizSummary> =
                quizzes.iter().filter(|q| q.profile == profile).collect();
            let last = list
                .iter()
                .map(|r| r.finished.clone())
                .chain(theirs.iter().map(|q| timestamp(q.finished)))
                .max()
                .unwrap_or_default();
            let mut scenarios: Vec<&str> = list.iter().map(|r| r.scenario.as_str()).collect();
            scenarios.sort();
            scenarios.dedup();
            TraineeRow {
                profile: profile.to_owned(),
                attempts: list.len(),
                passed: list.iter().filter(|r| r.passed).count(),
                mean: mean(list.iter().map(|r| r.overall)).unwrap_or(0),
                best: list.iter().map(|r| r.overall).max().unwrap_or(0),
                scenarios: scenarios.len(),
                quizzes: theirs.len(),
                quiz_correct: theirs.iter().map(|q| q.correct).sum(),
                quiz_total: theirs.iter().map(|q| q.total).sum(),
                last,
            }
        })
        .collect();

    let mut by_scenario: BTreeMap<&str, Vec<&AttemptRow>> = BTreeMap::new();
    for r in &rows {
        by_scenario.entry(&r.scenario).or_default().push(r);
    }
    let scenarios = by_scenario
        .into_iter()
        .map(|(scenario, list)| {
            let mut who: Vec<&str> = list.iter().map(|r| r.profile.as_str()).collect();
            who.sort();
            who.dedup();
            let mut broken: BTreeMap<&str, usize> = BTreeMap::new();
            for r in &list {
                for id in r.violations.split(';').filter(|s| !s.is_empty()) {
                    *broken.entry(id).or_default() += 1;
                }
            }
            let most_broken = broken
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(id, n)| format!("{id} ×{n}"))
                .unwrap_or_default();
            ScenarioRow {
                scenario: scenario.to_owned(),
                attempts: list.len(),
                trainees: who.len(),
                pass_rate: (list.iter().filter(|r| r.passed).count() * 100 / list.len()) as u32,
                mean: mean(list.iter().map(|r| r.overall)).unwrap_or(0),
                five_s: Scores::from_fn(|d| mean(list.iter().filter_map(|r| r.five_s[d]))),
                most_broken,
            }
        })
        .collect();
    Report {
        attempts: rows,
        trainees,
        scenarios,
    }
}

/// Which table a CSV holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    /// One row per attempt.
    Attempts,
    /// One row per trainee.
    Trainees,
    /// One row per scenario.
    Scenarios,
}

impl Report {
    /// One table as CSV with a header row (RFC 4180: commas, quotes where needed, CRLF).
    /// The header is written even when there are no rows. A cell a spreadsheet would take
    /// for a formula (one starting `=`, `+`, `-`, `@`, a tab or a carriage return: a trainee
    /// named `=HYPERLINK(…)`) is prefixed with `'`, as OWASP recommends, so it stays text.
    pub fn csv(&self, table: Table) -> String {
        let mut w = csv::WriterBuilder::new()
            .has_headers(false)
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        let result = match table {
            Table::Attempts => write_all(&mut w, &self.attempts),
            Table::Trainees => write_all(&mut w, &self.trainees),
            Table::Scenarios => write_all(&mut w, &self.scenarios),
        };
        result.expect("writing CSV to memory cannot fail");
        String::from_utf8(w.into_inner().expect("in-memory writer")).expect("CSV of UTF-8 text")
    }

    /// All three tables for a terminal.
    pub fn table(&self) -> String {
        let mut out = String::new();
        let cell = |v: Option<u32>| v.map_or("-".to_owned(), |v| v.to_string());
        let _ = writeln!(out, "Attempts ({}; times in UTC)", self.attempts.len());
        let mut t = vec![
            [
                "id",
                "finished",
                "trainee",
                "scenario",
                "lang",
                "score",
                "grade",
                "result",
                "outcome",
                "smile",
                "speed",
                "stand.",
                "sinc.",
                "satisfy",
                "violations",
            ]
            .map(str::to_owned)
            .to_vec(),
        ];
        for r in &self.attempts {
            t.push(vec![
                r.id.to_string(),
                r.finished[..16].replace('T', " "),
                r.profile.clone(),
                r.scenario.clone(),
                r.locale.clone(),
                r.overall.to_string(),
                r.grade.to_string(),
                if r.passed { "pass" } else { "fail" }.to_owned(),
                if r.outcome.is_empty() {
                    "-".to_owned()
                } else {
                    r.outcome.clone()
                },
            ]);
            t.last_mut()
                .expect("just pushed")
                .extend(r.five_s.0.map(cell));
            t.last_mut()
                .expect("just pushed")
                .extend([if r.violations.is_empty() {
                    "-".to_owned()
                } else {
                    r.violations.replace(';', " ")
                }]);
        }
        columns(&mut out, &t);
        let _ = writeln!(out, "\nTrainees ({})", self.trainees.len());
        let mut t = vec![
            [
                "trainee",
                "attempts",
                "passed",
                "mean",
                "best",
                "scenarios",
                "quizzes",
                "quiz right",
                "last",
            ]
            .map(str::to_owned)
            .to_vec(),
        ];
        for r in &self.trainees {
            t.push(vec![
                r.profile.clone(),
                r.attempts.to_string(),
                r.passed.to_string(),
                r.mean.to_string(),
                r.best.to_string(),
                r.scenarios.to_string(),
                r.quizzes.to_string(),
                format!("{}/{}", r.quiz_correct, r.quiz_total),
                r.last.get(..16).unwrap_or("-").replace('T', " "),
            ]);
        }
        columns(&mut out, &t);
        let _ = writeln!(out, "\nScenarios ({})", self.scenarios.len());
        let mut t = vec![
            [
                "scenario",
                "attempts",
                "trainees",
                "pass %",
                "mean",
                "smile",
                "speed",
                "stand.",
                "sinc.",
                "satisfy",
                "most broken",
            ]
            .map(str::to_owned)
            .to_vec(),
        ];
        for r in &self.scenarios {
            t.push(vec![
                r.scenario.clone(),
                r.attempts.to_string(),
                r.trainees.to_string(),
                r.pass_rate.to_string(),
                r.mean.to_string(),
            ]);
            t.last_mut()
                .expect("just pushed")
                .extend(r.five_s.0.map(cell));
            t.last_mut()
                .expect("just pushed")
                .extend([if r.most_broken.is_empty() {
                    "-".to_owned()
                } else {
                    r.most_broken.clone()
                }]);
        }
        columns(&mut out, &t);
        out
    }
}

/// Field names of a row type, in order, so an empty table still gets its header; the five
/// 5S columns come from [`Dimension::KEYS`].
trait HeaderNames {
    const BEFORE: &'static [&'static str];
    const AFTER: &'static [&'static str];

    fn names() -> Vec<&'static str> {
        Self::BEFORE
            .iter()
            .chain(&Dimension::KEYS)
            .chain(Self::AFTER)
            .copied()
            .collect()
    }
}

impl HeaderNames for AttemptRow {
    const BEFORE: &'static [&'static str] = &[
        "id", "finished", "profile", "scenario", "locale", "overall", "grade", "passed", "outcome",
    ];
    const AFTER: &'static [&'static str] = &["violation_count", "violations", "seconds"];
}

impl HeaderNames for TraineeRow {
    const BEFORE: &'static [&'static str] = &[
        "profile",
        "attempts",
        "passed",
        "mean",
        "best",
        "scenarios",
        "quizzes",
        "quiz_correct",
        "quiz_total",
        "last",
    ];
    const AFTER: &'static [&'static str] = &[];

    fn names() -> Vec<&'static str> {
        Self::BEFORE.to_vec()
    }
}

impl HeaderNames for ScenarioRow {
    const BEFORE: &'static [&'static str] =
        &["scenario", "attempts", "trainees", "pass_rate", "mean"];
    const AFTER: &'static [&'static str] = &["most_broken"];
}

/// A cell as a spreadsheet will read it: text that would start a formula gets a `'`.
pub fn neutralised(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

fn write_all<T: Serialize + HeaderNames>(
    w: &mut csv::Writer<Vec<u8>>,
    rows: &[T],
) -> csv::Result<()> {
    let names = T::names();
    w.write_record(&names)?;
    for r in rows {
        // Through JSON to get each field as text in header order, then neutralised.
        let value = serde_json::to_value(r).expect("rows serialise");
        let cells: Vec<String> = names
            .iter()
            .map(|n| match &value[*n] {
                serde_json::Value::Null => String::new(),
                serde_json::Value::String(s) => neutralised(s).into_owned(),
                other => other.to_string(),
            })
            .collect();
        w.write_record(&cells)?;
    }
    w.flush()?;
    Ok(())
}

/// Pads columns to their widest cell (counting CJK as two).
fn columns(out: &mut String, rows: &[Vec<String>]) {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| frontline_core::text::visible(c).into_owned())
                .collect()
        })
        .collect();
    let rows = &rows;
    let width = |s: &str| textwrap::core::display_width(s);
    let n = rows.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..n)
        .map(|c| rows.iter().map(|r| width(&r[c])).max().unwrap_or(0))
        .collect();
    for r in rows {
        let mut line = String::new();
        for (c, cell) in r.iter().enumerate() {
            line.push_str(cell);
            if c + 1 < n {
                line.push_str(&" ".repeat(widths[c] - width(cell) + 2));
            }
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
}
