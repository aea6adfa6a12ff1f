//! Searching a scenario's paths: the model answer, the worst answer, random play.
//!
//! The overall score is not a sum over turns (dimensions are normalised by what
//! the path offered, violations subtract), so the best path is found by playing
//! every path to its end and scoring it with the same [`score`] the trainee gets.
//! The search is bounded; a scenario too large to enumerate reports how far it got.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::catalogue::Catalogue;
use crate::five_s::{Dimension, Points};
use crate::rules::dimension_score;
use crate::scenario::{Outcome, Scenario, Target};
use crate::score::{Debrief, Tally, score};
use crate::session::Session;

/// Most complete paths the search scores before it stops.
pub const MAX_PATHS: usize = 250_000;

/// Partial paths the best/worst search extends before it settles for the best found.
pub const MAX_EXPANSIONS: usize = 2_000_000;
/// Longest conversation followed; deeper branches (loops) are cut.
pub use crate::limits::MAX_TURNS;

/// Which extreme to look for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extreme {
    /// Highest overall score: the model answer.
    Best,
    /// Lowest overall score.
    Worst,
}

/// The result of a path search.
#[derive(Debug, Clone)]
pub struct Found {
    /// The session played along the path found.
    pub session: Session,
    /// Its debrief.
    pub debrief: Debrief,
    /// Complete paths scored.
    pub paths: usize,
    /// Whether every path was scored (false when a bound was hit).
    pub exhaustive: bool,
}

fn outcome_rank(o: Option<Outcome>) -> u8 {
    match o {
        Some(Outcome::ResolvedLoyal) => 4,
        Some(Outcome::Resolved) => 3,
        Some(Outcome::Escalated) => 2,
        Some(Outcome::CustomerLost) => 1,
        None => 0,
    }
}

/// Most 5S points a path can still collect from each node, per dimension: the
/// longest path to an ending weighted by each node's best offer (conditions
/// ignored, so it never underestimates). Nodes on or before a loop get the
/// [`MAX_TURNS`] cap.
fn future_points(scenario: &Scenario) -> Vec<Points> {
    let tables = scenario.tables();
    let n = scenario.nodes.len();
    let weight: Vec<Points> = scenario
        .nodes
        .iter()
        .map(|node| {
            let mut w = Points::default();
            for c in &node.choices {
                for d in Dimension::ALL {
                    let v = w.get_mut(d);
                    *v = (*v).max(c.points.get(d));
                }
            }
            w
        })
        .collect();
    let mut successors: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut predecessors: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (from, choices) in tables.choices.iter().enumerate() {
        for c in choices {
            if let Target::Node(to) = c.target {
                successors[from].push(to);
                predecessors[to].push(from);
            }
        }
    }
    let mut pending: Vec<usize> = successors.iter().map(Vec::len).collect();
    let mut done = vec![false; n];
    let mut best = vec![Points::default(); n];
    let mut queue: Vec<usize> = (0..n).filter(|&i| pending[i] == 0).collect();
    while let Some(i) = queue.pop() {
        let mut total = Points::default();
        for &s in &successors[i] {
            for d in Dimension::ALL {
                let v = total.get_mut(d);
                *v = (*v).max(best[s].get(d));
            }
        }
        for d in Dimension::ALL {
            *total.get_mut(d) += weight[i].get(d).max(0);
        }
        best[i] = total;
        done[i] = true;
        for &p in &predecessors[i] {
            pending[p] -= 1;
            if pending[p] == 0 {
                queue.push(p);
            }
        }
    }
    let cap = Points::from_fn(|_| 5 * MAX_TURNS as i32);
    for i in 0..n {
        if !done[i] {
            best[i] = cap;
        }
    }
    best
}

/// The highest overall score any completion of a partial path could reach.
fn upper_bound(tally: &Tally, future: &Points) -> u32 {
    let mut sure = Vec::with_capacity(5);
    let mut optional = Vec::with_capacity(5);
    for d in Dimension::ALL {
        let (e, p) = tally.points(d);
        let x = future.get(d);
        let ub = dimension_score(e + x, p + x);
        match (dimension_score(e, p), ub) {
            (Some(_), Some(ub)) => sure.push(ub),
            (None, Some(ub)) => optional.push(ub),
            _ => {}
        }
    }
    // A dimension not yet rated may stay unrated: count it only where it helps.
    optional.sort_unstable_by(|a, b| b.cmp(a));
    for ub in optional {
        let n = sure.len() as u32;
        if n == 0 || ub * n > sure.iter().sum::<u32>() {
            sure.push(ub);
        }
    }
    if sure.is_empty() {
        return 100;
    }
    // Rounding of each dimension and of the mean can add at most one point.
    let mean = sure.iter().sum::<u32>().div_ceil(sure.len() as u32) + 1;
    mean.min(100).saturating_sub(tally.penalty)
}

/// Finds the best or worst complete path from the start, for a given seed.
/// Answers are untimed, so Speed reflects the choices alone. Ties go to the better
/// (or worse) outcome, then to the path found first. The best-path search prunes
/// branches whose [`upper_bound`] cannot beat the best found, so it stays exact
/// while visiting a small share of the paths.
pub fn search(
    scenario: &Scenario,
    catalogue: &Catalogue,
    seed: u64,
    extreme: Extreme,
) -> Option<Found> {
    let start = Session::start(scenario, seed).ok()?;
    let future = future_points(scenario);
    let key = |t: &Tally, s: &Session| {
        let outcome = s.finish().map(|f| scenario.endings[f.ending].outcome);
        let overall = t.overall();
        let passed = scenario.passes(overall, outcome);
        (overall, u8::from(passed), outcome_rank(outcome))
    };
    let ideal = match extreme {
        Extreme::Best => (100, 1, outcome_rank(Some(Outcome::ResolvedLoyal))),
        Extreme::Worst => (0, 0, outcome_rank(Some(Outcome::CustomerLost))),
    };
    let mut best: Option<(Session, (u32, u8, u8))> = None;
    let mut paths = 0;
    let mut exhaustive = true;
    let mut stack = vec![(start, Tally::default())];
    let mut expanded = 0usize;
    while let Some((session, tally)) = stack.pop() {
        // However the graph branches and loops, the search ends: past the budget the
        // best path found so far is the answer, marked not exhaustive.
        expanded += 1;
        if expanded > MAX_EXPANSIONS && (best.is_some() || expanded > 8 * MAX_EXPANSIONS) {
            exhaustive = false;
            break;
        }
        if session.is_over() {
            paths += 1;
            let k = key(&tally, &session);
            let better = match &best {
                None => true,
                Some((_, bk)) => match extreme {
                    Extreme::Best => k > *bk,
                    Extreme::Worst => k < *bk,
                },
            };
            if better {
                best = Some((session, k));
                if k == ideal {
                    break;
                }
            }
            if paths >= MAX_PATHS {
                exhaustive = false;
                break;
            }
            continue;
        }
        if session.turns().len() >= MAX_TURNS {
            exhaustive = false;
            continue;
        }
        if extreme == Extreme::Best
            && let Some((_, (best_overall, _, _))) = &best
            && upper_bound(&tally, &future[session.node_index()]) < *best_overall
        {
            continue;
        }
        // Explore the most promising answer first (highest points for Best, lowest
        // for Worst), so a good bound is found early.
        let node = &scenario.nodes[session.node_index()];
        let mut offered: Vec<u8> = session.offered().to_vec();
        offered.sort_by_key(|&k| {
            let c = &node.choices[k as usize];
            let v = c.points.total() * 4 - 10 * c.violates.len() as i32 + c.mood / 10;
            match extreme {
                Extreme::Best => v,
                Extreme::Worst => -v,
            }
        });
        for &k in &offered {
            let mut next = session.clone();
            if next.choose_index(scenario, k as usize, None).is_ok() {
                let mut t = tally;
                if let Some(turn) = next.turns().last() {
                    t.add(scenario, turn);
                }
                stack.push((next, t));
            }
        }
    }
    let (session, _) = best?;
    Some(Found {
        debrief: score(scenario, catalogue, &session).ok()?,
        session,
        paths,
        exhaustive,
    })
}

/// Plays uniformly random answers until the end (or [`MAX_TURNS`]). The choice
/// stream is separate from the session's, so the session stays replayable from
/// its seed and the recorded choices alone.
pub fn play_random(scenario: &Scenario, seed: u64) -> Option<Session> {
    let mut session = Session::start(scenario, seed).ok()?;
    let mut picker = ChaCha8Rng::seed_from_u64(seed ^ 0x9e37_79b9_7f4a_7c15);
    while !session.is_over() && session.turns().len() < MAX_TURNS {
        let n = session.offered().len();
        if n == 0 {
            // Only reachable with a scenario resolved without validation.
            break;
        }
        let key = picker.random_range(1..=n);
        session.choose_key(scenario, key, None).ok()?;
    }
    Some(session)
}
