//! `ssotscan duplicates [PATH ...]`: a report for planning consolidation. Every name defined at
//! module scope in two or more modules, largest groups first, each marked "identical bodies" or
//! "same name, different bodies", with its sites and their sizes.
//!
//! Which definitions are compared comes from `[rules.duplicate-definition]` (`kinds`,
//! `include-tests`, `scope`, `ignore-names`), so the report and `check` agree.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::global::{self, GlobalArgs};
use crate::duplicates::report::{groups, render_json, render_text};
use crate::error::Error;
use crate::rules::{duplicate_definition, RuleOptions};
use crate::scan::{self, ScanOptions};

/// Output formats of `duplicates`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct DuplicatesArgs {
    /// Files or directories to scan (default: the current directory).
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Show only names defined at least N times.
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u32).range(2..))]
    pub min_sites: u32,
    /// Show only names matching this glob (e.g. `*Registry`).
    #[arg(long, value_name = "GLOB")]
    pub name: Option<String>,
    /// Write the report to FILE (atomically) instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Print only the report: no progress bar or warnings on stderr.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

pub fn run(global: &GlobalArgs, args: &DuplicatesArgs) -> Result<ExitCode, Error> {
    let project = global.project()?;
    let mut table = project
        .config
        .rules
        .get(duplicate_definition::META.id)
        .cloned()
        .unwrap_or_default();
    table.remove("severity");
    let filter = duplicate_definition::filter_from(&RuleOptions { table }).map_err(|e| {
        let id = duplicate_definition::META.id;
        crate::config::locate(
            crate::rules::option_error(id, &project.config.rules, e),
            project.config_file.as_deref(),
        )
    })?;
    let name = args
        .name
        .as_deref()
        .map(|g| {
            globset::Glob::new(g)
                .map(|g| g.compile_matcher())
                .map_err(|e| Error::Usage(format!("--name: invalid glob `{g}`: {e}")))
        })
        .transpose()?;
    let inputs = project.inputs(&args.paths)?;
    let output = scan::run(
        &project,
        &inputs,
        &[],
        ScanOptions {
            threads: global.threads,
            progress: !args.quiet && args.format == Format::Text && args.output.is_none(),
            ..ScanOptions::default()
        },
    )
    .map_err(|e| crate::config::locate(e, project.config_file.as_deref()))?;
    if !args.quiet {
        global::warn_all(&output.warnings);
        global::warn_cache(output.cache_problem.as_deref());
        let unparsed = output.files.iter().filter(|f| f.facts.is_err()).count();
        if unparsed > 0 {
            global::note(&format!(
                "warning: {unparsed} file(s) could not be parsed and are not compared (see `ssotscan check`)"
            ));
        }
    }
    let groups = groups(
        &output.files,
        &filter,
        args.min_sites as usize,
        name.as_ref(),
    );
    let rendered = match args.format {
        Format::Text => render_text(&groups),
        Format::Json => render_json(&groups, output.files.len()),
    };
    global::emit(args.output.as_ref(), &rendered)?;
    Ok(ExitCode::SUCCESS)
}
