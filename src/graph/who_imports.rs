//! `who-imports`: every import of a module (or of a name), grouped by the absolute import path
//! it used — "who still uses the old path?".

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::facts::{CompactString, ImportKind};
use crate::output::plural;
use crate::resolve::{DefinitionCache, DefinitionSite, ModuleIndex, NameTarget, Target};

/// What is asked: a module, or a name imported from it (`MODULE[:NAME]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Query<'t> {
    pub module: &'t str,
    pub name: Option<&'t str>,
}

impl<'t> Query<'t> {
    /// `package.module` or `package.module:Name`; `Err` with the reason otherwise.
    pub fn parse(target: &'t str) -> Result<Query<'t>, String> {
        let (module, name) = match target.split_once(':') {
            Some((m, n)) => (m, Some(n)),
            None => (target, None),
        };
        let valid = |s: &str| {
            !s.is_empty()
                && s.split('.').all(|p| {
                    !p.is_empty()
                        && !p.starts_with(|c: char| c.is_ascii_digit())
                        && p.chars().all(|c| c == '_' || c.is_alphanumeric())
                })
        };
        if !valid(module) || name.is_some_and(|n| !valid(n) || n.contains('.')) {
            return Err(format!(
                "`{target}` is not MODULE or MODULE:NAME (e.g. `shared.config` or `shared.config:Settings`)"
            ));
        }
        Ok(Query { module, name })
    }
}

#[derive(Serialize, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Site {
    pub path: String,
    pub line: u32,
    pub column: u32,
    /// The statement as written (relative dots, aliases).
    pub statement: String,
    /// Inside `if TYPE_CHECKING:`.
    pub type_checking: bool,
    /// Inside a function: runs only when it is called.
    pub lazy: bool,
    /// Inside `try: ... except ImportError`.
    pub guarded: bool,
}

#[derive(Serialize)]
pub struct Group {
    /// The absolute import path used.
    pub import: String,
    pub sites: Vec<Site>,
}

#[derive(Serialize)]
pub struct Location {
    pub path: String,
    pub line: u32,
}

#[derive(Serialize)]
pub struct WhoImports {
    pub target: String,
    pub defined_at: Option<Location>,
    pub files: usize,
    pub groups: Vec<Group>,
}

fn alias(a: &Option<CompactString>) -> String {
    a.as_ref().map(|a| format!(" as {a}")).unwrap_or_default()
}

/// Every import of `query` in the index's files, grouped by the import path used; `Err` when
/// the module is first party and does not exist (with a "did you mean").
pub fn who_imports(index: &ModuleIndex, query: Query) -> Result<WhoImports, String> {
    let Query { module, name } = query;
    let first_party = index.is_first_party(module.split('.').next().unwrap_or(module));
    if first_party && matches!(index.resolve_module(module), Target::Missing(_)) {
        let hint = index
            .closest_module(module)
            .map(|c| format!("; did you mean `{}`?", index.module(c).name))
            .unwrap_or_default();
        return Err(format!("no first-party module `{module}`{hint}"));
    }
    let definition = match name {
        Some(n) => index.find_definition(module, n),
        None => index.lookup(module).and_then(|m| {
            index.module(m).file.map(|file| DefinitionSite {
                module: m,
                file,
                line: 1,
            })
        }),
    };
    let groups = collect(index, module, name, name.and(definition));
    let target = match name {
        Some(n) => format!("{module}:{n}"),
        None => module.to_string(),
    };
    Ok(WhoImports {
        target,
        defined_at: definition.map(|d| Location {
            path: index.file_rel(d.file).to_string(),
            line: d.line,
        }),
        files: {
            let mut files: Vec<&str> = groups
                .iter()
                .flat_map(|g| g.sites.iter().map(|s| s.path.as_str()))
                .collect();
            files.sort();
            files.dedup();
            files.len()
        },
        groups,
    })
}

fn collect(
    index: &ModuleIndex,
    module: &str,
    name: Option<&str>,
    definition: Option<DefinitionSite>,
) -> Vec<Group> {
    let wanted = index.lookup(module);
    // Every import of the name asks where it is defined: one cache for all of them.
    let mut definitions = DefinitionCache::default();
    let mut groups: BTreeMap<String, Vec<Site>> = BTreeMap::new();
    for (file, scanned) in index.files().iter().enumerate() {
        let Ok(facts) = &scanned.facts else {
            continue;
        };
        for import in &facts.imports {
            let res = index.resolve_import(file, import);
            let dots = ".".repeat(import.level as usize);
            let same_module = match (&res.target, wanted) {
                (Target::Module(id), Some(w)) => *id == w,
                _ => res.module == module,
            };
            let mut add = |key: String, statement: String, span: crate::facts::Span| {
                groups.entry(key).or_default().push(Site {
                    path: scanned.file.rel.clone(),
                    line: span.line,
                    column: span.column,
                    statement,
                    type_checking: import.type_checking,
                    lazy: import.lazy,
                    guarded: import.guarded,
                });
            };
            // `from M import n`: the absolute form (the group) and the statement as written.
            let one_name = |n: &crate::facts::ImportedName| {
                (
                    format!("from {} import {}", res.module, n.name),
                    format!(
                        "from {dots}{} import {}{}",
                        import.module,
                        n.name,
                        alias(&n.asname)
                    ),
                )
            };
            match (import.kind, name) {
                (ImportKind::Import, None) if same_module => add(
                    format!("import {module}"),
                    format!("import {}{}", import.module, alias(&import.asname)),
                    import.span,
                ),
                (ImportKind::Dynamic, None) if same_module => add(
                    format!("importlib.import_module(\"{module}\")"),
                    format!("importlib.import_module(\"{dots}{}\")", import.module),
                    import.span,
                ),
                (ImportKind::From, None) => {
                    let mut whole = false;
                    for (n, t) in import.names.iter().zip(&res.names) {
                        let submodule = match (t, wanted) {
                            (NameTarget::Submodule(s), Some(w)) => *s == w,
                            _ => format!("{}.{}", res.module, n.name) == module,
                        };
                        if submodule {
                            let (key, statement) = one_name(n);
                            add(key, statement, n.span);
                        } else if same_module {
                            whole = true;
                        }
                    }
                    if whole {
                        let names: Vec<String> = import
                            .names
                            .iter()
                            .map(|n| format!("{}{}", n.name, alias(&n.asname)))
                            .collect();
                        add(
                            format!("from {module} import ..."),
                            format!("from {dots}{} import {}", import.module, names.join(", ")),
                            import.span,
                        );
                    }
                }
                (ImportKind::From, Some(wanted_name)) => {
                    for n in import.names.iter().filter(|n| n.name == wanted_name) {
                        let hit = same_module
                            || (definition.is_some()
                                && matches!(res.target, Target::Module(_))
                                && index.find_definition_cached(
                                    &res.module,
                                    &n.name,
                                    &mut definitions,
                                ) == definition);
                        if hit {
                            let (key, statement) = one_name(n);
                            add(key, statement, n.span);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let mut out: Vec<Group> = groups
        .into_iter()
        .map(|(import, mut sites)| {
            sites.sort();
            Group { import, sites }
        })
        .collect();
    out.sort_by(|a, b| {
        b.sites
            .len()
            .cmp(&a.sites.len())
            .then(a.import.cmp(&b.import))
    });
    out
}

/// The text report of `who-imports`.
pub fn render_text(report: &WhoImports) -> String {
    let mut s = String::new();
    let _ = write!(s, "{}", report.target);
    if let Some(d) = &report.defined_at {
        let _ = write!(s, " (defined at {}:{})", d.path, d.line);
    }
    s.push('\n');
    if report.groups.is_empty() {
        s.push_str("No file imports it.\n");
        return s;
    }
    let sites: usize = report.groups.iter().map(|g| g.sites.len()).sum();
    let _ = writeln!(
        s,
        "{} in {} by {}\n",
        plural(sites, "import"),
        plural(report.files, "file"),
        plural(report.groups.len(), "path")
    );
    for g in &report.groups {
        let _ = writeln!(s, "{}  ({})", g.import, plural(g.sites.len(), "site"));
        for site in &g.sites {
            let _ = write!(s, "  {}:{}", site.path, site.line);
            // The statement as written, when it says more than the group's line.
            if site.statement != g.import {
                let _ = write!(s, "  {}", site.statement);
            }
            let flags: Vec<&str> = [
                (site.type_checking, "type-checking"),
                (site.lazy, "lazy"),
                (site.guarded, "guarded"),
            ]
            .iter()
            .filter(|(on, _)| *on)
            .map(|(_, name)| *name)
            .collect();
            if !flags.is_empty() {
                let _ = write!(s, "  ({})", flags.join(", "));
            }
            s.push('\n');
        }
    }
    s
}
