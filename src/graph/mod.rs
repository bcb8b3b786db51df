//! The import graph: nodes are first-party modules plus one node per external top-level package,
//! edges are import statements with their kind. Built from [`ModuleIndex`] resolutions: each
//! file's edges are computed in parallel (read-only index, no locks), then added in file order,
//! so the graph is identical across runs and thread counts.

pub mod render;
pub mod who_imports;

use std::collections::VecDeque;

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use crate::facts::ImportKind;
use crate::resolve::is_same_or_submodule;
use crate::resolve::{ModuleId, ModuleIndex, ModuleKind, NameTarget, Target};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NodeKind {
    Module,
    Package,
    Namespace,
    External,
}

impl From<ModuleKind> for NodeKind {
    fn from(k: ModuleKind) -> Self {
        match k {
            ModuleKind::Module => NodeKind::Module,
            ModuleKind::Package => NodeKind::Package,
            ModuleKind::Namespace => NodeKind::Namespace,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Node {
    pub name: String,
    /// Root-relative path of the module's file (`null` for namespace and external nodes).
    pub path: Option<String>,
    pub kind: NodeKind,
}

/// One import statement (one edge per imported module of the statement).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Edge {
    /// The importing file: an index into [`ImportGraph::paths`].
    pub file: u32,
    pub line: u32,
    pub type_checking: bool,
    pub lazy: bool,
    pub guarded: bool,
    pub dynamic: bool,
}

impl Edge {
    /// Runs when the importing module is imported: not under `TYPE_CHECKING`, not in a function.
    pub fn import_time(&self) -> bool {
        !self.type_checking && !self.lazy
    }
}

pub struct ImportGraph {
    pub graph: DiGraph<Node, Edge>,
    /// Root-relative path of every scanned file, indexed by [`Edge::file`] (interned once).
    pub paths: Vec<String>,
    by_name: FxHashMap<String, NodeIndex>,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Key<'s> {
    Module(ModuleId),
    External(&'s str),
}

impl ImportGraph {
    pub fn build(index: &ModuleIndex) -> ImportGraph {
        let files = index.files();
        // Parallel, read-only: each file's outgoing edges.
        let per_file: Vec<(ModuleId, Vec<(Key<'_>, Edge)>)> = (0..files.len())
            .into_par_iter()
            .filter_map(|file| {
                let from = index.module_id_of(file)?;
                // A file that lost its module name to another file is not that module.
                if index.module(from).file != Some(file) {
                    return None;
                }
                let facts = files[file].facts.as_ref().ok()?;
                let mut edges = Vec::new();
                for import in &facts.imports {
                    let res = index.resolve_import(file, import);
                    let mut targets: Vec<Key> = Vec::new();
                    match &res.target {
                        Target::Module(id) if import.kind == ImportKind::From => {
                            for n in &res.names {
                                let key = match n {
                                    NameTarget::Submodule(s) => Key::Module(*s),
                                    _ => Key::Module(*id),
                                };
                                if !targets.contains(&key) {
                                    targets.push(key);
                                }
                            }
                        }
                        Target::Module(id) | Target::Attribute(id) => {
                            targets.push(Key::Module(*id))
                        }
                        Target::External(_) => {
                            // Only absolute imports are external: the module as written.
                            let top = import.module.split('.').next().unwrap_or(&import.module);
                            targets.push(Key::External(top));
                        }
                        _ => {}
                    }
                    for key in targets {
                        edges.push((
                            key,
                            Edge {
                                file: file as u32,
                                line: import.span.line,
                                type_checking: import.type_checking,
                                lazy: import.lazy,
                                guarded: import.guarded,
                                dynamic: import.kind == ImportKind::Dynamic,
                            },
                        ));
                    }
                }
                Some((from, edges))
            })
            .collect();
        // Nodes: every module with a file, every edge target; sorted by name.
        let mut keys: FxHashSet<Key> = FxHashSet::default();
        for (id, m) in index.modules().iter().enumerate() {
            if m.file.is_some() {
                keys.insert(Key::Module(id as ModuleId));
            }
        }
        for (from, edges) in &per_file {
            keys.insert(Key::Module(*from));
            keys.extend(edges.iter().map(|(k, _)| *k));
        }
        let node_of = |k: &Key| -> Node {
            match k {
                Key::Module(id) => {
                    let m = index.module(*id);
                    Node {
                        name: m.name.clone(),
                        path: m.file.map(|f| index.file_rel(f).to_string()),
                        kind: m.kind.into(),
                    }
                }
                Key::External(name) => Node {
                    name: (*name).to_string(),
                    path: None,
                    kind: NodeKind::External,
                },
            }
        };
        let mut nodes: Vec<(Key, Node)> = keys.into_iter().map(|k| (k, node_of(&k))).collect();
        nodes.sort_by(|a, b| (&a.1.name, a.1.kind).cmp(&(&b.1.name, b.1.kind)));
        let mut graph = DiGraph::with_capacity(nodes.len(), 0);
        let mut index_of: FxHashMap<Key, NodeIndex> = FxHashMap::default();
        let mut by_name = FxHashMap::default();
        for (key, node) in nodes {
            let name = node.name.clone();
            let ix = graph.add_node(node);
            index_of.insert(key, ix);
            by_name.entry(name).or_insert(ix);
        }
        let mut all: Vec<(NodeIndex, NodeIndex, Edge)> = Vec::new();
        for (from, edges) in per_file {
            let a = index_of[&Key::Module(from)];
            for (key, edge) in edges {
                all.push((a, index_of[&key], edge));
            }
        }
        // Files are sorted by path, so file order is path order.
        all.sort_by_key(|(a, b, e)| (*a, *b, e.file, e.line));
        for (a, b, e) in all {
            graph.add_edge(a, b, e);
        }
        ImportGraph {
            graph,
            paths: files.iter().map(|f| f.file.rel.clone()).collect(),
            by_name,
        }
    }

    pub fn node(&self, name: &str) -> Option<NodeIndex> {
        self.by_name.get(name).copied()
    }

    /// A slice of the graph: the nodes named `prefix` or under it (every node without a prefix)
    /// and everything reachable from them within `depth` hops (imports, or importers with
    /// `reverse`). Without a prefix and depth, the whole graph. Edges keep their direction.
    pub fn slice(&self, prefix: Option<&str>, depth: Option<usize>, reverse: bool) -> Slice {
        let g = &self.graph;
        let seeds: Vec<NodeIndex> = g
            .node_indices()
            .filter(|&n| prefix.is_none_or(|p| is_same_or_submodule(&g[n].name, p)))
            .collect();
        let depth = depth.unwrap_or(if prefix.is_some() { 1 } else { usize::MAX });
        let dir = if reverse {
            Direction::Incoming
        } else {
            Direction::Outgoing
        };
        let mut dist: FxHashMap<NodeIndex, usize> = seeds.iter().map(|&n| (n, 0)).collect();
        let mut queue: VecDeque<NodeIndex> = seeds.iter().copied().collect();
        let mut edges = Vec::new();
        while let Some(n) = queue.pop_front() {
            let d = dist[&n];
            if d >= depth {
                continue;
            }
            for e in g.edges_directed(n, dir) {
                let other = if reverse { e.source() } else { e.target() };
                edges.push(e.id());
                if let std::collections::hash_map::Entry::Vacant(v) = dist.entry(other) {
                    v.insert(d + 1);
                    queue.push_back(other);
                }
            }
        }
        let mut nodes: Vec<NodeIndex> = dist.into_keys().collect();
        nodes.sort();
        edges.sort();
        edges.dedup();
        Slice { nodes, edges }
    }

    /// Import cycles among first-party modules, over import-time edges (not `TYPE_CHECKING`,
    /// not inside functions): each strongly connected component of two or more modules with
    /// one concrete shortest cycle through its first module. Sorted by that module's name.
    pub fn cycles(&self) -> Vec<Cycle> {
        let g = &self.graph;
        let runtime = g.filter_map(|_, n| Some(n), |_, e| e.import_time().then_some(()));
        // Kosaraju's algorithm: petgraph's walks are iterative there (its Tarjan recurses once
        // per module of a chain, and a chain of 100,000 imports overflows the stack).
        let mut out: Vec<Cycle> = petgraph::algo::kosaraju_scc(&runtime)
            .into_iter()
            .filter(|scc| scc.len() > 1)
            .map(|mut scc| {
                scc.sort_by(|a, b| g[*a].name.cmp(&g[*b].name));
                let members: FxHashSet<NodeIndex> = scc.iter().copied().collect();
                let start = scc[0];
                // Shortest path start -> ... -> start inside the component.
                let mut prev: FxHashMap<NodeIndex, NodeIndex> = FxHashMap::default();
                let mut queue = VecDeque::from([start]);
                'bfs: while let Some(n) = queue.pop_front() {
                    let mut next: Vec<NodeIndex> = runtime
                        .neighbors(n)
                        .filter(|m| members.contains(m))
                        .collect();
                    next.sort_by(|a, b| g[*a].name.cmp(&g[*b].name));
                    next.dedup();
                    for m in next {
                        if m == start {
                            prev.insert(start, n);
                            break 'bfs;
                        }
                        if let std::collections::hash_map::Entry::Vacant(v) = prev.entry(m) {
                            v.insert(n);
                            queue.push_back(m);
                        }
                    }
                }
                let mut path = vec![start];
                let mut cur = prev.get(&start).copied().unwrap_or(start);
                while cur != start {
                    path.push(cur);
                    cur = prev.get(&cur).copied().unwrap_or(start);
                }
                path.reverse();
                // path = [x_k, ..., x_1, start] reversed walk; rotate to begin at start.
                path.rotate_right(1);
                let hops = path
                    .iter()
                    .zip(path.iter().skip(1).chain(std::iter::once(&start)))
                    .filter_map(|(&a, &b)| {
                        g.edges_connecting(a, b)
                            .map(|e| e.weight())
                            .filter(|e| e.import_time())
                            .min_by_key(|e| (e.file, e.line))
                            .map(|e| Hop {
                                from: g[a].name.clone(),
                                to: g[b].name.clone(),
                                path: self.paths[e.file as usize].clone(),
                                line: e.line,
                            })
                    })
                    .collect();
                Cycle {
                    modules: scc.iter().map(|&n| g[n].name.clone()).collect(),
                    path: hops,
                }
            })
            .collect();
        out.sort_by(|a, b| a.modules.cmp(&b.modules));
        out
    }
}

/// Node and edge indices of a slice, sorted.
pub struct Slice {
    pub nodes: Vec<NodeIndex>,
    pub edges: Vec<petgraph::graph::EdgeIndex>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Cycle {
    /// The modules of the strongly connected component, sorted.
    pub modules: Vec<String>,
    /// One concrete cycle: each hop with the import statement that makes it.
    pub path: Vec<Hop>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Hop {
    pub from: String,
    pub to: String,
    pub path: String,
    pub line: u32,
}
