//! Cohort reports for a training lead: one row per attempt, and summaries per trainee and
//! per scenario, as a terminal table, CSV (one table at a time, for a spreadsheet) or JSON.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::{Attempt, QuizAttempt, timestamp};

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
    /// 5S scores; empty when the path did not rate the dimension.
    pub smile: Option<u32>,
    /// Speed.
    pub speed: Option<u32>,
    /// Standard.
    pub standard: Option<u32>,
    /// Sincere.
    pub sincere: Option<u32>,
    /// Satisfy.
    pub satisfy: Option<u32>,
    /// Number of violations.
    pub violation_count: usize,
    /// Principle ids broken, in order, separated by `;`.
    pub violations: String,
    /// Seconds from first line to ending.
    pub seconds: f64,
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
    pub smile: Option<u32>,
    /// Speed.
    pub speed: Option<u32>,
    /// Standard.
    pub standard: Option<u32>,
    /// Sincere.
    pub sincere: Option<u32>,
    /// Satisfy.
    pub satisfy: Option<u32>,
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

/// Builds the report from attempts and quiz attempts (already filtered).
pub fn build(attempts: &[Attempt], quizzes: &[QuizAttempt]) -> Report {
    let rows: Vec<AttemptRow> = attempts
        .iter()
        .map(|a| {
            let d = &a.debrief;
            let ids: Vec<&str> = d.violations.iter().map(|v| v.id.as_str()).collect();
            AttemptRow {
                id: a.id,
                finished: timestamp(a.finished),
                profile: a.profile.clone(),
                scenario: a.scenario.clone(),
                locale: a.locale.clone(),
                overall: d.overall,
                grade: d.grade,
                passed: d.passed,
                outcome: d.outcome.map(|o| o.key().to_owned()).unwrap_or_default(),
                smile: d.five_s.smile,
                speed: d.five_s.speed,
                standard: d.five_s.standard,
                sincere: d.five_s.sincere,
                satisfy: d.five_s.satisfy,
                violation_count: ids.len(),
                violations: ids.join(";"),
                seconds: ((a.finished - a.started).as_seconds_f64() * 10.0).round() / 10.0,
            }
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
            let theirs: Vec<&QuizAttempt> =
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
                quiz_correct: theirs.iter().map(|q| q.result.correct).sum(),
                quiz_total: theirs.iter().map(|q| q.result.total).sum(),
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
                smile: mean(list.iter().filter_map(|r| r.smile)),
                speed: mean(list.iter().filter_map(|r| r.speed)),
                standard: mean(list.iter().filter_map(|r| r.standard)),
                sincere: mean(list.iter().filter_map(|r| r.sincere)),
                satisfy: mean(list.iter().filter_map(|r| r.satisfy)),
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
    /// The header is written even when there are no rows.
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
                cell(r.smile),
                cell(r.speed),
                cell(r.standard),
                cell(r.sincere),
                cell(r.satisfy),
                if r.violations.is_empty() {
                    "-".to_owned()
                } else {
                    r.violations.replace(';', " ")
                },
            ]);
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
                cell(r.smile),
                cell(r.speed),
                cell(r.standard),
                cell(r.sincere),
                cell(r.satisfy),
                if r.most_broken.is_empty() {
                    "-".to_owned()
                } else {
                    r.most_broken.clone()
                },
            ]);
        }
        columns(&mut out, &t);
        out
    }
}

/// Field names of a row type, so an empty table still gets its header.
trait HeaderNames {
    const NAMES: &'static [&'static str];
}

impl HeaderNames for AttemptRow {
    const NAMES: &'static [&'static str] = &[
        "id",
        "finished",
        "profile",
        "scenario",
        "locale",
        "overall",
        "grade",
        "passed",
        "outcome",
        "smile",
        "speed",
        "standard",
        "sincere",
        "satisfy",
        "violation_count",
        "violations",
        "seconds",
    ];
}

impl HeaderNames for TraineeRow {
    const NAMES: &'static [&'static str] = &[
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
}

impl HeaderNames for ScenarioRow {
    const NAMES: &'static [&'static str] = &[
        "scenario",
        "attempts",
        "trainees",
        "pass_rate",
        "mean",
        "smile",
        "speed",
        "standard",
        "sincere",
        "satisfy",
        "most_broken",
    ];
}

fn write_all<T: Serialize + HeaderNames>(
    w: &mut csv::Writer<Vec<u8>>,
    rows: &[T],
) -> csv::Result<()> {
    w.write_record(T::NAMES)?;
    for r in rows {
        w.serialize(r)?;
    }
    w.flush()?;
    Ok(())
}

/// Pads columns to their widest cell (counting CJK as two).
fn columns(out: &mut String, rows: &[Vec<String>]) {
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
