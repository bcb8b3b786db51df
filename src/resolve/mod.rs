//! Module resolution: which module each scanned file is, and what every import statement refers
//! to. Built once per scan from facts only (no parsing here), then shared read-only by every rule
//! and command that needs it.
//!
//! # Model
//! - **Source roots** (config `src`, default `["."]`): a file's module name is its path relative to
//!   the *first* source root containing it (`a/b/c.py` → `a.b.c`, `a/b/__init__.py` → `a.b`).
//!   Path components that are not identifiers give the file no module name.
//! - **Packages**: a directory with `__init__.py` is a regular package; every directory between a
//!   source root and a module that has no `__init__.py` is a namespace package.
//! - **First party**: an absolute import whose top-level name is a module of the index and is not
//!   listed in config `external`. Everything else (stdlib, third party) is external: never
//!   unresolved, one graph node per top-level package.
//! - A first-party module that was not scanned (a narrower `check PATH`, an excluded directory)
//!   but exists on disk under a source root resolves as [`Target::Unscanned`]: it exists, its
//!   names are unknown.
//!
//! # API
//! - [`ModuleIndex::build`] (usually through `rules::Context::modules`, which builds it lazily,
//!   once per scan).
//! - [`ModuleIndex::module_of`]: the module name of a scanned file.
//! - [`ModuleIndex::resolve_import`]: what an [`Import`] refers to: the absolute module, its
//!   [`Target`], and for `from` imports what each imported name is ([`NameTarget`]).
//! - [`ModuleIndex::has_name`]: whether a module binds a name (re-exports and star imports
//!   followed transitively, cycles handled; `__getattr__` accepts anything).
//! - [`ModuleIndex::find_definition`]: follows re-exports to where a name is really defined
//!   (class, def or assignment) and returns its file index and line.
//! - [`ModuleIndex::defined_in`] / [`ModuleIndex::closest_module`] / [`ModuleIndex::closest_name`]:
//!   suggestions for broken imports.

mod suggest;

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use rustc_hash::{FxHashMap, FxHashSet};

use crate::config::Config;
use crate::facts::{BindingKind, FileFacts, Import, ImportKind};
use crate::model::ScannedFile;

/// Attributes every module has without binding them.
const IMPLICIT_ATTRS: &[&str] = &[
    "__name__",
    "__doc__",
    "__file__",
    "__package__",
    "__loader__",
    "__spec__",
    "__path__",
    "__builtins__",
    "__cached__",
    "__dict__",
    "__annotations__",
];

/// Index of a module in [`ModuleIndex::modules`].
pub type ModuleId = u32;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ModuleKind {
    /// A `.py` file that is not `__init__.py`.
    Module,
    /// A directory with `__init__.py` (the module's file is the `__init__.py`).
    Package,
    /// A directory without `__init__.py` under a source root (PEP 420).
    Namespace,
}

impl ModuleKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ModuleKind::Module => "module",
            ModuleKind::Package => "package",
            ModuleKind::Namespace => "namespace",
        }
    }
}

#[derive(Clone, Debug)]
pub struct ModuleInfo {
    /// Dotted name.
    pub name: String,
    pub kind: ModuleKind,
    /// Index into the scan's files (`None` for namespace packages).
    pub file: Option<usize>,
    /// Index into the source roots of the root this module lives under.
    pub root: usize,
}

/// What the module part of an import refers to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A first-party module of the index.
    Module(ModuleId),
    /// `import a.b` where `a` is a plain module binding `b` (`os.path`): the module `a`.
    Attribute(ModuleId),
    /// First party, exists on disk under a source root but was not scanned: names unknown.
    Unscanned,
    /// Third party or standard library: the top-level package name.
    External(String),
    /// Cannot be judged: a relative import in a file outside every source root, a relative
    /// dynamic import (whose anchor package is not a literal), or a submodule of a module that
    /// makes modules at run time (`FileFacts::dynamic_globals`).
    Unknown,
    /// A first-party module that does not exist.
    Missing(Missing),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Missing {
    /// No such module. `found` is the deepest existing prefix; `namespace_top` is set when the
    /// top-level package is a namespace directory (an installed distribution may provide it).
    Module {
        found: Option<ModuleId>,
        namespace_top: bool,
        /// The nearest package above the missing module that makes modules at run time
        /// (`FileFacts::makes_modules`: a `sys.modules` write or an import hook): it may provide
        /// the module.
        import_hook: Option<ModuleId>,
    },
    /// A relative import that climbs above the source root (`levels` leading dots).
    BeyondRoot,
}

/// What one name of `from M import a, b` refers to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NameTarget {
    /// A submodule `M.name`.
    Submodule(ModuleId),
    /// A name bound in `M` (directly, through a re-export, a star import or `__getattr__`).
    Name,
    /// `M` cannot be inspected (external, unscanned, did not parse, missing): not judged.
    Unknown,
    /// `M` exists and neither binds `name` nor has a submodule `name`.
    Missing,
    /// `from M import *`.
    Star,
}

/// The resolution of one import statement.
#[derive(Clone, Debug)]
pub struct Resolution {
    /// The absolute dotted module the statement names (for `from ..b import x` in `a.c.d`:
    /// `a.b`); for an unresolvable relative import, the text as written with its dots.
    pub module: String,
    pub target: Target,
    /// Parallel to `Import::names` (empty for `import` and dynamic imports).
    pub names: Vec<NameTarget>,
}

/// Where a name is really defined.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DefinitionSite {
    pub module: ModuleId,
    /// Index into the scan's files.
    pub file: usize,
    /// 1-based line of the binding (1 when the name is a module).
    pub line: u32,
}

/// Where [`ModuleIndex::find_definition`] is in one module: following the imports that bind the
/// name, or its star imports.
#[derive(Clone, Copy)]
enum DefinitionStep {
    Imports,
    Stars,
}

/// Answers of [`ModuleIndex::find_definition`] that hold whatever search asks them: one reused
/// across many searches makes each end where an earlier one already went.
#[derive(Default)]
pub struct DefinitionCache {
    known: FxHashMap<(ModuleId, String), Option<DefinitionSite>>,
}

/// How far one search got with a (module, name).
#[derive(Clone, Copy)]
enum Visit {
    /// On the stack.
    Open,
    /// Answered, and the answer is what any search gets (it is in the cache).
    Clean,
    /// Answered, but the answer depends on this search's path (it met a module still open).
    Tainted,
}

/// The state of one [`ModuleIndex::find_definition_cached`].
struct DefinitionSearch<'c, 'a> {
    cache: &'c mut DefinitionCache,
    visited: FxHashMap<(ModuleId, String), Visit>,
    stack: Vec<DefinitionFrame<'a>>,
    /// The frames below this height met a module still open above them: their answers hold for
    /// this search only.
    tainted_below: usize,
}

impl DefinitionSearch<'_, '_> {
    /// Records the answer for `key`, in the cache unless it holds for this search only.
    fn settle(&mut self, key: (ModuleId, String), answer: Option<DefinitionSite>, tainted: bool) {
        if tainted {
            self.visited.insert(key, Visit::Tainted);
        } else {
            self.visited.insert(key.clone(), Visit::Clean);
            self.cache.known.insert(key, answer);
        }
    }

    /// Pops the top frame with its answer, which it returns.
    fn finish(&mut self, answer: Option<DefinitionSite>) -> Option<DefinitionSite> {
        let frame = self.stack.pop().expect("a frame to finish");
        let height = self.stack.len();
        let tainted = height < self.tainted_below;
        self.tainted_below = self.tainted_below.min(height);
        self.settle((frame.id, frame.name), answer, tainted);
        answer
    }
}

/// One module on [`ModuleIndex::find_definition`]'s stack.
struct DefinitionFrame<'a> {
    id: ModuleId,
    name: String,
    facts: &'a FileFacts,
    file: usize,
    step: DefinitionStep,
    /// The next import (or star import) to try.
    next: usize,
    /// After a `from M import N` whose search found nothing: the submodule `M.N` to try.
    fallback: Option<String>,
}

/// Indexes for suggestions (`suggest.rs` builds them on first use).
struct Lookups {
    /// Name → modules defining it (see [`ModuleIndex::defined_in`]).
    definitions: FxHashMap<String, Vec<ModuleId>>,
    /// Last dotted component → modules with that last component.
    by_last: FxHashMap<String, Vec<ModuleId>>,
}

pub struct ModuleIndex<'a> {
    root: PathBuf,
    roots: Vec<String>,
    external: FxHashSet<String>,
    files: &'a [ScannedFile],
    modules: Vec<ModuleInfo>,
    by_name: FxHashMap<String, ModuleId>,
    /// Per scanned file: its module name (even when another file won that name).
    file_module: Vec<Option<ModuleId>>,
    children: FxHashMap<ModuleId, Vec<ModuleId>>,
    /// Suggestion tables, built on first use.
    lookups: OnceLock<Lookups>,
    /// Per module: the names it binds, as a set, built the first time the module is asked.
    bound: Vec<OnceLock<FxHashSet<&'a str>>>,
    /// Per unscanned module name asked of `exists_on_disk`: the answer, so each module's
    /// directories are listed once per scan.
    on_disk: Mutex<FxHashMap<String, bool>>,
    /// Root-relative paths of files that are on disk but not in the project this index is of
    /// (`check --staged`: untracked files; the state before a change: files it added): never
    /// evidence that a module exists.
    absent: FxHashSet<String>,
    /// The files that exist, when they are not those on disk (a commit's tree): consulted
    /// instead of the file system.
    tree: Option<std::sync::Arc<FileTree>>,
}

/// The files of a project that is not the one on disk (a commit's tree), for module existence.
#[derive(Debug, Default)]
pub struct FileTree {
    /// Directory (root-relative, `""` for the root) → the names in it (files and directories).
    entries: FxHashMap<String, Vec<String>>,
}

impl FileTree {
    /// The tree of these root-relative file paths (`/`-separated).
    pub fn new<'p>(paths: impl IntoIterator<Item = &'p str>) -> FileTree {
        let mut tree = FileTree::default();
        for path in paths {
            tree.insert(path);
        }
        tree
    }

    /// Adds the file at `path`.
    pub fn insert(&mut self, path: &str) {
        let mut dir = String::new();
        for part in path.split('/') {
            let names = self.entries.entry(dir.clone()).or_default();
            if !names.iter().any(|n| n == part) {
                names.push(part.to_string());
            }
            if !dir.is_empty() {
                dir.push('/');
            }
            dir.push_str(part);
        }
    }

    /// Removes the file at `path`, and the directories it leaves empty.
    pub fn remove(&mut self, path: &str) {
        let mut path = path.to_string();
        loop {
            let (dir, name) = match path.rsplit_once('/') {
                Some((d, n)) => (d.to_string(), n.to_string()),
                None => (String::new(), path.clone()),
            };
            let Some(names) = self.entries.get_mut(&dir) else {
                return;
            };
            names.retain(|n| *n != name);
            if !names.is_empty() || dir.is_empty() {
                return;
            }
            self.entries.remove(&dir);
            path = dir;
        }
    }

    fn is_dir(&self, rel: &str) -> bool {
        self.entries.contains_key(rel)
    }

    fn names(&self, dir: &str) -> &[String] {
        self.entries.get(dir).map_or(&[], Vec::as_slice)
    }
}

/// Whether the file name `n` is module `last`: `.py`, `.pyi`, Cython sources and declarations
/// (compiled into the extension module of the same name when the package is built) and
/// compiled extensions.
fn is_module_file(n: &str, last: &str) -> bool {
    n.strip_prefix(last)
        .and_then(|rest| rest.strip_prefix('.'))
        .is_some_and(|ext| {
            ext == "py"
                || ext == "pyi"
                || ext == "pyx"
                || ext == "pxd"
                || ext.ends_with(".so")
                || ext == "so"
                || ext.ends_with(".pyd")
                || ext == "pyd"
        })
}

/// A Python identifier (ASCII letters, digits, `_`, not starting with a digit; non-ASCII
/// letters are accepted as Python does).
pub(crate) fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c == '_' || c.is_alphabetic())
        && chars.all(|c| c == '_' || c.is_alphanumeric())
}

/// The module name of a root-relative path under `roots`: `(root index, name, is_package)`.
fn module_name_under_roots(roots: &[String], rel: &str) -> Option<(usize, String, bool)> {
    let (root_idx, rest) = roots.iter().enumerate().find_map(|(i, r)| {
        if r.is_empty() {
            Some((i, rel))
        } else {
            rel.strip_prefix(r.as_str())
                .and_then(|s| s.strip_prefix('/'))
                .map(|s| (i, s))
        }
    })?;
    let stem = rest.strip_suffix(".py")?;
    let (stem, package) = match stem.strip_suffix("/__init__") {
        Some(dir) => (dir, true),
        None if stem == "__init__" => return None,
        None => (stem, false),
    };
    if !separated(stem, b'/').all(is_identifier) {
        return None;
    }
    // `/` and `.` are single bytes: the name is the stem with one for the other.
    let name: Vec<u8> = stem
        .bytes()
        .map(|b| if b == b'/' { b'.' } else { b })
        .collect();
    Some((root_idx, String::from_utf8(name).ok()?, package))
}

/// The parts of `s` between the `sep` bytes (an ASCII separator), as `str::split` gives them.
fn separated(s: &str, sep: u8) -> impl Iterator<Item = &str> {
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let r = rest?;
        match r.bytes().position(|b| b == sep) {
            Some(i) => {
                rest = Some(&r[i + 1..]);
                Some(&r[..i])
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

// Module names are short: a plain loop over the bytes finds their dots faster than the
// `memchr`-based `str` searches (a `.` byte is always a whole character in UTF-8).

fn parent(name: &str) -> Option<&str> {
    let dot = name.bytes().rposition(|b| b == b'.')?;
    Some(&name[..dot])
}

/// The top-level package of a dotted module name (`a` for `a.b.c`).
pub(crate) fn top_level(name: &str) -> &str {
    match name.bytes().position(|b| b == b'.') {
        Some(dot) => &name[..dot],
        None => name,
    }
}

/// `a.b.c` is `a.b` or below it.
pub(crate) fn is_same_or_submodule(module: &str, parent: &str) -> bool {
    module == parent
        || (module.len() > parent.len()
            && module.starts_with(parent)
            && module.as_bytes()[parent.len()] == b'.')
}

impl<'a> ModuleIndex<'a> {
    /// Indexes the scanned files. `root` is the project root the files' `rel` paths are
    /// relative to.
    pub fn build(root: &Path, config: &Config, files: &'a [ScannedFile]) -> Self {
        // Validated when the project loaded; a bad value here falls back to the root itself.
        let roots = config
            .source_roots()
            .unwrap_or_else(|_| vec![String::new()]);
        let named: Vec<Option<(usize, String, bool)>> = files
            .iter()
            .map(|f| module_name_under_roots(&roots, &f.file.rel))
            .collect();
        // Candidates per name: first source root wins, then a package over a plain module
        // (as Python's path finder does), then path order.
        let mut candidates: Vec<(&str, usize, bool, usize)> = named
            .iter()
            .enumerate()
            .filter_map(|(i, n)| {
                n.as_ref()
                    .map(|(r, name, pkg)| (name.as_str(), *r, !*pkg, i))
            })
            .collect();
        // Unique (the file index is last): an unstable sort gives the same order.
        candidates.sort_unstable();
        let mut modules: Vec<ModuleInfo> = Vec::new();
        let mut by_name: FxHashMap<String, ModuleId> = FxHashMap::default();
        for (name, root_idx, not_pkg, file) in candidates {
            if by_name.contains_key(name) {
                continue;
            }
            by_name.insert(name.to_string(), modules.len() as ModuleId);
            modules.push(ModuleInfo {
                name: name.to_string(),
                kind: if not_pkg {
                    ModuleKind::Module
                } else {
                    ModuleKind::Package
                },
                file: Some(file),
                root: root_idx,
            });
        }
        // Namespace packages: every missing ancestor of a module.
        let mut i = 0;
        while i < modules.len() {
            // Taken out while its ancestors are added (and put back), not copied.
            let (name, root_idx) = (std::mem::take(&mut modules[i].name), modules[i].root);
            let mut cur = name.as_str();
            while let Some(p) = parent(cur) {
                if by_name.contains_key(p) {
                    break;
                }
                by_name.insert(p.to_string(), modules.len() as ModuleId);
                modules.push(ModuleInfo {
                    name: p.to_string(),
                    kind: ModuleKind::Namespace,
                    file: None,
                    root: root_idx,
                });
                cur = p;
            }
            modules[i].name = name;
            i += 1;
        }
        let mut children: FxHashMap<ModuleId, Vec<ModuleId>> = FxHashMap::default();
        for (id, m) in modules.iter().enumerate() {
            if let Some(p) = parent(&m.name).and_then(|p| by_name.get(p)) {
                children.entry(*p).or_default().push(id as ModuleId);
            }
        }
        let file_module = named
            .iter()
            .map(|n| {
                n.as_ref()
                    .and_then(|(_, name, _)| by_name.get(name).copied())
            })
            .collect();
        let modules_len = modules.len();
        ModuleIndex {
            root: root.to_path_buf(),
            roots,
            external: config.external.iter().cloned().collect(),
            files,
            modules,
            by_name,
            file_module,
            children,
            lookups: OnceLock::new(),
            bound: (0..modules_len).map(|_| OnceLock::new()).collect(),
            on_disk: Mutex::new(FxHashMap::default()),
            absent: FxHashSet::default(),
            tree: None,
        }
    }

    /// The index of a project whose files are `tree` (a commit's), not those on disk.
    pub fn with_tree(mut self, tree: std::sync::Arc<FileTree>) -> Self {
        self.tree = Some(tree);
        self
    }

    /// The index with files that are on disk but not part of the project (see `absent`).
    pub fn with_absent(mut self, absent: FxHashSet<String>) -> Self {
        self.absent = absent;
        self
    }

    /// Whether a file or directory on disk is part of the project: not absent, and for a
    /// directory, holding something that is not.
    fn present(&self, path: &Path) -> bool {
        if self.absent.is_empty() {
            return true;
        }
        let rel = |p: &Path| -> Option<String> {
            p.strip_prefix(&self.root)
                .ok()
                .map(|r| r.to_string_lossy().replace('\\', "/"))
        };
        if path.is_dir() {
            return std::fs::read_dir(path).is_ok_and(|entries| {
                entries.flatten().any(|e| {
                    e.file_type().is_ok_and(|t| t.is_dir())
                        || rel(&e.path()).is_none_or(|r| !self.absent.contains(&r))
                })
            });
        }
        rel(path).is_none_or(|r| !self.absent.contains(&r))
    }

    /// Every module, namespace packages included, in no particular order.
    pub fn modules(&self) -> &[ModuleInfo] {
        &self.modules
    }

    pub fn module(&self, id: ModuleId) -> &ModuleInfo {
        &self.modules[id as usize]
    }

    pub fn lookup(&self, name: &str) -> Option<ModuleId> {
        self.by_name.get(name).copied()
    }

    /// The source roots, root-relative (`""` is the project root).
    pub fn source_roots(&self) -> &[String] {
        &self.roots
    }

    /// The module name of scanned file `file` (`None` outside every source root).
    pub fn module_of(&self, file: usize) -> Option<&str> {
        self.module_id_of(file)
            .map(|id| self.module(id).name.as_str())
    }

    pub fn module_id_of(&self, file: usize) -> Option<ModuleId> {
        self.file_module.get(file).copied().flatten()
    }

    fn facts(&self, id: ModuleId) -> Option<Result<&'a FileFacts, ()>> {
        let file = self.module(id).file?;
        Some(self.files[file].facts.as_ref().map_err(|_| ()))
    }

    /// Whether `top` names a first-party top-level package.
    pub fn is_first_party(&self, top: &str) -> bool {
        !self.external.contains(top) && self.by_name.contains_key(top)
    }

    /// The absolute module an import names, or the reason it cannot be made absolute
    /// (borrowed from the import when it is absolute already).
    pub fn absolute_module<'i>(
        &self,
        file: usize,
        import: &'i Import,
    ) -> Result<Cow<'i, str>, Target> {
        if import.level == 0 {
            return Ok(Cow::Borrowed(&import.module));
        }
        if import.kind == ImportKind::Dynamic {
            return Err(Target::Unknown);
        }
        let Some(id) = self.module_id_of(file) else {
            return Err(Target::Unknown);
        };
        let own = self.module(id).name.as_str();
        let is_package = self.files[file].file.rel.ends_with("__init__.py");
        let mut package: Option<&str> = if is_package { Some(own) } else { parent(own) };
        for _ in 1..import.level {
            package = package.and_then(parent);
        }
        match package {
            None => Err(Target::Missing(Missing::BeyondRoot)),
            Some(p) if import.module.is_empty() => Ok(Cow::Owned(p.to_string())),
            Some(p) => Ok(Cow::Owned(format!("{p}.{}", import.module))),
        }
    }

    /// Resolves an absolute dotted module name.
    pub fn resolve_module(&self, name: &str) -> Target {
        let top = top_level(name);
        if self.external.contains(top) {
            return Target::External(top.to_string());
        }
        if let Some(id) = self.lookup(name) {
            return Target::Module(id);
        }
        let Some(top_id) = self.lookup(top) else {
            return Target::External(top.to_string());
        };
        let mut found = None;
        let mut cur = name;
        while let Some(p) = parent(cur) {
            if let Some(id) = self.lookup(p) {
                found = Some(id);
                break;
            }
            cur = p;
        }
        // A package that writes its namespace makes names, never files: its submodules are
        // judged like any other. One that makes modules (an import hook, a `sys.modules` write)
        // may provide a missing one: it is named in the finding.
        let import_hook = found.and_then(|f| {
            let mut name = Some(self.module(f).name.as_str());
            while let Some(n) = name {
                if let Some(id) = self.lookup(n) {
                    if matches!(self.facts(id), Some(Ok(facts)) if facts.makes_modules) {
                        return Some(id);
                    }
                }
                name = parent(n);
            }
            None
        });
        if let Some(f) = found {
            if self.module(f).kind == ModuleKind::Module {
                // A plain module has no submodules; `import os.path` works when it binds the
                // next component.
                let rest = &name[self.module(f).name.len() + 1..];
                if !rest.contains('.') && self.has_name(f, rest) != Some(false) {
                    return Target::Attribute(f);
                }
                return Target::Missing(Missing::Module {
                    found,
                    namespace_top: self.module(top_id).kind == ModuleKind::Namespace,
                    import_hook,
                });
            }
        }
        if self.exists_on_disk(name) {
            return Target::Unscanned;
        }
        Target::Missing(Missing::Module {
            found,
            namespace_top: self.module(top_id).kind == ModuleKind::Namespace,
            import_hook,
        })
    }

    /// Whether a first-party module exists on disk under some source root (`.py`, `.pyi`, a
    /// package, a namespace directory, a compiled extension or its Cython source `.pyx`/`.pxd`);
    /// memoized per name.
    fn exists_on_disk(&self, name: &str) -> bool {
        // A poisoned lock still holds valid answers (each is inserted whole).
        let cached = self
            .on_disk
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(name)
            .copied();
        if let Some(exists) = cached {
            return exists;
        }
        let exists = self.search_disk(name);
        self.on_disk
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(name.to_string(), exists);
        exists
    }

    /// `exists_on_disk` without the memo: lists the directories.
    fn search_disk(&self, name: &str) -> bool {
        let rel: PathBuf = name.split('.').collect();
        let Some(last) = name.rsplit('.').next() else {
            return false;
        };
        if let Some(tree) = &self.tree {
            let dotted = name.replace('.', "/");
            return self.roots.iter().any(|r| {
                let path = if r.is_empty() {
                    dotted.clone()
                } else {
                    format!("{r}/{dotted}")
                };
                if tree.is_dir(&path) {
                    return true;
                }
                let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
                tree.names(dir).iter().any(|n| is_module_file(n, last))
            });
        }
        self.roots.iter().any(|r| {
            let path = self.root.join(r).join(&rel);
            if path.is_dir() && self.present(&path) {
                return true;
            }
            let Some(dir) = path.parent() else {
                return false;
            };
            let Ok(entries) = std::fs::read_dir(dir) else {
                return false;
            };
            entries.flatten().any(|e| {
                let file_name = e.file_name();
                let Some(n) = file_name.to_str() else {
                    return false;
                };
                self.present(&e.path()) && is_module_file(n, last)
            })
        })
    }

    /// Resolves one import statement of scanned file `file`.
    pub fn resolve_import(&self, file: usize, import: &Import) -> Resolution {
        let (module, target) = match self.absolute_module(file, import) {
            Ok(m) => {
                let t = self.resolve_module(&m);
                (m.into_owned(), t)
            }
            Err(t) => (
                format!("{}{}", ".".repeat(import.level as usize), import.module),
                t,
            ),
        };
        let names = if import.kind == ImportKind::From {
            import
                .names
                .iter()
                .map(|n| self.resolve_name(&target, &n.name))
                .collect()
        } else {
            Vec::new()
        };
        Resolution {
            module,
            target,
            names,
        }
    }

    /// What `name` of `from M import name` refers to, `M` resolved to `target`.
    pub fn resolve_name(&self, target: &Target, name: &str) -> NameTarget {
        if name == "*" {
            return NameTarget::Star;
        }
        let Target::Module(id) = target else {
            return NameTarget::Unknown;
        };
        if let Some(sub) = self.submodule(*id, name) {
            return NameTarget::Submodule(sub);
        }
        match self.has_name(*id, name) {
            Some(true) => NameTarget::Name,
            // A package's submodule that was not scanned may still exist on disk.
            Some(false)
                if self.module(*id).kind != ModuleKind::Module
                    && self.exists_on_disk(&format!("{}.{name}", self.module(*id).name)) =>
            {
                NameTarget::Unknown
            }
            Some(false) => NameTarget::Missing,
            None => NameTarget::Unknown,
        }
    }

    /// Whether module `id` binds `name` at module level, following star imports transitively.
    /// `None` when it cannot be known (the file did not parse, a star import from an external
    /// or unscanned module).
    ///
    /// Found when some module the star imports reach binds the name; else unknown when one of
    /// them cannot be read or makes names at run time; else not found. The walk keeps its own
    /// stack: a chain of 100,000 star imports is a loop, not 100,000 frames.
    pub fn has_name(&self, id: ModuleId, name: &str) -> Option<bool> {
        let mut visited: FxHashSet<ModuleId> = FxHashSet::default();
        let mut unknown = false;
        let mut stack = vec![id];
        while let Some(id) = stack.pop() {
            let facts = match self.facts(id) {
                None => continue,
                Some(Err(())) => {
                    unknown = true;
                    continue;
                }
                Some(Ok(f)) => f,
            };
            if facts.has_module_getattr
                || IMPLICIT_ATTRS.contains(&name)
                || self.bound_names(id, facts).contains(name)
                || facts.dunder_all.iter().flatten().any(|n| n == name)
            {
                return Some(true);
            }
            if facts.dynamic_globals {
                unknown = true;
                continue;
            }
            if !visited.insert(id) {
                continue;
            }
            let file = self.module(id).file.unwrap_or_default();
            // Pushed in reverse, so the first star import is looked into first.
            let first = stack.len();
            for star in star_imports(facts) {
                match self.star_source(file, star, name) {
                    None => {}
                    Some(Ok(src)) => stack.push(src),
                    Some(Err(())) => unknown = true,
                }
            }
            stack[first..].reverse();
        }
        (!unknown).then_some(false)
    }

    /// The module a star import would take `name` from: `None` when it would not export it
    /// (missing module, `__all__` without it, a private name), `Err` when unknowable.
    fn star_source(&self, file: usize, star: &Import, name: &str) -> Option<Result<ModuleId, ()>> {
        let abs = self.absolute_module(file, star).ok()?;
        match self.resolve_module(&abs) {
            Target::Module(src) => {
                if let Some(Ok(f)) = self.facts(src) {
                    match &f.dunder_all {
                        Some(all) if !all.iter().any(|n| n == name) => return None,
                        None if name.starts_with('_') => return None,
                        _ => {}
                    }
                }
                Some(Ok(src))
            }
            Target::Missing(_) => None,
            _ => Some(Err(())),
        }
    }

    /// Follows re-exports (imports at module level, star imports) from `module` to where `name`
    /// is really defined: a class, a function or an assignment, or a module (line 1). `None`
    /// when `module` does not bind `name`, or it comes from outside the project.
    ///
    /// A depth-first search in a fixed order: a name bound by a definition is found there; a
    /// name bound by imports follows the first module-level import that binds it to a site
    /// (`try: from fast import X` / `except: from slow import X` binds X twice), else the
    /// submodule that import names; a name bound nowhere follows the star imports in order, then
    /// the submodule of that name. The search keeps its own stack of frames, so a chain of
    /// 100,000 re-exports is a loop, not 100,000 nested calls.
    pub fn find_definition(&self, module: &str, name: &str) -> Option<DefinitionSite> {
        self.find_definition_cached(module, name, &mut DefinitionCache::default())
    }

    /// [`Self::find_definition`], reusing (and adding to) the answers of earlier searches: asked
    /// for every import of a name along a chain of re-exports, each search ends where the
    /// previous ones already went (linear, not quadratic, in the chain).
    pub fn find_definition_cached(
        &self,
        module: &str,
        name: &str,
        cache: &mut DefinitionCache,
    ) -> Option<DefinitionSite> {
        let id = self.lookup(module)?;
        let mut search = DefinitionSearch {
            cache,
            visited: FxHashMap::default(),
            stack: Vec::new(),
            tainted_below: 0,
        };
        // What the frame just left (or a search that ended at once) answered, for the frame
        // below it.
        let mut answer: Option<Option<DefinitionSite>> =
            match self.enter_definition(id, name, &mut search) {
                Ok(site) => return site,
                Err(frame) => {
                    search.stack.push(frame);
                    None
                }
            };
        while let Some(top) = search.stack.last_mut() {
            if let Some(child) = answer.take() {
                let found = match top.step {
                    // A `from M import N` that leads nowhere may still name a submodule `M.N`.
                    DefinitionStep::Imports => child.or_else(|| {
                        top.fallback
                            .take()
                            .and_then(|m| self.lookup(&m))
                            .and_then(|m| self.module_site(m))
                    }),
                    DefinitionStep::Stars => child,
                };
                if found.is_some() {
                    answer = Some(search.finish(found));
                    continue;
                }
            }
            match self.next_search(&mut search) {
                Some(Ok(site)) => answer = Some(site),
                Some(Err(frame)) => search.stack.push(frame),
                None => {
                    // The frame has nothing left to follow.
                    let top = search.stack.last().expect("the frame just looked at");
                    let last = match top.step {
                        DefinitionStep::Imports => None,
                        DefinitionStep::Stars => self
                            .submodule(top.id, &top.name)
                            .and_then(|s| self.module_site(s)),
                    };
                    answer = Some(search.finish(last));
                }
            }
        }
        answer.flatten()
    }

    fn module_site(&self, id: ModuleId) -> Option<DefinitionSite> {
        self.module(id).file.map(|file| DefinitionSite {
            module: id,
            file,
            line: 1,
        })
    }

    /// The start of [`Self::find_definition`] in module `id`: an answer at once (`Ok`), or a
    /// frame whose imports or star imports must be followed (`Err`).
    fn enter_definition(
        &self,
        id: ModuleId,
        name: &str,
        search: &mut DefinitionSearch<'_, 'a>,
    ) -> Result<Option<DefinitionSite>, DefinitionFrame<'a>> {
        let key = (id, name.to_string());
        match search.visited.get(&key) {
            // Met again: a cycle (or a module left without an answer). What the frames now
            // open answer depends on this search's path: they are not cached.
            Some(Visit::Open | Visit::Tainted) => {
                search.tainted_below = search.stack.len();
                return Ok(None);
            }
            Some(Visit::Clean) => return Ok(None),
            None => {}
        }
        if let Some(known) = search.cache.known.get(&key) {
            return Ok(*known);
        }
        let facts = match self.facts(id) {
            Some(Ok(f)) => f,
            // A namespace package: only submodules.
            _ => {
                let site = self.submodule(id, name).and_then(|s| self.module_site(s));
                search.settle(key, site, false);
                return Ok(site);
            }
        };
        let Some(file) = self.module(id).file else {
            search.settle(key, None, false);
            return Ok(None);
        };
        let bindings = facts.bindings.iter().filter(|b| b.name == name);
        let best = bindings.min_by_key(|b| match b.kind {
            BindingKind::Class | BindingKind::Function => 0,
            BindingKind::Assignment | BindingKind::Alias => 1,
            BindingKind::Import => 2,
        });
        let step = match best {
            Some(b) if b.kind != BindingKind::Import => {
                let site = Some(DefinitionSite {
                    module: id,
                    file,
                    line: b.line,
                });
                search.settle(key, site, false);
                return Ok(site);
            }
            Some(_) => DefinitionStep::Imports,
            None => DefinitionStep::Stars,
        };
        search.visited.insert(key, Visit::Open);
        Err(DefinitionFrame {
            id,
            name: name.to_string(),
            facts,
            file,
            step,
            next: 0,
            fallback: None,
        })
    }

    /// The next thing the top frame follows: a module-level import that binds its name, or a star
    /// import that would export it. `Some(Ok(answer))` when it answers at once,
    /// `Some(Err(frame))` when its source must be searched (for a `from` import, the frame's
    /// `fallback` then holds the submodule to try if that search finds nothing), `None` when
    /// nothing is left to follow.
    fn next_search(
        &self,
        search: &mut DefinitionSearch<'_, 'a>,
    ) -> Option<Result<Option<DefinitionSite>, DefinitionFrame<'a>>> {
        let top = search.stack.len().checked_sub(1)?;
        let (facts, file, step) = {
            let frame = &search.stack[top];
            (frame.facts, frame.file, frame.step)
        };
        loop {
            let frame = &mut search.stack[top];
            let import = facts.imports.get(frame.next)?;
            frame.next += 1;
            match step {
                DefinitionStep::Imports if import.module_level => match import.kind {
                    ImportKind::Import => {
                        let bound = import
                            .asname
                            .as_deref()
                            .unwrap_or_else(|| top_level(&import.module));
                        if bound != frame.name {
                            continue;
                        }
                        let target = match &import.asname {
                            Some(_) => import.module.as_str(),
                            None => top_level(&import.module),
                        };
                        if let Some(site) = self.lookup(target).and_then(|m| self.module_site(m)) {
                            return Some(Ok(Some(site)));
                        }
                    }
                    ImportKind::From => {
                        let Some(n) = import.names.iter().find(|n| n.bound_name() == frame.name)
                        else {
                            continue;
                        };
                        let Ok(abs) = self.absolute_module(file, import) else {
                            continue;
                        };
                        let Target::Module(src) = self.resolve_module(&abs) else {
                            continue;
                        };
                        frame.fallback = Some(format!("{abs}.{}", n.name));
                        return Some(self.enter_definition(src, &n.name, search));
                    }
                    ImportKind::Dynamic => {}
                },
                DefinitionStep::Stars if is_star_import(import) => {
                    if let Some(Ok(src)) = self.star_source(file, import, &frame.name) {
                        let name = frame.name.clone();
                        return Some(self.enter_definition(src, &name, search));
                    }
                }
                _ => {}
            }
        }
    }

    /// Whether module `id` has a stub (`.pyi`) next to its file: type checkers read names from
    /// the stub, which was not scanned.
    pub fn has_stub(&self, id: ModuleId) -> bool {
        self.module(id).file.is_some_and(|file| {
            if let Some(tree) = &self.tree {
                let stub = format!("{}i", self.files[file].file.rel);
                let (dir, name) = stub.rsplit_once('/').unwrap_or(("", stub.as_str()));
                return tree.names(dir).iter().any(|n| n == name);
            }
            let mut stub = self.files[file].file.abs.clone().into_os_string();
            stub.push("i");
            Path::new(&stub).is_file()
        })
    }

    /// The submodule `name` of module `id` (a lookup of `id.name`, without allocating).
    pub fn submodule(&self, id: ModuleId, name: &str) -> Option<ModuleId> {
        thread_local! {
            static DOTTED: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
        }
        DOTTED.with(|buf| {
            let mut buf = buf.borrow_mut();
            buf.clear();
            buf.push_str(&self.module(id).name);
            buf.push('.');
            buf.push_str(name);
            self.lookup(&buf)
        })
    }

    fn bound_names(&self, id: ModuleId, facts: &'a FileFacts) -> &FxHashSet<&'a str> {
        self.bound[id as usize]
            .get_or_init(|| facts.bindings.iter().map(|b| b.name.as_str()).collect())
    }

    /// The root-relative path of scanned file `file`.
    pub fn file_rel(&self, file: usize) -> &'a str {
        &self.files[file].file.rel
    }

    /// The scanned files the index was built from.
    pub fn files(&self) -> &'a [ScannedFile] {
        self.files
    }

    /// Submodules of `id`.
    pub fn children(&self, id: ModuleId) -> &[ModuleId] {
        self.children.get(&id).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// Module-level `from X import *` statements.
fn star_imports(facts: &FileFacts) -> impl Iterator<Item = &Import> {
    facts.imports.iter().filter(|i| is_star_import(i))
}

fn is_star_import(i: &Import) -> bool {
    i.kind == ImportKind::From && i.module_level && i.names.iter().any(|n| n.name == "*")
}

#[cfg(test)]
mod tests;
