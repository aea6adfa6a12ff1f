//! The library's layers: the built-in copy, content folders on top, and what a file in a
//! folder does to the built-in one of the same name or id.

#[path = "../../../tests/common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};

use frontline_core::Severity;
use frontline_core::content::{self, ContentFile, Origin};
use frontline_core::library::{FileStatus, Library, Sources};
use frontline_core::load::FileKind;

fn builtin_text(name: &str) -> String {
    content::builtin_texts()
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| (*t).to_owned())
        .unwrap_or_else(|| panic!("no built-in {name}"))
}

fn folder_file(root: &str, name: &str, text: &str) -> ContentFile {
    ContentFile {
        kind: FileKind::of(Path::new(name)).unwrap(),
        origin: Origin::Folder(PathBuf::from(root)),
        name: name.into(),
        text: Ok(text.into()),
        last_good: None,
    }
}

fn with(extra: Vec<ContentFile>) -> Library {
    let mut files = content::builtin();
    files.extend(extra);
    Library::build(files, Vec::new())
}

fn errors(lib: &Library) -> Vec<String> {
    lib.diagnostics
        .iter()
        .filter(|d| d.issue.severity == Severity::Error)
        .map(|d| d.to_string())
        .collect()
}

const ANGRY: &str = "scenarios/en/angry-customer.scenario.ron";

#[test]
fn a_folder_file_with_the_same_id_and_locale_replaces_the_built_in_one() {
    let text = builtin_text(ANGRY).replacen("title: \"", "title: \"Local: ", 1);
    let lib = with(vec![folder_file("/c", ANGRY, &text)]);
    assert!(errors(&lib).is_empty(), "{:#?}", errors(&lib));
    let s = lib.playable_scenario("angry-customer", "en").unwrap();
    assert!(s.value.title.starts_with("Local: "));
    assert_eq!(s.origin, Origin::Folder("/c".into()));
    let entry = |o: &Origin| {
        lib.entries
            .iter()
            .find(|e| e.name == ANGRY && e.origin == *o)
            .unwrap()
    };
    assert_eq!(
        entry(&Origin::Folder("/c".into())).status,
        FileStatus::Replaces(format!("<built-in>/{ANGRY}"))
    );
    assert_eq!(
        entry(&Origin::BuiltIn).status,
        FileStatus::ReplacedBy(format!("/c/{ANGRY}"))
    );
    // One version per id and locale in play.
    assert_eq!(
        lib.scenarios
            .iter()
            .filter(|s| s.value.id == "angry-customer" && s.value.locale == "en")
            .count(),
        1
    );
}

#[test]
fn a_broken_override_leaves_the_built_in_version_in_play_with_the_error_reported() {
    let text = builtin_text(ANGRY).replacen("next: Node(\"", "next: Node(\"gone-", 1);
    let lib = with(vec![folder_file("/c", ANGRY, &text)]);
    let s = lib.playable_scenario("angry-customer", "en").unwrap();
    assert!(s.origin.is_builtin());
    let errs = errors(&lib);
    assert!(
        errs.iter().any(|e| e.starts_with(&format!("/c/{ANGRY}:"))),
        "{errs:#?}"
    );
    let entry = lib
        .entries
        .iter()
        .find(|e| e.origin == Origin::Folder("/c".into()))
        .unwrap();
    assert_eq!(
        entry.status,
        FileStatus::Broken(Some(format!("<built-in>/{ANGRY}")))
    );
}

#[test]
fn a_broken_save_keeps_its_last_good_text_in_play() {
    let good = builtin_text(ANGRY).replacen("title: \"", "title: \"Good: ", 1);
    let mut broken = folder_file("/c", ANGRY, &good[..good.len() / 2]);
    broken.last_good = Some(good.clone());
    let lib = with(vec![broken]);
    let s = lib.playable_scenario("angry-customer", "en").unwrap();
    assert!(s.kept_last_good && s.value.title.starts_with("Good: "));
    assert!(
        !errors(&lib).is_empty(),
        "the half-saved file's error is reported"
    );
}

#[test]
fn a_new_catalogue_file_adds_entries_and_one_named_like_a_built_in_file_replaces_it() {
    let house = r#"Catalogue(principles: [Principle(id: "house.badge", title: (en: "Badge", zh: "工牌"), summary: (en: "Wear it.", zh: "佩戴。"), source: (file: "handbook.pdf", section: "2.3"), inferred: false)])"#;
    let name = "assets/catalogue/five_s.catalogue.ron";
    let five = builtin_text(name).replace("Smile", "Smiling");
    let lib = with(vec![
        folder_file("/c", "assets/catalogue/house.catalogue.ron", house),
        folder_file("/c", name, &five),
    ]);
    assert!(lib.catalogue.contains("house.badge"));
    assert!(lib.catalogue.contains("avoid.hostility"), "the rest stays");
    assert!(
        lib.catalogue
            .get("5s.smile")
            .unwrap()
            .title
            .en
            .contains("Smiling")
    );
    assert!(errors(&lib).is_empty(), "{:#?}", errors(&lib));
}

#[test]
fn one_principle_id_in_two_catalogue_files_is_an_error_naming_both() {
    let dup = r#"Catalogue(principles: [Principle(id: "5s.smile", title: (en: "Again", zh: "再"), summary: (en: "Again.", zh: "再。"), source: (file: "x.txt", section: "1"), inferred: false)])"#;
    let lib = with(vec![folder_file(
        "/c",
        "assets/catalogue/mine.catalogue.ron",
        dup,
    )]);
    let errs = errors(&lib);
    assert!(
        errs.iter().any(|e| e.contains("5s.smile")
            && e.contains("five_s.catalogue.ron")
            && (e.starts_with("/c/assets/catalogue/mine.catalogue.ron")
                || e.starts_with("<built-in>/assets/catalogue/five_s.catalogue.ron"))),
        "{errs:#?}"
    );
}

#[test]
fn the_same_id_twice_in_one_folder_is_an_error_wherever_the_files_sit() {
    let text = builtin_text(ANGRY);
    let lib = with(vec![
        folder_file("/c", ANGRY, &text),
        folder_file(
            "/c",
            "scenarios/en/backup/angry-customer.scenario.ron",
            &text,
        ),
    ]);
    let errs = errors(&lib);
    assert!(
        errs.iter().any(
            |e| e.starts_with("/c/scenarios/en/backup/angry-customer.scenario.ron")
                && e.contains("already in /c/scenarios/en/angry-customer.scenario.ron")
        ),
        "{errs:#?}"
    );
}

#[test]
fn a_folder_that_is_not_a_locale_says_nothing_about_the_language() {
    let text = builtin_text(ANGRY).replace("id: \"angry-customer\"", "id: \"angry-copy\"");
    let lib = with(vec![folder_file(
        "/c",
        "scenarios/tmp/angry-copy.scenario.ron",
        &text,
    )]);
    assert!(errors(&lib).is_empty(), "{:#?}", errors(&lib));
    assert!(lib.playable_scenario("angry-copy", "en").is_some());
}

#[test]
fn reading_a_folder_skips_leftovers_and_refuses_what_is_not_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let en = dir.path().join("scenarios/en");
    std::fs::create_dir_all(&en).unwrap();
    let text = builtin_text(ANGRY);
    std::fs::write(en.join("angry-customer.scenario.ron"), &text).unwrap();
    for leftover in [
        ".#angry-customer.scenario.ron",
        "._angry-customer.scenario.ron",
        "angry-customer.scenario.ron~",
        "#angry-customer.scenario.ron#",
    ] {
        std::fs::write(en.join(leftover), "garbage").unwrap();
    }
    #[cfg(unix)]
    {
        // A link to a device and a named pipe, both named like scenarios.
        std::os::unix::fs::symlink("/dev/zero", en.join("zero.scenario.ron")).unwrap();
        let fifo = en.join("pipe.scenario.ron");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        // Links back up the tree, and a second name for the same file.
        std::os::unix::fs::symlink(dir.path().join("scenarios"), en.join("loop")).unwrap();
        std::os::unix::fs::symlink(
            en.join("angry-customer.scenario.ron"),
            dir.path().join("scenarios/also.scenario.ron"),
        )
        .unwrap();
    }
    let root = content::read_root(dir.path());
    let names: Vec<&str> = root.files.iter().map(|f| f.name.as_str()).collect();
    assert!(
        !names
            .iter()
            .any(|n| n.contains('#') || n.contains("._") || n.ends_with('~')),
        "{names:?}"
    );
    let read = |n: &str| root.files.iter().find(|f| f.name.ends_with(n)).unwrap();
    assert!(read("en/angry-customer.scenario.ron").text.is_ok());
    #[cfg(unix)]
    {
        for n in ["zero.scenario.ron", "pipe.scenario.ron"] {
            let e = read(n).text.as_ref().unwrap_err();
            assert!(e.issue.message.contains("not a regular file"), "{n}: {e}");
        }
        // Each real file once, however many names lead to it.
        let copies = root
            .files
            .iter()
            .filter(|f| f.text.as_ref().is_ok_and(|t| *t == text))
            .count();
        assert_eq!(copies, 1, "{names:?}");
    }
}

#[test]
fn checking_a_path_inside_a_content_folder_uses_that_folders_catalogue() {
    let dir = tempfile::tempdir().unwrap();
    common::write_extra_content(dir.path());
    let lib = Library::load_paths(&[dir.path().join("scenarios")], &Sources::default());
    assert!(errors(&lib).is_empty(), "{:#?}", errors(&lib));
    assert!(lib.catalogue.contains("house.name_badge"));
    assert_eq!(lib.files, 1);
    // Without the folder's catalogue the new id would be unknown.
    let lonely = tempfile::tempdir().unwrap();
    std::fs::copy(
        dir.path().join("scenarios/en/extra-visit.scenario.ron"),
        lonely.path().join("extra-visit.scenario.ron"),
    )
    .unwrap();
    let lib = Library::load_paths(
        &[lonely.path().join("extra-visit.scenario.ron")],
        &Sources::default(),
    );
    assert!(
        errors(&lib)
            .iter()
            .any(|e| e.contains("unknown catalogue id `house.name_badge`")),
        "{:#?}",
        errors(&lib)
    );
}
