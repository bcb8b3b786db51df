//! Python's name resolution, for the bases of environment references only: what the first name
//! of `os.environ` (or `getattr(os, "environ")`) is bound to by imports, in the scope Python looks
//! it up in ([`EnvRef::bound_to`]).
//!
//! A name bound anywhere in a function (a parameter, an assignment, a loop or `with` target,
//! `except ... as`, `del`, a match capture, `x: T`, an import, a nested `def`) is local to it
//! throughout; otherwise it is looked up in the enclosing functions, then the module. A class
//! body is seen from its own statements only, not from the functions, comprehensions and classes
//! in it; comprehensions and lambdas are scopes of their own; `global` sends a name to the module
//! (for the function's nested scopes too), `nonlocal` to the enclosing functions.
//!
//! The walk is one pass and a binding may follow a reference, so the walk only notes each scope
//! (its parent, what it binds, its references); [`Scopes::finish`] then resolves every reference
//! in one pass over the scopes in the order they opened, keeping for each name the stack of
//! scopes on the current path that bind it: linear in the scopes, bindings and references.
//!
//! Not flow-sensitive: a scope that binds a name both by an import and otherwise binds it to the
//! import. A name no scope binds (`import os` inside another function) is bound to every import
//! in the file that binds it.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::facts::{CompactString, EnvRef};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum FrameKind {
    Module,
    Class,
    /// A function or a lambda.
    Function,
    Comprehension,
}

/// The most targets kept for one name in one scope (and in the whole file): more different
/// imports binding one name is no real code, and each reference copies them.
const MAX_TARGETS: usize = 16;

/// The module's scope: the first.
const MODULE: u32 = 0;

struct Frame {
    kind: FrameKind,
    /// The enclosing scope (the module's own: itself).
    parent: u32,
    /// Every name bound in the scope, with the targets of the imports binding it (none: bound
    /// only otherwise).
    bound: FxHashMap<CompactString, Vec<CompactString>>,
    globals: FxHashSet<CompactString>,
    nonlocals: FxHashSet<CompactString>,
    /// References (indices into `env_refs`) in the scope, with their first names.
    refs: Vec<(u32, CompactString)>,
}

impl Frame {
    fn new(kind: FrameKind, parent: u32) -> Frame {
        Frame {
            kind,
            parent,
            bound: FxHashMap::default(),
            globals: FxHashSet::default(),
            nonlocals: FxHashSet::default(),
            refs: Vec::new(),
        }
    }
}

/// Every scope of the file, in the order they open.
pub(super) struct Scopes {
    frames: Vec<Frame>,
    /// The scopes the walk is in, innermost last.
    open: Vec<u32>,
    /// Every name any import in the file binds, with its targets (for names no scope binds).
    file_imports: FxHashMap<CompactString, Vec<CompactString>>,
}

impl Default for Scopes {
    fn default() -> Self {
        Scopes {
            frames: vec![Frame::new(FrameKind::Module, MODULE)],
            open: vec![MODULE],
            file_imports: FxHashMap::default(),
        }
    }
}

/// Adds `target` to `targets` once (up to [`MAX_TARGETS`]).
fn add(targets: &mut Vec<CompactString>, target: &str) {
    if targets.len() < MAX_TARGETS && !targets.iter().any(|t| t == target) {
        targets.push(CompactString::from(target));
    }
}

impl Scopes {
    pub(super) fn push(&mut self, kind: FrameKind) {
        let index = self.frames.len() as u32;
        self.frames.push(Frame::new(kind, self.current()));
        self.open.push(index);
    }

    pub(super) fn pop(&mut self) {
        debug_assert!(self.open.len() > 1, "the module's scope is never closed");
        if self.open.len() > 1 {
            self.open.pop();
        }
    }

    fn current(&self) -> u32 {
        *self.open.last().expect("the module's scope")
    }

    fn bind_at(&mut self, at: u32, name: &str, import: Option<&str>) {
        let frame = &self.frames[at as usize];
        // A `nonlocal` name is bound by the enclosing function that owns it.
        if frame.nonlocals.contains(name) {
            return;
        }
        let at = if frame.globals.contains(name) {
            MODULE
        } else {
            at
        };
        let targets = self.frames[at as usize]
            .bound
            .entry(CompactString::from(name))
            .or_default();
        if let Some(target) = import {
            add(targets, target);
        }
    }

    /// `name` is bound in the current scope, not by an import.
    pub(super) fn bind(&mut self, name: &str) {
        self.bind_at(self.current(), name, None);
    }

    /// `name` is bound by an assignment expression: in the innermost scope that is not a
    /// comprehension.
    pub(super) fn bind_walrus(&mut self, name: &str) {
        let at = self
            .open
            .iter()
            .rev()
            .copied()
            .find(|&f| self.frames[f as usize].kind != FrameKind::Comprehension)
            .unwrap_or(MODULE);
        self.bind_at(at, name, None);
    }

    /// `name` is bound in the current scope by an import of `target` (`os.path` for
    /// `import os.path as p`, `.compat.os` for `from .compat import os`).
    pub(super) fn bind_import(&mut self, name: &str, target: &str) {
        self.bind_at(self.current(), name, Some(target));
        add(
            self.file_imports
                .entry(CompactString::from(name))
                .or_default(),
            target,
        );
    }

    pub(super) fn declare_global(&mut self, name: &str) {
        let at = self.current();
        if at != MODULE {
            self.frames[at as usize]
                .globals
                .insert(CompactString::from(name));
        }
    }

    pub(super) fn declare_nonlocal(&mut self, name: &str) {
        let at = self.current();
        if at != MODULE {
            self.frames[at as usize]
                .nonlocals
                .insert(CompactString::from(name));
        }
    }

    /// `env_refs[index]` reads an attribute of `name`, in the current scope.
    pub(super) fn reference(&mut self, index: usize, name: &str) {
        let at = self.current();
        self.frames[at as usize]
            .refs
            .push((index as u32, CompactString::from(name)));
    }

    /// Resolves every reference: a depth-first pass over the scopes (they opened parent first),
    /// with, for each name, the scopes on the path that bind it (a function's `global` name: the
    /// module), innermost last.
    pub(super) fn finish(self, refs: &mut [EnvRef]) {
        let Scopes {
            frames,
            file_imports,
            ..
        } = self;
        let mut stacks: FxHashMap<&str, Vec<u32>> = FxHashMap::default();
        // The scopes of the path, and whether their names are still on the stacks.
        let mut path: Vec<(u32, bool)> = Vec::new();
        let leave = |stacks: &mut FxHashMap<&str, Vec<u32>>, frame: &Frame| {
            for name in frame.bound.keys().chain(&frame.globals) {
                if let Some(stack) = stacks.get_mut(name.as_str()) {
                    stack.pop();
                }
            }
        };
        for (index, frame) in frames.iter().enumerate() {
            let index = index as u32;
            if index != MODULE {
                while let Some(&(top, on_stacks)) = path.last() {
                    if top == frame.parent {
                        break;
                    }
                    path.pop();
                    if on_stacks {
                        leave(&mut stacks, &frames[top as usize]);
                    }
                }
            }
            for name in frame.bound.keys() {
                stacks.entry(name.as_str()).or_default().push(index);
            }
            for name in &frame.globals {
                stacks.entry(name.as_str()).or_default().push(MODULE);
            }
            for (r, name) in &frame.refs {
                let scope = stacks.get(name.as_str()).and_then(|s| s.last());
                let targets = scope
                    .and_then(|&s| frames[s as usize].bound.get(name))
                    .or_else(|| file_imports.get(name));
                if let Some(targets) = targets {
                    refs[*r as usize].bound_to = targets.clone();
                }
            }
            // A class body's names are not seen from the scopes in it.
            let class = frame.kind == FrameKind::Class;
            if class {
                leave(&mut stacks, frame);
            }
            path.push((index, !class));
        }
    }
}
