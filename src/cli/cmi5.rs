//! `frontline cmi5`: a launch from an LMS, played and reported as a cmi5 assignable unit,
//! and the course structure of the library.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;

use frontline_core::Lang;
use frontline_core::library::{Library, Sources};
use frontline_records::cmi5::{self, Launch, Session};
use frontline_records::xapi::{self, Naming};
use frontline_records::{Filter, Store};

/// `frontline cmi5 --course FILE`: one assignable unit per scenario of the library.
pub fn course(sources: &Sources, file: &Path) -> anyhow::Result<ExitCode> {
    let lib = Library::load(sources);
    let mut ids: Vec<&str> = lib
        .scenarios
        .iter()
        .filter(|s| !s.has_errors)
        .map(|s| s.value.id.as_str())
        .collect();
    ids.sort();
    ids.dedup();
    fn tag(locale: &str) -> &str {
        match locale {
            "zh" => "zh-CN",
            "ko" => "ko-KR",
            "en" => "en-US",
            other => other,
        }
    }
    let units: Vec<_> = ids
        .iter()
        .map(|id| {
            let versions: Vec<&frontline_core::Scenario> = lib
                .scenarios
                .iter()
                .filter(|s| s.value.id == *id && !s.has_errors)
                .map(|s| &s.value)
                .collect();
            let titles = versions
                .iter()
                .map(|s| (tag(&s.locale), s.title.clone()))
                .collect();
            let summaries = versions
                .iter()
                .map(|s| (tag(&s.locale), s.summary.clone()))
                .collect();
            ((*id).to_owned(), titles, summaries)
        })
        .collect();
    let xml = cmi5::course_xml(
        &format!("{}/course", xapi::DEFAULT_BASE),
        &[
            ("en-US", "Frontline: customer service practice".to_owned()),
            ("zh-CN", "Frontline：客户服务练习".to_owned()),
            ("ko-KR", "Frontline: 고객 서비스 연습".to_owned()),
        ],
        &units,
    );
    frontline_records::files::write_atomically(file, xml.as_bytes())
        .with_context(|| format!("cannot write {}", file.display()))?;
    eprintln!(
        "wrote {} ({} assignable units)",
        file.display(),
        units.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// A launch from an LMS.
pub fn run(
    url: &str,
    scenario: Option<String>,
    terminal: bool,
    lang: Option<Lang>,
    sources: &Sources,
    data_dir: &Path,
) -> anyhow::Result<ExitCode> {
    let launch = Launch::from_url(url).map_err(anyhow::Error::msg)?;
    let Some(id) = launch.scenario.clone().or(scenario) else {
        anyhow::bail!(
            "the launch URL names no scenario (frontline://launch/SCENARIO?…) and --scenario was not given"
        );
    };
    // Before anything is sent: the scenario must be playable here.
    let lib = Library::load(sources);
    if !lib
        .scenarios
        .iter()
        .any(|s| s.value.id == id && !s.has_errors)
    {
        anyhow::bail!(
            "there is no playable scenario `{id}` in this installation's library; nothing was sent to the LMS"
        );
    }
    let learner = launch.learner();
    let mut session = Session::start(launch).map_err(anyhow::Error::msg)?;
    eprintln!(
        "cmi5: {} launch for {learner}{}",
        session.data.launch_mode,
        session
            .data
            .mastery_score
            .map(|m| format!(", mastery score {m}"))
            .unwrap_or_default()
    );
    // The learner's language preference, when the LMS has one and Frontline speaks it.
    let lang = lang.or_else(|| {
        session.data.language.as_deref().and_then(|pref| {
            pref.split(',')
                .filter_map(|tag| tag.trim().split('-').next()?.parse::<Lang>().ok())
                .next()
        })
    });
    session.initialized().map_err(anyhow::Error::msg)?;
    let started = time::OffsetDateTime::now_utc() - time::Duration::seconds(1);
    // Browse and Review launches play without recording a result.
    let record = session.records_results();
    let played = if terminal {
        super::menu::play_one(
            &id,
            sources,
            data_dir,
            super::menu::Options {
                lang,
                profile: Some(learner.clone()),
                record,
                ..Default::default()
            },
        )
    } else {
        super::run_game_for(&id, &learner, lang, sources, data_dir)
    };
    if let Err(e) = &played {
        eprintln!("error: {e:#}");
    }
    let mut code = ExitCode::SUCCESS;
    if record {
        let store = Store::open_read_only(data_dir).ok();
        let attempt = store.as_ref().and_then(|s| {
            s.attempts(&Filter {
                profile: Some(learner.clone()),
                since: Some(started),
                content: Some(id.clone()),
            })
            .ok()
            .and_then(|mut list| list.pop())
        });
        match attempt {
            Some(a) => {
                // The answers, as allowed statements; the result itself is the cmi5
                // completed / passed / failed, so Frontline's own are not sent twice.
                let answers: Vec<serde_json::Value> =
                    xapi::attempt_statements(&a, &Naming::default())
                        .into_iter()
                        .filter(|s| {
                            let verb = s["verb"]["id"].as_str().unwrap_or("");
                            !["completed", "passed", "failed"]
                                .iter()
                                .any(|v| verb.ends_with(&format!("/{v}")))
                        })
                        .collect();
                session.allowed(answers).map_err(anyhow::Error::msg)?;
                let passed = session
                    .result(a.debrief.overall as f64 / 100.0, a.debrief.passed)
                    .map_err(anyhow::Error::msg)?;
                eprintln!(
                    "cmi5: sent the result: {} ({}/100)",
                    match passed {
                        Some(true) => "passed",
                        Some(false) => "failed",
                        None => "not recorded",
                    },
                    a.debrief.overall
                );
            }
            None => {
                eprintln!(
                    "cmi5: the conversation was not finished, so no result was sent; the LMS sees the session end without one"
                );
                code = ExitCode::from(super::EXIT_PROBLEMS);
            }
        }
    }
    if let Err(e) = session.terminate() {
        eprintln!("cmi5: {e}; the LMS may show the session as abandoned");
        return Ok(ExitCode::from(super::EXIT_PROBLEMS));
    }
    eprintln!("cmi5: session ended ({} statements sent)", session.sent);
    if let Some(back) = &session.data.return_url {
        say!("Return to your course: {back}");
    }
    Ok(code)
}
