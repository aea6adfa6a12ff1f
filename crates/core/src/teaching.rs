//! Teaching checks: does a scenario that plays also teach?
//!
//! Syntax and references are [`crate::validate`]'s job. These checks look at what a
//! trainee can do in the conversation: whether every 5S dimension is at stake, whether
//! a costly answer says why, whether an ending is ever reached in play, whether a path
//! passes while breaking a behaviour to avoid, whether random clicking passes, whether
//! every quiz item is practised somewhere, whether the translations agree. Each finding
//! is a warning carrying its check's name; a file silences one on purpose with
//! `silence: [(check: "…", at: "…", reason: "…")]`.

use std::cell::OnceCell;
use std::collections::HashSet;

use crate::balance::{self, Balance, Method};
use crate::diagnostic::{Issue, Position};
use crate::locate::Places;
use crate::locate::SourceMap;
use crate::quiz::Quiz;
use crate::scenario::{Choice, Dimension, Scenario, Silence};

pub use crate::code::{
    ENDING_NEVER_REACHED, LOCALE_DIVERGES, PASSES_ONLY_UNTIMED, PASSES_WHILE_BREAKING,
    QUIZ_ITEM_UNLINKED, RANDOM_PLAY_PASSES, SILENCEABLE as CHECKS, SILENT_COST, STAGE_BACKWARDS,
    UNEXERCISED_DIMENSION,
};

/// Largest share of random playthroughs that may pass before `check` warns. One play in
/// twenty: a trainee who clicks without reading should almost never see "passed".
pub const RANDOM_PASS_LIMIT: f64 = 0.05;
/// Random playthroughs used when a scenario has too many paths to walk them all.
pub const CHECK_RUNS: u64 = 50_000;

/// Whether a choice costs the trainee something: a rule broken or points lost.
pub fn costs(choice: &Choice) -> bool {
    !choice.violates.is_empty() || Dimension::ALL.iter().any(|d| choice.points.get(*d) < 0)
}

fn silence_hint(check: &str, at: Option<&str>) -> String {
    match at {
        Some(at) => format!(
            "or, if it is meant, silence it: silence: [(check: \"{check}\", at: \"{at}\", reason: \"…\")]"
        ),
        None => format!(
            "or, if it is meant, silence it: silence: [(check: \"{check}\", reason: \"…\")]"
        ),
    }
}

/// A file's text with its source map built on first use: a file with nothing to report
/// is never scanned for positions.
struct Source<'a> {
    text: &'a str,
    map: OnceCell<SourceMap>,
}

impl<'a> Source<'a> {
    fn new(text: &'a str) -> Source<'a> {
        Source {
            text,
            map: OnceCell::new(),
        }
    }

    fn map(&self) -> &SourceMap {
        self.map.get_or_init(|| SourceMap::new(self.text))
    }

    /// Where each silence's `check:` is, in list order.
    fn silences(&self, silence: &[Silence]) -> Vec<Option<Position>> {
        let map = self.map();
        let mut cursor = map
            .key("silence", Position::START)
            .unwrap_or(Position::START);
        silence
            .iter()
            .map(|s| {
                let at = map.field("check", &s.check, cursor);
                if let Some(p) = at {
                    cursor = p;
                }
                at
            })
            .collect()
    }
}

/// A finding before silencing: the issue and the id it concerns.
struct Finding {
    issue: Issue,
    at: Option<String>,
}

fn finding(
    check: &'static str,
    at: Option<&str>,
    position: Option<Position>,
    message: String,
    hint: &str,
) -> Finding {
    Finding {
        issue: Issue::warning(
            check,
            position,
            message,
            format!("{hint}; {}", silence_hint(check, at)),
        ),
        at: at.map(str::to_owned),
    }
}

/// The teaching checks of one resolved scenario, with its silences applied. Returns
/// nothing for a scenario that is not resolved (it has errors to fix first).
pub fn scenario(s: &Scenario, text: &str) -> Vec<Issue> {
    if !s.is_resolved() {
        return Vec::new();
    }
    let source = Source::new(text);
    let places = OnceCell::new();
    let places = || places.get_or_init(|| Places::of(s, source.map()));
    let mut found = Vec::new();
    let top = Some(Position::START);

    // Every dimension at stake somewhere: points on a choice, or a clock for Speed.
    let timed = s.nodes.iter().any(|n| n.time_budget.is_some());
    for d in Dimension::ALL {
        let moved = s
            .nodes
            .iter()
            .flat_map(|n| &n.choices)
            .any(|c| c.points.get(d) != 0);
        let clocked = d == Dimension::Speed && timed;
        if !moved && !clocked {
            found.push(finding(
                UNEXERCISED_DIMENSION,
                Some(d.key()),
                source.map().key("nodes", Position::START).or(top),
                format!(
                    "no choice gains or loses {} points, so the debrief can say nothing about this part of the 5S",
                    d.key()
                ),
                "give the answers that show (or neglect) it points on this dimension",
            ));
        }
    }

    // A costly answer must say why.
    for (n, node) in s.nodes.iter().enumerate() {
        for (k, c) in node.choices.iter().enumerate() {
            if costs(c) && c.feedback.trim().is_empty() {
                let what = if c.violates.is_empty() {
                    "loses points".to_owned()
                } else {
                    format!(
                        "breaks {}",
                        c.violates
                            .iter()
                            .map(|v| format!("`{v}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                found.push(finding(
                    SILENT_COST,
                    Some(c.id.as_str()),
                    places().choices[n][k].or(top),
                    format!(
                        "choice `{}` {what} but has no feedback: the trainee loses points without learning why",
                        c.id
                    ),
                    "write the feedback: one sentence on what this answer does to the customer and which rule it breaks",
                ));
            }
        }
    }

    // The Moments-of-Truth flow runs forward: a link back to an earlier stage is either a
    // recovery the author meant (silence it) or a node filed under the wrong stage.
    let index: std::collections::HashMap<&str, usize> = s
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    for (n, node) in s.nodes.iter().enumerate() {
        for (k, c) in node.choices.iter().enumerate() {
            let crate::scenario::Next::Node(to) = &c.next else {
                continue;
            };
            let Some(&t) = index.get(to.as_str()) else {
                continue;
            };
            let next = &s.nodes[t];
            if next.stage < node.stage {
                found.push(finding(
                    STAGE_BACKWARDS,
                    Some(c.id.as_str()),
                    places().choices[n][k].or(top),
                    format!(
                        "choice `{}` leads from `{}` ({:?}) back to `{}` ({:?}): the Moments-of-Truth stages go backwards on this path",
                        c.id, node.id, node.stage, next.id, next.stage
                    ),
                    "give each node the stage the conversation is really in (set tone, diagnose, solve, recap, follow up)",
                ));
            }
        }
    }

    // What play does: every path when the graph is small, random runs otherwise.
    if let Some(b) = balance::analyse_for_check(s, CHECK_RUNS, 0) {
        play_findings(s, &b, &source, places, &mut found);
    }

    silenced(found, &s.silence, &source, SCENARIO_SCOPE)
}

const SCENARIO_SCOPE: [&str; 7] = [
    UNEXERCISED_DIMENSION,
    SILENT_COST,
    ENDING_NEVER_REACHED,
    PASSES_WHILE_BREAKING,
    RANDOM_PLAY_PASSES,
    PASSES_ONLY_UNTIMED,
    STAGE_BACKWARDS,
];

fn play_findings<'p>(
    s: &Scenario,
    b: &Balance,
    source: &Source,
    places: impl Fn() -> &'p Places,
    found: &mut Vec<Finding>,
) {
    let top = Some(Position::START);
    let exact = matches!(b.method, Method::Exact { .. });
    let how = match b.method {
        Method::Exact { paths } => format!("over all {paths} paths"),
        Method::MonteCarlo { runs, .. } => format!("in {runs} random plays"),
    };
    // Endings no reachable node links to are validate's warning; these are the ones the
    // conditions and moods of real play never lead to.
    if exact {
        let reachable = s.distances();
        let linked: HashSet<&str> = s
            .nodes
            .iter()
            .zip(&reachable)
            .filter(|(_, d)| d.is_some())
            .flat_map(|(n, _)| &n.choices)
            .filter_map(|c| match &c.next {
                crate::scenario::Next::Ending(e) => Some(e.as_str()),
                crate::scenario::Next::Node(_) => None,
            })
            .chain(s.persona.patience.as_ref().map(|p| p.ending.as_str()))
            .collect();
        for (e, (id, share)) in b.endings.iter().enumerate() {
            if *share == 0.0 && linked.contains(id.as_str()) {
                found.push(finding(
                    ENDING_NEVER_REACHED,
                    Some(id),
                    places().endings[e].or(top),
                    format!(
                        "ending `{id}` is linked but no path reaches it: the conditions or moods on the way never allow it"
                    ),
                    "check the `requires` and mood changes on the way to it, or the persona's patience",
                ));
            }
        }
    }
    if let Some(ex) = &b.breaking_example {
        let (node, choice) = ex.broke_at.clone().unwrap_or_default();
        let position = s
            .nodes
            .iter()
            .enumerate()
            .find_map(|(n, nd)| {
                nd.choices
                    .iter()
                    .position(|c| c.id.as_str() == choice)
                    .map(|k| places().choices[n][k])
            })
            .flatten()
            .or(top);
        found.push(finding(
            PASSES_WHILE_BREAKING,
            Some(&choice),
            position,
            format!(
                "the path {} passes with {} although `{choice}` (at `{node}`) breaks a behaviour to avoid ({} of random plays pass this way)",
                ex.choices.join(" → "),
                ex.overall,
                percent(b.pass_while_breaking)
            ),
            "make the ending after such an answer one that cannot pass (Escalated or CustomerLost), lower the mood so the customer walks out, or raise pass_threshold",
        ));
    }
    // Check and balance score untimed; real play times every answer. A model answer that
    // passes only when time is not counted fails a careful trainee who answers slowly.
    if exact
        && let Some(best) = &b.best
        && best.passed
        && !best.passed_late
    {
        found.push(finding(
            PASSES_ONLY_UNTIMED,
            None,
            source.map().key("pass_threshold", Position::START).or(top),
            format!(
                "the best path ({}) passes with {} untimed, but answered late at every timed turn (more than twice each budget) it scores {} and fails",
                best.example.choices.join(" → "),
                best.example.overall,
                best.late_overall
            ),
            "check and balance do not time answers; if a slow but perfect trainee should pass, lower the pass mark or give Speed fewer timed turns (`frontline balance --timing late` shows the figures)",
        ));
    }
    if b.pass_rate > RANDOM_PASS_LIMIT {
        found.push(finding(
            RANDOM_PLAY_PASSES,
            None,
            source.map().key("pass_threshold", Position::START).or(top),
            format!(
                "random answers pass {} of the time {how} (the limit is {:.0}%): a trainee can pass without reading",
                percent(b.pass_rate),
                RANDOM_PASS_LIMIT * 100.0
            ),
            "make the tempting wrong answers cost more (points, violations, mood), add turns, or raise pass_threshold; `frontline balance` shows the score distribution",
        ));
    }
}

/// A share as a percentage a reader can trust: tiny shares are not rounded to zero.
pub fn percent(share: f64) -> String {
    let p = share * 100.0;
    if p == 0.0 {
        "0%".into()
    } else if p < 0.01 {
        "under 0.01%".into()
    } else if p < 1.0 {
        format!("{p:.2}%")
    } else {
        format!("{p:.1}%")
    }
}

/// Quiz items no scenario of the quiz's language applies or breaks, silences applied.
pub fn quiz_links<'a>(
    quiz: &Quiz,
    text: &str,
    scenarios: impl Iterator<Item = &'a Scenario>,
) -> Vec<Issue> {
    let mut linked: HashSet<&str> = HashSet::new();
    for s in scenarios.filter(|s| s.locale == quiz.locale) {
        for c in s.nodes.iter().flat_map(|n| &n.choices) {
            linked.extend(c.applies.iter().chain(&c.violates).map(|p| p.as_str()));
        }
    }
    let source = Source::new(text);
    let map = source.map();
    let mut cursor = map.key("items", Position::START).unwrap_or(Position::START);
    let mut found = Vec::new();
    for item in &quiz.items {
        let at = map.field("id", item.id.as_str(), cursor);
        if let Some(p) = at {
            cursor = p;
        }
        if !linked.contains(item.id.as_str()) {
            found.push(finding(
                QUIZ_ITEM_UNLINKED,
                Some(item.id.as_str()),
                at,
                format!(
                    "no `{}` scenario applies or breaks `{}`, so the debrief can never show whether a trainee who knows this rule also follows it",
                    quiz.locale, item.id
                ),
                "add the id to `applies` or `violates` of the choices in a scenario that practise it",
            ));
        }
    }
    silenced(found, &quiz.silence, &source, [QUIZ_ITEM_UNLINKED])
}

/// Marks a translation's pair warnings as the `locale-diverges` check and applies the
/// translation's silences.
pub fn locale_pair(issues: Vec<Issue>, silence: &[Silence], text: &str) -> Vec<Issue> {
    let found = issues
        .into_iter()
        .map(|issue| Finding {
            issue: Issue {
                code: LOCALE_DIVERGES,
                hint: format!("{}; {}", issue.hint, silence_hint(LOCALE_DIVERGES, None)),
                ..issue
            },
            at: None,
        })
        .collect();
    silenced(found, silence, &Source::new(text), [LOCALE_DIVERGES])
}

/// Drops the findings a silence covers and warns about silences in `scope` that
/// covered nothing (the problem was fixed, or the name or id is misspelt).
fn silenced<const N: usize>(
    found: Vec<Finding>,
    silence: &[Silence],
    source: &Source,
    scope: [&str; N],
) -> Vec<Issue> {
    let mut used = vec![false; silence.len()];
    let mut kept = Vec::new();
    for f in found {
        let by = silence.iter().position(|s| {
            s.check == f.issue.code && s.at.as_ref().is_none_or(|at| f.at.as_ref() == Some(at))
        });
        match by {
            Some(i) => used[i] = true,
            None => kept.push(f.issue),
        }
    }
    let unused: Vec<bool> = silence
        .iter()
        .zip(used)
        .map(|(s, used)| !used && scope.contains(&s.check.as_str()))
        .collect();
    if unused.contains(&true) {
        let positions = source.silences(silence);
        for ((s, at), _) in silence
            .iter()
            .zip(positions)
            .zip(unused)
            .filter(|(_, u)| *u)
        {
            kept.push(Issue::warning(
                crate::code::UNUSED_SILENCE,
                at,
                match &s.at {
                    Some(id) => format!(
                        "nothing to silence: `{}` finds no problem at `{id}`",
                        s.check
                    ),
                    None => format!("nothing to silence: `{}` finds no problem here", s.check),
                },
                "remove this silence (the problem is gone), or check the id in `at`",
            ));
        }
    }
    kept
}

/// Errors in the `silence` list itself: an unknown check or an empty reason.
pub fn silence_errors(silence: &[Silence], text: &str) -> Vec<Issue> {
    let wrong = |s: &Silence| !CHECKS.contains(&s.check.as_str()) || s.reason.trim().is_empty();
    if !silence.iter().any(wrong) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (s, at) in silence.iter().zip(Source::new(text).silences(silence)) {
        if !CHECKS.contains(&s.check.as_str()) {
            let hint = match CHECKS
                .iter()
                .map(|c| (strsim::jaro_winkler(&s.check, c), *c))
                .max_by(|a, b| a.0.total_cmp(&b.0))
            {
                Some((score, best)) if score > 0.8 => format!("did you mean `{best}`?"),
                _ => format!("the checks are: {}", CHECKS.join(", ")),
            };
            out.push(Issue::error(
                crate::code::UNKNOWN_SILENCE,
                at,
                format!("`{}` is not a teaching check that can be silenced", s.check),
                hint,
            ));
        }
        if s.reason.trim().is_empty() {
            out.push(Issue::error(
                crate::code::SILENCE_WITHOUT_REASON,
                at,
                format!("the silence of `{}` gives no reason", s.check),
                "say why the warning does not apply here: the next trainer will read it",
            ));
        }
    }
    out
}

/// Words that credit the source documents or the course with something. Feedback or an
/// ending that uses one must rest on a catalogue entry whose quote says it: a claim about
/// the source is only honest when the passage is there to show. Lower case; English is
/// matched without regard to case.
pub const SOURCE_CLAIM_PHRASES: &[&str] = &[
    // English
    "the source says",
    "the sources say",
    "from the source",
    "in the source",
    "the source's model",
    "the source's own",
    "the course says",
    "the course teaches",
    "the course requires",
    "the course's own",
    "the course's model",
    "model answer",
    "standard practice",
    // Chinese
    "原文",
    "标准做法",
    "标准答案",
    "课程要求",
    "课程规定",
    "课程说",
    "教材",
    "资料中",
    "资料里",
    // Korean: the source text, a textbook, a model or standard answer, and the source, the
    // material or the course as the one speaking. Plain 출처 and 교육 과정 are not here:
    // the Korean files name them where the English names "the source" or "the course"
    // without crediting it with a claim.
    "원문",
    "교재",
    "표준 답안",
    "모범 답안",
    "모범 답변",
    "표준 관행",
    "출처에 따르면",
    "출처에서는",
    "출처가 전하",
    "자료에 따르면",
    "자료에서는",
    "교육 과정은",
    "교육 과정에서는",
    "교육 과정이 요구",
    "교육 과정에서 요구",
];

/// The first claim phrase in `text`, if any.
pub fn source_claim(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    SOURCE_CLAIM_PHRASES
        .iter()
        .copied()
        .find(|p| lower.contains(p))
}

/// `unbacked-source-claim`: choice feedback that credits the source or the course while
/// the choice cites no catalogue entry with a quote, and ending text or comments that do
/// so while no choice leading to the ending cites one.
pub fn source_claims(s: &Scenario, text: &str, catalogue: &crate::Catalogue) -> Vec<Issue> {
    let quoted = |c: &Choice| {
        c.applies.iter().chain(&c.violates).any(|id| {
            catalogue
                .get(id.as_str())
                .is_some_and(|p| p.quote.is_some())
        })
    };
    let source = Source::new(text);
    let places = OnceCell::new();
    let places = || places.get_or_init(|| Places::of(s, source.map()));
    let top = Some(Position::START);
    let hint = "cite (in `applies` or `violates`) the catalogue entry whose quote says it, or say plainly that the step is ours (\"our addition\", \"本情景补充\", \"본 시나리오에서 덧붙인\")";
    let mut out = Vec::new();
    for (n, node) in s.nodes.iter().enumerate() {
        for (k, c) in node.choices.iter().enumerate() {
            if let Some(phrase) = source_claim(&c.feedback)
                && !quoted(c)
            {
                out.push(Issue::warning(
                    crate::code::UNBACKED_SOURCE_CLAIM,
                    places().choices[n][k].or(top),
                    format!(
                        "the feedback of `{}` says \"{phrase}\", but the choice cites no catalogue entry with a quote",
                        c.id
                    ),
                    hint,
                ));
            }
        }
    }
    for (e, ending) in s.endings.iter().enumerate() {
        let Some(phrase) = source_claim(&ending.text).or_else(|| source_claim(&ending.comment))
        else {
            continue;
        };
        let backed = s.nodes.iter().flat_map(|n| &n.choices).any(|c| {
            matches!(&c.next, crate::scenario::Next::Ending(id) if id.as_str() == ending.id.as_str())
                && quoted(c)
        });
        if !backed {
            out.push(Issue::warning(
                crate::code::UNBACKED_SOURCE_CLAIM,
                places().endings[e].or(top),
                format!(
                    "ending `{}` says \"{phrase}\", but no choice that leads to it cites a catalogue entry with a quote",
                    ending.id
                ),
                hint,
            ));
        }
    }
    out
}

/// How many times dearer one choice breaking a principle may be than another breaking the
/// same principle elsewhere in the library before `uneven-cost` warns.
pub const UNEVEN_COST_FACTOR: u32 = 2;

/// `uneven-cost`, across the scenarios of one library: for each principle, the dearest
/// and the cheapest choice that violate it (in the same language, in different
/// scenarios), when the dearer costs more than [`UNEVEN_COST_FACTOR`] times the cheaper.
/// Each scenario comes with the file it is in and its text; the warning goes to the
/// dearer choice's file and names the cheaper one's place.
pub fn uneven_costs<'a>(
    scenarios: impl IntoIterator<Item = (&'a Scenario, &'a str, &'a str)>,
) -> Vec<(String, Issue)> {
    use std::collections::BTreeMap;
    struct Cost {
        cost: u32,
        file: String,
        scenario: String,
        choice: String,
        at: Option<Position>,
    }
    // (locale, principle) -> the cheapest and the dearest choice violating it.
    let mut span: BTreeMap<(String, String), (Cost, Cost)> = BTreeMap::new();
    for (s, file, text) in scenarios {
        let map = SourceMap::new(text);
        let places = Places::of(s, &map);
        for (n, node) in s.nodes.iter().enumerate() {
            for (k, c) in node.choices.iter().enumerate() {
                // What breaking `v` costs in this choice: its own penalty and an equal share
                // of the 5S points the choice loses, so that a choice breaking two rules is
                // not compared whole with one breaking only one of them.
                let lost = crate::rules::choice_cost(c)
                    - c.violates
                        .iter()
                        .map(|v| crate::rules::violation_cost(v.as_str()))
                        .sum::<u32>();
                let share = lost.div_ceil(c.violates.len().max(1) as u32);
                for v in &c.violates {
                    let cost = crate::rules::violation_cost(v.as_str()) + share;
                    let here = || Cost {
                        cost,
                        file: file.to_owned(),
                        scenario: s.id.clone(),
                        choice: c.id.as_str().to_owned(),
                        at: places.choices[n][k],
                    };
                    let key = (s.locale.clone(), v.as_str().to_owned());
                    match span.get_mut(&key) {
                        None => {
                            span.insert(key, (here(), here()));
                        }
                        Some((low, high)) => {
                            if cost < low.cost {
                                *low = here();
                            }
                            if cost > high.cost {
                                *high = here();
                            }
                        }
                    }
                }
            }
        }
    }
    span.into_iter()
        .filter(|(_, (low, high))| {
            low.scenario != high.scenario && high.cost > UNEVEN_COST_FACTOR * low.cost.max(1)
        })
        .map(|((_, principle), (low, high))| {
            let place = match low.at {
                Some(p) => format!("{}:{p}", low.file),
                None => low.file.clone(),
            };
            (
                high.file.clone(),
                Issue::warning(
                    crate::code::UNEVEN_COST,
                    high.at,
                    format!(
                        "choice `{}` costs {} points for breaking `{principle}`, but `{}` in `{}` ({place}) costs {} for the same principle: more than {UNEVEN_COST_FACTOR}×",
                        high.choice, high.cost, low.choice, low.scenario, low.cost
                    ),
                    "make the same mistake cost about the same everywhere (the cost of breaking a principle in a choice = its penalty, 10 for avoid.* and 5 for any other id, plus an equal share of the 5S points the choice loses)",
                ),
            )
        })
        .collect()
}
