//! `ssotscan trend`: what `check` would say on commits of the first-parent history, read
//! straight from git objects (no checkout, no change to the work tree or the index).
//!
//! Commits are sampled (the last one of each day, week or month, or every Nth commit); each
//! sampled commit's tree is listed, the blobs not seen before are read with one
//! `git cat-file --batch` and parsed in parallel, and facts are reused across commits by blob
//! id: a file that did not change between two samples is parsed once. Each point is then judged
//! exactly as `check` judges a project: the same rules and configuration (the current one, or
//! each commit's own with `--config-from-commit`), module existence taken from the commit's
//! tree rather than the disk.

mod point;
mod render;

pub use point::{Point, Trend};
pub use render::{render, TrendFormat};

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;
use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};
use time::OffsetDateTime;

use crate::config::Config;
use crate::discovery::DiscoveredFile;
use crate::error::Error;
use crate::facts::{FileError, FileFacts};
use crate::git::{Commit, Repo, TreeKind};
use crate::model::{ScanOutput, ScannedFile};
use crate::parse::ExtractOptions;
use crate::project::Project;
use crate::registry::Registry;
use crate::report::groups::{ConfigGroups, Groups};
use crate::report::summary::Summary;
use crate::resolve::FileTree;
use crate::rules::{activate, ActiveRule, Context, Selection};
use crate::scan;

/// How commits are sampled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Every {
    Day,
    Week,
    Month,
    /// Every Nth commit, from the newest.
    Commits(usize),
}

impl std::str::FromStr for Every {
    type Err = String;

    fn from_str(s: &str) -> Result<Every, String> {
        match s {
            "day" => Ok(Every::Day),
            "week" => Ok(Every::Week),
            "month" => Ok(Every::Month),
            _ => s
                .strip_suffix("commits")
                .or_else(|| s.strip_suffix("commit"))
                .and_then(|n| n.parse::<usize>().ok())
                .filter(|&n| n > 0)
                .map(Every::Commits)
                .ok_or_else(|| {
                    format!("`{s}`: expected day, week, month or Ncommits (e.g. 10commits)")
                }),
        }
    }
}

/// What to sample.
#[derive(Debug, Clone)]
pub struct TrendOptions {
    /// Commits at or after this time (seconds since the epoch).
    pub since: Option<i64>,
    /// Commits at or before this time.
    pub until: Option<i64>,
    pub every: Every,
    /// `REV` or `A..B` (default `HEAD`).
    pub rev: Option<String>,
    /// Judge each commit with its own configuration file (the current one otherwise).
    pub config_from_commit: bool,
    /// The rule selection of the command line.
    pub selection: Selection,
}

/// `YYYY-MM-DD` (the whole day, UTC) or RFC 3339, as the first (`end == false`) or last second
/// it covers.
pub fn parse_date(s: &str, end: bool) -> Result<i64, String> {
    let day = time::macros::format_description!("[year]-[month]-[day]");
    if let Ok(date) = time::Date::parse(s, &day) {
        let start = date.midnight().assume_utc().unix_timestamp();
        return Ok(if end { start + 86_399 } else { start });
    }
    OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
        .map(|t| t.unix_timestamp())
        .map_err(|_| format!("`{s}`: expected a date, YYYY-MM-DD or RFC 3339"))
}

/// An RFC 3339 UTC date of seconds since the epoch.
pub fn format_date(t: i64) -> String {
    OffsetDateTime::from_unix_timestamp(t)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| t.to_string())
}

/// The commits to sample from the first-parent history `commits` (newest first), oldest first.
pub fn sample(commits: &[Commit], options: &TrendOptions) -> Vec<Commit> {
    let within: Vec<&Commit> = commits
        .iter()
        .filter(|c| options.since.is_none_or(|s| c.time >= s))
        .filter(|c| options.until.is_none_or(|u| c.time <= u))
        .collect();
    let mut picked: Vec<Commit> = match options.every {
        Every::Commits(n) => within.iter().step_by(n).map(|c| (*c).clone()).collect(),
        every => {
            // The last commit of each period: the latest committer time, the newest in history
            // order among equals.
            let mut best: FxHashMap<i64, &Commit> = FxHashMap::default();
            for c in &within {
                let key = period(c.time, every);
                match best.get(&key) {
                    Some(b) if b.time >= c.time => {}
                    _ => {
                        best.insert(key, c);
                    }
                }
            }
            let mut out: Vec<Commit> = within
                .iter()
                .filter(|c| {
                    best.get(&period(c.time, every))
                        .is_some_and(|b| b.id == c.id)
                })
                .map(|c| (*c).clone())
                .collect();
            out.dedup_by(|a, b| a.id == b.id);
            out
        }
    };
    picked.reverse();
    picked
}

/// The period (day, ISO week or month) a time falls in, as a number that orders them.
fn period(t: i64, every: Every) -> i64 {
    let day = t.div_euclid(86_400);
    match every {
        Every::Day | Every::Commits(_) => day,
        // 1970-01-01 was a Thursday: weeks start on Mondays.
        Every::Week => (day + 3).div_euclid(7),
        Every::Month => OffsetDateTime::from_unix_timestamp(t)
            .map(|d| i64::from(d.year()) * 12 + i64::from(u8::from(d.month())))
            .unwrap_or(day),
    }
}

/// Facts by blob id, of the blobs parsed for some point and not held by the current files.
type Memo = FxHashMap<String, Result<FileFacts, FileError>>;

/// The project at the commit of the last point: moved from one sampled commit to the next by
/// the difference of their trees, so that what did not change is neither listed nor rebuilt.
struct State {
    /// Every file of the tree (for module existence).
    tree: Arc<FileTree>,
    /// The files a walk of a checkout would scan, sorted by path, each with its blob id.
    files: Vec<ScannedFile>,
    oids: Vec<String>,
    /// The commit the state is of.
    commit: Option<String>,
}

impl State {
    fn new() -> State {
        State {
            tree: Arc::new(FileTree::default()),
            files: Vec::new(),
            oids: Vec::new(),
            commit: None,
        }
    }

    /// Moves the state to `commit`; returns how many objects could not be read.
    fn advance(
        &mut self,
        project: &Project,
        repo: &Repo,
        commit: &Commit,
        memo: &mut Memo,
        wanted: ExtractOptions,
    ) -> Result<usize, Error> {
        let discovery = &project.discovery;
        // What a walk of a checkout scans: regular Python files that are not excluded (symbolic
        // links are not followed, submodules are not checked out).
        let scanned =
            |kind: TreeKind, path: &str| kind == TreeKind::File && discovery.would_include(path);
        // Path → the blob it now holds (`None`: no longer a scanned file).
        let mut updates: BTreeMap<String, Option<String>> = BTreeMap::new();
        let tree = Arc::get_mut(&mut self.tree).expect("no context holds the tree between points");
        match &self.commit {
            None => {
                let entries = repo.tree(&commit.id)?;
                *tree = FileTree::new(entries.iter().map(|e| e.path.as_str()));
                for e in entries {
                    if scanned(e.kind, &e.path) {
                        updates.insert(e.path, Some(e.oid));
                    }
                }
            }
            Some(previous) => {
                for change in repo.diff_tree(previous, &commit.id)? {
                    match (&change.old, &change.new) {
                        (Some(_), None) => tree.remove(&change.path),
                        (None, Some(_)) => tree.insert(&change.path),
                        _ => {}
                    }
                    let was = change
                        .old
                        .as_ref()
                        .is_some_and(|(_, k)| scanned(*k, &change.path));
                    let is = change
                        .new
                        .as_ref()
                        .filter(|(_, k)| scanned(*k, &change.path))
                        .map(|(oid, _)| oid.clone());
                    if was || is.is_some() {
                        updates.insert(change.path, is);
                    }
                }
            }
        }
        self.commit = Some(commit.id.clone());
        // The blobs not seen before, read with one `git cat-file` and parsed in parallel.
        let held: FxHashSet<&str> = self.oids.iter().map(String::as_str).collect();
        let mut new: Vec<String> = updates
            .values()
            .flatten()
            .filter(|oid| !memo.contains_key(*oid) && !held.contains(oid.as_str()))
            .cloned()
            .collect();
        drop(held);
        new.sort();
        new.dedup();
        let contents = repo.blobs(&new)?;
        let parsed: Vec<(String, Option<Result<FileFacts, FileError>>)> = new
            .into_par_iter()
            .zip(contents)
            .map(|(oid, bytes)| (oid, bytes.map(|b| scan::facts_of_bytes(b, wanted))))
            .collect();
        let mut missing = 0;
        for (oid, facts) in parsed {
            match facts {
                Some(f) => {
                    memo.insert(oid, f);
                }
                None => missing += 1,
            }
        }
        // The files that stay keep their facts; the changed ones leave theirs in the memo (a
        // revert finds them there) and take their new blob's.
        let old_files = std::mem::take(&mut self.files);
        let old_oids = std::mem::take(&mut self.oids);
        let mut kept: Vec<(ScannedFile, String)> = Vec::with_capacity(old_files.len());
        for (file, oid) in old_files.into_iter().zip(old_oids) {
            if updates.contains_key(&file.file.rel) {
                memo.entry(oid).or_insert(file.facts);
            } else {
                kept.push((file, oid));
            }
        }
        let mut added: Vec<(ScannedFile, String)> = Vec::new();
        {
            // Blobs held by a kept file, for new files with the same content.
            let by_oid: FxHashMap<&str, usize> = kept
                .iter()
                .enumerate()
                .map(|(k, (_, oid))| (oid.as_str(), k))
                .collect();
            for (path, oid) in updates {
                let Some(oid) = oid else { continue };
                let facts = match memo.get(&oid) {
                    Some(f) => f.clone(),
                    None => match by_oid.get(oid.as_str()) {
                        Some(&k) => kept[k].0.facts.clone(),
                        // Missing from the repository: left out.
                        None => continue,
                    },
                };
                let file = DiscoveredFile {
                    abs: project.root.join(&path),
                    category: discovery.category(&path),
                    rel: path,
                };
                added.push((ScannedFile::new(file, facts), oid));
            }
        }
        kept.extend(added);
        kept.sort_by(|a, b| a.0.file.rel.cmp(&b.0.file.rel));
        (self.files, self.oids) = kept.into_iter().unzip();
        Ok(missing)
    }
}

/// Computes the trend of `project` with `rules` (the current configuration's) and the current
/// registry.
pub fn compute(
    project: &Project,
    rules: &[ActiveRule],
    registry: Option<&Registry>,
    options: &TrendOptions,
) -> Result<Trend, Error> {
    let repo = Repo::open(&project.root, "trend")?;
    let commits = repo.first_parent(options.rev.as_deref())?;
    let sampled = sample(&commits, options);
    let mut memo = Memo::default();
    let mut state = State::new();
    let mut state_wanted: Option<ExtractOptions> = None;
    let mut points = Vec::with_capacity(sampled.len());
    let mut warnings = Vec::new();
    let config_rel = project
        .config_file
        .as_ref()
        .and_then(|f| f.strip_prefix(&project.root).ok())
        .map(|p| p.to_string_lossy().replace('\\', "/"));
    for commit in &sampled {
        let start = Instant::now();
        let own;
        let (config, rules_here): (&Config, Vec<ActiveRule>) = if options.config_from_commit {
            own = commit_config(&repo, commit, config_rel.as_deref(), project)?;
            let active = activate(&own.rules, &options.selection)?;
            (&own, active)
        } else {
            (&project.config, Vec::new())
        };
        let rules: &[ActiveRule] = if options.config_from_commit {
            &rules_here
        } else {
            rules
        };
        let wanted = scan::extract_options(rules);
        if state_wanted.replace(wanted).is_some_and(|w| w != wanted) {
            // Another configuration wants other facts: nothing parsed so far serves.
            state = State::new();
            memo.clear();
        }
        let missing = state.advance(project, &repo, commit, &mut memo, wanted)?;
        if missing > 0 {
            warnings.push(format!(
                "commit {}: {missing} object(s) missing (a shallow or partial clone?): its point \
                 is incomplete",
                &commit.id[..commit.id.len().min(12)]
            ));
        }
        let violations = {
            let ctx = Context::new(&project.root, config, &state.files)
                .with_registry(registry)
                .with_tree(state.tree.clone());
            scan::check(&ctx, rules)
        };
        let output = ScanOutput {
            files: std::mem::take(&mut state.files),
            violations,
            scope: None,
            warnings: Vec::new(),
            cache_problem: None,
            duration: start.elapsed(),
        };
        // Groups as `check` makes them by default.
        let config_groups = ConfigGroups::new(config)?;
        let groups = Groups::assign(None, config_groups.as_ref(), &output.files)?;
        let mut summary = Summary::compute_grouped(&output, groups.as_ref());
        state.files = output.files;
        // The one value that changes between runs of the same history: left out.
        summary.duration_ms = 0;
        points.push(Point {
            commit: commit.id.clone(),
            date: format_date(commit.time),
            summary,
            incomplete: missing > 0,
        });
    }
    Ok(Trend {
        points,
        config: if options.config_from_commit {
            "commit"
        } else {
            "current"
        },
        warnings,
    })
}

/// The configuration file of `commit`, at the path the current one has (none there: the
/// defaults).
fn commit_config(
    repo: &Repo,
    commit: &Commit,
    rel: Option<&str>,
    project: &Project,
) -> Result<Config, Error> {
    let Some(rel) = rel else {
        return Ok(Config::default());
    };
    let content = repo
        .contents(Some(&commit.id), &[rel.to_string()])?
        .pop()
        .flatten();
    let Some(content) = content else {
        return Ok(Config::default());
    };
    let text = String::from_utf8_lossy(&content);
    let shown = project.root.join(rel);
    let config = crate::config::parse_config(&text, &shown).map_err(|e| {
        Error::Config(format!(
            "commit {}: {e}",
            &commit.id[..12.min(commit.id.len())]
        ))
    })?;
    Ok(config.unwrap_or_default())
}

/// Whether `dir` is inside a git repository (for a clear error before any work).
pub fn in_repository(dir: &Path) -> Result<(), Error> {
    Repo::open(dir, "trend").map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commit(id: &str, date: &str) -> Commit {
        Commit {
            id: id.to_string(),
            time: parse_date(date, false).unwrap(),
        }
    }

    fn options(every: Every) -> TrendOptions {
        TrendOptions {
            since: None,
            until: None,
            every,
            rev: None,
            config_from_commit: false,
            selection: Selection::default(),
        }
    }

    #[test]
    fn dates_are_days_or_instants() {
        assert_eq!(parse_date("1970-01-02", false), Ok(86_400));
        assert_eq!(parse_date("1970-01-02", true), Ok(2 * 86_400 - 1));
        assert_eq!(parse_date("1970-01-01T01:00:00+01:00", false), Ok(0));
        assert!(parse_date("yesterday", false).is_err());
        assert_eq!(format_date(86_400), "1970-01-02T00:00:00Z");
    }

    #[test]
    fn the_last_commit_of_each_period_oldest_first() {
        // Newest first, as git log lists them.
        let log = vec![
            commit("e", "2026-03-02T09:00:00Z"),
            commit("d", "2026-03-01T18:00:00Z"),
            commit("c", "2026-03-01T08:00:00Z"),
            commit("b", "2026-02-27T12:00:00Z"),
            commit("a", "2026-02-10T12:00:00Z"),
        ];
        let ids = |v: Vec<Commit>| v.into_iter().map(|c| c.id).collect::<Vec<_>>();
        assert_eq!(
            ids(sample(&log, &options(Every::Day))),
            ["a", "b", "d", "e"]
        );
        // 2026-02-27 is a Friday, 2026-03-01 a Sunday, 2026-03-02 a Monday.
        assert_eq!(ids(sample(&log, &options(Every::Week))), ["a", "d", "e"]);
        assert_eq!(ids(sample(&log, &options(Every::Month))), ["b", "e"]);
        assert_eq!(
            ids(sample(&log, &options(Every::Commits(2)))),
            ["a", "c", "e"]
        );
        let mut since = options(Every::Day);
        since.since = Some(parse_date("2026-03-01", false).unwrap());
        since.until = Some(parse_date("2026-03-01", true).unwrap());
        assert_eq!(ids(sample(&log, &since)), ["d"]);
        assert_eq!("3commits".parse(), Ok(Every::Commits(3)));
        assert!("0commits".parse::<Every>().is_err());
    }
}
