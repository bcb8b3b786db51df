//! The fact recorder: what the walk (`mod.rs`) calls when a node carries a fact (an import, a
//! binding, a definition, `__all__`, a dynamic import). It writes to `Walker::facts` only; the
//! walk itself writes the fingerprint stream.

use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::TextRange;

use super::{Ctx, Scope, Walker, NO_PARENT};
use crate::facts::{
    Binding, BindingKind, BodyFingerprint, BodyKind, CompactString, Definition, DefinitionKind,
    Import, ImportKind, ImportedName, Span,
};

impl<'t> Walker<'t> {
    pub(super) fn span(&self, range: TextRange) -> Span {
        self.index
            .span(self.text, range.start().to_usize(), range.end().to_usize())
    }

    pub(super) fn at_module_scope(&self) -> bool {
        self.ctx.scope == Scope::Module
    }

    /// `name` is bound where the walk is: a module-level binding is a fact; any binding is a
    /// scope's (an import's, with what it imports: [`Walker::record_import`]).
    pub(super) fn bind(&mut self, name: &str, kind: BindingKind, range: TextRange) {
        if let (Some(s), false) = (&mut self.scopes, kind == BindingKind::Import) {
            if self.walrus {
                s.bind_walrus(name);
            } else {
                s.bind(name);
            }
        }
        if self.at_module_scope() {
            let line = self.index.line(range.start().to_usize());
            self.facts.bindings.push(Binding {
                name: CompactString::from(name),
                kind,
                line,
            });
        }
    }

    pub(super) fn bind_target(&mut self, target: &Expr, kind: BindingKind) {
        match target {
            Expr::Name(n) => self.bind(n.id.as_str(), kind, n.range),
            Expr::Tuple(t) => t
                .elts
                .iter()
                .for_each(|e| self.bind_target(e, BindingKind::Assignment)),
            Expr::List(l) => l
                .elts
                .iter()
                .for_each(|e| self.bind_target(e, BindingKind::Assignment)),
            Expr::Starred(s) => self.bind_target(&s.value, BindingKind::Assignment),
            _ => {}
        }
    }

    pub(super) fn with_ctx(&mut self, ctx: Ctx, f: impl FnOnce(&mut Self)) {
        let saved = self.ctx;
        self.ctx = ctx;
        f(self);
        self.ctx = saved;
    }

    pub(super) fn nested_ctx(&self) -> Ctx {
        Ctx {
            conditional: self.ctx.conditional || self.ctx.scope == Scope::Module,
            ..self.ctx
        }
    }

    pub(super) fn record_import(&mut self, stmt: &ast::StmtImport) {
        for alias in &stmt.names {
            let module = CompactString::from(alias.name.id.as_str());
            let asname = alias
                .asname
                .as_ref()
                .map(|a| CompactString::from(a.id.as_str()));
            match &asname {
                Some(a) => {
                    if module == "importlib" {
                        self.importlib_names.push(a.to_string());
                    }
                    if let Some(s) = &mut self.scopes {
                        s.bind_import(a, &module);
                    }
                    self.bind(a, BindingKind::Import, alias.range);
                }
                None => {
                    // `import a.b` binds `a`, to `a`.
                    let top = module.split('.').next().unwrap_or(&module);
                    if let Some(s) = &mut self.scopes {
                        s.bind_import(top, top);
                    }
                    self.bind(top, BindingKind::Import, alias.range);
                }
            }
            self.facts.imports.push(Import {
                kind: ImportKind::Import,
                module,
                level: 0,
                asname,
                names: Vec::new(),
                span: self.span(alias.range),
                type_checking: self.ctx.type_checking,
                lazy: self.ctx.scope == Scope::Function,
                guarded: self.ctx.guarded,
                module_level: self.at_module_scope(),
            });
        }
    }

    pub(super) fn record_import_from(&mut self, stmt: &ast::StmtImportFrom) {
        let module = stmt
            .module
            .as_ref()
            .map(|m| CompactString::from(m.id.as_str()))
            .unwrap_or_default();
        let mut names = Vec::with_capacity(stmt.names.len());
        // What the names are bound to: `.compat.os` for `from .compat import os`.
        let mut target = String::new();
        for alias in &stmt.names {
            let name = ImportedName {
                name: CompactString::from(alias.name.id.as_str()),
                asname: alias
                    .asname
                    .as_ref()
                    .map(|a| CompactString::from(a.id.as_str())),
                span: self.span(alias.range),
            };
            if name.name != "*" {
                if let Some(s) = &mut self.scopes {
                    target.clear();
                    target.extend(std::iter::repeat_n('.', stmt.level as usize));
                    if !module.is_empty() {
                        target.push_str(&module);
                        target.push('.');
                    }
                    target.push_str(&name.name);
                    s.bind_import(name.bound_name(), &target);
                }
                self.bind(name.bound_name(), BindingKind::Import, alias.range);
            }
            if stmt.level == 0 && module == "importlib" && name.name == "import_module" {
                self.import_module_names.push(name.bound_name().to_string());
            }
            names.push(name);
        }
        self.facts.imports.push(Import {
            kind: ImportKind::From,
            module,
            level: stmt.level,
            asname: None,
            names,
            span: self.span(stmt.range),
            type_checking: self.ctx.type_checking,
            lazy: self.ctx.scope == Scope::Function,
            guarded: self.ctx.guarded,
            module_level: self.at_module_scope(),
        });
    }

    /// Notes a `def` or `class` where it starts: its body's entry (hashed once the walk has
    /// written it, see [`Walker::finish_definition`]), its module-level binding and definition.
    pub(super) fn record_definition(
        &mut self,
        name: &ast::Identifier,
        kind: DefinitionKind,
        range: TextRange,
    ) -> usize {
        let body_kind = match (kind, self.ctx.scope) {
            (DefinitionKind::Class, _) => BodyKind::Class,
            (DefinitionKind::Function, Scope::Class) => BodyKind::Method,
            (DefinitionKind::Function, _) => BodyKind::Function,
        };
        let span = self.span(name.range);
        let end_line = self.index.line(range.end().to_usize());
        // The name only: [`compact`] makes it the qualified name, for the bodies it keeps.
        let qualname = CompactString::from(name.id.as_str());
        self.body_parents
            .push(self.open_bodies.last().copied().unwrap_or(NO_PARENT));
        let body_index = self.facts.bodies.len();
        self.facts.bodies.push(BodyFingerprint {
            qualname,
            kind: body_kind,
            span,
            end_line,
            statements: 0,
            hash: 0,
            hash_renamed: None,
        });
        if !self.at_module_scope() {
            self.track_binding(name.id.as_str());
        } else {
            let binding = match kind {
                DefinitionKind::Class => BindingKind::Class,
                DefinitionKind::Function => BindingKind::Function,
            };
            self.bind(name.id.as_str(), binding, name.range);
            if kind == DefinitionKind::Function && name.id.as_str() == "__getattr__" {
                self.facts.has_module_getattr = true;
            }
            self.facts.definitions.push(Definition {
                name: CompactString::from(name.id.as_str()),
                kind,
                span,
                conditional: self.ctx.conditional,
                body: body_index,
            });
        }
        body_index
    }

    pub(super) fn record_dunder_all(&mut self, value: &Expr, extend: bool) {
        let mut names = Vec::new();
        let elts: &[Expr] = match value {
            Expr::List(l) => &l.elts,
            Expr::Tuple(t) => &t.elts,
            Expr::StringLiteral(_) => std::slice::from_ref(value),
            _ => {
                self.dunder_all_dynamic = true;
                &[]
            }
        };
        for e in elts {
            match e {
                Expr::StringLiteral(s) => names.push(CompactString::from(s.value.to_str())),
                _ => self.dunder_all_dynamic = true,
            }
        }
        if self.dunder_all_dynamic {
            // Computed contents (`__all__ = other.__all__ + [...]`): unknown, not partial.
            self.facts.dunder_all = None;
            return;
        }
        match (&mut self.facts.dunder_all, extend) {
            (Some(all), true) => all.extend(names),
            (all, _) => *all = Some(names),
        }
    }

    /// The module a call imports, when it is `importlib.import_module("...")` or
    /// `__import__("...")` with one string literal.
    pub(super) fn is_dynamic_import_call<'c>(&self, call: &'c ast::ExprCall) -> Option<&'c str> {
        let is_import_fn = match call.func.as_ref() {
            Expr::Name(n) => {
                n.id.as_str() == "__import__"
                    || self.import_module_names.iter().any(|m| m == n.id.as_str())
            }
            Expr::Attribute(a) => {
                a.attr.id.as_str() == "import_module"
                    && matches!(a.value.as_ref(), Expr::Name(n) if self.importlib_names.iter().any(|m| m == n.id.as_str()))
            }
            _ => false,
        };
        if !is_import_fn {
            return None;
        }
        match call.arguments.args.first() {
            Some(Expr::StringLiteral(s)) if call.arguments.args.len() == 1 => {
                Some(s.value.to_str())
            }
            _ => None,
        }
    }
}
