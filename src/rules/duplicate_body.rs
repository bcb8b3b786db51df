//! `duplicate-body`: functions, methods and classes whose normalized body is identical in two
//! or more modules.

use serde::Deserialize;

use super::rule::{Context, Rule, RuleMeta, RuleOptions, RuleSpec};
use crate::diagnostic::{Finding, Related, Severity};
use crate::duplicates::{body_groups, listed_others, BodyFilter, Grouping, NameFilter, Scope};
use crate::facts::BodyKind;

pub static META: RuleMeta = RuleMeta {
    id: "duplicate-body",
    summary: "functions, methods or classes with identical bodies in several modules",
    default_severity: Severity::Warning,
    docs: include_str!("../../rules/duplicate-body.md"),
    can_disable: true,
};

pub const SPEC: RuleSpec = RuleSpec { meta: &META, build };

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    /// Also ignore local names and attribute names (finds renamed copies).
    #[serde(default)]
    ignore_identifiers: bool,
    /// Only bodies of at least this many statements count.
    #[serde(default = "default_min_statements")]
    min_statements: u32,
    /// Compare test files too (only with each other).
    #[serde(default)]
    include_tests: bool,
    #[serde(default)]
    scope: Scope,
    /// Exact names or globs of functions, methods or classes that never count.
    #[serde(default)]
    ignore_names: Vec<String>,
}

fn default_min_statements() -> u32 {
    5
}

fn build(options: &RuleOptions) -> Result<Box<dyn Rule>, String> {
    let o: Options = options.parse()?;
    if o.min_statements == 0 {
        return Err("`min-statements` must be at least 1".into());
    }
    Ok(Box::new(DuplicateBody {
        filter: BodyFilter {
            ignore_identifiers: o.ignore_identifiers,
            min_statements: o.min_statements,
            names: NameFilter::new(&o.ignore_names, false)?,
            grouping: Grouping {
                include_tests: o.include_tests,
                scope: o.scope,
            },
        },
    }))
}

struct DuplicateBody {
    filter: BodyFilter,
}

fn kind_word(kind: BodyKind) -> &'static str {
    match kind {
        BodyKind::Function => "function",
        BodyKind::Method => "method",
        BodyKind::Class => "class",
    }
}

impl Rule for DuplicateBody {
    fn extract_options(&self) -> crate::parse::ExtractOptions {
        crate::parse::ExtractOptions {
            renamed_hashes: self.filter.ignore_identifiers,
            min_body_statements: self.filter.min_statements,
        }
    }

    fn check_project(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let files = ctx.files;
        let how = if self.filter.ignore_identifiers {
            "identical up to renaming"
        } else {
            "identical"
        };
        for sites in body_groups(files, &self.filter) {
            let copies = sites.len() - 1;
            for (k, site) in sites.iter().enumerate() {
                let b = site.body;
                let others: Vec<Related> = listed_others(k, sites.len())
                    .map(|j| &sites[j])
                    .map(|s| Related {
                        path: files[s.file].file.rel.clone(),
                        line: s.body.span.line,
                    })
                    .collect();
                let plural = if copies == 1 { "copy" } else { "copies" };
                out.push(
                    Finding::new(
                        site.file,
                        b.span,
                        format!(
                            "body of {} `{}` ({} statements) is {how} to {copies} other {plural}",
                            kind_word(b.kind),
                            b.qualname,
                            b.statements,
                        ),
                    )
                    .fix("keep one implementation and import or call it from the other places")
                    .related(others)
                    .related_label("also at")
                    // Stable when a copy appears or goes: the count is not part of it.
                    .key(format!(
                        "body of {} `{}` is {how} to other copies",
                        kind_word(b.kind),
                        b.qualname
                    )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::duplicates::test_support::{check_project, scanned as file};
    use crate::model::ScannedFile;

    fn run(options: &str, files: &[ScannedFile]) -> Vec<String> {
        let rule = build(&RuleOptions {
            table: toml::from_str(options).unwrap(),
        })
        .unwrap_or_else(|e| panic!("{e}"));
        let mut got: Vec<String> = check_project(rule.as_ref(), files)
            .iter()
            .map(|f| {
                let related: Vec<String> = f
                    .related
                    .iter()
                    .map(|r| format!("{}:{}", r.path, r.line))
                    .collect();
                format!(
                    "{}:{} {} [{}]",
                    files[f.file].file.rel,
                    f.span.line,
                    f.message,
                    related.join(", ")
                )
            })
            .collect();
        got.sort();
        got
    }

    const CLASS: &str = "class Store:\n    def load(self, key):\n        value = self.cache.get(key)\n        if value is None:\n            value = self.backend.read(key)\n            self.cache[key] = value\n        return value\n";
    const RENAMED: &str = "class Repo:\n    def fetch(self, k):\n        v = self.memo.get(k)\n        if v is None:\n            v = self.db.read(k)\n            self.memo[k] = v\n        return v\n";

    #[test]
    fn copied_classes_report_the_class_and_each_large_enough_method() {
        let files = vec![
            file("a.py", CLASS),
            file("b.py", CLASS),
            file("c.py", "x = 1\n"),
        ];
        assert_eq!(
            run("", &files),
            vec![
                "a.py:1 body of class `Store` (6 statements) is identical to 1 other copy [b.py:1]",
                "a.py:2 body of method `Store.load` (5 statements) is identical to 1 other copy [b.py:2]",
                "b.py:1 body of class `Store` (6 statements) is identical to 1 other copy [a.py:1]",
                "b.py:2 body of method `Store.load` (5 statements) is identical to 1 other copy [a.py:2]",
            ]
        );
        // A method copied into a third, different class is reported with all its sites.
        let third = format!(
            "{}    def other(self):\n        pass\n",
            CLASS.replace("Store", "Big")
        );
        let files = vec![
            file("a.py", CLASS),
            file("b.py", CLASS),
            file("c.py", &third),
        ];
        let got = run("", &files);
        assert_eq!(got.len(), 5, "{got:#?}");
        assert!(got[1].starts_with("a.py:2 body of method `Store.load` (5 statements) is identical to 2 other copies [b.py:2, c.py:2]"), "{got:#?}");
    }

    #[test]
    fn renamed_copies_need_ignore_identifiers_and_small_bodies_never_count() {
        let files = vec![file("a.py", CLASS), file("b.py", RENAMED)];
        assert!(run("", &files).is_empty());
        assert_eq!(
            run("ignore-identifiers = true", &files),
            vec![
                "a.py:1 body of class `Store` (6 statements) is identical up to renaming to 1 other copy [b.py:1]",
                "a.py:2 body of method `Store.load` (5 statements) is identical up to renaming to 1 other copy [b.py:2]",
                "b.py:1 body of class `Repo` (6 statements) is identical up to renaming to 1 other copy [a.py:1]",
                "b.py:2 body of method `Repo.fetch` (5 statements) is identical up to renaming to 1 other copy [a.py:2]",
            ]
        );
        assert!(run(
            "min-statements = 7",
            &[file("a.py", CLASS), file("b.py", CLASS)]
        )
        .is_empty());
        assert!(
            run(
                "ignore-names = ['Store']",
                &[file("a.py", CLASS), file("b.py", CLASS)]
            )
            .len()
                == 2
        );
        // Copies within one module are not a cross-module duplicate.
        assert!(run(
            "",
            &[file(
                "a.py",
                &format!("{CLASS}{}", CLASS.replace("Store", "Other"))
            )]
        )
        .is_empty());
        assert!(build(&RuleOptions {
            table: toml::from_str("min-statements = 0").unwrap()
        })
        .is_err());
        assert!(build(&RuleOptions {
            table: toml::from_str("min_statements = 3").unwrap()
        })
        .is_err());
    }
}
