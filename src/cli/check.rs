//! `ssotscan check [PATH ...]`: scan, report violations and the compliance score.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::global::{emit, note, warn_all, GlobalArgs};
use crate::baseline::Baseline;
use crate::diagnostic::Severity;
use crate::error::Error;
use crate::graph::ImportGraph;
use crate::output::plural;
use crate::registry::verify;
use crate::report::groups::{self, ConfigGroups, GroupBy, Groups};
use crate::report::html::TrendPoint;
use crate::report::summary::Summary;
use crate::report::{Format, HtmlInput, Report};
use crate::resolve::ModuleIndex;
use crate::rules::{activate, Selection};
use crate::scan::{self, ScanOptions, Subset};

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories to scan (default: the current directory). Files named here are
    /// always scanned, even if excluded.
    pub paths: Vec<PathBuf>,
    /// Run only these rules (comma-separated; `parse-error` always runs).
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub select: Option<Vec<String>>,
    /// Do not run these rules (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub ignore: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// With `--format html`: add the compliance trend of the last N days with commits (the last
    /// commit of each day, as `ssotscan trend`). Needs git.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub trend: Option<u32>,
    /// Score groups of files (services) apart in text, JSON and HTML reports (default: `config`
    /// when the configuration has `groups`, else `top`).
    #[arg(long, value_enum, value_name = "HOW")]
    pub group_by: Option<GroupBy>,
    /// Write the report to FILE (atomically) instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit 1 when the compliance score is below PCT (0-100).
    #[arg(long, value_name = "PCT", value_parser = parse_percent)]
    pub fail_under: Option<f64>,
    /// Always exit 0 when the scan ran (configuration errors still exit 2).
    #[arg(long)]
    pub exit_zero: bool,
    /// Do not show code frames under violations (text and HTML).
    #[arg(long)]
    pub no_frames: bool,
    /// Print only the report: no progress bar, no timing or warnings on stderr.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Violations recorded in this baseline are known: still scored, but not listed in text
    /// output and not a reason to exit 1.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Report the files changed since REV (a commit, branch or tag; tracked changes and new
    /// untracked files) and the files whose findings those changes change, each judged against
    /// the whole project. Needs git.
    #[arg(long, value_name = "REV", conflicts_with_all = ["paths", "staged"])]
    pub changed_since: Option<String>,
    /// Judge what the next commit holds (the index, not the work tree): report the staged
    /// files and the files whose findings the staged changes change. Needs git.
    #[arg(long, conflicts_with = "paths")]
    pub staged: bool,
    /// Record every current violation in FILE (atomically), for later `--baseline FILE`;
    /// violations suppressed by inline comments are left out.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
}

fn parse_percent(s: &str) -> Result<f64, String> {
    let v: f64 = s
        .trim_end_matches('%')
        .parse()
        .map_err(|_| format!("`{s}` is not a number"))?;
    if (0.0..=100.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("`{s}` is not between 0 and 100"))
    }
}

pub fn run(global: &GlobalArgs, args: &CheckArgs) -> Result<ExitCode, Error> {
    let project = global.project()?;
    let rules = activate(
        &project.config.rules,
        &Selection {
            select: args.select.clone(),
            ignore: args.ignore.clone(),
        },
    )
    .map_err(|e| in_config_file(e, project.config_file.as_deref()))?;
    let inputs = project.inputs(&args.paths)?;
    // Bad group globs are configuration errors before any work is done; a file in two groups
    // is one once the files are known.
    let config_groups = ConfigGroups::new(&project.config)
        .map_err(|e| in_config_file(e, project.config_file.as_deref()))?;
    groups::check_group_by(args.group_by, config_groups.as_ref())?;
    // A bad baseline is a usage error before any work is done.
    let baseline = match &args.baseline {
        Some(path) => Some(Baseline::load(path)?),
        None => None,
    };
    // One pool for the scan and for the code frames of the report.
    let pool = scan::thread_pool(global.threads)?;
    let mut output = scan::run_in(
        &pool,
        &project,
        &inputs,
        &rules,
        ScanOptions {
            progress: !args.quiet && args.format == Format::Text && args.output.is_none(),
            subset: match (&args.changed_since, args.staged) {
                (Some(rev), _) => Subset::ChangedSince(rev.clone()),
                (None, true) => Subset::Staged,
                (None, false) => Subset::Paths,
            },
            // The pool above has `global.threads`.
            ..ScanOptions::default()
        },
    )
    // The registry the configuration names is loaded by the scan.
    .map_err(|e| in_config_file(e, project.config_file.as_deref()))?;
    let groups = Groups::assign(args.group_by, config_groups.as_ref(), &output.files)
        .map_err(|e| in_config_file(e, project.config_file.as_deref()))?;
    let mut summary = Summary::compute_grouped(&output, groups.as_ref());
    if let Some(baseline) = &baseline {
        summary.baseline = Some(baseline.apply(&mut output.violations));
    }
    if let Some(path) = &args.write_baseline {
        Baseline::from_violations(&output.violations).write(path)?;
        if !args.quiet {
            note(&format!(
                "Wrote a baseline of {} to {}.",
                plural(
                    output
                        .violations
                        .iter()
                        .filter(|v| !v.is_suppressed())
                        .count(),
                    "violation"
                ),
                path.display()
            ));
        }
    }
    if !args.quiet {
        warn_all(&output.warnings);
        super::global::warn_cache(output.cache_problem.as_deref());
        if output.files.is_empty() {
            note("warning: no Python files found");
        }
    }
    // The HTML report also shows the imports between groups and the registry's claims.
    let (imports, verified) = if args.format == Format::Html {
        html_extras(&pool, &project, &output.files, args.quiet)
    } else {
        (None, None)
    };
    // `--trend N`: the last N daily points of the history, in the HTML report.
    let trend = match (args.trend, args.format) {
        (Some(n), Format::Html) => {
            let options = crate::trend::TrendOptions {
                since: None,
                until: None,
                every: crate::trend::Every::Day,
                rev: None,
                config_from_commit: false,
                selection: Selection {
                    select: args.select.clone(),
                    ignore: args.ignore.clone(),
                },
            };
            let mut t = pool.install(|| {
                crate::trend::compute(
                    &project,
                    &rules,
                    registry_for_trend(&project)?.as_ref(),
                    &options,
                )
            })?;
            if !args.quiet {
                warn_all(&t.warnings);
            }
            let skip = t.points.len().saturating_sub(n as usize);
            t.points.drain(..skip);
            Some(t)
        }
        (Some(_), _) => {
            return Err(Error::Usage(
                "--trend N is shown by the HTML report: add --format html".into(),
            ))
        }
        _ => None,
    };
    let trend_points: Option<Vec<TrendPoint<'_>>> = trend.as_ref().map(|t| {
        t.points
            .iter()
            .map(|p| TrendPoint {
                date: &p.date,
                commit: &p.commit,
                summary: &p.summary,
            })
            .collect()
    });
    let report = Report {
        files: &output.files,
        violations: &output.violations,
        summary: &summary,
        warnings: &output.warnings,
        rules: &rules,
        with_baseline: baseline.is_some(),
        frames: !args.no_frames,
        groups: groups.as_ref(),
        html: HtmlInput {
            imports: imports.as_ref(),
            registry: verified.as_ref(),
            trend: trend_points.as_deref(),
            fail_under: args.fail_under,
            exit_zero: if args.exit_zero {
                Some("--exit-zero")
            } else if args.write_baseline.is_some() {
                Some("--write-baseline")
            } else {
                None
            },
        },
    };
    // Code frames read files again: in parallel, in the scan's pool.
    let rendered = pool.install(|| report.render(args.format));
    emit(args.output.as_ref(), &rendered)?;
    if !args.quiet && args.format == Format::Text {
        note(&format!(
            "Scanned {} in {} ms.",
            plural(output.files.len(), "file"),
            summary.duration_ms
        ));
    }
    let below = args
        .fail_under
        .is_some_and(|min| summary.exact_percent < min);
    if let (true, Some(min)) = (below, args.fail_under) {
        if !args.quiet {
            note(&fail_under_message(
                summary.exact_percent,
                min,
                args.exit_zero,
            ));
        }
    }
    let new_errors = output
        .violations
        .iter()
        .any(|v| !v.baselined && !v.is_suppressed() && v.severity == Severity::Error);

    if args.exit_zero || args.write_baseline.is_some() || (!new_errors && !below) {
        Ok(ExitCode::SUCCESS)
    } else {
        Ok(ExitCode::from(1))
    }
}

/// The import graph of the project and, when it has a registry, `registry verify`'s outcome.
fn html_extras(
    pool: &rayon::ThreadPool,
    project: &crate::project::Project,
    files: &[crate::model::ScannedFile],
    quiet: bool,
) -> (Option<ImportGraph>, Option<verify::Report>) {
    // A registry that cannot be loaded leaves its section out of the report: the rules that
    // read it have already stopped the run, and without them it is no reason to.
    let registry = crate::registry::load_for_project(&project.root, &project.config)
        .unwrap_or_else(|e| {
            if !quiet {
                note(&format!(
                    "warning: the HTML report shows no registry claims: {e}"
                ));
            }
            None
        });
    pool.install(|| {
        let index = ModuleIndex::build(&project.root, &project.config, files);
        let verified = registry.map(|r| {
            let counts = verify::ImportCounts::build(&index);
            verify::verify(&r, &index, &counts)
        });
        (Some(ImportGraph::build(&index)), verified)
    })
}

/// The registry, for the trend's rules (as the scan loads it).
fn registry_for_trend(
    project: &crate::project::Project,
) -> Result<Option<crate::registry::Registry>, Error> {
    crate::registry::load_for_project(&project.root, &project.config)
}

/// Why `--fail-under` fails the run: the exact score, with as many decimals as it takes to show
/// it below the threshold (`summary::shown_below`).
fn fail_under_message(exact: f64, min: f64, exit_zero: bool) -> String {
    let shown = crate::report::summary::shown_below(exact, min);
    let outcome = if exit_zero {
        "(--exit-zero: exit 0)"
    } else {
        "(exit 1)"
    };
    format!("error: the compliance score {shown}% is below --fail-under {min}% {outcome}")
}

/// Rule options come from the configuration file: errors about them point into it.
fn in_config_file(err: Error, file: Option<&Path>) -> Error {
    crate::config::locate(err, file)
}
