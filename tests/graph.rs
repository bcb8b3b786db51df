//! End-to-end tests of module resolution, `unresolved-import`, `graph` and `who-imports` on the
//! `testdata/graph` monorepo fixture.

mod common;

use std::path::Path;

use common::{redact_duration, run, testdata};

fn fixture() -> std::path::PathBuf {
    testdata("graph")
}

#[test]
fn unresolved_import_text() {
    let r = run(
        &fixture(),
        &["check", "--select", "unresolved-import", "--quiet"],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn unresolved_import_json() {
    let r = run(
        &fixture(),
        &["check", "--select", "unresolved-import", "--format", "json"],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    insta::assert_snapshot!(redact_duration(&r.stdout));
}

#[test]
fn a_narrower_scan_does_not_invent_missing_modules() {
    // Only one file is scanned: the modules it imports exist on disk and must not be reported.
    let r = run(
        &fixture(),
        &[
            "check",
            "--select",
            "unresolved-import",
            "--format",
            "json",
            "services/netra_backend/app/agents/supervisor/agent.py",
        ],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

#[test]
fn graph_json() {
    let r = run(&fixture(), &["graph", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(v["modules"].is_array() && v["edges"].is_array());
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn graph_dot() {
    let r = run(&fixture(), &["graph"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn graph_mermaid() {
    let r = run(&fixture(), &["graph", "--format", "mermaid"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn graph_slice_of_a_module_and_its_importers() {
    let forward = run(
        &fixture(),
        &[
            "graph",
            "--format",
            "text",
            "--module",
            "netra_backend.app.agents",
            "--depth",
            "2",
        ],
    );
    assert_eq!(forward.code, 0, "{}", forward.stderr);
    let reverse = run(
        &fixture(),
        &[
            "graph",
            "--format",
            "text",
            "--module",
            "shared.config",
            "--reverse",
        ],
    );
    assert_eq!(reverse.code, 0, "{}", reverse.stderr);
    insta::assert_snapshot!(format!(
        "--module netra_backend.app.agents --depth 2\n{}\n--module shared.config --reverse\n{}",
        forward.stdout, reverse.stdout
    ));
    let unknown = run(&fixture(), &["graph", "--module", "netra_backend.nope"]);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("no module `netra_backend.nope`"));
}

#[test]
fn graph_cycles() {
    let r = run(&fixture(), &["graph", "--cycles"]);
    assert_eq!(r.code, 1, "a cycle exits 1: {}", r.stderr);
    insta::assert_snapshot!(r.stdout);
    let j = run(&fixture(), &["graph", "--cycles", "--format", "json"]);
    assert_eq!(j.code, 1);
    insta::assert_snapshot!("graph_cycles_json", j.stdout);
}

#[test]
fn who_imports_name_text() {
    let r = run(
        &fixture(),
        &[
            "who-imports",
            "netra_backend.app.agents.registry:AgentRegistry",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn who_imports_module_json() {
    let r = run(
        &fixture(),
        &[
            "who-imports",
            "netra_backend.app.config",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn who_imports_rejects_unknown_modules() {
    let r = run(&fixture(), &["who-imports", "netra_backend.app.confg"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("did you mean `netra_backend.app.config`"),
        "{}",
        r.stderr
    );
    let r = run(&fixture(), &["who-imports", "not a module"]);
    assert_eq!(r.code, 2);
}

#[test]
fn bad_source_roots_are_config_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("ssotscan.toml"),
        "src = [\"../elsewhere\"]\n",
    )
    .unwrap();
    let r = run(dir.path(), &["graph"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("`src` entry `../elsewhere`"),
        "{}",
        r.stderr
    );
}

/// The DOT output must render with Graphviz (CI installs the `graphviz` Debian package).
#[test]
fn dot_renders_with_graphviz() {
    let dot = Path::new("/usr/bin/dot");
    if !dot.exists()
        && std::process::Command::new("dot")
            .arg("-V")
            .output()
            .is_err()
    {
        eprintln!("graphviz is not installed; skipping");
        return;
    }
    let r = run(&fixture(), &["graph"]);
    let mut child = std::process::Command::new("dot")
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run dot");
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(r.stdout.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let svg = String::from_utf8_lossy(&out.stdout);
    assert!(svg.contains("<svg") && svg.contains("netra_backend.app.agents.registry"));
}

#[test]
fn output_does_not_depend_on_thread_count() {
    for args in [
        &["graph", "--format", "json"][..],
        &["check", "--select", "unresolved-import", "--format", "json"][..],
    ] {
        let one = run(&fixture(), &[&["--threads", "1"], args].concat());
        let four = run(&fixture(), &[&["--threads", "4"], args].concat());
        assert_eq!(
            redact_duration_if_json(&one.stdout),
            redact_duration_if_json(&four.stdout)
        );
    }
}

fn redact_duration_if_json(s: &str) -> String {
    if s.contains("\"summary\"") {
        redact_duration(s)
    } else {
        s.to_string()
    }
}

#[test]
fn no_cycles_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("pkg")).unwrap();
    std::fs::write(dir.path().join("pkg/__init__.py"), "").unwrap();
    std::fs::write(dir.path().join("pkg/a.py"), "from pkg import b\n").unwrap();
    std::fs::write(
        dir.path().join("pkg/b.py"),
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import a\n\n\ndef f():\n    from pkg import a\n",
    )
    .unwrap();
    let r = run(dir.path(), &["--no-config", "graph", "--cycles"]);
    assert_eq!(r.code, 0, "type-checking and lazy imports make no cycle");
    assert_eq!(r.stdout, "No import cycles.\n");
}
