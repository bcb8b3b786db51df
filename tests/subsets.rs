//! Exact subsets: `check FILE...`, `--changed-since REV` and `--staged` judge against the whole
//! project, so their findings are the full scan's findings of the files they report, and the git
//! modes report every file whose findings the changes change.

mod common;

use std::path::{Path, PathBuf};

use common::{project, run, testdata, write};

fn json(r: &common::Run) -> serde_json::Value {
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}{}", r.stdout, r.stderr))
}

/// `path:line:col rule` of every violation.
fn sites(v: &serde_json::Value) -> Vec<String> {
    v["violations"]
        .as_array()
        .expect("violations")
        .iter()
        .map(|v| {
            format!(
                "{}:{}:{} {} {}",
                v["path"].as_str().unwrap(),
                v["line"],
                v["column"],
                v["rule"].as_str().unwrap(),
                v["message"].as_str().unwrap()
            )
        })
        .collect()
}

fn reported(v: &serde_json::Value) -> Vec<String> {
    v["summary"]["scope"]["files"]
        .as_array()
        .unwrap_or_else(|| panic!("no scope in {v}"))
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect()
}

/// Every project under testdata/ with a configuration or Python files at its top.
fn trees() -> Vec<PathBuf> {
    let mut out = vec![
        testdata("monorepo"),
        testdata("registry/project"),
        testdata("duplicates"),
        testdata("env_access"),
        testdata("graph"),
    ];
    for rule in std::fs::read_dir(testdata("rules")).expect("rules") {
        let rule = rule.expect("entry").path();
        if rule.is_dir() {
            out.push(rule);
        }
    }
    out.retain(|p| p.is_dir());
    out
}

#[test]
fn each_named_file_gets_exactly_the_full_scans_findings_of_that_file() {
    let cache = tempfile::tempdir().expect("cache");
    let cache = cache.path().to_str().expect("utf-8");
    for tree in trees() {
        let full = json(&run(
            &tree,
            &["--cache-dir", cache, "check", "--format", "json"],
        ));
        let all = sites(&full);
        // Every file of the full scan: the modules of the graph, and the files that did not
        // parse.
        let graph = json(&run(
            &tree,
            &["--cache-dir", cache, "graph", "--format", "json"],
        ));
        let mut files: Vec<String> = graph["modules"]
            .as_array()
            .expect("modules")
            .iter()
            .filter_map(|m| m["path"].as_str().map(str::to_string))
            .collect();
        files.extend(
            full["violations"]
                .as_array()
                .expect("violations")
                .iter()
                .filter(|v| v["rule"] == "parse-error")
                .map(|v| v["path"].as_str().unwrap().to_string()),
        );
        files.sort();
        files.dedup();
        assert_eq!(
            Some(files.len() as u64),
            full["summary"]["files_scanned"].as_u64(),
            "{}: {files:?}",
            tree.display()
        );
        assert!(!files.is_empty(), "no files listed in {}", tree.display());
        for file in &files {
            let one = json(&run(
                &tree,
                &["--cache-dir", cache, "check", "--format", "json", file],
            ));
            let expected: Vec<&String> = all
                .iter()
                .filter(|s| s.starts_with(&format!("{file}:")))
                .collect();
            assert_eq!(
                sites(&one).iter().collect::<Vec<_>>(),
                expected,
                "{file} in {}",
                tree.display()
            );
            assert_eq!(reported(&one), vec![file.clone()]);
            assert_eq!(
                one["summary"]["scope"]["project_files"],
                full["summary"]["files_scanned"]
            );
        }
    }
}

fn git(dir: &Path, args: &[&str]) {
    common::git_at(dir, args, None);
}

/// A committed project: a package whose modules import each other, and two copies of a class.
fn repo() -> tempfile::TempDir {
    let dir = project(&[
        ("pkg/__init__.py", ""),
        ("pkg/core.py", "def load():\n    return 1\n\n\ndef save():\n    return 2\n"),
        ("pkg/uses_core.py", "from pkg.core import load\n"),
        ("pkg/also_core.py", "from pkg import core\n\nx = core.load()\n"),
        ("pkg/saves.py", "from pkg.core import save\n"),
        (
            "pkg/models_a.py",
            "class Settings:\n    def get(self):\n        return 1\n\n    def put(self):\n        return 2\n",
        ),
        (
            "pkg/models_b.py",
            "class Settings:\n    def get(self):\n        return 1\n\n    def put(self):\n        return 2\n",
        ),
        ("pkg/unrelated.py", "Y = 2\n"),
    ]);
    git(dir.path(), &["init", "-q", "-b", "main"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "init"]);
    dir
}

fn check(root: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["--no-config", "check", "--format", "json"];
    args.extend(extra);
    json(&run(root, &args))
}

/// The full scan's findings of the files `v` reports: what a subset must equal.
fn full_restricted(root: &Path, v: &serde_json::Value) -> Vec<String> {
    let files = reported(v);
    sites(&check(root, &[]))
        .into_iter()
        .filter(|s| files.iter().any(|f| s.starts_with(&format!("{f}:"))))
        .collect()
}

#[test]
fn changed_since_reports_the_importers_of_a_deleted_or_renamed_module() {
    let dir = repo();
    let root = dir.path();
    std::fs::remove_file(root.join("pkg/core.py")).unwrap();
    let v = check(root, &["--changed-since", "HEAD"]);
    assert_eq!(
        reported(&v),
        vec!["pkg/also_core.py", "pkg/saves.py", "pkg/uses_core.py"]
    );
    assert_eq!(sites(&v), full_restricted(root, &v));
    assert_eq!(v["summary"]["scope"]["mode"], "changed-since");
    assert_eq!(v["summary"]["scope"]["rev"], "HEAD");
    // Renamed: the new file is reported with the importers of the old name.
    write(root, "pkg/core2.py", "def load():\n    return 1\n");
    let v = check(root, &["--changed-since", "HEAD"]);
    assert_eq!(
        reported(&v),
        vec![
            "pkg/also_core.py",
            "pkg/core2.py",
            "pkg/saves.py",
            "pkg/uses_core.py"
        ]
    );
    assert_eq!(sites(&v), full_restricted(root, &v));
}

#[test]
fn changed_since_reports_the_importers_of_a_name_that_went_and_no_others() {
    let dir = repo();
    let root = dir.path();
    // `save` goes: only its importer changes; `load`'s importers do not.
    write(root, "pkg/core.py", "def load():\n    return 1\n");
    let v = check(root, &["--changed-since", "HEAD"]);
    assert_eq!(reported(&v), vec!["pkg/core.py", "pkg/saves.py"]);
    assert_eq!(
        sites(&v),
        vec!["pkg/saves.py:1:22 unresolved-import cannot import name `save` from `pkg.core` (neither a name it binds nor a submodule)"]
    );
    // Nothing changed: nothing reported, a perfect score over no files.
    git(root, &["checkout", "-q", "--", "."]);
    let v = check(root, &["--changed-since", "HEAD"]);
    assert_eq!(reported(&v), Vec::<String>::new());
    assert_eq!(v["summary"]["compliance_percent"], 100.0);
}

#[test]
fn changed_since_reports_the_duplicate_groups_a_file_joins_or_leaves() {
    let dir = repo();
    let root = dir.path();
    let settings =
        "class Settings:\n    def get(self):\n        return 1\n\n    def put(self):\n        return 2\n";
    // Joins: a third copy; the two others' messages and related sites change.
    write(root, "pkg/models_c.py", settings);
    let v = check(root, &["--changed-since", "HEAD"]);
    assert_eq!(
        reported(&v),
        vec!["pkg/models_a.py", "pkg/models_b.py", "pkg/models_c.py"]
    );
    assert_eq!(sites(&v), full_restricted(root, &v));
    std::fs::remove_file(root.join("pkg/models_c.py")).unwrap();
    // Leaves: b's class goes; a's copy is alone and no longer reported as duplicated.
    write(root, "pkg/models_b.py", "X = 1\n");
    let v = check(root, &["--changed-since", "HEAD"]);
    assert_eq!(reported(&v), vec!["pkg/models_a.py", "pkg/models_b.py"]);
    assert_eq!(sites(&v), Vec::<String>::new());
}

#[test]
fn staged_judges_the_index_not_the_work_tree() {
    let dir = repo();
    let root = dir.path();
    // Staged: an import of a name that does not exist in an unchanged module.
    write(root, "pkg/new.py", "from pkg.core import nothere\n");
    git(root, &["add", "pkg/new.py"]);
    let v = check(root, &["--staged"]);
    assert_eq!(reported(&v), vec!["pkg/new.py"]);
    assert_eq!(v["summary"]["scope"]["mode"], "staged");
    assert_eq!(sites(&v).len(), 1, "{:?}", sites(&v));
    // Fixed in the work tree but not staged: the commit would still be broken.
    write(root, "pkg/new.py", "from pkg.core import load\n");
    let v = check(root, &["--staged"]);
    assert_eq!(sites(&v).len(), 1, "{:?}", sites(&v));
    git(root, &["add", "pkg/new.py"]);
    assert_eq!(sites(&check(root, &["--staged"])), Vec::<String>::new());
    // A staged file importing an untracked module: the commit would not hold it.
    write(root, "pkg/helper.py", "def h():\n    return 1\n");
    write(root, "pkg/new.py", "from pkg.helper import h\n");
    git(root, &["add", "pkg/new.py"]);
    let v = check(root, &["--staged"]);
    assert_eq!(sites(&v).len(), 1, "{:?}", sites(&v));
    assert!(
        sites(&v)[0].contains("unresolved-import"),
        "{:?}",
        sites(&v)
    );
    // Staged deletion of a module others import, the file still in the work tree...
    git(root, &["add", "pkg/helper.py"]);
    git(root, &["commit", "-q", "-m", "helper"]);
    git(root, &["rm", "-q", "--cached", "pkg/core.py"]);
    let v = check(root, &["--staged"]);
    assert_eq!(
        reported(&v),
        vec!["pkg/also_core.py", "pkg/saves.py", "pkg/uses_core.py"]
    );
    // ... and a deletion only in the work tree: the index still has the module.
    git(root, &["reset", "-q"]);
    std::fs::remove_file(root.join("pkg/core.py")).unwrap();
    let v = check(root, &["--staged"]);
    assert_eq!(reported(&v), Vec::<String>::new());
    assert_eq!(v["summary"]["scope"]["project_files"], 10);
}

#[test]
fn staged_before_the_first_commit_reports_every_staged_file() {
    let dir = project(&[
        ("app.py", "import os\nX = os.environ['X']\n"),
        ("lib.py", "from app import Y\n"),
    ]);
    let root = dir.path();
    git(root, &["init", "-q"]);
    git(root, &["add", "-A"]);
    let v = check(root, &["--staged"]);
    assert_eq!(reported(&v), vec!["app.py", "lib.py"]);
    assert_eq!(sites(&v).len(), 2, "{:?}", sites(&v));
}

#[test]
fn the_git_modes_need_git_and_a_revision_that_exists() {
    let dir = project(&[("app.py", "X = 1\n")]);
    let root = dir.path();
    for args in [
        vec!["--no-config", "check", "--staged"],
        vec!["--no-config", "check", "--changed-since", "HEAD"],
    ] {
        let r = run(root, &args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("needs a git repository"),
            "{args:?}: {}",
            r.stderr
        );
    }
    let dir = repo();
    let r = run(
        dir.path(),
        &["--no-config", "check", "--changed-since", "nosuchrev"],
    );
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr.trim(),
        "error: --changed-since nosuchrev: no such commit in this repository"
    );
    // Paths and a git mode do not go together.
    let r = run(
        dir.path(),
        &["--no-config", "check", "--staged", "pkg/core.py"],
    );
    assert_eq!(r.code, 2);
}

#[test]
fn the_text_summary_says_what_it_covers() {
    let dir = repo();
    let root = dir.path();
    write(root, "pkg/core.py", "def load():\n    return 1\n");
    let r = run(
        root,
        &[
            "--no-config",
            "check",
            "--no-frames",
            "--changed-since",
            "HEAD",
        ],
    );
    assert!(
        r.stdout.starts_with("pkg/saves.py:1:22: unresolved-import"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            "Reported 2 of 8 files: the files changed since HEAD and the files whose findings they change.\n"
        ),
        "{}",
        r.stdout
    );
}

/// Issue 15, item 15: a named file's imports are judged against the whole project, so a real
/// package is never taken for a namespace package because its `__init__.py` was not named.
#[test]
fn a_named_file_sees_the_packages_it_was_not_given() {
    let dir = project(&[
        ("app/__init__.py", ""),
        ("app/core/__init__.py", ""),
        ("app/w.py", "import app.core.nothere\n"),
    ]);
    let r = run(
        dir.path(),
        &["--no-config", "check", "--no-frames", "app/w.py"],
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.starts_with(
            "app/w.py:1:8: unresolved-import: module `app.core.nothere` not found (`app.core` has no submodule `nothere`)\n"
        ),
        "{}",
        r.stdout
    );
    assert!(!r.stderr.contains("namespace"), "{}", r.stderr);
}
