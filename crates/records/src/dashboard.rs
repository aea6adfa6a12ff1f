//! The training lead's view of a cohort: learners × scenarios, how often each principle is
//! broken where it is at stake, the 5S profile of the cohort and of each learner, and the
//! trend by week. One model feeds the game's Team screen and `report --html`, so the two
//! never disagree.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use time::{Date, Duration, OffsetDateTime};

use frontline_core::five_s::{Dimension, Scores};

use crate::AttemptSummary;

/// Which attempts the dashboard covers. Every field narrows; the default covers all.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DashboardFilter {
    /// Only attempts finished at or after this moment.
    pub since: Option<OffsetDateTime>,
    /// Only this scenario id.
    pub scenario: Option<String>,
    /// Only this content locale (`en`, `zh`, `ko`, …).
    pub locale: Option<String>,
    /// Only these learners (a group from `groups.ron`).
    pub learners: Option<BTreeSet<String>>,
}

impl DashboardFilter {
    /// Whether the attempt is covered.
    pub fn admits(&self, a: &AttemptSummary) -> bool {
        self.since.is_none_or(|t| a.finished >= t)
            && self.scenario.as_ref().is_none_or(|s| *s == a.scenario)
            && self.locale.as_ref().is_none_or(|l| *l == a.locale)
            && self
                .learners
                .as_ref()
                .is_none_or(|g| g.contains(&a.profile))
    }
}

/// One learner on one scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// Learner.
    pub learner: String,
    /// Scenario id.
    pub scenario: String,
    /// Best overall score.
    pub best: u32,
    /// Attempts made.
    pub attempts: usize,
    /// Attempts that passed.
    pub passed: usize,
}

/// How often a principle was broken where it was at stake.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BreakRate {
    /// Principle id.
    pub principle: String,
    /// Attempts of scenarios that can break it.
    pub at_stake: usize,
    /// Of those, attempts that broke it at least once.
    pub broken: usize,
    /// `broken` as a whole percentage of `at_stake`, rounded half up.
    pub rate: u32,
}

/// One learner's 5S means.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LearnerProfile {
    /// Learner.
    pub learner: String,
    /// Attempts counted.
    pub attempts: usize,
    /// Attempts passed.
    pub passed: usize,
    /// Mean per dimension over the attempts that rated it.
    pub five_s: Scores,
}

/// One calendar week (ISO: Monday to Sunday, UTC).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Week {
    /// The Monday, `YYYY-MM-DD`.
    pub monday: String,
    /// Attempts finished that week.
    pub attempts: usize,
    /// Of those, passed.
    pub passed: usize,
    /// Share passed, whole percent.
    pub pass_rate: u32,
    /// Mean overall score.
    pub mean: u32,
}

/// Everything the Team screen and the HTML report show.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Dashboard {
    /// Attempts covered.
    pub attempts: usize,
    /// Of those, passed.
    pub passed: usize,
    /// Mean overall score of the attempts covered.
    pub mean: u32,
    /// Learners, by name.
    pub learners: Vec<String>,
    /// Scenario ids, sorted.
    pub scenarios: Vec<String>,
    /// Learner × scenario, only where the learner played it, learner-major.
    pub cells: Vec<Cell>,
    /// Principles broken at least once, most often broken first (by rate, then count, then id).
    pub principles: Vec<BreakRate>,
    /// 5S means of the whole cohort.
    pub five_s: Scores,
    /// 5S means per learner, by name.
    pub profiles: Vec<LearnerProfile>,
    /// Weeks from the first to the last attempt, empty weeks included, oldest first.
    pub weeks: Vec<Week>,
}

fn mean(values: impl Iterator<Item = u32>) -> Option<u32> {
    let (sum, n) = values.fold((0u64, 0u64), |(s, n), v| (s + v as u64, n + 1));
    (n > 0).then(|| ((sum + n / 2) / n) as u32)
}

/// Whole percent, rounded half up (the heat graph's rule).
pub(crate) fn percent(part: usize, whole: usize) -> u32 {
    frontline_core::heat::share(part, whole)
}

fn monday(t: OffsetDateTime) -> Date {
    let d = t.to_offset(time::UtcOffset::UTC).date();
    d - Duration::days(d.weekday().number_days_from_monday() as i64)
}

/// Builds the dashboard. `at_stake` names, per scenario id of the library, the principles a
/// choice in it can break; a scenario the library does not hold (pulled from another machine
/// with other content) counts a principle at stake where one of its attempts broke it.
pub fn build(
    attempts: &[AttemptSummary],
    filter: &DashboardFilter,
    at_stake: &BTreeMap<String, BTreeSet<String>>,
) -> Dashboard {
    let covered: Vec<&AttemptSummary> = attempts.iter().filter(|a| filter.admits(a)).collect();

    let mut cells: BTreeMap<(&str, &str), Cell> = BTreeMap::new();
    let mut learners: BTreeMap<&str, Vec<&AttemptSummary>> = BTreeMap::new();
    let mut by_scenario: BTreeMap<&str, Vec<&AttemptSummary>> = BTreeMap::new();
    for a in &covered {
        let cell = cells
            .entry((&a.profile, &a.scenario))
            .or_insert_with(|| Cell {
                learner: a.profile.clone(),
                scenario: a.scenario.clone(),
                best: 0,
                attempts: 0,
                passed: 0,
            });
        cell.best = cell.best.max(a.overall);
        cell.attempts += 1;
        cell.passed += a.passed as usize;
        learners.entry(&a.profile).or_default().push(a);
        by_scenario.entry(&a.scenario).or_default().push(a);
    }

    let mut stakes: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (scenario, list) in &by_scenario {
        let broken_here: BTreeSet<&str> = list
            .iter()
            .flat_map(|a| a.violations.iter().map(String::as_str))
            .collect();
        let principles: BTreeSet<&str> = match at_stake.get(*scenario) {
            // A principle broken here that the current file no longer tests was still at
            // stake when it was broken.
            Some(known) => known
                .iter()
                .map(String::as_str)
                .chain(broken_here.iter().copied())
                .collect(),
            None => broken_here,
        };
        for p in principles {
            let entry = stakes.entry(p).or_default();
            entry.0 += list.len();
            entry.1 += list
                .iter()
                .filter(|a| a.violations.iter().any(|v| v == p))
                .count();
        }
    }
    let mut principles: Vec<BreakRate> = stakes
        .into_iter()
        .filter(|(_, (_, broken))| *broken > 0)
        .map(|(p, (at_stake, broken))| BreakRate {
            principle: p.to_owned(),
            at_stake,
            broken,
            rate: percent(broken, at_stake),
        })
        .collect();
    principles.sort_by(|a, b| {
        b.rate
            .cmp(&a.rate)
            .then(b.broken.cmp(&a.broken))
            .then(a.principle.cmp(&b.principle))
    });

    let five_s = |list: &[&AttemptSummary]| {
        Scores::from_fn(|d: Dimension| mean(list.iter().filter_map(|a| a.five_s[d])))
    };
    let profiles = learners
        .iter()
        .map(|(learner, list)| LearnerProfile {
            learner: (*learner).to_owned(),
            attempts: list.len(),
            passed: list.iter().filter(|a| a.passed).count(),
            five_s: five_s(list),
        })
        .collect();

    let mut weeks: BTreeMap<Date, Vec<&AttemptSummary>> = BTreeMap::new();
    for a in &covered {
        weeks.entry(monday(a.finished)).or_default().push(a);
    }
    let weeks = match (weeks.keys().next(), weeks.keys().next_back()) {
        (Some(&first), Some(&last)) => {
            let mut out = Vec::new();
            let mut w = first;
            while w <= last {
                let list = weeks.get(&w).map(Vec::as_slice).unwrap_or(&[]);
                let passed = list.iter().filter(|a| a.passed).count();
                out.push(Week {
                    monday: w.to_string(),
                    attempts: list.len(),
                    passed,
                    pass_rate: percent(passed, list.len()),
                    mean: mean(list.iter().map(|a| a.overall)).unwrap_or(0),
                });
                w += Duration::weeks(1);
            }
            out
        }
        _ => Vec::new(),
    };

    let passed = covered.iter().filter(|a| a.passed).count();
    Dashboard {
        attempts: covered.len(),
        passed,
        mean: mean(covered.iter().map(|a| a.overall)).unwrap_or(0),
        learners: learners.keys().map(|l| (*l).to_owned()).collect(),
        scenarios: by_scenario.keys().map(|s| (*s).to_owned()).collect(),
        cells: cells.into_values().collect(),
        principles,
        five_s: five_s(&covered),
        profiles,
        weeks,
    }
}

impl Dashboard {
    /// The learner's cell on a scenario, if they played it.
    pub fn cell(&self, learner: &str, scenario: &str) -> Option<&Cell> {
        self.cells
            .binary_search_by(|c| {
                (c.learner.as_str(), c.scenario.as_str()).cmp(&(learner, scenario))
            })
            .ok()
            .map(|i| &self.cells[i])
    }
}

/// Per scenario id, the principles a choice in it can break (every locale's file counts).
pub fn at_stake<'a>(
    scenarios: impl IntoIterator<Item = &'a frontline_core::scenario::Scenario>,
) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for s in scenarios {
        let set = out.entry(s.id.clone()).or_default();
        for c in s.nodes.iter().flat_map(|n| &n.choices) {
            set.extend(c.violates.iter().map(|v| v.to_string()));
        }
    }
    out
}

/// Named groups of learners, from `groups.ron` in the data folder:
/// `{ "december-intake": ["ana", "Bo"], }`. A missing file is no groups.
pub fn load_groups(
    data_dir: &std::path::Path,
) -> Result<BTreeMap<String, BTreeSet<String>>, String> {
    let path = data_dir.join("groups.ron");
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    ron::from_str(&text).map_err(|e| {
        format!(
            "{}:{}:{}: {} (write groups as {{ \"name\": [\"learner\", …], }})",
            path.display(),
            e.span.start.line,
            e.span.start.col,
            e.code
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn attempt(
        profile: &str,
        scenario: &str,
        finished: OffsetDateTime,
        overall: u32,
        violations: &[&str],
    ) -> AttemptSummary {
        AttemptSummary {
            id: 0,
            profile: profile.into(),
            scenario: scenario.into(),
            locale: "en".into(),
            started: finished - Duration::minutes(3),
            finished,
            overall,
            passed: overall >= 70,
            outcome: Some("resolved".into()),
            five_s: Scores::from_fn(|d| (d == Dimension::Speed).then_some(overall)),
            violations: violations.iter().map(|v| (*v).to_owned()).collect(),
            source: None,
        }
    }

    #[test]
    fn the_grid_keeps_the_best_and_counts_passes() {
        let list = [
            attempt(
                "ana",
                "angry",
                datetime!(2026-11-02 10:00 UTC),
                40,
                &["avoid.argue"],
            ),
            attempt("ana", "angry", datetime!(2026-11-03 10:00 UTC), 85, &[]),
            attempt("Bo", "pin", datetime!(2026-11-20 10:00 UTC), 71, &[]),
        ];
        let d = build(&list, &DashboardFilter::default(), &BTreeMap::new());
        assert_eq!(d.learners, ["Bo", "ana"]);
        let c = d.cell("ana", "angry").unwrap();
        assert_eq!((c.best, c.attempts, c.passed), (85, 2, 1));
        assert!(d.cell("Bo", "angry").is_none());
        assert_eq!((d.attempts, d.passed, d.mean), (3, 2, 65));
        assert_eq!(d.five_s[Dimension::Speed], Some(65));
        assert_eq!(d.five_s[Dimension::Smile], None);
    }

    #[test]
    fn break_rates_count_only_where_the_principle_is_at_stake() {
        let list = [
            attempt(
                "ana",
                "angry",
                datetime!(2026-11-02 10:00 UTC),
                40,
                &["avoid.argue", "avoid.argue"],
            ),
            attempt("Bo", "angry", datetime!(2026-11-02 11:00 UTC), 90, &[]),
            attempt("Bo", "pin", datetime!(2026-11-02 12:00 UTC), 90, &[]),
            attempt("Cy", "other", datetime!(2026-11-02 12:00 UTC), 50, &["x.y"]),
        ];
        let stake = BTreeMap::from([
            (
                "angry".to_owned(),
                BTreeSet::from(["avoid.argue".to_owned()]),
            ),
            ("pin".to_owned(), BTreeSet::from(["avoid.argue".to_owned()])),
        ]);
        let d = build(&list, &DashboardFilter::default(), &stake);
        let argue = d
            .principles
            .iter()
            .find(|p| p.principle == "avoid.argue")
            .unwrap();
        // Broken in one attempt of three that could break it (twice in that one).
        assert_eq!((argue.at_stake, argue.broken, argue.rate), (3, 1, 33));
        // Unknown scenario: at stake where broken.
        let xy = d.principles.iter().find(|p| p.principle == "x.y").unwrap();
        assert_eq!((xy.at_stake, xy.broken, xy.rate), (1, 1, 100));
        assert_eq!(d.principles[0].principle, "x.y");
    }

    #[test]
    fn weeks_run_monday_to_sunday_with_empty_weeks_kept() {
        let list = [
            // Sunday 2026-11-01 belongs to the week of Monday 2026-10-26.
            attempt("ana", "angry", datetime!(2026-11-01 23:59 UTC), 80, &[]),
            attempt("ana", "angry", datetime!(2026-11-02 00:00 UTC), 60, &[]),
            attempt("ana", "angry", datetime!(2026-11-18 09:00 UTC), 75, &[]),
        ];
        let d = build(&list, &DashboardFilter::default(), &BTreeMap::new());
        let mondays: Vec<&str> = d.weeks.iter().map(|w| w.monday.as_str()).collect();
        assert_eq!(
            mondays,
            ["2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16"]
        );
        assert_eq!(d.weeks[2].attempts, 0);
        assert_eq!((d.weeks[1].pass_rate, d.weeks[1].mean), (0, 60));
        assert_eq!(d.weeks[0].pass_rate, 100);
    }

    #[test]
    fn filters_narrow_by_date_scenario_locale_and_group() {
        let mut zh = attempt("Bo", "angry", datetime!(2026-11-20 10:00 UTC), 80, &[]);
        zh.locale = "zh".into();
        let list = [
            attempt("ana", "angry", datetime!(2026-11-02 10:00 UTC), 40, &[]),
            attempt("ana", "pin", datetime!(2026-11-22 10:00 UTC), 90, &[]),
            zh,
        ];
        let none = BTreeMap::new();
        let since = DashboardFilter {
            since: Some(datetime!(2026-11-10 00:00 UTC)),
            ..Default::default()
        };
        assert_eq!(build(&list, &since, &none).attempts, 2);
        let scenario = DashboardFilter {
            scenario: Some("angry".into()),
            ..Default::default()
        };
        assert_eq!(build(&list, &scenario, &none).attempts, 2);
        let locale = DashboardFilter {
            locale: Some("zh".into()),
            ..Default::default()
        };
        assert_eq!(build(&list, &locale, &none).learners, ["Bo"]);
        let group = DashboardFilter {
            learners: Some(BTreeSet::from(["ana".to_owned()])),
            ..Default::default()
        };
        assert_eq!(build(&list, &group, &none).attempts, 2);
        assert!(build(&[], &group, &none).weeks.is_empty());
    }

    #[test]
    fn groups_come_from_ron_with_a_located_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(load_groups(dir.path()).unwrap().is_empty());
        std::fs::write(
            dir.path().join("groups.ron"),
            "{ \"dec\": [\"ana\", \"Bo\"], }",
        )
        .unwrap();
        let g = load_groups(dir.path()).unwrap();
        assert_eq!(g["dec"].len(), 2);
        std::fs::write(
            dir.path().join("groups.ron"),
            "{ \"dec\": [\"ana\" \"Bo\"] }",
        )
        .unwrap();
        let e = load_groups(dir.path()).unwrap_err();
        assert!(e.contains("groups.ron:1:"), "{e}");
    }
}
