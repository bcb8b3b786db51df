//! The machine-readable formats: GitHub annotations and SARIF, pinned by snapshots.

mod common;

use common::{run, testdata};

#[test]
fn github_annotations() {
    let r = run(&testdata("formats"), &["check", "--format", "github"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn sarif_report() {
    let r = run(&testdata("formats"), &["check", "--format", "sarif"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("SARIF is JSON");
    assert_eq!(v["version"], "2.1.0");
    let results = v["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    // Rule docs travel with the report, so dashboards can show them.
    let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.iter().any(|r| r["id"] == "env-access"
        && r["help"]["text"]
            .as_str()
            .unwrap()
            .contains("## What it does")));
    insta::assert_snapshot!(serde_json::to_string_pretty(&results).unwrap());
}
