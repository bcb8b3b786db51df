//! The module structure of `src/` (docs/ARCHITECTURE.md): dependencies go one way.
//!
//! Every file of `src/` is parsed with `syn`; every path it names (`use` trees and paths in
//! code: `crate::a::b`, `super::x`, `self::y`, and a child module's name in its parent) is mapped
//! to the file that defines the module it points into. Test code (`#[cfg(test)]` items, and
//! the `tests.rs` files they declare) is left out. Two checks:
//!
//! 1. the file graph has no cycle: no file depends, through any chain, on a file that depends
//!    on it (a `mod.rs` that uses a child and a child that uses its parent's items are a
//!    cycle: shared items then live in a file of their own);
//! 2. each top-level module uses only modules of lower layers ([`LAYERS`]), the layer table
//!    docs/ARCHITECTURE.md draws.
//!
//! A failure names the files of the cycle, or the module, the layer it may use and the file and
//! path that reached above it. Fix the dependency, not the table, unless the design changed:
//! then change the table and the picture in docs/ARCHITECTURE.md together.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// Top-level modules by layer, lowest first. A module may use modules of lower layers only
/// (and itself); two modules of one layer are independent.
const LAYERS: &[&[&str]] = &[
    &["error", "facts", "output"],
    &["config", "fs_util", "discovery", "source", "alloc", "git"],
    &["diagnostic", "parse"],
    &["model", "cache"],
    &["resolve", "duplicates", "baseline"],
    &["graph", "registry"],
    &["rules"],
    &["project", "report", "suppress"],
    &["scan"],
    &["trend"],
    &["cli"],
    &["lib", "main"],
];

/// A module path (`["rules", "env_access"]`) → the file that defines it.
type Modules = BTreeMap<Vec<String>, PathBuf>;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/rules/mod.rs` → `["rules"]`, `src/rules/env_access.rs` → `["rules", "env_access"]`,
/// `src/lib.rs` → `[]` (the crate root), `src/main.rs` → `["main"]`.
fn module_of(file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src()).expect("under src");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    match parts.last().map(String::as_str) {
        Some("mod") | Some("lib") => {
            parts.pop();
        }
        _ => {}
    }
    parts
}

fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.parse_args::<syn::Meta>()
                .is_ok_and(|m| m.path().is_ident("test"))
    })
}

/// The paths one file names, outside test code, as module paths relative to nothing yet:
/// (`crate` / `super` count / `self` / bare, segments).
#[derive(Default)]
struct Collector {
    /// Child modules this file declares (`mod x;` and inline `mod x { }` outside tests).
    children: BTreeSet<String>,
    paths: Vec<Vec<String>>,
}

impl Collector {
    fn push(&mut self, segments: Vec<String>) {
        if !segments.is_empty() {
            self.paths.push(segments);
        }
    }

    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree);
                prefix.pop();
            }
            syn::UseTree::Name(n) => {
                let mut full = prefix.clone();
                if n.ident != "self" {
                    full.push(n.ident.to_string());
                }
                self.push(full);
            }
            syn::UseTree::Rename(r) => {
                let mut full = prefix.clone();
                if r.ident != "self" {
                    full.push(r.ident.to_string());
                }
                self.push(full);
            }
            syn::UseTree::Glob(_) => self.push(prefix.clone()),
            syn::UseTree::Group(g) => {
                for t in &g.items {
                    self.use_tree(prefix, t);
                }
            }
        }
    }
}

impl<'ast> Visit<'ast> for Collector {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let attrs = match item {
            syn::Item::Mod(m) => &m.attrs,
            syn::Item::Fn(f) => &f.attrs,
            syn::Item::Impl(i) => &i.attrs,
            syn::Item::Use(u) => &u.attrs,
            syn::Item::Struct(s) => &s.attrs,
            syn::Item::Enum(e) => &e.attrs,
            syn::Item::Const(c) => &c.attrs,
            syn::Item::Static(s) => &s.attrs,
            syn::Item::Trait(t) => &t.attrs,
            syn::Item::Type(t) => &t.attrs,
            syn::Item::Macro(m) => &m.attrs,
            _ => return syn::visit::visit_item(self, item),
        };
        if is_cfg_test(attrs) {
            return;
        }
        match item {
            syn::Item::Mod(m) => {
                self.children.insert(m.ident.to_string());
                syn::visit::visit_item_mod(self, m);
            }
            syn::Item::Use(u) => self.use_tree(&mut Vec::new(), &u.tree),
            _ => syn::visit::visit_item(self, item),
        }
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        if !is_cfg_test(&f.attrs) {
            syn::visit::visit_impl_item_fn(self, f);
        }
    }

    fn visit_visibility(&mut self, _: &'ast syn::Visibility) {
        // `pub(super)`, `pub(in crate::a)`: who may see an item, not what it uses.
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        self.push(path.segments.iter().map(|s| s.ident.to_string()).collect());
        syn::visit::visit_path(self, path);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        // Paths inside macro calls (`matches!(x, crate::a::B)`): read the tokens as paths.
        let text = mac.tokens.to_string();
        for start in ["crate ::", "super ::", "self ::"] {
            for (at, _) in text.match_indices(start) {
                let segments: Vec<String> = text[at..]
                    .split("::")
                    .map(|s| s.trim().to_string())
                    .take_while(|s| {
                        !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '_')
                    })
                    .collect();
                self.push(segments);
            }
        }
        syn::visit::visit_macro(self, mac);
    }
}

/// The module a path points into, from module `me` (declaring `children`): the longest prefix
/// of its absolute form that is a module with a file.
fn target(
    modules: &Modules,
    me: &[String],
    is_mod_file: bool,
    children: &BTreeSet<String>,
    path: &[String],
) -> Option<Vec<String>> {
    let mut abs: Vec<String> = match path.first().map(String::as_str) {
        Some("crate") => path[1..].to_vec(),
        Some("self") => me.iter().chain(&path[1..]).cloned().collect(),
        Some("super") => {
            let mut base = me.to_vec();
            let mut rest = path;
            while rest.first().map(String::as_str) == Some("super") {
                base.pop();
                rest = &rest[1..];
            }
            // `super` in `a/b.rs` is `a`; in `a/mod.rs` (module `a`) it is the crate root.
            let _ = is_mod_file;
            base.into_iter().chain(rest.iter().cloned()).collect()
        }
        Some(first) if children.contains(first) => me.iter().chain(path).cloned().collect(),
        _ => return None,
    };
    while !abs.is_empty() {
        if modules.contains_key(&abs) {
            return Some(abs);
        }
        abs.pop();
    }
    None
}

struct Graph {
    /// File → the files it depends on, with one example path each.
    edges: BTreeMap<PathBuf, BTreeMap<PathBuf, String>>,
    modules: Modules,
}

fn graph() -> Graph {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    files.sort();
    let modules: Modules = files.iter().map(|f| (module_of(f), f.clone())).collect();
    // Files that only test code declares (`#[cfg(test)] mod tests;`) are test code.
    let mut test_files = BTreeSet::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("read");
        let ast = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        for item in &ast.items {
            if let syn::Item::Mod(m) = item {
                if is_cfg_test(&m.attrs) && m.content.is_none() {
                    let mut child = module_of(f);
                    child.push(m.ident.to_string());
                    if let Some(file) = modules.get(&child) {
                        test_files.insert(file.clone());
                    }
                }
            }
        }
    }
    let mut edges = BTreeMap::new();
    for f in files.iter().filter(|f| !test_files.contains(*f)) {
        let text = std::fs::read_to_string(f).expect("read");
        let ast = syn::parse_file(&text).expect("parse");
        let mut c = Collector::default();
        c.visit_file(&ast);
        let me = module_of(f);
        let is_mod_file = f.ends_with("mod.rs") || f.ends_with("lib.rs");
        let mut out: BTreeMap<PathBuf, String> = BTreeMap::new();
        for path in &c.paths {
            if let Some(t) = target(&modules, &me, is_mod_file, &c.children, path) {
                let file = &modules[&t];
                if file != f {
                    out.entry(file.clone()).or_insert_with(|| path.join("::"));
                }
            }
        }
        edges.insert(f.clone(), out);
    }
    Graph { edges, modules }
}

fn short(p: &Path) -> String {
    p.strip_prefix(src()).unwrap_or(p).display().to_string()
}

#[test]
fn no_file_of_src_is_in_an_import_cycle() {
    let g = graph();
    // Strongly connected components (Tarjan, iterative enough for a few hundred files).
    let nodes: Vec<&PathBuf> = g.edges.keys().collect();
    let index_of: BTreeMap<&PathBuf, usize> =
        nodes.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let adj: Vec<Vec<usize>> = nodes
        .iter()
        .map(|n| {
            g.edges[*n]
                .keys()
                .filter_map(|t| index_of.get(t).copied())
                .collect()
        })
        .collect();
    let mut graph = petgraph::graph::DiGraph::<usize, ()>::new();
    let ids: Vec<_> = (0..nodes.len()).map(|i| graph.add_node(i)).collect();
    for (a, outs) in adj.iter().enumerate() {
        for &b in outs {
            graph.add_edge(ids[a], ids[b], ());
        }
    }
    let mut cycles = Vec::new();
    for scc in petgraph::algo::kosaraju_scc(&graph) {
        if scc.len() > 1 {
            let members: BTreeSet<usize> = scc.iter().map(|n| graph[*n]).collect();
            let mut lines = Vec::new();
            for &m in &members {
                for (t, example) in &g.edges[nodes[m]] {
                    if index_of.get(t).is_some_and(|i| members.contains(i)) {
                        lines.push(format!(
                            "    {} -> {} ({example})",
                            short(nodes[m]),
                            short(t)
                        ));
                    }
                }
            }
            cycles.push(format!(
                "  a cycle of {} files:\n{}",
                members.len(),
                lines.join("\n")
            ));
        }
    }
    assert!(
        cycles.is_empty(),
        "import cycles between files of src/:\n{}",
        cycles.join("\n")
    );
}

#[test]
fn modules_use_only_lower_layers() {
    let g = graph();
    let layer_of =
        |module: &str| -> Option<usize> { LAYERS.iter().position(|layer| layer.contains(&module)) };
    let mut wrong = Vec::new();
    let mut unknown = BTreeSet::new();
    for (file, deps) in &g.edges {
        let from = module_of(file);
        let from_top = from.first().map(String::as_str).unwrap_or("lib");
        let Some(from_layer) = layer_of(from_top) else {
            unknown.insert(from_top.to_string());
            continue;
        };
        for (dep, example) in deps {
            let to = module_of(dep);
            let to_top = to.first().map(String::as_str).unwrap_or("lib");
            if to_top == from_top {
                continue;
            }
            match layer_of(to_top) {
                None => {
                    unknown.insert(to_top.to_string());
                }
                Some(l) if l >= from_layer => wrong.push(format!(
                    "  {} (`{from_top}`, layer {from_layer}) uses `{to_top}` (layer {l}) via `{example}`",
                    short(file)
                )),
                Some(_) => {}
            }
        }
    }
    assert!(
        unknown.is_empty(),
        "modules missing from LAYERS: {unknown:?}"
    );
    assert!(
        wrong.is_empty(),
        "dependencies against the layers:\n{}",
        wrong.join("\n")
    );
    // Every module of the table exists: the table is the design, not a wish list.
    let tops: BTreeSet<&str> = g
        .modules
        .keys()
        .map(|m| m.first().map(String::as_str).unwrap_or("lib"))
        .collect();
    for layer in LAYERS {
        for m in *layer {
            assert!(
                tops.contains(m),
                "LAYERS names `{m}`, which is not a module of src/"
            );
        }
    }
}
