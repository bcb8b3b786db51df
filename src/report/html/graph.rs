//! The picture of imports between groups: module edges of the import graph added up into
//! group edges, laid out on a circle, drawn as inline SVG. Arrows go from the importing group
//! to the imported one, as thick as the number of import statements; groups that import each
//! other, directly or around a longer loop, and the edges between them are red.

use std::collections::BTreeMap;
use std::f64::consts::PI;
use std::fmt::Write;

use petgraph::graph::DiGraph;

use super::super::badge::grade;
use super::super::groups::Groups;
use super::super::summary::{floor_to, GroupSummary};
use super::escape::html;
use crate::graph::ImportGraph;
use crate::model::ScannedFile;

/// Import statements from one group to another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupEdge {
    pub from: usize,
    pub to: usize,
    pub count: usize,
    /// Both groups are in one import cycle between groups.
    pub cyclic: bool,
}

/// The edges between different groups (first-party imports only), sorted, with the groups of
/// each cycle between groups marked. Imports inside functions and under `TYPE_CHECKING` count:
/// between services, every import is a dependency.
pub fn group_edges(
    imports: &ImportGraph,
    groups: &Groups,
    files: &[ScannedFile],
) -> Vec<GroupEdge> {
    let g = &imports.graph;
    // Each node's group: that of its file (namespace packages and externals have none).
    let node_group: Vec<Option<usize>> = g
        .node_indices()
        .map(|n| g[n].path.as_deref().and_then(|p| groups.of_path(files, p)))
        .collect();
    let mut counts: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for e in g.edge_indices() {
        let Some((_, to)) = g.edge_endpoints(e) else {
            continue;
        };
        let Some(&from_group) = groups.of_file.get(g[e].file as usize) else {
            continue;
        };
        if let Some(to_group) = node_group[to.index()] {
            if to_group != from_group {
                *counts.entry((from_group, to_group)).or_default() += 1;
            }
        }
    }
    let mut dg: DiGraph<(), ()> = DiGraph::new();
    let nodes: Vec<_> = (0..groups.names.len()).map(|_| dg.add_node(())).collect();
    for &(a, b) in counts.keys() {
        dg.add_edge(nodes[a], nodes[b], ());
    }
    let mut component = vec![usize::MAX; groups.names.len()];
    for (k, scc) in petgraph::algo::kosaraju_scc(&dg).into_iter().enumerate() {
        if scc.len() > 1 {
            for n in scc {
                component[n.index()] = k;
            }
        }
    }
    counts
        .into_iter()
        .map(|((from, to), count)| GroupEdge {
            from,
            to,
            count,
            cyclic: component[from] != usize::MAX && component[from] == component[to],
        })
        .collect()
}

/// The most groups the picture draws (those with most files): beyond, it is no longer readable.
pub const MAX_DRAWN: usize = 60;

/// The SVG: the groups with files on a circle (in name order, clockwise from the top), sized by
/// their files and coloured by their score, with the edges between them; and how many groups
/// with files were left out (beyond [`MAX_DRAWN`]).
pub fn svg(
    groups: &Groups,
    edges: &[GroupEdge],
    summaries: Option<&BTreeMap<String, GroupSummary>>,
) -> (String, usize) {
    let mut files = vec![0usize; groups.names.len()];
    for &g in &groups.of_file {
        files[g] += 1;
    }
    let mut shown: Vec<usize> = (0..groups.names.len()).filter(|&g| files[g] > 0).collect();
    let left_out = shown.len().saturating_sub(MAX_DRAWN);
    if left_out > 0 {
        // Names are sorted: a stable sort by files keeps ties in name order.
        shown.sort_by_key(|&g| std::cmp::Reverse(files[g]));
        shown.truncate(MAX_DRAWN);
        shown.sort_unstable();
    }
    let mut drawn = vec![false; groups.names.len()];
    for &g in &shown {
        drawn[g] = true;
    }
    let edges: Vec<&GroupEdge> = edges
        .iter()
        .filter(|e| drawn[e.from] && drawn[e.to])
        .collect();
    let n = shown.len();
    let max_files = shown.iter().map(|&g| files[g]).max().unwrap_or(1).max(1) as f64;
    let radius_of = |g: usize| 8.0 + 16.0 * (files[g] as f64 / max_files).sqrt();
    // A circle with room for the nodes; labels outside it.
    let ring = (n as f64 * 70.0 / (2.0 * PI)).max(if n <= 2 { 90.0 } else { 150.0 });
    let longest = shown
        .iter()
        .map(|&g| groups.names[g].chars().count())
        .max()
        .unwrap_or(0)
        .min(48) as f64;
    // Labels beside the nodes on the left and right, above and below them at the top and bottom.
    let (width, height) = (
        2.0 * (ring + 24.0 + 12.0 + longest * 7.4),
        2.0 * (ring + 24.0 + 28.0),
    );
    let (cx0, cy0) = (width / 2.0, height / 2.0);
    let mut pos = vec![(0.0, 0.0); groups.names.len()];
    for (k, &g) in shown.iter().enumerate() {
        let angle = -PI / 2.0 + 2.0 * PI * k as f64 / n.max(1) as f64;
        pos[g] = (cx0 + ring * angle.cos(), cy0 + ring * angle.sin());
    }
    let max_count = edges.iter().map(|e| e.count).max().unwrap_or(1) as f64;
    let mut out = String::new();
    let _ = write!(
        out,
        r##"<svg id="graph-svg" class="graph" viewBox="0 0 {width:.0} {height:.0}" width="{width:.0}" height="{height:.0}" role="img" aria-label="imports between groups">"##
    );
    out.push_str(concat!(
        r##"<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#8b96a8"/></marker>"##,
        r##"<marker id="arrow-cycle" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#d73a49"/></marker></defs>"##
    ));
    let labels = edges.len() <= 40;
    for e in &edges {
        let ((x1, y1), (x2, y2)) = (pos[e.from], pos[e.to]);
        let (dx, dy) = (x2 - x1, y2 - y1);
        let len = (dx * dx + dy * dy).sqrt().max(1.0);
        let (ux, uy) = (dx / len, dy / len);
        // Bent to the right of its direction, so the edges a→b and b→a do not overlap.
        let bend = len * 0.12;
        let (cx, cy) = ((x1 + x2) / 2.0 - uy * bend, (y1 + y2) / 2.0 + ux * bend);
        let (r1, r2) = (radius_of(e.from), radius_of(e.to) + 3.0);
        let (sx, sy) = toward((x1, y1), (cx, cy), r1);
        let (ex, ey) = toward((x2, y2), (cx, cy), r2);
        let width = 1.0 + 7.0 * ((1.0 + e.count as f64).ln() / (1.0 + max_count).ln());
        let (class, marker) = if e.cyclic {
            ("edge cycle", "arrow-cycle")
        } else {
            ("edge", "arrow")
        };
        let (a, b) = (html(&groups.names[e.from]), html(&groups.names[e.to]));
        let statements = plural_statements(e.count);
        let _ = write!(
            out,
            r##"<g class="{class}" data-from="{a}" data-to="{b}"><title>{a} → {b}: {statements}{cycle}</title><path d="M{sx:.1},{sy:.1} Q{cx:.1},{cy:.1} {ex:.1},{ey:.1}" stroke-width="{width:.1}" marker-end="url(#{marker})"/>"##,
            cycle = if e.cyclic { " (in a cycle)" } else { "" },
        );
        if labels {
            // The curve's midpoint.
            let (mx, my) = (
                0.25 * sx + 0.5 * cx + 0.25 * ex,
                0.25 * sy + 0.5 * cy + 0.25 * ey,
            );
            let _ = write!(
                out,
                r##"<text class="count" x="{mx:.1}" y="{my:.1}">{}</text>"##,
                e.count
            );
        }
        out.push_str("</g>");
    }
    let in_cycle = |g: usize| edges.iter().any(|e| e.cyclic && (e.from == g || e.to == g));
    for &g in &shown {
        let (x, y) = pos[g];
        let r = radius_of(g);
        let name = html(&groups.names[g]);
        let summary = summaries.and_then(|s| s.get(&groups.names[g]));
        let (grade, score) = match summary {
            Some(s) if s.files > 0 => (
                grade(s.exact_percent),
                format!(", {:.1}% compliant", floor_to(s.exact_percent, 1)),
            ),
            _ => ("none", String::new()),
        };
        let cycle = if in_cycle(g) { " cycle" } else { "" };
        let angle = (y - cy0).atan2(x - cx0);
        let (lx, ly) = (
            x + (r + 6.0) * angle.cos(),
            y + (r + 6.0) * angle.sin() + 4.0,
        );
        let anchor = if angle.cos() > 0.3 {
            "start"
        } else if angle.cos() < -0.3 {
            "end"
        } else {
            "middle"
        };
        let ly = if anchor == "middle" {
            ly + 8.0 * angle.sin().signum()
        } else {
            ly
        };
        let _ = write!(
            out,
            r##"<g class="node {grade}{cycle}" data-group="{name}"><title>{name}: {files}{score}</title><circle cx="{x:.1}" cy="{y:.1}" r="{r:.1}"/><text x="{lx:.1}" y="{ly:.1}" text-anchor="{anchor}">{name}</text></g>"##,
            files = crate::output::plural(files[g], "file"),
        );
    }
    out.push_str("</svg>");
    (out, left_out)
}

/// The point at `distance` from `from` toward `to`.
fn toward(from: (f64, f64), to: (f64, f64), distance: f64) -> (f64, f64) {
    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
    let len = (dx * dx + dy * dy).sqrt().max(1e-9);
    (from.0 + dx / len * distance, from.1 + dy / len * distance)
}

fn plural_statements(n: usize) -> String {
    format!("{n} import statement{}", if n == 1 { "" } else { "s" })
}
