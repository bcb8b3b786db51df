//! The facts cache: the same output cold, warm and without it; entries used only for the same
//! content; judgement-only settings keep it; a corrupt, unwritable, concurrently written or
//! half-written (SIGKILL) cache never gives a wrong answer.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{project, redact_duration, testdata, write};

/// Runs ssotscan in `cwd` with `SSOTSCAN_CACHE_STATS` set: stderr tells where the facts came
/// from.
fn run(cwd: &Path, args: &[&str]) -> common::Run {
    let out = Command::new(env!("CARGO_BIN_EXE_ssotscan"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("SSOTSCAN_CACHE_STATS", "1")
        .output()
        .expect("run ssotscan");
    common::Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The `cache: ...` line of a run with `SSOTSCAN_CACHE_STATS`.
fn stats(r: &common::Run) -> &str {
    r.stderr
        .lines()
        .find(|l| l.starts_with("cache: "))
        .unwrap_or_else(|| panic!("no cache statistics in {}", r.stderr))
}

/// stderr without the statistics and timing lines.
fn messages(r: &common::Run) -> Vec<&str> {
    r.stderr
        .lines()
        .filter(|l| !l.starts_with("cache: ") && !l.starts_with("Scanned "))
        .collect()
}

/// Every project under testdata/: the top-level trees (or their `project/`) and each rule's.
fn trees() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(testdata("")).expect("testdata") {
        let dir = entry.expect("entry").path();
        if !dir.is_dir() || dir.ends_with("schemas") {
            continue;
        }
        if dir.ends_with("rules") {
            for rule in std::fs::read_dir(&dir).expect("rules") {
                let rule = rule.expect("entry").path();
                if rule.is_dir() {
                    out.push(rule);
                }
            }
        } else if dir.join("project").is_dir() {
            out.push(dir.join("project"));
        } else {
            out.push(dir);
        }
    }
    out.sort();
    out
}

/// What a run shows that must not depend on the cache: the exit code, stdout (JSON without
/// `duration_ms`) and the messages on stderr.
fn observed(r: &common::Run) -> String {
    let stdout = if r.stdout.starts_with('{') && r.stdout.contains("\"summary\"") {
        redact_duration(&r.stdout)
    } else {
        r.stdout.clone()
    };
    format!("exit {}\n{stdout}\n{}", r.code, messages(r).join("\n"))
}

#[test]
fn every_testdata_tree_gives_the_same_output_cold_warm_and_without_the_cache() {
    let commands: &[&[&str]] = &[
        &["check", "--format", "json"],
        &["check"],
        &["check", "--select", "env-access", "--format", "json"],
        &["graph", "--format", "json"],
        &["duplicates", "--format", "json"],
        &["registry", "verify", "--format", "json"],
    ];
    for tree in trees() {
        let cache = tempfile::tempdir().expect("cache dir");
        let dir = cache.path().to_str().expect("utf-8 temp path");
        for command in commands {
            let with = |extra: &[&str]| -> Vec<String> {
                let mut args: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
                args.extend(command.iter().map(|s| s.to_string()));
                args
            };
            let as_refs = |v: &[String]| -> Vec<String> { v.to_vec() };
            let cached = as_refs(&with(&["--cache-dir", dir]));
            let cached: Vec<&str> = cached.iter().map(String::as_str).collect();
            let none = with(&["--no-cache"]);
            let none: Vec<&str> = none.iter().map(String::as_str).collect();
            let cold = run(&tree, &cached);
            let warm = run(&tree, &cached);
            let off = run(&tree, &none);
            let what = format!("{} in {}", command.join(" "), tree.display());
            assert_eq!(
                observed(&cold),
                observed(&off),
                "cold vs --no-cache: {what}"
            );
            assert_eq!(
                observed(&warm),
                observed(&off),
                "warm vs --no-cache: {what}"
            );
            // The warm run parsed nothing (when the command scanned: `registry verify` without a
            // registry stops before).
            if cold.stderr.contains("cache: ") {
                assert!(
                    stats(&warm).contains(" 0 parsed"),
                    "{what}: {}",
                    stats(&warm)
                );
            }
        }
    }
}

/// Sleeps until files written now are old enough for their status to stand for their content.
fn age_files() {
    std::thread::sleep(Duration::from_millis(2200));
}

fn cache_file(dir: &Path) -> PathBuf {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("cache dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("facts-") && n.ends_with(".bin"))
        })
        .collect();
    files.sort();
    assert_eq!(files.len(), 1, "{files:?}");
    files.remove(0)
}

#[test]
fn an_edit_that_keeps_size_and_modification_time_is_seen() {
    let dir = project(&[
        ("pkg/__init__.py", ""),
        ("pkg/a.py", "import os\nv = os.getcwd()\n"),
        ("pkg/b.py", "X = 1\n"),
    ]);
    let root = dir.path();
    age_files();
    let args = ["--no-config", "check", "--format", "json"];
    let first = run(root, &args);
    assert_eq!(first.code, 0, "{}", first.stdout);
    assert_eq!(
        stats(&first),
        "cache: 0 by status, 0 by content, 3 parsed, 0 not cached"
    );
    let second = run(root, &args);
    // Old files: the status stands for the content, nothing is read.
    assert_eq!(
        stats(&second),
        "cache: 3 by status, 0 by content, 0 parsed, 0 not cached"
    );
    // The same number of bytes, and the modification time set back to what it was.
    let path = root.join("pkg/a.py");
    let mtime = std::fs::metadata(&path).unwrap().modified().unwrap();
    std::fs::write(&path, "import os\nv = os.getenv()\n").unwrap();
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), mtime);
    let third = run(root, &args);
    assert_eq!(third.code, 1, "{}", third.stdout);
    assert!(
        third.stdout.contains("\"rule\": \"env-access\""),
        "{}",
        third.stdout
    );
    assert_eq!(
        stats(&third),
        "cache: 2 by status, 0 by content, 1 parsed, 0 not cached"
    );
    // `touch` alone: the content is read again and found the same, nothing is parsed.
    std::fs::File::options()
        .write(true)
        .open(root.join("pkg/b.py"))
        .unwrap()
        .set_modified(std::time::SystemTime::now())
        .unwrap();
    let fourth = run(root, &args);
    // b.py by content; a.py too: its change time is too recent for its status to count yet.
    assert_eq!(
        stats(&fourth),
        "cache: 1 by status, 2 by content, 0 parsed, 0 not cached"
    );
    assert_eq!(
        redact_duration(&fourth.stdout),
        redact_duration(&third.stdout)
    );
}

#[test]
fn a_change_of_judgement_keeps_the_cache_and_a_change_of_facts_does_not() {
    let dir = project(&[
        (
            "ssotscan.toml",
            "[rules.env-access]\nseverity = \"error\"\n",
        ),
        ("a.py", "import os\nv = os.environ['A']\n"),
        ("b.py", "def f():\n    return 1\n"),
    ]);
    let root = dir.path();
    age_files();
    let first = run(root, &["check"]);
    assert_eq!(first.code, 1);
    let cache = cache_file(&root.join(".ssotscan_cache"));
    let bytes = std::fs::read(&cache).unwrap();
    let written = std::fs::metadata(&cache).unwrap().modified().unwrap();
    // Severities, allow-lists, selected rules that want the same facts: the same file, untouched.
    write(
        root,
        "ssotscan.toml",
        "[rules.env-access]\nseverity = \"warning\"\nallow = [\"a.py\"]\n",
    );
    let second = run(root, &["check"]);
    assert_eq!(second.code, 0, "{}", second.stdout);
    assert_eq!(
        stats(&second),
        "cache: 2 by status, 0 by content, 0 parsed, 0 not cached"
    );
    assert_eq!(cache_file(&root.join(".ssotscan_cache")), cache);
    assert_eq!(std::fs::read(&cache).unwrap(), bytes);
    assert_eq!(
        std::fs::metadata(&cache).unwrap().modified().unwrap(),
        written
    );
    // A setting that shapes the facts (which bodies are kept) parses again, into its own file.
    write(
        root,
        "ssotscan.toml",
        "[rules.duplicate-body]\nmin-statements = 1\n",
    );
    let third = run(root, &["check"]);
    assert!(stats(&third).contains(" 2 parsed"), "{}", stats(&third));
}

#[test]
fn a_corrupt_truncated_or_foreign_cache_is_rebuilt_with_one_warning() {
    let dir = project(&[
        ("a.py", "import os\nv = os.environ['A']\n"),
        ("b.py", "from a import v\nfrom a import missing\n"),
        ("c.py", "def f(:\n"),
    ]);
    let root = dir.path();
    let args = ["--no-config", "check", "--format", "json"];
    let expected = observed(&run(
        root,
        &["--no-config", "--no-cache", "check", "--format", "json"],
    ));
    assert_eq!(observed(&run(root, &args)), expected);
    let without_warnings = |r: &common::Run| -> String {
        let mut r = common::Run {
            code: r.code,
            stdout: r.stdout.clone(),
            stderr: r.stderr.clone(),
        };
        r.stderr = r
            .stderr
            .lines()
            .filter(|l| !l.starts_with("warning: the cache file "))
            .map(|l| format!("{l}\n"))
            .collect();
        observed(&r)
    };
    let file = cache_file(&root.join(".ssotscan_cache"));
    let good = std::fs::read(&file).unwrap();
    let damaged: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        ("truncated", good[..good.len() / 2].to_vec()),
        ("one byte short", good[..good.len() - 1].to_vec()),
        ("a flipped byte", {
            let mut b = good.clone();
            let at = b.len() - 10;
            b[at] ^= 0x55;
            b
        }),
        ("another format", {
            let mut b = good.clone();
            let at = b"ssotscan facts cache\n".len();
            b[at] = b[at].wrapping_add(1);
            b
        }),
        ("not a cache", b"hello\n".to_vec()),
    ];
    for (what, bytes) in damaged {
        std::fs::write(&file, &bytes).unwrap();
        let r = run(root, &args);
        let warnings: Vec<&str> = messages(&r);
        assert_eq!(warnings.len(), 1, "{what}: {warnings:?}");
        assert!(
            warnings[0].starts_with("warning: the cache file ")
                && warnings[0].ends_with("; rebuilding it"),
            "{what}: {}",
            warnings[0]
        );
        assert_eq!(without_warnings(&r), expected, "{what}");
        // Rebuilt: the next run is warm and silent.
        let next = run(root, &args);
        assert_eq!(observed(&next), expected, "{what}");
        assert!(
            stats(&next).contains(" 0 parsed"),
            "{what}: {}",
            stats(&next)
        );
    }
}

#[test]
fn a_cache_that_cannot_be_written_warns_once_and_changes_nothing() {
    let dir = project(&[("a.py", "import os\nv = os.environ['A']\n")]);
    let root = dir.path();
    // A cache directory under a regular file cannot be created, whoever runs the test.
    write(root, "blocker", "a file\n");
    let expected = run(root, &["--no-config", "--no-cache", "check"]).stdout;
    let r = run(
        root,
        &["--no-config", "--cache-dir", "blocker/cache", "check"],
    );
    let warnings = messages(&r);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("warning: cannot write the cache in ")
            && warnings[0].contains("blocker/cache"),
        "{}",
        warnings[0]
    );
    assert_eq!(r.code, 1);
    assert_eq!(r.stdout, expected);
    // -q: not even that line.
    let quiet = run(
        root,
        &["--no-config", "--cache-dir", "blocker/cache", "check", "-q"],
    );
    assert!(messages(&quiet).is_empty(), "{:?}", messages(&quiet));
    // A read-only directory (where permissions apply: not to root).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let ro = root.join("ro");
        std::fs::create_dir(&ro).unwrap();
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
        if std::fs::write(ro.join("probe"), "x").is_err() {
            let r = run(root, &["--no-config", "--cache-dir", "ro", "check"]);
            assert_eq!(messages(&r).len(), 1, "{:?}", messages(&r));
            assert_eq!(r.code, 1);
        }
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

/// A project of `n` modules, each importing the one before it, some reading the environment.
fn many_modules(n: usize) -> tempfile::TempDir {
    let dir = project(&[("pkg/__init__.py", "")]);
    for i in 0..n {
        let mut text = String::new();
        if i > 0 {
            text.push_str(&format!("from pkg.m{} import f{}\n", i - 1, i - 1));
        }
        if i % 7 == 0 {
            text.push_str("import os\nHOME = os.environ.get('HOME')\n");
        }
        text.push_str(&format!("\n\ndef f{i}(x):\n    return x + {i}\n"));
        write(dir.path(), &format!("pkg/m{i}.py"), &text);
    }
    dir
}

#[cfg(unix)]
#[test]
fn a_run_killed_in_the_middle_of_writing_the_cache_leaves_a_usable_one() {
    let dir = many_modules(300);
    let root = dir.path();
    let args = ["--no-config", "check", "--format", "json"];
    let expected = observed(&run(
        root,
        &["--no-config", "--no-cache", "check", "--format", "json"],
    ));
    let cache = root.join(".ssotscan_cache");
    for round in 0..2 {
        // Round 0: no cache yet; round 1: a good cache, and a file changed since.
        if round == 1 {
            assert_eq!(observed(&run(root, &args)), expected);
            write(root, "pkg/m5.py", "\n\ndef f5(x):\n    return x + 5\n");
        }
        let mut child = Command::new(env!("CARGO_BIN_EXE_ssotscan"))
            .args(args)
            .current_dir(root)
            .env("SSOTSCAN_TEST_CACHE_PAUSE_MS", "20000")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        let start = Instant::now();
        let temp = loop {
            let found = std::fs::read_dir(&cache).ok().and_then(|d| {
                d.flatten()
                    .map(|e| e.path())
                    .find(|p| p.extension().is_some_and(|e| e == "tmp"))
            });
            if let Some(found) = found {
                break found;
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "no temporary file"
            );
            std::thread::sleep(Duration::from_millis(5));
        };
        // Half written.
        std::thread::sleep(Duration::from_millis(50));
        child.kill().expect("SIGKILL");
        child.wait().expect("wait");
        assert!(temp.exists(), "the killed run left its temporary file");
        let after = run(
            root,
            &["--no-config", "--no-cache", "check", "--format", "json"],
        );
        let expected_now = observed(&after);
        let r = run(root, &args);
        assert_eq!(observed(&r), expected_now, "round {round}");
        assert!(messages(&r).is_empty(), "{:?}", messages(&r));
    }
}

#[test]
fn two_runs_at_once_both_give_the_right_answer() {
    let dir = many_modules(200);
    let root = dir.path();
    let args = ["--no-config", "check", "--format", "json"];
    for round in 0..3 {
        if round > 0 {
            write(
                root,
                &format!("pkg/m{round}.py"),
                "import os\nX = os.getenv('X')\n",
            );
        }
        let expected = observed(&run(
            root,
            &["--no-config", "--no-cache", "check", "--format", "json"],
        ));
        let spawn = || {
            Command::new(env!("CARGO_BIN_EXE_ssotscan"))
                .args(args)
                .current_dir(root)
                .env("NO_COLOR", "1")
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn")
        };
        let (a, b) = (spawn(), spawn());
        for child in [a, b] {
            let out = child.wait_with_output().expect("wait");
            let r = common::Run {
                code: out.status.code().unwrap_or(-1),
                stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            };
            assert_eq!(observed(&r), expected, "round {round}");
        }
    }
}
