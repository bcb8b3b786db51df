//! Groups of files (services) in the reports: by top-level directory or by the configuration's
//! `groups`, in the text table and `summary.groups` (issue 14).

mod common;

use common::{project, run};
use serde_json::{json, Value};

const BAD: &str = "import os\nX = os.environ['X']\n";

fn summary(dir: &std::path::Path, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let r = run(dir, &all);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    v["summary"].clone()
}

fn services() -> tempfile::TempDir {
    project(&[
        ("setup.py", ""),
        ("backend/app.py", BAD),
        ("backend/db.py", ""),
        ("backend/tests/test_app.py", BAD),
        ("auth/core.py", BAD),
        ("shared/env.py", ""),
    ])
}

#[test]
fn top_level_directories_by_default() {
    let dir = services();
    let s = summary(dir.path(), &["--no-config", "check"]);
    assert_eq!(
        s["groups"],
        json!({
            "(root)": {"files": 1, "clean": 1, "compliance_percent": 100.0, "violations_by_rule": {}},
            "auth": {"files": 1, "clean": 0, "compliance_percent": 0.0, "violations_by_rule": {"env-access": 1}},
            "backend": {"files": 3, "clean": 1, "compliance_percent": 33.33, "violations_by_rule": {"env-access": 2}},
            "shared": {"files": 1, "clean": 1, "compliance_percent": 100.0, "violations_by_rule": {}}
        })
    );
    let r = run(dir.path(), &["--no-config", "check", "--no-frames"]);
    let tail: Vec<&str> = r.stdout.lines().rev().take(10).collect();
    assert_eq!(
        tail.into_iter().rev().collect::<Vec<_>>(),
        vec![
            "",
            "Groups (worst first)   score  files  not clean  violations",
            "  auth                  0.0%      1          1           1",
            "  backend              33.3%      3          2           2",
            "  (root)              100.0%      1          0           0",
            "  shared              100.0%      1          0           0",
            "",
            "Source: 60.0% compliant (5 files)",
            "Tests: 0.0% compliant (1 file)",
            "Compliance Score: 50.0%",
        ]
    );
}

#[test]
fn configured_groups_and_other() {
    let dir = services();
    common::write(
        dir.path(),
        "ssotscan.toml",
        "[groups]\nservices = ['backend/**', 'auth/**']\nlibs = ['shared/**']\nnone-yet = ['web/**']\n",
    );
    let s = summary(dir.path(), &["check"]);
    assert_eq!(
        s["groups"],
        json!({
            "(other)": {"files": 1, "clean": 1, "compliance_percent": 100.0, "violations_by_rule": {}},
            "libs": {"files": 1, "clean": 1, "compliance_percent": 100.0, "violations_by_rule": {}},
            // Named by the configuration: listed without files.
            "none-yet": {"files": 0, "clean": 0, "compliance_percent": 100.0, "violations_by_rule": {}},
            "services": {"files": 4, "clean": 1, "compliance_percent": 25.0, "violations_by_rule": {"env-access": 3}}
        })
    );
    // The text table leaves out groups without files.
    let r = run(dir.path(), &["check", "--no-frames"]);
    assert!(r.stdout.contains("  services             25.0%      4          3           3\n  (other)             100.0%      1          0           0\n  libs                100.0%      1          0           0\n\nSource"), "{}", r.stdout);
    // Top-level directories on request, and no groups at all.
    let top = summary(dir.path(), &["check", "--group-by", "top"]);
    assert!(top["groups"].get("backend").is_some());
    let none = summary(dir.path(), &["check", "--group-by", "none"]);
    assert!(none.get("groups").is_none());
    let r = run(dir.path(), &["check", "--group-by", "none"]);
    assert!(!r.stdout.contains("Groups"), "{}", r.stdout);
    assert!(r.stdout.ends_with("Compliance Score: 50.0%\n"));
}

#[test]
fn a_file_in_two_groups_is_a_configuration_error() {
    let dir = services();
    common::write(
        dir.path(),
        "ssotscan.toml",
        "[groups]\nbackend = ['backend/**']\ntests = ['**/tests/**']\n",
    );
    for args in [&["check"][..], &["check", "--group-by", "top"][..]] {
        let r = run(dir.path(), args);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stdout.is_empty());
        assert!(
            r.stderr.contains(
                "`groups`: `backend/tests/test_app.py` is in two groups, `backend` and `tests`"
            ) && r.stderr.contains("[ssotscan.toml:3:1]")
                && r.stderr.contains("help: a file belongs to one group"),
            "{}",
            r.stderr
        );
    }
}

#[test]
fn bad_groups_and_group_by_config_without_groups() {
    let dir = services();
    let r = run(
        dir.path(),
        &["--no-config", "check", "--group-by", "config"],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("--group-by config: the configuration has no `groups`"),
        "{}",
        r.stderr
    );
    for (toml, says) in [
        ("[groups]\nx = []\n", "`groups.x`: lists no globs"),
        (
            "[groups]\nx = ['a/[']\n",
            "invalid glob `a/[` in `groups.x`",
        ),
        ("[groups]\nx = 'a/**'\n", "invalid type: string"),
        ("[group]\nx = ['a/**']\n", "unknown field `group`"),
    ] {
        common::write(dir.path(), "ssotscan.toml", toml);
        let r = run(dir.path(), &["check"]);
        assert_eq!(r.code, 2, "{toml}: {}", r.stderr);
        assert!(r.stderr.contains(says), "{toml}: {}", r.stderr);
    }
}

#[test]
fn groups_count_reported_files_and_not_suppressed_violations() {
    let dir = services();
    common::write(
        dir.path(),
        "auth/core.py",
        "import os\nX = os.environ['X']  # ssotscan: ignore[env-access] read once\n",
    );
    let s = summary(dir.path(), &["--no-config", "check"]);
    assert_eq!(
        s["groups"]["auth"],
        json!({"files": 1, "clean": 1, "compliance_percent": 100.0, "violations_by_rule": {}})
    );
    // A subset: the groups of the reported files only.
    let s = summary(
        dir.path(),
        &["--no-config", "check", "backend/app.py", "setup.py"],
    );
    assert_eq!(
        s["groups"],
        json!({
            "(root)": {"files": 1, "clean": 1, "compliance_percent": 100.0, "violations_by_rule": {}},
            "backend": {"files": 1, "clean": 0, "compliance_percent": 0.0, "violations_by_rule": {"env-access": 1}}
        })
    );
}

#[test]
fn one_group_makes_no_table() {
    let dir = project(&[("app/a.py", BAD), ("app/b.py", "")]);
    let r = run(dir.path(), &["--no-config", "check", "--no-frames"]);
    assert!(!r.stdout.contains("Groups"), "{}", r.stdout);
    let s = summary(dir.path(), &["--no-config", "check"]);
    assert_eq!(s["groups"]["app"]["files"], 2);
}

#[test]
fn groups_in_pyproject() {
    let dir = services();
    common::write(
        dir.path(),
        "pyproject.toml",
        "[tool.ssotscan.groups]\nall = ['**/*.py']\n",
    );
    let s = summary(dir.path(), &["check"]);
    assert_eq!(s["groups"]["all"]["files"], 6);
}
