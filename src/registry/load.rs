//! Reading `ssot-registry.toml`: serde with unknown keys rejected, then validation of every
//! name and path, each error naming the file and line.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::model::{is_dotted, is_placeholder, ModuleEntry, Registry, RetiredPath, Status, Symbol};
use crate::config::Config;
use crate::error::{Error, Located};
use crate::resolve::is_identifier;
use crate::source::LineIndex;

/// Where the registry's format is described.
const FORMAT_DOC: &str = "registry/FORMAT.md";

/// The registry file read when the configuration names none.
pub const DEFAULT_FILE: &str = "ssot-registry.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    symbol: Vec<Spanned<RawSymbol>>,
    #[serde(default)]
    module: Vec<Spanned<RawModule>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawSymbol {
    name: Option<Spanned<String>>,
    canonical: Option<Spanned<String>>,
    #[serde(default)]
    compatible: Vec<Spanned<String>>,
    #[serde(default)]
    deprecated: Vec<Spanned<toml::Value>>,
    #[serde(default)]
    broken: Vec<Spanned<toml::Value>>,
    #[serde(default)]
    unverified: Vec<Spanned<String>>,
    owner: Option<String>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawRetiredTable {
    path: String,
    note: Option<String>,
    use_instead: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawModule {
    path: Option<Spanned<String>>,
    status: Spanned<String>,
    use_instead: Option<String>,
    note: Option<String>,
}

/// Loads the project's registry: config `registry = "path"` (which must exist), else
/// `ssot-registry.toml` at the root when present, else none.
pub fn load_for_project(root: &Path, config: &Config) -> Result<Option<Registry>, Error> {
    let (file, required) = match &config.registry {
        Some(p) => (root.join(p), true),
        None => (root.join(DEFAULT_FILE), false),
    };
    match std::fs::metadata(&file) {
        Ok(meta) if meta.is_file() => {}
        Ok(meta) if required => {
            let what = if meta.is_dir() {
                "a directory"
            } else {
                "not a regular file"
            };
            return Err(registry_key_error(
                format!("registry `{}` is {what}", file.display()),
                format!(
                    "the config key `registry` names the registry file (e.g. `registry = \"{DEFAULT_FILE}\"`)"
                ),
            ));
        }
        Err(e) if required && e.kind() != std::io::ErrorKind::NotFound => {
            return Err(registry_key_error(
                format!("registry `{}` cannot be read: {e}", file.display()),
                "the config key `registry` names the registry file, relative to the project root"
                    .into(),
            ));
        }
        _ if required => {
            return Err(registry_key_error(
                format!("registry `{}` does not exist", file.display()),
                "the config key `registry` names the registry file, relative to the project root \
                 (`ssotscan registry import-markdown` or `registry generate` makes one)"
                    .into(),
            ));
        }
        // Without the key, a missing file means no registry; so does something at the default
        // path that is not a file.
        _ => return Ok(None),
    }
    let text = std::fs::read_to_string(&file)
        .map_err(|e| Error::Config(format!("{}: cannot read: {e}", file.display())))?;
    let shown = file
        .strip_prefix(root)
        .unwrap_or(&file)
        .to_string_lossy()
        .replace('\\', "/");
    parse_registry(&text, &shown).map(Some)
}

/// An error about the configuration's `registry` key (placed in the file by
/// [`crate::config::locate`]).
fn registry_key_error(message: String, help: String) -> Error {
    Error::ConfigKey {
        key: vec!["registry".into()],
        context: None,
        message,
        help: Some(help),
    }
}

/// Parses and validates a registry; `shown` names the file in errors.
pub fn parse_registry(text: &str, shown: &str) -> Result<Registry, Error> {
    let raw: RawFile = toml::from_str(text)
        .map_err(|e| crate::config::toml_error("registry", shown, text, &e, FORMAT_DOC))?;
    let lines = LineIndex::new(text);
    let line_of = |offset: usize| lines.line(offset.min(text.len()));
    let located = |span: Range<usize>, msg: String, help: &str| -> Error {
        Located::new("registry", shown, text, span, msg)
            .with_help(help)
            .into()
    };
    let err = |span: Range<usize>, msg: String| {
        located(
            span,
            msg,
            &format!("{FORMAT_DOC} describes the registry's entries"),
        )
    };
    // The rest of the line from `offset`: where an entry starts, for errors about it as a whole.
    let line_at = |offset: usize| {
        let offset = offset.min(text.len());
        offset..text[offset..].find('\n').map_or(text.len(), |n| offset + n)
    };
    let check_path = |p: &Spanned<String>, what: &str| -> Result<String, Error> {
        let v = p.get_ref();
        if is_dotted(v) || is_placeholder(v) {
            Ok(v.clone())
        } else {
            Err(located(
                p.span(),
                format!("{what} `{v}` is not a dotted module path like `pkg.sub.module`"),
                "a module path is Python identifiers joined by dots, as written after `from`",
            ))
        }
    };
    // Free text (notes, owners, use-instead lines) is written back into markdown and TOML
    // documents line by line: a control character (a newline above all) would split a line
    // and inject entries into what `registry generate` writes.
    let plain = |value: Option<&str>, what: &str, offset: usize| -> Result<(), Error> {
        match value.and_then(|v| v.chars().find(|c| c.is_control()).map(|c| (v, c))) {
            Some((v, c)) => Err(located(
                line_at(offset),
                format!(
                    "{what} {v:?} holds the control character {:?}; registry strings are one line \
                     of plain text",
                    c
                ),
                "remove the control character: a registry string is one line",
            )),
            None => Ok(()),
        }
    };
    let mut symbols = Vec::new();
    for entry in raw.symbol {
        let start = entry.span().start;
        let line = line_of(start);
        let raw = entry.into_inner();
        plain(raw.owner.as_deref(), "owner", start)?;
        plain(raw.note.as_deref(), "note", start)?;
        let name = match raw.name {
            Some(n) if is_identifier(n.get_ref()) || is_placeholder(n.get_ref()) => n.into_inner(),
            Some(n) => {
                return Err(err(
                    n.span(),
                    format!(
                        "symbol name `{}` is not a Python identifier (or a `[PLACEHOLDER]`)",
                        n.get_ref()
                    ),
                ))
            }
            None => {
                return Err(err(
                    line_at(start),
                    "[[symbol]] entry has no `name` (add name = \"ClassName\")".into(),
                ))
            }
        };
        let canonical = raw
            .canonical
            .as_ref()
            .map(|p| check_path(p, "canonical path"))
            .transpose()?;
        let compatible = raw
            .compatible
            .iter()
            .map(|p| check_path(p, "compatible path"))
            .collect::<Result<Vec<_>, _>>()?;
        let unverified = raw
            .unverified
            .iter()
            .map(|p| check_path(p, "unverified path"))
            .collect::<Result<Vec<_>, _>>()?;
        // `"a.b"` or `{ path = "a.b", note = "...", use-instead = "from c import D" }`.
        let retired = |list: Vec<Spanned<toml::Value>>, what: &str| {
            list.into_iter()
                .map(|r| {
                    let span = r.span();
                    let (path, note, use_instead) = match r.into_inner() {
                        toml::Value::String(p) => (p, None, None),
                        toml::Value::Table(t) => {
                            let t: RawRetiredTable = toml::Value::Table(t).try_into().map_err(
                                |e: toml::de::Error| {
                                    err(span.clone(), format!("{what}: {}", e.message().trim_end()))
                                },
                            )?;
                            (t.path, t.note, t.use_instead)
                        }
                        other => {
                            return Err(err(
                                span.clone(),
                                format!(
                                    "a {what} is a string or a table \
                                     {{ path = \"...\", note = \"...\", use-instead = \"...\" }}, \
                                     not {}",
                                    other.type_str()
                                ),
                            ))
                        }
                    };
                    let path = check_path(&Spanned::new(span.clone(), path), what)?;
                    plain(note.as_deref(), "note", span.start)?;
                    plain(use_instead.as_deref(), "use-instead", span.start)?;
                    if let Some(u) = &use_instead {
                        if !is_import_line(u) {
                            return Err(err(
                                span.clone(),
                                format!(
                                    "use-instead `{u}` is not an import statement like \
                                     `from pkg.module import Name`"
                                ),
                            ));
                        }
                    }
                    Ok(RetiredPath {
                        path,
                        note,
                        use_instead,
                    })
                })
                .collect::<Result<Vec<_>, Error>>()
        };
        let deprecated = retired(raw.deprecated, "deprecated path")?;
        let broken = retired(raw.broken, "broken path")?;
        let symbol = Symbol {
            name,
            canonical,
            compatible,
            deprecated,
            broken,
            unverified,
            owner: raw.owner,
            note: raw.note,
            line,
        };
        let mut seen: HashMap<&str, Status> = HashMap::new();
        for (path, status) in symbol.paths() {
            if let Some(prev) = seen.insert(path, status) {
                return Err(err(
                    line_at(start),
                    format!(
                        "symbol `{}` lists `{path}` twice ({} and {})",
                        symbol.name,
                        prev.as_str(),
                        status.as_str()
                    ),
                ));
            }
        }
        if seen.is_empty() {
            return Err(err(
                line_at(start),
                format!(
                    "symbol `{}` lists no path (give canonical, compatible, deprecated or broken)",
                    symbol.name
                ),
            ));
        }
        symbols.push(symbol);
    }
    let mut modules = Vec::new();
    for entry in raw.module {
        let start = entry.span().start;
        let raw = entry.into_inner();
        let path = match &raw.path {
            Some(p) => check_path(p, "module path")?,
            None => {
                return Err(err(
                    line_at(start),
                    "[[module]] entry has no `path` (add path = \"pkg.module\")".into(),
                ))
            }
        };
        plain(raw.note.as_deref(), "note", start)?;
        plain(raw.use_instead.as_deref(), "use-instead", start)?;
        let written = raw.status.get_ref().as_str();
        let Some(status) = Status::ALL.into_iter().find(|s| s.as_str() == written) else {
            let choices: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
            return Err(err(
                raw.status.span(),
                format!(
                    "module status `{written}` is not one of {}",
                    choices.join(", ")
                ),
            ));
        };
        if let Some(u) = &raw.use_instead {
            if !is_dotted(u) {
                return Err(err(
                    line_at(start),
                    format!("use-instead `{u}` is not a dotted module path"),
                ));
            }
        }
        if let Some(prev) = modules.iter().find(|m: &&ModuleEntry| m.path == path) {
            return Err(err(
                line_at(start),
                format!(
                    "module `{path}` is listed twice (first at line {})",
                    prev.line
                ),
            ));
        }
        modules.push(ModuleEntry {
            path,
            status,
            use_instead: raw.use_instead,
            note: raw.note,
            line: line_of(start),
        });
    }
    Ok(Registry::new(symbols, modules, shown.to_string()))
}

/// `from a.b import C` / `import a.b`: the shape of a `use-instead` line.
pub fn is_import_line(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    match words.as_slice() {
        ["import", m, ..] => is_dotted(m.trim_end_matches(',')),
        ["from", m, "import", _, ..] => is_dotted(m) || is_placeholder(m),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        parse_registry(text, "reg.toml").unwrap_err().to_string()
    }

    #[test]
    fn a_registry_path_that_is_not_a_file_says_what_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let config = |path: &str| Config {
            registry: Some(path.into()),
            ..Config::default()
        };
        let e = load_for_project(dir.path(), &config("."))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("is a directory; the config key `registry` names the registry file"),
            "{e}"
        );
        let e = load_for_project(dir.path(), &config("nope.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("nope.toml` does not exist; the config key `registry` names"),
            "{e}"
        );
        #[cfg(unix)]
        {
            let fifo = dir.path().join("fifo.toml");
            let made = std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap();
            assert!(made.success());
            let e = load_for_project(dir.path(), &config("fifo.toml"))
                .unwrap_err()
                .to_string();
            assert!(e.contains("fifo.toml` is not a regular file"), "{e}");
        }
        assert!(load_for_project(dir.path(), &Config::default())
            .unwrap()
            .is_none());
    }

    #[test]
    fn control_characters_in_any_string_are_refused() {
        // The injection of issue 15: a newline in `use-instead` became an extra canonical
        // symbol after `registry generate` then `import-markdown`.
        let e = err("[[symbol]]\nname = \"A\"\ncanonical = \"a.b\"\n\
             broken = [{ path = \"a.old\", use-instead = \"from a.b import A\\nfrom evil import X\" }]\n");
        assert!(
            e.contains("reg.toml:4: use-instead \"from a.b import A\\nfrom evil import X\" holds the control character '\\n'"),
            "{e}"
        );
        for (text, line, what) in [
            (
                "[[symbol]]\nname = \"A\"\ncanonical = \"a.b\"\nnote = \"x\\ry\"\n",
                1,
                "note",
            ),
            (
                "[[symbol]]\nname = \"A\"\ncanonical = \"a.b\"\nowner = \"team\\u0007\"\n",
                1,
                "owner",
            ),
            (
                "[[symbol]]\nname = \"A\"\ndeprecated = [{ path = \"a.b\", note = \"\\t\" }]\n",
                3,
                "note",
            ),
            (
                "[[module]]\npath = \"a\"\nstatus = \"broken\"\nnote = \"\\u001b[31m\"\n",
                1,
                "note",
            ),
            (
                "[[module]]\npath = \"a\"\nstatus = \"broken\"\nuse-instead = \"b\\u0085\"\n",
                1,
                "use-instead",
            ),
        ] {
            let e = err(text);
            assert!(
                e.contains(&format!("reg.toml:{line}: {what} ")),
                "{text}: {e}"
            );
            assert!(e.contains("holds the control character"), "{text}: {e}");
        }
        // Non-ASCII text that is not a control character stays allowed.
        parse_registry(
            "[[symbol]]\nname = \"A\"\ncanonical = \"a.b\"\nnote = \"ändern — später ✅\"\n",
            "reg.toml",
        )
        .unwrap();
    }

    #[test]
    fn errors_name_the_line() {
        let e =
            err("[[symbol]]\nname = \"A\"\ncanonical = \"a.b\"\n\n[[symbol]]\ncanonical = \"x\"\n");
        assert!(
            e.contains("reg.toml:5: [[symbol]] entry has no `name`"),
            "{e}"
        );
        let e = err("[[symbol]]\nname = \"A\"\ncanonicl = \"a.b\"\n");
        assert!(e.contains("reg.toml:3: unknown field `canonicl`"), "{e}");
        let e = err("[[symbol]]\nname = \"A\"\ncanonical = \n");
        assert!(e.starts_with("registry error: reg.toml:3:"), "{e}");
        let e = err("[[symbol]]\nname = \"A\"\ncanonical = \"a..b\"\n");
        assert!(e.contains("reg.toml:3: canonical path `a..b`"), "{e}");
        let e = err("[[symbol]]\nname = \"A\"\ncanonical = \"a\"\nbroken = [\"a\"]\n");
        assert!(e.contains("reg.toml:1: symbol `A` lists `a` twice"), "{e}");
        let e = err("[[module]]\npath = \"a\"\nstatus = \"broken\"\n[[module]]\npath = \"a\"\nstatus = \"broken\"\n");
        assert!(
            e.contains("reg.toml:4: module `a` is listed twice (first at line 1)"),
            "{e}"
        );
        let e = err("[[module]]\npath = \"a\"\nstatus = \"gone\"\n");
        assert!(e.contains("reg.toml:3: module status `gone`"), "{e}");
        let e = err("[[symbol]]\nname = \"A\"\ndeprecated = [{ pat = \"x\" }]\n");
        assert!(
            e.contains("reg.toml:3: deprecated path: unknown field `pat`"),
            "{e}"
        );
        let e = err("[[symbol]]\nname = \"A\"\nbroken = [3]\n");
        assert!(
            e.contains("reg.toml:3: a broken path is a string or a table"),
            "{e}"
        );
        let e = err("[[symbol]]\nname = \"A\"\n");
        assert!(e.contains("lists no path"), "{e}");
        let e =
            err("[[symbol]]\nname = \"A\"\nbroken = [{ path = \"a\", use-instead = \"a.b\" }]\n");
        assert!(e.contains("reg.toml:3: use-instead `a.b`"), "{e}");
    }

    #[test]
    fn a_bad_module_status_lists_the_choices() {
        let e = err("[[module]]\npath = \"a\"\nstatus = \"gone\"\n");
        assert!(
            e.ends_with(
                "reg.toml:3: module status `gone` is not one of canonical, compatible, \
                 deprecated, broken, unverified"
            ),
            "{e}"
        );
    }

    #[test]
    fn loads_and_indexes() {
        let r = parse_registry(
            "[[symbol]]\nname = \"A\"\ncanonical = \"a.b\"\ncompatible = [\"a\"]\n\
             deprecated = [{ path = \"old\", note = \"gone soon\" }]\nbroken = [\"older\"]\n\
             [[module]]\npath = \"x.y\"\nstatus = \"broken\"\nuse-instead = \"z\"\n",
            "reg.toml",
        )
        .unwrap();
        assert_eq!(r.lookup("a", "A"), &[(0, Status::Compatible)]);
        assert_eq!(r.lookup("older", "A"), &[(0, Status::Broken)]);
        assert!(r.lookup("a.b", "B").is_empty());
        assert_eq!(
            r.module_entry("x.y.z").map(|m| m.status),
            Some(Status::Broken)
        );
        assert!(r.module_entry("x.yz").is_none());
        assert_eq!(
            r.symbols[0].replacement("old").as_deref(),
            Some("from a.b import A")
        );
        assert_eq!(
            r.symbols[0].deprecated[0].note.as_deref(),
            Some("gone soon")
        );
    }
}
