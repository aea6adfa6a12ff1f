//! Where the library's files come from: the copy of the shipped library compiled into the
//! program, and content folders (a trainer's own, or the repository itself) on top of it.
//!
//! A content folder ("root") holds `scenarios/`, `quizzes/` and `assets/catalogue/`, laid out
//! like the repository. Its files are untrusted: only regular files are read, never more
//! than [`MAX_FILE_BYTES`] + 1 bytes of one, each real file and folder once however many
//! links point at it, editor and system leftovers are passed over, and the search stops
//! [`MAX_FOLDER_DEPTH`] folders down. Nothing here parses; [`crate::library`] does.

use std::collections::HashSet;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::code;
use crate::diagnostic::{Diagnostic, Issue};
use crate::load::{self, FileKind, LoadError, MAX_FILE_BYTES};

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin.rs"));
}

/// The folders of a content root and the kind of file each holds.
pub const FOLDERS: [(&str, FileKind); 3] = [
    ("scenarios", FileKind::Scenario),
    ("quizzes", FileKind::Quiz),
    ("assets/catalogue", FileKind::Catalogue),
];

/// How many folder levels below a content folder are searched. Content sits one level down
/// (`scenarios/en/`); the bound also ends a chain of links.
pub const MAX_FOLDER_DEPTH: usize = 4;

/// Where a file of the library comes from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Origin {
    /// Compiled into the program.
    BuiltIn,
    /// A content folder, as it was named.
    Folder(PathBuf),
}

impl Origin {
    /// The layer order: the built-in library first, then the folders in the order given.
    pub fn is_builtin(&self) -> bool {
        matches!(self, Origin::BuiltIn)
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::BuiltIn => f.write_str("built-in"),
            Origin::Folder(p) => write!(f, "{}", p.display()),
        }
    }
}

/// One file of the library before parsing.
#[derive(Debug, Clone, PartialEq)]
pub struct ContentFile {
    /// Scenario, quiz or catalogue.
    pub kind: FileKind,
    /// Built in, or the content folder it was read from.
    pub origin: Origin,
    /// Where it sits in its content folder, with `/` between parts:
    /// `scenarios/en/angry-customer.scenario.ron`. Files of two layers with the same name
    /// are versions of one file.
    pub name: String,
    /// The text, or why it could not be read.
    pub text: Result<String, LoadError>,
    /// The last version of this file that had no errors, when the caller kept one (the game
    /// does across edits): it stays in play while the current text has errors.
    pub last_good: Option<String>,
}

impl ContentFile {
    /// The file as messages name it: `scenarios/en/x.scenario.ron` under the current folder,
    /// `DIR/scenarios/en/x.scenario.ron` under another, `<built-in>/scenarios/…` for the
    /// copy compiled into the program.
    pub fn shown(&self) -> String {
        shown(&self.origin, &self.name)
    }
}

/// How a file of `origin` named `name` is shown in messages.
pub fn shown(origin: &Origin, name: &str) -> String {
    match origin {
        Origin::BuiltIn => format!("<built-in>/{name}"),
        Origin::Folder(root) if root.as_os_str().is_empty() || root == Path::new(".") => {
            name.to_owned()
        }
        Origin::Folder(root) => root.join(name).display().to_string(),
    }
}

/// The shipped library as compiled into the program: (name, text), sorted by name.
pub fn builtin_texts() -> &'static [(&'static str, &'static str)] {
    builtin::FILES
}

/// The shipped library as content files.
pub fn builtin() -> Vec<ContentFile> {
    builtin::FILES
        .iter()
        .filter_map(|(name, text)| {
            Some(ContentFile {
                kind: FileKind::of(Path::new(name))?,
                origin: Origin::BuiltIn,
                name: (*name).to_owned(),
                text: Ok((*text).to_owned()),
                last_good: None,
            })
        })
        .collect()
}

/// SHA-256 of the built-in library (every name and text, in order), in hex: which library a
/// program carries, as `frontline --version` prints it.
pub fn builtin_hash() -> String {
    let mut all = String::new();
    for (name, text) in builtin::FILES {
        all.push_str(name);
        all.push('\0');
        all.push_str(text);
        all.push('\0');
    }
    load::content_hash(&all)
}

/// Whether a file or folder name is an editor's or the system's leftover rather than content:
/// hidden names (`.x`, including Emacs locks `.#x` and macOS resource forks `._x`), Emacs
/// auto-saves (`#x#`) and backups (`x~`).
pub fn is_leftover(name: &str) -> bool {
    name.starts_with('.') || name.starts_with('#') || name.ends_with('~')
}

/// Reads a trainer's file as text. Only a regular file is read (a pipe, a device or a
/// folder named like a scenario is refused, so a pipe cannot block and `/dev/zero` cannot
/// fill memory), and at most [`MAX_FILE_BYTES`] + 1 bytes of it whatever size it claims.
pub fn read_text(path: &Path) -> Result<String, LoadError> {
    let file = path.display().to_string();
    let io_error = |e: std::io::Error| {
        LoadError::new(
            code::UNREADABLE_FILE,
            &file,
            None,
            format!("cannot read the file: {e}"),
            "check the path and the file's permissions",
        )
    };
    let meta = std::fs::metadata(path).map_err(io_error)?;
    if !meta.is_file() {
        return Err(LoadError::new(
            code::NOT_A_FILE,
            &file,
            None,
            "this is not a regular file (a folder, a pipe or a device has this name)".into(),
            "give the path of a file saved by an editor",
        ));
    }
    load::check_size(meta.len(), &file)?;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(io_error)?;
    load::check_size(bytes.len() as u64, &file)?;
    load::text_from_bytes(bytes, &file)
}

/// What a search of folders found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Found {
    /// Frontline files: the path as found, and its kind; sorted, each real file once.
    pub files: Vec<(PathBuf, FileKind)>,
    /// Folders that could not be read, paths that name nothing.
    pub problems: Vec<Diagnostic>,
}

/// Searches `paths` (files or folders) for Frontline files: folders recursively, sorted,
/// leftovers passed over, each real folder and file visited once.
pub fn find(paths: &[PathBuf]) -> Found {
    let mut found = Found::default();
    let mut seen_dirs = HashSet::new();
    let mut seen_files = HashSet::new();
    for path in paths {
        if path.is_dir() {
            let mut here = Vec::new();
            walk(path, 0, &mut seen_dirs, &mut here, &mut found.problems);
            // Where several names lead to one file, the file's own name wins over a link's.
            here.sort_by_cached_key(|(p, _)| (p.is_symlink(), p.clone()));
            let mut kept = Vec::new();
            for (p, kind) in here {
                if seen_files.insert(real(&p)) {
                    kept.push((p, kind));
                }
            }
            kept.sort();
            found.files.extend(kept);
        } else if let Some(kind) = FileKind::of(path) {
            if seen_files.insert(real(path)) {
                found.files.push((path.clone(), kind));
            }
        } else if !path.exists() {
            found.problems.push(problem(
                code::MISSING_PATH,
                path,
                "no such file or folder",
                "check the path",
            ));
        } else {
            found.problems.push(problem(
                code::NOT_CONTENT,
                path,
                "not a Frontline file",
                "files are named *.scenario.ron, *.quiz.ron or *.catalogue.ron",
            ));
        }
    }
    found
}

fn real(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_owned())
}

fn problem(code: &'static str, path: &Path, message: &str, hint: &str) -> Diagnostic {
    Diagnostic {
        file: path.display().to_string(),
        issue: Issue::error(code, None, message, hint),
    }
}

fn walk(
    dir: &Path,
    depth: usize,
    seen: &mut HashSet<PathBuf>,
    out: &mut Vec<(PathBuf, FileKind)>,
    problems: &mut Vec<Diagnostic>,
) {
    // A folder reached twice (a link back up, two links to one folder) is read once.
    if !seen.insert(real(dir)) {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            problems.push(problem(
                code::UNREADABLE_FOLDER,
                dir,
                &format!("cannot read the folder: {e}"),
                "check its permissions",
            ));
            return;
        }
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            continue;
        };
        if is_leftover(name) {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            if depth < MAX_FOLDER_DEPTH {
                walk(&path, depth + 1, seen, out, problems);
            }
        } else if let Some(kind) = FileKind::of(&path) {
            out.push((path, kind));
        }
    }
}

/// What one content folder holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Root {
    /// Its files, read.
    pub files: Vec<ContentFile>,
    /// Problems with the folder itself or its sub-folders.
    pub problems: Vec<Diagnostic>,
}

/// Whether `dir` looks like a content folder: it has at least one of the [`FOLDERS`].
pub fn is_root(dir: &Path) -> bool {
    FOLDERS.iter().any(|(f, _)| dir.join(f).is_dir())
}

/// The Frontline files of a content folder, found but not read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RootNames {
    /// (folder of [`FOLDERS`], path inside that folder with `/`), sorted, each real file once.
    pub files: Vec<(&'static str, String)>,
    /// Problems with the folder itself or its sub-folders.
    pub problems: Vec<Diagnostic>,
}

/// Finds every Frontline file of a content folder. A folder that is missing, is a file, or
/// holds none of the expected sub-folders is reported, never fatal.
pub fn read_root_names(root: &Path) -> RootNames {
    let mut out = RootNames::default();
    let shown = root.display().to_string();
    let say = |message: String, hint: &str| Diagnostic {
        file: shown.clone(),
        issue: Issue::error(code::CONTENT_FOLDER, None, message, hint),
    };
    if !root.exists() {
        out.problems.push(say(
            "the content folder does not exist".into(),
            "check the path given with --content or FRONTLINE_CONTENT",
        ));
        return out;
    }
    if !root.is_dir() {
        out.problems.push(say(
            "the content folder is a file, not a folder".into(),
            "give the folder that holds scenarios/, quizzes/ and assets/catalogue/",
        ));
        return out;
    }
    if let Err(e) = std::fs::read_dir(root) {
        out.problems.push(say(
            format!("cannot read the content folder: {e}"),
            "check its permissions",
        ));
        return out;
    }
    if !is_root(root) {
        out.problems.push(Diagnostic {
            file: shown.clone(),
            issue: Issue::warning(
                code::CONTENT_FOLDER,
                None,
                "the content folder holds none of scenarios/, quizzes/ or assets/catalogue/, so it adds nothing",
                "put scenario files in DIR/scenarios/<locale>/, quizzes in DIR/quizzes/<locale>/, catalogue files in DIR/assets/catalogue/",
            ),
        });
        return out;
    }
    for (folder, kind) in FOLDERS {
        let dir = root.join(folder);
        if !dir.is_dir() {
            continue;
        }
        let found = find(std::slice::from_ref(&dir));
        out.problems.extend(found.problems);
        for (path, k) in found.files {
            if k != kind {
                continue;
            }
            if let Ok(relative) = path.strip_prefix(&dir) {
                out.files
                    .push((folder, relative.to_string_lossy().replace('\\', "/")));
            }
        }
    }
    out
}

/// Reads every Frontline file of a content folder (see [`read_root_names`]).
pub fn read_root(root: &Path) -> Root {
    let names = read_root_names(root);
    let origin = Origin::Folder(root.to_owned());
    let files = names
        .files
        .into_iter()
        .filter_map(|(folder, relative)| {
            let name = format!("{folder}/{relative}");
            Some(ContentFile {
                kind: FileKind::of(Path::new(&name))?,
                origin: origin.clone(),
                text: read_text(&root.join(&name)),
                name,
                last_good: None,
            })
        })
        .collect();
    Root {
        files,
        problems: names.problems,
    }
}

/// The content folder a path lies in: the nearest folder at or above it that looks like one
/// ([`is_root`]), so that checking `DIR/scenarios/en/x.scenario.ron` uses DIR's catalogue.
pub fn root_of(path: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(path).ok()?;
    absolute
        .ancestors()
        .skip(usize::from(absolute.is_file()))
        .find(|p| is_root(p))
        .map(Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_library_holds_the_shipped_files() {
        let files = builtin();
        assert!(
            files
                .iter()
                .any(|f| f.name == "scenarios/en/angry-customer.scenario.ron")
        );
        assert!(
            files
                .iter()
                .any(|f| f.name == "assets/catalogue/five_s.catalogue.ron")
        );
        assert!(files.iter().all(|f| f.text.is_ok()));
        assert_eq!(builtin_hash().len(), 64);
    }

    #[test]
    fn leftovers_are_not_content() {
        for name in [
            ".#x.scenario.ron",
            "._x.scenario.ron",
            "#x.scenario.ron#",
            "x.scenario.ron~",
            ".git",
        ] {
            assert!(is_leftover(name), "{name}");
        }
        assert!(!is_leftover("x.scenario.ron"));
    }

    #[test]
    fn names_are_shown_from_where_they_came() {
        assert_eq!(
            shown(&Origin::BuiltIn, "scenarios/en/a.scenario.ron"),
            "<built-in>/scenarios/en/a.scenario.ron"
        );
        assert_eq!(
            shown(&Origin::Folder(".".into()), "scenarios/en/a.scenario.ron"),
            "scenarios/en/a.scenario.ron"
        );
        assert_eq!(
            shown(&Origin::Folder("/c".into()), "quizzes/zh/q.quiz.ron"),
            "/c/quizzes/zh/q.quiz.ron"
        );
    }
}
