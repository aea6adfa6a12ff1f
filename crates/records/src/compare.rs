//! Two attempts of one scenario side by side, choice by choice, with the score
//! difference taken apart: the 5S dimensions that moved the base, the violations that
//! moved the penalty, and the ending.

use frontline_core::i18n::{Lang, fill};
use frontline_core::ids::PrincipleId;
use frontline_core::scenario::{Dimension, Outcome};
use frontline_core::score::{ChoiceRecord, Debrief};

/// One turn of the two attempts.
#[derive(Debug, Clone, PartialEq)]
pub struct Row<'a> {
    /// 1-based turn.
    pub turn: usize,
    /// Attempt A's answer, if it got this far.
    pub a: Option<&'a ChoiceRecord>,
    /// Attempt B's answer, if it got this far.
    pub b: Option<&'a ChoiceRecord>,
}

impl Row<'_> {
    /// Both answered the same node with the same choice.
    pub fn same(&self) -> bool {
        matches!((self.a, self.b), (Some(a), Some(b)) if a.node == b.node && a.choice == b.choice)
    }
}

/// A principle broken in one attempt and not the other.
#[derive(Debug, Clone, PartialEq)]
pub struct OnlyIn {
    /// Catalogue id.
    pub id: PrincipleId,
    /// Turns where it was broken.
    pub turns: Vec<usize>,
    /// Overall points it cost.
    pub penalty: u32,
}

/// The comparison of attempt A (earlier) with attempt B (later).
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison<'a> {
    /// Turn by turn.
    pub rows: Vec<Row<'a>>,
    /// First turn where the answers differ.
    pub first_difference: Option<usize>,
    /// Per dimension in course order: A's and B's score.
    pub dimensions: [(Option<u32>, Option<u32>); 5],
    /// Overall scores.
    pub overall: (u32, u32),
    /// Mean of the rated dimensions.
    pub base: (u32, u32),
    /// Penalty points.
    pub penalty: (u32, u32),
    /// Endings.
    pub outcome: (Option<Outcome>, Option<Outcome>),
    /// Pass/fail.
    pub passed: (bool, bool),
    /// Violations in A and not B.
    pub only_a: Vec<OnlyIn>,
    /// Violations in B and not A.
    pub only_b: Vec<OnlyIn>,
}

/// Lines up two debriefs of the same scenario.
pub fn compare<'a>(a: &'a Debrief, b: &'a Debrief) -> Comparison<'a> {
    let turns = a.choices.len().max(b.choices.len());
    let rows: Vec<Row> = (0..turns)
        .map(|i| Row {
            turn: i + 1,
            a: a.choices.get(i),
            b: b.choices.get(i),
        })
        .collect();
    let first_difference = rows.iter().find(|r| !r.same()).map(|r| r.turn);
    let only = |x: &Debrief, y: &Debrief| -> Vec<OnlyIn> {
        let mut out: Vec<OnlyIn> = Vec::new();
        for v in &x.violations {
            if y.violations.iter().any(|w| w.id == v.id) {
                continue;
            }
            match out.iter_mut().find(|o| o.id == v.id) {
                Some(o) => {
                    o.turns.push(v.turn);
                    o.penalty += v.penalty;
                }
                None => out.push(OnlyIn {
                    id: v.id.clone(),
                    turns: vec![v.turn],
                    penalty: v.penalty,
                }),
            }
        }
        out
    };
    Comparison {
        first_difference,
        dimensions: Dimension::ALL.map(|d| (a.five_s.get(d), b.five_s.get(d))),
        overall: (a.overall, b.overall),
        base: (a.base, b.base),
        penalty: (a.penalty, b.penalty),
        outcome: (a.outcome, b.outcome),
        passed: (a.passed, b.passed),
        only_a: only(a, b),
        only_b: only(b, a),
        rows,
    }
}

fn signed(n: i64) -> String {
    if n > 0 {
        format!("+{n}")
    } else {
        n.to_string()
    }
}

impl Comparison<'_> {
    /// The score difference in sentences, B against A, biggest causes first.
    pub fn explain(&self, lang: Lang) -> Vec<String> {
        let w = lang.words();
        let mut lines = Vec::new();
        let diff = self.overall.1 as i64 - self.overall.0 as i64;
        lines.push(fill(
            w.compare_overall,
            &[
                ("a", &self.overall.0),
                ("b", &self.overall.1),
                ("diff", &signed(diff)),
                ("base_a", &self.base.0),
                ("base_b", &self.base.1),
                ("pen_a", &self.penalty.0),
                ("pen_b", &self.penalty.1),
            ],
        ));
        let mut moved: Vec<(i64, String)> = Vec::new();
        for (k, (x, y)) in self.dimensions.iter().enumerate() {
            let name = w.dimensions[k];
            let line = match (x, y) {
                (Some(x), Some(y)) if x != y => {
                    let d = *y as i64 - *x as i64;
                    Some((d.abs(), format!("{name} {x} → {y} ({})", signed(d))))
                }
                (None, Some(y)) => Some((*y as i64, format!("{name}: {} → {y}", w.not_rated))),
                (Some(x), None) => Some((*x as i64, format!("{name}: {x} → {}", w.not_rated))),
                _ => None,
            };
            moved.extend(line);
        }
        moved.sort_by_key(|m| std::cmp::Reverse(m.0));
        if !moved.is_empty() {
            let list: Vec<String> = moved.into_iter().map(|(_, s)| s).collect();
            lines.push(fill(w.compare_moved, &[("list", &list.join(w.semicolon))]));
        }
        for (label, list) in [("A", &self.only_a), ("B", &self.only_b)] {
            for o in list {
                let turns: Vec<String> = o.turns.iter().map(|t| t.to_string()).collect();
                lines.push(fill(
                    w.compare_only,
                    &[
                        ("label", &label),
                        ("id", &o.id),
                        ("turns", &turns.join(w.list_comma)),
                        ("penalty", &o.penalty),
                    ],
                ));
            }
        }
        if self.outcome.0 != self.outcome.1 || self.passed.0 != self.passed.1 {
            let name = |o: Option<Outcome>, p: bool| {
                let o = o.map_or(w.abandoned, |o| o.key());
                format!("{o}, {}", if p { w.passed } else { w.failed })
            };
            lines.push(fill(
                w.compare_ending,
                &[
                    ("a", &name(self.outcome.0, self.passed.0)),
                    ("b", &name(self.outcome.1, self.passed.1)),
                ],
            ));
        }
        lines.push(match self.first_difference {
            Some(t) => fill(w.compare_first_difference, &[("turn", &t)]),
            None => w.compare_same_choices.to_owned(),
        });
        lines
    }
}
