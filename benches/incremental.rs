//! The incremental engine on a real corpus: `check` cold without the cache, cold while writing
//! it, warm with nothing changed, and 10 named files with a warm cache (each judged against the
//! whole project), measured side by side in one run, as the CLI runs them (scan, summary, text
//! report). Prints the ratios and the cache's size per million lines at the end.
//!
//! ```text
//! cargo bench --bench incremental
//! ```
//!
//! The tree is `$SSOTSCAN_CORPUS`, else `corpus/` (`scripts/fetch-corpus.sh`), else the local
//! standard library.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

mod common;

use common::Times;
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use ssotscan::config::ConfigChoice;
use ssotscan::project::{GlobalSettings, Project};
use ssotscan::report::summary::Summary;
use ssotscan::report::{Format, HtmlInput, Report};
use ssotscan::rules::{activate, ActiveRule, Selection};
use ssotscan::scan::{self, ScanOptions, Subset};

#[global_allocator]
static GLOBAL: ssotscan::alloc::Allocator = ssotscan::alloc::Allocator;

/// One `ssotscan check` as the CLI runs it: scan, summary, text report (no frames).
fn check(project: &Project, inputs: &[PathBuf], rules: &[ActiveRule], subset: Subset) -> usize {
    let pool = scan::thread_pool(0).expect("thread pool");
    let options = ScanOptions {
        subset,
        ..ScanOptions::default()
    };
    let out = scan::run_in(&pool, project, inputs, rules, options).expect("check");
    let summary = Summary::compute(&out);
    let input = Report {
        files: &out.files,
        violations: &out.violations,
        summary: &summary,
        warnings: &out.warnings,
        rules,
        with_baseline: false,
        frames: false,
        groups: None,
        html: HtmlInput::default(),
    };
    let report = pool.install(|| input.render(Format::Text));
    black_box(report.len())
}

static TIMES: Times = Times::new();

fn incremental(c: &mut Criterion) {
    let Some(root) = common::corpus() else {
        eprintln!("incremental/*: skipped, no corpus");
        return;
    };
    let cache = tempfile::tempdir().expect("cache dir");
    let project_with = |cache_dir: Option<PathBuf>| {
        let settings = GlobalSettings {
            config: ConfigChoice::None,
            no_ignore: true,
            no_cache: cache_dir.is_none(),
            cache_dir,
            ..Default::default()
        };
        Project::load(&root, &settings).expect("project")
    };
    let no_cache = project_with(None);
    let warm = project_with(Some(cache.path().join("warm")));
    let cold_dir = cache.path().join("cold");
    let cold = project_with(Some(cold_dir.clone()));
    let rules = activate(&BTreeMap::new(), &Selection::default()).expect("default rules");
    let whole = vec![no_cache.root.clone()];
    // Ten files spread over the corpus.
    let all = no_cache
        .discovery
        .discover(std::slice::from_ref(&no_cache.root))
        .expect("discover")
        .files;
    let ten: Vec<PathBuf> = (0..10)
        .map(|k| all[k * all.len() / 10 + 7].abs.clone())
        .collect();
    // The warm cache, written once.
    check(&warm, &whole, &rules, Subset::Paths);

    let mut group = c.benchmark_group("incremental");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    let mut bench = |name: &'static str, run: &dyn Fn()| {
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    // Each cold run with the cache starts from none (not timed).
                    let _ = std::fs::remove_dir_all(&cold_dir);
                    let start = Instant::now();
                    run();
                    let d = start.elapsed();
                    TIMES.record(name, d);
                    total += d;
                }
                total
            })
        });
    };
    bench("cold_no_cache", &|| {
        check(&no_cache, &whole, &rules, Subset::Paths);
    });
    bench("cold_writing_cache", &|| {
        check(&cold, &whole, &rules, Subset::Paths);
    });
    bench("warm_nothing_changed", &|| {
        check(&warm, &whole, &rules, Subset::Paths);
    });
    bench("warm_10_files", &|| {
        check(&warm, &ten, &rules, Subset::Paths);
    });
    group.finish();

    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    if let (Some(base), Some(writing), Some(warm), Some(ten)) = (
        TIMES.median("cold_no_cache"),
        TIMES.median("cold_writing_cache"),
        TIMES.median("warm_nothing_changed"),
        TIMES.median("warm_10_files"),
    ) {
        println!(
            "incremental (medians): cold {:.0} ms, cold writing the cache {:.0} ms ({:.3}x), \
             warm {:.0} ms ({:.3}x), 10 files warm {:.0} ms ({:.3}x)",
            ms(base),
            ms(writing),
            writing.as_secs_f64() / base.as_secs_f64(),
            ms(warm),
            warm.as_secs_f64() / base.as_secs_f64(),
            ms(ten),
            ten.as_secs_f64() / base.as_secs_f64(),
        );
    }
    let lines: usize = all
        .iter()
        .filter_map(|f| std::fs::read(&f.abs).ok())
        .map(|b| b.iter().filter(|&&c| c == b'\n').count())
        .sum();
    let size: u64 = std::fs::read_dir(cache.path().join("warm"))
        .expect("cache dir")
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum();
    println!(
        "cache: {:.1} MB for {} files, {:.2} M lines: {:.2} MB per million lines",
        size as f64 / 1e6,
        all.len(),
        lines as f64 / 1e6,
        size as f64 / 1e6 / (lines as f64 / 1e6)
    );
}

criterion_group!(benches, incremental);
criterion_main!(benches);
