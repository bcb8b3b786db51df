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

/// Chains of 20,000 re-exports (star imports, and `from ... import X`) closed into one cycle:
/// the recursive walks (Tarjan's SCC, the name lookup, the definition search) overflowed the
/// stack and aborted (exit 134) on chains like these; they are loops now.
#[test]
fn long_import_chains_do_not_overflow_the_stack() {
    const N: usize = 20_000;
    let mut files: Vec<(String, String)> = vec![
        ("stars/__init__.py".into(), String::new()),
        ("names/__init__.py".into(), String::new()),
        (
            "app.py".into(),
            "from stars.m0 import X, Y\nfrom names.m0 import Z\n".into(),
        ),
        (
            "ssot-registry.toml".into(),
            "[[symbol]]\nname = \"Z\"\ncanonical = \"names.m0\"\n".into(),
        ),
    ];
    for i in 0..N {
        let (star, name) = if i + 1 < N {
            (
                format!("from stars.m{} import *\n", i + 1),
                format!("from names.m{} import Z\n", i + 1),
            )
        } else {
            // The last modules define the names and close both chains into cycles.
            (
                "X = 1\nimport stars.m0\n".to_string(),
                "Z = 1\nimport names.m0\n".to_string(),
            )
        };
        files.push((format!("stars/m{i}.py"), star));
        files.push((format!("names/m{i}.py"), name));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let dir = common::project(&refs);
    let p = dir.path();
    let deadline = Duration::from_secs(60);
    finishes_within(p, &["--no-config", "graph", "--cycles"], deadline, 1);
    finishes_within(
        p,
        &["--no-config", "who-imports", "names.m0:Z"],
        deadline,
        0,
    );
    finishes_within(p, &["--no-config", "registry", "verify"], deadline, 0);
    finishes_within(
        p,
        &["--no-config", "check", "-o", "report.txt"],
        deadline,
        1,
    );
    let report = std::fs::read_to_string(p.join("report.txt")).unwrap();
    // Only `Y` is missing: `X` is found at the end of the star chain, `Z` at the end of the
    // `from` chain.
    let findings: Vec<&str> = report
        .lines()
        .filter(|l| l.starts_with("app.py:"))
        .collect();
    assert_eq!(findings.len(), 1, "{report}");
    assert!(
        findings[0].contains("cannot import name `Y` from `stars.m0`"),
        "{report}"
    );
}

/// The bases of environment references are resolved by Python's scoping (issue 15, item 18): a
/// reference waiting scope by scope for its binding would cost the nesting depth times the
/// references. 20,000 nested lambdas around 20,000 references of 20,000 names, and 20,000
/// different imports of one name read 20,000 times: linear (and the one `os.environ` found).
#[test]
fn environment_references_resolve_in_linear_time() {
    const N: usize = 20_000;
    let names: Vec<String> = (0..N).map(|i| format!("a{i}.environ")).collect();
    let deep = format!(
        "import os\nx = {}({}, os.environ)\n",
        "lambda: ".repeat(N),
        names.join(", ")
    );
    let mut wide = String::new();
    for i in 0..N {
        wide.push_str(&format!("import m{i} as e\n"));
    }
    wide.push_str("import os as e\n");
    wide.push_str(&"e.environ\n".repeat(N));
    let dir = common::project(&[("deep.py", &deep), ("wide.py", &wide)]);
    let args = [
        "--no-config",
        "check",
        "--select",
        "env-access",
        "--format",
        "json",
        "-o",
        "out.json",
    ];
    finishes_within(dir.path(), &args, Duration::from_secs(30), 1);
    let json = std::fs::read_to_string(dir.path().join("out.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let sites: Vec<String> = v["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| format!("{}:{}", x["path"].as_str().unwrap(), x["line"]))
        .collect();
    // `deep.py`: only `os.environ`. `wide.py`: the imports of `e` past the sixteenth are not
    // kept, so its `os` is not seen (no real code binds one name by that many imports).
    assert_eq!(sites, vec!["deep.py:2"], "{sites:?}");
}
