//! The pipeline: discover → read and parse in parallel (facts only) → rules → sorted violations.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::diagnostic::{Finding, Violation};
use crate::discovery::DiscoveredFile;
use crate::error::Error;
use crate::facts::{FileError, FileFacts, Span};
use crate::model::{ScanOutput, ScannedFile};
use crate::parse::{self, ExtractOptions};
use crate::project::Project;
use crate::rules::{ActiveRule, Context, Rule};
use crate::source::{read_source, read_source_noting_bom, SourceError};

/// Stack size of scanning threads: generous, so ordinary recursion never comes near the limit
/// (deep ASTs are handled by growing the stack on the heap, see `parse`).
const THREAD_STACK: usize = 16 * 1024 * 1024;

#[derive(Debug, Clone, Copy, Default)]
pub struct ScanOptions {
    /// Worker threads; 0 = one per core.
    pub threads: usize,
    /// Show a progress bar on stderr (only if it is a terminal and the scan takes a while).
    pub progress: bool,
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
pub fn scan_file(file: DiscoveredFile, wanted: ExtractOptions) -> ScannedFile {
    let facts = match read_source_noting_bom(&file.abs) {
        Ok((text, bom)) => {
            parse::extract_with(&text, wanted).map(|facts| FileFacts { bom, ..facts })
        }
        Err(err) => Err(source_error(err)),
    };
    ScannedFile::new(file, facts)
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
    files: Vec<DiscoveredFile>,
    wanted: ExtractOptions,
    progress: &Progress,
) -> Vec<ScannedFile> {
    scan_files(files, wanted, &[], progress)
}

/// [`parse_files`] for the given rules (with the facts they want), running their file-local
/// checks in the same workers, right after each file's facts are extracted: the findings go to
/// [`ScannedFile::file_local_findings`], tagged with the rule's position in `rules`.
pub fn parse_and_check_files(
    files: Vec<DiscoveredFile>,
    rules: &[ActiveRule],
    progress: &Progress,
) -> Vec<ScannedFile> {
    let local: Vec<(usize, &dyn Rule)> = rules
        .iter()
        .enumerate()
        .filter(|(_, active)| active.rule.is_file_local())
        .map(|(k, active)| (k, active.rule.as_ref()))
        .collect();
    scan_files(files, extract_options(rules), &local, progress)
}

fn scan_files(
    files: Vec<DiscoveredFile>,
    wanted: ExtractOptions,
    local: &[(usize, &dyn Rule)],
    progress: &Progress,
) -> Vec<ScannedFile> {
    files
        .into_par_iter()
        .enumerate()
        .map(|(i, f)| {
            let mut scanned = scan_file(f, wanted);
            if let Ok(facts) = &scanned.facts {
                let mut found = Vec::new();
                for &(k, rule) in local {
                    rule.check_file_local(&scanned.file, i, facts, &mut found);
                    scanned
                        .file_local_findings
                        .extend(found.drain(..).map(|f| (k, f)));
                }
            }
            progress.tick();
            scanned
        })
        .collect()
}

/// Moves the file-local findings out of `files` (from [`parse_and_check_files`] with the same
/// `rules`): for each rule, its findings if it is file-local, `None` if it is not.
fn take_local_findings(
    files: &mut [ScannedFile],
    rules: &[ActiveRule],
) -> Vec<Option<Vec<Finding>>> {
    let mut by_rule: Vec<Option<Vec<Finding>>> = rules
        .iter()
        .map(|active| active.rule.is_file_local().then(Vec::new))
        .collect();
    for (i, file) in files.iter_mut().enumerate() {
        for (k, finding) in file.file_local_findings.drain(..) {
            debug_assert_eq!(finding.file, i, "a file-local finding of another file");
            by_rule[k].get_or_insert_with(Vec::new).push(finding);
        }
    }
    by_rule
}

/// Runs the active rules over scanned files and returns sorted violations.
///
/// A rule's project check runs on one thread (the duplicate rules' groupings take a few
/// milliseconds each), while its per-file checks split across files: the project checks are
/// started at once, beside the per-file checks, so that neither waits behind the other.
pub fn check(ctx: &Context, rules: &[ActiveRule]) -> Vec<Violation> {
    check_with_local(ctx, rules, rules.iter().map(|_| None).collect())
}

/// [`check`], where `local` holds, by rule, the per-file findings already made in the scan's
/// workers (see [`take_local_findings`]); the rules with `None` are checked here.
fn check_with_local(
    ctx: &Context,
    rules: &[ActiveRule],
    local: Vec<Option<Vec<Finding>>>,
) -> Vec<Violation> {
    let (mut per_rule, project): (Vec<Vec<Finding>>, Vec<Vec<Finding>>) = rayon::join(
        || {
            rules
                .par_iter()
                .zip(local)
                .map(|(active, local)| {
                    if let Some(found) = local {
                        return found;
                    }
                    // The files up to the first that parsed are checked here, before the
                    // others are split across threads: what a rule builds on first use (the
                    // module index, `Context::modules`) is built by this thread while the
                    // others go on with other work, instead of waiting for it.
                    let first = ctx.files.iter().position(|f| f.facts.is_ok());
                    let split = first.map_or(0, |p| p + 1);
                    let mut out = Vec::new();
                    for (i, f) in ctx.files[..split].iter().enumerate() {
                        if let Ok(facts) = &f.facts {
                            active.rule.check_file(ctx, i, facts, &mut out);
                        }
                    }
                    let rest = ctx.files[split..]
                        .par_iter()
                        .enumerate()
                        .filter_map(|(i, f)| f.facts.as_ref().ok().map(|facts| (split + i, facts)))
                        .fold(Vec::new, |mut out, (i, facts)| {
                            active.rule.check_file(ctx, i, facts, &mut out);
                            out
                        })
                        .reduce(Vec::new, |mut a, mut b| {
                            a.append(&mut b);
                            a
                        });
                    out.extend(rest);
                    out
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
    let mut violations: Vec<Violation> = rules
        .par_iter()
        .zip(per_rule)
        .flat_map(|(active, findings)| {
            findings.into_par_iter().map(move |f| {
                let file = &ctx.files[f.file].file;
                let mut related = f.related;
                related.sort();
                Violation {
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
                    key: f.key,
                    suppression: None,
                }
            })
        })
        .collect();
    violations.par_sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    violations.dedup();
    crate::suppress::apply(ctx, rules, &mut violations);
    violations
}

/// The optional facts the given rules need: what a scan for them must extract.
pub fn extract_options(rules: &[ActiveRule]) -> ExtractOptions {
    rules.iter().fold(ExtractOptions::default(), |w, r| {
        w.union(r.rule.extract_options())
    })
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
    // Loaded before any work, and only for the rules that read it: a malformed registry
    // stops `check`, never `check --select env-access`.
    let registry = if rules.iter().any(|r| r.rule.needs_registry()) {
        crate::registry::load_for_project(&project.root, &project.config)?
    } else {
        None
    };
    pool.install(|| {
        let discovered = discovery.discover(inputs)?;
        let progress = Progress::new(discovered.files.len(), options.progress);
        let mut files = parse_and_check_files(discovered.files, rules, &progress);
        progress.finish();
        let local = take_local_findings(&mut files, rules);
        let ctx = Context::new(discovery.root(), &project.config, &files)
            .with_registry(registry.as_ref());
        let violations = check_with_local(&ctx, rules, local);
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
            ExtractOptions::default(),
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
                progress: false,
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
