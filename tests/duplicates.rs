//! `check --select duplicate-definition,duplicate-body` and `duplicates` on a small monorepo.

mod common;

use common::{redact_duration, run, testdata};

const SELECT: &str = "duplicate-definition,duplicate-body";

#[test]
fn check_text_project_scope() {
    let r = run(&testdata("duplicates"), &["check", "--select", SELECT]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn check_json_project_scope() {
    let r = run(
        &testdata("duplicates"),
        &["check", "--select", SELECT, "--format", "json"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!(redact_duration(&r.stdout));
}

#[test]
fn check_text_per_service_with_renamed_copies_and_tests() {
    let r = run(
        &testdata("duplicates"),
        &[
            "--config",
            "services.toml",
            "check",
            "--select",
            SELECT,
            "--no-frames",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn duplicates_report_text() {
    let r = run(&testdata("duplicates"), &["duplicates"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stderr, "");
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn duplicates_report_json() {
    let r = run(&testdata("duplicates"), &["duplicates", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn duplicates_report_filters_and_scope() {
    let dir = testdata("duplicates");
    let r = run(&dir, &["duplicates", "--min-sites", "3"]);
    insta::assert_snapshot!("min_sites_3", r.stdout);
    let r = run(&dir, &["duplicates", "--name", "*Result"]);
    insta::assert_snapshot!("name_glob", r.stdout);
    let r = run(&dir, &["--config", "services.toml", "duplicates"]);
    insta::assert_snapshot!("per_service", r.stdout);
}

#[test]
fn duplicates_report_is_deterministic_across_thread_counts() {
    let dir = testdata("duplicates");
    let one = run(&dir, &["--threads", "1", "duplicates", "--format", "json"]);
    let many = run(&dir, &["--threads", "4", "duplicates", "--format", "json"]);
    assert_eq!(one.stdout, many.stdout);
}

#[test]
fn bad_options_exit_2() {
    let dir = testdata("duplicates");
    let r = run(&dir, &["duplicates", "--min-sites", "1"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let r = run(&dir, &["duplicates", "--name", "[x"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--name: invalid glob"), "{}", r.stderr);
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("ssotscan.toml"),
        "[rules.duplicate-definition]\nkinds = ['klass']\n",
    )
    .unwrap();
    for args in [&["duplicates"][..], &["check"][..]] {
        let r = run(tmp.path(), args);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(
            r.stderr.contains("[rules.duplicate-definition]") && r.stderr.contains("klass"),
            "{}",
            r.stderr
        );
    }
}

#[test]
fn many_sites_list_the_ten_nearest_others() {
    let tmp = tempfile::tempdir().unwrap();
    let pkg = tmp.path().join("shared");
    std::fs::create_dir(&pkg).unwrap();
    for i in 0..13 {
        std::fs::write(
            pkg.join(format!("m{i:02}.py")),
            format!("class Settings:\n    value = {i}\n"),
        )
        .unwrap();
    }
    let r = run(
        tmp.path(),
        &["check", "--select", "duplicate-definition", "--no-frames"],
    );
    let first = r.stdout.lines().take(3).collect::<Vec<_>>().join("\n");
    insta::assert_snapshot!(first, @r"
    shared/m00.py:1:7: duplicate-definition: class `Settings` is defined in 13 modules
      = fix: keep one definition and import it everywhere else
      = also defined at: shared/m01.py:1, shared/m02.py:1, shared/m03.py:1, shared/m04.py:1, shared/m05.py:1, shared/m06.py:1, shared/m07.py:1, shared/m08.py:1, shared/m09.py:1, shared/m10.py:1
    ");
    let r = run(
        tmp.path(),
        &[
            "check",
            "--select",
            "duplicate-definition",
            "--format",
            "json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let paths = |i: usize| -> Vec<String> {
        v["violations"][i]["related"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["path"].as_str().unwrap().to_string())
            .collect()
    };
    let expect = |range: std::ops::RangeInclusive<usize>, skip: usize| -> Vec<String> {
        range
            .filter(|&j| j != skip)
            .map(|j| format!("shared/m{j:02}.py"))
            .collect()
    };
    assert_eq!(paths(12), expect(2..=11, 12));
    assert_eq!(paths(6), expect(1..=11, 6));
    let r = run(tmp.path(), &["duplicates", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["groups"][0]["sites"].as_array().unwrap().len(), 13);
}
