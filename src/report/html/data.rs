//! The HTML report's data: everything its lists show, as one JSON document the page's script
//! builds rows from on demand (a large monorepo has thousands of files with violations; the page
//! stays small and fast by not holding them as markup).

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use super::super::excerpt;
use super::super::input::Report;
use crate::diagnostic::{Severity, Violation};
use crate::discovery::Category;
use crate::registry::verify::{self, Verdict};

/// The rules whose violations point at the other sites of a duplicate group.
pub const DUPLICATE_RULES: [&str; 2] = ["duplicate-definition", "duplicate-body"];

#[derive(Serialize)]
pub struct Data<'a> {
    /// Every path the report names, sorted; everything else refers to them by index (a path is
    /// named many times: by its violations, by the related sites of others).
    paths: Vec<&'a str>,
    /// The group of each path: an index into `groups`, or -1.
    pg: Vec<i64>,
    /// Group names (empty without groups).
    groups: Vec<&'a str>,
    /// Rule ids of the violations, sorted; violations refer to them by index.
    rules: Vec<&'static str>,
    /// The files with a listed violation (not suppressed), in path order.
    files: Vec<FileRow>,
    /// The listed violations, by file: `files[i]` owns `v[from..to]`.
    v: Vec<ViolationRow<'a>>,
    /// Duplicate groups with every site, largest first.
    dups: Vec<DuplicateGroup<'a>>,
    /// Registry claims, false ones first (absent without a registry).
    #[serde(skip_serializing_if = "Option::is_none")]
    claims: Option<Vec<Claim<'a>>>,
    /// Violations suppressed by inline comments.
    supp: Vec<SuppressedRow<'a>>,
}

#[derive(Serialize)]
struct FileRow {
    /// Path index.
    p: usize,
    /// 0 source, 1 tests.
    c: u8,
    from: usize,
    to: usize,
}

#[derive(Serialize)]
struct ViolationRow<'a> {
    /// Rule index.
    r: usize,
    /// Severity: 0 error, 1 warning, 2 info.
    s: u8,
    l: u32,
    c: u32,
    m: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    x: Option<&'a str>,
    /// The code frame.
    #[serde(skip_serializing_if = "Option::is_none")]
    f: Option<String>,
    /// Related sites `[path index, line]`, and how they are introduced.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    rel: Vec<(usize, u32)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rl: Option<&'a str>,
    /// Known from the baseline.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    b: bool,
}

#[derive(Serialize)]
struct DuplicateGroup<'a> {
    r: usize,
    /// The duplicated name (the first `code` of a message).
    n: &'a str,
    /// `[path index, line]`, sorted.
    sites: Vec<(usize, u32)>,
}

#[derive(Serialize)]
struct Claim<'a> {
    sym: Option<&'a str>,
    path: &'a str,
    status: &'static str,
    verdict: &'static str,
    detail: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    def: Option<(usize, u32)>,
    imp: usize,
    line: u32,
}

#[derive(Serialize)]
struct SuppressedRow<'a> {
    /// Path index.
    p: usize,
    l: u32,
    r: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    why: Option<&'a str>,
    /// The suppressing comment's line.
    at: u32,
}

fn severity_index(s: Severity) -> u8 {
    match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    }
}

pub fn build<'a>(report: &Report<'a>) -> Data<'a> {
    let mut rules: Vec<&'static str> = report.violations.iter().map(|v| v.rule).collect();
    rules.sort_unstable();
    rules.dedup();
    let rule = |id: &str| rules.binary_search(&id).unwrap_or_default();
    let dups = duplicate_groups(report.violations);
    let claims = report.html.registry.map(claims);
    // Every path named, interned.
    let mut paths: Vec<&str> = report
        .violations
        .iter()
        .flat_map(|x| {
            std::iter::once(x.path.as_str()).chain(x.related.iter().map(|r| r.path.as_str()))
        })
        .chain(
            claims
                .iter()
                .flatten()
                .filter_map(|c| c.1.as_ref().map(|d| d.path.as_str())),
        )
        .collect();
    paths.sort_unstable();
    paths.dedup();
    let path = |p: &str| paths.binary_search(&p).unwrap_or_default();
    let pg: Vec<i64> = paths
        .iter()
        .map(|p| {
            report
                .groups
                .and_then(|g| g.of_path(report.files, p))
                .map_or(-1, |g| g as i64)
        })
        .collect();
    let listed: Vec<&Violation> = report
        .violations
        .iter()
        .filter(|v| !v.is_suppressed())
        .collect();
    let by_file: Vec<&[&Violation]> = listed.chunk_by(|a, b| a.path == b.path).collect();
    // Code frames read the files again: one file per task (none with `--no-frames`).
    let frames: Vec<Vec<Option<String>>> = if report.frames {
        by_file
            .par_iter()
            .map(|same| excerpt::violation_frames(report.files, same))
            .collect()
    } else {
        vec![Vec::new(); by_file.len()]
    };
    let mut files = Vec::with_capacity(by_file.len());
    let mut v = Vec::with_capacity(listed.len());
    for (same, frames) in by_file.iter().zip(frames) {
        let first = same[0];
        files.push(FileRow {
            p: path(&first.path),
            c: u8::from(first.category == Category::Tests),
            from: v.len(),
            to: v.len() + same.len(),
        });
        let frames = frames.into_iter().chain(std::iter::repeat(None));
        for (x, f) in same.iter().zip(frames) {
            v.push(ViolationRow {
                r: rule(x.rule),
                s: severity_index(x.severity),
                l: x.line,
                c: x.column,
                m: &x.message,
                x: x.fix.as_deref(),
                f,
                rel: x.related.iter().map(|r| (path(&r.path), r.line)).collect(),
                rl: (!x.related.is_empty()).then_some(x.related_label.unwrap_or("also at")),
                b: x.baselined,
            });
        }
    }
    let supp = report
        .violations
        .iter()
        .filter_map(|x| {
            let s = x.suppression.as_ref()?;
            Some(SuppressedRow {
                p: path(&x.path),
                l: x.line,
                r: rule(x.rule),
                why: s.reason.as_deref(),
                at: s.line,
            })
        })
        .collect();
    let dups = dups
        .into_iter()
        .map(|(r, n, sites)| DuplicateGroup {
            r: rule(r),
            n,
            sites: sites.into_iter().map(|(p, l)| (path(p), l)).collect(),
        })
        .collect();
    let claims = claims.map(|claims| {
        claims
            .into_iter()
            .map(|(c, def)| Claim {
                def: def.map(|d| (path(&d.path), d.line)),
                ..c
            })
            .collect()
    });
    Data {
        groups: report
            .groups
            .map(|g| g.names.iter().map(String::as_str).collect())
            .unwrap_or_default(),
        files,
        v,
        dups,
        claims,
        supp,
        rules,
        paths,
        pg,
    }
}

/// A duplicate group: its rule, its name and its sites.
pub type Duplicate<'a> = (&'static str, &'a str, Vec<(&'a str, u32)>);

/// The duplicate groups the duplicate rules' violations describe: each violation names its site
/// and (some of) the group's other sites, so the groups are the connected sites, per rule.
/// Largest first, then by name and first site.
pub fn duplicate_groups(violations: &[Violation]) -> Vec<Duplicate<'_>> {
    let mut sites = Sites::default();
    for x in violations
        .iter()
        .filter(|x| DUPLICATE_RULES.contains(&x.rule))
    {
        let a = sites.id((x.rule, &x.path, x.line));
        if sites.names[a].is_none() {
            sites.names[a] = Some(first_code(&x.message).unwrap_or(&x.message));
        }
        for r in &x.related {
            let b = sites.id((x.rule, &r.path, r.line));
            sites.union(a, b);
        }
    }
    let mut by_root: BTreeMap<usize, Duplicate<'_>> = BTreeMap::new();
    let ids = std::mem::take(&mut sites.ids);
    for ((rule, path, line), k) in ids {
        let root = sites.find(k);
        let entry = by_root.entry(root).or_insert((rule, "", Vec::new()));
        entry.2.push((path, line));
        if entry.1.is_empty() {
            if let Some(name) = sites.names[k] {
                entry.1 = name;
            }
        }
    }
    let mut out: Vec<Duplicate<'_>> = by_root
        .into_values()
        .map(|(rule, name, mut sites)| {
            sites.sort_unstable();
            (rule, name, sites)
        })
        .collect();
    out.sort_by(|a, b| {
        b.2.len()
            .cmp(&a.2.len())
            .then_with(|| a.1.cmp(b.1))
            .then_with(|| a.2.cmp(&b.2))
            .then_with(|| a.0.cmp(b.0))
    });
    out
}

/// A site of a duplicate group: rule, path, line.
type Site<'a> = (&'static str, &'a str, u32);

/// Sites joined into groups (union-find), with the name a violation at each gives.
#[derive(Default)]
struct Sites<'a> {
    ids: BTreeMap<Site<'a>, usize>,
    parent: Vec<usize>,
    names: Vec<Option<&'a str>>,
}

impl<'a> Sites<'a> {
    fn id(&mut self, site: Site<'a>) -> usize {
        let next = self.parent.len();
        let id = *self.ids.entry(site).or_insert(next);
        if id == next {
            self.parent.push(next);
            self.names.push(None);
        }
        id
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.parent[ra.max(rb)] = ra.min(rb);
        }
    }
}

/// The text of the first `code` span of a message.
fn first_code(message: &str) -> Option<&str> {
    let (_, rest) = message.split_once('`')?;
    rest.split_once('`').map(|(code, _)| code)
}

/// The claims, false ones first, then stale, unverifiable and true ones (in the registry's
/// order within each), each with where the name is defined (its path not yet interned).
fn claims(report: &verify::Report) -> Vec<(Claim<'_>, Option<&verify::Location>)> {
    let rank = |v: Verdict| match v {
        Verdict::False => 0,
        Verdict::Stale => 1,
        Verdict::Unverifiable => 2,
        Verdict::Ok => 3,
    };
    let mut sorted: Vec<&verify::ClaimResult> = report.claims.iter().collect();
    // Stable: the registry's order within a verdict.
    sorted.sort_by_key(|c| rank(c.verdict));
    sorted
        .into_iter()
        .map(|c| {
            (
                Claim {
                    sym: c.symbol.as_deref(),
                    path: &c.path,
                    status: c.status.as_str(),
                    verdict: c.verdict.as_str(),
                    detail: &c.detail,
                    def: None,
                    imp: c.importers,
                    line: c.registry_line,
                },
                c.definition.as_ref(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Related;

    fn dup(
        rule: &'static str,
        path: &str,
        line: u32,
        name: &str,
        related: &[(&str, u32)],
    ) -> Violation {
        Violation {
            rule,
            severity: Severity::Warning,
            category: Category::Source,
            path: path.into(),
            line,
            column: 1,
            end_line: line,
            end_column: 2,
            message: format!("class `{name}` is defined in 3 modules"),
            fix: None,
            related: related
                .iter()
                .map(|(p, l)| Related {
                    path: (*p).into(),
                    line: *l,
                })
                .collect(),
            related_label: None,
            baselined: false,
            offset: 0,
            key: None,
            suppression: None,
        }
    }

    #[test]
    fn duplicate_groups_join_the_sites_each_violation_names() {
        let d = "duplicate-definition";
        // A group of four whose violations each name only their neighbours, and a pair.
        let mut vs = vec![
            dup(d, "a.py", 1, "A", &[("b.py", 1)]),
            dup(d, "b.py", 1, "A", &[("a.py", 1), ("c.py", 1)]),
            dup(d, "c.py", 1, "A", &[("b.py", 1), ("d.py", 1)]),
            dup(d, "c.py", 9, "Z", &[("e.py", 2)]),
            dup(d, "d.py", 1, "A", &[("c.py", 1)]),
            // The canonical definition has no violation of its own.
            dup(d, "e.py", 2, "Z", &[("c.py", 9)]),
            dup("duplicate-body", "a.py", 1, "A", &[("b.py", 1)]),
        ];
        vs.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        let groups = duplicate_groups(&vs);
        assert_eq!(
            groups,
            vec![
                (
                    d,
                    "A",
                    vec![("a.py", 1), ("b.py", 1), ("c.py", 1), ("d.py", 1)]
                ),
                ("duplicate-body", "A", vec![("a.py", 1), ("b.py", 1)]),
                (d, "Z", vec![("c.py", 9), ("e.py", 2)]),
            ]
        );
    }
}
