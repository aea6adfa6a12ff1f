//! A scenario as a picture: nodes in rows by distance from the start, coloured by
//! Moments-of-Truth stage; one arrow per choice, coloured by what it does to the
//! trainee's score; endings marked by outcome; the model answer's path in bold.
//!
//! The layout is computed here, without Bevy, and drawn three ways: SVG (no Graphviz
//! needed), Graphviz DOT for those who have it, and egui in the trainer view.

use crate::heat::Heat;
use std::collections::HashSet;
use std::fmt::Write;

use crate::catalogue::Catalogue;
use crate::paths::{self, Extreme};
use crate::scenario::{Choice, MotStage, Outcome, Scenario, Target};

/// Most nodes and endings drawn; a larger scenario gets a summary instead.
pub const MAX_DRAWN: usize = 400;

/// How a choice compares with the others at its node, for colouring its arrow. Relative,
/// not absolute: at a node where every answer loses something (a recovery after a
/// mistake) the least bad one is still the best on offer, and is drawn as such.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Worth the most on offer at its node (points less penalties), and breaks no
    /// behaviour to avoid.
    Best,
    /// Worth less than the best but costs nothing.
    Acceptable,
    /// Breaks a behaviour to avoid, or costs points or a principle and is not the best.
    Harmful,
}

impl Effect {
    /// Every kind, in the order the legend shows them.
    pub const ALL: [Effect; 3] = [Effect::Best, Effect::Acceptable, Effect::Harmful];

    /// The effect of choice `k` of `node`, against every choice of the node (conditions
    /// aside: the picture shows the node, not one state of play).
    pub fn at(node: &crate::scenario::Node, k: usize) -> Effect {
        let value = |c: &Choice| {
            let penalty: u32 = c
                .violates
                .iter()
                .map(|v| crate::rules::violation_cost(v.as_str()))
                .sum();
            c.points.total() - penalty as i32
        };
        let c = &node.choices[k];
        let best = node.choices.iter().map(value).max().unwrap_or(0);
        let avoid = c
            .violates
            .iter()
            .any(|v| crate::catalogue::Group::of(v.as_str()) == crate::catalogue::Group::Avoid);
        if avoid {
            Effect::Harmful
        } else if value(c) == best {
            Effect::Best
        } else if crate::rules::costs(c) {
            Effect::Harmful
        } else {
            Effect::Acceptable
        }
    }

    /// Colour as `#rrggbb`.
    pub fn colour(self) -> &'static str {
        match self {
            Effect::Best => "#2e9e5b",
            Effect::Acceptable => "#8a8f98",
            Effect::Harmful => "#d64541",
        }
    }

    /// The line's pattern, so the kind reads without its colour: the best answer solid,
    /// an acceptable one dashed, a harmful one dotted. `(dash, gap)` in pixels; `None` is
    /// solid.
    pub fn dashes(self) -> Option<(f32, f32)> {
        match self {
            Effect::Best => None,
            Effect::Acceptable => Some((7.0, 4.0)),
            Effect::Harmful => Some((2.0, 3.0)),
        }
    }

    /// The pattern as an SVG attribute (empty for a solid line).
    fn dash_attribute(self) -> String {
        self.dashes()
            .map(|(d, g)| format!(" stroke-dasharray=\"{d},{g}\""))
            .unwrap_or_default()
    }

    /// The legend's word for it.
    pub fn name(self) -> &'static str {
        match self {
            Effect::Best => "best on offer",
            Effect::Acceptable => "acceptable",
            Effect::Harmful => "harmful",
        }
    }

    fn marker(self) -> &'static str {
        match self {
            Effect::Best => "best",
            Effect::Acceptable => "acceptable",
            Effect::Harmful => "harmful",
        }
    }
}

/// Fill colour of a stage, as `#rrggbb`.
pub fn stage_colour(stage: MotStage) -> &'static str {
    match stage {
        MotStage::SetTone => "#f6d67a",
        MotStage::Diagnose => "#9cc9f2",
        MotStage::Solve => "#b7e4a8",
        MotStage::Recap => "#d7b8f0",
        MotStage::FollowUp => "#f4b48a",
    }
}

/// Fill colour of an ending, as `#rrggbb`: green when it can pass, red otherwise.
pub fn outcome_colour(outcome: Outcome) -> &'static str {
    if outcome.can_pass() {
        "#c9efd2"
    } else {
        "#f6c6c4"
    }
}

/// A box in the picture.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// Row (0 = the start).
    pub row: usize,
    /// Centre, in picture units.
    pub x: f32,
    /// Centre.
    pub y: f32,
    /// Not reachable from the start.
    pub island: bool,
}

/// One arrow.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// Node index it leaves.
    pub from: usize,
    /// Index of the choice within the node.
    pub choice: usize,
    /// Target: a node index, or `nodes.len() + ending index`.
    pub to: usize,
    /// What the choice does.
    pub effect: Effect,
    /// On the model answer's path.
    pub best: bool,
    /// Its rank among the arrows between the same two boxes, to fan them out.
    pub lane: usize,
}

/// Where everything goes.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Nodes, then endings.
    pub places: Vec<Place>,
    /// One per choice.
    pub edges: Vec<Edge>,
    /// Picture width.
    pub width: f32,
    /// Picture height.
    pub height: f32,
    /// Node count (places after it are endings).
    pub nodes: usize,
}

/// Box size.
pub const BOX_W: f32 = 170.0;
/// Box height.
pub const BOX_H: f32 = 44.0;
const GAP_X: f32 = 40.0;
const GAP_Y: f32 = 70.0;
const MARGIN: f32 = 30.0;

/// Whether ending `e` is where the customer walks out (reached through patience, from any
/// turn, so no arrow leads to it).
pub fn is_walk_out(s: &Scenario, e: usize) -> bool {
    s.persona
        .patience
        .as_ref()
        .is_some_and(|p| p.ending == s.endings[e].id)
}

/// The (node, choice) pairs of the model answer (seed 1); empty when not resolved.
fn model_answer(s: &Scenario, catalogue: &Catalogue) -> HashSet<(usize, usize)> {
    if !s.is_resolved() {
        return HashSet::new();
    }
    paths::search(s, catalogue, 1, Extreme::Best)
        .map(|f| {
            f.session
                .turns()
                .iter()
                .map(|t| (t.node, t.choice))
                .collect()
        })
        .unwrap_or_default()
}

/// Lays a resolved scenario out; `None` when it is not resolved or too large to draw.
pub fn layout(s: &Scenario, catalogue: &Catalogue) -> Option<Layout> {
    let tables = s.resolved.as_ref()?;
    let n = s.nodes.len();
    if n + s.endings.len() > MAX_DRAWN {
        return None;
    }
    // Rows: distance from the start; islands go under everything.
    let row: Vec<usize> = s
        .distances()
        .into_iter()
        .map(|d| d.unwrap_or(usize::MAX))
        .collect();
    let deepest = row
        .iter()
        .filter(|r| **r != usize::MAX)
        .max()
        .copied()
        .unwrap_or(0);
    let ending_row = deepest + 1;
    let island_row = ending_row + 1;
    let mut rows: Vec<Vec<usize>> = vec![Vec::new(); island_row + 1];
    for (i, r) in row.iter().enumerate() {
        rows[if *r == usize::MAX { island_row } else { *r }].push(i);
    }
    for e in 0..s.endings.len() {
        rows[ending_row].push(n + e);
    }
    let widest = rows.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let width = MARGIN * 2.0 + widest as f32 * (BOX_W + GAP_X) - GAP_X;
    let used_rows = rows.iter().rposition(|r| !r.is_empty()).unwrap_or(0) + 1;
    let height = MARGIN * 2.0 + used_rows as f32 * (BOX_H + GAP_Y) - GAP_Y;
    let mut places = vec![
        Place {
            row: 0,
            x: 0.0,
            y: 0.0,
            island: false
        };
        n + s.endings.len()
    ];
    for (r, members) in rows.iter().enumerate() {
        let span = members.len() as f32 * (BOX_W + GAP_X) - GAP_X;
        let left = (width - span) / 2.0;
        for (k, &i) in members.iter().enumerate() {
            places[i] = Place {
                row: r,
                x: left + k as f32 * (BOX_W + GAP_X) + BOX_W / 2.0,
                y: MARGIN + r as f32 * (BOX_H + GAP_Y) + BOX_H / 2.0,
                island: i < n && row[i] == usize::MAX,
            };
        }
    }

    let best = model_answer(s, catalogue);
    let mut edges = Vec::new();
    let mut lanes: std::collections::HashMap<(usize, usize), usize> = Default::default();
    for (i, node) in s.nodes.iter().enumerate() {
        for k in 0..node.choices.len() {
            let to = match tables.choices[i][k].target {
                Target::Node(t) => t,
                Target::Ending(e) => n + e,
            };
            let lane = lanes.entry((i, to)).or_default();
            edges.push(Edge {
                from: i,
                choice: k,
                to,
                effect: Effect::at(node, k),
                best: best.contains(&(i, k)),
                lane: *lane,
            });
            *lane += 1;
        }
    }
    Some(Layout {
        places,
        edges,
        width,
        height,
        nodes: n,
    })
}

impl Layout {
    /// The same picture with every row starting at the left edge, for a narrow window
    /// that shows the left of a wide picture first; the width shrinks to the widest row.
    pub fn left_aligned(mut self) -> Layout {
        let mut rows: std::collections::BTreeMap<usize, f32> = Default::default();
        for p in &self.places {
            let left = rows.entry(p.row).or_insert(f32::MAX);
            *left = left.min(p.x - BOX_W / 2.0);
        }
        for p in &mut self.places {
            p.x -= rows[&p.row] - MARGIN;
        }
        self.width = self
            .places
            .iter()
            .map(|p| p.x + BOX_W / 2.0 + MARGIN)
            .fold(0.0, f32::max);
        self
    }

    /// Control point of an edge's curve: straight for the first arrow between two
    /// boxes, bowed further out for each further one, and around the side for arrows
    /// going back up (loops).
    pub fn control(&self, e: &Edge) -> ((f32, f32), (f32, f32), (f32, f32)) {
        let a = &self.places[e.from];
        let b = &self.places[e.to];
        let start = (a.x, a.y + BOX_H / 2.0);
        let upward = b.row <= a.row;
        let end = if upward {
            (b.x + BOX_W / 2.0, b.y)
        } else {
            (b.x, b.y - BOX_H / 2.0)
        };
        let bow = (e.lane as f32 + if upward { 2.0 } else { 0.0 }) * 18.0;
        let side = if e.lane.is_multiple_of(2) { 1.0 } else { -1.0 };
        let mid = (
            (start.0 + end.0) / 2.0 + side * bow,
            (start.1 + end.1) / 2.0,
        );
        (start, mid, end)
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn short(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        text.to_owned()
    } else {
        text.chars().take(chars - 1).chain(['…']).collect()
    }
}

/// A summary for a scenario too large (or not valid enough) to draw.
pub fn summary(s: &Scenario) -> String {
    let choices: usize = s.nodes.iter().map(|n| n.choices.len()).sum();
    format!(
        "{}: {} nodes, {} choices, {} endings — too large to draw (the limit is {MAX_DRAWN} nodes and endings); `frontline balance {}` summarises its paths",
        s.id,
        s.nodes.len(),
        choices,
        s.endings.len(),
        s.id
    )
}

/// The picture as SVG.
pub fn svg(s: &Scenario, catalogue: &Catalogue) -> String {
    svg_with(s, catalogue, None)
}

/// The picture with the cohort's figures on it: each arrow as thick as the share of the
/// attempts at its node that took it, labelled with the count, share, median response time
/// and share passed (the count only below [`crate::heat::HEAT_MIN`]); each box with the
/// attempts that reached it, left there and walked out after it.
pub fn svg_heat(s: &Scenario, catalogue: &Catalogue, heat: &Heat) -> String {
    svg_with(s, catalogue, Some(heat))
}

fn svg_with(s: &Scenario, catalogue: &Catalogue, heat: Option<&Heat>) -> String {
    let Some(l) = layout(s, catalogue) else {
        let text = summary(s);
        return format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"900\" height=\"60\"><text x=\"10\" y=\"35\" font-family=\"sans-serif\" font-size=\"14\">{}</text></svg>\n",
            escape(&text)
        );
    };
    let legend_h = 60.0;
    // With heat, every figure also stands in a table under the key: the arrows carry counts
    // only, which stay legible where arrows crowd.
    let table_rows: Vec<(usize, usize)> = heat.map_or_else(Vec::new, |h| {
        (0..s.nodes.len())
            .flat_map(|i| (0..s.nodes[i].choices.len()).map(move |k| (i, k)))
            .filter(|&(i, k)| h.choices[i][k].taken > 0)
            .collect()
    });
    let table_h = if heat.is_some() {
        30.0 + 15.0 * table_rows.len() as f32
    } else {
        0.0
    };
    let legend_h = legend_h + table_h;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"'Noto Sans', 'WenQuanYi Micro Hei', 'Noto Sans CJK SC', sans-serif\">",
        w = l.width.max(760.0),
        h = l.height + legend_h
    );
    out.push_str("<defs>");
    for (name, colour) in Effect::ALL.map(|e| (e.marker(), e.colour())) {
        // Heat arrows vary in width; their heads must not grow with them.
        let units = if heat.is_some() {
            "markerUnits=\"userSpaceOnUse\" markerWidth=\"11\" markerHeight=\"11\""
        } else {
            "markerWidth=\"7\" markerHeight=\"7\""
        };
        let _ = write!(
            out,
            "<marker id=\"arrow-{name}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" {units} orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{colour}\"/></marker>"
        );
    }
    out.push_str("</defs>\n");
    let _ = writeln!(
        out,
        "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/><title>{}</title>",
        escape(&s.title)
    );
    if let Some(h) = heat {
        let _ = writeln!(
            out,
            "<text x=\"{MARGIN}\" y=\"16\" font-size=\"12\" fill=\"#333333\">{}</text>",
            escape(&heat_caption(h))
        );
    }
    let mut labels = String::new();
    for e in &l.edges {
        let ((x0, y0), (cx, cy), (x1, y1)) = l.control(e);
        let name = e.effect.marker();
        let choice = &s.nodes[e.from].choices[e.choice];
        if let Some(h) = heat {
            let c = &h.choices[e.from][e.choice];
            let (width, opacity) = if c.enough() {
                (1.2 + 9.0 * h.share_at(e.from, e.choice) as f32 / 100.0, 0.9)
            } else {
                (1.2, 0.45)
            };
            let label = h.label(e.from, e.choice);
            let _ = writeln!(
                out,
                "<path class=\"heat\" data-node=\"{}\" data-choice=\"{}\" data-taken=\"{}\" d=\"M{x0:.1},{y0:.1} Q{cx:.1},{cy:.1} {x1:.1},{y1:.1}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{width:.1}\" stroke-opacity=\"{opacity}\"{} marker-end=\"url(#arrow-{name})\"><title>{}: {}\n{}</title></path>",
                escape(s.nodes[e.from].id.as_str()),
                escape(choice.id.as_str()),
                c.taken,
                e.effect.colour(),
                e.effect.dash_attribute(),
                escape(choice.id.as_str()),
                escape(&choice.text),
                escape(&label)
            );
            if c.taken > 0 {
                // At the control point's side of the curve's middle: arrows between the same
                // boxes fan out by lane, so their counts stand apart.
                let (mx, my) = (cx, 0.25 * y0 + 0.5 * cy + 0.25 * y1 + 4.0);
                let _ = writeln!(
                    labels,
                    "<text x=\"{mx:.1}\" y=\"{my:.1}\" text-anchor=\"middle\" font-size=\"11\" font-weight=\"bold\" fill=\"{}\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">{}</text>",
                    if c.enough() { "#111111" } else { "#777777" },
                    c.taken
                );
            }
            continue;
        }
        let _ = writeln!(
            out,
            "<path d=\"M{x0:.1},{y0:.1} Q{cx:.1},{cy:.1} {x1:.1},{y1:.1}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\"{} marker-end=\"url(#arrow-{name})\"{}><title>{}: {}</title></path>",
            e.effect.colour(),
            if e.best { 4.0 } else { 1.4 },
            e.effect.dash_attribute(),
            if e.best {
                ""
            } else {
                " stroke-opacity=\"0.8\""
            },
            escape(choice.id.as_str()),
            escape(&choice.text)
        );
    }
    for (i, p) in l.places.iter().enumerate() {
        let (label, sub, fill, rx) = if i < l.nodes {
            let node = &s.nodes[i];
            let stage = format!("{:?}", node.stage);
            (
                node.id.as_str().to_owned(),
                stage,
                stage_colour(node.stage),
                6.0,
            )
        } else {
            let ending = &s.endings[i - l.nodes];
            (
                short(&ending.title, 22),
                if is_walk_out(s, i - l.nodes) {
                    format!("{:?} · walk-out", ending.outcome)
                } else {
                    format!("{:?}", ending.outcome)
                },
                outcome_colour(ending.outcome),
                22.0,
            )
        };
        let sub = match heat {
            Some(h) if i < l.nodes => {
                let n = &h.nodes[i];
                let mut t = format!("{} reached", n.reached);
                if n.walked_out > 0 {
                    t.push_str(&format!(" · {} walked out", n.walked_out));
                }
                if n.left > 0 {
                    t.push_str(&format!(" · {} left", n.left));
                }
                t
            }
            Some(h) => format!("{} ended here · {sub}", h.endings[i - l.nodes]),
            None => sub,
        };
        let stroke = if p.island {
            "stroke-dasharray=\"5,4\" stroke=\"#d64541\""
        } else {
            "stroke=\"#333333\""
        };
        // The tooltip: narration in brackets and apart, never in the customer's mouth.
        let tip = if i < l.nodes {
            let node = &s.nodes[i];
            let line = node.lines.first().map(String::as_str).unwrap_or("");
            match &node.scene {
                Some(scene) => format!("[{scene}]\n{}: {line}", s.persona.name),
                None => format!("{}: {line}", s.persona.name),
            }
        } else {
            s.endings[i - l.nodes].text.clone()
        };
        let _ = writeln!(
            out,
            "<g><title>{}</title><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{BOX_W}\" height=\"{BOX_H}\" rx=\"{rx}\" fill=\"{fill}\" {stroke} stroke-width=\"1.2\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\">{}</text><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#444444\">{}</text></g>",
            escape(&tip),
            p.x - BOX_W / 2.0,
            p.y - BOX_H / 2.0,
            p.x,
            p.y - 3.0,
            escape(&short(&label, 24)),
            p.x,
            p.y + 13.0,
            escape(&sub)
        );
    }
    out.push_str(&labels);
    // Key.
    let y = l.height + 20.0;
    let mut x = MARGIN;
    for stage in MotStage::ALL {
        let _ = write!(
            out,
            "<rect x=\"{x}\" y=\"{}\" width=\"14\" height=\"14\" fill=\"{}\" stroke=\"#333333\"/><text x=\"{}\" y=\"{}\" font-size=\"12\">{stage:?}</text>",
            y - 11.0,
            stage_colour(stage),
            x + 18.0,
            y
        );
        x += 100.0;
    }
    let y = y + 24.0;
    let mut x = MARGIN;
    for (name, effect) in Effect::ALL.map(|e| (e.name(), e)) {
        let _ = write!(
            out,
            "<line x1=\"{x}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"2\"{}/><text x=\"{}\" y=\"{y}\" font-size=\"12\">{name}</text>",
            y - 4.0,
            x + 24.0,
            y - 4.0,
            effect.colour(),
            effect.dash_attribute(),
            x + 30.0
        );
        x += 130.0;
    }
    let _ = write!(
        out,
        "<line x1=\"{x}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#333333\" stroke-width=\"4\"/><text x=\"{}\" y=\"{y}\" font-size=\"12\">model answer</text>",
        y - 4.0,
        x + 24.0,
        y - 4.0,
        x + 30.0
    );
    if let Some(h) = heat {
        let mut y = l.height + 60.0 + 20.0;
        let _ = write!(
            out,
            "<text x=\"{MARGIN}\" y=\"{y}\" font-size=\"12\" font-weight=\"bold\">box › choice: attempts · share at the box · median answer time · share of those attempts that passed</text>"
        );
        for (i, k) in table_rows {
            y += 15.0;
            let node = &s.nodes[i];
            let _ = write!(
                out,
                "<text x=\"{MARGIN}\" y=\"{y}\" font-size=\"11\" fill=\"{}\">{} › {}: {}</text>",
                if h.choices[i][k].enough() {
                    "#111111"
                } else {
                    "#777777"
                },
                escape(node.id.as_str()),
                escape(node.choices[k].id.as_str()),
                escape(&h.label(i, k))
            );
        }
    }
    out.push_str("\n</svg>\n");
    out
}

/// The heat picture's caption.
pub fn heat_caption(h: &Heat) -> String {
    let mut t = format!(
        "{} recorded attempts; arrow width: share of the attempts at the box; figures from {} attempts up",
        h.attempts,
        crate::heat::HEAT_MIN
    );
    if h.skipped > 0 {
        t.push_str(&format!(
            "; {} not drawn (their path no longer fits this file)",
            h.skipped
        ));
    }
    t
}

/// The graph in Graphviz DOT.
pub fn dot(s: &Scenario, catalogue: &Catalogue) -> String {
    // Graphviz reads `\n` in a label as a line break; a real newline is written as that.
    let quote = |t: &str| {
        format!(
            "\"{}\"",
            t.replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace('\n', "\\n")
        )
    };
    let mut out = String::new();
    let _ = writeln!(out, "digraph {} {{", quote(&s.id));
    let _ = writeln!(out, "  label={}; labelloc=t; rankdir=TB;", quote(&s.title));
    out.push_str("  node [shape=box, style=\"rounded,filled\", fontname=\"sans-serif\"];\n");
    for node in &s.nodes {
        let _ = writeln!(
            out,
            "  {} [label={}, fillcolor={}{}];",
            quote(node.id.as_str()),
            quote(&format!("{}\n{:?}", node.id, node.stage)),
            quote(stage_colour(node.stage)),
            if node.id == s.start {
                ", penwidth=3"
            } else {
                ""
            }
        );
    }
    for e in &s.endings {
        let _ = writeln!(
            out,
            "  {} [label={}, shape=doubleoctagon, fillcolor={}];",
            quote(&format!("ending:{}", e.id)),
            quote(&format!("{}\n{:?}", e.title, e.outcome)),
            quote(outcome_colour(e.outcome))
        );
    }
    let best = model_answer(s, catalogue);
    for (i, node) in s.nodes.iter().enumerate() {
        for (k, c) in node.choices.iter().enumerate() {
            let to = match &c.next {
                crate::scenario::Next::Node(id) => id.as_str().to_owned(),
                crate::scenario::Next::Ending(id) => format!("ending:{id}"),
            };
            let _ = writeln!(
                out,
                "  {} -> {} [label={}, color={}, style={}{}];",
                quote(node.id.as_str()),
                quote(&to),
                quote(c.id.as_str()),
                quote(Effect::at(node, k).colour()),
                match Effect::at(node, k) {
                    Effect::Best => "solid",
                    Effect::Acceptable => "dashed",
                    Effect::Harmful => "dotted",
                },
                if best.contains(&(i, k)) {
                    ", penwidth=4"
                } else {
                    ""
                }
            );
        }
    }
    let _ = writeln!(
        out,
        "  \"legend\" [shape=note, fillcolor=\"#ffffff\", label={}];",
        quote(&format!(
            "arrows: green solid {}, grey dashed {}, red dotted {}\nthick: the model answer",
            Effect::Best.name(),
            Effect::Acceptable.name(),
            Effect::Harmful.name()
        ))
    );
    out.push_str("}\n");
    out
}
