//! The trainee list kept on this computer (`<data dir>/profiles.ron`): the names used here,
//! most recent first, and the language and text size last chosen. The game's profile screen
//! and the terminal front-end share it, so a trainee is the same person in both.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::files;

/// File name inside the data folder.
pub const FILE: &str = "profiles.ron";
/// Longest name accepted, in characters.
pub const MAX_NAME: usize = 40;
/// Names remembered.
const KEPT: usize = 50;

/// What is kept between starts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SavedProfiles {
    /// Trainee names, most recent first.
    pub names: Vec<String>,
    /// Language code last chosen.
    pub lang: String,
    /// Text size last chosen.
    pub zoom: f32,
    /// Each trainee's reading pace (`standard`, `slower`, `slowest`), by name; a trainee
    /// not listed reads at the standard pace.
    pub paces: std::collections::BTreeMap<String, String>,
    /// The look last chosen (`dark`, `light`, `high-contrast`).
    pub theme: String,
    /// Whether the customer's lines are spoken (V in a conversation).
    pub voice: bool,
}

impl Default for SavedProfiles {
    fn default() -> Self {
        SavedProfiles {
            names: Vec::new(),
            lang: "en".into(),
            zoom: 1.0,
            paces: Default::default(),
            theme: "dark".into(),
            voice: false,
        }
    }
}

impl SavedProfiles {
    /// Reads the saved profiles. A missing file is a first start; a damaged one is moved
    /// aside (never deleted) and reported, and the list starts empty.
    pub fn load(dir: &Path) -> (SavedProfiles, Option<String>) {
        let path = dir.join(FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return (SavedProfiles::default(), None);
            }
            Err(e) => {
                return (
                    SavedProfiles::default(),
                    Some(format!("cannot read {}: {e}", path.display())),
                );
            }
        };
        match ron::from_str::<SavedProfiles>(&text) {
            Ok(p) => (p, None),
            Err(e) => {
                let note = match files::move_aside(&path, "damaged", &[]) {
                    Ok(aside) => format!("; it was moved to {}", aside.display()),
                    Err(_) => String::new(),
                };
                (
                    SavedProfiles::default(),
                    Some(format!("{} could not be read ({e}){note}", path.display())),
                )
            }
        }
    }

    /// Writes atomically, so a crash or a full disk leaves either the old list or the new one.
    pub fn save(&self, dir: &Path) -> Result<(), String> {
        let fail =
            |e: std::io::Error| format!("cannot save the trainee list in {}: {e}", dir.display());
        std::fs::create_dir_all(dir).map_err(fail)?;
        let text = ron::ser::to_string_pretty(self, Default::default())
            .map_err(|e| format!("cannot write the trainee list: {e}"))?;
        files::write_atomically(&dir.join(FILE), text.as_bytes()).map_err(fail)
    }

    /// The reading pace of trainee `name`. A pace this program does not know (a newer
    /// one's, or a hand edit) reads as the standard pace.
    pub fn pace_of(&self, name: &str) -> frontline_core::reading::Pace {
        self.paces
            .get(name)
            .and_then(|k| frontline_core::reading::Pace::from_key(k))
            .unwrap_or_default()
    }

    /// Sets the reading pace of trainee `name`.
    pub fn set_pace(&mut self, name: &str, pace: frontline_core::reading::Pace) {
        if pace == frontline_core::reading::Pace::Standard {
            self.paces.remove(name);
        } else {
            self.paces.insert(name.to_owned(), pace.key().to_owned());
        }
    }

    /// Puts `name` first.
    pub fn remember(&mut self, name: &str) {
        self.names.retain(|n| n != name);
        self.names.insert(0, name.to_owned());
        self.names.truncate(KEPT);
    }
}

/// Turns what was typed into a name: trimmed, inner whitespace collapsed, no control
/// characters, at most [`MAX_NAME`] characters.
pub fn clean_name(typed: &str) -> Option<String> {
    let name: String = typed
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_NAME)
        .collect();
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cleaned() {
        assert_eq!(
            clean_name("  Ada   Lovelace \n"),
            Some("Ada Lovelace".into())
        );
        assert_eq!(clean_name(" \t "), None);
        assert_eq!(
            clean_name(&"x".repeat(100)).map(|n| n.len()),
            Some(MAX_NAME)
        );
    }

    #[test]
    fn profiles_survive_a_round_trip_and_a_damaged_file_is_moved_aside() {
        let dir = std::env::temp_dir().join(format!("frontline-profiles-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let mut p = SavedProfiles::default();
        p.remember("Mei");
        p.remember("Jun");
        p.remember("Mei");
        p.save(&dir).unwrap();
        let (back, problem) = SavedProfiles::load(&dir);
        assert_eq!(problem, None);
        assert_eq!(back.names, ["Mei", "Jun"]);

        std::fs::write(dir.join(FILE), "(names: [\"half").unwrap();
        let (back, problem) = SavedProfiles::load(&dir);
        assert!(back.names.is_empty());
        assert!(problem.unwrap().contains("moved to"));
        let aside = std::fs::read_dir(&dir).unwrap().flatten().any(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("profiles.ron.damaged-")
        });
        assert!(aside, "the damaged file is kept beside the new one");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
