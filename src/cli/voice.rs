//! `frontline voice`: a trainer hears a persona's voice without playing, through espeak-ng
//! (the synthesiser speech-dispatcher uses on Linux), and can keep it as a WAV file.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};

use anyhow::{Context as _, anyhow};

use frontline_core::scenario::{Gender, Voice};
use frontline_core::{Lang, Scenario};

/// espeak-ng's voice for each language (Mandarin is `cmn`).
fn espeak_voice(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en-us",
        Lang::Zh => "cmn",
        Lang::Ko => "ko",
    }
}

/// The espeak-ng arguments for a voice: its language, a female variant for a female
/// customer (espeak-ng's voices are male), pitch 0–99 around 50, and words per minute
/// around 175.
pub fn espeak_args(voice: Voice, lang: Lang) -> Vec<String> {
    let name = match voice.gender {
        Gender::Female => format!("{}+f3", espeak_voice(lang)),
        Gender::Male => espeak_voice(lang).to_owned(),
    };
    let pitch = Voice::setting(voice.pitch, 0.0, 50.0, 99.0).round() as i32;
    let speed = Voice::setting(voice.rate, 80.0, 175.0, 350.0).round() as i32;
    vec![
        "-v".into(),
        name,
        "-p".into(),
        pitch.to_string(),
        "-s".into(),
        speed.to_string(),
    ]
}

fn describe(v: Voice) -> String {
    let gender = match v.gender {
        Gender::Female => "female",
        Gender::Male => "male",
    };
    format!("{gender} voice, pitch {:+}, rate {:+}", v.pitch, v.rate)
}

/// Speaks (or writes to `wav`) the first line of `node` (default: the start) in the voice
/// of the persona or of variant `variant` (1-based).
pub fn run(
    s: &Scenario,
    variant: Option<usize>,
    node: Option<&str>,
    wav: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let lang: Lang = s.locale.parse().map_err(|e: String| anyhow!(e))?;
    let (name, voice) = match variant {
        None => (s.persona.name.as_str(), s.persona.voice),
        Some(n) => {
            let v = n
                .checked_sub(1)
                .and_then(|i| s.persona.variants.get(i))
                .ok_or_else(|| {
                    anyhow!(
                        "{} has {} persona variants; --variant takes 1 to {}",
                        s.id,
                        s.persona.variants.len(),
                        s.persona.variants.len()
                    )
                })?;
            (v.name.as_str(), v.voice.or(s.persona.voice))
        }
    };
    let voice = voice.unwrap_or(Voice::DEFAULT);
    let id = node.unwrap_or(s.start.as_str());
    let n = s
        .nodes
        .iter()
        .find(|n| n.id.as_str() == id)
        .ok_or_else(|| anyhow!("{} has no node `{id}`", s.id))?;
    let line = n
        .lines
        .first()
        .map(|l| l.replace("{name}", name))
        .unwrap_or_default();
    let args = espeak_args(voice, lang);
    say!("{name} ({}, {}): {}", s.id, s.locale, describe(voice));
    say!("espeak-ng {}", args.join(" "));
    say!("{line}");
    let mut cmd = Command::new("espeak-ng");
    cmd.args(&args).arg("--stdin");
    if let Some(w) = wav {
        cmd.arg("-w").arg(w);
    }
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => anyhow!(
                "espeak-ng is not installed (Debian and Ubuntu: apt install espeak-ng); the game \
                 speaks through speech-dispatcher, which uses it"
            ),
            _ => anyhow!("could not start espeak-ng: {e}"),
        })?;
    child
        .stdin
        .take()
        .context("espeak-ng's input")?
        .write_all(line.as_bytes())
        .context("writing the line to espeak-ng")?;
    let out = child.wait_with_output().context("waiting for espeak-ng")?;
    if !out.status.success() {
        return Err(anyhow!(
            "espeak-ng failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    if let Some(w) = wav {
        say!("wrote {}", w.display());
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_voice_becomes_espeak_settings_in_its_language() {
        let older = Voice {
            gender: Gender::Female,
            pitch: -10,
            rate: -20,
        };
        assert_eq!(
            espeak_args(older, Lang::Zh),
            ["-v", "cmn+f3", "-p", "45", "-s", "156"]
        );
        assert_eq!(
            espeak_args(Voice::DEFAULT, Lang::Ko),
            ["-v", "ko", "-p", "50", "-s", "175"]
        );
        let fast = Voice {
            gender: Gender::Male,
            pitch: 100,
            rate: 100,
        };
        assert_eq!(
            espeak_args(fast, Lang::En),
            ["-v", "en-us", "-p", "99", "-s", "350"]
        );
    }
}
