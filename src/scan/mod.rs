//! The pipeline: discover → read and parse in parallel (facts only) → rules → sorted violations.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use rayon::prelude::*;

mod files;
mod judge;
mod progress;
mod subset;

pub use files::{facts_of_bytes, parse_and_check_files, parse_files, scan_file, Origin};
pub use judge::{check, extract_options};
pub use progress::Progress;
pub use subset::Subset;

use judge::{check_with_local, take_local_findings};
use subset::{Plan, Reported};

use rustc_hash::FxHashSet;

use crate::cache::{FactsCache, Fresh, Record};
use crate::error::Error;
use crate::model::{ScanOutput, ScannedFile, Scope};
use crate::parse;
use crate::project::Project;
use crate::rules::{ActiveRule, Context};
use crate::source::read_source;

/// Stack size of scanning threads: generous, so ordinary recursion never comes near the limit
/// (deep ASTs are handled by growing the stack on the heap, see `parse`).
const THREAD_STACK: usize = 16 * 1024 * 1024;

#[derive(Debug, Clone, Default)]
pub struct ScanOptions {
    /// Worker threads; 0 = one per core.
    pub threads: usize,
    /// Show a progress bar on stderr (only if it is a terminal and the scan takes a while).
    pub progress: bool,
    /// Which files are scanned, and which reported.
    pub subset: Subset,
}

/// Builds the thread pool every parallel stage runs in.
pub fn thread_pool(threads: usize) -> Result<rayon::ThreadPool, Error> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .stack_size(THREAD_STACK)
        .build()
        .map_err(|e| Error::Other(format!("cannot start worker threads: {e}")))
}

/// Discovery, parsing and checking, in the given pool.
pub fn run(
    project: &Project,
    inputs: &[PathBuf],
    rules: &[ActiveRule],
    options: ScanOptions,
) -> Result<ScanOutput, Error> {
    run_in(
        &thread_pool(options.threads)?,
        project,
        inputs,
        rules,
        options,
    )
}

/// [`run`] in a pool the caller keeps for what comes after (`options.threads` is not read: the
/// pool's threads are).
pub fn run_in(
    pool: &rayon::ThreadPool,
    project: &Project,
    inputs: &[PathBuf],
    rules: &[ActiveRule],
    options: ScanOptions,
) -> Result<ScanOutput, Error> {
    let start = Instant::now();
    // Loaded before any work, and only for the rules that read it: a malformed registry
    // stops `check`, never `check --select env-access`.
    let registry = if rules.iter().any(|r| r.rule.needs_registry()) {
        crate::registry::load_for_project(&project.root, &project.config)?
    } else {
        None
    };
    pool.install(|| {
        let wanted = extract_options(rules);
        // The cache file is read and decoded while the directories are walked.
        let (plan, mut cache) = rayon::join(
            || Plan::make(project, inputs, &options.subset),
            || {
                project
                    .cache_dir
                    .as_ref()
                    .map(|d| FactsCache::open(d, wanted))
            },
        );
        let mut plan = plan?;
        let origins = plan.origins(cache.as_mut());
        let progress = Progress::new(origins.len(), options.progress);
        let (mut files, records) = parse_and_check_files(origins, rules, &progress);
        progress.finish();
        let local = take_local_findings(&mut files, rules);
        // Named paths: only their per-file checks run (the git subsets need every file's
        // findings, to tell which change).
        let named: Option<Vec<bool>> = match &plan.reported {
            Reported::Named(named) => Some(
                files
                    .iter()
                    .map(|f| named.contains(f.file.rel.as_str()))
                    .collect(),
            ),
            _ => None,
        };
        let (_, mut violations) = rayon::join(
            || save_cache(cache.as_mut(), &files, &records, plan.complete),
            || {
                let ctx = Context::new(project.discovery.root(), &project.config, &files)
                    .with_registry(registry.as_ref())
                    .with_absent(&plan.absent);
                check_with_local(&ctx, rules, local, named.as_deref())
            },
        );
        let scope = match plan.reported {
            Reported::All => None,
            Reported::Named(_) => {
                let reported = named.unwrap_or_default();
                Some(Scope::new("paths", None, &files, reported))
            }
            Reported::Changes { mode, rev, base } => {
                let reported = subset::affected(
                    project,
                    rules,
                    registry.as_ref(),
                    &mut files,
                    &violations,
                    base,
                    wanted,
                )?;
                Some(Scope::new(mode, rev, &files, reported))
            }
        };
        if let Some(scope) = &scope {
            let reported: FxHashSet<&str> = files
                .iter()
                .zip(&scope.reported)
                .filter(|(_, r)| **r)
                .map(|(f, _)| f.file.rel.as_str())
                .collect();
            violations.retain(|v| reported.contains(v.path.as_str()));
        }
        Ok(ScanOutput {
            violations,
            files,
            scope,
            warnings: plan.warnings,
            cache_problem: cache.and_then(|c| c.problem().map(str::to_string)),
            duration: start.elapsed(),
        })
    })
}

/// Writes the run's facts into the cache (beside the rules phase: it reads the same files).
fn save_cache(
    cache: Option<&mut FactsCache>,
    files: &[ScannedFile],
    records: &[Option<Record>],
    complete: bool,
) {
    let Some(cache) = cache else { return };
    if std::env::var_os("SSOTSCAN_CACHE_STATS").is_some() {
        // For tests and for finding out why a run is slow: where the facts came from.
        let count = |f: fn(&Record) -> bool| records.iter().flatten().filter(|r| f(r)).count();
        let by_status = count(|r| r.reused);
        let by_content = count(|r| r.cached && !r.reused);
        let parsed = count(|r| !r.cached);
        let _ = writeln!(
            std::io::stderr().lock(),
            "cache: {by_status} by status, {by_content} by content, {parsed} parsed, {} not cached",
            records.iter().filter(|r| r.is_none()).count()
        );
    }
    let fresh: Vec<Fresh<'_>> = files
        .iter()
        .zip(records)
        .filter_map(|(f, record)| {
            record.as_ref().map(|record| Fresh {
                rel: &f.file.rel,
                stamp: &record.stamp,
                bom: f.facts.as_ref().is_ok_and(|facts| facts.bom),
                facts: &f.facts,
                reused: record.reused,
            })
        })
        .collect();
    cache.save(&fresh, complete);
}

/// Discovers and parses every file of the project (from its root), without running rules: the
/// input of `graph`, `who-imports` and `registry`.
pub fn parse_project(project: &Project, threads: usize) -> Result<ParsedProject, Error> {
    let pool = thread_pool(threads)?;
    let out = run_in(
        &pool,
        project,
        std::slice::from_ref(&project.root),
        &[],
        ScanOptions::default(),
    )?;
    Ok(ParsedProject {
        files: out.files,
        warnings: out.warnings,
        cache_problem: out.cache_problem,
    })
}

/// The parsed files of a project and what could not be walked.
#[derive(Debug)]
pub struct ParsedProject {
    pub files: Vec<ScannedFile>,
    pub warnings: Vec<String>,
    /// Why the facts cache could not be used or written, if it could not.
    pub cache_problem: Option<String>,
}

/// What [`parse_floor`] went through.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FloorStats {
    pub files: usize,
    pub bytes: u64,
    /// Files that could not be read or did not parse.
    pub failed: usize,
}

/// The parse floor, the benchmarks' yardstick for [`run`]: the same discovery, then read and
/// parse every file once with the same parser in the same kind of pool, keeping nothing.
pub fn parse_floor(
    project: &Project,
    inputs: &[PathBuf],
    threads: usize,
) -> Result<FloorStats, Error> {
    let pool = thread_pool(threads)?;
    pool.install(|| {
        let discovered = project.discovery.discover(inputs)?;
        let files = discovered.files.len();
        let (bytes, failed) = discovered
            .files
            .par_iter()
            .map(|f| match read_source(&f.abs) {
                Ok(text) => (text.len() as u64, usize::from(!parse::parse_only(&text))),
                Err(_) => (0, 1),
            })
            .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
        Ok(FloorStats {
            files,
            bytes,
            failed,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ConfigChoice;
    use crate::diagnostic::Violation;
    use crate::project::GlobalSettings;

    fn project_without_config(root: &std::path::Path) -> Project {
        let settings = GlobalSettings {
            config: ConfigChoice::None,
            ..Default::default()
        };
        Project::load(root, &settings).expect("project")
    }

    #[test]
    fn parse_floor_reads_and_parses_what_check_scans() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("pkg/__pycache__")).expect("mkdir");
        std::fs::write(root.join("pkg/ok.py"), "import os\nx = os.environ\n").expect("write");
        std::fs::write(root.join("pkg/broken.py"), "def f(:\n").expect("write");
        std::fs::write(root.join("pkg/__pycache__/skipped.py"), "x = 1\n").expect("write");
        std::fs::write(root.join("notes.txt"), "not python\n").expect("write");
        let project = project_without_config(root);
        let inputs = vec![project.root.clone()];
        let stats = parse_floor(&project, &inputs, 2).expect("floor");
        assert_eq!(
            stats,
            FloorStats {
                files: 2,
                bytes: 33,
                failed: 1
            }
        );
        let rules = crate::rules::activate(&Default::default(), &Default::default())
            .expect("default rules");
        let out = run(&project, &inputs, &rules, ScanOptions::default()).expect("check");
        assert_eq!(out.files.len(), stats.files);
    }

    #[test]
    fn file_local_findings_belong_to_their_files_whatever_the_threads() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("pkg")).expect("mkdir");
        // A file that does not parse sorts first: the indexes of files with facts and of all
        // files differ from there on.
        std::fs::write(root.join("pkg/a_broken.py"), "def f(:\n").expect("write");
        for i in 0..40 {
            let text = match i {
                17 => "import os\n\nkey = os.environ['KEY']\n".to_string(),
                23 => "from os import getenv\n".to_string(),
                _ => format!("def f{i}():\n    return {i}\n"),
            };
            std::fs::write(root.join(format!("pkg/m{i:02}.py")), text).expect("write");
        }
        let project = project_without_config(root);
        let inputs = vec![project.root.clone()];
        let rules = crate::rules::activate(&Default::default(), &Default::default())
            .expect("default rules");
        let env = |violations: &[Violation]| -> Vec<(String, u32)> {
            violations
                .iter()
                .filter(|v| v.rule == "env-access")
                .map(|v| (v.path.clone(), v.line))
                .collect()
        };
        let mut outputs = Vec::new();
        for threads in [1, 4] {
            let options = ScanOptions {
                threads,
                ..ScanOptions::default()
            };
            let out = run(&project, &inputs, &rules, options).expect("check");
            assert_eq!(
                env(&out.violations),
                vec![("pkg/m17.py".to_string(), 3), ("pkg/m23.py".to_string(), 1)],
                "{threads} threads"
            );
            assert!(out.files.iter().all(|f| f.file_local_findings.is_empty()));
            // The same findings as the rules phase makes when it runs the checks itself.
            let ctx = Context::new(&project.root, &project.config, &out.files);
            assert_eq!(check(&ctx, &rules), out.violations, "{threads} threads");
            outputs.push(out.violations);
        }
        assert_eq!(outputs[0], outputs[1]);
    }
}
