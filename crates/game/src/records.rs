//! The game's hold on the records database: opened at start, written when a conversation or
//! quiz ends (before its result is shown), read for the library's scores and the progress
//! screen. If opening fails (another program holds the new database, the disk is full) or a
//! write fails, the next save opens it again: one bad moment never costs the rest of the
//! session's attempts.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use bevy::prelude::*;

use frontline_records::{Attempt, Filter, QuizAttempt, Store};

/// Whether the attempt on the debrief screen is on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    /// Committed with this row id.
    Recorded(i64),
    /// Not saved; the reason. It stays queued and is written with the next save.
    Failed(String),
    /// A past attempt shown again; nothing new to save.
    Replay {
        /// When it was played (UTC).
        finished: String,
    },
    /// A trainer's preview from a node: not an attempt, never recorded.
    Preview {
        /// Id of the node it started from.
        node: String,
    },
}

/// The open records, or why there are none.
#[derive(Resource, Debug)]
pub struct Records {
    // A connection may move between threads but not be shared; systems take turns.
    store: Option<Mutex<Store>>,
    data_dir: PathBuf,
    /// Why the records cannot be used (shown on the library screen).
    pub problem: Option<String>,
    /// Something the trainee should know about the database (it was moved aside).
    pub notice: Option<String>,
    pending: Vec<Attempt>,
    pending_quizzes: Vec<QuizAttempt>,
}

impl Records {
    /// Opens the records in `data_dir`. A failure is kept as a problem to show: the game
    /// still runs, and the debrief says that nothing was saved.
    pub fn open(data_dir: &Path) -> Records {
        let mut records = Records {
            store: None,
            data_dir: data_dir.to_owned(),
            problem: None,
            notice: None,
            pending: Vec::new(),
            pending_quizzes: Vec::new(),
        };
        records.reopen();
        records
    }

    /// Opens the database if it is not open; keeps why when it cannot be.
    fn reopen(&mut self) {
        if self.store.is_some() {
            return;
        }
        match Store::open(&self.data_dir) {
            Ok(store) => {
                if let Some(n) = store.notice() {
                    self.notice = Some(n.to_owned());
                }
                self.store = Some(Mutex::new(store));
                self.problem = None;
            }
            Err(e) => {
                warn!("records unavailable: {e}");
                self.problem = Some(e.to_string());
            }
        }
    }

    fn store(&self) -> Option<MutexGuard<'_, Store>> {
        self.store
            .as_ref()
            .map(|m| m.lock().unwrap_or_else(|poisoned| poisoned.into_inner()))
    }

    /// Commits a finished conversation (and any that failed before). Returns whether it
    /// is on disk.
    pub fn record(&mut self, attempt: Attempt) -> Saved {
        self.pending.push(attempt);
        self.flush()
    }

    /// Commits a graded quiz (and any queued before).
    pub fn record_quiz(&mut self, attempt: QuizAttempt) -> Saved {
        self.pending_quizzes.push(attempt);
        self.flush()
    }

    /// Tries again to write what is queued (opening the database again if need be); the
    /// result is the last attempt's.
    pub fn flush(&mut self) -> Saved {
        self.reopen();
        let saved = self.write_pending();
        if matches!(saved, Saved::Failed(_)) {
            // A connection that failed a write may stay broken: the next save starts afresh.
            self.store = None;
        }
        saved
    }

    fn write_pending(&mut self) -> Saved {
        let Some(mut store) = self
            .store
            .as_ref()
            .map(|m| m.lock().unwrap_or_else(|poisoned| poisoned.into_inner()))
        else {
            return Saved::Failed(
                self.problem
                    .clone()
                    .unwrap_or_else(|| "the records are not open".into()),
            );
        };
        let mut last = Saved::Failed("nothing to save".into());
        while let Some(a) = self.pending.first() {
            match store.record(a) {
                Ok(id) => {
                    last = Saved::Recorded(id);
                    self.pending.remove(0);
                }
                Err(e) => {
                    warn!("attempt not saved: {e}");
                    return Saved::Failed(e.to_string());
                }
            }
        }
        while let Some(q) = self.pending_quizzes.first() {
            match store.record_quiz(q) {
                Ok(id) => {
                    last = Saved::Recorded(id);
                    self.pending_quizzes.remove(0);
                }
                Err(e) => {
                    warn!("quiz not saved: {e}");
                    return Saved::Failed(e.to_string());
                }
            }
        }
        last
    }

    /// Attempts not yet on disk.
    pub fn queued(&self) -> usize {
        self.pending.len() + self.pending_quizzes.len()
    }

    /// The trainee's conversations, oldest first, including any not yet saved.
    pub fn attempts(&self, profile: &str) -> Vec<Attempt> {
        let filter = Filter {
            profile: Some(profile.to_owned()),
            ..Filter::default()
        };
        let mut out = match self.store() {
            Some(store) => store.attempts(&filter).unwrap_or_else(|e| {
                warn!("records unreadable: {e}");
                Vec::new()
            }),
            None => Vec::new(),
        };
        out.extend(
            self.pending
                .iter()
                .filter(|a| a.profile == profile)
                .cloned(),
        );
        out
    }

    /// What the Team screen needs of every attempt, this computer's and those pulled from
    /// an LRS, oldest first, including any not yet saved.
    pub fn summaries(&self) -> Vec<frontline_records::AttemptSummary> {
        let mut out = match self.store() {
            Some(store) => store.summaries(&Filter::default()).unwrap_or_else(|e| {
                warn!("records unreadable: {e}");
                Vec::new()
            }),
            None => Vec::new(),
        };
        out.extend(
            self.pending
                .iter()
                .map(frontline_records::AttemptSummary::from),
        );
        out
    }

    /// What every recorded attempt (this computer's and pulled ones) did on the scenario.
    pub fn heat(&self, s: &frontline_core::Scenario) -> frontline_core::heat::Heat {
        match self.store() {
            Some(store) => store.heat(s, None).unwrap_or_else(|e| {
                warn!("records unreadable: {e}");
                frontline_core::heat::Heat::new(s)
            }),
            None => frontline_core::heat::Heat::new(s),
        }
    }

    /// The trainee's quizzes, oldest first, including any not yet saved.
    pub fn quiz_attempts(&self, profile: &str) -> Vec<QuizAttempt> {
        let filter = Filter {
            profile: Some(profile.to_owned()),
            ..Filter::default()
        };
        let mut out = match self.store() {
            Some(store) => store.quiz_attempts(&filter).unwrap_or_else(|e| {
                warn!("records unreadable: {e}");
                Vec::new()
            }),
            None => Vec::new(),
        };
        out.extend(
            self.pending_quizzes
                .iter()
                .filter(|a| a.profile == profile)
                .cloned(),
        );
        out
    }
}
