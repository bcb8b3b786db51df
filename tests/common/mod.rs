//! Helpers for end-to-end tests: run the real binary in a directory and capture what it prints.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository's `testdata/` directory.
pub fn testdata(sub: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(sub)
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `ssotscan ARGS` in `cwd` with a clean, deterministic environment.
pub fn run(cwd: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_ssotscan"))
        .args(args)
        .current_dir(cwd)
        .env_remove("RUST_BACKTRACE")
        .env("NO_COLOR", "1")
        .output()
        .expect("run ssotscan");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `duration_ms` is the one field that changes between runs.
pub fn redact_duration(json: &str) -> String {
    let mut v: serde_json::Value = serde_json::from_str(json).expect("valid JSON");
    if let Some(s) = v.get_mut("summary").and_then(|s| s.as_object_mut()) {
        s.insert("duration_ms".into(), serde_json::Value::from(0));
    }
    serde_json::to_string_pretty(&v).unwrap()
}

/// A temporary project: `files` are (path, contents) relative to its root.
pub fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary directory");
    for (path, text) in files {
        write(dir.path(), path, text);
    }
    dir
}

/// Writes `text` to `root/rel`, creating directories.
pub fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().expect("a file path")).expect("create directories");
    std::fs::write(p, text).expect("write file");
}

/// The schema errors of a SARIF report, against the official SARIF 2.1.0 schema
/// (`testdata/schemas/`), formats (`uri`, `uri-reference`, `date-time`) included. The schema is
/// draft-04, where the validator knows no `uri-reference` format; it is read as draft 7, which
/// reads this schema the same way (it uses no keyword whose meaning changed: no
/// `exclusiveMinimum`/`exclusiveMaximum`, no `$ref` by `id`) and checks every format it names.
pub fn sarif_schema_errors(report: &serde_json::Value) -> Vec<String> {
    let text = std::fs::read_to_string(testdata("schemas/sarif-2.1.0.json")).expect("the schema");
    let schema: serde_json::Value = serde_json::from_str(&text).expect("the schema is JSON");
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .should_validate_formats(true)
        .build(&schema)
        .expect("a valid schema");
    validator
        .iter_errors(report)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// Parses a SARIF report and asserts it is valid SARIF 2.1.0.
pub fn valid_sarif(stdout: &str) -> serde_json::Value {
    let report: serde_json::Value = serde_json::from_str(stdout).expect("SARIF is JSON");
    let errors = sarif_schema_errors(&report);
    assert!(errors.is_empty(), "invalid SARIF: {errors:#?}");
    report
}

/// Runs `git ARGS` in `dir` with a fixed identity and, when given, a fixed author and committer
/// date; panics if it fails. Returns stdout, trimmed.
pub fn git_at(dir: &Path, args: &[&str], date: Option<&str>) -> String {
    let mut cmd = Command::new("git");
    cmd.args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com");
    if let Some(date) = date {
        cmd.env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date);
    }
    let out = cmd.output().expect("git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}
