//! The facts cache: every file's facts from the last run, on disk, so that a run parses only
//! the files that changed.
//!
//! # Layout
//! `<cache dir>/` (default `.ssotscan_cache/` at the project root) holds a `.gitignore` of `*`
//! and a `CACHEDIR.TAG`, so that neither git nor backup tools pick it up, and one file per
//! combination of tool version and [`ExtractOptions`] (the only settings that shape facts):
//! `facts-v<format>-<tool version>-<options>.bin`. A configuration change that only changes how
//! rules judge (severities, allow-lists, the registry) leaves the file as it is.
//!
//! A file is a magic line, the format version, a header (postcard: the tool version, the
//! options, when the run that wrote it started, and each shard's length and checksum) and the
//! shards: the entries (path, [`Stamp`], facts) in postcard, cut into shards that are encoded
//! and decoded in parallel.
//!
//! # When an entry is used
//! An entry is used for a file only when the file has the content it was made from: the same
//! xxh3-128 hash. Reading and hashing every file would cost a good part of a cold run, so the
//! file's status (size, modification and change times, inode) stands for its content when it
//! is the one recorded **and** both times are more than [`RACY`] older than the start of the
//! run that recorded it. The change time cannot be set back by a user, so an edit that keeps
//! size and modification time still changes it; and a file changed so soon after the status
//! was taken that the times could not tell (a coarse clock, an edit during the run) is read and
//! hashed again (as git does for its "racily clean" entries).
//!
//! # Safety
//! A run writes a temporary file beside the cache file and renames it over it: readers see the
//! old file or the new one, never half of one, also when two runs write at once or a run is
//! killed mid-write. A file that cannot be trusted (another format or version, truncated,
//! corrupt: every shard is checksummed) is not used, and is replaced by the run's own. Nothing
//! the cache does is a reason for a run to fail: problems are reported in one line
//! ([`FactsCache::problem`]), and the run parses what it could not take from the cache.

use std::collections::hash_map::Entry as MapEntry;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::discovery::DiscoveredFile;
use crate::facts::{FileError, FileFacts};
use crate::parse::ExtractOptions;

/// The default cache directory, at the project root.
pub const DEFAULT_DIR: &str = ".ssotscan_cache";
/// What a cache file starts with.
const MAGIC: &[u8] = b"ssotscan facts cache\n";
/// The version of the file format (and of the facts' encoding): raise it when `FileFacts` or
/// anything in this file's encoding changes. The tool version is checked too.
const FORMAT: u32 = 3;
/// A file's status stands for its content only when its times are older than this before the
/// run that recorded it began (file systems with coarse timestamps count in seconds).
pub const RACY: Duration = Duration::from_secs(2);
/// Entries per shard (shards are encoded and decoded in parallel).
const SHARD: usize = 256;
/// Temporary files left by a killed run are removed once they are this old.
const STALE_TEMP: Duration = Duration::from_secs(3600);

/// What the cache knows of a file: its status when it was read and its content hash.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub size: u64,
    /// Modification and change times in nanoseconds since the epoch (0 where unknown).
    pub mtime_ns: i64,
    pub ctime_ns: i64,
    pub inode: u64,
    /// xxh3-128 of the file's bytes.
    pub hash: u128,
}

/// A file's status, without its hash.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Status {
    pub size: u64,
    pub mtime_ns: i64,
    pub ctime_ns: i64,
    pub inode: u64,
}

impl Status {
    pub fn of(meta: &fs::Metadata) -> Status {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Status {
                size: meta.len(),
                mtime_ns: meta.mtime().saturating_mul(1_000_000_000) + meta.mtime_nsec(),
                ctime_ns: meta.ctime().saturating_mul(1_000_000_000) + meta.ctime_nsec(),
                inode: meta.ino(),
            }
        }
        #[cfg(not(unix))]
        {
            // Without a change time, the status cannot stand for the content: `trusted` is
            // never true (ctime 0 is never "older than the run" in a way that counts, see
            // `Loaded::trusts`), and every file is hashed.
            Status {
                size: meta.len(),
                mtime_ns: 0,
                ctime_ns: 0,
                inode: 0,
            }
        }
    }

    fn with_hash(self, hash: u128) -> Stamp {
        Stamp {
            size: self.size,
            mtime_ns: self.mtime_ns,
            ctime_ns: self.ctime_ns,
            inode: self.inode,
            hash,
        }
    }
}

/// The hash of a file's bytes that cache entries are matched on.
pub fn content_hash(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// One file's cached facts.
#[derive(Debug, Deserialize)]
pub struct Entry {
    pub rel: String,
    pub stamp: Stamp,
    pub bom: bool,
    pub facts: Result<FileFacts, FileError>,
}

/// [`Entry`], borrowed from a scan's results for writing (the same encoding).
#[derive(Serialize)]
struct EntryRef<'a> {
    rel: &'a str,
    stamp: &'a Stamp,
    bom: bool,
    facts: &'a Result<FileFacts, FileError>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Header {
    tool: String,
    renamed_hashes: bool,
    min_body_statements: u32,
    /// When the run that wrote the file started, in nanoseconds since the epoch.
    started_ns: i64,
    /// Each shard's length in bytes and xxh3-64 checksum, in order.
    shards: Vec<(u64, u64)>,
}

/// A file to write into the cache: where it is, its stamp and its facts.
pub struct Fresh<'a> {
    pub rel: &'a str,
    pub stamp: &'a Stamp,
    pub bom: bool,
    pub facts: &'a Result<FileFacts, FileError>,
    /// Taken from the loaded file with the stamp recorded there.
    pub reused: bool,
}

/// The cache of one project and one set of [`ExtractOptions`]: what was loaded, and where to
/// write the next one.
#[derive(Debug)]
pub struct FactsCache {
    dir: PathBuf,
    file: PathBuf,
    options: ExtractOptions,
    /// When this run started: what the next file records.
    started_ns: i64,
    /// When the run that wrote the loaded file started.
    loaded_started_ns: i64,
    entries: FxHashMap<String, Entry>,
    /// How many entries were loaded.
    loaded: usize,
    /// Why the cache file could not be used or written, in one line (at most one is kept).
    problem: Option<String>,
}

/// Nanoseconds since the epoch, now.
fn now_ns() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
}

impl FactsCache {
    /// The cache file of `dir` for `options`.
    pub fn file_name(options: ExtractOptions) -> String {
        format!(
            "facts-v{FORMAT}-{}-{}{}.bin",
            env!("CARGO_PKG_VERSION"),
            if options.renamed_hashes { "r" } else { "n" },
            options.min_body_statements
        )
    }

    /// Opens the cache in `dir` and loads the entries for `options`. Never fails: a missing
    /// file is an empty cache; one that cannot be trusted is an empty cache and a
    /// [`problem`](Self::problem). Call it when the run starts (the time is recorded).
    pub fn open(dir: &Path, options: ExtractOptions) -> FactsCache {
        let started_ns = now_ns();
        let file = dir.join(Self::file_name(options));
        let mut cache = FactsCache {
            dir: dir.to_path_buf(),
            file,
            options,
            started_ns,
            loaded_started_ns: i64::MIN,
            entries: FxHashMap::default(),
            loaded: 0,
            problem: None,
        };
        match fs::read(&cache.file) {
            Ok(bytes) => match decode(&bytes, options) {
                Ok((header, entries)) => {
                    cache.loaded_started_ns = header.started_ns;
                    cache.loaded = entries.len();
                    cache.entries = entries;
                }
                Err(why) => {
                    cache.problem = Some(format!(
                        "the cache file {} {why}; rebuilding it",
                        cache.file.display()
                    ))
                }
            },
            // No cache yet (or no directory to hold one: writing will say so).
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                ) => {}
            Err(e) => {
                cache.problem = Some(format!(
                    "cannot read the cache file {}: {e}; rebuilding it",
                    cache.file.display()
                ))
            }
        }
        cache
    }

    /// How many entries were loaded.
    pub fn loaded(&self) -> usize {
        self.loaded
    }

    /// What went wrong with the cache, in one line, if anything did.
    pub fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }

    /// Takes out the entry of the file at `rel`, for [`Lookup::find`].
    pub fn lookup(&mut self, rel: &str) -> Lookup {
        Lookup {
            entry: self.entries.remove(rel),
            trusted_before: self
                .loaded_started_ns
                .saturating_sub(RACY.as_nanos() as i64),
        }
    }

    /// Writes the cache file for `fresh` (the files of the run read from disk), replacing the
    /// old one atomically, unless it would be the file that was loaded. The loaded entries no
    /// [`lookup`](Self::lookup) took are kept when `complete == false` (the run did not see
    /// every file of the project). A failure is recorded in [`problem`](Self::problem), never
    /// returned: the run's results do not depend on it.
    pub fn save(&mut self, fresh: &[Fresh<'_>], complete: bool) {
        let unchanged = self.problem.is_none()
            && self.entries.is_empty()
            && self.loaded == fresh.len()
            && fresh.iter().all(|f| f.reused);
        if unchanged {
            return;
        }
        let kept: Vec<Fresh<'_>> = if complete {
            Vec::new()
        } else {
            self.entries
                .values()
                .map(|e| Fresh {
                    rel: &e.rel,
                    stamp: &e.stamp,
                    bom: e.bom,
                    facts: &e.facts,
                    reused: true,
                })
                .collect()
        };
        let parts = encode(fresh, &kept, self.options, self.started_ns);
        if let Err(e) = self.write(&parts) {
            self.problem.get_or_insert(format!(
                "cannot write the cache in {}: {e} (the run is not affected; --no-cache turns \
                 the cache off)",
                self.dir.display()
            ));
        }
    }

    fn write(&self, parts: &[Vec<u8>]) -> std::io::Result<()> {
        make_dir(&self.dir)?;
        let mut builder = tempfile::Builder::new();
        builder.prefix(".facts-").suffix(".tmp");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // Created with 0666, which the kernel reduces by the umask, as any file a tool
            // writes (a cache shared by a group stays readable to it).
            builder.permissions(fs::Permissions::from_mode(0o666));
        }
        let tmp = builder.tempfile_in(&self.dir)?;
        let mut out = std::io::BufWriter::with_capacity(1 << 20, tmp);
        let half = parts.len() / 2;
        for (i, part) in parts.iter().enumerate() {
            if i == half {
                out.flush()?;
                pause_for_tests();
            }
            out.write_all(part)?;
        }
        let tmp = out.into_inner().map_err(|e| e.into_error())?;
        tmp.persist(&self.file).map_err(|e| e.error)?;
        self.remove_stale();
        Ok(())
    }

    /// Removes the cache files of other tool or format versions and temporary files left by
    /// killed runs. Best effort.
    fn remove_stale(&self) {
        let Ok(dir) = fs::read_dir(&self.dir) else {
            return;
        };
        let current = format!("facts-v{FORMAT}-{}-", env!("CARGO_PKG_VERSION"));
        for entry in dir.flatten() {
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            let stale = if name.starts_with(".facts-") && name.ends_with(".tmp") {
                entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|m| m.elapsed().ok())
                    .is_some_and(|age| age > STALE_TEMP)
            } else {
                name.starts_with("facts-") && !name.starts_with(&current)
            };
            if stale {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

/// Tests only (debug builds): `SSOTSCAN_TEST_CACHE_PAUSE_MS` stops a cache write that long
/// halfway through its temporary file, so a test can kill the process in the middle of it.
fn pause_for_tests() {
    #[cfg(debug_assertions)]
    if let Some(ms) = std::env::var("SSOTSCAN_TEST_CACHE_PAUSE_MS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

/// Creates the cache directory, marked as one (`.gitignore`, `CACHEDIR.TAG`).
fn make_dir(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    fs::create_dir_all(dir)?;
    fs::write(
        dir.join(".gitignore"),
        "# Created by ssotscan automatically.\n*\n",
    )?;
    fs::write(
        dir.join("CACHEDIR.TAG"),
        "Signature: 8a477f597d28d172789f06886806bc55\n\
         # This file is a cache directory tag created by ssotscan.\n\
         # For information about cache directory tags see https://bford.info/cachedir/\n",
    )?;
    Ok(())
}

/// A file's cached entry, if there was one, to be checked against the file.
#[derive(Debug)]
pub struct Lookup {
    entry: Option<Entry>,
    /// Times before this make a recorded status stand for the content.
    trusted_before: i64,
}

/// What the cache records of a file after a run: its stamp, and where its facts came from.
#[derive(Clone, Copy, Debug)]
pub struct Record {
    pub stamp: Stamp,
    /// The loaded entry as it was: the file's status stood for its content (nothing to write).
    pub reused: bool,
    /// The facts came from the cache (by status or by content), not from the parser.
    pub cached: bool,
}

/// What the cache had for a file.
pub enum Found {
    /// The file's facts, from the cache.
    Hit {
        bom: bool,
        facts: Result<FileFacts, FileError>,
        record: Record,
    },
    /// The cache had nothing for this content. Parse `bytes` (the file's bytes), which have
    /// this stamp.
    Miss { bytes: Vec<u8>, stamp: Stamp },
}

impl Lookup {
    /// Whether a recorded status stands for the content recorded with it.
    fn trusts(&self, recorded: &Stamp) -> bool {
        cfg!(unix)
            && recorded.mtime_ns < self.trusted_before
            && recorded.ctime_ns < self.trusted_before
    }

    /// Checks the entry against the file on disk: the status first, then the content. `Err`:
    /// the file cannot be read (the caller reports it as it always does).
    pub fn find(self, file: &DiscoveredFile) -> Result<Found, crate::source::SourceError> {
        let meta = fs::metadata(&file.abs);
        if let (Some(entry), Ok(meta)) = (&self.entry, &meta) {
            let status = Status::of(meta);
            let recorded = entry.stamp;
            let same_status = status.size == recorded.size
                && status.mtime_ns == recorded.mtime_ns
                && status.ctime_ns == recorded.ctime_ns
                && status.inode == recorded.inode;
            if same_status && self.trusts(&recorded) && meta.is_file() {
                return Ok(self.hit(recorded));
            }
        }
        let status = meta.as_ref().ok().map(Status::of);
        let bytes = crate::source::read_bytes(&file.abs)?;
        let hash = content_hash(&bytes);
        // The status taken before the read: if the file changed during the read, the next run
        // sees a newer change time than this one and reads it again.
        let stamp = status.map_or(
            Stamp {
                size: bytes.len() as u64,
                hash,
                ..Stamp::default()
            },
            |s| s.with_hash(hash),
        );
        match self.entry {
            Some(entry) if entry.stamp.hash == hash && entry.stamp.size == bytes.len() as u64 => {
                Ok(Found::Hit {
                    bom: entry.bom,
                    facts: entry.facts,
                    record: Record {
                        stamp,
                        reused: false,
                        cached: true,
                    },
                })
            }
            _ => Ok(Found::Miss { bytes, stamp }),
        }
    }

    fn hit(self, stamp: Stamp) -> Found {
        let entry = self.entry.expect("checked by the caller");
        Found::Hit {
            bom: entry.bom,
            facts: entry.facts,
            record: Record {
                stamp,
                reused: true,
                cached: true,
            },
        }
    }
}

fn encode(
    fresh: &[Fresh<'_>],
    kept: &[Fresh<'_>],
    options: ExtractOptions,
    started_ns: i64,
) -> Vec<Vec<u8>> {
    let all: Vec<&Fresh<'_>> = fresh.iter().chain(kept).collect();
    let shards: Vec<Vec<u8>> = all
        .par_chunks(SHARD)
        .map(|chunk| {
            let entries: Vec<EntryRef<'_>> = chunk
                .iter()
                .map(|f| EntryRef {
                    rel: f.rel,
                    stamp: f.stamp,
                    bom: f.bom,
                    facts: f.facts,
                })
                .collect();
            postcard::to_stdvec(&entries).expect("facts always encode")
        })
        .collect();
    let header = Header {
        tool: env!("CARGO_PKG_VERSION").to_string(),
        renamed_hashes: options.renamed_hashes,
        min_body_statements: options.min_body_statements,
        started_ns,
        shards: shards
            .iter()
            .map(|s| (s.len() as u64, xxhash_rust::xxh3::xxh3_64(s)))
            .collect(),
    };
    let header = postcard::to_stdvec(&header).expect("the header always encodes");
    let mut head = Vec::with_capacity(MAGIC.len() + 8 + header.len());
    head.extend_from_slice(MAGIC);
    head.extend_from_slice(&FORMAT.to_le_bytes());
    head.extend_from_slice(&(header.len() as u32).to_le_bytes());
    head.extend_from_slice(&header);
    // The parts in file order: written one after the other, never copied into one buffer.
    let mut parts = Vec::with_capacity(shards.len() + 1);
    parts.push(head);
    parts.extend(shards);
    parts
}

/// Decodes a cache file; `Err` says why it cannot be used ("is from another version", ...).
fn decode(
    bytes: &[u8],
    options: ExtractOptions,
) -> Result<(Header, FxHashMap<String, Entry>), &'static str> {
    const CORRUPT: &str = "is truncated or corrupt";
    let rest = bytes
        .strip_prefix(MAGIC)
        .ok_or("is not an ssotscan cache")?;
    let (format, rest) = split_u32(rest).ok_or(CORRUPT)?;
    if format != FORMAT {
        return Err("is from another version of ssotscan");
    }
    let (len, rest) = split_u32(rest).ok_or(CORRUPT)?;
    let (header, mut rest) = rest.split_at_checked(len as usize).ok_or(CORRUPT)?;
    let header: Header = postcard::from_bytes(header).map_err(|_| CORRUPT)?;
    if header.tool != env!("CARGO_PKG_VERSION") {
        return Err("is from another version of ssotscan");
    }
    if header.renamed_hashes != options.renamed_hashes
        || header.min_body_statements != options.min_body_statements
    {
        return Err("was made for other settings");
    }
    let mut shards = Vec::with_capacity(header.shards.len());
    for &(len, sum) in &header.shards {
        let len = usize::try_from(len).map_err(|_| CORRUPT)?;
        let (shard, after) = rest.split_at_checked(len).ok_or(CORRUPT)?;
        shards.push((shard, sum));
        rest = after;
    }
    if !rest.is_empty() {
        return Err(CORRUPT);
    }
    // Decoded facts live as long as parsed ones: kept apart from short-lived blocks.
    let decoded: Result<Vec<Vec<Entry>>, &'static str> = shards
        .par_iter()
        .map(|&(shard, sum)| {
            if xxhash_rust::xxh3::xxh3_64(shard) != sum {
                return Err(CORRUPT);
            }
            crate::alloc::keeping(|| postcard::from_bytes::<Vec<Entry>>(shard)).map_err(|_| CORRUPT)
        })
        .collect();
    let mut entries = FxHashMap::default();
    for entry in decoded?.into_iter().flatten() {
        match entries.entry(entry.rel.clone()) {
            MapEntry::Vacant(v) => {
                v.insert(entry);
            }
            MapEntry::Occupied(_) => return Err(CORRUPT),
        }
    }
    Ok((header, entries))
}

fn split_u32(bytes: &[u8]) -> Option<(u32, &[u8])> {
    let (head, rest) = bytes.split_first_chunk::<4>()?;
    Some((u32::from_le_bytes(*head), rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(src: &str) -> Result<FileFacts, FileError> {
        crate::parse::extract_with(src, ExtractOptions::default())
    }

    fn stamp(n: u64) -> Stamp {
        Stamp {
            size: n,
            mtime_ns: 1,
            ctime_ns: 2,
            inode: n,
            hash: u128::from(n) << 64 | 7,
        }
    }

    fn encoded(files: &[(&str, Result<FileFacts, FileError>)]) -> Vec<u8> {
        let stamps: Vec<Stamp> = (0..files.len() as u64).map(stamp).collect();
        let fresh: Vec<Fresh<'_>> = files
            .iter()
            .zip(&stamps)
            .map(|((rel, facts), stamp)| Fresh {
                rel,
                stamp,
                bom: rel.contains("bom"),
                facts,
                reused: false,
            })
            .collect();
        encode(&fresh, &[], ExtractOptions::default(), 42).concat()
    }

    #[test]
    fn entries_come_back_as_they_were_written() {
        let files = vec![
            (
                "a.py",
                facts("import os\nfrom x import (y as z)\nclass A:\n    def f(self): pass\n"),
            ),
            ("bom.py", facts("X = 1\n")),
            ("broken.py", facts("def f(:\n")),
        ];
        let bytes = encoded(&files);
        let (header, entries) = decode(&bytes, ExtractOptions::default()).expect("decodes");
        assert_eq!(header.started_ns, 42);
        assert_eq!(entries.len(), 3);
        for (i, (rel, facts)) in files.iter().enumerate() {
            let entry = &entries[*rel];
            assert_eq!(&entry.facts, facts, "{rel}");
            assert_eq!(entry.stamp, stamp(i as u64), "{rel}");
            assert_eq!(entry.bom, rel.contains("bom"));
        }
        // Other options: not used.
        let other = ExtractOptions {
            renamed_hashes: true,
            ..ExtractOptions::default()
        };
        assert_eq!(
            decode(&bytes, other).err(),
            Some("was made for other settings")
        );
    }

    #[test]
    fn every_truncation_and_every_flipped_byte_is_refused_never_a_panic() {
        let files = vec![("a.py", facts("import os\nx = os.environ\n"))];
        let bytes = encoded(&files);
        for len in 0..bytes.len() {
            assert!(
                decode(&bytes[..len], ExtractOptions::default()).is_err(),
                "{len}"
            );
        }
        for at in 0..bytes.len() {
            let mut b = bytes.clone();
            b[at] ^= 0x01;
            // A flip in the header's start time or in a length may still decode; in the
            // shards it never does (checksums), and nothing ever panics.
            if let Ok((_, entries)) = decode(&b, ExtractOptions::default()) {
                assert_eq!(entries["a.py"].facts, files[0].1, "flip at {at}");
            }
        }
    }

    #[test]
    fn a_status_stands_for_the_content_only_when_it_is_older_than_the_run_that_recorded_it() {
        let lookup = |recorded: Stamp, run_started: i64| {
            Lookup {
                entry: None,
                trusted_before: run_started - RACY.as_nanos() as i64,
            }
            .trusts(&recorded)
        };
        let s = |mtime_ns, ctime_ns| Stamp {
            mtime_ns,
            ctime_ns,
            ..Stamp::default()
        };
        let second = 1_000_000_000;
        let run = 100 * second;
        assert_eq!(lookup(s(90 * second, 90 * second), run), cfg!(unix));
        // Changed within the margin before the run (or during it): read again.
        assert!(!lookup(s(90 * second, run - second), run));
        assert!(!lookup(s(run - second, 90 * second), run));
        assert!(!lookup(s(run, run), run));
    }
}

#[cfg(test)]
mod format_guard {
    use super::*;

    /// Python that exercises every fact: when its encoded facts change (a field added, renamed
    /// or reordered, or the parser extracting something else), cache files of the old shape
    /// would decode wrongly or hold stale facts: raise [`FORMAT`] and record the new hash here.
    const SOURCE: &str = r#"# ssotscan: ignore-file[env-access] reason
"""Doc."""
from __future__ import annotations
import os, sys as system
from . import sibling
from ..pkg.mod import (a, b as c)
from x import *
import importlib
from typing import TYPE_CHECKING
if TYPE_CHECKING:
    from y import Z
try:
    import fast
except ImportError:
    fast = None
__all__ = ["f", "C"]
A = os.environ["A"]  # ssotscan: ignore[env-access] why
B = getattr(os, "getenv")("B")
mod = importlib.import_module("pkg.dyn")
Alias = C = None
globals()["x"] = 1
system.modules["m"] = mod
def __getattr__(name):
    return name
def f(os):
    import lazy
    return os.environ
class C:
    def method(self, x):
        y = x + 1
        return y
    class Inner:
        pass
"#;

    #[test]
    fn the_format_version_changes_with_the_encoded_facts() {
        let facts = crate::parse::extract_with(SOURCE, ExtractOptions::ALL).expect("parses");
        let bytes = postcard::to_stdvec(&facts).expect("encodes");
        let hash = xxhash_rust::xxh3::xxh3_64(&bytes);
        // Each format with the hash of its facts; add a line, never edit one.
        const HISTORY: &[(u32, &str)] = &[(3, "f1c1a5ce4faff688")];
        let hash = format!("{hash:016x}");
        assert_eq!(
            HISTORY.last().map(|&(f, h)| (f, h.to_string())),
            Some((FORMAT, hash.clone())),
            "the encoded facts changed: raise FORMAT in src/cache.rs and add (FORMAT, \"{hash}\") \
             to HISTORY"
        );
        assert!(
            HISTORY.windows(2).all(|w| w[0].0 < w[1].0),
            "one line per format, in order"
        );
    }
}
