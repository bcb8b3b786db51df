//! The real pre-commit framework with this repository's hook definition
//! (`.pre-commit-hooks.yaml`): it builds ssotscan from this repository (`language: rust`) and
//! refuses the commits that would break the project.
//!
//! It needs `pre-commit` (from the Python package registry) and builds ssotscan once more, so
//! it is not part of a plain `cargo test`: `.ci/run` installs pre-commit into a virtualenv and
//! runs it with `cargo test --test precommit -- --ignored`, with `SSOTSCAN_PRE_COMMIT` naming
//! the `pre-commit` executable. The hook is built from the repository's `HEAD`: commit first.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{project, write};

struct Out {
    ok: bool,
    text: String,
}

fn cmd(dir: &Path, program: &str, args: &[&str], env: &[(&str, &Path)]) -> Out {
    let mut c = Command::new(program);
    c.args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .env("NO_COLOR", "1");
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    Out {
        ok: out.status.success(),
        text: format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

fn git(dir: &Path, args: &[&str]) -> Out {
    let out = cmd(dir, "git", args, &[]);
    assert!(out.ok, "git {args:?}: {}", out.text);
    out
}

#[test]
#[ignore = "needs pre-commit and a build of ssotscan: .ci/run runs it with --ignored"]
fn the_hook_refuses_commits_that_break_the_project_and_accepts_the_fix() {
    let repo_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let pre_commit =
        std::env::var("SSOTSCAN_PRE_COMMIT").unwrap_or_else(|_| "pre-commit".to_string());
    let head = cmd(&repo_dir, "git", &["rev-parse", "HEAD"], &[]);
    assert!(head.ok, "this repository has no HEAD: {}", head.text);
    let head = head.text.trim().to_string();

    // A project with an import structure and a clean history.
    let user = project(&[
        ("pkg/__init__.py", ""),
        ("pkg/core.py", "def load():\n    return 1\n"),
        (
            "pkg/api.py",
            "from pkg.core import load\n\nVALUE = load()\n",
        ),
        ("pkg/unrelated.py", "X = 1\n"),
        (
            ".pre-commit-config.yaml",
            &format!(
                "repos:\n  - repo: {}\n    rev: {head}\n    hooks:\n      - id: ssotscan\n",
                repo_dir.display()
            ),
        ),
    ]);
    let root = user.path();
    git(root, &["init", "-q", "-b", "main"]);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "init"]);
    // pre-commit's own cache (its clone and build of ssotscan) in the target directory, shared
    // by later runs; the build without fat LTO, to keep CI short.
    let home = repo_dir.join("target/pre-commit-home");
    let target = repo_dir.join("target/pre-commit-build");
    let env: Vec<(&str, &Path)> = vec![
        ("PRE_COMMIT_HOME", home.as_path()),
        ("CARGO_TARGET_DIR", target.as_path()),
        ("CARGO_PROFILE_RELEASE_LTO", Path::new("off")),
        ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", Path::new("16")),
        ("CARGO_PROFILE_RELEASE_DEBUG", Path::new("0")),
    ];
    let installed = cmd(root, &pre_commit, &["install"], &env);
    assert!(installed.ok, "{}", installed.text);
    let commit = |message: &str| cmd(root, "git", &["commit", "-q", "-m", message], &env);

    // 1. A staged violation: refused, with the violation shown.
    write(
        root,
        "pkg/settings.py",
        "import os\n\nDEBUG = os.environ.get('DEBUG')\n",
    );
    git(root, &["add", "pkg/settings.py"]);
    let out = commit("settings");
    assert!(
        !out.ok,
        "accepted a direct environment access:\n{}",
        out.text
    );
    assert!(
        out.text.contains("pkg/settings.py:3:9: env-access"),
        "{}",
        out.text
    );
    write(root, "pkg/settings.py", "DEBUG = False\n");
    git(root, &["add", "pkg/settings.py"]);
    let out = commit("settings");
    assert!(out.ok, "refused a clean file:\n{}", out.text);

    // 2. A staged import of a name that does not exist in an unchanged module: refused.
    write(root, "pkg/client.py", "from pkg.core import save\n");
    git(root, &["add", "pkg/client.py"]);
    let out = commit("client");
    assert!(
        !out.ok,
        "accepted an import of a missing name:\n{}",
        out.text
    );
    assert!(
        out.text.contains("pkg/client.py:1:22: unresolved-import"),
        "{}",
        out.text
    );
    write(root, "pkg/client.py", "from pkg.core import load\n");
    git(root, &["add", "pkg/client.py"]);
    assert!(commit("client").ok);

    // 3. Staging the deletion of a module others import: refused, naming the importers.
    git(root, &["rm", "-q", "pkg/core.py"]);
    let out = commit("remove core");
    assert!(
        !out.ok,
        "accepted deleting an imported module:\n{}",
        out.text
    );
    assert!(
        out.text.contains("pkg/api.py:1:1: unresolved-import")
            && out.text.contains("pkg/client.py:1:1: unresolved-import"),
        "{}",
        out.text
    );
    // 4. The fix (the importers move to a module that exists) is accepted.
    write(root, "pkg/loader.py", "def load():\n    return 1\n");
    write(
        root,
        "pkg/api.py",
        "from pkg.loader import load\n\nVALUE = load()\n",
    );
    write(root, "pkg/client.py", "from pkg.loader import load\n");
    git(root, &["add", "-A"]);
    let out = commit("move core to loader");
    assert!(out.ok, "refused the fix:\n{}", out.text);
    let log = git(root, &["log", "--format=%s"]);
    assert_eq!(
        log.text, "move core to loader\nclient\nsettings\ninit\n",
        "the commits that landed"
    );
}
