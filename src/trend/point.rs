//! What a trend is made of.

use serde::Serialize;

use crate::report::summary::Summary;

/// One sampled commit and what `check` says of it.
#[derive(Debug, Clone, Serialize)]
pub struct Point {
    pub commit: String,
    /// Committer date, RFC 3339, UTC.
    pub date: String,
    pub summary: Summary,
    /// Some objects of the commit could not be read (a shallow or partial clone): the files
    /// they hold were left out.
    pub incomplete: bool,
}

/// The trend: points oldest first.
#[derive(Debug, Clone)]
pub struct Trend {
    pub points: Vec<Point>,
    /// `current` or `commit` (`--config-from-commit`).
    pub config: &'static str,
    pub warnings: Vec<String>,
}
