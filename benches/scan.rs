//! Benchmarks on real Python code.
//!
//! * `file/*`: parse only vs parse + extract facts, per file, on standard-library modules of
//!   different shapes (the local CPython's, so it works without the corpus).
//! * `e2e/*`: a whole tree, `parse_floor` (discovery + read + parse every file once, in the same
//!   pool) vs `check` (`scan::run_in` with every default rule, the summary and the text report
//!   rendered in the scan's pool, as the CLI does);
//!   the ratio check / floor is printed at the end. The tree is `$SSOTSCAN_CORPUS`, else
//!   `corpus/` (`scripts/fetch-corpus.sh`) if it exists, else the standard library.
//!
//! ```text
//! cargo bench --bench scan              # everything
//! cargo bench --bench scan -- e2e       # only the end-to-end group
//! ```

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

mod common;

use common::Times;
use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use ssotscan::config::ConfigChoice;
use ssotscan::project::{GlobalSettings, Project};
use ssotscan::report::summary::Summary;
use ssotscan::report::{Format, HtmlInput, Report};
use ssotscan::rules::{activate, Selection};
use ssotscan::scan::{self, ScanOptions};

// The binaries' allocator, so that the scans here allocate as `ssotscan check` does.
#[global_allocator]
static GLOBAL: ssotscan::alloc::Allocator = ssotscan::alloc::Allocator;

/// Standard-library modules of different shapes: big classes with many methods, long flat
/// modules, heavy typing, a small package module.
const FILES: &[&str] = &[
    "_pydecimal.py",
    "argparse.py",
    "typing.py",
    "inspect.py",
    "json/decoder.py",
];

fn per_file(c: &mut Criterion) {
    let Some(stdlib) = common::stdlib() else {
        eprintln!("file/*: skipped, no python3 standard library found");
        return;
    };
    let mut group = c.benchmark_group("file");
    for name in FILES {
        let Ok(text) = std::fs::read_to_string(stdlib.join(name)) else {
            eprintln!("file/{name}: skipped, not readable in {}", stdlib.display());
            continue;
        };
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("parse", name), &text, |b, text| {
            b.iter(|| ssotscan::parse::parse_only(black_box(text)))
        });
        group.bench_with_input(BenchmarkId::new("parse+extract", name), &text, |b, text| {
            b.iter(|| ssotscan::parse::extract(black_box(text)))
        });
    }
    group.finish();
}

/// Per-iteration times of the two end-to-end functions, for the ratio.
static TIMES: Times = Times::new();

fn end_to_end(c: &mut Criterion) {
    let Some(root) = common::corpus() else {
        eprintln!("e2e/*: skipped, no corpus and no python3 standard library found");
        return;
    };
    // As `ssotscan --no-config --no-ignore check ROOT`: the corpus lives in a git-ignored folder.
    // Cold: without the facts cache (benches/incremental.rs measures it).
    let settings = GlobalSettings {
        config: ConfigChoice::None,
        no_ignore: true,
        no_cache: true,
        ..Default::default()
    };
    let project = Project::load(&root, &settings).expect("project");
    let inputs = vec![project.root.clone()];
    let rules = activate(&BTreeMap::new(), &Selection::default()).expect("default rules");
    let stats = scan::parse_floor(&project, &inputs, 0).expect("parse floor");
    eprintln!(
        "e2e: {} ({} files, {} MB)",
        root.display(),
        stats.files,
        stats.bytes / 1_000_000
    );

    let mut group = c.benchmark_group("e2e");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.throughput(Throughput::Elements(stats.files as u64));
    group.bench_function("parse_floor", |b| {
        b.iter_custom(|iters| {
            let start = Instant::now();
            for _ in 0..iters {
                black_box(scan::parse_floor(&project, &inputs, 0).expect("parse floor"));
            }
            let d = start.elapsed();
            TIMES.record("parse_floor", d / iters as u32);
            d
        })
    });
    group.bench_function("check", |b| {
        b.iter_custom(|iters| {
            let start = Instant::now();
            for _ in 0..iters {
                // As `check` does: one pool for the scan and the code frames of the report.
                let pool = scan::thread_pool(0).expect("thread pool");
                let out = scan::run_in(&pool, &project, &inputs, &rules, ScanOptions::default())
                    .expect("check");
                let summary = Summary::compute(&out);
                let input = Report {
                    files: &out.files,
                    violations: &out.violations,
                    summary: &summary,
                    warnings: &out.warnings,
                    rules: &rules,
                    with_baseline: false,
                    frames: true,
                    groups: None,
                    html: HtmlInput::default(),
                };
                let report = pool.install(|| input.render(Format::Text));
                black_box((summary, report));
            }
            let d = start.elapsed();
            TIMES.record("check", d / iters as u32);
            d
        })
    });
    group.finish();
    if let (Some(floor), Some(check)) = (TIMES.median("parse_floor"), TIMES.median("check")) {
        println!(
            "e2e: parse floor {:.0} ms, check {:.0} ms (medians): check / floor = {:.2}x",
            floor.as_secs_f64() * 1e3,
            check.as_secs_f64() * 1e3,
            check.as_secs_f64() / floor.as_secs_f64()
        );
    }
}

criterion_group!(benches, per_file, end_to_end);
criterion_main!(benches);
