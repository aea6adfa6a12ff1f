//! The trainer's tools beyond `check`: `graph` and `balance`.

use anyhow::Context as _;
use std::path::Path;
use std::process::ExitCode;

use clap::ValueEnum;

use indicatif::{ProgressBar, ProgressStyle};

use frontline_core::balance::{self, Method};
use frontline_core::teaching::{RANDOM_PASS_LIMIT, percent};
use frontline_core::{Catalogue, Scenario, graph};

/// Picture formats of `graph`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// Scalable Vector Graphics, drawn here.
    Svg,
    /// Graphviz source: `dot -Tpng`.
    Dot,
}

/// Writes `text` to `output` atomically (or to standard output).
pub fn write_out(text: &str, output: Option<&Path>) -> anyhow::Result<()> {
    match output {
        None => {
            use std::io::Write as _;
            let _ = std::io::stdout().write_all(text.as_bytes());
            Ok(())
        }
        Some(path) => {
            frontline_records::files::write_atomically(path, text.as_bytes())
                .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
            eprintln!("wrote {}", path.display());
            Ok(())
        }
    }
}

pub fn graph(
    s: &Scenario,
    catalogue: &Catalogue,
    format: GraphFormat,
    output: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    if format == GraphFormat::Svg && graph::layout(s, catalogue).is_none() {
        eprintln!("{}", graph::summary(s));
    }
    let text = match format {
        GraphFormat::Svg => graph::svg(s, catalogue),
        GraphFormat::Dot => graph::dot(s, catalogue),
    };
    write_out(&text, output)?;
    Ok(ExitCode::SUCCESS)
}

pub fn balance(
    s: &Scenario,
    runs: u64,
    seed: u64,
    monte_carlo: bool,
    svg: Option<&Path>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let bar = ProgressBar::new(runs).with_style(
        ProgressStyle::with_template(
            "{spinner} {bar:40} {pos}/{len} plays ({per_sec}, {eta} left)",
        )
        .map_err(anyhow::Error::msg)?,
    );
    bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    let long = runs >= 5_000_000;
    if long {
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
    }
    let started = std::time::Instant::now();
    let b = balance::analyse(s, runs, seed, monte_carlo, |done| bar.set_position(done))
        .with_context(|| format!("{} cannot be played", s.id))?;
    let elapsed = started.elapsed();
    bar.finish_and_clear();
    if let Some(path) = svg {
        write_out(&b.histogram_svg(s.pass_threshold), Some(path))?;
    }
    if json {
        say!(
            "{}",
            serde_json::to_string_pretty(&b).map_err(anyhow::Error::msg)?
        );
        return Ok(ExitCode::SUCCESS);
    }
    match b.method {
        Method::Exact { paths } => say!(
            "{} — every one of its {paths} paths, weighted by the chance that random answers take it (exact)",
            s.id
        ),
        Method::MonteCarlo { runs, seed } => say!(
            "{} — {runs} random playthroughs from seed {seed} ({:.2} s, {:.1} million plays/s)",
            s.id,
            elapsed.as_secs_f64(),
            runs as f64 / elapsed.as_secs_f64().max(1e-9) / 1e6
        ),
    }
    say!(
        "random play passes {} (limit {:.0}%), mean overall {:.1}, pass mark {}",
        percent(b.pass_rate),
        RANDOM_PASS_LIMIT * 100.0,
        b.mean_overall,
        s.pass_threshold
    );
    say!("\noverall score of random play");
    let bins = b.bins();
    let top = bins.iter().copied().fold(0.0, f64::max).max(1e-9);
    for (k, share) in bins.iter().enumerate() {
        let width = (share / top * 40.0).round() as usize;
        let mark = if (k as u32 + 1) * 10 > s.pass_threshold {
            '█'
        } else {
            '▒'
        };
        say!(
            "  {:>3}–{:<3} {:<40} {}",
            k * 10,
            if k == 9 { 100 } else { k * 10 + 9 },
            mark.to_string().repeat(width),
            percent(*share)
        );
    }
    say!("  (█ bins at or above the pass mark)");
    say!("\nendings reached");
    for ((id, share), ending) in b.endings.iter().zip(&s.endings) {
        say!(
            "  {:<24} {:<14} {}",
            id,
            format!("{:?}", ending.outcome),
            percent(*share)
        );
    }
    if b.walked_out > 0.0 {
        say!("  (the customer walked out in {})", percent(b.walked_out));
    }
    if b.unfinished > 0.0 {
        say!("  never finished (loops): {}", percent(b.unfinished));
    }
    say!("\nexpected 5S score of random play");
    for (d, mean, rated) in &b.dimensions {
        match mean {
            Some(m) => say!("  {:<9} {m:>5.1}   (rated in {})", d.key(), percent(*rated)),
            None => say!("  {:<9}   not rated on any path", d.key()),
        }
    }
    if let Some(ex) = &b.breaking_example {
        say!(
            "\npasses while breaking a behaviour to avoid: {} of plays, e.g. {} ({})",
            percent(b.pass_while_breaking),
            ex.choices.join(" → "),
            ex.overall
        );
    }
    Ok(ExitCode::SUCCESS)
}
