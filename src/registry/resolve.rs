//! The minimal module resolution `registry verify` and `registry generate` need, kept in this
//! one module until the import graph's resolver (`crate::resolve`, issue 3) is on `main`:
//! module names from paths relative to the project root, whether a module exists, and where a
//! name imported from a module is really defined (following re-exports and star imports).
//!
//! Everything else in `registry` calls only [`Resolver::module_exists`],
//! [`Resolver::find_definition`], [`Resolver::import_module`], [`Resolver::module_site`] and [`Resolver::module_of`], so
//! switching to the graph's `ModuleIndex` touches this file only.

use std::collections::{HashMap, HashSet};

use super::{claims::import_target, module_name_of};
use crate::facts::{BindingKind, FileFacts, Import, ImportKind};
use crate::scan::ScannedFile;

/// Where a name is defined: a scanned file and the 1-based line (1 for a module).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Site {
    pub file: usize,
    pub line: u32,
}

pub struct Resolver<'a> {
    files: &'a [ScannedFile],
    /// Module name -> file index (the first file, in path order, wins).
    by_module: HashMap<String, usize>,
    /// Per file, its module name.
    file_module: Vec<Option<String>>,
    /// Every package prefix of a module name (`a`, `a.b` for `a.b.c`): namespace packages too.
    packages: HashSet<String>,
}

impl<'a> Resolver<'a> {
    pub fn new(files: &'a [ScannedFile]) -> Self {
        let mut by_module = HashMap::new();
        let mut packages = HashSet::new();
        let mut file_module = Vec::with_capacity(files.len());
        for (i, f) in files.iter().enumerate() {
            let module = module_name_of(&f.file.rel);
            if let Some(m) = &module {
                by_module.entry(m.clone()).or_insert(i);
                let mut prefix = m.as_str();
                while let Some((p, _)) = prefix.rsplit_once('.') {
                    packages.insert(p.to_string());
                    prefix = p;
                }
            }
            file_module.push(module);
        }
        Resolver {
            files,
            by_module,
            file_module,
            packages,
        }
    }

    pub fn files(&self) -> &'a [ScannedFile] {
        self.files
    }

    /// The module name of a scanned file.
    pub fn module_of(&self, file: usize) -> Option<&str> {
        self.file_module.get(file)?.as_deref()
    }

    /// The absolute module an import of `file` names (relative imports resolved).
    pub fn import_module(&self, file: usize, import: &Import) -> Option<String> {
        import_target(&self.files[file].file.rel, import)
    }

    /// A module file, or a namespace package (a directory holding modules).
    pub fn module_exists(&self, module: &str) -> bool {
        self.by_module.contains_key(module) || self.packages.contains(module)
    }

    /// The file of a module (its `__init__.py` for a package), line 1.
    pub fn module_site(&self, module: &str) -> Option<Site> {
        self.by_module
            .get(module)
            .map(|&file| Site { file, line: 1 })
    }

    fn facts(&self, file: usize) -> Option<&'a FileFacts> {
        self.files[file].facts.as_ref().ok()
    }

    /// Follows re-exports from `module` to where `name` is really defined: a class, function or
    /// assignment, or a submodule (line 1). `None` when `module` does not bind `name`.
    pub fn find_definition(&self, module: &str, name: &str) -> Option<Site> {
        let mut visited = Vec::new();
        self.definition_in(module, name, &mut visited)
    }

    fn submodule(&self, module: &str, name: &str) -> Option<Site> {
        self.by_module
            .get(&format!("{module}.{name}"))
            .map(|&file| Site { file, line: 1 })
    }

    fn definition_in(
        &self,
        module: &str,
        name: &str,
        visited: &mut Vec<(String, String)>,
    ) -> Option<Site> {
        if visited.iter().any(|(m, n)| m == module && n == name) {
            return None;
        }
        visited.push((module.to_string(), name.to_string()));
        let Some(&file) = self.by_module.get(module) else {
            return self.submodule(module, name);
        };
        let Some(facts) = self.facts(file) else {
            return self.submodule(module, name);
        };
        let best = facts
            .bindings
            .iter()
            .filter(|b| b.name == name)
            .min_by_key(|b| match b.kind {
                BindingKind::Class | BindingKind::Function => 0,
                BindingKind::Assignment | BindingKind::Alias => 1,
                BindingKind::Import => 2,
            });
        if let Some(b) = best {
            if b.kind != BindingKind::Import {
                return Some(Site { file, line: b.line });
            }
            for import in facts.imports.iter().filter(|i| i.module_level) {
                match import.kind {
                    ImportKind::Import => {
                        let top = import.module.split('.').next().unwrap_or("");
                        let (bound, target) = match &import.asname {
                            Some(a) => (a.as_str(), import.module.as_str()),
                            None => (top, top),
                        };
                        if bound == name {
                            return self
                                .by_module
                                .get(target)
                                .map(|&f| Site { file: f, line: 1 });
                        }
                    }
                    ImportKind::From => {
                        let Some(n) = import.names.iter().find(|n| n.bound_name() == name) else {
                            continue;
                        };
                        let abs = self.import_module(file, import)?;
                        return self
                            .definition_in(&abs, &n.name, visited)
                            .or_else(|| self.submodule(&abs, &n.name));
                    }
                    ImportKind::Dynamic => {}
                }
            }
            return None;
        }
        for star in facts
            .imports
            .iter()
            .filter(|i| i.module_level && i.kind == ImportKind::From)
            .filter(|i| i.names.iter().any(|n| n.name == "*"))
        {
            if let Some(abs) = self.import_module(file, star) {
                if let Some(site) = self.definition_in(&abs, name, visited) {
                    return Some(site);
                }
            }
        }
        self.submodule(module, name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discovery::{Category, SourceFile};

    fn file(rel: &str, code: &str) -> ScannedFile {
        ScannedFile {
            file: SourceFile {
                abs: rel.into(),
                rel: rel.into(),
                category: Category::Source,
            },
            facts: crate::parse::extract(code),
        }
    }

    #[test]
    fn follows_reexports_relative_and_star_imports() {
        let files = vec![
            file("a/__init__.py", "from .impl import Thing\n"),
            file("a/impl.py", "import os\n\nclass Thing:\n    pass\n"),
            file("b.py", "from a import *\nfrom a.impl import Thing as T\n"),
            file("c.py", "from c import X\n"),
            file("ns/mod.py", "Y = 1\n"),
        ];
        let r = Resolver::new(&files);
        let def = Some(Site { file: 1, line: 3 });
        assert_eq!(r.find_definition("a", "Thing"), def);
        assert_eq!(r.find_definition("a.impl", "Thing"), def);
        assert_eq!(r.find_definition("b", "Thing"), def);
        assert_eq!(r.find_definition("b", "T"), def);
        assert_eq!(
            r.find_definition("a", "impl"),
            Some(Site { file: 1, line: 1 })
        );
        assert_eq!(r.find_definition("c", "X"), None);
        assert_eq!(r.find_definition("a", "Missing"), None);
        assert_eq!(
            r.find_definition("ns.mod", "Y"),
            Some(Site { file: 4, line: 1 })
        );
        assert!(r.module_exists("ns"));
        assert!(!r.module_exists("n"));
        assert_eq!(r.module_of(0), Some("a"));
    }
}
