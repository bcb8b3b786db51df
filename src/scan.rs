//! The pipeline: discover → read and parse in parallel (facts only) → rules → sorted violations.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::diagnostic::{Finding, Violation};
use crate::discovery::SourceFile;
use crate::error::Error;
use crate::facts::{FileError, FileFacts, Span};
use crate::parse::{self, Wanted};
use crate::project::Project;
use crate::rules::{ActiveRule, Context};
use crate::source::{read_source, read_source_noting_bom, SourceError};

/// Stack size of scanning threads: generous, so ordinary recursion never comes near the limit
/// (deep ASTs are handled by growing the stack on the heap, see `parse`).
const THREAD_STACK: usize = 16 * 1024 * 1024;

/// One scanned file: where it is and what was learned from it.
#[derive(Debug)]
pub struct ScannedFile {
    pub file: SourceFile,
    pub facts: Result<FileFacts, FileError>,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct ScanOptions {
    /// Worker threads; 0 = one per core.
    pub threads: usize,
    /// Show a progress bar on stderr (only if it is a terminal and the scan takes a while).
    pub progress: bool,
}

/// Everything a scan produced.
#[derive(Debug)]
pub struct ScanOutput {
    pub files: Vec<ScannedFile>,
    /// Sorted by path, line, column, rule.
    pub violations: Vec<Violation>,
    /// Problems that did not stop the scan (unwalkable directories, symlink loops).
    pub warnings: Vec<String>,
    pub duration: Duration,
}

/// Builds the thread pool every parallel stage runs in.
pub fn thread_pool(threads: usize) -> Result<rayon::ThreadPool, Error> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .stack_size(THREAD_STACK)
        .build()
        .map_err(|e| Error::Other(format!("cannot start worker threads: {e}")))
}

/// Reads and parses one file into facts (with the optional ones in `wanted`); never panics,
/// whatever the bytes.
pub fn scan_file(file: SourceFile, wanted: Wanted) -> ScannedFile {
    let facts = match read_source_noting_bom(&file.abs) {
        Ok((text, bom)) => {
            parse::extract_with(&text, wanted).map(|facts| FileFacts { bom, ..facts })
        }
        Err(err) => Err(source_error(err)),
    };
    ScannedFile { file, facts }
}

fn source_error(err: SourceError) -> FileError {
    let span = match err {
        SourceError::NotUtf8 {
            offset,
            line,
            column,
        }
        | SourceError::NullByte {
            offset,
            line,
            column,
        } => Span {
            line,
            column,
            end_line: line,
            end_column: column + 1,
            start: offset as u32,
            end: offset as u32 + 1,
        },
        _ => Span {
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 1,
            start: 0,
            end: 0,
        },
    };
    FileError {
        message: err.to_string(),
        span,
    }
}

/// Parses every discovered file in parallel (order preserved).
pub fn parse_files(
    files: Vec<SourceFile>,
    wanted: Wanted,
    progress: &Progress,
) -> Vec<ScannedFile> {
    files
        .into_par_iter()
        .map(|f| {
            let scanned = scan_file(f, wanted);
            progress.tick();
            scanned
        })
        .collect()
}

/// Runs the active rules over scanned files and returns sorted violations.
///
/// A rule's project check runs on one thread (the duplicate rules' groupings take a few
/// milliseconds each), while its per-file checks split across files: the project checks are
/// started at once, beside the per-file checks, so that neither waits behind the other.
pub fn check(ctx: &Context, rules: &[ActiveRule]) -> Vec<Violation> {
    let (mut per_rule, project): (Vec<Vec<Finding>>, Vec<Vec<Finding>>) = rayon::join(
        || {
            rules
                .par_iter()
                .map(|active| {
                    ctx.files
                        .par_iter()
                        .enumerate()
                        .filter_map(|(i, f)| f.facts.as_ref().ok().map(|facts| (i, facts)))
                        .fold(Vec::new, |mut out, (i, facts)| {
                            active.rule.check_file(ctx, i, facts, &mut out);
                            out
                        })
                        .reduce(Vec::new, |mut a, mut b| {
                            a.append(&mut b);
                            a
                        })
                })
                .collect()
        },
        || {
            rules
                .par_iter()
                .map(|active| {
                    let mut out = Vec::new();
                    active.rule.check_project(ctx, &mut out);
                    out
                })
                .collect()
        },
    );
    for (out, mut more) in per_rule.iter_mut().zip(project) {
        out.append(&mut more);
    }
    let mut violations: Vec<Violation> = Vec::new();
    for (active, findings) in rules.iter().zip(per_rule.iter_mut()) {
        for f in findings.drain(..) {
            let file = &ctx.files[f.file].file;
            let mut related = f.related;
            related.sort();
            violations.push(Violation {
                rule: active.meta.id,
                severity: f.severity.unwrap_or(active.severity),
                category: file.category,
                path: file.rel.clone(),
                line: f.span.line,
                column: f.span.column,
                end_line: f.span.end_line,
                end_column: f.span.end_column,
                message: f.message,
                fix: f.fix,
                related,
                related_label: f.related_label,
                baselined: false,
                offset: f.span.start,
            });
        }
    }
    violations.par_sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    violations.dedup();
    violations
}

/// The optional facts the given rules need: what a scan for them must extract.
pub fn wanted(rules: &[ActiveRule]) -> Wanted {
    rules
        .iter()
        .fold(Wanted::default(), |w, r| w.union(r.rule.wanted()))
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
    let discovery = &project.discovery;
    pool.install(|| {
        let discovered = discovery.discover(inputs)?;
        let progress = Progress::new(discovered.files.len(), options.progress);
        let files = parse_files(discovered.files, wanted(rules), &progress);
        progress.finish();
        let ctx = Context::new(discovery.root(), &project.config, &files)
            .with_registry(project.registry.as_ref());
        let violations = check(&ctx, rules);
        Ok(ScanOutput {
            violations,
            files,
            warnings: discovered.warnings,
            duration: start.elapsed(),
        })
    })
}

/// Discovers and parses every file of the project (from its root), without running rules: the
/// input of `graph` and `who-imports`.
pub fn parse_project(project: &Project, threads: usize) -> Result<ParsedProject, Error> {
    let pool = thread_pool(threads)?;
    pool.install(|| {
        let discovered = project
            .discovery
            .discover(std::slice::from_ref(&project.root))?;
        let files = parse_files(
            discovered.files,
            Wanted::default(),
            &Progress::new(0, false),
        );
        Ok(ParsedProject {
            files,
            warnings: discovered.warnings,
        })
    })
}

/// The parsed files of a project and what could not be walked.
#[derive(Debug)]
pub struct ParsedProject {
    pub files: Vec<ScannedFile>,
    pub warnings: Vec<String>,
}

/// A progress bar on stderr that appears only when stderr is a terminal and the work has taken
/// longer than half a second.
pub struct Progress {
    bar: Option<ProgressBar>,
    shown: AtomicBool,
    start: Instant,
}

impl Progress {
    const DELAY: Duration = Duration::from_millis(500);

    pub fn new(len: usize, enabled: bool) -> Self {
        use std::io::IsTerminal;
        let bar = (enabled && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::hidden());
            if let Ok(style) = ProgressStyle::with_template(
                "{spinner} scanning {pos}/{len} files {wide_bar} {eta}",
            ) {
                bar.set_style(style);
            }
            bar
        });
        Progress {
            bar,
            shown: AtomicBool::new(false),
            start: Instant::now(),
        }
    }

    pub fn tick(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
            if !self.shown.load(Ordering::Relaxed)
                && self.start.elapsed() > Self::DELAY
                && !self.shown.swap(true, Ordering::Relaxed)
            {
                bar.set_draw_target(ProgressDrawTarget::stderr());
            }
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
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
    use crate::project::GlobalSettings;

    #[test]
    fn parse_floor_reads_and_parses_what_check_scans() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("pkg/__pycache__")).expect("mkdir");
        std::fs::write(root.join("pkg/ok.py"), "import os\nx = os.environ\n").expect("write");
        std::fs::write(root.join("pkg/broken.py"), "def f(:\n").expect("write");
        std::fs::write(root.join("pkg/__pycache__/skipped.py"), "x = 1\n").expect("write");
        std::fs::write(root.join("notes.txt"), "not python\n").expect("write");
        let settings = GlobalSettings {
            config: ConfigChoice::None,
            ..Default::default()
        };
        let project = Project::load(root, &settings).expect("project");
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
}
