//! The files ssotscan writes (`-o`, `--write-baseline`, `registry import-markdown -o`): what is
//! at the path decides how it is written (see `src/fs_util.rs`). Every path here is inside a
//! temporary directory.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{project, run};

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn dash_is_standard_output() {
    let dir = project(&[("app.py", "import os\nx = os.environ['A']\n")]);
    let out = run(
        dir.path(),
        &["--no-config", "check", "--format", "json", "-o", "-"],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stdout.contains("\"rule\": \"env-access\""),
        "{}",
        out.stdout
    );
    assert!(!dir.path().join("-").exists());
}

#[cfg(unix)]
#[test]
fn outputs_through_a_symlink_replace_its_target() {
    let dir = project(&[("app.py", "x = 1\n"), ("reports/real.json", "old")]);
    std::os::unix::fs::symlink("reports/real.json", dir.path().join("latest.json")).unwrap();
    let out = run(
        dir.path(),
        &[
            "--no-config",
            "check",
            "--format",
            "json",
            "-o",
            "latest.json",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let link = std::fs::symlink_metadata(dir.path().join("latest.json")).unwrap();
    assert!(link.file_type().is_symlink());
    let written = std::fs::read_to_string(dir.path().join("reports/real.json")).unwrap();
    assert!(written.contains("\"files_scanned\": 1"), "{written}");
}

#[test]
fn import_markdown_refuses_to_replace_a_registry_without_force() {
    let md = "# Registry\n\n```python\nfrom pkg.a import A  # ✅\n```\n";
    let dir = project(&[("SSOT.md", md), ("ssot-registry.toml", "# hand-made\n")]);
    let out = run(dir.path(), &["registry", "import-markdown", "SSOT.md"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("ssot-registry.toml exists; pass --force to replace it"),
        "{}",
        out.stderr
    );
    let kept = std::fs::read_to_string(dir.path().join("ssot-registry.toml")).unwrap();
    assert_eq!(kept, "# hand-made\n");
    let out = run(
        dir.path(),
        &["registry", "import-markdown", "SSOT.md", "--force"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let replaced = std::fs::read_to_string(dir.path().join("ssot-registry.toml")).unwrap();
    assert!(replaced.contains("name = \"A\""), "{replaced}");
    // A new file needs no --force.
    let out = run(
        dir.path(),
        &["registry", "import-markdown", "SSOT.md", "-o", "other.toml"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
}

/// SIGTERM and SIGINT while a report is being written: the temporary file is removed, the
/// target is untouched, and the process ends by the signal.
#[cfg(unix)]
#[test]
fn a_signal_during_a_write_leaves_no_temporary_file() {
    use std::os::unix::process::ExitStatusExt;
    for (signal, number) in [("TERM", 15), ("INT", 2)] {
        let dir = project(&[
            ("app.py", "import os\nx = os.environ['A']\n"),
            ("out.json", "old"),
        ]);
        let mut child = Command::new(env!("CARGO_BIN_EXE_ssotscan"))
            .args([
                "--no-config",
                "--no-cache",
                "check",
                "--format",
                "json",
                "-o",
                "out.json",
            ])
            .current_dir(dir.path())
            .env("SSOTSCAN_TEST_WRITE_PAUSE_MS", "20000")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn ssotscan");
        let start = Instant::now();
        while !names(dir.path())
            .iter()
            .any(|n| n.starts_with(".ssotscan-"))
        {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "no temporary file appeared"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        let killed = Command::new("kill")
            .args([format!("-{signal}"), child.id().to_string()])
            .status()
            .expect("kill");
        assert!(killed.success());
        let status = child.wait().expect("wait");
        assert_eq!(status.signal(), Some(number), "{signal}: {status:?}");
        assert_eq!(names(dir.path()), vec!["app.py", "out.json"], "{signal}");
        let kept = std::fs::read_to_string(dir.path().join("out.json")).unwrap();
        assert_eq!(kept, "old", "{signal}");
    }
}

#[test]
fn a_write_error_exits_2_with_the_path() {
    let dir = project(&[("app.py", "x = 1\n")]);
    let out = run(
        dir.path(),
        &["--no-config", "check", "-o", "no/such/dir/report.txt"],
    );
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("cannot write no/such/dir/report.txt"),
        "{}",
        out.stderr
    );
}
