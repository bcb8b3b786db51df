//! Rendering a scan: one module per output format, all reading the same model.

mod excerpt;
pub mod frame;
pub mod github;
pub mod json;
pub mod sarif;
pub mod summary;
pub mod text;

/// Output formats of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    /// GitHub Actions annotations.
    Github,
    /// SARIF 2.1.0.
    Sarif,
}
