//! Configuration: finding the project root, reading `ssotscan.toml` or `[tool.ssotscan]` in
//! `pyproject.toml`, and rejecting unknown keys by name.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Located};

pub const CONFIG_FILE: &str = "ssotscan.toml";
pub const PYPROJECT: &str = "pyproject.toml";

/// The `[tool.ssotscan]` table, or the whole of `ssotscan.toml`. Every key is documented in the
/// configuration reference, docs/configuration.md (tests/docs.rs keeps it so); unknown keys are
/// errors.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Gitignore-style globs that replace the default excludes.
    pub exclude: Option<Vec<String>>,
    /// Gitignore-style globs added to the excludes.
    #[serde(default)]
    pub extend_exclude: Vec<String>,
    /// Globs (relative to the root) of files in the `tests` category; replaces the default test
    /// detection.
    pub tests: Option<Vec<String>>,
    /// The SSOT import registry (default: `ssot-registry.toml` at the root, when present).
    pub registry: Option<PathBuf>,
    /// Per-rule tables, `[rules.<rule-id>]`; each rule validates its own keys.
    #[serde(default)]
    pub rules: BTreeMap<String, toml::Table>,
    /// Source roots (root-relative directories) module names are computed from; default `["."]`.
    pub src: Option<Vec<String>>,
    /// Top-level packages that are always third party, even when a directory of that name exists.
    #[serde(default)]
    pub external: Vec<String>,
    /// Apply the excludes to paths named on the command line too (as ruff's `force-exclude`):
    /// what a pre-commit hook passes is then skipped when it is excluded.
    #[serde(default)]
    pub force_exclude: bool,
    /// Refuse inline suppressions without a reason (`# ssotscan: ignore[rule]` with nothing
    /// after the brackets): they suppress nothing, and `unused-suppression` says why.
    #[serde(default)]
    pub require_reason: bool,
    /// Where the facts cache is kept (relative to the project root); default `.ssotscan_cache`.
    pub cache_dir: Option<PathBuf>,
    /// Named groups of files (services) the reports score apart, `[groups] name = [globs]`
    /// (relative to the root); default: one group per top-level directory.
    pub groups: Option<BTreeMap<String, Vec<String>>>,
}

impl Config {
    /// The source roots, root-relative with `/` and without `./` or a trailing `/` (`""` is the
    /// project root itself), in configuration order.
    pub fn source_roots(&self) -> Result<Vec<String>, Error> {
        let Some(list) = &self.src else {
            return Ok(vec![String::new()]);
        };
        if list.is_empty() {
            return Err(Error::ConfigKey {
                key: vec!["src".into()],
                context: None,
                message: "`src` is empty".into(),
                help: Some("list at least one source root (e.g. `src = [\".\"]`)".into()),
            });
        }
        list.iter()
            .enumerate()
            .map(|(i, raw)| {
                let s = raw.replace('\\', "/");
                let parts: Vec<&str> = s.split('/').filter(|p| !p.is_empty() && *p != ".").collect();
                if s.starts_with('/') || parts.contains(&"..") || s.contains(':') {
                    return Err(Error::ConfigKey {
                        key: vec!["src".into(), i.to_string()],
                        context: None,
                        message: format!(
                            "`src` entry `{raw}` must be a directory inside the project root, relative to it"
                        ),
                        help: Some(
                            "source roots are relative to the directory of the configuration \
                             file, e.g. `src = [\"src\", \"services/api\"]`"
                                .into(),
                        ),
                    });
                }
                Ok(parts.join("/"))
            })
            .collect()
    }
}

#[derive(Deserialize)]
struct Pyproject {
    tool: Option<PyprojectTool>,
}

#[derive(Deserialize)]
struct PyprojectTool {
    ssotscan: Option<Config>,
}

/// Where the configuration came from.
#[derive(Debug, Clone)]
pub struct LoadedConfig {
    pub root: PathBuf,
    pub file: Option<PathBuf>,
    pub config: Config,
}

/// How the user asked for configuration.
#[derive(Debug, Clone, Default)]
pub enum ConfigChoice {
    #[default]
    Discover,
    File(PathBuf),
    None,
}

/// Finds the project root and loads its configuration.
///
/// The root is the nearest directory, from `cwd` upward, holding `ssotscan.toml` or a
/// `pyproject.toml` with `[tool.ssotscan]`; otherwise `cwd`. With `--config FILE` the root is the
/// file's directory.
pub fn load(cwd: &Path, choice: &ConfigChoice) -> Result<LoadedConfig, Error> {
    match choice {
        ConfigChoice::None => Ok(LoadedConfig {
            root: cwd.to_path_buf(),
            file: None,
            config: Config::default(),
        }),
        ConfigChoice::File(file) => {
            let file = if file.is_absolute() {
                file.clone()
            } else {
                cwd.join(file)
            };
            let config = read_config_file(&file)?.ok_or_else(|| {
                Error::Config(format!(
                    "{}: no [tool.ssotscan] table in this pyproject.toml",
                    file.display()
                ))
            })?;
            let root = file
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| cwd.to_path_buf());
            Ok(LoadedConfig {
                root,
                file: Some(file),
                config,
            })
        }
        ConfigChoice::Discover => {
            for dir in cwd.ancestors() {
                for name in [CONFIG_FILE, PYPROJECT] {
                    let file = dir.join(name);
                    if file.is_file() {
                        if let Some(config) = read_config_file(&file)? {
                            return Ok(LoadedConfig {
                                root: dir.to_path_buf(),
                                file: Some(file),
                                config,
                            });
                        }
                    }
                }
            }
            Ok(LoadedConfig {
                root: cwd.to_path_buf(),
                file: None,
                config: Config::default(),
            })
        }
    }
}

/// Reads a config file; `Ok(None)` for a `pyproject.toml` without `[tool.ssotscan]`.
pub fn read_config_file(file: &Path) -> Result<Option<Config>, Error> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| Error::Config(format!("{}: cannot read: {e}", file.display())))?;
    parse_config(&text, file)
}

pub fn parse_config(text: &str, file: &Path) -> Result<Option<Config>, Error> {
    let shown = shown_name(file);
    let bad = |e: toml::de::Error| toml_error("configuration", &shown, text, &e, CONFIG_DOCS);
    if is_pyproject(file) {
        // The table is deserialized in place, so errors point into the file.
        let py: Pyproject = toml::from_str(text).map_err(bad)?;
        Ok(py.tool.and_then(|t| t.ssotscan))
    } else {
        toml::from_str(text).map(Some).map_err(bad)
    }
}

/// Where every key is documented.
const CONFIG_DOCS: &str = "docs/configuration.md";

fn is_pyproject(file: &Path) -> bool {
    file.file_name().is_some_and(|n| n == PYPROJECT)
}

/// A file as errors name it: relative to the current directory when it is inside it.
pub fn shown_name(file: &Path) -> String {
    let cwd = std::env::current_dir().ok();
    let relative = cwd.as_deref().and_then(|cwd| file.strip_prefix(cwd).ok());
    relative
        .filter(|r| !r.as_os_str().is_empty())
        .unwrap_or(file)
        .to_string_lossy()
        .replace('\\', "/")
}

/// A TOML error (bad syntax, an unknown key, a value of the wrong type) in the `kind` file
/// `shown`: at its span, with help; `docs` names where the keys are documented.
pub fn toml_error(
    kind: &'static str,
    shown: &str,
    text: &str,
    e: &toml::de::Error,
    docs: &str,
) -> Error {
    let message = e.message().trim_end().replace('\n', "; ");
    let Some(span) = e.span() else {
        return Error::Config(format!("{shown}: {message}"));
    };
    // The key a bad value is given to: the text before `=` on its line.
    let line_start = text[..span.start.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let key = text
        .get(line_start..span.start)
        .and_then(|before| before.trim_end().strip_suffix('='))
        .map(|k| {
            k.trim()
                .rsplit('.')
                .next()
                .unwrap_or("")
                .trim_matches(['"', '\''])
        })
        .filter(|k| !k.is_empty());
    let help = toml_help(&message, key, docs);
    Located::new(kind, shown, text, span, message)
        .with_help(help)
        .into()
}

/// What to do about a TOML error, from its message.
fn toml_help(message: &str, key: Option<&str>, docs: &str) -> String {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (unknown, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        return match closest(unknown, &known) {
            Some(k) => format!("did you mean `{k}`?"),
            None if known.is_empty() => format!("this table takes no keys; see {docs}"),
            None => format!("the keys here: {}; see {docs}", known.join(", ")),
        };
    }
    if let Some(field) = message.strip_prefix("missing field `") {
        let field = field.split('`').next().unwrap_or(field);
        return format!("add `{field} = ...` to this table; see {docs}");
    }
    if message.starts_with("invalid type") || message.starts_with("invalid value") {
        return match key {
            Some(key) => format!("see {docs} for what `{key}` takes"),
            None => format!("see {docs} for the values each key takes"),
        };
    }
    "this is not valid TOML (https://toml.io): fix the syntax at the pointer".to_string()
}

/// The known name closest to a misspelled one, if it is close.
pub fn closest<'k>(unknown: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(unknown, k), *k))
        .filter(|&(d, k)| d <= 2.max(k.len() / 3))
        .min()
        .map(|(_, k)| k)
}

/// An error about a configuration key ([`Error::ConfigKey`]), placed in the file it came from:
/// at the key's span (or, when the key cannot be found, named with the file on one line). Other
/// errors, and any without a file, as they are.
pub fn locate(err: Error, file: Option<&Path>) -> Error {
    let Some(file) = file else {
        return err;
    };
    let shown = shown_name(file);
    match err {
        Error::ConfigKey {
            key,
            context,
            message,
            help,
        } => {
            let text = std::fs::read_to_string(file).unwrap_or_default();
            let mut path: Vec<&str> = Vec::new();
            if is_pyproject(file) {
                path.extend(["tool", "ssotscan"]);
            }
            path.extend(key.iter().map(String::as_str));
            let message = match &context {
                Some(c) => format!("{c}: {message}"),
                None => message,
            };
            match key_span(&text, &path) {
                Some(span) => {
                    let mut located = Located::new("configuration", &shown, &text, span, message);
                    located.help = help;
                    located.into()
                }
                None => Error::Config(match help {
                    Some(help) => format!("{shown}: {message}; {help}"),
                    None => format!("{shown}: {message}"),
                }),
            }
        }
        other => other,
    }
}

/// The span of a key (or, for a number after an array, of its element) in a TOML text: of the
/// key as written (`[rules.env-access]` names `rules` then `env-access`); `None` when the text
/// does not hold it.
fn key_span(text: &str, path: &[&str]) -> Option<std::ops::Range<usize>> {
    let doc = toml_edit::ImDocument::parse(text).ok()?;
    let mut item = doc.as_item();
    let mut span = None;
    for part in path {
        if let Some(array) = item.as_array() {
            let element = array.get(part.parse::<usize>().ok()?)?;
            span = element.span();
            // An element is a value; nothing is looked up inside it.
            return span;
        }
        let table = item.as_table_like()?;
        let (key, value) = table.get_key_value(part)?;
        span = key.span().or_else(|| value.span());
        item = value;
    }
    span
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_named() {
        let err = parse_config(
            "exclude = []\nexlcude = ['x']\n",
            Path::new("ssotscan.toml"),
        )
        .unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("unknown field `exlcude`"), "{msg}");
        assert!(msg.contains("ssotscan.toml:2:"), "{msg}");
        let Error::Located(e) = err else {
            panic!("not located: {msg}")
        };
        assert_eq!(e.help.as_deref(), Some("did you mean `exclude`?"));
        // In pyproject.toml, at the key inside [tool.ssotscan].
        let err = parse_config(
            "[project]\nname = 'x'\n[tool.ssotscan]\ntest = []\n",
            Path::new("pyproject.toml"),
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("pyproject.toml:4: unknown field `test`"),
            "{err}"
        );
        let Error::Located(e) = err else { panic!() };
        assert_eq!(e.help.as_deref(), Some("did you mean `tests`?"));
    }

    #[test]
    fn wrong_values_and_bad_syntax_say_what_to_do() {
        let help = |text: &str| match parse_config(text, Path::new("ssotscan.toml")) {
            Err(Error::Located(e)) => (e.position(), e.help.unwrap_or_default()),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            help("force-exclude = 'yes'\n"),
            (
                (1, 17),
                "see docs/configuration.md for what `force-exclude` takes".to_string()
            )
        );
        let (at, h) = help("exclude = [\n");
        assert_eq!(at, (1, 11), "the last character, not past the end");
        assert!(h.contains("not valid TOML"), "{h}");
        let (_, h) = help("[rules]\nx = 1\n");
        assert!(h.contains("docs/configuration.md"), "{h}");
    }

    #[test]
    fn keys_are_found_in_the_text() {
        let text = "src = ['.', '../x']\n[rules.env-access]\nallow = 3\n\
                    [tool.ssotscan.rules.banned-import]\nx = 1\n";
        let at = |path: &[&str]| key_span(text, path).map(|s| &text[s]);
        assert_eq!(at(&["src", "1"]), Some("'../x'"));
        assert_eq!(at(&["rules", "env-access"]), Some("env-access"));
        assert_eq!(at(&["rules", "env-access", "allow"]), Some("allow"));
        assert_eq!(
            at(&["tool", "ssotscan", "rules", "banned-import", "x"]),
            Some("x")
        );
        assert_eq!(at(&["rules", "nothing"]), None);
        assert_eq!(at(&["src", "7"]), None);
        assert_eq!(closest("exlcude", &["exclude", "tests"]), Some("exclude"));
        assert_eq!(closest("zzzzzz", &["exclude", "tests"]), None);
    }

    #[test]
    fn source_roots_are_normalized_and_stay_inside_the_root() {
        let roots = |text: &str| {
            parse_config(text, Path::new("ssotscan.toml"))
                .unwrap()
                .unwrap()
                .source_roots()
        };
        assert_eq!(roots("").unwrap(), vec![""]);
        assert_eq!(
            roots("src = ['./services/api/', '.', 'libs\\\\shared']").unwrap(),
            vec!["services/api", "", "libs/shared"]
        );
        for bad in [
            "src = []",
            "src = ['../x']",
            "src = ['/abs']",
            "src = ['a/../../b']",
        ] {
            assert!(roots(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn pyproject_without_table_is_not_a_config() {
        assert!(parse_config(
            "[tool.black]\nline-length = 1\n",
            Path::new("pyproject.toml")
        )
        .unwrap()
        .is_none());
    }
}
