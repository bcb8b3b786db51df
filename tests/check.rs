//! End-to-end tests of `ssotscan check` (issue 2): the fixtures under `testdata/` pinned by
//! snapshots, exit codes, options, configuration, discovery and robustness on nasty input.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{project, run, testdata, Run};
use wait_timeout::ChildExt;

/// No scan of a fixture may take longer than this (debug build, 2 shared cores).
const DEADLINE: Duration = Duration::from_secs(60);

/// Runs `ssotscan ARGS` in `cwd`, killing it (and failing the test) if it has not finished by
/// [`DEADLINE`]; fails the test if it panicked.
fn run_timed(cwd: &Path, args: &[&str]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ssotscan"))
        .args(args)
        .current_dir(cwd)
        .env_remove("RUST_BACKTRACE")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start ssotscan");
    let reader = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = pipe.read_to_end(&mut buf);
            String::from_utf8_lossy(&buf).into_owned()
        })
    };
    let out = reader(Box::new(child.stdout.take().unwrap()));
    let err = reader(Box::new(child.stderr.take().unwrap()));
    let status = match child.wait_timeout(DEADLINE).expect("wait for ssotscan") {
        Some(status) => status,
        None => {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "ssotscan {args:?} in {} hung (killed after {DEADLINE:?})",
                cwd.display()
            );
        }
    };
    let r = Run {
        code: status.code().unwrap_or(-1),
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    };
    assert!(
        !r.stderr.contains("panicked") && (r.code == 0 || r.code == 1 || r.code == 2),
        "ssotscan {args:?} crashed (exit {}):\n{}",
        r.code,
        r.stderr
    );
    r
}

/// `duration_ms` is the one value that changes between runs. The raw text is kept (not
/// re-serialized) so snapshots pin the key order of the JSON contract too.
fn redact(json: &str) -> String {
    json.lines()
        .map(|l| match l.find("\"duration_ms\": ") {
            Some(i) => format!(
                "{}\"duration_ms\": 0{}",
                &l[..i],
                if l.ends_with(',') { "," } else { "" }
            ),
            None => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

fn json(r: &Run) -> serde_json::Value {
    serde_json::from_str(&r.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\nstderr: {}", r.stdout, r.stderr))
}

/// `path:line:col rule` of every violation, in output order.
fn sites(v: &serde_json::Value) -> Vec<String> {
    v["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            format!(
                "{}:{}:{} {}",
                x["path"].as_str().unwrap(),
                x["line"],
                x["column"],
                x["rule"].as_str().unwrap()
            )
        })
        .collect()
}

const ENV_USE: &str = "import os\n\nHOME = os.environ[\"HOME\"]\n";

// ---------------------------------------------------------------------------------------------
// Snapshots of the three fixtures: text with and without frames, and JSON.

fn snapshot_fixture(name: &str, expected_code: i32) {
    let dir = testdata(name);
    let text = run_timed(&dir, &["check"]);
    assert_eq!(text.code, expected_code, "{}", text.stderr);
    insta::assert_snapshot!(format!("{name}_text"), text.stdout);
    let plain = run_timed(&dir, &["check", "--no-frames"]);
    assert_eq!(plain.code, expected_code);
    insta::assert_snapshot!(format!("{name}_no_frames"), plain.stdout);
    let js = run_timed(&dir, &["check", "--format", "json"]);
    assert_eq!(js.code, expected_code);
    insta::assert_snapshot!(format!("{name}_json"), redact(&js.stdout));
}

#[test]
fn env_access_fixture_snapshots() {
    snapshot_fixture("env_access", 1);
}

#[test]
fn nasty_fixture_snapshots() {
    snapshot_fixture("nasty", 1);
}

#[test]
fn monorepo_fixture_snapshots() {
    snapshot_fixture("monorepo", 1);
}

// ---------------------------------------------------------------------------------------------
// env-access: every form of the issue, none of the negatives.

#[test]
fn env_access_reports_every_form_and_no_negative() {
    let r = run(&testdata("env_access"), &["check", "--format", "json"]);
    let v = json(&r);
    let got: Vec<String> = v["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            let msg = x["message"].as_str().unwrap();
            let what = msg.split('`').nth(1).unwrap();
            format!("{}:{} {what}", x["path"].as_str().unwrap(), x["line"])
        })
        .collect();
    let expected = [
        // `import os as X`
        "app/aliased.py:4 operating_system.environ",
        "app/aliased.py:5 operating_system.getenv",
        // `from os import ...`, reported at the import, later bare uses not again
        "app/from_imports.py:1 from os import environ",
        "app/from_imports.py:1 from os import getenv as g",
        "app/from_imports.py:2 from os import environb",
        "app/from_imports.py:2 from os import putenv",
        "app/from_imports.py:2 from os import unsetenv",
        // `import os` inside a function binds `os` for the whole file (where nothing else binds it)
        "app/lazy_import.py:10 os.environ",
        // `nt` and `posix` as `os`, getattr with a literal, `os.path.expandvars`, an imported
        // module's `os`; not a parameter or a loop variable named `os`
        "app/more_forms.py:5 from posix import environ",
        "app/more_forms.py:9 nt.environ",
        "app/more_forms.py:10 posix.environ",
        "app/more_forms.py:11 getattr(os, \"getenv\")",
        "app/more_forms.py:12 os.path.expandvars",
        "app/more_forms.py:13 settings.os.environ",
        // `import os.path` binds `os`
        "app/os_path_import.py:3 os.environ",
        // subscript, .get, .copy(), `in`, getenv, environb, putenv, unsetenv, store, del, f-string
        "app/settings.py:4 os.environ",
        "app/settings.py:5 os.environ",
        "app/settings.py:6 os.environ",
        "app/settings.py:7 os.environ",
        "app/settings.py:8 os.getenv",
        "app/settings.py:9 os.environb",
        "app/settings.py:13 os.putenv",
        "app/settings.py:14 os.unsetenv",
        "app/settings.py:15 os.environ",
        "app/settings.py:16 os.environ",
        "app/settings.py:17 os.environ",
        // an argument to patch.dict(...)
        "tests/test_settings.py:5 os.environ",
    ];
    assert_eq!(got, expected);
    // The allow-list (a file and `scripts/**`), the negatives and clean code: nothing.
    for quiet in [
        "app/negatives.py",
        "app/clean.py",
        "shared/",
        "scripts/",
        "conftest.py",
    ] {
        assert!(!got.iter().any(|g| g.contains(quiet)), "{quiet}: {got:?}");
    }
    // Message and fix name the configured wrapper; categories follow the file.
    let first = &v["violations"][0];
    assert_eq!(
        first["message"],
        "direct environment access `operating_system.environ`; go through `shared.isolated_environment.get_env`"
    );
    assert_eq!(first["fix"], "use shared.isolated_environment.get_env()");
    assert_eq!(first["category"], "source");
    assert_eq!(v["violations"][26]["category"], "tests");
}

#[test]
fn env_access_without_config_has_no_allow_list_and_no_fix() {
    let r = run(
        &testdata("env_access"),
        &["--no-config", "check", "--format", "json"],
    );
    let v = json(&r);
    let all = sites(&v);
    assert!(
        all.iter().any(|s| s.starts_with("scripts/deploy.py:6:10 ")),
        "{all:?}"
    );
    assert!(all
        .iter()
        .any(|s| s.starts_with("shared/isolated_environment.py:10:29 ")));
    assert_eq!(
        v["violations"][0]["message"],
        "direct environment access `operating_system.environ`"
    );
    assert!(v["violations"][0]["fix"].is_null());
}

// ---------------------------------------------------------------------------------------------
// Nasty input: never a panic or a hang.

#[test]
fn nasty_fixture_parse_errors_and_encodings() {
    let r = run_timed(&testdata("nasty"), &["check", "--format", "json"]);
    let v = json(&r);
    let all = sites(&v);
    for expected in [
        // BOM, CRLF and lone CR are fine; columns count characters.
        "encoding/bom.py:3:8 env-access",
        "encoding/cr_only.py:2:8 env-access",
        "encoding/crlf.py:6:12 env-access",
        "encoding/non_ascii.py:4:32 env-access",
        "encoding/latin1.py:4:10 parse-error",
        "deep_nesting.py:4:310 env-access",
        "syntax/bad_indentation.py:4:1 parse-error",
        "syntax/invalid_token.py:3:12 parse-error",
        "syntax/null_byte.py:2:10 parse-error",
        "syntax/python2_print.py:4:7 parse-error",
        "syntax/unclosed_bracket.py:3:12 parse-error",
        "syntax/unterminated_string.py:1:12 parse-error",
    ] {
        assert!(
            all.contains(&expected.to_string()),
            "{expected} not in {all:?}"
        );
    }
    // A file that does not parse yields only its parse-error (the env use after the bad token
    // in invalid_token.py is not reported: no facts come from a broken file).
    assert!(!all
        .iter()
        .any(|s| s.starts_with("syntax/invalid_token.py:4")));
    assert!(
        !all.iter().any(|s| s.contains("backup")),
        "x.py.backup is not Python"
    );
    let latin1 = v["violations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["path"] == "encoding/latin1.py")
        .unwrap();
    assert_eq!(
        latin1["message"],
        "file is not valid UTF-8: invalid byte at offset 46"
    );
    let s = &v["summary"];
    assert_eq!(s["parse_errors"], 7, "{s}");
    // empty.py, bom_only.py are clean; every file with a parse-error is not.
    assert_eq!(s["files_scanned"], 14, "{s}");
}

#[test]
fn nasty_fixture_with_follow_links_terminates_and_warns_about_the_loop() {
    let dir = testdata("nasty");
    let plain = run_timed(&dir, &["check", "--format", "json"]);
    let followed = run_timed(&dir, &["--follow-links", "check", "--format", "json"]);
    assert!(
        followed.stderr.contains("loop"),
        "expected a loop warning: {}",
        followed.stderr
    );
    // The loop adds no file: the same report, plus the warning.
    let (a, b) = (json(&plain), json(&followed));
    assert_eq!(a["violations"], b["violations"]);
    // Warnings name paths relative to the root, in the report as on stderr.
    assert_eq!(
        b["warnings"],
        serde_json::json!(["loop: symbolic link loop (it points to its ancestor .); not followed"])
    );
    assert!(a.get("warnings").is_none());
}

/// Large, unreadable and special files, made at test time (not committed).
fn runtime_nasty() -> tempfile::TempDir {
    let mut large = String::from("\"\"\"Generated: 20,000 small functions.\"\"\"\nimport os\n\n");
    for i in 0..20_000 {
        large.push_str(&format!(
            "def handler_{i}(event, context=None):\n    total = {i} + len(event)\n    return {{\"id\": {i}, \"total\": total}}\n\n"
        ));
    }
    large.push_str("TAIL = os.environ[\"TAIL\"]\n");
    assert!(large.len() > 1_000_000);
    let dir = project(&[
        ("ssotscan.toml", ""),
        ("large.py", &large),
        ("ok.py", "x = 1\n"),
    ]);
    let p = dir.path();
    std::os::unix::fs::symlink("/proc/self/mem", p.join("unreadable.py")).unwrap();
    std::os::unix::fs::symlink(".", p.join("loop")).unwrap();
    let st = Command::new("mkfifo")
        .arg(p.join("fifo.py"))
        .status()
        .expect("mkfifo");
    assert!(st.success());
    dir
}

#[test]
fn large_unreadable_and_special_files() {
    let dir = runtime_nasty();
    let p = dir.path();
    // Walking: symlinks are not followed and a FIFO is never opened.
    let r = run_timed(p, &["check", "--format", "json"]);
    let v = json(&r);
    assert_eq!(sites(&v), vec!["large.py:80004:8 env-access"]);
    assert_eq!(v["summary"]["files_scanned"], 2);
    // Following links: /proc/self/mem cannot be read (EIO, even for root); the loop is reported.
    let r = run_timed(p, &["check", "--follow-links", "--format", "json"]);
    let v = json(&r);
    assert_eq!(
        sites(&v),
        vec![
            "large.py:80004:8 env-access",
            "unreadable.py:1:1 parse-error"
        ]
    );
    assert!(v["violations"][1]["message"]
        .as_str()
        .unwrap()
        .starts_with("cannot read file: "));
    assert!(r.stderr.contains("loop"), "{}", r.stderr);
    // Named explicitly: always scanned; the FIFO is reported, not read (no hang).
    let r = run_timed(
        p,
        &[
            "check",
            "unreadable.py",
            "fifo.py",
            "ok.py",
            "--format",
            "json",
        ],
    );
    let v = json(&r);
    assert_eq!(
        sites(&v),
        vec!["fifo.py:1:1 parse-error", "unreadable.py:1:1 parse-error"]
    );
    assert_eq!(
        v["violations"][0]["message"],
        "cannot read file: not a regular file"
    );
    assert_eq!(r.code, 1);
}

// ---------------------------------------------------------------------------------------------
// Exit codes.

#[test]
fn exit_codes() {
    let mono = testdata("monorepo");
    // 0: nothing wrong.
    let clean = run(&mono, &["check", "netra_backend/app/routes"]);
    assert_eq!(clean.code, 0, "{}", clean.stdout);
    assert!(
        clean
            .stdout
            .starts_with("Reported 2 of 32 files: the paths given.\nNo violations in 2 files.\n"),
        "{}",
        clean.stdout
    );
    // 1: an error-severity violation; --exit-zero turns it into 0.
    assert_eq!(run(&mono, &["check"]).code, 1);
    assert_eq!(run(&mono, &["check", "--exit-zero"]).code, 0);
    // 2: usage and configuration errors, each naming what is wrong.
    for (args, needle) in [
        (
            &["check", "--select", "no-such-rule"][..],
            "unknown rule `no-such-rule`",
        ),
        (
            &["check", "--ignore", "env-acess"][..],
            "unknown rule `env-acess`",
        ),
        (
            &["check", "--ignore", "parse-error"][..],
            "`parse-error` cannot be ignored",
        ),
        (
            &["check", "missing_dir"][..],
            "path `missing_dir` does not exist",
        ),
        (&["check", "--format", "xml"][..], "invalid value 'xml'"),
        (
            &["check", "--fail-under", "abc"][..],
            "`abc` is not a number",
        ),
        (
            &["check", "--fail-under", "120"][..],
            "not between 0 and 100",
        ),
        (
            &["--config", "nope.toml", "check"][..],
            "nope.toml: cannot read",
        ),
        (&["rule", "no-such-rule"][..], "unknown rule `no-such-rule`"),
        (
            &["check", "-o", "/nonexistent/dir/report.txt"][..],
            "cannot write /nonexistent/dir/report.txt",
        ),
        (
            &["check", "--threads", "100000"][..],
            "--threads 100000: at most 256 worker threads",
        ),
        (
            &["check", "--exit-zero", "--select", "nope"][..],
            "unknown rule `nope`",
        ),
    ] {
        let r = run(&mono, args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(needle), "{args:?}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn fail_under_compares_the_exact_score() {
    // Warnings make files unclean but do not fail the run: only the score can.
    let dir = project(&[
        (
            "ssotscan.toml",
            "[rules.env-access]\nseverity = \"warning\"\n",
        ),
        ("a.py", ENV_USE),
        ("b.py", "x = 1\n"),
        ("c.py", "y = 2\n"),
    ]);
    let p = dir.path();
    let r = run(p, &["check", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    let v = json(&r);
    assert_eq!(v["violations"][0]["severity"], "warning");
    assert_eq!(v["summary"]["compliance_percent"], 66.66);
    assert_eq!(v["summary"]["violations_by_severity"]["warning"], 1);
    assert_eq!(run(p, &["check", "--fail-under", "66"]).code, 0);
    // 66.666...% is below 66.67 even though 66.67 is how it rounds; the gate says so.
    let r = run(p, &["check", "--fail-under", "66.67"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("error: the compliance score 66.66% is below --fail-under 66.67% (exit 1)"),
        "{}",
        r.stderr
    );
    let r = run(p, &["check", "--fail-under", "95", "--format", "json"]);
    assert!(
        r.stderr
            .contains("error: the compliance score 66.66% is below --fail-under 95% (exit 1)"),
        "{}",
        r.stderr
    );
    assert!(!run(p, &["check", "--fail-under", "66"])
        .stderr
        .contains("--fail-under"));
    assert_eq!(run(p, &["check", "--fail-under", "95"]).code, 1);
    assert_eq!(
        run(p, &["check", "--fail-under", "95", "--exit-zero"]).code,
        0
    );
    // At the threshold exactly is not below it.
    let half = project(&[
        ("ssotscan.toml", "[rules.env-access]\nseverity = \"info\"\n"),
        ("a.py", ENV_USE),
    ]);
    let r = run(
        half.path(),
        &["check", "--fail-under", "100", "--format", "json"],
    );
    // An info does not make a file unclean.
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(json(&r)["summary"]["files_clean"], 1);
}

// ---------------------------------------------------------------------------------------------
// Rule selection and configuration.

#[test]
fn select_and_ignore() {
    let nasty = testdata("nasty");
    let only_parse = sites(&json(&run(
        &nasty,
        &["check", "--select", "parse-error", "--format", "json"],
    )));
    assert_eq!(only_parse.len(), 7);
    assert!(only_parse.iter().all(|s| s.ends_with(" parse-error")));
    let ignored = sites(&json(&run(
        &nasty,
        &["check", "--ignore", "env-access", "--format", "json"],
    )));
    assert_eq!(ignored, only_parse);
    // parse-error always runs: a file that does not parse cannot be shown to comply.
    let env = sites(&json(&run(
        &nasty,
        &["check", "--select", "env-access", "--format", "json"],
    )));
    assert_eq!(env.len(), 12, "{env:?}");
    // Comma-separated and repeated forms are the same.
    let both = run(
        &nasty,
        &[
            "check",
            "--select",
            "env-access,parse-error",
            "--format",
            "json",
        ],
    );
    assert_eq!(sites(&json(&both)), env);
    let repeated = run(
        &nasty,
        &[
            "check",
            "--select",
            "env-access",
            "--select",
            "parse-error",
            "--format",
            "json",
        ],
    );
    assert_eq!(sites(&json(&repeated)), env);
}

#[test]
fn configuration_errors_name_the_key() {
    for (config, needle) in [
        ("exlcude = []\n", "unknown field `exlcude`"),
        ("[rules.env-access]\nalow = []\n", "unknown field `alow`"),
        (
            "[rules.env-access]\nseverity = \"loud\"\n",
            "severity `loud`",
        ),
        ("[rules.envaccess]\n", "unknown rule `envaccess`"),
        (
            "[rules.parse-error]\nseverity = \"off\"\n",
            "cannot be turned off",
        ),
        ("tests = \"tests\"\n", "tests"),
        ("extend-exclude = [\"a/{\"]\n", "a/{"),
    ] {
        let dir = project(&[("ssotscan.toml", config), ("a.py", "x = 1\n")]);
        let r = run(dir.path(), &["check"]);
        assert_eq!(r.code, 2, "{config}: {}", r.stderr);
        assert!(r.stderr.contains(needle), "{config}: {}", r.stderr);
        assert!(
            r.stderr.contains("ssotscan.toml") || needle == "a/{",
            "{}",
            r.stderr
        );
    }
    // In pyproject.toml, the keys of [tool.ssotscan] are checked the same way.
    let dir = project(&[
        ("pyproject.toml", "[tool.ssotscan]\ntest = []\n"),
        ("a.py", ""),
    ]);
    let r = run(dir.path(), &["check"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("unknown field `test`"), "{}", r.stderr);
}

#[test]
fn per_rule_severity_and_off() {
    let dir = project(&[
        ("ssotscan.toml", "[rules.env-access]\nseverity = \"off\"\n"),
        ("a.py", ENV_USE),
    ]);
    let r = run(dir.path(), &["check", "--format", "json"]);
    assert_eq!(r.code, 0);
    assert_eq!(json(&r)["violations"], serde_json::json!([]));
}

// ---------------------------------------------------------------------------------------------
// Project root, discovery, excludes and categories.

#[test]
fn project_root_is_found_upward_from_the_current_directory() {
    let mono = testdata("monorepo");
    let from_root = json(&run(&mono, &["check", "--format", "json"]));
    // From a subdirectory: the same root, so the same paths and allow-list.
    let sub = run(
        &mono.join("netra_backend/app"),
        &["check", "--format", "json"],
    );
    let sub = json(&sub);
    assert_eq!(
        sites(&sub),
        vec![
            "netra_backend/app/admin.py:2:1 broken-import",
            "netra_backend/app/admin.py:2:1 unresolved-import",
            "netra_backend/app/admin.py:3:30 deprecated-import",
            "netra_backend/app/db/session.py:6:17 env-access",
            "netra_backend/app/db/session.py:11:12 env-access",
            // Judged against the whole project: its copy is in auth_service/.
            "netra_backend/app/schemas.py:7:7 duplicate-body",
            "netra_backend/app/services/llm_client.py:8:24 env-access",
        ]
    );
    // Exactly the full scan's violations of the files under the subdirectory.
    let all = sites(&from_root);
    let under: Vec<&String> = all
        .iter()
        .filter(|s| s.starts_with("netra_backend/app/"))
        .collect();
    assert_eq!(sites(&sub).iter().collect::<Vec<_>>(), under);
    // A pyproject.toml with [tool.ssotscan] marks the root; one without it does not.
    let dir = project(&[
        (
            "pyproject.toml",
            "[tool.ssotscan]\n[tool.ssotscan.rules.env-access]\nallow = [\"pkg/env.py\"]\n",
        ),
        ("pkg/pyproject.toml", "[tool.black]\nline-length = 100\n"),
        ("pkg/env.py", ENV_USE),
        ("pkg/app.py", ENV_USE),
    ]);
    let r = run(&dir.path().join("pkg"), &["check", "--format", "json"]);
    assert_eq!(sites(&json(&r)), vec!["pkg/app.py:3:8 env-access"]);
    // --config names the file (its directory is the root); --no-config ignores it.
    let r = run(
        &dir.path().join("pkg"),
        &["check", "--no-config", "--format", "json"],
    );
    assert_eq!(
        sites(&json(&r)),
        vec!["app.py:3:8 env-access", "env.py:3:8 env-access"]
    );
    let r = run(
        Path::new("/"),
        &[
            "--config",
            dir.path().join("pyproject.toml").to_str().unwrap(),
            "check",
            dir.path().join("pkg").to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert_eq!(sites(&json(&r)), vec!["pkg/app.py:3:8 env-access"]);
}

#[test]
fn default_excludes_match_directory_names_only() {
    let dir = project(&[
        ("ssotscan.toml", ""),
        ("build.py", ENV_USE),
        ("backup_utils.py", ENV_USE),
        ("archive.py", ENV_USE),
        ("pkg/builder/a.py", ENV_USE),
        ("pkg/archives/a.py", ENV_USE),
        ("pkg/build/a.py", ENV_USE),
        ("pkg/dist/a.py", ENV_USE),
        ("pkg/archive/a.py", ENV_USE),
        ("pkg/Old_BACKUPS_2023/a.py", ENV_USE),
        ("pkg/x.egg-info/a.py", ENV_USE),
        ("pkg/site-packages/a.py", ENV_USE),
        ("node_modules/a.py", ENV_USE),
        (".venv/a.py", ENV_USE),
        ("venv/a.py", ENV_USE),
        (".tox/a.py", ENV_USE),
        (".nox/a.py", ENV_USE),
        (".mypy_cache/a.py", ENV_USE),
        (".pytest_cache/a.py", ENV_USE),
        ("__pycache__/a.py", ENV_USE),
        (".git/a.py", ENV_USE),
        (".hidden/a.py", ENV_USE),
        ("notes.py.backup", ENV_USE),
        ("pkg/a.pyi", ENV_USE),
        ("pkg/a.PY", ENV_USE),
    ]);
    let p = dir.path();
    let paths = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["check", "--format", "json"];
        a.extend_from_slice(args);
        sites(&json(&run(p, &a)))
            .into_iter()
            .map(|s| s.split(':').next().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        paths(&[]),
        vec![
            ".hidden/a.py",
            "archive.py",
            "backup_utils.py",
            "build.py",
            "pkg/archives/a.py",
            "pkg/builder/a.py"
        ]
    );
    assert_eq!(paths(&["--no-default-excludes"]).len(), 21);
    // --exclude adds to the defaults (gitignore syntax); a file named explicitly is scanned.
    assert_eq!(
        paths(&["--exclude", "pkg/", "--exclude", "/*.py"]),
        vec![".hidden/a.py"]
    );
    assert_eq!(
        paths(&["pkg/build/a.py", "notes.py.backup", "--exclude", "*.py"]),
        vec!["notes.py.backup", "pkg/build/a.py"]
    );
}

#[test]
fn config_exclude_extend_exclude_and_gitignore() {
    let files = [
        (".gitignore", "ignored/\n"),
        ("ignored/a.py", ENV_USE),
        ("build/a.py", ENV_USE),
        ("gen/a.py", ENV_USE),
        ("src/a.py", ENV_USE),
    ];
    let paths = |config: &str, args: &[&str]| -> Vec<String> {
        let mut all = files.to_vec();
        all.push(("ssotscan.toml", config));
        let dir = project(&all);
        let mut a = vec!["check", "--format", "json"];
        a.extend_from_slice(args);
        sites(&json(&run(dir.path(), &a)))
            .into_iter()
            .map(|s| s.split(':').next().unwrap().to_string())
            .collect()
    };
    assert_eq!(paths("", &[]), vec!["gen/a.py", "src/a.py"]);
    assert_eq!(paths("extend-exclude = [\"gen/\"]", &[]), vec!["src/a.py"]);
    // `exclude` replaces the defaults.
    assert_eq!(
        paths("exclude = [\"gen/\"]", &[]),
        vec!["build/a.py", "src/a.py"]
    );
    assert_eq!(
        paths("", &["--no-ignore"]),
        vec!["gen/a.py", "ignored/a.py", "src/a.py"]
    );
    // A gitignored file named on the command line is scanned.
    assert_eq!(paths("", &["ignored/a.py"]), vec!["ignored/a.py"]);
}

#[test]
fn categories_and_the_tests_override() {
    let files = [
        ("pkg/tests/helpers.py", ENV_USE),
        ("pkg/test/helpers.py", ENV_USE),
        ("pkg/test_api.py", ENV_USE),
        ("pkg/api_test.py", ENV_USE),
        ("conftest.py", ENV_USE),
        ("pkg/testing.py", ENV_USE),
        ("pkg/latest/x.py", ENV_USE),
        ("pkg/contest.py", ENV_USE),
        ("qa/check.py", ENV_USE),
    ];
    let cats = |config: &str| -> Vec<String> {
        let mut all = files.to_vec();
        all.push(("ssotscan.toml", config));
        let dir = project(&all);
        let v = json(&run(dir.path(), &["check", "--format", "json"]));
        v["violations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| {
                format!(
                    "{} {}",
                    x["path"].as_str().unwrap(),
                    x["category"].as_str().unwrap()
                )
            })
            .collect()
    };
    assert_eq!(
        cats(""),
        vec![
            "conftest.py tests",
            "pkg/api_test.py tests",
            "pkg/contest.py source",
            "pkg/latest/x.py source",
            "pkg/test/helpers.py tests",
            "pkg/test_api.py tests",
            "pkg/testing.py source",
            "pkg/tests/helpers.py tests",
            "qa/check.py source",
        ]
    );
    let over = cats("tests = [\"qa/**\", \"**/test_*.py\"]");
    assert_eq!(
        over.iter()
            .filter(|c| c.ends_with(" tests"))
            .collect::<Vec<_>>(),
        ["pkg/test_api.py tests", "qa/check.py tests"]
    );
}

// ---------------------------------------------------------------------------------------------
// Output contracts.

#[test]
fn text_summary_ends_with_the_three_contract_lines() {
    let r = run(&testdata("monorepo"), &["check", "--no-frames"]);
    let lines: Vec<&str> = r.stdout.lines().collect();
    let n = lines.len();
    assert_eq!(lines[n - 3], "Source: 75.0% compliant (24 files)");
    assert_eq!(lines[n - 2], "Tests: 87.5% compliant (8 files)");
    assert_eq!(lines[n - 1], "Compliance Score: 78.1%");
    // Timing goes to stderr, never into the report.
    assert!(r.stderr.starts_with("Scanned 32 files in "), "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    // --quiet: nothing on stderr.
    let q = run(&testdata("monorepo"), &["check", "-q"]);
    assert_eq!(q.stderr, "");
}

#[test]
fn json_contract_keys_and_order() {
    let r = run(&testdata("monorepo"), &["check", "--format", "json"]);
    // Nothing but the report: no progress bar, no timing, no warnings.
    assert_eq!(r.stderr, "");
    let order = |keys: &[&str], text: &str| {
        let pos: Vec<usize> = keys
            .iter()
            .map(|k| {
                text.find(&format!("\"{k}\":"))
                    .unwrap_or_else(|| panic!("no key {k}"))
            })
            .collect();
        assert!(pos.windows(2).all(|w| w[0] < w[1]), "key order {keys:?}");
    };
    order(
        &["schema_version", "tool", "summary", "violations"],
        &r.stdout,
    );
    order(
        &[
            "files_scanned",
            "files_clean",
            "files_with_violations",
            "parse_errors",
            "compliance_percent",
            "categories",
            "violations_by_rule",
            "violations_by_severity",
            "duration_ms",
        ],
        &r.stdout,
    );
    let first = &r.stdout[r.stdout.find("\"violations\": [").unwrap()..];
    order(
        &[
            "rule",
            "severity",
            "category",
            "path",
            "line",
            "column",
            "end_line",
            "end_column",
            "message",
            "fix",
        ],
        first,
    );
    let v = json(&r);
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["tool"]["name"], "ssotscan");
    assert_eq!(v["tool"]["version"], env!("CARGO_PKG_VERSION"));
    let s = &v["summary"];
    assert_eq!(s["files_scanned"], 32);
    assert_eq!(s["files_clean"], 25);
    assert_eq!(s["files_with_violations"], 7);
    assert_eq!(
        s["categories"]["source"],
        serde_json::json!({"files": 24, "clean": 18, "compliance_percent": 75.0})
    );
    assert_eq!(
        s["categories"]["tests"],
        serde_json::json!({"files": 8, "clean": 7, "compliance_percent": 87.5})
    );
    assert_eq!(
        s["violations_by_severity"],
        serde_json::json!({"error": 8, "warning": 3, "info": 0})
    );
    // Sorted by path, line, column, rule.
    let key = |x: &serde_json::Value| {
        (
            x["path"].as_str().unwrap().to_string(),
            x["line"].as_u64().unwrap(),
            x["column"].as_u64().unwrap(),
            x["rule"].as_str().unwrap().to_string(),
        )
    };
    let vs = v["violations"].as_array().unwrap();
    assert!(vs.windows(2).all(|w| key(&w[0]) <= key(&w[1])));
}

#[test]
fn identical_output_across_thread_counts() {
    for fixture in ["env_access", "nasty", "monorepo"] {
        let dir = testdata(fixture);
        for format in ["text", "json"] {
            let one = run_timed(&dir, &["check", "--threads", "1", "--format", format]);
            let four = run_timed(&dir, &["--threads", "4", "check", "--format", format]);
            assert_eq!(
                redact(&one.stdout),
                redact(&four.stdout),
                "{fixture} {format}"
            );
            assert_eq!(one.code, four.code);
        }
    }
}

#[test]
fn many_threads_on_few_cores_still_finish() {
    // Hundreds of walker and worker threads on a 2-core machine: slow, but it ends (the walk
    // uses at most 16 threads whatever --threads says).
    let one = run_timed(&testdata("monorepo"), &["check", "--threads", "1"]);
    let many = run_timed(&testdata("monorepo"), &["check", "--threads", "256"]);
    assert_eq!(one.stdout, many.stdout);
}

#[test]
fn output_file_holds_what_stdout_would() {
    let mono = testdata("monorepo");
    let dir = tempfile::tempdir().unwrap();
    for format in ["text", "json"] {
        let out: PathBuf = dir.path().join(format!("report.{format}"));
        std::fs::write(&out, "stale contents that must be replaced entirely").unwrap();
        let to_file = run(
            &mono,
            &[
                "check",
                "--format",
                format,
                "--output",
                out.to_str().unwrap(),
            ],
        );
        assert_eq!(to_file.code, 1);
        assert_eq!(to_file.stdout, "");
        let stdout = run(&mono, &["check", "--format", format]);
        let written = std::fs::read_to_string(&out).unwrap();
        assert_eq!(redact(&written), redact(&stdout.stdout));
    }
    // Only the two reports: no temporary file left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}

#[test]
fn rule_prints_its_docs() {
    let r = run(&testdata("monorepo"), &["rule", "env-access"]);
    assert_eq!(r.code, 0);
    let docs =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/env-access.md"))
            .unwrap();
    assert_eq!(r.stdout, docs);
    let all = run(&testdata("monorepo"), &["rule", "--all"]);
    assert!(all.stdout.contains("env-access ") && all.stdout.contains("parse-error "));
}

/// Runs `ssotscan ARGS > /dev/null` on a pseudo-terminal (util-linux `script`) and returns what
/// the terminal showed (stderr); `None` if `script` is not available.
fn on_terminal(cwd: &Path, args: &str) -> Option<String> {
    let log = tempfile::NamedTempFile::new().unwrap();
    let cmd = format!("{} {args} > /dev/null", env!("CARGO_BIN_EXE_ssotscan"));
    let out = Command::new("script")
        .args(["-q", "-e", "-c", &cmd])
        .arg(log.path())
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    match out {
        Ok(status) if status.code().is_some_and(|c| c <= 2) => {
            Some(std::fs::read_to_string(log.path()).unwrap())
        }
        _ => {
            eprintln!("skipped: util-linux `script` is not available");
            None
        }
    }
}

#[test]
fn progress_bar_only_on_a_terminal_for_slow_text_scans() {
    // A scan that takes well over half a second in a debug build.
    let body: String = (0..1500)
        .map(|i| format!("def f{i}(a, b):\n    return [a * {i} for _ in range(b)]\n"))
        .collect();
    let files: Vec<(String, &str)> = (0..50)
        .map(|i| (format!("pkg/m{i}.py"), body.as_str()))
        .collect();
    let mut all: Vec<(&str, &str)> = files.iter().map(|(p, b)| (p.as_str(), *b)).collect();
    all.push(("ssotscan.toml", ""));
    let dir = project(&all);
    let Some(text) = on_terminal(dir.path(), "check") else {
        return;
    };
    if !text.contains("Scanned ") {
        eprintln!("skipped: `script` could not run ssotscan on a pseudo-terminal:\n{text}");
        return;
    }
    assert!(
        text.contains("scanning "),
        "no progress bar on a terminal:\n{text}"
    );
    assert!(text.contains("Scanned 50 files in "));
    let json = on_terminal(dir.path(), "check --format json").unwrap();
    assert!(
        !json.contains("scanning "),
        "progress bar with JSON:\n{json}"
    );
    // A fast scan never shows it.
    let fast = on_terminal(&testdata("monorepo"), "check").unwrap();
    assert!(
        !fast.contains("scanning "),
        "progress bar on a fast scan:\n{fast}"
    );
    // Not a terminal: never (see also text_summary_ends_with_the_three_contract_lines).
}

#[test]
fn the_readme_command_scans_the_example_with_its_configuration() {
    // `cargo run --release -- check --config testdata/monorepo/ssotscan.toml testdata/monorepo`
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = run(
        repo,
        &[
            "check",
            "--config",
            "testdata/monorepo/ssotscan.toml",
            "testdata/monorepo",
        ],
    );
    let inside = run(&testdata("monorepo"), &["check"]);
    assert_eq!(readme.code, 1);
    assert_eq!(readme.stdout, inside.stdout);
    assert!(readme.stdout.ends_with("Compliance Score: 78.1%\n"));
}

#[test]
fn closed_stdout_and_stderr_are_not_a_crash() {
    // `ssotscan check 2>&1 | head -1`: both pipes close before ssotscan writes.
    for args in [&["check"][..], &["check", "--select", "nope"][..]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ssotscan"))
            .args(args)
            .current_dir(testdata("env_access"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        drop(child.stderr.take());
        let status = child.wait().unwrap();
        let expected = if args.len() == 1 { 1 } else { 2 };
        assert_eq!(status.code(), Some(expected), "{args:?}");
    }
}
