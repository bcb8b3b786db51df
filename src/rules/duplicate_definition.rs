//! `duplicate-definition`: the same class (or function) name defined at module scope in two or
//! more modules; with a registry, a registry symbol defined outside its canonical module.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Deserialize;

use super::rule::{Context, Rule, RuleMeta, RuleOptions, RuleSpec};
use crate::diagnostic::{Finding, Related, Severity};
use crate::duplicates::{
    definition_groups, definitions_named, listed_others, DefinitionFilter, DefinitionSite,
    Grouping, NameFilter, Scope, MAX_RELATED,
};
use crate::facts::DefinitionKind;
use crate::model::ScannedFile;
use crate::registry::Registry;

pub static META: RuleMeta = RuleMeta {
    id: "duplicate-definition",
    summary: "the same class (or function) defined at module scope in several modules",
    default_severity: Severity::Warning,
    docs: include_str!("../../rules/duplicate-definition.md"),
    can_disable: true,
};

pub const SPEC: RuleSpec = RuleSpec { meta: &META, build };

/// The `[rules.duplicate-definition]` table (also read by `ssotscan duplicates`).
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {
    /// Which definitions are compared: `class`, `function`.
    #[serde(default = "default_kinds")]
    pub kinds: Vec<Kind>,
    /// Compare test files too (only with each other).
    #[serde(default)]
    pub include_tests: bool,
    #[serde(default)]
    pub scope: Scope,
    /// Exact names or globs (`Test*`) that never count.
    #[serde(default)]
    pub ignore_names: Vec<String>,
}

#[derive(Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Class,
    Function,
}

fn default_kinds() -> Vec<Kind> {
    vec![Kind::Class]
}

impl Options {
    /// The definition filter these options describe.
    pub fn filter(&self) -> Result<DefinitionFilter, String> {
        Ok(DefinitionFilter {
            kinds: self
                .kinds
                .iter()
                .map(|k| match k {
                    Kind::Class => DefinitionKind::Class,
                    Kind::Function => DefinitionKind::Function,
                })
                .collect(),
            names: NameFilter::new(&self.ignore_names, true)?,
            grouping: Grouping {
                include_tests: self.include_tests,
                scope: self.scope,
            },
        })
    }
}

/// Parses `[rules.duplicate-definition]` into a definition filter.
pub fn filter_from(options: &RuleOptions) -> Result<DefinitionFilter, String> {
    options.parse::<Options>()?.filter()
}

fn build(options: &RuleOptions) -> Result<Box<dyn Rule>, String> {
    Ok(Box::new(DuplicateDefinition::new(filter_from(options)?)))
}

pub struct DuplicateDefinition {
    filter: DefinitionFilter,
}

impl DuplicateDefinition {
    pub fn new(filter: DefinitionFilter) -> Self {
        DuplicateDefinition { filter }
    }

    /// Registry symbols: each definition outside the canonical module is an error.
    fn check_canonical(
        &self,
        ctx: &Context,
        canonical_of: &BTreeMap<String, String>,
        out: &mut Vec<Finding>,
    ) {
        let files = ctx.files;
        let sites = definitions_named(files, canonical_of, &self.filter.grouping);
        let mut by_name: BTreeMap<&str, Vec<DefinitionSite>> = BTreeMap::new();
        for s in sites {
            by_name.entry(&s.definition.name).or_default().push(s);
        }
        for (name, sites) in by_name {
            let Some(canonical) = canonical_of.get(name) else {
                continue;
            };
            // The canonical import path may re-export the class from where it is defined: the
            // module index (source roots, relative imports, re-export chains) says where.
            let index = ctx.modules();
            let source = index.find_definition(canonical, name).map(|d| d.file);
            let is_canonical = |s: &DefinitionSite| {
                index.module_of(s.file) == Some(canonical.as_str()) || source == Some(s.file)
            };
            let canonical_sites: Vec<Related> = sites
                .iter()
                .filter(|s| is_canonical(s))
                .take(MAX_RELATED)
                .map(|s| related(files, s))
                .collect();
            for site in sites.iter().filter(|s| !is_canonical(s)) {
                let d = site.definition;
                out.push(
                    Finding::new(
                        site.file,
                        d.span,
                        format!("defines its own `{name}`; the canonical one is {canonical}"),
                    )
                    .fix(format!(
                        "delete this {} and use `from {canonical} import {name}`",
                        kind_word(d.kind)
                    ))
                    .related(canonical_sites.clone())
                    .severity(Severity::Error)
                    .related_label("canonical definition at"),
                );
            }
        }
    }
}

fn kind_word(kind: DefinitionKind) -> &'static str {
    match kind {
        DefinitionKind::Class => "class",
        DefinitionKind::Function => "function",
    }
}

fn related(files: &[ScannedFile], s: &DefinitionSite) -> Related {
    Related {
        path: files[s.file].file.rel.clone(),
        line: s.definition.span.line,
    }
}

impl Rule for DuplicateDefinition {
    /// The registry's canonical paths decide which definition is the one.
    fn needs_registry(&self) -> bool {
        true
    }

    fn check_project(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let files = ctx.files;
        // Registry symbols (name → canonical module, from the project's SSOT registry): a
        // symbol defined anywhere else is an error; its canonical definition is fine.
        let canonical_of = ctx
            .registry
            .map(Registry::canonical_map)
            .unwrap_or_default();
        self.check_canonical(ctx, &canonical_of, out);
        // Many groups, a dozen allocations per finding: the findings are made in parallel.
        let groups = definition_groups(files, &self.filter);
        let found: Vec<Finding> = groups
            .par_iter()
            .filter(|sites| !canonical_of.contains_key(sites[0].definition.name.as_str()))
            .flat_map_iter(|sites| {
                let name = sites[0].definition.name.as_str();
                let modules = {
                    let mut m: Vec<usize> = sites.iter().map(|s| s.file).collect();
                    m.dedup();
                    m.len()
                };
                sites.iter().enumerate().map(move |(k, site)| {
                    let d = site.definition;
                    let others: Vec<Related> = listed_others(k, sites.len())
                        .map(|j| &sites[j])
                        .map(|s| related(files, s))
                        .collect();
                    let what = if d.conditional {
                        format!("{} `{name}` (conditional)", kind_word(d.kind))
                    } else {
                        format!("{} `{name}`", kind_word(d.kind))
                    };
                    Finding::new(
                        site.file,
                        d.span,
                        format!("{what} is defined in {modules} modules"),
                    )
                    .fix("keep one definition and import it everywhere else")
                    .related(others)
                    .related_label("also defined at")
                    // Stable when a module defining it appears or goes.
                    .key(format!("{what} is defined in several modules"))
                })
            })
            .collect();
        out.extend(found);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::duplicates::dotted_path;
    use crate::duplicates::test_support::{check_project, scanned as file};

    type Got = (String, u32, String, Option<Severity>, Vec<u32>);

    fn run(rule: &DuplicateDefinition, files: &[ScannedFile]) -> Vec<Got> {
        sorted(files, check_project(rule, files))
    }

    /// Runs the rule with a registry that gives each `(name, module)` as the canonical path.
    fn run_with_registry(
        rule: &DuplicateDefinition,
        files: &[ScannedFile],
        canonical: &[(&str, &str)],
    ) -> Vec<Got> {
        let toml: String = canonical
            .iter()
            .map(|(name, module)| {
                format!("[[symbol]]\nname = \"{name}\"\ncanonical = \"{module}\"\n")
            })
            .collect();
        let registry = crate::registry::parse_registry(&toml, "ssot-registry.toml").unwrap();
        let config = crate::config::Config::default();
        let ctx =
            Context::new(std::path::Path::new("."), &config, files).with_registry(Some(&registry));
        let mut out = Vec::new();
        rule.check_project(&ctx, &mut out);
        sorted(files, out)
    }

    fn sorted(files: &[ScannedFile], findings: Vec<Finding>) -> Vec<Got> {
        let mut got: Vec<_> = findings
            .into_iter()
            .map(|f| {
                (
                    files[f.file].file.rel.clone(),
                    f.span.line,
                    f.message,
                    f.severity,
                    f.related.iter().map(|r| r.line).collect(),
                )
            })
            .collect();
        got.sort();
        got
    }

    fn options(toml: &str) -> DefinitionFilter {
        filter_from(&RuleOptions {
            table: toml::from_str(toml).unwrap(),
        })
        .unwrap()
    }

    #[test]
    fn registry_symbols_must_live_in_their_canonical_module() {
        let files = vec![
            file(
                "pkg/agents/registry.py",
                "\n\nclass AgentRegistry:\n    pass\n",
            ),
            file(
                "pkg/agents/supervisor/agent_registry.py",
                "class AgentRegistry:\n    pass\n",
            ),
            file(
                "pkg/other.py",
                "class Other:\n    pass\nclass Unique:\n    pass\n",
            ),
            file("pkg/more.py", "AgentRegistry = X\nclass Other:\n    pass\n"),
        ];
        let canonical = [("AgentRegistry", "pkg.agents.supervisor.agent_registry")];
        let rule = DuplicateDefinition::new(options(""));
        let got = run_with_registry(&rule, &files, &canonical);
        assert_eq!(
            got,
            vec![
                (
                    "pkg/agents/registry.py".into(),
                    3,
                    "defines its own `AgentRegistry`; the canonical one is pkg.agents.supervisor.agent_registry".into(),
                    Some(Severity::Error),
                    vec![1]
                ),
                ("pkg/more.py".into(), 2, "class `Other` is defined in 2 modules".into(), None, vec![1]),
                ("pkg/other.py".into(), 1, "class `Other` is defined in 2 modules".into(), None, vec![2]),
            ]
        );
        // A registry symbol defined once, outside its canonical module, is still an error;
        // without the registry it is nothing.
        let lone = vec![file("pkg/x.py", "class AgentRegistry:\n    pass\n")];
        assert_eq!(run_with_registry(&rule, &lone, &canonical).len(), 1);
        assert!(run(&rule, &lone).is_empty());
    }

    #[test]
    fn names_kinds_tests_and_scope() {
        let files = vec![
            file(
                "a/m.py",
                "class Config: pass\nclass _P: pass\ndef helper(): pass\nclass TestX: pass\n",
            ),
            file(
                "a/n.py",
                "class Config: pass\nclass _P: pass\ndef helper(): pass\nclass TestX: pass\n",
            ),
            file(
                "b/m.py",
                "try:\n    from x import Config\nexcept ImportError:\n    class Config: pass\n",
            ),
            file("a/tests/t1.py", "class Fake: pass\n"),
            file("b/tests/t2.py", "class Fake: pass\n"),
            file("c/x.py", "class Fake: pass\n"),
        ];
        let names = |o: &str| {
            let rule = DuplicateDefinition::new(options(o));
            run(&rule, &files)
                .into_iter()
                .map(|(p, l, m, _, _)| format!("{p}:{l} {m}"))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            names(""),
            vec![
                "a/m.py:1 class `Config` is defined in 3 modules",
                "a/m.py:4 class `TestX` is defined in 2 modules",
                "a/n.py:1 class `Config` is defined in 3 modules",
                "a/n.py:4 class `TestX` is defined in 2 modules",
                "b/m.py:4 class `Config` (conditional) is defined in 3 modules",
            ]
        );
        assert_eq!(
            names(
                "kinds = ['function']\nignore-names = ['Test*', 'Config']\nscope = 'top-package'"
            ),
            vec![
                "a/m.py:3 function `helper` is defined in 2 modules",
                "a/n.py:3 function `helper` is defined in 2 modules",
            ]
        );
        // Tests are compared with tests only, never with `c/x.py`.
        let with_tests = names("include-tests = true\nignore-names = ['Config', 'TestX']");
        assert_eq!(
            with_tests,
            vec![
                "a/tests/t1.py:1 class `Fake` is defined in 2 modules",
                "b/tests/t2.py:1 class `Fake` is defined in 2 modules",
            ]
        );
        let err = filter_from(&RuleOptions {
            table: toml::from_str("kind = ['class']").unwrap(),
        })
        .unwrap_err();
        assert!(err.contains("unknown field `kind`"), "{err}");
        let err = filter_from(&RuleOptions {
            table: toml::from_str("scope = 'service'").unwrap(),
        })
        .unwrap_err();
        assert!(err.contains("project"), "{err}");
    }

    #[test]
    fn a_canonical_package_may_reexport_the_definition() {
        let files = vec![
            file(
                "pkg/agents/__init__.py",
                "from .supervisor.impl import AgentRegistry\n",
            ),
            file(
                "pkg/agents/supervisor/impl.py",
                "class AgentRegistry:\n    pass\n",
            ),
            file("pkg/legacy.py", "class AgentRegistry:\n    pass\n"),
        ];
        let rule = DuplicateDefinition::new(options(""));
        let got = run_with_registry(&rule, &files, &[("AgentRegistry", "pkg.agents")]);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(
            (got[0].0.as_str(), got[0].4.clone()),
            ("pkg/legacy.py", vec![1])
        );
    }

    #[test]
    fn dotted_paths() {
        assert_eq!(dotted_path("a/b/c.py"), "a.b.c");
        assert_eq!(dotted_path("a/b/__init__.py"), "a.b");
        assert_eq!(dotted_path("top.py"), "top");
        assert_eq!(dotted_path("a/stubs.pyi"), "a.stubs");
        assert_eq!(dotted_path("__init__.py"), "");
    }
}
