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
