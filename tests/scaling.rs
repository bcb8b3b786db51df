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
