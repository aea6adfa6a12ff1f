//! Core benchmarks: checking the shipped library, validating large generated
//! scenarios, and random playthroughs. Run with `cargo bench --no-default-features`;
//! the figures and targets are recorded in docs/performance.md.

use std::fmt::Write;
use std::hint::black_box;
use std::path::PathBuf;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use frontline_core::library::{Library, Sources};
use frontline_core::validate::{self, FileContext};
use frontline_core::{Catalogue, balance, load, paths};

/// The repository root, which holds the shipped library.
fn root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

/// A scenario of `n` nodes in a chain; each node offers a step forward, an ending
/// and a jump back, so reachability and loop checks do real work.
fn generated(n: usize) -> String {
    let mut s = String::with_capacity(n * 600);
    s.push_str("Scenario(id: \"big\", locale: \"en\", title: \"Big\", summary: \"Generated.\", difficulty: Hard, minutes: 60,\n");
    s.push_str("  persona: Persona(name: \"A\", situation: \"B\", mood: 0), pass_threshold: 70, start: \"n0\",\n  nodes: [\n");
    for i in 0..n {
        let next = if i + 1 < n {
            format!("Node(\"n{}\")", i + 1)
        } else {
            "Ending(\"done\")".to_owned()
        };
        let back = i / 2;
        let _ = writeln!(
            s,
            "    Node(id: \"n{i}\", stage: Diagnose, lines: [\"Line {i}.\", \"Other line {i}.\"], time_budget: 20.0, choices: [\n      \
             Choice(id: \"c{i}a\", text: \"Forward.\", next: {next}, mood: 5, points: (smile: 1, sincere: 2), applies: [\"5s.smile\"], feedback: \"Good.\"),\n      \
             Choice(id: \"c{i}b\", text: \"Leave.\", next: Ending(\"lost\"), mood: -20, points: (smile: -2), violates: [\"avoid.indifference\"], feedback: \"Cold.\"),\n      \
             Choice(id: \"c{i}c\", text: \"Back.\", next: Node(\"n{back}\"), feedback: \"Again.\"),\n    ]),"
        );
    }
    s.push_str("  ],\n  endings: [Ending(id: \"done\", outcome: Resolved, title: \"D\", text: \"D.\"), Ending(id: \"lost\", outcome: CustomerLost, title: \"L\", text: \"L.\")],\n)\n");
    s
}

fn check_library(c: &mut Criterion) {
    let paths: Vec<PathBuf> = ["scenarios", "quizzes", "assets/catalogue"]
        .iter()
        .map(|p| root().join(p))
        .collect();
    c.bench_function("check shipped library", |b| {
        b.iter(|| {
            let lib = Library::load_paths(black_box(&paths), &Sources::default());
            assert_eq!(lib.errors(), 0);
            lib
        })
    });
}

fn validate_generated(c: &mut Criterion) {
    let catalogue = Catalogue::builtin().unwrap();
    let mut group = c.benchmark_group("validate generated scenario");
    group.sample_size(10);
    for n in [1_000, 10_000, 100_000] {
        let text = generated(n);
        let scenario = load::parse_scenario(&text, "big.scenario.ron").unwrap();
        let ctx = FileContext {
            catalogue: &catalogue,
            file_id: Some("big"),
            folder_locale: Some("en"),
        };
        assert!(validate::scenario(&scenario, &text, &ctx).is_empty());
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("validate", n), &n, |b, _| {
            b.iter(|| validate::scenario(black_box(&scenario), &text, &ctx))
        });
        group.bench_with_input(BenchmarkId::new("parse+validate", n), &n, |b, _| {
            b.iter(|| {
                let s = load::parse_scenario(black_box(&text), "big.scenario.ron").unwrap();
                validate::scenario(&s, &text, &ctx)
            })
        });
    }
    group.finish();
}

fn random_playthroughs(c: &mut Criterion) {
    let lib = Library::load_paths(&[root().join("scenarios/en")], &Sources::default());
    let mut group = c.benchmark_group("random playthrough");
    group.throughput(Throughput::Elements(1));
    for id in ["angry-customer", "missing-pin", "billing-dispute"] {
        let scenario = lib.scenario(id, "en").unwrap();
        let mut seed = 0u64;
        group.bench_function(id, |b| {
            b.iter(|| {
                seed += 1;
                paths::play_random(black_box(scenario), seed)
                    .unwrap()
                    .turns()
                    .len()
            })
        });
    }
    group.finish();
}

/// The balance engine's playthroughs: the figure behind `frontline balance`'s runs per
/// second (target: one million per second per core). 10 000 plays per iteration.
fn balance_playthroughs(c: &mut Criterion) {
    use rand::SeedableRng;
    let lib = Library::load_paths(&[root().join("scenarios/en")], &Sources::default());
    let mut group = c.benchmark_group("balance playthroughs");
    const PLAYS: u64 = 10_000;
    group.throughput(Throughput::Elements(PLAYS));
    for id in ["angry-customer", "missing-pin", "billing-dispute"] {
        let scenario = lib.scenario(id, "en").unwrap();
        let compiled = balance::Compiled::new(scenario).unwrap();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        group.bench_function(id, |b| {
            b.iter(|| {
                let mut passed = 0u32;
                for _ in 0..PLAYS {
                    passed += u32::from(compiled.play_random(&mut rng, None).passed);
                }
                black_box(passed)
            })
        });
    }
    group.finish();
}

// criterion_group! generates an undocumented public function.
#[allow(missing_docs)]
mod group {
    use super::*;
    criterion_group!(
        benches,
        check_library,
        validate_generated,
        random_playthroughs,
        balance_playthroughs
    );
}

criterion_main!(group::benches);
