//! Renderers of a graph slice (JSON, Graphviz DOT, Mermaid, text) and of import cycles.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use petgraph::graph::NodeIndex;
use serde::Serialize;

use super::{Cycle, Edge, ImportGraph, Node, NodeKind, Slice};

#[derive(Serialize)]
struct JsonEdge<'a> {
    from: &'a str,
    to: &'a str,
    path: &'a str,
    line: u32,
    type_checking: bool,
    lazy: bool,
    guarded: bool,
    dynamic: bool,
}

#[derive(Serialize)]
struct JsonGraph<'a> {
    modules: Vec<&'a Node>,
    edges: Vec<JsonEdge<'a>>,
}

/// `{"modules":[{"name","path","kind"}],"edges":[{"from","to","path","line",...flags}]}`
pub fn json(g: &ImportGraph, slice: &Slice) -> String {
    let graph = &g.graph;
    let doc = JsonGraph {
        modules: slice.nodes.iter().map(|&n| &graph[n]).collect(),
        edges: slice
            .edges
            .iter()
            .filter_map(|&e| {
                let (a, b) = graph.edge_endpoints(e)?;
                let edge: &Edge = &graph[e];
                Some(JsonEdge {
                    from: &graph[a].name,
                    to: &graph[b].name,
                    path: &g.paths[edge.file as usize],
                    line: edge.line,
                    type_checking: edge.type_checking,
                    lazy: edge.lazy,
                    guarded: edge.guarded,
                    dynamic: edge.dynamic,
                })
            })
            .collect(),
    };
    crate::output::versioned(&doc)
}

/// All statements between two modules collapse into one drawn edge, styled by what they share:
/// solid when any runs at import time, dashed when all are `TYPE_CHECKING`, dotted when all are
/// lazy or dynamic.
#[derive(Default)]
struct Pair {
    count: usize,
    import_time: bool,
    all_type_checking: bool,
    all_dynamic: bool,
}

fn pairs(g: &ImportGraph, slice: &Slice) -> BTreeMap<(NodeIndex, NodeIndex), Pair> {
    let mut out: BTreeMap<(NodeIndex, NodeIndex), Pair> = BTreeMap::new();
    for &e in &slice.edges {
        let Some(ends) = g.graph.edge_endpoints(e) else {
            continue;
        };
        let edge = &g.graph[e];
        let p = out.entry(ends).or_insert(Pair {
            all_type_checking: true,
            all_dynamic: true,
            ..Pair::default()
        });
        p.count += 1;
        p.import_time |= edge.import_time() && !edge.dynamic;
        p.all_type_checking &= edge.type_checking;
        p.all_dynamic &= edge.dynamic;
    }
    out
}

fn dot_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// Graphviz DOT: boxes for modules (grouped per top-level package), ellipses for external
/// packages, edge style as in [`Pair`].
pub fn dot(g: &ImportGraph, slice: &Slice) -> String {
    let graph = &g.graph;
    let mut s = String::from(
        "digraph imports {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\", fontsize=10];\n  edge [color=\"#555555\"];\n",
    );
    let mut clusters: BTreeMap<&str, Vec<NodeIndex>> = BTreeMap::new();
    for &n in &slice.nodes {
        let node = &graph[n];
        if node.kind == NodeKind::External {
            continue;
        }
        let top = node.name.split('.').next().unwrap_or(&node.name);
        clusters.entry(top).or_default().push(n);
    }
    for (i, (top, nodes)) in clusters.iter().enumerate() {
        let _ = writeln!(
            s,
            "  subgraph cluster_{i} {{\n    label=\"{}\";\n    style=rounded;\n    color=\"#999999\";",
            dot_escape(top)
        );
        for &n in nodes {
            let node = &graph[n];
            let style = match node.kind {
                NodeKind::Namespace => ", style=dashed",
                NodeKind::Package => ", style=bold",
                _ => "",
            };
            let _ = writeln!(
                s,
                "    n{} [label=\"{}\"{style}];",
                n.index(),
                dot_escape(&node.name)
            );
        }
        s.push_str("  }\n");
    }
    for &n in &slice.nodes {
        let node = &graph[n];
        if node.kind == NodeKind::External {
            let _ = writeln!(
                s,
                "  n{} [label=\"{}\", shape=ellipse, style=dashed, color=\"#888888\"];",
                n.index(),
                dot_escape(&node.name)
            );
        }
    }
    for ((a, b), p) in pairs(g, slice) {
        let mut attrs = Vec::new();
        if !p.import_time {
            attrs.push(if p.all_type_checking {
                "style=dashed"
            } else {
                "style=dotted"
            });
        }
        if p.count > 1 {
            attrs.push("penwidth=2");
        }
        let attrs = if attrs.is_empty() {
            String::new()
        } else {
            format!(" [{}]", attrs.join(", "))
        };
        let _ = writeln!(s, "  n{} -> n{}{attrs};", a.index(), b.index());
    }
    s.push_str("}\n");
    s
}

fn mermaid_label(s: &str) -> String {
    s.replace('"', "#quot;")
}

/// Mermaid flowchart: `-->` at import time, `-.->` for TYPE_CHECKING / lazy / dynamic only.
pub fn mermaid(g: &ImportGraph, slice: &Slice) -> String {
    let graph = &g.graph;
    let mut s = String::from("flowchart LR\n");
    for &n in &slice.nodes {
        let node = &graph[n];
        let label = mermaid_label(&node.name);
        let _ = match node.kind {
            NodeKind::External => writeln!(s, "  n{}([\"{label}\"])", n.index()),
            _ => writeln!(s, "  n{}[\"{label}\"]", n.index()),
        };
    }
    for ((a, b), p) in pairs(g, slice) {
        let arrow = if p.import_time { "-->" } else { "-.->" };
        let _ = writeln!(s, "  n{} {arrow} n{}", a.index(), b.index());
    }
    s
}

/// One line per module with what it imports, marking targets imported only under
/// `TYPE_CHECKING`, only dynamically, or only lazily.
pub fn text(g: &ImportGraph, slice: &Slice) -> String {
    let graph = &g.graph;
    let mut out: BTreeMap<NodeIndex, Vec<String>> = BTreeMap::new();
    for ((a, b), p) in pairs(g, slice) {
        let mut t = graph[b].name.clone();
        if !p.import_time {
            t.push_str(if p.all_type_checking {
                " (type-checking)"
            } else if p.all_dynamic {
                " (dynamic)"
            } else {
                " (lazy)"
            });
        }
        out.entry(a).or_default().push(t);
    }
    let mut s = String::new();
    for &n in &slice.nodes {
        if let Some(targets) = out.get(&n) {
            let _ = writeln!(s, "{} -> {}", graph[n].name, targets.join(", "));
        }
    }
    s
}

pub fn cycles_text(cycles: &[Cycle]) -> String {
    if cycles.is_empty() {
        return "No import cycles.\n".to_string();
    }
    let mut s = String::new();
    for (i, c) in cycles.iter().enumerate() {
        let _ = writeln!(
            s,
            "cycle {} ({} modules): {}",
            i + 1,
            c.modules.len(),
            c.modules.join(", ")
        );
        for hop in &c.path {
            let _ = writeln!(
                s,
                "  {} -> {}  ({}:{})",
                hop.from, hop.to, hop.path, hop.line
            );
        }
        s.push('\n');
    }
    let _ = writeln!(
        s,
        "{} import cycle{}.",
        cycles.len(),
        if cycles.len() == 1 { "" } else { "s" }
    );
    s
}

pub fn cycles_json(cycles: &[Cycle]) -> String {
    #[derive(Serialize)]
    struct Doc<'a> {
        cycles: &'a [Cycle],
    }
    crate::output::versioned(&Doc { cycles })
}
