//! Reading and parsing files into facts, in parallel: from disk (through the facts cache) or
//! from bytes in memory, with the file-local checks of the rules run in the same workers.

use rayon::prelude::*;

use super::progress::Progress;
use crate::cache::{Found, Lookup, Record};
use crate::discovery::DiscoveredFile;
use crate::facts::{FileError, FileFacts, Span};
use crate::model::ScannedFile;
use crate::parse::{self, ExtractOptions};
use crate::rules::{ActiveRule, Rule};
use crate::source::{decode, read_source_noting_bom, SourceError};

/// Reads and parses one file into facts (with the optional ones in `wanted`); never panics,
/// whatever the bytes.
pub fn scan_file(file: DiscoveredFile, wanted: ExtractOptions) -> ScannedFile {
    let facts = match read_source_noting_bom(&file.abs) {
        Ok((text, bom)) => {
            parse::extract_with(&text, wanted).map(|facts| FileFacts { bom, ..facts })
        }
        Err(err) => Err(source_error(err)),
    };
    ScannedFile::new(file, facts)
}

/// The facts of a file's bytes (read already): decoded, parsed and extracted.
pub fn facts_of_bytes(bytes: Vec<u8>, wanted: ExtractOptions) -> Result<FileFacts, FileError> {
    let bom = bytes.starts_with(crate::source::BOM);
    match decode(bytes) {
        Ok(text) => parse::extract_with(&text, wanted).map(|facts| FileFacts { bom, ..facts }),
        Err(err) => Err(source_error(err)),
    }
}

/// Where a file's facts come from: the disk (through the cache's entry for it, if any), or
/// bytes given in memory (a version of the file read from git).
// Nearly every file comes from disk: boxing the large variant would cost an allocation each.
#[allow(clippy::large_enum_variant)]
pub enum Origin {
    /// From disk, without the cache (`--no-cache`): no status taken, no content hashed.
    Uncached,
    Disk(Lookup),
    Memory(Vec<u8>),
}

/// [`scan_file`] through the cache: the facts from `lookup`'s entry when the file still has
/// the content it was made from, else parsed. The stamp is what the cache records for the
/// file (`None`: nothing to record, the file could not be read).
fn scan_origin(
    file: DiscoveredFile,
    origin: Origin,
    wanted: ExtractOptions,
) -> (ScannedFile, Option<Record>) {
    match origin {
        Origin::Uncached => (scan_file(file, wanted), None),
        Origin::Memory(bytes) => {
            let facts = facts_of_bytes(bytes, wanted);
            (ScannedFile::new(file, facts), None)
        }
        Origin::Disk(lookup) => match lookup.find(&file) {
            Ok(Found::Hit { bom, facts, record }) => {
                let facts = facts.map(|facts| FileFacts { bom, ..facts });
                (ScannedFile::new(file, facts), Some(record))
            }
            Ok(Found::Miss { bytes, stamp }) => {
                let facts = facts_of_bytes(bytes, wanted);
                let record = Record {
                    stamp,
                    reused: false,
                    cached: false,
                };
                (ScannedFile::new(file, facts), Some(record))
            }
            Err(err) => (ScannedFile::new(file, Err(source_error(err))), None),
        },
    }
}

fn source_error(err: SourceError) -> FileError {
    let span = match err {
        SourceError::NotUtf8 {
            offset,
            line,
            column,
        }
        | SourceError::NullByte {
            offset,
            line,
            column,
        } => Span {
            line,
            column,
            end_line: line,
            end_column: column + 1,
            start: offset as u32,
            end: offset as u32 + 1,
        },
        _ => Span {
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 1,
            start: 0,
            end: 0,
        },
    };
    FileError {
        message: err.to_string(),
        span,
    }
}

/// Parses every discovered file in parallel (order preserved), without the cache.
pub fn parse_files(
    files: Vec<DiscoveredFile>,
    wanted: ExtractOptions,
    progress: &Progress,
) -> Vec<ScannedFile> {
    let files = files.into_iter().map(|f| (f, Origin::Uncached)).collect();
    scan_files(files, wanted, &[], progress).0
}

/// [`parse_files`] for the given rules (with the facts they want), from the given origins,
/// running their file-local checks in the same workers, right after each file's facts are
/// extracted: the findings go to [`ScannedFile::file_local_findings`], tagged with the rule's
/// position in `rules`. Also returns what the cache records of each file.
pub fn parse_and_check_files(
    files: Vec<(DiscoveredFile, Origin)>,
    rules: &[ActiveRule],
    progress: &Progress,
) -> (Vec<ScannedFile>, Vec<Option<Record>>) {
    let local: Vec<(usize, &dyn Rule)> = rules
        .iter()
        .enumerate()
        .filter(|(_, active)| active.rule.is_file_local())
        .map(|(k, active)| (k, active.rule.as_ref()))
        .collect();
    scan_files(
        files,
        super::judge::extract_options(rules),
        &local,
        progress,
    )
}

fn scan_files(
    files: Vec<(DiscoveredFile, Origin)>,
    wanted: ExtractOptions,
    local: &[(usize, &dyn Rule)],
    progress: &Progress,
) -> (Vec<ScannedFile>, Vec<Option<Record>>) {
    files
        .into_par_iter()
        .enumerate()
        .map(|(i, (f, origin))| {
            let (mut scanned, stamp) = scan_origin(f, origin, wanted);
            if let Ok(facts) = &scanned.facts {
                let mut found = Vec::new();
                for &(k, rule) in local {
                    rule.check_file_local(&scanned.file, i, facts, &mut found);
                    scanned
                        .file_local_findings
                        .extend(found.drain(..).map(|f| (k, f)));
                }
            }
            progress.tick();
            (scanned, stamp)
        })
        .unzip()
}
