//! `frontline --version` and `frontline doctor`: what this installation is and what it sees,
//! the first thing company IT runs when something is off.

use std::path::Path;
use std::process::ExitCode;

use frontline_core::content;
use frontline_core::library::{Library, Sources};
use frontline_records::lrs::LrsConfig;
use frontline_records::{FILE_NAME, Store};

/// Something the game window needs that this machine lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    /// What is missing, in a sentence or two.
    pub what: String,
    /// The Debian package that provides it.
    pub package: Option<&'static str>,
}

#[cfg(feature = "game")]
impl From<frontline_game::probe::Missing> for Missing {
    fn from(m: frontline_game::probe::Missing) -> Missing {
        Missing {
            what: m.what,
            package: m.package,
        }
    }
}

/// The commit the program was built from, or "unknown" outside a git checkout.
const COMMIT: &str = env!("FRONTLINE_COMMIT");

/// `frontline --version`: the version, the commit and which library is built in.
pub fn long_version() -> String {
    format!(
        "{} (commit {COMMIT}; built-in library of {} files, sha256 {})",
        env!("CARGO_PKG_VERSION"),
        content::builtin_texts().len(),
        &content::builtin_hash()[..16]
    )
}

fn line(label: &str, value: impl std::fmt::Display) {
    say!("{label:<18} {value}");
}

/// Whether a folder can be written to, found by writing and removing a small file.
fn writable(dir: &Path) -> Result<(), String> {
    if !dir.exists() {
        return Err("does not exist yet (it is made when the first attempt is saved)".into());
    }
    let probe = dir.join(".frontline-doctor");
    std::fs::write(&probe, b"").map_err(|e| e.to_string())?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}

/// `frontline doctor`.
pub fn run(sources: &Sources, data_dir: &Path) -> anyhow::Result<ExitCode> {
    let mut trouble = false;
    line("frontline", long_version());
    line(
        "data folder",
        match writable(data_dir) {
            Ok(()) => format!("{} (writable)", data_dir.display()),
            Err(e) => format!("{} ({e})", data_dir.display()),
        },
    );
    let db = data_dir.join(FILE_NAME);
    if db.exists() {
        match Store::open_read_only(data_dir) {
            Ok(store) => {
                let counts = store.counts().map_err(anyhow::Error::msg)?;
                line(
                    "records",
                    format!(
                        "{} opens: {} attempts, {} quizzes, {} trainees",
                        db.display(),
                        counts.0,
                        counts.1,
                        counts.2
                    ),
                );
            }
            Err(e) => {
                trouble = true;
                line("records", format!("{} does not open: {e}", db.display()));
            }
        }
    } else {
        line("records", format!("{} (none yet)", db.display()));
    }
    if sources.roots.is_empty() {
        line(
            "content folders",
            "none: the built-in library only (--content DIR or FRONTLINE_CONTENT adds one)",
        );
    } else {
        for (i, root) in sources.roots.iter().enumerate() {
            let parts: Vec<&str> = content::FOLDERS
                .iter()
                .filter(|(f, _)| root.join(f).is_dir())
                .map(|(f, _)| *f)
                .collect();
            let state = if !root.is_dir() {
                trouble = true;
                "missing or not a folder".to_owned()
            } else if parts.is_empty() {
                "holds none of scenarios/, quizzes/, assets/catalogue/".to_owned()
            } else {
                parts.join(", ")
            };
            line(
                if i == 0 { "content folders" } else { "" },
                format!("{}. {} ({state})", i + 1, root.display()),
            );
        }
    }
    let lib = Library::load(sources);
    line(
        "library",
        format!(
            "{} files: {} errors, {} warnings (frontline check lists them)",
            lib.files,
            lib.errors(),
            lib.warnings()
        ),
    );
    trouble |= lib.errors() > 0;
    trouble |= !window_report();
    line(
        "font",
        "WenQuanYi Micro Hei, built in (Latin, Chinese and Korean text)",
    );
    match LrsConfig::load(data_dir) {
        Ok(c) => line(
            "LRS",
            format!(
                "{} as `{}`, password {} (hidden)",
                c.public_endpoint(),
                c.username,
                if c.password.is_empty() {
                    "not set"
                } else {
                    "set"
                }
            ),
        ),
        Err(frontline_records::lrs::LrsError::NotConfigured(_)) => line(
            "LRS",
            "not set up (lrs.ron in the data folder, or FRONTLINE_LRS_*)",
        ),
        Err(e) => {
            trouble = true;
            line("LRS", format!("settings refused: {e}"));
        }
    }
    Ok(super::verdict(!trouble))
}

/// The display and graphics adapter lines; whether the window can open.
#[cfg(feature = "game")]
fn window_report() -> bool {
    use frontline_game::probe;
    let display = probe::display();
    match &display {
        Ok(d) => line("display", d),
        Err(m) => line("display", format!("none. {}", m.what)),
    }
    match probe::renderer() {
        Ok(r) => line("graphics adapter", r.describe()),
        Err(m) => line(
            "graphics adapter",
            format!(
                "none. {}{}",
                m.what,
                m.package
                    .map(|p| format!(" (Debian package: {p})"))
                    .unwrap_or_default()
            ),
        ),
    }
    display.is_ok()
}

#[cfg(not(feature = "game"))]
fn window_report() -> bool {
    line("display", "not used: this build has no game window");
    true
}
