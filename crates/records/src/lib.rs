//! The trainee's records: every finished attempt and quiz, kept in one SQLite database in
//! the data folder, and what is built from them (progress, comparisons, reports, xAPI).
//!
//! An attempt is committed in one transaction before its debrief is shown, with
//! `synchronous = FULL` in WAL mode, so neither a killed process nor a power cut loses a
//! debrief the trainee has seen. A database this version cannot use — written by a newer
//! version, or damaged — is moved aside under a name that says why, never overwritten.

pub mod cmi5;
pub mod compare;
pub mod dashboard;
pub mod files;
pub mod html;
pub mod lrs;
pub mod profiles;
pub mod progress;
pub mod pull;
pub mod report;
pub mod rescore;
pub mod xapi;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, ErrorCode, params};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use frontline_core::quiz::{Quiz, QuizResult};
use frontline_core::reading::Pace;
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
    // 2: reports and syncs that scale to a cohort: the principles broken as a column (a
    // report no longer reads every debrief), attempts whose statements an LRS has all
    // confirmed (a sync with nothing to send builds none), outcomes by their stable key,
    // indexes for the filters.
    "ALTER TABLE attempt ADD COLUMN violations TEXT NOT NULL DEFAULT '';
    UPDATE attempt SET violations = coalesce(
        (SELECT group_concat(json_extract(v.value, '$.id'), ';')
         FROM json_each(attempt.debrief, '$.violations') AS v), '');
    UPDATE attempt SET outcome = CASE outcome
        WHEN 'ResolvedLoyal' THEN 'resolved_loyal' WHEN 'Resolved' THEN 'resolved'
        WHEN 'Escalated' THEN 'escalated' WHEN 'CustomerLost' THEN 'customer_lost'
        ELSE outcome END;
    CREATE TABLE synced (
        attempt TEXT NOT NULL,
        endpoint TEXT NOT NULL,
        synced TEXT NOT NULL,
        PRIMARY KEY (attempt, endpoint)
    );
    CREATE INDEX attempt_by_finished ON attempt (finished, id);
    CREATE INDEX attempt_by_scenario ON attempt (scenario, finished);
    CREATE INDEX quiz_attempt_by_finished ON quiz_attempt (finished, id);",
    // 3: the reading pace an attempt was timed at (its reading allowances follow it), so a
    // replay times the answers as the attempt did. Older attempts read at the standard pace.
    "ALTER TABLE attempt ADD COLUMN pace TEXT NOT NULL DEFAULT 'standard';",
    // 4: results gathered from an LRS (`frontline pull`): the statements as received, by id
    // (so a statement is kept once however often it comes), statements voided, where each
    // pull stopped (so a killed pull resumes), and the attempts and answers built from them.
    "CREATE TABLE pulled_statement (
        id TEXT PRIMARY KEY,
        endpoint TEXT NOT NULL,
        registration TEXT NOT NULL,
        verb TEXT NOT NULL,
        object TEXT NOT NULL,
        actor TEXT NOT NULL,
        language TEXT NOT NULL,
        timestamp TEXT NOT NULL,
        result TEXT NOT NULL
    );
    CREATE INDEX pulled_statement_by_registration ON pulled_statement (registration);
    CREATE TABLE pulled_voided (id TEXT PRIMARY KEY);
    CREATE TABLE pull_cursor (
        endpoint TEXT NOT NULL,
        activity TEXT NOT NULL,
        since TEXT,
        more TEXT,
        PRIMARY KEY (endpoint, activity)
    );
    CREATE TABLE pulled_attempt (
        id INTEGER PRIMARY KEY,
        registration TEXT NOT NULL UNIQUE,
        endpoint TEXT NOT NULL,
        profile TEXT NOT NULL,
        scenario TEXT NOT NULL,
        locale TEXT NOT NULL,
        started TEXT NOT NULL,
        finished TEXT NOT NULL,
        overall INTEGER NOT NULL,
        passed INTEGER NOT NULL,
        outcome TEXT,
        smile INTEGER, speed INTEGER, standard INTEGER, sincere INTEGER, satisfy INTEGER,
        violations TEXT NOT NULL,
        app_version TEXT NOT NULL
    );
    CREATE INDEX pulled_attempt_by_scenario ON pulled_attempt (scenario, finished);
    CREATE TABLE pulled_choice (
        attempt INTEGER NOT NULL REFERENCES pulled_attempt (id) ON DELETE CASCADE,
        turn INTEGER NOT NULL,
        node TEXT NOT NULL,
        choice TEXT NOT NULL,
        response_time REAL,
        PRIMARY KEY (attempt, turn)
    );",
    // 5: a report reads every attempt's summary columns; the columns added since the first
    // schema sit after the debrief in each row, so reading them walked every debrief's
    // overflow pages. An index holding the summary columns answers the report alone.
    "CREATE INDEX attempt_summary ON attempt (finished, id, profile, scenario, locale,
        started, overall, passed, outcome, smile, speed, standard, sincere, satisfy,
        violations);",
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
    /// The reading pace the answers were timed at.
    pub pace: Pace,
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
            pace: session.pace(),
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
        let mut session = Session::start(scenario, self.seed)
            .map_err(|e| ReplayError::Failed(e.to_string()))?
            .with_pace(self.pace);
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
    /// The schema version of the open database: the latest, or an older one a reading
    /// command was allowed to read as it stands.
    schema: i64,
}

/// Full durability comes back when this is dropped (see [`Store::relaxed_durability`]).
pub struct Relaxed<'a> {
    store: &'a mut Store,
}

impl std::ops::Deref for Relaxed<'_> {
    type Target = Store;
    fn deref(&self) -> &Store {
        self.store
    }
}

impl std::ops::DerefMut for Relaxed<'_> {
    fn deref_mut(&mut self) -> &mut Store {
        self.store
    }
}

impl Drop for Relaxed<'_> {
    fn drop(&mut self) {
        // Failing to restore it leaves a connection that is about to close anyway; the
        // next open sets FULL again.
        let _ = self.store.conn.pragma_update(None, "synchronous", "FULL");
    }
}

/// Why an existing database was not used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unusable {
    Newer(i64),
    Damaged,
}

/// A conversation or quiz attempt not yet confirmed in full by an LRS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsynced {
    /// Whether it is a quiz attempt.
    pub quiz: bool,
    /// Row id in its table.
    pub id: i64,
    /// Its UUID.
    pub uuid: String,
}

/// What a report needs of an attempt, read from columns without its debrief, so a report of
/// tens of thousands of attempts reads megabytes, not hundreds of them.
#[derive(Debug, Clone, PartialEq)]
pub struct AttemptSummary {
    /// Row id.
    pub id: i64,
    /// Trainee.
    pub profile: String,
    /// Scenario id.
    pub scenario: String,
    /// Scenario locale.
    pub locale: String,
    /// When the first line was shown.
    pub started: OffsetDateTime,
    /// When it ended.
    pub finished: OffsetDateTime,
    /// Overall score.
    pub overall: u32,
    /// Whether it passed.
    pub passed: bool,
    /// Outcome key (`resolved_loyal`, …); `None` when unfinished.
    pub outcome: Option<String>,
    /// The 5S scores.
    pub five_s: frontline_core::five_s::Scores,
    /// Principle ids broken, in order.
    pub violations: Vec<String>,
    /// The LRS it was gathered from; `None` when recorded on this machine.
    pub source: Option<String>,
}

/// What a report needs of a quiz attempt.
#[derive(Debug, Clone, PartialEq)]
pub struct QuizSummary {
    /// Trainee.
    pub profile: String,
    /// Quiz id.
    pub quiz: String,
    /// When it ended.
    pub finished: OffsetDateTime,
    /// Right answers.
    pub correct: u32,
    /// Statements.
    pub total: u32,
}

/// The `WHERE` of a [`Filter`] over a table with `profile`, `finished` and a content column.
fn where_clause(content: &str) -> String {
    format!(
        "(?1 IS NULL OR profile = ?1) AND (?2 IS NULL OR finished >= ?2) AND (?3 IS NULL OR {content} = ?3)"
    )
}

const ATTEMPT_COLUMNS: &str =
    "id, uuid, profile, scenario, title, locale, content_hash, seed, coach,
    started, finished, app_version, pace, debrief";
/// The same for a schema before migration 3, which had no reading pace.
const ATTEMPT_COLUMNS_2: &str =
    "id, uuid, profile, scenario, title, locale, content_hash, seed, coach,
    started, finished, app_version, 'standard' AS pace, debrief";
/// The oldest schema a reading command reads without migrating it.
const OLDEST_READABLE: i64 = 2;
const QUIZ_COLUMNS: &str = "id, uuid, profile, quiz, title, locale, content_hash, started,
    finished, app_version, result";

/// How long a first open waits for another process creating or updating the same database.
const OPEN_PATIENCE: std::time::Duration = std::time::Duration::from_secs(10);

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
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(&path, flags).map_err(sql)?;
        conn.busy_timeout(OPEN_PATIENCE).map_err(sql)?;
        // Reading a WAL database needs its -shm file, which SQLite cannot create in a
        // folder we may not write (a lead reading a trainee's records, a read-only share).
        // Nobody with our rights can be writing there, so the file is read as it stands.
        if let Err(e) = conn.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))
            && matches!(
                e.sqlite_error_code(),
                Some(rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::CannotOpen)
            )
        {
            conn = Connection::open_with_flags(
                immutable_uri(&path),
                flags | OpenFlags::SQLITE_OPEN_URI,
            )
            .map_err(sql)?;
        }
        let damaged = |e: rusqlite::Error| match Attempted::from_sqlite(sql(e)) {
            Attempted::Unusable(_) => RecordsError::Damaged { path: path.clone() },
            Attempted::Failed(e) => e,
        };
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(damaged)?;
        if version > MIGRATIONS.len() as i64 {
            return Err(RecordsError::Newer {
                path,
                version,
                known: MIGRATIONS.len() as i64,
            });
        }
        // The schema is read now: a damaged first page shows here; damage further in shows
        // when a query reaches it (see `err`). A full quick_check would read the whole file.
        conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
            r.get::<_, i64>(0)
        })
        .map_err(damaged)?;
        // A reader cannot migrate. Schema 2 differs from the latest only by columns it reads
        // with their defaults (the reading pace), so a lead can read records written by the
        // previous version without anyone updating them first; older ones must be updated.
        if version < OLDEST_READABLE {
            return Err(RecordsError::Older { path, version });
        }
        Ok(Store {
            conn,
            path,
            notice: None,
            schema: version,
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

    /// Opens the file and brings its schema up to date. Safe when several processes do it
    /// at once on a new folder: switching to WAL waits for the others, and each migration
    /// step runs in an immediate transaction that first reads the version again, so a step
    /// another process has just applied is not applied twice.
    fn try_open(path: &Path) -> Result<Store, Attempted> {
        let sql = |source| {
            Attempted::from_sqlite(RecordsError::Sqlite {
                path: path.to_owned(),
                source,
            })
        };
        let mut conn = Connection::open(path).map_err(sql)?;
        conn.busy_timeout(OPEN_PATIENCE).map_err(sql)?;
        // Reading the schema version is the first read of the file: a file that is not
        // a database fails here.
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(sql)?;
        if version > MIGRATIONS.len() as i64 {
            return Err(Attempted::Unusable(Unusable::Newer(version)));
        }
        // Changing the journal mode needs the database to itself; SQLite does not wait for
        // it, so wait here while another process holds it.
        let give_up = std::time::Instant::now() + OPEN_PATIENCE;
        loop {
            match conn
                .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0))
            {
                Ok(_) => break,
                Err(rusqlite::Error::SqliteFailure(f, _))
                    if matches!(f.code, ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
                        && std::time::Instant::now() < give_up =>
                {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                Err(e) => return Err(sql(e)),
            }
        }
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
        loop {
            let tx = conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(sql)?;
            let now: i64 = tx
                .pragma_query_value(None, "user_version", |r| r.get(0))
                .map_err(sql)?;
            if now > MIGRATIONS.len() as i64 {
                return Err(Attempted::Unusable(Unusable::Newer(now)));
            }
            let Some(step) = MIGRATIONS.get(now as usize) else {
                break;
            };
            tx.execute_batch(step).map_err(sql)?;
            tx.pragma_update(None, "user_version", now + 1)
                .map_err(sql)?;
            tx.commit().map_err(sql)?;
        }
        Ok(Store {
            conn,
            path: path.to_owned(),
            notice: None,
            schema: MIGRATIONS.len() as i64,
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

    /// Maps SQLite's errors; damage found while reading is reported as such, so every
    /// command that meets it says so (the open checks no more than the header, which keeps
    /// opening a large database instant).
    fn err(&self) -> impl Fn(rusqlite::Error) -> RecordsError + '_ {
        |source| match source.sqlite_error_code() {
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => RecordsError::Damaged {
                path: self.path.clone(),
            },
            _ => RecordsError::Sqlite {
                path: self.path.clone(),
                source,
            },
        }
    }

    /// Commits a finished attempt and returns its row id. When this returns, the attempt
    /// is on disk.
    pub fn record(&mut self, a: &Attempt) -> Result<i64, RecordsError> {
        Ok(self.record_many(std::slice::from_ref(a))?[0])
    }

    /// Commits several attempts in one transaction (all or none) and returns their row ids:
    /// for importing a cohort, where one commit per attempt would cost a disk flush each.
    pub fn record_many(&mut self, attempts: &[Attempt]) -> Result<Vec<i64>, RecordsError> {
        let path = self.path.clone();
        let err = |source| RecordsError::Sqlite {
            path: path.clone(),
            source,
        };
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(err)?;
        let mut ids = Vec::with_capacity(attempts.len());
        for a in attempts {
            ids.push(insert_attempt(&tx, a).map_err(err)?);
        }
        tx.commit().map_err(err)?;
        Ok(ids)
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

    /// The attempt columns this database's schema has (older ones read with defaults).
    fn attempt_columns(&self) -> &'static str {
        if self.schema >= 3 {
            ATTEMPT_COLUMNS
        } else {
            ATTEMPT_COLUMNS_2
        }
    }

    /// An attempt from a row of [`ATTEMPT_COLUMNS`], read by column name.
    fn attempt_row(&self, r: &rusqlite::Row) -> Result<Attempt, RecordsError> {
        let sql = self.err();
        let id: i64 = r.get("id").map_err(&sql)?;
        let stored = |message: String| RecordsError::Stored {
            path: self.path.clone(),
            id,
            message,
        };
        let text = |name: &str| r.get::<_, String>(name).map_err(&sql);
        Ok(Attempt {
            id,
            uuid: Uuid::parse_str(&text("uuid")?).map_err(|e| stored(e.to_string()))?,
            profile: text("profile")?,
            scenario: text("scenario")?,
            title: text("title")?,
            locale: text("locale")?,
            content_hash: text("content_hash")?,
            seed: r.get::<_, i64>("seed").map_err(&sql)? as u64,
            coach: r.get("coach").map_err(&sql)?,
            started: parse_timestamp(&text("started")?).map_err(stored)?,
            finished: parse_timestamp(&text("finished")?).map_err(stored)?,
            app_version: text("app_version")?,
            // An unknown pace (a newer program's) reads as the standard one.
            pace: Pace::from_key(&text("pace")?).unwrap_or_default(),
            choices: self.choices(id)?,
            debrief: serde_json::from_str(&text("debrief")?).map_err(|e| stored(e.to_string()))?,
        })
    }

    /// Calls `each` with every attempt matching `filter`, oldest first, one at a time: memory
    /// stays the same however many there are.
    pub fn for_each_attempt(
        &self,
        filter: &Filter,
        mut each: impl FnMut(Attempt) -> Result<(), RecordsError>,
    ) -> Result<(), RecordsError> {
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT {} FROM attempt WHERE {} ORDER BY finished, id",
                self.attempt_columns(),
                where_clause("scenario")
            ))
            .map_err(self.err())?;
        let mut rows = stmt
            .query(params![
                filter.profile,
                filter.since.map(timestamp),
                filter.content
            ])
            .map_err(self.err())?;
        while let Some(r) = rows.next().map_err(self.err())? {
            each(self.attempt_row(r)?)?;
        }
        Ok(())
    }

    /// Attempts matching `filter`, oldest first.
    pub fn attempts(&self, filter: &Filter) -> Result<Vec<Attempt>, RecordsError> {
        let mut out = Vec::new();
        self.for_each_attempt(filter, |a| {
            out.push(a);
            Ok(())
        })?;
        Ok(out)
    }

    /// What a report needs of every attempt matching `filter`, oldest first (no debriefs
    /// are read).
    pub fn summaries(&self, filter: &Filter) -> Result<Vec<AttemptSummary>, RecordsError> {
        // Attempts gathered from an LRS come along, with negative ids (they are not this
        // machine's to compare or replay) and the LRS they came from.
        // Without any, the union (and the sort it forces) is left out.
        let pulled = if self.schema >= 4 && self.pulled_count()? > 0 {
            format!(
                " UNION ALL SELECT -id AS id, profile, scenario, locale, started, finished, overall,
                    passed, outcome, smile, speed, standard, sincere, satisfy, violations,
                    endpoint AS source
                 FROM pulled_attempt WHERE {}",
                where_clause("scenario")
            )
        } else {
            String::new()
        };
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT id, profile, scenario, locale, started, finished, overall, passed, outcome,
                    smile, speed, standard, sincere, satisfy, violations, NULL AS source
                 FROM attempt WHERE {}{pulled} ORDER BY finished, id",
                where_clause("scenario")
            ))
            .map_err(self.err())?;
        let mut rows = stmt
            .query(params![
                filter.profile,
                filter.since.map(timestamp),
                filter.content
            ])
            .map_err(self.err())?;
        let mut out = Vec::new();
        let sql = self.err();
        while let Some(r) = rows.next().map_err(&sql)? {
            let id: i64 = r.get("id").map_err(&sql)?;
            let stored = |message: String| RecordsError::Stored {
                path: self.path.clone(),
                id,
                message,
            };
            let violations: String = r.get("violations").map_err(&sql)?;
            out.push(AttemptSummary {
                id,
                profile: r.get("profile").map_err(&sql)?,
                scenario: r.get("scenario").map_err(&sql)?,
                locale: r.get("locale").map_err(&sql)?,
                started: parse_timestamp(&r.get::<_, String>("started").map_err(&sql)?)
                    .map_err(stored)?,
                finished: parse_timestamp(&r.get::<_, String>("finished").map_err(&sql)?)
                    .map_err(stored)?,
                overall: r.get("overall").map_err(&sql)?,
                passed: r.get("passed").map_err(&sql)?,
                outcome: r.get("outcome").map_err(&sql)?,
                five_s: {
                    let mut f = frontline_core::five_s::Scores::default();
                    for d in frontline_core::five_s::Dimension::ALL {
                        f[d] = r.get(d.key()).map_err(&sql)?;
                    }
                    f
                },
                violations: violations
                    .split(';')
                    .filter(|v| !v.is_empty())
                    .map(str::to_owned)
                    .collect(),
                source: r.get("source").map_err(&sql)?,
            });
        }
        Ok(out)
    }

    /// The cohort's figures on `scenario` (its id and locale), from every recorded attempt
    /// finished at or after `since`: one query, attempt by attempt.
    pub fn heat(
        &self,
        scenario: &Scenario,
        since: Option<OffsetDateTime>,
    ) -> Result<frontline_core::heat::Heat, RecordsError> {
        let mut heat = frontline_core::heat::Heat::new(scenario);
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT a.id, a.passed, a.outcome, c.node, c.choice, c.response_time, c.turn
                 FROM attempt a JOIN choice c ON c.attempt = a.id
                 WHERE a.scenario = ?1 AND a.locale = ?2 AND (?3 IS NULL OR a.finished >= ?3){}
                 ORDER BY 1, 7",
                if self.schema >= 4 {
                    " UNION ALL SELECT -a.id, a.passed, a.outcome, c.node, c.choice, c.response_time, c.turn
                     FROM pulled_attempt a JOIN pulled_choice c ON c.attempt = a.id
                     WHERE a.scenario = ?1 AND a.locale = ?2 AND (?3 IS NULL OR a.finished >= ?3)"
                } else {
                    ""
                }
            ))
            .map_err(self.err())?;
        let mut rows = stmt
            .query(params![scenario.id, scenario.locale, since.map(timestamp)])
            .map_err(self.err())?;
        let sql = self.err();
        let mut current: Option<(i64, bool, Option<String>)> = None;
        let mut path: Vec<(String, String, Option<f32>)> = Vec::new();
        let flush = |heat: &mut frontline_core::heat::Heat,
                     at: &Option<(i64, bool, Option<String>)>,
                     path: &mut Vec<(String, String, Option<f32>)>| {
            if let Some((_, passed, outcome)) = at {
                let answers: Vec<frontline_core::heat::Answer> = path
                    .iter()
                    .map(|(n, c, t)| (n.as_str(), c.as_str(), *t))
                    .collect();
                heat.add(
                    scenario,
                    &answers,
                    *passed,
                    outcome.is_some(),
                    outcome.as_deref() == Some("customer_lost"),
                );
            }
            path.clear();
        };
        while let Some(r) = rows.next().map_err(&sql)? {
            let id: i64 = r.get(0).map_err(&sql)?;
            if current.as_ref().is_none_or(|c| c.0 != id) {
                flush(&mut heat, &current, &mut path);
                current = Some((id, r.get(1).map_err(&sql)?, r.get(2).map_err(&sql)?));
            }
            path.push((
                r.get(3).map_err(&sql)?,
                r.get(4).map_err(&sql)?,
                r.get::<_, Option<f64>>(5).map_err(&sql)?.map(|t| t as f32),
            ));
        }
        flush(&mut heat, &current, &mut path);
        Ok(heat)
    }

    fn choices(&self, attempt: i64) -> Result<Vec<RecordedChoice>, RecordsError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT node, choice, response_time, answered FROM choice
                 WHERE attempt = ?1 ORDER BY turn",
            )
            .map_err(self.err())?;
        let mut rows = stmt.query([attempt]).map_err(self.err())?;
        let mut out = Vec::new();
        let sql = self.err();
        while let Some(r) = rows.next().map_err(&sql)? {
            let answered: String = r.get("answered").map_err(&sql)?;
            out.push(RecordedChoice {
                node: r.get("node").map_err(&sql)?,
                choice: r.get("choice").map_err(&sql)?,
                response_time: r
                    .get::<_, Option<f64>>("response_time")
                    .map_err(&sql)?
                    .map(|t| t as f32),
                answered: parse_timestamp(&answered).map_err(|message| RecordsError::Stored {
                    path: self.path.clone(),
                    id: attempt,
                    message,
                })?,
            });
        }
        Ok(out)
    }

    /// One attempt by row id: one indexed query (and one for its choices).
    pub fn attempt(&self, id: i64) -> Result<Option<Attempt>, RecordsError> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {} FROM attempt WHERE id = ?1",
                self.attempt_columns()
            ))
            .map_err(self.err())?;
        let mut rows = stmt.query([id]).map_err(self.err())?;
        match rows.next().map_err(self.err())? {
            Some(r) => Ok(Some(self.attempt_row(r)?)),
            None => Ok(None),
        }
    }

    /// A quiz attempt from a row of [`QUIZ_COLUMNS`].
    fn quiz_row(&self, r: &rusqlite::Row) -> Result<QuizAttempt, RecordsError> {
        let sql = self.err();
        let id: i64 = r.get("id").map_err(&sql)?;
        let stored = |message: String| RecordsError::Stored {
            path: self.path.clone(),
            id,
            message,
        };
        let text = |name: &str| r.get::<_, String>(name).map_err(&sql);
        Ok(QuizAttempt {
            id,
            uuid: Uuid::parse_str(&text("uuid")?).map_err(|e| stored(e.to_string()))?,
            profile: text("profile")?,
            quiz: text("quiz")?,
            title: text("title")?,
            locale: text("locale")?,
            content_hash: text("content_hash")?,
            started: parse_timestamp(&text("started")?).map_err(stored)?,
            finished: parse_timestamp(&text("finished")?).map_err(stored)?,
            app_version: text("app_version")?,
            result: serde_json::from_str(&text("result")?).map_err(|e| stored(e.to_string()))?,
        })
    }

    /// Calls `each` with every quiz attempt matching `filter`, oldest first, one at a time.
    pub fn for_each_quiz_attempt(
        &self,
        filter: &Filter,
        mut each: impl FnMut(QuizAttempt) -> Result<(), RecordsError>,
    ) -> Result<(), RecordsError> {
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT {QUIZ_COLUMNS} FROM quiz_attempt WHERE {} ORDER BY finished, id",
                where_clause("quiz")
            ))
            .map_err(self.err())?;
        let mut rows = stmt
            .query(params![
                filter.profile,
                filter.since.map(timestamp),
                filter.content
            ])
            .map_err(self.err())?;
        while let Some(r) = rows.next().map_err(self.err())? {
            each(self.quiz_row(r)?)?;
        }
        Ok(())
    }

    /// Quiz attempts matching `filter`, oldest first.
    pub fn quiz_attempts(&self, filter: &Filter) -> Result<Vec<QuizAttempt>, RecordsError> {
        let mut out = Vec::new();
        self.for_each_quiz_attempt(filter, |q| {
            out.push(q);
            Ok(())
        })?;
        Ok(out)
    }

    /// The quiz results a debrief of `profile`'s finished at `until` was aligned with: their
    /// quiz attempts finished by then, oldest first (the latest answer to an item wins).
    pub fn quiz_results_before(
        &self,
        profile: &str,
        until: OffsetDateTime,
    ) -> Result<Vec<frontline_core::quiz::QuizResult>, RecordsError> {
        let filter = Filter {
            profile: Some(profile.to_owned()),
            ..Filter::default()
        };
        let mut out = Vec::new();
        self.for_each_quiz_attempt(&filter, |q| {
            if q.finished <= until {
                out.push(q.result);
            }
            Ok(())
        })?;
        Ok(out)
    }

    /// One quiz attempt by row id.
    pub fn quiz_attempt(&self, id: i64) -> Result<Option<QuizAttempt>, RecordsError> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {QUIZ_COLUMNS} FROM quiz_attempt WHERE id = ?1"
            ))
            .map_err(self.err())?;
        let mut rows = stmt.query([id]).map_err(self.err())?;
        match rows.next().map_err(self.err())? {
            Some(r) => Ok(Some(self.quiz_row(r)?)),
            None => Ok(None),
        }
    }

    /// What a report needs of every quiz attempt matching `filter`.
    pub fn quiz_summaries(&self, filter: &Filter) -> Result<Vec<QuizSummary>, RecordsError> {
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT profile, quiz, finished, correct, total FROM quiz_attempt
                 WHERE {} ORDER BY finished, id",
                where_clause("quiz")
            ))
            .map_err(self.err())?;
        let mut rows = stmt
            .query(params![
                filter.profile,
                filter.since.map(timestamp),
                filter.content
            ])
            .map_err(self.err())?;
        let mut out = Vec::new();
        let sql = self.err();
        while let Some(r) = rows.next().map_err(&sql)? {
            let finished: String = r.get("finished").map_err(&sql)?;
            out.push(QuizSummary {
                profile: r.get("profile").map_err(&sql)?,
                quiz: r.get("quiz").map_err(&sql)?,
                finished: parse_timestamp(&finished).map_err(|message| RecordsError::Stored {
                    path: self.path.clone(),
                    id: 0,
                    message,
                })?,
                correct: r.get("correct").map_err(&sql)?,
                total: r.get("total").map_err(&sql)?,
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

    /// Attempts and quiz attempts matching `filter` that the LRS at `endpoint` has not yet
    /// confirmed in full, oldest first.
    pub fn unsynced(&self, endpoint: &str, filter: &Filter) -> Result<Vec<Unsynced>, RecordsError> {
        let mut out = Vec::new();
        for (table, content, quiz) in [
            ("attempt", "scenario", false),
            ("quiz_attempt", "quiz", true),
        ] {
            let mut stmt = self
                .conn
                .prepare(&format!(
                    "SELECT id, uuid FROM {table} WHERE {} AND uuid NOT IN
                        (SELECT attempt FROM synced WHERE endpoint = ?4)
                     ORDER BY finished, id",
                    where_clause(content)
                ))
                .map_err(self.err())?;
            let rows = stmt
                .query_map(
                    params![
                        filter.profile,
                        filter.since.map(timestamp),
                        filter.content,
                        endpoint
                    ],
                    |r| {
                        Ok(Unsynced {
                            quiz,
                            id: r.get("id")?,
                            uuid: r.get("uuid")?,
                        })
                    },
                )
                .map_err(self.err())?;
            for r in rows {
                out.push(r.map_err(self.err())?);
            }
        }
        Ok(out)
    }

    /// Attempts and quiz attempts matching `filter` that the LRS at `endpoint` has
    /// confirmed in full.
    pub fn synced_count(&self, endpoint: &str, filter: &Filter) -> Result<usize, RecordsError> {
        let mut n = 0;
        for (table, content) in [("attempt", "scenario"), ("quiz_attempt", "quiz")] {
            let c: i64 = self
                .conn
                .query_row(
                    &format!(
                        "SELECT count(*) FROM {table} WHERE {} AND uuid IN
                            (SELECT attempt FROM synced WHERE endpoint = ?4)",
                        where_clause(content)
                    ),
                    params![
                        filter.profile,
                        filter.since.map(timestamp),
                        filter.content,
                        endpoint
                    ],
                    |r| r.get(0),
                )
                .map_err(self.err())?;
            n += c as usize;
        }
        Ok(n)
    }

    /// The xAPI statements of one unsynced attempt (`None` if it was deleted meanwhile).
    pub fn statements_of(
        &self,
        item: &Unsynced,
        naming: &xapi::Naming,
    ) -> Result<Option<Vec<serde_json::Value>>, RecordsError> {
        Ok(if item.quiz {
            self.quiz_attempt(item.id)?
                .map(|q| lrs::build(None, Some(&q), naming))
        } else {
            self.attempt(item.id)?
                .map(|a| lrs::build(Some(&a), None, naming))
        })
    }

    /// Which of `ids` the LRS at `endpoint` has confirmed.
    pub fn sent_among(
        &self,
        endpoint: &str,
        ids: &[String],
    ) -> Result<std::collections::HashSet<String>, RecordsError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT 1 FROM sent WHERE statement = ?1 AND endpoint = ?2")
            .map_err(self.err())?;
        let mut out = std::collections::HashSet::new();
        for id in ids {
            if stmt.exists(params![id, endpoint]).map_err(self.err())? {
                out.insert(id.clone());
            }
        }
        Ok(out)
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

    /// Notes that the LRS at `endpoint` confirmed these statements.
    pub fn mark_sent(&mut self, endpoint: &str, ids: &[String]) -> Result<(), RecordsError> {
        self.mark(
            "INSERT OR IGNORE INTO sent (statement, endpoint, sent) VALUES (?1, ?2, ?3)",
            endpoint,
            ids.iter().map(String::as_str),
        )
    }

    /// Inserts one (key, endpoint, now) row per key with `sql`, all in one transaction: a
    /// commit per row made a large sync wait on the disk thousands of times.
    fn mark<'k>(
        &mut self,
        sql: &str,
        endpoint: &str,
        keys: impl ExactSizeIterator<Item = &'k str>,
    ) -> Result<(), RecordsError> {
        if keys.len() == 0 {
            return Ok(());
        }
        let now = timestamp(OffsetDateTime::now_utc());
        let path = self.path.clone();
        let err = |source| RecordsError::Sqlite {
            path: path.clone(),
            source,
        };
        let tx = self.conn.transaction().map_err(err)?;
        for key in keys {
            tx.execute(sql, params![key, endpoint, now]).map_err(err)?;
        }
        tx.commit().map_err(err)
    }

    /// Until the guard is dropped, commits reach the operating system but are not flushed to
    /// the disk one by one (SQLite `synchronous = NORMAL` under WAL: still safe against a
    /// crash of the program, not against a power cut). For bookkeeping that can be redone.
    pub fn relaxed_durability(&mut self) -> Result<Relaxed<'_>, RecordsError> {
        self.conn
            .pragma_update(None, "synchronous", "NORMAL")
            .map_err(self.err())?;
        Ok(Relaxed { store: self })
    }

    /// Notes that the LRS at `endpoint` confirmed every statement of these attempts.
    pub fn mark_synced(&mut self, endpoint: &str, uuids: &[&str]) -> Result<(), RecordsError> {
        self.mark(
            "INSERT OR IGNORE INTO synced (attempt, endpoint, synced) VALUES (?1, ?2, ?3)",
            endpoint,
            uuids.iter().copied(),
        )
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

/// Inserts one attempt and its choices within a transaction.
fn insert_attempt(tx: &rusqlite::Transaction, a: &Attempt) -> rusqlite::Result<i64> {
    let debrief = serde_json::to_string(&a.debrief).expect("a debrief always serialises");
    let violations: Vec<&str> = a.debrief.violations.iter().map(|v| v.id.as_str()).collect();
    let five = &a.debrief.five_s;
    tx.prepare_cached(
        "INSERT INTO attempt (uuid, profile, scenario, title, locale, content_hash, seed,
            coach, started, finished, app_version, overall, passed, outcome,
            smile, speed, standard, sincere, satisfy, debrief, violations, pace)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
            ?17, ?18, ?19, ?20, ?21, ?22)",
    )?
    .execute(params![
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
        a.debrief.outcome.map(|o| o.key()),
        five.0[0],
        five.0[1],
        five.0[2],
        five.0[3],
        five.0[4],
        debrief,
        violations.join(";"),
        a.pace.key(),
    ])?;
    let id = tx.last_insert_rowid();
    let mut choice = tx.prepare_cached(
        "INSERT INTO choice (attempt, turn, node, choice, response_time, answered)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (i, c) in a.choices.iter().enumerate() {
        choice.execute(params![
            id,
            i as i64 + 1,
            c.node,
            c.choice,
            c.response_time,
            timestamp(c.answered)
        ])?;
    }
    Ok(id)
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

/// An SQLite URI that opens `path` as an immutable file (no locks, no -shm).
fn immutable_uri(path: &Path) -> String {
    let mut uri = String::from("file:");
    for b in path.to_string_lossy().bytes() {
        match b {
            b'?' | b'#' | b'%' | b'&' | b'=' | 0..=0x20 | 0x7f..=0xff => {
                uri.push_str(&format!("%{b:02X}"))
            }
            _ => uri.push(b as char),
        }
    }
    uri.push_str("?immutable=1");
    uri
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
