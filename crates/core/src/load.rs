//! Reading trainer files: size and encoding checks, RON parsing with positions.
//!
//! A trainer's file is untrusted input. Everything here returns a [`LoadError`] that
//! names the file, line and column and says what to fix; nothing panics, and the
//! time and memory spent are bounded by [`MAX_FILE_BYTES`] and the nesting limit.

use std::fmt;
use std::path::Path;

use ron::error::SpannedError;
use ron::extensions::Extensions;
use serde::de::DeserializeOwned;

use crate::catalogue::CatalogueFile;
use crate::code;
use crate::diagnostic::{Diagnostic, Issue, Position};
use crate::quiz::Quiz;
use crate::scenario::Scenario;

pub use crate::limits::{MAX_FILE_BYTES, MAX_NESTING};

/// The kinds of file Frontline reads, told apart by their double extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FileKind {
    /// `.scenario.ron`
    Scenario,
    /// `.quiz.ron`
    Quiz,
    /// `.catalogue.ron`
    Catalogue,
}

impl FileKind {
    /// The kind of a path, from its name.
    pub fn of(path: &Path) -> Option<FileKind> {
        let name = path.file_name()?.to_str()?;
        [FileKind::Scenario, FileKind::Quiz, FileKind::Catalogue]
            .into_iter()
            .find(|k| name.ends_with(k.extension()) && name.len() > k.extension().len())
    }

    /// The double extension, with its leading dot.
    pub fn extension(self) -> &'static str {
        match self {
            FileKind::Scenario => ".scenario.ron",
            FileKind::Quiz => ".quiz.ron",
            FileKind::Catalogue => ".catalogue.ron",
        }
    }

    /// The id a file of this kind should carry: its name without the extension.
    pub fn id_of(self, path: &Path) -> Option<String> {
        let name = path.file_name()?.to_str()?;
        name.strip_suffix(self.extension()).map(str::to_owned)
    }
}

/// A file that could not be read or parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct LoadError {
    /// The file, as the caller named it.
    pub file: String,
    /// The problem, always of error severity.
    pub issue: Issue,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.diagnostic().fmt(f)
    }
}

impl LoadError {
    /// The same problem as `check` prints it.
    pub fn diagnostic(&self) -> Diagnostic {
        Diagnostic {
            file: self.file.clone(),
            issue: self.issue.clone(),
        }
    }

    /// A problem with a whole file (or at one position in it), with a fix hint.
    pub fn new(
        code: &'static str,
        file: &str,
        position: Option<Position>,
        message: String,
        hint: &str,
    ) -> LoadError {
        LoadError {
            file: file.to_owned(),
            issue: Issue::error(code, position, message, hint),
        }
    }
}

/// SHA-256 of a file's text, in lowercase hex: the content hash records keep.
pub fn content_hash(text: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Reads a file as text, refusing files that are too large or not UTF-8.
pub fn read_text(path: &Path) -> Result<String, LoadError> {
    let file = path.display().to_string();
    let io_error = |e: std::io::Error| {
        LoadError::new(
            code::UNREADABLE_FILE,
            &file,
            None,
            format!("cannot read the file: {e}"),
            "check the path and the file's permissions",
        )
    };
    let meta = std::fs::metadata(path).map_err(io_error)?;
    check_size(meta.len(), &file)?;
    let bytes = std::fs::read(path).map_err(io_error)?;
    text_from_bytes(bytes, &file)
}

/// Refuses a file of `len` bytes if it is over [`MAX_FILE_BYTES`].
pub fn check_size(len: u64, file: &str) -> Result<(), LoadError> {
    if len <= MAX_FILE_BYTES {
        return Ok(());
    }
    Err(LoadError::new(
        code::FILE_TOO_LARGE,
        file,
        None,
        format!(
            "the file is {:.1} MB; files are limited to {} MB",
            len as f64 / 1_048_576.0,
            MAX_FILE_BYTES / 1_048_576
        ),
        "split the content into several scenarios, or check that this is the right file",
    ))
}

/// Decodes UTF-8, pointing at the first bad byte, and drops a leading byte-order mark.
pub fn text_from_bytes(bytes: Vec<u8>, file: &str) -> Result<String, LoadError> {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            Ok(text)
        }
        Err(e) => {
            let good = e.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(&e.as_bytes()[..good]).into_owned();
            let position = Position::of_byte_offset(&prefix, good);
            Err(LoadError::new(
                code::NOT_UTF8,
                file,
                Some(position),
                "the file is not valid UTF-8 text".to_owned(),
                "save the file as UTF-8 (most editors offer it under 'Save with encoding')",
            ))
        }
    }
}

fn options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .with_recursion_limit(MAX_NESTING)
}

fn parse<T: DeserializeOwned>(text: &str, file: &str) -> Result<T, LoadError> {
    if text.trim().is_empty() {
        return Err(LoadError::new(
            code::EMPTY_FILE,
            file,
            Some(Position::START),
            "the file is empty".to_owned(),
            "start from the annotated example in docs/authoring.md",
        ));
    }
    options()
        .from_str(text)
        .map_err(|e| syntax_error(e, text, file))
}

fn syntax_error(e: SpannedError, text: &str, file: &str) -> LoadError {
    use ron::Error as E;
    let mut position = Position {
        line: e.span.start.line.max(1),
        col: e.span.start.col.max(1),
    };
    let hint = match &e.code {
        E::Eof => {
            // ron reports end of file at the last character; point there.
            let lines = text.lines().count().max(1);
            let last = text.lines().last().unwrap_or("");
            position = Position {
                line: lines,
                col: last.chars().count() + 1,
            };
            "the file ends too early: a closing `)`, `]` or `\"` is missing, or the file was saved half-written"
        }
        E::ExpectedStructLikeEnd | E::ExpectedArrayEnd | E::ExpectedMapEnd => {
            "a comma or a closing bracket is missing before this point"
        }
        E::ExpectedComma => "add a comma between the two items",
        E::ExpectedString | E::ExpectedStringEnd => "text must be in double quotes: \"like this\"",
        E::NoSuchStructField { .. } => {
            "check the spelling of the field name; the message lists the fields allowed here"
        }
        E::MissingStructField { .. } => {
            "add the missing field; docs/authoring.md lists every field"
        }
        E::DuplicateStructField { .. } => "remove one of the two fields with the same name",
        E::NoSuchEnumVariant { .. } => "check the spelling; the message lists the allowed values",
        E::ExceededRecursionLimit => {
            "the file nests too deeply; real scenarios nest about eight levels"
        }
        E::TrailingCharacters => {
            "there is text after the end of the file's main value; remove it or check the brackets"
        }
        E::InvalidEscape(_) => "inside quotes, write a backslash as \\\\ and a quote as \\\"",
        E::ExpectedInteger | E::ExpectedFloat => "a number is expected here",
        E::ExpectedBoolean => "write true or false",
        E::ExpectedOption => "write the value, or leave the field out",
        _ => "compare this part with the annotated example in docs/authoring.md",
    };
    LoadError::new(code::SYNTAX, file, Some(position), e.code.to_string(), hint)
}

/// Parses a scenario. Content problems are left to [`crate::validate`].
pub fn parse_scenario(text: &str, file: &str) -> Result<Scenario, LoadError> {
    parse(text, file)
}

/// Parses a quiz.
pub fn parse_quiz(text: &str, file: &str) -> Result<Quiz, LoadError> {
    parse(text, file)
}

/// Parses a catalogue file.
pub fn parse_catalogue(text: &str, file: &str) -> Result<CatalogueFile, LoadError> {
    parse(text, file)
}

/// Parses an onboarding course, with positions and hints on error.
pub fn parse_course(text: &str, file: &str) -> Result<crate::course::Course, LoadError> {
    parse(text, file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_come_from_double_extensions() {
        assert_eq!(
            FileKind::of(Path::new("a/x.scenario.ron")),
            Some(FileKind::Scenario)
        );
        assert_eq!(FileKind::of(Path::new("x.quiz.ron")), Some(FileKind::Quiz));
        assert_eq!(
            FileKind::of(Path::new("five_s.catalogue.ron")),
            Some(FileKind::Catalogue)
        );
        assert_eq!(FileKind::of(Path::new("x.ron")), None);
        assert_eq!(FileKind::of(Path::new(".scenario.ron")), None);
        assert_eq!(
            FileKind::Scenario
                .id_of(Path::new("s/en/a-b.scenario.ron"))
                .as_deref(),
            Some("a-b")
        );
    }

    #[test]
    fn bad_utf8_is_positioned() {
        let err = text_from_bytes(b"ab\ncd\xffe".to_vec(), "f").unwrap_err();
        assert_eq!(err.issue.position, Some(Position { line: 2, col: 3 }));
    }

    #[test]
    fn syntax_errors_carry_line_and_column() {
        let err = parse_quiz("Quiz(\n  id: \"x\",\n  locale: en,\n)", "q.quiz.ron").unwrap_err();
        assert_eq!(err.issue.position.map(|p| p.line), Some(3));
        assert!(err.to_string().starts_with("q.quiz.ron:3:"), "{err}");
    }

    #[test]
    fn truncated_files_point_at_the_end() {
        let err = parse_quiz("Quiz(\n  id: \"x\",\n", "q").unwrap_err();
        assert!(err.issue.hint.contains("ends too early"), "{err}");
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let text = format!(
            "Quiz(id: {}\"x\"{})",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        assert!(parse_quiz(&text, "q").is_err());
    }
}
