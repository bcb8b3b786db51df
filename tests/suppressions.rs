//! Inline suppressions end to end: `# ssotscan: ignore[...]`, `ignore-file[...]`,
//! `require-reason`, what each output format shows, exit codes and baselines.

mod common;

use common::{project, run, Run};
use serde_json::Value;

fn json(r: &Run) -> Value {
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}\n{}", r.stdout, r.stderr))
}

/// (path, line, rule, suppressed) of every violation of a JSON report.
fn violations(v: &Value) -> Vec<(String, u64, String, bool)> {
    v["violations"]
        .as_array()
        .expect("violations")
        .iter()
        .map(|x| {
            (
                x["path"].as_str().unwrap().to_string(),
                x["line"].as_u64().unwrap(),
                x["rule"].as_str().unwrap().to_string(),
                x["suppressed"] == true,
            )
        })
        .collect()
}

fn row(path: &str, line: u64, rule: &str, suppressed: bool) -> (String, u64, String, bool) {
    (path.to_string(), line, rule.to_string(), suppressed)
}

fn check_json(dir: &std::path::Path, extra: &[&str]) -> (Run, Value) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    let r = run(dir, &args);
    let v = json(&r);
    (r, v)
}

const CONFIG: &str = "[rules.env-access]\nwrapper = \"app.env.get_env\"\n";

#[test]
fn a_line_suppression_of_one_rule_leaves_another_rule_on_that_line_reported() {
    let dir = project(&[
        ("ssotscan.toml", CONFIG),
        ("app/__init__.py", ""),
        (
            "app/main.py",
            "import os\nfrom app import nothere; x = os.environ  # ssotscan: ignore[env-access] legacy\n",
        ),
    ]);
    let (r, v) = check_json(dir.path(), &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        violations(&v),
        vec![
            row("app/main.py", 2, "unresolved-import", false),
            row("app/main.py", 2, "env-access", true),
        ]
    );
    let suppressed = &v["violations"][1];
    assert_eq!(suppressed["suppression_reason"], "legacy");
    assert_eq!(suppressed["suppression_line"], 2);
}

#[test]
fn ignore_file_is_read_in_the_first_20_lines_only() {
    let body = |at: usize| {
        let mut lines: Vec<String> = (1..at).map(|i| format!("A{i} = {i}")).collect();
        lines[0] = "import os".into();
        lines.push("# ssotscan: ignore-file[env-access] the environment adapter".into());
        lines.push("B = os.environ['B']".into());
        lines.join("\n") + "\n"
    };
    let dir = project(&[
        ("ssotscan.toml", CONFIG),
        ("app/at20.py", &body(20)),
        ("app/at21.py", &body(21)),
    ]);
    let (_, v) = check_json(dir.path(), &[]);
    assert_eq!(
        violations(&v),
        vec![
            row("app/at20.py", 21, "env-access", true),
            row("app/at21.py", 21, "unused-suppression", false),
            row("app/at21.py", 22, "env-access", false),
        ]
    );
    assert!(v["violations"][1]["message"]
        .as_str()
        .unwrap()
        .contains("first 20 lines"));
}

#[test]
fn a_directive_in_a_string_is_no_comment() {
    let dir = project(&[
        ("ssotscan.toml", CONFIG),
        (
            "app/main.py",
            "import os\nx = os.environ['# ssotscan: ignore[env-access] no']\ny = '''\n# ssotscan: ignore-file[env-access] no\n'''\n",
        ),
    ]);
    let (r, v) = check_json(dir.path(), &[]);
    assert_eq!(r.code, 1);
    assert_eq!(
        violations(&v),
        vec![row("app/main.py", 2, "env-access", false)],
        "not suppressed, and no unused-suppression either"
    );
}

#[test]
fn crlf_files_are_suppressed_on_the_right_lines() {
    let dir = project(&[
        ("ssotscan.toml", CONFIG),
        (
            "app/main.py",
            "import os\r\nx = os.environ  # ssotscan: ignore[env-access] windows\r\ny = os.environ\r\nz = 1  # ssotscan: ignore[env-access] nothing here\r\n",
        ),
    ]);
    let (_, v) = check_json(dir.path(), &[]);
    assert_eq!(
        violations(&v),
        vec![
            row("app/main.py", 2, "env-access", true),
            row("app/main.py", 3, "env-access", false),
            row("app/main.py", 4, "unused-suppression", false),
        ]
    );
    assert_eq!(v["violations"][0]["suppression_reason"], "windows");
}

#[test]
fn require_reason_refuses_suppressions_without_one_and_says_why() {
    let files = [
        ("app/main.py", "import os\nx = os.environ  # ssotscan: ignore[env-access]\ny = os.environ  # ssotscan: ignore[env-access] because\n"),
    ];
    let lenient = project(&[("ssotscan.toml", CONFIG), files[0]]);
    let (r, v) = check_json(lenient.path(), &[]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(
        violations(&v),
        vec![
            row("app/main.py", 2, "env-access", true),
            row("app/main.py", 3, "env-access", true),
        ]
    );
    assert_eq!(v["violations"][0]["suppression_reason"], Value::Null);

    let strict = project(&[
        ("pyproject.toml", "[tool.ssotscan]\nrequire-reason = true\n"),
        files[0],
    ]);
    let (r, v) = check_json(strict.path(), &[]);
    assert_eq!(r.code, 1, "the refused suppression leaves the error");
    assert_eq!(
        violations(&v),
        vec![
            row("app/main.py", 2, "env-access", false),
            row("app/main.py", 2, "unused-suppression", false),
            row("app/main.py", 3, "env-access", true),
        ]
    );
    assert!(v["violations"][1]["message"]
        .as_str()
        .unwrap()
        .contains("require-reason"));

    let typo = project(&[("ssotscan.toml", "require-reasons = true\n")]);
    let r = run(typo.path(), &["check"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("require-reasons"), "{}", r.stderr);
    let mistyped = project(&[("ssotscan.toml", "require-reason = \"yes\"\n")]);
    let r = run(mistyped.path(), &["check"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("require-reason"), "{}", r.stderr);
}

/// Two files: one whose only violation is suppressed, one clean.
fn only_suppressed() -> tempfile::TempDir {
    project(&[
        ("ssotscan.toml", CONFIG),
        (
            "app/main.py",
            "import os\nx = os.environ['A']  # ssotscan: ignore[env-access] read at start-up\n",
        ),
        ("app/clean.py", "VALUE = 1\n"),
    ])
}

#[test]
fn json_marks_suppressed_violations_and_the_summary_scores_both_ways() {
    let dir = only_suppressed();
    let (r, v) = check_json(dir.path(), &[]);
    assert_eq!(r.code, 0, "the only error is suppressed: {}", r.stdout);
    let s = &v["summary"];
    assert_eq!(s["compliance_percent"], 100.0);
    assert_eq!(s["compliance_percent_unsuppressed"], 50.0);
    assert_eq!(s["files_clean"], 2);
    assert_eq!(s["violations_by_rule"], serde_json::json!({}));
    assert_eq!(
        s["suppressed_by_rule"],
        serde_json::json!({"env-access": 1})
    );
    assert_eq!(
        s["violations_by_severity"],
        serde_json::json!({"error": 0, "warning": 0, "info": 0})
    );
    let x = &v["violations"][0];
    assert_eq!(x["suppressed"], true);
    assert_eq!(x["suppression_reason"], "read at start-up");
    assert_eq!(x["suppression_line"], 2);
    // The fields follow the others, in this order.
    let at = |key: &str| r.stdout.find(&format!("\"{key}\":")).expect(key);
    let order = [
        "fix",
        "suppressed",
        "suppression_reason",
        "suppression_line",
    ]
    .map(at);
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{}", r.stdout);
    // --fail-under reads the score with suppressions.
    let r = run(dir.path(), &["check", "--fail-under", "100"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn text_hides_suppressed_violations_and_prints_both_scores() {
    let dir = only_suppressed();
    let r = run(dir.path(), &["check", "--no-frames"]);
    assert_eq!(r.code, 0);
    assert!(!r.stdout.contains("app/main.py:2"), "{}", r.stdout);
    assert!(
        r.stdout.contains(
            "Suppressed 1 violation by inline comments (env-access 1), not listed; the score is 100.0% with suppressions, 50.0% without."
        ),
        "{}",
        r.stdout
    );
    let tail: Vec<&str> = r.stdout.lines().rev().take(3).collect();
    assert_eq!(tail[0], "Compliance Score: 100.0%");
    // Equal scores: only the count.
    let dir = project(&[
        ("ssotscan.toml", CONFIG),
        (
            "app/main.py",
            "import os\nx = os.environ  # ssotscan: ignore[env-access] ok\ny = os.environ\n",
        ),
    ]);
    let r = run(dir.path(), &["check", "--no-frames"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout
            .contains("Suppressed 1 violation by inline comments (env-access 1), not listed.\n"),
        "{}",
        r.stdout
    );
}

#[test]
fn sarif_carries_in_source_suppressions_and_github_leaves_them_out() {
    let dir = only_suppressed();
    let r = run(dir.path(), &["check", "--format", "sarif"]);
    assert_eq!(r.code, 0);
    let v = common::valid_sarif(&r.stdout);
    let results = v["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(
        results[0]["suppressions"],
        serde_json::json!([{
            "kind": "inSource",
            "justification": "read at start-up",
            "location": {"physicalLocation": {
                "artifactLocation": {"uri": "app/main.py", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 2},
            }},
        }])
    );
    let r = run(dir.path(), &["check", "--format", "github"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""));
    // Without a reason, no justification; with a baseline, no baseline state.
    let dir = project(&[
        ("ssotscan.toml", CONFIG),
        (
            "app/main.py",
            "import os\nx = os.environ  # ssotscan: ignore[env-access]\n",
        ),
        ("base.json", "{\"schema_version\": 1, \"violations\": []}"),
    ]);
    let r = run(
        dir.path(),
        &["check", "--format", "sarif", "--baseline", "base.json"],
    );
    let v = common::valid_sarif(&r.stdout);
    let result = &v["runs"][0]["results"][0];
    assert_eq!(result["suppressions"][0]["kind"], "inSource");
    assert!(result["suppressions"][0].get("justification").is_none());
    assert!(result.get("baselineState").is_none());
}

#[test]
fn baselines_leave_suppressed_violations_out() {
    let dir = project(&[
        ("ssotscan.toml", CONFIG),
        (
            "app/main.py",
            "import os\nx = os.environ  # ssotscan: ignore[env-access] known\ny = os.environ\n",
        ),
    ]);
    let r = run(dir.path(), &["check", "--write-baseline", "base.json"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stderr.contains("Wrote a baseline of 1 violation"),
        "{}",
        r.stderr
    );
    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("base.json")).unwrap())
            .unwrap();
    assert_eq!(written["violations"].as_array().unwrap().len(), 1);
    assert_eq!(written["violations"][0]["count"], 1);
    let (r, v) = check_json(dir.path(), &["--baseline", "base.json"]);
    assert_eq!(r.code, 0);
    assert_eq!(
        v["summary"]["baseline"],
        serde_json::json!({"known": 1, "new": 0, "fixed": 0})
    );
    let flags: Vec<(bool, bool)> = v["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x["suppressed"] == true, x["baselined"] == true))
        .collect();
    assert_eq!(flags, vec![(true, false), (false, true)]);
}

#[test]
fn only_rules_that_ran_are_judged_and_every_rule_can_be_suppressed() {
    let dir = project(&[
        ("app/__init__.py", ""),
        (
            "app/a.py",
            "from app import gone  # ssotscan: ignore[unresolved-import, env-access] vendored\n\nclass Settings:  # ssotscan: ignore[duplicate-definition] on purpose\n    pass\n",
        ),
        ("app/b.py", "class Settings:\n    pass\n"),
    ]);
    let (_, v) = check_json(
        dir.path(),
        &["--select", "unused-suppression,unresolved-import"],
    );
    assert_eq!(
        violations(&v),
        vec![row("app/a.py", 1, "unresolved-import", true)],
        "env-access and duplicate-definition did not run: their ids are not judged"
    );
    let (_, v) = check_json(dir.path(), &[]);
    assert_eq!(
        violations(&v),
        vec![
            row("app/a.py", 1, "unresolved-import", true),
            row("app/a.py", 1, "unused-suppression", false),
            row("app/a.py", 3, "duplicate-definition", true),
            row("app/b.py", 1, "duplicate-definition", false),
        ]
    );
    assert!(v["violations"][1]["message"]
        .as_str()
        .unwrap()
        .contains("no `env-access` violation"));
    // Turned off, it reports nothing; the suppressions still apply.
    let off = project(&[
        (
            "ssotscan.toml",
            "[rules.unused-suppression]\nseverity = \"off\"\n",
        ),
        ("a.py", "x = 1  # ssotscan: ignore\n"),
    ]);
    let (r, v) = check_json(off.path(), &[]);
    assert_eq!(r.code, 0);
    assert_eq!(violations(&v), vec![]);
}

#[test]
fn blanket_and_unknown_suppressions_are_explained() {
    let dir = project(&[
        ("ssotscan.toml", CONFIG),
        (
            "app/main.py",
            "import os\nx = os.environ  # ssotscan: ignore\ny = os.environ  # ssotscan: ignore[env-acess] typo\n",
        ),
    ]);
    let (_, v) = check_json(dir.path(), &[]);
    let messages: Vec<(u64, &str, &str)> = v["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["line"].as_u64().unwrap(),
                x["rule"].as_str().unwrap(),
                x["message"].as_str().unwrap(),
            )
        })
        .filter(|(_, rule, _)| *rule == "unused-suppression")
        .collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(messages[0].2.contains("without rule ids"), "{messages:?}");
    assert!(
        messages[1].2.contains("unknown rule `env-acess`")
            && messages[1].2.contains("did you mean `env-access`?"),
        "{messages:?}"
    );
    assert_eq!(
        v["violations"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| x["rule"] == "env-access" && x["severity"] == "error")
            .count(),
        2,
        "both violations stay reported"
    );
}
