//! The principle catalogue: every rule a choice can apply or break, with its source.
//!
//! Scores are only worth something when each point names the course principle it
//! rests on and where the course states it. The catalogue is data
//! (`assets/catalogue/*.catalogue.ron`) so trainers can extend it; the shipped files are
//! compiled in with the rest of the library ([`crate::content`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;
use crate::ids::PrincipleId;

/// One catalogue file; written `Catalogue(principles: [...])`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Catalogue", deny_unknown_fields)]
pub struct CatalogueFile {
    /// The entries of this file.
    pub principles: Vec<Principle>,
}

/// A course principle a choice can apply or violate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Principle {
    /// Stable id from the source digest (`5s.speed`, `avoid.hostility`, …).
    pub id: PrincipleId,
    /// Short name.
    pub title: Localized,
    /// The principle in one line.
    pub summary: Localized,
    /// Where the course states it.
    pub source: Citation,
    /// The passage it rests on, in the source's own language, as it occurs in the cited
    /// file after the cited section heading (`check --sources` verifies it).
    #[serde(default)]
    pub quote: Option<String>,
    /// The point is an interpretation of the source, not stated in it.
    #[serde(default)]
    pub inferred: bool,
    /// What is inferred or missing in the source, if anything.
    #[serde(default)]
    pub note: Option<Localized>,
}

/// Text in every UI language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Localized {
    /// English.
    pub en: String,
    /// Simplified Chinese.
    pub zh: String,
    /// Korean. Optional in files: catalogues written before Korean (a company's own) still
    /// load, and an entry without it shows its English text.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub ko: String,
}

impl Localized {
    /// The text in `lang`, falling back to English when the translation is empty.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh if !self.zh.is_empty() => &self.zh,
            Lang::Ko if !self.ko.is_empty() => &self.ko,
            _ => &self.en,
        }
    }
}

/// A source file and the section heading in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// Source file name, e.g. `002_e9f20f37e1e1664e.txt`.
    pub file: String,
    /// The source's own section heading.
    pub section: String,
}

impl std::fmt::Display for Citation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}, {}", self.file, self.section)
    }
}

/// The kind of principle, read from the id's prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    /// `5s.*`
    FiveS,
    /// `avoid.*`: the seven behaviours to avoid.
    Avoid,
    /// `quiz.*`
    Quiz,
    /// `mot.*`
    Mot,
    /// Everything else: complaint techniques, hall procedure, greeting, listening, …
    Practice,
}

impl Group {
    /// The group an id belongs to.
    pub fn of(id: &str) -> Group {
        match id.split('.').next().unwrap_or("") {
            "5s" => Group::FiveS,
            "avoid" => Group::Avoid,
            "quiz" => Group::Quiz,
            "mot" => Group::Mot,
            _ => Group::Practice,
        }
    }
}

/// All principles by id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Catalogue {
    principles: BTreeMap<PrincipleId, Principle>,
}

impl Catalogue {
    /// Adds every entry of a file; a later entry with the same id replaces the earlier.
    pub fn extend(&mut self, file: CatalogueFile) {
        for p in file.principles {
            self.principles.insert(p.id.clone(), p);
        }
    }

    /// The catalogue compiled into the program. The shipped files are checked by the
    /// test suite, so a parse failure here is a build defect, reported as an error.
    pub fn builtin() -> Result<Catalogue, crate::load::LoadError> {
        let mut catalogue = Catalogue::default();
        for (name, text) in crate::content::builtin_texts() {
            if name.ends_with(".catalogue.ron") {
                catalogue.extend(crate::load::parse_catalogue(text, name)?);
            }
        }
        Ok(catalogue)
    }

    /// The entry with this id.
    pub fn get(&self, id: &str) -> Option<&Principle> {
        self.principles.get(id)
    }

    /// Whether the id is known.
    pub fn contains(&self, id: &str) -> bool {
        self.principles.contains_key(id)
    }

    /// Every entry, ordered by id.
    pub fn iter(&self) -> impl Iterator<Item = &Principle> {
        self.principles.values()
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.principles.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.principles.is_empty()
    }
}
