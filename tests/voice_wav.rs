//! A real synthesiser: every shipped customer's voice, in every language, written to a WAV
//! by espeak-ng (`frontline voice --wav`) and measured with sox — sound, not silence, for
//! about as long as the line takes to say, and a woman's voice higher than a man's.
//!
//! Needs `espeak-ng` and `sox` (Debian packages). Without them the test says so and
//! passes; with `FRONTLINE_REQUIRE_SPEECH=1` (CI) it fails instead.

mod common;

use std::path::Path;
use std::process::Command;

use frontline_core::Lang;

fn tools_present() -> bool {
    let ok = ["espeak-ng", "sox"].iter().all(|t| {
        Command::new(t)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if !ok {
        let note = "espeak-ng or sox is not installed: the real speech check did not run";
        if std::env::var("FRONTLINE_REQUIRE_SPEECH").as_deref() == Ok("1") {
            panic!("{note}");
        }
        eprintln!("skipped: {note}");
    }
    ok
}

/// sox's `stat` of a WAV: (seconds, RMS amplitude, rough frequency in Hz).
fn measure(wav: &Path) -> (f64, f64, f64) {
    let out = Command::new("sox")
        .arg(wav)
        .args(["-n", "stat"])
        .output()
        .unwrap();
    assert!(out.status.success(), "sox failed on {}", wav.display());
    // sox writes its statistics to stderr.
    let text = String::from_utf8_lossy(&out.stderr);
    let field = |name: &str| -> f64 {
        text.lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split(':').nth(1))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or_else(|| panic!("no `{name}` in sox's output:\n{text}"))
    };
    (
        field("Length (seconds)"),
        field("RMS     amplitude"),
        field("Rough   frequency"),
    )
}

/// `frontline voice` for one customer; returns the line spoken and the measurements.
fn speak(dir: &Path, id: &str, lang: Lang, variant: Option<usize>) -> (String, (f64, f64, f64)) {
    let wav = dir.join(format!("{id}-{}-{}.wav", lang.code(), variant.unwrap_or(0)));
    // The file's path, not its id: one file loads in a fraction of the whole library's time.
    let file = common::root().join(format!("scenarios/{}/{id}.scenario.ron", lang.code()));
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_frontline"));
    cmd.current_dir(dir)
        .arg("voice")
        .arg(&file)
        .arg("--wav")
        .arg(&wav);
    if let Some(v) = variant {
        cmd.args(["--variant", &v.to_string()]);
    }
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{id} {lang:?}: {stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The third line printed is the line spoken.
    let line = stdout.lines().nth(2).unwrap_or_default().to_owned();
    (line, measure(&wav))
}

#[test]
fn every_customer_is_heard_in_every_language() {
    if !tools_present() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut heard = 0;
    let ids: Vec<String> = common::library()
        .scenarios
        .iter()
        .filter(|s| s.value.locale == "en")
        .map(|s| s.value.id.clone())
        .collect();
    assert_eq!(ids.len(), 8);
    for lang in Lang::ALL {
        for id in &ids {
            let s = common::scenario(id, lang.code());
            let variants = (1..=s.persona.variants.len()).map(Some);
            for variant in std::iter::once(None).chain(variants) {
                let (line, (seconds, rms, _)) = speak(dir.path(), id, lang, variant);
                let chars = line.chars().filter(|c| !c.is_whitespace()).count() as f64;
                assert!(chars > 5.0, "{id} {lang:?}: no line: {line}");
                assert!(rms > 0.02, "{id} {lang:?} {variant:?}: silent (RMS {rms})");
                // espeak-ng at the shipped rates: roughly 8–20 letters a second in English,
                // 2–6 syllables (characters) in Chinese and Korean. The bounds are wide:
                // they catch a cut-off or an empty file, not a slow voice.
                let per_second = chars / seconds;
                let (low, high) = match lang {
                    Lang::En => (4.0, 40.0),
                    Lang::Zh | Lang::Ko => (1.0, 12.0),
                };
                assert!(
                    (low..high).contains(&per_second),
                    "{id} {lang:?} {variant:?}: {seconds:.1} s for {chars} characters"
                );
                heard += 1;
            }
        }
    }
    assert!(heard >= 3 * 8, "{heard}");

    // billing-dispute's two customers say the same line; the woman's voice is higher.
    let (_, (_, _, zhao)) = speak(dir.path(), "billing-dispute", Lang::En, Some(1));
    let (_, (_, _, lin)) = speak(dir.path(), "billing-dispute", Lang::En, Some(2));
    assert!(lin > zhao * 1.05, "Ms Lin {lin} Hz, Mr Zhao {zhao} Hz");
}

#[test]
fn without_espeak_the_trainer_is_told_what_to_install() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_frontline"))
        .current_dir(dir.path())
        .env("PATH", dir.path())
        .args(["voice", "angry-customer", "--wav", "x.wav"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("apt install espeak-ng"), "{err}");
}
