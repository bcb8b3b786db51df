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
    let v = common::valid_sarif(&r.stdout);
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

/// File names that are not plain URI characters: each `uri` is a percent-encoded reference to
/// the real file, and the report is valid SARIF (issue 15, item 5).
#[cfg(unix)]
#[test]
fn sarif_uris_are_percent_encoded_references_to_the_files() {
    let bad = "import os\nx = os.environ['A']\n";
    let dir = common::project(&[
        ("a#b.py", bad),
        ("q?x.py", bad),
        ("sp ace%20.py", bad),
        ("c:x.py", bad),
        ("{{module_name}}.py", bad),
        ("pkg/é.py", bad),
    ]);
    let r = run(dir.path(), &["--no-config", "check", "--format", "sarif"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v = common::valid_sarif(&r.stdout);
    let uris: Vec<&str> = v["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(
        uris,
        vec![
            "a%23b.py",
            "c%3Ax.py",
            "pkg/%C3%A9.py",
            "q%3Fx.py",
            "sp%20ace%2520.py",
            "%7B%7Bmodule_name%7D%7D.py"
        ]
    );
}

/// The validator is strict where it matters: an unencoded space in a `uri` is refused.
#[test]
fn the_sarif_validator_checks_uri_formats() {
    let r = run(&testdata("formats"), &["check", "--format", "sarif"]);
    let mut v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] =
        serde_json::json!("a b#c d.py");
    let errors = common::sarif_schema_errors(&v);
    assert!(!errors.is_empty(), "a uri with spaces passed the schema");
}

/// Every JSON document of the tool starts with the same header: `schema_version` and `tool`
/// (issue 15, item 22).
#[test]
fn every_json_output_carries_schema_version_and_tool() {
    let monorepo = testdata("monorepo");
    let registry = testdata("registry/project");
    for (dir, args) in [
        (&monorepo, &["check", "--format", "json"][..]),
        (&monorepo, &["duplicates", "--format", "json"][..]),
        (&monorepo, &["graph", "--format", "json"][..]),
        (&monorepo, &["graph", "--cycles", "--format", "json"][..]),
        (
            &monorepo,
            &[
                "who-imports",
                "shared.isolated_environment",
                "--format",
                "json",
            ][..],
        ),
        (&registry, &["registry", "verify", "--format", "json"][..]),
    ] {
        let r = run(dir, args);
        let v: serde_json::Value = serde_json::from_str(&r.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {}", r.stderr));
        // First in the document, as written.
        let header = r.stdout.split_once("\"tool\": {").map(|(head, _)| head);
        assert_eq!(header, Some("{\n  \"schema_version\": 1,\n  "), "{args:?}");
        assert_eq!(v["schema_version"], 1, "{args:?}");
        assert_eq!(v["tool"]["name"], "ssotscan", "{args:?}");
    }
}

/// `--format badge`: valid SVG with the score and its colour (issue 14).
#[test]
fn badge_shows_the_score_in_its_colour() {
    let badge = |dir: &std::path::Path, args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["check", "--format", "badge"]);
        let r = run(dir, &all);
        let doc = roxmltree::Document::parse(&r.stdout)
            .unwrap_or_else(|e| panic!("not XML ({e}): {}", r.stdout));
        let svg = doc.root_element();
        assert_eq!(svg.tag_name().name(), "svg");
        assert_eq!(
            svg.tag_name().namespace(),
            Some("http://www.w3.org/2000/svg")
        );
        // No reference to anything outside the badge.
        for n in doc.descendants() {
            for a in n.attributes() {
                assert!(
                    !a.value().contains("//") || a.name() == "xmlns",
                    "{}={}",
                    a.name(),
                    a.value()
                );
            }
        }
        let texts: Vec<String> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text().map(str::to_string))
            .collect();
        let fill = doc
            .descendants()
            .filter(|n| n.has_tag_name("rect"))
            .nth(2)
            .and_then(|n| n.attribute("fill").map(str::to_string))
            .unwrap();
        (r.code, texts, fill, r.stdout.clone())
    };
    let (code, texts, fill, svg) = badge(&testdata("monorepo"), &[]);
    assert_eq!(code, 1, "the exit code is check's");
    assert_eq!(texts, vec!["ssot", "ssot", "78.1%", "78.1%"]);
    assert_eq!(fill, "#e05d44", "red below 80%");
    assert!(svg.contains("aria-label=\"ssot: 78.1%\""));
    // Yellow from 80%, green from 95%.
    let bad = "import os\nX = os.environ['X']\n";
    let mut files: Vec<(String, &str)> = (0..9).map(|i| (format!("ok{i}.py"), "")).collect();
    files.push(("bad.py".into(), bad));
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), *t)).collect();
    let dir = common::project(&refs);
    let (_, texts, fill, _) = badge(dir.path(), &["--no-config"]);
    assert_eq!(texts[2], "90.0%");
    assert_eq!(fill, "#dfb317");
    std::fs::write(dir.path().join("bad.py"), "").unwrap();
    let (code, texts, fill, _) = badge(dir.path(), &["--no-config"]);
    assert_eq!(code, 0);
    assert_eq!(texts[2], "100.0%");
    assert_eq!(fill, "#4c1");
}
