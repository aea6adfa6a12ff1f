//! `frontline rescore`: what a trainer's edit does to the attempts already recorded.

use std::path::Path;
use std::process::{Command, Output};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn frontline(data: &Path, content: Option<&Path>, args: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_frontline"));
    // Outside the repository, so only --content adds to the built-in library.
    c.current_dir(data).arg("--data-dir").arg(data);
    if let Some(dir) = content {
        c.arg("--content").arg(dir);
    }
    c.args(args)
        .env_remove("FRONTLINE_CONTENT")
        .output()
        .unwrap()
}

/// A content folder whose angry-customer (en) is the shipped one with `edit` applied.
fn edited(dir: &Path, edit: impl Fn(String) -> String) -> std::path::PathBuf {
    let content = dir.join(format!("content-{}", rand_name()));
    std::fs::create_dir_all(content.join("scenarios/en")).unwrap();
    let shipped =
        std::fs::read_to_string(root().join("scenarios/en/angry-customer.scenario.ron")).unwrap();
    let changed = edit(shipped.clone());
    assert_ne!(changed, shipped, "the edit must change the file");
    std::fs::write(
        content.join("scenarios/en/angry-customer.scenario.ron"),
        changed,
    )
    .unwrap();
    content
}

fn rand_name() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

#[test]
fn rescore_lists_what_an_edit_changes_and_what_it_breaks() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    for (strategy, who) in [("best", "ana"), ("worst", "Bo"), ("random", "Cy")] {
        let out = frontline(
            data,
            None,
            &[
                "simulate",
                "angry-customer",
                "--strategy",
                strategy,
                "--seed",
                "5",
                "--times",
                "4,8",
                "--record",
                "--profile",
                who,
            ],
        );
        assert!(String::from_utf8_lossy(&out.stderr).contains("recorded attempt"));
    }

    // The heat graph counts the three attempts at the first box.
    let heat = frontline(data, None, &["graph", "angry-customer", "--heat"]);
    assert!(heat.status.success());
    let svg = String::from_utf8_lossy(&heat.stdout);
    let at_call: usize = svg
        .match_indices("data-node=\"call\" data-choice=")
        .map(|(i, _)| {
            let rest = &svg[i..];
            let t = rest.find("data-taken=\"").unwrap() + 12;
            rest[t..t + rest[t..].find('"').unwrap()]
                .parse::<usize>()
                .unwrap()
        })
        .sum();
    assert_eq!(at_call, 3, "every attempt answered the first line once");
    assert!(String::from_utf8_lossy(&heat.stderr).contains("3 recorded attempts"));

    // Nothing edited: nothing changes, exit 0.
    let same = frontline(data, None, &["rescore", "angry-customer", "--json"]);
    assert_eq!(same.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&same.stdout).unwrap();
    assert_eq!(v["summary"]["attempts"], 3);
    assert_eq!(v["summary"]["unchanged"], 3);

    // The best first answer is worth less: the best attempt's score drops.
    let cheaper = edited(data, |s| {
        s.replacen(
            "points: (speed: 3, sincere: 2),",
            "points: (speed: 1, sincere: 0),",
            1,
        )
    });
    let out = frontline(
        data,
        Some(&cheaper),
        &["rescore", "angry-customer", "--json"],
    );
    assert_eq!(out.status.code(), Some(1), "a changed result exits 1");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = v["attempts"].as_array().unwrap();
    let ana = rows.iter().find(|r| r["profile"] == "ana").unwrap();
    assert_eq!(ana["verdict"], "changed", "{ana}");
    assert!(ana["overall"].as_u64().unwrap() < ana["recorded"].as_u64().unwrap());
    // The zh file was not edited, and no zh attempt exists; the others took other answers.
    assert!(v["summary"]["changed"].as_u64().unwrap() >= 1);

    // The best answer to the first line is renamed: that attempt cannot be replayed.
    let renamed = edited(data, |s| {
        s.replace("\"call.go_now\"", "\"call.go_at_once\"")
    });
    let out = frontline(data, Some(&renamed), &["rescore", "angry-customer"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("cannot be replayed: answer 1 (call.go_now at call)"),
        "{text}"
    );
    assert!(text.contains("1 cannot be replayed"), "{text}");
    // A file path works as well as an id.
    let file = renamed.join("scenarios/en/angry-customer.scenario.ron");
    let out = frontline(data, None, &["rescore", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("cannot be replayed"));

    let none = frontline(data, None, &["rescore", "no-such-scenario"]);
    assert_eq!(none.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&none.stderr).contains("there is no scenario"));
}
