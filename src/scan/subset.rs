//! Which files a run scans and which it reports: the inputs alone (`duplicates PATH`), or the
//! whole project with a subset reported: the named paths (`check FILE...`), the files changed
//! since a revision (`--changed-since REV`) or staged (`--staged`), and the files whose findings
//! those changes change.
//!
//! Every subset is judged against the whole project, so that its findings are the full scan's
//! findings restricted to it. For the git subsets, "the files whose findings change" is decided
//! by running the rules twice: on the project as it is (or as the index has it) and on the
//! project with the changed files as they were (the revision's, or `HEAD`'s, versions read from
//! git; added files removed, deleted files put back). A file whose findings differ between the
//! two is affected: the importers of a module that was deleted, renamed or lost a name, the
//! other members of a duplicate group that a changed file joined or left, ...

use std::path::PathBuf;

use rustc_hash::{FxHashMap, FxHashSet};

use super::files::{facts_of_bytes, Origin};
use super::judge::check;
use crate::cache::FactsCache;
use crate::diagnostic::Violation;
use crate::discovery::DiscoveredFile;
use crate::error::Error;
use crate::git::{Change, ChangeKind, Repo};
use crate::model::ScannedFile;
use crate::parse::ExtractOptions;
use crate::project::Project;
use crate::registry::Registry;
use crate::rules::{ActiveRule, Context};

/// Which files a run scans and reports.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Subset {
    /// Scan the files under the inputs and judge them against each other only; report them all.
    #[default]
    Inputs,
    /// Scan the whole project; report the files under the inputs (all of them when the input is
    /// the project root).
    Paths,
    /// Scan the whole project; report the files changed since this revision and the files whose
    /// findings the changes change.
    ChangedSince(String),
    /// Scan the project as the index has it; report the staged files and the files whose
    /// findings the staged changes change.
    Staged,
}

/// What a run will scan, and how it decides what to report.
pub(super) struct Plan {
    files: Vec<DiscoveredFile>,
    /// Files whose content is not the disk's (`--staged`: the index's), by path.
    memory: FxHashMap<String, Vec<u8>>,
    /// Every file under the root is scanned (the cache may drop the entries of the others).
    pub complete: bool,
    /// Files on disk that are not part of the project judged (`--staged`: untracked files).
    pub absent: FxHashSet<String>,
    pub reported: Reported,
    pub warnings: Vec<String>,
}

pub(super) enum Reported {
    All,
    /// The files under the inputs, by path.
    Named(FxHashSet<String>),
    /// Changed files and the files they affect.
    Changes {
        mode: &'static str,
        rev: Option<String>,
        base: Base,
    },
}

/// The state the changes are measured against.
pub(super) struct Base {
    repo: Repo,
    /// The revision the old versions of changed files are read from (`None`: there was none,
    /// before the first commit).
    rev: Option<String>,
    changes: Vec<Change>,
    /// Files on disk that are not part of the project (see `Plan::absent`).
    absent: FxHashSet<String>,
}

impl Plan {
    pub fn make(project: &Project, inputs: &[PathBuf], subset: &Subset) -> Result<Plan, Error> {
        let discovery = &project.discovery;
        let root = std::slice::from_ref(&project.root);
        let whole = inputs == root;
        let mut plan = match subset {
            Subset::Inputs => {
                let found = discovery.discover(inputs)?;
                Plan::new(found.files, found.warnings, whole, Reported::All)
            }
            Subset::Paths if whole => {
                let found = discovery.discover(root)?;
                Plan::new(found.files, found.warnings, true, Reported::All)
            }
            Subset::Paths => {
                let all = discovery.discover(root)?;
                let named = discovery.discover(inputs)?;
                let reported = named.files.iter().map(|f| f.rel.clone()).collect();
                let mut files = all.files;
                files.extend(named.files);
                let mut warnings = all.warnings;
                warnings.extend(named.warnings);
                warnings.sort();
                warnings.dedup();
                Plan::new(files, warnings, true, Reported::Named(reported))
            }
            Subset::ChangedSince(rev) => {
                let repo = Repo::open(&project.root, "--changed-since")?;
                let commit = repo.resolve(rev)?;
                let changes = repo.changed_since(&commit)?;
                let found = discovery.discover(root)?;
                let base = Base {
                    repo,
                    rev: Some(commit),
                    changes,
                    absent: FxHashSet::default(),
                };
                let reported = Reported::Changes {
                    mode: "changed-since",
                    rev: Some(rev.clone()),
                    base,
                };
                Plan::new(found.files, found.warnings, true, reported)
            }
            Subset::Staged => Plan::staged(project)?,
        };
        plan.files.sort_by(|a, b| a.rel.cmp(&b.rel));
        plan.files.dedup_by(|a, b| a.rel == b.rel);
        Ok(plan)
    }

    fn new(
        files: Vec<DiscoveredFile>,
        warnings: Vec<String>,
        complete: bool,
        reported: Reported,
    ) -> Plan {
        Plan {
            files,
            memory: FxHashMap::default(),
            absent: FxHashSet::default(),
            complete,
            reported,
            warnings,
        }
    }

    /// The project as the index has it: untracked files left out, files changed in the work
    /// tree (or deleted from it) taken from the index.
    fn staged(project: &Project) -> Result<Plan, Error> {
        let discovery = &project.discovery;
        let repo = Repo::open(&project.root, "--staged")?;
        let staged = repo.staged()?;
        let unstaged = repo.unstaged()?;
        let untracked: FxHashSet<String> = repo.untracked()?.into_iter().collect();
        let found = discovery.discover(std::slice::from_ref(&project.root))?;
        let mut files: Vec<DiscoveredFile> = found
            .files
            .into_iter()
            .filter(|f| !untracked.contains(&f.rel))
            .collect();
        let on_disk: FxHashSet<String> = files.iter().map(|f| f.rel.clone()).collect();
        let from_index: Vec<String> = unstaged
            .iter()
            .filter(|c| match c.kind {
                ChangeKind::Modified => on_disk.contains(&c.path),
                ChangeKind::Deleted => discovery.would_include(&c.path),
                ChangeKind::Added => false,
            })
            .map(|c| c.path.clone())
            .collect();
        let contents = repo.contents(None, &from_index)?;
        let mut memory = FxHashMap::default();
        for (path, content) in from_index.into_iter().zip(contents) {
            let Some(content) = content else { continue };
            if !on_disk.contains(&path) {
                files.push(project_file(project, &path));
            }
            memory.insert(path, content);
        }
        let rev = repo.has_head().then(|| "HEAD".to_string());
        let reported = Reported::Changes {
            mode: "staged",
            rev: None,
            base: Base {
                repo,
                rev,
                changes: staged,
                absent: untracked.clone(),
            },
        };
        let mut plan = Plan::new(files, found.warnings, true, reported);
        plan.memory = memory;
        plan.absent = untracked;
        Ok(plan)
    }

    /// Where each file's facts come from, in order (taking the cache's entries of the files
    /// read from disk).
    pub fn origins(&mut self, mut cache: Option<&mut FactsCache>) -> Vec<(DiscoveredFile, Origin)> {
        let memory = &mut self.memory;
        std::mem::take(&mut self.files)
            .into_iter()
            .map(|f| {
                let origin = match memory.remove(&f.rel) {
                    Some(bytes) => Origin::Memory(bytes),
                    None => match cache.as_deref_mut() {
                        Some(cache) => Origin::Disk(cache.lookup(&f.rel)),
                        None => Origin::Uncached,
                    },
                };
                (f, origin)
            })
            .collect()
    }
}

/// A project file at `rel` that is not (or not only) on disk.
fn project_file(project: &Project, rel: &str) -> DiscoveredFile {
    DiscoveredFile {
        abs: project.root.join(rel),
        rel: rel.to_string(),
        category: project.discovery.category(rel),
    }
}

/// The files to report (by position in `files`): the changed files of `base` that are project
/// files, and every file whose findings differ between the project as scanned (`files`, with
/// `violations` its findings) and the project with the changes undone. `files` is the same
/// when this returns.
pub(super) fn affected(
    project: &Project,
    rules: &[ActiveRule],
    registry: Option<&Registry>,
    files: &mut Vec<ScannedFile>,
    violations: &[Violation],
    base: Base,
    wanted: ExtractOptions,
) -> Result<Vec<bool>, Error> {
    let present: FxHashSet<&str> = files.iter().map(|f| f.file.rel.as_str()).collect();
    // The changes to project files: changed files that are scanned, deleted files that would
    // be.
    let changes: Vec<Change> = base
        .changes
        .into_iter()
        .filter(|c| match c.kind {
            ChangeKind::Added | ChangeKind::Modified => present.contains(c.path.as_str()),
            ChangeKind::Deleted => {
                !present.contains(c.path.as_str()) && project.discovery.would_include(&c.path)
            }
        })
        .collect();
    drop(present);
    let changed: FxHashSet<String> = changes.iter().map(|c| c.path.clone()).collect();
    // The old versions of modified and deleted files.
    let old_paths: Vec<String> = changes
        .iter()
        .filter(|c| c.kind != ChangeKind::Added)
        .map(|c| c.path.clone())
        .collect();
    let old_contents = match &base.rev {
        Some(rev) => base.repo.contents(Some(rev), &old_paths)?,
        None => old_paths.iter().map(|_| None).collect(),
    };
    let old_versions: Vec<ScannedFile> = old_paths
        .iter()
        .zip(old_contents)
        .filter_map(|(path, content)| {
            let content = content?;
            let facts = facts_of_bytes(content, wanted);
            Some(ScannedFile::new(project_file(project, path), facts))
        })
        .collect();
    let old_count = old_versions.len();

    // The project with the changes undone: the unchanged files moved over, then the old
    // versions; afterwards, everything moves back.
    let mut aside = Vec::new();
    let mut old_state = Vec::with_capacity(files.len() + old_count);
    for f in files.drain(..) {
        if changed.contains(&f.file.rel) {
            aside.push(f);
        } else {
            old_state.push(f);
        }
    }
    let unchanged = old_state.len();
    old_state.extend(old_versions);
    // Sorted by path, as scanned files are.
    old_state.sort_by(|a, b| a.file.rel.cmp(&b.file.rel));
    // Files the changes added are on disk, but not in the project before them.
    let mut absent_before = base.absent;
    absent_before.extend(
        changes
            .iter()
            .filter(|c| c.kind == ChangeKind::Added)
            .map(|c| c.path.clone()),
    );
    let old_violations = {
        let ctx = Context::new(project.discovery.root(), &project.config, &old_state)
            .with_registry(registry)
            .with_absent(&absent_before);
        check(&ctx, rules)
    };
    // Back: the unchanged files and the ones set aside, in path order.
    let mut restored: Vec<ScannedFile> = old_state
        .into_iter()
        .filter(|f| !changed.contains(&f.file.rel))
        .collect();
    debug_assert_eq!(restored.len(), unchanged);
    restored.extend(aside);
    restored.sort_by(|a, b| a.file.rel.cmp(&b.file.rel));
    *files = restored;

    let differ = differing_paths(violations, &old_violations);
    Ok(files
        .iter()
        .map(|f| changed.contains(&f.file.rel) || differ.contains(f.file.rel.as_str()))
        .collect())
}

/// The paths whose violations differ between two sorted violation lists.
fn differing_paths<'a>(a: &'a [Violation], b: &'a [Violation]) -> FxHashSet<&'a str> {
    let group = |vs: &'a [Violation]| -> FxHashMap<&'a str, &'a [Violation]> {
        vs.chunk_by(|x, y| x.path == y.path)
            .map(|g| (g[0].path.as_str(), g))
            .collect()
    };
    let (ga, gb) = (group(a), group(b));
    let mut out = FxHashSet::default();
    for (path, va) in &ga {
        if gb.get(path) != Some(va) {
            out.insert(*path);
        }
    }
    for path in gb.keys() {
        if !ga.contains_key(path) {
            out.insert(*path);
        }
    }
    out
}
