//! The library: the built-in copy of the shipped content with content folders on top,
//! every file parsed and checked, every problem found, and the locale pairs compared.
//!
//! Layers, lowest first: the built-in library, then each content folder in the order given.
//! A scenario or quiz with the same id and locale as one in a lower layer replaces it; a new
//! id adds a card. A catalogue file named like one in a lower layer replaces that file; any
//! other catalogue file adds its entries, and one principle id in two files is an error that
//! names both. A file with errors never takes a working version out of play: its last good
//! text (when the caller kept one) or the lower layer's version stays playable, and the errors
//! are reported. One broken file never hides the others.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::catalogue::Catalogue;
use crate::content::{self, ContentFile, Origin};
use crate::diagnostic::{Diagnostic, Issue, Severity};
use crate::load::{self, FileKind};
use crate::quiz::Quiz;
use crate::scenario::Scenario;
use crate::teaching;
use crate::validate::{self, FileContext};

/// A file that parsed, with whether it has errors and where it came from.
#[derive(Debug, Clone)]
pub struct Loaded<T> {
    /// The file as messages name it (see [`content::shown`]).
    pub path: PathBuf,
    /// Built in, or the content folder it was read from.
    pub origin: Origin,
    /// Its name inside its content folder: `scenarios/en/x.scenario.ron`.
    pub name: String,
    /// The content.
    pub value: T,
    /// Whether validation found errors (the file is then not playable).
    pub has_errors: bool,
    /// The current text has errors and this is the last good version, kept in play.
    pub kept_last_good: bool,
}

/// What became of one file of the layers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileStatus {
    /// In play (it may have warnings).
    InPlay,
    /// In play in place of a lower layer's version, shown here.
    Replaces(String),
    /// Out of play: a higher layer's version, shown here, replaces it.
    ReplacedBy(String),
    /// Out of play because of its errors; the version shown here plays instead, if any.
    Broken(Option<String>),
}

/// One file of the library and its fate, for `check` and the library screen to say where
/// each file came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEntry {
    /// Scenario, quiz or catalogue.
    pub kind: FileKind,
    /// Built in, or its content folder.
    pub origin: Origin,
    /// Its name inside its content folder.
    pub name: String,
    /// What became of it.
    pub status: FileStatus,
}

impl FileEntry {
    /// The file as messages name it.
    pub fn shown(&self) -> String {
        content::shown(&self.origin, &self.name)
    }
}

/// Everything read from the layers.
#[derive(Debug, Clone, Default)]
pub struct Library {
    /// The catalogue the content was checked against.
    pub catalogue: Catalogue,
    /// Scenarios in play, and those with errors that parsed (check `has_errors` before
    /// playing; [`Library::scenario`] does).
    pub scenarios: Vec<Loaded<Scenario>>,
    /// Quizzes in play, and those with errors that parsed.
    pub quizzes: Vec<Loaded<Quiz>>,
    /// Every problem, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// Files read.
    pub files: usize,
    /// Every file considered, in layer order, and what became of it.
    pub entries: Vec<FileEntry>,
    /// The catalogue files in play, as (file as messages name it, text), for checks that
    /// read the catalogue again against something else (the quotes against the sources).
    pub catalogue_texts: Vec<(String, String)>,
}

/// Where a library is read from besides the built-in copy.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sources {
    /// Content folders, lowest layer first.
    pub roots: Vec<PathBuf>,
    /// A folder of `*.catalogue.ron` files layered on top of the roots' catalogues.
    pub catalogue: Option<PathBuf>,
    /// Leave out the built-in copy (the tests of a folder on its own use this).
    pub without_builtin: bool,
}

impl Sources {
    /// The built-in library with these content folders on top.
    pub fn roots(roots: impl IntoIterator<Item = PathBuf>) -> Sources {
        Sources {
            roots: roots.into_iter().collect(),
            ..Sources::default()
        }
    }

    /// Every file of the layers, read, with the problems of the folders themselves.
    pub fn read(&self) -> (Vec<ContentFile>, Vec<Diagnostic>) {
        let mut files = if self.without_builtin {
            Vec::new()
        } else {
            content::builtin()
        };
        let mut problems = Vec::new();
        for root in &self.roots {
            let r = content::read_root(root);
            files.extend(r.files);
            problems.extend(r.problems);
        }
        if let Some(dir) = &self.catalogue {
            let (f, p) = catalogue_folder(dir);
            files.extend(f);
            problems.extend(p);
        }
        (files, problems)
    }
}

/// The catalogue files of one folder, named as if they sat in a content folder's
/// `assets/catalogue/` so that they replace catalogue files of the same name.
fn catalogue_folder(dir: &Path) -> (Vec<ContentFile>, Vec<Diagnostic>) {
    let found = content::find(&[dir.to_path_buf()]);
    let files = found
        .files
        .into_iter()
        .filter(|(_, k)| *k == FileKind::Catalogue)
        .filter_map(|(path, kind)| {
            let relative = path
                .strip_prefix(dir)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            Some(ContentFile {
                kind,
                origin: Origin::Folder(dir.to_path_buf()),
                name: format!("assets/catalogue/{relative}"),
                text: content::read_text(&path),
                last_good: None,
            })
        })
        .collect();
    (files, found.problems)
}

/// The locale a file's folder names, when it is one Frontline knows (`scenarios/zh/x`): a
/// folder called `tmp` or `old` says nothing about the language of what is in it.
pub fn locale_folder(path: &Path) -> Option<&str> {
    let name = path.parent()?.file_name()?.to_str()?;
    validate::LOCALES.contains(&name).then_some(name)
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
        issues.push(Issue::error(
            crate::code::UNRESOLVED_REFERENCE,
            None,
            e.to_string(),
            "fix the reference",
        ));
    }
    if !has_errors {
        issues.extend(teaching::scenario(&s, text));
        issues.extend(teaching::source_claims(&s, text, catalogue));
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

/// A scenario or quiz file, parsed as far as it goes, with the key that decides what it
/// replaces: its kind, id (from the file name) and locale (from the folder, else the file).
struct Candidate {
    file: usize,
    layer: usize,
    key: Option<(FileKind, String, String)>,
}

fn peek_locale(kind: FileKind, text: &str) -> Option<String> {
    match kind {
        FileKind::Scenario => load::parse_scenario(text, "").ok().map(|s| s.locale),
        FileKind::Quiz => load::parse_quiz(text, "").ok().map(|q| q.locale),
        FileKind::Catalogue => None,
    }
}

/// The outcome of checking one version of a scenario or quiz file.
enum Version {
    Scenario(Box<Checked<Scenario>>),
    Quiz(Box<Checked<Quiz>>),
}

impl Version {
    fn check(kind: FileKind, text: &str, shown: &Path, catalogue: &Catalogue) -> Version {
        match kind {
            FileKind::Quiz => Version::Quiz(Box::new(check_quiz(text, shown, catalogue))),
            _ => Version::Scenario(Box::new(check_scenario(text, shown, catalogue))),
        }
    }

    fn playable(&self) -> bool {
        match self {
            Version::Scenario(c) => c.value.is_some() && !c.has_errors,
            Version::Quiz(c) => c.value.is_some() && !c.has_errors,
        }
    }
}

impl Library {
    /// The built-in library with the content folders of `sources` on top: what `frontline
    /// check` checks and every command plays from.
    pub fn load(sources: &Sources) -> Library {
        let (files, problems) = sources.read();
        Library::build(files, problems)
    }

    /// Checks the files under `paths` (files or folders) against the catalogue of the
    /// layers in `sources` and of the content folder each path lies in, so that checking
    /// `DIR/scenarios/en/x.scenario.ron` uses DIR's catalogue. Only the files under `paths`
    /// are reported and compared with each other.
    pub fn load_paths(paths: &[PathBuf], sources: &Sources) -> Library {
        let (layered, mut problems) = sources.read();
        let mut files: Vec<ContentFile> = layered
            .into_iter()
            .filter(|f| f.kind == FileKind::Catalogue)
            .collect();
        let mut extra_roots: Vec<PathBuf> = Vec::new();
        let found = content::find(paths);
        problems.extend(found.problems);
        let mut reported: HashSet<String> = HashSet::new();
        for (path, kind) in &found.files {
            let root = content::root_of(path);
            let (origin, name) = match &root {
                Some(r) => {
                    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.clone());
                    let relative = absolute
                        .strip_prefix(r)
                        .map(|p| p.to_string_lossy().replace('\\', "/"))
                        .unwrap_or_else(|_| path.display().to_string());
                    (Origin::Folder(shown_root(r, path, &relative)), relative)
                }
                None => (
                    Origin::Folder(path.parent().map(Path::to_path_buf).unwrap_or_default()),
                    match kind {
                        FileKind::Catalogue => format!(
                            "assets/catalogue/{}",
                            path.file_name()
                                .map(|n| n.to_string_lossy())
                                .unwrap_or_default()
                        ),
                        _ => path
                            .file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default(),
                    },
                ),
            };
            if let Some(r) = root
                && *kind != FileKind::Catalogue
                && !sources.roots.iter().any(|s| same_dir(s, &r))
                && !extra_roots.iter().any(|s| same_dir(s, &r))
            {
                extra_roots.push(r);
            }
            let file = ContentFile {
                kind: *kind,
                origin,
                name,
                text: content::read_text(path),
                last_good: None,
            };
            reported.insert(file.shown());
            files.push(file);
        }
        // The catalogue of a content folder that holds a checked file, unless it is a layer
        // already or the files checked include its catalogue files.
        for root in &extra_roots {
            let r = content::read_root(root);
            for f in r
                .files
                .into_iter()
                .filter(|f| f.kind == FileKind::Catalogue)
            {
                let shown = f.shown();
                if !files.iter().any(|g| same_file(&g.shown(), &shown)) {
                    files.push(f);
                }
            }
        }
        // Catalogue files sort before content in layer order: the checked catalogue files
        // are the top layer.
        let mut lib = Library::build(files, problems);
        lib.diagnostics.retain(|d| {
            reported.contains(&d.file)
                || !lib
                    .entries
                    .iter()
                    .any(|e| e.kind == FileKind::Catalogue && e.shown() == d.file)
        });
        lib.entries.retain(|e| reported.contains(&e.shown()));
        lib.files = found.files.len();
        lib
    }

    /// Parses and checks `files`, layered in the order their origins first appear (the
    /// built-in copy, if present, should come first), adding `problems` found while reading.
    /// Pure: no file is read.
    pub fn build(files: Vec<ContentFile>, problems: Vec<Diagnostic>) -> Library {
        let mut lib = Library {
            diagnostics: problems,
            files: files.len(),
            ..Library::default()
        };
        let mut layers: Vec<Origin> = Vec::new();
        let layer_of =
            |layers: &mut Vec<Origin>, o: &Origin| match layers.iter().position(|l| l == o) {
                Some(i) => i,
                None => {
                    layers.push(o.clone());
                    layers.len() - 1
                }
            };
        let layer: Vec<usize> = files
            .iter()
            .map(|f| layer_of(&mut layers, &f.origin))
            .collect();
        for f in &files {
            if let Err(e) = &f.text {
                lib.diagnostics.push(Diagnostic {
                    file: f.shown(),
                    issue: e.issue.clone(),
                });
            }
        }

        // The catalogue first: the content is checked against it.
        lib.catalogue = Library::layer_catalogue(&files, &layer, &mut lib);

        // Scenarios and quizzes: find each file's key, then per key the version in play.
        let candidates: Vec<Candidate> = files
            .iter()
            .enumerate()
            .filter(|(_, f)| f.kind != FileKind::Catalogue)
            .map(|(i, f)| {
                let id = f.kind.id_of(Path::new(&f.name));
                let locale = locale_folder(Path::new(&f.name))
                    .map(str::to_owned)
                    .or_else(|| {
                        f.text
                            .as_ref()
                            .ok()
                            .and_then(|t| peek_locale(f.kind, t))
                            .or_else(|| f.last_good.as_deref().and_then(|t| peek_locale(f.kind, t)))
                    });
                Candidate {
                    file: i,
                    layer: layer[i],
                    key: id.zip(locale).map(|(id, l)| (f.kind, id, l)),
                }
            })
            .collect();
        let mut by_key: BTreeMap<(FileKind, String, String), Vec<&Candidate>> = BTreeMap::new();
        let mut texts: HashMap<PathBuf, String> = HashMap::new();
        for c in &candidates {
            match &c.key {
                Some(k) => by_key.entry(k.clone()).or_default().push(c),
                // No key: it cannot replace anything; report what is wrong with it.
                None => {
                    let f = &files[c.file];
                    if let Ok(text) = &f.text {
                        let shown = PathBuf::from(f.shown());
                        let v = Version::check(f.kind, text, &shown, &lib.catalogue);
                        lib.keep(v, f, &shown, false, &mut texts, text);
                    }
                    lib.entries.push(FileEntry {
                        kind: f.kind,
                        origin: f.origin.clone(),
                        name: f.name.clone(),
                        status: FileStatus::Broken(None),
                    });
                }
            }
        }
        for ((kind, id, locale), mut group) in by_key {
            group.sort_by_key(|c| (std::cmp::Reverse(c.layer), files[c.file].name.clone()));
            // Two files of one layer with the same id and locale: the first is the one.
            let mut seen_layers: HashMap<usize, usize> = HashMap::new();
            let mut ordered: Vec<&Candidate> = Vec::new();
            for c in group {
                if let Some(&first) = seen_layers.get(&c.layer) {
                    let what = if kind == FileKind::Quiz {
                        "quiz"
                    } else {
                        "scenario"
                    };
                    lib.diagnostics.push(Diagnostic {
                        file: files[c.file].shown(),
                        issue: Issue::error(
                            crate::code::DUPLICATE_ID,
                            None,
                            format!(
                                "{what} `{id}` in `{locale}` is already in {}, so this file is not used",
                                files[first].shown()
                            ),
                            "remove one of the two, or rename one (its `id` and file name) to a new id",
                        ),
                    });
                    lib.entries.push(FileEntry {
                        kind,
                        origin: files[c.file].origin.clone(),
                        name: files[c.file].name.clone(),
                        status: FileStatus::Broken(Some(files[first].shown())),
                    });
                    continue;
                }
                seen_layers.insert(c.layer, c.file);
                ordered.push(c);
            }
            // Highest layer first: the first version that plays is in play.
            let mut in_play: Option<String> = None;
            let mut broken: Vec<usize> = Vec::new();
            for c in ordered {
                let f = &files[c.file];
                let shown = PathBuf::from(f.shown());
                if let Some(winner) = &in_play {
                    lib.entries.push(FileEntry {
                        kind,
                        origin: f.origin.clone(),
                        name: f.name.clone(),
                        status: FileStatus::ReplacedBy(winner.clone()),
                    });
                    continue;
                }
                let current = f
                    .text
                    .as_ref()
                    .ok()
                    .map(|t| (t, Version::check(kind, t, &shown, &lib.catalogue)));
                let current_plays = current.as_ref().is_some_and(|(_, v)| v.playable());
                if current_plays {
                    let (text, v) = current.expect("checked above");
                    lib.keep(v, f, &shown, false, &mut texts, text);
                    in_play = Some(f.shown());
                    lib.entries.push(FileEntry {
                        kind,
                        origin: f.origin.clone(),
                        name: f.name.clone(),
                        status: FileStatus::InPlay,
                    });
                    continue;
                }
                // The current text has errors: report them, then try its last good text.
                if let Some((text, v)) = current {
                    lib.keep(v, f, &shown, false, &mut texts, text);
                }
                let last_good = f.last_good.as_ref().and_then(|t| {
                    let v = Version::check(kind, t, &shown, &lib.catalogue);
                    v.playable().then_some((t, v))
                });
                if let Some((text, v)) = last_good {
                    lib.keep(v, f, &shown, true, &mut texts, text);
                    in_play = Some(f.shown());
                }
                broken.push(c.file);
            }
            for b in broken {
                let f = &files[b];
                let plays_instead = in_play.clone().filter(|w| *w != f.shown());
                let kept = in_play.as_deref() == Some(f.shown().as_str());
                lib.entries.push(FileEntry {
                    kind,
                    origin: f.origin.clone(),
                    name: f.name.clone(),
                    status: if kept {
                        FileStatus::Broken(Some(format!("{} (its last good version)", f.shown())))
                    } else {
                        FileStatus::Broken(plays_instead)
                    },
                });
            }
        }
        // An entry in play that has a lower layer's version under it replaces that one.
        let replaced: Vec<(String, String)> = lib
            .entries
            .iter()
            .filter_map(|e| match &e.status {
                FileStatus::ReplacedBy(w) => Some((w.clone(), e.shown())),
                _ => None,
            })
            .collect();
        for e in &mut lib.entries {
            if e.status == FileStatus::InPlay
                && let Some((_, lower)) = replaced.iter().find(|(w, _)| *w == e.shown())
            {
                e.status = FileStatus::Replaces(lower.clone());
            }
        }

        lib.cross_file_checks(&texts);
        lib.sort_diagnostics();
        lib.entries
            .sort_by(|a, b| (&a.name, &a.origin).cmp(&(&b.name, &b.origin)));
        lib
    }

    /// Adds a checked version: its diagnostics (unless it is a last good version, whose
    /// problems are not the file's current ones) and its value.
    fn keep(
        &mut self,
        v: Version,
        f: &ContentFile,
        shown: &Path,
        kept_last_good: bool,
        texts: &mut HashMap<PathBuf, String>,
        text: &str,
    ) {
        let (diagnostics, loaded) = match v {
            Version::Scenario(c) => {
                let c = *c;
                let has_errors = c.has_errors;
                (
                    c.diagnostics,
                    c.value.map(|value| {
                        self.scenarios.push(Loaded {
                            path: shown.to_path_buf(),
                            origin: f.origin.clone(),
                            name: f.name.clone(),
                            value,
                            has_errors,
                            kept_last_good,
                        })
                    }),
                )
            }
            Version::Quiz(c) => {
                let c = *c;
                let has_errors = c.has_errors;
                (
                    c.diagnostics,
                    c.value.map(|value| {
                        self.quizzes.push(Loaded {
                            path: shown.to_path_buf(),
                            origin: f.origin.clone(),
                            name: f.name.clone(),
                            value,
                            has_errors,
                            kept_last_good,
                        })
                    }),
                )
            }
        };
        if !kept_last_good {
            self.diagnostics.extend(diagnostics);
        }
        if loaded.is_some() {
            texts.insert(shown.to_path_buf(), text.to_owned());
        }
    }

    /// The catalogue from the catalogue files of every layer: a file named like a lower
    /// layer's replaces it (unless it cannot be parsed, when its last good text or the lower
    /// version stays), and an id defined in two files in play is an error naming both.
    fn layer_catalogue(files: &[ContentFile], layer: &[usize], lib: &mut Library) -> Catalogue {
        let mut by_name: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, f) in files.iter().enumerate() {
            if f.kind == FileKind::Catalogue {
                by_name.entry(f.name.as_str()).or_default().push(i);
            }
        }
        let mut catalogue = Catalogue::default();
        let mut seen = HashMap::new();
        for (_, mut versions) in by_name {
            versions.sort_by_key(|&i| std::cmp::Reverse(layer[i]));
            let mut in_play: Option<String> = None;
            for i in versions {
                let f = &files[i];
                let shown = f.shown();
                if let Some(w) = &in_play {
                    lib.entries.push(FileEntry {
                        kind: f.kind,
                        origin: f.origin.clone(),
                        name: f.name.clone(),
                        status: FileStatus::ReplacedBy(w.clone()),
                    });
                    continue;
                }
                let parsed = |t: &String| load::parse_catalogue(t, &shown).map(|p| (t.clone(), p));
                let current = f.text.as_ref().map_err(|e| e.clone()).and_then(parsed);
                let (text, file, kept) = match current {
                    Ok((t, p)) => (t, p, false),
                    Err(e) => {
                        if f.text.is_ok() {
                            lib.diagnostics.push(e.diagnostic());
                        }
                        match f.last_good.as_ref().map(parsed) {
                            Some(Ok((t, p))) => (t, p, true),
                            _ => {
                                lib.entries.push(FileEntry {
                                    kind: f.kind,
                                    origin: f.origin.clone(),
                                    name: f.name.clone(),
                                    status: FileStatus::Broken(None),
                                });
                                continue;
                            }
                        }
                    }
                };
                let issues = validate::catalogue_file(&file, &text, &shown, &mut seen);
                if !kept {
                    lib.diagnostics
                        .extend(diagnostics_of(Path::new(&shown), issues));
                }
                lib.catalogue_texts.push((shown.clone(), text.clone()));
                catalogue.extend(file);
                in_play = Some(shown.clone());
                lib.entries.push(FileEntry {
                    kind: f.kind,
                    origin: f.origin.clone(),
                    name: f.name.clone(),
                    status: if kept {
                        FileStatus::Broken(Some(format!("{shown} (its last good version)")))
                    } else {
                        FileStatus::InPlay
                    },
                });
            }
        }
        catalogue
    }

    /// The checks across files, over the versions in play: translations against their
    /// original, files missing in a language the library has, quiz items no scenario
    /// practises.
    fn cross_file_checks(&mut self, texts: &HashMap<PathBuf, String>) {
        let playable_scenarios: Vec<Loaded<Scenario>> = self
            .scenarios
            .iter()
            .filter(|s| !s.has_errors)
            .cloned()
            .collect();
        let playable_quizzes: Vec<Loaded<Quiz>> = self
            .quizzes
            .iter()
            .filter(|q| !q.has_errors)
            .cloned()
            .collect();
        let mut pair_issues = Vec::new();
        for (base, other) in translations(&playable_scenarios, |s| (&s.id, &s.locale)) {
            let (a, b) = (&playable_scenarios[base], &playable_scenarios[other]);
            if let Some(text) = texts.get(&b.path) {
                let issues = validate::scenario_pair(&a.value, &b.value, text);
                pair_issues.push((
                    b.path.clone(),
                    teaching::locale_pair(issues, &b.value.silence, text),
                ));
            }
        }
        for (base, other) in translations(&playable_quizzes, |q| (&q.id, &q.locale)) {
            let (a, b) = (&playable_quizzes[base], &playable_quizzes[other]);
            if let Some(text) = texts.get(&b.path) {
                let issues = validate::quiz_pair(&a.value, &b.value, text);
                pair_issues.push((
                    b.path.clone(),
                    teaching::locale_pair(issues, &b.value.silence, text),
                ));
            }
        }
        // The same mistake costs about the same in every scenario.
        let costed: Vec<(&Scenario, String, &str)> = playable_scenarios
            .iter()
            .filter_map(|s| {
                let text = texts.get(&s.path)?;
                Some((&s.value, s.path.display().to_string(), text.as_str()))
            })
            .collect();
        for (file, issue) in
            teaching::uneven_costs(costed.iter().map(|(s, f, t)| (*s, f.as_str(), *t)))
        {
            pair_issues.push((PathBuf::from(file), vec![issue]));
        }
        // A file missing in a language the library has.
        let missing = untranslated(&playable_scenarios, |s| (&s.id, &s.locale))
            .into_iter()
            .map(|(i, l)| (playable_scenarios[i].path.clone(), l))
            .chain(
                untranslated(&playable_quizzes, |q| (&q.id, &q.locale))
                    .into_iter()
                    .map(|(i, l)| (playable_quizzes[i].path.clone(), l)),
            );
        for (path, locale) in missing {
            pair_issues.push((
                path,
                vec![Issue::warning(
                    crate::code::MISSING_TRANSLATION,
                    None,
                    format!("there is no `{locale}` version of this file, so trainees playing in that language get this one"),
                    format!("write the translation in the `{locale}` folder with the same name and structure"),
                )],
            ));
        }
        // Quiz items practised by no scenario of their language, when the scenarios of that
        // language were read too: a quiz checked on its own says nothing about them.
        for q in &playable_quizzes {
            let with_scenarios = playable_scenarios
                .iter()
                .any(|s| s.value.locale == q.value.locale);
            if with_scenarios && let Some(text) = texts.get(&q.path) {
                pair_issues.push((
                    q.path.clone(),
                    teaching::quiz_links(
                        &q.value,
                        text,
                        playable_scenarios.iter().map(|s| &s.value),
                    ),
                ));
            }
        }
        for (path, issues) in pair_issues {
            self.diagnostics.extend(diagnostics_of(&path, issues));
        }
    }

    fn sort_diagnostics(&mut self) {
        self.diagnostics.sort_by(|a, b| {
            (&a.file, a.issue.position, a.issue.severity).cmp(&(
                &b.file,
                b.issue.position,
                b.issue.severity,
            ))
        });
        self.diagnostics.dedup();
    }

    /// Checks every quote of the catalogue files in play against the source documents in
    /// `dir` and adds what it finds to the diagnostics.
    pub fn check_quotes(&mut self, dir: &Path) {
        let mut docs = crate::quotes::SourceDocs::new(dir);
        let mut found = Vec::new();
        for (shown, text) in &self.catalogue_texts {
            if let Ok(file) = load::parse_catalogue(text, shown) {
                found.extend(crate::quotes::check_file(&file, text, shown, &mut docs));
            }
        }
        self.diagnostics.extend(found);
        self.sort_diagnostics();
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
        self.playable_scenario(id, locale).map(|l| &l.value)
    }

    /// The playable scenario with this id and locale, with where it came from.
    pub fn playable_scenario(&self, id: &str, locale: &str) -> Option<&Loaded<Scenario>> {
        self.scenarios
            .iter()
            .find(|s| !s.has_errors && s.value.id == id && s.value.locale == locale)
    }

    /// The version of scenario `id` to play in `lang`: that locale, else English, else any.
    pub fn scenario_for(&self, id: &str, lang: crate::Lang) -> Option<&Loaded<Scenario>> {
        self.scenarios
            .iter()
            .filter(|s| !s.has_errors && s.value.id == id)
            .min_by_key(|s| crate::i18n::locale_rank(&s.value.locale, lang))
    }

    /// The usable quiz with this id and locale.
    pub fn quiz(&self, id: &str, locale: &str) -> Option<&Quiz> {
        self.quizzes
            .iter()
            .find(|q| !q.has_errors && q.value.id == id && q.value.locale == locale)
            .map(|q| &q.value)
    }

    /// The version of quiz `id` to take in `lang`: that locale, else English, else any.
    pub fn quiz_for(&self, id: &str, lang: crate::Lang) -> Option<&Loaded<Quiz>> {
        self.quizzes
            .iter()
            .filter(|q| !q.has_errors && q.value.id == id)
            .min_by_key(|q| crate::i18n::locale_rank(&q.value.locale, lang))
    }

    /// The diagnostics of one file (as shown).
    pub fn diagnostics_of(&self, shown: &str) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(move |d| d.file == shown)
    }
}

/// How a content folder is named in messages: as given on the command line when the path
/// checked was relative to it, else its absolute path.
fn shown_root(root: &Path, path: &Path, relative: &str) -> PathBuf {
    let p = path.to_string_lossy();
    match p.strip_suffix(relative) {
        Some(prefix) if !prefix.is_empty() => PathBuf::from(prefix.trim_end_matches('/')),
        Some(_) => PathBuf::from("."),
        None => root.to_path_buf(),
    }
}

fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

fn same_file(a: &str, b: &str) -> bool {
    same_dir(Path::new(a), Path::new(b))
}
