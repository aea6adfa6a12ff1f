//! Shared helpers for the integration tests: the shipped library, loaded once.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use std::sync::OnceLock;

use frontline_core::library::{Library, Sources};
use frontline_core::{Catalogue, Quiz, Scenario};

/// The repository root: the folder above the test's package that holds `scenarios/`.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .find(|p| p.join("scenarios").is_dir())
        .expect("the tests run inside the repository")
}

/// Every shipped scenario, quiz and catalogue file, checked: the library compiled into the
/// program, which is the repository's `scenarios/`, `quizzes/` and `assets/catalogue/`.
pub fn library() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(|| Library::load(&Sources::default()))
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
pub const LOCALES: [&str; 3] = ["en", "zh", "ko"];

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

/// Writes a trainer's own content folder into `dir`: one new scenario (`extra-visit`, en)
/// that cites one new catalogue entry (`house.name_badge`) in a new catalogue file.
pub fn write_extra_content(dir: &Path) {
    std::fs::create_dir_all(dir.join("scenarios/en")).unwrap();
    std::fs::create_dir_all(dir.join("assets/catalogue")).unwrap();
    std::fs::write(
        dir.join("assets/catalogue/house.catalogue.ron"),
        r#"Catalogue(principles: [
    Principle(
        id: "house.name_badge",
        title: (en: "Wear your name badge", zh: "佩戴工牌"),
        summary: (en: "Customers should always know who is serving them.", zh: "让客户随时知道是谁在为他服务。"),
        source: (file: "house-handbook.pdf", section: "2.3 Appearance"),
        inferred: false,
    ),
])
"#,
    )
    .unwrap();
    let doc = std::fs::read_to_string(root().join("docs/authoring.md")).unwrap();
    let start = doc.find("```ron\n").unwrap() + 7;
    let end = start + doc[start..].find("```").unwrap();
    let example = doc[start..end]
        .replacen("id: \"example\"", "id: \"extra-visit\"", 1)
        .replacen(
            "applies: [\"greet.smile_nod\", \"5s.smile\"]",
            "applies: [\"greet.smile_nod\", \"5s.smile\", \"house.name_badge\"]",
            1,
        );
    assert!(
        example.contains("house.name_badge"),
        "the authoring example changed"
    );
    std::fs::write(dir.join("scenarios/en/extra-visit.scenario.ron"), example).unwrap();
}

/// The source documents the catalogue quotes (`FRONTLINE_SOURCES`, else `../shared/seeds`
/// beside the repository). `None`, with a loud note, where this machine has no copy;
/// with `FRONTLINE_REQUIRE_SOURCES=1` a missing copy fails instead.
pub fn sources() -> Option<PathBuf> {
    let dir = std::env::var_os("FRONTLINE_SOURCES")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared/seeds"));
    if dir.join("001_69d87971f97bc913.txt").is_file() {
        return Some(dir);
    }
    let note = format!(
        "the source documents are not at {} (set FRONTLINE_SOURCES): the quote check against them is SKIPPED",
        dir.display()
    );
    if std::env::var_os("FRONTLINE_REQUIRE_SOURCES").is_some_and(|v| v == "1") {
        panic!("{note}");
    }
    eprintln!("note: {note}");
    None
}

/// A real LRS (Learning Locker's statements service, `scripts/lrs-server.sh`) on a free port
/// of 127.0.0.1, stopped when dropped.
pub struct Lrs {
    /// Its port.
    pub port: u16,
    /// Its xAPI endpoint.
    pub url: String,
    /// Basic-auth user.
    pub user: &'static str,
    /// Basic-auth password.
    pub password: &'static str,
}

impl Drop for Lrs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("bash")
            .arg(root().join("scripts/lrs-server.sh"))
            .args(["--stop", &self.port.to_string()])
            .output();
    }
}

/// Starts the LRS when it is installed; `None` (and a note) when it is not, unless
/// `FRONTLINE_REQUIRE_LRS=1`, which makes it required (and installs it on first use).
pub fn start_lrs() -> Option<Lrs> {
    let installed = root()
        .join("target/lrs-server/app/node_modules/@learninglocker/xapi-statements")
        .is_dir();
    let required = std::env::var("FRONTLINE_REQUIRE_LRS").as_deref() == Ok("1");
    if !installed && !required {
        eprintln!(
            "skipped: the LRS is not installed (run scripts/lrs-server.sh --install); the checks against it did not run"
        );
        return None;
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let (user, password) = ("lead", "pull-secret");
    let out = std::process::Command::new("bash")
        .arg(root().join("scripts/lrs-server.sh"))
        .args([&port.to_string(), "--background"])
        .env("LRS_USER", user)
        .env("LRS_PASSWORD", password)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "the LRS did not start: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(Lrs {
        port,
        url: format!("http://127.0.0.1:{port}/xAPI/"),
        user,
        password,
    })
}
