//! Structural fingerprints of function and class bodies, for duplicate-body detection.
//!
//! One source-order walk feeds two hashers: `hash` sees node kinds, operators, literals and
//! identifiers; `hash_renamed` sees the same but with every identifier replaced by the index of
//! its first occurrence (alpha-renaming), so a copy whose names were consistently renamed hashes
//! the same. Ranges, comments, formatting and docstrings never reach either hasher.

use std::hash::{Hash, Hasher};

use ruff_python_ast::visitor::source_order::{
    walk_expr, walk_stmt, SourceOrderVisitor, TraversalSignal,
};
use ruff_python_ast::{self as ast, helpers::is_docstring_stmt, AnyNodeRef, Expr, Number, Stmt};
use rustc_hash::{FxHashMap, FxHashSet};
use xxhash_rust::xxh3::Xxh3;

use super::{STACK_RED_ZONE, STACK_SEGMENT};

pub(super) struct Fingerprint {
    pub statements: u32,
    pub hash: u64,
    pub hash_renamed: u64,
}

/// Fingerprints a `def` or `class` statement: its signature (parameters and return annotation,
/// or bases) and its body, without its own name, decorators or docstring.
pub(super) fn fingerprint(def: &Stmt, body: &[Stmt]) -> Fingerprint {
    let mut h = BodyHasher::default();
    match def {
        Stmt::FunctionDef(f) => {
            h.both(|s| f.is_async.hash(s));
            h.visit_parameters(&f.parameters);
            if let Some(r) = &f.returns {
                h.visit_annotation(r);
            }
        }
        Stmt::ClassDef(c) => {
            if let Some(args) = &c.arguments {
                h.visit_arguments(args);
            }
        }
        _ => {}
    }
    h.both(|s| s.write_u8(0xFE));
    h.skip_docstring(body);
    h.statements = 0;
    for stmt in body {
        h.visit_stmt(stmt);
    }
    Fingerprint {
        statements: h.statements,
        hash: h.exact.finish(),
        hash_renamed: h.renamed.finish(),
    }
}

#[derive(Default)]
struct BodyHasher<'a> {
    exact: Xxh3,
    renamed: Xxh3,
    names: FxHashMap<&'a str, u32>,
    /// Docstring statements to skip, by address (compared, never dereferenced).
    docstrings: FxHashSet<*const ast::StmtExpr>,
    statements: u32,
}

impl<'a> BodyHasher<'a> {
    fn both(&mut self, f: impl Fn(&mut Xxh3)) {
        f(&mut self.exact);
        f(&mut self.renamed);
    }

    fn skip_docstring(&mut self, body: &'a [Stmt]) {
        if let Some(first) = body.first() {
            if let (true, Stmt::Expr(e)) = (is_docstring_stmt(first), first) {
                self.docstrings.insert(e as *const ast::StmtExpr);
            }
        }
    }

    fn identifier(&mut self, name: &'a str) {
        self.exact.write(name.as_bytes());
        self.exact.write_u8(0xFF);
        let next = self.names.len() as u32;
        let index = *self.names.entry(name).or_insert(next);
        self.renamed.write_u32(index);
    }

    fn literal(&mut self, bytes: &[u8]) {
        self.both(|s| {
            s.write_usize(bytes.len());
            s.write(bytes);
        });
    }
}

impl<'a> SourceOrderVisitor<'a> for BodyHasher<'a> {
    fn enter_node(&mut self, node: AnyNodeRef<'a>) -> TraversalSignal {
        if let AnyNodeRef::StmtExpr(e) = node {
            if self.docstrings.contains(&(e as *const ast::StmtExpr)) {
                return TraversalSignal::Skip;
            }
        }
        if node.is_statement() {
            self.statements += 1;
        }
        self.both(|s| node.kind().hash(s));
        match node {
            AnyNodeRef::StmtFunctionDef(f) => {
                self.both(|s| f.is_async.hash(s));
                self.skip_docstring(&f.body);
            }
            AnyNodeRef::StmtClassDef(c) => self.skip_docstring(&c.body),
            AnyNodeRef::StmtFor(f) => self.both(|s| f.is_async.hash(s)),
            AnyNodeRef::StmtWith(w) => self.both(|s| w.is_async.hash(s)),
            AnyNodeRef::StmtTry(t) => self.both(|s| t.is_star.hash(s)),
            AnyNodeRef::StmtImportFrom(i) => self.both(|s| i.level.hash(s)),
            AnyNodeRef::StmtAugAssign(a) => self.both(|s| a.op.hash(s)),
            AnyNodeRef::ExprBinOp(b) => self.both(|s| b.op.hash(s)),
            AnyNodeRef::ExprUnaryOp(u) => self.both(|s| u.op.hash(s)),
            AnyNodeRef::ExprBoolOp(b) => self.both(|s| b.op.hash(s)),
            AnyNodeRef::ExprCompare(c) => self.both(|s| c.ops.hash(s)),
            AnyNodeRef::Comprehension(c) => self.both(|s| c.is_async.hash(s)),
            AnyNodeRef::Parameters(p) => self.both(|s| {
                p.posonlyargs.len().hash(s);
                p.args.len().hash(s);
                p.kwonlyargs.len().hash(s);
                p.vararg.is_some().hash(s);
                p.kwarg.is_some().hash(s);
            }),
            AnyNodeRef::Identifier(id) => self.identifier(id.id.as_str()),
            AnyNodeRef::ExprName(n) => self.identifier(n.id.as_str()),
            // Implicitly concatenated literals (`'a' 'b'`, a wrapped line) hash as their value.
            AnyNodeRef::ExprStringLiteral(s) => {
                self.literal(s.value.to_str().as_bytes());
                return TraversalSignal::Skip;
            }
            AnyNodeRef::ExprBytesLiteral(b) => {
                let value: Vec<u8> = b.value.bytes().collect();
                self.literal(&value);
                return TraversalSignal::Skip;
            }
            AnyNodeRef::InterpolatedElement(e) => self.both(|s| {
                (e.conversion as i8).hash(s);
                e.debug_text.is_some().hash(s);
            }),
            AnyNodeRef::InterpolatedStringLiteralElement(e) => self.literal(e.value.as_bytes()),
            AnyNodeRef::ExprBooleanLiteral(b) => self.both(|s| b.value.hash(s)),
            AnyNodeRef::ExprNumberLiteral(n) => match &n.value {
                Number::Int(i) => self.literal(i.to_string().as_bytes()),
                Number::Float(f) => self.both(|s| f.to_bits().hash(s)),
                Number::Complex { real, imag } => self.both(|s| {
                    real.to_bits().hash(s);
                    imag.to_bits().hash(s);
                }),
            },
            _ => {}
        }
        TraversalSignal::Traverse
    }

    fn leave_node(&mut self, node: AnyNodeRef<'a>) {
        // `leave_node` runs for skipped nodes too.
        if let AnyNodeRef::StmtExpr(e) = node {
            if self.docstrings.contains(&(e as *const ast::StmtExpr)) {
                return;
            }
        }
        self.both(|s| s.write_u8(0xFF));
    }

    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        stacker::maybe_grow(STACK_RED_ZONE, STACK_SEGMENT, || walk_stmt(self, stmt));
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        stacker::maybe_grow(STACK_RED_ZONE, STACK_SEGMENT, || walk_expr(self, expr));
    }
}
