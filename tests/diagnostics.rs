//! Errors a person reads (issue 15, item 23): configuration, registry and baseline errors are
//! diagnostics at the offending span of the file, with the file name, the line and a pointer,
//! and a help line; the exit code is 2. Without a terminal (and with `NO_COLOR`) they are plain
//! text.

mod common;

use common::{project, run, Run};

/// The lines of a diagnostic: the header, `╭─[file:line:column]`, the source lines, the pointer
/// line and the help line.
struct Shown<'a> {
    header: &'a str,
    location: &'a str,
    /// The source line the pointer is under, and the pointer line.
    line: &'a str,
    pointer: &'a str,
    help: &'a str,
}

fn diagnostic(r: &Run) -> Shown<'_> {
    assert_eq!(r.code, 2, "exit code; stderr:\n{}", r.stderr);
    assert!(
        !r.stderr.contains('\u{1b}'),
        "no escape sequences:\n{}",
        r.stderr
    );
    let lines: Vec<&str> = r.stderr.lines().collect();
    let find = |prefix: &str| {
        lines
            .iter()
            .position(|l| l.trim_start().starts_with(prefix))
            .unwrap_or_else(|| panic!("no line starting with {prefix:?}:\n{}", r.stderr))
    };
    let header = lines[find("error:")];
    let location = lines[find("╭─[")];
    // The pointer line is the first `·` line; the source line above it.
    let pointer_at = find("·");
    Shown {
        header,
        location: location
            .trim_start()
            .trim_start_matches("╭─[")
            .trim_end_matches(']'),
        line: lines[pointer_at - 1],
        pointer: lines[pointer_at],
        help: lines[find("help:")].trim_start(),
    }
}

/// The column (in characters, 1-based, counted after the gutter `N │ `) that `pointer` marks,
/// and how many characters it covers.
fn pointed(shown: &Shown) -> (usize, usize) {
    let gutter = shown.line.find('│').expect("a gutter") + '│'.len_utf8() + 1;
    let gutter_chars = shown.line[..gutter].chars().count();
    let marks: Vec<(usize, char)> = shown
        .pointer
        .chars()
        .enumerate()
        .skip(gutter_chars)
        .filter(|(_, c)| matches!(c, '─' | '┬' | '▲'))
        .collect();
    assert!(!marks.is_empty(), "no pointer in {:?}", shown.pointer);
    (marks[0].0 - gutter_chars + 1, marks.len())
}

#[test]
fn an_unknown_configuration_key_is_shown_at_the_key_with_a_suggestion() {
    let dir = project(&[("ssotscan.toml", "exclude = []\nexlcude = [\"build\"]\n")]);
    let r = run(dir.path(), &["check"]);
    let d = diagnostic(&r);
    assert!(
        d.header
            .contains("configuration error: unknown field `exlcude`"),
        "{}",
        r.stderr
    );
    assert_eq!(d.location, "ssotscan.toml:2:1");
    assert!(d.line.ends_with("exlcude = [\"build\"]"), "{}", r.stderr);
    assert_eq!(pointed(&d), (1, "exlcude".len()));
    assert_eq!(d.help, "help: did you mean `exclude`?");
    insta::assert_snapshot!("unknown_configuration_key", r.stderr);
}

#[test]
fn a_value_of_the_wrong_type_is_shown_at_the_value() {
    let dir = project(&[("ssotscan.toml", "# settings\nforce-exclude = \"yes\"\n")]);
    let r = run(dir.path(), &["check"]);
    let d = diagnostic(&r);
    assert!(
        d.header
            .contains("invalid type: string \"yes\", expected a boolean"),
        "{}",
        r.stderr
    );
    assert_eq!(d.location, "ssotscan.toml:2:17");
    assert_eq!(pointed(&d), (17, "\"yes\"".len()));
    assert_eq!(
        d.help,
        "help: see docs/configuration.md for what `force-exclude` takes"
    );
}

#[test]
fn rule_options_are_shown_at_the_option_to_blame() {
    // A wrong type says nothing of its key: the option is found by building the rule without it.
    let dir = project(&[(
        "ssotscan.toml",
        "[rules.env-access]\nwrapper = \"shared.env.get\"\nallow = \"scripts/**\"\n",
    )]);
    let r = run(dir.path(), &["check"]);
    let d = diagnostic(&r);
    assert!(
        d.header.contains(
            "[rules.env-access]: invalid type: string \"scripts/**\", expected a sequence"
        ),
        "{}",
        r.stderr
    );
    assert_eq!(d.location, "ssotscan.toml:3:1");
    assert_eq!(pointed(&d), (1, "allow".len()));
    assert!(d.help.contains("`ssotscan rule env-access`"), "{}", d.help);
    // An unknown rule, at its name in the table header, and a bad severity in pyproject.toml.
    let dir = project(&[("ssotscan.toml", "[rules.env-acess]\nallow = []\n")]);
    let r = run(dir.path(), &["check"]);
    let d = diagnostic(&r);
    assert_eq!(d.location, "ssotscan.toml:1:8");
    assert_eq!(pointed(&d), (8, "env-acess".len()));
    assert!(d.help.contains("did you mean `env-access`?"), "{}", d.help);
    let dir = project(&[(
        "pyproject.toml",
        "[project]\nname = \"x\"\n\n[tool.ssotscan.rules.env-access]\nseverity = \"loud\"\n",
    )]);
    let r = run(dir.path(), &["check"]);
    let d = diagnostic(&r);
    assert!(
        d.header.contains("severity `loud` is not one of"),
        "{}",
        r.stderr
    );
    assert_eq!(d.location, "pyproject.toml:5:1");
    assert_eq!(
        d.help,
        "help: severity = \"error\" | \"warning\" | \"info\" | \"off\""
    );
}

#[test]
fn a_bad_registry_entry_is_shown_at_its_value() {
    let dir = project(&[
        ("app.py", "x = 1\n"),
        (
            "ssot-registry.toml",
            "[[symbol]]\nname = \"Settings\"\ncanonical = \"app..settings\"\n",
        ),
    ]);
    let r = run(dir.path(), &["--no-config", "registry", "verify"]);
    let d = diagnostic(&r);
    assert!(
        d.header
            .contains("registry error: canonical path `app..settings` is not a dotted module path"),
        "{}",
        r.stderr
    );
    assert_eq!(d.location, "ssot-registry.toml:3:13");
    assert_eq!(pointed(&d), (13, "\"app..settings\"".len()));
    assert!(d.help.starts_with("help: a module path is"), "{}", d.help);
    // A TOML error in the registry: an unknown key, during `check`.
    let dir = project(&[
        ("app.py", "x = 1\n"),
        (
            "ssot-registry.toml",
            "[[module]]\npath = \"app\"\nstauts = \"broken\"\n",
        ),
    ]);
    let r = run(dir.path(), &["--no-config", "check"]);
    let d = diagnostic(&r);
    assert!(d.header.contains("unknown field `stauts`"), "{}", r.stderr);
    assert_eq!(d.location, "ssot-registry.toml:3:1");
    assert_eq!(d.help, "help: did you mean `status`?");
}

#[test]
fn a_registry_the_configuration_names_but_that_is_missing_is_shown_at_the_key() {
    let dir = project(&[
        ("app.py", "x = 1\n"),
        ("ssotscan.toml", "registry = \"docs/ssot.toml\"\n"),
    ]);
    let r = run(dir.path(), &["check"]);
    let d = diagnostic(&r);
    assert!(d.header.contains("does not exist"), "{}", r.stderr);
    assert_eq!(d.location, "ssotscan.toml:1:1");
    assert_eq!(pointed(&d), (1, "registry".len()));
}

#[test]
fn a_markdown_registry_line_that_is_not_utf8_is_shown_at_the_byte() {
    let dir = project(&[]);
    std::fs::write(
        dir.path().join("SSOT.md"),
        b"# Registry\n\n```python\nfrom app.core import Settings  # caf\xe9\n```\n",
    )
    .unwrap();
    let r = run(
        dir.path(),
        &["registry", "import-markdown", "SSOT.md", "-o", "out.toml"],
    );
    let d = diagnostic(&r);
    assert!(
        d.header
            .contains("registry error: not UTF-8 text: the byte 0xe9"),
        "{}",
        r.stderr
    );
    assert_eq!(d.location, "SSOT.md:4:37");
    assert_eq!(pointed(&d), (37, 1));
    assert!(d.help.contains("save the file as UTF-8"), "{}", d.help);
    assert!(!dir.path().join("out.toml").exists());
}

#[test]
fn a_corrupt_baseline_is_shown_at_the_line_and_column_json_names() {
    let dir = project(&[
        ("app.py", "x = 1\n"),
        (
            "baseline.json",
            "{\n  \"schema_version\": 1,\n  \"violations\": [\n    {\"rule\": \"env-access\",}\n  ]\n}\n",
        ),
    ]);
    let r = run(
        dir.path(),
        &["--no-config", "check", "--baseline", "baseline.json"],
    );
    let d = diagnostic(&r);
    assert!(
        d.header
            .contains("baseline error: not an ssotscan baseline: trailing comma"),
        "{}",
        r.stderr
    );
    assert_eq!(d.location, "baseline.json:4:27");
    assert_eq!(pointed(&d), (27, 1));
    assert_eq!(
        d.help,
        "help: write a baseline with `ssotscan check --write-baseline FILE`"
    );
}

#[test]
fn colors_only_on_a_terminal_without_no_color() {
    // Not a terminal (the test captures stderr): plain text even without NO_COLOR.
    let dir = project(&[("ssotscan.toml", "exlcude = []\n")]);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ssotscan"))
        .arg("check")
        .current_dir(dir.path())
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(!stderr.contains('\u{1b}'), "{stderr}");
    assert!(stderr.contains("help: did you mean `exclude`?"), "{stderr}");
}

#[test]
fn a_bad_glob_in_the_configuration_is_shown_at_its_key() {
    let dir = project(&[("ssotscan.toml", "src = [\".\"]\ntests = [\"a/{b\"]\n")]);
    let r = run(dir.path(), &["check"]);
    let d = diagnostic(&r);
    assert!(
        d.header
            .contains("`tests`: invalid glob `a/{b`: unclosed alternate group"),
        "{}",
        r.stderr
    );
    assert_eq!(d.location, "ssotscan.toml:2:1");
    assert_eq!(pointed(&d), (1, "tests".len()));
    assert!(
        d.help.starts_with("help: gitignore-style globs"),
        "{}",
        d.help
    );
}
