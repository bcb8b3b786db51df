//! Inputs that once took super-linear time (issue 15). Each test runs the real binary on an input
//! large enough that the old behaviour needs many times the deadline, while the linear one needs
//! a small fraction of it, even in a debug build on a loaded machine: these are guards against
//! a complexity regression, not speed measurements (those are the criterion benchmarks).

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use wait_timeout::ChildExt;

/// Runs `ssotscan ARGS` in `cwd`; fails if it takes longer than `deadline` or exits with a code
/// other than `expected`.
fn finishes_within(cwd: &Path, args: &[&str], deadline: Duration, expected: i32) -> Duration {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_ssotscan"))
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start ssotscan");
    match child.wait_timeout(deadline).expect("wait") {
        Some(status) => {
            assert_eq!(status.code(), Some(expected), "ssotscan {args:?}");
            start.elapsed()
        }
        None => {
            let _ = child.kill();
            let _ = child.wait();
            panic!("ssotscan {args:?} took longer than {deadline:?}");
        }
    }
}

/// 100,000 `import` lines share the name `None`: each was looked up among all earlier paths of
/// that name (about 40 s in a debug build; linear: under 2 s).
#[test]
fn import_markdown_is_linear_in_the_lines() {
    let mut md = String::from("# Registry\n\n```python\n");
    for i in 0..100_000 {
        md.push_str(&format!("import pkg.m{}.sub{i}  # ✅\n", i % 500));
    }
    md.push_str("```\n");
    let dir = common::project(&[("SSOT.md", &md)]);
    finishes_within(
        dir.path(),
        &["registry", "import-markdown", "SSOT.md", "-o", "out.toml"],
        Duration::from_secs(20),
        0,
    );
    let written = std::fs::read_to_string(dir.path().join("out.toml")).unwrap();
    assert_eq!(written.matches("[[module]]").count(), 100_000);
}

/// Long misspelled names in a package of 2,000 modules: the edit distance to every module and
/// name was computed whatever the length (about 100 s for these 200 names in a debug build).
/// Names longer than the cap get no "did you mean"; shorter ones still do.
#[test]
fn did_you_mean_is_bounded_for_long_names() {
    let mut files: Vec<(String, String)> = vec![("pkg/__init__.py".into(), String::new())];
    for i in (0..2000).filter(|&i| i != 1) {
        files.push((
            format!("pkg/mod_{i:04}.py"),
            format!("def f{i}():\n    return {i}\n"),
        ));
    }
    files.push((
        "pkg/mod_0001.py".into(),
        "def compute_total():\n    return 1\n".into(),
    ));
    let mut app = String::from("from pkg.mod_0001 import compute_totl\nimport pkg.mod_00011\n");
    for i in 0..100 {
        let long: String = (0..1000)
            .map(|k| (b'a' + ((i * 7 + k * 13) % 10) as u8) as char)
            .collect();
        app.push_str(&format!(
            "from pkg.mod_{long} import x\nfrom pkg.mod_0001 import {long}\n"
        ));
    }
    files.push(("app.py".into(), app));
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let dir = common::project(&refs);
    let args = [
        "--no-config",
        "check",
        "--select",
        "unresolved-import",
        "--format",
        "json",
        "-o",
        "out.json",
    ];
    finishes_within(dir.path(), &args, Duration::from_secs(20), 1);
    let json = std::fs::read_to_string(dir.path().join("out.json")).unwrap();
    // The short typos still get their suggestions.
    assert!(json.contains("did you mean `compute_total`?"), "{json}");
    assert!(json.contains("did you mean `pkg.mod_0001`?"), "{json}");
}
