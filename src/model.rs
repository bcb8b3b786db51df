//! What a scan produces: each discovered file with its facts (or why it has none), and the
//! scan's output. Everything that reads scan results (resolve, duplicates, rules, report) reads
//! these types; the scan (`crate::scan`) makes them.

use std::time::Duration;

use serde::Serialize;

use crate::diagnostic::{Finding, Violation};
use crate::discovery::DiscoveredFile;
use crate::facts::{FileError, FileFacts};

/// One scanned file: where it is and what was learned from it.
#[derive(Debug)]
pub struct ScannedFile {
    pub file: DiscoveredFile,
    pub facts: Result<FileFacts, FileError>,
    /// Findings of the file-local checks (`crate::rules::Rule::is_file_local`) the scan's
    /// workers ran on this file, each with the position of its rule in the active rules; the
    /// scan hands them to the rules phase (empty after it, and when no such check ran).
    pub file_local_findings: Vec<(usize, Finding)>,
}

impl ScannedFile {
    /// A file with its facts, and no findings yet.
    pub fn new(file: DiscoveredFile, facts: Result<FileFacts, FileError>) -> Self {
        ScannedFile {
            file,
            facts,
            file_local_findings: Vec::new(),
        }
    }
}

/// Everything a scan produced.
#[derive(Debug)]
pub struct ScanOutput {
    pub files: Vec<ScannedFile>,
    /// Sorted by path, line, column, rule.
    pub violations: Vec<Violation>,
    /// Which files the violations are of, when not all of `files` (`check FILE...`,
    /// `--changed-since`, `--staged`); `None`: all of them.
    pub scope: Option<Scope>,
    /// Problems that did not stop the scan (unwalkable directories, symlink loops).
    pub warnings: Vec<String>,
    /// Why the facts cache could not be used or written, in one line, if it could not.
    pub cache_problem: Option<String>,
    pub duration: Duration,
}

/// The files a run reports when it scans more than it reports: every file of the project is
/// scanned (each is judged against all the others), the violations and the score are of the
/// reported ones. The `summary.scope` object of the JSON contract.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scope {
    /// How the reported files were chosen: `paths` (named on the command line),
    /// `changed-since` or `staged`.
    pub mode: &'static str,
    /// `--changed-since`'s revision, as given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rev: Option<String>,
    pub reported_files: usize,
    pub project_files: usize,
    /// The reported files' paths, sorted.
    pub files: Vec<String>,
    /// For each of the scan's files, in order: whether it is reported.
    #[serde(skip)]
    pub reported: Vec<bool>,
}

impl Scope {
    /// The scope of `files` with `reported[i]` telling whether `files[i]` is reported.
    pub fn new(
        mode: &'static str,
        rev: Option<String>,
        files: &[ScannedFile],
        reported: Vec<bool>,
    ) -> Scope {
        let paths: Vec<String> = files
            .iter()
            .zip(&reported)
            .filter(|(_, r)| **r)
            .map(|(f, _)| f.file.rel.clone())
            .collect();
        Scope {
            mode,
            rev,
            reported_files: paths.len(),
            project_files: reported.len(),
            files: paths,
            reported,
        }
    }
}

/// Scanned files made from source text, for unit tests.
#[cfg(test)]
pub(crate) mod test_support {
    use super::ScannedFile;
    use crate::discovery::{Category, DiscoveredFile};

    /// A scanned file at `rel` (also its absolute path) with the facts of `src`; paths
    /// containing `tests/` are in the tests category.
    pub fn scanned(rel: &str, src: &str) -> ScannedFile {
        let category = if rel.contains("tests/") {
            Category::Tests
        } else {
            Category::Source
        };
        ScannedFile::new(
            DiscoveredFile {
                abs: rel.into(),
                rel: rel.into(),
                category,
            },
            crate::parse::extract(src),
        )
    }
}
