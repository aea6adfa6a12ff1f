//! The scenario data model: what a trainer writes in a `.scenario.ron` file.
//!
//! These types mirror the file format one to one (see `docs/authoring.md`), so a
//! trainer's file deserialises straight into them. Cross-references (`next`, flags)
//! are resolved to indices once, after validation, by [`Scenario::resolve`], so the
//! session never looks a string up while a trainee plays.

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

pub use crate::five_s::{Dimension, FiveS, Points};
use crate::ids::{ChoiceId, EndingId, NodeId, PrincipleId};

/// A whole conversation a trainee can practise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Stable id, equal to the file name without `.scenario.ron`.
    pub id: String,
    /// Language of the text in this file: `en`, `zh` or `ko`.
    pub locale: String,
    /// Title shown on the library card.
    pub title: String,
    /// One or two sentences shown under the title.
    pub summary: String,
    /// How hard the customer is.
    pub difficulty: Difficulty,
    /// Expected minutes for one play.
    pub minutes: u32,
    /// The source stories this scenario retells, as `file, section` citations.
    #[serde(default)]
    pub sources: Vec<String>,
    /// Who the customer is and how they feel at the start.
    pub persona: Persona,
    /// Overall score (0–100) needed to pass.
    pub pass_threshold: u32,
    /// Whether the choices at each turn are shown in a seeded random order (a node's
    /// `shuffle` overrides it).
    #[serde(default = "default_true")]
    pub shuffle_choices: bool,
    /// How the customer and the trainee meet: across a counter, or on the phone.
    #[serde(default)]
    pub channel: Channel,
    /// Id of the node the conversation starts at.
    pub start: NodeId,
    /// The customer's turns.
    pub nodes: Vec<Node>,
    /// The ways the conversation can end.
    pub endings: Vec<Ending>,
    /// Teaching warnings silenced on purpose, each with its reason.
    #[serde(default)]
    pub silence: Vec<Silence>,
    /// Derived lookup tables, filled by [`Scenario::resolve`].
    #[serde(skip)]
    pub(crate) resolved: Option<Resolved>,
    /// SHA-256 of the file's text (hex), set when the file is checked; records keep it so
    /// a replay can tell whether the file changed since.
    #[serde(skip)]
    pub content_hash: String,
}

fn default_true() -> bool {
    true
}

/// A teaching warning a trainer has decided to accept, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Silence {
    /// The check's name, as `check` prints it in brackets (`random-play-passes`).
    pub check: String,
    /// The node, choice, ending, dimension or quiz item it concerns; none silences the
    /// check everywhere in the file.
    #[serde(default)]
    pub at: Option<String>,
    /// Why the warning does not apply here; shown to whoever reads the file next.
    pub reason: String,
}

/// How the conversation takes place, which changes what the trainee can see and do.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Channel {
    /// Face to face: the customer's face and manner can be seen.
    #[default]
    Counter,
    /// A telephone call: only the caller's voice and words reach the trainee.
    Phone,
}

/// How demanding a scenario is, shown on the library card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Difficulty {
    /// A cooperative customer.
    Easy,
    /// An upset customer.
    Medium,
    /// A furious or confused customer who tests every rule.
    Hard,
}

impl fmt::Display for Difficulty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Difficulty::Easy => "easy",
            Difficulty::Medium => "medium",
            Difficulty::Hard => "hard",
        })
    }
}

/// The simulated customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Persona {
    /// Name used in the transcript and in `{name}` placeholders.
    pub name: String,
    /// What the trainee is told before the first line.
    pub situation: String,
    /// Mood at the start, −100 (furious) to 100 (delighted).
    pub mood: i32,
    /// When the customer gives up and walks out; none means they never do.
    #[serde(default)]
    pub patience: Option<Patience>,
    /// Alternative customers; when present the seed picks one of them instead.
    #[serde(default)]
    pub variants: Vec<PersonaVariant>,
    /// The illustrated character shown for the customer (a folder of
    /// `assets/portraits/`); by default the one named like the scenario, else a default one.
    #[serde(default)]
    pub portrait: Option<String>,
    /// How the customer sounds when the game speaks their lines; by default a neutral voice.
    #[serde(default)]
    pub voice: Option<Voice>,
}

/// How a customer sounds: the synthesiser's voice in the scenario's language, adjusted.
/// Pitch and rate are offsets from the synthesiser's normal, −100 to 100, so the same
/// persona sounds alike on every speech engine that honours them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Voice {
    /// A female or male voice, where the engine offers both for the language.
    pub gender: Gender,
    /// Higher or lower than normal, −100..100; 0 is the engine's normal pitch.
    #[serde(default)]
    pub pitch: i32,
    /// Faster or slower than normal, −100..100; 0 is the engine's normal rate.
    #[serde(default)]
    pub rate: i32,
}

/// The gender of a synthetic voice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Gender {
    /// A female voice.
    Female,
    /// A male voice.
    Male,
}

impl Voice {
    /// The range pitch and rate are given in.
    pub const RANGE: std::ops::RangeInclusive<i32> = -100..=100;

    /// The voice of a persona that names none.
    pub const DEFAULT: Voice = Voice {
        gender: Gender::Male,
        pitch: 0,
        rate: 0,
    };

    /// An engine's setting for an offset of −100..100 from its normal: the offset scales
    /// the distance from `normal` to the engine's `min` or `max`, so every engine hears the
    /// same persona alike whatever its own scale.
    pub fn setting(offset: i32, min: f32, normal: f32, max: f32) -> f32 {
        let o = offset.clamp(-100, 100) as f32 / 100.0;
        if o >= 0.0 {
            normal + o * (max - normal)
        } else {
            normal + o * (normal - min)
        }
    }

    /// The service agent's voice on a phone call: of the other gender than the customer's,
    /// so the two sides of the call can be told apart by ear.
    pub fn agent_beside(customer: Voice) -> Voice {
        Voice {
            gender: match customer.gender {
                Gender::Female => Gender::Male,
                Gender::Male => Gender::Female,
            },
            pitch: 0,
            rate: 0,
        }
    }
}

/// The point at which an unhappy customer leaves mid-conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Patience {
    /// Mood at or below which the customer walks out, checked after every choice.
    pub walk_out_at: i32,
    /// The ending reached when they do.
    pub ending: EndingId,
}

/// An alternative customer for the same situation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonaVariant {
    /// Name used in the transcript and in `{name}` placeholders.
    pub name: String,
    /// What the trainee is told before the first line.
    pub situation: String,
    /// This customer's character, when it is not the persona's.
    #[serde(default)]
    pub portrait: Option<String>,
    /// This customer's voice, when it is not the persona's.
    #[serde(default)]
    pub voice: Option<Voice>,
}

/// Moments-of-Truth service-flow stage a node belongs to (004, 第三部分).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum MotStage {
    /// 奠定基调: set the tone.
    SetTone,
    /// 诊断问题: diagnose the problem.
    Diagnose,
    /// 解决问题: solve the problem.
    Solve,
    /// 总结回顾: summarise and review.
    Recap,
    /// 完善跟进: improve and follow up.
    FollowUp,
}

impl MotStage {
    /// All stages in the order the course teaches them.
    pub const ALL: [MotStage; 5] = [
        MotStage::SetTone,
        MotStage::Diagnose,
        MotStage::Solve,
        MotStage::Recap,
        MotStage::FollowUp,
    ];

    /// The catalogue id of this stage.
    pub fn principle_id(self) -> &'static str {
        match self {
            MotStage::SetTone => "mot.set_tone",
            MotStage::Diagnose => "mot.diagnose",
            MotStage::Solve => "mot.solve",
            MotStage::Recap => "mot.recap",
            MotStage::FollowUp => "mot.follow_up",
        }
    }
}

/// One customer turn and the agent's possible answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    /// Unique within the scenario.
    pub id: NodeId,
    /// Moments-of-Truth stage of this turn.
    pub stage: MotStage,
    /// Narration shown before the customer's line (a time skip, what the trainee sees);
    /// never attributed to the customer.
    #[serde(default)]
    pub scene: Option<String>,
    /// What the customer says; with several, the seed picks one.
    pub lines: Vec<String>,
    /// Seconds the trainee has to answer before Speed suffers; none means untimed.
    #[serde(default)]
    pub time_budget: Option<f32>,
    /// Whether this node's choices are shown in a seeded random order; none follows the
    /// scenario's `shuffle_choices`.
    #[serde(default)]
    pub shuffle: Option<bool>,
    /// What the agent can say.
    pub choices: Vec<Choice>,
}

/// Something the agent can say, and what it does to the conversation and the score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// Unique within the scenario.
    pub id: ChoiceId,
    /// What the agent says.
    pub text: String,
    /// Where the conversation goes next.
    pub next: Next,
    /// Change to the customer's mood (the result is kept within −100..=100).
    #[serde(default)]
    pub mood: i32,
    /// 5S points this choice earns or loses, each −5..=5.
    #[serde(default)]
    pub points: Points,
    /// Catalogue ids this choice puts into practice.
    #[serde(default)]
    pub applies: Vec<PrincipleId>,
    /// Catalogue ids this choice breaks.
    #[serde(default)]
    pub violates: Vec<PrincipleId>,
    /// Coaching feedback: why this choice is good or bad.
    #[serde(default)]
    pub feedback: String,
    /// Only offered when this holds.
    #[serde(default)]
    pub requires: Option<Condition>,
    /// Flags set when this choice is taken, for later conditions.
    #[serde(default)]
    pub sets: Vec<String>,
}

/// The target of a choice.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Next {
    /// Continue at another node.
    Node(NodeId),
    /// Finish the conversation.
    Ending(EndingId),
}

/// When a choice is offered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Condition {
    /// Customer mood is at least this.
    MoodAtLeast(i32),
    /// Customer mood is at most this.
    MoodAtMost(i32),
    /// Customer mood is below this (strictly); `MoodAtMost` reads more plainly.
    MoodBelow(i32),
    /// The flag was set by an earlier choice.
    Flag(String),
    /// The flag was not set.
    NotFlag(String),
    /// Every condition holds.
    All(Vec<Condition>),
    /// At least one condition holds.
    Any(Vec<Condition>),
}

/// How a conversation ends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ending {
    /// Unique within the scenario.
    pub id: EndingId,
    /// What happened to the customer relationship.
    pub outcome: Outcome,
    /// Short title shown in the debrief.
    pub title: String,
    /// What happens next, told to the trainee.
    pub text: String,
    /// What a trainer would say about this ending.
    #[serde(default)]
    pub comment: String,
}

/// What happened to the customer relationship.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Outcome {
    /// Problem solved and the customer will come back and recommend you.
    ResolvedLoyal,
    /// Problem solved.
    Resolved,
    /// Handed to a supervisor or a formal complaint.
    Escalated,
    /// The customer left and will not return.
    CustomerLost,
}

impl Outcome {
    /// Whether a conversation ending this way can pass.
    pub fn can_pass(self) -> bool {
        matches!(self, Outcome::ResolvedLoyal | Outcome::Resolved)
    }

    /// Field value in files and JSON.
    pub fn key(self) -> &'static str {
        match self {
            Outcome::ResolvedLoyal => "resolved_loyal",
            Outcome::Resolved => "resolved",
            Outcome::Escalated => "escalated",
            Outcome::CustomerLost => "customer_lost",
        }
    }
}

/// Where a choice leads once ids are resolved to indices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    Node(usize),
    Ending(usize),
}

/// A condition with flag names resolved to bit positions.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ResolvedCondition {
    MoodAtLeast(i32),
    MoodAtMost(i32),
    MoodBelow(i32),
    Flag(u64),
    NotFlag(u64),
    All(Vec<ResolvedCondition>),
    Any(Vec<ResolvedCondition>),
}

impl ResolvedCondition {
    pub(crate) fn holds(&self, mood: i32, flags: u64) -> bool {
        match self {
            ResolvedCondition::MoodAtLeast(m) => mood >= *m,
            ResolvedCondition::MoodAtMost(m) => mood <= *m,
            ResolvedCondition::MoodBelow(m) => mood < *m,
            ResolvedCondition::Flag(bit) => flags & bit != 0,
            ResolvedCondition::NotFlag(bit) => flags & bit == 0,
            ResolvedCondition::All(cs) => cs.iter().all(|c| c.holds(mood, flags)),
            ResolvedCondition::Any(cs) => cs.iter().any(|c| c.holds(mood, flags)),
        }
    }
}

/// A choice with its target and conditions resolved.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ResolvedChoice {
    pub(crate) target: Target,
    pub(crate) requires: Option<ResolvedCondition>,
    pub(crate) sets: u64,
}

/// Index tables built once from a valid scenario.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Resolved {
    /// Identifies the structure the indices below refer to, so a session can
    /// refuse a different (say, hot-reloaded) version of the scenario.
    pub(crate) fingerprint: u64,
    pub(crate) start: usize,
    pub(crate) choices: Vec<Vec<ResolvedChoice>>,
    pub(crate) walk_out: Option<(i32, usize)>,
    pub(crate) node_index: HashMap<NodeId, usize>,
}

/// Why a scenario could not be resolved for play.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResolveError {
    /// A reference points at nothing.
    #[error("`{0}` does not name a node or ending of this scenario")]
    Dangling(String),
    /// More distinct flags than the session can track.
    #[error("the scenario uses more than 64 distinct flags")]
    TooManyFlags,
}

/// Most distinct flags a scenario may use.
pub use crate::limits::MAX_FLAGS;

impl Scenario {
    /// Builds the index tables the session plays from. Validation reports the same
    /// problems with positions; this only refuses what would make play impossible.
    pub fn resolve(&mut self) -> Result<(), ResolveError> {
        let node_index: HashMap<NodeId, usize> = self
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.clone(), i))
            .collect();
        let ending_index: HashMap<&EndingId, usize> = self
            .endings
            .iter()
            .enumerate()
            .map(|(i, e)| (&e.id, i))
            .collect();
        let mut flag_bits: HashMap<String, u64> = HashMap::new();
        let mut bit_of = |name: &str| -> Result<u64, ResolveError> {
            if let Some(b) = flag_bits.get(name) {
                return Ok(*b);
            }
            if flag_bits.len() >= MAX_FLAGS {
                return Err(ResolveError::TooManyFlags);
            }
            let bit = 1u64 << flag_bits.len();
            flag_bits.insert(name.to_owned(), bit);
            Ok(bit)
        };
        let start = *node_index
            .get(&self.start)
            .ok_or_else(|| ResolveError::Dangling(self.start.0.clone()))?;
        let mut choices = Vec::with_capacity(self.nodes.len());
        for node in &self.nodes {
            let mut resolved = Vec::with_capacity(node.choices.len());
            for choice in &node.choices {
                let target = match &choice.next {
                    Next::Node(id) => Target::Node(
                        *node_index
                            .get(id)
                            .ok_or_else(|| ResolveError::Dangling(id.0.clone()))?,
                    ),
                    Next::Ending(id) => Target::Ending(
                        *ending_index
                            .get(id)
                            .ok_or_else(|| ResolveError::Dangling(id.0.clone()))?,
                    ),
                };
                let requires = match &choice.requires {
                    Some(c) => Some(resolve_condition(c, &mut bit_of)?),
                    None => None,
                };
                let mut sets = 0;
                for flag in &choice.sets {
                    sets |= bit_of(flag)?;
                }
                resolved.push(ResolvedChoice {
                    target,
                    requires,
                    sets,
                });
            }
            choices.push(resolved);
        }
        let walk_out = match &self.persona.patience {
            Some(p) => Some((
                p.walk_out_at,
                *ending_index
                    .get(&p.ending)
                    .ok_or_else(|| ResolveError::Dangling(p.ending.0.clone()))?,
            )),
            None => None,
        };
        self.resolved = Some(Resolved {
            fingerprint: self.fingerprint(),
            start,
            choices,
            walk_out,
            node_index,
        });
        Ok(())
    }

    /// A hash of everything a session's indices depend on: ids, node, choice and
    /// ending counts and targets. Text changes keep it; structural changes alter it.
    fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.id.hash(&mut h);
        self.start.hash(&mut h);
        for n in &self.nodes {
            n.id.hash(&mut h);
            n.lines.len().hash(&mut h);
            for c in &n.choices {
                c.id.hash(&mut h);
                c.next.hash(&mut h);
            }
        }
        for e in &self.endings {
            e.id.hash(&mut h);
        }
        h.finish()
    }

    /// The resolved tables; panics only on a programming error (play before resolve).
    pub(crate) fn tables(&self) -> &Resolved {
        self.resolved
            .as_ref()
            .expect("Scenario::resolve must succeed before a session starts")
    }

    /// Whether an attempt with this overall score and outcome passes: the threshold
    /// and an ending that kept the customer. `None` is an unfinished conversation.
    pub fn passes(&self, overall: u32, outcome: Option<Outcome>) -> bool {
        crate::rules::passes(overall, self.pass_threshold, outcome)
    }

    /// Each node's distance in turns from the start (breadth-first over the resolved
    /// links, conditions ignored); `None` for a node no path reaches. Empty when the
    /// scenario is not resolved.
    pub fn distances(&self) -> Vec<Option<usize>> {
        let Some(tables) = &self.resolved else {
            return Vec::new();
        };
        let mut distance = vec![None; self.nodes.len()];
        let mut queue = std::collections::VecDeque::from([tables.start]);
        distance[tables.start] = Some(0);
        while let Some(i) = queue.pop_front() {
            let next = distance[i].map(|d| d + 1);
            for c in &tables.choices[i] {
                if let Target::Node(t) = c.target
                    && distance[t].is_none()
                {
                    distance[t] = next;
                    queue.push_back(t);
                }
            }
        }
        distance
    }

    /// Whether [`Scenario::resolve`] has run successfully.
    pub fn is_resolved(&self) -> bool {
        self.resolved.is_some()
    }

    /// Index of a node by id.
    pub fn node_index(&self, id: &NodeId) -> Option<usize> {
        match &self.resolved {
            Some(r) => r.node_index.get(id).copied(),
            None => self.nodes.iter().position(|n| &n.id == id),
        }
    }

    /// The ending with this id.
    pub fn ending(&self, id: &EndingId) -> Option<&Ending> {
        self.endings.iter().find(|e| &e.id == id)
    }
}

fn resolve_condition(
    c: &Condition,
    bit_of: &mut impl FnMut(&str) -> Result<u64, ResolveError>,
) -> Result<ResolvedCondition, ResolveError> {
    Ok(match c {
        Condition::MoodAtLeast(m) => ResolvedCondition::MoodAtLeast(*m),
        Condition::MoodAtMost(m) => ResolvedCondition::MoodAtMost(*m),
        Condition::MoodBelow(m) => ResolvedCondition::MoodBelow(*m),
        Condition::Flag(f) => ResolvedCondition::Flag(bit_of(f)?),
        Condition::NotFlag(f) => ResolvedCondition::NotFlag(bit_of(f)?),
        Condition::All(cs) => ResolvedCondition::All(
            cs.iter()
                .map(|c| resolve_condition(c, bit_of))
                .collect::<Result<_, _>>()?,
        ),
        Condition::Any(cs) => ResolvedCondition::Any(
            cs.iter()
                .map(|c| resolve_condition(c, bit_of))
                .collect::<Result<_, _>>()?,
        ),
    })
}

#[cfg(test)]
mod voice_tests {
    use super::*;

    #[test]
    fn offsets_scale_towards_the_engines_limits() {
        // speech-dispatcher: −100..100 around 0.
        assert_eq!(Voice::setting(0, -100.0, 0.0, 100.0), 0.0);
        assert_eq!(Voice::setting(-25, -100.0, 0.0, 100.0), -25.0);
        // An engine whose normal is not in the middle (rate 0.5..2 around 1).
        assert_eq!(Voice::setting(100, 0.5, 1.0, 2.0), 2.0);
        assert_eq!(Voice::setting(-100, 0.5, 1.0, 2.0), 0.5);
        assert_eq!(Voice::setting(-50, 0.5, 1.0, 2.0), 0.75);
        assert_eq!(Voice::setting(400, 0.5, 1.0, 2.0), 2.0, "clamped");
    }

    #[test]
    fn the_agent_on_the_phone_sounds_unlike_the_caller() {
        let caller = Voice {
            gender: Gender::Female,
            pitch: 5,
            rate: 5,
        };
        assert_eq!(Voice::agent_beside(caller).gender, Gender::Male);
        assert_eq!(Voice::agent_beside(Voice::DEFAULT).gender, Gender::Female);
    }
}
