//! The record-keeping subcommands: report, export, sync, compare, replay, and the
//! `--record` of simulate and grade.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use clap::ValueEnum;
use indicatif::{ProgressBar, ProgressStyle};

use frontline_core::library::Sources;
use frontline_core::score::score;
use frontline_core::{Lang, text};
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

fn open(data_dir: &Path) -> Result<Store, String> {
    let store = Store::open(data_dir).map_err(|e| e.to_string())?;
    if let Some(notice) = store.notice() {
        eprintln!("note: {notice}");
    }
    Ok(store)
}

/// Commits a conversation, as the game does when it ends.
pub fn commit(data_dir: &Path, attempt: &Attempt) -> Result<(), String> {
    let mut store = open(data_dir)?;
    let id = store
        .record(attempt)
        .map_err(|e| format!("the attempt was not recorded: {e}"))?;
    eprintln!("recorded attempt {id} in {}", store.path().display());
    Ok(())
}

/// Commits a graded quiz.
pub fn commit_quiz(data_dir: &Path, attempt: &QuizAttempt) -> Result<(), String> {
    let mut store = open(data_dir)?;
    let id = store
        .record_quiz(attempt)
        .map_err(|e| format!("the quiz was not recorded: {e}"))?;
    eprintln!("recorded quiz attempt {id} in {}", store.path().display());
    Ok(())
}

/// `frontline report`.
pub fn report(
    data_dir: &Path,
    filter: &FilterArgs,
    format: Format,
    table: TableArg,
) -> Result<ExitCode, String> {
    let store = open(data_dir)?;
    let f = filter.filter();
    let attempts = store.attempts(&f).map_err(|e| e.to_string())?;
    let quizzes = store.quiz_attempts(&f).map_err(|e| e.to_string())?;
    let r = report::build(&attempts, &quizzes);
    let out = match format {
        Format::Table => r.table(),
        Format::Json => serde_json::to_string_pretty(&r).map_err(|e| e.to_string())? + "\n",
        Format::Csv => r.csv(match table {
            TableArg::Attempts => Table::Attempts,
            TableArg::Trainees => Table::Trainees,
            TableArg::Scenarios => Table::Scenarios,
        }),
    };
    print!("{out}");
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

fn statements(
    store: &Store,
    filter: &Filter,
    naming: &Naming,
) -> Result<Vec<serde_json::Value>, String> {
    let attempts = store.attempts(filter).map_err(|e| e.to_string())?;
    let quizzes = store.quiz_attempts(filter).map_err(|e| e.to_string())?;
    let bar = bar(attempts.len() + quizzes.len(), "building statements");
    let mut all = Vec::new();
    for a in &attempts {
        all.extend(xapi::attempt_statements(a, naming));
        bar.inc(1);
    }
    for q in &quizzes {
        all.extend(xapi::quiz_statements(q, naming));
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(all)
}

/// `frontline export --xapi FILE`.
pub fn export(data_dir: &Path, filter: &FilterArgs, file: &Path) -> Result<ExitCode, String> {
    let store = open(data_dir)?;
    // The LRS settings name things when present; export needs no credentials.
    let naming = LrsConfig::load(data_dir)
        .map(|c| c.naming())
        .unwrap_or_default();
    let all = statements(&store, &filter.filter(), &naming)?;
    let json = serde_json::to_string_pretty(&all).map_err(|e| e.to_string())? + "\n";
    if file == Path::new("-") {
        std::io::stdout()
            .write_all(json.as_bytes())
            .map_err(|e| e.to_string())?;
    } else {
        frontline_records::files::write_atomically(file, json.as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
        eprintln!("wrote {} statements to {}", all.len(), file.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// `frontline sync`.
pub fn sync(data_dir: &Path, filter: &FilterArgs) -> Result<ExitCode, String> {
    let config = LrsConfig::load(data_dir).map_err(|e| e.to_string())?;
    let mut store = open(data_dir)?;
    let all = statements(&store, &filter.filter(), &config.naming())?;
    let bar = bar(0, "sending");
    let result = lrs::sync(
        &mut store,
        &config,
        &all,
        |done, total| {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        },
        std::thread::sleep,
    );
    bar.finish_and_clear();
    let r = result.map_err(|e| e.to_string())?;
    println!(
        "{}: sent {} statements ({} already there, {} in all{})",
        config.public_endpoint(),
        r.sent,
        r.already,
        r.total,
        if r.retries > 0 {
            format!(", {} retries", r.retries)
        } else {
            String::new()
        }
    );
    Ok(ExitCode::SUCCESS)
}

fn attempt(store: &Store, id: i64) -> Result<Attempt, String> {
    store
        .attempt(id)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| {
            format!(
                "no attempt {id} in {} (see `frontline report`)",
                store.path().display()
            )
        })
}

/// `frontline compare A B`.
pub fn compare(data_dir: &Path, a: i64, b: i64, lang: Lang) -> Result<ExitCode, String> {
    let store = open(data_dir)?;
    let (x, y) = (attempt(&store, a)?, attempt(&store, b)?);
    if x.scenario != y.scenario {
        return Err(format!(
            "attempt {a} is of `{}` and attempt {b} of `{}`: compare two attempts of one scenario",
            x.scenario, y.scenario
        ));
    }
    let c = rec::compare::compare(&x.debrief, &y.debrief);
    println!(
        "{} — A: #{a} {} ({}), B: #{b} {} ({})\n",
        x.title,
        rec::timestamp(x.finished),
        x.profile,
        rec::timestamp(y.finished),
        y.profile
    );
    for line in c.explain(lang) {
        println!("{line}");
    }
    println!();
    let w = lang.words();
    for row in &c.rows {
        let cell = |r: Option<&frontline_core::score::ChoiceRecord>| {
            r.map_or("—".to_owned(), |r| {
                format!("{} {} ({:+})", r.node, r.choice, r.points.total())
            })
        };
        println!(
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
pub fn replay(data_dir: &Path, id: i64, sources: &Sources) -> Result<ExitCode, String> {
    let store = open(data_dir)?;
    let a = attempt(&store, id)?;
    let lang: Lang = a.locale.parse().unwrap_or(Lang::En);
    let (lib, found) = super::open_scenario(&a.scenario, lang, sources)?;
    let scenario = &found.value;
    let session = a.replay(scenario).map_err(|e| e.to_string())?;
    print!(
        "{}",
        text::transcript(scenario, &session, lang).map_err(|e| e.to_string())?
    );
    let again = score(scenario, &lib.catalogue, &session).map_err(|e| e.to_string())?;
    if again != a.debrief {
        eprintln!(
            "note: scored today this attempt gives {} (recorded: {}); the catalogue or scoring changed since",
            again.overall, a.debrief.overall
        );
    }
    Ok(ExitCode::SUCCESS)
}
