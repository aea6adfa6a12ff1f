//! Shared helpers for the integration tests: the shipped library, loaded once.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use frontline_core::library::{CatalogueSource, Library};
use frontline_core::{Catalogue, Quiz, Scenario};

/// The repository root: the folder above the test's package that holds `scenarios/`.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .find(|p| p.join("scenarios").is_dir())
        .expect("the tests run inside the repository")
}

/// Every shipped scenario, quiz and catalogue file, checked.
pub fn library() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(|| {
        let paths: Vec<PathBuf> = ["scenarios", "quizzes", "assets/catalogue"]
            .iter()
            .map(|p| root().join(p))
            .collect();
        Library::load(&paths, &CatalogueSource::Builtin)
    })
}

pub fn catalogue() -> &'static Catalogue {
    &library().catalogue
}

pub fn scenario(id: &str, locale: &str) -> &'static Scenario {
    library()
        .scenario(id, locale)
        .unwrap_or_else(|| panic!("shipped scenario {locale}/{id} is missing or has errors"))
}

pub fn quiz(id: &str, locale: &str) -> &'static Quiz {
    library()
        .quiz(id, locale)
        .unwrap_or_else(|| panic!("shipped quiz {locale}/{id} is missing or has errors"))
}

/// The seed scenarios every locale must ship.
pub const SEED_SCENARIOS: [&str; 5] = [
    "angry-customer",
    "missing-pin",
    "billing-dispute",
    "long-wait",
    "service-hall",
];
pub const LOCALES: [&str; 2] = ["en", "zh"];

/// Every shipped file as (path, text), for mutation tests.
pub fn shipped_files() -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for dir in ["scenarios", "quizzes", "assets/catalogue"] {
        let mut stack = vec![root().join(dir)];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.to_string_lossy().ends_with(".ron") {
                    let text = std::fs::read_to_string(&p).unwrap();
                    out.push((p, text));
                }
            }
        }
    }
    out.sort();
    out
}
