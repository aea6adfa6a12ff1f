//! The conversation state machine: start, present a turn, choose, …, ending.
//!
//! A session owns no scenario; every call takes `&Scenario`, so the game can keep the
//! session in a resource while the scenario sits in an asset, and replaying an
//! attempt needs only the scenario, the seed and the choices. All randomness comes
//! from one ChaCha8 stream seeded by the attempt's seed and drawn in a fixed order
//! (persona, then per turn: line, choice order), so the same seed and the same
//! choices always show the same conversation.

use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use crate::ids::ChoiceId;
use crate::limits::MAX_CHOICES;
use crate::rules;
pub use crate::rules::{MOOD_MAX, MOOD_MIN};
use crate::scenario::{Choice, Ending, Node, Scenario, Target};

/// One answered turn.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Turn {
    /// Index of the node in `scenario.nodes`.
    pub node: usize,
    /// Which of the node's lines was shown.
    pub line: usize,
    /// Bit `k` set when choice `k` (authored order) was offered.
    pub offered: u16,
    /// The offered choices (authored indices) in the order they were shown; the first
    /// `shown_len` entries count. Read it with [`Turn::shown`].
    #[serde(skip)]
    pub shown_order: [u8; MAX_CHOICES],
    /// How many entries of `shown_order` count.
    #[serde(skip)]
    pub shown_len: u8,
    /// Index of the chosen choice in the node's authored order.
    pub choice: usize,
    /// Seconds the trainee took from the moment the turn was shown, when measured.
    pub response_time: Option<f32>,
    /// Seconds allowed for reading what the turn showed before its time budget starts,
    /// at the session's reading pace ([`crate::reading`]); timing scores the rest.
    #[serde(default)]
    pub allowance: f32,
    /// Mood before the answer.
    pub mood_before: i32,
    /// Mood after the answer.
    pub mood_after: i32,
}

impl Turn {
    /// The choices offered at this turn (indices in the node's authored order), in the
    /// order they were shown: key 1 first.
    pub fn shown(&self) -> &[u8] {
        &self.shown_order[..self.shown_len as usize]
    }

    /// The key (1-based, as on screen) the chosen answer was under.
    pub fn key(&self) -> usize {
        self.shown()
            .iter()
            .position(|&k| k as usize == self.choice)
            .map_or(0, |i| i + 1)
    }
}

/// How the conversation finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Finish {
    /// Index of the ending in `scenario.endings`.
    pub ending: usize,
    /// The customer ran out of patience rather than the choice leading there.
    pub walked_out: bool,
}

/// A conversation in progress or finished.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    fingerprint: u64,
    seed: u64,
    rng: ChaCha8Rng,
    persona: Option<usize>,
    node: usize,
    line: usize,
    order: [u8; MAX_CHOICES],
    order_len: u8,
    offered: u16,
    mood: i32,
    flags: u64,
    turns: Vec<Turn>,
    finish: Option<Finish>,
    pace: crate::reading::Pace,
}

/// What the trainee sees now.
#[derive(Debug, Clone, PartialEq)]
pub enum Step<'a> {
    /// The customer speaks and the agent must answer.
    Turn(TurnView<'a>),
    /// The conversation is over.
    Ended(EndView<'a>),
}

/// A customer turn, ready to show.
#[derive(Debug, Clone, PartialEq)]
pub struct TurnView<'a> {
    /// The node.
    pub node: &'a Node,
    /// Narration shown before the line, `{name}` filled in.
    pub scene: Option<String>,
    /// The customer's line, `{name}` filled in.
    pub line: String,
    /// The choices on offer, in the order shown: key 1 is the first.
    pub choices: Vec<OfferedChoice<'a>>,
    /// The customer's mood now.
    pub mood: i32,
    /// How many turns were answered before this one.
    pub turn: usize,
}

/// A choice as shown.
#[derive(Debug, Clone, PartialEq)]
pub struct OfferedChoice<'a> {
    /// 1-based number on screen.
    pub key: usize,
    /// Position in the node's authored order (0-based).
    pub index: usize,
    /// The choice.
    pub choice: &'a Choice,
}

/// The end of a conversation.
#[derive(Debug, Clone, PartialEq)]
pub struct EndView<'a> {
    /// The ending reached.
    pub ending: &'a Ending,
    /// The customer ran out of patience.
    pub walked_out: bool,
    /// Final mood.
    pub mood: i32,
}

/// A request the session cannot carry out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    /// The scenario was not resolved (it failed validation).
    #[error("the scenario has errors and cannot be played; run `frontline check` on it")]
    NotPlayable,
    /// The scenario is not the one this session was started on (its structure changed).
    #[error("the scenario changed since this conversation started; start it again")]
    ScenarioChanged,
    /// The conversation already ended.
    #[error("the conversation has already ended")]
    Ended,
    /// No choice with that id at this node.
    #[error("there is no choice `{0}` at this point of the conversation")]
    UnknownChoice(String),
    /// The choice exists but its condition does not hold now.
    #[error("choice `{0}` is not on offer now (its condition does not hold)")]
    NotOffered(String),
    /// A key outside the choices shown.
    #[error("choose a number from 1 to {0}")]
    BadKey(usize),
}

/// A seed for a new attempt: different every time, and short enough (below a million) for
/// a trainer to read out and type back to repeat the attempt exactly.
pub fn fresh_seed() -> u64 {
    use std::hash::{BuildHasher, RandomState};
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    RandomState::new().hash_one(nanos) % 1_000_000
}

impl Session {
    /// Starts a conversation. The scenario must have been resolved (it passed validation).
    pub fn start(scenario: &Scenario, seed: u64) -> Result<Session, SessionError> {
        let start = scenario
            .resolved
            .as_ref()
            .ok_or(SessionError::NotPlayable)?
            .start;
        Session::start_at(scenario, seed, start)
    }

    /// Starts at another node (by index), for a trainer previewing part of a scenario: the
    /// customer's mood is the persona's and no flags are set, as if the turns before had
    /// not happened. Such a session is a preview, not an attempt.
    pub fn start_at(scenario: &Scenario, seed: u64, node: usize) -> Result<Session, SessionError> {
        let tables = scenario
            .resolved
            .as_ref()
            .ok_or(SessionError::NotPlayable)?;
        if node >= scenario.nodes.len() {
            return Err(SessionError::NotPlayable);
        }
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let persona = match scenario.persona.variants.len() {
            0 => None,
            n => Some(rng.random_range(0..n)),
        };
        let mut session = Session {
            fingerprint: tables.fingerprint,
            seed,
            rng,
            persona,
            node,
            line: 0,
            order: [0; MAX_CHOICES],
            order_len: 0,
            offered: 0,
            mood: rules::clamp_mood(scenario.persona.mood),
            flags: 0,
            turns: Vec::new(),
            finish: None,
            pace: crate::reading::Pace::Standard,
        };
        session.enter(scenario, node);
        Ok(session)
    }

    fn enter(&mut self, scenario: &Scenario, node: usize) {
        let tables = scenario.tables();
        let n = &scenario.nodes[node];
        self.node = node;
        self.line = match n.lines.len() {
            0 | 1 => 0,
            k => self.rng.random_range(0..k),
        };
        self.offered = 0;
        self.order_len = 0;
        for (k, choice) in tables.choices[node].iter().enumerate().take(MAX_CHOICES) {
            if choice
                .requires
                .as_ref()
                .is_none_or(|c| c.holds(self.mood, self.flags))
            {
                self.offered |= 1 << k;
                self.order[self.order_len as usize] = k as u8;
                self.order_len += 1;
            }
        }
        if n.shuffle.unwrap_or(scenario.shuffle_choices) {
            self.order[..self.order_len as usize].shuffle(&mut self.rng);
        }
    }

    /// The same session reading at `pace`: the allowance of every later turn follows it.
    /// Set it before the first answer so the whole attempt reads at one pace.
    pub fn with_pace(mut self, pace: crate::reading::Pace) -> Session {
        self.pace = pace;
        self
    }

    /// The reading pace the allowances are given at.
    pub fn pace(&self) -> crate::reading::Pace {
        self.pace
    }

    /// The seed this attempt was started with.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Index of the persona variant in play, if the scenario has variants.
    pub fn persona_variant(&self) -> Option<usize> {
        self.persona
    }

    /// The customer's name in this attempt.
    pub fn customer_name<'a>(&self, scenario: &'a Scenario) -> &'a str {
        match self.persona.and_then(|i| scenario.persona.variants.get(i)) {
            Some(v) => &v.name,
            None => &scenario.persona.name,
        }
    }

    /// What the trainee is told before the first line.
    pub fn situation<'a>(&self, scenario: &'a Scenario) -> &'a str {
        match self.persona.and_then(|i| scenario.persona.variants.get(i)) {
            Some(v) => &v.situation,
            None => &scenario.persona.situation,
        }
    }

    /// The illustrated character named for the customer in this attempt, if any: the
    /// variant's own, else the persona's.
    pub fn customer_portrait<'a>(&self, scenario: &'a Scenario) -> Option<&'a str> {
        self.persona
            .and_then(|i| scenario.persona.variants.get(i))
            .and_then(|v| v.portrait.as_deref())
            .or(scenario.persona.portrait.as_deref())
    }

    /// How the customer sounds in this attempt: the variant's voice, else the persona's,
    /// else [`Voice::DEFAULT`](crate::scenario::Voice::DEFAULT).
    pub fn customer_voice(&self, scenario: &Scenario) -> crate::scenario::Voice {
        self.persona
            .and_then(|i| scenario.persona.variants.get(i))
            .and_then(|v| v.voice)
            .or(scenario.persona.voice)
            .unwrap_or(crate::scenario::Voice::DEFAULT)
    }

    /// The customer's mood now.
    pub fn mood(&self) -> i32 {
        self.mood
    }

    /// The turns answered so far.
    pub fn turns(&self) -> &[Turn] {
        &self.turns
    }

    /// How it ended, once it has.
    pub fn finish(&self) -> Option<Finish> {
        self.finish
    }

    /// Whether the conversation is over.
    pub fn is_over(&self) -> bool {
        self.finish.is_some()
    }

    /// Authored indices of the choices on offer, in the order shown.
    pub fn offered(&self) -> &[u8] {
        &self.order[..self.order_len as usize]
    }

    /// What the customer says at node `node` in line variant `line`, with `{name}` filled
    /// in for this session's customer; empty when there is no such line.
    pub fn customer_line(&self, scenario: &Scenario, node: usize, line: usize) -> String {
        scenario
            .nodes
            .get(node)
            .and_then(|n| n.lines.get(line))
            .map(|l| l.replace("{name}", self.customer_name(scenario)))
            .unwrap_or_default()
    }

    /// The narration of node `node`, with `{name}` filled in for this session's customer.
    pub fn scene(&self, scenario: &Scenario, node: usize) -> Option<String> {
        scenario
            .nodes
            .get(node)
            .and_then(|n| n.scene.as_ref())
            .map(|s| s.replace("{name}", self.customer_name(scenario)))
    }

    /// The reading allowance of a turn: the seconds to read, at `pace`, what it put on
    /// screen — the situation (before the first answer), the scene, the customer's line and
    /// every answer on offer. `first` is whether it was the conversation's first turn.
    pub fn allowance(
        &self,
        scenario: &Scenario,
        node: usize,
        line: usize,
        offered: u16,
        first: bool,
        pace: crate::reading::Pace,
    ) -> f32 {
        let Some(n) = scenario.nodes.get(node) else {
            return 0.0;
        };
        let mut texts: Vec<String> = Vec::new();
        if first {
            texts.push(self.situation(scenario).to_owned());
        }
        texts.extend(self.scene(scenario, node));
        texts.push(self.customer_line(scenario, node, line));
        texts.extend(
            n.choices
                .iter()
                .enumerate()
                .filter(|(k, _)| *k < 16 && offered & (1 << k) != 0)
                .map(|(_, c)| c.text.clone()),
        );
        crate::reading::allowance(texts.iter().map(String::as_str), &scenario.locale, pace)
    }

    /// The reading allowance of the turn on screen now.
    pub fn allowance_now(&self, scenario: &Scenario, pace: crate::reading::Pace) -> f32 {
        self.allowance(
            scenario,
            self.node,
            self.line,
            self.offered,
            self.turns.is_empty(),
            pace,
        )
    }

    /// Index of the current node.
    pub fn node_index(&self) -> usize {
        self.node
    }

    /// Whether `scenario` is the one this session was started on (same structure;
    /// its texts may have been edited since).
    pub fn fits(&self, scenario: &Scenario) -> bool {
        scenario
            .resolved
            .as_ref()
            .is_some_and(|r| r.fingerprint == self.fingerprint)
    }

    fn check(&self, scenario: &Scenario) -> Result<(), SessionError> {
        if !self.fits(scenario) {
            return Err(SessionError::ScenarioChanged);
        }
        if self.finish.is_some() {
            return Err(SessionError::Ended);
        }
        Ok(())
    }

    /// What to show now.
    pub fn step<'a>(&self, scenario: &'a Scenario) -> Result<Step<'a>, SessionError> {
        if !self.fits(scenario) {
            return Err(SessionError::ScenarioChanged);
        }
        Ok(self.view(scenario))
    }

    fn view<'a>(&self, scenario: &'a Scenario) -> Step<'a> {
        if let Some(f) = self.finish {
            return Step::Ended(EndView {
                ending: &scenario.endings[f.ending],
                walked_out: f.walked_out,
                mood: self.mood,
            });
        }
        let node = &scenario.nodes[self.node];
        Step::Turn(TurnView {
            node,
            scene: self.scene(scenario, self.node),
            line: self.customer_line(scenario, self.node, self.line),
            choices: self
                .offered()
                .iter()
                .enumerate()
                .map(|(i, &k)| OfferedChoice {
                    key: i + 1,
                    index: k as usize,
                    choice: &node.choices[k as usize],
                })
                .collect(),
            mood: self.mood,
            turn: self.turns.len(),
        })
    }

    /// Answers with the choice shown under number `key` (1-based, as on screen).
    pub fn choose_key(
        &mut self,
        scenario: &Scenario,
        key: usize,
        response_time: Option<f32>,
    ) -> Result<(), SessionError> {
        self.check(scenario)?;
        let index = *self
            .offered()
            .get(key.wrapping_sub(1))
            .ok_or(SessionError::BadKey(self.order_len as usize))?;
        self.apply(scenario, index as usize, response_time);
        Ok(())
    }

    /// Answers with the choice of this id; it must be on offer now.
    pub fn choose(
        &mut self,
        scenario: &Scenario,
        choice: &ChoiceId,
        response_time: Option<f32>,
    ) -> Result<(), SessionError> {
        self.check(scenario)?;
        let index = scenario.nodes[self.node]
            .choices
            .iter()
            .position(|c| &c.id == choice)
            .ok_or_else(|| SessionError::UnknownChoice(choice.0.clone()))?;
        self.choose_index(scenario, index, response_time)
    }

    /// Answers with the choice at this position of the node's authored order (0-based).
    pub fn choose_index(
        &mut self,
        scenario: &Scenario,
        index: usize,
        response_time: Option<f32>,
    ) -> Result<(), SessionError> {
        self.check(scenario)?;
        let choices = &scenario.nodes[self.node].choices;
        let Some(choice) = choices.get(index) else {
            return Err(SessionError::BadKey(choices.len()));
        };
        if index >= 16 || self.offered & (1 << index) == 0 {
            return Err(SessionError::NotOffered(choice.id.0.clone()));
        }
        self.apply(scenario, index, response_time);
        Ok(())
    }

    fn apply(&mut self, scenario: &Scenario, index: usize, response_time: Option<f32>) {
        // Before anything moves on: the allowance is for what this turn showed.
        let allowance = self.allowance_now(scenario, self.pace);
        let tables = scenario.tables();
        let choice = &scenario.nodes[self.node].choices[index];
        let resolved = &tables.choices[self.node][index];
        let before = self.mood;
        self.mood = rules::mood_after(self.mood, choice.mood);
        self.flags |= resolved.sets;
        self.turns.push(Turn {
            node: self.node,
            line: self.line,
            offered: self.offered,
            shown_order: self.order,
            shown_len: self.order_len,
            choice: index,
            response_time: response_time.filter(|t| t.is_finite() && *t >= 0.0),
            allowance,
            mood_before: before,
            mood_after: self.mood,
        });
        if let Some((floor, ending)) = tables.walk_out
            && rules::walks_out(self.mood, floor)
        {
            self.finish = Some(Finish {
                ending,
                walked_out: true,
            });
            return;
        }
        match resolved.target {
            Target::Ending(ending) => {
                self.finish = Some(Finish {
                    ending,
                    walked_out: false,
                })
            }
            Target::Node(next) => self.enter(scenario, next),
        }
    }

    /// The choice ids taken so far, for recording and replay.
    pub fn choice_ids<'a>(&self, scenario: &'a Scenario) -> Vec<&'a ChoiceId> {
        self.turns
            .iter()
            .map(|t| &scenario.nodes[t.node].choices[t.choice].id)
            .collect()
    }
}
