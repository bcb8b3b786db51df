//! File names as outputs show them (issue 15, items 4-6): every file is scanned and shown, under a
//! name that is unambiguous and safe to print.

mod common;

use common::{project, run};

/// `m<0xff>.py` (not UTF-8) is shown `m\xff.py`; a file really named `m\xff.py` must not take
/// that name, or one of the two disappears from the scan.
#[cfg(unix)]
#[test]
fn a_name_that_looks_like_an_escape_is_another_file() {
    use std::os::unix::ffi::OsStrExt;
    let dir = project(&[("m\\xff.py", "import os\nx = os.environ['A']\n")]);
    let raw = dir.path().join(std::ffi::OsStr::from_bytes(b"m\xff.py"));
    std::fs::write(raw, "import os\ny = os.getenv('B')\n").unwrap();
    let out = run(
        dir.path(),
        &["--no-config", "check", "--no-frames", "--format", "json"],
    );
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["summary"]["files_scanned"], 2, "{}", out.stdout);
    let paths: Vec<&str> = json["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, vec!["m\\\\xff.py", "m\\xff.py"], "{}", out.stdout);
}

/// A newline or an escape sequence in a file name is shown escaped: one `path:line:col` line per
/// violation, and no terminal control reaches the screen.
#[cfg(unix)]
#[test]
fn control_characters_in_names_are_escaped() {
    let dir = project(&[
        ("a\nb.py", "import os\nx = os.environ['A']\n"),
        ("c\x1b[31m.py", "import os\nx = os.environ['A']\n"),
    ]);
    let out = run(dir.path(), &["--no-config", "check", "--no-frames"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let lines: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.contains("env-access:"))
        .collect();
    assert_eq!(
        lines,
        vec![
            "a\\x0ab.py:2:5: env-access: direct environment access `os.environ`",
            "c\\x1b[31m.py:2:5: env-access: direct environment access `os.environ`",
        ],
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains('\x1b'), "{:?}", out.stdout);
}

/// What a pre-commit hook passes is skipped when it is excluded, with `force-exclude` (config)
/// or `--force-exclude`; without it, a file named on the command line is always scanned.
#[test]
fn force_exclude_applies_the_excludes_to_named_files() {
    let bad = "import os\nx = os.environ['A']\n";
    let config = "extend-exclude = [\"legacy/\", \"gen_*.py\"]\n";
    let dir = project(&[
        ("ssotscan.toml", config),
        ("legacy/old.py", bad),
        ("gen_models.py", bad),
        ("app.py", bad),
    ]);
    let p = dir.path();
    let named = ["legacy/old.py", "gen_models.py", "app.py"];
    let scanned = |extra: &[&str]| -> Vec<String> {
        let mut args = vec!["check", "--format", "json"];
        args.extend_from_slice(extra);
        args.extend_from_slice(&named);
        let out = run(p, &args);
        let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        let mut paths: Vec<String> = json["violations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["path"].as_str().unwrap().to_string())
            .collect();
        paths.dedup();
        paths
    };
    assert_eq!(
        scanned(&[]),
        vec!["app.py", "gen_models.py", "legacy/old.py"]
    );
    assert_eq!(scanned(&["--force-exclude"]), vec!["app.py"]);
    std::fs::write(
        p.join("ssotscan.toml"),
        format!("{config}force-exclude = true\n"),
    )
    .unwrap();
    assert_eq!(scanned(&[]), vec!["app.py"]);
    // A named directory that is excluded is skipped whole.
    let out = run(p, &["check", "--format", "json", "legacy"]);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["summary"]["files_scanned"], 0, "{}", out.stdout);
}
