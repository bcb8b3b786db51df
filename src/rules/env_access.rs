//! `env-access`: direct `os.environ` / `os.getenv` use outside the approved wrapper.

use globset::GlobSet;
use serde::Deserialize;

use super::rule::{Rule, RuleMeta, RuleOptions, RuleSpec};
use crate::diagnostic::{Finding, Severity};
use crate::discovery::{build_globset, glob_match, DiscoveredFile};
use crate::facts::{FileFacts, ImportKind, ENV_ATTRS};

pub static META: RuleMeta = RuleMeta {
    id: "env-access",
    summary: "direct os.environ / os.getenv access outside the approved wrapper",
    default_severity: Severity::Error,
    docs: include_str!("../../rules/env-access.md"),
    can_disable: true,
};

pub const SPEC: RuleSpec = RuleSpec { meta: &META, build };

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Options {
    /// Globs (relative to the project root) of files allowed to touch the environment.
    #[serde(default)]
    allow: Vec<String>,
    /// The approved accessor, named in messages and fixes.
    wrapper: Option<String>,
}

fn build(options: &RuleOptions) -> Result<Box<dyn Rule>, String> {
    let o: Options = options.parse()?;
    let allow = build_globset(&o.allow, "allow").map_err(|e| e.to_string())?;
    Ok(Box::new(EnvAccess {
        allow,
        wrapper: o.wrapper,
    }))
}

struct EnvAccess {
    allow: GlobSet,
    wrapper: Option<String>,
}

impl EnvAccess {
    fn fix(&self) -> Option<String> {
        self.wrapper.as_ref().map(|w| format!("use {w}()"))
    }

    fn report(&self, file: usize, span: crate::facts::Span, what: String, out: &mut Vec<Finding>) {
        let mut message = format!("direct environment access `{what}`");
        if let Some(w) = &self.wrapper {
            message.push_str(&format!("; go through `{w}`"));
        }
        let mut f = Finding::new(file, span, message);
        f.fix = self.fix();
        out.push(f);
    }
}

impl Rule for EnvAccess {
    fn is_file_local(&self) -> bool {
        true
    }

    fn check_file_local(
        &self,
        source: &DiscoveredFile,
        file: usize,
        facts: &FileFacts,
        out: &mut Vec<Finding>,
    ) {
        if glob_match(&self.allow, &source.rel) {
            return;
        }
        // Names bound to the `os` module anywhere in the file.
        let mut os_names: Vec<&str> = Vec::new();
        for import in &facts.imports {
            match import.kind {
                ImportKind::Import if import.module == "os" || import.module.starts_with("os.") => {
                    match (&import.asname, import.module.as_str()) {
                        (None, _) => os_names.push("os"),
                        (Some(alias), "os") => os_names.push(alias),
                        // `import os.path as p` binds `p` to `os.path`, not `os`.
                        (Some(_), _) => {}
                    }
                }
                ImportKind::From if import.level == 0 && import.module == "os" => {
                    for name in &import.names {
                        if ENV_ATTRS.contains(&name.name.as_str()) {
                            let what = match &name.asname {
                                Some(a) => format!("from os import {} as {a}", name.name),
                                None => format!("from os import {}", name.name),
                            };
                            self.report(file, name.span, what, out);
                        }
                    }
                }
                _ => {}
            }
        }
        if os_names.is_empty() {
            return;
        }
        for r in &facts.env_refs {
            if os_names.contains(&r.base.as_str()) && ENV_ATTRS.contains(&r.attr.as_str()) {
                self.report(file, r.span, format!("{}.{}", r.base, r.attr), out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_support::scanned;

    fn findings(options: &str, rel: &str, src: &str) -> Vec<(u32, String, Option<String>)> {
        let table: toml::Table = toml::from_str(options).unwrap();
        let rule = build(&RuleOptions { table }).unwrap();
        let file = scanned(rel, src);
        let mut out = Vec::new();
        rule.check_file_local(&file.file, 0, file.facts.as_ref().unwrap(), &mut out);
        out.into_iter()
            .map(|f| (f.span.line, f.message, f.fix))
            .collect()
    }

    #[test]
    fn reads_and_writes_of_the_environment_through_os() {
        let src = "import os\nimport os as o\nfrom os import getenv\n\
                   a = os.environ['A']\nb = o.getenv('B')\nos.putenv('C', '1')\n\
                   environ = {}\nd = environ['D']\n";
        let found = findings("", "app.py", src);
        let lines: Vec<u32> = found.iter().map(|f| f.0).collect();
        assert_eq!(lines, vec![3, 4, 5, 6], "{found:#?}");
        assert_eq!(found[1].1, "direct environment access `os.environ`");
        assert_eq!(found[1].2, None);
    }

    #[test]
    fn allowed_files_and_the_wrapper() {
        let options = "allow = ['shared/**']\nwrapper = 'shared.env.get'\n";
        let src = "import os\nx = os.environ['X']\n";
        assert!(findings(options, "shared/env.py", src).is_empty());
        let found = findings(options, "app/main.py", src);
        assert_eq!(
            found,
            vec![(
                2,
                "direct environment access `os.environ`; go through `shared.env.get`".to_string(),
                Some("use shared.env.get()".to_string())
            )]
        );
        let table: toml::Table = toml::from_str("alow = []").unwrap();
        let err = build(&RuleOptions { table }).err().unwrap();
        assert!(err.contains("unknown field `alow`"), "{err}");
    }
}
