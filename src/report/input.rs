//! What every renderer of `check` reads: the format asked for and the report's contents.

/// Output formats of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    /// GitHub Actions annotations.
    Github,
    /// SARIF 2.1.0.
    Sarif,
    /// One self-contained HTML page (write it with `-o FILE.html`).
    Html,
    /// An SVG badge of the score, for READMEs.
    Badge,
}

/// Everything a report of `check` can show, whatever its format: each renderer reads what its
/// format needs.
#[derive(Clone, Copy)]
pub struct Report<'a> {
    /// Every scanned file, sorted by path (text reads them again for code frames).
    pub files: &'a [crate::model::ScannedFile],
    /// Sorted by path, line, column, rule; `baselined` set when a baseline was applied.
    pub violations: &'a [crate::diagnostic::Violation],
    pub summary: &'a super::summary::Summary,
    /// Problems that did not stop the scan.
    pub warnings: &'a [String],
    /// The rules that ran (SARIF describes them).
    pub rules: &'a [crate::rules::ActiveRule],
    /// A baseline was applied (SARIF gives each result its `baselineState`).
    pub with_baseline: bool,
    /// Show a code frame under each violation (text, HTML).
    pub frames: bool,
    /// Which group each file is in (`--group-by`; the summary holds each group's score).
    pub groups: Option<&'a super::groups::Groups>,
    /// What only the HTML report shows.
    pub html: HtmlInput<'a>,
}

/// What the HTML report shows beyond the other formats (the CLI fills it for `--format html`).
#[derive(Clone, Copy, Default)]
pub struct HtmlInput<'a> {
    /// The project's import graph: the picture of imports between groups.
    pub imports: Option<&'a crate::graph::ImportGraph>,
    /// `registry verify`'s outcome, when the project has a registry.
    pub registry: Option<&'a crate::registry::verify::Report>,
    /// The compliance trend (`check --trend N`), oldest point first.
    pub trend: Option<&'a [TrendPoint<'a>]>,
    /// `--fail-under`, shown as a gate.
    pub fail_under: Option<f64>,
    /// The option that makes `check` exit 0 whatever the gates say (`--exit-zero`,
    /// `--write-baseline`), if one was given.
    pub exit_zero: Option<&'static str>,
}

/// One point of a trend: its commit's date and short id, and `check`'s summary of it.
pub struct TrendPoint<'a> {
    pub date: &'a str,
    pub commit: &'a str,
    pub summary: &'a super::summary::Summary,
}
