//! What the registry says about each import of a file: the judging shared by the rules
//! `broken-import`, `deprecated-import` and `non-canonical-import` (each keeps the findings of
//! its own status).

use serde::Deserialize;

use super::rule::{Context, Rule, RuleOptions};
use crate::diagnostic::Finding;
use crate::facts::{FileFacts, ImportKind, ImportedName, Span};
use crate::registry::{Registry, Status};
use crate::resolve::ModuleIndex;

/// The three registry rules take no options besides `severity`.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct NoOptions {}

/// A registry rule reporting the imports whose path has one status.
struct RegistryRule(Status);

/// Builds the rule reporting imports through paths of `status`.
pub fn build_rule(options: &RuleOptions, status: Status) -> Result<Box<dyn Rule>, String> {
    let NoOptions {} = options.parse()?;
    Ok(Box::new(RegistryRule(status)))
}

impl Rule for RegistryRule {
    fn needs_registry(&self) -> bool {
        true
    }

    fn check_file(&self, ctx: &Context, file: usize, facts: &FileFacts, out: &mut Vec<Finding>) {
        if let Some(registry) = ctx.registry {
            findings(registry, ctx.modules(), file, facts, self.0, out);
        }
    }
}

fn note_suffix(note: Option<&str>) -> String {
    note.map(|n| format!(" ({n})")).unwrap_or_default()
}

/// What to do instead of a broken or deprecated import.
fn advice(replacement: Option<&str>) -> String {
    match replacement {
        Some(r) => format!("; use `{r}`"),
        None => "; the registry names no replacement".to_string(),
    }
}

/// Findings for the imports of one file whose path has status `wanted`.
/// Relative imports are made absolute by the module index (source roots included).
pub fn findings(
    registry: &Registry,
    index: &ModuleIndex,
    file: usize,
    facts: &FileFacts,
    wanted: Status,
    out: &mut Vec<Finding>,
) {
    for import in &facts.imports {
        let Ok(module) = index.absolute_module(file, import) else {
            continue;
        };
        let shape = match import.kind {
            ImportKind::From => Shape::From(&import.names),
            ImportKind::Import => Shape::Import(import.asname.as_deref()),
            ImportKind::Dynamic => Shape::Dynamic,
        };
        if let Some(found) = module_finding(registry, file, &module, import.span, shape, wanted) {
            out.push(found);
            continue;
        }
        if import.kind != ImportKind::From {
            continue;
        }
        for name in &import.names {
            if name.name == "*" {
                continue;
            }
            // `from pkg import submodule` where the submodule has a status of its own.
            if registry.has_modules_below(&module) {
                let sub = format!("{module}.{}", name.name);
                if registry.is_module(&sub) {
                    let shape = Shape::Import(Some(name.bound_name()));
                    if let Some(found) =
                        module_finding(registry, file, &sub, name.span, shape, wanted)
                    {
                        out.push(found);
                    }
                    continue;
                }
            }
            for &(index, status) in registry.lookup(&module, &name.name) {
                if status != wanted {
                    continue;
                }
                let symbol = &registry.symbols[index];
                let note = symbol.retired(&module).and_then(|r| r.note.as_deref());
                let replacement = symbol.replacement(&module);
                let message = match status {
                    Status::Broken | Status::Deprecated => format!(
                        "`{}` is imported from `{module}`, a {} path{}{}",
                        name.name,
                        status.as_str(),
                        note_suffix(note),
                        advice(replacement.as_deref())
                    ),
                    Status::Compatible => format!(
                        "`{}` is imported through the compatibility path `{module}`; {}",
                        name.name,
                        match symbol.canonical.as_deref() {
                            Some(c) => format!("the canonical path is `{c}`"),
                            None => "the registry names no canonical path".to_string(),
                        }
                    ),
                    Status::Canonical | Status::Unverified => continue,
                };
                let mut finding = Finding::new(file, name.span, message);
                finding.fix = replacement.map(|r| match &name.asname {
                    Some(alias) if r.starts_with("from ") && !r.contains(" as ") => {
                        format!("{r} as {alias}")
                    }
                    _ => r,
                });
                out.push(finding);
            }
        }
    }
}

/// How the import was written, to write its fix the same way.
#[derive(Clone, Copy)]
enum Shape<'a> {
    /// `from M import names`
    From(&'a [ImportedName]),
    /// `import M [as alias]` (also `from P import M` -> `import M as M`)
    Import(Option<&'a str>),
    /// `importlib.import_module("M")`
    Dynamic,
}

/// A finding for an import of a `[[module]]` entry (or a module below it) with status `wanted`.
fn module_finding(
    registry: &Registry,
    file: usize,
    module: &str,
    span: Span,
    shape: Shape,
    wanted: Status,
) -> Option<Finding> {
    // Only broken and deprecated modules are reported: the other statuses need no lookup.
    if !matches!(wanted, Status::Broken | Status::Deprecated) {
        return None;
    }
    let entry = registry.module_entry(module)?;
    if entry.status != wanted {
        return None;
    }
    let what = if entry.path == module {
        format!("module `{module}` is {}", wanted.as_str())
    } else {
        format!(
            "`{module}` is inside `{}`, a {} module",
            entry.path,
            wanted.as_str()
        )
    };
    let replacement = entry.use_instead.as_ref().map(|u| {
        let rest = &module[entry.path.len()..];
        format!("{u}{rest}")
    });
    let mut finding = Finding::new(
        file,
        span,
        format!(
            "{what}{}{}",
            note_suffix(entry.note.as_deref()),
            advice(replacement.as_deref())
        ),
    );
    finding.fix = replacement.map(|r| match shape {
        Shape::From(names) => format!("from {r} import {}", ImportedName::list(names)),
        Shape::Import(Some(alias)) => format!("import {r} as {alias}"),
        Shape::Import(None) => format!("import {r}"),
        Shape::Dynamic => format!("importlib.import_module(\"{r}\")"),
    });
    Some(finding)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::model::test_support::scanned as file;
    use crate::registry::parse_registry;

    #[test]
    fn findings_per_status_with_fixes() {
        let registry = parse_registry(
            "[[symbol]]\nname = \"A\"\ncanonical = \"pkg.a\"\ncompatible = [\"pkg\"]\n\
             deprecated = [{ path = \"pkg.old\", note = \"gone in v2\" }]\n\
             broken = [{ path = \"pkg.gone\", use-instead = \"from pkg.b import B\" }]\n\
             [[module]]\npath = \"pkg.legacy\"\nstatus = \"broken\"\n",
            "r.toml",
        )
        .unwrap();
        let files = vec![
            file(
                "pkg/app.py",
                "from pkg import A\nfrom .old import A as Old\nfrom pkg.gone import A\n\
                 import pkg.legacy.x\nfrom pkg.a import A\n",
            ),
            file("pkg/__init__.py", ""),
        ];
        let config = Config::default();
        let index = ModuleIndex::build(std::path::Path::new("."), &config, &files);
        let facts = files[0].facts.as_ref().unwrap();
        let run = |status| {
            let mut out = Vec::new();
            findings(&registry, &index, 0, facts, status, &mut out);
            out.into_iter()
                .map(|f| (f.span.line, f.message, f.fix))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            run(Status::Compatible),
            vec![(
                1,
                "`A` is imported through the compatibility path `pkg`; the canonical path is `pkg.a`"
                    .to_string(),
                Some("from pkg.a import A".to_string())
            )]
        );
        // The relative `from .old import A as Old` is `pkg.old`.
        assert_eq!(
            run(Status::Deprecated),
            vec![(
                2,
                "`A` is imported from `pkg.old`, a deprecated path (gone in v2); use `from pkg.a import A`"
                    .to_string(),
                Some("from pkg.a import A as Old".to_string())
            )]
        );
        let no_canonical = parse_registry(
            "[[symbol]]\nname = \"A\"\ncompatible = [\"pkg\"]\n",
            "r.toml",
        )
        .unwrap();
        let mut out = Vec::new();
        findings(
            &no_canonical,
            &index,
            0,
            facts,
            Status::Compatible,
            &mut out,
        );
        assert_eq!(
            out[0].message,
            "`A` is imported through the compatibility path `pkg`; the registry names no canonical path"
        );
        let broken = run(Status::Broken);
        assert_eq!(broken.len(), 2);
        assert_eq!(broken[0].2.as_deref(), Some("from pkg.b import B"));
        assert_eq!(
            broken[1].1,
            "`pkg.legacy.x` is inside `pkg.legacy`, a broken module; the registry names no replacement"
        );
        assert_eq!(broken[1].2, None);
    }
}
