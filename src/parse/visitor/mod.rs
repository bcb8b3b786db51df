//! The one AST traversal per file that produces [`FileFacts`]: a hand-written walk that records
//! the facts and, in the same pass, writes the fingerprint stream (`fingerprint.rs`) that
//! hashes every definition's body.
//!
//! Children are visited in Python's evaluation order (as `ruff_python_ast::visitor::Visitor`
//! does: an assignment's value before its targets, a call's positional arguments before its
//! keywords), which fixes the order of the facts; every node writes its kind, attributes and
//! children in that same order, with list lengths and presence bytes for optional children.

use ruff_python_ast::{self as ast, Expr, NodeKind, Number, Pattern, Stmt};
use ruff_text_size::Ranged;

use super::fingerprint::{self, DefMark, Encoder};
use super::free::{self, Nodes, Owned};
use super::stack::{descend, STACK_RED_ZONE, STACK_SEGMENT};
use crate::facts::{
    Binding, BindingKind, BodyFingerprint, CompactString, DefinitionKind, EnvRef, FileFacts,
    Import, ImportKind, Malformed, ENV_ATTRS, ENV_PATH_ATTRS,
};
use crate::source::LineIndex;

mod record;
mod scopes;

use scopes::{FrameKind, Scopes};

/// The attribute names of an environment reference ([`EnvRef::attr`]).
fn is_env_attr(attr: &str) -> bool {
    ENV_ATTRS.contains(&attr) || ENV_PATH_ATTRS.contains(&attr)
}

/// Whether the text may hold an environment reference: the name of one of its attributes, or
/// `getattr` (whose string may be escaped or concatenated), or identifiers that are not ASCII
/// (normalized, they may become one). Only then does the walk track scopes ([`Scopes`]).
fn may_reference_environment(text: &str) -> bool {
    // Three searches cover every name: each attribute name but `expandvars` contains `env`.
    // (A search per name read each file nine times.)
    const NEEDLES: [&str; 3] = ["env", "expandvars", "getattr"];
    debug_assert!(ENV_ATTRS
        .iter()
        .chain(ENV_PATH_ATTRS)
        .all(|a| NEEDLES.iter().any(|n| a.contains(n))));
    let bytes = text.as_bytes();
    !text.is_ascii()
        || NEEDLES
            .iter()
            .any(|n| memchr::memmem::find(bytes, n.as_bytes()).is_some())
}
/// `a`, `a.b.c`: the dotted name of a plain (dotted) name expression, and the length of its
/// first name. Iterative: attribute chains can be very long.
fn dotted_name(mut value: &Expr) -> Option<(CompactString, usize)> {
    let mut attrs: Vec<&str> = Vec::new();
    let first = loop {
        match value {
            Expr::Name(n) => break n.id.as_str(),
            Expr::Attribute(a) => {
                attrs.push(a.attr.id.as_str());
                value = &a.value;
            }
            _ => return None,
        }
    };
    let mut dotted = CompactString::from(first);
    for attr in attrs.iter().rev() {
        dotted.push('.');
        dotted.push_str(attr);
    }
    Some((dotted, first.len()))
}

/// Calls `f` with every name a target binds (`a`, `(a, *b)`, `[a, b]`).
fn target_names(target: &Expr, f: &mut impl FnMut(&str)) {
    match target {
        Expr::Name(n) => f(n.id.as_str()),
        Expr::Tuple(t) => t.elts.iter().for_each(|e| target_names(e, f)),
        Expr::List(l) => l.elts.iter().for_each(|e| target_names(e, f)),
        Expr::Starred(s) => target_names(&s.value, f),
        _ => {}
    }
}

/// The names of a function's or lambda's parameters.
fn parameter_names(p: Option<&ast::Parameters>) -> Vec<CompactString> {
    p.map(|p| {
        p.iter()
            .map(|p| CompactString::from(p.name().id.as_str()))
            .collect()
    })
    .unwrap_or_default()
}

/// What a scan needs from the extraction beyond the facts every rule reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExtractOptions {
    /// Compute [`BodyFingerprint::hash_renamed`] (only `duplicate-body` with
    /// `ignore-identifiers` reads it; it costs a symbol table per file).
    pub renamed_hashes: bool,
    /// Keep the bodies of at least this many statements (`duplicate-body`'s `min-statements`);
    /// the bodies of module-level definitions ([`Definition::body`]) are always kept.
    pub min_body_statements: u32,
}

impl Default for ExtractOptions {
    /// Nothing optional: no renamed hashes, only the bodies of module-level definitions.
    fn default() -> Self {
        ExtractOptions {
            renamed_hashes: false,
            min_body_statements: u32::MAX,
        }
    }
}

impl ExtractOptions {
    /// Everything.
    pub const ALL: ExtractOptions = ExtractOptions {
        renamed_hashes: true,
        min_body_statements: 0,
    };

    /// What either needs.
    pub fn union(self, other: ExtractOptions) -> ExtractOptions {
        ExtractOptions {
            renamed_hashes: self.renamed_hashes || other.renamed_hashes,
            min_body_statements: self.min_body_statements.min(other.min_body_statements),
        }
    }
}

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

struct Walker<'t> {
    text: &'t str,
    index: &'t LineIndex,
    facts: FileFacts,
    ctx: Ctx,
    /// The definitions the walk is in, innermost last: indices into `facts.bodies`.
    open_bodies: Vec<u32>,
    /// For every entry of `facts.bodies`, the index of the body it is nested in, or `NO_PARENT`.
    body_parents: Vec<u32>,
    depth: u32,
    /// Names bound to the `importlib` module, and to `importlib.import_module`.
    importlib_names: Vec<String>,
    import_module_names: Vec<String>,
    /// `__all__` was computed (not only literal strings): its contents are unknown.
    dunder_all_dynamic: bool,
    /// The fingerprint stream of the file.
    enc: Encoder,
    /// Statements visited so far (docstrings of definitions excluded).
    statements: u32,
    /// Bodies shorter than this are not kept, unless they are module-level definitions.
    min_body_statements: u32,
    /// Literal text of the f-strings being walked, gathered until it is written as one element:
    /// a stack, each f-string's text above the text of those it is nested in.
    literal: String,
    /// The scopes, for resolving the bases of environment references; `None` when the text
    /// cannot hold one ([`may_reference_environment`]).
    scopes: Option<Scopes>,
    /// Inside the target of an assignment expression (it binds outside comprehensions).
    walrus: bool,
}

/// Buffers one thread collects facts in, reused from file to file: the facts that are kept are
/// copied out once, at their exact size, after the AST is freed ([`compact`]), instead of growing
/// block by block among the AST's nodes and leaving the blocks they outgrew behind.
#[derive(Default)]
struct Scratch {
    /// The buffers of the last file's facts (emptied), for the next file's.
    facts: FileFacts,
    body_parents: Vec<u32>,
    /// New positions of the bodies that are kept, in [`compact`].
    body_index: Vec<u32>,
    encoder: fingerprint::Buffers,
}

/// No enclosing definition.
const NO_PARENT: u32 = u32::MAX;

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// The facts to keep: `facts` (from [`extract_facts`]) copied at their exact size, its buffers
/// handed back to this thread for the next file.
pub(super) fn compact(facts: FileFacts, options: ExtractOptions) -> FileFacts {
    crate::alloc::keeping(|| compact_in_place(facts, options))
}

fn compact_in_place(mut facts: FileFacts, wanted: ExtractOptions) -> FileFacts {
    /// Moves the elements into a vector of their exact size; `v` keeps its capacity.
    fn exact<T>(v: &mut Vec<T>) -> Vec<T> {
        let mut out = Vec::with_capacity(v.len());
        out.append(v);
        out
    }
    /// A name longer than fits inline was allocated during the walk, among the AST's nodes:
    /// allocated again now that they are freed, it no longer splits the space they leave.
    fn rehome(s: &mut CompactString) {
        if s.is_heap_allocated() {
            *s = CompactString::from(s.as_str());
        }
    }
    for import in &mut facts.imports {
        rehome(&mut import.module);
        if let Some(a) = &mut import.asname {
            rehome(a);
        }
        if !import.names.is_empty() {
            import.names = exact(&mut import.names);
            for n in &mut import.names {
                rehome(&mut n.name);
                if let Some(a) = &mut n.asname {
                    rehome(a);
                }
            }
        }
    }
    let bodies = SCRATCH.with(|s| {
        let mut s = s.borrow_mut();
        let s = &mut *s;
        kept_bodies(
            &mut facts,
            &s.body_parents,
            &mut s.body_index,
            wanted.min_body_statements,
        )
    });
    for r in &mut facts.env_refs {
        rehome(&mut r.base);
        if !r.bound_to.is_empty() {
            r.bound_to = exact(&mut r.bound_to);
            r.bound_to.iter_mut().for_each(rehome);
        }
    }
    for d in &mut facts.definitions {
        rehome(&mut d.name);
    }
    for b in &mut facts.bindings {
        rehome(&mut b.name);
    }
    if let Some(all) = &mut facts.dunder_all {
        *all = exact(all);
        all.iter_mut().for_each(rehome);
    }
    for s in &mut facts.suppressions {
        if !s.rules.is_empty() {
            s.rules = exact(&mut s.rules);
            s.rules.iter_mut().for_each(|r| rehome(&mut r.id));
        }
        if let Some(reason) = &mut s.reason {
            rehome(reason);
        }
        if let Some(Malformed::UnknownDirective(word)) = &mut s.malformed {
            rehome(word);
        }
    }
    // Every field is named: a new fact does not compile until it is kept here (and it keeps
    // its buffer for the next file when it is a vector).
    let FileFacts {
        lines,
        mut imports,
        mut env_refs,
        mut bindings,
        dunder_all,
        has_module_getattr,
        dynamic_globals,
        makes_modules,
        bom,
        mut definitions,
        bodies: mut body_buffer,
        mut suppressions,
    } = facts;
    let kept = FileFacts {
        lines,
        imports: exact(&mut imports),
        env_refs: exact(&mut env_refs),
        bindings: exact(&mut bindings),
        dunder_all,
        has_module_getattr,
        dynamic_globals,
        makes_modules,
        bom,
        definitions: exact(&mut definitions),
        bodies,
        suppressions: exact(&mut suppressions),
    };
    body_buffer.clear();
    SCRATCH.with(|s| {
        s.borrow_mut().facts = FileFacts {
            imports,
            env_refs,
            bindings,
            definitions,
            bodies: body_buffer,
            suppressions,
            ..FileFacts::default()
        };
    });
    kept
}

/// Whether a body is kept: it has at least `min_statements` statements, or it is a module-level
/// definition's ([`Definition::body`]). A body's statements include those of the bodies nested in
/// it, so the definition around a kept body is kept too.
#[inline]
fn keeps_body(statements: u32, min_statements: u32, module_level: bool) -> bool {
    statements >= min_statements || module_level
}

/// The bodies to keep ([`keeps_body`]), at their exact size, with their qualified names
/// (`Outer.method`); the definitions' body indices are updated.
fn kept_bodies(
    facts: &mut FileFacts,
    parents: &[u32],
    new_index: &mut Vec<u32>,
    min_statements: u32,
) -> Vec<BodyFingerprint> {
    /// A body that is not kept.
    const DROPPED: u32 = u32::MAX;
    new_index.clear();
    let mut kept = 0;
    new_index.extend(facts.bodies.iter().zip(parents).map(|(b, &parent)| {
        if keeps_body(b.statements, min_statements, parent == NO_PARENT) {
            kept += 1;
            kept - 1
        } else {
            DROPPED
        }
    }));
    for d in &mut facts.definitions {
        d.body = new_index[d.body] as usize;
    }
    let mut out: Vec<BodyFingerprint> = Vec::with_capacity(kept as usize);
    for (i, b) in facts.bodies.iter().enumerate() {
        if new_index[i] == DROPPED {
            continue;
        }
        // `b.qualname` is still the bare name; a parent comes before its children, is kept
        // when they are, and already has its qualified name in `out`.
        let parent = parents[i];
        let outer = (parent != NO_PARENT).then(|| new_index[parent as usize]);
        debug_assert_ne!(outer, Some(DROPPED), "a kept body's parent is kept");
        let qualname = match outer.and_then(|k| out.get(k as usize)) {
            Some(outer) => {
                let outer = &outer.qualname;
                let mut q = CompactString::with_capacity(outer.len() + 1 + b.qualname.len());
                q.push_str(outer);
                q.push('.');
                q.push_str(&b.qualname);
                q
            }
            None => CompactString::from(b.qualname.as_str()),
        };
        out.push(BodyFingerprint {
            qualname,
            kind: b.kind,
            span: b.span,
            end_line: b.end_line,
            statements: b.statements,
            hash: b.hash,
            hash_renamed: b.hash_renamed,
        });
    }
    facts.bodies.clear();
    out
}

/// Extracts the facts of a parsed module, freeing every node once the walk has been through it.
/// The facts' vectors are this thread's reusable buffers: pass them through [`compact`].
pub(super) fn extract_facts<'t>(
    module: ast::ModModule,
    text: &'t str,
    index: &'t LineIndex,
    wanted: ExtractOptions,
) -> FileFacts {
    let mut scratch = SCRATCH.with(|s| std::mem::take(&mut *s.borrow_mut()));
    let mut x = Walker {
        text,
        index,
        facts: std::mem::take(&mut scratch.facts),
        ctx: Ctx {
            scope: Scope::Module,
            conditional: false,
            type_checking: false,
            guarded: false,
        },
        open_bodies: Vec::new(),
        body_parents: {
            let mut parents = std::mem::take(&mut scratch.body_parents);
            parents.clear();
            parents
        },
        depth: 0,
        importlib_names: vec!["importlib".to_string()],
        import_module_names: Vec::new(),
        dunder_all_dynamic: false,
        enc: Encoder::new(std::mem::take(&mut scratch.encoder), wanted.renamed_hashes),
        statements: 0,
        min_body_statements: wanted.min_body_statements,
        literal: String::new(),
        scopes: may_reference_environment(text).then(Scopes::default),
        walrus: false,
    };
    for stmt in module.body {
        // No definition is open between two module-level statements: what was written for
        // the previous one is no longer needed.
        x.enc.reset();
        // Walked and freed in the same pass.
        x.stmt(stmt);
    }
    match x.scopes.take() {
        Some(scopes) => scopes.finish(&mut x.facts.env_refs),
        None => debug_assert!(x.facts.env_refs.is_empty()),
    }
    SCRATCH.with(|s| {
        let mut s = s.borrow_mut();
        s.encoder = x.enc.into_buffers();
        s.body_parents = x.body_parents;
        s.body_index = scratch.body_index;
    });
    x.facts
}

/// Only the maximum nesting depth of a module (used to drop ASTs of files that failed to parse).
pub(super) fn depth_of(module: &ast::ModModule) -> u32 {
    use ruff_python_ast::visitor::{walk_expr, walk_stmt, Visitor};
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

/// The walk. It owns the AST and frees every node once it has been through it: the walk and
/// the freeing are one traversal, not two (a node's kind is matched once, while it is in the
/// cache). Every `stmt`/`expr`/`pattern` call is one level of nesting (the stack grows on the
/// heap when it runs low); each node writes its kind first, then its attributes and children.
impl<'t> Walker<'t> {
    /// Walks a statement the caller owns and frees it.
    fn stmt(&mut self, stmt: Stmt) {
        free::hold(stmt, |stmt| self.stmt_at(stmt));
    }

    /// Walks the statement where it lies and frees it.
    fn stmt_at(&mut self, stmt: Owned<'_, Stmt>) {
        self.depth += 1;
        self.statements += 1;
        descend(self.depth, || self.stmt_inner(stmt.take()));
        self.depth -= 1;
    }

    /// Walks an expression the caller owns and frees it.
    fn expr(&mut self, expr: Expr) {
        free::hold(expr, |expr| self.expr_at(expr));
    }

    /// Walks a boxed expression and frees it: the node is moved out of its box once, where
    /// the walk matches on it, not copied from frame to frame.
    fn expr_box(&mut self, expr: Box<Expr>) {
        free::hold_boxed(expr, |expr| self.expr_at(expr));
    }

    /// A name expression, into the fingerprint stream.
    #[inline]
    fn name(&mut self, n: &ast::ExprName) {
        self.enc.kind(NodeKind::ExprName);
        self.enc.ident(n.id.as_str());
    }

    /// Walks the expression where it lies and frees it.
    fn expr_at(&mut self, mut expr: Owned<'_, Expr>) {
        // A name, the most common node, is written here (and dropped in place with its
        // token): not through the frame of `expr_inner`, which saves and restores what its
        // larger arms need.
        if let Expr::Name(n) = expr.get_mut() {
            self.name(n);
            return;
        }
        self.depth += 1;
        descend(self.depth, || self.expr_inner(expr.take()));
        self.depth -= 1;
    }

    fn body(&mut self, body: impl Nodes<Stmt>) {
        self.enc.len(body.len());
        body.each(|stmt| self.stmt_at(stmt));
    }

    /// A definition's body, without its docstring.
    fn definition_body(&mut self, body: ast::Suite) {
        let docstring = body.first().is_some_and(ast::helpers::is_docstring_stmt);
        self.enc.len(body.len() - usize::from(docstring));
        let mut first = docstring;
        body.each(|stmt| {
            // The docstring is dropped with its token, unwalked.
            if !std::mem::take(&mut first) {
                self.stmt_at(stmt);
            }
        });
    }

    fn exprs(&mut self, exprs: impl Nodes<Expr>) {
        self.enc.len(exprs.len());
        exprs.each(|e| self.expr_at(e));
    }

    fn opt_expr(&mut self, expr: Option<Box<Expr>>) {
        self.enc.flag(expr.is_some());
        if let Some(e) = expr {
            self.expr_box(e);
        }
    }

    fn opt_inline_expr(&mut self, expr: Option<Expr>) {
        self.enc.flag(expr.is_some());
        if let Some(e) = expr {
            self.expr(e);
        }
    }

    /// Walks an expression the AST only lends (f-string parts): it is moved out and a leaf
    /// left in its place, so it is freed by the walk like the rest.
    fn lent_expr(&mut self, expr: &mut Expr) {
        let placeholder = Expr::NoneLiteral(ast::ExprNoneLiteral::default());
        self.expr(std::mem::replace(expr, placeholder));
    }

    fn opt_ident(&mut self, id: Option<&ast::Identifier>) {
        self.enc.flag(id.is_some());
        if let Some(id) = id {
            self.enc.ident(id.id.as_str());
        }
    }

    /// The hashes of the definition opened at `mark`, into its body entry; none for a body
    /// that [`compact`] will drop (too short, and not of a module-level definition).
    fn finish_definition(&mut self, body_index: usize, mark: DefMark, statements_before: u32) {
        let statements = self.statements - statements_before;
        let kept = keeps_body(statements, self.min_body_statements, self.at_module_scope());
        let (hash, hash_renamed) = if kept {
            self.enc.close(mark)
        } else {
            (0, None)
        };
        let body = &mut self.facts.bodies[body_index];
        body.statements = statements;
        body.hash = hash;
        body.hash_renamed = hash_renamed;
    }

    fn function_def(&mut self, f: ast::StmtFunctionDef) {
        self.enc.kind(NodeKind::StmtFunctionDef);
        self.enc.flag(f.is_async);
        let body_index = self.record_definition(&f.name, DefinitionKind::Function, f.range);
        self.decorators(f.decorator_list);
        self.enc.ident(f.name.id.as_str());
        self.type_params(f.type_params);
        // The definition's own part: signature and body, not its name or decorators.
        let mark = self.enc.open(Some(f.is_async));
        let statements = self.statements;
        let names = self
            .scopes
            .is_some()
            .then(|| parameter_names(Some(&f.parameters)));
        // Defaults and annotations are evaluated where the function is defined.
        self.parameters(Some(f.parameters));
        self.opt_expr(f.returns);
        self.open_scope(FrameKind::Function, names);
        self.open_bodies.push(body_index as u32);
        let ctx = Ctx {
            scope: Scope::Function,
            ..self.nested_ctx()
        };
        self.with_ctx(ctx, |x| x.definition_body(f.body));
        self.open_bodies.pop();
        self.close_scope();
        self.finish_definition(body_index, mark, statements);
    }

    fn class_def(&mut self, c: ast::StmtClassDef) {
        self.enc.kind(NodeKind::StmtClassDef);
        let body_index = self.record_definition(&c.name, DefinitionKind::Class, c.range);
        self.decorators(c.decorator_list);
        self.enc.ident(c.name.id.as_str());
        self.type_params(c.type_params);
        let mark = self.enc.open(None);
        let statements = self.statements;
        // `class A():` is `class A:`.
        self.arguments(c.arguments.map(|a| *a));
        self.open_scope(FrameKind::Class, None);
        self.open_bodies.push(body_index as u32);
        let ctx = Ctx {
            scope: Scope::Class,
            ..self.nested_ctx()
        };
        self.with_ctx(ctx, |x| x.definition_body(c.body));
        self.open_bodies.pop();
        self.close_scope();
        self.finish_definition(body_index, mark, statements);
    }

    fn decorators<I>(&mut self, decorators: I)
    where
        I: IntoIterator<Item = ast::Decorator>,
        I::IntoIter: ExactSizeIterator,
    {
        let decorators = decorators.into_iter();
        self.enc.len(decorators.len());
        for d in decorators {
            self.expr(d.expression);
        }
    }

    fn type_params(&mut self, params: Option<Box<ast::TypeParams>>) {
        let params = params.map(|p| p.type_params).unwrap_or_default();
        self.enc.len(params.len());
        for p in params {
            match p {
                ast::TypeParam::TypeVar(t) => {
                    self.enc.kind(NodeKind::TypeParamTypeVar);
                    self.enc.ident(t.name.id.as_str());
                    self.opt_expr(t.bound);
                    self.opt_expr(t.default);
                }
                ast::TypeParam::TypeVarTuple(t) => {
                    self.enc.kind(NodeKind::TypeParamTypeVarTuple);
                    self.enc.ident(t.name.id.as_str());
                    self.opt_expr(t.default);
                }
                ast::TypeParam::ParamSpec(t) => {
                    self.enc.kind(NodeKind::TypeParamParamSpec);
                    self.enc.ident(t.name.id.as_str());
                    self.opt_expr(t.default);
                }
            }
        }
    }

    /// Parameters (a lambda without any is `None`): the shape, then defaults (evaluated first),
    /// then each parameter's name and annotation.
    fn parameters(&mut self, p: Option<Box<ast::Parameters>>) {
        let Some(p) = p else {
            // The shape of an empty parameter list.
            for _ in 0..5 {
                self.enc.len(0);
            }
            return;
        };
        let ast::Parameters {
            mut posonlyargs,
            mut args,
            vararg,
            mut kwonlyargs,
            kwarg,
            ..
        } = *p;
        self.enc.len(posonlyargs.len());
        self.enc.len(args.len());
        self.enc.flag(vararg.is_some());
        self.enc.len(kwonlyargs.len());
        self.enc.flag(kwarg.is_some());
        for d in posonlyargs
            .iter_mut()
            .chain(args.iter_mut())
            .chain(kwonlyargs.iter_mut())
        {
            self.opt_expr(d.default.take());
        }
        let parameter = |x: &mut Self, p: ast::Parameter| {
            x.enc.ident(p.name.id.as_str());
            x.opt_expr(p.annotation);
        };
        for d in posonlyargs.into_iter().chain(args) {
            parameter(self, d.parameter);
        }
        if let Some(v) = vararg {
            parameter(self, *v);
        }
        for d in kwonlyargs {
            parameter(self, d.parameter);
        }
        if let Some(k) = kwarg {
            parameter(self, *k);
        }
    }

    /// A call's (or class's) arguments: positional ones, then keywords, as Python's `ast`
    /// keeps them (`f(*a, b=1)` is `f(b=1, *a)`).
    fn arguments(&mut self, args: Option<ast::Arguments>) {
        let Some(args) = args else {
            self.enc.len(0);
            self.enc.len(0);
            return;
        };
        self.exprs(args.args.into_vec());
        self.enc.len(args.keywords.len());
        for k in args.keywords {
            self.opt_ident(k.arg.as_ref());
            self.expr(k.value);
        }
    }

    /// A comprehension's generators. The first iterable is evaluated outside; the rest is in the
    /// comprehension's scope, which this opens and the caller closes after the element.
    fn comprehensions(&mut self, generators: Vec<ast::Comprehension>) {
        self.enc.len(generators.len());
        let mut open = false;
        for c in generators {
            self.enc.flag(c.is_async);
            self.expr(c.iter);
            if !std::mem::replace(&mut open, true) {
                self.open_scope(FrameKind::Comprehension, None);
            }
            if let Some(s) = &mut self.scopes {
                target_names(&c.target, &mut |name| s.bind(name));
            }
            self.expr(c.target);
            self.exprs(c.ifs);
        }
        if !open {
            self.open_scope(FrameKind::Comprehension, None);
        }
    }

    /// Opens a scope, binding `names` (a function's parameters) in it.
    fn open_scope(&mut self, kind: FrameKind, names: Option<Vec<CompactString>>) {
        if let Some(s) = &mut self.scopes {
            s.push(kind);
            for name in names.iter().flatten() {
                s.bind(name);
            }
        }
    }

    /// Closes the innermost scope.
    fn close_scope(&mut self) {
        if let Some(s) = &mut self.scopes {
            s.pop();
        }
    }

    /// `name` is bound in the current scope (not by an import, which says what it imports).
    fn track_binding(&mut self, name: &str) {
        if let Some(s) = &mut self.scopes {
            s.bind(name);
        }
    }

    /// An environment reference: `base.attr`, or `getattr(base, "attr")`.
    fn record_env_ref(
        &mut self,
        (base, first): (CompactString, usize),
        attr: &str,
        range: ruff_text_size::TextRange,
        getattr: bool,
    ) {
        let index = self.facts.env_refs.len();
        if let Some(s) = &mut self.scopes {
            s.reference(index, &base[..first]);
        }
        self.facts.env_refs.push(EnvRef {
            base,
            attr: CompactString::from(attr),
            span: self.span(range),
            getattr,
            bound_to: Vec::new(),
        });
    }

    /// `elif` and `else` clauses as Python's `ast` has them: an `elif` is an `if` statement
    /// alone in the `else` block of the previous one.
    fn elif_else_clauses(&mut self, clauses: Vec<ast::ElifElseClause>) {
        for clause in clauses {
            match clause.test {
                Some(test) => {
                    self.enc.len(1);
                    self.enc.kind(NodeKind::StmtIf);
                    self.expr(test);
                    self.body(clause.body);
                }
                None => {
                    self.body(clause.body);
                    return;
                }
            }
        }
        self.enc.len(0);
    }

    fn stmt_inner(&mut self, stmt: Stmt) {
        match stmt {
            Stmt::FunctionDef(f) => self.function_def(f),
            Stmt::ClassDef(c) => self.class_def(c),
            Stmt::Import(i) => {
                self.record_import(&i);
                self.enc.kind(NodeKind::StmtImport);
                self.enc.flag(i.is_lazy);
                self.aliases(&i.names);
            }
            Stmt::ImportFrom(i) => {
                self.record_import_from(&i);
                self.enc.kind(NodeKind::StmtImportFrom);
                self.enc.len(i.level as usize);
                self.opt_ident(i.module.as_ref());
                self.aliases(&i.names);
            }
            Stmt::Global(g) => {
                if let Some(s) = &mut self.scopes {
                    g.names.iter().for_each(|n| s.declare_global(n.id.as_str()));
                }
                if !self.at_module_scope() {
                    // `global X` in a function: X becomes a module attribute when it is assigned.
                    let line = self.index.line(g.range.start().to_usize());
                    for name in &g.names {
                        self.facts.bindings.push(Binding {
                            name: CompactString::from(name.id.as_str()),
                            kind: BindingKind::Assignment,
                            line,
                        });
                    }
                }
                self.enc.kind(NodeKind::StmtGlobal);
                self.idents(&g.names);
            }
            Stmt::Nonlocal(n) => {
                if let Some(s) = &mut self.scopes {
                    n.names
                        .iter()
                        .for_each(|n| s.declare_nonlocal(n.id.as_str()));
                }
                self.enc.kind(NodeKind::StmtNonlocal);
                self.idents(&n.names);
            }
            Stmt::If(i) => {
                self.enc.kind(NodeKind::StmtIf);
                let type_checking = is_type_checking(&i.test);
                self.expr_box(i.test);
                let nested = self.nested_ctx();
                let body_ctx = Ctx {
                    type_checking: nested.type_checking || type_checking,
                    ..nested
                };
                self.with_ctx(body_ctx, |x| x.body(i.body));
                self.with_ctx(nested, |x| x.elif_else_clauses(i.elif_else_clauses));
            }
            Stmt::Try(t) => {
                self.enc.kind(NodeKind::StmtTry);
                self.enc.flag(t.is_star);
                let nested = self.nested_ctx();
                let body_ctx = Ctx {
                    guarded: nested.guarded || catches_import_error(&t.handlers),
                    ..nested
                };
                self.with_ctx(body_ctx, |x| x.body(t.body));
                self.with_ctx(nested, |x| {
                    x.enc.len(t.handlers.len());
                    for h in t.handlers {
                        let ast::ExceptHandler::ExceptHandler(h) = h;
                        if let Some(name) = &h.name {
                            x.track_binding(name.id.as_str());
                        }
                        x.opt_expr(h.type_);
                        x.opt_ident(h.name.as_ref());
                        x.body(h.body);
                    }
                    x.body(t.orelse);
                    x.body(t.finalbody);
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
                            self.facts.makes_modules = true;
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
                self.enc.kind(NodeKind::StmtAssign);
                self.expr_box(a.value);
                self.exprs(a.targets);
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
                } else if let (Expr::Name(n), true) = (a.target.as_ref(), a.simple) {
                    // `x: int` makes `x` local to a function, as an assignment does.
                    self.track_binding(n.id.as_str());
                }
                self.enc.kind(NodeKind::StmtAnnAssign);
                // `(x): int = 1` is not `x: int = 1`: it records no annotation.
                self.enc.flag(a.simple);
                self.opt_expr(a.value);
                self.expr_box(a.annotation);
                self.expr_box(a.target);
            }
            Stmt::AugAssign(a) => {
                if matches!(a.target.as_ref(), Expr::Name(n) if n.id.as_str() == "__all__")
                    && self.at_module_scope()
                {
                    self.record_dunder_all(&a.value, true);
                }
                self.bind_target(&a.target, BindingKind::Assignment);
                self.enc.kind(NodeKind::StmtAugAssign);
                self.enc.byte(a.op as u8);
                self.expr_box(a.value);
                self.expr_box(a.target);
            }
            Stmt::TypeAlias(t) => {
                self.bind_target(&t.name, BindingKind::Assignment);
                self.enc.kind(NodeKind::StmtTypeAlias);
                self.expr_box(t.value);
                self.type_params(t.type_params);
                self.expr_box(t.name);
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
                self.enc.kind(NodeKind::StmtExpr);
                self.expr_box(e.value);
            }
            Stmt::For(f) => {
                self.bind_target(&f.target, BindingKind::Assignment);
                self.enc.kind(NodeKind::StmtFor);
                self.enc.flag(f.is_async);
                let nested = self.nested_ctx();
                self.with_ctx(nested, |x| {
                    x.expr_box(f.iter);
                    x.expr_box(f.target);
                    x.body(f.body);
                    x.body(f.orelse);
                });
            }
            Stmt::With(w) => {
                for item in &w.items {
                    if let Some(v) = &item.optional_vars {
                        self.bind_target(v, BindingKind::Assignment);
                    }
                }
                self.enc.kind(NodeKind::StmtWith);
                self.enc.flag(w.is_async);
                let nested = self.nested_ctx();
                self.with_ctx(nested, |x| {
                    x.enc.len(w.items.len());
                    for item in w.items {
                        x.expr(item.context_expr);
                        x.opt_expr(item.optional_vars);
                    }
                    x.body(w.body);
                });
            }
            Stmt::While(w) => {
                self.enc.kind(NodeKind::StmtWhile);
                let nested = self.nested_ctx();
                self.with_ctx(nested, |x| {
                    x.expr_box(w.test);
                    x.body(w.body);
                    x.body(w.orelse);
                });
            }
            Stmt::Match(m) => {
                self.enc.kind(NodeKind::StmtMatch);
                let nested = self.nested_ctx();
                self.with_ctx(nested, |x| {
                    x.expr_box(m.subject);
                    x.enc.len(m.cases.len());
                    for case in m.cases {
                        x.pattern(case.pattern);
                        x.opt_expr(case.guard);
                        x.body(case.body);
                    }
                });
            }
            Stmt::Return(r) => {
                self.enc.kind(NodeKind::StmtReturn);
                self.opt_expr(r.value);
            }
            Stmt::Delete(d) => {
                if let Some(s) = &mut self.scopes {
                    d.targets
                        .iter()
                        .for_each(|t| target_names(t, &mut |name| s.bind(name)));
                }
                self.enc.kind(NodeKind::StmtDelete);
                self.exprs(d.targets);
            }
            Stmt::Raise(r) => {
                self.enc.kind(NodeKind::StmtRaise);
                self.opt_expr(r.exc);
                self.opt_expr(r.cause);
            }
            Stmt::Assert(a) => {
                self.enc.kind(NodeKind::StmtAssert);
                self.expr_box(a.test);
                self.opt_expr(a.msg);
            }
            Stmt::Pass(_) => self.enc.kind(NodeKind::StmtPass),
            Stmt::Break(_) => self.enc.kind(NodeKind::StmtBreak),
            Stmt::Continue(_) => self.enc.kind(NodeKind::StmtContinue),
            Stmt::IpyEscapeCommand(c) => {
                self.enc.kind(NodeKind::StmtIpyEscapeCommand);
                self.enc.byte(c.kind as u8);
                self.enc.literal(c.value.as_bytes());
            }
        }
    }

    fn aliases(&mut self, names: &[ast::Alias]) {
        self.enc.len(names.len());
        for alias in names {
            self.enc.ident(alias.name.id.as_str());
            self.opt_ident(alias.asname.as_ref());
        }
    }

    fn idents(&mut self, names: &[ast::Identifier]) {
        self.enc.len(names.len());
        for name in names {
            self.enc.ident(name.id.as_str());
        }
    }

    /// `sys.meta_path` / `sys.path_hooks` and environment access: what an attribute tells about
    /// the module, before its children are visited.
    fn attribute_facts(&mut self, a: &ast::ExprAttribute) {
        if let Expr::Name(base) = a.value.as_ref() {
            // `sys.meta_path` / `sys.path_hooks`: an import hook makes modules at run time.
            if base.id.as_str() == "sys" && matches!(a.attr.id.as_str(), "meta_path" | "path_hooks")
            {
                self.facts.makes_modules = true;
            }
        }
        if is_env_attr(a.attr.id.as_str()) {
            if let Some(base) = dotted_name(&a.value) {
                self.record_env_ref(base, a.attr.id.as_str(), a.range, false);
            }
        }
    }

    /// Dynamic imports and names made at run time: what a call tells about the module, before
    /// its children are visited.
    fn call_facts(&mut self, call: &ast::ExprCall) {
        if let Expr::Name(f) = call.func.as_ref() {
            let name = f.id.as_str();
            if name == "globals" || (name == "exec" || name == "vars") && self.at_module_scope() {
                self.facts.dynamic_globals = true;
            }
            // `getattr(os, "environ")`, with or without a default.
            if name == "getattr" && call.arguments.keywords.is_empty() {
                if let [value, Expr::StringLiteral(attr), ..] = &call.arguments.args[..] {
                    let attr = attr.value.to_str();
                    if call.arguments.args.len() <= 3
                        && !call.arguments.args.iter().any(Expr::is_starred_expr)
                        && is_env_attr(attr)
                    {
                        if let Some(base) = dotted_name(value) {
                            self.record_env_ref(base, attr, call.range(), true);
                        }
                    }
                }
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

    fn expr_inner(&mut self, expr: Expr) {
        match expr {
            // Names are written by `expr_at`, before they get here.
            Expr::Name(n) => self.name(&n),
            Expr::Attribute(a) => {
                self.attribute_facts(&a);
                self.enc.kind(NodeKind::ExprAttribute);
                self.expr_box(a.value);
                self.enc.ident(a.attr.id.as_str());
            }
            Expr::Call(c) => {
                self.call_facts(&c);
                self.enc.kind(NodeKind::ExprCall);
                self.expr_box(c.func);
                self.arguments(Some(c.arguments));
            }
            Expr::Named(n) => {
                // A walrus binds its target (outside the comprehensions it is in).
                self.walrus = true;
                self.bind_target(&n.target, BindingKind::Assignment);
                self.walrus = false;
                self.enc.kind(NodeKind::ExprNamed);
                self.expr_box(n.value);
                self.expr_box(n.target);
            }
            Expr::BoolOp(b) => {
                self.enc.kind(NodeKind::ExprBoolOp);
                self.enc.byte(b.op as u8);
                self.exprs(b.values);
            }
            Expr::BinOp(b) => {
                self.enc.kind(NodeKind::ExprBinOp);
                self.enc.byte(b.op as u8);
                self.expr_box(b.left);
                self.expr_box(b.right);
            }
            Expr::UnaryOp(u) => {
                self.enc.kind(NodeKind::ExprUnaryOp);
                self.enc.byte(u.op as u8);
                self.expr_box(u.operand);
            }
            Expr::Lambda(l) => {
                self.enc.kind(NodeKind::ExprLambda);
                let names = self
                    .scopes
                    .is_some()
                    .then(|| parameter_names(l.parameters.as_deref()));
                self.parameters(l.parameters);
                self.open_scope(FrameKind::Function, names);
                self.expr_box(l.body);
                self.close_scope();
            }
            Expr::If(i) => {
                self.enc.kind(NodeKind::ExprIf);
                self.expr_box(i.test);
                self.expr_box(i.body);
                self.expr_box(i.orelse);
            }
            Expr::Dict(d) => {
                self.enc.kind(NodeKind::ExprDict);
                self.enc.len(d.items.len());
                for item in d.items {
                    self.opt_inline_expr(item.key);
                    self.expr(item.value);
                }
            }
            Expr::Set(s) => {
                self.enc.kind(NodeKind::ExprSet);
                self.exprs(s.elts);
            }
            Expr::ListComp(c) => {
                self.enc.kind(NodeKind::ExprListComp);
                self.comprehensions(c.generators);
                self.expr_box(c.elt);
                self.close_scope();
            }
            Expr::SetComp(c) => {
                self.enc.kind(NodeKind::ExprSetComp);
                self.comprehensions(c.generators);
                self.expr_box(c.elt);
                self.close_scope();
            }
            Expr::DictComp(c) => {
                self.enc.kind(NodeKind::ExprDictComp);
                self.comprehensions(c.generators);
                self.opt_expr(c.key);
                self.expr_box(c.value);
                self.close_scope();
            }
            Expr::Generator(g) => {
                self.enc.kind(NodeKind::ExprGenerator);
                self.comprehensions(g.generators);
                self.expr_box(g.elt);
                self.close_scope();
            }
            Expr::Await(a) => {
                self.enc.kind(NodeKind::ExprAwait);
                self.expr_box(a.value);
            }
            Expr::Yield(y) => {
                self.enc.kind(NodeKind::ExprYield);
                self.opt_expr(y.value);
            }
            Expr::YieldFrom(y) => {
                self.enc.kind(NodeKind::ExprYieldFrom);
                self.expr_box(y.value);
            }
            Expr::Compare(c) => {
                self.enc.kind(NodeKind::ExprCompare);
                self.expr_box(c.left);
                self.enc.len(c.ops.len());
                for op in &c.ops {
                    self.enc.byte(*op as u8);
                }
                self.exprs(c.comparators.into_vec());
            }
            Expr::FString(mut f) => self.fstring(&mut f),
            Expr::TString(mut t) => {
                self.enc.kind(NodeKind::ExprTString);
                for part in t.value.iter_mut() {
                    self.enc.byte(1);
                    self.interpolated(&mut part.elements);
                }
                self.enc.byte(0);
            }
            // Implicitly concatenated literals (`'a' 'b'`, a wrapped line) hash as their value.
            Expr::StringLiteral(s) => {
                self.enc.kind(NodeKind::ExprStringLiteral);
                self.enc
                    .literal_parts(s.value.iter().map(|part| part.value.as_bytes()));
            }
            Expr::BytesLiteral(b) => {
                self.enc.kind(NodeKind::ExprBytesLiteral);
                self.enc
                    .literal_parts(b.value.iter().map(|part| &*part.value));
            }
            Expr::NumberLiteral(n) => {
                self.enc.kind(NodeKind::ExprNumberLiteral);
                match &n.value {
                    Number::Int(i) => {
                        self.enc.byte(0);
                        self.enc.int(i);
                    }
                    Number::Float(f) => {
                        self.enc.byte(1);
                        self.enc.u64(f.to_bits());
                    }
                    Number::Complex { real, imag } => {
                        self.enc.byte(2);
                        self.enc.u64(real.to_bits());
                        self.enc.u64(imag.to_bits());
                    }
                }
            }
            Expr::BooleanLiteral(b) => {
                self.enc.kind(NodeKind::ExprBooleanLiteral);
                self.enc.flag(b.value);
            }
            Expr::NoneLiteral(_) => self.enc.kind(NodeKind::ExprNoneLiteral),
            Expr::EllipsisLiteral(_) => self.enc.kind(NodeKind::ExprEllipsisLiteral),
            Expr::Subscript(s) => {
                self.enc.kind(NodeKind::ExprSubscript);
                self.expr_box(s.value);
                self.expr_box(s.slice);
            }
            Expr::Starred(s) => {
                self.enc.kind(NodeKind::ExprStarred);
                self.expr_box(s.value);
            }
            Expr::List(l) => {
                self.enc.kind(NodeKind::ExprList);
                self.exprs(l.elts);
            }
            Expr::Tuple(t) => {
                self.enc.kind(NodeKind::ExprTuple);
                self.exprs(t.elts);
            }
            Expr::Slice(s) => {
                self.enc.kind(NodeKind::ExprSlice);
                self.opt_expr(s.lower);
                self.opt_expr(s.upper);
                self.opt_expr(s.step);
            }
            Expr::IpyEscapeCommand(c) => {
                self.enc.kind(NodeKind::ExprIpyEscapeCommand);
                self.enc.byte(c.kind as u8);
                self.enc.literal(c.value.as_bytes());
            }
        }
    }

    fn pattern(&mut self, pattern: Pattern) {
        self.depth += 1;
        descend(self.depth, || self.pattern_inner(pattern));
        self.depth -= 1;
    }

    fn patterns(
        &mut self,
        patterns: impl IntoIterator<Item = Pattern, IntoIter: ExactSizeIterator>,
    ) {
        let patterns = patterns.into_iter();
        self.enc.len(patterns.len());
        for p in patterns {
            self.pattern(p);
        }
    }

    fn pattern_inner(&mut self, pattern: Pattern) {
        match pattern {
            Pattern::MatchValue(v) => {
                self.enc.kind(NodeKind::PatternMatchValue);
                self.expr_box(v.value);
            }
            Pattern::MatchSingleton(s) => {
                self.enc.kind(NodeKind::PatternMatchSingleton);
                self.enc.byte(s.value as u8);
            }
            Pattern::MatchSequence(s) => {
                self.enc.kind(NodeKind::PatternMatchSequence);
                self.patterns(s.patterns);
            }
            Pattern::MatchMapping(m) => {
                self.enc.kind(NodeKind::PatternMatchMapping);
                self.exprs(m.keys);
                self.patterns(m.patterns);
                if let Some(rest) = &m.rest {
                    self.track_binding(rest.id.as_str());
                }
                self.opt_ident(m.rest.as_ref());
            }
            Pattern::MatchClass(c) => {
                self.enc.kind(NodeKind::PatternMatchClass);
                self.expr_box(c.cls);
                self.patterns(c.arguments.patterns);
                self.enc.len(c.arguments.keywords.len());
                for k in c.arguments.keywords {
                    self.enc.ident(k.attr.id.as_str());
                    self.pattern(k.pattern);
                }
            }
            Pattern::MatchStar(s) => {
                self.enc.kind(NodeKind::PatternMatchStar);
                if let Some(name) = &s.name {
                    self.track_binding(name.id.as_str());
                }
                self.opt_ident(s.name.as_ref());
            }
            Pattern::MatchAs(a) => {
                self.enc.kind(NodeKind::PatternMatchAs);
                self.enc.flag(a.pattern.is_some());
                if let Some(p) = a.pattern {
                    self.pattern(*p);
                }
                if let Some(name) = &a.name {
                    self.track_binding(name.id.as_str());
                }
                self.opt_ident(a.name.as_ref());
            }
            Pattern::MatchOr(o) => {
                self.enc.kind(NodeKind::PatternMatchOr);
                self.patterns(o.patterns);
            }
        }
    }

    /// An f-string as the value Python builds: implicitly concatenated parts and literal
    /// elements are joined (`"a" f"b{x}"` is `f"ab{x}"`), and a debug specifier is its text
    /// plus a `repr` conversion unless another conversion or a format spec is given
    /// (`f"{x=}"` is `f"x={x!r}"`), as in Python's own `ast`.
    fn fstring(&mut self, f: &mut ast::ExprFString) {
        self.enc.kind(NodeKind::ExprFString);
        let mark = self.literal.len();
        for part in f.value.iter_mut() {
            match part {
                ast::FStringPart::Literal(s) => self.literal.push_str(&s.value),
                ast::FStringPart::FString(f) => self.fstring_elements(&mut f.elements, mark),
            }
        }
        self.fstring_literal(mark);
        self.enc.byte(0xFF);
    }

    /// The elements of a t-string part or of a format spec, then their end.
    fn interpolated(&mut self, elements: &mut ast::InterpolatedStringElements) {
        let mark = self.literal.len();
        self.fstring_elements(elements, mark);
        self.fstring_literal(mark);
        self.enc.byte(0xFF);
    }

    /// Elements whose literal text gathers in `self.literal` from `mark` on.
    fn fstring_elements(&mut self, elements: &mut ast::InterpolatedStringElements, mark: usize) {
        for element in elements {
            let e = match element {
                ast::InterpolatedStringElement::Literal(l) => {
                    self.literal.push_str(&l.value);
                    continue;
                }
                ast::InterpolatedStringElement::Interpolation(e) => e,
            };
            let mut conversion = e.conversion;
            if let Some(debug) = &e.debug_text {
                self.literal.push_str(debug.as_str());
                if conversion == ast::ConversionFlag::None && e.format_spec.is_none() {
                    conversion = ast::ConversionFlag::Repr;
                }
            }
            self.fstring_literal(mark);
            self.enc.kind(NodeKind::InterpolatedElement);
            self.enc.byte(conversion as i8 as u8);
            self.lent_expr(&mut e.expression);
            self.enc.flag(e.format_spec.is_some());
            if let Some(spec) = &mut e.format_spec {
                self.interpolated(&mut spec.elements);
            }
        }
    }

    /// The literal text gathered since `mark`, if any, as one element.
    fn fstring_literal(&mut self, mark: usize) {
        if self.literal.len() > mark {
            self.enc.kind(NodeKind::InterpolatedStringLiteralElement);
            self.enc.literal(&self.literal.as_bytes()[mark..]);
            self.literal.truncate(mark);
        }
    }
}
