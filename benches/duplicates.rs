//! The cost of the duplicate rules relative to a full scan.
//!
//! `SSOTSCAN_BENCH_TREE=/path/to/python/tree cargo bench --bench duplicates` (default: the
//! `testdata/duplicates` fixture). Benchmarks: the scan without rules (read, parse, facts,
//! fingerprints included), every rule on the resulting facts, and the two duplicate rules alone.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion};
use ssotscan::config::Config;
use ssotscan::discovery::{Discovery, DiscoveryOptions};
use ssotscan::rules::{activate, Context, Selection};
use ssotscan::scan::{self, check, parse_files, Progress};

fn tree() -> PathBuf {
    std::env::var_os("SSOTSCAN_BENCH_TREE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("testdata/duplicates"))
}

fn bench(c: &mut Criterion) {
    let root = tree();
    let discovery = Discovery::new(
        &root,
        DiscoveryOptions {
            respect_ignore_files: true,
            default_excludes: true,
            ..Default::default()
        },
    )
    .expect("discovery");
    let discovered = discovery
        .discover(std::slice::from_ref(&root))
        .expect("discover");
    let config = Config::default();
    let rules = |select: Option<&[&str]>, ignore: &[&str]| {
        activate(
            &config.rules,
            &Selection {
                select: select.map(|s| s.iter().map(|x| x.to_string()).collect()),
                ignore: ignore.iter().map(|x| x.to_string()).collect(),
            },
        )
        .expect("rules")
    };
    let dup = ["duplicate-definition", "duplicate-body"];
    let all = rules(None, &[]);
    let without = rules(None, &dup);
    let only = rules(Some(&dup), &[]);
    // What `check` extracts for every rule: the duplicate rules see the same bodies here.
    let wanted = scan::extract_options(&all);
    let scan = || parse_files(discovered.files.clone(), wanted, &Progress::new(0, false));
    let files = scan();
    let ctx = Context::new(&root, &config, &files);
    let mut g = c.benchmark_group(format!("duplicates/{} files", files.len()));
    g.sample_size(10);
    g.bench_function("scan (parse + facts)", |b| b.iter(scan));
    g.bench_function("all rules", |b| b.iter(|| check(&ctx, &all)));
    g.bench_function("rules without duplicates", |b| {
        b.iter(|| check(&ctx, &without))
    });
    g.bench_function("duplicate rules only", |b| b.iter(|| check(&ctx, &only)));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
