//! Dumps the facts of every `*.py` file under a directory as JSON lines, files sorted by path,
//! for checking that a change to the extractor leaves the facts unchanged. Body hashes are
//! replaced by the index of their first occurrence in the whole dump (separately for `hash` and
//! `hash_renamed`), so two dumps are equal exactly when every fact is equal and bodies are
//! grouped by hash the same way.
//!
//!     cargo run --release --example dump_facts -- DIR > facts.jsonl

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "py") {
            out.push(path);
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let Some(root) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: dump_facts DIR");
        return ExitCode::from(2);
    };
    let mut files = Vec::new();
    if let Err(e) = collect(&root, &mut files) {
        eprintln!("error: {}: {e}", root.display());
        return ExitCode::from(2);
    }
    files.sort();
    let (mut hashes, mut renamed) = (HashMap::new(), HashMap::new());
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for path in &files {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let rel = path
            .strip_prefix(&root)
            .unwrap_or(path)
            .display()
            .to_string();
        let line = match ssotscan::parse::extract(text) {
            Ok(mut facts) => {
                for b in &mut facts.bodies {
                    let next = hashes.len() as u64;
                    b.hash = *hashes.entry(b.hash).or_insert(next);
                    if let Some(h) = b.hash_renamed {
                        let next = renamed.len() as u64;
                        b.hash_renamed = Some(*renamed.entry(h).or_insert(next));
                    }
                }
                serde_json::json!({ "path": rel, "facts": facts })
            }
            Err(e) => serde_json::json!({ "path": rel, "error": e }),
        };
        if writeln!(out, "{line}").is_err() {
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}
