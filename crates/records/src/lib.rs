//! The trainee's records: every finished attempt and quiz, kept in one SQLite database in
//! the data folder, and what is built from them (progress, comparisons, reports, xAPI).
//!
//! An attempt is committed in one transaction before its debrief is shown, with
//! `synchronous = FULL` in WAL mode, so neither a killed process nor a power cut loses a
//! debrief the trainee has seen. A database this version cannot use — written by a newer
//! version, or damaged — is moved aside under a name that says why, never overwritten.

pub mod compare;
pub mod files;
pub mod lrs;
pub mod profiles;
pub mod progress;
pub mod report;
pub mod xapi;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, ErrorCode, OptionalExtension, params};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use frontline_core::quiz::{Quiz, QuizResult};
use frontline_core::scenario::Scenario;
use frontline_core::score::Debrief;
use frontline_core::session::Session;

/// File name of the database inside the data folder.
pub const FILE_NAME: &str = "records.sqlite3";

/// Version of this program, stored with every attempt.
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Schema steps, in order; `PRAGMA user_version` counts how many were applied. Never
/// edit a released step: add a new one.
const MIGRATIONS: &[&str] = &[
    // 1: attempts, their choices, quiz attempts, and what was sent to which LRS.
    "CREATE TABLE attempt (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,
        profile TEXT NOT NULL,
        scenario TEXT NOT NULL,
        title TEXT NOT NULL,
        locale TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        seed INTEGER NOT NULL,
        coach INTEGER NOT NULL,
        started TEXT NOT NULL,
        finished TEXT NOT NULL,
        app_version TEXT NOT NULL,
        overall INTEGER NOT NULL,
        passed INTEGER NOT NULL,
        outcome TEXT,
        smile INTEGER, speed INTEGER, standard INTEGER, sincere INTEGER, satisfy INTEGER,
        debrief TEXT NOT NULL
    );
    CREATE INDEX attempt_by_profile ON attempt (profile, finished);
    CREATE TABLE choice (
        attempt INTEGER NOT NULL REFERENCES attempt (id) ON DELETE CASCADE,
        turn INTEGER NOT NULL,
        node TEXT NOT NULL,
        choice TEXT NOT NULL,
        response_time REAL,
        answered TEXT NOT NULL,
        PRIMARY KEY (attempt, turn)
    );
    CREATE TABLE quiz_attempt (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,
        profile TEXT NOT NULL,
        quiz TEXT NOT NULL,
        title TEXT NOT NULL,
        locale TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        started TEXT NOT NULL,
        finished TEXT NOT NULL,
        app_version TEXT NOT NULL,
        correct INTEGER NOT NULL,
        total INTEGER NOT NULL,
        passed INTEGER NOT NULL,
        result TEXT NOT NULL
    );
    CREATE INDEX quiz_attempt_by_profile ON quiz_attempt (profile, finished);
    CREATE TABLE sent (
        statement TEXT NOT NULL,
        endpoint TEXT NOT NULL,
        sent TEXT NOT NULL,
        PRIMARY KEY (statement, endpoint)
    );",
];

/// Why the records could not be opened or written.
#[derive(Debug, thiserror::Error)]
pub enum RecordsError {
    /// SQLite refused an operation.
    #[error("records database {path}: {source}")]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// The data folder could not be created or a file could not be moved.
    #[error("{what} {path}: {source}")]
    Io {
        /// What was being done.
        what: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// A command that only reads found no records.
    #[error("there are no records in {}: nothing has been saved there yet (check --data-dir)", .path.display())]
    Missing {
        /// The database file looked for.
        path: PathBuf,
    },
    /// The database is damaged; a command that writes moves it aside.
    #[error("the records database {} is damaged; start the game or `frontline play` once to set it aside and begin a new one (nothing is deleted)", .path.display())]
    Damaged {
        /// The database file.
        path: PathBuf,
    },
    /// The database was written by a newer Frontline.
    #[error("the records database {} was written by a newer version of Frontline (schema {version}; this one knows up to {known}); open it with that version", .path.display())]
    Newer {
        /// The database file.
        path: PathBuf,
        /// Its schema version.
        version: i64,
        /// The newest this program knows.
        known: i64,
    },
    /// The database has not yet been brought up to this version's schema.
    #[error("the records database {} is from an older version (schema {version}); start the game or `frontline play` once to update it", .path.display())]
    Older {
        /// The database file.
        path: PathBuf,
        /// Its schema version.
        version: i64,
    },
    /// A stored debrief or result could not be read back.
    #[error("records database {path}: attempt {id} cannot be read back ({message})")]
    Stored {
        /// The database file.
        path: PathBuf,
        /// Row id of the attempt.
        id: i64,
        /// What is wrong with it.
        message: String,
    },
}

/// One answer as recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedChoice {
    /// Node id.
    pub node: String,
    /// Choice id.
    pub choice: String,
    /// Seconds the trainee took, when measured.
    pub response_time: Option<f32>,
    /// When the answer was given.
    pub answered: OffsetDateTime,
}

/// A finished conversation, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Attempt {
    /// Row id (0 until stored).
    pub id: i64,
    /// Stable id; xAPI statement ids derive from it.
    pub uuid: Uuid,
    /// Trainee name.
    pub profile: String,
    /// Scenario id.
    pub scenario: String,
    /// Scenario title when played.
    pub title: String,
    /// Scenario locale.
    pub locale: String,
    /// SHA-256 of the scenario file's text when played.
    pub content_hash: String,
    /// Seed of the attempt.
    pub seed: u64,
    /// Whether coach mode was on.
    pub coach: bool,
    /// When the first line was shown.
    pub started: OffsetDateTime,
    /// When the conversation ended.
    pub finished: OffsetDateTime,
    /// Version of the program that recorded it.
    pub app_version: String,
    /// Every answer in order.
    pub choices: Vec<RecordedChoice>,
    /// The debrief as shown.
    pub debrief: Debrief,
}

impl Attempt {
    /// Builds the record of a finished session. `answered` holds the time of each answer;
    /// missing ones are estimated from the start and the response times.
    pub fn new(
        profile: &str,
        scenario: &Scenario,
        session: &Session,
        debrief: Debrief,
        started: OffsetDateTime,
        answered: &[OffsetDateTime],
        coach: bool,
    ) -> Attempt {
        let mut clock = started;
        let choices: Vec<RecordedChoice> = session
            .turns()
            .iter()
            .enumerate()
            .map(|(i, t)| {
                clock += time::Duration::seconds_f32(t.response_time.unwrap_or(0.0));
                let at = answered.get(i).copied().unwrap_or(clock);
                clock = at;
                let node = &scenario.nodes[t.node];
                RecordedChoice {
                    node: node.id.to_string(),
                    choice: node.choices[t.choice].id.to_string(),
                    response_time: t.response_time,
                    answered: at,
                }
            })
            .collect();
        Attempt {
            id: 0,
            uuid: Uuid::new_v4(),
            profile: profile.to_owned(),
            scenario: scenario.id.clone(),
            title: scenario.title.clone(),
            locale: scenario.locale.clone(),
            content_hash: scenario.content_hash.clone(),
            seed: session.seed(),
            coach,
            started,
            finished: clock.max(started),
            app_version: APP_VERSION.to_owned(),
            choices,
            debrief,
        }
    }

    /// Plays the recorded answers again on `scenario` from the recorded seed. Refuses
    /// when the scenario file is not the one played (its hash differs), because the lines
    /// and choices shown could then differ from what the trainee saw.
    pub fn replay(&self, scenario: &Scenario) -> Result<Session, ReplayError> {
        if scenario.id != self.scenario || scenario.locale != self.locale {
            return Err(ReplayError::OtherScenario);
        }
        if scenario.content_hash != self.content_hash {
            return Err(ReplayError::Changed);
        }
        let mut session =
            Session::start(scenario, self.seed).map_err(|e| ReplayError::Failed(e.to_string()))?;
        for (i, c) in self.choices.iter().enumerate() {
            session
                .choose(scenario, &c.choice.as_str().into(), c.response_time)
                .map_err(|e| ReplayError::Failed(format!("answer {}: {e}", i + 1)))?;
        }
        Ok(session)
    }
}

/// Why a past attempt cannot be replayed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplayError {
    /// The scenario file was edited after the attempt.
    #[error(
        "the scenario file has changed since this attempt, so a replay would not show what was played; its debrief is kept as recorded"
    )]
    Changed,
    /// Another scenario (or locale) was given.
    #[error("this attempt was played on another scenario")]
    OtherScenario,
    /// The recorded answers do not fit (should not happen when the hash matches).
    #[error("the recorded answers cannot be replayed: {0}")]
    Failed(String),
}

/// A finished quiz, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct QuizAttempt {
    /// Row id (0 until stored).
    pub id: i64,
    /// Stable id; xAPI statement ids derive from it.
    pub uuid: Uuid,
    /// Trainee name.
    pub profile: String,
    /// Quiz id.
    pub quiz: String,
    /// Quiz title when taken.
    pub title: String,
    /// Quiz locale.
    pub locale: String,
    /// SHA-256 of the quiz file's text when taken.
    pub content_hash: String,
    /// When the first statement was shown.
    pub started: OffsetDateTime,
    /// When the last answer was given.
    pub finished: OffsetDateTime,
    /// Version of the program that recorded it.
    pub app_version: String,
    /// The graded answers.
    pub result: QuizResult,
}

impl QuizAttempt {
    /// Builds the record of a graded quiz.
    pub fn new(
        profile: &str,
        quiz: &Quiz,
        result: QuizResult,
        started: OffsetDateTime,
        finished: OffsetDateTime,
    ) -> QuizAttempt {
        QuizAttempt {
            id: 0,
            uuid: Uuid::new_v4(),
            profile: profile.to_owned(),
            quiz: quiz.id.clone(),
            title: quiz.title.clone(),
            locale: quiz.locale.clone(),
            content_hash: quiz.content_hash.clone(),
            started,
            finished: finished.max(started),
            app_version: APP_VERSION.to_owned(),
            result,
        }
    }
}

/// Which records to read.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only this trainee.
    pub profile: Option<String>,
    /// Only attempts finished at or after this moment.
    pub since: Option<OffsetDateTime>,
    /// Only this scenario (or quiz) id.
    pub content: Option<String>,
}

/// The open records database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
    notice: Option<String>,
}

/// Why an existing database was not used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unusable {
    Newer(i64),
    Damaged,
}

impl Store {
    /// Opens (or creates) the records in `data_dir`. A database from a newer version or
    /// a damaged one is moved aside and a new one started; [`Store::notice`] then says so.
    pub fn open(data_dir: &Path) -> Result<Store, RecordsError> {
        std::fs::create_dir_all(data_dir).map_err(|source| RecordsError::Io {
            what: "cannot create the data folder",
            path: data_dir.to_owned(),
            source,
        })?;
        Store::open_file(&data_dir.join(FILE_NAME))
    }

    /// Opens the records in `data_dir` for reading only: nothing is created, migrated or
    /// moved, so a read-only folder works and a damaged or newer database is reported (every
    /// time, until it is dealt with) rather than set aside.
    pub fn open_read_only(data_dir: &Path) -> Result<Store, RecordsError> {
        use rusqlite::OpenFlags;
        let path = data_dir.join(FILE_NAME);
        let sql = |source| RecordsError::Sqlite {
            path: path.clone(),
            source,
        };
        if !path.is_file() {
            return Err(RecordsError::Missing { path });
        }
        let conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(sql)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(sql)?;
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|e| match Attempted::from_sqlite(sql(e)) {
                Attempted::Unusable(_) => RecordsError::Damaged { path: path.clone() },
                Attempted::Failed(e) => e,
            })?;
        if version > MIGRATIONS.len() as i64 {
            return Err(RecordsError::Newer {
                path,
                version,
                known: MIGRATIONS.len() as i64,
            });
        }
        let check: String = conn
            .pragma_query_value(None, "quick_check", |r| r.get(0))
            .map_err(sql)?;
        if check != "ok" {
            return Err(RecordsError::Damaged { path });
        }
        if version < MIGRATIONS.len() as i64 {
            return Err(RecordsError::Older { path, version });
        }
        Ok(Store {
            conn,
            path,
            notice: None,
        })
    }

    /// Attempts, quiz attempts and distinct trainees recorded.
    pub fn counts(&self) -> Result<(i64, i64, i64), RecordsError> {
        self.conn
            .query_row(
                "SELECT (SELECT count(*) FROM attempt), (SELECT count(*) FROM quiz_attempt),
                    (SELECT count(*) FROM (SELECT profile FROM attempt UNION SELECT profile FROM quiz_attempt))",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .map_err(self.err())
    }

    /// Opens (or creates) the records in this file.
    pub fn open_file(path: &Path) -> Result<Store, RecordsError> {
        match Store::try_open(path) {
            Ok(store) => Ok(store),
            Err(Attempted::Unusable(why)) => {
                let moved = move_aside(path, why)?;
                let mut store = Store::try_open(path).map_err(|e| match e {
                    Attempted::Failed(e) => e,
                    Attempted::Unusable(_) => RecordsError::Stored {
                        path: path.to_owned(),
                        id: 0,
                        message: "a new database could not be started".into(),
                    },
                })?;
                store.notice = Some(match why {
                    Unusable::Newer(v) => format!(
                        "The records file was written by a newer version of Frontline (schema {v}; this version knows up to {}). It was moved to {} and a new one started; open it with the newer version to see those attempts.",
                        MIGRATIONS.len(),
                        moved.display()
                    ),
                    Unusable::Damaged => format!(
                        "The records file was damaged and could not be read. It was moved to {} (nothing was deleted) and a new one started.",
                        moved.display()
                    ),
                });
                Ok(store)
            }
            Err(Attempted::Failed(e)) => Err(e),
        }
    }

    fn try_open(path: &Path) -> Result<Store, Attempted> {
        let sql = |source| {
            Attempted::from_sqlite(RecordsError::Sqlite {
                path: path.to_owned(),
                source,
            })
        };
        let mut conn = Connection::open(path).map_err(sql)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(sql)?;
        // Reading the schema version is the first read of the file: a file that is not
        // a database fails here.
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(sql)?;
        if version > MIGRATIONS.len() as i64 {
            return Err(Attempted::Unusable(Unusable::Newer(version)));
        }
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(sql)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(sql)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(sql)?;
        let check: String = conn
            .pragma_query_value(None, "quick_check", |r| r.get(0))
            .map_err(sql)?;
        if check != "ok" {
            return Err(Attempted::Unusable(Unusable::Damaged));
        }
        for (i, step) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = conn.transaction().map_err(sql)?;
            tx.execute_batch(step).map_err(sql)?;
            tx.pragma_update(None, "user_version", i as i64 + 1)
                .map_err(sql)?;
            tx.commit().map_err(sql)?;
        }
        Ok(Store {
            conn,
            path: path.to_owned(),
            notice: None,
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What happened to an unusable database found at start, for the trainee to read.
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    fn err(&self) -> impl Fn(rusqlite::Error) -> RecordsError + '_ {
        |source| RecordsError::Sqlite {
            path: self.path.clone(),
            source,
        }
    }

    /// Commits a finished attempt and returns its row id. When this returns, the attempt
    /// is on disk.
    pub fn record(&mut self, a: &Attempt) -> Result<i64, RecordsError> {
        let debrief = serde_json::to_string(&a.debrief).expect("a debrief always serialises");
        let path = self.path.clone();
        let err = |source| RecordsError::Sqlite {
            path: path.clone(),
            source,
        };
        let tx = self.conn.transaction().map_err(err)?;
        let five = &a.debrief.five_s;
        tx.execute(
            "INSERT INTO attempt (uuid, profile, scenario, title, locale, content_hash, seed,
                coach, started, finished, app_version, overall, passed, outcome,
                smile, speed, standard, sincere, satisfy, debrief)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                ?17, ?18, ?19, ?20)",
            params![
                a.uuid.to_string(),
                a.profile,
                a.scenario,
                a.title,
                a.locale,
                a.content_hash,
                a.seed as i64,
                a.coach,
                timestamp(a.started),
                timestamp(a.finished),
                a.app_version,
                a.debrief.overall,
                a.debrief.passed,
                a.debrief.outcome.map(|o| format!("{o:?}")),
                five.smile,
                five.speed,
                five.standard,
                five.sincere,
                five.satisfy,
                debrief,
            ],
        )
        .map_err(err)?;
        let id = tx.last_insert_rowid();
        for (i, c) in a.choices.iter().enumerate() {
            tx.execute(
                "INSERT INTO choice (attempt, turn, node, choice, response_time, answered)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    id,
                    i as i64 + 1,
                    c.node,
                    c.choice,
                    c.response_time,
                    timestamp(c.answered)
                ],
            )
            .map_err(err)?;
        }
        tx.commit().map_err(err)?;
        Ok(id)
    }

    /// Commits a graded quiz and returns its row id.
    pub fn record_quiz(&mut self, q: &QuizAttempt) -> Result<i64, RecordsError> {
        let result = serde_json::to_string(&q.result).expect("a quiz result always serialises");
        self.conn
            .execute(
                "INSERT INTO quiz_attempt (uuid, profile, quiz, title, locale, content_hash,
                    started, finished, app_version, correct, total, passed, result)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                params![
                    q.uuid.to_string(),
                    q.profile,
                    q.quiz,
                    q.title,
                    q.locale,
                    q.content_hash,
                    timestamp(q.started),
                    timestamp(q.finished),
                    q.app_version,
                    q.result.correct,
                    q.result.total,
                    q.result.passed,
                    result,
                ],
            )
            .map_err(self.err())?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Attempts matching `filter`, oldest first.
    pub fn attempts(&self, filter: &Filter) -> Result<Vec<Attempt>, RecordsError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, uuid, profile, scenario, title, locale, content_hash, seed, coach,
                    started, finished, app_version, debrief
                 FROM attempt
                 WHERE (?1 IS NULL OR profile = ?1) AND (?2 IS NULL OR finished >= ?2)
                    AND (?3 IS NULL OR scenario = ?3)
                 ORDER BY finished, id",
            )
            .map_err(self.err())?;
        let rows = stmt
            .query_map(
                params![filter.profile, filter.since.map(timestamp), filter.content],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        [
                            r.get::<_, String>(1)?,
                            r.get(2)?,
                            r.get(3)?,
                            r.get(4)?,
                            r.get(5)?,
                            r.get(6)?,
                            r.get(9)?,
                            r.get(10)?,
                            r.get(11)?,
                            r.get(12)?,
                        ],
                        r.get::<_, i64>(7)?,
                        r.get::<_, bool>(8)?,
                    ))
                },
            )
            .map_err(self.err())?;
        let mut out = Vec::new();
        for row in rows {
            let (
                id,
                [
                    uuid,
                    profile,
                    scenario,
                    title,
                    locale,
                    hash,
                    started,
                    finished,
                    version,
                    debrief,
                ],
                seed,
                coach,
            ) = row.map_err(self.err())?;
            let stored = |message: String| RecordsError::Stored {
                path: self.path.clone(),
                id,
                message,
            };
            out.push(Attempt {
                id,
                uuid: Uuid::parse_str(&uuid).map_err(|e| stored(e.to_string()))?,
                profile,
                scenario,
                title,
                locale,
                content_hash: hash,
                seed: seed as u64,
                coach,
                started: parse_timestamp(&started).map_err(stored)?,
                finished: parse_timestamp(&finished).map_err(stored)?,
                app_version: version,
                choices: self.choices(id)?,
                debrief: serde_json::from_str(&debrief).map_err(|e| stored(e.to_string()))?,
            });
        }
        Ok(out)
    }

    fn choices(&self, attempt: i64) -> Result<Vec<RecordedChoice>, RecordsError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT node, choice, response_time, answered FROM choice
                 WHERE attempt = ?1 ORDER BY turn",
            )
            .map_err(self.err())?;
        let rows = stmt
            .query_map([attempt], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<f64>>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })
            .map_err(self.err())?;
        let mut out = Vec::new();
        for row in rows {
            let (node, choice, response_time, answered) = row.map_err(self.err())?;
            out.push(RecordedChoice {
                node,
                choice,
                response_time: response_time.map(|t| t as f32),
                answered: parse_timestamp(&answered).map_err(|message| RecordsError::Stored {
                    path: self.path.clone(),
                    id: attempt,
                    message,
                })?,
            });
        }
        Ok(out)
    }

    /// One attempt by row id.
    pub fn attempt(&self, id: i64) -> Result<Option<Attempt>, RecordsError> {
        let uuid: Option<String> = self
            .conn
            .query_row("SELECT uuid FROM attempt WHERE id = ?1", [id], |r| r.get(0))
            .optional()
            .map_err(self.err())?;
        if uuid.is_none() {
            return Ok(None);
        }
        Ok(self
            .attempts(&Filter::default())?
            .into_iter()
            .find(|a| a.id == id))
    }

    /// Quiz attempts matching `filter`, oldest first.
    pub fn quiz_attempts(&self, filter: &Filter) -> Result<Vec<QuizAttempt>, RecordsError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, uuid, profile, quiz, title, locale, content_hash, started,
                    finished, app_version, result
                 FROM quiz_attempt
                 WHERE (?1 IS NULL OR profile = ?1) AND (?2 IS NULL OR finished >= ?2)
                    AND (?3 IS NULL OR quiz = ?3)
                 ORDER BY finished, id",
            )
            .map_err(self.err())?;
        let rows = stmt
            .query_map(
                params![filter.profile, filter.since.map(timestamp), filter.content],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        [
                            r.get::<_, String>(1)?,
                            r.get(2)?,
                            r.get(3)?,
                            r.get(4)?,
                            r.get(5)?,
                            r.get(6)?,
                            r.get(7)?,
                            r.get(8)?,
                            r.get(9)?,
                            r.get(10)?,
                        ],
                    ))
                },
            )
            .map_err(self.err())?;
        let mut out = Vec::new();
        for row in rows {
            let (
                id,
                [
                    uuid,
                    profile,
                    quiz,
                    title,
                    locale,
                    hash,
                    started,
                    finished,
                    version,
                    result,
                ],
            ) = row.map_err(self.err())?;
            let stored = |message: String| RecordsError::Stored {
                path: self.path.clone(),
                id,
                message,
            };
            out.push(QuizAttempt {
                id,
                uuid: Uuid::parse_str(&uuid).map_err(|e| stored(e.to_string()))?,
                profile,
                quiz,
                title,
                locale,
                content_hash: hash,
                started: parse_timestamp(&started).map_err(stored)?,
                finished: parse_timestamp(&finished).map_err(stored)?,
                app_version: version,
                result: serde_json::from_str(&result).map_err(|e| stored(e.to_string()))?,
            });
        }
        Ok(out)
    }

    /// Names of every trainee with a record, sorted.
    pub fn profiles(&self) -> Result<Vec<String>, RecordsError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT profile FROM attempt UNION SELECT profile FROM quiz_attempt ORDER BY 1",
            )
            .map_err(self.err())?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }

    /// Statement ids already accepted by the LRS at `endpoint`.
    pub fn sent(&self, endpoint: &str) -> Result<std::collections::HashSet<String>, RecordsError> {
        let mut stmt = self
            .conn
            .prepare("SELECT statement FROM sent WHERE endpoint = ?1")
            .map_err(self.err())?;
        let rows = stmt
            .query_map([endpoint], |r| r.get::<_, String>(0))
            .map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }

    /// Notes that the LRS at `endpoint` accepted these statements.
    pub fn mark_sent(&mut self, endpoint: &str, ids: &[String]) -> Result<(), RecordsError> {
        let now = timestamp(OffsetDateTime::now_utc());
        let path = self.path.clone();
        let err = |source| RecordsError::Sqlite {
            path: path.clone(),
            source,
        };
        let tx = self.conn.transaction().map_err(err)?;
        for id in ids {
            tx.execute(
                "INSERT OR IGNORE INTO sent (statement, endpoint, sent) VALUES (?1, ?2, ?3)",
                params![id, endpoint, now],
            )
            .map_err(err)?;
        }
        tx.commit().map_err(err)
    }

    /// Runs SQLite's full integrity check; `Ok(())` when it reports nothing wrong.
    pub fn integrity_check(&self) -> Result<(), String> {
        let result: String = self
            .conn
            .pragma_query_value(None, "integrity_check", |r| r.get(0))
            .map_err(|e| e.to_string())?;
        if result == "ok" { Ok(()) } else { Err(result) }
    }
}

enum Attempted {
    Unusable(Unusable),
    Failed(RecordsError),
}

impl Attempted {
    fn from_sqlite(e: RecordsError) -> Attempted {
        if let RecordsError::Sqlite {
            source: rusqlite::Error::SqliteFailure(f, _),
            ..
        } = &e
            && matches!(f.code, ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt)
        {
            return Attempted::Unusable(Unusable::Damaged);
        }
        Attempted::Failed(e)
    }
}

/// Renames the database and its WAL and shared-memory files to `<name>.<why>-<time>`,
/// keeping them together so the moved copy stays complete. The WAL goes first: if the move
/// stops half-way, the main file is still in place and the next start tries again.
fn move_aside(path: &Path, why: Unusable) -> Result<PathBuf, RecordsError> {
    let reason = match why {
        Unusable::Newer(_) => "newer-version",
        Unusable::Damaged => "damaged",
    };
    files::move_aside(path, reason, &["-wal", "-shm"]).map_err(|source| RecordsError::Io {
        what: "cannot move aside the unusable records file",
        path: path.to_owned(),
        source,
    })
}

/// A moment as stored and exported: RFC 3339 in UTC with milliseconds, which also sorts
/// as text.
pub fn timestamp(t: OffsetDateTime) -> String {
    t.to_offset(time::UtcOffset::UTC)
        .format(time::macros::format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
        ))
        .expect("a UTC time always formats")
}

/// Reads a stored timestamp back.
pub fn parse_timestamp(text: &str) -> Result<OffsetDateTime, String> {
    OffsetDateTime::parse(text, &Rfc3339).map_err(|e| format!("bad time `{text}`: {e}"))
}

/// Reads a `--since` argument: a date (`2026-11-01`, midnight UTC) or an RFC 3339 time.
pub fn parse_since(text: &str) -> Result<OffsetDateTime, String> {
    if let Ok(t) = OffsetDateTime::parse(text, &Rfc3339) {
        return Ok(t);
    }
    time::Date::parse(
        text,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .map(|d| d.midnight().assume_utc())
    .map_err(|_| format!("`{text}` is not a date: write it as 2026-11-01 or 2026-11-01T09:00:00Z"))
}

/// The platform's data folder for Frontline (`~/.local/share/frontline` on Linux).
pub fn default_data_dir() -> PathBuf {
    directories::ProjectDirs::from("", "", "frontline")
        .map(|d| d.data_dir().to_owned())
        .unwrap_or_else(|| PathBuf::from(".frontline"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_round_trip_and_sort_as_text() {
        let t = OffsetDateTime::from_unix_timestamp_nanos(1_795_000_000_123_000_000).unwrap();
        let text = timestamp(t);
        assert_eq!(text, "2026-11-18T11:06:40.123Z");
        assert_eq!(parse_timestamp(&text).unwrap(), t);
        assert!(timestamp(t) < timestamp(t + time::Duration::milliseconds(1)));
    }

    #[test]
    fn since_takes_a_date_or_a_time() {
        assert_eq!(
            timestamp(parse_since("2026-11-01").unwrap()),
            "2026-11-01T00:00:00.000Z"
        );
        assert_eq!(
            timestamp(parse_since("2026-11-01T09:30:00+01:00").unwrap()),
            "2026-11-01T08:30:00.000Z"
        );
        assert!(parse_since("1/11/2026").unwrap_err().contains("2026-11-01"));
    }
}
