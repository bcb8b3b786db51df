//! One rule, one unit: every registered rule has a fixture project `testdata/rules/<id>/`
//! whose marked lines (`# error: <id>`, `# warning: <id>`, `# info: <id>`) are exactly its
//! findings, and whose text and JSON reports are pinned by snapshots. See
//! `testdata/rules/README.md`.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{redact_duration, run, testdata};
use ssotscan::rules::ALL_RULES;

/// (path, line, severity, rule) of every marker in the fixture's `.py` files.
fn markers(root: &Path) -> BTreeSet<(String, u32, String, String)> {
    let mut out = BTreeSet::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read fixture") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "py") {
                continue;
            }
            let bytes = std::fs::read(&path).expect("read");
            let text = String::from_utf8_lossy(&bytes);
            let rel = path
                .strip_prefix(root)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/");
            for (i, line) in text.lines().enumerate() {
                for severity in ["error", "warning", "info"] {
                    let marker = format!("# {severity}: ");
                    if let Some(at) = line.rfind(&marker) {
                        let rule = line[at + marker.len()..].trim().to_string();
                        out.insert((rel.clone(), i as u32 + 1, severity.to_string(), rule));
                    }
                }
            }
        }
    }
    out
}

/// `also`: other rules to run beside it (`unused-suppression` judges only the suppressions of
/// rules that ran).
fn check_rule(id: &str, also: &[&str]) {
    let dir = testdata(&format!("rules/{id}"));
    assert!(
        dir.join("ssotscan.toml").is_file(),
        "rule `{id}` has no fixture project testdata/rules/{id}/ (see testdata/rules/README.md)"
    );
    let select = std::iter::once(id)
        .chain(also.iter().copied())
        .collect::<Vec<_>>()
        .join(",");
    let json = run(&dir, &["check", "--select", &select, "--format", "json"]);
    assert!(matches!(json.code, 0 | 1), "{id}: {}", json.stderr);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    let found: BTreeSet<(String, u32, String, String)> = report["violations"]
        .as_array()
        .expect("violations")
        .iter()
        // Suppressed violations are listed in JSON, but they are not findings users see.
        .filter(|v| v["rule"] == id && v["suppressed"] != true)
        .map(|v| {
            (
                v["path"].as_str().unwrap().to_string(),
                v["line"].as_u64().unwrap() as u32,
                v["severity"].as_str().unwrap().to_string(),
                id.to_string(),
            )
        })
        .collect();
    let expected = markers(&dir);
    assert!(!expected.is_empty(), "{id}: the fixture marks no finding");
    assert_eq!(
        found, expected,
        "{id}: findings (left) differ from the lines marked in testdata/rules/{id} (right)"
    );
    let text = run(&dir, &["check", "--select", &select]);
    insta::assert_snapshot!(format!("{}_text", id.replace('-', "_")), text.stdout);
    insta::assert_snapshot!(
        format!("{}_json", id.replace('-', "_")),
        redact_duration(&json.stdout)
    );
}

macro_rules! rule_tests {
    ($($name:ident => $id:literal $(with [$($also:literal),*])?,)*) => {
        $(
            #[test]
            fn $name() {
                check_rule($id, &[$($($also),*)?]);
            }
        )*

        /// Every registered rule has a test here, and every test a registered rule.
        #[test]
        fn every_rule_has_a_fixture_and_a_test() {
            let tested: BTreeSet<&str> = [$($id),*].into_iter().collect();
            let registered: BTreeSet<&str> = ALL_RULES.iter().map(|r| r.meta.id).collect();
            assert_eq!(tested, registered, "add the rule to rule_tests! in tests/rules.rs");
            for id in registered {
                assert!(
                    testdata(&format!("rules/{id}/ssotscan.toml")).is_file(),
                    "rule `{id}` has no fixture project testdata/rules/{id}/"
                );
            }
        }
    };
}

rule_tests! {
    parse_error => "parse-error",
    env_access => "env-access",
    duplicate_definition => "duplicate-definition",
    duplicate_body => "duplicate-body",
    unresolved_import => "unresolved-import",
    broken_import => "broken-import",
    deprecated_import => "deprecated-import",
    non_canonical_import => "non-canonical-import",
    banned_import => "banned-import",
    unused_suppression => "unused-suppression" with ["env-access", "unresolved-import"],
}
