//! What every subcommand shares: the global options and how output reaches the user (report
//! to stdout or `--output`, notes and warnings to stderr).

use std::path::PathBuf;

use clap::Args;

use crate::config::ConfigChoice;
use crate::error::Error;
use crate::project::{GlobalSettings, Project};

/// Options valid for every subcommand.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Use this configuration file (`ssotscan.toml`, or a `pyproject.toml` with
    /// `[tool.ssotscan]`); its directory is the project root.
    #[arg(long, global = true, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore configuration files; the current directory is the project root.
    #[arg(long, global = true)]
    pub no_config: bool,
    /// Do not honour `.gitignore`, `.ignore` and `.git/info/exclude`.
    #[arg(long, global = true)]
    pub no_ignore: bool,
    /// Also skip paths matching this gitignore-style glob (repeatable).
    #[arg(long, global = true, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Do not skip the default directories (`.git`, `__pycache__`, `.venv`, `build`, backups, ...).
    #[arg(long, global = true)]
    pub no_default_excludes: bool,
    /// Follow symbolic links while walking directories (loops are detected and reported).
    #[arg(long, global = true)]
    pub follow_links: bool,
    /// Skip excluded files even when they are named on the command line (for hooks that pass
    /// file names).
    #[arg(long, global = true)]
    pub force_exclude: bool,
    /// Do not read or write the facts cache.
    #[arg(long, global = true, conflicts_with = "cache_dir")]
    pub no_cache: bool,
    /// Keep the facts cache in DIR (default: `.ssotscan_cache` at the project root, or the
    /// configuration's `cache-dir`).
    #[arg(long, global = true, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long, global = true, value_name = "N", default_value_t = 0)]
    pub threads: usize,
}

impl GlobalArgs {
    pub fn settings(&self) -> GlobalSettings {
        GlobalSettings {
            config: match (&self.config, self.no_config) {
                (Some(f), _) => ConfigChoice::File(f.clone()),
                (None, true) => ConfigChoice::None,
                (None, false) => ConfigChoice::Discover,
            },
            no_ignore: self.no_ignore,
            no_default_excludes: self.no_default_excludes,
            exclude: self.exclude.clone(),
            follow_links: self.follow_links,
            force_exclude: self.force_exclude,
            threads: self.threads,
            no_cache: self.no_cache,
            cache_dir: self.cache_dir.clone(),
        }
    }

    pub fn project(&self) -> Result<Project, Error> {
        let cwd = std::env::current_dir()
            .map_err(|e| Error::Other(format!("cannot read the current directory: {e}")))?;
        Project::load(&cwd, &self.settings())
    }
}

/// A line on stderr. A closed stderr (`2>&1 | head -1`) is no reason to fail, let alone panic as
/// `eprintln!` does.
pub(crate) fn note(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// The warnings of a walk or scan (unwalkable directories, symlink loops), one line each.
pub(crate) fn warn_all(warnings: &[String]) {
    for w in warnings {
        note(&format!("warning: {w}"));
    }
}

/// The facts cache's problem, if it had one (one line: the run's results do not depend on it).
pub(crate) fn warn_cache(problem: Option<&str>) {
    if let Some(problem) = problem {
        note(&format!("warning: {problem}"));
    }
}

/// Writes command output to `--output FILE` (see `fs_util::write_output`: `-` is stdout) or
/// stdout.
pub(crate) fn emit(output: Option<&PathBuf>, text: &str) -> Result<(), Error> {
    match output {
        Some(path) => crate::fs_util::write_output(path, text.as_bytes()),
        None => crate::fs_util::write_stdout(text.as_bytes()),
    }
}
