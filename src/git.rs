//! What git knows of a project: which files changed since a revision or are staged, and the
//! content of a file at a revision or in the index. Read with the `git` command (plumbing
//! output, `-z`), never changing the work tree or the index.
//!
//! Paths in and out are relative to the project root, with `/`: the project root may be a
//! directory inside the repository (its prefix is added and removed here), and changes outside
//! it are not listed.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::error::Error;

/// The tree of an empty commit: what `--staged` compares with before the first commit.
const EMPTY_TREE: &str = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

/// A git repository seen from a project root inside it.
#[derive(Debug)]
pub struct Repo {
    /// The project root (where `git` runs).
    root: PathBuf,
    /// The project root relative to the repository's top level, with a trailing `/` (empty
    /// when the project root is the top level).
    prefix: String,
}

/// How a file changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    Added,
    Modified,
    Deleted,
}

/// A changed file (a rename is a deletion and an addition).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    pub path: String,
    pub kind: ChangeKind,
}

impl Repo {
    /// The repository that holds `root`; `what` names the option that needs it, for the error.
    pub fn open(root: &Path, what: &str) -> Result<Repo, Error> {
        let out = Command::new("git")
            .arg("-C")
            .arg(root)
            .args(["rev-parse", "--show-prefix"])
            .stdin(Stdio::null())
            .output()
            .map_err(|e| Error::Usage(format!("{what} needs git, which cannot be run: {e}")))?;
        if !out.status.success() {
            return Err(Error::Usage(format!(
                "{what} needs a git repository, and {} is not in one ({})",
                root.display(),
                first_line(&out.stderr)
            )));
        }
        let prefix = String::from_utf8_lossy(&out.stdout)
            .trim_end_matches('\n')
            .to_string();
        Ok(Repo {
            root: root.to_path_buf(),
            prefix,
        })
    }

    fn git(&self, args: &[&str]) -> Result<Vec<u8>, Error> {
        let out = Command::new("git")
            .arg("-C")
            .arg(&self.root)
            // No pager, no prompts, no optional locks: reading must not touch the index.
            .env("GIT_OPTIONAL_LOCKS", "0")
            .env("GIT_TERMINAL_PROMPT", "0")
            .args(["-c", "core.quotepath=off", "--no-pager"])
            .args(args)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| Error::Other(format!("cannot run git: {e}")))?;
        if !out.status.success() {
            return Err(Error::Usage(format!(
                "git {} failed: {}",
                args.join(" "),
                first_line(&out.stderr)
            )));
        }
        Ok(out.stdout)
    }

    /// Whether `rev` names a commit.
    pub fn resolve(&self, rev: &str) -> Result<String, Error> {
        let spec = format!("{rev}^{{commit}}");
        let out = Command::new("git")
            .arg("-C")
            .arg(&self.root)
            .args([
                "rev-parse",
                "--verify",
                "--quiet",
                "--end-of-options",
                &spec,
            ])
            .stdin(Stdio::null())
            .output()
            .map_err(|e| Error::Other(format!("cannot run git: {e}")))?;
        if !out.status.success() {
            return Err(Error::Usage(format!(
                "--changed-since {rev}: no such commit in this repository"
            )));
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    }

    /// Files of the work tree that differ from commit `rev` (tracked changes, and untracked
    /// files that are not ignored, as added).
    pub fn changed_since(&self, rev: &str) -> Result<Vec<Change>, Error> {
        let mut changes = self.diff(&["diff", "--name-status", "-z", "-M", "--relative", rev])?;
        changes.extend(self.untracked()?.into_iter().map(|path| Change {
            path,
            kind: ChangeKind::Added,
        }));
        Ok(sorted(changes))
    }

    /// What the index changes against `HEAD` (against nothing before the first commit).
    pub fn staged(&self) -> Result<Vec<Change>, Error> {
        let base = if self.has_head() { "HEAD" } else { EMPTY_TREE };
        self.diff(&[
            "diff",
            "--cached",
            "--name-status",
            "-z",
            "-M",
            "--relative",
            base,
        ])
        .map(sorted)
    }

    /// What the work tree changes against the index (tracked files only).
    pub fn unstaged(&self) -> Result<Vec<Change>, Error> {
        self.diff(&["diff", "--name-status", "-z", "--relative"])
            .map(sorted)
    }

    /// Files that are neither tracked nor ignored.
    pub fn untracked(&self) -> Result<Vec<String>, Error> {
        let out = self.git(&["ls-files", "-z", "--others", "--exclude-standard"])?;
        Ok(out
            .split(|&b| b == 0)
            .filter(|p| !p.is_empty())
            .map(|p| String::from_utf8_lossy(p).into_owned())
            .collect())
    }

    pub fn has_head(&self) -> bool {
        self.git(&["rev-parse", "--verify", "--quiet", "HEAD"])
            .is_ok()
    }

    fn diff(&self, args: &[&str]) -> Result<Vec<Change>, Error> {
        let out = self.git(args)?;
        parse_name_status(&out)
    }

    /// The contents of files at `rev` (`None`: the index), by project-relative path; `None`
    /// for a path that is not there.
    pub fn contents(
        &self,
        rev: Option<&str>,
        paths: &[String],
    ) -> Result<Vec<Option<Vec<u8>>>, Error> {
        let specs: Vec<String> = paths
            .iter()
            .map(|p| format!("{}:{}{p}", rev.unwrap_or(""), self.prefix))
            .collect();
        self.batch(specs.iter().map(String::as_str))
    }

    /// `git cat-file --batch` over object names, in order.
    fn batch<'a>(
        &self,
        names: impl Iterator<Item = &'a str>,
    ) -> Result<Vec<Option<Vec<u8>>>, Error> {
        let mut input = Vec::new();
        let mut n = 0;
        for name in names {
            input.extend_from_slice(name.as_bytes());
            input.push(b'\n');
            n += 1;
        }
        if n == 0 {
            return Ok(Vec::new());
        }
        let mut child = Command::new("git")
            .arg("-C")
            .arg(&self.root)
            .env("GIT_OPTIONAL_LOCKS", "0")
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| Error::Other(format!("cannot run git: {e}")))?;
        let mut stdin = child.stdin.take().expect("piped");
        // Written from another thread: git answers while it reads, and both pipes are bounded.
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(&input);
        });
        let mut output = Vec::new();
        child
            .stdout
            .take()
            .expect("piped")
            .read_to_end(&mut output)
            .map_err(|e| Error::Other(format!("cannot read from git: {e}")))?;
        let _ = writer.join();
        let status = child
            .wait()
            .map_err(|e| Error::Other(format!("git cat-file: {e}")))?;
        if !status.success() {
            return Err(Error::Other(format!("git cat-file failed ({status})")));
        }
        parse_batch(&output, n)
    }
}

/// A commit of the first-parent history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub id: String,
    /// Committer time, seconds since the epoch.
    pub time: i64,
}

/// A file of a commit's tree, under the project root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeFile {
    /// Root-relative path.
    pub path: String,
    /// The blob id (the commit id for a submodule).
    pub oid: String,
    pub kind: TreeKind,
}

/// A path whose entry differs between two trees: what it was and what it is (blob id and kind),
/// `None` where it is not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeChange {
    pub path: String,
    pub old: Option<(String, TreeKind)>,
    pub new: Option<(String, TreeKind)>,
}

fn tree_kind(mode: &str) -> TreeKind {
    match mode {
        "120000" => TreeKind::Symlink,
        "160000" => TreeKind::Submodule,
        _ => TreeKind::File,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TreeKind {
    File,
    Symlink,
    Submodule,
}

impl Repo {
    /// The first-parent history of `range` (`REV` or `A..B`; default `HEAD`), newest first.
    pub fn first_parent(&self, range: Option<&str>) -> Result<Vec<Commit>, Error> {
        let range = range.unwrap_or("HEAD");
        let out = self.git(&["log", "--first-parent", "--format=%H %ct", range, "--"])?;
        String::from_utf8_lossy(&out)
            .lines()
            .map(|l| {
                let (id, time) = l
                    .split_once(' ')
                    .ok_or_else(|| Error::Other(format!("unexpected git log line `{l}`")))?;
                Ok(Commit {
                    id: id.to_string(),
                    time: time
                        .parse()
                        .map_err(|_| Error::Other(format!("unexpected git log line `{l}`")))?,
                })
            })
            .collect()
    }

    /// Every file of `commit`'s tree under the project root, with root-relative paths.
    pub fn tree(&self, commit: &str) -> Result<Vec<TreeFile>, Error> {
        let mut args = vec!["ls-tree", "-r", "-z", "--full-tree", commit];
        if !self.prefix.is_empty() {
            args.extend(["--", self.prefix.as_str()]);
        }
        let out = self.git(&args)?;
        let mut files = Vec::new();
        for record in out.split(|&b| b == 0).filter(|r| !r.is_empty()) {
            // `<mode> SP <type> SP <oid> TAB <path>`
            let text = String::from_utf8_lossy(record);
            let Some((meta, path)) = text.split_once('\t') else {
                continue;
            };
            let mut meta = meta.split(' ');
            let (Some(mode), Some(_), Some(oid)) = (meta.next(), meta.next(), meta.next()) else {
                continue;
            };
            let kind = tree_kind(mode);
            let Some(path) = path.strip_prefix(self.prefix.as_str()) else {
                continue;
            };
            files.push(TreeFile {
                path: path.to_string(),
                oid: oid.to_string(),
                kind,
            });
        }
        Ok(files)
    }

    /// What changed under the project root between the trees of commits `a` and `b`.
    pub fn diff_tree(&self, a: &str, b: &str) -> Result<Vec<TreeChange>, Error> {
        let mut args = vec!["diff-tree", "-r", "-z", "--no-renames", "--raw", a, b];
        if !self.prefix.is_empty() {
            args.extend(["--", self.prefix.as_str()]);
        }
        let out = self.git(&args)?;
        let mut fields = out.split(|&b| b == 0).filter(|f| !f.is_empty());
        let mut changes = Vec::new();
        let bad = || Error::Other("unexpected output from git diff-tree".into());
        while let Some(meta) = fields.next() {
            let path = fields.next().ok_or_else(bad)?;
            // `:<old mode> <new mode> <old oid> <new oid> <status>`
            let meta = String::from_utf8_lossy(meta);
            let parts: Vec<&str> = meta.trim_start_matches(':').split(' ').collect();
            let [old_mode, new_mode, old_oid, new_oid, _status] = parts[..] else {
                return Err(bad());
            };
            let side = |mode: &str, oid: &str| {
                (mode != "000000").then(|| (oid.to_string(), tree_kind(mode)))
            };
            let path = String::from_utf8_lossy(path);
            let Some(path) = path.strip_prefix(self.prefix.as_str()) else {
                continue;
            };
            changes.push(TreeChange {
                path: path.to_string(),
                old: side(old_mode, old_oid),
                new: side(new_mode, new_oid),
            });
        }
        Ok(changes)
    }

    /// The contents of objects by id (`None`: missing, as in a partial or shallow clone).
    pub fn blobs(&self, oids: &[String]) -> Result<Vec<Option<Vec<u8>>>, Error> {
        self.batch(oids.iter().map(String::as_str))
    }
}

fn first_line(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .lines()
        .next()
        .unwrap_or("")
        .trim()
        .to_string()
}

fn sorted(mut changes: Vec<Change>) -> Vec<Change> {
    changes.sort();
    changes.dedup();
    changes
}

/// `git diff --name-status -z`: `S\0path\0`, or `R<score>\0old\0new\0` for renames and copies.
fn parse_name_status(out: &[u8]) -> Result<Vec<Change>, Error> {
    let mut fields = out
        .split(|&b| b == 0)
        .map(|f| String::from_utf8_lossy(f).into_owned());
    let mut changes = Vec::new();
    let bad = || Error::Other("unexpected output from git diff --name-status".into());
    while let Some(status) = fields.next() {
        if status.is_empty() {
            continue;
        }
        let path = fields.next().ok_or_else(bad)?;
        match status.as_bytes()[0] {
            b'A' => changes.push(Change {
                path,
                kind: ChangeKind::Added,
            }),
            b'D' => changes.push(Change {
                path,
                kind: ChangeKind::Deleted,
            }),
            b'R' | b'C' => {
                let new = fields.next().ok_or_else(bad)?;
                if status.starts_with('R') {
                    changes.push(Change {
                        path,
                        kind: ChangeKind::Deleted,
                    });
                }
                changes.push(Change {
                    path: new,
                    kind: ChangeKind::Added,
                });
            }
            // M (modified), T (type changed), U (unmerged), X: the file is there, changed.
            _ => changes.push(Change {
                path,
                kind: ChangeKind::Modified,
            }),
        }
    }
    Ok(changes)
}

/// `git cat-file --batch` output: `<oid> <type> <size>\n<content>\n` or `<name> missing\n`.
fn parse_batch(mut out: &[u8], n: usize) -> Result<Vec<Option<Vec<u8>>>, Error> {
    let bad = || Error::Other("unexpected output from git cat-file".into());
    let mut contents = Vec::with_capacity(n);
    for _ in 0..n {
        let eol = out.iter().position(|&b| b == b'\n').ok_or_else(bad)?;
        let header = std::str::from_utf8(&out[..eol]).map_err(|_| bad())?;
        out = &out[eol + 1..];
        let parts: Vec<&str> = header.split(' ').collect();
        match parts.as_slice() {
            [_, "blob", size] => {
                let size: usize = size.parse().map_err(|_| bad())?;
                let body = out.get(..size).ok_or_else(bad)?;
                contents.push(Some(body.to_vec()));
                out = out.get(size + 1..).ok_or_else(bad)?;
            }
            [_, _, size] if size.parse::<usize>().is_ok() => {
                // Not a file (a submodule's commit, a tree): nothing to parse.
                let size: usize = size.parse().map_err(|_| bad())?;
                out = out.get(size + 1..).ok_or_else(bad)?;
                contents.push(None);
            }
            _ => contents.push(None),
        }
    }
    Ok(contents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_status_splits_renames() {
        let out = b"M\0a.py\0R087\0old.py\0new.py\0D\0gone.py\0A\0added.py\0";
        let changes = parse_name_status(out).expect("parse");
        let kinds: Vec<(&str, ChangeKind)> =
            changes.iter().map(|c| (c.path.as_str(), c.kind)).collect();
        assert_eq!(
            kinds,
            vec![
                ("a.py", ChangeKind::Modified),
                ("old.py", ChangeKind::Deleted),
                ("new.py", ChangeKind::Added),
                ("gone.py", ChangeKind::Deleted),
                ("added.py", ChangeKind::Added),
            ]
        );
    }

    #[test]
    fn batch_output_with_missing_objects_and_newlines_in_content() {
        let out = b"abc blob 6\nx\ny\nz\n\nmain:nothere missing\ndef blob 0\n\n";
        let contents = parse_batch(out, 3).expect("parse");
        assert_eq!(
            contents,
            vec![Some(b"x\ny\nz\n".to_vec()), None, Some(Vec::new())]
        );
    }
}
