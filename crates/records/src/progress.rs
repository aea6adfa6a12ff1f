//! A trainee's progress over their attempts, and what to practise next.
//!
//! The recommendation follows one rule a trainer can predict: look at the last
//! [`RECENT`] attempts; if a principle was broken at least twice there, suggest the
//! scenario with the most choices that test it; otherwise suggest the scenario with the
//! most points on offer on the weakest 5S dimension. Ties go to the scenario played
//! least, then to the lower best score, then to the id.

use std::collections::BTreeMap;

use crate::Attempt;
use frontline_core::catalogue::{Catalogue, Localized};
use frontline_core::i18n::{Lang, fill};
use frontline_core::ids::PrincipleId;
use frontline_core::scenario::{Dimension, Scenario};

/// How many recent attempts the recommendation looks at.
pub const RECENT: usize = 10;

/// How often a principle has to be broken in the recent attempts to lead the advice.
pub const BROKEN_ENOUGH: usize = 2;

/// Best result on one scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Best {
    /// Scenario id.
    pub scenario: String,
    /// Its title when last played.
    pub title: String,
    /// Attempts made.
    pub attempts: usize,
    /// Highest overall score.
    pub best: u32,
    /// Whether any attempt passed.
    pub passed: bool,
}

/// A principle and how often it was broken.
#[derive(Debug, Clone, PartialEq)]
pub struct Broken {
    /// Catalogue id.
    pub id: PrincipleId,
    /// Catalogue title.
    pub title: Localized,
    /// Times broken over all attempts.
    pub times: usize,
    /// Times broken in the recent attempts.
    pub recent: usize,
}

/// Why a scenario is recommended.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// A principle keeps being broken and this scenario tests it most.
    Broken {
        /// The principle.
        id: PrincipleId,
        /// Its title.
        title: Localized,
        /// Times broken in the recent attempts.
        times: usize,
        /// Choices in the scenario that apply or break it.
        tested: usize,
    },
    /// The weakest dimension, and this scenario offers the most points on it.
    Weakest {
        /// The dimension.
        dimension: Dimension,
        /// Mean score on it over the recent attempts that rated it.
        mean: u32,
        /// Best points on offer on it along the scenario's turns.
        on_offer: i32,
    },
}

/// The scenario to practise next.
#[derive(Debug, Clone, PartialEq)]
pub struct Recommendation {
    /// Scenario id.
    pub scenario: String,
    /// Its title.
    pub title: String,
    /// Why.
    pub reason: Reason,
}

/// Everything the progress screen shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Progress {
    /// Attempts counted.
    pub attempts: usize,
    /// Overall score of each attempt, oldest first.
    pub overall: Vec<u32>,
    /// Per 5S dimension (course order), `(attempt index, score)` for attempts that rated it.
    pub trend: [Vec<(usize, u32)>; 5],
    /// Best per scenario, by id.
    pub best: Vec<Best>,
    /// Principles broken, most often first.
    pub broken: Vec<Broken>,
    /// What to practise next, when there is something to go on.
    pub recommendation: Option<Recommendation>,
}

/// Builds the progress of one trainee. `attempts` are theirs, oldest first; `scenarios`
/// are the ones they can play now (their language).
pub fn progress(attempts: &[Attempt], scenarios: &[&Scenario], catalogue: &Catalogue) -> Progress {
    let mut p = Progress {
        attempts: attempts.len(),
        ..Progress::default()
    };
    let mut best: BTreeMap<&str, Best> = BTreeMap::new();
    let mut broken: BTreeMap<&PrincipleId, (usize, usize)> = BTreeMap::new();
    let recent_from = attempts.len().saturating_sub(RECENT);
    for (i, a) in attempts.iter().enumerate() {
        let d = &a.debrief;
        p.overall.push(d.overall);
        for (k, dim) in Dimension::ALL.iter().enumerate() {
            if let Some(s) = d.five_s.get(*dim) {
                p.trend[k].push((i, s));
            }
        }
        let b = best.entry(&a.scenario).or_insert_with(|| Best {
            scenario: a.scenario.clone(),
            title: a.title.clone(),
            attempts: 0,
            best: 0,
            passed: false,
        });
        b.attempts += 1;
        b.best = b.best.max(d.overall);
        b.passed |= d.passed;
        b.title.clone_from(&a.title);
        for v in &d.violations {
            let e = broken.entry(&v.id).or_default();
            e.0 += 1;
            if i >= recent_from {
                e.1 += 1;
            }
        }
    }
    p.best = best.into_values().collect();
    p.broken = broken
        .into_iter()
        .map(|(id, (times, recent))| Broken {
            id: id.clone(),
            title: catalogue
                .get(id.as_str())
                .map(|e| e.title.clone())
                .unwrap_or_else(|| Localized {
                    en: id.to_string(),
                    zh: id.to_string(),
                    ko: id.to_string(),
                }),
            times,
            recent,
        })
        .collect();
    p.broken.sort_by(|a, b| {
        (b.recent, b.times)
            .cmp(&(a.recent, a.times))
            .then(a.id.cmp(&b.id))
    });
    p.recommendation = recommend(&p, &attempts[recent_from..], scenarios);
    p
}

fn recommend(p: &Progress, recent: &[Attempt], scenarios: &[&Scenario]) -> Option<Recommendation> {
    if recent.is_empty() || scenarios.is_empty() {
        return None;
    }
    let played = |id: &str| {
        p.best
            .iter()
            .find(|b| b.scenario == id)
            .map_or((0, 0), |b| (b.attempts, b.best))
    };
    // Higher measure first, then played least, then lower best, then id.
    let pick = |measure: &dyn Fn(&Scenario) -> i64| -> Option<(&Scenario, i64)> {
        scenarios
            .iter()
            .map(|s| (*s, measure(s)))
            .filter(|(_, m)| *m > 0)
            .min_by(|(a, ma), (b, mb)| {
                mb.cmp(ma)
                    .then(played(&a.id).cmp(&played(&b.id)))
                    .then(a.id.cmp(&b.id))
            })
    };
    if let Some(top) = p.broken.first().filter(|b| b.recent >= BROKEN_ENOUGH)
        && let Some((s, tested)) = pick(&|s: &Scenario| tests(s, &top.id) as i64)
    {
        return Some(Recommendation {
            scenario: s.id.clone(),
            title: s.title.clone(),
            reason: Reason::Broken {
                id: top.id.clone(),
                title: top.title.clone(),
                times: top.recent,
                tested: tested as usize,
            },
        });
    }
    let (dimension, mean) = Dimension::ALL
        .iter()
        .filter_map(|d| {
            let rated: Vec<u32> = recent
                .iter()
                .filter_map(|a| a.debrief.five_s.get(*d))
                .collect();
            (!rated.is_empty()).then(|| (*d, rated.iter().sum::<u32>() / rated.len() as u32))
        })
        .min_by_key(|(_, mean)| *mean)?;
    let (s, on_offer) = pick(&|s: &Scenario| on_offer(s, dimension) as i64)?;
    Some(Recommendation {
        scenario: s.id.clone(),
        title: s.title.clone(),
        reason: Reason::Weakest {
            dimension,
            mean,
            on_offer: on_offer as i32,
        },
    })
}

/// Choices in the scenario that apply or break the principle.
pub fn tests(s: &Scenario, id: &PrincipleId) -> usize {
    s.nodes
        .iter()
        .flat_map(|n| &n.choices)
        .filter(|c| c.applies.contains(id) || c.violates.contains(id))
        .count()
}

/// Best points on one dimension summed over every turn of the scenario.
pub fn on_offer(s: &Scenario, d: Dimension) -> i32 {
    s.nodes
        .iter()
        .map(|n| {
            n.choices
                .iter()
                .map(|c| c.points.get(d))
                .max()
                .unwrap_or(0)
                .max(0)
        })
        .sum()
}

impl Recommendation {
    /// The reason in a sentence, in the trainee's language.
    pub fn explain(&self, lang: Lang) -> String {
        let w = lang.words();
        match &self.reason {
            Reason::Broken {
                id,
                title,
                times,
                tested,
            } => fill(
                w.advice_broken,
                &[
                    ("title", &title.get(lang)),
                    ("id", id),
                    ("times", times),
                    ("recent", &RECENT),
                    ("scenario", &self.title),
                    ("tested", tested),
                ],
            ),
            Reason::Weakest {
                dimension,
                mean,
                on_offer,
            } => fill(
                w.advice_weakest,
                &[
                    ("name", &w.dimensions[*dimension as usize]),
                    ("mean", mean),
                    ("scenario", &self.title),
                    ("on_offer", on_offer),
                ],
            ),
        }
    }
}
