//! Scoring a finished (or abandoned) conversation into a debrief.
//!
//! The formula is written out for trainers in `docs/scoring.md`; keep the two in step.
//! In short: each 5S dimension is what the trainee earned as a share of the best
//! that was on offer at the turns they actually saw (plus, for Speed, answering
//! within each turn's time budget); the overall score is the mean of the rated
//! dimensions minus a penalty per violated principle; passing needs the threshold
//! and an ending that kept the customer.

use serde::{Deserialize, Serialize};

use crate::catalogue::{Catalogue, Citation, Group, Localized};
use crate::five_s::{Dimension, Points, Scores};
use crate::ids::{ChoiceId, NodeId, PrincipleId};
use crate::quiz::QuizResult;
use crate::rules;
pub use crate::rules::{
    AVOID_PENALTY, OTHER_PENALTY, TIMING_POINTS, dimension_score, grade, timing_points,
    violation_cost,
};
use crate::scenario::{MotStage, Outcome, Scenario};
use crate::session::{Session, SessionError};

/// Everything the trainee learns about one attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Debrief {
    /// Scenario id.
    pub scenario: String,
    /// Scenario locale.
    pub locale: String,
    /// Seed of the attempt.
    pub seed: u64,
    /// Overall score 0–100.
    pub overall: u32,
    /// Letter grade of the overall score.
    pub grade: char,
    /// Whether the attempt passed.
    pub passed: bool,
    /// Score needed to pass.
    pub pass_threshold: u32,
    /// Mean of the rated dimensions before penalties.
    pub base: u32,
    /// Points taken off for violations.
    pub penalty: u32,
    /// How it ended; `None` when the conversation was abandoned.
    pub outcome: Option<Outcome>,
    /// Id of the ending reached.
    pub ending: Option<String>,
    /// The customer ran out of patience: the mood reached the persona's `walk_out_at` and
    /// ended the visit at the patience ending, whatever the last answer led to. Not the
    /// same as "the ending reached is a walk-out": see `ending` and `outcome` for that.
    pub walked_out: bool,
    /// Per-dimension score, `None` when the path never exercised it.
    pub five_s: Scores,
    /// How each dimension's score was made.
    pub dimensions: Vec<DimensionScore>,
    /// Mood at the start and after every answer.
    pub mood: Vec<i32>,
    /// Each answer, in order.
    pub choices: Vec<ChoiceRecord>,
    /// Principles broken, with the moment.
    pub violations: Vec<Moment>,
    /// Principles put into practice, with the moment.
    pub applied: Vec<Moment>,
    /// Quiz items this conversation touched, next to the quiz answer when known.
    pub quiz: Vec<QuizAlignment>,
    /// MOT stages in the order visited (repeats of the same stage merged).
    pub mot_path: Vec<String>,
}

/// How one dimension's score was made.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DimensionScore {
    /// The dimension.
    pub dimension: Dimension,
    /// Catalogue id (`5s.smile`, …).
    pub id: &'static str,
    /// Points earned by the answers given (may be negative).
    pub earned: i32,
    /// Best points on offer at the turns visited.
    pub possible: i32,
    /// Of those, the points for answering in time (Speed only).
    pub timing_earned: i32,
    /// Timing points on offer (Speed only).
    pub timing_possible: i32,
    /// 0–100, or `None` when the path offered nothing on this dimension.
    pub score: Option<u32>,
}

/// A stored [`DimensionScore`]; its id is taken from the dimension on the way in.
#[derive(Deserialize)]
struct StoredDimensionScore {
    dimension: Dimension,
    earned: i32,
    possible: i32,
    timing_earned: i32,
    timing_possible: i32,
    score: Option<u32>,
}

// By hand: a derived impl would try to borrow the `&'static str` id from the input.
impl<'de> Deserialize<'de> for DimensionScore {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = StoredDimensionScore::deserialize(d)?;
        Ok(DimensionScore {
            dimension: s.dimension,
            id: s.dimension.principle_id(),
            earned: s.earned,
            possible: s.possible,
            timing_earned: s.timing_earned,
            timing_possible: s.timing_possible,
            score: s.score,
        })
    }
}

/// One answer in the debrief.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChoiceRecord {
    /// 1-based turn number.
    pub turn: usize,
    /// Node answered.
    pub node: NodeId,
    /// Its MOT stage.
    pub stage: MotStage,
    /// Choice taken.
    pub choice: ChoiceId,
    /// Its 1-based position in the node's authored order.
    pub number: usize,
    /// What the agent said.
    pub text: String,
    /// Seconds taken from the moment the turn was shown, if measured.
    pub response_time: Option<f32>,
    /// Seconds allowed for reading before the budget started.
    #[serde(default)]
    pub allowance: f32,
    /// The turn's time budget, if any.
    pub time_budget: Option<f32>,
    /// Points earned.
    pub points: Points,
    /// Mood before and after.
    pub mood_before: i32,
    /// Mood after.
    pub mood_after: i32,
    /// The coaching feedback of the choice.
    pub feedback: String,
    /// Whether this was (one of) the best-scoring answers on offer.
    pub best_on_offer: bool,
}

/// A principle applied or broken at a moment of the conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Moment {
    /// Catalogue id.
    pub id: PrincipleId,
    /// Catalogue title.
    pub title: Localized,
    /// Where the course states it.
    pub citation: Citation,
    /// The catalogue marks it as an inference.
    pub inferred: bool,
    /// 1-based turn.
    pub turn: usize,
    /// Node of the turn.
    pub node: NodeId,
    /// Choice that applied or broke it.
    pub choice: ChoiceId,
    /// Feedback of that choice.
    pub feedback: String,
    /// Overall-score points it cost (violations only).
    pub penalty: u32,
}

/// A quiz item seen in play, beside what the trainee answered in the quiz.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuizAlignment {
    /// Quiz item id.
    pub id: PrincipleId,
    /// Catalogue title.
    pub title: Localized,
    /// Turns whose answer followed the rule.
    pub applied: Vec<usize>,
    /// Turns whose answer broke it.
    pub violated: Vec<usize>,
    /// Whether the trainee answered this item correctly in the quiz; `None` until they take it.
    pub knows: Option<bool>,
}

impl QuizAlignment {
    /// Whether play followed the rule every time it came up.
    pub fn applied_it(&self) -> bool {
        !self.applied.is_empty() && self.violated.is_empty()
    }
}

/// The running numbers a score is made of. [`score`] builds the debrief from it and
/// the path search keeps one per branch, so both use the same arithmetic.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Points earned per dimension by the answers (timing excluded).
    pub earned: Points,
    /// Best points on offer per dimension at the turns seen.
    pub possible: Points,
    /// Speed points earned by answering in time.
    pub timing_earned: i32,
    /// Speed points on offer for timing.
    pub timing_possible: i32,
    /// Overall-score points lost to violations.
    pub penalty: u32,
}

impl Tally {
    /// Adds one answered turn.
    pub fn add(&mut self, scenario: &Scenario, turn: &crate::session::Turn) {
        let node = &scenario.nodes[turn.node];
        let choice = &node.choices[turn.choice];
        let best = rules::best_on_offer(
            node.choices
                .iter()
                .enumerate()
                .filter(|(k, _)| turn.offered & (1 << k) != 0)
                .map(|(_, c)| &c.points),
        );
        for d in Dimension::ALL {
            self.earned[d] += choice.points[d];
            self.possible[d] += best[d];
        }
        if let (Some(budget), Some(t)) = (node.time_budget, turn.response_time) {
            self.timing_possible += TIMING_POINTS;
            // To the millisecond: clocks measure no finer, and an answer exactly at the
            // budget must not lose its points to rounding in the subtraction.
            let thinking = ((t - turn.allowance).max(0.0) * 1000.0).round() / 1000.0;
            self.timing_earned += timing_points(thinking, budget);
        }
        self.penalty += choice
            .violates
            .iter()
            .map(|id| violation_cost(id.as_str()))
            .sum::<u32>();
    }

    /// Earned and possible points on one dimension, timing included.
    pub fn points(&self, d: Dimension) -> (i32, i32) {
        let (te, tp) = if d == Dimension::Speed {
            (self.timing_earned, self.timing_possible)
        } else {
            (0, 0)
        };
        (self.earned.get(d) + te, self.possible.get(d) + tp)
    }

    /// The 0–100 score of one dimension; `None` when nothing was on offer or lost.
    pub fn dimension_score(&self, d: Dimension) -> Option<u32> {
        let (e, p) = self.points(d);
        dimension_score(e, p)
    }

    /// Every dimension's score, timing included.
    pub fn scores(&self) -> Scores {
        Scores::from_fn(|d| self.dimension_score(d))
    }

    /// Mean of the rated dimensions, rounded half up.
    pub fn base(&self) -> u32 {
        rules::base(&self.scores())
    }

    /// The overall score: base minus penalties, not below 0.
    pub fn overall(&self) -> u32 {
        rules::overall(self.base(), self.penalty)
    }
}

fn moment(
    catalogue: &Catalogue,
    id: &PrincipleId,
    turn: usize,
    node: &NodeId,
    choice: &ChoiceId,
    feedback: &str,
    penalty: u32,
) -> Moment {
    let entry = catalogue.get(id.as_str());
    Moment {
        id: id.clone(),
        title: entry.map(|p| p.title.clone()).unwrap_or_else(|| Localized {
            en: id.to_string(),
            zh: id.to_string(),
            ko: id.to_string(),
        }),
        citation: entry.map(|p| p.source.clone()).unwrap_or(Citation {
            file: String::new(),
            section: String::new(),
        }),
        inferred: entry.is_some_and(|p| p.inferred),
        turn,
        node: node.clone(),
        choice: choice.clone(),
        feedback: feedback.to_owned(),
        penalty,
    }
}

/// Scores the answers given so far. A finished session gives the full debrief; an
/// unfinished one scores what was played, with no outcome (and so cannot pass).
/// Fails when `scenario` is not the one the session was played on.
pub fn score(
    scenario: &Scenario,
    catalogue: &Catalogue,
    session: &Session,
) -> Result<Debrief, SessionError> {
    if !session.fits(scenario) {
        return Err(SessionError::ScenarioChanged);
    }
    let mut tally = Tally::default();
    let mut mood = vec![rules::clamp_mood(scenario.persona.mood)];
    let mut choices = Vec::new();
    let mut violations = Vec::new();
    let mut applied = Vec::new();
    let mut mot_path: Vec<String> = Vec::new();

    for (i, turn) in session.turns().iter().enumerate() {
        tally.add(scenario, turn);
        let node = &scenario.nodes[turn.node];
        let choice = &node.choices[turn.choice];
        let number = i + 1;
        let stage = node.stage.principle_id();
        if mot_path.last().map(String::as_str) != Some(stage) {
            mot_path.push(stage.to_owned());
        }
        let best_on_offer = rules::is_best_total(
            &choice.points,
            node.choices
                .iter()
                .enumerate()
                .filter(|(k, _)| turn.offered & (1 << k) != 0)
                .map(|(_, c)| &c.points),
        );
        for id in &choice.violates {
            violations.push(moment(
                catalogue,
                id,
                number,
                &node.id,
                &choice.id,
                &choice.feedback,
                violation_cost(id.as_str()),
            ));
        }
        for id in &choice.applies {
            applied.push(moment(
                catalogue,
                id,
                number,
                &node.id,
                &choice.id,
                &choice.feedback,
                0,
            ));
        }
        mood.push(turn.mood_after);
        choices.push(ChoiceRecord {
            turn: number,
            node: node.id.clone(),
            stage: node.stage,
            choice: choice.id.clone(),
            number: turn.choice + 1,
            text: choice.text.clone(),
            response_time: turn.response_time,
            allowance: turn.allowance,
            time_budget: node.time_budget,
            points: choice.points,
            mood_before: turn.mood_before,
            mood_after: turn.mood_after,
            feedback: choice.feedback.clone(),
            best_on_offer,
        });
    }

    let five_s = tally.scores();
    let mut dimensions = Vec::with_capacity(5);
    for d in Dimension::ALL {
        let (earned, possible) = tally.points(d);
        let score = five_s[d];
        let speed = d == Dimension::Speed;
        dimensions.push(DimensionScore {
            dimension: d,
            id: d.principle_id(),
            earned,
            possible,
            timing_earned: if speed { tally.timing_earned } else { 0 },
            timing_possible: if speed { tally.timing_possible } else { 0 },
            score,
        });
    }
    let base = tally.base();
    let penalty = tally.penalty;
    let overall = tally.overall();
    let finish = session.finish();
    let ending = finish.map(|f| &scenario.endings[f.ending]);
    let outcome = ending.map(|e| e.outcome);
    let passed = scenario.passes(overall, outcome);

    let mut quiz: Vec<QuizAlignment> = Vec::new();
    for (list, is_applied) in [(&applied, true), (&violations, false)] {
        for m in list
            .iter()
            .filter(|m| Group::of(m.id.as_str()) == Group::Quiz)
        {
            let entry = match quiz.iter_mut().position(|q| q.id == m.id) {
                Some(i) => &mut quiz[i],
                None => {
                    quiz.push(QuizAlignment {
                        id: m.id.clone(),
                        title: m.title.clone(),
                        applied: Vec::new(),
                        violated: Vec::new(),
                        knows: None,
                    });
                    quiz.last_mut().expect("just pushed")
                }
            };
            if is_applied {
                entry.applied.push(m.turn)
            } else {
                entry.violated.push(m.turn)
            }
        }
    }
    quiz.sort_by(|a, b| a.id.cmp(&b.id));

    Ok(Debrief {
        scenario: scenario.id.clone(),
        locale: scenario.locale.clone(),
        seed: session.seed(),
        overall,
        grade: grade(overall),
        passed,
        pass_threshold: scenario.pass_threshold,
        base,
        penalty,
        outcome,
        ending: ending.map(|e| e.id.to_string()),
        walked_out: finish.is_some_and(|f| f.walked_out),
        five_s,
        dimensions,
        mood,
        choices,
        violations,
        applied,
        quiz,
        mot_path,
    })
}

impl Debrief {
    /// Fills in "knows the rule" from a quiz attempt.
    pub fn align_quiz(&mut self, result: &QuizResult) {
        for q in &mut self.quiz {
            if let Some(item) = result.items.iter().find(|i| i.id == q.id) {
                q.knows = Some(item.correct);
            }
        }
    }

    /// Fills in "knows the rule" from a trainee's quiz attempts, oldest first: the latest
    /// answer to each item wins. The game, `play` and `replay` all align this way, so a
    /// replayed attempt is scored exactly as it was shown.
    pub fn align_quizzes<'a>(&mut self, results: impl IntoIterator<Item = &'a QuizResult>) {
        for r in results {
            self.align_quiz(r);
        }
    }
}
