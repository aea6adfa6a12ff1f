//! Compiles the shipped library into the program: every scenario, quiz and catalogue file
//! under the repository's `scenarios/`, `quizzes/` and `assets/catalogue/`, so that one
//! binary checks and plays the whole library from any folder on any machine.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const FOLDERS: [(&str, &str); 3] = [
    ("scenarios", ".scenario.ron"),
    ("quizzes", ".quiz.ron"),
    ("assets/catalogue", ".catalogue.ron"),
];

fn walk(dir: &Path, extension: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.starts_with('#') || name.ends_with('~') {
            continue;
        }
        if path.is_dir() {
            walk(&path, extension, out);
        } else if name.ends_with(extension) {
            out.push(path);
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let root = manifest.join("../..");
    let mut code = String::from(
        "/// The shipped library as (path inside a content root, text), sorted by path.\n\
         pub static FILES: &[(&str, &str)] = &[\n",
    );
    let mut files = Vec::new();
    for (folder, extension) in FOLDERS {
        let dir = root.join(folder);
        println!("cargo:rerun-if-changed={}", dir.display());
        walk(&dir, extension, &mut files);
    }
    let mut named: Vec<(String, PathBuf)> = files
        .into_iter()
        .map(|p| {
            let name = p
                .strip_prefix(&root)
                .expect("under the root")
                .to_string_lossy()
                .replace('\\', "/");
            (name, p)
        })
        .collect();
    named.sort();
    for (name, path) in &named {
        let absolute = path.canonicalize().expect("a file that was just listed");
        writeln!(
            code,
            "    ({name:?}, include_str!({:?})),",
            absolute.display().to_string()
        )
        .expect("writing to a string");
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo")).join("builtin.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
