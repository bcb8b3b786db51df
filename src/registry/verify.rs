//! `registry verify`: every claim of the registry proved or refuted against the code.
//!
//! - a canonical path must resolve to a definition of the name (reported with its place);
//! - a compatible path must resolve to that same definition, else it "defines its own copy";
//! - a deprecated path must still resolve (it "still works");
//! - a broken path must not resolve, else it is "listed as broken but exists";
//! - a deprecated or broken path nobody imports any more is a stale entry (info);
//! - `[[module]]` entries: canonical, compatible and deprecated modules must exist, broken ones
//!   must not;
//! - placeholders and unverified paths cannot be proved: reported as such.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use super::model::{Registry, Status, Symbol};
use crate::facts::ImportKind;
use crate::resolve::{is_same_or_submodule, DefinitionSite, ModuleIndex, Target};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The claim holds.
    Ok,
    /// The claim is false: the registry must change (or the code).
    False,
    /// True but pointless: nobody imports the retired path any more.
    Stale,
    /// Cannot be checked (a placeholder, an unverified path, a module outside the project).
    Unverifiable,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Ok => "ok",
            Verdict::False => "false",
            Verdict::Stale => "stale",
            Verdict::Unverifiable => "unverifiable",
        }
    }
}

/// A place in the code, relative to the project root.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Location {
    pub path: String,
    pub line: u32,
}

/// One claim and its outcome.
#[derive(Clone, Debug, Serialize)]
pub struct ClaimResult {
    /// The symbol name, or `None` for a `[[module]]` entry.
    pub symbol: Option<String>,
    pub path: String,
    pub status: Status,
    pub verdict: Verdict,
    pub detail: String,
    /// Where the name is defined (or the module's file), when it resolves.
    pub definition: Option<Location>,
    /// Files importing the name (or module) through this path.
    pub importers: usize,
    /// The entry's line in the registry file.
    pub registry_line: u32,
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub registry: String,
    pub claims: Vec<ClaimResult>,
}

impl Report {
    pub fn count(&self, verdict: Verdict) -> usize {
        self.claims.iter().filter(|c| c.verdict == verdict).count()
    }

    pub fn has_false(&self) -> bool {
        self.count(Verdict::False) > 0
    }
}

/// How many files import each `(module, name)` and each module, through which path.
#[derive(Default)]
pub struct ImportCounts {
    /// Module -> name -> importing files (from-imports): looked up without allocating.
    names: HashMap<String, HashMap<String, BTreeSet<usize>>>,
    /// Module -> files importing it or anything below it (any kind of import).
    modules: HashMap<String, BTreeSet<usize>>,
}

impl ImportCounts {
    pub fn build(index: &ModuleIndex) -> Self {
        let mut counts = ImportCounts::default();
        for (file, scanned) in index.files().iter().enumerate() {
            let Ok(facts) = &scanned.facts else { continue };
            for import in &facts.imports {
                let Ok(module) = index.absolute_module(file, import) else {
                    continue;
                };
                if import.kind == ImportKind::From {
                    let names = counts.names.entry(module.to_string()).or_default();
                    for n in &import.names {
                        names.entry(n.name.to_string()).or_default().insert(file);
                        counts
                            .modules
                            .entry(format!("{module}.{}", n.name))
                            .or_default()
                            .insert(file);
                    }
                }
                counts
                    .modules
                    .entry(module.into_owned())
                    .or_default()
                    .insert(file);
            }
        }
        counts
    }

    /// Files doing `from module import name`.
    pub fn name(&self, module: &str, name: &str) -> usize {
        self.names
            .get(module)
            .and_then(|names| names.get(name))
            .map_or(0, BTreeSet::len)
    }

    /// Files importing `module` or anything below it.
    pub fn module(&self, module: &str) -> usize {
        let mut files: BTreeSet<usize> = BTreeSet::new();
        for (m, f) in &self.modules {
            if is_same_or_submodule(m, module) {
                files.extend(f);
            }
        }
        files.len()
    }
}

fn location(index: &ModuleIndex, site: DefinitionSite) -> Location {
    Location {
        path: index.file_rel(site.file).to_string(),
        line: site.line,
    }
}

/// Whether a registry path names a module of the project.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Existence {
    /// A scanned module or package (or one on disk under a source root).
    Exists,
    Missing,
    /// Third party or standard library: nothing to check it against.
    Outside,
}

fn existence(index: &ModuleIndex, module: &str) -> Existence {
    match index.resolve_module(module) {
        Target::Module(_) | Target::Attribute(_) | Target::Unscanned => Existence::Exists,
        Target::Missing(_) => Existence::Missing,
        Target::External(_) | Target::Unknown => Existence::Outside,
    }
}

/// The file of a module (its `__init__.py` for a package), line 1.
fn module_location(index: &ModuleIndex, module: &str) -> Option<Location> {
    let file = index.module(index.lookup(module)?).file?;
    Some(Location {
        path: index.file_rel(file).to_string(),
        line: 1,
    })
}

fn at(loc: &Location) -> String {
    format!("{}:{}", loc.path, loc.line)
}

/// Checks every claim of `registry` against the scanned code.
pub fn verify(registry: &Registry, index: &ModuleIndex, counts: &ImportCounts) -> Report {
    let mut claims = Vec::new();
    for symbol in &registry.symbols {
        verify_symbol(symbol, index, counts, &mut claims);
    }
    for m in &registry.modules {
        let existence = existence(index, &m.path);
        let exists = existence == Existence::Exists;
        let importers = counts.module(&m.path);
        let definition = module_location(index, &m.path);
        let (verdict, detail) = match (m.status, exists) {
            _ if existence == Existence::Outside => (
                Verdict::Unverifiable,
                "outside the project (standard library or third party)".into(),
            ),
            (Status::Unverified, true) => (
                Verdict::Unverifiable,
                "status not settled; the module exists".into(),
            ),
            (Status::Unverified, false) => (
                Verdict::Unverifiable,
                "status not settled; the module does not exist".into(),
            ),
            (Status::Broken, true) => (Verdict::False, "listed as broken but exists".into()),
            (Status::Broken | Status::Deprecated, _) if importers == 0 => (
                Verdict::Stale,
                "nobody imports it any more; the entry can go".into(),
            ),
            (Status::Broken, false) => (Verdict::Ok, "does not exist".into()),
            (_, true) => (Verdict::Ok, "exists".into()),
            (status, false) => (
                Verdict::False,
                format!(
                    "listed as {} but the module does not exist",
                    status.as_str()
                ),
            ),
        };
        claims.push(ClaimResult {
            symbol: None,
            path: m.path.clone(),
            status: m.status,
            verdict,
            detail,
            definition,
            importers,
            registry_line: m.line,
        });
    }
    Report {
        registry: registry.source.clone(),
        claims,
    }
}

fn verify_symbol(
    symbol: &Symbol,
    index: &ModuleIndex,
    counts: &ImportCounts,
    out: &mut Vec<ClaimResult>,
) {
    let name = &symbol.name;
    let placeholder = symbol.is_placeholder();
    let canonical_def = symbol
        .canonical
        .as_ref()
        .filter(|_| !placeholder)
        .and_then(|c| index.find_definition(c, name));
    for (path, status) in symbol.paths() {
        let importers = if placeholder {
            0
        } else {
            counts.name(path, name)
        };
        let site = if placeholder {
            None
        } else if Some(path) == symbol.canonical.as_deref() {
            // Already resolved above.
            canonical_def
        } else {
            index.find_definition(path, name)
        };
        let definition = site.map(|s| location(index, s));
        // A placeholder path names no real module: nothing to resolve.
        let existence = (!placeholder).then(|| existence(index, path));
        let module_exists = existence == Some(Existence::Exists);
        let missing = || {
            if module_exists {
                format!("`{path}` does not define or import `{name}`")
            } else {
                format!("module `{path}` does not exist")
            }
        };
        let (verdict, detail) = if placeholder {
            (
                Verdict::Unverifiable,
                "placeholder: names no real symbol, nothing to verify".to_string(),
            )
        } else if existence == Some(Existence::Outside) {
            (
                Verdict::Unverifiable,
                format!("`{path}` is outside the project (standard library or third party)"),
            )
        } else {
            match status {
                Status::Canonical => match &definition {
                    Some(d) => (Verdict::Ok, format!("defined at {}", at(d))),
                    None => (Verdict::False, missing()),
                },
                Status::Compatible => match (&definition, canonical_def) {
                    (None, _) => (Verdict::False, missing()),
                    (Some(d), Some(c)) if site == Some(c) => {
                        (Verdict::Ok, format!("re-exports the definition at {}", at(d)))
                    }
                    (Some(d), Some(_)) => (
                        Verdict::False,
                        format!(
                            "defines its own copy at {} instead of re-exporting the canonical one",
                            at(d)
                        ),
                    ),
                    (Some(d), None) => (
                        Verdict::Ok,
                        format!("resolves to {} (no canonical definition to compare)", at(d)),
                    ),
                },
                Status::Deprecated | Status::Broken if importers == 0 && definition.is_none() => (
                    Verdict::Stale,
                    "does not exist and nobody imports it any more; the entry can go".to_string(),
                ),
                Status::Deprecated => match &definition {
                    Some(_) if importers == 0 => (
                        Verdict::Stale,
                        "still works, but nobody imports it any more; remove it from the code and the registry"
                            .to_string(),
                    ),
                    Some(d) if canonical_def.is_some() && site != canonical_def => (
                        Verdict::Ok,
                        format!("still works, through its own copy at {}", at(d)),
                    ),
                    Some(d) => (Verdict::Ok, format!("still works (resolves to {})", at(d))),
                    None => (
                        Verdict::False,
                        format!("listed as deprecated (still working) but {}; it is broken", missing()),
                    ),
                },
                Status::Broken => match &definition {
                    Some(d) => (
                        Verdict::False,
                        format!("listed as broken but exists (resolves to {})", at(d)),
                    ),
                    None => (Verdict::Ok, missing()),
                },
                Status::Unverified => (
                    Verdict::Unverifiable,
                    match &definition {
                        Some(d) => format!("status not settled; resolves to {}", at(d)),
                        None => format!("status not settled; {}", missing()),
                    },
                ),
            }
        };
        out.push(ClaimResult {
            symbol: Some(name.clone()),
            path: path.to_string(),
            status,
            verdict,
            detail,
            definition,
            importers,
            registry_line: symbol.line,
        });
    }
}

/// The text table: one line per claim, then the totals.
pub fn render_text(report: &Report) -> String {
    let rows: Vec<[String; 5]> = report
        .claims
        .iter()
        .map(|c| {
            [
                c.verdict.as_str().to_string(),
                c.symbol.clone().unwrap_or_else(|| "(module)".into()),
                c.status.as_str().to_string(),
                c.path.clone(),
                format!("{} [{} importing]", c.detail, c.importers),
            ]
        })
        .collect();
    let header = [
        "result".to_string(),
        "symbol".into(),
        "claim".into(),
        "path".into(),
        "evidence".into(),
    ];
    let mut widths = [0usize; 4];
    for row in rows.iter().chain(std::iter::once(&header)) {
        for (w, cell) in widths.iter_mut().zip(row.iter()) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(rows.iter()) {
        for (cell, w) in row.iter().zip(widths) {
            out.push_str(cell);
            out.push_str(&" ".repeat(w - cell.chars().count() + 2));
        }
        out.push_str(&row[4]);
        out.push('\n');
    }
    out.push_str(&format!(
        "\n{} claims in {}: {} ok, {} false, {} stale, {} unverifiable.\n",
        report.claims.len(),
        report.registry,
        report.count(Verdict::Ok),
        report.count(Verdict::False),
        report.count(Verdict::Stale),
        report.count(Verdict::Unverifiable),
    ));
    out
}

/// `{"tool", "registry", "summary", "claims"}`.
pub fn render_json(report: &Report) -> String {
    let summary = serde_json::json!({
        "claims": report.claims.len(),
        "ok": report.count(Verdict::Ok),
        "false": report.count(Verdict::False),
        "stale": report.count(Verdict::Stale),
        "unverifiable": report.count(Verdict::Unverifiable),
    });
    let value = serde_json::json!({
        "registry": report.registry,
        "summary": summary,
        "claims": report.claims,
    });
    crate::output::versioned(&value)
}
