//! Problems found in a trainer's file, with where they are and how to fix them.

use std::fmt;

use serde::Serialize;

/// A place in a file: 1-based line and column, counted in characters (as ron does),
/// so a column points at the right character in a line of Chinese text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in characters.
    pub col: usize,
}

impl Position {
    /// The start of a file.
    pub const START: Position = Position { line: 1, col: 1 };

    /// The position of a character offset (in chars) counted from the start of `text`.
    pub fn of_byte_offset(text: &str, byte: usize) -> Position {
        let mut line = 1;
        let mut col = 1;
        for (i, c) in text.char_indices() {
            if i >= byte {
                break;
            }
            if c == '\n' {
                line += 1;
                col = 1;
            } else {
                col += 1;
            }
        }
        Position { line, col }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The file cannot be used as it is.
    Error,
    /// The file works but teaches or plays worse than it should.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    /// How serious it is.
    pub severity: Severity,
    /// Where in the file; `None` when it concerns the whole file.
    pub position: Option<Position>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: String,
    /// Which check raised it: a stable name from [`crate::code`] that tests, scripts and
    /// `check --json` rely on, and by which a teaching warning is silenced.
    pub code: &'static str,
}

impl Issue {
    /// An error.
    pub fn error(
        code: &'static str,
        position: Option<Position>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Issue {
        Issue {
            severity: Severity::Error,
            position,
            message: message.into(),
            hint: hint.into(),
            code,
        }
    }

    /// A warning.
    pub fn warning(
        code: &'static str,
        position: Option<Position>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Issue {
        Issue {
            severity: Severity::Warning,
            position,
            message: message.into(),
            hint: hint.into(),
            code,
        }
    }

    /// Whether a file may silence this issue (a teaching check, not a fault).
    pub fn silenceable(&self) -> bool {
        crate::code::SILENCEABLE.contains(&self.code)
    }
}

/// An issue together with the file it is in, as `check` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The file, as the user named it.
    pub file: String,
    /// The problem.
    #[serde(flatten)]
    pub issue: Issue,
}

impl fmt::Display for Diagnostic {
    /// `path:line:col: error[code]: message` then an indented hint, the format editors and
    /// terminals turn into clickable links.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A file name or a quoted id could hold terminal escapes; show them as text.
        let file = crate::text::visible(&self.file);
        match self.issue.position {
            Some(p) => write!(f, "{file}:{}:{}: ", p.line, p.col)?,
            None => write!(f, "{file}: ")?,
        }
        write!(f, "{}[{}]: ", self.issue.severity, self.issue.code)?;
        f.write_str(&crate::text::visible(&self.issue.message))?;
        if !self.issue.hint.is_empty() {
            write!(f, "\n  hint: {}", crate::text::visible(&self.issue.hint))?;
        }
        Ok(())
    }
}
