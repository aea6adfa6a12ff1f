//! Balance: what random play, and every path, make of a scenario's scoring.
//!
//! A trainer wants to know whether clicking at random passes, which endings players
//! actually reach, and what each 5S dimension is worth on average. Small graphs are
//! answered exactly, by walking every path with the probability that uniform random
//! play takes it; larger ones by Monte-Carlo runs. Both use a compiled copy of the
//! scenario (indices, points as arrays, penalties summed) so a playthrough costs no
//! allocation, and both score with the same arithmetic as [`crate::score`] (the
//! tests compare them with the debrief of real sessions).

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use crate::catalogue::Group;
use crate::five_s::{Dimension, Points, Scores};
use crate::rules;
use crate::scenario::{ResolvedCondition, Scenario, Target};

/// Longest conversation followed; a longer one (a loop) counts as unfinished.
pub use crate::limits::MAX_TURNS;
/// Most complete paths the exact walk visits before Monte-Carlo takes over.
pub const EXACT_LIMIT: usize = 200_000;

struct CChoice {
    target: Target,
    requires: Option<ResolvedCondition>,
    sets: u64,
    mood: i32,
    points: Points,
    penalty: u32,
    breaks_avoid: bool,
}

struct CNode {
    choices: Vec<CChoice>,
    /// The node has a time budget, so real play gives or withholds timing points here.
    timed: bool,
    /// Offered mask and best points when no choice has a condition.
    fixed: Option<(u16, Points)>,
}

/// How the answers' timing is modelled. Real play times every answer at a node with a
/// budget; balance and the teaching checks cannot know how fast a trainee will be, so
/// they score untimed unless told, and check also looks at the late case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Timing {
    /// No timing points at all: only the answers' own points (the default).
    #[default]
    Untimed,
    /// Every timed answer within its budget: full timing points.
    OnTime,
    /// Every timed answer later than twice its budget: no timing points.
    Late,
}

impl std::str::FromStr for Timing {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "untimed" => Ok(Timing::Untimed),
            "on-time" => Ok(Timing::OnTime),
            "late" => Ok(Timing::Late),
            _ => Err(format!(
                "unknown timing `{s}`; use untimed, on-time or late"
            )),
        }
    }
}

/// A scenario compiled for fast playthroughs. Build it once with [`Compiled::new`].
pub struct Compiled {
    nodes: Vec<CNode>,
    timing: Timing,
    /// Also score every run as if each timed answer came late (for `passes-only-untimed`);
    /// off for plain balance figures, where it would only cost time.
    late: bool,
    start: usize,
    mood: i32,
    walk_out: Option<(i32, usize)>,
    ending_outcomes: Vec<crate::scenario::Outcome>,
    pass_threshold: u32,
}

/// How one playthrough ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    /// Overall score 0–100.
    pub overall: u32,
    /// Per-dimension score; `None` when the path never rated it.
    pub dims: Scores,
    /// Ending reached (index into `scenario.endings`); `None` when unfinished.
    pub ending: Option<usize>,
    /// The customer walked out.
    pub walked_out: bool,
    /// The attempt passes.
    pub passed: bool,
    /// Some answer broke a behaviour to avoid (`avoid.*`).
    pub broke_avoid: bool,
    /// Turns played.
    pub turns: usize,
    /// The overall score had every timed answer come late (no timing points).
    pub late_overall: u32,
    /// The attempt would still pass with every timed answer late.
    pub passed_late: bool,
}

#[derive(Clone, Copy)]
struct State {
    node: usize,
    mood: i32,
    flags: u64,
    earned: Points,
    possible: Points,
    penalty: u32,
    broke_avoid: bool,
    turns: usize,
    timed: i32,
}

impl Compiled {
    /// Compiles a resolved scenario; `None` when it is not resolved.
    pub fn new(s: &Scenario) -> Option<Compiled> {
        let tables = s.resolved.as_ref()?;
        let nodes = s
            .nodes
            .iter()
            .zip(&tables.choices)
            .map(|(node, resolved)| {
                let choices: Vec<CChoice> = node
                    .choices
                    .iter()
                    .zip(resolved)
                    .map(|(c, r)| CChoice {
                        target: r.target,
                        requires: r.requires.clone(),
                        sets: r.sets,
                        mood: c.mood,
                        points: c.points,
                        penalty: c
                            .violates
                            .iter()
                            .map(|v| rules::violation_cost(v.as_str()))
                            .sum(),
                        breaks_avoid: c
                            .violates
                            .iter()
                            .any(|v| Group::of(v.as_str()) == Group::Avoid),
                    })
                    .collect();
                let fixed = choices
                    .iter()
                    .all(|c| c.requires.is_none())
                    .then(|| offer(&choices, 0, 0));
                CNode {
                    choices,
                    fixed,
                    timed: node.time_budget.is_some(),
                }
            })
            .collect();
        Some(Compiled {
            nodes,
            timing: Timing::Untimed,
            late: false,
            start: tables.start,
            mood: rules::clamp_mood(s.persona.mood),
            walk_out: tables.walk_out,
            ending_outcomes: s.endings.iter().map(|e| e.outcome).collect(),
            pass_threshold: s.pass_threshold,
        })
    }

    fn start(&self) -> State {
        State {
            node: self.start,
            mood: self.mood,
            flags: 0,
            earned: Points::default(),
            possible: Points::default(),
            penalty: 0,
            broke_avoid: false,
            turns: 0,
            timed: 0,
        }
    }

    /// The same scenario scored with another timing model.
    pub fn with_timing(mut self, timing: Timing) -> Compiled {
        self.timing = timing;
        self
    }

    /// The same, also scoring each run with every timed answer late.
    pub fn with_late(mut self, late: bool) -> Compiled {
        self.late = late;
        self
    }

    fn offered(&self, st: &State) -> (u16, Points) {
        let node = &self.nodes[st.node];
        match node.fixed {
            Some(f) => f,
            None => offer(&node.choices, st.mood, st.flags),
        }
    }

    /// Applies choice `k`; returns the ending when the conversation is over.
    fn step(&self, st: &mut State, k: usize, best: &Points) -> Option<(usize, bool)> {
        let c = &self.nodes[st.node].choices[k];
        for d in Dimension::ALL {
            st.earned[d] += c.points[d];
            st.possible[d] += best[d];
        }
        st.penalty += c.penalty;
        st.broke_avoid |= c.breaks_avoid;
        st.timed += i32::from(self.nodes[st.node].timed);
        st.flags |= c.sets;
        st.mood = rules::mood_after(st.mood, c.mood);
        st.turns += 1;
        if let Some((floor, ending)) = self.walk_out
            && rules::walks_out(st.mood, floor)
        {
            return Some((ending, true));
        }
        match c.target {
            Target::Ending(e) => Some((e, false)),
            Target::Node(n) => {
                st.node = n;
                None
            }
        }
    }

    fn finish(&self, st: &State, end: Option<(usize, bool)>) -> Run {
        let ending = end.map(|(e, _)| e);
        let outcome = ending.map(|e| self.ending_outcomes[e]);
        let timing = rules::TIMING_POINTS * st.timed;
        let score = |earned_extra: i32, possible_extra: i32| {
            let (mut earned, mut possible) = (st.earned, st.possible);
            earned[Dimension::Speed] += earned_extra;
            possible[Dimension::Speed] += possible_extra;
            let dims = rules::dimension_scores(&earned, &possible);
            (dims, rules::overall(rules::base(&dims), st.penalty))
        };
        let (dims, overall) = match self.timing {
            Timing::Untimed => score(0, 0),
            Timing::OnTime => score(timing, timing),
            Timing::Late => score(0, timing),
        };
        let late_overall = match self.timing {
            Timing::Late => overall,
            _ if self.late => score(0, timing).1,
            _ => overall,
        };
        Run {
            overall,
            dims,
            ending,
            walked_out: end.is_some_and(|(_, w)| w),
            passed: rules::passes(overall, self.pass_threshold, outcome),
            broke_avoid: st.broke_avoid,
            turns: st.turns,
            late_overall,
            passed_late: rules::passes(late_overall, self.pass_threshold, outcome),
        }
    }

    /// One playthrough answering uniformly at random among the choices on offer.
    /// The answers are written to `path` (choice index per turn) when given.
    pub fn play_random(&self, rng: &mut impl RngExt, mut path: Option<&mut Vec<u8>>) -> Run {
        let mut st = self.start();
        if let Some(p) = path.as_deref_mut() {
            p.clear();
        }
        loop {
            if st.turns >= MAX_TURNS {
                return self.finish(&st, None);
            }
            let (mask, best) = self.offered(&st);
            let count = mask.count_ones();
            if count == 0 {
                return self.finish(&st, None);
            }
            let mut pick = rng.random_range(0..count);
            let mut k = 0;
            loop {
                if mask & (1 << k) != 0 {
                    if pick == 0 {
                        break;
                    }
                    pick -= 1;
                }
                k += 1;
            }
            if let Some(p) = path.as_deref_mut() {
                p.push(k as u8);
            }
            if let Some(end) = self.step(&mut st, k, &best) {
                return self.finish(&st, Some(end));
            }
        }
    }

    /// An upper bound on the number of complete paths, ignoring conditions and moods
    /// (which only remove paths); `usize::MAX` when the graph has a loop. Lets the exact
    /// walk be skipped at once for graphs far too large for it.
    pub fn path_bound(&self) -> usize {
        // 0 = not visited, 1 = on the current branch, 2 = done.
        fn count(
            c: &Compiled,
            n: usize,
            depth: usize,
            state: &mut [u8],
            memo: &mut [usize],
        ) -> usize {
            // A loop, or a chain deeper than any playthrough follows: too many to walk.
            if depth > MAX_TURNS {
                return usize::MAX;
            }
            match state[n] {
                1 => return usize::MAX,
                2 => return memo[n],
                _ => {}
            }
            state[n] = 1;
            let mut total = 0usize;
            for ch in &c.nodes[n].choices {
                let here = match ch.target {
                    Target::Ending(_) => 1,
                    Target::Node(t) => count(c, t, depth + 1, state, memo),
                };
                total = total.saturating_add(here);
            }
            state[n] = 2;
            memo[n] = total;
            total
        }
        let mut state = vec![0u8; self.nodes.len()];
        let mut memo = vec![0usize; self.nodes.len()];
        count(self, self.start, 0, &mut state, &mut memo)
    }

    /// Visits every complete path with the probability random play takes it, in
    /// depth-first order, with the answers (choice index per turn). Returns the number
    /// of paths, or `None` as soon as there are more than `limit`.
    pub fn all_paths(
        &self,
        limit: usize,
        mut visit: impl FnMut(&Run, f64, &[u8]),
    ) -> Option<usize> {
        let mut path = Vec::with_capacity(MAX_TURNS);
        let mut paths = 0;
        self.walk(self.start(), 1.0, &mut path, &mut paths, limit, &mut visit)
            .then_some(paths)
    }

    fn walk(
        &self,
        st: State,
        p: f64,
        path: &mut Vec<u8>,
        paths: &mut usize,
        limit: usize,
        visit: &mut impl FnMut(&Run, f64, &[u8]),
    ) -> bool {
        let (mask, best) = self.offered(&st);
        if st.turns >= MAX_TURNS || mask == 0 {
            *paths += 1;
            visit(&self.finish(&st, None), p, path);
            return *paths <= limit;
        }
        let share = p / f64::from(mask.count_ones());
        for k in (0..16).filter(|k| mask & (1 << k) != 0) {
            let mut next = st;
            path.push(k as u8);
            let go_on = match self.step(&mut next, k, &best) {
                Some(end) => {
                    *paths += 1;
                    visit(&self.finish(&next, Some(end)), share, path);
                    *paths <= limit
                }
                None => self.walk(next, share, path, paths, limit, visit),
            };
            path.pop();
            if !go_on {
                return false;
            }
        }
        true
    }
}

fn offer(choices: &[CChoice], mood: i32, flags: u64) -> (u16, Points) {
    let mut mask = 0u16;
    for (k, c) in choices.iter().enumerate().take(16) {
        if c.requires.as_ref().is_none_or(|r| r.holds(mood, flags)) {
            mask |= 1 << k;
        }
    }
    let best = rules::best_on_offer(
        choices
            .iter()
            .enumerate()
            .take(16)
            .filter(|(k, _)| mask & (1 << k) != 0)
            .map(|(_, c)| &c.points),
    );
    (mask, best)
}

/// How the figures were obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Method {
    /// Every path walked, weighted by the chance random play takes it: exact.
    Exact {
        /// Complete paths.
        paths: usize,
    },
    /// Random playthroughs.
    MonteCarlo {
        /// Playthroughs.
        runs: u64,
        /// Seed of the first.
        seed: u64,
    },
}

/// A path found while analysing, as choice ids.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Example {
    /// Choice ids in order.
    pub choices: Vec<String>,
    /// Its overall score.
    pub overall: u32,
    /// Node and choice ids of the first answer that broke a behaviour to avoid.
    pub broke_at: Option<(String, String)>,
}

/// What random play makes of a scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Balance {
    /// Scenario id.
    pub scenario: String,
    /// How the figures were obtained.
    pub method: Method,
    /// Share of plays (0–1) with each overall score 0..=100.
    pub histogram: Vec<f64>,
    /// Share of plays that pass.
    pub pass_rate: f64,
    /// Mean overall score.
    pub mean_overall: f64,
    /// Share of plays ending at each ending, in file order (walk-outs included).
    pub endings: Vec<(String, f64)>,
    /// Share of plays where the customer walked out.
    pub walked_out: f64,
    /// Share of plays that never finished (a loop longer than the turn limit).
    pub unfinished: f64,
    /// Per 5S dimension: mean score over the plays that rated it, and the share rated.
    pub dimensions: Vec<(Dimension, Option<f64>, f64)>,
    /// Share of plays that pass while breaking a behaviour to avoid.
    pub pass_while_breaking: f64,
    /// The highest-scoring passing path that breaks a behaviour to avoid (exact walk),
    /// or the first such play met (Monte-Carlo).
    pub breaking_example: Option<Example>,
    /// The timing model the figures use.
    pub timing: Timing,
    /// Share of plays that pass as scored but would fail with every timed answer late
    /// (worked out by [`analyse_for_check`]; 0 from the other analyses).
    pub pass_only_in_time: f64,
    /// The highest-scoring complete path met (the model answer, in an exact walk).
    pub best: Option<BestPath>,
}

/// The highest-scoring path, and what lateness would make of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BestPath {
    /// The path and its score in the timing model used.
    pub example: Example,
    /// It passes.
    pub passed: bool,
    /// Its overall score had every timed answer come late ([`analyse_for_check`] only;
    /// otherwise the score as played).
    pub late_overall: u32,
    /// It would still pass with every timed answer late (see `late_overall`).
    pub passed_late: bool,
}

#[derive(Default)]
struct Sums {
    histogram: Vec<f64>,
    total: f64,
    passed: f64,
    overall: f64,
    endings: Vec<f64>,
    walked_out: f64,
    unfinished: f64,
    dim_sum: [f64; 5],
    dim_rated: [f64; 5],
    pass_breaking: f64,
    example: Option<(u32, Vec<u8>)>,
    pass_in_time: f64,
    best: Option<(u32, u32, bool, bool, Vec<u8>)>,
}

impl Sums {
    fn new(endings: usize) -> Sums {
        Sums {
            histogram: vec![0.0; 101],
            endings: vec![0.0; endings],
            ..Sums::default()
        }
    }

    fn add(&mut self, r: &Run, w: f64, path: &[u8], keep_best: bool) {
        self.total += w;
        self.histogram[r.overall.min(100) as usize] += w;
        self.overall += w * f64::from(r.overall);
        if r.passed {
            self.passed += w;
        }
        match r.ending {
            Some(e) => self.endings[e] += w,
            None => self.unfinished += w,
        }
        if r.walked_out {
            self.walked_out += w;
        }
        for ((sum, rated), v) in self
            .dim_sum
            .iter_mut()
            .zip(&mut self.dim_rated)
            .zip(r.dims.0)
        {
            if let Some(v) = v {
                *sum += w * f64::from(v);
                *rated += w;
            }
        }
        if r.passed && !r.passed_late {
            self.pass_in_time += w;
        }
        if r.ending.is_some() && self.best.as_ref().is_none_or(|b| r.overall > b.0) {
            self.best = Some((
                r.overall,
                r.late_overall,
                r.passed,
                r.passed_late,
                path.to_vec(),
            ));
        }
        if r.passed && r.broke_avoid {
            self.pass_breaking += w;
            let better = match &self.example {
                None => true,
                Some((best, _)) => keep_best && r.overall > *best,
            };
            if better {
                self.example = Some((r.overall, path.to_vec()));
            }
        }
    }

    fn report(self, s: &Scenario, method: Method, timing: Timing) -> Balance {
        let t = if self.total > 0.0 { self.total } else { 1.0 };
        Balance {
            scenario: s.id.clone(),
            method,
            histogram: self.histogram.iter().map(|h| h / t).collect(),
            pass_rate: self.passed / t,
            mean_overall: self.overall / t,
            endings: s
                .endings
                .iter()
                .zip(&self.endings)
                .map(|(e, w)| (e.id.as_str().to_owned(), w / t))
                .collect(),
            walked_out: self.walked_out / t,
            unfinished: self.unfinished / t,
            dimensions: Dimension::ALL
                .iter()
                .enumerate()
                .map(|(d, dim)| {
                    let rated = self.dim_rated[d];
                    (
                        *dim,
                        (rated > 0.0).then(|| self.dim_sum[d] / rated),
                        rated / t,
                    )
                })
                .collect(),
            pass_while_breaking: self.pass_breaking / t,
            breaking_example: self
                .example
                .map(|(overall, path)| example(s, &path, overall)),
            timing,
            pass_only_in_time: self.pass_in_time / t,
            best: self.best.map(
                |(overall, late_overall, passed, passed_late, path)| BestPath {
                    example: example(s, &path, overall),
                    passed,
                    late_overall,
                    passed_late,
                },
            ),
        }
    }
}

/// Names the answers of a path (choice index per turn) by id.
fn example(s: &Scenario, path: &[u8], overall: u32) -> Example {
    let tables = s.tables();
    let mut node = tables.start;
    let mut choices = Vec::with_capacity(path.len());
    let mut broke_at = None;
    for &k in path {
        let c = &s.nodes[node].choices[k as usize];
        choices.push(c.id.as_str().to_owned());
        if broke_at.is_none()
            && c.violates
                .iter()
                .any(|v| Group::of(v.as_str()) == Group::Avoid)
        {
            broke_at = Some((
                s.nodes[node].id.as_str().to_owned(),
                c.id.as_str().to_owned(),
            ));
        }
        match tables.choices[node][k as usize].target {
            Target::Node(n) => node = n,
            Target::Ending(_) => break,
        }
    }
    Example {
        choices,
        overall,
        broke_at,
    }
}

/// Analyses a resolved scenario: exactly when it has at most [`EXACT_LIMIT`] paths (and
/// `force_runs` is `None`), else with `runs` random playthroughs from `seed`, reporting
/// progress (runs done) every million. `None` when the scenario is not resolved.
pub fn analyse(
    s: &Scenario,
    runs: u64,
    seed: u64,
    force_monte_carlo: bool,
    progress: impl FnMut(u64),
) -> Option<Balance> {
    analyse_timed(s, runs, seed, force_monte_carlo, Timing::Untimed, progress)
}

/// [`analyse`] with a timing model for the answers.
pub fn analyse_timed(
    s: &Scenario,
    runs: u64,
    seed: u64,
    force_monte_carlo: bool,
    timing: Timing,
    progress: impl FnMut(u64),
) -> Option<Balance> {
    analyse_compiled(
        Compiled::new(s)?.with_timing(timing),
        s,
        runs,
        seed,
        force_monte_carlo,
        progress,
    )
}

/// [`analyse`] for the teaching checks: untimed, and also what lateness would do
/// ([`Balance::pass_only_in_time`] and [`BestPath::passed_late`] mean something only here).
pub fn analyse_for_check(s: &Scenario, runs: u64, seed: u64) -> Option<Balance> {
    analyse_compiled(
        Compiled::new(s)?.with_late(true),
        s,
        runs,
        seed,
        false,
        |_| {},
    )
}

fn analyse_compiled(
    compiled: Compiled,
    s: &Scenario,
    runs: u64,
    seed: u64,
    force_monte_carlo: bool,
    mut progress: impl FnMut(u64),
) -> Option<Balance> {
    let timing = compiled.timing;
    if !force_monte_carlo && compiled.path_bound() <= EXACT_LIMIT.saturating_mul(4) {
        let mut sums = Sums::new(s.endings.len());
        if let Some(paths) =
            compiled.all_paths(EXACT_LIMIT, |r, w, path| sums.add(r, w, path, true))
        {
            return Some(sums.report(s, Method::Exact { paths }, timing));
        }
    }
    let mut sums = Sums::new(s.endings.len());
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut path = Vec::with_capacity(MAX_TURNS);
    const CHUNK: u64 = 1 << 20;
    let mut done = 0;
    while done < runs {
        let n = CHUNK.min(runs - done);
        for _ in 0..n {
            let r = compiled.play_random(&mut rng, Some(&mut path));
            sums.add(&r, 1.0, &path, false);
        }
        done += n;
        progress(done);
    }
    Some(sums.report(s, Method::MonteCarlo { runs, seed }, timing))
}

impl Balance {
    /// Shares in bins of ten points (0–9, …, 90–100), for pictures.
    pub fn bins(&self) -> [f64; 10] {
        let mut bins = [0.0; 10];
        for (score, share) in self.histogram.iter().enumerate() {
            bins[(score / 10).min(9)] += share;
        }
        bins
    }

    /// The score distribution as an SVG bar chart, the pass mark drawn in.
    pub fn histogram_svg(&self, pass_threshold: u32) -> String {
        use std::fmt::Write;
        let bins = self.bins();
        let top = bins.iter().copied().fold(0.0, f64::max).max(0.01);
        let (w, h, left, bottom) = (640.0, 320.0, 50.0, 40.0);
        let bar_w = (w - left - 20.0) / 10.0;
        let mut out = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" font-family=\"sans-serif\">\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
        );
        let _ = writeln!(
            out,
            "<text x=\"{left}\" y=\"20\" font-size=\"14\" font-weight=\"bold\">{}: overall score of random play ({} pass)</text>",
            self.scenario,
            crate::teaching::percent(self.pass_rate)
        );
        let plot_h = h - bottom - 40.0;
        for (k, share) in bins.iter().enumerate() {
            let bh = share / top * plot_h;
            let x = left + k as f64 * bar_w;
            let passing = rules::bin_can_pass(k, pass_threshold);
            let _ = writeln!(
                out,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{bh:.1}\" fill=\"{}\"><title>{}–{}: {}</title></rect><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\">{}</text>",
                x + 2.0,
                h - bottom - bh,
                bar_w - 4.0,
                if passing { "#2e9e5b" } else { "#8a8f98" },
                k * 10,
                if k == 9 { 100 } else { k * 10 + 9 },
                crate::teaching::percent(*share),
                x,
                h - bottom + 16.0,
                k * 10
            );
        }
        let px = left + f64::from(pass_threshold.min(100)) / 100.0 * 10.0 * bar_w;
        let _ = writeln!(
            out,
            "<line x1=\"{px:.1}\" y1=\"30\" x2=\"{px:.1}\" y2=\"{:.1}\" stroke=\"#d64541\" stroke-width=\"2\" stroke-dasharray=\"6,4\"/><text x=\"{:.1}\" y=\"40\" font-size=\"12\" fill=\"#d64541\">pass mark {pass_threshold}</text>",
            h - bottom,
            px + 4.0
        );
        let _ = writeln!(
            out,
            "<line x1=\"{left}\" y1=\"{0:.1}\" x2=\"{1:.1}\" y2=\"{0:.1}\" stroke=\"#333333\"/><text x=\"{2:.1}\" y=\"{3:.1}\" font-size=\"12\" text-anchor=\"middle\">overall score</text><text x=\"10\" y=\"{4:.1}\" font-size=\"11\">{5}</text>\n</svg>",
            h - bottom,
            w - 20.0,
            (left + w - 20.0) / 2.0,
            h - 6.0,
            h - bottom - plot_h + 4.0,
            crate::teaching::percent(top)
        );
        out
    }
}
