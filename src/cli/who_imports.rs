//! `ssotscan who-imports MODULE[:NAME]`: every import of a module (or of a name), grouped by the
//! import path it used (`crate::graph::who_imports`).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::global::{self, GlobalArgs};
use crate::error::Error;
use crate::graph::who_imports::{render_text, who_imports, Query};
use crate::resolve::ModuleIndex;
use crate::scan;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct WhoImportsArgs {
    /// `package.module` or `package.module:Name` (a name imported with `from ... import`).
    #[arg(value_name = "MODULE[:NAME]")]
    pub target: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write to FILE (atomically) instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(global: &GlobalArgs, args: &WhoImportsArgs) -> Result<ExitCode, Error> {
    let query = Query::parse(&args.target).map_err(Error::Usage)?;
    let project = global.project()?;
    let parsed = scan::parse_project(&project, global.threads)?;
    global::warn_all(&parsed.warnings);
    global::warn_cache(parsed.cache_problem.as_deref());
    let index = ModuleIndex::build(&project.root, &project.config, &parsed.files);
    let report = who_imports(&index, query).map_err(Error::Usage)?;
    let text = match args.format {
        Format::Json => crate::output::versioned(&report),
        Format::Text => render_text(&report),
    };
    global::emit(args.output.as_ref(), &text)?;
    Ok(ExitCode::SUCCESS)
}
