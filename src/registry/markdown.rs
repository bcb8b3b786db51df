//! Importing the hand-written markdown registry (`SSOT_IMPORT_REGISTRY.md`) into the registry
//! model.
//!
//! Entries are the lines of fenced Python code blocks: `from X import A, B as C`, `import X`,
//! commented entries (`# ❌ DEPRECATED: from X import A`) and mock paths (`@patch('a.b.C.m')`).
//! An entry's status comes from, in order of precedence: a marker on the line itself; the last
//! block-state comment above it in the same fence (`# THESE PATHS DO NOT EXIST:`); the nearest
//! heading above with a status (`## ✅ VERIFIED IMPORTS`). `# USE INSTEAD: ...` and
//! `# ✅ CORRECTED: ...` give the replacement of the entry line before them; `# OWNER: ...` and
//! `# NOTE: ...` its owner and note. Nothing is dropped silently: contradictions and lines that
//! are not entries become warnings with line numbers.

use std::collections::hash_map::Entry as Slot;
use std::collections::{BTreeMap, HashMap};

use super::model::{is_dotted, is_placeholder, ModuleEntry, Registry, RetiredPath, Status, Symbol};
use crate::resolve::{is_identifier, top_level};

/// A problem found while importing, at a line of the markdown file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    pub line: u32,
    pub message: String,
}

/// What an import produced.
#[derive(Debug)]
pub struct Imported {
    pub registry: Registry,
    pub warnings: Vec<Warning>,
    /// Entries read (one per imported name, module or mock path).
    pub entries: usize,
}

impl Imported {
    /// Paths in the registry by status, symbols' and modules' together.
    pub fn counts(&self) -> BTreeMap<Status, usize> {
        let mut counts = BTreeMap::new();
        for s in &self.registry.symbols {
            for (_, status) in s.paths() {
                *counts.entry(status).or_insert(0) += 1;
            }
        }
        for m in &self.registry.modules {
            *counts.entry(m.status).or_insert(0) += 1;
        }
        counts
    }

    pub fn placeholders(&self) -> usize {
        self.registry
            .symbols
            .iter()
            .filter(|s| s.is_placeholder())
            .count()
    }
}

/// A status as the markdown states it: `Ok` (✅, VERIFIED, WORKING...) is weaker than
/// `Canonical` (CANONICAL, RECOMMENDED).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Mark {
    Canonical,
    Ok,
    Compatible,
    Deprecated,
    Broken,
    Unknown,
}

impl Mark {
    fn word(self) -> &'static str {
        match self {
            Mark::Canonical => "canonical",
            Mark::Ok => "ok",
            Mark::Compatible => "compatible",
            Mark::Deprecated => "deprecated",
            Mark::Broken => "broken",
            Mark::Unknown => "unknown",
        }
    }

    /// Marks in the same class never contradict each other.
    fn class(self) -> u8 {
        match self {
            Mark::Canonical | Mark::Ok | Mark::Compatible => 1,
            Mark::Deprecated => 2,
            Mark::Broken => 3,
            Mark::Unknown => 0,
        }
    }
}

/// Finds the status marker in a comment or heading; returns it with the byte offset just past
/// the marker word (for the note that follows it).
fn classify(text: &str) -> Option<(Mark, usize)> {
    let upper = text.to_uppercase();
    // `to_uppercase` may change byte lengths for some scripts; offsets are only used when the
    // lengths agree.
    let same_len = upper.len() == text.len();
    let find = |words: &[&str]| -> Option<usize> {
        words
            .iter()
            .filter_map(|w| upper.find(w).map(|i| i + w.len()))
            .max()
    };
    let table: &[(Mark, &[&str])] = &[
        (Mark::Unknown, &["❓"]),
        (Mark::Ok, &["[FIXED]"]),
        (Mark::Deprecated, &["DEPRECATED", "LEGACY"]),
        (
            Mark::Broken,
            &[
                "DID NOT EXIST",
                "DOES NOT EXIST",
                "DO NOT EXIST",
                "BROKEN PATH",
                "BROKEN",
                "INCORRECT",
                "WRONG",
                "❌",
            ],
        ),
        (
            Mark::Compatible,
            &[
                "COMPATIBILITY ALIAS",
                "COMPATIBILITY",
                "COMPATIBLE",
                "ALIAS",
            ],
        ),
        (Mark::Canonical, &["CANONICAL", "RECOMMENDED", "PREFERRED"]),
        (
            Mark::Ok,
            &["✅", "VERIFIED", "AVAILABLE", "CORRECT", "WORKING", "FIXED"],
        ),
    ];
    for (mark, words) in table {
        if let Some(end) = find(words) {
            return Some((*mark, if same_len { end } else { text.len() }));
        }
    }
    None
}

/// The free text after a marker: `DEPRECATED: removed after 2025-10` -> `removed after 2025-10`.
fn note_after(text: &str, end: usize) -> Option<String> {
    let rest = text.get(end..).unwrap_or("");
    let rest = rest
        .trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, ':' | '-' | '–' | '—' | ')' | ']' | '(' | '.' | ',')
        })
        .trim_end();
    // Markers with nothing to say, or text that is only emoji and punctuation.
    if rest.is_empty() || !rest.chars().any(char::is_alphanumeric) {
        return None;
    }
    Some(one_line(rest))
}

/// Free text as the registry keeps it: a control character (a tab, say) becomes a space, since
/// `ssot-registry.toml` refuses them in its strings.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// One parsed statement inside a fence.
#[derive(Debug, PartialEq)]
enum Stmt {
    /// `from module import names`
    From { module: String, names: Vec<String> },
    /// `import a.b, c`
    Import { modules: Vec<String> },
    /// `@patch('a.b.C.m')`: the object `C` of module `a.b`.
    Patch { module: String, name: String },
}

/// Splits a line into code and trailing comment (`#` outside quotes).
fn split_comment(line: &str) -> (&str, Option<&str>) {
    let mut quote: Option<char> = None;
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '#') => return (line[..i].trim_end(), Some(line[i + 1..].trim())),
            _ => {}
        }
    }
    (line.trim_end(), None)
}

fn is_module_path(s: &str) -> bool {
    is_dotted(s) || (is_placeholder(s) && !s.contains(char::is_whitespace))
}

fn is_name(s: &str) -> bool {
    is_identifier(s) || (s.starts_with('[') && s.ends_with(']') && s.len() > 2)
}

/// The names of a `from` import: `A, B as C` -> `[A, B]`. `None` if any is malformed.
fn parse_names(list: &str) -> Option<Vec<String>> {
    let list = list.trim().trim_start_matches('(').trim_end_matches(')');
    let mut names = Vec::new();
    for part in list.split(',') {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let words: Vec<&str> = part.split_whitespace().collect();
        let name = match words.as_slice() {
            [n] => *n,
            [n, "as", alias] if is_identifier(alias) => *n,
            _ => return None,
        };
        if !is_name(name) {
            return None;
        }
        names.push(name.to_string());
    }
    Some(names)
}

/// The string argument of `patch('...')` / `mock.patch("...")` anywhere in the line.
fn patch_target(code: &str) -> Option<&str> {
    let at = code.find("patch(")?;
    let rest = code[at + "patch(".len()..].trim_start();
    let q = rest.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    let inner = &rest[1..];
    let end = inner.find(q)?;
    Some(&inner[..end])
}

/// `a.b.C.method` -> module `a.b`, object `C` (the first capitalised segment after the
/// module), else the last segment.
fn split_patch(target: &str) -> Option<(String, String)> {
    if !is_dotted(target) {
        return None;
    }
    let segs: Vec<&str> = target.split('.').collect();
    if segs.len() < 2 {
        return None;
    }
    let at = (1..segs.len())
        .find(|&i| segs[i].starts_with(|c: char| c.is_uppercase()))
        .unwrap_or(segs.len() - 1);
    Some((segs[..at].join("."), segs[at].to_string()))
}

/// Parses an import statement (or mock path); `Err(())` when the line is not one. A `from`
/// import whose name list opens a parenthesis that does not close here returns the names so
/// far with `open = true`.
fn parse_stmt(code: &str) -> Result<(Stmt, bool), ()> {
    let code = code.trim();
    if let Some(rest) = code.strip_prefix("from ") {
        let rest = rest.trim_start();
        let (module, names) = rest.split_once(" import ").ok_or(())?;
        let module = module.trim();
        if !is_module_path(module) {
            return Err(());
        }
        let names_text = names.trim();
        let open = names_text.starts_with('(') && !names_text.contains(')');
        let names = parse_names(names_text).ok_or(())?;
        if names.is_empty() && !open {
            return Err(());
        }
        return Ok((
            Stmt::From {
                module: module.to_string(),
                names,
            },
            open,
        ));
    }
    if let Some(rest) = code.strip_prefix("import ") {
        let mut modules = Vec::new();
        for part in rest.split(',') {
            let words: Vec<&str> = part.split_whitespace().collect();
            let m = match words.as_slice() {
                [m] => *m,
                [m, "as", alias] if is_identifier(alias) => *m,
                _ => return Err(()),
            };
            if !is_module_path(m) {
                return Err(());
            }
            modules.push(m.to_string());
        }
        return Ok((Stmt::Import { modules }, false));
    }
    if let Some(target) = patch_target(code) {
        let (module, name) = split_patch(target).ok_or(())?;
        return Ok((Stmt::Patch { module, name }, false));
    }
    Err(())
}

/// Where an import statement starts inside a comment: `❌ DEPRECATED: from x import A`.
fn statement_in_comment(text: &str) -> Option<(&str, &str)> {
    let starts = |i: usize| i == 0 || text[..i].ends_with([' ', ':', '\t']);
    for key in ["from ", "import ", "@patch(", "patch("] {
        let mut from = 0;
        while let Some(off) = text[from..].find(key) {
            let i = from + off;
            if starts(i) && parse_stmt(&text[i..]).is_ok() {
                return Some((&text[..i], &text[i..]));
            }
            from = i + key.len();
        }
    }
    None
}

/// The service a `###` heading names: `auth_service Service` -> `auth_service` (the first word,
/// when it is an identifier and the heading ends with "Service" or "Services").
fn service_of(heading: &str) -> Option<String> {
    let words: Vec<&str> = heading
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| c == '`' || c == '*'))
        .collect();
    let last = words.last()?;
    if words.len() < 2 || !matches!(last.to_lowercase().as_str(), "service" | "services") {
        return None;
    }
    words
        .first()
        .filter(|w| is_identifier(w))
        .map(|w| w.to_string())
}

/// One entry as read.
#[derive(Debug, Clone)]
struct Entry {
    line: u32,
    module: String,
    /// `None` for `import module` lines.
    name: Option<String>,
    mark: Mark,
    /// Where the mark came from (for messages).
    source: &'static str,
    note: Option<String>,
    /// The replacement statement given on a following line, with its line.
    use_instead: Option<(String, u32)>,
    owner: Option<String>,
    symbol_note: Option<String>,
    /// A path implied by a `USE INSTEAD` line rather than listed.
    implied: bool,
    /// The service section (`### auth_service Service`) the entry is in.
    service: Option<String>,
}

#[derive(Default)]
struct Parser {
    entries: Vec<Entry>,
    warnings: Vec<Warning>,
    /// Heading stack: (level, mark, service named by a `###` heading).
    headings: Vec<(usize, Option<Mark>, Option<String>)>,
    /// Indices of the entries of the last entry line (targets of USE INSTEAD / OWNER / NOTE).
    last: Vec<usize>,
}

impl Parser {
    fn warn(&mut self, line: u32, message: String) {
        self.warnings.push(Warning { line, message });
    }

    fn heading_mark(&self) -> Option<Mark> {
        self.headings.iter().rev().find_map(|(_, m, _)| *m)
    }

    fn service(&self) -> Option<String> {
        self.headings.iter().rev().find_map(|(_, _, s)| s.clone())
    }

    /// Adds the entries of one statement with the status found for it.
    /// `comment` is the line's trailing comment: its marker, if any, is the inline status; the
    /// rest is the note.
    fn push_stmt(&mut self, stmt: Stmt, line: u32, comment: Option<&str>, block: Option<Mark>) {
        // `MARKER: note`: the marker is read before the first colon only, so a note may say
        // anything (`❌ BROKEN PATH: was deprecated in 2024`).
        let inline = comment.map(|c| {
            if let Some((head, tail)) = c.split_once(':') {
                if let Some((m, _)) = classify(head) {
                    return (Some(m), note_after(tail, 0));
                }
            }
            match classify(c) {
                Some((m, end)) => (Some(m), note_after(c, end)),
                None => (None, note_after(c, 0)),
            }
        });
        let (inline, plain_note) = match inline {
            Some((Some(m), note)) => (Some((m, note)), None),
            Some((None, note)) => (None, note),
            None => (None, None),
        };
        let (mark, source, note) = match (inline, block, self.heading_mark()) {
            (Some((m, note)), _, _) => (m, "marker", note),
            (None, Some(m), _) => (m, "block comment", plain_note),
            (None, None, Some(m)) => (m, "heading", plain_note),
            (None, None, None) => (Mark::Unknown, "no status", plain_note),
        };
        let targets: Vec<(String, Option<String>)> = match stmt {
            Stmt::From { module, names } => names
                .into_iter()
                .map(|n| (module.clone(), Some(n)))
                .collect(),
            Stmt::Import { modules } => modules.into_iter().map(|m| (m, None)).collect(),
            Stmt::Patch { module, name } => vec![(module, Some(name))],
        };
        self.last.clear();
        let service = self.service();
        for (module, name) in targets {
            self.last.push(self.entries.len());
            self.entries.push(Entry {
                line,
                module,
                name,
                mark,
                source,
                note: note.clone(),
                use_instead: None,
                owner: None,
                symbol_note: None,
                implied: false,
                service: service.clone(),
            });
        }
    }

    /// `# USE INSTEAD: from a import B` after an entry line.
    fn use_instead(&mut self, stmt_text: &str, line: u32) {
        if self.last.is_empty() {
            self.warn(
                line,
                format!("`{stmt_text}` follows no entry; it replaces nothing"),
            );
            return;
        }
        let Ok((stmt, _)) = parse_stmt(stmt_text) else {
            self.warn(line, format!("cannot read the replacement `{stmt_text}`"));
            return;
        };
        let statement = stmt_text.trim().to_string();
        for &i in &self.last.clone() {
            self.entries[i].use_instead = Some((statement.clone(), line));
            // A replacement importing the same name says where that name lives.
            let name = self.entries[i].name.clone();
            let implied = match (&stmt, &name) {
                (Stmt::From { module, names }, Some(n)) if names.contains(n) => {
                    Some((module.clone(), Some(n.clone())))
                }
                _ => None,
            };
            if let Some((module, name)) = implied {
                self.entries.push(Entry {
                    line,
                    module,
                    name,
                    mark: Mark::Ok,
                    source: "replacement",
                    note: None,
                    use_instead: None,
                    owner: None,
                    symbol_note: None,
                    implied: true,
                    service: self.service(),
                });
            }
        }
    }

    fn parse(&mut self, text: &str) {
        let lines: Vec<&str> = text.lines().collect();
        let mut fence: Option<(char, usize, bool)> = None; // (char, count, python?)
        let mut block: Option<Mark> = None;
        // An open `from x import (` statement: (module, line, comment of the opening line).
        let mut open: Option<(String, u32, Option<String>)> = None;
        for (idx, raw) in lines.iter().enumerate() {
            let line = idx as u32 + 1;
            let trimmed = raw.trim();
            if let Some((ch, count, python)) = fence {
                let run = trimmed.chars().take_while(|&c| c == ch).count();
                if run >= count && trimmed.chars().all(|c| c == ch) {
                    if let Some((module, at, _)) = open.take() {
                        self.warn(
                            at,
                            format!("`from {module} import (` is not closed before the fence ends"),
                        );
                    }
                    fence = None;
                    continue;
                }
                if python {
                    self.fence_line(trimmed, line, &mut block, &mut open);
                }
                continue;
            }
            for ch in ['`', '~'] {
                let run = trimmed.chars().take_while(|&c| c == ch).count();
                if run >= 3 {
                    let info = trimmed[run * ch.len_utf8()..].trim().to_lowercase();
                    let lang = info.split_whitespace().next().unwrap_or("");
                    let python = matches!(lang, "" | "python" | "py" | "python3" | "pycon");
                    fence = Some((ch, run, python));
                    block = None;
                    self.last.clear();
                }
            }
            if fence.is_some() {
                continue;
            }
            let hashes = trimmed.chars().take_while(|&c| c == '#').count();
            if (1..=6).contains(&hashes) && trimmed[hashes..].starts_with(' ') {
                let heading = trimmed[hashes..].trim();
                while self.headings.last().is_some_and(|(l, _, _)| *l >= hashes) {
                    self.headings.pop();
                }
                let service = (hashes == 3).then(|| service_of(heading)).flatten();
                self.headings
                    .push((hashes, classify(heading).map(|(m, _)| m), service));
                self.last.clear();
            }
        }
        if fence.is_some() {
            self.warn(
                lines.len() as u32,
                "the file ends inside a fenced code block".into(),
            );
        }
    }

    fn fence_line(
        &mut self,
        trimmed: &str,
        line: u32,
        block: &mut Option<Mark>,
        open: &mut Option<(String, u32, Option<String>)>,
    ) {
        if trimmed.is_empty() {
            return;
        }
        // Continuation of `from x import (`.
        if let Some((module, _, opening_comment)) = open.clone() {
            let (code, comment) = split_comment(trimmed);
            let closes = code.contains(')');
            let comment = comment.or(opening_comment.as_deref());
            match parse_names(code) {
                Some(names) if !names.is_empty() => {
                    let stmt = Stmt::From {
                        module: module.clone(),
                        names,
                    };
                    self.push_stmt(stmt, line, comment, *block);
                }
                Some(_) => {}
                None => self.warn(line, format!("cannot read imported names `{code}`")),
            }
            if closes {
                *open = None;
            }
            return;
        }
        if let Some(comment) = trimmed.strip_prefix('#') {
            let comment = comment.trim();
            let upper = comment.to_uppercase();
            for key in ["USE INSTEAD", "CORRECTED"] {
                if let Some(at) = upper.find(key) {
                    // Offsets in `upper` match `comment` only where case mapping kept byte
                    // lengths; `get` never panics when they do not.
                    let after = comment.get(at + key.len()..).unwrap_or("");
                    let stmt = after.trim_start_matches([':', ' ', '-']).trim();
                    let stmt = split_comment(stmt).0;
                    if parse_stmt(stmt).is_ok() {
                        self.use_instead(stmt, line);
                        return;
                    }
                }
            }
            for (key, is_owner) in [("OWNER:", true), ("NOTE:", false)] {
                if upper.starts_with(key) {
                    let value = one_line(comment.get(key.len()..).unwrap_or("").trim());
                    if self.last.is_empty() {
                        self.warn(line, format!("`{key}` follows no entry"));
                    }
                    for &i in &self.last {
                        let slot = if is_owner {
                            &mut self.entries[i].owner
                        } else {
                            &mut self.entries[i].symbol_note
                        };
                        *slot = Some(value.clone());
                    }
                    return;
                }
            }
            if let Some((prefix, stmt_text)) = statement_in_comment(comment) {
                let (code, trailing) = split_comment(stmt_text);
                if let Ok((stmt, is_open)) = parse_stmt(code) {
                    // The marker may trail the statement or lead it (`❌ DEPRECATED: from ...`).
                    let comment = trailing
                        .filter(|t| classify(t).is_some())
                        .or(classify(prefix).map(|_| prefix))
                        .or(trailing);
                    if is_open {
                        self.warn(
                            line,
                            "a commented multi-line import cannot be read; write one line".into(),
                        );
                    }
                    self.push_stmt(stmt, line, comment, *block);
                    return;
                }
            }
            if let Some((mark, _)) = classify(comment) {
                *block = Some(mark);
                self.last.clear();
            }
            return;
        }
        let (code, comment) = split_comment(trimmed);
        match parse_stmt(code) {
            Ok((stmt, is_open)) => {
                if is_open {
                    if let Stmt::From { module, .. } = &stmt {
                        *open = Some((module.clone(), line, comment.map(str::to_string)));
                    }
                }
                let empty = matches!(&stmt, Stmt::From { names, .. } if names.is_empty());
                if !empty {
                    self.push_stmt(stmt, line, comment, *block);
                }
            }
            Err(()) => {
                self.warn(
                    line,
                    format!("not an import entry, ignored: `{}`", truncate(trimmed)),
                );
                self.last.clear();
            }
        }
    }
}

fn truncate(s: &str) -> String {
    const MAX: usize = 80;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let cut: String = s.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

/// The settled status of one path of one symbol (or module), from all its entries.
struct PathState<'a> {
    path: String,
    mark: Mark,
    entries: Vec<&'a Entry>,
}

/// Settles the marks of a path's entries; warns when they contradict each other.
fn settle<'a>(
    statement: &str,
    path: &str,
    entries: Vec<&'a Entry>,
    warnings: &mut Vec<Warning>,
) -> PathState<'a> {
    let listed: Vec<&&Entry> = entries.iter().filter(|e| !e.implied).collect();
    let mut classes: Vec<u8> = entries
        .iter()
        .map(|e| e.mark.class())
        .filter(|&c| c != 0)
        .collect();
    classes.sort_unstable();
    classes.dedup();
    let worst = entries
        .iter()
        .map(|e| e.mark)
        .filter(|m| *m != Mark::Unknown)
        .max_by_key(|m| (m.class(), std::cmp::Reverse(*m)));
    let mark = match worst {
        None => Mark::Unknown,
        Some(w) if w.class() == 1 => entries
            .iter()
            .map(|e| e.mark)
            .filter(|m| m.class() == 1)
            .min()
            .unwrap_or(w),
        Some(w) => w,
    };
    if classes.len() > 1 {
        let claims: Vec<String> = entries
            .iter()
            .filter(|e| e.mark != Mark::Unknown)
            .map(|e| {
                format!(
                    "line {}: {} ({})",
                    e.line,
                    e.mark.word(),
                    if e.implied { "use instead" } else { e.source }
                )
            })
            .collect();
        let first = listed.first().map(|e| e.line).unwrap_or(entries[0].line);
        warnings.push(Warning {
            line: first,
            message: format!(
                "`{statement}` has conflicting statuses: {}; keeping {}",
                claims.join(", "),
                mark.word()
            ),
        });
    }
    PathState {
        path: path.to_string(),
        mark,
        entries,
    }
}

/// Imports markdown text into a registry.
pub fn import(text: &str, source: &str) -> Imported {
    let mut parser = Parser::default();
    parser.parse(text);
    let Parser {
        entries,
        mut warnings,
        ..
    } = parser;
    let listed = entries.iter().filter(|e| !e.implied).count();

    // Group by symbol name (modules by `None`), keeping first-appearance order of paths.
    let mut by_name: BTreeMap<Option<&str>, Vec<(&str, Vec<&Entry>)>> = BTreeMap::new();
    // Where each (name, path) sits in `by_name`: one lookup per entry, however many paths a
    // name has (every `import x.y` line shares the name `None`).
    let mut position: HashMap<(Option<&str>, &str), usize> = HashMap::new();
    for e in &entries {
        let name = e.name.as_deref();
        let paths = by_name.entry(name).or_default();
        match position.entry((name, e.module.as_str())) {
            Slot::Occupied(at) => paths[*at.get()].1.push(e),
            Slot::Vacant(slot) => {
                slot.insert(paths.len());
                paths.push((&e.module, vec![e]));
            }
        }
    }

    let mut symbols = Vec::new();
    let mut modules = Vec::new();
    for (name, paths) in by_name {
        let mut states: Vec<PathState> = paths
            .into_iter()
            .map(|(p, list)| {
                let what = match name {
                    Some(n) => format!("from {p} import {n}"),
                    None => format!("import {p}"),
                };
                settle(&what, p, list, &mut warnings)
            })
            .collect();
        // First listed first: the first canonical candidate wins.
        states.sort_by_key(|s| s.entries.iter().map(|e| e.line).min().unwrap_or(0));
        match name {
            None => {
                for s in states {
                    let first = s.entries[0];
                    let use_instead = s
                        .entries
                        .iter()
                        .find_map(|e| e.use_instead.as_ref())
                        .and_then(|(stmt, _)| match parse_stmt(stmt) {
                            Ok((Stmt::Import { modules }, _)) => modules.first().cloned(),
                            Ok((Stmt::From { module, .. }, _)) => Some(module),
                            _ => None,
                        });
                    modules.push(ModuleEntry {
                        path: s.path.clone(),
                        status: match s.mark {
                            Mark::Canonical | Mark::Ok => Status::Canonical,
                            Mark::Compatible => Status::Compatible,
                            Mark::Deprecated => Status::Deprecated,
                            Mark::Broken => Status::Broken,
                            Mark::Unknown => Status::Unverified,
                        },
                        use_instead: use_instead.filter(|u| *u != s.path),
                        note: s.entries.iter().find_map(|e| e.note.clone()),
                        line: first.line,
                    });
                }
            }
            Some(name) => {
                for group in split_by_service(states) {
                    symbols.push(build_symbol(name, group, &mut warnings));
                }
            }
        }
    }
    warnings.sort();
    let registry = Registry::new(symbols, modules, source.to_string()).normalized();
    Imported {
        registry,
        warnings,
        entries: listed,
    }
}

/// The paths that would compete for canonical: explicit canonical ones, else working ones.
fn candidates<'s, 'a>(states: &'s [PathState<'a>]) -> Vec<&'s PathState<'a>> {
    let explicit: Vec<&PathState> = states
        .iter()
        .filter(|s| s.mark == Mark::Canonical)
        .collect();
    if explicit.is_empty() {
        states.iter().filter(|s| s.mark == Mark::Ok).collect()
    } else {
        explicit
    }
}

/// One name with working paths in several service sections, each inside its own service's
/// package (`### auth_service Service` listing `auth_service.config.Settings`, `### netra_backend
/// Service` listing `netra_backend.app.config.Settings`), is several symbols: one per service,
/// each path going to the service of its top-level package (else the first).
fn split_by_service(states: Vec<PathState>) -> Vec<Vec<PathState>> {
    let mut homes: Vec<String> = Vec::new();
    let working = states
        .iter()
        .filter(|s| matches!(s.mark, Mark::Canonical | Mark::Ok));
    for c in working {
        let top = top_level(&c.path);
        let at_home = c.entries.iter().any(|e| e.service.as_deref() == Some(top));
        if at_home && !homes.iter().any(|h| h == top) {
            homes.push(top.to_string());
        }
    }
    if homes.len() < 2 {
        return vec![states];
    }
    let mut groups: Vec<Vec<PathState>> = homes.iter().map(|_| Vec::new()).collect();
    for s in states {
        let at = homes
            .iter()
            .position(|h| h == top_level(&s.path))
            .unwrap_or(0);
        groups[at].push(s);
    }
    groups
}

fn build_symbol(name: &str, states: Vec<PathState>, warnings: &mut Vec<Warning>) -> Symbol {
    let line = states
        .iter()
        .flat_map(|s| s.entries.iter().map(|e| e.line))
        .min()
        .unwrap_or(0);
    let candidates = candidates(&states);
    let canonical = candidates.first().map(|s| s.path.clone());
    if candidates.len() > 1 {
        let list: Vec<String> = candidates
            .iter()
            .map(|s| {
                let at = s.entries.iter().map(|e| e.line).min().unwrap_or(0);
                format!("{} (line {at})", s.path)
            })
            .collect();
        warnings.push(Warning {
            line,
            message: format!(
                "`{name}` has {} canonical paths: {}; keeping {} as canonical, the others as \
                 compatible",
                candidates.len(),
                list.join(", "),
                canonical.as_deref().unwrap_or("")
            ),
        });
    }
    let mut symbol = Symbol {
        name: name.to_string(),
        canonical: canonical.clone(),
        line,
        ..Symbol::default()
    };
    for s in &states {
        if Some(&s.path) == canonical.as_ref() {
            continue;
        }
        // A `use_instead` that only repeats the canonical import is dropped by
        // `Registry::normalized`, which `import` applies.
        let retired = || RetiredPath {
            path: s.path.clone(),
            note: s.entries.iter().find_map(|e| e.note.clone()),
            use_instead: s
                .entries
                .iter()
                .find_map(|e| e.use_instead.as_ref().map(|(u, _)| u.clone())),
        };
        match s.mark {
            Mark::Canonical | Mark::Ok | Mark::Compatible => symbol.compatible.push(s.path.clone()),
            Mark::Deprecated => symbol.deprecated.push(retired()),
            Mark::Broken => symbol.broken.push(retired()),
            Mark::Unknown => symbol.unverified.push(s.path.clone()),
        }
    }
    let all = || states.iter().flat_map(|s| s.entries.iter());
    symbol.owner = all().find_map(|e| e.owner.clone());
    symbol.note = all().find_map(|e| e.symbol_note.clone());
    symbol
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifier_precedence() {
        let m = |s: &str| classify(s).map(|(m, _)| m);
        assert_eq!(m("❌ DEPRECATED"), Some(Mark::Deprecated));
        assert_eq!(m("⚠️ LEGACY"), Some(Mark::Deprecated));
        assert_eq!(m("❌ BROKEN PATH"), Some(Mark::Broken));
        assert_eq!(m("DID NOT EXIST"), Some(Mark::Broken));
        assert_eq!(m("✅ CANONICAL"), Some(Mark::Canonical));
        assert_eq!(m("RECOMMENDED"), Some(Mark::Canonical));
        assert_eq!(m("COMPATIBILITY ALIAS"), Some(Mark::Compatible));
        assert_eq!(m("[FIXED] was broken"), Some(Mark::Ok));
        assert_eq!(m("❓ unclear"), Some(Mark::Unknown));
        assert_eq!(
            m("LEGACY IMPORT PATHS (DEPRECATED BUT WORKING):"),
            Some(Mark::Deprecated)
        );
        assert_eq!(m("THESE PATHS DO NOT EXIST:"), Some(Mark::Broken));
        assert_eq!(m("INCORRECT"), Some(Mark::Broken));
        assert_eq!(m("Agent registry"), None);
        let (mark, end) = classify("DEPRECATED: removed after 2025-10").unwrap();
        assert_eq!(mark, Mark::Deprecated);
        assert_eq!(
            note_after("DEPRECATED: removed after 2025-10", end).as_deref(),
            Some("removed after 2025-10")
        );
    }

    #[test]
    fn control_characters_in_notes_become_spaces_and_the_result_loads() {
        let md = "# Registry\n\n```python\n\
                  from pkg.a import A  # ✅ CANONICAL\n\
                  from pkg.old import A  # ❌ DEPRECATED:\tgone\tin v2\n\
                  # OWNER:\tplatform\tteam\n\
                  ```\n";
        let imported = import(md, "SSOT.md");
        let symbol = &imported.registry.symbols[0];
        assert_eq!(symbol.deprecated[0].note.as_deref(), Some("gone in v2"));
        assert_eq!(symbol.owner.as_deref(), Some("platform team"));
        let toml = crate::registry::toml_out::render(&imported.registry, &[]);
        crate::registry::parse_registry(&toml, "r.toml").expect("the written registry loads");
    }

    #[test]
    fn statements() {
        assert_eq!(
            parse_stmt("from a.b import C, D as E"),
            Ok((
                Stmt::From {
                    module: "a.b".into(),
                    names: vec!["C".into(), "D".into()]
                },
                false
            ))
        );
        assert_eq!(
            parse_stmt("@patch('a.b.Cls.method')"),
            Ok((
                Stmt::Patch {
                    module: "a.b".into(),
                    name: "Cls".into()
                },
                false
            ))
        );
        assert_eq!(
            parse_stmt("with patch(\"a.b.get_db\") as m:"),
            Ok((
                Stmt::Patch {
                    module: "a.b".into(),
                    name: "get_db".into()
                },
                false
            ))
        );
        assert!(matches!(parse_stmt("from a import ("), Ok((_, true))));
        assert!(parse_stmt("from . import x").is_err());
        assert!(parse_stmt("registry = AgentRegistry()").is_err());
        assert!(parse_stmt("from a import *").is_err());
        assert_eq!(
            statement_in_comment("❌ DEPRECATED: from x.y import A").map(|(p, _)| p),
            Some("❌ DEPRECATED: ")
        );
    }

    #[test]
    fn never_panics_on_odd_input() {
        let pieces = [
            "```",
            "```python",
            "~~~",
            "# ",
            "## ✅ ",
            "from ",
            "import ",
            " import ",
            "(",
            ")",
            ",",
            "ſ",
            "İ",
            "ﬀ",
            "❌",
            "✅",
            "❓",
            "# USE INSTEAD:",
            "# OWNER:",
            "@patch('",
            "'",
            "a.b",
            "X",
            "[P]",
            "\n",
            "\r\n",
            "DEPRECATED: ",
            "#",
            " as ",
            "*",
            ".",
            "ǅ",
        ];
        // A deterministic walk over combinations of the pieces.
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..24 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            let imported = import(&text, "fuzz.md");
            assert!(imported.entries <= text.len());
        }
    }

    #[test]
    fn same_name_in_two_services_is_two_symbols() {
        let md =
            "### auth_service Service\n```python\nfrom auth_service.config import Settings  # ✅\n\
                  from auth_service.old import Settings  # ❌\n```\n\
                  ### netra_backend Service\n```python\n\
                  from netra_backend.app.config import Settings  # ✅ CANONICAL\n```\n\
                  ## Elsewhere\n```python\nfrom shared.config import Settings  # ✅\n```\n";
        let r = import(md, "x.md");
        let got: Vec<(Option<&str>, Vec<&str>)> = r
            .registry
            .symbols
            .iter()
            .map(|s| {
                (
                    s.canonical.as_deref(),
                    s.paths().skip(1).map(|(p, _)| p).collect(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    Some("auth_service.config"),
                    vec!["shared.config", "auth_service.old"]
                ),
                (Some("netra_backend.app.config"), vec![]),
            ]
        );
        // `shared.config` is outside both services: it joins the first, where it competes.
        assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
        assert!(r.warnings[0]
            .message
            .contains("`Settings` has 2 canonical paths"));
        assert_eq!(
            service_of("`auth_service` Service").as_deref(),
            Some("auth_service")
        );
        assert_eq!(service_of("✅ CORRECT MOCK PATHS"), None);
    }

    #[test]
    fn precedence_inline_block_heading() {
        let md = "## ✅ VERIFIED\n```python\nfrom a import A\n# THESE PATHS DO NOT EXIST:\n\
                  from b import A\nfrom c import A  # ⚠️ LEGACY\n```\n";
        let r = import(md, "x.md");
        let s = &r.registry.symbols[0];
        assert_eq!(s.canonical.as_deref(), Some("a"));
        assert_eq!(s.broken[0].path, "b");
        assert_eq!(s.deprecated[0].path, "c");
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    }
}
