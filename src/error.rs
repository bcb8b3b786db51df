//! Errors shown to users. Every one says what is wrong and, where it can, how to fix it; all of
//! them exit with code 2.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum Error {
    /// A bad configuration file or value.
    #[error("configuration error: {0}")]
    Config(String),
    /// A bad command line (beyond what clap checks).
    #[error("{0}")]
    Usage(String),
    /// Could not write an output file.
    #[error("cannot write {path}: {reason}")]
    Write { path: String, reason: String },
    /// Anything else that stops the run.
    #[error("{0}")]
    Other(String),
}
