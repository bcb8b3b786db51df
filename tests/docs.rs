//! The documentation states what is true: the README's example output is the real output, the
//! rule table lists the registered rules, every configuration key is documented, every command
//! line shown parses, every relative link leads to a file, and the README stays short.
//! (`UPDATE_DOCS=1 cargo test --test docs` rewrites the generated parts.)

use std::path::{Path, PathBuf};

use clap::Parser;
use ssotscan::rules::ALL_RULES;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// README.md and every page of docs/.
fn pages() -> Vec<PathBuf> {
    let mut pages = vec![root().join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root().join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    pages.extend(docs);
    pages
}

/// Replaces the text between `<!-- NAME:start -->` and `<!-- NAME:end -->` of `rel` with
/// `expected`, or fails, unless they already agree.
fn generated_part(rel: &str, name: &str, expected: &str) {
    let path = root().join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    let (start, end) = (
        format!("<!-- {name}:start -->\n"),
        format!("<!-- {name}:end -->"),
    );
    let a = text
        .find(&start)
        .unwrap_or_else(|| panic!("{rel}: no {start}"))
        + start.len();
    let b = text.find(&end).unwrap_or_else(|| panic!("{rel}: no {end}"));
    if text[a..b] != *expected {
        if std::env::var_os("UPDATE_DOCS").is_some() {
            std::fs::write(&path, format!("{}{}{}", &text[..a], expected, &text[b..])).unwrap();
        } else {
            panic!(
                "{rel}: the {name} part is out of date; run `UPDATE_DOCS=1 cargo test --test docs`.\nexpected:\n{expected}"
            );
        }
    }
}

#[test]
fn readme_is_short() {
    let size = read("README.md").len();
    assert!(
        size < 12 * 1024,
        "README.md is {size} bytes; the reference belongs in docs/"
    );
}

#[test]
fn readme_example_output_is_the_real_output() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ssotscan"))
        .args([
            "check",
            "--config",
            "testdata/monorepo/ssotscan.toml",
            "testdata/monorepo",
        ])
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let tail = &stdout[stdout.find("Found ").expect("a summary")..];
    generated_part("README.md", "screenshot", &format!("```text\n{tail}```\n"));
}

#[test]
fn rule_table_lists_the_registered_rules() {
    let mut table = String::from("| rule | default severity | what it reports |\n|---|---|---|\n");
    for r in ALL_RULES {
        table.push_str(&format!(
            "| [`{0}`](../rules/{0}.md) | {1} | {2} |\n",
            r.meta.id,
            r.meta.default_severity.as_str(),
            r.meta.summary
        ));
    }
    generated_part("docs/rules.md", "rules", &table);
}

#[test]
fn every_rule_doc_file_belongs_to_a_registered_rule() {
    let mut docs: Vec<String> = std::fs::read_dir(root().join("rules"))
        .unwrap()
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".md").map(str::to_string)
        })
        .collect();
    docs.sort();
    let mut ids: Vec<String> = ALL_RULES.iter().map(|r| r.meta.id.to_string()).collect();
    ids.sort();
    assert_eq!(docs, ids);
    for r in ALL_RULES {
        let file = read(&format!("rules/{}.md", r.meta.id));
        assert_eq!(
            file, r.meta.docs,
            "{} docs are embedded from rules/{}.md",
            r.meta.id, r.meta.id
        );
    }
}

/// The configuration's keys, from the parser itself: an unknown key's error lists them all.
#[test]
fn every_configuration_key_is_documented() {
    let err = ssotscan::config::parse_config("no-such-key = 1\n", Path::new("ssotscan.toml"))
        .unwrap_err()
        .to_string();
    let expected = err
        .split("expected one of")
        .nth(1)
        .expect("the list of keys");
    let keys: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    assert!(keys.len() >= 8, "{err}");
    let page = read("docs/configuration.md");
    for key in keys {
        let key = if key == "rules" {
            "rules.<id>.severity"
        } else {
            key
        };
        assert!(
            page.contains(&format!("`{key}`")),
            "docs/configuration.md does not document `{key}`"
        );
    }
}

/// `ssotscan ...` in the code blocks of every page: each parses with the real command line.
#[test]
fn every_command_line_shown_parses() {
    let mut checked = 0;
    for page in pages() {
        let text = std::fs::read_to_string(&page).unwrap();
        let mut fence = None;
        for line in text.lines() {
            if let Some(lang) = line.strip_prefix("```") {
                fence = if fence.is_some() {
                    None
                } else {
                    Some(lang.to_string())
                };
                continue;
            }
            if !matches!(fence.as_deref(), Some("sh" | "yaml" | "console")) {
                continue;
            }
            let Some(at) = line.find("ssotscan ") else {
                continue;
            };
            // The command up to a comment or a pipe.
            let command = line[at..].split(" #").next().unwrap();
            let command = command.split(" |").next().unwrap().trim();
            if command.contains('<') || command.contains("...") || line[..at].contains("install") {
                continue;
            }
            let words = shell_words(command);
            if let Err(e) = ssotscan::cli::Cli::try_parse_from(&words) {
                panic!("{}: `{command}` does not parse:\n{e}", page.display());
            }
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} command lines found");
}

/// Splits a command line into words, honouring single and double quotes.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote = None;
    for c in line.chars() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, ' ') => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            (_, c) => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// Every relative link of every page leads to a file or directory that exists.
#[test]
fn relative_links_lead_somewhere() {
    for page in pages() {
        let text = std::fs::read_to_string(&page).unwrap();
        let dir = page.parent().unwrap();
        let mut rest = text.as_str();
        while let Some(at) = rest.find("](") {
            rest = &rest[at + 2..];
            let Some(end) = rest.find(')') else { break };
            let target = &rest[..end];
            if target.contains("://") || target.starts_with('#') || target.contains(' ') {
                continue;
            }
            let file = target.split('#').next().unwrap();
            assert!(
                dir.join(file).exists(),
                "{}: the link `{target}` leads nowhere",
                page.display()
            );
        }
    }
}
