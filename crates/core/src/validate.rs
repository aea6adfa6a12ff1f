//! Content checks: everything wrong with a file that parsed, as a complete list.
//!
//! A trainer fixing a scenario wants every problem at once, each with the line to
//! go to and what to do, not one error per run. Syntax errors come from
//! [`crate::load`]; this module starts where parsing succeeded.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet, VecDeque};

use crate::catalogue::{Catalogue, CatalogueFile};
use crate::code;
use crate::diagnostic::{Issue, Position, Severity};
use crate::locate::{Places, SourceMap};
use crate::quiz::{KeyStatus, Quiz};
use crate::scenario::{Condition, Dimension, Next, Scenario};

pub use crate::limits::{LOCALES, LONG_TEXT, MAX_CHOICES};
use crate::limits::{MAX_FLAGS, MAX_TURNS};
pub use crate::rules::{MOOD_RANGE, POINTS_RANGE};

/// What validation knows about a file besides its content.
#[derive(Debug, Clone, Copy)]
pub struct FileContext<'a> {
    /// Ids a choice may cite.
    pub catalogue: &'a Catalogue,
    /// The id the file name implies (`angry-customer` for `angry-customer.scenario.ron`).
    pub file_id: Option<&'a str>,
    /// The locale the folder implies (`zh` for `scenarios/zh/…`).
    pub folder_locale: Option<&'a str>,
}

/// Where an issue is, described rather than computed: finding a line and
/// column means scanning the source, which a clean file never needs.
#[derive(Debug, Clone, Copy)]
struct Loc<'s> {
    base: Base,
    /// Refines the base: the first match at or after it.
    find: Option<Find<'s>>,
}

#[derive(Debug, Clone, Copy)]
enum Base {
    Start,
    /// The first `key:` in the file.
    Key(&'static str),
    Node(usize),
    Choice(usize, usize),
    Ending(usize),
    Known(Option<Position>),
}

#[derive(Debug, Clone, Copy)]
enum Find<'s> {
    Key(&'static str),
    Str(&'s str),
    Field(&'static str, &'s str),
}

impl<'s> Loc<'s> {
    const START: Loc<'static> = Loc {
        base: Base::Start,
        find: None,
    };

    fn of(base: Base) -> Loc<'s> {
        Loc { base, find: None }
    }
    fn at_key(key: &'static str) -> Loc<'s> {
        Loc::of(Base::Key(key))
    }
    fn node(n: usize) -> Loc<'s> {
        Loc::of(Base::Node(n))
    }
    fn choice(n: usize, k: usize) -> Loc<'s> {
        Loc::of(Base::Choice(n, k))
    }
    fn ending(e: usize) -> Loc<'s> {
        Loc::of(Base::Ending(e))
    }
    fn known(p: Option<Position>) -> Loc<'s> {
        Loc::of(Base::Known(p))
    }
    /// The first `key: "value"` in the file.
    fn field(key: &'static str, value: &'s str) -> Loc<'s> {
        Loc {
            base: Base::Start,
            find: Some(Find::Field(key, value)),
        }
    }
    /// The first string literal with this value.
    fn text(value: &'s str) -> Loc<'s> {
        Loc {
            base: Base::Start,
            find: Some(Find::Str(value)),
        }
    }
    fn then_key(self, key: &'static str) -> Loc<'s> {
        Loc {
            find: Some(Find::Key(key)),
            ..self
        }
    }
    fn then_string<'t: 's>(self, value: &'t str) -> Loc<'s> {
        Loc {
            find: Some(Find::Str(value)),
            ..self
        }
    }
}

struct Checker<'a> {
    text: &'a str,
    scenario: Option<&'a Scenario>,
    map: OnceCell<SourceMap>,
    places: OnceCell<Places>,
    pending: Vec<(Severity, &'static str, Loc<'a>, String, String)>,
    catalogue: &'a Catalogue,
}

impl<'a> Checker<'a> {
    fn new(text: &'a str, scenario: Option<&'a Scenario>, catalogue: &'a Catalogue) -> Checker<'a> {
        Checker {
            text,
            scenario,
            map: OnceCell::new(),
            places: OnceCell::new(),
            pending: Vec::new(),
            catalogue,
        }
    }

    fn map(&self) -> &SourceMap {
        self.map.get_or_init(|| SourceMap::new(self.text))
    }

    fn places(&self) -> Option<&Places> {
        let s = self.scenario?;
        Some(self.places.get_or_init(|| Places::of(s, self.map())))
    }

    /// The line and column of a place.
    fn position(&self, loc: Loc<'_>) -> Option<Position> {
        let start = Some(Position::START);
        let base = match loc.base {
            Base::Start => start,
            Base::Known(p) => p,
            Base::Key(k) => self.map().key(k, Position::START).or(start),
            Base::Node(n) => self
                .places()
                .and_then(|p| p.nodes.get(n).copied().flatten())
                .or(start),
            Base::Choice(n, k) => self
                .places()
                .and_then(|p| p.choices.get(n).and_then(|c| c.get(k)).copied().flatten())
                .or_else(|| self.position(Loc::node(n))),
            Base::Ending(e) => self
                .places()
                .and_then(|p| p.endings.get(e).copied().flatten())
                .or(start),
        };
        let after = base.unwrap_or(Position::START);
        let found = match loc.find {
            None => None,
            Some(Find::Key(k)) => self.map().key(k, after),
            Some(Find::Str(v)) => self.map().string(v, after),
            Some(Find::Field(k, v)) => self.map().field(k, v, after),
        };
        found.or(base)
    }

    /// The line of a place, for messages that point at a second place.
    fn line(&self, loc: Loc<'_>) -> usize {
        self.position(loc).map(|p| p.line).unwrap_or(0)
    }

    fn error(&mut self, code: &'static str, at: Loc<'a>, message: String, hint: impl Into<String>) {
        self.pending
            .push((Severity::Error, code, at, message, hint.into()));
    }

    fn warning(
        &mut self,
        code: &'static str,
        at: Loc<'a>,
        message: String,
        hint: impl Into<String>,
    ) {
        self.pending
            .push((Severity::Warning, code, at, message, hint.into()));
    }

    /// Resolves every issue's place, in file order; the source is scanned only if there
    /// are issues.
    fn finish(self) -> Vec<Issue> {
        let mut issues: Vec<Issue> = self
            .pending
            .iter()
            .map(|(severity, code, at, message, hint)| Issue {
                severity: *severity,
                position: self.position(*at),
                message: message.clone(),
                hint: hint.clone(),
                code,
            })
            .collect();
        issues.sort_by_key(|i| i.position);
        issues
    }

    fn principle(&mut self, id: &'a str, at: Loc<'a>) {
        if self.catalogue.contains(id) {
            return;
        }
        let at = at.then_string(id);
        let hint = match self
            .catalogue
            .iter()
            .map(|p| (strsim::jaro_winkler(id, p.id.as_str()), p.id.as_str()))
            .max_by(|a, b| a.0.total_cmp(&b.0))
        {
            Some((score, best)) if score > 0.8 => format!("did you mean `{best}`?"),
            _ => "use an id from assets/catalogue/ (run `frontline catalogue` to list them)"
                .to_owned(),
        };
        self.error(
            code::UNKNOWN_PRINCIPLE,
            at,
            format!("unknown catalogue id `{id}`"),
            hint,
        );
    }

    fn long_text(&mut self, text: &str, at: Loc<'a>, what: &str) {
        let n = text.chars().count();
        if n > LONG_TEXT {
            self.warning(
                code::LONG_TEXT,
                at,
                format!("{what} is {n} characters long; it will not fit on screen"),
                format!("keep it under {LONG_TEXT} characters, or split it over two turns"),
            );
        }
    }

    fn header(&mut self, id: &'a str, locale: &'a str, ctx: &FileContext<'_>, kind: &str) {
        if let Some(file_id) = ctx.file_id
            && file_id != id
        {
            let at = Loc::field("id", id);
            self.error(
                code::ID_DIFFERS_FROM_FILE,
                at,
                format!("the {kind} id `{id}` differs from the file name `{file_id}`"),
                format!("rename the file or set `id: \"{file_id}\"`: the game finds {kind}s by id"),
            );
        }
        let at = Loc::field("locale", locale);
        if let Some(folder) = ctx.folder_locale
            && folder != locale
        {
            self.error(
                code::LOCALE_DIFFERS_FROM_FOLDER,
                at,
                format!("`locale: \"{locale}\"` but the file is in the `{folder}` folder"),
                format!("move the file to the `{locale}` folder or set `locale: \"{folder}\"`"),
            );
        } else if !LOCALES.contains(&locale) {
            self.warning(
                code::UNKNOWN_LOCALE,
                at,
                format!("locale `{locale}` is not one the game offers"),
                format!("use one of {}", LOCALES.join(", ")),
            );
        }
    }
}

/// Checks a parsed scenario against its source text: every problem, each from a named
/// check below, in file order.
pub fn scenario(s: &Scenario, text: &str, ctx: &FileContext<'_>) -> Vec<Issue> {
    let mut c = Checker::new(text, Some(s), ctx.catalogue);
    c.header(&s.id, &s.locale, ctx, "scenario");
    basics(&mut c, s);
    clean_ids(&mut c, s);
    let index = unique_ids(&mut c, s);
    endings(&mut c, s);
    let start = structure(&mut c, s, &index);
    nodes(&mut c, s);
    let flags = choices(&mut c, s, &index);
    flag_count(&mut c, &flags);
    texts(&mut c, s);
    let reached = reachable(&mut c, s, &index, start);
    way_out(&mut c, s, &index, &reached);
    if let Some(start) = start {
        too_long(&mut c, s, start, &index.nodes);
    }
    let mut issues = c.finish();
    issues.extend(crate::teaching::silence_errors(&s.silence, text));
    issues
}

/// Nodes and endings by id.
struct Index<'s> {
    nodes: HashMap<&'s str, usize>,
    endings: HashMap<&'s str, usize>,
}

/// Title, pass mark, the persona's mood and its variants' names.
fn basics<'a>(c: &mut Checker<'a>, s: &'a Scenario) {
    if s.title.trim().is_empty() {
        let at = Loc::at_key("title");
        c.error(
            code::EMPTY_TITLE,
            at,
            "the title is empty".into(),
            "give the scenario a title for its library card",
        );
    }
    if s.pass_threshold > 100 {
        let at = Loc::at_key("pass_threshold");
        c.error(
            code::PASS_MARK_OUT_OF_RANGE,
            at,
            format!(
                "pass_threshold is {}; scores run from 0 to 100",
                s.pass_threshold
            ),
            "use a value from 0 to 100 (the shipped scenarios use 70)",
        );
    }
    if !MOOD_RANGE.contains(&s.persona.mood) {
        let at = Loc::at_key("persona").then_key("mood");
        c.error(
            code::MOOD_OUT_OF_RANGE,
            at,
            format!("the starting mood {} is outside −100..100", s.persona.mood),
            "−100 is furious, 0 neutral, 100 delighted",
        );
    }
    voice_range(
        c,
        s.persona.voice.as_ref(),
        "the persona",
        Loc::at_key("persona").then_key("voice"),
    );
    for (i, v) in s.persona.variants.iter().enumerate() {
        voice_range(
            c,
            v.voice.as_ref(),
            &format!("persona variant {}", i + 1),
            Loc::at_key("variants"),
        );
        if v.name.trim().is_empty() {
            let at = Loc::at_key("variants");
            c.error(
                code::VARIANT_WITHOUT_NAME,
                at,
                format!("persona variant {} has no name", i + 1),
                "give every variant a name",
            );
        }
    }
}

/// Pitch and rate are offsets the speech engines accept only within −100..100.
fn voice_range<'a>(
    c: &mut Checker<'a>,
    voice: Option<&crate::scenario::Voice>,
    who: &str,
    at: Loc<'a>,
) {
    let Some(v) = voice else { return };
    for (what, n) in [("pitch", v.pitch), ("rate", v.rate)] {
        if !crate::scenario::Voice::RANGE.contains(&n) {
            c.error(
                code::VOICE_OUT_OF_RANGE,
                at,
                format!("{who}'s voice {what} {n} is outside −100..100"),
                "0 is the speech engine's normal; ±30 is already a clear difference",
            );
        }
    }
}

/// Ids end up in file names, diagrams, terminals and the records: no control characters
/// and nothing invisible that could make two different ids look the same.
fn clean_ids<'a>(c: &mut Checker<'a>, s: &'a Scenario) {
    fn id_problem<'s>(c: &mut Checker<'s>, at: Loc<'s>, what: &str, id: &str) {
        let bad = id.chars().find(|&ch| {
            ch.is_control() || crate::text::is_invisible(ch) || ch.is_whitespace() && ch != ' '
        });
        if let Some(ch) = bad {
            c.error(
                code::INVISIBLE_CHARACTER,
                at,
                format!(
                    "the {what} id `{}` holds the invisible or control character U+{:04X}",
                    crate::text::visible(id),
                    ch as u32
                ),
                "retype the id with letters, digits, `-`, `_` and `.` only",
            );
        }
    }
    id_problem(c, Loc::field("id", &s.id), "scenario", &s.id);
    for (i, node) in s.nodes.iter().enumerate() {
        id_problem(c, Loc::node(i), "node", node.id.as_str());
        for (k, choice) in node.choices.iter().enumerate() {
            id_problem(c, Loc::choice(i, k), "choice", choice.id.as_str());
            for flag in &choice.sets {
                id_problem(c, Loc::choice(i, k), "flag", flag);
            }
        }
    }
    for (e, ending) in s.endings.iter().enumerate() {
        id_problem(c, Loc::ending(e), "ending", ending.id.as_str());
    }
}

/// Node, ending and choice ids are unique; the index of each node and ending by id.
fn unique_ids<'a>(c: &mut Checker<'a>, s: &'a Scenario) -> Index<'a> {
    let mut node_index: HashMap<&str, usize> = HashMap::with_capacity(s.nodes.len());
    for (i, node) in s.nodes.iter().enumerate() {
        if node.id.as_str().trim().is_empty() {
            c.error(
                code::EMPTY_ID,
                Loc::node(i),
                "a node has an empty id".into(),
                "give every node a short unique id such as \"greeting\"",
            );
        }
        if let Some(first) = node_index.insert(node.id.as_str(), i) {
            let line = c.line(Loc::node(first));
            c.error(
                code::DUPLICATE_ID,
                Loc::node(i),
                format!("node id `{}` is used twice (first on line {line})", node.id),
                "give each node its own id",
            );
            node_index.insert(node.id.as_str(), first);
        }
    }
    let mut ending_index: HashMap<&str, usize> = HashMap::with_capacity(s.endings.len());
    for (i, ending) in s.endings.iter().enumerate() {
        if let Some(first) = ending_index.insert(ending.id.as_str(), i) {
            let line = c.line(Loc::ending(first));
            c.error(
                code::DUPLICATE_ID,
                Loc::ending(i),
                format!(
                    "ending id `{}` is used twice (first on line {line})",
                    ending.id
                ),
                "give each ending its own id",
            );
            ending_index.insert(ending.id.as_str(), first);
        }
    }
    let mut choice_ids: HashMap<&str, (usize, usize)> = HashMap::new();
    for (n, node) in s.nodes.iter().enumerate() {
        for (k, choice) in node.choices.iter().enumerate() {
            if let Some((first_node, first_choice)) = choice_ids.insert(choice.id.as_str(), (n, k))
            {
                let line = c.line(Loc::choice(first_node, first_choice));
                c.error(
                    code::DUPLICATE_ID,
                    Loc::choice(n, k),
                    format!(
                        "choice id `{}` is used twice (first on line {line})",
                        choice.id
                    ),
                    "give each choice its own id, e.g. \"<node>.<what it does>\"",
                );
            }
        }
    }
    Index {
        nodes: node_index,
        endings: ending_index,
    }
}

/// Every ending tells the trainee what happened.
fn endings<'a>(c: &mut Checker<'a>, s: &'a Scenario) {
    for (i, ending) in s.endings.iter().enumerate() {
        if ending.title.trim().is_empty() || ending.text.trim().is_empty() {
            c.error(
                code::ENDING_WITHOUT_TEXT,
                Loc::ending(i),
                format!("ending `{}` has no title or text", ending.id),
                "tell the trainee what happened: a short title and a sentence or two",
            );
        }
        c.long_text(&ending.text, Loc::ending(i), "this ending's text");
    }
}

/// Nodes and endings exist, `start` names a node, the walk-out settings fit; the start
/// node's index.
fn structure<'a>(c: &mut Checker<'a>, s: &'a Scenario, index: &Index<'a>) -> Option<usize> {
    if s.nodes.is_empty() {
        let at = Loc::at_key("nodes");
        c.error(
            code::NO_NODES,
            at,
            "the scenario has no nodes".into(),
            "add at least one node with the customer's first line",
        );
    }
    if s.endings.is_empty() {
        let at = Loc::at_key("endings");
        c.error(
            code::NO_ENDINGS,
            at,
            "the scenario has no endings".into(),
            "add at least one ending; choices finish the conversation with next: Ending(\"id\")",
        );
    }
    let start = index.nodes.get(s.start.as_str()).copied();
    if start.is_none() && !s.nodes.is_empty() {
        let at = Loc::field("start", s.start.as_str());
        c.error(
            code::UNKNOWN_START,
            at,
            format!("start node `{}` does not exist", s.start),
            format!(
                "set `start` to the id of the first node, e.g. \"{}\"",
                s.nodes[0].id
            ),
        );
    }
    if let Some(p) = &s.persona.patience {
        let at = Loc::at_key("patience");
        if !index.endings.contains_key(p.ending.as_str()) {
            let at = at.then_string(p.ending.as_str());
            c.error(
                code::UNKNOWN_WALK_OUT_ENDING,
                at,
                format!("the walk-out ending `{}` does not exist", p.ending),
                "name one of the endings, usually one with outcome CustomerLost",
            );
        }
        if !MOOD_RANGE.contains(&p.walk_out_at) {
            c.error(
                code::MOOD_OUT_OF_RANGE,
                at,
                format!("walk_out_at {} is outside −100..100", p.walk_out_at),
                "the customer walks out when the mood falls to this value",
            );
        } else if s.persona.mood <= p.walk_out_at {
            c.warning(code::STARTS_WALKED_OUT, at, format!("the customer starts at mood {} which is already at or below walk_out_at {}", s.persona.mood, p.walk_out_at), "any first answer that does not raise the mood ends the conversation; lower walk_out_at");
        }
    }
    start
}

/// Each node has a line, a sensible budget and choices that fit the keys.
fn nodes<'a>(c: &mut Checker<'a>, s: &'a Scenario) {
    for (n, node) in s.nodes.iter().enumerate() {
        let at = Loc::node(n);
        if node.lines.is_empty() || node.lines.iter().all(|l| l.trim().is_empty()) {
            c.error(
                code::NODE_WITHOUT_LINE,
                at,
                format!("node `{}` has no customer line", node.id),
                "write what the customer says in `lines: [\"…\"]`",
            );
        } else if node.lines.iter().any(|l| l.trim().is_empty()) {
            c.error(
                code::EMPTY_LINE_VARIANT,
                at,
                format!("node `{}` has an empty line variant", node.id),
                "remove the empty string from `lines`",
            );
        }
        for line in &node.lines {
            c.long_text(line, at, "a customer line");
        }
        if let Some(scene) = &node.scene {
            if scene.trim().is_empty() {
                c.error(
                    code::EMPTY_SCENE,
                    at.then_key("scene"),
                    format!("node `{}` has an empty scene", node.id),
                    "write the narration, or leave `scene` out",
                );
            }
            c.long_text(scene, at, "this node's scene");
        }
        if let Some(b) = node.time_budget
            && !(b.is_finite() && b > 0.0 && b <= 600.0)
        {
            let at = at.then_key("time_budget");
            c.error(
                code::BAD_TIME_BUDGET,
                at,
                format!("time_budget {b} is not a number of seconds between 0 and 600"),
                "use e.g. 20.0, or leave the field out for an untimed turn",
            );
        }
        if node.choices.is_empty() {
            c.error(code::NODE_WITHOUT_CHOICES, at, format!("node `{}` has no choices", node.id), "add the agent's possible answers, or end the conversation from the previous choice");
        } else if node.choices.iter().all(|ch| ch.requires.is_some()) {
            c.error(
                code::ALL_CHOICES_CONDITIONAL,
                at,
                format!(
                    "every choice at node `{}` has a condition, so a trainee can get stuck",
                    node.id
                ),
                "leave at least one choice without `requires`",
            );
        }
        if node.choices.len() > MAX_CHOICES {
            c.error(
                code::TOO_MANY_CHOICES,
                at,
                format!(
                    "node `{}` offers {} choices; at most {MAX_CHOICES} fit the number keys",
                    node.id,
                    node.choices.len()
                ),
                "split the answers over two turns",
            );
        }
    }
}

/// Each choice has text, leads somewhere that exists, scores within range, cites known
/// principles and reads flags some choice sets; returns every flag used.
fn choices<'a>(c: &mut Checker<'a>, s: &'a Scenario, index: &Index<'a>) -> HashSet<&'a str> {
    // Flags: which are set, which are read.
    let mut set_flags: HashSet<&str> = HashSet::new();
    for node in &s.nodes {
        for choice in &node.choices {
            set_flags.extend(choice.sets.iter().map(String::as_str));
        }
    }
    let mut all_flags = set_flags.clone();

    for (n, node) in s.nodes.iter().enumerate() {
        for (k, choice) in node.choices.iter().enumerate() {
            let at = Loc::choice(n, k);
            if choice.id.as_str().trim().is_empty() {
                c.error(
                    code::EMPTY_ID,
                    at,
                    "a choice has an empty id".into(),
                    "give every choice an id such as \"greeting.smile\"",
                );
            }
            if choice.text.trim().is_empty() {
                c.error(
                    code::CHOICE_WITHOUT_TEXT,
                    at,
                    format!("choice `{}` has no text", choice.id),
                    "write what the agent says",
                );
            }
            c.long_text(&choice.text, at, "this choice's text");
            match &choice.next {
                Next::Node(id) if !index.nodes.contains_key(id.as_str()) => {
                    let p = at.then_string(id.as_str());
                    let hint = if index.endings.contains_key(id.as_str()) {
                        format!("`{id}` is an ending: write next: Ending(\"{id}\")")
                    } else {
                        "use the id of a node in this file, or Ending(\"…\") to finish".to_owned()
                    };
                    c.error(
                        code::DANGLING_NEXT,
                        p,
                        format!(
                            "choice `{}` leads to node `{id}`, which does not exist",
                            choice.id
                        ),
                        hint,
                    );
                }
                Next::Ending(id) if !index.endings.contains_key(id.as_str()) => {
                    let p = at.then_string(id.as_str());
                    let hint = if index.nodes.contains_key(id.as_str()) {
                        format!("`{id}` is a node: write next: Node(\"{id}\")")
                    } else {
                        "use the id of an ending in this file".to_owned()
                    };
                    c.error(
                        code::DANGLING_NEXT,
                        p,
                        format!(
                            "choice `{}` leads to ending `{id}`, which does not exist",
                            choice.id
                        ),
                        hint,
                    );
                }
                _ => {}
            }
            if !MOOD_RANGE.contains(&choice.mood) {
                let p = at.then_key("mood");
                c.error(
                    code::MOOD_OUT_OF_RANGE,
                    p,
                    format!(
                        "choice `{}` changes the mood by {}, outside −100..100",
                        choice.id, choice.mood
                    ),
                    "typical changes are −30 to +25",
                );
            }
            for d in Dimension::ALL {
                let v = choice.points.get(d);
                if !POINTS_RANGE.contains(&v) {
                    let p = at.then_key(d.key());
                    c.error(
                        code::POINTS_OUT_OF_RANGE,
                        p,
                        format!(
                            "choice `{}` gives {v} {} points; points run from −5 to 5",
                            choice.id,
                            d.key()
                        ),
                        "use −3..3 for ordinary answers and ±5 only for decisive ones",
                    );
                }
            }
            for id in &choice.applies {
                c.principle(id.as_str(), at);
            }
            for id in &choice.violates {
                c.principle(id.as_str(), at);
                if choice.applies.contains(id) {
                    c.error(
                        code::APPLIES_AND_VIOLATES,
                        at,
                        format!("choice `{}` both applies and violates `{id}`", choice.id),
                        "keep it in one of the two lists",
                    );
                }
            }
            // A choice that costs points or breaks a rule gets the stronger teaching warning.
            if choice.feedback.trim().is_empty() && !crate::teaching::costs(choice) {
                c.warning(code::MISSING_FEEDBACK, at, format!("choice `{}` has no feedback", choice.id), "say in a sentence why this answer is good or bad, naming the principle; the debrief shows it");
            }
            c.long_text(&choice.feedback, at, "this choice's feedback");
            if let Some(cond) = &choice.requires {
                let mut read = Vec::new();
                flags_read(cond, &mut read);
                for flag in read {
                    all_flags.insert(flag);
                    if !set_flags.contains(flag) {
                        let p = at.then_string(flag);
                        c.warning(code::FLAG_NEVER_SET, p, format!("choice `{}` depends on flag `{flag}`, which no choice sets", choice.id), "check the spelling, or add `sets: [\"…\"]` to the choice that should enable it");
                    }
                }
            }
        }
    }
    all_flags
}

/// No more flags than a session can hold.
fn flag_count(c: &mut Checker<'_>, all_flags: &HashSet<&str>) {
    if all_flags.len() > MAX_FLAGS {
        c.error(
            code::TOO_MANY_FLAGS,
            Loc::START,
            format!(
                "the scenario uses {} flags; at most {MAX_FLAGS} are supported",
                all_flags.len()
            ),
            "reuse flags or split the scenario",
        );
    }
}

/// Chinese punctuation, and `{name}` only where it is filled in.
fn texts<'a>(c: &mut Checker<'a>, s: &'a Scenario) {
    // Every text in file order, marked when it is a customer line.
    let texts: Vec<(bool, &str)> = s
        .nodes
        .iter()
        .flat_map(|n| {
            // `{name}` is filled in in the scene as in the lines.
            let lines = n.scene.iter().chain(&n.lines).map(|l| (true, l));
            lines.chain(
                n.choices
                    .iter()
                    .flat_map(|c| [(false, &c.text), (false, &c.feedback)]),
            )
        })
        .chain(
            s.endings
                .iter()
                .flat_map(|e| [&e.title, &e.text, &e.comment].map(|t| (false, t))),
        )
        .chain([&s.title, &s.summary, &s.persona.situation].map(|t| (false, t)))
        .map(|(line, t)| (line, t.as_str()))
        .collect();
    c.chinese_punctuation(&s.locale, texts.iter().map(|(_, t)| *t));
    // `{name}` is filled in only in the customer's lines; anywhere else the trainee would
    // read the braces.
    let variants = s.persona.variants.iter().map(|v| v.situation.as_str());
    let unreplaced: Vec<&str> = texts
        .iter()
        .filter(|(line, _)| !line)
        .map(|(_, t)| *t)
        .chain(variants)
        .filter(|t| t.contains("{name}"))
        .collect();
    if let Some(first) = unreplaced.first() {
        c.warning(code::NAME_OUTSIDE_LINES,
            Loc::text(first),
            format!(
                "`{{name}}` is only filled in in the customer's lines; {} other text{} would show it as typed",
                unreplaced.len(),
                if unreplaced.len() == 1 { "" } else { "s" }
            ),
            "write the name out (every persona variant must fit the text), or move the sentence into a customer line",
        );
    }
}

/// Reachability, ignoring conditions and mood: a trainer's map of the graph; which nodes
/// the start reaches.
fn reachable<'a>(
    c: &mut Checker<'a>,
    s: &'a Scenario,
    index: &Index<'a>,
    start: Option<usize>,
) -> Vec<bool> {
    let mut reached_nodes = vec![false; s.nodes.len()];
    let mut reached_endings = vec![false; s.endings.len()];
    if let Some(start) = start {
        let mut queue = VecDeque::from([start]);
        reached_nodes[start] = true;
        while let Some(n) = queue.pop_front() {
            for choice in &s.nodes[n].choices {
                match &choice.next {
                    Next::Node(id) => {
                        if let Some(&t) = index.nodes.get(id.as_str())
                            && !reached_nodes[t]
                        {
                            reached_nodes[t] = true;
                            queue.push_back(t);
                        }
                    }
                    Next::Ending(id) => {
                        if let Some(&e) = index.endings.get(id.as_str()) {
                            reached_endings[e] = true;
                        }
                    }
                }
            }
        }
        for (n, node) in s.nodes.iter().enumerate() {
            if !reached_nodes[n] {
                c.warning(
                    code::UNREACHABLE_NODE,
                    Loc::node(n),
                    format!("node `{}` cannot be reached from the start", node.id),
                    "lead a choice to it with next: Node(\"…\"), or remove it",
                );
            }
        }
    }
    if let Some(p) = &s.persona.patience
        && let Some(&e) = index.endings.get(p.ending.as_str())
    {
        reached_endings[e] = true;
    }
    if start.is_some() {
        for (e, ending) in s.endings.iter().enumerate() {
            if !reached_endings[e] {
                c.warning(
                    code::UNREACHABLE_ENDING,
                    Loc::ending(e),
                    format!("ending `{}` is never reached", ending.id),
                    "lead a choice to it with next: Ending(\"…\"), or remove it",
                );
            }
        }
    }
    reached_nodes
}

/// Every reachable node can still reach an ending.
fn way_out<'a>(c: &mut Checker<'a>, s: &'a Scenario, index: &Index<'a>, reached: &[bool]) {
    let mut incoming: Vec<Vec<usize>> = vec![Vec::new(); s.nodes.len()];
    let mut can_finish = vec![false; s.nodes.len()];
    let mut queue = VecDeque::new();
    for (n, node) in s.nodes.iter().enumerate() {
        for choice in &node.choices {
            match &choice.next {
                Next::Node(id) => {
                    if let Some(&t) = index.nodes.get(id.as_str()) {
                        incoming[t].push(n);
                    }
                }
                Next::Ending(id) => {
                    if index.endings.contains_key(id.as_str()) && !can_finish[n] {
                        can_finish[n] = true;
                        queue.push_back(n);
                    }
                }
            }
        }
    }
    while let Some(n) = queue.pop_front() {
        for &from in &incoming[n] {
            if !can_finish[from] {
                can_finish[from] = true;
                queue.push_back(from);
            }
        }
    }
    for (n, node) in s.nodes.iter().enumerate() {
        if !can_finish[n] && reached.get(n).copied().unwrap_or(true) && !node.choices.is_empty() {
            c.error(
                code::NO_WAY_OUT,
                Loc::node(n),
                format!(
                    "no ending can be reached from node `{}`: the conversation would loop forever",
                    node.id
                ),
                "give a choice on this path next: Ending(\"…\")",
            );
        }
    }
}

/// A conversation that can run past [`MAX_TURNS`] turns without repeating a node is an
/// error: the path search, the graph's model answer and the balance walk stop there, so
/// such a scenario could never be scored to its end. (A loop back to an earlier node is
/// not counted: going round it is the trainee's doing, and play stops it at the cap.)
fn too_long<'a>(c: &mut Checker<'a>, s: &'a Scenario, start: usize, index: &HashMap<&str, usize>) {
    // 0 = not seen, 1 = on the current branch, 2 = done; longest[n] is capped at
    // MAX_TURNS + 1, which also bounds the recursion.
    fn longest(
        s: &Scenario,
        index: &HashMap<&str, usize>,
        n: usize,
        state: &mut [u8],
        memo: &mut [(usize, Option<usize>)],
        depth: usize,
    ) -> usize {
        match state[n] {
            1 => return 0,
            2 => return memo[n].0,
            _ => {}
        }
        if depth > MAX_TURNS {
            return 1;
        }
        state[n] = 1;
        let mut best = (1, None);
        for choice in &s.nodes[n].choices {
            if let Next::Node(id) = &choice.next
                && let Some(&t) = index.get(id.as_str())
                && state[t] != 1
            {
                let len = 1 + longest(s, index, t, state, memo, depth + 1);
                if len > best.0 {
                    best = (len.min(MAX_TURNS + 1), Some(t));
                }
            }
        }
        state[n] = 2;
        memo[n] = best;
        best.0
    }
    let mut state = vec![0u8; s.nodes.len()];
    let mut memo = vec![(0, None); s.nodes.len()];
    if longest(s, index, start, &mut state, &mut memo, 0) <= MAX_TURNS {
        return;
    }
    // Name the node where the allowance runs out.
    let mut at = start;
    for _ in 0..MAX_TURNS {
        match memo[at].1 {
            Some(t) => at = t,
            None => break,
        }
    }
    c.error(code::TOO_LONG,
        Loc::node(at),
        format!(
            "the conversation can run past {MAX_TURNS} turns without repeating a node: after {MAX_TURNS} answers from `{}` it is still going, at node `{}`",
            s.start, s.nodes[at].id
        ),
        format!("Frontline plays, scores and draws at most {MAX_TURNS} turns: split the conversation into two scenarios, or let earlier answers lead to an ending"),
    );
}

/// Whether Chinese text uses ASCII punctuation next to a Chinese character, which
/// reads as a typo to a Chinese trainee (`你好,先生` instead of `你好，先生`, `(笑)` instead of `（笑）`).
pub fn ascii_punctuation_in_chinese(text: &str) -> bool {
    let cjk =
        |c: char| ('\u{3000}'..='\u{9fff}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c);
    let chars: Vec<char> = text.chars().collect();
    chars.iter().enumerate().any(|(i, &c)| {
        matches!(c, ',' | '!' | '?' | ':' | ';' | '(' | ')')
            && (i > 0 && cjk(chars[i - 1]) || chars.get(i + 1).is_some_and(|&n| cjk(n)))
    })
}

impl<'a> Checker<'a> {
    /// One warning per file for Chinese text with ASCII punctuation, at the first case.
    fn chinese_punctuation(&mut self, locale: &str, texts: impl Iterator<Item = &'a str>) {
        if locale != "zh" {
            return;
        }
        let bad: Vec<&str> = texts.filter(|t| ascii_punctuation_in_chinese(t)).collect();
        if let Some(first) = bad.first() {
            let at = Loc::text(first);
            self.warning(
                code::ASCII_PUNCTUATION, at,
                format!("{} Chinese text{} use ASCII punctuation (, ! ? : ; ( )) next to Chinese characters", bad.len(), if bad.len() == 1 { "" } else { "s" }),
                "use full-width punctuation in Chinese: ，！？：；（）",
            );
        }
    }
}

fn flags_read<'a>(c: &'a Condition, out: &mut Vec<&'a str>) {
    match c {
        Condition::Flag(f) | Condition::NotFlag(f) => out.push(f),
        Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| flags_read(c, out)),
        Condition::MoodAtLeast(_) | Condition::MoodAtMost(_) | Condition::MoodBelow(_) => {}
    }
}

/// Checks a parsed quiz against its source text.
pub fn quiz(q: &Quiz, text: &str, ctx: &FileContext<'_>) -> Vec<Issue> {
    let mut c = Checker::new(text, None, ctx.catalogue);
    c.header(&q.id, &q.locale, ctx, "quiz");
    if q.items.is_empty() {
        let at = Loc::at_key("items");
        c.error(
            code::NO_ITEMS,
            at,
            "the quiz has no items".into(),
            "add QuizItem(…) entries to `items`",
        );
    }
    let reflection = q.kind == crate::quiz::QuizKind::Reflection;
    if reflection && q.pass_threshold > 0 {
        let at = Loc::at_key("pass_threshold");
        c.error(
            code::PASS_MARK_OUT_OF_RANGE,
            at,
            "a reflection has no pass mark".into(),
            "remove `pass_threshold`, or make the quiz `kind: Graded` if the source gives a key",
        );
    } else if !reflection && q.pass_threshold == 0 {
        let at = Loc::at_key("items");
        c.error(
            code::PASS_MARK_OUT_OF_RANGE,
            at,
            "a graded quiz needs a pass mark of at least 1".into(),
            "give `pass_threshold: N` (right answers needed to pass), or make it `kind: Reflection` if it is not to be marked",
        );
    }
    if q.pass_threshold as usize > q.items.len() {
        let at = Loc::at_key("pass_threshold");
        c.error(
            code::PASS_MARK_OUT_OF_RANGE,
            at,
            format!(
                "pass_threshold {} is more than the {} items",
                q.pass_threshold,
                q.items.len()
            ),
            "lower it to at most the number of items",
        );
    }
    if q.key == KeyStatus::Inferred && q.key_note.trim().is_empty() {
        let at = Loc::at_key("key");
        c.warning(
            code::KEY_NOTE_MISSING,
            at,
            "the key is marked Inferred but `key_note` does not say why".into(),
            "explain in key_note what the key rests on, so trainees know it is not the source's",
        );
    }
    // Quizzes are short: finding every item's line up front costs nothing.
    let mut cursor = c
        .map()
        .key("items", Position::START)
        .unwrap_or(Position::START);
    let mut seen: HashMap<&str, Option<Position>> = HashMap::new();
    for item in &q.items {
        let pos = c.map().field("id", item.id.as_str(), cursor);
        if let Some(p) = pos {
            cursor = p;
        }
        let at = Loc::known(pos);
        if let Some(first) = seen.insert(item.id.as_str(), pos) {
            let line = first.map(|p| p.line).unwrap_or(0);
            c.error(
                code::DUPLICATE_ID,
                at,
                format!("item `{}` appears twice (first on line {line})", item.id),
                "each catalogue id once per quiz",
            );
        }
        c.principle(item.id.as_str(), at);
        for id in &item.related {
            c.principle(id.as_str(), at);
        }
        if item.statement.trim().is_empty() {
            c.error(
                code::EMPTY_STATEMENT,
                at,
                format!("item `{}` has no statement", item.id),
                "write the statement the trainee judges true or false",
            );
        }
        if item.explanation.trim().is_empty() {
            c.warning(
                code::MISSING_EXPLANATION,
                at,
                format!("item `{}` has no explanation", item.id),
                "explain the key; trainees see it after answering",
            );
        }
    }
    let mut issues = c.finish();
    issues.extend(crate::teaching::silence_errors(&q.silence, text));
    issues
}

/// Checks one catalogue file. `seen` collects ids across files so a duplicate in a
/// second file is found.
pub fn catalogue_file(
    file: &CatalogueFile,
    text: &str,
    file_name: &str,
    seen: &mut HashMap<String, String>,
) -> Vec<Issue> {
    let empty = Catalogue::default();
    let mut c = Checker::new(text, None, &empty);
    let mut cursor = Position::START;
    for p in &file.principles {
        let pos = c.map().field("id", p.id.as_str(), cursor);
        if let Some(found) = pos {
            cursor = found;
        }
        let at = Loc::known(pos);
        let id = p.id.as_str();
        let well_formed = id.contains('.')
            && id.split('.').all(|part| {
                !part.is_empty()
                    && part
                        .chars()
                        .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_')
            });
        if !well_formed {
            c.error(
                code::MALFORMED_ID,
                at,
                format!("`{id}` is not a catalogue id"),
                "ids are lower-case words joined by dots, e.g. \"complaint.listen\"",
            );
        }
        if let Some(other) = seen.insert(id.to_owned(), file_name.to_owned()) {
            c.error(
                code::DUPLICATE_ID,
                at,
                format!("`{id}` is already defined in {other}"),
                "keep one entry per id",
            );
        }
        if p.title.en.trim().is_empty() || p.summary.en.trim().is_empty() {
            c.error(
                code::MISSING_ENGLISH,
                at,
                format!("`{id}` has no English title or summary"),
                "fill in title.en and summary.en",
            );
        }
        if p.title.zh.trim().is_empty() || p.summary.zh.trim().is_empty() {
            c.warning(
                code::MISSING_CHINESE,
                at,
                format!("`{id}` has no Chinese title or summary"),
                "fill in title.zh and summary.zh; the Chinese interface shows them",
            );
        }
        if p.source.file.trim().is_empty() || p.source.section.trim().is_empty() {
            c.error(
                code::MISSING_CITATION,
                at,
                format!("`{id}` does not cite its source"),
                "give the source file name and the section heading, as in the seed digest",
            );
        }
    }
    c.finish()
}

/// Compares two locales of one scenario; issues point into `b`. A trainee must get
/// the same score for the same choices whatever language they play in.
pub fn scenario_pair(a: &Scenario, b: &Scenario, b_text: &str) -> Vec<Issue> {
    let map = SourceMap::new(b_text);
    let mut issues = Vec::new();
    let top = Some(Position::START);
    let warn = |issues: &mut Vec<Issue>, at: Option<Position>, msg: String| {
        issues.push(Issue::warning(
            code::LOCALE_PAIR_DIFFERS,
            at,
            msg,
            format!(
                "keep the `{}` and `{}` versions identical except for their text",
                a.locale, b.locale
            ),
        ));
    };
    if a.start != b.start
        || a.pass_threshold != b.pass_threshold
        || a.persona.mood != b.persona.mood
        || a.persona.patience != b.persona.patience
        || a.persona.voice != b.persona.voice
        || a.persona.portrait != b.persona.portrait
    {
        warn(
            &mut issues,
            top,
            format!(
                "start, pass_threshold or the persona's mood, patience, voice or portrait differ from the `{}` version",
                a.locale
            ),
        );
    }
    if a.persona.variants.len() == b.persona.variants.len()
        && a.persona
            .variants
            .iter()
            .zip(&b.persona.variants)
            .any(|(x, y)| (x.voice, &x.portrait) != (y.voice, &y.portrait))
    {
        warn(
            &mut issues,
            map.key("variants", Position::START).or(top),
            format!(
                "a persona variant's voice or portrait differs from the `{}` version, so the same customer looks or sounds different",
                a.locale
            ),
        );
    }
    if a.persona.variants.len() != b.persona.variants.len() {
        warn(
            &mut issues,
            map.key("variants", Position::START).or(top),
            format!(
                "the number of persona variants differs from the `{}` version, so the same seed picks a different customer",
                a.locale
            ),
        );
    }
    let a_nodes: HashMap<&str, usize> = a
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let b_nodes: HashSet<&str> = b.nodes.iter().map(|n| n.id.as_str()).collect();
    for node in &a.nodes {
        if !b_nodes.contains(node.id.as_str()) {
            warn(
                &mut issues,
                map.key("nodes", Position::START).or(top),
                format!(
                    "node `{}` of the `{}` version is missing here",
                    node.id, a.locale
                ),
            );
        }
    }
    let mut cursor = map.key("nodes", Position::START).unwrap_or(Position::START);
    for node in &b.nodes {
        let at = map.field("id", node.id.as_str(), cursor);
        if let Some(p) = at {
            cursor = p;
        }
        let Some(&ai) = a_nodes.get(node.id.as_str()) else {
            warn(
                &mut issues,
                at,
                format!(
                    "node `{}` does not exist in the `{}` version",
                    node.id, a.locale
                ),
            );
            continue;
        };
        let an = &a.nodes[ai];
        if an.stage != node.stage || an.time_budget != node.time_budget {
            warn(
                &mut issues,
                at,
                format!(
                    "node `{}` has a different stage or time budget than in the `{}` version",
                    node.id, a.locale
                ),
            );
        }
        if an.lines.len() != node.lines.len() {
            warn(
                &mut issues,
                at,
                format!(
                    "node `{}` has {} line variants here and {} in the `{}` version, so the same seed shows different lines",
                    node.id,
                    node.lines.len(),
                    an.lines.len(),
                    a.locale
                ),
            );
        }
        let a_ids: Vec<&str> = an.choices.iter().map(|ch| ch.id.as_str()).collect();
        let b_ids: Vec<&str> = node.choices.iter().map(|ch| ch.id.as_str()).collect();
        if a_ids != b_ids {
            warn(
                &mut issues,
                at,
                format!(
                    "node `{}` offers choices [{}] here but [{}] in the `{}` version",
                    node.id,
                    b_ids.join(", "),
                    a_ids.join(", "),
                    a.locale
                ),
            );
            continue;
        }
        for (ac, bc) in an.choices.iter().zip(&node.choices) {
            let same = ac.next == bc.next
                && ac.mood == bc.mood
                && ac.points == bc.points
                && ac.applies == bc.applies
                && ac.violates == bc.violates
                && ac.requires == bc.requires
                && ac.sets == bc.sets;
            if !same {
                let cat = map
                    .field("id", bc.id.as_str(), at.unwrap_or(Position::START))
                    .or(at);
                warn(
                    &mut issues,
                    cat,
                    format!(
                        "choice `{}` scores or leads differently than in the `{}` version",
                        bc.id, a.locale
                    ),
                );
            }
        }
    }
    let a_endings: Vec<(&str, _)> = a
        .endings
        .iter()
        .map(|e| (e.id.as_str(), e.outcome))
        .collect();
    let b_endings: Vec<(&str, _)> = b
        .endings
        .iter()
        .map(|e| (e.id.as_str(), e.outcome))
        .collect();
    if a_endings != b_endings {
        warn(
            &mut issues,
            map.key("endings", Position::START).or(top),
            format!(
                "the endings or their outcomes differ from the `{}` version",
                a.locale
            ),
        );
    }
    issues
}

/// Compares two locales of one quiz; issues point into `b`.
pub fn quiz_pair(a: &Quiz, b: &Quiz, b_text: &str) -> Vec<Issue> {
    let map = SourceMap::new(b_text);
    let a_items: Vec<(&str, bool)> = a.items.iter().map(|i| (i.id.as_str(), i.answer)).collect();
    let b_items: Vec<(&str, bool)> = b.items.iter().map(|i| (i.id.as_str(), i.answer)).collect();
    let mut issues = Vec::new();
    if a_items != b_items || a.key != b.key || a.pass_threshold != b.pass_threshold {
        issues.push(Issue::warning(
            code::LOCALE_PAIR_DIFFERS,
            map.key("items", Position::START).or(Some(Position::START)),
            format!(
                "the items, their key or the pass threshold differ from the `{}` version",
                a.locale
            ),
            "keep both versions identical except for their text",
        ));
    }
    issues
}
