//! True/false quizzes and their grading.
//!
//! The angry-customer quiz (002) has a key stated by the source; the "who is the
//! customer" self-check (004) has none, so its key is the course's inference and
//! every result from it says so.

use serde::{Deserialize, Serialize};

use crate::ids::PrincipleId;

/// A quiz file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quiz {
    /// Stable id, equal to the file name without `.quiz.ron`.
    pub id: String,
    /// Language of the text: `en`, `zh` or `ko`.
    pub locale: String,
    /// Title on the library card.
    pub title: String,
    /// One or two sentences under the title.
    pub summary: String,
    /// Shown before the first statement.
    #[serde(default)]
    pub intro: String,
    /// Where the statements and key come from, as `file, section`.
    pub source: String,
    /// Whether the source states the key or the course inferred it.
    pub key: KeyStatus,
    /// Why the key is inferred, when it is.
    #[serde(default)]
    pub key_note: String,
    /// Graded against a key with a pass mark, or an unscored reflection.
    #[serde(default)]
    pub kind: QuizKind,
    /// Correct answers needed to pass.
    #[serde(default)]
    pub pass_threshold: u32,
    /// The statements.
    pub items: Vec<QuizItem>,
    /// Teaching warnings silenced on purpose, each with its reason.
    #[serde(default)]
    pub silence: Vec<crate::scenario::Silence>,
    /// SHA-256 of the file's text (hex), set when the file is checked.
    #[serde(skip)]
    pub content_hash: String,
}

/// Whether a quiz is marked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum QuizKind {
    /// Each answer is right or wrong by the key, and `pass_threshold` right answers pass.
    #[default]
    Graded,
    /// A self-check with no key to mark against: the trainee says whether they agree, and
    /// sees the course's reading (`answer`, an inference) as commentary. No score, no pass
    /// mark, nothing called wrong.
    Reflection,
}

/// Where a quiz's answer key comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum KeyStatus {
    /// The source gives the key.
    Stated,
    /// The source gives no key; this one is the course's reading.
    Inferred,
}

/// One true/false statement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuizItem {
    /// Catalogue id of the item (`quiz.angry.q01`).
    pub id: PrincipleId,
    /// The statement the trainee judges.
    pub statement: String,
    /// The key: `true` when the statement is right as stated.
    pub answer: bool,
    /// Why, shown after answering.
    pub explanation: String,
    /// Other catalogue entries the item illustrates.
    #[serde(default)]
    pub related: Vec<PrincipleId>,
}

/// One graded answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradedItem {
    /// Catalogue id of the item.
    pub id: PrincipleId,
    /// What the trainee answered.
    pub answer: bool,
    /// The key.
    pub key: bool,
    /// Whether the answer matches the key.
    pub correct: bool,
}

/// The result of a whole quiz.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuizResult {
    /// Quiz id.
    pub quiz: String,
    /// Correct answers.
    pub correct: u32,
    /// Items in the quiz.
    pub total: u32,
    /// Whether `correct` reaches the quiz's threshold.
    pub passed: bool,
    /// Whether the key is the course's inference.
    pub key_inferred: bool,
    /// An unscored reflection: `correct` is 0 and `passed` means "done".
    #[serde(default)]
    pub reflection: bool,
    /// Per-item results, in quiz order.
    pub items: Vec<GradedItem>,
}

/// Why answers could not be graded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GradeError {
    /// Not one answer per item.
    #[error("the quiz has {expected} statements but {given} answers were given")]
    WrongCount {
        /// Items in the quiz.
        expected: usize,
        /// Answers given.
        given: usize,
    },
    /// An answer that is neither true nor false.
    #[error("answer {index} is `{text}`; write T or F (also accepted: true/false, 对/错, 1/0)")]
    BadAnswer {
        /// 1-based position.
        index: usize,
        /// What was written.
        text: String,
    },
}

/// Reads one answer as typed by a person: `T`, `F`, `true`, `false`, `对`, `错`, `1`, `0`,
/// and the Korean interface's own words `맞음`, `틀림` (O and X, as Korean quizzes mark them,
/// are `o` and `x`).
pub fn parse_answer(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "t" | "true" | "y" | "yes" | "1" | "对" | "對" | "o" | "○" | "맞음" => Some(true),
        "f" | "false" | "n" | "no" | "0" | "错" | "錯" | "x" | "×" | "틀림" => Some(false),
        _ => None,
    }
}

/// Reads a comma-separated answer list (`T,F,T`).
pub fn parse_answers(list: &str) -> Result<Vec<bool>, GradeError> {
    list.split(',')
        .enumerate()
        .map(|(i, a)| {
            parse_answer(a).ok_or_else(|| GradeError::BadAnswer {
                index: i + 1,
                text: a.trim().to_owned(),
            })
        })
        .collect()
}

impl Quiz {
    /// Grades one answer per item, in order.
    pub fn grade(&self, answers: &[bool]) -> Result<QuizResult, GradeError> {
        if answers.len() != self.items.len() {
            return Err(GradeError::WrongCount {
                expected: self.items.len(),
                given: answers.len(),
            });
        }
        let items: Vec<GradedItem> = self
            .items
            .iter()
            .zip(answers)
            .map(|(item, &answer)| GradedItem {
                id: item.id.clone(),
                answer,
                key: item.answer,
                correct: answer == item.answer,
            })
            .collect();
        let reflection = self.kind == QuizKind::Reflection;
        let correct = if reflection {
            0
        } else {
            items.iter().filter(|i| i.correct).count() as u32
        };
        Ok(QuizResult {
            quiz: self.id.clone(),
            correct,
            total: items.len() as u32,
            passed: reflection || correct >= self.pass_threshold,
            key_inferred: self.key == KeyStatus::Inferred,
            reflection,
            items,
        })
    }

    /// The item with this catalogue id.
    pub fn item(&self, id: &str) -> Option<&QuizItem> {
        self.items.iter().find(|i| i.id.as_str() == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quiz() -> Quiz {
        Quiz {
            id: "t".into(),
            locale: "en".into(),
            title: "t".into(),
            summary: String::new(),
            intro: String::new(),
            source: "x".into(),
            key: KeyStatus::Stated,
            key_note: String::new(),
            kind: QuizKind::Graded,
            pass_threshold: 2,
            content_hash: String::new(),
            silence: Vec::new(),
            items: vec![
                QuizItem {
                    id: "quiz.angry.q01".into(),
                    statement: "a".into(),
                    answer: false,
                    explanation: "e".into(),
                    related: vec![],
                },
                QuizItem {
                    id: "quiz.angry.q02".into(),
                    statement: "b".into(),
                    answer: true,
                    explanation: "e".into(),
                    related: vec![],
                },
            ],
        }
    }

    #[test]
    fn grades_against_the_key() {
        let r = quiz().grade(&[false, true]).unwrap();
        assert_eq!((r.correct, r.total, r.passed), (2, 2, true));
        let r = quiz().grade(&[true, true]).unwrap();
        assert_eq!((r.correct, r.passed), (1, false));
        assert!(!r.items[0].correct && r.items[1].correct);
    }

    #[test]
    fn refuses_wrong_answer_counts() {
        assert_eq!(
            quiz().grade(&[true]),
            Err(GradeError::WrongCount {
                expected: 2,
                given: 1
            })
        );
    }

    #[test]
    fn reads_answers_as_people_type_them() {
        assert_eq!(
            parse_answers("T, f,对,錯,1").unwrap(),
            vec![true, false, true, false, true]
        );
        assert!(matches!(
            parse_answers("T,maybe"),
            Err(GradeError::BadAnswer { index: 2, .. })
        ));
    }
}
