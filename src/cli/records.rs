//! The record-keeping subcommands: report, export, sync, compare, replay, and the
//! `--record` of simulate and grade.

use anyhow::Context as _;
use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use clap::ValueEnum;
use indicatif::{ProgressBar, ProgressStyle};

use frontline_core::library::Sources;
use frontline_core::score::score;
use frontline_core::{Lang, text};
use frontline_records::dashboard::{self, DashboardFilter};
use frontline_records::html;
use frontline_records::lrs::{self, LrsConfig};
use frontline_records::report::{self, Table};
use frontline_records::xapi::{self, Naming};
use frontline_records::{self as rec, Attempt, Filter, QuizAttempt, Store};

/// Which records a command reads.
#[derive(Debug, clap::Args)]
pub struct FilterArgs {
    /// Only this trainee.
    #[arg(long, value_name = "NAME")]
    profile: Option<String>,
    /// Only attempts finished on or after this date (2026-11-01, or 2026-11-01T09:00:00Z).
    #[arg(long, value_name = "DATE", value_parser = rec::parse_since)]
    since: Option<time::OffsetDateTime>,
    /// Only this scenario or quiz id.
    #[arg(long, value_name = "ID")]
    scenario: Option<String>,
}

impl FilterArgs {
    fn filter(&self) -> Filter {
        Filter {
            profile: self.profile.clone(),
            since: self.since,
            content: self.scenario.clone(),
        }
    }
}

/// The narrowing only a cohort view has: by content locale and by group of learners.
#[derive(Debug, clap::Args)]
pub struct TeamArgs {
    /// Only attempts in this content language (en, zh, ko).
    #[arg(long, value_name = "LOCALE")]
    locale: Option<String>,
    /// Only the learners of this group, as named in <data dir>/groups.ron.
    #[arg(long, value_name = "NAME")]
    group: Option<String>,
}

impl TeamArgs {
    /// The dashboard filter, with the group's members read from the data folder.
    fn filter(&self, data_dir: &Path, filter: &FilterArgs) -> anyhow::Result<DashboardFilter> {
        let learners = match &self.group {
            None => None,
            Some(name) => {
                let groups = dashboard::load_groups(data_dir).map_err(anyhow::Error::msg)?;
                let Some(members) = groups.get(name) else {
                    let known: Vec<&str> = groups.keys().map(String::as_str).collect();
                    anyhow::bail!(
                        "no group {name:?} in {} (groups there: {})",
                        data_dir.join("groups.ron").display(),
                        if known.is_empty() {
                            "none".to_owned()
                        } else {
                            known.join(", ")
                        }
                    );
                };
                Some(members.clone())
            }
        };
        Ok(DashboardFilter {
            since: filter.since,
            scenario: filter.scenario.clone(),
            locale: self.locale.clone(),
            learners,
        })
    }
}

/// Output of `report`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    /// Aligned columns for a terminal.
    Table,
    /// Comma-separated values.
    Csv,
    /// JSON.
    Json,
}

/// The table a CSV report holds.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum TableArg {
    /// One row per attempt.
    Attempts,
    /// One row per trainee.
    Trainees,
    /// One row per scenario.
    Scenarios,
}

fn open(data_dir: &Path) -> anyhow::Result<Store> {
    let store = Store::open(data_dir).map_err(anyhow::Error::msg)?;
    if let Some(notice) = store.notice() {
        eprintln!("note: {notice}");
    }
    Ok(store)
}

/// Opens the records of a command that only reads: a folder that does not exist is an
/// error (a mistyped --data-dir must not look like an empty cohort), nothing is created or
/// moved, and a read-only folder works.
fn open_to_read(data_dir: &Path) -> anyhow::Result<Store> {
    if !data_dir.is_dir() {
        return Err(anyhow::anyhow!(
            "{} does not exist, so there are no records to read (check --data-dir or FRONTLINE_DATA_DIR)",
            data_dir.display()
        ));
    }
    Store::open_read_only(data_dir).map_err(anyhow::Error::msg)
}

/// Commits a conversation, as the game does when it ends.
pub fn commit(data_dir: &Path, attempt: &Attempt) -> anyhow::Result<()> {
    let mut store = open(data_dir)?;
    let id = store
        .record(attempt)
        .map_err(|e| anyhow::anyhow!("the attempt was not recorded: {e}"))?;
    eprintln!("recorded attempt {id} in {}", store.path().display());
    Ok(())
}

/// Commits a graded quiz.
pub fn commit_quiz(data_dir: &Path, attempt: &QuizAttempt) -> anyhow::Result<()> {
    let mut store = open(data_dir)?;
    let id = store
        .record_quiz(attempt)
        .map_err(|e| anyhow::anyhow!("the quiz was not recorded: {e}"))?;
    eprintln!("recorded quiz attempt {id} in {}", store.path().display());
    Ok(())
}

/// `frontline report`.
pub fn report(
    data_dir: &Path,
    filter: &FilterArgs,
    team: &TeamArgs,
    format: Format,
    table: TableArg,
) -> anyhow::Result<ExitCode> {
    let store = open_to_read(data_dir)?;
    let f = filter.filter();
    let narrow = team.filter(data_dir, filter)?;
    let mut attempts = store.summaries(&f).map_err(anyhow::Error::msg)?;
    attempts.retain(|a| narrow.admits(a));
    let mut quizzes = store.quiz_summaries(&f).map_err(anyhow::Error::msg)?;
    quizzes.retain(|q| {
        narrow
            .learners
            .as_ref()
            .is_none_or(|g| g.contains(&q.profile))
    });
    let r = report::build(&attempts, &quizzes);
    let out = match format {
        Format::Table => r.table(),
        Format::Json => serde_json::to_string_pretty(&r).map_err(anyhow::Error::msg)? + "\n",
        Format::Csv => r.csv(match table {
            TableArg::Attempts => Table::Attempts,
            TableArg::Trainees => Table::Trainees,
            TableArg::Scenarios => Table::Scenarios,
        }),
    };
    put!("{out}");
    Ok(ExitCode::SUCCESS)
}

/// `frontline report --html FILE`: the team dashboard as one page.
pub fn report_html(
    data_dir: &Path,
    filter: &FilterArgs,
    team: &TeamArgs,
    file: &Path,
    lang: Lang,
    sources: &Sources,
) -> anyhow::Result<ExitCode> {
    let store = open_to_read(data_dir)?;
    let narrow = team.filter(data_dir, filter)?;
    let attempts = store
        .summaries(&filter.filter())
        .map_err(anyhow::Error::msg)?;
    let lib = frontline_core::library::Library::load(sources);
    let scenarios: Vec<&frontline_core::scenario::Scenario> =
        lib.scenarios.iter().map(|s| &s.value).collect();
    let board = dashboard::build(
        &attempts,
        &narrow,
        &dashboard::at_stake(scenarios.iter().copied()),
    );
    let mut scenario_titles = std::collections::BTreeMap::new();
    // The title in the page's language where the library has it, else any.
    for s in &scenarios {
        if s.locale == lang.code() || !scenario_titles.contains_key(&s.id) {
            scenario_titles.insert(s.id.clone(), s.title.clone());
        }
    }
    let principle_titles = lib
        .catalogue
        .iter()
        .map(|p| (p.id.to_string(), p.title.get(lang).to_owned()))
        .collect();
    let mut covering = Vec::new();
    if let Some(p) = &filter.profile {
        covering.push(format!("profile {p}"));
    }
    if let Some(t) = filter.since {
        covering.push(format!("since {}", rec::timestamp(t)));
    }
    if let Some(s) = &filter.scenario {
        covering.push(format!("scenario {s}"));
    }
    if let Some(l) = &team.locale {
        covering.push(format!("locale {l}"));
    }
    if let Some(g) = &team.group {
        covering.push(format!("group {g}"));
    }
    let page = html::Page {
        lang,
        generated: &rec::timestamp(time::OffsetDateTime::now_utc()),
        covering: &covering.join(", "),
        principle_titles: &principle_titles,
        scenario_titles: &scenario_titles,
    };
    let text = html::render(&board, &page);
    frontline_records::files::write_atomically(file, text.as_bytes())
        .with_context(|| format!("cannot write {}", file.display()))?;
    eprintln!(
        "wrote {} ({} attempts, {} learners)",
        file.display(),
        board.attempts,
        board.learners.len()
    );
    Ok(ExitCode::SUCCESS)
}

fn bar(len: usize, what: &str) -> ProgressBar {
    // Hidden by indicatif itself when standard error is not a terminal.
    let bar = ProgressBar::new(len as u64);
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({eta})")
            .expect("a fixed template")
            .progress_chars("=> "),
    );
    bar.set_message(what.to_owned());
    bar
}

/// Writes every statement of the matching records as one JSON array, attempt by attempt,
/// so memory stays the same however large the cohort. Returns how many were written.
fn write_statements(
    store: &Store,
    filter: &Filter,
    naming: &Naming,
    out: &mut dyn std::io::Write,
) -> Result<usize, String> {
    let (attempts, quizzes, _) = store.counts().map_err(|e| e.to_string())?;
    let bar = bar((attempts + quizzes) as usize, "writing statements");
    let mut n = 0;
    let io = |e: std::io::Error| frontline_records::RecordsError::Io {
        what: "cannot write the statements",
        path: "-".into(),
        source: e,
    };
    out.write_all(b"[").map_err(|e| e.to_string())?;
    let mut write =
        |statements: Vec<serde_json::Value>| -> Result<(), frontline_records::RecordsError> {
            for s in statements {
                out.write_all(if n == 0 { b"\n" } else { b",\n" })
                    .map_err(io)?;
                serde_json::to_writer_pretty(&mut *out, &s).map_err(|e| io(e.into()))?;
                n += 1;
            }
            bar.inc(1);
            Ok(())
        };
    store
        .for_each_attempt(filter, |a| write(xapi::attempt_statements(&a, naming)))
        .map_err(|e| e.to_string())?;
    store
        .for_each_quiz_attempt(filter, |q| write(xapi::quiz_statements(&q, naming)))
        .map_err(|e| e.to_string())?;
    out.write_all(b"\n]\n").map_err(|e| e.to_string())?;
    bar.finish_and_clear();
    Ok(n)
}

/// `frontline export --xapi FILE`.
pub fn export(data_dir: &Path, filter: &FilterArgs, file: &Path) -> anyhow::Result<ExitCode> {
    let store = open_to_read(data_dir)?;
    // The LRS settings name things when present; export needs no credentials.
    let naming = LrsConfig::load(data_dir)
        .map(|c| c.naming())
        .unwrap_or_default();
    if file == Path::new("-") {
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        match write_statements(&store, &filter.filter(), &naming, &mut out) {
            Ok(_) => {}
            // The reader has gone (`| head`): stop quietly.
            Err(e) if e.contains("Broken pipe") => return Ok(ExitCode::SUCCESS),
            Err(e) => anyhow::bail!(e),
        }
        let _ = out.flush();
        return Ok(ExitCode::SUCCESS);
    }
    // A kill or a full disk never leaves half an export where a whole one was.
    let n = rec::files::write_atomically_with(file, |out| {
        write_statements(&store, &filter.filter(), &naming, out)
    })
    .map_err(|e| match e {
        rec::files::Atomic::Io(e) => {
            anyhow::Error::new(e).context(format!("cannot write {}", file.display()))
        }
        rec::files::Atomic::Writer(e) => anyhow::anyhow!(e),
    })?;
    eprintln!("wrote {n} statements to {}", file.display());
    Ok(ExitCode::SUCCESS)
}

/// `frontline sync`.
pub fn sync(data_dir: &Path, filter: &FilterArgs, allow_http: bool) -> anyhow::Result<ExitCode> {
    let mut config = LrsConfig::load(data_dir).map_err(anyhow::Error::msg)?;
    config.allow_http |= allow_http;
    let mut store = open(data_dir)?;
    let bar = bar(0, "sending");
    let result = lrs::sync(
        &mut store,
        &config,
        &filter.filter(),
        |event| match event {
            lrs::Event::Progress { done, total, sent } => {
                bar.set_length(total as u64);
                bar.set_position(done as u64);
                bar.set_message(format!("{sent} statements sent"));
            }
            lrs::Event::Waiting { seconds, reason } => {
                let line = format!("waiting {seconds:.1} s before trying again: the LRS {reason}");
                if bar.is_hidden() {
                    eprintln!("{line}");
                } else {
                    bar.println(line);
                }
            }
        },
        std::thread::sleep,
    );
    bar.finish_and_clear();
    let r = result.map_err(anyhow::Error::msg)?;
    say!(
        "{}: sent {} statements of {} attempts ({} attempts already there{}{})",
        config.public_endpoint(),
        r.sent,
        r.attempts,
        r.already,
        if r.found_stored > 0 {
            format!(", {} statements found stored already", r.found_stored)
        } else {
            String::new()
        },
        if r.retries > 0 {
            format!(", {} retries", r.retries)
        } else {
            String::new()
        }
    );
    Ok(ExitCode::SUCCESS)
}

fn attempt(store: &Store, id: i64) -> anyhow::Result<Attempt> {
    store
        .attempt(id)
        .map_err(anyhow::Error::msg)?
        .with_context(|| {
            format!(
                "no attempt {id} in {} (see `frontline report`)",
                store.path().display()
            )
        })
}

/// `frontline compare A B`.
pub fn compare(data_dir: &Path, a: i64, b: i64, lang: Lang) -> anyhow::Result<ExitCode> {
    let store = open_to_read(data_dir)?;
    let (x, y) = (attempt(&store, a)?, attempt(&store, b)?);
    if x.scenario != y.scenario {
        return Err(anyhow::anyhow!(
            "attempt {a} is of `{}` and attempt {b} of `{}`: compare two attempts of one scenario",
            x.scenario,
            y.scenario
        ));
    }
    let c = rec::compare::compare(&x.debrief, &y.debrief);
    say!(
        "{} — A: #{a} {} ({}), B: #{b} {} ({})\n",
        x.title,
        rec::timestamp(x.finished),
        x.profile,
        rec::timestamp(y.finished),
        y.profile
    );
    for line in c.explain(lang) {
        say!("{line}");
    }
    say!();
    let w = lang.words();
    for row in &c.rows {
        let cell = |r: Option<&frontline_core::score::ChoiceRecord>| {
            r.map_or("—".to_owned(), |r| {
                format!("{} {} ({:+})", r.node, r.choice, r.points.total())
            })
        };
        say!(
            "{:<8} {} {:<44} | {}",
            w.turn.replace("{n}", &row.turn.to_string()),
            if row.same() { "=" } else { "≠" },
            cell(row.a),
            cell(row.b)
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `frontline replay ID`.
pub fn replay(data_dir: &Path, id: i64, sources: &Sources) -> anyhow::Result<ExitCode> {
    let store = open_to_read(data_dir)?;
    let a = attempt(&store, id)?;
    let lang: Lang = a.locale.parse().unwrap_or(Lang::En);
    let (lib, found) = super::open_scenario(&a.scenario, lang, sources)?;
    let scenario = &found.value;
    let session = a.replay(scenario).map_err(anyhow::Error::msg)?;
    put!(
        "{}",
        text::visible(&text::transcript(scenario, &session, lang).map_err(anyhow::Error::msg)?)
    );
    let mut again = score(scenario, &lib.catalogue, &session).map_err(anyhow::Error::msg)?;
    // Aligned with the quizzes the trainee had taken by then, as the debrief was.
    let quizzes = store
        .quiz_results_before(&a.profile, a.finished)
        .map_err(anyhow::Error::msg)?;
    again.align_quizzes(&quizzes);
    if again != a.debrief {
        eprintln!(
            "note: scored today this attempt gives {} (recorded: {}); the catalogue or scoring changed since",
            again.overall, a.debrief.overall
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `frontline rescore`.
pub fn rescore(
    data_dir: &Path,
    files: &[frontline_core::scenario::Scenario],
    catalogue: &frontline_core::catalogue::Catalogue,
    json: bool,
    all: bool,
) -> anyhow::Result<ExitCode> {
    use frontline_records::rescore::{self, Summary, Verdict};
    let store = open_to_read(data_dir)?;
    let Some(first) = files.first() else {
        anyhow::bail!("no scenario to re-score");
    };
    let filter = Filter {
        content: Some(first.id.clone()),
        ..Default::default()
    };
    let mut rows = Vec::new();
    store
        .for_each_attempt(&filter, |a| {
            if let Some(s) = files.iter().find(|s| s.locale == a.locale) {
                rows.push(rescore::rescore(&a, s, catalogue));
            }
            Ok(())
        })
        .map_err(anyhow::Error::msg)?;
    let summary = Summary::of(&rows);
    if json {
        let out = serde_json::json!({ "scenario": first.id, "attempts": rows, "summary": summary });
        say!(
            "{}",
            serde_json::to_string_pretty(&out).map_err(anyhow::Error::msg)?
        );
    } else {
        let locales: Vec<&str> = files.iter().map(|s| s.locale.as_str()).collect();
        say!(
            "{} ({}): {} recorded attempts played again on the current file",
            first.id,
            locales.join(", "),
            summary.attempts
        );
        let word = |p: bool| if p { "passed" } else { "failed" };
        for r in &rows {
            let head = format!(
                "  #{:<6} {:<16} {} {:<3}",
                r.id,
                r.profile,
                &r.finished[..10.min(r.finished.len())],
                r.locale
            );
            match &r.verdict {
                Verdict::Unchanged if all => {
                    say!(
                        "{head} {} {} (unchanged)",
                        r.recorded,
                        word(r.recorded_passed)
                    )
                }
                Verdict::Unchanged => {}
                Verdict::Changed {
                    overall,
                    passed,
                    outcome,
                } => {
                    let ending = if *outcome != r.recorded_outcome {
                        format!(
                            ", ending {} → {}",
                            r.recorded_outcome.as_deref().unwrap_or("none"),
                            outcome.as_deref().unwrap_or("none")
                        )
                    } else {
                        String::new()
                    };
                    say!(
                        "{head} {} {} → {} {}{ending}",
                        r.recorded,
                        word(r.recorded_passed),
                        overall,
                        word(*passed)
                    )
                }
                Verdict::Unreplayable { reason } => {
                    say!("{head} cannot be replayed: {reason}")
                }
            }
        }
        say!(
            "{} attempts: {} unchanged, {} would change ({} pass → fail, {} fail → pass), {} cannot be replayed",
            summary.attempts,
            summary.unchanged,
            summary.changed,
            summary.pass_to_fail,
            summary.fail_to_pass,
            summary.unreplayable
        );
    }
    Ok(super::verdict(
        summary.changed == 0 && summary.unreplayable == 0,
    ))
}

/// `frontline graph ID --heat`.
pub fn graph_heat(
    data_dir: &Path,
    s: &frontline_core::scenario::Scenario,
    catalogue: &frontline_core::catalogue::Catalogue,
    format: super::author::GraphFormat,
    since: Option<time::OffsetDateTime>,
    output: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    if format != super::author::GraphFormat::Svg {
        anyhow::bail!("--heat draws SVG only; leave out --format or give --format svg");
    }
    let store = open_to_read(data_dir)?;
    let heat = store.heat(s, since).map_err(anyhow::Error::msg)?;
    eprintln!("{}", frontline_core::graph::heat_caption(&heat));
    super::author::write_out(
        &frontline_core::graph::svg_heat(s, catalogue, &heat),
        output,
    )?;
    Ok(ExitCode::SUCCESS)
}

/// `frontline pull`.
pub fn pull(
    data_dir: &Path,
    scenarios: &[String],
    since: Option<time::OffsetDateTime>,
    page: usize,
    max_pages: usize,
    allow_http: bool,
) -> anyhow::Result<ExitCode> {
    use frontline_records::pull::{self, PullEvent, PullOptions};
    let mut config = LrsConfig::load(data_dir).map_err(anyhow::Error::msg)?;
    config.allow_http |= allow_http;
    let mut store = open(data_dir)?;
    let naming = config.naming();
    let options = PullOptions {
        activities: scenarios
            .iter()
            .map(|id| format!("{}/scenarios/{id}", naming.base))
            .collect(),
        since,
        limit: page.clamp(1, 10_000),
        max_pages: max_pages.max(1),
    };
    let bar = bar(0, "receiving");
    let result = pull::pull(
        &mut store,
        &config,
        &options,
        |event| match event {
            PullEvent::Page { activity, received } => {
                bar.set_message(format!(
                    "{received} statements ({})",
                    activity.rsplit('/').next().unwrap_or("")
                ));
                bar.tick();
            }
            PullEvent::Waiting { seconds, reason } => {
                let line = format!("waiting {seconds:.1} s before asking again: the LRS {reason}");
                if bar.is_hidden() {
                    eprintln!("{line}");
                } else {
                    bar.println(line);
                }
            }
        },
        std::thread::sleep,
    );
    bar.finish_and_clear();
    let r = result.map_err(anyhow::Error::msg)?;
    for w in &r.warnings {
        eprintln!("warning: {w}");
    }
    say!(
        "{}: received {} statements in {} pages: {} new, {} already kept, {} voided, {} not Frontline's, {} of this machine's own attempts; {} attempts from other machines in the records",
        config.public_endpoint(),
        r.received,
        r.pages,
        r.new,
        r.duplicates,
        r.voided,
        r.ignored,
        r.local,
        r.attempts
    );
    Ok(ExitCode::SUCCESS)
}
