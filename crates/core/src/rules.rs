//! The rules of the game, in one place: the mood range and the walk-out, what a timed
//! answer earns, what a violation costs, how a dimension is scored and rounded, the overall
//! score and the pass rule. The debrief ([`crate::score`]), the path search
//! ([`crate::paths`]), balance's fast playthroughs ([`crate::balance`]) and the teaching
//! checks all call these functions; `docs/scoring.md` writes them out for trainers.

use std::ops::RangeInclusive;

use crate::catalogue::Group;
use crate::five_s::{Dimension, Points, Scores};
use crate::scenario::{Choice, Outcome};

/// The most unhappy mood: furious.
pub const MOOD_MIN: i32 = -100;
/// The happiest mood: delighted.
pub const MOOD_MAX: i32 = 100;
/// Moods, and the mood changes a choice may make.
pub const MOOD_RANGE: RangeInclusive<i32> = MOOD_MIN..=MOOD_MAX;
/// Points a choice may give or take on one 5S dimension.
pub const POINTS_RANGE: RangeInclusive<i32> = -5..=5;

/// Overall-score points lost per violated behaviour to avoid (`avoid.*`).
pub const AVOID_PENALTY: u32 = 10;
/// Overall-score points lost per other violated principle.
pub const OTHER_PENALTY: u32 = 5;
/// Speed points on offer at a timed turn.
pub const TIMING_POINTS: i32 = 2;

/// A mood kept within [`MOOD_RANGE`].
#[inline]
pub fn clamp_mood(mood: i32) -> i32 {
    mood.clamp(MOOD_MIN, MOOD_MAX)
}

/// Where a mood sits between the lowest (0.0) and the highest (1.0), for a gauge.
pub fn mood_fraction(mood: i32) -> f32 {
    (clamp_mood(mood) - MOOD_MIN) as f32 / (MOOD_MAX - MOOD_MIN) as f32
}

/// The mood after a choice's change.
#[inline]
pub fn mood_after(mood: i32, change: i32) -> i32 {
    clamp_mood(mood.saturating_add(change))
}

/// Whether a customer at `mood` walks out, given the persona's `walk_out_at`.
#[inline]
pub fn walks_out(mood: i32, walk_out_at: i32) -> bool {
    mood <= walk_out_at
}

/// Speed points a timed answer earns: within the budget, all of them; within twice the
/// budget, half; later, none. `thinking` is the time taken after the reading allowance.
#[inline]
pub fn timing_points(thinking: f32, budget: f32) -> i32 {
    if thinking <= budget {
        TIMING_POINTS
    } else if thinking <= 2.0 * budget {
        TIMING_POINTS / 2
    } else {
        0
    }
}

/// Overall-score points one violation of `id` costs.
#[inline]
pub fn violation_cost(id: &str) -> u32 {
    if Group::of(id) == Group::Avoid {
        AVOID_PENALTY
    } else {
        OTHER_PENALTY
    }
}

/// What taking a choice costs: the 5S points it loses plus the penalties of what it breaks.
/// The same mistake should cost about the same everywhere (the `uneven-cost` check).
pub fn choice_cost(choice: &Choice) -> u32 {
    let lost: i32 = choice.points.0.iter().filter(|p| **p < 0).map(|p| -p).sum();
    lost as u32
        + choice
            .violates
            .iter()
            .map(|v| violation_cost(v.as_str()))
            .sum::<u32>()
}

/// Whether a choice costs the trainee something: a rule broken or points lost.
pub fn costs(choice: &Choice) -> bool {
    !choice.violates.is_empty() || choice.points.0.iter().any(|p| *p < 0)
}

/// A dimension's 0–100 score from the points earned and the best on offer: half up,
/// `None` when nothing was on offer or lost, 0 when points were lost with none on offer.
#[inline]
pub fn dimension_score(earned: i32, possible: i32) -> Option<u32> {
    if possible > 0 {
        let e = earned.clamp(0, possible) as u32;
        let p = possible as u32;
        Some((100 * e + p / 2) / p)
    } else if earned < 0 {
        Some(0)
    } else {
        None
    }
}

/// Every dimension's score from earned and possible points.
#[inline]
pub fn dimension_scores(earned: &Points, possible: &Points) -> Scores {
    Scores::from_fn(|d| dimension_score(earned[d], possible[d]))
}

/// The mean of the rated dimensions, half up; 0 when none is rated.
#[inline]
pub fn base(scores: &Scores) -> u32 {
    let (sum, n) = scores
        .0
        .iter()
        .flatten()
        .fold((0u32, 0u32), |(s, n), v| (s + v, n + 1));
    (sum + n / 2).checked_div(n).unwrap_or(0)
}

/// The overall score: the base minus the penalties, never below 0.
#[inline]
pub fn overall(base: u32, penalty: u32) -> u32 {
    base.saturating_sub(penalty)
}

/// Whether an attempt passes: the threshold reached and an ending that kept the customer.
/// `None` is an unfinished conversation.
#[inline]
pub fn passes(overall: u32, pass_threshold: u32, outcome: Option<Outcome>) -> bool {
    overall >= pass_threshold && outcome.is_some_and(Outcome::can_pass)
}

/// Whether scores in the ten-point bin `bin` (0–9, …, 90–100) can reach the pass mark:
/// how histograms colour their bars.
#[inline]
pub fn bin_can_pass(bin: usize, pass_threshold: u32) -> bool {
    (bin as u32 + 1) * 10 > pass_threshold
}

/// The letter grade of an overall score.
pub fn grade(overall: u32) -> char {
    match overall {
        90.. => 'A',
        80..=89 => 'B',
        70..=79 => 'C',
        60..=69 => 'D',
        _ => 'F',
    }
}

/// The best points on offer per dimension among `offered` choices (negative best counts as
/// nothing on offer).
#[inline]
pub fn best_on_offer<'a>(offered: impl Iterator<Item = &'a Points>) -> Points {
    let mut best = Points::default();
    for p in offered {
        for d in Dimension::ALL {
            best[d] = best[d].max(p[d]);
        }
    }
    best
}

/// Whether a choice's points are the best total among those on offer.
pub fn is_best_total<'a>(points: &Points, offered: impl Iterator<Item = &'a Points>) -> bool {
    let total = points.total();
    offered.into_iter().all(|p| p.total() <= total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_round_half_up_and_penalties_floor_at_zero() {
        assert_eq!(dimension_score(1, 3), Some(33));
        assert_eq!(dimension_score(1, 2), Some(50));
        assert_eq!(dimension_score(5, 3), Some(100));
        assert_eq!(dimension_score(-1, 0), Some(0));
        assert_eq!(dimension_score(0, 0), None);
        assert_eq!(
            base(&Scores::from_fn(|d| (d != Dimension::Speed).then_some(75))),
            75
        );
        assert_eq!(
            base(&crate::five_s::FiveS([
                Some(50),
                Some(51),
                None,
                None,
                None
            ])),
            51
        );
        assert_eq!(overall(40, 50), 0);
        assert!(passes(70, 70, Some(Outcome::Resolved)));
        assert!(!passes(70, 70, Some(Outcome::Escalated)));
        assert!(!passes(100, 70, None));
        assert_eq!(mood_after(90, 30), MOOD_MAX);
        assert!(walks_out(-60, -60) && !walks_out(-59, -60));
        assert_eq!(
            (
                timing_points(10.0, 10.0),
                timing_points(20.0, 10.0),
                timing_points(21.0, 10.0)
            ),
            (2, 1, 0)
        );
        assert!(!bin_can_pass(6, 70) && bin_can_pass(7, 70) && bin_can_pass(6, 69));
    }
}
