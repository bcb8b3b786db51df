//! `banned-import`: imports of modules banned by configuration (per ban: where it applies,
//! message, severity), and optionally every relative import.

use std::borrow::Cow;

use globset::GlobSet;
use serde::Deserialize;

use super::rule::{Context, Rule, RuleMeta, RuleOptions, RuleSpec};
use crate::diagnostic::{Finding, Severity};
use crate::discovery::{build_globset, glob_match, Category};
use crate::facts::{FileFacts, ImportKind, ImportedName};
use crate::registry::is_dotted;
use crate::resolve::is_same_or_submodule;

pub static META: RuleMeta = RuleMeta {
    id: "banned-import",
    summary: "imports of modules banned by configuration, and relative imports when forbidden",
    default_severity: Severity::Error,
    docs: include_str!("../../rules/banned-import.md"),
    can_disable: true,
};

pub const SPEC: RuleSpec = RuleSpec { meta: &META, build };

#[derive(Deserialize, Default, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
enum Relative {
    #[default]
    Allow,
    Forbid,
}

#[derive(Deserialize, Default, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
enum AppliesTo {
    #[default]
    All,
    Source,
    Tests,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct BanOptions {
    /// The banned module; imports of it and of anything below it are reported.
    module: String,
    #[serde(default)]
    applies_to: AppliesTo,
    /// Why, and what to use instead.
    message: Option<String>,
    severity: Option<Severity>,
    /// Files (globs relative to the root) where the ban does not apply.
    #[serde(default)]
    allow: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    #[serde(default)]
    ban: Vec<BanOptions>,
    #[serde(default)]
    relative: Relative,
}

struct Ban {
    module: String,
    applies_to: AppliesTo,
    message: Option<String>,
    severity: Option<Severity>,
    allow: GlobSet,
}

fn build(options: &RuleOptions) -> Result<Box<dyn Rule>, String> {
    let o: Options = options.parse()?;
    let mut bans = Vec::new();
    for b in o.ban {
        if !is_dotted(&b.module) {
            return Err(format!(
                "ban module `{}` is not a dotted module name",
                b.module
            ));
        }
        bans.push(Ban {
            allow: build_globset(&b.allow, "allow").map_err(|e| e.to_string())?,
            module: b.module,
            applies_to: b.applies_to,
            message: b.message,
            severity: b.severity,
        });
    }
    Ok(Box::new(BannedImport {
        bans,
        relative: o.relative,
    }))
}

struct BannedImport {
    bans: Vec<Ban>,
    relative: Relative,
}

impl Rule for BannedImport {
    fn check_file(&self, ctx: &Context, file: usize, facts: &FileFacts, out: &mut Vec<Finding>) {
        let source = &ctx.files[file].file;
        let rel = &source.rel;
        // Where a ban applies depends on the file only.
        let bans: Vec<&Ban> = self
            .bans
            .iter()
            .filter(|ban| {
                let applies = match ban.applies_to {
                    AppliesTo::All => true,
                    AppliesTo::Source => source.category == Category::Source,
                    AppliesTo::Tests => source.category == Category::Tests,
                };
                applies && !glob_match(&ban.allow, rel)
            })
            .collect();
        let forbid_relative = self.relative == Relative::Forbid;
        if bans.is_empty() && !forbid_relative {
            // Nothing applies here: nothing to report (and no module to resolve).
            return;
        }
        for import in &facts.imports {
            let relative = import.level > 0;
            if bans.is_empty() && !relative {
                continue;
            }
            // An absolute import is its own module: the module index (built on first use) is
            // only needed for relative ones.
            let module = if relative {
                ctx.modules().absolute_module(file, import).ok()
            } else {
                Some(Cow::Borrowed(import.module.as_str()))
            };
            if relative && forbid_relative {
                let dots = ".".repeat(import.level as usize);
                let names = ImportedName::list(&import.names);
                let mut f = Finding::new(
                    file,
                    import.span,
                    format!(
                        "relative import `from {dots}{} import {names}`; write the absolute module path",
                        import.module
                    ),
                );
                f.fix = module.as_ref().map(|m| format!("from {m} import {names}"));
                out.push(f);
            }
            if bans.is_empty() {
                continue;
            }
            let Some(module) = module else {
                continue;
            };
            for ban in &bans {
                let (hit, span) = if is_same_or_submodule(&module, &ban.module) {
                    (&*module, import.span)
                } else if import.kind == ImportKind::From {
                    // `from a import b` may import the banned module `a.b` (a name has no dots,
                    // so only the ban itself can be hit this way).
                    let below = ban
                        .module
                        .strip_prefix(&*module)
                        .and_then(|rest| rest.strip_prefix('.'));
                    match import.names.iter().find(|n| below == Some(n.name.as_str())) {
                        Some(n) => (ban.module.as_str(), n.span),
                        None => continue,
                    }
                } else {
                    continue;
                };
                let place = match ban.applies_to {
                    AppliesTo::All => String::new(),
                    AppliesTo::Source => " in source files".into(),
                    AppliesTo::Tests => " in tests".into(),
                };
                let mut message = if hit == ban.module {
                    format!("`{}` is banned{place}", ban.module)
                } else {
                    format!("`{hit}` is banned{place} (ban on `{}`)", ban.module)
                };
                if let Some(m) = &ban.message {
                    message.push_str(": ");
                    message.push_str(m);
                }
                let mut f = Finding::new(file, span, message);
                f.severity = ban.severity;
                out.push(f);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::duplicates::test_support::scanned;

    /// `(line, column, message, severity)` of every finding in `pkg/app.py`.
    fn run(options: &str, code: &str) -> Vec<(u32, u32, String, Option<Severity>)> {
        let rule = build(&RuleOptions {
            table: toml::from_str(options).unwrap(),
        })
        .unwrap();
        let files = vec![scanned("pkg/app.py", code), scanned("pkg/__init__.py", "")];
        let config = crate::config::Config::default();
        let ctx = Context::new(std::path::Path::new("."), &config, &files);
        let mut out = Vec::new();
        rule.check_file(&ctx, 0, files[0].facts.as_ref().unwrap(), &mut out);
        out.into_iter()
            .map(|f| (f.span.line, f.span.column, f.message, f.severity))
            .collect()
    }

    #[test]
    fn bans_hit_the_module_its_submodules_and_imported_submodules() {
        let options =
            "[[ban]]\nmodule = \"pkg.sub\"\nmessage = \"use pkg.new\"\nseverity = \"info\"\n\
                       [[ban]]\nmodule = \"other\"\n";
        let code =
            "from pkg import subx, sub as s\nfrom pkg.sub.deep import x\nimport pkg.sub.deep\n\
                    from pkg.sub import y\nimport pkg\nfrom . import sub\nfrom other import sub\n\
                    import otherwise\n";
        let info = Some(Severity::Info);
        let msg = |m: &str| format!("{m}: use pkg.new");
        assert_eq!(
            run(options, code),
            vec![
                (1, 23, msg("`pkg.sub` is banned"), info),
                (
                    2,
                    1,
                    msg("`pkg.sub.deep` is banned (ban on `pkg.sub`)"),
                    info
                ),
                (
                    3,
                    8,
                    msg("`pkg.sub.deep` is banned (ban on `pkg.sub`)"),
                    info
                ),
                (4, 1, msg("`pkg.sub` is banned"), info),
                (6, 15, msg("`pkg.sub` is banned"), info),
                (7, 1, "`other` is banned".to_string(), None),
            ]
        );
    }

    #[test]
    fn a_bad_ban_severity_names_the_choices() {
        let err = build(&RuleOptions {
            table: toml::from_str("[[ban]]\nmodule = \"x\"\nseverity = \"loud\"\n").unwrap(),
        })
        .err();
        assert_eq!(
            err.as_deref(),
            Some("unknown variant `loud`, expected one of `error`, `warning`, `info`")
        );
    }
}
