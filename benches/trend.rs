//! `ssotscan trend` over 20 daily commits of a real corpus against one cold full `check`: the
//! history is made once (in `target/bench-trend/`, kept between runs): the corpus committed,
//! then 19 days of commits, each editing 1% of the files (a function added), deleting a few and
//! adding a few. Prints the ratio trend / check at the end.
//!
//! ```text
//! cargo bench --bench trend
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

mod common;

use common::Times;
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use ssotscan::config::ConfigChoice;
use ssotscan::project::{GlobalSettings, Project};
use ssotscan::rules::{activate, Selection};
use ssotscan::scan::{self, ScanOptions};
use ssotscan::trend::{self, Every, TrendOptions};

#[global_allocator]
static GLOBAL: ssotscan::alloc::Allocator = ssotscan::alloc::Allocator;

const DAYS: usize = 20;

fn git(dir: &Path, args: &[&str], date: &str) {
    let ok = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "bench")
        .env("GIT_AUTHOR_EMAIL", "bench@example.com")
        .env("GIT_COMMITTER_NAME", "bench")
        .env("GIT_COMMITTER_EMAIL", "bench@example.com")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .status()
        .expect("git")
        .success();
    assert!(ok, "git {args:?}");
}

/// The repository of the benchmark, made from the corpus if it is not there yet.
fn history(corpus: &Path) -> PathBuf {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-trend");
    if repo.join(".git/done").exists() {
        return repo;
    }
    let _ = std::fs::remove_dir_all(&repo);
    std::fs::create_dir_all(&repo).expect("mkdir");
    let copied = Command::new("cp")
        .arg("-r")
        .arg(corpus)
        .arg(repo.join("src"))
        .status()
        .expect("cp")
        .success();
    assert!(copied);
    let _ = std::fs::remove_dir_all(repo.join("src/.ssotscan_cache"));
    let _ = std::fs::remove_dir_all(repo.join("src/.downloads"));
    git(&repo, &["init", "-q", "-b", "main"], "2026-01-01T12:00:00Z");
    git(&repo, &["add", "-A"], "2026-01-01T12:00:00Z");
    git(
        &repo,
        &["commit", "-q", "-m", "day 1"],
        "2026-01-01T12:00:00Z",
    );
    let mut files: Vec<PathBuf> = Vec::new();
    let mut stack = vec![repo.join("src")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).expect("read dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "py") {
                files.push(p);
            }
        }
    }
    files.sort();
    for day in 2..=DAYS {
        let date = format!("2026-01-{day:02}T12:00:00Z");
        for (k, f) in files.iter().enumerate() {
            if k % 100 == day {
                let mut text = std::fs::read_to_string(f).unwrap_or_default();
                text.push_str(&format!("\n\ndef _bench_day_{day}():\n    return {day}\n"));
                let _ = std::fs::write(f, text);
            } else if k % 2000 == day {
                let _ = std::fs::remove_file(f);
            }
        }
        std::fs::write(
            repo.join(format!("src/new_day_{day}.py")),
            format!("import os\n\nX = os.environ.get('DAY_{day}')\n"),
        )
        .expect("write");
        git(&repo, &["add", "-A"], &date);
        git(&repo, &["commit", "-q", "-m", &format!("day {day}")], &date);
    }
    std::fs::write(repo.join(".git/done"), "").expect("mark");
    repo
}

static TIMES: Times = Times::new();

fn bench(c: &mut Criterion) {
    let Some(corpus) = common::fetched_corpus() else {
        eprintln!("trend/*: skipped, no corpus (scripts/fetch-corpus.sh)");
        return;
    };
    let repo = history(&corpus);
    let settings = GlobalSettings {
        config: ConfigChoice::None,
        no_cache: true,
        ..Default::default()
    };
    let project = Project::load(&repo, &settings).expect("project");
    let rules = activate(&BTreeMap::new(), &Selection::default()).expect("rules");
    let inputs = vec![project.root.clone()];
    let options = TrendOptions {
        since: None,
        until: None,
        every: Every::Day,
        rev: None,
        config_from_commit: false,
        selection: Selection::default(),
    };
    let mut group = c.benchmark_group("trend");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    let mut time = |name: &'static str, f: &dyn Fn()| {
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let start = Instant::now();
                    f();
                    let d = start.elapsed();
                    TIMES.record(name, d);
                    total += d;
                }
                total
            })
        });
    };
    time("check_cold", &|| {
        let pool = scan::thread_pool(0).expect("pool");
        let out =
            scan::run_in(&pool, &project, &inputs, &rules, ScanOptions::default()).expect("check");
        black_box(out.violations.len());
    });
    time("trend_20_days", &|| {
        let pool = scan::thread_pool(0).expect("pool");
        let t = pool
            .install(|| trend::compute(&project, &rules, None, &options))
            .expect("trend");
        assert_eq!(t.points.len(), DAYS);
        black_box(t.points.len());
    });
    group.finish();
    if let (Some(check), Some(trend)) = (TIMES.median("check_cold"), TIMES.median("trend_20_days"))
    {
        println!(
            "trend (medians): check cold {:.0} ms, trend of {DAYS} daily commits {:.0} ms: {:.2}x",
            check.as_secs_f64() * 1e3,
            trend.as_secs_f64() * 1e3,
            trend.as_secs_f64() / check.as_secs_f64()
        );
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
