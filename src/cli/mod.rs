//! The command line: argument definitions and one module per subcommand. `main.rs` only parses
//! arguments and turns the outcome into an exit code.
//!
//! Exit codes: 0 = success (for `check`: no error-severity violation and the score is at or
//! above `--fail-under`); 1 = violations (or a false claim, for verifying commands);
//! 2 = usage, configuration or internal error.

mod check;
mod duplicates;
mod global;
mod graph;
mod registry;
mod rule;
mod trend;
mod who_imports;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use global::note;

use crate::error::Error;
pub use global::GlobalArgs;

#[derive(Debug, Parser)]
#[command(
    name = "ssotscan",
    version,
    about = "Measure and prove single-source-of-truth compliance in a Python codebase"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan files and report violations and the compliance score.
    Check(check::CheckArgs),
    /// Print a rule's documentation (`ssotscan rule --all` lists the rules).
    Rule(rule::RuleArgs),
    /// Report names defined in several modules, for planning consolidation.
    Duplicates(duplicates::DuplicatesArgs),
    /// Print the import graph (DOT, Mermaid, JSON, text), a slice of it, or its cycles.
    Graph(graph::GraphArgs),
    /// List every import of a module or name, grouped by the import path used.
    WhoImports(who_imports::WhoImportsArgs),
    /// The SSOT import registry: import-markdown, verify, generate.
    Registry(registry::RegistryArgs),
    /// The compliance score over git history (sampled commits, read from git objects).
    Trend(trend::TrendArgs),
}

/// Runs a parsed command line; returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    let result = match &cli.command {
        Command::Check(args) => check::run(&cli.global, args),
        Command::Rule(args) => rule::run(args),
        Command::Duplicates(args) => duplicates::run(&cli.global, args),
        Command::Graph(args) => graph::run(&cli.global, args),
        Command::WhoImports(args) => who_imports::run(&cli.global, args),
        Command::Registry(args) => registry::run(&cli.global, args),
        Command::Trend(args) => trend::run(&cli.global, args),
    };
    match result {
        Ok(code) => code,
        Err(Error::Located(e)) => {
            note(e.render(colors_on_stderr()).trim_end());
            ExitCode::from(2)
        }
        Err(e) => {
            note(&format!("error: {e}"));
            ExitCode::from(2)
        }
    }
}

/// Whether diagnostics on stderr may be colored: stderr is a terminal and `NO_COLOR` is unset
/// or empty (<https://no-color.org>). Otherwise they are plain text.
fn colors_on_stderr() -> bool {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}
