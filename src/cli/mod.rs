//! Subcommands of the `frontline` binary.
//!
//! Every subcommand reads the same library: the copy compiled into the program with the
//! content folders on top (`--content DIR`, `FRONTLINE_CONTENT`, or the working folder when
//! it holds `scenarios/`, `quizzes/` or `assets/catalogue/`).

/// `println!` that stops quietly when the reader has gone (`frontline … | head`).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// `print!` that stops quietly when the reader has gone.
macro_rules! put {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout(), $($arg)*);
    }};
}

/// Exit status when the command ran and its answer is no: `check` found errors, an attempt
/// (`simulate`, `grade`, `play`) did not pass, `doctor` found trouble.
pub const EXIT_PROBLEMS: u8 = 1;
/// Exit status when the command could not do its job (bad arguments, a file or database it
/// could not read, an LRS that refused). `main` uses it for every error.
pub const EXIT_COULD_NOT_RUN: u8 = 2;

/// Success, or [`EXIT_PROBLEMS`].
pub fn verdict(ok: bool) -> ExitCode {
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_PROBLEMS)
    }
}

mod author;
mod cmi5;
mod doctor;
mod menu;
mod play;
mod records;
mod voice;

use anyhow::Context as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use frontline_core::content::{self, Origin};
use frontline_core::library::{FileStatus, Library, Loaded, Sources};
use frontline_core::paths::{self, Extreme};
use frontline_core::quiz::parse_answers;
use frontline_core::reading::Pace;
use frontline_core::score::score;
use frontline_core::{Catalogue, Lang, Quiz, Scenario, Session, text};

pub use doctor::long_version;

/// Customer-service training simulator: practise conversations, get a debrief
/// that cites the course principle behind every point.
#[derive(Debug, Parser)]
#[command(name = "frontline", about)]
pub struct Cli {
    /// A folder of content on top of the built-in library, laid out like the repository
    /// (scenarios/, quizzes/, assets/catalogue/); give it more than once for several, the
    /// last on top. Default: FRONTLINE_CONTENT (a list of folders), else the current folder
    /// when it holds scenarios/, quizzes/ or assets/catalogue/.
    #[arg(long, global = true, value_name = "DIR")]
    content: Vec<PathBuf>,
    /// A folder of `*.catalogue.ron` files layered on top of the catalogue.
    #[arg(long, global = true, value_name = "DIR")]
    catalogue: Option<PathBuf>,
    /// Folder for the records database, the trainee list and the LRS settings
    /// (default: the platform's data folder, e.g. ~/.local/share/frontline).
    #[arg(long, global = true, value_name = "DIR", env = "FRONTLINE_DATA_DIR")]
    data_dir: Option<PathBuf>,
    #[command(flatten)]
    game: GameArgs,
    /// Without a subcommand, the game window opens.
    #[command(subcommand)]
    command: Option<Command>,
}

/// Flags for the game window (used when no subcommand is given).
#[derive(Debug, clap::Args)]
struct GameArgs {
    /// Trainee name: skips the profile screen.
    #[arg(long, value_name = "NAME")]
    profile: Option<String>,
    /// Open straight into this scenario or quiz id (with --profile).
    #[arg(long, value_name = "ID", requires = "profile")]
    scenario: Option<String>,
    /// Interface and content language (en, zh or ko); default: the last one used.
    #[arg(long)]
    lang: Option<Lang>,
    /// Seed of the first conversation, to repeat a play exactly.
    #[arg(long)]
    seed: Option<u64>,
    /// Start in coach mode: each choice's feedback shows at once.
    #[arg(long)]
    coach: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check scenario, quiz and catalogue files and report every problem.
    Check {
        /// Files or folders (default: the whole library: built in, with the content folders
        /// on top).
        paths: Vec<PathBuf>,
        /// List every file and where it came from, not only those of content folders.
        #[arg(long)]
        list: bool,
        /// Print the findings as JSON: an object with `files`, `errors`, `warnings` and
        /// `diagnostics` (each with file, severity, position, message, hint and code).
        #[arg(long, conflicts_with = "list")]
        json: bool,
        /// Also check every catalogue quote against the source documents in DIR: the
        /// quote must occur in the cited file after the cited section heading.
        #[arg(long, value_name = "DIR")]
        sources: Option<PathBuf>,
    },
    /// Play a path through a scenario without interaction and print the debrief.
    Simulate {
        /// A scenario id, or the path of a .scenario.ron file.
        scenario: String,
        /// Choices by number in the node's written order (1 = first), or by id: 2,1,3.
        #[arg(
            long,
            value_delimiter = ',',
            conflicts_with = "strategy",
            required_unless_present = "strategy"
        )]
        choices: Vec<String>,
        /// Pick the path automatically: the model answer, the worst, or random.
        #[arg(long, value_enum)]
        strategy: Option<Strategy>,
        /// Seconds taken at each turn, in order, counted from the moment the turn was shown,
        /// as the game counts them: 9.2,13.0,… The turn's reading allowance (at --pace) is
        /// taken off before the time budget applies.
        #[arg(long, value_delimiter = ',')]
        times: Vec<f32>,
        /// Reading pace the allowances are given at: standard, slower or slowest.
        #[arg(long, default_value = "standard")]
        pace: Pace,
        /// Seed for line variants, choice order and random play.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Print the debrief as JSON.
        #[arg(long)]
        json: bool,
        /// Language of the version played and of the debrief.
        #[arg(long, default_value = "en")]
        lang: Lang,
        #[command(flatten)]
        record: RecordArgs,
    },
    /// Grade answers to a quiz.
    Grade {
        /// A quiz id, or the path of a .quiz.ron file.
        quiz: String,
        /// One answer per statement, in order: T,F,T,…
        #[arg(long)]
        answers: String,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
        /// Language of the version taken and of the result.
        #[arg(long, default_value = "en")]
        lang: Lang,
        #[command(flatten)]
        record: RecordArgs,
    },
    /// Play a scenario or a quiz in the terminal, answering with number keys; without an
    /// id, a menu of the whole library. Recorded like the game records.
    Play {
        /// A scenario or quiz id, or the path of a file; none opens the menu.
        #[arg(value_name = "ID")]
        item: Option<String>,
        /// Interface and content language (en, zh or ko); default: the last one used.
        #[arg(long)]
        lang: Option<Lang>,
        /// Seed (default: a new one each play, printed so the play can be repeated).
        #[arg(long)]
        seed: Option<u64>,
        /// Show each choice's feedback at once instead of only in the debrief.
        #[arg(long)]
        coach: bool,
        /// Trainee the attempt is recorded for (default: the last trainee on this computer;
        /// on a terminal, asked).
        #[arg(long, value_name = "NAME")]
        profile: Option<String>,
        /// Do not record the attempt.
        #[arg(long)]
        no_record: bool,
        /// Reading pace (standard, slower or slowest), remembered for the trainee; default:
        /// the trainee's own setting.
        #[arg(long)]
        pace: Option<Pace>,
    },
    /// Draw a scenario's graph: nodes by MOT stage, arrows by effect, the model answer in bold.
    Graph {
        /// A scenario id, or the path of a .scenario.ron file.
        scenario: String,
        /// svg (no other software needed) or dot (for Graphviz).
        #[arg(long, value_enum, default_value = "svg")]
        format: author::GraphFormat,
        /// File to write (default: standard output).
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Language of the version drawn.
        #[arg(long, default_value = "en")]
        lang: Lang,
        /// Draw what the recorded attempts did: per arrow how many took it, the median
        /// response time and the share that passed; per box where attempts ended.
        #[arg(long)]
        heat: bool,
        /// With --heat: only attempts finished on or after this date.
        #[arg(long, value_name = "DATE", value_parser = frontline_records::parse_since, requires = "heat")]
        since: Option<time::OffsetDateTime>,
    },
    /// What random play makes of a scenario: score distribution, pass rate, endings, 5S.
    Balance {
        /// A scenario id, or the path of a .scenario.ron file.
        scenario: String,
        /// Random playthroughs when the scenario has too many paths to walk them all.
        #[arg(long, default_value_t = 1_000_000)]
        runs: u64,
        /// Seed of the random playthroughs.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Play at random even when every path could be walked exactly.
        #[arg(long)]
        monte_carlo: bool,
        /// Also write the score histogram as SVG to this file.
        #[arg(long)]
        svg: Option<PathBuf>,
        /// Print the figures as JSON.
        #[arg(long)]
        json: bool,
        /// Language of the version analysed.
        #[arg(long, default_value = "en")]
        lang: Lang,
    },
    /// List the catalogue: every principle id, its title and its source.
    Catalogue {
        /// Language of the titles.
        #[arg(long, default_value = "en")]
        lang: Lang,
    },
    /// Results for a training lead: every attempt, and totals per trainee and scenario.
    Report {
        #[command(flatten)]
        filter: records::FilterArgs,
        /// table (all three tables), csv (one table, for a spreadsheet) or json (all three).
        #[arg(long, value_enum, default_value = "table")]
        format: records::Format,
        /// Which table a CSV holds.
        #[arg(long, value_enum, default_value = "attempts")]
        table: records::TableArg,
        #[command(flatten)]
        team: records::TeamArgs,
        /// Write the team dashboard as one self-contained HTML page (charts inline, no
        /// network) instead of printing a table.
        #[arg(long, value_name = "FILE")]
        html: Option<PathBuf>,
        /// Language of the HTML page and its titles.
        #[arg(long, default_value = "en")]
        lang: Lang,
    },
    /// Write the records as xAPI 1.0.3 statements (a JSON array) for a Learning Record Store.
    Export {
        /// File to write (`-` for standard output).
        #[arg(long, value_name = "FILE")]
        xapi: PathBuf,
        #[command(flatten)]
        filter: records::FilterArgs,
    },
    /// Send statements the LRS has not yet accepted (settings: <data dir>/lrs.ron or
    /// FRONTLINE_LRS_ENDPOINT / _USERNAME / _PASSWORD).
    Sync {
        #[command(flatten)]
        filter: records::FilterArgs,
        /// Send the password over plain http:// to an LRS on another computer (only for a
        /// network you trust; an LRS on this computer needs no flag).
        #[arg(long)]
        allow_http: bool,
    },
    /// Gather results from the LRS: every Frontline statement of the library's scenarios
    /// (or one), from all machines, into the records, so `report`, the Team screen and
    /// `graph --heat` cover the whole cohort. A pull resumes where the last one stopped.
    Pull {
        /// Only this scenario id.
        #[arg(long, value_name = "ID")]
        scenario: Option<String>,
        /// Only statements stored on or after this date.
        #[arg(long, value_name = "DATE", value_parser = frontline_records::parse_since)]
        since: Option<time::OffsetDateTime>,
        /// Statements per page asked of the LRS.
        #[arg(long, default_value_t = 500)]
        page: usize,
        /// Most pages per scenario in one run.
        #[arg(long, default_value_t = 100_000)]
        max_pages: usize,
        /// Send the password over plain http:// to an LRS on another computer.
        #[arg(long)]
        allow_http: bool,
    },
    /// Two recorded attempts side by side, choice by choice, with the score difference.
    Compare {
        /// Attempt ids, as `report` lists them: the earlier first.
        a: i64,
        /// The later attempt.
        b: i64,
        /// Language of the explanation.
        #[arg(long, default_value = "en")]
        lang: Lang,
    },
    /// Show a recorded attempt again, exactly as played, from its seed and answers.
    Replay {
        /// Attempt id, as `report` lists it.
        id: i64,
    },
    /// Play every recorded attempt of a scenario again on the file as it is now and list
    /// those whose score, pass or ending would change, and those that can no longer be
    /// replayed. Exit status 0: the edit changes no recorded result; 1: it does.
    Rescore {
        /// Scenario id (every language), or the path of one scenario file.
        scenario: String,
        /// Print the rows and the summary as JSON.
        #[arg(long)]
        json: bool,
        /// List unchanged attempts too.
        #[arg(long)]
        all: bool,
    },
    /// Run as a cmi5 assignable unit launched by an LMS: fetch the session token, read the
    /// launch data, play the scenario (in the window, or with --terminal in the terminal) and
    /// send initialized, completed, passed or failed, and terminated. The LMS's launch link
    /// is a `frontline://launch/SCENARIO?endpoint=…&fetch=…&actor=…&registration=…&activityId=…`
    /// URL, which `frontline URL` also takes. With --course, write the cmi5 course structure
    /// of the library instead.
    Cmi5 {
        /// The launch URL.
        url: Option<String>,
        /// The scenario to play, when the URL does not name one.
        #[arg(long, value_name = "ID")]
        scenario: Option<String>,
        /// Play in the terminal (answers on standard input), not the window.
        #[arg(long)]
        terminal: bool,
        /// Write the course structure (cmi5.xml) for the library's scenarios to FILE.
        #[arg(long, value_name = "FILE", conflicts_with = "url")]
        course: Option<PathBuf>,
        /// Language of the scenario played.
        #[arg(long)]
        lang: Option<Lang>,
    },
    /// What this installation sees: version, data folder, content folders, display and
    /// graphics adapter, font, LRS settings, records. The first thing to run when something
    /// is off.
    Doctor,
    /// Hear a scenario's customer: a line in the persona's voice (gender, pitch, rate) and
    /// language, spoken by espeak-ng, to try a `voice` without the game. The game speaks
    /// through the system's speech service instead (speech-dispatcher on Linux), with the
    /// same voice settings.
    Voice {
        /// A scenario id, or the path of a .scenario.ron file.
        scenario: String,
        /// Language of the version heard.
        #[arg(long, default_value = "en")]
        lang: Lang,
        /// The persona variant heard, 1 for the first (default: the persona itself).
        #[arg(long, value_name = "N")]
        variant: Option<usize>,
        /// The node whose first line is spoken (default: the start).
        #[arg(long, value_name = "ID")]
        node: Option<String>,
        /// Write the speech to this WAV file instead of playing it.
        #[arg(long, value_name = "FILE")]
        wav: Option<PathBuf>,
    },
    /// Print the manual page (roff), for packaging.
    #[command(hide = true)]
    Man,
}

/// `--record --profile NAME` on simulate and grade.
#[derive(Debug, clap::Args)]
struct RecordArgs {
    /// Commit the result to the records, as the game does.
    #[arg(long, requires = "profile")]
    record: bool,
    /// Trainee the result is recorded for.
    #[arg(long, value_name = "NAME", requires = "record")]
    profile: Option<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Strategy {
    Best,
    Worst,
    Random,
}

/// The content folders in effect: `--content`, else `FRONTLINE_CONTENT`, else the working
/// folder when it looks like one.
fn content_roots(given: &[PathBuf]) -> Vec<PathBuf> {
    if !given.is_empty() {
        return given.to_vec();
    }
    if let Some(list) = std::env::var_os("FRONTLINE_CONTENT").filter(|v| !v.is_empty()) {
        return std::env::split_paths(&list)
            .filter(|p| !p.as_os_str().is_empty())
            .collect();
    }
    if content::is_root(Path::new(".")) {
        return vec![PathBuf::from(".")];
    }
    Vec::new()
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let sources = Sources {
        roots: content_roots(&cli.content),
        catalogue: cli.catalogue.clone(),
        without_builtin: false,
    };
    let data_dir = cli
        .data_dir
        .map(|d| std::path::absolute(&d).unwrap_or(d))
        .unwrap_or_else(frontline_records::default_data_dir);
    let Some(command) = cli.command else {
        return run_game(cli.game, &sources, data_dir);
    };
    match command {
        Command::Check {
            paths,
            list,
            json,
            sources: docs,
        } => Ok(check(paths, &sources, list, json, docs.as_deref())),
        Command::Simulate {
            scenario,
            choices,
            strategy,
            times,
            pace,
            seed,
            json,
            lang,
            record,
        } => {
            let (lib, s) = open_scenario(&scenario, lang, &sources)?;
            simulate(
                &s.value,
                &lib.catalogue,
                &choices,
                strategy,
                (&times, pace),
                seed,
                json,
                lang,
                record.profile.as_deref().map(|p| (p, data_dir.as_path())),
            )
        }
        Command::Grade {
            quiz,
            answers,
            json,
            lang,
            record,
        } => {
            let (_, q) = open_quiz(&quiz, lang, &sources)?;
            let q = &q.value;
            let answers = parse_answers(&answers).map_err(anyhow::Error::msg)?;
            let result = q.grade(&answers).map_err(anyhow::Error::msg)?;
            if let Some(profile) = &record.profile {
                let now = time::OffsetDateTime::now_utc();
                let attempt =
                    frontline_records::QuizAttempt::new(profile, q, result.clone(), now, now);
                records::commit_quiz(&data_dir, &attempt)?;
            }
            if json {
                say!(
                    "{}",
                    serde_json::to_string_pretty(&result).map_err(anyhow::Error::msg)?
                );
            } else {
                put!("{}", text::visible(&text::quiz_result(&result, q, lang)));
            }
            Ok(verdict(result.passed))
        }
        Command::Play {
            item,
            lang,
            seed,
            coach,
            profile,
            no_record,
            pace,
        } => {
            let options = menu::Options {
                lang,
                seed,
                coach,
                profile,
                record: !no_record,
                pace,
            };
            match item {
                None => menu::run(&sources, &data_dir, options),
                Some(item) => menu::play_one(&item, &sources, &data_dir, options),
            }
        }
        Command::Graph {
            scenario,
            format,
            output,
            lang,
            heat,
            since,
        } => {
            let (lib, s) = open_scenario(&scenario, lang, &sources)?;
            if heat {
                records::graph_heat(
                    &data_dir,
                    &s.value,
                    &lib.catalogue,
                    format,
                    since,
                    output.as_deref(),
                )
            } else {
                author::graph(&s.value, &lib.catalogue, format, output.as_deref())
            }
        }
        Command::Balance {
            scenario,
            runs,
            seed,
            monte_carlo,
            svg,
            json,
            lang,
        } => {
            let (_, s) = open_scenario(&scenario, lang, &sources)?;
            author::balance(&s.value, runs, seed, monte_carlo, svg.as_deref(), json)
        }
        Command::Catalogue { lang } => {
            let catalogue = load_catalogue(&sources)?;
            for p in catalogue.iter() {
                say!(
                    "{:<28} {}{}\n{:<28} {}",
                    p.id,
                    p.title.get(lang),
                    if p.inferred { " (inferred)" } else { "" },
                    "",
                    p.source
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Report {
            filter,
            format,
            table,
            team,
            html,
            lang,
        } => match html {
            Some(file) => records::report_html(&data_dir, &filter, &team, &file, lang, &sources),
            None => records::report(&data_dir, &filter, &team, format, table),
        },
        Command::Export { xapi, filter } => records::export(&data_dir, &filter, &xapi),
        Command::Sync { filter, allow_http } => records::sync(&data_dir, &filter, allow_http),
        Command::Pull {
            scenario,
            since,
            page,
            max_pages,
            allow_http,
        } => {
            let ids: Vec<String> = match scenario {
                Some(id) => vec![id],
                None => {
                    let lib = Library::load(&sources);
                    let mut ids: Vec<String> =
                        lib.scenarios.iter().map(|s| s.value.id.clone()).collect();
                    ids.sort();
                    ids.dedup();
                    ids
                }
            };
            records::pull(&data_dir, &ids, since, page, max_pages, allow_http)
        }
        Command::Compare { a, b, lang } => records::compare(&data_dir, a, b, lang),
        Command::Replay { id } => records::replay(&data_dir, id, &sources),
        Command::Rescore {
            scenario,
            json,
            all,
        } => {
            let files = if is_path(&scenario) {
                let (lib, s) = open_scenario(&scenario, Lang::En, &sources)?;
                (lib.catalogue.clone(), vec![s.value])
            } else {
                let lib = Library::load(&sources);
                let id = id_of(&scenario);
                let found: Vec<Scenario> = lib
                    .scenarios
                    .iter()
                    .filter(|s| s.value.id == id && !s.has_errors)
                    .map(|s| s.value.clone())
                    .collect();
                if found.is_empty() {
                    // The same message as every other command naming a scenario.
                    open_scenario(id, Lang::En, &sources)?;
                }
                (lib.catalogue, found)
            };
            records::rescore(&data_dir, &files.1, &files.0, json, all)
        }
        Command::Cmi5 {
            url,
            scenario,
            terminal,
            course,
            lang,
        } => match course {
            Some(file) => cmi5::course(&sources, &file),
            None => {
                let url = url.ok_or_else(|| {
                    anyhow::anyhow!("give the launch URL the LMS opened (frontline://launch/…?endpoint=…), or --course FILE")
                })?;
                cmi5::run(&url, scenario, terminal, lang, &sources, &data_dir)
            }
        },
        Command::Doctor => doctor::run(&sources, &data_dir),
        Command::Voice {
            scenario,
            lang,
            variant,
            node,
            wav,
        } => {
            let (_, s) = open_scenario(&scenario, lang, &sources)?;
            voice::run(&s.value, variant, node.as_deref(), wav.as_deref())
        }
        Command::Man => {
            use clap::CommandFactory;
            let page = clap_mangen::Man::new(Cli::command().version(env!("CARGO_PKG_VERSION")));
            match page.render(&mut std::io::stdout()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
                _ => Ok(ExitCode::SUCCESS),
            }
        }
    }
}

/// The game opened straight into one scenario for one learner (a cmi5 launch).
fn run_game_for(
    id: &str,
    learner: &str,
    lang: Option<Lang>,
    sources: &Sources,
    data_dir: &Path,
) -> anyhow::Result<ExitCode> {
    let args = GameArgs {
        profile: Some(learner.to_owned()),
        scenario: Some(id.to_owned()),
        lang,
        seed: None,
        coach: false,
    };
    run_game(args, sources, data_dir.to_path_buf())
}

#[cfg(feature = "game")]
fn run_game(args: GameArgs, sources: &Sources, data_dir: PathBuf) -> anyhow::Result<ExitCode> {
    use frontline_game as game;
    if let Err(missing) = game::probe::display() {
        return Ok(menu::no_window(
            &missing.into(),
            sources,
            &data_dir,
            args.lang,
        ));
    }
    let renderer = match game::probe::renderer() {
        Ok(r) => r,
        Err(missing) => {
            return Ok(menu::no_window(
                &missing.into(),
                sources,
                &data_dir,
                args.lang,
            ));
        }
    };
    let options = game::GameOptions {
        profile: args.profile,
        scenario: args.scenario,
        lang: args.lang,
        seed: args.seed,
        coach: args.coach,
        sources: sources.clone(),
        data_dir,
    };
    match game::run(options, renderer) {
        game::AppExit::Success => Ok(ExitCode::SUCCESS),
        game::AppExit::Error(code) => Ok(ExitCode::from(code.get())),
    }
}

#[cfg(not(feature = "game"))]
fn run_game(args: GameArgs, sources: &Sources, data_dir: PathBuf) -> anyhow::Result<ExitCode> {
    let missing = doctor::Missing {
        what:
            "This build of Frontline has no game window (it was built without the `game` feature)."
                .into(),
        package: None,
    };
    Ok(menu::no_window(&missing, sources, &data_dir, args.lang))
}

fn load_catalogue(sources: &Sources) -> anyhow::Result<Catalogue> {
    let lib = Library::load(sources);
    if lib.catalogue.is_empty() {
        let errors: Vec<String> = lib.diagnostics.iter().map(|d| d.to_string()).collect();
        return Err(anyhow::anyhow!(
            "the catalogue could not be read:\n{}",
            errors.join("\n")
        ));
    }
    Ok(lib.catalogue)
}

/// Where the library came from, for the top of `check`: the built-in copy as a count, then
/// each file of a content folder with what became of it (every file with `--list`).
fn origins(lib: &Library, sources: &Sources, list: bool) -> Vec<String> {
    let mut out = Vec::new();
    let builtin: Vec<_> = lib
        .entries
        .iter()
        .filter(|e| e.origin.is_builtin())
        .collect();
    if !builtin.is_empty() {
        let replaced = builtin
            .iter()
            .filter(|e| matches!(e.status, FileStatus::ReplacedBy(_)))
            .count();
        out.push(format!(
            "built-in library: {} files{}",
            builtin.len(),
            if replaced > 0 {
                format!(", {replaced} replaced by files of content folders")
            } else {
                String::new()
            }
        ));
    }
    let builtin_text = |name: &str| {
        content::builtin_texts()
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| *t)
    };
    for root in &sources.roots {
        let here: Vec<_> = lib
            .entries
            .iter()
            .filter(|e| matches!(&e.origin, Origin::Folder(r) if r == root))
            .collect();
        if here.is_empty() {
            continue;
        }
        let same = here
            .iter()
            .filter(|e| {
                matches!(e.status, FileStatus::Replaces(_))
                    && builtin_text(&e.name).is_some_and(|t| {
                        content::read_text(&root.join(&e.name)).is_ok_and(|r| r == t)
                    })
            })
            .count();
        out.push(format!(
            "content folder {}: {} files{}",
            root.display(),
            here.len(),
            if same > 0 {
                format!(" ({same} the same as the built-in copy)")
            } else {
                String::new()
            }
        ));
        for e in here {
            let identical = builtin_text(&e.name)
                .is_some_and(|t| content::read_text(&root.join(&e.name)).is_ok_and(|r| r == t));
            if identical && !list {
                continue;
            }
            let what = match &e.status {
                FileStatus::InPlay => "new".to_owned(),
                FileStatus::Replaces(_) if identical => "same as the built-in copy".to_owned(),
                FileStatus::Replaces(lower) => format!("replaces {lower}"),
                FileStatus::ReplacedBy(higher) => format!("replaced by {higher}"),
                FileStatus::Broken(Some(instead)) => format!("has errors: {instead} plays instead"),
                FileStatus::Broken(None) => "has errors: not in play".to_owned(),
            };
            out.push(format!("  {} ({what})", e.shown()));
        }
    }
    if list {
        for e in lib.entries.iter().filter(|e| e.origin.is_builtin()) {
            let what = match &e.status {
                FileStatus::ReplacedBy(higher) => format!("replaced by {higher}"),
                FileStatus::Broken(_) => "has errors".to_owned(),
                _ => "in play".to_owned(),
            };
            out.push(format!("  {} ({what})", e.shown()));
        }
    }
    out
}

fn check(
    paths: Vec<PathBuf>,
    sources: &Sources,
    list: bool,
    json: bool,
    docs: Option<&Path>,
) -> ExitCode {
    let whole = paths.is_empty();
    let mut lib = if whole {
        Library::load(sources)
    } else {
        Library::load_paths(&paths, sources)
    };
    if whole {
        // The onboarding course must name cards the library has.
        let course = frontline_core::course::Course::load(sources, &lib);
        lib.diagnostics.extend(course.diagnostics);
    }
    if let Some(dir) = docs {
        lib.check_quotes(dir);
    }
    let (errors, warnings) = (lib.errors(), lib.warnings());
    let status = if errors > 0 {
        ExitCode::from(EXIT_PROBLEMS)
    } else {
        ExitCode::SUCCESS
    };
    if json {
        let out = serde_json::json!({
            "files": lib.files,
            "errors": errors,
            "warnings": warnings,
            "diagnostics": lib.diagnostics,
            "quotes_checked_against": docs.map(|d| d.display().to_string()),
        });
        say!(
            "{}",
            serde_json::to_string_pretty(&out).expect("diagnostics serialise")
        );
        return status;
    }
    if whole {
        for line in origins(&lib, sources, list) {
            say!("{line}");
        }
    }
    for d in &lib.diagnostics {
        say!("{d}");
    }
    match docs {
        Some(dir) => say!(
            "quotes checked against the sources in {} ({} catalogue file{})",
            dir.display(),
            lib.catalogue_texts.len(),
            if lib.catalogue_texts.len() == 1 {
                ""
            } else {
                "s"
            }
        ),
        None => say!("quotes not checked against the sources (give --sources DIR to check them)"),
    }
    say!(
        "checked {} file{}: {errors} error{}, {warnings} warning{}",
        lib.files,
        if lib.files == 1 { "" } else { "s" },
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" }
    );
    status
}

/// Where an id was looked for, for the message when it is found nowhere.
fn searched(sources: &Sources, folder: &str) -> String {
    let mut places = vec!["the built-in library".to_owned()];
    places.extend(
        sources
            .roots
            .iter()
            .map(|r| r.join(folder).display().to_string()),
    );
    if sources.roots.is_empty() {
        places.push("no content folder (none given, and the current folder holds no scenarios/, quizzes/ or assets/catalogue/)".into());
    }
    places.join(", ")
}

/// Whether a command-line argument names a file rather than an id: it exists, or it has a
/// folder in it. A bare `x.scenario.ron` that is not a file here is the id `x`.
fn is_path(arg: &str) -> bool {
    Path::new(arg).exists() || arg.contains('/') || arg.contains('\\')
}

/// The id an argument names: itself, without a file extension.
fn id_of(arg: &str) -> &str {
    [".scenario.ron", ".quiz.ron"]
        .iter()
        .find_map(|e| arg.strip_suffix(e))
        .unwrap_or(arg)
}

/// Refuses a file with errors, listing them.
fn usable<T: Clone>(
    lib: &Library,
    found: Option<&Loaded<T>>,
    shown: &str,
) -> anyhow::Result<Loaded<T>> {
    match found {
        Some(l) => Ok(l.clone()),
        None => {
            let lines: Vec<String> = lib.diagnostics.iter().map(|d| d.to_string()).collect();
            Err(anyhow::anyhow!(
                "{shown} cannot be used until its errors are fixed:\n{}",
                lines.join("\n")
            ))
        }
    }
}

/// The scenario an argument names (an id in the library, or a file), checked; refused with
/// every problem listed if it has errors.
fn open_scenario(
    arg: &str,
    lang: Lang,
    sources: &Sources,
) -> anyhow::Result<(Library, Loaded<Scenario>)> {
    if is_path(arg) {
        let lib = Library::load_paths(&[PathBuf::from(arg)], sources);
        if lib.scenarios.is_empty() && lib.quizzes.is_empty() && lib.errors() == 0 {
            return Err(anyhow::anyhow!("{arg} is not a scenario"));
        }
        let found = lib.scenarios.iter().find(|s| !s.has_errors);
        let s = usable(&lib, found, arg)?;
        return Ok((lib, s));
    }
    let arg = id_of(arg);
    let lib = Library::load(sources);
    if let Some(s) = lib.scenario_for(arg, lang).cloned() {
        return Ok((lib, s));
    }
    if let Some(broken) = lib.scenarios.iter().find(|s| s.value.id == arg) {
        let shown = broken.path.display().to_string();
        let lines: Vec<String> = lib.diagnostics_of(&shown).map(|d| d.to_string()).collect();
        return Err(anyhow::anyhow!(
            "{shown} cannot be used until its errors are fixed:\n{}",
            lines.join("\n")
        ));
    }
    Err(anyhow::anyhow!(
        "there is no scenario `{arg}`; looked in {} (`frontline check --list` lists the library)",
        searched(sources, "scenarios")
    ))
}

/// The quiz an argument names, as [`open_scenario`] finds a scenario.
fn open_quiz(arg: &str, lang: Lang, sources: &Sources) -> anyhow::Result<(Library, Loaded<Quiz>)> {
    if is_path(arg) {
        let lib = Library::load_paths(&[PathBuf::from(arg)], sources);
        let found = lib.quizzes.iter().find(|q| !q.has_errors);
        if lib.quizzes.is_empty() && lib.errors() == 0 {
            return Err(anyhow::anyhow!("{arg} is not a quiz"));
        }
        let q = usable(&lib, found, arg)?;
        return Ok((lib, q));
    }
    let arg = id_of(arg);
    let lib = Library::load(sources);
    if let Some(q) = lib.quiz_for(arg, lang).cloned() {
        return Ok((lib, q));
    }
    Err(anyhow::anyhow!(
        "there is no quiz `{arg}`; looked in {} (`frontline check --list` lists the library)",
        searched(sources, "quizzes")
    ))
}

#[allow(clippy::too_many_arguments)]
fn simulate(
    scenario: &Scenario,
    catalogue: &Catalogue,
    choices: &[String],
    strategy: Option<Strategy>,
    (times, pace): (&[f32], Pace),
    seed: u64,
    json: bool,
    lang: Lang,
    record: Option<(&str, &Path)>,
) -> anyhow::Result<ExitCode> {
    let session = match strategy {
        Some(Strategy::Best | Strategy::Worst) => {
            let extreme = if matches!(strategy, Some(Strategy::Best)) {
                Extreme::Best
            } else {
                Extreme::Worst
            };
            let found = paths::search(scenario, catalogue, seed, extreme)
                .context("the scenario has no complete path")?;
            if !found.exhaustive {
                eprintln!(
                    "note: stopped after {} paths; this is the best found, not necessarily the best there is",
                    found.paths
                );
            }
            replay_with_times(scenario, seed, &found.session, times, pace)?
        }
        Some(Strategy::Random) => {
            let played =
                paths::play_random(scenario, seed).context("the scenario cannot be played")?;
            replay_with_times(scenario, seed, &played, times, pace)?
        }
        None => {
            let mut session = Session::start(scenario, seed)
                .map_err(anyhow::Error::msg)?
                .with_pace(pace);
            if times.len() > choices.len() {
                return Err(anyhow::anyhow!(
                    "{} times given for {} choices",
                    times.len(),
                    choices.len()
                ));
            }
            for (i, c) in choices.iter().enumerate() {
                if session.is_over() {
                    return Err(anyhow::anyhow!(
                        "the conversation ended after {i} choices; `{c}` and later choices were not used"
                    ));
                }
                let node = &scenario.nodes[session.node_index()];
                let time = times.get(i).copied();
                let result = match c.trim().parse::<usize>() {
                    Ok(n) if n >= 1 => session.choose_index(scenario, n - 1, time),
                    Ok(_) => return Err(anyhow::anyhow!("choice {}: numbers start at 1", i + 1)),
                    Err(_) => session.choose(scenario, &c.trim().into(), time),
                };
                result.map_err(|e| {
                    let ids: Vec<String> = node
                        .choices
                        .iter()
                        .enumerate()
                        .map(|(k, ch)| format!("{}={}", k + 1, ch.id))
                        .collect();
                    anyhow::anyhow!(
                        "choice {} at node `{}`: {e} (choices here: {})",
                        i + 1,
                        node.id,
                        ids.join(", ")
                    )
                })?;
            }
            session
        }
    };
    let mut debrief = score(scenario, catalogue, &session).map_err(anyhow::Error::msg)?;
    if let Some((profile, data_dir)) = record {
        // As the game and `play` do: the trainee's quizzes so far say what they knew.
        let now = time::OffsetDateTime::now_utc();
        if let Ok(store) = frontline_records::Store::open(data_dir)
            && let Ok(quizzes) = store.quiz_results_before(profile, now)
        {
            debrief.align_quizzes(&quizzes);
        }
        // The choices were "made" just now, one after another, taking the given times.
        let spent: f32 = session.turns().iter().filter_map(|t| t.response_time).sum();
        let started = time::OffsetDateTime::now_utc() - time::Duration::seconds_f32(spent);
        let attempt = frontline_records::Attempt::new(
            profile,
            scenario,
            &session,
            debrief.clone(),
            started,
            &[],
            false,
        );
        records::commit(data_dir, &attempt)?;
    }
    if json {
        say!(
            "{}",
            serde_json::to_string_pretty(&debrief).map_err(anyhow::Error::msg)?
        );
    } else {
        put!(
            "{}",
            text::visible(&text::debrief(&debrief, scenario, catalogue, lang))
        );
    }
    Ok(verdict(debrief.passed))
}

/// Plays the same choices again from the seed, this time with response times.
fn replay_with_times(
    scenario: &Scenario,
    seed: u64,
    played: &Session,
    times: &[f32],
    pace: Pace,
) -> anyhow::Result<Session> {
    if times.len() > played.turns().len() {
        return Err(anyhow::anyhow!(
            "{} times given for a path of {} choices",
            times.len(),
            played.turns().len()
        ));
    }
    let mut session = Session::start(scenario, seed)
        .map_err(anyhow::Error::msg)?
        .with_pace(pace);
    for (i, t) in played.turns().iter().enumerate() {
        session
            .choose_index(scenario, t.choice, times.get(i).copied())
            .map_err(anyhow::Error::msg)?;
    }
    Ok(session)
}
