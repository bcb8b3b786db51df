//! Keeps the README and the reference pages under `docs/` true where they state behaviour.
//!
//! - A fenced block right after `<!-- output: DIR [copy] [exit=N,...] -->` shows commands
//!   (`$ ssotscan ...` lines) and what they print: each is run in `DIR` (in a temporary copy of
//!   it with `copy`, required for commands that write files) and its stdout, then stderr (minus
//!   the `Scanned N files in T ms.` timing line), must equal the lines shown. A line `...` stands
//!   for lines left out. `UPDATE_DOCS=1 cargo test --test docs` (or `UPDATE_README=1`) rewrites
//!   blocks that are out of date: whole outputs, and `head ... tail` excerpts with the same
//!   number of lines. `<!-- output-part: DIR: ssotscan ARGS -->` marks a block that must appear,
//!   as a whole, in what that command prints.
//! - The rule table of `docs/rules.md` is generated from the registered rules (rewritten the
//!   same way); every `rules/*.md` belongs to a rule; every table row that names a rule and a
//!   severity gives the rule's default.
//! - Every key of the configuration and of each rule's options is documented in
//!   `docs/configuration.md`, every registry key in `registry/FORMAT.md`, and every TOML example
//!   parses with the real configuration and registry parsers.
//! - Every `ssotscan ...` command line shown is accepted by the argument parser, and every
//!   `--flag` named in inline code exists.
//! - The README is under 12,000 bytes, keeps exactly the two set-up commands and links every
//!   page under `docs/`; relative links in README.md and docs/*.md lead to files (and headings)
//!   that exist; the figures the README gives for performance are those of
//!   `docs/performance.md`; the JSON example of `docs/formats.md` is the real output.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use clap::{CommandFactory, Parser};
use ssotscan::cli::Cli;
use ssotscan::config::parse_config;
use ssotscan::registry::parse_registry;
use ssotscan::rules::{activate, RuleOptions, Selection, ALL_RULES};

// ---------------------------------------------------------------------------------------------
// Reading markdown.

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(repo().join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
}

/// README.md and every docs/*.md, as paths relative to the repository.
fn doc_files() -> Vec<String> {
    let mut files = vec!["README.md".to_string()];
    let mut docs: Vec<String> = std::fs::read_dir(repo().join("docs"))
        .unwrap()
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            name.ends_with(".md").then(|| format!("docs/{name}"))
        })
        .collect();
    docs.sort();
    files.extend(docs);
    files
}

/// The pages written for users (not the contributors' ARCHITECTURE.md and performance.md).
fn user_doc_files() -> Vec<String> {
    doc_files()
        .into_iter()
        .filter(|f| f != "docs/ARCHITECTURE.md" && f != "docs/performance.md")
        .collect()
}

/// Everything with examples: the docs, the rule pages and the registry format.
fn all_markdown() -> Vec<String> {
    let mut files = doc_files();
    let mut rules: Vec<String> = ALL_RULES
        .iter()
        .map(|r| format!("rules/{}.md", r.meta.id))
        .collect();
    rules.sort();
    files.extend(rules);
    files.push("registry/FORMAT.md".into());
    files
}

/// A fenced code block: its info string, the lines of its fences (0-based), its body, and the
/// HTML comment on the nearest non-empty line above it, if any.
#[derive(Debug, Clone)]
struct Block {
    info: String,
    open: usize,
    close: usize,
    body: Vec<String>,
    marker: Option<String>,
}

fn fence(line: &str) -> Option<(char, usize, &str)> {
    let t = line.trim_start();
    let c = t.chars().next()?;
    if c != '`' && c != '~' {
        return None;
    }
    let n = t.chars().take_while(|&x| x == c).count();
    (n >= 3).then(|| (c, n, t[n..].trim()))
}

fn blocks(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some((c, n, info)) = fence(lines[i]) else {
            i += 1;
            continue;
        };
        let close = (i + 1..lines.len())
            .find(|&j| {
                let t = lines[j].trim();
                t.len() >= n && t.chars().all(|x| x == c)
            })
            .unwrap_or_else(|| panic!("unclosed fence at line {}", i + 1));
        let marker = lines[..i]
            .iter()
            .rev()
            .find(|l| !l.trim().is_empty())
            .map(|l| l.trim())
            .filter(|l| l.starts_with("<!--") && l.ends_with("-->"))
            .map(|l| l[4..l.len() - 3].trim().to_string());
        out.push(Block {
            info: info.split_whitespace().next().unwrap_or("").to_string(),
            open: i,
            close,
            body: lines[i + 1..close].iter().map(|s| s.to_string()).collect(),
            marker,
        });
        i = close + 1;
    }
    out
}

/// The lines outside fenced blocks, with their 0-based numbers.
fn prose(text: &str) -> Vec<(usize, String)> {
    let inside: BTreeSet<usize> = blocks(text).iter().flat_map(|b| b.open..=b.close).collect();
    text.lines()
        .enumerate()
        .filter(|(i, _)| !inside.contains(i))
        .map(|(i, l)| (i, l.to_string()))
        .collect()
}

/// The paragraphs of prose (lines outside fenced blocks, split at blank lines), with the
/// 0-based number of their first line; a code span may continue on the next line of its
/// paragraph.
fn paragraphs(text: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut last = None;
    for (i, line) in prose(text) {
        if line.trim().is_empty() {
            last = None;
            continue;
        }
        match (last, out.last_mut()) {
            (Some(prev), Some((_, para))) if prev + 1 == i => {
                para.push('\n');
                para.push_str(&line);
            }
            _ => out.push((i, line)),
        }
        last = Some(i);
    }
    out
}

/// The inline code spans of some prose (single backticks; double-backtick spans skipped;
/// a line break inside a span reads as a space).
fn code_spans(line: &str) -> Vec<String> {
    let mut spans = Vec::new();
    let mut rest = line;
    while let Some(a) = rest.find('`') {
        let after = &rest[a..];
        let ticks = after.chars().take_while(|&c| c == '`').count();
        let body = &after[ticks..];
        let closing = "`".repeat(ticks);
        let Some(b) = body.find(&closing) else { break };
        if ticks == 1 {
            spans.push(body[..b].replace('\n', " "));
        }
        rest = &body[b + ticks..];
    }
    spans
}

/// The section of `text` under the first heading line containing `needle`, up to the next
/// heading of the same or a higher level.
fn section<'a>(text: &'a str, needle: &str) -> Option<&'a str> {
    let mut start = None;
    let mut level = 0;
    let mut offset = 0;
    let in_code: BTreeSet<usize> = blocks(text).iter().flat_map(|b| b.open..=b.close).collect();
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let hashes = line.chars().take_while(|&c| c == '#').count();
        let heading = hashes > 0 && line[hashes..].starts_with(' ') && !in_code.contains(&i);
        if heading {
            if let Some(s) = start {
                if hashes <= level {
                    return Some(&text[s..offset]);
                }
            } else if line.contains(needle) {
                start = Some(offset);
                level = hashes;
            }
        }
        offset += line.len();
    }
    start.map(|s| &text[s..])
}

// ---------------------------------------------------------------------------------------------
// Command lines.

/// Splits a shell command line into words (quotes removed) up to the first `|`, `>`, `&&`, `;`
/// or `#` comment.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut has_word = false;
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => word.push(c),
            None => match c {
                '\'' | '"' => {
                    quote = Some(c);
                    has_word = true;
                }
                ' ' | '\t' => {
                    if has_word {
                        words.push(std::mem::take(&mut word));
                        has_word = false;
                    }
                }
                '|' | '>' | ';' | '&' => break,
                '#' if !has_word => break,
                _ => {
                    word.push(c);
                    has_word = true;
                }
            },
        }
    }
    if has_word {
        words.push(word);
    }
    words
}

/// The ssotscan argument vector of a command line (`ssotscan ...`, or `cargo run ... -- ...`),
/// if it is one.
fn ssotscan_args(line: &str) -> Option<Vec<String>> {
    let words = shell_words(line);
    match words.first().map(String::as_str) {
        Some("ssotscan") => Some(words),
        // `cargo run` of the binary (not of an example or a bench).
        Some("cargo")
            if words.get(1).map(String::as_str) == Some("run")
                && !words.iter().any(|w| w == "--example" || w == "--bench") =>
        {
            let dash = words.iter().position(|w| w == "--")?;
            let mut args = vec!["ssotscan".to_string()];
            args.extend(words[dash + 1..].iter().cloned());
            Some(args)
        }
        _ => None,
    }
}

/// Every command line shown in the shell-like blocks of a file: `(line number, text)`.
fn command_lines(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for b in blocks(text) {
        let console = b.info == "console";
        if !matches!(
            b.info.as_str(),
            "sh" | "shell" | "bash" | "console" | "yaml" | "yml"
        ) {
            continue;
        }
        for (k, line) in b.body.iter().enumerate() {
            let mut s = line.trim();
            if console {
                let Some(cmd) = s.strip_prefix("$ ") else {
                    continue;
                };
                s = cmd;
            }
            for prefix in ["- ", "run: ", "entry: ", "script: "] {
                s = s.strip_prefix(prefix).unwrap_or(s).trim_start();
            }
            if s.starts_with("ssotscan ") || s.starts_with("cargo run ") {
                out.push((b.open + 2 + k, s.to_string()));
            }
        }
    }
    out
}

/// Whether the CLI accepts a command line; a `mention` (inline code such as `ssotscan graph`)
/// may leave out required arguments.
fn cli_accepts(args: &[String], mention: bool) -> Result<(), String> {
    use clap::error::ErrorKind;
    match Cli::try_parse_from(args) {
        Ok(_) => Ok(()),
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => Ok(()),
        Err(e)
            if mention
                && matches!(
                    e.kind(),
                    ErrorKind::MissingRequiredArgument
                        | ErrorKind::MissingSubcommand
                        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
                ) =>
        {
            Ok(())
        }
        Err(e) => Err(e.to_string()),
    }
}

#[test]
fn every_command_line_shown_is_accepted_by_the_cli() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for file in all_markdown() {
        let text = read(&file);
        let mut lines: Vec<(usize, String, bool)> = command_lines(&text)
            .into_iter()
            .map(|(i, l)| (i, l, false))
            .collect();
        // Inline code that is a whole command line (synopses with placeholders are skipped).
        for (i, line) in paragraphs(&text) {
            for span in code_spans(&line) {
                let placeholder = ["<", "[", "...", "…", "|"].iter().any(|p| span.contains(p));
                if span.starts_with("ssotscan ") && !placeholder {
                    lines.push((i + 1, span, true));
                }
            }
        }
        for (line_no, line, mention) in lines {
            let Some(args) = ssotscan_args(&line) else {
                continue;
            };
            checked += 1;
            if let Err(e) = cli_accepts(&args, mention) {
                failures.push(format!("{file}:{line_no}: `{line}`\n{e}"));
            }
        }
    }
    // The pre-commit hook's command.
    for line in read(".pre-commit-hooks.yaml").lines() {
        if let Some(entry) = line.trim().strip_prefix("entry:") {
            checked += 1;
            let args = ssotscan_args(entry.trim()).expect("the hook runs ssotscan");
            if let Err(e) = cli_accepts(&args, false) {
                failures.push(format!(".pre-commit-hooks.yaml: `{entry}`\n{e}"));
            }
        }
    }
    assert!(checked > 40, "only {checked} command lines found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every long and short option of every subcommand.
fn cli_flags() -> BTreeSet<String> {
    fn walk(cmd: &clap::Command, out: &mut BTreeSet<String>) {
        for a in cmd.get_arguments() {
            if let Some(l) = a.get_long() {
                out.insert(format!("--{l}"));
            }
            if let Some(s) = a.get_short() {
                out.insert(format!("-{s}"));
            }
        }
        for s in cmd.get_subcommands() {
            walk(s, out);
        }
    }
    let mut out = BTreeSet::new();
    walk(&Cli::command(), &mut out);
    out
}

#[test]
fn every_flag_named_in_the_docs_exists() {
    let flags = cli_flags();
    let mut failures = Vec::new();
    let mut checked = 0;
    for file in user_doc_files() {
        let text = read(&file);
        for (i, line) in paragraphs(&text) {
            for span in code_spans(&line) {
                let first = span.split([' ', '=', ',']).next().unwrap_or("");
                // `-o, --output FILE`: both names.
                let names: Vec<&str> = if first.starts_with('-') {
                    span.split(", ")
                        .map(|p| p.split([' ', '=']).next().unwrap_or(""))
                        .filter(|n| n.starts_with('-'))
                        .collect()
                } else {
                    continue;
                };
                for name in names {
                    checked += 1;
                    if !flags.contains(name) {
                        failures.push(format!("{file}:{}: `{span}`: no option {name}", i + 1));
                    }
                }
            }
        }
    }
    assert!(checked > 30, "only {checked} flags found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// Output blocks.

struct OutputSpec {
    dir: String,
    copy: bool,
    exits: Option<Vec<i32>>,
}

fn output_spec(marker: &str) -> Option<OutputSpec> {
    let rest = marker.strip_prefix("output:")?;
    let mut words = rest.split_whitespace();
    let dir = words.next().expect("output: DIR").to_string();
    let mut spec = OutputSpec {
        dir,
        copy: false,
        exits: None,
    };
    for w in words {
        if w == "copy" {
            spec.copy = true;
        } else if let Some(codes) = w.strip_prefix("exit=") {
            spec.exits = Some(codes.split(',').map(|c| c.parse().unwrap()).collect());
        } else {
            panic!("unknown word `{w}` in <!-- {marker} -->");
        }
    }
    Some(spec)
}

/// Copies regular files and directories (not links) of `from` into `to`.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let kind = entry.file_type().unwrap();
        let target = to.join(entry.file_name());
        if kind.is_dir() {
            copy_tree(&entry.path(), &target);
        } else if kind.is_file() {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Runs ssotscan; returns its exit code and its stdout then stderr, without the timing line.
fn run_shown(cwd: &Path, args: &[String]) -> (i32, Vec<String>) {
    let out = Command::new(env!("CARGO_BIN_EXE_ssotscan"))
        .args(&args[1..])
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("run ssotscan");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = text
        .lines()
        .filter(|l| !(l.starts_with("Scanned ") && l.ends_with(" ms.")))
        .map(str::to_string)
        .collect();
    (out.status.code().unwrap_or(-1), lines)
}

fn trim_blank_end(mut lines: Vec<String>) -> Vec<String> {
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    lines
}

/// Whether `shown` is `actual`, where a line `...` in `shown` stands for any lines left out.
fn matches_excerpt(shown: &[String], actual: &[String]) -> bool {
    let segments: Vec<&[String]> = shown.split(|l| l.trim() == "...").collect();
    if segments.len() == 1 {
        return shown == actual;
    }
    if segments.iter().all(|s| s.is_empty()) {
        return false; // an excerpt shows something
    }
    let (first, last) = (segments[0], segments[segments.len() - 1]);
    if !actual.starts_with(first) || !actual.ends_with(last) {
        return false;
    }
    let mut at = first.len();
    let end = actual.len() - last.len();
    if at > end {
        return false;
    }
    for seg in &segments[1..segments.len() - 1] {
        if seg.is_empty() {
            continue;
        }
        match (at..=end.saturating_sub(seg.len())).find(|&i| actual[i..i + seg.len()] == **seg) {
            Some(i) => at = i + seg.len(),
            None => return false,
        }
    }
    true
}

/// What an out-of-date block is rewritten to, when that is well defined.
fn regenerate(shown: &[String], actual: &[String]) -> Option<Vec<String>> {
    let segments: Vec<&[String]> = shown.split(|l| l.trim() == "...").collect();
    match segments.len() {
        1 => Some(actual.to_vec()),
        2 if !segments[0].is_empty() && !segments[1].is_empty() => {
            let (h, t) = (segments[0].len(), segments[1].len());
            if h + t >= actual.len() {
                return Some(actual.to_vec());
            }
            let mut v = actual[..h].to_vec();
            v.push("...".into());
            v.extend_from_slice(&actual[actual.len() - t..]);
            Some(v)
        }
        // `$ cmd` then `...` alone (a first draft): head and tail of ten lines each.
        2 => regenerate(
            &[
                vec![String::new(); 10],
                vec!["...".into()],
                vec![String::new(); 10],
            ]
            .concat(),
            actual,
        ),
        _ => None,
    }
}

fn updating() -> bool {
    std::env::var_os("UPDATE_DOCS").is_some() || std::env::var_os("UPDATE_README").is_some()
}

/// Writing commands must run in a copy of their fixture.
fn writes_files(args: &[String]) -> bool {
    args.iter().any(|a| {
        a == "-o"
            || a.starts_with("--output")
            || a.starts_with("--write-baseline")
            || a == "import-markdown"
    })
}

#[test]
fn output_blocks_are_what_the_commands_print() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for file in doc_files() {
        let text = read(&file);
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        let mut changed = false;
        // From the bottom up, so rewriting a block keeps the line numbers of those above.
        for b in blocks(&text).into_iter().rev() {
            let Some(spec) = b.marker.as_deref().and_then(output_spec) else {
                continue;
            };
            let fixture = repo().join(&spec.dir);
            let tmp = tempfile::tempdir().unwrap();
            let cwd: PathBuf = if spec.copy {
                copy_tree(&fixture, tmp.path());
                tmp.path().to_path_buf()
            } else {
                fixture
            };
            // Split the body into commands and the lines shown after each.
            let mut commands: Vec<(String, Vec<String>)> = Vec::new();
            for line in &b.body {
                if let Some(cmd) = line.strip_prefix("$ ") {
                    commands.push((cmd.to_string(), Vec::new()));
                } else {
                    let (_, shown) = commands.last_mut().unwrap_or_else(|| {
                        panic!("{file}:{}: output before a `$ ` line", b.open + 2)
                    });
                    shown.push(line.clone());
                }
            }
            assert!(!commands.is_empty(), "{file}:{}: no command", b.open + 1);
            if let Some(exits) = &spec.exits {
                assert_eq!(exits.len(), commands.len(), "{file}:{}: exit=", b.open);
            }
            let mut body = Vec::new();
            let mut stale = false;
            for (k, (cmd, shown)) in commands.iter().enumerate() {
                let args = ssotscan_args(cmd)
                    .filter(|a| a[0] == "ssotscan")
                    .unwrap_or_else(|| panic!("{file}: `{cmd}` is not an ssotscan command"));
                assert!(
                    spec.copy || !writes_files(&args),
                    "{file}: `{cmd}` writes files: mark the block `copy`"
                );
                checked += 1;
                let (code, actual) = run_shown(&cwd, &args);
                let shown = trim_blank_end(shown.clone());
                if let Some(exits) = &spec.exits {
                    if exits[k] != code {
                        failures.push(format!("{file}: `{cmd}` exited {code}, not {}", exits[k]));
                    }
                }
                body.push(format!("$ {cmd}"));
                if matches_excerpt(&shown, &actual) {
                    body.extend(shown);
                } else {
                    stale = true;
                    match regenerate(&shown, &actual).filter(|_| updating()) {
                        Some(new) => body.extend(new),
                        None => {
                            body.extend(shown);
                            failures.push(format!(
                                "{file}:{}: `{cmd}` prints something else; run `UPDATE_DOCS=1 cargo test --test docs` (head ... tail excerpts and whole outputs only). It prints:\n{}",
                                b.open + 1,
                                actual.join("\n")
                            ));
                        }
                    }
                }
                if k + 1 < commands.len() {
                    body.push(String::new());
                }
            }
            if stale && updating() {
                lines.splice(b.open + 1..b.close, body);
                changed = true;
            }
        }
        if changed {
            let mut new = lines.join("\n");
            new.push('\n');
            std::fs::write(repo().join(&file), new).unwrap();
        }
        // Blocks that must appear whole in a command's output.
        for b in blocks(&text) {
            let Some(rest) = b
                .marker
                .as_deref()
                .and_then(|m| m.strip_prefix("output-part:"))
            else {
                continue;
            };
            let (dir, cmd) = rest.split_once(':').expect("output-part: DIR: COMMAND");
            let args = ssotscan_args(cmd.trim()).expect("an ssotscan command");
            assert!(
                !writes_files(&args),
                "{file}: output-part commands must not write"
            );
            checked += 1;
            let (_, actual) = run_shown(&repo().join(dir.trim()), &args);
            let part = trim_blank_end(b.body.clone());
            assert!(!part.is_empty(), "{file}:{}: an empty block", b.open + 1);
            if !actual.windows(part.len()).any(|w| w == part.as_slice()) {
                failures.push(format!(
                    "{file}:{}: this block is not part of what `{}` prints in {}:\n{}",
                    b.open + 1,
                    cmd.trim(),
                    dir.trim(),
                    actual.join("\n")
                ));
            }
        }
    }
    assert!(checked >= 10, "only {checked} output blocks");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn excerpts_match_only_what_they_show() {
    let v = |s: &str| -> Vec<String> { s.lines().map(str::to_string).collect() };
    let actual = v("a\nb\nc\nd\ne");
    assert!(matches_excerpt(&v("a\nb\nc\nd\ne"), &actual));
    assert!(!matches_excerpt(&v("a\nb\nc\nd"), &actual));
    assert!(matches_excerpt(&v("a\n...\ne"), &actual));
    assert!(matches_excerpt(&v("...\nc\n...\ne"), &actual));
    assert!(matches_excerpt(&v("...\nb\n...\nd\n..."), &actual));
    assert!(!matches_excerpt(&v("...\nd\n...\nb\n..."), &actual));
    assert!(!matches_excerpt(&v("a\n...\nd"), &actual));
    assert!(!matches_excerpt(&v("b\n...\ne"), &actual));
    assert!(!matches_excerpt(&v("a\nb\nc\n...\nc\nd\ne"), &actual));
    assert_eq!(
        regenerate(&v("x\n...\ny\nz"), &actual),
        Some(v("a\n...\nd\ne"))
    );
}

// ---------------------------------------------------------------------------------------------
// The README.

const README_LIMIT: usize = 12_000;
const SETUP_RUN: &str =
    "cargo run --release -- check --config testdata/monorepo/ssotscan.toml testdata/monorepo";
const SETUP_TEST: &str = "cargo test";

#[test]
fn readme_is_short() {
    let len = read("README.md").len();
    assert!(
        len < README_LIMIT,
        "README.md is {len} bytes; keep it under {README_LIMIT}: the reference goes to docs/"
    );
}

#[test]
fn readme_keeps_exactly_the_two_setup_commands() {
    let readme = read("README.md");
    let setup = section(&readme, "Set-up").expect("a Set-up section");
    let shell: Vec<Block> = blocks(setup)
        .into_iter()
        .filter(|b| !matches!(b.info.as_str(), "toml" | "json" | "text"))
        .collect();
    let commands: Vec<String> = shell.iter().map(|b| b.body.join("\n")).collect();
    assert_eq!(commands, [SETUP_RUN, SETUP_TEST]);
    // CI runs the same test command.
    let ci = read(".ci/run");
    assert!(
        ci.lines()
            .any(|l| l.trim().starts_with(SETUP_TEST) && !l.contains("--test")),
        ".ci/run must run `{SETUP_TEST}`"
    );
    // The "screenshot" is the output of the first command.
    let shot = blocks(&readme)
        .into_iter()
        .find(|b| {
            b.marker
                .as_deref()
                .is_some_and(|m| m.starts_with("output:"))
        })
        .expect("a screenshot block");
    let first = shot.body.first().expect("a command");
    assert_eq!(
        ssotscan_args(first.strip_prefix("$ ").unwrap()),
        ssotscan_args(SETUP_RUN),
        "the screenshot shows what the first set-up command prints"
    );
}

#[test]
fn readme_links_every_docs_page() {
    let readme = read("README.md");
    for file in doc_files().into_iter().skip(1) {
        assert!(
            readme.contains(&format!("]({file})")),
            "README.md does not link {file}"
        );
    }
}

/// `**...**` spans of the README's performance section must be figures of docs/performance.md.
#[test]
fn readme_performance_figures_come_from_docs_performance() {
    let readme = read("README.md");
    let perf = section(&readme, "Performance").expect("a Performance section");
    let source = read("docs/performance.md");
    let figures: Vec<&str> = perf.split("**").skip(1).step_by(2).collect();
    assert!(figures.len() >= 3, "{figures:?}");
    for f in figures {
        assert!(
            source.contains(f),
            "README's performance figure `{f}` is not in docs/performance.md"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Links.

/// GitHub's anchor for a heading.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

fn anchors(text: &str) -> BTreeSet<String> {
    prose(text)
        .iter()
        .filter_map(|(_, l)| {
            let hashes = l.chars().take_while(|&c| c == '#').count();
            (hashes > 0 && l[hashes..].starts_with(' ')).then(|| slug(&l[hashes..]))
        })
        .collect()
}

/// `(target, line)` of every markdown link and image in the prose of `text`.
fn links(text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for (i, line) in paragraphs(text) {
        // Code spans are not links.
        let mut plain = line.replace('\n', " ");
        for span in code_spans(&line) {
            plain = plain.replacen(&format!("`{span}`"), "", 1);
        }
        let mut rest = plain.as_str();
        while let Some(p) = rest.find("](") {
            let after = &rest[p + 2..];
            let end = after.find(')').unwrap_or(after.len());
            out.push((after[..end].to_string(), i + 1));
            rest = &after[end..];
        }
    }
    out
}

#[test]
fn relative_links_lead_to_files_and_headings_that_exist() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for file in doc_files() {
        let text = read(&file);
        let dir = Path::new(&file).parent().unwrap().to_path_buf();
        for (target, line) in links(&text) {
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            checked += 1;
            let (path, anchor) = match target.split_once('#') {
                Some((p, a)) => (p, Some(a)),
                None => (target.as_str(), None),
            };
            let resolved = if path.is_empty() {
                PathBuf::from(&file)
            } else {
                dir.join(path)
            };
            let full = repo().join(&resolved);
            if !full.exists() {
                failures.push(format!(
                    "{file}:{line}: `{target}`: no file {}",
                    resolved.display()
                ));
                continue;
            }
            if let Some(anchor) = anchor {
                let text = std::fs::read_to_string(&full).unwrap_or_default();
                if !anchors(&text).contains(anchor) {
                    failures.push(format!("{file}:{line}: `{target}`: no heading #{anchor}"));
                }
            }
        }
    }
    assert!(checked > 30, "only {checked} links");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// Rules.

fn expected_table() -> String {
    let mut s = String::from("| rule | default severity | what it reports |\n|---|---|---|\n");
    for r in ALL_RULES {
        s.push_str(&format!(
            "| [`{id}`](../rules/{id}.md) | {} | {} |\n",
            r.meta.default_severity.as_str(),
            r.meta.summary,
            id = r.meta.id,
        ));
    }
    s
}

#[test]
fn rule_table_matches_registered_rules() {
    let path = repo().join("docs/rules.md");
    let doc = std::fs::read_to_string(&path).unwrap();
    let (start, end) = ("<!-- rules:start -->\n", "<!-- rules:end -->");
    let a = doc.find(start).expect("rules:start marker") + start.len();
    let b = doc.find(end).expect("rules:end marker");
    let table = expected_table();
    if doc[a..b] != table {
        if updating() {
            let updated = format!("{}{}{}", &doc[..a], table, &doc[b..]);
            std::fs::write(&path, updated).unwrap();
        } else {
            panic!("the rule table of docs/rules.md is out of date; run `UPDATE_DOCS=1 cargo test --test docs`.\nexpected:\n{table}");
        }
    }
}

#[test]
fn every_rule_doc_file_belongs_to_a_registered_rule() {
    let mut docs: Vec<String> = std::fs::read_dir(repo().join("rules"))
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

/// Table rows such as ``| `env-access` | error | ...`` give the rule's default severity.
#[test]
fn rule_rows_give_the_default_severity() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for file in doc_files() {
        for (i, line) in prose(&read(&file)) {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            if cells.len() < 4 || !line.trim_start().starts_with('|') {
                continue;
            }
            let Some(span) = code_spans(cells[1]).into_iter().next() else {
                continue;
            };
            let Some(rule) = ssotscan::rules::find(&span) else {
                continue;
            };
            let severity = cells[2];
            if !["error", "warning", "info"].contains(&severity) {
                continue;
            }
            checked += 1;
            if severity != rule.meta.default_severity.as_str() {
                failures.push(format!(
                    "{file}:{}: `{span}` defaults to {}, not {severity}",
                    i + 1,
                    rule.meta.default_severity.as_str()
                ));
            }
        }
    }
    assert!(checked >= 10, "only {checked} rows");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// Configuration.

/// The fields serde expects, from the error for an unknown one: "unknown field `x`, expected
/// one of `a`, `b`" / "expected `a`" / "there are no fields". `None` when `message` is not an
/// unknown-field error.
fn expected_fields(message: &str) -> Option<Vec<String>> {
    let at = message.find("unknown field `__probe__`")?;
    let rest = &message[at..];
    if rest.contains("there are no fields") {
        return Some(Vec::new());
    }
    let list = &rest[rest.find("expected")?..];
    let list = list.lines().next().unwrap_or("");
    Some(
        list.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect(),
    )
}

fn config_keys() -> Vec<String> {
    let err = parse_config("__probe__ = 1\n", Path::new("ssotscan.toml"))
        .expect_err("an unknown key is an error")
        .to_string();
    expected_fields(&err).unwrap_or_else(|| panic!("{err}"))
}

fn probe_rule(id: &str, table: toml::Table) -> Option<Vec<String>> {
    let spec = ssotscan::rules::find(id).unwrap();
    match (spec.build)(&RuleOptions { table }) {
        Ok(_) => None,
        Err(e) => expected_fields(&e),
    }
}

fn probe() -> toml::Table {
    toml::from_str("__probe__ = 1").unwrap()
}

/// Every rule's option keys, and the keys of the tables nested in them:
/// `(heading on docs/configuration.md, keys)`.
fn rule_option_keys() -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for r in ALL_RULES {
        let id = r.meta.id;
        let mut keys =
            probe_rule(id, probe()).unwrap_or_else(|| panic!("[rules.{id}] accepts unknown keys"));
        for key in keys.clone() {
            let as_list = toml::Table::from_iter([(
                key.clone(),
                toml::Value::Array(vec![toml::Value::Table(probe())]),
            )]);
            let as_table = toml::Table::from_iter([(key.clone(), toml::Value::Table(probe()))]);
            if let Some(nested) = probe_rule(id, as_list) {
                out.push((format!("[[rules.{id}.{key}]]"), nested));
            } else if let Some(nested) = probe_rule(id, as_table) {
                out.push((format!("[rules.{id}.{key}]"), nested));
            }
        }
        keys.push("severity".into());
        out.push((format!("[rules.{id}]"), keys));
    }
    out
}

/// The keys in the first column of the tables of a piece of markdown.
fn table_keys(text: &str) -> BTreeSet<String> {
    prose(text)
        .iter()
        .filter(|(_, l)| l.trim_start().starts_with('|'))
        .filter_map(|(_, l)| {
            let cell = l.split('|').nth(1)?;
            code_spans(cell).into_iter().next()
        })
        .collect()
}

#[test]
fn every_configuration_key_is_documented() {
    let doc = read("docs/configuration.md");
    let top = section(&doc, "Top-level keys").expect("a Top-level keys section");
    let documented = table_keys(top);
    let keys = config_keys();
    assert!(keys.len() >= 7, "{keys:?}");
    for key in &keys {
        assert!(
            documented.contains(key),
            "configuration key `{key}` is not in the table of docs/configuration.md"
        );
    }
    for key in &documented {
        assert!(
            keys.contains(key),
            "docs/configuration.md documents `{key}`, which is no key"
        );
    }
    let options = rule_option_keys();
    assert!(
        options.iter().any(|(h, _)| h.starts_with("[[")),
        "{options:?}"
    );
    for (heading, keys) in options {
        // `### `[rules.a]`, `[rules.b]``: a section may hold several rules with the same keys.
        let sec = section(&doc, &format!("`{heading}`"))
            .unwrap_or_else(|| panic!("docs/configuration.md has no section `{heading}`"));
        let documented = table_keys(sec);
        for key in &keys {
            assert!(
                documented.contains(key),
                "`{key}` of `{heading}` is not in its table on docs/configuration.md"
            );
        }
        for key in &documented {
            assert!(
                keys.contains(key),
                "docs/configuration.md documents `{key}` under `{heading}`, which is no key"
            );
        }
    }
}

/// `[[symbol]]` and `[[module]]` keys are documented in registry/FORMAT.md.
#[test]
fn every_registry_key_is_documented() {
    let doc = read("registry/FORMAT.md");
    for (table, extra) in [("symbol", "name = \"A\"\n"), ("module", "path = \"a\"\n")] {
        let err = match parse_registry(&format!("[[{table}]]\n{extra}__probe__ = 1\n"), "t") {
            Ok(_) => panic!("[[{table}]] accepts unknown keys"),
            Err(e) => e.to_string(),
        };
        let keys = expected_fields(&err).unwrap_or_else(|| panic!("{err}"));
        let sec = section(&doc, &format!("`[[{table}]]`")).expect("a section");
        let documented = table_keys(sec);
        for key in keys {
            assert!(
                documented.contains(&key),
                "`{key}` of [[{table}]] is not in registry/FORMAT.md"
            );
        }
    }
}

#[test]
fn every_toml_example_parses() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for file in all_markdown() {
        for b in blocks(&read(&file)) {
            if b.info != "toml" {
                continue;
            }
            checked += 1;
            let text = b.body.join("\n");
            let at = format!("{file}:{}", b.open + 1);
            let registry = text.contains("[[symbol]]") || text.contains("[[module]]");
            let result = if registry {
                parse_registry(&text, &at).map(|_| ())
            } else {
                let name = if b.body.iter().any(|l| l.starts_with("[tool.")) {
                    "pyproject.toml"
                } else {
                    "ssotscan.toml"
                };
                parse_config(&text, Path::new(name)).and_then(|c| {
                    let c = c.expect("a [tool.ssotscan] table");
                    c.source_roots()?;
                    activate(&c.rules, &Selection::default()).map(|_| ())
                })
            };
            if let Err(e) = result {
                failures.push(format!("{at}: {e}"));
            }
        }
    }
    assert!(checked >= 15, "only {checked} TOML examples");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// The JSON example.

/// A JSON value whose objects keep their keys in order.
#[derive(Debug, PartialEq)]
enum Json {
    Object(Vec<(String, Json)>),
    Array(Vec<Json>),
    Scalar(serde_json::Value),
}

impl<'de> serde::Deserialize<'de> for Json {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Json;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("JSON")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut m: A) -> Result<Json, A::Error> {
                let mut v = Vec::new();
                while let Some((k, x)) = m.next_entry()? {
                    v.push((k, x));
                }
                Ok(Json::Object(v))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut s: A) -> Result<Json, A::Error> {
                let mut v = Vec::new();
                while let Some(x) = s.next_element()? {
                    v.push(x);
                }
                Ok(Json::Array(v))
            }
            fn visit_bool<E>(self, b: bool) -> Result<Json, E> {
                Ok(Json::Scalar(b.into()))
            }
            fn visit_i64<E>(self, n: i64) -> Result<Json, E> {
                Ok(Json::Scalar(n.into()))
            }
            fn visit_u64<E>(self, n: u64) -> Result<Json, E> {
                Ok(Json::Scalar(n.into()))
            }
            fn visit_f64<E>(self, n: f64) -> Result<Json, E> {
                Ok(Json::Scalar(n.into()))
            }
            fn visit_str<E>(self, s: &str) -> Result<Json, E> {
                Ok(Json::Scalar(s.into()))
            }
            fn visit_unit<E>(self) -> Result<Json, E> {
                Ok(Json::Scalar(serde_json::Value::Null))
            }
        }
        d.deserialize_any(V)
    }
}

impl Json {
    fn get(&self, key: &str) -> &Json {
        match self {
            Json::Object(v) => v
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, x)| x)
                .unwrap_or_else(|| panic!("no key {key}")),
            _ => panic!("not an object"),
        }
    }
    fn keys(&self) -> Vec<&str> {
        match self {
            Json::Object(v) => v.iter().map(|(k, _)| k.as_str()).collect(),
            _ => panic!("not an object"),
        }
    }
    fn first(&self) -> &Json {
        match self {
            Json::Array(v) => &v[0],
            _ => panic!("not an array"),
        }
    }
    fn without(&self, key: &str) -> Vec<(&str, &Json)> {
        match self {
            Json::Object(v) => v
                .iter()
                .filter(|(k, _)| k != key)
                .map(|(k, x)| (k.as_str(), x))
                .collect(),
            _ => panic!("not an object"),
        }
    }
}

fn json_output(dir: &str, args: &[&str]) -> Json {
    let out = Command::new(env!("CARGO_BIN_EXE_ssotscan"))
        .args(args)
        .current_dir(repo().join(dir))
        .output()
        .expect("run ssotscan");
    serde_json::from_slice(&out.stdout).expect("JSON output")
}

#[test]
fn the_json_example_is_the_real_output() {
    let doc = read("docs/formats.md");
    let example = blocks(&doc)
        .into_iter()
        .find(|b| b.info == "json" && b.body.join("\n").contains("\"schema_version\": 1,"))
        .expect("the JSON example");
    let shown: Json = serde_json::from_str(&example.body.join("\n")).expect("valid JSON");
    let monorepo = json_output("testdata/monorepo", &["check", "--format", "json"]);
    let nasty = json_output(
        "testdata/nasty",
        &["--follow-links", "check", "--format", "json"],
    );
    // Top-level keys in order (the warnings appear only where something could not be walked).
    assert_eq!(shown.keys(), nasty.keys());
    assert_eq!(shown.get("tool").keys(), monorepo.get("tool").keys());
    assert_eq!(
        shown.get("tool").get("name"),
        monorepo.get("tool").get("name")
    );
    // The summary of the example monorepo, in order, apart from the duration.
    assert_eq!(shown.get("summary").keys(), monorepo.get("summary").keys());
    assert_eq!(
        shown.get("summary").without("duration_ms"),
        monorepo.get("summary").without("duration_ms")
    );
    // Its first violation, and the warning of a link loop.
    assert_eq!(
        shown.get("violations").first(),
        monorepo.get("violations").first()
    );
    assert_eq!(shown.get("warnings"), nasty.get("warnings"));
}
