//! `ssotscan trend`: the compliance score over git history (`crate::trend`).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::global::{self, GlobalArgs};
use crate::error::Error;
use crate::rules::{activate, Selection};
use crate::trend::{self, Every, TrendFormat, TrendOptions};

#[derive(Debug, Args)]
pub struct TrendArgs {
    /// Commits from this day (`YYYY-MM-DD`, UTC, inclusive) or instant (RFC 3339).
    #[arg(long, value_name = "DATE", value_parser = |s: &str| trend::parse_date(s, false))]
    pub since: Option<i64>,
    /// Commits up to this day (`YYYY-MM-DD`, UTC, inclusive) or instant (RFC 3339).
    #[arg(long, value_name = "DATE", value_parser = |s: &str| trend::parse_date(s, true))]
    pub until: Option<i64>,
    /// Sample the last commit of each day, week or month, or every Nth commit (`10commits`).
    #[arg(long, value_name = "PERIOD", default_value = "day")]
    pub every: Every,
    /// The first-parent history of REV, or of B without A's for `A..B` (default: HEAD).
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
    /// Judge each commit with its own configuration file (default: the current one).
    #[arg(long)]
    pub config_from_commit: bool,
    /// Run only these rules (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub select: Option<Vec<String>>,
    /// Do not run these rules (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub ignore: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TrendFormat::Text)]
    pub format: TrendFormat,
    /// Write to FILE (atomically) instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(global: &GlobalArgs, args: &TrendArgs) -> Result<ExitCode, Error> {
    let project = global.project()?;
    trend::in_repository(&project.root)?;
    let selection = Selection {
        select: args.select.clone(),
        ignore: args.ignore.clone(),
    };
    let rules = activate(&project.config.rules, &selection)?;
    let registry = if rules.iter().any(|r| r.rule.needs_registry()) {
        crate::registry::load_for_project(&project.root, &project.config)?
    } else {
        None
    };
    let options = TrendOptions {
        since: args.since,
        until: args.until,
        every: args.every,
        rev: args.rev.clone(),
        config_from_commit: args.config_from_commit,
        selection,
    };
    let pool = crate::scan::thread_pool(global.threads)?;
    let trend = pool.install(|| trend::compute(&project, &rules, registry.as_ref(), &options))?;
    global::warn_all(&trend.warnings);
    global::emit(args.output.as_ref(), &trend::render(&trend, args.format))?;
    Ok(ExitCode::SUCCESS)
}
