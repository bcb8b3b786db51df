//! The one AST traversal per file that produces [`FileFacts`].

use ruff_python_ast::visitor::{walk_expr, walk_stmt, Visitor};
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::fingerprint;
use super::{descend, STACK_RED_ZONE, STACK_SEGMENT};
use crate::facts::{
    Binding, BindingKind, BodyFingerprint, BodyKind, CompactString, Definition, DefinitionKind,
    EnvRef, FileFacts, Import, ImportKind, ImportedName, Span,
};
use crate::source::LineIndex;

/// Attributes of the `os` module that read or write the process environment.
use crate::facts::ENV_ATTRS;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    Module,
    Class,
    Function,
}

#[derive(Clone, Copy)]
struct Ctx {
    scope: Scope,
    /// Inside a compound statement (if/try/with/for/while/match) at module scope.
    conditional: bool,
    type_checking: bool,
    guarded: bool,
}

struct Extractor<'t> {
    text: &'t str,
    index: &'t LineIndex,
    facts: FileFacts,
    ctx: Ctx,
    qualname: Vec<&'t str>,
    depth: u32,
    max_depth: u32,
    /// Names bound to the `importlib` module, and to `importlib.import_module`.
    importlib_names: Vec<String>,
    import_module_names: Vec<String>,
    /// `__all__` was computed (not only literal strings): its contents are unknown.
    dunder_all_dynamic: bool,
    fingerprints: fingerprint::Fingerprints<'t>,
}

/// Buffers one thread collects facts in, reused from file to file: the facts that are kept are
/// copied out once, at their exact size, after the AST is freed ([`keep`]), instead of growing
/// block by block among the AST's nodes and leaving the blocks they outgrew behind.
#[derive(Default)]
struct Scratch {
    imports: Vec<Import>,
    env_refs: Vec<EnvRef>,
    bindings: Vec<Binding>,
    definitions: Vec<Definition>,
    bodies: Vec<BodyFingerprint>,
    fingerprints: (Vec<u8>, Vec<(u32, u32)>),
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// The facts to keep: `facts` (from [`extract_facts`]) copied at their exact size, its buffers
/// handed back to this thread for the next file.
pub(super) fn keep(mut facts: FileFacts) -> FileFacts {
    /// Moves the elements into a vector of their exact size; `v` keeps its capacity.
    fn exact<T>(v: &mut Vec<T>) -> Vec<T> {
        let mut out = Vec::with_capacity(v.len());
        out.append(v);
        out
    }
    let kept = FileFacts {
        imports: exact(&mut facts.imports),
        env_refs: exact(&mut facts.env_refs),
        bindings: exact(&mut facts.bindings),
        definitions: exact(&mut facts.definitions),
        bodies: exact(&mut facts.bodies),
        dunder_all: facts.dunder_all.take(),
        ..facts
    };
    SCRATCH.with(|s| {
        let mut s = s.borrow_mut();
        s.imports = facts.imports;
        s.env_refs = facts.env_refs;
        s.bindings = facts.bindings;
        s.definitions = facts.definitions;
        s.bodies = facts.bodies;
    });
    kept
}

/// Extracts the facts of a parsed module, and the maximum nesting depth seen (for a safe drop).
/// The facts' vectors are this thread's reusable buffers: pass them through [`keep`].
pub(super) fn extract_facts<'t>(
    module: &'t ast::ModModule,
    text: &'t str,
    index: &'t LineIndex,
) -> (FileFacts, u32) {
    let mut scratch = SCRATCH.with(|s| std::mem::take(&mut *s.borrow_mut()));
    let mut x = Extractor {
        text,
        index,
        facts: FileFacts {
            imports: std::mem::take(&mut scratch.imports),
            env_refs: std::mem::take(&mut scratch.env_refs),
            bindings: std::mem::take(&mut scratch.bindings),
            definitions: std::mem::take(&mut scratch.definitions),
            bodies: std::mem::take(&mut scratch.bodies),
            ..FileFacts::default()
        },
        ctx: Ctx {
            scope: Scope::Module,
            conditional: false,
            type_checking: false,
            guarded: false,
        },
        qualname: Vec::new(),
        depth: 0,
        max_depth: 0,
        importlib_names: vec!["importlib".to_string()],
        import_module_names: Vec::new(),
        dunder_all_dynamic: false,
        fingerprints: fingerprint::Fingerprints::with_buffers(std::mem::take(
            &mut scratch.fingerprints,
        )),
    };
    x.visit_body(&module.body);
    SCRATCH.with(|s| s.borrow_mut().fingerprints = x.fingerprints.into_buffers());
    (x.facts, x.max_depth)
}

/// Only the maximum nesting depth of a module (used to drop ASTs of files that failed to parse).
pub(super) fn depth_of(module: &ast::ModModule) -> u32 {
    struct Depth {
        depth: u32,
        max: u32,
    }
    impl<'a> Visitor<'a> for Depth {
        fn visit_stmt(&mut self, stmt: &'a Stmt) {
            self.depth += 1;
            self.max = self.max.max(self.depth);
            stacker::maybe_grow(STACK_RED_ZONE, STACK_SEGMENT, || walk_stmt(self, stmt));
            self.depth -= 1;
        }
        fn visit_expr(&mut self, expr: &'a Expr) {
            self.depth += 1;
            self.max = self.max.max(self.depth);
            stacker::maybe_grow(STACK_RED_ZONE, STACK_SEGMENT, || walk_expr(self, expr));
            self.depth -= 1;
        }
    }
    let mut d = Depth { depth: 0, max: 0 };
    d.visit_body(&module.body);
    d.max
}

impl<'t> Extractor<'t> {
    fn span(&self, range: TextRange) -> Span {
        self.index
            .span(self.text, range.start().to_usize(), range.end().to_usize())
    }

    fn at_module_scope(&self) -> bool {
        self.ctx.scope == Scope::Module
    }

    fn bind(&mut self, name: &str, kind: BindingKind, range: TextRange) {
        if self.at_module_scope() {
            let line = self.index.line(range.start().to_usize());
            self.facts.bindings.push(Binding {
                name: CompactString::from(name),
                kind,
                line,
            });
        }
    }

    fn bind_target(&mut self, target: &Expr, kind: BindingKind) {
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

    fn with_ctx(&mut self, ctx: Ctx, f: impl FnOnce(&mut Self)) {
        let saved = self.ctx;
        self.ctx = ctx;
        f(self);
        self.ctx = saved;
    }

    fn nested_ctx(&self) -> Ctx {
        Ctx {
            conditional: self.ctx.conditional || self.ctx.scope == Scope::Module,
            ..self.ctx
        }
    }

    fn record_import(&mut self, stmt: &ast::StmtImport) {
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
                    self.bind(a, BindingKind::Import, alias.range);
                }
                None => {
                    let top = module.split('.').next().unwrap_or(&module);
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

    fn record_import_from(&mut self, stmt: &ast::StmtImportFrom) {
        let module = stmt
            .module
            .as_ref()
            .map(|m| CompactString::from(m.id.as_str()))
            .unwrap_or_default();
        let mut names = Vec::with_capacity(stmt.names.len());
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

    fn record_definition(&mut self, name: &ast::Identifier, kind: DefinitionKind, stmt: &'t Stmt) {
        let body_kind = match (kind, self.ctx.scope) {
            (DefinitionKind::Class, _) => BodyKind::Class,
            (DefinitionKind::Function, Scope::Class) => BodyKind::Method,
            (DefinitionKind::Function, _) => BodyKind::Function,
        };
        let fp = self.fingerprints.of(stmt);
        let span = self.span(name.range);
        let end_line = self.index.line(stmt.range().end().to_usize());
        // Built at its exact size: every body's qualname is kept until the end of the scan.
        let len = self.qualname.iter().map(|q| q.len() + 1).sum::<usize>() + name.id.len();
        let mut qualname = CompactString::with_capacity(len);
        for q in &self.qualname {
            qualname.push_str(q);
            qualname.push('.');
        }
        qualname.push_str(name.id.as_str());
        let body_index = self.facts.bodies.len();
        self.facts.bodies.push(BodyFingerprint {
            qualname,
            kind: body_kind,
            span,
            end_line,
            statements: fp.statements,
            hash: fp.hash,
            hash_renamed: fp.hash_renamed,
        });
        if self.at_module_scope() {
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
    }

    fn record_dunder_all(&mut self, value: &Expr, extend: bool) {
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

    fn is_dynamic_import_call(&self, call: &ast::ExprCall) -> Option<String> {
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
                Some(s.value.to_str().to_string())
            }
            _ => None,
        }
    }
}

fn is_type_checking(test: &Expr) -> bool {
    match test {
        Expr::Name(n) => n.id.as_str() == "TYPE_CHECKING",
        Expr::Attribute(a) => a.attr.id.as_str() == "TYPE_CHECKING",
        _ => false,
    }
}

fn catches_import_error(handlers: &[ast::ExceptHandler]) -> bool {
    fn matches(e: &Expr) -> bool {
        let name = match e {
            Expr::Name(n) => n.id.as_str(),
            Expr::Attribute(a) => a.attr.id.as_str(),
            Expr::Tuple(t) => return t.elts.iter().any(matches),
            _ => return false,
        };
        matches!(
            name,
            "ImportError" | "ModuleNotFoundError" | "Exception" | "BaseException"
        )
    }
    handlers.iter().any(|h| {
        let ast::ExceptHandler::ExceptHandler(h) = h;
        h.type_.as_deref().is_none_or(matches)
    })
}

/// `Y` or `a.b.Y`: a plain (dotted) name. Iterative: attribute chains can be very long.
fn is_alias_value(mut value: &Expr) -> bool {
    loop {
        match value {
            Expr::Name(_) => return true,
            Expr::Attribute(a) => value = &a.value,
            _ => return false,
        }
    }
}

impl<'t> Visitor<'t> for Extractor<'t> {
    fn visit_stmt(&mut self, stmt: &'t Stmt) {
        self.depth += 1;
        self.max_depth = self.max_depth.max(self.depth);
        descend(self.depth, || self.visit_stmt_inner(stmt));
        self.depth -= 1;
    }

    fn visit_expr(&mut self, expr: &'t Expr) {
        self.depth += 1;
        self.max_depth = self.max_depth.max(self.depth);
        match expr {
            Expr::Attribute(a) => {
                if let Expr::Name(base) = a.value.as_ref() {
                    // `sys.meta_path` / `sys.path_hooks`: an import hook makes modules at run time.
                    if base.id.as_str() == "sys"
                        && matches!(a.attr.id.as_str(), "meta_path" | "path_hooks")
                    {
                        self.facts.dynamic_globals = true;
                    }
                    if ENV_ATTRS.contains(&a.attr.id.as_str()) {
                        self.facts.env_refs.push(EnvRef {
                            base: CompactString::from(base.id.as_str()),
                            attr: CompactString::from(a.attr.id.as_str()),
                            span: self.span(a.range),
                        });
                    }
                }
            }
            Expr::Call(call) => {
                if let Expr::Name(f) = call.func.as_ref() {
                    let name = f.id.as_str();
                    if name == "globals"
                        || (name == "exec" || name == "vars") && self.at_module_scope()
                    {
                        self.facts.dynamic_globals = true;
                    }
                }
                if let Some(module) = self.is_dynamic_import_call(call) {
                    let level = module.chars().take_while(|&c| c == '.').count() as u32;
                    self.facts.imports.push(Import {
                        kind: ImportKind::Dynamic,
                        module: CompactString::from(&module[level as usize..]),
                        level,
                        asname: None,
                        names: Vec::new(),
                        span: self.span(call.range()),
                        type_checking: self.ctx.type_checking,
                        lazy: self.ctx.scope == Scope::Function,
                        guarded: self.ctx.guarded,
                        module_level: self.at_module_scope(),
                    });
                }
            }
            Expr::Named(n) => self.bind_target(&n.target, BindingKind::Assignment),
            _ => {}
        }
        descend(self.depth, || walk_expr(self, expr));
        self.depth -= 1;
    }
}

impl<'t> Extractor<'t> {
    fn visit_stmt_inner(&mut self, stmt: &'t Stmt) {
        match stmt {
            Stmt::FunctionDef(f) => {
                self.record_definition(&f.name, DefinitionKind::Function, stmt);
                for d in &f.decorator_list {
                    self.visit_decorator(d);
                }
                if let Some(tp) = &f.type_params {
                    self.visit_type_params(tp);
                }
                self.visit_parameters(&f.parameters);
                if let Some(r) = &f.returns {
                    self.visit_annotation(r);
                }
                self.qualname.push(f.name.id.as_str());
                let ctx = Ctx {
                    scope: Scope::Function,
                    ..self.nested_ctx()
                };
                self.with_ctx(ctx, |x| x.visit_body(&f.body));
                self.qualname.pop();
            }
            Stmt::ClassDef(c) => {
                self.record_definition(&c.name, DefinitionKind::Class, stmt);
                for d in &c.decorator_list {
                    self.visit_decorator(d);
                }
                if let Some(tp) = &c.type_params {
                    self.visit_type_params(tp);
                }
                if let Some(args) = &c.arguments {
                    self.visit_arguments(args);
                }
                self.qualname.push(c.name.id.as_str());
                let ctx = Ctx {
                    scope: Scope::Class,
                    ..self.nested_ctx()
                };
                self.with_ctx(ctx, |x| x.visit_body(&c.body));
                self.qualname.pop();
            }
            Stmt::Import(i) => self.record_import(i),
            Stmt::ImportFrom(i) => self.record_import_from(i),
            Stmt::Global(g) if !self.at_module_scope() => {
                // `global X` in a function: X becomes a module attribute when it is assigned.
                let line = self.span(g.range).line;
                for name in &g.names {
                    self.facts.bindings.push(Binding {
                        name: CompactString::from(name.id.as_str()),
                        kind: BindingKind::Assignment,
                        line,
                    });
                }
            }
            Stmt::If(i) => {
                self.visit_expr(&i.test);
                let nested = self.nested_ctx();
                let body_ctx = Ctx {
                    type_checking: nested.type_checking || is_type_checking(&i.test),
                    ..nested
                };
                self.with_ctx(body_ctx, |x| x.visit_body(&i.body));
                self.with_ctx(nested, |x| {
                    for clause in &i.elif_else_clauses {
                        if let Some(test) = &clause.test {
                            x.visit_expr(test);
                        }
                        x.visit_body(&clause.body);
                    }
                });
            }
            Stmt::Try(t) => {
                let nested = self.nested_ctx();
                let body_ctx = Ctx {
                    guarded: nested.guarded || catches_import_error(&t.handlers),
                    ..nested
                };
                self.with_ctx(body_ctx, |x| x.visit_body(&t.body));
                self.with_ctx(nested, |x| {
                    for h in &t.handlers {
                        x.visit_except_handler(h);
                    }
                    x.visit_body(&t.orelse);
                    x.visit_body(&t.finalbody);
                });
            }
            Stmt::Assign(a) => {
                let alias = a.targets.len() == 1 && is_alias_value(&a.value);
                for t in &a.targets {
                    // `sys.modules[name] = ...`: a module replaced or made at run time.
                    if let Expr::Subscript(sub) = t {
                        if matches!(sub.value.as_ref(), Expr::Attribute(m)
                            if m.attr.id.as_str() == "modules"
                                && matches!(m.value.as_ref(), Expr::Name(n) if n.id.as_str() == "sys"))
                        {
                            self.facts.dynamic_globals = true;
                        }
                    }
                    if matches!(t, Expr::Name(n) if n.id.as_str() == "__all__")
                        && self.at_module_scope()
                    {
                        self.record_dunder_all(&a.value, false);
                    }
                    let kind = if alias {
                        BindingKind::Alias
                    } else {
                        BindingKind::Assignment
                    };
                    self.bind_target(t, kind);
                }
                walk_stmt(self, stmt);
            }
            Stmt::AnnAssign(a) => {
                if let Some(value) = &a.value {
                    if matches!(a.target.as_ref(), Expr::Name(n) if n.id.as_str() == "__all__")
                        && self.at_module_scope()
                    {
                        self.record_dunder_all(value, false);
                    }
                    let kind = if is_alias_value(value) {
                        BindingKind::Alias
                    } else {
                        BindingKind::Assignment
                    };
                    self.bind_target(&a.target, kind);
                }
                walk_stmt(self, stmt);
            }
            Stmt::AugAssign(a) => {
                if matches!(a.target.as_ref(), Expr::Name(n) if n.id.as_str() == "__all__")
                    && self.at_module_scope()
                {
                    self.record_dunder_all(&a.value, true);
                }
                self.bind_target(&a.target, BindingKind::Assignment);
                walk_stmt(self, stmt);
            }
            Stmt::TypeAlias(t) => {
                self.bind_target(&t.name, BindingKind::Assignment);
                walk_stmt(self, stmt);
            }
            Stmt::Expr(e) => {
                // `__all__.extend([...])` / `__all__.append("x")`
                if let Expr::Call(call) = e.value.as_ref() {
                    if let Expr::Attribute(attr) = call.func.as_ref() {
                        if matches!(attr.value.as_ref(), Expr::Name(n) if n.id.as_str() == "__all__")
                            && matches!(attr.attr.id.as_str(), "extend" | "append")
                            && self.at_module_scope()
                        {
                            if let Some(arg) = call.arguments.args.first() {
                                self.record_dunder_all(arg, true);
                            }
                        }
                    }
                }
                walk_stmt(self, stmt);
            }
            Stmt::For(f) => {
                self.bind_target(&f.target, BindingKind::Assignment);
                let nested = self.nested_ctx();
                self.with_ctx(nested, |x| walk_stmt(x, stmt));
            }
            Stmt::With(w) => {
                for item in &w.items {
                    if let Some(v) = &item.optional_vars {
                        self.bind_target(v, BindingKind::Assignment);
                    }
                }
                let nested = self.nested_ctx();
                self.with_ctx(nested, |x| walk_stmt(x, stmt));
            }
            Stmt::While(_) | Stmt::Match(_) => {
                let nested = self.nested_ctx();
                self.with_ctx(nested, |x| walk_stmt(x, stmt));
            }
            _ => walk_stmt(self, stmt),
        }
    }
}
