//! Writing a registry as `ssot-registry.toml`: one `[[symbol]]` table per symbol with inline
//! tables for retired paths, in a stable order, so regenerated files diff cleanly.

use std::fmt::Write;

use super::model::{Registry, RetiredPath};

fn quote(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn list(items: &[String]) -> String {
    let inner: Vec<String> = items.iter().map(|s| quote(s)).collect();
    format!("[{}]", inner.join(", "))
}

fn retired(r: &RetiredPath) -> String {
    if r.note.is_none() && r.use_instead.is_none() {
        return quote(&r.path);
    }
    let mut s = format!("{{ path = {}", quote(&r.path));
    if let Some(n) = &r.note {
        let _ = write!(s, ", note = {}", quote(n));
    }
    if let Some(u) = &r.use_instead {
        let _ = write!(s, ", use-instead = {}", quote(u));
    }
    s.push_str(" }");
    s
}

fn retired_list(items: &[RetiredPath]) -> String {
    if items.len() <= 1 {
        let inner: Vec<String> = items.iter().map(retired).collect();
        return format!("[{}]", inner.join(", "));
    }
    let mut s = String::from("[\n");
    for r in items {
        let _ = writeln!(s, "    {},", retired(r));
    }
    s.push(']');
    s
}

/// Renders the registry; `header` lines are written as `#` comments first.
pub fn render(registry: &Registry, header: &[String]) -> String {
    let mut out = String::new();
    for h in header {
        let _ = writeln!(out, "# {h}");
    }
    for s in &registry.symbols {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str("[[symbol]]\n");
        let _ = writeln!(out, "name = {}", quote(&s.name));
        if let Some(c) = &s.canonical {
            let _ = writeln!(out, "canonical = {}", quote(c));
        }
        if !s.compatible.is_empty() {
            let _ = writeln!(out, "compatible = {}", list(&s.compatible));
        }
        if !s.deprecated.is_empty() {
            let _ = writeln!(out, "deprecated = {}", retired_list(&s.deprecated));
        }
        if !s.broken.is_empty() {
            let _ = writeln!(out, "broken = {}", retired_list(&s.broken));
        }
        if !s.unverified.is_empty() {
            let _ = writeln!(out, "unverified = {}", list(&s.unverified));
        }
        if let Some(o) = &s.owner {
            let _ = writeln!(out, "owner = {}", quote(o));
        }
        if let Some(n) = &s.note {
            let _ = writeln!(out, "note = {}", quote(n));
        }
    }
    for m in &registry.modules {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str("[[module]]\n");
        let _ = writeln!(out, "path = {}", quote(&m.path));
        let _ = writeln!(out, "status = {}", quote(m.status.as_str()));
        if let Some(u) = &m.use_instead {
            let _ = writeln!(out, "use-instead = {}", quote(u));
        }
        if let Some(n) = &m.note {
            let _ = writeln!(out, "note = {}", quote(n));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::load::parse_registry;

    #[test]
    fn render_then_load_is_identity() {
        let text = "[[symbol]]\nname = \"A\"\ncanonical = \"a.b\"\ncompatible = [\"a\"]\n\
                    deprecated = [\n    { path = \"old\", note = 'say \"no\"' },\n    \"old2\",\n]\n\
                    broken = [{ path = \"x\", use-instead = \"from y import B\" }]\n\
                    unverified = [\"q\"]\nowner = \"platform\"\nnote = \"n\"\n\n\
                    [[module]]\npath = \"m\"\nstatus = \"deprecated\"\nuse-instead = \"n\"\nnote = \"k\"\n";
        let reg = parse_registry(text, "r.toml").unwrap();
        assert_eq!(super::render(&reg, &[]), text);
    }
}
