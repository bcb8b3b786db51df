//! Discovery: which files to scan, their project-relative paths and their category.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc;

use globset::{Glob, GlobSet, GlobSetBuilder};
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use ignore::{WalkBuilder, WalkState};
use serde::Serialize;

use crate::error::Error;

/// Directory-name patterns skipped unless `--no-default-excludes` (gitignore syntax: a trailing
/// `/` matches directories only, so file names never match).
pub const DEFAULT_EXCLUDES: &[&str] = &[
    ".git/",
    "__pycache__/",
    "node_modules/",
    ".venv/",
    "venv/",
    ".tox/",
    ".nox/",
    ".mypy_cache/",
    ".ssotscan_cache/",
    ".pytest_cache/",
    "build/",
    "dist/",
    "site-packages/",
    "*.egg-info/",
    "*[bB][aA][cC][kK][uU][pP]*/",
    "archive/",
];

/// The most threads the directory walk uses, whatever `--threads` says.
pub const MAX_WALK_THREADS: usize = 16;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Source,
    Tests,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Source => "source",
            Category::Tests => "tests",
        }
    }
}

/// One file to scan.
#[derive(Clone, Debug)]
pub struct DiscoveredFile {
    /// Absolute path used to read the file.
    pub abs: PathBuf,
    /// Path relative to the project root with `/` separators (or as given, outside the root).
    pub rel: String,
    pub category: Category,
}

/// Discovery settings, resolved from configuration and command line.
#[derive(Clone, Debug, Default)]
pub struct DiscoveryOptions {
    /// Honour `.gitignore`, `.ignore` and `.git/info/exclude`.
    pub respect_ignore_files: bool,
    /// Start from [`DEFAULT_EXCLUDES`].
    pub default_excludes: bool,
    /// Replacement for the default excludes (config `exclude`).
    pub exclude: Option<Vec<String>>,
    /// Added excludes (config `extend-exclude`, `--exclude`).
    pub extend_exclude: Vec<String>,
    /// Follow symbolic links while walking (loops are detected and reported).
    pub follow_links: bool,
    /// Globs of test files (config `tests`); `None` for the default detection.
    pub tests: Option<Vec<String>>,
    /// Apply the excludes to the inputs themselves (config `force-exclude`, `--force-exclude`).
    pub force_exclude: bool,
    pub threads: usize,
}

/// The outcome of discovery: files sorted by `rel`, plus what could not be walked.
#[derive(Debug, Default)]
pub struct Discovered {
    pub files: Vec<DiscoveredFile>,
    pub warnings: Vec<String>,
}

pub struct Discovery {
    root: PathBuf,
    excludes: Gitignore,
    tests: Option<GlobSet>,
    opts: DiscoveryOptions,
}

impl Discovery {
    pub fn new(root: &Path, opts: DiscoveryOptions) -> Result<Self, Error> {
        let mut builder = GitignoreBuilder::new(root);
        let base: Vec<String> = match &opts.exclude {
            Some(list) => list.clone(),
            None if opts.default_excludes => {
                DEFAULT_EXCLUDES.iter().map(|s| s.to_string()).collect()
            }
            None => Vec::new(),
        };
        for pattern in base.iter().chain(&opts.extend_exclude) {
            builder
                .add_line(None, pattern)
                .map_err(|e| Error::Config(format!("invalid exclude pattern `{pattern}`: {e}")))?;
        }
        let excludes = builder
            .build()
            .map_err(|e| Error::Config(format!("invalid exclude patterns: {e}")))?;
        let tests = match &opts.tests {
            None => None,
            Some(globs) => Some(build_globset(globs, "tests")?),
        };
        Ok(Discovery {
            root: root.to_path_buf(),
            excludes,
            tests,
            opts,
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Path relative to the root with `/` separators; outside the root, the path itself.
    ///
    /// Bytes of a file name that are not UTF-8 are written `\xNN`, so two different files never
    /// get the same path (a lossy conversion would merge `a\xff.py` and `a\xfe.py`).
    pub fn relative(&self, abs: &Path) -> String {
        let rel = abs.strip_prefix(&self.root).unwrap_or(abs);
        let mut out = String::new();
        for c in rel.components() {
            match c {
                Component::RootDir => {
                    out.push('/');
                    continue;
                }
                Component::CurDir => continue,
                _ => {}
            }
            if !out.is_empty() && !out.ends_with('/') {
                out.push('/');
            }
            push_escaped(&mut out, c.as_os_str());
        }
        out
    }

    pub fn category(&self, rel: &str) -> Category {
        if let Some(set) = &self.tests {
            return if set.is_match(rel) {
                Category::Tests
            } else {
                Category::Source
            };
        }
        let mut parts = rel.rsplit('/');
        let name = parts.next().unwrap_or("");
        let in_test_dir = parts.any(|d| d == "tests" || d == "test");
        let test_name = (name.starts_with("test_") && name.ends_with(".py"))
            || name.ends_with("_test.py")
            || name == "conftest.py";
        if in_test_dir || test_name {
            Category::Tests
        } else {
            Category::Source
        }
    }

    /// Whether a walk of the root would take the Python file at `rel` (root-relative, `/`),
    /// as far as the excludes tell: for files that are not on disk (a version in git). Ignore
    /// files are not consulted.
    pub fn would_include(&self, rel: &str) -> bool {
        rel.ends_with(".py")
            && !rel.starts_with('/')
            && !self
                .excludes
                .matched_path_or_any_parents(rel, false)
                .is_ignore()
    }

    fn is_excluded(&self, abs: &Path, is_dir: bool) -> bool {
        match abs.strip_prefix(&self.root) {
            Ok(rel) if !rel.as_os_str().is_empty() => {
                self.excludes.matched(rel, is_dir).is_ignore()
            }
            // Outside the root: match on the path's own name only.
            _ => abs
                .file_name()
                .is_some_and(|n| self.excludes.matched(Path::new(n), is_dir).is_ignore()),
        }
    }

    /// A walk error as a warning, with paths relative to the root.
    fn describe_walk_error(&self, err: &ignore::Error) -> String {
        let rel = |p: &Path| match self.relative(p) {
            r if r.is_empty() => ".".to_string(),
            r => r,
        };
        match err {
            ignore::Error::Partial(errs) => errs
                .iter()
                .map(|e| self.describe_walk_error(e))
                .collect::<Vec<_>>()
                .join("; "),
            ignore::Error::WithLineNumber { line, err } => {
                format!("line {line}: {}", self.describe_walk_error(err))
            }
            ignore::Error::WithPath { path, err } => {
                format!("{}: {}", rel(path), self.describe_walk_error(err))
            }
            ignore::Error::WithDepth { err, .. } => self.describe_walk_error(err),
            ignore::Error::Loop { ancestor, child } => format!(
                "{}: symbolic link loop (it points to its ancestor {}); not followed",
                rel(child),
                rel(ancestor)
            ),
            other => other.to_string(),
        }
    }

    /// Whether an input named on the command line is skipped: with `force_exclude`, when it or
    /// a directory above it (below the root) is excluded.
    fn input_is_excluded(&self, input: &Path, is_dir: bool) -> bool {
        if !self.opts.force_exclude {
            return false;
        }
        match input.strip_prefix(&self.root) {
            Ok(rel) if !rel.as_os_str().is_empty() => self
                .excludes
                .matched_path_or_any_parents(rel, is_dir)
                .is_ignore(),
            Ok(_) => false,
            Err(_) => self.is_excluded(input, is_dir),
        }
    }

    /// Walks `inputs` (absolute paths). Files named directly are always scanned (unless
    /// `force_exclude` and they are excluded); directories are walked for `*.py` files, skipping
    /// excluded and ignored entries below them.
    pub fn discover(&self, inputs: &[PathBuf]) -> Result<Discovered, Error> {
        let mut out = Discovered::default();
        let mut dirs = Vec::new();
        for input in inputs {
            let is_dir = std::fs::metadata(input).is_ok_and(|m| m.is_dir());
            if self.input_is_excluded(input, is_dir) {
                continue;
            }
            // An input that exists but cannot be resolved (a dangling symbolic link, a link
            // loop) is a file named on the command line: it is scanned, and reported unreadable.
            if is_dir {
                dirs.push(input.clone());
            } else {
                let rel = self.relative(input);
                out.files.push(DiscoveredFile {
                    abs: input.clone(),
                    category: self.category(&rel),
                    rel,
                });
            }
        }
        if let Some((first, rest)) = dirs.split_first() {
            let mut walk = WalkBuilder::new(first);
            for d in rest {
                walk.add(d);
            }
            let respect = self.opts.respect_ignore_files;
            walk.hidden(false)
                .ignore(respect)
                .git_ignore(respect)
                .git_exclude(respect)
                .git_global(false)
                .parents(respect)
                .require_git(false)
                .follow_links(self.opts.follow_links)
                // 0: one walker thread per core (at most 12), like the scan pool. Walking is
                // I/O-bound, and the walker's idle threads poll for work: hundreds of them on
                // a few cores take minutes to agree that the walk is over.
                .threads(self.opts.threads.min(MAX_WALK_THREADS));
            let (tx, rx) = mpsc::channel::<Result<PathBuf, String>>();
            walk.build_parallel().run(|| {
                let tx = tx.clone();
                Box::new(move |entry| {
                    let entry = match entry {
                        Ok(e) => e,
                        Err(err) => {
                            let _ = tx.send(Err(self.describe_walk_error(&err)));
                            return WalkState::Continue;
                        }
                    };
                    let Some(ft) = entry.file_type() else {
                        return WalkState::Continue;
                    };
                    let is_dir = ft.is_dir();
                    if entry.depth() > 0 && self.is_excluded(entry.path(), is_dir) {
                        return if is_dir {
                            WalkState::Skip
                        } else {
                            WalkState::Continue
                        };
                    }
                    if ft.is_file() && entry.path().extension().is_some_and(|e| e == "py") {
                        let _ = tx.send(Ok(entry.into_path()));
                    }
                    WalkState::Continue
                })
            });
            drop(tx);
            for item in rx {
                match item {
                    Ok(abs) => {
                        let rel = self.relative(&abs);
                        out.files.push(DiscoveredFile {
                            category: self.category(&rel),
                            abs,
                            rel,
                        });
                    }
                    Err(w) => out.warnings.push(w),
                }
            }
        }
        out.files.sort_by(|a, b| a.rel.cmp(&b.rel));
        out.files.dedup_by(|a, b| a.rel == b.rel);
        out.warnings.sort();
        Ok(out)
    }
}

/// Appends a path component as shown in every output: bytes that are not UTF-8 as `\xNN`,
/// control characters as `\xNN` (C0 and DEL) or `\u{NNNN}` (C1), so a name never breaks a
/// `path:line:col` line or a terminal, and a backslash as `\\`, so no escape is ambiguous (a
/// file really named `m\xff.py` is shown `m\\xff.py`, never as the file `m<0xff>.py`).
fn push_escaped(out: &mut String, name: &std::ffi::OsStr) {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        for chunk in name.as_bytes().utf8_chunks() {
            push_escaped_str(out, chunk.valid());
            for b in chunk.invalid() {
                out.push_str(&format!("\\x{b:02x}"));
            }
        }
    }
    #[cfg(not(unix))]
    push_escaped_str(out, &name.to_string_lossy());
}

fn push_escaped_str(out: &mut String, text: &str) {
    if !text.chars().any(|c| c == '\\' || c.is_control()) {
        out.push_str(text);
        return;
    }
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            c if c.is_control() && (c as u32) < 0x80 => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if c.is_control() => out.push_str(&format!("\\u{{{:04x}}}", c as u32)),
            c => out.push(c),
        }
    }
}

/// Builds a glob set of root-relative globs where `*` does not cross `/` and `**` does.
/// Whether a glob of `set` matches `path`. An empty set (an option left out) answers at once:
/// `GlobSet::is_match` prepares the path for matching before it looks at the set, once per
/// file of a scan.
pub fn glob_match(set: &GlobSet, path: impl AsRef<std::path::Path>) -> bool {
    !set.is_empty() && set.is_match(path)
}

pub fn build_globset(globs: &[String], what: &str) -> Result<GlobSet, Error> {
    let mut b = GlobSetBuilder::new();
    for g in globs {
        let glob = globset::GlobBuilder::new(g)
            .literal_separator(true)
            .build()
            .map_err(|e| Error::Config(format!("invalid glob `{g}` in `{what}`: {e}")))?;
        b.add(glob);
    }
    b.build()
        .map_err(|e| Error::Config(format!("invalid globs in `{what}`: {e}")))
}

/// A single glob, for options that take one.
pub fn glob(pattern: &str) -> Result<Glob, Error> {
    Glob::new(pattern).map_err(|e| Error::Config(format!("invalid glob `{pattern}`: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn disc(opts: DiscoveryOptions) -> Discovery {
        Discovery::new(Path::new("/r"), opts).unwrap()
    }

    #[test]
    fn paths_outside_the_root_stay_absolute_with_single_slashes() {
        let d = disc(DiscoveryOptions::default());
        assert_eq!(d.relative(Path::new("/r/a/b.py")), "a/b.py");
        assert_eq!(d.relative(Path::new("/elsewhere/x.py")), "/elsewhere/x.py");
    }

    #[test]
    fn categories() {
        let d = disc(DiscoveryOptions::default());
        assert_eq!(d.category("pkg/tests/helpers.py"), Category::Tests);
        assert_eq!(d.category("test/x.py"), Category::Tests);
        assert_eq!(d.category("pkg/test_x.py"), Category::Tests);
        assert_eq!(d.category("pkg/x_test.py"), Category::Tests);
        assert_eq!(d.category("conftest.py"), Category::Tests);
        assert_eq!(d.category("pkg/testing.py"), Category::Source);
        assert_eq!(d.category("pkg/latest/x.py"), Category::Source);
        assert_eq!(d.category("test_data.json"), Category::Source);
        let d = disc(DiscoveryOptions {
            tests: Some(vec!["qa/**".into()]),
            ..Default::default()
        });
        assert_eq!(d.category("qa/a/b.py"), Category::Tests);
        assert_eq!(d.category("pkg/tests/b.py"), Category::Source);
    }

    #[test]
    fn walk_warnings_are_relative_and_unresolvable_inputs_are_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("pkg")).unwrap();
        std::fs::write(root.join("pkg/a.py"), "").unwrap();
        std::os::unix::fs::symlink("..", root.join("pkg/up")).unwrap();
        std::os::unix::fs::symlink("missing.py", root.join("pkg/dangling.py")).unwrap();
        let d = Discovery::new(
            root,
            DiscoveryOptions {
                follow_links: true,
                ..Default::default()
            },
        )
        .unwrap();
        let found = d.discover(&[root.to_path_buf()]).unwrap();
        let rels: Vec<_> = found.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["pkg/a.py"]);
        assert_eq!(found.warnings.len(), 2, "{:?}", found.warnings);
        assert!(
            found.warnings[0].starts_with("pkg/dangling.py: No such file or directory"),
            "{:?}",
            found.warnings
        );
        assert_eq!(
            found.warnings[1],
            "pkg/up: symbolic link loop (it points to its ancestor .); not followed"
        );
        // Named on the command line, the dangling link is scanned (and reported unreadable).
        let named = d.discover(&[root.join("pkg/dangling.py")]).unwrap();
        assert_eq!(named.files[0].rel, "pkg/dangling.py");
    }

    #[test]
    fn relative_paths_are_unique_and_well_formed() {
        let d = disc(DiscoveryOptions::default());
        assert_eq!(d.relative(Path::new("/r/pkg/a.py")), "pkg/a.py");
        // Outside the root: the absolute path, with a single leading `/`.
        assert_eq!(d.relative(Path::new("/elsewhere/a.py")), "/elsewhere/a.py");
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let name = |b: &[u8]| Path::new("/r/pkg").join(std::ffi::OsStr::from_bytes(b));
            assert_eq!(d.relative(&name(b"a\xff.py")), "pkg/a\\xff.py");
            assert_eq!(d.relative(&name(b"a\xfe.py")), "pkg/a\\xfe.py");
            assert_eq!(d.relative(&name("é.py".as_bytes())), "pkg/é.py");
            // A name that only looks like an escape is escaped itself: the two never meet.
            assert_eq!(d.relative(&name(b"m\\xff.py")), "pkg/m\\\\xff.py");
            assert_eq!(d.relative(&name(b"m\xff.py")), "pkg/m\\xff.py");
            // Control characters never reach an output raw.
            assert_eq!(d.relative(&name(b"a\nb.py")), "pkg/a\\x0ab.py");
            assert_eq!(d.relative(&name(b"a\x1b[31m.py")), "pkg/a\\x1b[31m.py");
            assert_eq!(
                d.relative(&name("a\u{85}.py".as_bytes())),
                "pkg/a\\u{0085}.py"
            );
        }
    }

    #[test]
    fn default_excludes_match_directory_names_only() {
        let d = disc(DiscoveryOptions {
            default_excludes: true,
            ..Default::default()
        });
        assert!(d.is_excluded(Path::new("/r/a/build"), true));
        assert!(d.is_excluded(Path::new("/r/x.egg-info"), true));
        assert!(d.is_excluded(Path::new("/r/old_Backups_2024"), true));
        assert!(d.is_excluded(Path::new("/r/svc/archive"), true));
        assert!(!d.is_excluded(Path::new("/r/build.py"), false));
        assert!(!d.is_excluded(Path::new("/r/backup_utils.py"), false));
        assert!(!d.is_excluded(Path::new("/r/builder"), true));
        assert!(!d.is_excluded(Path::new("/r/archives"), true));
    }
}
