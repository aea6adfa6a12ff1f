//! Sending statements to a Learning Record Store.
//!
//! The endpoint and credentials come from `lrs.ron` in the data folder (readable by its
//! owner only, like an SSH key) or from `FRONTLINE_LRS_ENDPOINT`, `FRONTLINE_LRS_USERNAME`
//! and `FRONTLINE_LRS_PASSWORD`. Statements go in batches; a batch the LRS accepts is noted
//! in the records at once, so an interrupted sync resumes where it stopped. Failures that
//! may pass (no connection, timeouts, 429, 5xx) are retried with a doubling pause; any
//! other answer stops the sync with what the LRS said. The password and the
//! `Authorization` header never appear in any message.

use std::path::{Path, PathBuf};
use std::time::Duration;

use base64::Engine;
use serde::Deserialize;
use serde_json::Value;

use crate::xapi::Naming;
use crate::{RecordsError, Store};

/// File name of the LRS settings inside the data folder.
pub const CONFIG_FILE: &str = "lrs.ron";

/// Where to send statements and as whom.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LrsConfig {
    /// The LRS's xAPI endpoint, e.g. `https://lrs.example.com/xAPI/`.
    pub endpoint: String,
    /// Basic-auth user (the LRS's key).
    pub username: String,
    /// Basic-auth password (the LRS's secret).
    pub password: String,
    /// Statements per request.
    #[serde(default = "default_batch")]
    pub batch: usize,
    /// Tries per batch before giving up.
    #[serde(default = "default_tries")]
    pub tries: u32,
    /// Base IRI of activity ids and extension keys.
    #[serde(default)]
    pub activity_base: Option<String>,
    /// `account.homePage` of trainees.
    #[serde(default)]
    pub home_page: Option<String>,
}

// Hand-written so that a debug print of the settings never shows the password.
impl std::fmt::Debug for LrsConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LrsConfig")
            .field("endpoint", &redact_url(&self.endpoint))
            .field("username", &self.username)
            .field("password", &"<hidden>")
            .field("batch", &self.batch)
            .field("tries", &self.tries)
            .finish()
    }
}

fn default_batch() -> usize {
    50
}

fn default_tries() -> u32 {
    5
}

/// Why the LRS settings or a sync failed.
#[derive(Debug, thiserror::Error)]
pub enum LrsError {
    /// No endpoint anywhere.
    #[error(
        "no LRS is set up: write {0} with (endpoint: \"https://…/xAPI/\", username: \"…\", password: \"…\") and `chmod 600` it, or set FRONTLINE_LRS_ENDPOINT, FRONTLINE_LRS_USERNAME and FRONTLINE_LRS_PASSWORD"
    )]
    NotConfigured(PathBuf),
    /// The settings file is readable by others.
    #[error(
        "{path} can be read by other users (mode {mode:o}); it holds the LRS password, so run `chmod 600 {path}` first"
    )]
    TooOpen {
        /// The file.
        path: PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// The settings file does not parse.
    #[error("{path}:{line}:{column}: {message}")]
    BadConfig {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A setting is missing or wrong.
    #[error("LRS settings: {0}")]
    Invalid(String),
    /// The LRS refused or could not be reached; the statements stay queued.
    #[error("the LRS at {endpoint} {what}; {queued} statements stay queued for the next sync")]
    Failed {
        /// Endpoint without credentials.
        endpoint: String,
        /// What happened, with the LRS's own words.
        what: String,
        /// Statements not sent.
        queued: usize,
    },
    /// The records could not be read or updated.
    #[error(transparent)]
    Records(#[from] RecordsError),
}

impl LrsConfig {
    /// Reads the settings: the file in `data_dir` if it exists, then the environment on top.
    pub fn load(data_dir: &Path) -> Result<LrsConfig, LrsError> {
        LrsConfig::load_from(&data_dir.join(CONFIG_FILE), |k| std::env::var(k).ok())
    }

    /// As [`LrsConfig::load`], from a given file and variable lookup.
    pub fn load_from(
        path: &Path,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<LrsConfig, LrsError> {
        let mut config = if path.exists() {
            check_private(path)?;
            let text = std::fs::read_to_string(path).map_err(|e| LrsError::BadConfig {
                path: path.to_owned(),
                line: 1,
                column: 1,
                message: e.to_string(),
            })?;
            ron::from_str::<LrsConfig>(&text).map_err(|e| LrsError::BadConfig {
                path: path.to_owned(),
                line: e.span.start.line,
                column: e.span.start.col,
                message: e.code.to_string(),
            })?
        } else {
            LrsConfig {
                endpoint: String::new(),
                username: String::new(),
                password: String::new(),
                batch: default_batch(),
                tries: default_tries(),
                activity_base: None,
                home_page: None,
            }
        };
        for (var, field) in [
            ("FRONTLINE_LRS_ENDPOINT", &mut config.endpoint),
            ("FRONTLINE_LRS_USERNAME", &mut config.username),
            ("FRONTLINE_LRS_PASSWORD", &mut config.password),
        ] {
            if let Some(v) = env(var).filter(|v| !v.is_empty()) {
                *field = v;
            }
        }
        if config.endpoint.is_empty() {
            return Err(LrsError::NotConfigured(path.to_owned()));
        }
        if !(config.endpoint.starts_with("http://") || config.endpoint.starts_with("https://")) {
            return Err(LrsError::Invalid(format!(
                "the endpoint `{}` must start with http:// or https://",
                redact_url(&config.endpoint)
            )));
        }
        if !config.endpoint.ends_with('/') {
            config.endpoint.push('/');
        }
        if config.batch == 0 || config.tries == 0 {
            return Err(LrsError::Invalid(
                "batch and tries must be at least 1".into(),
            ));
        }
        Ok(config)
    }

    /// How statements name things under these settings.
    pub fn naming(&self) -> Naming {
        let mut n = Naming::default();
        if let Some(b) = &self.activity_base {
            n.base = b.trim_end_matches('/').to_owned();
            n.home_page = format!("{}/trainees", n.base);
        }
        if let Some(h) = &self.home_page {
            n.home_page.clone_from(h);
        }
        n
    }

    /// The endpoint as it may be shown and stored: without any user:password part.
    pub fn public_endpoint(&self) -> String {
        redact_url(&self.endpoint)
    }
}

#[cfg(unix)]
fn check_private(path: &Path) -> Result<(), LrsError> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .map(|m| m.permissions().mode() & 0o777)
        .unwrap_or(0);
    if mode & 0o077 != 0 {
        return Err(LrsError::TooOpen {
            path: path.to_owned(),
            mode,
        });
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private(_: &Path) -> Result<(), LrsError> {
    Ok(())
}

/// Drops a `user:password@` part from a URL.
pub fn redact_url(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_owned();
    };
    let rest = &url[scheme_end + 3..];
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{}{}", &url[..scheme_end + 3], &rest[at + 1..]),
        None => url.to_owned(),
    }
}

/// What a sync did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SyncReport {
    /// Statements produced from the records.
    pub total: usize,
    /// Already sent before this run.
    pub already: usize,
    /// Sent in this run.
    pub sent: usize,
    /// Requests retried after a passing failure.
    pub retries: u32,
}

/// Sends every statement not yet accepted by this LRS. `progress` is called after each
/// batch with (sent so far, to send).
pub fn sync(
    store: &mut Store,
    config: &LrsConfig,
    statements: &[Value],
    mut progress: impl FnMut(usize, usize),
    mut pause: impl FnMut(Duration),
) -> Result<SyncReport, LrsError> {
    let endpoint = config.public_endpoint();
    let done = store.sent(&endpoint)?;
    let queue: Vec<&Value> = statements
        .iter()
        .filter(|s| !s["id"].as_str().is_some_and(|id| done.contains(id)))
        .collect();
    let mut report = SyncReport {
        total: statements.len(),
        already: statements.len() - queue.len(),
        ..SyncReport::default()
    };
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_connect(Some(Duration::from_secs(10)))
        .timeout_global(Some(Duration::from_secs(60)))
        .user_agent(concat!("frontline/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let auth = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD
            .encode(format!("{}:{}", config.username, config.password))
    );
    let url = format!("{}statements", strip_userinfo(&config.endpoint));
    let secret = |text: String| hide(&text, &config.password);
    progress(0, queue.len());
    for batch in queue.chunks(config.batch) {
        let body = serde_json::to_string(batch).expect("statements serialise");
        let mut wait = Duration::from_millis(500);
        let mut tries = 0;
        loop {
            tries += 1;
            let outcome = agent
                .post(&url)
                .header("Authorization", &auth)
                .header("X-Experience-API-Version", "1.0.3")
                .header("Content-Type", "application/json")
                .send(&body);
            let failure = match outcome {
                Ok(mut response) => {
                    let status = response.status().as_u16();
                    if (200..300).contains(&status) {
                        break;
                    }
                    let said = response
                        .body_mut()
                        .read_to_string()
                        .unwrap_or_default()
                        .chars()
                        .take(400)
                        .collect::<String>();
                    let what = format!(
                        "answered {status} {}{}",
                        response.status().canonical_reason().unwrap_or(""),
                        if said.trim().is_empty() {
                            String::new()
                        } else {
                            format!(": {}", said.trim())
                        }
                    );
                    let passing = status == 429 || status >= 500;
                    (secret(what), passing)
                }
                Err(e) => (secret(format!("could not be reached ({e})")), true),
            };
            let (what, passing) = failure;
            if !passing || tries >= config.tries {
                return Err(LrsError::Failed {
                    endpoint,
                    what: if passing {
                        format!("{what} (after {tries} tries)")
                    } else {
                        what
                    },
                    queued: queue.len() - report.sent,
                });
            }
            report.retries += 1;
            pause(wait);
            wait = (wait * 2).min(Duration::from_secs(30));
        }
        let ids: Vec<String> = batch
            .iter()
            .filter_map(|s| s["id"].as_str().map(str::to_owned))
            .collect();
        store.mark_sent(&endpoint, &ids)?;
        report.sent += batch.len();
        progress(report.sent, queue.len());
    }
    Ok(report)
}

fn strip_userinfo(url: &str) -> String {
    redact_url(url)
}

/// Removes the password from a message, in case an LRS or a library echoes it.
fn hide(text: &str, password: &str) -> String {
    if password.is_empty() {
        text.to_owned()
    } else {
        text.replace(password, "<hidden>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_lose_their_credentials() {
        assert_eq!(
            redact_url("https://key:secret@lrs.example.com/xAPI/"),
            "https://lrs.example.com/xAPI/"
        );
        assert_eq!(
            redact_url("http://127.0.0.1:8100/xAPI/"),
            "http://127.0.0.1:8100/xAPI/"
        );
        assert_eq!(redact_url("http://h/a@b"), "http://h/a@b");
    }

    #[test]
    fn environment_overrides_and_a_missing_endpoint_says_how_to_set_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(CONFIG_FILE);
        let err = LrsConfig::load_from(&path, |_| None).unwrap_err();
        assert!(err.to_string().contains("FRONTLINE_LRS_ENDPOINT"), "{err}");
        let c = LrsConfig::load_from(&path, |k| match k {
            "FRONTLINE_LRS_ENDPOINT" => Some("http://127.0.0.1:9/xAPI".into()),
            "FRONTLINE_LRS_PASSWORD" => Some("pw".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(c.endpoint, "http://127.0.0.1:9/xAPI/");
        assert!(!format!("{c:?}").contains("pw"));
    }

    #[cfg(unix)]
    #[test]
    fn a_settings_file_others_can_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(CONFIG_FILE);
        std::fs::write(
            &path,
            "(endpoint: \"http://h/xAPI/\", username: \"u\", password: \"p\")",
        )
        .unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = LrsConfig::load_from(&path, |_| None).unwrap_err();
        assert!(err.to_string().contains("chmod 600"), "{err}");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(LrsConfig::load_from(&path, |_| None).unwrap().username, "u");
        std::fs::write(&path, "(endpoint: \"http://h/xAPI/\", usernme: \"u\")").unwrap();
        let err = LrsConfig::load_from(&path, |_| None).unwrap_err();
        assert!(err.to_string().contains(":1:"), "{err}");
    }
}
