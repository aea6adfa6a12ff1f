//! What a cohort actually did in a scenario, arrow by arrow: how many attempts took each
//! choice, how long they took to answer (the median), and how many of those attempts
//! passed; where attempts ended, and where the customer walked out. Built from recorded
//! paths, drawn by [`crate::graph::svg_heat`] and the trainer view.
//!
//! A figure from a handful of attempts is noise: below [`HEAT_MIN`] attempts an arrow shows
//! its count only, drawn neutral, so one trainee's odd choice does not shout.

use std::collections::BTreeMap;

use crate::scenario::{Next, Scenario};

/// Fewest attempts through an arrow (or a node) before its share and pass rate are shown and
/// coloured.
pub const HEAT_MIN: usize = 5;

/// One arrow's figures.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChoiceHeat {
    /// Attempts that took it.
    pub taken: usize,
    /// Of those, attempts that passed.
    pub passed: usize,
    times: Vec<f32>,
}

impl ChoiceHeat {
    /// Median response time in seconds over the timed answers.
    pub fn median_seconds(&self) -> Option<f32> {
        let mut t = self.times.clone();
        if t.is_empty() {
            return None;
        }
        t.sort_by(f32::total_cmp);
        let m = t.len() / 2;
        Some(if t.len() % 2 == 1 {
            t[m]
        } else {
            (t[m - 1] + t[m]) / 2.0
        })
    }

    /// Share of its attempts that passed, whole percent.
    pub fn pass_rate(&self) -> u32 {
        share(self.passed, self.taken)
    }

    /// Whether there are enough attempts to show more than the count.
    pub fn enough(&self) -> bool {
        self.taken >= HEAT_MIN
    }
}

/// One node's figures.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NodeHeat {
    /// Attempts that reached it.
    pub reached: usize,
    /// Attempts that stopped here unfinished (the trainee left).
    pub left: usize,
    /// Attempts where the customer walked out after the answer given here.
    pub walked_out: usize,
}

/// The figures of one scenario, by node and choice index of the current file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Heat {
    /// Attempts counted.
    pub attempts: usize,
    /// Attempts whose path no longer fits the file (a node or choice renamed since).
    pub skipped: usize,
    /// Per node index.
    pub nodes: Vec<NodeHeat>,
    /// Per node index, per choice index.
    pub choices: Vec<Vec<ChoiceHeat>>,
    /// Per ending index: attempts that ended there.
    pub endings: Vec<usize>,
}

/// One recorded answer: node id, choice id, seconds taken.
pub type Answer<'a> = (&'a str, &'a str, Option<f32>);

/// Whole percent, rounded half up; 0 of nothing.
pub fn share(part: usize, whole: usize) -> u32 {
    if whole == 0 {
        0
    } else {
        ((part as u64 * 200 + whole as u64) / (whole as u64 * 2)) as u32
    }
}

impl Heat {
    /// Empty figures sized for the scenario.
    pub fn new(s: &Scenario) -> Heat {
        Heat {
            attempts: 0,
            skipped: 0,
            nodes: vec![NodeHeat::default(); s.nodes.len()],
            choices: s
                .nodes
                .iter()
                .map(|n| vec![ChoiceHeat::default(); n.choices.len()])
                .collect(),
            endings: vec![0; s.endings.len()],
        }
    }

    /// Adds one attempt's answers, in order. `finished` says whether it reached an ending,
    /// `walked_out` whether that ending was the customer leaving (the mood floor).
    pub fn add(
        &mut self,
        s: &Scenario,
        answers: &[Answer<'_>],
        passed: bool,
        finished: bool,
        walked_out: bool,
    ) {
        // Resolve the whole path first, so a path that no longer fits counts nowhere.
        let mut steps = Vec::with_capacity(answers.len());
        for (node, choice, _) in answers {
            let Some(i) = s.nodes.iter().position(|n| n.id.as_str() == *node) else {
                self.skipped += 1;
                return;
            };
            let Some(k) = s.nodes[i]
                .choices
                .iter()
                .position(|c| c.id.as_str() == *choice)
            else {
                self.skipped += 1;
                return;
            };
            steps.push((i, k));
        }
        self.attempts += 1;
        for (&(i, k), (_, _, seconds)) in steps.iter().zip(answers) {
            self.nodes[i].reached += 1;
            let c = &mut self.choices[i][k];
            c.taken += 1;
            c.passed += passed as usize;
            if let Some(t) = seconds.filter(|t| t.is_finite() && *t >= 0.0) {
                c.times.push(t);
            }
        }
        let Some(&(i, k)) = steps.last() else {
            return;
        };
        let next = &s.nodes[i].choices[k].next;
        if !finished {
            match next {
                Next::Node(id) => {
                    if let Some(n) = s.nodes.iter().position(|n| n.id == *id) {
                        self.nodes[n].reached += 1;
                        self.nodes[n].left += 1;
                    }
                }
                Next::Ending(_) => {}
            }
        } else if walked_out && !matches!(next, Next::Ending(_)) {
            self.nodes[i].walked_out += 1;
            if let Some(e) = s
                .persona
                .patience
                .as_ref()
                .and_then(|p| s.endings.iter().position(|e| e.id == p.ending))
            {
                self.endings[e] += 1;
            }
        } else if let Next::Ending(id) = next
            && let Some(e) = s.endings.iter().position(|e| e.id == *id)
        {
            self.endings[e] += 1;
        }
    }

    /// Share of the attempts at the node that took the choice, whole percent.
    pub fn share_at(&self, node: usize, choice: usize) -> u32 {
        share(self.choices[node][choice].taken, self.nodes[node].reached)
    }

    /// The arrow's label: `12 · 55% · 6.2 s · 40% passed`, or the bare count below
    /// [`HEAT_MIN`].
    pub fn label(&self, node: usize, choice: usize) -> String {
        let c = &self.choices[node][choice];
        if !c.enough() {
            return format!("{}", c.taken);
        }
        let mut out = format!("{} · {}%", c.taken, self.share_at(node, choice));
        if let Some(t) = c.median_seconds() {
            out.push_str(&format!(" · {t:.1} s"));
        }
        out.push_str(&format!(" · {}% passed", c.pass_rate()));
        out
    }

    /// Per-choice totals keyed by ids, for JSON.
    pub fn by_id<'s>(&self, s: &'s Scenario) -> BTreeMap<(&'s str, &'s str), &ChoiceHeat> {
        let mut out = BTreeMap::new();
        for (i, n) in s.nodes.iter().enumerate() {
            for (k, c) in n.choices.iter().enumerate() {
                out.insert((n.id.as_str(), c.id.as_str()), &self.choices[i][k]);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::Library;

    fn angry() -> Scenario {
        let lib = Library::load(&Default::default());
        lib.scenarios
            .iter()
            .find(|s| s.value.id == "angry-customer" && s.value.locale == "en")
            .unwrap()
            .value
            .clone()
    }

    #[test]
    fn counts_medians_endings_walk_outs_and_paths_that_no_longer_fit() {
        let s = angry();
        let mut h = Heat::new(&s);
        let go = ("call", "call.go_now", Some(4.0));
        for (t, passed) in [(2.0, true), (6.0, false), (9.0, true)] {
            h.add(
                &s,
                &[("call", "call.go_now", Some(t))],
                passed,
                false,
                false,
            );
        }
        h.add(
            &s,
            &[go, ("arrival", "arrival.correct_him", None)],
            false,
            true,
            true,
        );
        h.add(&s, &[("call", "call.gone", None)], true, true, false);
        let call = s
            .nodes
            .iter()
            .position(|n| n.id.as_str() == "call")
            .unwrap();
        let arrival = s
            .nodes
            .iter()
            .position(|n| n.id.as_str() == "arrival")
            .unwrap();
        let c = &h.choices[call][0];
        assert_eq!((c.taken, c.passed), (4, 2));
        assert_eq!(c.median_seconds(), Some(5.0));
        assert_eq!((h.attempts, h.skipped), (4, 1));
        // Three left at arrival unfinished; one walked out after answering there.
        assert_eq!(h.nodes[arrival].reached, 4);
        assert_eq!(h.nodes[arrival].left, 3);
        assert_eq!(h.nodes[arrival].walked_out, 1);
        assert_eq!(h.endings.iter().sum::<usize>(), 1);
        // Below the threshold an arrow shows its count alone.
        assert_eq!(h.label(call, 0), "4");
        for _ in 0..2 {
            h.add(&s, &[("call", "call.wait", Some(1.0))], false, false, false);
        }
        h.add(&s, &[go], true, false, false);
        assert_eq!(h.label(call, 0), "5 · 71% · 4.0 s · 60% passed");
    }
}
