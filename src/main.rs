//! `frontline`: the game window, the terminal front-end, and the trainer's and training
//! lead's command line.
//!
//! Every subcommand calls the engine (`frontline-core`) and the records
//! (`frontline-records`); nothing here scores or validates on its own.

mod cli;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

fn main() -> ExitCode {
    let version: &'static str = Box::leak(cli::long_version().into_boxed_str());
    // An LMS (or the desktop, through the `frontline://` handler) launches `frontline URL`.
    let mut argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let link = argv
        .iter()
        .position(|a| a.to_str().is_some_and(|a| a.starts_with("frontline://")));
    if let Some(i) = link
        && !argv[..i].iter().any(|a| a == "cmi5")
    {
        argv.insert(i, "cmi5".into());
    }
    let matches = cli::Cli::command().version(version).get_matches_from(argv);
    let args = match cli::Cli::from_arg_matches(&matches) {
        Ok(a) => a,
        Err(e) => e.exit(),
    };
    match cli::run(args) {
        Ok(code) => code,
        Err(e) => {
            // The chain: what was being done, then why it failed.
            eprintln!("error: {e:#}");
            ExitCode::from(cli::EXIT_COULD_NOT_RUN)
        }
    }
}
