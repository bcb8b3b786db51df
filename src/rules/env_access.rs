//! `env-access`: direct `os.environ` / `os.getenv` use outside the approved wrapper.

use globset::GlobSet;
use serde::Deserialize;

use super::rule::{Rule, RuleMeta, RuleOptions, RuleSpec};
use crate::diagnostic::{Finding, Severity};
use crate::discovery::{build_globset, glob_match, DiscoveredFile};
use crate::facts::{FileFacts, ImportKind, ENV_ATTRS, ENV_PATH_ATTRS};

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
        // `from os import environ`: the access, reported at the name (later uses of the bare
        // name are not reported again).
        let mut qualified = String::new();
        for import in &facts.imports {
            if import.kind != ImportKind::From {
                continue;
            }
            for name in &import.names {
                qualified.clear();
                qualified.extend(std::iter::repeat_n('.', import.level as usize));
                if !import.module.is_empty() {
                    qualified.push_str(&import.module);
                    qualified.push('.');
                }
                qualified.push_str(&name.name);
                if is_environment(&qualified) {
                    // The module as written: `os`, `.compat.os`.
                    let from = &qualified[..qualified.len() - name.name.len() - 1];
                    let what = match &name.asname {
                        Some(a) => format!("from {from} import {} as {a}", name.name),
                        None => format!("from {from} import {}", name.name),
                    };
                    self.report(file, name.span, what, out);
                }
            }
        }
        // `os.environ`, `getattr(os, "environ")`: the base's first name is bound by an import
        // where Python looks it up (`EnvRef::bound_to`), and what it is bound to, followed by
        // the rest of the base and the attribute, names the environment.
        for r in &facts.env_refs {
            let rest = r.base.find('.').map_or("", |dot| &r.base[dot..]);
            let found = r.bound_to.iter().any(|target| {
                qualified.clear();
                qualified.push_str(target);
                qualified.push_str(rest);
                qualified.push('.');
                qualified.push_str(&r.attr);
                is_environment(&qualified)
            });
            if found {
                let what = if r.getattr {
                    format!("getattr({}, \"{}\")", r.base, r.attr)
                } else {
                    format!("{}.{}", r.base, r.attr)
                };
                self.report(file, r.span, what, out);
            }
        }
    }
}

/// Modules whose [`ENV_ATTRS`] are the environment: `os` and the platform modules it re-exports.
const ENV_MODULES: &[&str] = &["os", "nt", "posix"];

/// Modules whose [`ENV_PATH_ATTRS`] read the environment: `os.path` and what it is.
const ENV_PATH_MODULES: &[&str] = &["os.path", "posixpath", "ntpath"];

/// Whether a qualified name (`os.environ`, `.compat.os.getenv`) is the environment: an
/// attribute of [`ENV_ATTRS`] of one of [`ENV_MODULES`], or of [`ENV_PATH_ATTRS`] of one of
/// [`ENV_PATH_MODULES`], where the module may be an attribute of another one
/// (`envstate.os.environ`: a module's `os` is the `os` it imported).
fn is_environment(qualified: &str) -> bool {
    let Some((module, attr)) = qualified.rsplit_once('.') else {
        return false;
    };
    let is = |modules: &[&str]| {
        modules.iter().any(|m| {
            module == *m
                || module
                    .strip_suffix(m)
                    .is_some_and(|outer| outer.ends_with('.'))
        })
    };
    (ENV_ATTRS.contains(&attr) && is(ENV_MODULES))
        || (ENV_PATH_ATTRS.contains(&attr) && is(ENV_PATH_MODULES))
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
    fn platform_modules_getattr_expandvars_and_an_imported_os() {
        let src = "import nt, posix as px, envstate\nfrom posix import environ\n\
                   from ntpath import expandvars as ev\nfrom envstate.os import getenv\n\
                   import os\nfrom os import path\n\
                   a = nt.environ\nb = px.putenv\nc = getattr(os, 'environ', {})\n\
                   d = os.path.expandvars('$D')\ne = path.expandvars\nf = envstate.os.getenvb\n\
                   g = getattr(os, 'sep')\nh = envstate.environ\ni = os.path.environ\n";
        let found: Vec<(u32, String)> = findings("", "app.py", src)
            .into_iter()
            .map(|f| (f.0, f.1))
            .collect();
        let what = |line: u32, what: &str| (line, format!("direct environment access `{what}`"));
        assert_eq!(
            found,
            vec![
                what(2, "from posix import environ"),
                what(3, "from ntpath import expandvars as ev"),
                what(4, "from envstate.os import getenv"),
                what(7, "nt.environ"),
                what(8, "px.putenv"),
                what(9, "getattr(os, \"environ\")"),
                what(10, "os.path.expandvars"),
                what(11, "path.expandvars"),
                what(12, "envstate.os.getenvb"),
            ]
        );
    }

    #[test]
    fn a_parameter_or_local_named_os_is_not_the_module() {
        let src = "import os\n\
                   def param(os):\n    return os.environ\n\
                   def local():\n    os = client()\n    return os.getenv('A')\n\
                   def outer(os):\n    def inner():\n        return os.environ\n\
                   run = lambda os: os.environ\n\
                   class C:\n    os = None\n    def m(self):\n        return os.environ\n\
                   def shadow_getattr(os):\n    return getattr(os, 'environ')\n";
        let lines: Vec<u32> = findings("", "app.py", src).iter().map(|f| f.0).collect();
        assert_eq!(
            lines,
            vec![14],
            "only the method, which sees the module's `os`"
        );
    }

    #[test]
    fn environment_names() {
        for yes in [
            "os.environ",
            "nt.getenv",
            "posix.unsetenv",
            "os.getenvb",
            "os.path.expandvars",
            "posixpath.expandvars",
            "ntpath.expandvars",
            "envstate.os.environ",
            ".compat.os.putenv",
            "a.b.os.path.expandvars",
        ] {
            assert!(is_environment(yes), "{yes}");
        }
        for no in [
            "environ",
            "os.path.environ",
            "os.sep",
            "os.expandvars",
            "nos.environ",
            "envstate.environ",
            "..environ",
            "json.getenv",
        ] {
            assert!(!is_environment(no), "{no}");
        }
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
