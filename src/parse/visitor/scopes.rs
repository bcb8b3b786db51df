//! Python's name resolution, for the bases of environment references only: what the first name
//! of `os.environ` (or `getattr(os, "environ")`) is bound to by imports, in the scope Python looks
//! it up in ([`EnvRef::bound_to`]).
//!
//! A name bound anywhere in a function (a parameter, an assignment, a loop or `with` target,
//! `except ... as`, `del`, a match capture, an import, a nested `def`) is local to it throughout;
//! otherwise it is looked up in the enclosing functions, then the module. Class bodies are seen
//! from their own statements only, not from the functions, comprehensions and classes in them;
//! comprehensions and lambdas are scopes of
//! their own; `global` sends a name to the module, `nonlocal` to the enclosing functions. The
//! walk is one pass, so a reference waits in its scope until the scope ends and every binding in
//! it is known, then is resolved there or handed to the scope it is looked up in next.
//!
//! Not flow-sensitive: a scope that binds a name both by an import and otherwise binds it to the
//! import. A name no scope binds (`import os` inside another function) is bound to every import
//! in the file that binds it.

use rustc_hash::FxHashMap;

use crate::facts::{CompactString, EnvRef};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum FrameKind {
    Module,
    Class,
    /// A function or a lambda.
    Function,
    Comprehension,
}

struct Frame {
    kind: FrameKind,
    /// Every name bound in the scope, with the targets of the imports binding it (none: bound
    /// only otherwise).
    bound: FxHashMap<CompactString, Vec<CompactString>>,
    globals: Vec<CompactString>,
    nonlocals: Vec<CompactString>,
    /// References (indices into `env_refs`, and their first names) waiting for the scope's end.
    pending: Vec<(u32, CompactString)>,
}

impl Frame {
    fn new(kind: FrameKind) -> Frame {
        Frame {
            kind,
            bound: FxHashMap::default(),
            globals: Vec::new(),
            nonlocals: Vec::new(),
            pending: Vec::new(),
        }
    }
}

/// The scopes the walk is in, the module's first.
pub(super) struct Scopes {
    frames: Vec<Frame>,
    /// Every name any import in the file binds, with its targets (for names no scope binds).
    file_imports: FxHashMap<CompactString, Vec<CompactString>>,
}

impl Default for Scopes {
    fn default() -> Self {
        Scopes {
            frames: vec![Frame::new(FrameKind::Module)],
            file_imports: FxHashMap::default(),
        }
    }
}

/// Adds `target` to `targets` once.
fn add(targets: &mut Vec<CompactString>, target: &str) {
    if !targets.iter().any(|t| t == target) {
        targets.push(CompactString::from(target));
    }
}

impl Scopes {
    pub(super) fn push(&mut self, kind: FrameKind) {
        self.frames.push(Frame::new(kind));
    }

    fn current(&mut self) -> &mut Frame {
        self.frames.last_mut().expect("the module's scope")
    }

    /// The frame a binding in frame `at` goes to: the module's for a `global` name, none for a
    /// `nonlocal` one (the enclosing function that binds it decides).
    fn binding_frame(&mut self, at: usize, name: &str) -> Option<&mut Frame> {
        let frame = &self.frames[at];
        if frame.nonlocals.iter().any(|n| n == name) {
            None
        } else if frame.globals.iter().any(|n| n == name) {
            Some(&mut self.frames[0])
        } else {
            Some(&mut self.frames[at])
        }
    }

    fn bind_at(&mut self, at: usize, name: &str, import: Option<&str>) {
        if let Some(frame) = self.binding_frame(at, name) {
            let targets = frame.bound.entry(CompactString::from(name)).or_default();
            if let Some(target) = import {
                add(targets, target);
            }
        }
    }

    /// `name` is bound in the current scope, not by an import.
    pub(super) fn bind(&mut self, name: &str) {
        self.bind_at(self.frames.len() - 1, name, None);
    }

    /// `name` is bound by an assignment expression: in the innermost scope that is not a
    /// comprehension.
    pub(super) fn bind_walrus(&mut self, name: &str) {
        let at = self
            .frames
            .iter()
            .rposition(|f| f.kind != FrameKind::Comprehension)
            .unwrap_or(0);
        self.bind_at(at, name, None);
    }

    /// `name` is bound in the current scope by an import of `target` (`os.path` for
    /// `import os.path as p`, `.compat.os` for `from .compat import os`).
    pub(super) fn bind_import(&mut self, name: &str, target: &str) {
        self.bind_at(self.frames.len() - 1, name, Some(target));
        add(
            self.file_imports
                .entry(CompactString::from(name))
                .or_default(),
            target,
        );
    }

    pub(super) fn declare_global(&mut self, name: &str) {
        if self.frames.len() > 1 {
            self.current().globals.push(CompactString::from(name));
        }
    }

    pub(super) fn declare_nonlocal(&mut self, name: &str) {
        if self.frames.len() > 1 {
            self.current().nonlocals.push(CompactString::from(name));
        }
    }

    /// `env_refs[index]` reads an attribute of `name`, in the current scope.
    pub(super) fn reference(&mut self, index: usize, name: &str) {
        self.current()
            .pending
            .push((index as u32, CompactString::from(name)));
    }

    /// Ends the current scope: its references are resolved, or handed to the scope they are
    /// looked up in next.
    pub(super) fn pop(&mut self, refs: &mut [EnvRef]) {
        let frame = self.frames.pop().expect("a scope to end");
        debug_assert!(
            !self.frames.is_empty(),
            "the module's scope ends in `finish`"
        );
        // The scope a free name is looked up in: the enclosing one, passing over class bodies
        // (a class body is seen only from its own statements, not from the functions,
        // comprehensions or classes in it).
        let next = self
            .frames
            .iter()
            .rposition(|f| f.kind != FrameKind::Class)
            .unwrap_or(0);
        for (index, name) in frame.pending {
            if frame.globals.contains(&name) {
                self.frames[0].pending.push((index, name));
            } else if let Some(targets) = frame.bound.get(&name) {
                refs[index as usize].bound_to = targets.clone();
            } else {
                self.frames[next].pending.push((index, name));
            }
        }
    }

    /// Ends the module's scope: the references left are resolved there, or, for names it does
    /// not bind either, to every import in the file binding them.
    pub(super) fn finish(mut self, refs: &mut [EnvRef]) {
        while self.frames.len() > 1 {
            // Unbalanced only if the walk stopped early; resolve what is there.
            self.pop(refs);
        }
        let module = self.frames.pop().expect("the module's scope");
        for (index, name) in module.pending {
            let targets = module
                .bound
                .get(&name)
                .or_else(|| self.file_imports.get(&name));
            if let Some(targets) = targets {
                refs[index as usize].bound_to = targets.clone();
            }
        }
    }
}
