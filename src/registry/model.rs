//! The registry's data model: which path is *the* place to import each important symbol from,
//! which paths still work, which are deprecated and which are broken.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use crate::resolve::{is_identifier, top_level};

/// What the registry claims about one import path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// The one path to import the symbol from.
    Canonical,
    /// A re-export of the same object; still allowed.
    Compatible,
    /// Still works, scheduled for removal.
    Deprecated,
    /// Must not be imported (usually does not exist any more).
    Broken,
    /// Listed without a settled status (`❓` in markdown).
    Unverified,
}

impl Status {
    /// Every status, in the order the format documents them.
    pub const ALL: [Status; 5] = [
        Status::Canonical,
        Status::Compatible,
        Status::Deprecated,
        Status::Broken,
        Status::Unverified,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Canonical => "canonical",
            Status::Compatible => "compatible",
            Status::Deprecated => "deprecated",
            Status::Broken => "broken",
            Status::Unverified => "unverified",
        }
    }

    /// How bad an import through such a path is; used to settle contradicting claims.
    pub fn badness(self) -> u8 {
        match self {
            Status::Unverified => 0,
            Status::Canonical => 1,
            Status::Compatible => 2,
            Status::Deprecated => 3,
            Status::Broken => 4,
        }
    }
}

/// A deprecated or broken path with its optional note and replacement.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RetiredPath {
    pub path: String,
    pub note: Option<String>,
    /// The import statement to use instead, when it is not simply the canonical path
    /// (`from x.y import Other`).
    pub use_instead: Option<String>,
}

/// One `[[symbol]]`: a class, function or constant and every path it is imported through.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Symbol {
    /// The name as imported (`AgentRegistry`); `[PLACEHOLDER]` for an unverifiable entry.
    pub name: String,
    pub canonical: Option<String>,
    pub compatible: Vec<String>,
    pub deprecated: Vec<RetiredPath>,
    pub broken: Vec<RetiredPath>,
    /// Paths listed without a settled status.
    pub unverified: Vec<String>,
    pub owner: Option<String>,
    pub note: Option<String>,
    /// The line the entry starts on in the file it was read from (0 when built in memory).
    pub line: u32,
}

impl Symbol {
    /// A placeholder such as `[AUTH_MODEL_CLASSES]`: kept, but nothing can be verified about it.
    pub fn is_placeholder(&self) -> bool {
        is_placeholder(&self.name) || self.paths().any(|(p, _)| is_placeholder(p))
    }

    /// Every path with its status, in the order canonical, compatible, deprecated, broken,
    /// unverified.
    pub fn paths(&self) -> impl Iterator<Item = (&str, Status)> {
        self.canonical
            .iter()
            .map(|p| (p.as_str(), Status::Canonical))
            .chain(
                self.compatible
                    .iter()
                    .map(|p| (p.as_str(), Status::Compatible)),
            )
            .chain(
                self.deprecated
                    .iter()
                    .map(|p| (p.path.as_str(), Status::Deprecated)),
            )
            .chain(
                self.broken
                    .iter()
                    .map(|p| (p.path.as_str(), Status::Broken)),
            )
            .chain(
                self.unverified
                    .iter()
                    .map(|p| (p.as_str(), Status::Unverified)),
            )
    }

    /// The retired entry for `path`, if it is deprecated or broken.
    pub fn retired(&self, path: &str) -> Option<&RetiredPath> {
        self.deprecated
            .iter()
            .chain(&self.broken)
            .find(|r| r.path == path)
    }

    /// The import line users should write instead of importing through `path`.
    pub fn replacement(&self, path: &str) -> Option<String> {
        if let Some(u) = self.retired(path).and_then(|r| r.use_instead.clone()) {
            return Some(u);
        }
        self.canonical
            .as_ref()
            .map(|c| format!("from {c} import {}", self.name))
    }

    /// The service (top-level package) the symbol belongs to: that of its canonical path, else
    /// of its first path.
    pub fn service(&self) -> &str {
        let path = self
            .canonical
            .as_deref()
            .or_else(|| self.paths().next().map(|(p, _)| p))
            .unwrap_or("");
        top_level(path)
    }
}

/// One `[[module]]`: a whole module's status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModuleEntry {
    pub path: String,
    pub status: Status,
    /// The module to import from instead.
    pub use_instead: Option<String>,
    pub note: Option<String>,
    pub line: u32,
}

/// A loaded registry with its lookup indexes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Registry {
    pub symbols: Vec<Symbol>,
    pub modules: Vec<ModuleEntry>,
    /// Where it was read from, relative to the project root (for messages).
    pub source: String,
    /// module -> name -> `(symbol index, status)`: looked up without allocating.
    by_path: HashMap<String, HashMap<String, Vec<(usize, Status)>>>,
    /// `[[module]]` path -> index into `modules`.
    by_module: HashMap<String, usize>,
    /// Every dotted prefix of a `[[module]]` path (`a` and `a.b` for `a.b.c`): the modules
    /// with a `[[module]]` entry below them.
    module_parents: HashSet<String>,
}

impl Registry {
    pub fn new(symbols: Vec<Symbol>, modules: Vec<ModuleEntry>, source: String) -> Self {
        let mut by_path: HashMap<String, HashMap<String, Vec<(usize, Status)>>> = HashMap::new();
        for (i, s) in symbols.iter().enumerate() {
            if s.is_placeholder() {
                continue;
            }
            for (path, status) in s.paths() {
                by_path
                    .entry(path.to_string())
                    .or_default()
                    .entry(s.name.clone())
                    .or_default()
                    .push((i, status));
            }
        }
        let mut by_module = HashMap::new();
        let mut module_parents = HashSet::new();
        for (i, m) in modules.iter().enumerate() {
            by_module.entry(m.path.clone()).or_insert(i);
            for (dot, _) in m.path.match_indices('.') {
                module_parents.insert(m.path[..dot].to_string());
            }
        }
        Registry {
            symbols,
            modules,
            source,
            by_path,
            by_module,
            module_parents,
        }
    }

    /// The registry's claims about `from module import name`.
    pub fn lookup(&self, module: &str, name: &str) -> &[(usize, Status)] {
        self.by_path
            .get(module)
            .and_then(|names| names.get(name))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Whether `module` has a `[[module]]` entry of its own.
    pub fn is_module(&self, module: &str) -> bool {
        self.by_module.contains_key(module)
    }

    /// Whether some `[[module]]` entry lies below `module` (is `module.<something>`).
    pub fn has_modules_below(&self, module: &str) -> bool {
        self.module_parents.contains(module)
    }

    /// The most specific `[[module]]` entry that is `module` or one of its parents.
    pub fn module_entry(&self, module: &str) -> Option<&ModuleEntry> {
        let mut prefix = module;
        loop {
            if let Some(&i) = self.by_module.get(prefix) {
                return Some(&self.modules[i]);
            }
            prefix = prefix.rsplit_once('.')?.0;
        }
    }

    /// Symbol name -> canonical module, for the rules that judge definitions by name. A name
    /// with different canonical modules (one symbol per service) is left out: each of its
    /// definitions may be legitimate.
    pub fn canonical_map(&self) -> BTreeMap<String, String> {
        let mut map: BTreeMap<String, String> = BTreeMap::new();
        let mut ambiguous: Vec<&str> = Vec::new();
        for s in self.symbols.iter().filter(|s| !s.is_placeholder()) {
            let Some(c) = &s.canonical else { continue };
            match map.get(&s.name) {
                Some(prev) if prev != c => ambiguous.push(&s.name),
                _ => {
                    map.insert(s.name.clone(), c.clone());
                }
            }
        }
        for name in ambiguous {
            map.remove(name);
        }
        map
    }

    /// Symbols and modules sorted into the order files are written in (by service, name and
    /// first path; paths inside a symbol keep their order), without source lines and without
    /// `use-instead` values that only repeat the canonical import.
    pub fn normalized(&self) -> Registry {
        let mut symbols = self.symbols.clone();
        for s in &mut symbols {
            s.line = 0;
            // A replacement that is just the canonical import says nothing.
            let canonical_line = s
                .canonical
                .as_ref()
                .map(|c| format!("from {c} import {}", s.name));
            for r in s.deprecated.iter_mut().chain(s.broken.iter_mut()) {
                if r.use_instead.is_some() && r.use_instead == canonical_line {
                    r.use_instead = None;
                }
            }
        }
        symbols.sort_by(|a, b| {
            (a.service(), &a.name, a.paths().next()).cmp(&(b.service(), &b.name, b.paths().next()))
        });
        let mut modules = self.modules.clone();
        for m in &mut modules {
            m.line = 0;
        }
        modules.sort_by(|a, b| a.path.cmp(&b.path));
        Registry::new(symbols, modules, self.source.clone())
    }
}

/// `[SOMETHING]` in a name or path marks a placeholder.
pub fn is_placeholder(s: &str) -> bool {
    s.contains('[')
}

/// `a.b.c`: identifiers joined by dots.
pub fn is_dotted(s: &str) -> bool {
    !s.is_empty() && s.split('.').all(is_identifier)
}

#[cfg(test)]
mod tests {
    use crate::resolve::is_same_or_submodule;

    #[test]
    fn submodules_and_canonical_map() {
        assert!(is_same_or_submodule("a.b.c", "a.b"));
        let r = crate::registry::parse_registry(
            "[[symbol]]\nname = \"A\"\ncanonical = \"x\"\n[[symbol]]\nname = \"C\"\ncanonical = \"x\"\n\
             [[symbol]]\nname = \"C\"\ncanonical = \"y\"\n[[symbol]]\nname = \"[P]\"\ncanonical = \"x\"\n",
            "r.toml",
        )
        .unwrap();
        let map: Vec<(String, String)> = r.canonical_map().into_iter().collect();
        assert_eq!(map, vec![("A".to_string(), "x".to_string())]);
        assert!(!is_same_or_submodule("a.bc", "a.b"));
    }
}
