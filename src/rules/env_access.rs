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
