//! `frontline report --html` opened in a real browser: headless Chromium (Debian's
//! `chromium`) loads the page with no console errors, the charts are in the rendered DOM,
//! and every figure on the page matches what `report --format json` says of the same
//! records. A screenshot of each language is left in `target/report-html/` to look at.
//!
//! Without Chromium these tests say so and pass, unless `FRONTLINE_REQUIRE_CHROMIUM=1`
//! (set by `.ci/run`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn chromium() -> Option<PathBuf> {
    let found = ["chromium", "chromium-browser"].iter().find_map(|name| {
        std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|p| p.join(name))
                .find(|p| p.is_file())
        })
    });
    if found.is_none() {
        assert!(
            std::env::var("FRONTLINE_REQUIRE_CHROMIUM").as_deref() != Ok("1"),
            "Chromium is required here: apt-get install chromium"
        );
        eprintln!("skipped: Chromium is not installed (apt-get install chromium)");
    }
    found
}

fn frontline(data: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_frontline"))
        .current_dir(root())
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .output()
        .unwrap()
}

/// A small cohort, recorded once for both tests: three learners, three scenarios, both
/// languages, passes and failures.
fn cohort() -> &'static Path {
    static DATA: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DATA.get_or_init(|| {
        use frontline_core::library::Library;
        use frontline_core::paths::{self, Extreme};
        let dir = tempfile::tempdir().unwrap();
        let lib = Library::load(&Default::default());
        let mut store = frontline_records::Store::open(dir.path()).unwrap();
        let at = time::OffsetDateTime::now_utc() - time::Duration::days(20);
        for (n, (profile, play)) in [("ana", 0), ("Bo <b>", 1), ("李雷", 2)]
            .into_iter()
            .enumerate()
        {
            for (k, id) in ["angry-customer", "missing-pin", "long-wait"]
                .into_iter()
                .enumerate()
            {
                for lang in ["en", "zh"] {
                    let s = &lib
                        .scenarios
                        .iter()
                        .find(|s| s.value.id == id && s.value.locale == lang)
                        .unwrap()
                        .value;
                    let session = match play {
                        0 => {
                            paths::search(s, &lib.catalogue, 3, Extreme::Best)
                                .unwrap()
                                .session
                        }
                        1 => {
                            paths::search(s, &lib.catalogue, 3, Extreme::Worst)
                                .unwrap()
                                .session
                        }
                        _ => paths::play_random(s, 4).unwrap(),
                    };
                    let debrief =
                        frontline_core::score::score(s, &lib.catalogue, &session).unwrap();
                    let started = at + time::Duration::days((n * 6 + k * 2) as i64);
                    let a = frontline_records::Attempt::new(
                        profile,
                        s,
                        &session,
                        debrief,
                        started,
                        &[],
                        false,
                    );
                    store.record(&a).unwrap();
                }
            }
        }
        dir
    })
    .path()
}

/// Every `data-NAME="VALUE"` of the elements whose opening tag holds `marker`.
fn elements(dom: &str, marker: &str) -> Vec<BTreeMap<String, String>> {
    let mut out = Vec::new();
    for (start, _) in dom.match_indices(marker) {
        let open = dom[..start].rfind('<').unwrap();
        let close = open + dom[open..].find('>').unwrap();
        let tag = &dom[open..close];
        let mut attrs = BTreeMap::new();
        let mut rest = tag;
        while let Some(i) = rest.find(" data-") {
            rest = &rest[i + 6..];
            let eq = rest.find("=\"").unwrap();
            let name = rest[..eq].to_owned();
            rest = &rest[eq + 2..];
            let end = rest.find('"').unwrap();
            attrs.insert(name, unescape(&rest[..end]));
            rest = &rest[end..];
        }
        out.push(attrs);
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[test]
fn the_html_report_loads_in_chromium_and_agrees_with_the_json() {
    let Some(chromium) = chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let data = cohort();
    let json = frontline(data, &["report", "--format", "json"]);
    assert!(json.status.success());
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let rows = report["attempts"].as_array().unwrap();
    assert_eq!(rows.len(), 18);

    // What the grid must say, worked out from the JSON rows.
    let mut expected: BTreeMap<(String, String), (u64, usize, usize)> = BTreeMap::new();
    for r in rows {
        let key = (
            r["profile"].as_str().unwrap().to_owned(),
            r["scenario"].as_str().unwrap().to_owned(),
        );
        let e = expected.entry(key).or_default();
        e.0 = e.0.max(r["overall"].as_u64().unwrap());
        e.1 += 1;
        e.2 += r["passed"].as_bool().unwrap() as usize;
    }
    let passed = rows.iter().filter(|r| r["passed"] == true).count();
    let sum: u64 = rows.iter().map(|r| r["overall"].as_u64().unwrap()).sum();
    let mean = (sum + rows.len() as u64 / 2) / rows.len() as u64;

    let shots = root().join("target/report-html");
    std::fs::create_dir_all(&shots).unwrap();
    for lang in ["en", "zh", "ko"] {
        let page = dir.path().join(format!("team-{lang}.html"));
        let out = frontline(
            data,
            &["report", "--html", page.to_str().unwrap(), "--lang", lang],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let html = std::fs::read_to_string(&page).unwrap();
        assert!(
            !html.contains(" src=") && !html.contains(" href="),
            "nothing to fetch"
        );
        assert!(!html.contains("<script"), "the page needs no script");

        let url = format!("file://{}", page.display());
        let dom = Command::new(&chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--enable-logging=stderr",
                "--v=0",
                "--dump-dom",
                &url,
            ])
            .output()
            .unwrap();
        assert!(dom.status.success());
        let console = String::from_utf8_lossy(&dom.stderr);
        let logged: Vec<&str> = console.lines().filter(|l| l.contains("CONSOLE")).collect();
        assert!(
            logged.is_empty(),
            "the page logged to the console: {logged:?}"
        );
        let dom = String::from_utf8(dom.stdout).unwrap();
        for chart in [
            "id=\"breaks\"",
            "id=\"five-s\"",
            "id=\"trend\"",
            "id=\"grid\"",
        ] {
            assert!(
                dom.contains(chart),
                "{lang}: {chart} missing from the rendered page"
            );
        }
        // The name with markup in it stays text.
        assert!(dom.contains("Bo &lt;b&gt;"));

        let totals = &elements(&dom, "id=\"totals\"")[0];
        assert_eq!(totals["attempts"], rows.len().to_string());
        assert_eq!(totals["passed"], passed.to_string());
        assert_eq!(totals["learners"], "3");
        assert_eq!(totals["mean"], mean.to_string());

        let cells = elements(&dom, "class=\"cell ");
        assert_eq!(
            cells.len(),
            expected.len(),
            "{lang}: one cell per learner × scenario played"
        );
        for c in &cells {
            let e = expected[&(c["learner"].clone(), c["scenario"].clone())];
            assert_eq!(
                (
                    c["best"].parse::<u64>().unwrap(),
                    c["attempts"].parse().unwrap(),
                    c["passed"].parse().unwrap()
                ),
                e,
                "{lang}: cell {c:?}"
            );
        }

        // Break rates: every bar's count is the JSON's count of attempts breaking it.
        let bars = elements(&dom, "class=\"bar\"");
        assert!(!bars.is_empty());
        for b in &bars {
            let broken = rows
                .iter()
                .filter(|r| {
                    r["violations"]
                        .as_str()
                        .unwrap()
                        .split(';')
                        .any(|v| v == b["principle"])
                })
                .count();
            assert_eq!(b["broken"], broken.to_string(), "{lang}: {b:?}");
        }
        let weeks: usize = elements(&dom, "class=\"week\"")
            .iter()
            .map(|w| w["attempts"].parse::<usize>().unwrap())
            .sum();
        assert_eq!(weeks, rows.len());
        let dims = elements(&dom, "class=\"dim\"");
        assert!(!dims.is_empty());

        let shot = shots.join(format!("team-{lang}.png"));
        let status = Command::new(&chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--window-size=1280,1600",
            ])
            .arg(format!("--screenshot={}", shot.display()))
            .arg(&url)
            .output()
            .unwrap();
        assert!(status.status.success());
        assert!(
            std::fs::metadata(&shot).unwrap().len() > 20_000,
            "a page, not a blank"
        );
    }
}

#[test]
fn the_html_report_of_a_group_covers_only_its_members() {
    let dir = tempfile::tempdir().unwrap();
    let data = cohort();
    std::fs::write(
        data.join("groups.ron"),
        "{ \"intake\": [\"ana\", \"李雷\"] }",
    )
    .unwrap();
    let page = dir.path().join("g.html");
    let out = frontline(
        data,
        &[
            "report",
            "--html",
            page.to_str().unwrap(),
            "--group",
            "intake",
            "--locale",
            "zh",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(&page).unwrap();
    let totals = &elements(&html, "id=\"totals\"")[0];
    assert_eq!(
        (totals["attempts"].as_str(), totals["learners"].as_str()),
        ("6", "2")
    );
    let out = frontline(data, &["report", "--group", "nobody"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no group \"nobody\"") && err.contains("intake"),
        "{err}"
    );
}
