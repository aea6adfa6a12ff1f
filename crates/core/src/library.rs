//! Loading a set of trainer files at once: the catalogue, scenarios and quizzes,
//! every problem found, and the locale pairs compared.
//!
//! One broken file never hides the others: each file is parsed and checked on its
//! own, its problems are collected, and every file without errors stays usable.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::catalogue::Catalogue;
use crate::diagnostic::{Diagnostic, Issue, Severity};
use crate::load::{self, FileKind};
use crate::quiz::Quiz;
use crate::scenario::Scenario;
use crate::teaching;
use crate::validate::{self, FileContext};

/// A file that parsed, with its text (kept for positions) and whether it has errors.
#[derive(Debug, Clone)]
pub struct Loaded<T> {
    /// Where it was read from.
    pub path: PathBuf,
    /// The content.
    pub value: T,
    /// Whether validation found errors (the file is then not playable).
    pub has_errors: bool,
}

/// Everything read from a set of paths.
#[derive(Debug, Clone, Default)]
pub struct Library {
    /// The catalogue the content was checked against.
    pub catalogue: Catalogue,
    /// Scenarios that parsed (check `has_errors` before playing).
    pub scenarios: Vec<Loaded<Scenario>>,
    /// Quizzes that parsed.
    pub quizzes: Vec<Loaded<Quiz>>,
    /// Every problem, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// Files read.
    pub files: usize,
}

/// Where the catalogue comes from when the paths hold no catalogue file.
#[derive(Debug, Clone)]
pub enum CatalogueSource {
    /// Read the `*.catalogue.ron` files of this folder.
    Folder(PathBuf),
    /// Use the catalogue compiled into the program.
    Builtin,
}

impl CatalogueSource {
    /// `assets/catalogue` under the working directory when it exists, else the built-in one.
    pub fn default_for_cwd() -> CatalogueSource {
        let dir = PathBuf::from("assets/catalogue");
        if dir.is_dir() {
            CatalogueSource::Folder(dir)
        } else {
            CatalogueSource::Builtin
        }
    }
}

fn locale_folder(path: &Path) -> Option<&str> {
    let name = path.parent()?.file_name()?.to_str()?;
    let looks_like_locale =
        (2..=3).contains(&name.len()) && name.chars().all(|c| c.is_ascii_lowercase());
    looks_like_locale.then_some(name)
}

/// How many folder levels below a given folder are searched. Content sits one level
/// down (`scenarios/en/`); the bound also ends a loop of symbolic links.
const MAX_FOLDER_DEPTH: usize = 4;

/// Expands folders (recursively, sorted) into the Frontline files they hold. The game's
/// folder scan uses it too.
pub fn expand(paths: &[PathBuf], diagnostics: &mut Vec<Diagnostic>) -> Vec<(PathBuf, FileKind)> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut stack = vec![(path.clone(), 0)];
            let mut found = Vec::new();
            while let Some((dir, depth)) = stack.pop() {
                let entries = match std::fs::read_dir(&dir) {
                    Ok(e) => e,
                    Err(e) => {
                        diagnostics.push(Diagnostic {
                            file: dir.display().to_string(),
                            issue: Issue::error(
                                None,
                                format!("cannot read the folder: {e}"),
                                "check its permissions",
                            ),
                        });
                        continue;
                    }
                };
                for entry in entries.flatten() {
                    let p = entry.path();
                    if p.is_dir() {
                        if depth < MAX_FOLDER_DEPTH {
                            stack.push((p, depth + 1));
                        }
                    } else if let Some(kind) = FileKind::of(&p) {
                        found.push((p, kind));
                    }
                }
            }
            found.sort();
            out.extend(found);
        } else if let Some(kind) = FileKind::of(path) {
            out.push((path.clone(), kind));
        } else if !path.exists() {
            diagnostics.push(Diagnostic {
                file: path.display().to_string(),
                issue: Issue::error(None, "no such file or folder", "check the path; `frontline check` with no paths checks scenarios/, quizzes/ and assets/catalogue/"),
            });
        } else {
            diagnostics.push(Diagnostic {
                file: path.display().to_string(),
                issue: Issue::error(
                    None,
                    "not a Frontline file",
                    "files are named *.scenario.ron, *.quiz.ron or *.catalogue.ron",
                ),
            });
        }
    }
    out
}

/// File indices grouped by id, one group per scenario or quiz whatever its languages.
fn by_id<'a, T>(
    files: &'a [Loaded<T>],
    key: &impl Fn(&'a T) -> (&'a String, &'a String),
) -> BTreeMap<&'a str, Vec<usize>> {
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, f) in files.iter().enumerate() {
        groups.entry(key(&f.value).0).or_default().push(i);
    }
    groups
}

/// Pairs (original, translation) of indices of files sharing an id: the English
/// version is the original when there is one, else the first found.
fn translations<T>(
    files: &[Loaded<T>],
    key: impl Fn(&T) -> (&String, &String),
) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    for group in by_id(files, &key).values() {
        let base = group
            .iter()
            .copied()
            .find(|&i| key(&files[i].value).1 == "en")
            .unwrap_or(group[0]);
        pairs.extend(group.iter().filter(|&&i| i != base).map(|&i| (base, i)));
    }
    pairs
}

/// Files with no version in a locale the library otherwise has: the trainee who plays in
/// that language would get another language's version. Returns (file index, missing locale).
fn untranslated<T>(
    files: &[Loaded<T>],
    key: impl Fn(&T) -> (&String, &String),
) -> Vec<(usize, String)> {
    let locales: std::collections::BTreeSet<&String> =
        files.iter().map(|f| key(&f.value).1).collect();
    let mut out = Vec::new();
    for group in by_id(files, &key).values() {
        let have: Vec<&String> = group.iter().map(|&i| key(&files[i].value).1).collect();
        for l in &locales {
            if !have.contains(l) {
                out.push((group[0], (*l).clone()));
            }
        }
    }
    out
}

/// What parsing and checking one file found.
#[derive(Debug)]
pub struct Checked<T> {
    /// The parsed value; `None` when the file could not be parsed.
    pub value: Option<T>,
    /// Whether any issue is an error (a value with errors must not be played).
    pub has_errors: bool,
    /// Every issue, with `path` as the file name.
    pub diagnostics: Vec<Diagnostic>,
}

impl<T> Checked<T> {
    /// The value, when it parsed and has no errors.
    pub fn playable(self) -> Result<(T, Vec<Diagnostic>), Vec<Diagnostic>> {
        match self.value {
            Some(v) if !self.has_errors => Ok((v, self.diagnostics)),
            _ => Err(self.diagnostics),
        }
    }
}

/// Places `issues` in the file `path`.
pub fn diagnostics_of(path: &Path, issues: Vec<Issue>) -> Vec<Diagnostic> {
    let file = path.display().to_string();
    issues
        .into_iter()
        .map(|issue| Diagnostic {
            file: file.clone(),
            issue,
        })
        .collect()
}

/// Parses and checks a scenario's text; `path` names the file in messages and supplies the
/// id and locale its name and folder imply. A scenario without errors comes back resolved,
/// ready to play. The game's asset loader and [`Library::load`] share this.
pub fn check_scenario(text: &str, path: &Path, catalogue: &Catalogue) -> Checked<Scenario> {
    let mut s = match load::parse_scenario(text, &path.display().to_string()) {
        Ok(s) => Scenario {
            content_hash: load::content_hash(text),
            ..s
        },
        Err(e) => {
            return Checked {
                value: None,
                has_errors: true,
                diagnostics: vec![e.diagnostic()],
            };
        }
    };
    let id = FileKind::Scenario.id_of(path);
    let ctx = FileContext {
        catalogue,
        file_id: id.as_deref(),
        folder_locale: locale_folder(path),
    };
    let mut issues = validate::scenario(&s, text, &ctx);
    let mut has_errors = issues.iter().any(|i| i.severity == Severity::Error);
    if !has_errors && let Err(e) = s.resolve() {
        has_errors = true;
        issues.push(Issue::error(None, e.to_string(), "fix the reference"));
    }
    if !has_errors {
        issues.extend(teaching::scenario(&s, text));
    }
    Checked {
        value: Some(s),
        has_errors,
        diagnostics: diagnostics_of(path, issues),
    }
}

/// Parses and checks a quiz's text, as [`check_scenario`] does a scenario's.
pub fn check_quiz(text: &str, path: &Path, catalogue: &Catalogue) -> Checked<Quiz> {
    let q = match load::parse_quiz(text, &path.display().to_string()) {
        Ok(q) => Quiz {
            content_hash: load::content_hash(text),
            ..q
        },
        Err(e) => {
            return Checked {
                value: None,
                has_errors: true,
                diagnostics: vec![e.diagnostic()],
            };
        }
    };
    let id = FileKind::Quiz.id_of(path);
    let ctx = FileContext {
        catalogue,
        file_id: id.as_deref(),
        folder_locale: locale_folder(path),
    };
    let issues = validate::quiz(&q, text, &ctx);
    let has_errors = issues.iter().any(|i| i.severity == Severity::Error);
    Checked {
        value: Some(q),
        has_errors,
        diagnostics: diagnostics_of(path, issues),
    }
}

impl Library {
    /// Reads, parses and checks every Frontline file under `paths`.
    pub fn load(paths: &[PathBuf], catalogue_source: &CatalogueSource) -> Library {
        let mut lib = Library::default();
        let files = expand(paths, &mut lib.diagnostics);
        lib.files = files.len();

        // The catalogue first: the content is checked against it.
        // Catalogue files among the paths are checked and reported like any other;
        // otherwise the catalogue comes quietly from its source.
        let listed: Vec<PathBuf> = files
            .iter()
            .filter(|(_, k)| *k == FileKind::Catalogue)
            .map(|(p, _)| p.clone())
            .collect();
        let report_catalogue = !listed.is_empty();
        let catalogue_files: Vec<PathBuf> = match report_catalogue {
            true => listed,
            false => match catalogue_source {
                CatalogueSource::Folder(dir) => expand(std::slice::from_ref(dir), &mut Vec::new())
                    .into_iter()
                    .filter(|(_, k)| *k == FileKind::Catalogue)
                    .map(|(p, _)| p)
                    .collect(),
                CatalogueSource::Builtin => Vec::new(),
            },
        };
        let mut seen = HashMap::new();
        if catalogue_files.is_empty() {
            match Catalogue::builtin() {
                Ok(c) => lib.catalogue = c,
                Err(e) => lib.diagnostics.push(e.diagnostic()),
            }
        }
        for path in &catalogue_files {
            let parsed = load::read_text(path).and_then(|text| {
                let file = load::parse_catalogue(&text, &path.display().to_string())?;
                Ok((text, file))
            });
            match parsed {
                Ok((text, file)) => {
                    let issues = validate::catalogue_file(
                        &file,
                        &text,
                        &path.display().to_string(),
                        &mut seen,
                    );
                    if report_catalogue {
                        lib.diagnostics.extend(diagnostics_of(path, issues));
                    }
                    lib.catalogue.extend(file);
                }
                Err(e) => lib.diagnostics.push(e.diagnostic()),
            }
        }

        let mut texts: HashMap<PathBuf, String> = HashMap::new();
        for (path, kind) in &files {
            let text = match load::read_text(path) {
                Ok(t) => t,
                Err(e) => {
                    lib.diagnostics.push(e.diagnostic());
                    continue;
                }
            };
            match kind {
                FileKind::Catalogue => continue,
                FileKind::Scenario => {
                    let checked = check_scenario(&text, path, &lib.catalogue);
                    lib.diagnostics.extend(checked.diagnostics);
                    if let Some(value) = checked.value {
                        lib.scenarios.push(Loaded {
                            path: path.clone(),
                            value,
                            has_errors: checked.has_errors,
                        });
                    }
                }
                FileKind::Quiz => {
                    let checked = check_quiz(&text, path, &lib.catalogue);
                    lib.diagnostics.extend(checked.diagnostics);
                    if let Some(value) = checked.value {
                        lib.quizzes.push(Loaded {
                            path: path.clone(),
                            value,
                            has_errors: checked.has_errors,
                        });
                    }
                }
            }
            texts.insert(path.clone(), text);
        }

        // Locale pairs: compare every translation with the English (or first) version.
        let mut pair_issues = Vec::new();
        for (base, other) in translations(&lib.scenarios, |s| (&s.id, &s.locale)) {
            let (a, b) = (&lib.scenarios[base], &lib.scenarios[other]);
            if let Some(text) = texts.get(&b.path) {
                let issues = validate::scenario_pair(&a.value, &b.value, text);
                pair_issues.push((
                    b.path.clone(),
                    teaching::locale_pair(issues, &b.value.silence, text),
                ));
            }
        }
        for (base, other) in translations(&lib.quizzes, |q| (&q.id, &q.locale)) {
            let (a, b) = (&lib.quizzes[base], &lib.quizzes[other]);
            if let Some(text) = texts.get(&b.path) {
                let issues = validate::quiz_pair(&a.value, &b.value, text);
                pair_issues.push((
                    b.path.clone(),
                    teaching::locale_pair(issues, &b.value.silence, text),
                ));
            }
        }
        // A file missing in a language the library has.
        let missing = untranslated(&lib.scenarios, |s| (&s.id, &s.locale))
            .into_iter()
            .map(|(i, l)| (lib.scenarios[i].path.clone(), l))
            .chain(
                untranslated(&lib.quizzes, |q| (&q.id, &q.locale))
                    .into_iter()
                    .map(|(i, l)| (lib.quizzes[i].path.clone(), l)),
            );
        for (path, locale) in missing {
            pair_issues.push((
                path,
                vec![Issue::warning(
                    None,
                    format!("there is no `{locale}` version of this file, so trainees playing in that language get this one"),
                    format!("write the translation in the `{locale}` folder with the same name and structure"),
                )],
            ));
        }
        // Quiz items practised by no scenario of their language.
        // Only when the scenarios of that language were read too: a quiz checked on its
        // own says nothing about them.
        for q in lib.quizzes.iter().filter(|q| !q.has_errors) {
            let with_scenarios = lib
                .scenarios
                .iter()
                .any(|s| !s.has_errors && s.value.locale == q.value.locale);
            if with_scenarios && let Some(text) = texts.get(&q.path) {
                let playable = lib.scenarios.iter().filter(|s| !s.has_errors);
                pair_issues.push((
                    q.path.clone(),
                    teaching::quiz_links(&q.value, text, playable.map(|s| &s.value)),
                ));
            }
        }
        for (path, issues) in pair_issues {
            lib.diagnostics.extend(diagnostics_of(&path, issues));
        }

        lib.diagnostics.sort_by(|a, b| {
            (&a.file, a.issue.position, a.issue.severity).cmp(&(
                &b.file,
                b.issue.position,
                b.issue.severity,
            ))
        });
        lib
    }

    /// Number of errors found.
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.issue.severity == Severity::Error)
            .count()
    }

    /// Number of warnings found.
    pub fn warnings(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.issue.severity == Severity::Warning)
            .count()
    }

    /// The playable scenario with this id and locale.
    pub fn scenario(&self, id: &str, locale: &str) -> Option<&Scenario> {
        self.scenarios
            .iter()
            .find(|s| !s.has_errors && s.value.id == id && s.value.locale == locale)
            .map(|s| &s.value)
    }

    /// The usable quiz with this id and locale.
    pub fn quiz(&self, id: &str, locale: &str) -> Option<&Quiz> {
        self.quizzes
            .iter()
            .find(|q| !q.has_errors && q.value.id == id && q.value.locale == locale)
            .map(|q| &q.value)
    }
}
