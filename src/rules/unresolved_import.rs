//! `unresolved-import`: first-party imports of modules or names that do not exist.

use serde::Deserialize;

use super::rule::{Context, Rule, RuleMeta, RuleOptions, RuleSpec};
use crate::diagnostic::{Finding, Related, Severity};
use crate::facts::{CompactString, FileFacts, Import, ImportKind, ImportedName};
use crate::resolve::{top_level, Missing, ModuleId, ModuleIndex, ModuleKind, NameTarget, Target};

pub static META: RuleMeta = RuleMeta {
    id: "unresolved-import",
    summary: "first-party import of a module or name that does not exist",
    default_severity: Severity::Error,
    docs: include_str!("../../rules/unresolved-import.md"),
    can_disable: true,
};

pub const SPEC: RuleSpec = RuleSpec { meta: &META, build };

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Options {}

fn build(options: &RuleOptions) -> Result<Box<dyn Rule>, String> {
    let _: Options = options.parse()?;
    Ok(Box::new(UnresolvedImport))
}

struct UnresolvedImport;

impl Rule for UnresolvedImport {
    fn check_file(&self, ctx: &Context, file: usize, facts: &FileFacts, out: &mut Vec<Finding>) {
        let index = ctx.modules();
        for import in &facts.imports {
            let module = match index.absolute_module(file, import) {
                Ok(module) => module,
                Err(Target::Missing(Missing::BeyondRoot)) => {
                    out.push(guarded(import, beyond_root(index, file, import)));
                    continue;
                }
                Err(_) => continue,
            };
            // Third-party and standard-library modules (most imports): nothing to judge, and
            // nothing to resolve.
            if !index.is_first_party(top_level(&module)) {
                continue;
            }
            match index.resolve_module(&module) {
                Target::Missing(Missing::Module {
                    found,
                    namespace_top,
                    import_hook,
                }) => {
                    let mut finding =
                        missing_module(index, file, import, &module, found, namespace_top);
                    // A package that makes modules at run time may provide it: a warning that
                    // names the package, not an error.
                    if let Some(hook) = import_hook {
                        finding.message.push_str(&format!(
                            "; `{}` makes modules at run time (an import hook or a `sys.modules` \
                             write), which may provide it",
                            index.module(hook).name
                        ));
                        finding = finding.severity(Severity::Warning);
                    }
                    out.push(guarded(import, finding));
                }
                Target::Module(id) if import.kind == ImportKind::From => {
                    // Names under TYPE_CHECKING may come from a stub that was not scanned;
                    // the disk is asked only once a name is missing.
                    let target = Target::Module(id);
                    let mut stubbed = None;
                    for name in &import.names {
                        if index.resolve_name(&target, &name.name) == NameTarget::Missing
                            && !*stubbed
                                .get_or_insert_with(|| import.type_checking && index.has_stub(id))
                        {
                            out.push(guarded(import, missing_name(index, file, id, name)));
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

/// A finding about a guarded import (`try:` / `except ImportError:`) is information only.
fn guarded(import: &Import, f: Finding) -> Finding {
    if import.guarded {
        f.severity(Severity::Info)
    } else {
        f
    }
}

fn written_module(import: &Import) -> String {
    format!("{}{}", ".".repeat(import.level as usize), import.module)
}

fn beyond_root(index: &ModuleIndex, file: usize, import: &Import) -> Finding {
    let me = index.module_of(file).unwrap_or_default();
    let root = index
        .module_id_of(file)
        .and_then(|m| index.source_roots().get(index.module(m).root))
        .map(|r| if r.is_empty() { "." } else { r.as_str() })
        .unwrap_or(".");
    Finding::new(
        file,
        import.span,
        format!(
            "relative import `{}` goes {} up from `{me}`, above its source root `{root}`",
            written_module(import),
            if import.level == 1 {
                "1 level".to_string()
            } else {
                format!("{} levels", import.level)
            }
        ),
    )
}

fn alias(asname: &Option<CompactString>) -> String {
    asname
        .as_ref()
        .map(|a| format!(" as {a}"))
        .unwrap_or_default()
}

fn related_definition(index: &ModuleIndex, module: ModuleId, name: &str) -> Vec<Related> {
    index
        .find_definition(&index.module(module).name, name)
        .map(|site| {
            vec![Related {
                path: index.file_rel(site.file).to_string(),
                line: site.line,
            }]
        })
        .unwrap_or_default()
}

/// "`N` is defined in `a.b`" (plus up to two more places), the fix line and the related site.
/// The importing module itself is never suggested: importing a module from itself is no fix.
fn defined_elsewhere(
    index: &ModuleIndex,
    file: usize,
    name: &ImportedName,
    near: &str,
) -> Option<(String, String, Vec<Related>)> {
    let importer = index.module_id_of(file);
    let mut places = index.defined_in(&name.name, near);
    places.retain(|&m| Some(m) != importer);
    let best = *places.first()?;
    let module = &index.module(best).name;
    let mut message = format!("`{}` is defined in `{module}`", name.name);
    let others: Vec<String> = places[1..]
        .iter()
        .take(2)
        .map(|&m| format!("`{}`", index.module(m).name))
        .collect();
    if !others.is_empty() {
        let more = places.len() - 1 - others.len();
        message.push_str(&format!(" (also in {}", others.join(", ")));
        if more > 0 {
            message.push_str(&format!(" and {more} more"));
        }
        message.push(')');
    }
    let fix = format!("from {module} import {}{}", name.name, alias(&name.asname));
    Some((message, fix, related_definition(index, best, &name.name)))
}

fn missing_module(
    index: &ModuleIndex,
    file: usize,
    import: &Import,
    module: &str,
    found: Option<ModuleId>,
    namespace_top: bool,
) -> Finding {
    let mut message = format!("module `{module}` not found");
    if let Some(f) = found {
        let f = &index.module(f).name;
        let next = module[f.len() + 1..].split('.').next().unwrap_or_default();
        message.push_str(&format!(" (`{f}` has no submodule `{next}`)"));
    } else if let Some(top) = module.split('.').next() {
        message.push_str(&format!(" (no first-party package `{top}` has it)"));
    }
    let mut fix = None;
    let mut related = Vec::new();
    let mut suggestions = Vec::new();
    if import.kind == ImportKind::From {
        let mut lines = Vec::new();
        for name in import.names.iter().filter(|n| n.name != "*") {
            if let Some((m, line, rel)) = defined_elsewhere(index, file, name, module) {
                suggestions.push(m);
                lines.push(line);
                related.extend(rel);
            }
        }
        if !lines.is_empty() {
            fix = Some(lines.join("\n"));
        }
    }
    if fix.is_none() {
        let importer = index.module_id_of(file);
        if let Some(c) = index
            .closest_module(module)
            .filter(|&c| Some(c) != importer)
        {
            let c = &index.module(c).name;
            suggestions.push(format!("did you mean `{c}`?"));
            fix = Some(match import.kind {
                ImportKind::Import => format!("import {c}{}", alias(&import.asname)),
                ImportKind::From => {
                    let names: Vec<String> = import
                        .names
                        .iter()
                        .map(|n| format!("{}{}", n.name, alias(&n.asname)))
                        .collect();
                    format!("from {c} import {}", names.join(", "))
                }
                ImportKind::Dynamic => format!("importlib.import_module(\"{c}\")"),
            });
        }
    }
    if namespace_top {
        let top = module.split('.').next().unwrap_or(module);
        message.push_str(&format!(
            "; `{top}` is a namespace package, an installed distribution may provide it"
        ));
    }
    if !suggestions.is_empty() {
        message.push_str("; ");
        message.push_str(&suggestions.join("; "));
    }
    let mut f = Finding::new(file, import.span, message).related(related);
    f.fix = fix;
    if namespace_top {
        f = f.severity(Severity::Warning);
    }
    f
}

fn missing_name(
    index: &ModuleIndex,
    file: usize,
    module: ModuleId,
    name: &ImportedName,
) -> Finding {
    let m = &index.module(module);
    let mut message = format!("cannot import name `{}` from `{}`", name.name, m.name);
    message.push_str(match m.kind {
        ModuleKind::Namespace => " (a namespace package: it has submodules only)",
        _ => " (neither a name it binds nor a submodule)",
    });
    let top = index
        .lookup(m.name.split('.').next().unwrap_or(&m.name))
        .map(|t| index.module(t).kind);
    let namespace_top = m.kind == ModuleKind::Namespace && top == Some(ModuleKind::Namespace);
    let mut fix = None;
    let mut related = Vec::new();
    if let Some((text, line, rel)) = defined_elsewhere(index, file, name, &m.name) {
        message.push_str("; ");
        message.push_str(&text);
        fix = Some(line);
        related = rel;
    } else if let Some(c) = index.closest_name(module, &name.name) {
        message.push_str(&format!("; did you mean `{c}`?"));
        fix = Some(format!("from {} import {c}{}", m.name, alias(&name.asname)));
    }
    if namespace_top {
        message.push_str("; an installed distribution may provide it");
    }
    let mut f = Finding::new(file, name.span, message).related(related);
    f.fix = fix;
    if namespace_top {
        f = f.severity(Severity::Warning);
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::model::test_support::scanned;

    /// The findings of every file of the tree: (path, line, severity, message).
    fn check(tree: &[(&str, &str)]) -> Vec<(String, u32, Option<Severity>, String)> {
        let mut files: Vec<_> = tree.iter().map(|(p, t)| scanned(p, t)).collect();
        files.sort_by(|a, b| a.file.rel.cmp(&b.file.rel));
        let config = Config::default();
        // Absolute paths that do not exist: nothing is found on disk.
        for f in &mut files {
            f.file.abs = std::path::Path::new("/nonexistent").join(&f.file.rel);
        }
        let ctx = Context::new(std::path::Path::new("/nonexistent"), &config, &files);
        let rule = build(&RuleOptions::default()).unwrap();
        let mut out = Vec::new();
        for (i, f) in files.iter().enumerate() {
            rule.check_file(&ctx, i, f.facts.as_ref().unwrap(), &mut out);
        }
        out.into_iter()
            .map(|f| {
                (
                    files[f.file].file.rel.clone(),
                    f.span.line,
                    f.severity,
                    f.message,
                )
            })
            .collect()
    }

    #[test]
    fn missing_modules_and_names_with_their_suggestions() {
        let found = check(&[
            ("pkg/__init__.py", ""),
            ("pkg/core.py", "def start_engine():\n    pass\n"),
            (
                "app.py",
                "import pkg.gone\nfrom pkg.core import start_engin\nfrom pkg.core import start_engine\n\
                 try:\n    import pkg.fast\nexcept ImportError:\n    pass\nimport requests\n",
            ),
        ]);
        assert_eq!(found.len(), 3, "{found:#?}");
        assert_eq!(found[0].1, 1);
        assert_eq!(
            found[0].3,
            "module `pkg.gone` not found (`pkg` has no submodule `gone`)"
        );
        assert_eq!(found[1].1, 2);
        assert!(
            found[1].3.ends_with("did you mean `start_engine`?"),
            "{}",
            found[1].3
        );
        // Guarded imports are infos.
        assert_eq!((found[2].1, found[2].2), (5, Some(Severity::Info)));
    }

    #[test]
    fn a_module_is_never_suggested_to_itself() {
        let found = check(&[
            ("pkg/__init__.py", ""),
            (
                "pkg/parser.py",
                "try:\n    from ._parser import Parser\nexcept ImportError:\n    class Parser:\n        pass\n",
            ),
        ]);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            !found[0].3.contains("defined in `pkg.parser`"),
            "{}",
            found[0].3
        );
        assert!(
            !found[0].3.contains("did you mean `pkg.parser`"),
            "{}",
            found[0].3
        );
    }
}
