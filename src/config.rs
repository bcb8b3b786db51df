//! Configuration: finding the project root, reading `ssotscan.toml` or `[tool.ssotscan]` in
//! `pyproject.toml`, and rejecting unknown keys by name.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::Error;

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
            return Err(Error::Config(
                "`src` is empty; list at least one source root (e.g. `src = [\".\"]`)".into(),
            ));
        }
        list.iter()
            .map(|raw| {
                let s = raw.replace('\\', "/");
                let parts: Vec<&str> = s.split('/').filter(|p| !p.is_empty() && *p != ".").collect();
                if s.starts_with('/') || parts.contains(&"..") || s.contains(':') {
                    return Err(Error::Config(format!(
                        "`src` entry `{raw}` must be a directory inside the project root, relative to it"
                    )));
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
    ssotscan: Option<toml::Value>,
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
    let is_pyproject = file.file_name().is_some_and(|n| n == PYPROJECT);
    let bad = |e: toml::de::Error| {
        Error::Config(format!("{}: {}", file.display(), e.to_string().trim_end()))
    };
    if is_pyproject {
        let py: Pyproject = toml::from_str(text).map_err(bad)?;
        match py.tool.and_then(|t| t.ssotscan) {
            None => Ok(None),
            Some(value) => {
                // Re-parse the table alone so errors name `[tool.ssotscan]` keys.
                let config = Config::deserialize(value).map_err(|e| {
                    Error::Config(format!(
                        "{}: in [tool.ssotscan]: {}",
                        file.display(),
                        e.to_string().trim_end()
                    ))
                })?;
                Ok(Some(config))
            }
        }
    } else {
        toml::from_str(text).map(Some).map_err(bad)
    }
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
        assert!(msg.contains("line 2"), "{msg}");
        let err =
            parse_config("[tool.ssotscan]\ntest = []\n", Path::new("pyproject.toml")).unwrap_err();
        assert!(err.to_string().contains("unknown field `test`"), "{err}");
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
