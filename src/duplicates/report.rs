//! The `duplicates` report: every name defined at module scope in two or more modules, largest
//! groups first, each marked "identical bodies" or "same name, different bodies", with its sites
//! and their sizes (the model, and its text and JSON renderings).

use std::fmt::Write;

use globset::GlobMatcher;
use serde::Serialize;

use super::{definition_groups, DefinitionFilter, DefinitionSite};
use crate::discovery::Category;
use crate::facts::DefinitionKind;
use crate::model::ScannedFile;
use crate::output::{Tool, TOOL};

/// One duplicated name in one comparison group.
#[derive(Debug, Serialize)]
pub struct Group {
    pub name: String,
    /// The comparison group: `source` or `tests`.
    pub category: Category,
    /// With `scope = "top-package"`: the top-level package the sites are in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub package: Option<String>,
    /// `identical-bodies` or `different-bodies`.
    pub status: &'static str,
    /// Distinct bodies among the sites.
    pub variants: usize,
    pub sites: Vec<Site>,
}

#[derive(Debug, Serialize)]
pub struct Site {
    pub path: String,
    pub line: u32,
    pub kind: &'static str,
    /// Inside a module-level `if` / `try` / `with` / ... block.
    pub conditional: bool,
    pub statements: u32,
    pub lines: u32,
    /// Which body this site has: sites with the same letter are identical.
    pub variant: String,
}

#[derive(Serialize)]
struct Report<'a> {
    schema_version: u32,
    tool: Tool,
    summary: ReportSummary,
    groups: &'a [Group],
}

#[derive(Serialize)]
struct ReportSummary {
    groups: usize,
    sites: usize,
    files_scanned: usize,
}

/// Builds the report's groups, sorted by number of sites (most first), then name, then path.
pub fn groups(
    files: &[ScannedFile],
    filter: &DefinitionFilter,
    min_sites: usize,
    name: Option<&GlobMatcher>,
) -> Vec<Group> {
    let mut out: Vec<Group> = definition_groups(files, filter)
        .into_iter()
        .filter(|sites| sites.len() >= min_sites)
        .filter(|sites| name.is_none_or(|g| g.is_match(&sites[0].definition.name)))
        .map(|sites| group(files, filter, &sites))
        .collect();
    out.sort_by(|a, b| {
        b.sites
            .len()
            .cmp(&a.sites.len())
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.sites[0].path.cmp(&b.sites[0].path))
    });
    out
}

fn group(files: &[ScannedFile], filter: &DefinitionFilter, defs: &[DefinitionSite]) -> Group {
    let key = filter.grouping.key(&files[defs[0].file]);
    let mut hashes: Vec<Option<u64>> = Vec::new();
    let sites: Vec<Site> = defs
        .iter()
        .map(|s| {
            let hash = s.body.map(|b| b.hash);
            let variant = match hashes.iter().position(|h| *h == hash) {
                Some(i) => i,
                None => {
                    hashes.push(hash);
                    hashes.len() - 1
                }
            };
            let d = s.definition;
            Site {
                path: files[s.file].file.rel.clone(),
                line: d.span.line,
                kind: match d.kind {
                    DefinitionKind::Class => "class",
                    DefinitionKind::Function => "function",
                },
                conditional: d.conditional,
                statements: s.body.map_or(0, |b| b.statements),
                lines: s
                    .body
                    .map_or(1, |b| b.end_line.saturating_sub(d.span.line) + 1),
                variant: variant_name(variant),
            }
        })
        .collect();
    Group {
        name: defs[0].definition.name.to_string(),
        category: key.as_ref().map_or(Category::Source, |k| k.category),
        package: key.and_then(|k| k.package),
        status: if hashes.len() == 1 {
            "identical-bodies"
        } else {
            "different-bodies"
        },
        variants: hashes.len(),
        sites,
    }
}

/// `A`, `B`, ..., `Z`, `AA`, `AB`, ...
fn variant_name(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8_lossy(&s).into_owned()
}

pub fn render_text(groups: &[Group]) -> String {
    let mut out = String::new();
    for g in groups {
        let status = if g.variants == 1 {
            "identical bodies".to_string()
        } else {
            format!("same name, different bodies ({} variants)", g.variants)
        };
        let mut scope = Vec::new();
        if g.category == Category::Tests {
            scope.push("tests".to_string());
        }
        if let Some(p) = &g.package {
            scope.push(format!("package {p}"));
        }
        let scope = if scope.is_empty() {
            String::new()
        } else {
            format!(" [{}]", scope.join(", "))
        };
        let _ = writeln!(out, "{}{scope}: {} sites, {status}", g.name, g.sites.len());
        let width = g
            .sites
            .iter()
            .map(|s| s.path.len() + 1 + s.line.to_string().len())
            .max()
            .unwrap_or(0);
        for s in &g.sites {
            let place = format!("{}:{}", s.path, s.line);
            let variant = if g.variants == 1 {
                String::new()
            } else {
                format!("{}  ", s.variant)
            };
            let _ = writeln!(
                out,
                "  {place:<width$}  {variant}{}{}, {} {}, {} {}",
                s.kind,
                if s.conditional { " (conditional)" } else { "" },
                s.statements,
                if s.statements == 1 {
                    "statement"
                } else {
                    "statements"
                },
                s.lines,
                if s.lines == 1 { "line" } else { "lines" },
            );
        }
        out.push('\n');
    }
    let sites: usize = groups.iter().map(|g| g.sites.len()).sum();
    if groups.is_empty() {
        out.push_str("No duplicated definitions.\n");
    } else {
        let identical = groups.iter().filter(|g| g.variants == 1).count();
        let _ = writeln!(
            out,
            "{} duplicated {} ({} with identical bodies), {} definitions.",
            groups.len(),
            if groups.len() == 1 { "name" } else { "names" },
            identical,
            sites
        );
    }
    out
}

pub fn render_json(groups: &[Group], files_scanned: usize) -> String {
    let report = Report {
        schema_version: crate::output::SCHEMA_VERSION,
        tool: TOOL,
        summary: ReportSummary {
            groups: groups.len(),
            sites: groups.iter().map(|g| g.sites.len()).sum(),
            files_scanned,
        },
        groups,
    };
    crate::output::pretty(&report)
}
