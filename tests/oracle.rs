//! Independent oracles: `tests/oracle/env_access.py` implements file discovery, `parse-error`
//! and `env-access` from the issue text with Python's own `ast` module, and
//! `tests/oracle/duplicates.py` implements `duplicate-definition` and `duplicate-body` (default
//! options, no registry) from the rule text the same way. These tests assert that ssotscan and
//! the oracles agree exactly -- same files, same parse errors, same violations at the same line
//! and character column -- on hand-written corner cases, on the fixtures, and on the whole local
//! CPython standard library. Skipped (with a message) only if `python3` is missing.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::testdata;

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn python3() -> Option<&'static str> {
    let ok = Command::new("python3")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if ok {
        Some("python3")
    } else {
        eprintln!("skipped: python3 is not installed, so the oracle cannot run");
        None
    }
}

/// What one oracle checks: the rules to select, and its script under `tests/oracle/`.
#[derive(Clone, Copy)]
struct Oracle {
    select: &'static str,
    script: &'static str,
}

const ENV_ACCESS: Oracle = Oracle {
    select: "env-access",
    script: "env_access.py",
};

const DUPLICATES: Oracle = Oracle {
    select: "duplicate-definition,duplicate-body",
    script: "duplicates.py",
};

fn ssotscan(root: &Path, o: Oracle) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ssotscan"));
    cmd.args([
        "--no-config",
        "--no-ignore",
        "check",
        "--select",
        o.select,
        "--format",
        "json",
        "--quiet",
    ])
    .current_dir(root)
    .env_remove("RUST_BACKTRACE");
    cmd
}

fn oracle(python: &str, root: &Path, o: Oracle) -> Command {
    let mut cmd = Command::new(python);
    cmd.arg(manifest_dir().join("tests/oracle").join(o.script))
        .arg(root);
    cmd
}

/// Runs both at once (they use one core each) and returns their outputs.
fn run_both(mut ours: Command, mut theirs: Command) -> (Output, Output) {
    std::thread::scope(|s| {
        let a = s.spawn(move || ours.output().expect("run ssotscan"));
        let b = s.spawn(move || theirs.output().expect("run the oracle"));
        (a.join().unwrap(), b.join().unwrap())
    })
}

/// ssotscan's JSON report in the oracles' line format (env-access lines carry no rule name).
fn ours_as_lines(out: &Output) -> BTreeSet<String> {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("panicked") && matches!(out.status.code(), Some(0 | 1)),
        "ssotscan failed ({:?}): {stderr}",
        out.status
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("ssotscan JSON");
    let mut lines: BTreeSet<String> = v["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            let path = x["path"].as_str().unwrap();
            match x["rule"].as_str().unwrap() {
                "parse-error" => format!("parse-error {path}"),
                "env-access" => format!("{path}:{}:{}", x["line"], x["column"]),
                rule => format!("{rule} {path}:{}:{}", x["line"], x["column"]),
            }
        })
        .collect();
    lines.insert(format!("files {}", v["summary"]["files_scanned"]));
    lines
}

fn oracle_lines(out: &Output) -> BTreeSet<String> {
    assert!(
        out.status.success(),
        "oracle failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

/// Runs both over `root`, asserts they report the same lines, and returns them.
fn assert_agree(root: &Path, python: &str, o: Oracle) -> BTreeSet<String> {
    let (ours, theirs) = run_both(ssotscan(root, o), oracle(python, root, o));
    assert_same(root, ours_as_lines(&ours), oracle_lines(&theirs))
}

fn assert_same(root: &Path, ours: BTreeSet<String>, theirs: BTreeSet<String>) -> BTreeSet<String> {
    let only_ours: Vec<_> = ours.difference(&theirs).take(25).collect();
    let only_oracle: Vec<_> = theirs.difference(&ours).take(25).collect();
    assert!(
        only_ours.is_empty() && only_oracle.is_empty(),
        "{}: ssotscan and the oracle disagree\nonly ssotscan: {only_ours:#?}\nonly oracle: {only_oracle:#?}",
        root.display()
    );
    ours
}

#[test]
fn agrees_on_corner_cases_and_fixtures() {
    let Some(python) = python3() else { return };
    let cases = manifest_dir().join("tests/oracle/cases");
    // 74 references in edge_cases.py, 63 in scopes.py, the 3 parse errors of duplicates/, and
    // the `files` line.
    assert_eq!(assert_agree(&cases, python, ENV_ACCESS).len(), 141);
    assert!(assert_agree(&testdata("env_access"), python, ENV_ACCESS).len() > 20);
    assert!(assert_agree(&testdata("monorepo"), python, ENV_ACCESS).len() > 5);
}

#[test]
fn duplicates_agree_on_corner_cases_and_fixtures() {
    let Some(python) = python3() else { return };
    let cases = manifest_dir().join("tests/oracle/cases/duplicates");
    let lines = assert_agree(&cases, python, DUPLICATES);
    let count = |prefix: &str| lines.iter().filter(|l| l.starts_with(prefix)).count();
    // Pinned so that a corner case cannot silently stop producing sites on both sides.
    // 207 body sites: 179, plus 14 pairs of shared/structure_a.py and shared/structure_b.py
    // (28 sites). Those two files hold 52 pairs of definitions that differ only in one detail
    // of the ast's structure (its comments say which); a pair is a duplicate exactly when
    // Python's `ast.dump` of the two bodies is equal:
    // - same (14): `x[a:b:]` / `x[a:b]`; `f(*a, k=1)` / `f(k=1, *a)`; keywords around `*rest`;
    //   parenthesized `assert` parts; `with (a, b):` / `with a, b:`; regrouping-free parentheses
    //   in conditional expressions; `elif` / `else: if`; `case [a, b]` / `case (a, b)`;
    //   parenthesized or-pattern and guard; concatenated literal pattern; nested f-string
    //   specs (spacing, `{w=}`); `0x10`, `1_000`, quotes, parentheses, implicit concatenation;
    //   classes whose method reorders `*a` and a keyword, or whose bases reorder `*B` and
    //   `metaclass=`;
    // - different (38): which slice bound is present (`x[a:]`, `x[:a]`, `x[::a]`, `x[a::b]`);
    //   `{a: b}` / `{**a, **b}` and where `**` sits; `for`/`while ... else` / the same
    //   statements in the loop; `try`'s `else` / `finally`, and body / `finally`; positional
    //   around `*a`, keywords around `**kw`; `except E as e` / `except E`; `raise a from b`;
    //   `with a as b, c` / `with a, c as b`; lambda keyword-only default; positional-only,
    //   `*name` / `**name`, which keyword-only parameter has the default; comprehension `if`
    //   placement and `if a if b` / `if a and b`; `global` / `nonlocal`; `del a, b` /
    //   `del (a, b)`; `+=` / `-=`; chained / nested comparison; `not in` / `is not`; starred
    //   target; regrouping parentheses; `case None` / `True` / `False`; `**rest` in a mapping
    //   pattern; keyword / positional class pattern; `as` capture / star capture; f-string field
    //   inside / after a spec; `x: int` / `(x): int`; classes whose method differs by a slice
    //   bound or a `for ... else` (that method counts on its own too).
    assert_eq!(
        (
            count("duplicate-definition "),
            count("duplicate-body "),
            count("parse-error ")
        ),
        (37, 207, 3),
        "{lines:#?}"
    );
    // Fixtures without a registry (the oracle knows none).
    assert!(assert_agree(&testdata("duplicates"), python, DUPLICATES).len() > 15);
    assert!(assert_agree(&testdata("formats"), python, DUPLICATES).len() > 1);
}

/// The local CPython standard library, located by `python3` itself.
fn stdlib(python: &str) -> PathBuf {
    let out = Command::new(python)
        .args([
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['stdlib'])",
        ])
        .output()
        .expect("ask python3 for its stdlib");
    let stdlib = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    assert!(stdlib.join("os.py").is_file(), "{}", stdlib.display());
    stdlib
}

#[test]
fn agrees_on_the_python_standard_library() {
    let Some(python) = python3() else { return };
    let ours = assert_agree(&stdlib(python), python, ENV_ACCESS);
    // A real corpus: hundreds of references (179 outside the stdlib's own tests in CPython
    // 3.11), and, where the test suite is installed, its deliberately broken files.
    let violations = ours.iter().filter(|l| l.contains(".py:")).count();
    let parse_errors = ours
        .iter()
        .filter(|l| l.starts_with("parse-error "))
        .count();
    eprintln!("stdlib: {violations} env-access references, {parse_errors} parse errors agree");
    assert!(violations > 100, "{violations}");
}

/// With default options the stdlib has few duplicate bodies (47 sites in CPython 3.11), so this
/// compares every body (`min-statements = 1`) and the stdlib's own tests too
/// (`include-tests = true`): thousands of sites. A configuration needs a project root of its
/// own, so the stdlib is linked into one and walked with `--follow-links`.
#[cfg(unix)]
#[test]
fn duplicates_agree_on_the_python_standard_library() {
    let Some(python) = python3() else { return };
    let stdlib = stdlib(python);
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("oracle-stdlib");
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).expect("create the project root");
    std::os::unix::fs::symlink(&stdlib, root.join("lib")).expect("link the stdlib");
    std::fs::write(
        root.join("ssotscan.toml"),
        "[rules.duplicate-body]\nmin-statements = 1\ninclude-tests = true\n",
    )
    .expect("write ssotscan.toml");
    let mut ours = Command::new(env!("CARGO_BIN_EXE_ssotscan"));
    ours.args(["--follow-links", "--no-ignore", "check", "--select"])
        .args([DUPLICATES.select, "--format", "json", "--quiet"])
        .current_dir(&root)
        .env_remove("RUST_BACKTRACE");
    let mut theirs = oracle(python, &stdlib, DUPLICATES);
    theirs.args(["--min-statements", "1", "--include-tests"]);
    let (ours, theirs) = run_both(ours, theirs);
    // The oracle's paths are relative to the stdlib itself.
    let theirs = oracle_lines(&theirs)
        .into_iter()
        .map(|line| match line.split_once(' ') {
            Some((head, rest)) if head != "files" => format!("{head} lib/{rest}"),
            _ => line,
        })
        .collect();
    let ours = assert_same(&stdlib, ours_as_lines(&ours), theirs);
    let count = |prefix: &str| ours.iter().filter(|l| l.starts_with(prefix)).count();
    let (definitions, bodies) = (count("duplicate-definition "), count("duplicate-body "));
    eprintln!("stdlib: {definitions} duplicate-definition and {bodies} duplicate-body sites agree");
    // CPython 3.11: 840 definition sites outside its tests, 6488 body sites in all.
    assert!(definitions > 500 && bodies > 3000, "{definitions} {bodies}");
}
