//! The onboarding course: the library's cards in the order a training lead assigns them,
//! kept as data (`course.ron`) so that a company can order its own.
//!
//! The shipped course is compiled in; a content folder with a `course.ron` at its top
//! replaces it (the highest such folder wins). The library screen shows it with progress
//! ("3 of 10 done"), and `check` reports a step that names nothing.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::catalogue::Localized;
use crate::code;
use crate::diagnostic::{Diagnostic, Issue, Position};
use crate::library::{Library, Sources};
use crate::locate::SourceMap;

/// The file name of a course, at the top of a content folder.
pub const FILE: &str = "course.ron";

const BUILTIN: &str = include_str!("../../../assets/course.ron");

/// An ordered path through the library.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Course {
    /// Shown above the course on the library screen.
    pub title: Localized,
    /// The cards in order.
    pub steps: Vec<Step>,
}

/// One card of the course.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub enum Step {
    /// A quiz, by id.
    Quiz(String),
    /// A scenario, by id.
    Scenario(String),
}

impl Step {
    /// The id it names.
    pub fn id(&self) -> &str {
        match self {
            Step::Quiz(id) | Step::Scenario(id) => id,
        }
    }
}

/// A course as loaded: where it came from and what is wrong with it.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The course in play (the built-in one when a folder's does not parse).
    pub course: Course,
    /// The file it came from, as messages name it (`built-in course.ron` or a path).
    pub file: String,
    /// Problems with it.
    pub diagnostics: Vec<Diagnostic>,
}

impl Course {
    /// The course compiled into the program.
    pub fn builtin() -> Course {
        ron::from_str(BUILTIN).expect("the shipped course parses (checked by the tests)")
    }

    /// The course of the highest content folder that has one, else the built-in one, with
    /// its problems, checked against `lib`.
    pub fn load(sources: &Sources, lib: &Library) -> Loaded {
        let found: Option<PathBuf> = sources
            .roots
            .iter()
            .rev()
            .map(|r| r.join(FILE))
            .find(|p| p.is_file());
        let Some(path) = found else {
            let course = Course::builtin();
            let file = format!("built-in {FILE}");
            let diagnostics = course.check(BUILTIN, &file, lib);
            return Loaded {
                course,
                file,
                diagnostics,
            };
        };
        let file = path.display().to_string();
        match read(&path) {
            Ok((course, text)) => {
                let diagnostics = course.check(&text, &file, lib);
                Loaded {
                    course,
                    file,
                    diagnostics,
                }
            }
            Err(d) => Loaded {
                course: Course::builtin(),
                file,
                diagnostics: vec![d],
            },
        }
    }

    /// A step that names no scenario or quiz of the library is an error.
    pub fn check(&self, text: &str, file: &str, lib: &Library) -> Vec<Diagnostic> {
        let map = SourceMap::new(text);
        let mut out = Vec::new();
        if self.steps.is_empty() {
            out.push(Diagnostic {
                file: file.to_owned(),
                issue: Issue::error(
                    code::UNKNOWN_COURSE_STEP,
                    map.key("steps", Position::START),
                    "the course has no steps",
                    "list the cards in order: steps: [Quiz(\"…\"), Scenario(\"…\")]",
                ),
            });
        }
        for step in &self.steps {
            let known = match step {
                Step::Quiz(id) => lib.quizzes.iter().any(|q| &q.value.id == id),
                Step::Scenario(id) => lib.scenarios.iter().any(|s| &s.value.id == id),
            };
            if !known {
                let what = match step {
                    Step::Quiz(_) => "quiz",
                    Step::Scenario(_) => "scenario",
                };
                out.push(Diagnostic {
                    file: file.to_owned(),
                    issue: Issue::error(
                        code::UNKNOWN_COURSE_STEP,
                        map.string(step.id(), Position::START),
                        format!("the course names {what} `{}`, which the library does not have", step.id()),
                        "use the id of a scenario or quiz `frontline check --list` shows, or remove the step",
                    ),
                });
            }
        }
        out
    }

    /// How many steps are done, of how many.
    pub fn progress(&self, done: impl Fn(&Step) -> bool) -> (usize, usize) {
        (
            self.steps.iter().filter(|s| done(s)).count(),
            self.steps.len(),
        )
    }

    /// The first step not done yet.
    pub fn next(&self, done: impl Fn(&Step) -> bool) -> Option<&Step> {
        self.steps.iter().find(|s| !done(s))
    }
}

/// Reads a course file as any content file is read (a regular file only, bounded), then
/// parses it.
fn read(path: &Path) -> Result<(Course, String), Diagnostic> {
    let file = path.display().to_string();
    let text = crate::content::read_text(path).map_err(|e| e.diagnostic())?;
    let course = crate::load::parse_course(&text, &file).map_err(|e| e.diagnostic())?;
    Ok((course, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_course_parses_and_counts_progress() {
        let c = Course::builtin();
        assert!(c.steps.len() >= 10);
        let (done, total) = c.progress(|s| matches!(s, Step::Quiz(_)));
        assert_eq!((done, total), (2, c.steps.len()));
        assert_eq!(
            c.next(|s| matches!(s, Step::Quiz(_))).map(Step::id),
            Some("service-hall")
        );
    }
}
