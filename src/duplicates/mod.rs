//! Grouping of duplicate definitions and bodies, shared by the `duplicate-definition` and
//! `duplicate-body` rules and the `ssotscan duplicates` report.
//!
//! Everything here reads facts only and is linear in their size: one pass puts every candidate
//! into a hash map keyed by (comparison group, name or body hash); groups that span two or more
//! modules are then sorted for deterministic output. Nothing is compared pairwise.

pub mod report;

use std::collections::BTreeMap;
use std::hash::{BuildHasher, BuildHasherDefault};

use globset::{Glob, GlobSet, GlobSetBuilder};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHasher};
use serde::Deserialize;

use crate::discovery::{glob_match, Category};
use crate::facts::{BodyFingerprint, BodyKind, Definition, DefinitionKind, FileFacts};
use crate::model::ScannedFile;

/// The dotted module name of a project-relative path: `a/b/c.py` → `a.b.c`,
/// `a/b/__init__.py` → `a.b`. Used for `scope = "top-package"` (services are top-level
/// directories); where module identity matters (registry symbols), the rules use the
/// source-root-aware module index instead.
pub fn dotted_path(rel: &str) -> String {
    let stem = rel
        .strip_suffix(".pyi")
        .or_else(|| rel.strip_suffix(".py"))
        .unwrap_or(rel);
    let stem = stem
        .strip_suffix("/__init__")
        .unwrap_or(if stem == "__init__" { "" } else { stem });
    stem.trim_start_matches("./").replace('/', ".")
}

/// Which definitions are compared with which.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// All files of a category are compared with each other.
    #[default]
    Project,
    /// Only files of the same top-level package (a separately deployed service) are compared.
    TopPackage,
}

/// Decides each file's comparison group: `None` = not compared at all.
#[derive(Clone, Copy, Debug, Default)]
pub struct Grouping {
    /// Compare test files too (only with other test files).
    pub include_tests: bool,
    pub scope: Scope,
}

/// The comparison group of a file: its category and, with `scope = "top-package"`, its
/// top-level package.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GroupKey {
    pub category: Category,
    pub package: Option<String>,
}

impl Grouping {
    /// Whether the file is compared at all (its category only; cheaper than `key`).
    pub fn compares(&self, file: &ScannedFile) -> bool {
        file.file.category != Category::Tests || self.include_tests
    }

    pub fn key(&self, file: &ScannedFile) -> Option<GroupKey> {
        if !self.compares(file) {
            return None;
        }
        let category = file.file.category;
        let package = match self.scope {
            Scope::Project => None,
            Scope::TopPackage => {
                let module = dotted_path(&file.file.rel);
                Some(module.split('.').next().unwrap_or_default().to_string())
            }
        };
        Some(GroupKey { category, package })
    }

    /// The group of every file, interned to small integers (`None` = not compared).
    fn file_groups(&self, files: &[ScannedFile]) -> Vec<Option<u32>> {
        if self.scope == Scope::Project {
            // The category is the group: no key to build and intern.
            return files
                .iter()
                .map(|f| self.compares(f).then_some(f.file.category as u32))
                .collect();
        }
        let mut ids: FxHashMap<GroupKey, u32> = FxHashMap::default();
        files
            .iter()
            .map(|f| {
                let key = self.key(f)?;
                let next = ids.len() as u32;
                Some(*ids.entry(key).or_insert(next))
            })
            .collect()
    }
}

/// Names that never count as duplicates: `_private` names and `ignore-names` (exact names or
/// globs such as `Test*`).
#[derive(Clone, Debug)]
pub struct NameFilter {
    ignore: GlobSet,
    /// Names starting with `_` never count (definitions: private by convention). Bodies do not
    /// use this: a copied `_helper` or `__init__` is a duplicate body like any other.
    skip_private: bool,
}

impl NameFilter {
    pub fn new(ignore_names: &[String], skip_private: bool) -> Result<NameFilter, String> {
        let mut b = GlobSetBuilder::new();
        for name in ignore_names {
            let glob = Glob::new(name)
                .map_err(|e| format!("invalid name pattern `{name}` in `ignore-names`: {e}"))?;
            b.add(glob);
        }
        let ignore = b
            .build()
            .map_err(|e| format!("invalid `ignore-names`: {e}"))?;
        Ok(NameFilter {
            ignore,
            skip_private,
        })
    }

    /// Whether every name counts (no need to look at names).
    pub fn counts_all(&self) -> bool {
        !self.skip_private && self.ignore.is_empty()
    }

    pub fn counts(&self, name: &str) -> bool {
        let private = self.skip_private && name.starts_with('_');
        !private && !glob_match(&self.ignore, name)
    }
}

/// One module-scope definition, with its body.
#[derive(Clone, Copy, Debug)]
pub struct DefinitionSite<'a> {
    /// Index into the scanned files.
    pub file: usize,
    pub definition: &'a Definition,
    pub body: Option<&'a BodyFingerprint>,
}

/// What makes a definition a candidate for `duplicate-definition`.
#[derive(Clone, Debug)]
pub struct DefinitionFilter {
    pub kinds: Vec<DefinitionKind>,
    pub names: NameFilter,
    pub grouping: Grouping,
}

/// Every module-scope definition of each name that appears in two or more files of one
/// comparison group. Groups are sorted by name, then by their first site; sites by path, line.
pub fn definition_groups<'a>(
    files: &'a [ScannedFile],
    filter: &DefinitionFilter,
) -> Vec<Vec<DefinitionSite<'a>>> {
    let hasher = &BuildHasherDefault::<FxHasher>::default();
    // The candidates, with the hash of their name.
    let candidates: Vec<Candidate<&'a str, DefinitionSite<'a>>> =
        per_file(files, &filter.grouping, |i, group, facts| {
            facts
                .definitions
                .iter()
                .filter(|d| filter.kinds.contains(&d.kind) && filter.names.counts(&d.name))
                .map(move |d| {
                    let site = DefinitionSite {
                        file: i,
                        definition: d,
                        body: facts.bodies.get(d.body),
                    };
                    let name = d.name.as_str();
                    (group, hasher.hash_one(name), name, site)
                })
        });
    let mut out = repeated(&candidates, |s| s.file);
    // Files are sorted by path, so (file index, line) is (path, line) order.
    for sites in &mut out {
        sites.sort_by_key(|s| (s.file, s.definition.span.line, s.definition.span.column));
    }
    out.sort_by(|a, b| {
        (&a[0].definition.name, a[0].file, a[0].definition.span.line).cmp(&(
            &b[0].definition.name,
            b[0].file,
            b[0].definition.span.line,
        ))
    });
    out
}

/// Every module-scope definition of the given names, in any comparison group (for registry
/// symbols, which must be defined in their canonical module only).
pub fn definitions_named<'a>(
    files: &'a [ScannedFile],
    names: &BTreeMap<String, String>,
    grouping: &Grouping,
) -> Vec<DefinitionSite<'a>> {
    let mut out = Vec::new();
    if names.is_empty() {
        return out;
    }
    for (i, file) in files.iter().enumerate() {
        let Ok(facts) = &file.facts else { continue };
        if !grouping.compares(file) {
            continue;
        }
        for d in &facts.definitions {
            if names.contains_key(d.name.as_str()) {
                out.push(DefinitionSite {
                    file: i,
                    definition: d,
                    body: facts.bodies.get(d.body),
                });
            }
        }
    }
    out
}

/// One function, method or class body.
#[derive(Clone, Copy, Debug)]
pub struct BodySite<'a> {
    pub file: usize,
    pub body: &'a BodyFingerprint,
}

/// What makes a body a candidate for `duplicate-body`.
#[derive(Clone, Debug)]
pub struct BodyFilter {
    pub ignore_identifiers: bool,
    pub min_statements: u32,
    pub names: NameFilter,
    pub grouping: Grouping,
}

/// Bodies with the same fingerprint in two or more files of one comparison group.
///
/// Every function, method and class counts on its own, as the rule says: when a whole class is
/// copied, the class and each of its methods large enough to count form groups. Groups are
/// sorted by their first site; sites by path and line.
pub fn body_groups<'a>(files: &'a [ScannedFile], filter: &BodyFilter) -> Vec<Vec<BodySite<'a>>> {
    let names = !filter.names.counts_all();
    // Key: the hash and whether the body is a class's.
    let candidates: Vec<Candidate<bool, BodySite<'a>>> =
        per_file(files, &filter.grouping, |i, group, facts| {
            facts
                .bodies
                .iter()
                .filter(|body| {
                    body.statements >= filter.min_statements
                        && (!names || filter.names.counts(last_name(body)))
                })
                .map(move |body| {
                    // A scan computes renamed hashes when an active rule wants them
                    // (`Rule::wanted`).
                    debug_assert!(
                        !filter.ignore_identifiers || body.hash_renamed.is_some(),
                        "renamed hashes asked for but not extracted"
                    );
                    let hash = match (filter.ignore_identifiers, body.hash_renamed) {
                        (true, Some(renamed)) => renamed,
                        _ => body.hash,
                    };
                    let class = body.kind == BodyKind::Class;
                    (group, hash, class, BodySite { file: i, body })
                })
        });
    let mut out: Vec<Vec<BodySite<'a>>> = repeated(&candidates, |s| s.file)
        .into_par_iter()
        .map(|mut sites| {
            sites.sort_by_key(|s| (s.file, s.body.span.line, s.body.span.column));
            sites
        })
        .collect();
    out.sort_by_key(|sites| {
        (
            sites[0].file,
            sites[0].body.span.line,
            sites[0].body.span.column,
        )
    });
    out
}

/// `each(file index, comparison group, facts)` over every compared file that parsed, in
/// parallel (reading every file's facts is most of a grouping's work); the items in file order.
fn per_file<'a, T, I>(
    files: &'a [ScannedFile],
    grouping: &Grouping,
    each: impl Fn(usize, u32, &'a FileFacts) -> I + Send + Sync,
) -> Vec<T>
where
    T: Send,
    I: IntoIterator<Item = T>,
{
    let groups = grouping.file_groups(files);
    files
        .par_iter()
        .zip(groups)
        .enumerate()
        .filter_map(|(i, (file, group))| Some((i, group?, file.facts.as_ref().ok()?)))
        .flat_map_iter(|(i, group, facts)| each(i, group, facts))
        .collect()
}

/// A candidate for grouping: its comparison group, a hash of its key, its key (or what the hash
/// does not already say), its site.
type Candidate<K, S> = (u32, u64, K, S);

/// The sites of each (group, hash, key) that appears in two or more files, in the order of
/// `candidates` (file order), groups in no particular order.
///
/// One shard of hashes per thread, each grouped on its own (a key's sites are all in one
/// shard). Most keys are unique: hashes are counted first, so that only keys that may repeat get
/// a list of sites (a key whose hash repeats but not itself is left with one site, dropped).
fn repeated<K, S>(candidates: &[Candidate<K, S>], file: impl Fn(&S) -> usize + Sync) -> Vec<Vec<S>>
where
    K: Copy + Eq + std::hash::Hash + Send + Sync,
    S: Copy + Send + Sync,
{
    let shards = rayon::current_num_threads().max(1);
    let file = &file;
    (0..shards)
        .into_par_iter()
        .flat_map_iter(|shard| {
            let mine = candidates
                .iter()
                .filter(move |(_, hash, _, _)| *hash as usize % shards == shard);
            let mut counts: FxHashMap<(u32, u64), u32> = FxHashMap::default();
            counts.reserve(candidates.len() / shards);
            for (group, hash, _, _) in mine.clone() {
                *counts.entry((*group, *hash)).or_default() += 1;
            }
            let mut by_key: FxHashMap<(u32, u64, K), Vec<S>> = FxHashMap::default();
            for (group, hash, key, site) in mine {
                if counts[&(*group, *hash)] > 1 {
                    by_key.entry((*group, *hash, *key)).or_default().push(*site);
                }
            }
            by_key
                .into_values()
                .filter(move |sites| spans_files(sites.iter().map(file)))
        })
        .collect()
}

pub fn last_name(body: &BodyFingerprint) -> &str {
    body.qualname.rsplit('.').next().unwrap_or(&body.qualname)
}

/// At most this many other sites are listed per finding (output stays linear in the number of
/// sites even when a name is defined in thousands of modules; `ssotscan duplicates` lists all).
pub const MAX_RELATED: usize = 10;

/// The indexes of the other sites listed for site `k` of `n` sorted sites: all of them, or the
/// [`MAX_RELATED`] nearest in path order (most often the same package).
pub fn listed_others(k: usize, n: usize) -> impl Iterator<Item = usize> {
    let others = n.saturating_sub(1);
    let take = others.min(MAX_RELATED);
    // A window of `take + 1` sites containing `k`, as centred as the ends allow.
    let start = k.saturating_sub(take / 2).min(n - take - 1);
    (start..start + take + 1).filter(move |&j| j != k)
}

/// Whether the sites lie in two or more different files.
fn spans_files(mut files: impl Iterator<Item = usize>) -> bool {
    match files.next() {
        Some(first) => files.any(|f| f != first),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_the_same_whatever_the_shards() {
        use test_support::scanned;
        let body = "    def load(self, key):\n        value = self.cache.get(key)\n        if value is None:\n            value = self.read(key)\n            self.cache[key] = value\n        return value\n";
        // Many names and bodies (each in its own shard or not), some in several files.
        let files: Vec<ScannedFile> = (0..24)
            .map(|i| {
                let src: String = (0..6)
                    .map(|k| {
                        let n = (i * 7 + k * 5) % 11;
                        format!("class Name{n}:\n{}", body.replace("key", &format!("k{n}")))
                    })
                    .collect();
                scanned(&format!("pkg/m{i:02}.py"), &src)
            })
            .collect();
        let definitions = DefinitionFilter {
            kinds: vec![DefinitionKind::Class],
            names: NameFilter::new(&[], true).unwrap(),
            grouping: Grouping::default(),
        };
        let bodies = BodyFilter {
            ignore_identifiers: false,
            min_statements: 3,
            names: NameFilter::new(&[], false).unwrap(),
            grouping: Grouping::default(),
        };
        // Both groupings in a pool of `n` threads (one shard per thread), as (file, line) sites.
        type Sites = Vec<Vec<(usize, u32)>>;
        let groups = |n: usize| -> (Sites, Sites) {
            let pool = crate::scan::thread_pool(n).expect("thread pool");
            pool.install(|| {
                let names = definition_groups(&files, &definitions)
                    .iter()
                    .map(|g| g.iter().map(|s| (s.file, s.definition.span.line)).collect())
                    .collect();
                let bodies = body_groups(&files, &bodies)
                    .iter()
                    .map(|g| g.iter().map(|s| (s.file, s.body.span.line)).collect())
                    .collect();
                (names, bodies)
            })
        };
        let (names, bodies) = groups(1);
        assert_eq!(names.len(), 11, "{names:?}");
        assert_eq!(names.iter().map(Vec::len).sum::<usize>(), 24 * 6);
        // Each class body and each method body, per name.
        assert_eq!(bodies.len(), 22, "{bodies:?}");
        assert_eq!(groups(4), (names.clone(), bodies.clone()));
        assert_eq!(groups(3), (names, bodies));
    }

    #[test]
    fn listed_others_are_the_nearest_sites() {
        let list = |k, n| listed_others(k, n).collect::<Vec<_>>();
        assert_eq!(list(0, 3), vec![1, 2]);
        assert_eq!(list(2, 3), vec![0, 1]);
        assert_eq!(list(0, 30), (1..=10).collect::<Vec<_>>());
        assert_eq!(list(29, 30), (19..=28).collect::<Vec<_>>());
        assert_eq!(list(15, 30), vec![10, 11, 12, 13, 14, 16, 17, 18, 19, 20]);
        assert_eq!(list(5, 11), vec![0, 1, 2, 3, 4, 6, 7, 8, 9, 10]);
    }
}

/// Helpers for the duplicate rules' unit tests: files from source text, a project-level run.
#[cfg(test)]
pub(crate) mod test_support {
    use crate::diagnostic::Finding;
    use crate::model::ScannedFile;
    use crate::rules::{Context, Rule};

    pub use crate::model::test_support::scanned;

    /// Runs a rule's project check over `files`.
    pub fn check_project(rule: &dyn Rule, files: &[ScannedFile]) -> Vec<Finding> {
        let config = crate::config::Config::default();
        let ctx = Context::new(std::path::Path::new("."), &config, files);
        let mut out = Vec::new();
        rule.check_project(&ctx, &mut out);
        out
    }
}
