//! Playing in the terminal: for trainees without a graphics card and for
//! trainers walking a path quickly.
//!
//! On a real terminal an answer is one key press and text wraps to the window;
//! with piped input (scripts, tests) answers are read line by line.

use std::io::{BufRead, IsTerminal, Write};

use std::time::Instant;

use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use crossterm::terminal;
use frontline_core::quiz::{QuizResult, parse_answer};
use frontline_core::reading::Pace;
use frontline_core::score::{Debrief, score};
use frontline_core::session::Step;
use frontline_core::{Catalogue, Lang, Quiz, Scenario, Session, text};
use time::OffsetDateTime;

/// A conversation played in the terminal, for the caller to record.
pub struct Played {
    /// The session as it stands (finished, or left part-way).
    pub session: Session,
    /// Its score, as printed.
    pub debrief: Debrief,
    /// When the first line was shown.
    pub started: OffsetDateTime,
    /// When each answer was given.
    pub answered: Vec<OffsetDateTime>,
}

/// A quiz taken in the terminal.
pub struct Taken {
    /// The graded answers; `None` when the trainee left before the end.
    pub result: Option<QuizResult>,
    /// When the first statement was shown.
    pub started: OffsetDateTime,
}

/// Longest line of typed input kept; the rest of a longer line is read and dropped, so a
/// runaway pipe cannot fill memory.
pub const MAX_LINE: usize = 4096;

/// Reads one line of at most [`MAX_LINE`] bytes (the rest of a longer line is dropped);
/// `None` at the end of input.
pub fn read_line(input: &mut impl BufRead) -> Option<String> {
    let mut kept: Vec<u8> = Vec::new();
    let mut any = false;
    loop {
        let buf = match input.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => return any.then(|| String::from_utf8_lossy(&kept).trim().to_owned()),
        };
        if buf.is_empty() {
            return any.then(|| String::from_utf8_lossy(&kept).trim().to_owned());
        }
        any = true;
        let (line, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (&buf[..i], Some(i + 1)),
            None => (buf, None),
        };
        let room = MAX_LINE.saturating_sub(kept.len());
        kept.extend_from_slice(&line[..line.len().min(room)]);
        let used = done.unwrap_or(buf.len());
        input.consume(used);
        if done.is_some() {
            return Some(String::from_utf8_lossy(&kept).trim().to_owned());
        }
    }
}

/// A key pressed on a terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// A character key.
    Char(char),
    /// Up arrow.
    Up,
    /// Down arrow.
    Down,
    /// Enter.
    Enter,
    /// Escape or Ctrl-C.
    Quit,
}

/// Where answers come from.
pub struct Input {
    /// Whether answers are single key presses (a terminal) rather than lines.
    pub keys: bool,
    lines: std::io::StdinLock<'static>,
}

/// Raw mode for the duration of one key press, restored even on early return.
struct RawMode;

impl RawMode {
    fn on() -> Option<RawMode> {
        terminal::enable_raw_mode().ok().map(|_| RawMode)
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        let _ = terminal::disable_raw_mode();
    }
}

impl Input {
    /// Keys on a terminal, lines from a pipe.
    pub fn new() -> Input {
        let keys = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
        Input {
            keys,
            lines: std::io::stdin().lock(),
        }
    }

    /// One key press (a terminal only); `None` when the terminal cannot be read.
    pub fn key(&mut self) -> Option<Key> {
        let _raw = RawMode::on()?;
        loop {
            let Ok(Event::Key(k)) = event::read() else {
                continue;
            };
            if k.kind != KeyEventKind::Press {
                continue;
            }
            return Some(match k.code {
                KeyCode::Char('c') if k.modifiers.contains(KeyModifiers::CONTROL) => Key::Quit,
                KeyCode::Esc => Key::Quit,
                KeyCode::Char(c) => Key::Char(c),
                KeyCode::Up => Key::Up,
                KeyCode::Down => Key::Down,
                KeyCode::Enter => Key::Enter,
                _ => continue,
            });
        }
    }

    /// One line of input, bounded; `None` at the end of input.
    pub fn line(&mut self) -> Option<String> {
        read_line(&mut self.lines)
    }

    /// The next answer as typed: one key on a terminal, one line otherwise.
    /// `None` at end of input, Escape or Ctrl-C.
    pub fn answer(&mut self) -> Option<String> {
        if self.keys {
            loop {
                match self.key()? {
                    Key::Quit => return None,
                    Key::Char(c) => return Some(c.to_string()),
                    _ => continue,
                }
            }
        }
        self.line()
    }

    /// Echoes a key-press answer, which raw mode did not show.
    pub fn echo(&self, answer: &str) {
        if self.keys {
            say!("{answer}");
        }
    }
}

/// Wraps text to the terminal (or 100 columns), keeping Chinese line breaks sane.
pub fn wrap(text: &str, indent: &str) -> String {
    // Content is a trainer's file: no terminal escapes from it reach the screen.
    let text = &*frontline_core::text::visible(text);
    let width = terminal::size()
        .map(|(w, _)| w as usize)
        .unwrap_or(100)
        .clamp(40, 120);
    let options = textwrap::Options::new(width)
        .initial_indent(indent)
        .subsequent_indent(indent);
    textwrap::fill(text, options)
}

fn meter(mood: i32) -> String {
    let filled = ((mood + 100) as usize * 20).div_ceil(200).min(20);
    format!(
        "[{}{}] {mood:+}",
        "■".repeat(filled),
        "·".repeat(20 - filled)
    )
}

pub fn prompt(text: &str) {
    put!("{text} > ");
    let _ = std::io::stdout().flush();
}

/// Plays a scenario with stdin/stdout and prints its debrief; `align` fills in the quiz
/// results the trainee already has before the debrief is printed.
pub fn scenario(
    s: &Scenario,
    catalogue: &Catalogue,
    (seed, pace): (u64, Pace),
    coach: bool,
    lang: Lang,
    align: impl Fn(&mut Debrief),
    input: &mut Input,
) -> anyhow::Result<Played> {
    let w = lang.words();
    let mut session = Session::start(s, seed)
        .map_err(anyhow::Error::msg)?
        .with_pace(pace);
    let first_line = OffsetDateTime::now_utc();
    let mut answered = Vec::new();
    say!(
        "━━ {} ━━  ({} {seed})\n{}\n",
        s.title,
        w.seed,
        wrap(session.situation(s), "")
    );
    let name = session.customer_name(s).to_owned();
    loop {
        let turn = match session.step(s).map_err(anyhow::Error::msg)? {
            Step::Ended(_) => break,
            Step::Turn(t) => t,
        };
        say!(
            "── {} · {} {}",
            w.stage(turn.node.stage),
            w.mood,
            meter(turn.mood)
        );
        if let Some(scene) = &turn.scene {
            say!("{}\n", wrap(&format!("~ {scene}"), "  "));
        }
        say!("{}\n", wrap(&format!("{name}{}{}", w.colon, turn.line), ""));
        for c in &turn.choices {
            let numbered = wrap(&format!("{}. {}", c.key, c.choice.text), "     ");
            say!("  {}", numbered.trim_start());
        }
        if let Some(b) = turn.node.time_budget {
            let reading = session.allowance_now(s, pace);
            say!(
                "  ({} {reading:.0}{} + {} {b:.0}{})",
                w.reading,
                w.seconds,
                w.time_left,
                w.seconds
            );
        }
        let started = Instant::now();
        let key = loop {
            prompt(
                &w.choose_prompt
                    .replace("{n}", &turn.choices.len().to_string()),
            );
            let Some(answer) = input.answer() else {
                say!();
                say!("{}", w.quit_hint);
                return finish(s, catalogue, session, lang, first_line, answered, &align);
            };
            if answer.eq_ignore_ascii_case("q") {
                input.echo(&answer);
                say!("{}", w.quit_hint);
                return finish(s, catalogue, session, lang, first_line, answered, &align);
            }
            match answer.parse::<usize>() {
                Ok(k) if (1..=turn.choices.len()).contains(&k) => {
                    input.echo(&answer);
                    break k;
                }
                _ if input.keys => put!("\r"),
                _ => {}
            }
        };
        let elapsed = started.elapsed().as_secs_f32();
        let chosen = turn.choices[key - 1].choice;
        say!(
            "{}\n",
            wrap(&format!("{}{}{}", w.you, w.colon, chosen.text), "")
        );
        if coach && !chosen.feedback.is_empty() {
            say!(
                "{}\n",
                wrap(
                    &format!("💡 {}{}{}", w.coach, w.colon, chosen.feedback),
                    "  "
                )
            );
        }
        session
            .choose_key(s, key, Some(elapsed))
            .map_err(anyhow::Error::msg)?;
        answered.push(OffsetDateTime::now_utc());
    }
    if let Ok(Step::Ended(end)) = session.step(s) {
        say!("{}\n", wrap(&end.ending.text, ""));
    }
    finish(s, catalogue, session, lang, first_line, answered, &align)
}

fn finish(
    s: &Scenario,
    catalogue: &Catalogue,
    session: Session,
    lang: Lang,
    started: OffsetDateTime,
    answered: Vec<OffsetDateTime>,
    align: &impl Fn(&mut Debrief),
) -> anyhow::Result<Played> {
    let mut debrief = score(s, catalogue, &session).map_err(anyhow::Error::msg)?;
    align(&mut debrief);
    put!(
        "{}",
        text::visible(&text::debrief(&debrief, s, catalogue, lang))
    );
    Ok(Played {
        session,
        debrief,
        started,
        answered,
    })
}

/// Plays a quiz with stdin/stdout.
pub fn quiz(q: &Quiz, lang: Lang, input: &mut Input) -> anyhow::Result<Taken> {
    let w = lang.words();
    let started = OffsetDateTime::now_utc();
    let left = Ok(Taken {
        result: None,
        started,
    });
    say!("━━ {} ━━\n{}\n", q.title, wrap(&q.intro, ""));
    let mut answers = Vec::with_capacity(q.items.len());
    for (i, item) in q.items.iter().enumerate() {
        say!(
            "{}",
            wrap(
                &format!("{}/{}. {}", i + 1, q.items.len(), item.statement),
                ""
            )
        );
        let reflection = q.kind == frontline_core::quiz::QuizKind::Reflection;
        let answer = loop {
            prompt(if reflection {
                w.reflection_prompt
            } else {
                w.quiz_prompt
            });
            let Some(a) = input.answer() else {
                say!("\n{}", w.quit_hint);
                return left;
            };
            if a.eq_ignore_ascii_case("q") {
                input.echo(&a);
                say!("{}", w.quit_hint);
                return left;
            }
            if let Some(b) = parse_answer(&a) {
                input.echo(&a);
                break b;
            }
            if input.keys {
                put!("\r");
            }
        };
        if reflection {
            // No verdict: the course's reading, marked as inference, as commentary.
            let view = |b: bool| if b { w.agree } else { w.disagree };
            say!(
                "{}\n",
                wrap(
                    &format!(
                        "{}{}{}{} {}",
                        w.course_reading,
                        w.colon,
                        view(item.answer),
                        if lang == Lang::Zh { "。" } else { "." },
                        item.explanation
                    ),
                    "  "
                )
            );
            answers.push(answer);
            continue;
        }
        let key = if item.answer { w.key_true } else { w.key_false };
        let verdict = if answer == item.answer {
            w.correct
        } else {
            w.wrong
        };
        say!(
            "{}\n",
            wrap(&format!("{verdict} — {key}. {}", item.explanation), "  ")
        );
        answers.push(answer);
    }
    let result = q.grade(&answers).map_err(anyhow::Error::msg)?;
    put!("{}", text::visible(&text::quiz_result(&result, q, lang)));
    Ok(Taken {
        result: Some(result),
        started,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that hands out `len` bytes of `b'7'` then a newline and "2\n", without ever
    /// holding them all.
    struct Endless {
        left: usize,
        tail: &'static [u8],
        buf: [u8; 8192],
    }

    impl std::io::Read for Endless {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            let n = self.fill_buf()?.len().min(out.len());
            out[..n].copy_from_slice(&self.buf[..n]);
            self.consume(n);
            Ok(n)
        }
    }

    impl BufRead for Endless {
        fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
            if self.left > 0 {
                let n = self.left.min(self.buf.len());
                self.buf[..n].fill(b'7');
                Ok(&self.buf[..n])
            } else {
                Ok(self.tail)
            }
        }
        fn consume(&mut self, n: usize) {
            if self.left > 0 {
                self.left -= n;
            } else {
                self.tail = &self.tail[n..];
            }
        }
    }

    #[test]
    fn a_runaway_line_is_cut_to_the_limit_and_the_next_line_still_reads() {
        let mut input = Endless {
            left: 300 << 20,
            tail: b"\n2\n",
            buf: [0; 8192],
        };
        let first = read_line(&mut input).unwrap();
        assert_eq!(first.len(), MAX_LINE);
        assert_eq!(read_line(&mut input).as_deref(), Some("2"));
        assert_eq!(read_line(&mut input), None);
    }
}
