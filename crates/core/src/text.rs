//! Plain-text renderings of debriefs and quiz results, for the terminal.
//!
//! The CLI prints these; the game draws the same [`Debrief`] with egui. Every line
//! that awards or removes points names the catalogue entry and its source.

use std::fmt::Write;

use crate::catalogue::{Catalogue, Group};
use crate::i18n::Lang;
use crate::quiz::{Quiz, QuizResult};
use crate::scenario::{Dimension, MotStage, Scenario};
use crate::score::Debrief;

/// The stage name of a catalogue id such as `mot.diagnose`.
fn stage_name(lang: Lang, id: &str) -> &'static str {
    MotStage::ALL
        .into_iter()
        .find(|s| s.principle_id() == id)
        .map_or("?", |s| lang.words().stage(s))
}

fn signed(v: i32) -> String {
    if v > 0 {
        format!("+{v}")
    } else {
        v.to_string()
    }
}

/// The debrief as text in `lang`.
pub fn debrief(d: &Debrief, scenario: &Scenario, catalogue: &Catalogue, lang: Lang) -> String {
    let w = lang.words();
    let colon = w.colon;
    let semi = w.semicolon;
    let colon_end = colon.trim_end();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "━━ {} — {} ({}, {}, {} {}) ━━",
        w.debrief, scenario.title, d.scenario, d.locale, w.seed, d.seed
    );
    match d
        .ending
        .as_deref()
        .and_then(|id| scenario.endings.iter().find(|e| e.id.as_str() == id))
    {
        Some(e) => {
            let _ = writeln!(out, "{}{colon}{} [{}]", w.outcome, e.title, e.outcome.key());
            if d.walked_out {
                let _ = writeln!(out, "  ({})", w.walked_out);
            }
            let _ = writeln!(out, "  {}", e.text);
            if !e.comment.is_empty() {
                let _ = writeln!(out, "  {}{colon}{}", w.trainer_says, e.comment);
            }
        }
        None => {
            let _ = writeln!(out, "{}{colon}{}", w.outcome, w.abandoned);
        }
    }
    let _ = writeln!(
        out,
        "{}{colon}{}/100 ({}) — {} ({} {})",
        w.overall,
        d.overall,
        d.grade,
        if d.passed { w.passed } else { w.failed },
        w.threshold,
        d.pass_threshold
    );
    let _ = writeln!(
        out,
        "  {}",
        w.base_and_penalty
            .replace("{base}", &d.base.to_string())
            .replace("{penalty}", &d.penalty.to_string())
    );
    let _ = writeln!(out, "\n{}{colon_end}", w.five_s);
    for (i, dim) in d.dimensions.iter().enumerate() {
        let name = w.dimensions[i];
        let score = dim
            .score
            .map(|s| format!("{s:>3}"))
            .unwrap_or_else(|| w.not_rated.to_owned());
        let bar = dim
            .score
            .map(|s| "█".repeat((s as usize).div_ceil(10)))
            .unwrap_or_default();
        let _ = write!(
            out,
            "  {name:<8} {score} {bar:<10}  ({}/{}",
            dim.earned, dim.possible
        );
        if dim.dimension == Dimension::Speed && dim.timing_possible > 0 {
            let _ = write!(
                out,
                "; {} {}/{}",
                w.time_left, dim.timing_earned, dim.timing_possible
            );
        }
        let _ = writeln!(out, ")  [{}]", dim.id);
    }
    let curve: Vec<String> = d.mood.iter().map(|m| signed(*m)).collect();
    let _ = writeln!(out, "\n{}{colon}{}", w.mood, curve.join(" → "));
    let path: Vec<&str> = d.mot_path.iter().map(|id| stage_name(lang, id)).collect();
    let _ = writeln!(out, "{}{colon}{}", w.mot_path, path.join(" → "));

    let _ = writeln!(out, "\n{}{colon_end}", w.your_answers);
    for c in &d.choices {
        let mut pts: Vec<String> = Dimension::ALL
            .iter()
            .enumerate()
            .filter(|(_, dim)| c.points.get(**dim) != 0)
            .map(|(i, dim)| format!("{} {}", w.dimensions[i], signed(c.points.get(*dim))))
            .collect();
        if let (Some(t), Some(b)) = (c.response_time, c.time_budget) {
            let reading = if c.allowance > 0.0 {
                format!(" ({} {:.1}{})", w.reading, c.allowance, w.seconds)
            } else {
                String::new()
            };
            pts.push(format!(
                "{t:.1}{}{reading} / {} {b:.0}{}",
                w.seconds, w.budget, w.seconds
            ));
        }
        let _ = writeln!(
            out,
            "  {}. [{}] {}\n     {} · {} {}{}",
            c.turn,
            lang.words().stage(c.stage),
            c.text,
            if pts.is_empty() {
                "0".to_owned()
            } else {
                pts.join(", ")
            },
            w.mood,
            signed(c.mood_after - c.mood_before),
            if c.best_on_offer {
                format!(" · {}", w.best_on_offer)
            } else {
                String::new()
            }
        );
        if !c.feedback.is_empty() {
            let _ = writeln!(out, "     → {}", c.feedback);
        }
    }

    let cite = |id: &str| -> String {
        match catalogue.get(id) {
            Some(p) => format!(
                "{} ({id}; {}{})",
                p.title.get(lang),
                p.source,
                if p.inferred {
                    format!("; {}", w.inferred)
                } else {
                    String::new()
                }
            ),
            None => id.to_owned(),
        }
    };
    let _ = writeln!(out, "\n{}{colon_end}", w.violations);
    if d.violations.is_empty() {
        let _ = writeln!(out, "  {}", w.none);
    }
    for v in &d.violations {
        let _ = writeln!(
            out,
            "  − {}{colon}{}  −{}",
            w.turn.replace("{n}", &v.turn.to_string()),
            cite(v.id.as_str()),
            v.penalty
        );
    }
    let _ = writeln!(out, "\n{}{colon_end}", w.applied);
    if d.applied.is_empty() {
        let _ = writeln!(out, "  {}", w.none);
    }
    for a in d
        .applied
        .iter()
        .filter(|a| Group::of(a.id.as_str()) != Group::Quiz)
    {
        let _ = writeln!(
            out,
            "  + {}{colon}{}",
            w.turn.replace("{n}", &a.turn.to_string()),
            cite(a.id.as_str())
        );
    }
    if !d.quiz.is_empty() {
        let _ = writeln!(out, "\n{}{colon_end}", w.quiz_alignment);
        for q in &d.quiz {
            let play = match (q.applied.is_empty(), q.violated.is_empty()) {
                (false, true) => w.applied_it,
                (true, false) => w.broke_it,
                _ => w.mixed,
            };
            let knows = match q.knows {
                Some(true) => w.knows_rule,
                Some(false) => w.missed_in_quiz,
                None => w.quiz_not_taken,
            };
            let _ = writeln!(out, "  {} — {play}{semi}{knows}", cite(q.id.as_str()));
        }
    }
    out
}

/// A graded quiz as text in `lang`, with every item's explanation.
pub fn quiz_result(r: &QuizResult, quiz: &Quiz, lang: Lang) -> String {
    let w = lang.words();
    let colon = w.colon;
    let semi = w.semicolon;
    let mut out = String::new();
    let _ = writeln!(out, "━━ {} ━━", quiz.title);
    if r.reflection {
        for (i, (g, item)) in r.items.iter().zip(&quiz.items).enumerate() {
            let view = |b: bool| if b { w.agree } else { w.disagree };
            let _ = writeln!(
                out,
                "{:>2}. {}
    {}{colon}{}
    {}{colon}{} — {}",
                i + 1,
                item.statement,
                w.your_answer,
                view(g.answer),
                w.course_reading,
                view(g.key),
                item.explanation
            );
        }
        let _ = writeln!(out, "\n{}", w.reflection_done);
        if !quiz.key_note.is_empty() {
            let _ = writeln!(out, "{}", quiz.key_note);
        }
        return out;
    }
    for (i, (g, item)) in r.items.iter().zip(&quiz.items).enumerate() {
        let yn = |b: bool| if b { w.key_true } else { w.key_false };
        let _ = writeln!(
            out,
            "{:>2}. {} {}\n    {} — {}{colon}{}{semi}{}{colon}{} ({})\n    {}",
            i + 1,
            if g.correct { "✓" } else { "✗" },
            item.statement,
            if g.correct { w.correct } else { w.wrong },
            w.key_label,
            yn(g.key),
            w.your_answer,
            yn(g.answer),
            item.id,
            item.explanation
        );
    }
    let _ = writeln!(
        out,
        "\n{}{colon}{}/{} — {}",
        w.score,
        r.correct,
        r.total,
        if r.passed { w.passed } else { w.failed }
    );
    if r.key_inferred {
        let _ = writeln!(out, "{}", w.key_inferred_note);
        if !quiz.key_note.is_empty() {
            let _ = writeln!(out, "{}", quiz.key_note);
        }
    }
    out
}

/// The conversation as it was played: the situation, each customer line, the
/// choices in the order shown and the one taken. Replays and golden tests use it.
pub fn transcript(
    scenario: &Scenario,
    session: &crate::session::Session,
    lang: Lang,
) -> Result<String, crate::session::SessionError> {
    if !session.fits(scenario) {
        return Err(crate::session::SessionError::ScenarioChanged);
    }
    let w = lang.words();
    let colon = w.colon;
    let mut out = String::new();
    let name = session.customer_name(scenario);
    let _ = writeln!(
        out,
        "{} ({}, {} {})",
        scenario.title,
        scenario.locale,
        w.seed,
        session.seed()
    );
    let _ = writeln!(out, "{}", session.situation(scenario));
    for (i, turn) in session.turns().iter().enumerate() {
        let node = &scenario.nodes[turn.node];
        let line = session.customer_line(scenario, turn.node, turn.line);
        let _ = writeln!(
            out,
            "\n[{}] {} ({}, {} {:+})",
            i + 1,
            node.id,
            lang.words().stage(node.stage),
            w.mood,
            turn.mood_before
        );
        if let Some(scene) = session.scene(scenario, turn.node) {
            let _ = writeln!(out, "~ {scene}");
        }
        let _ = writeln!(out, "{name}{colon}{line}");
        for (key, &k) in turn.shown().iter().enumerate() {
            let marker = if k as usize == turn.choice {
                "▶"
            } else {
                " "
            };
            let _ = writeln!(
                out,
                " {marker} {}. {} ({})",
                key + 1,
                node.choices[k as usize].text,
                node.choices[k as usize].id
            );
        }
    }
    if let Some(f) = session.finish() {
        let e = &scenario.endings[f.ending];
        let _ = writeln!(
            out,
            "\n→ {} [{}]{}",
            e.title,
            e.id,
            if f.walked_out {
                format!(" — {}", w.walked_out)
            } else {
                String::new()
            }
        );
    }
    Ok(out)
}

/// Whether a character is invisible formatting that can disguise text: zero-width
/// characters and the bidirectional overrides and isolates (which can reorder what a
/// terminal or a diagram shows).
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{200b}'..='\u{200f}' // zero-width space, joiners, direction marks
        | '\u{202a}'..='\u{202e}' // embeddings and overrides
        | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
        | '\u{2066}'..='\u{2069}' // isolates
        | '\u{feff}' // zero-width no-break space
        | '\u{00ad}' // soft hyphen
    )
}

/// Text as it may go to a terminal or a table: control characters (but line breaks and
/// tabs) and invisible formatting are shown as `\u{…}` escapes, so that a name or a file
/// cannot move the cursor, recolour the terminal or reorder what is printed.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| (c.is_control() && c != '\n' && c != '\t') || is_invisible(c);
    if !text.chars().any(bad) {
        return text.into();
    }
    text.chars()
        .map(|c| {
            if bad(c) {
                format!("\\u{{{:x}}}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

#[cfg(test)]
mod visible_tests {
    use super::*;

    #[test]
    fn escapes_show_up_as_text() {
        assert_eq!(visible("plain\ttext\n"), "plain\ttext\n");
        assert_eq!(visible("a\u{1b}[31mred"), "a\\u{1b}[31mred");
        assert_eq!(visible("abc\u{202e}fed"), "abc\\u{202e}fed");
    }
}
