//! The SSOT registry is read only by the commands and rules that use it: a malformed
//! `ssot-registry.toml` stops `check` with the registry rules and `registry verify`, and nothing
//! else.

mod common;

use common::{project, run};

const BROKEN_REGISTRY: &str = "[[symbol]]\nname = \"A\"\ncanonicl = \"pkg.a\"\n";

fn tree() -> tempfile::TempDir {
    project(&[
        ("ssot-registry.toml", BROKEN_REGISTRY),
        ("pkg/__init__.py", ""),
        (
            "pkg/a.py",
            "import os\nclass A:\n    pass\nx = os.environ['X']\n",
        ),
        ("app.py", "from pkg.a import A\n"),
    ])
}

#[test]
fn commands_that_do_not_read_the_registry_ignore_a_malformed_one() {
    let dir = tree();
    let p = dir.path();
    for (args, code) in [
        (&["--no-config", "graph"][..], 0),
        (&["--no-config", "graph", "--cycles"][..], 0),
        (&["--no-config", "who-imports", "pkg.a:A"][..], 0),
        (&["--no-config", "check", "--select", "env-access"][..], 1),
        (
            &["--no-config", "check", "--select", "unresolved-import"][..],
            0,
        ),
    ] {
        let out = run(p, args);
        assert_eq!(out.code, code, "{args:?}: {}", out.stderr);
        assert!(
            !out.stderr.contains("ssot-registry.toml"),
            "{args:?}: {}",
            out.stderr
        );
    }
}

#[test]
fn commands_that_read_the_registry_stop_on_a_malformed_one() {
    let dir = tree();
    let p = dir.path();
    for args in [
        &["--no-config", "check"][..],
        &["--no-config", "check", "--select", "broken-import"][..],
        &["--no-config", "check", "--select", "duplicate-definition"][..],
        &["--no-config", "registry", "verify"][..],
        &["--no-config", "registry", "generate"][..],
    ] {
        let out = run(p, args);
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert!(
            out.stderr.contains("unknown field `canonicl`")
                && out.stderr.contains("╭─[ssot-registry.toml:3:1]")
                && out.stderr.contains("help: did you mean `canonical`?"),
            "{args:?}: {}",
            out.stderr
        );
        assert!(out.stdout.is_empty(), "{args:?}: {}", out.stdout);
    }
}
