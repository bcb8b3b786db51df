//! Baselines: record today's violations, then fail only on new ones — with an honest score.

mod common;

use common::{project, run, write};

/// Two `env-access` violations in `svc/settings.py`, none in `svc/clean.py`.
const FILES: &[(&str, &str)] = &[
    (
        "ssotscan.toml",
        "[rules.env-access]\nwrapper = \"shared.env.get_env\"\n",
    ),
    (
        "svc/settings.py",
        "import os\n\nDEBUG = os.environ.get('DEBUG')\nHOME = os.getenv('HOME')\n",
    ),
    ("svc/clean.py", "def f():\n    return 1\n"),
];

#[test]
fn baseline_workflow() {
    let dir = project(FILES);
    let root = dir.path();

    // Writing a baseline records every violation, atomically, and exits 0.
    let w = run(root, &["check", "--write-baseline", "baseline.json"]);
    assert_eq!(w.code, 0, "{}{}", w.stdout, w.stderr);
    assert!(
        w.stderr
            .contains("Wrote a baseline of 2 violations to baseline.json."),
        "{}",
        w.stderr
    );
    let text = std::fs::read_to_string(root.join("baseline.json")).unwrap();
    insta::assert_snapshot!("baseline_file", text);

    // Nothing new: exit 0, nothing listed, the score still counts the known violations.
    let r = run(
        root,
        &["check", "--baseline", "baseline.json", "--no-frames"],
    );
    assert_eq!(r.code, 0, "{}", r.stdout);
    insta::assert_snapshot!("nothing_new", r.stdout);

    // Lines move and a new violation appears: only the new one is listed, exit 1.
    write(
        root,
        "svc/settings.py",
        "import os\n\n\n# moved down\nDEBUG = os.environ.get('DEBUG')\nHOME = os.getenv('HOME')\nos.putenv('X', '1')\n",
    );
    let r = run(
        root,
        &["check", "--baseline", "baseline.json", "--no-frames"],
    );
    assert_eq!(r.code, 1, "{}", r.stdout);
    insta::assert_snapshot!("one_new", r.stdout);

    // JSON keeps every violation, marking the known ones, and reports the counts.
    let r = run(
        root,
        &["check", "--baseline", "baseline.json", "--format", "json"],
    );
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        v["summary"]["baseline"],
        serde_json::json!({"known": 2, "new": 1, "fixed": 0})
    );
    let flags: Vec<bool> = v["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["baselined"].as_bool().unwrap_or(false))
        .collect();
    assert_eq!(flags, vec![true, true, false]);
    // GitHub annotations are only for new violations; SARIF marks each result.
    let g = run(
        root,
        &["check", "--baseline", "baseline.json", "--format", "github"],
    );
    assert_eq!(g.stdout.lines().count(), 1, "{}", g.stdout);
    assert!(g.stdout.contains("os.putenv"));
    let s = run(
        root,
        &["check", "--baseline", "baseline.json", "--format", "sarif"],
    );
    let s = common::valid_sarif(&s.stdout);
    let states: Vec<&str> = s["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["baselineState"].as_str().unwrap())
        .collect();
    assert_eq!(states, vec!["unchanged", "unchanged", "new"]);

    // Fixing known violations shows up as fixed debt.
    write(
        root,
        "svc/settings.py",
        "import os\n\nDEBUG = os.environ.get('DEBUG')\n",
    );
    let r = run(
        root,
        &["check", "--baseline", "baseline.json", "--no-frames"],
    );
    assert_eq!(r.code, 0);
    assert!(
        r.stdout
            .contains("Baseline: 0 new, 1 known (not listed), 1 fixed since it was written."),
        "{}",
        r.stdout
    );
}

#[test]
fn bad_baselines_are_usage_errors() {
    let dir = project(FILES);
    let r = run(dir.path(), &["check", "--baseline", "missing.json"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("cannot read baseline missing.json"),
        "{}",
        r.stderr
    );
    write(dir.path(), "b.json", "[1, 2]");
    let r = run(dir.path(), &["check", "--baseline", "b.json"]);
    assert_eq!(r.code, 2);
    // A diagnostic at the value that does not fit (issue 15, item 23).
    assert!(
        r.stderr
            .contains("baseline error: not an ssotscan baseline")
            && r.stderr.contains("╭─[b.json:1:5]")
            && r.stderr.contains("help: write a baseline with"),
        "{}",
        r.stderr
    );
}

/// Duplicate messages count the other copies ("identical to 1 other copy"): when a third copy
/// appears, the two known copies stay known and only the new one is new (issue 15, item 21).
#[test]
fn a_new_copy_does_not_make_known_copies_new() {
    let body = "def compute(a, b):\n    x = a + b\n    y = x * 2\n    z = y - a\n    w = z + b\n    return w\n";
    let dir = project(&[
        (
            "ssotscan.toml",
            "[rules.duplicate-definition]\nkinds = [\"function\"]\n",
        ),
        ("a.py", body),
        ("b.py", body),
    ]);
    let p = dir.path();
    let out = run(p, &["check", "--write-baseline", "base.json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    write(p, "c.py", body);
    let out = run(p, &["check", "--baseline", "base.json", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let new: Vec<(String, String)> = v["violations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x.get("baselined").is_none())
        .map(|x| {
            (
                x["path"].as_str().unwrap().to_string(),
                x["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        new,
        vec![
            ("c.py".to_string(), "duplicate-body".to_string()),
            ("c.py".to_string(), "duplicate-definition".to_string())
        ],
        "{}",
        out.stdout
    );
    assert_eq!(v["summary"]["baseline"]["known"], 4, "{}", out.stdout);
    assert_eq!(v["summary"]["baseline"]["new"], 2, "{}", out.stdout);
}
