//! Subcommands of the `frontline` binary.

mod author;
mod play;
mod records;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use frontline_core::library::{CatalogueSource, Library};
use frontline_core::load::FileKind;
use frontline_core::paths::{self, Extreme};
use frontline_core::quiz::parse_answers;
use frontline_core::score::score;
use frontline_core::{Catalogue, Lang, Scenario, Session, text};

/// Customer-service training simulator: practise conversations, get a debrief
/// that cites the course principle behind every point.
#[derive(Debug, Parser)]
#[command(name = "frontline", version, about)]
pub struct Cli {
    /// Folder of `*.catalogue.ron` files to check content against
    /// (default: assets/catalogue if present, else the built-in catalogue).
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
    /// Open straight into this scenario id (with --profile).
    #[arg(long, value_name = "ID", requires = "profile")]
    scenario: Option<String>,
    /// Interface and content language (en or zh); default: the last one used.
    #[arg(long)]
    lang: Option<Lang>,
    /// Seed of the first conversation, to repeat a play exactly.
    #[arg(long)]
    seed: Option<u64>,
    /// Start in coach mode: each choice's feedback shows at once.
    #[arg(long)]
    coach: bool,
    /// Folder holding scenarios/, quizzes/ and assets/ (default: the current folder if it
    /// has scenarios/, else the source tree).
    #[arg(long, value_name = "DIR")]
    content: Option<PathBuf>,
}

#[cfg(feature = "game")]
fn run_game(args: GameArgs, data_dir: PathBuf) -> Result<ExitCode, String> {
    use frontline_game as game;
    let options = game::GameOptions {
        profile: args.profile,
        scenario: args.scenario,
        lang: args.lang,
        seed: args.seed,
        coach: args.coach,
        content_root: args
            .content
            .map(|d| std::path::absolute(&d).unwrap_or(d))
            .unwrap_or_else(game::default_content_root),
        data_dir,
    };
    match game::run(options) {
        frontline_game::AppExit::Success => Ok(ExitCode::SUCCESS),
        frontline_game::AppExit::Error(code) => Ok(ExitCode::from(code.get())),
    }
}

#[cfg(not(feature = "game"))]
fn run_game(_: GameArgs, _: PathBuf) -> Result<ExitCode, String> {
    Err(
        "this build has no game window (built without the `game` feature); \
         use `frontline play SCENARIO` to play in the terminal"
            .into(),
    )
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check scenario, quiz and catalogue files and report every problem.
    Check {
        /// Files or folders (default: scenarios/ quizzes/ assets/catalogue/).
        paths: Vec<PathBuf>,
    },
    /// Play a path through a scenario without interaction and print the debrief.
    Simulate {
        /// A .scenario.ron file, or a scenario id (looked up under scenarios/<lang>/).
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
        /// Seconds taken at each turn, in order: 4.2,3.0,…
        #[arg(long, value_delimiter = ',')]
        times: Vec<f32>,
        /// Seed for line variants, choice order and random play.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Print the debrief as JSON.
        #[arg(long)]
        json: bool,
        /// Interface and content language.
        #[arg(long, default_value = "en")]
        lang: Lang,
        #[command(flatten)]
        record: RecordArgs,
    },
    /// Grade answers to a quiz.
    Grade {
        /// A .quiz.ron file, or a quiz id (looked up under quizzes/<lang>/).
        quiz: String,
        /// One answer per statement, in order: T,F,T,…
        #[arg(long)]
        answers: String,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
        /// Interface and content language.
        #[arg(long, default_value = "en")]
        lang: Lang,
        #[command(flatten)]
        record: RecordArgs,
    },
    /// Play a scenario or a quiz in the terminal, answering with number keys.
    Play {
        /// A .scenario.ron or .quiz.ron file, or an id.
        content: String,
        /// Interface and content language (en or zh).
        #[arg(long, default_value = "en")]
        lang: Lang,
        /// Seed (default: a new one each play, printed so the play can be repeated).
        #[arg(long)]
        seed: Option<u64>,
        /// Show each choice's feedback at once instead of only in the debrief.
        #[arg(long)]
        coach: bool,
    },
    /// Draw a scenario's graph: nodes by MOT stage, arrows by effect, the model answer in bold.
    Graph {
        /// A .scenario.ron file, or a scenario id.
        scenario: String,
        /// svg (no other software needed) or dot (for Graphviz).
        #[arg(long, value_enum, default_value = "svg")]
        format: author::GraphFormat,
        /// File to write (default: standard output).
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Language of the scenario looked up by id.
        #[arg(long, default_value = "en")]
        lang: Lang,
    },
    /// What random play makes of a scenario: score distribution, pass rate, endings, 5S.
    Balance {
        /// A .scenario.ron file, or a scenario id.
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
        /// Language of the scenario looked up by id.
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

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode, String> {
    let source = match &cli.catalogue {
        Some(dir) => CatalogueSource::Folder(dir.clone()),
        None => CatalogueSource::default_for_cwd(),
    };
    let data_dir = cli
        .data_dir
        .map(|d| std::path::absolute(&d).unwrap_or(d))
        .unwrap_or_else(frontline_records::default_data_dir);
    let Some(command) = cli.command else {
        return run_game(cli.game, data_dir);
    };
    match command {
        Command::Check { paths } => Ok(check(paths, &source)),
        Command::Simulate {
            scenario,
            choices,
            strategy,
            times,
            seed,
            json,
            lang,
            record,
        } => {
            let (lib, path) = open(&scenario, FileKind::Scenario, lang, &source)?;
            let s = lib
                .scenarios
                .first()
                .map(|l| &l.value)
                .ok_or_else(|| format!("{} is not a scenario", path.display()))?;
            simulate(
                s,
                &lib.catalogue,
                &choices,
                strategy,
                &times,
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
            let (lib, path) = open(&quiz, FileKind::Quiz, lang, &source)?;
            let q = lib
                .quizzes
                .first()
                .map(|l| &l.value)
                .ok_or_else(|| format!("{} is not a quiz", path.display()))?;
            let answers = parse_answers(&answers).map_err(|e| e.to_string())?;
            let result = q.grade(&answers).map_err(|e| e.to_string())?;
            if let Some(profile) = &record.profile {
                let now = time::OffsetDateTime::now_utc();
                let attempt =
                    frontline_records::QuizAttempt::new(profile, q, result.clone(), now, now);
                records::commit_quiz(&data_dir, &attempt)?;
            }
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&result).map_err(|e| e.to_string())?
                );
            } else {
                print!("{}", text::quiz_result(&result, q, lang));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Play {
            content,
            lang,
            seed,
            coach,
        } => {
            let kind = if content.ends_with(".quiz.ron") {
                FileKind::Quiz
            } else {
                FileKind::Scenario
            };
            let found = open(&content, kind, lang, &source).or_else(|e| {
                // An id may name a quiz rather than a scenario.
                if kind == FileKind::Scenario && !content.ends_with(".ron") {
                    open(&content, FileKind::Quiz, lang, &source)
                } else {
                    Err(e)
                }
            })?;
            let (lib, _) = found;
            let seed = seed.unwrap_or_else(fresh_seed);
            if let Some(s) = lib.scenarios.first() {
                play::scenario(&s.value, &lib.catalogue, seed, coach, lang)
            } else if let Some(q) = lib.quizzes.first() {
                play::quiz(&q.value, lang)
            } else {
                Err("nothing to play".into())
            }
        }
        Command::Graph {
            scenario,
            format,
            output,
            lang,
        } => {
            let (lib, path) = open(&scenario, FileKind::Scenario, lang, &source)?;
            let s = first_scenario(&lib, &path)?;
            author::graph(s, &lib.catalogue, format, output.as_deref())
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
            let (lib, path) = open(&scenario, FileKind::Scenario, lang, &source)?;
            let s = first_scenario(&lib, &path)?;
            author::balance(s, runs, seed, monte_carlo, svg.as_deref(), json)
        }
        Command::Catalogue { lang } => {
            let catalogue = load_catalogue(&source)?;
            for p in catalogue.iter() {
                println!(
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
        } => records::report(&data_dir, &filter, format, table),
        Command::Export { xapi, filter } => records::export(&data_dir, &filter, &xapi),
        Command::Sync { filter } => records::sync(&data_dir, &filter),
        Command::Compare { a, b, lang } => records::compare(&data_dir, a, b, lang),
        Command::Replay { id } => records::replay(&data_dir, id, &source),
    }
}

fn fresh_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64 % 1_000_000)
        .unwrap_or(1)
}

fn load_catalogue(source: &CatalogueSource) -> Result<Catalogue, String> {
    let lib = Library::load(&[], source);
    if lib.catalogue.is_empty() {
        let errors: Vec<String> = lib.diagnostics.iter().map(|d| d.to_string()).collect();
        return Err(format!(
            "the catalogue could not be read:\n{}",
            errors.join("\n")
        ));
    }
    Ok(lib.catalogue)
}

fn check(paths: Vec<PathBuf>, source: &CatalogueSource) -> ExitCode {
    let paths = if paths.is_empty() {
        ["scenarios", "quizzes", "assets/catalogue"]
            .iter()
            .map(PathBuf::from)
            .collect()
    } else {
        paths
    };
    let lib = Library::load(&paths, source);
    for d in &lib.diagnostics {
        println!("{d}");
    }
    let (errors, warnings) = (lib.errors(), lib.warnings());
    println!(
        "checked {} file{}: {errors} error{}, {warnings} warning{}",
        lib.files,
        if lib.files == 1 { "" } else { "s" },
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" }
    );
    if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Finds a file from a path or an id, loads and checks it, and refuses it with
/// every problem listed if it has errors.
fn open(
    arg: &str,
    kind: FileKind,
    lang: Lang,
    source: &CatalogueSource,
) -> Result<(Library, PathBuf), String> {
    let path = locate(arg, kind, lang).ok_or_else(|| {
        let folder = match kind {
            FileKind::Quiz => "quizzes",
            _ => "scenarios",
        };
        format!("no file `{arg}` and no {folder}/{lang}/{arg}{} (run from the repository folder, or give a path)", kind.extension())
    })?;
    let lib = Library::load(std::slice::from_ref(&path), source);
    if lib.errors() > 0 {
        let lines: Vec<String> = lib.diagnostics.iter().map(|d| d.to_string()).collect();
        return Err(format!(
            "{} cannot be used until its errors are fixed:\n{}",
            path.display(),
            lines.join("\n")
        ));
    }
    Ok((lib, path))
}

/// Writes beside the target and renames, so a full disk or a kill never leaves half a
/// file where a complete one was.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    std::io::Write::write_all(&mut tmp, bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

fn first_scenario<'a>(lib: &'a Library, path: &Path) -> Result<&'a Scenario, String> {
    lib.scenarios
        .first()
        .map(|l| &l.value)
        .ok_or_else(|| format!("{} is not a scenario", path.display()))
}

fn locate(arg: &str, kind: FileKind, lang: Lang) -> Option<PathBuf> {
    let direct = PathBuf::from(arg);
    if direct.is_file() {
        return Some(direct);
    }
    let folder = match kind {
        FileKind::Quiz => "quizzes",
        _ => "scenarios",
    };
    let id = arg.strip_suffix(kind.extension()).unwrap_or(arg);
    let relative = Path::new(folder)
        .join(lang.code())
        .join(format!("{id}{}", kind.extension()));
    [
        PathBuf::from("."),
        PathBuf::from(env!("CARGO_MANIFEST_DIR")),
    ]
    .iter()
    .map(|root| root.join(&relative))
    .find(|p| p.is_file())
}

#[allow(clippy::too_many_arguments)]
fn simulate(
    scenario: &Scenario,
    catalogue: &Catalogue,
    choices: &[String],
    strategy: Option<Strategy>,
    times: &[f32],
    seed: u64,
    json: bool,
    lang: Lang,
    record: Option<(&str, &Path)>,
) -> Result<ExitCode, String> {
    let session = match strategy {
        Some(Strategy::Best | Strategy::Worst) => {
            let extreme = if matches!(strategy, Some(Strategy::Best)) {
                Extreme::Best
            } else {
                Extreme::Worst
            };
            let found = paths::search(scenario, catalogue, seed, extreme)
                .ok_or("the scenario has no complete path")?;
            if !found.exhaustive {
                eprintln!(
                    "note: stopped after {} paths; this is the best found, not necessarily the best there is",
                    found.paths
                );
            }
            replay_with_times(scenario, seed, &found.session, times)?
        }
        Some(Strategy::Random) => {
            let played =
                paths::play_random(scenario, seed).ok_or("the scenario cannot be played")?;
            replay_with_times(scenario, seed, &played, times)?
        }
        None => {
            let mut session = Session::start(scenario, seed).map_err(|e| e.to_string())?;
            if times.len() > choices.len() {
                return Err(format!(
                    "{} times given for {} choices",
                    times.len(),
                    choices.len()
                ));
            }
            for (i, c) in choices.iter().enumerate() {
                if session.is_over() {
                    return Err(format!(
                        "the conversation ended after {i} choices; `{c}` and later choices were not used"
                    ));
                }
                let node = &scenario.nodes[session.node_index()];
                let time = times.get(i).copied();
                let result = match c.trim().parse::<usize>() {
                    Ok(n) if n >= 1 => session.choose_index(scenario, n - 1, time),
                    Ok(_) => return Err(format!("choice {}: numbers start at 1", i + 1)),
                    Err(_) => session.choose(scenario, &c.trim().into(), time),
                };
                result.map_err(|e| {
                    let ids: Vec<String> = node
                        .choices
                        .iter()
                        .enumerate()
                        .map(|(k, ch)| format!("{}={}", k + 1, ch.id))
                        .collect();
                    format!(
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
    let debrief = score(scenario, catalogue, &session).map_err(|e| e.to_string())?;
    if let Some((profile, data_dir)) = record {
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
        println!(
            "{}",
            serde_json::to_string_pretty(&debrief).map_err(|e| e.to_string())?
        );
    } else {
        print!("{}", text::debrief(&debrief, scenario, catalogue, lang));
    }
    Ok(ExitCode::SUCCESS)
}

/// Plays the same choices again from the seed, this time with response times.
fn replay_with_times(
    scenario: &Scenario,
    seed: u64,
    played: &Session,
    times: &[f32],
) -> Result<Session, String> {
    if times.len() > played.turns().len() {
        return Err(format!(
            "{} times given for a path of {} choices",
            times.len(),
            played.turns().len()
        ));
    }
    let mut session = Session::start(scenario, seed).map_err(|e| e.to_string())?;
    for (i, t) in played.turns().iter().enumerate() {
        session
            .choose_index(scenario, t.choice, times.get(i).copied())
            .map_err(|e| e.to_string())?;
    }
    Ok(session)
}
