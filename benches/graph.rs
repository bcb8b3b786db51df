//! The import graph's added cost: parsing a tree into facts vs building the module index and the
//! import graph from those facts (and running `unresolved-import`). Runs on the CPython standard
//! library by default; `SSOTSCAN_BENCH_ROOT=/path` points it elsewhere.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion};
use ssotscan::config::ConfigChoice;
use ssotscan::graph::ImportGraph;
use ssotscan::project::{GlobalSettings, Project};
use ssotscan::rules::{activate, Context, Selection};
use ssotscan::scan;

const STDLIB: &str = "/root/.pyenv/versions/3.11.7/lib/python3.11";

fn bench(c: &mut Criterion) {
    let root =
        PathBuf::from(std::env::var("SSOTSCAN_BENCH_ROOT").unwrap_or_else(|_| STDLIB.into()));
    if !root.is_dir() {
        eprintln!(
            "{} does not exist; skipping the graph benchmark",
            root.display()
        );
        return;
    }
    let settings = GlobalSettings {
        config: ConfigChoice::None,
        ..GlobalSettings::default()
    };
    let project = Project::load(&root, &settings).expect("load project");
    let parsed = scan::parse_project(&project, 0).expect("parse");
    let lines: u64 = parsed
        .files
        .iter()
        .filter_map(|f| f.facts.as_ref().ok())
        .map(|f| u64::from(f.lines))
        .sum();
    eprintln!("{} files, {lines} lines", parsed.files.len());
    let rules = activate(
        &Default::default(),
        &Selection {
            select: Some(vec!["unresolved-import".into()]),
            ignore: vec![],
        },
    )
    .expect("rules");

    let mut group = c.benchmark_group("graph");
    group.sample_size(10);
    group.bench_function("parse (discover, read, parse, facts)", |b| {
        b.iter(|| black_box(scan::parse_project(&project, 0).expect("parse").files.len()))
    });
    group.bench_function("module index", |b| {
        b.iter(|| {
            let ctx = Context::new(&project.root, &project.config, &parsed.files);
            black_box(ctx.modules().modules().len())
        })
    });
    group.bench_function("module index + import graph", |b| {
        b.iter(|| {
            let ctx = Context::new(&project.root, &project.config, &parsed.files);
            black_box(ImportGraph::build(ctx.modules()).graph.edge_count())
        })
    });
    group.bench_function("module index + unresolved-import", |b| {
        b.iter(|| {
            let ctx = Context::new(&project.root, &project.config, &parsed.files);
            black_box(scan::check(&ctx, &rules).len())
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
