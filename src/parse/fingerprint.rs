//! Structural fingerprints of function and class bodies, for duplicate-body detection.
//!
//! A definition's token stream holds node kinds, operators, literals and identifiers;
//! `hash_renamed` hashes it with every identifier replaced by the index of its first occurrence
//! (alpha-renaming), so a copy whose names were consistently renamed hashes the same, and `hash`
//! hashes the same bytes followed by the names in order of first occurrence (which together
//! determine the stream with the names in place).
//! Ranges, comments, formatting and docstrings never reach the stream.
//!
//! One walk per outermost definition: the stream of a nested definition is a part of its
//! parent's stream (its signature and its body), so the walk notes where those parts lie and
//! every nested definition is hashed from slices of the one stream, never walked again.

use std::hash::{Hash, Hasher};

use ruff_python_ast::visitor::source_order::{
    walk_expr, walk_stmt, SourceOrderVisitor, TraversalSignal,
};
use ruff_python_ast::{
    self as ast, helpers::is_docstring_stmt, AnyNodeRef, Expr, NodeKind, Number, Stmt,
};
use rustc_hash::FxHashMap;
use xxhash_rust::xxh3::{xxh3_64, Xxh3};

use super::descend;

#[derive(Clone, Copy)]
pub(super) struct Fingerprint {
    pub statements: u32,
    pub hash: u64,
    pub hash_renamed: u64,
}

const NO_FINGERPRINT: Fingerprint = Fingerprint {
    statements: 0,
    hash: 0,
    hash_renamed: 0,
};

/// The fingerprints of one file's definitions, computed one outermost definition at a time.
#[derive(Default)]
pub(super) struct Fingerprints<'a> {
    /// Definitions fingerprinted along with an enclosing one, by the offset where they start.
    nested: FxHashMap<u32, Fingerprint>,
    renamer: Renamer,
    /// The walk of one outermost definition; its buffers are reused by the next one.
    walk: BodyHasher<'a>,
}

impl<'a> Fingerprints<'a> {
    /// Fingerprints whose stream and identifier buffers are `buffers` (see [`Self::into_buffers`]).
    pub(super) fn with_buffers(buffers: (Vec<u8>, Vec<(u32, u32)>)) -> Self {
        let mut f = Fingerprints::default();
        (f.walk.stream.0, f.walk.idents) = buffers;
        f
    }

    /// The stream and identifier buffers, emptied, for the next file.
    pub(super) fn into_buffers(self) -> (Vec<u8>, Vec<(u32, u32)>) {
        let (mut stream, mut idents) = (self.walk.stream.0, self.walk.idents);
        stream.clear();
        idents.clear();
        (stream, idents)
    }

    /// Fingerprints a `def` or `class` statement: its signature (parameters and return
    /// annotation, or bases) and its body, without its own name, decorators or docstring.
    /// Definitions nested in it are fingerprinted in the same walk and kept for later calls.
    pub(super) fn of(&mut self, def: &'a Stmt) -> Fingerprint {
        let def = match def {
            Stmt::FunctionDef(f) => Def::Function(f),
            Stmt::ClassDef(c) => Def::Class(c),
            _ => return NO_FINGERPRINT,
        };
        if let Some(fp) = self.nested.remove(&def.start()) {
            return fp;
        }
        let walk = &mut self.walk;
        walk.clear();
        walk.definition(def);
        let mut own = NO_FINGERPRINT;
        for at in 0..walk.defs.len() {
            let part = walk.defs[at];
            let fp = part.fingerprint(walk, &mut self.renamer);
            if part.start == def.start() {
                own = fp;
            } else {
                self.nested.insert(part.start, fp);
            }
        }
        own
    }
}

#[derive(Clone, Copy)]
enum Def<'a> {
    Function(&'a ast::StmtFunctionDef),
    Class(&'a ast::StmtClassDef),
}

impl Def<'_> {
    fn start(self) -> u32 {
        match self {
            Def::Function(f) => f.range.start().to_u32(),
            Def::Class(c) => c.range.start().to_u32(),
        }
    }
}

#[derive(Clone, Copy)]
/// Where one definition's own stream lies in the walk's stream: an optional prefix byte (a
/// function's `async`), the signature, a separator and the body.
struct DefParts {
    start: u32,
    prefix: Option<u8>,
    signature: (usize, usize),
    body: (usize, usize),
    statements: u32,
}

impl DefParts {
    /// Identifiers sit in the stream as 4-byte slots. `hash_renamed` hashes the definition's
    /// stream with every slot holding the index of the identifier's first occurrence in the
    /// definition (alpha-renaming); `hash` hashes the same bytes followed by the names in order
    /// of first occurrence, which together determine the stream with the names themselves.
    /// Slots are rewritten in place: every definition rewrites all of its own slots first.
    fn fingerprint(&self, walk: &mut BodyHasher, renamer: &mut Renamer) -> Fingerprint {
        renamer.start(walk.symbols.len());
        for (from, to) in [self.signature, self.body] {
            let lo = walk
                .idents
                .partition_point(|&(pos, _)| (pos as usize) < from);
            let hi = walk.idents.partition_point(|&(pos, _)| (pos as usize) < to);
            for &(pos, symbol) in &walk.idents[lo..hi] {
                let at = pos as usize;
                let index = renamer.index(symbol);
                walk.stream.0[at..at + 4].copy_from_slice(&index.to_le_bytes());
            }
        }
        let stream = &walk.stream.0;
        let mut h = Xxh3::new();
        if let Some(p) = self.prefix {
            h.update(&[p]);
        }
        h.update(&stream[self.signature.0..self.signature.1]);
        h.update(&[0xFE]);
        h.update(&stream[self.body.0..self.body.1]);
        let hash_renamed = h.digest();
        for &symbol in &renamer.order {
            let name = walk.symbols[symbol as usize];
            h.update(&(name.len() as u32).to_le_bytes());
            h.update(name.as_bytes());
        }
        Fingerprint {
            statements: self.statements,
            hash: h.digest(),
            hash_renamed,
        }
    }
}

/// First-occurrence indices of symbols within one definition, reset in O(1) between definitions.
#[derive(Default)]
struct Renamer {
    generation: u32,
    seen: Vec<(u32, u32)>,
    /// The symbols in order of first occurrence.
    order: Vec<u32>,
}

impl Renamer {
    fn start(&mut self, symbols: usize) {
        self.generation += 1;
        self.order.clear();
        if self.seen.len() < symbols {
            self.seen.resize(symbols, (0, 0));
        }
    }

    fn index(&mut self, symbol: u32) -> u32 {
        let slot = &mut self.seen[symbol as usize];
        if slot.0 != self.generation {
            *slot = (self.generation, self.order.len() as u32);
            self.order.push(symbol);
        }
        slot.1
    }
}

/// The token stream, as a `Hasher` so that node data can be written with `Hash::hash`.
#[derive(Default)]
struct Stream(Vec<u8>);

impl Hasher for Stream {
    fn write(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }

    /// Not used on the hot path (`DefParts::fingerprint` hashes slices of the stream), but a
    /// meaningful value rather than a panic.
    fn finish(&self) -> u64 {
        xxh3_64(&self.0)
    }
}

/// A name as a map key: its bytes when it fits in 8 (identifiers hold no NUL byte, so padding
/// with zeros keeps them apart), else its 64-bit hash with the top bit set.
#[inline]
fn name_key(name: &str) -> u64 {
    let bytes = name.as_bytes();
    if bytes.len() <= 8 {
        // Byte by byte: a variable-length copy would be a `memcpy` call per identifier.
        bytes
            .iter()
            .rev()
            .fold(0, |word, &b| word << 8 | u64::from(b))
    } else {
        xxh3_64(bytes) | 1 << 63
    }
}

#[derive(Default)]
struct BodyHasher<'a> {
    stream: Stream,
    /// Identifier slots: stream position and symbol.
    idents: Vec<(u32, u32)>,
    /// Symbols of this walk by [`name_key`], and the name of each.
    names: FxHashMap<u64, u32>,
    symbols: Vec<&'a str>,
    statements: u32,
    /// Every definition met, the outermost first.
    defs: Vec<DefParts>,
    /// Scratch buffer for integer literals.
    digits: String,
    /// Nesting depth of the walk: the stack is checked every few levels, not at every node.
    depth: u32,
}

impl<'a> BodyHasher<'a> {
    fn clear(&mut self) {
        self.stream.0.clear();
        self.idents.clear();
        self.names.clear();
        self.symbols.clear();
        self.statements = 0;
        self.defs.clear();
        self.depth = 0;
    }

    fn position(&self) -> usize {
        self.stream.0.len()
    }

    /// Writes the children of a `def` or `class` in source order (as `visit_source_order`
    /// does), noting where its signature and body lie. The docstring is left out.
    fn definition(&mut self, def: Def<'a>) {
        let (decorators, name, type_params, body) = match def {
            Def::Function(f) => (&f.decorator_list, &f.name, &f.type_params, &f.body),
            Def::Class(c) => (&c.decorator_list, &c.name, &c.type_params, &c.body),
        };
        for d in decorators {
            self.visit_decorator(d);
        }
        self.visit_identifier(name);
        if let Some(t) = type_params {
            self.visit_type_params(t);
        }
        let body = match body.split_first() {
            Some((first, rest)) if is_docstring_stmt(first) => rest,
            _ => &body[..],
        };
        let from = self.position();
        let prefix = match def {
            Def::Function(f) => {
                self.visit_parameters(&f.parameters);
                if let Some(r) = &f.returns {
                    self.visit_annotation(r);
                }
                Some(u8::from(f.is_async))
            }
            Def::Class(c) => {
                // `class A():` is `class A:`.
                if let Some(args) = c.arguments.as_deref().filter(|a| !a.is_empty()) {
                    self.visit_arguments(args);
                }
                None
            }
        };
        let at = self.defs.len();
        self.defs.push(DefParts {
            start: def.start(),
            prefix,
            signature: (from, self.position()),
            body: (0, 0),
            statements: 0,
        });
        let (from, statements) = (self.position(), self.statements);
        self.visit_body(body);
        let to = self.position();
        let part = &mut self.defs[at];
        part.body = (from, to);
        part.statements = self.statements - statements;
    }

    fn identifier(&mut self, name: &'a str) {
        let next = self.symbols.len() as u32;
        let symbol = *self.names.entry(name_key(name)).or_insert(next);
        if symbol == next {
            self.symbols.push(name);
        }
        self.idents.push((self.position() as u32, symbol));
        self.stream.0.extend_from_slice(&[0; 4]);
    }

    fn literal(&mut self, bytes: &[u8]) {
        self.stream.write_usize(bytes.len());
        self.stream.write(bytes);
    }

    fn integer(&mut self, value: &ast::Int) {
        use std::fmt::Write;
        let mut digits = std::mem::take(&mut self.digits);
        digits.clear();
        let _ = write!(digits, "{value}");
        // An integer too large for 64 bits keeps its source text (`0xFF_FF...`): hash its value.
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            if let Some(decimal) = big_decimal(&digits) {
                digits = decimal;
            }
        }
        self.literal(digits.as_bytes());
        self.digits = digits;
    }

    /// An f-string as the value Python builds: implicitly concatenated parts and literal
    /// elements are joined (`"a" f"b{x}"` is `f"ab{x}"`), and a debug specifier is its text
    /// plus a `repr` conversion unless another conversion or a format spec is given
    /// (`f"{x=}"` is `f"x={x!r}"`), as in Python's own `ast`.
    fn fstring(&mut self, f: &'a ast::ExprFString) {
        let mut pending = String::new();
        for part in f.value.iter() {
            match part {
                ast::FStringPart::Literal(s) => pending.push_str(&s.value),
                ast::FStringPart::FString(f) => self.fstring_elements(&f.elements, &mut pending),
            }
        }
        self.fstring_literal(&mut pending);
    }

    fn fstring_elements(
        &mut self,
        elements: &'a ast::InterpolatedStringElements,
        pending: &mut String,
    ) {
        for element in elements {
            let e = match element {
                ast::InterpolatedStringElement::Literal(l) => {
                    pending.push_str(&l.value);
                    continue;
                }
                ast::InterpolatedStringElement::Interpolation(e) => e,
            };
            let mut conversion = e.conversion;
            if let Some(debug) = &e.debug_text {
                pending.push_str(debug.as_str());
                if conversion == ast::ConversionFlag::None && e.format_spec.is_none() {
                    conversion = ast::ConversionFlag::Repr;
                }
            }
            self.fstring_literal(pending);
            self.stream.write_u8(NodeKind::InterpolatedElement as u8);
            (conversion as i8).hash(&mut self.stream);
            self.visit_expr(&e.expression);
            if let Some(spec) = &e.format_spec {
                self.stream
                    .write_u8(NodeKind::InterpolatedStringFormatSpec as u8);
                let mut inner = String::new();
                self.fstring_elements(&spec.elements, &mut inner);
                self.fstring_literal(&mut inner);
                self.stream.write_u8(0xFF);
            }
            self.stream.write_u8(0xFF);
        }
    }

    /// The literal text of an f-string gathered so far, if any, as one element.
    fn fstring_literal(&mut self, pending: &mut String) {
        if !pending.is_empty() {
            self.stream
                .write_u8(NodeKind::InterpolatedStringLiteralElement as u8);
            self.literal(pending.as_bytes());
            self.stream.write_u8(0xFF);
            pending.clear();
        }
    }
}

/// The decimal digits of an integer literal in any base (`0x1F`, `0o17`, `0b1`, `1_000`).
fn big_decimal(token: &str) -> Option<String> {
    let token = token.to_ascii_lowercase();
    let (radix, digits) = match token.get(..2) {
        Some("0x") => (16, &token[2..]),
        Some("0o") => (8, &token[2..]),
        Some("0b") => (2, &token[2..]),
        _ => (10, &token[..]),
    };
    // Little-endian limbs of nine decimal digits.
    const LIMB: u64 = 1_000_000_000;
    let mut limbs: Vec<u64> = vec![0];
    for c in digits.chars().filter(|&c| c != '_') {
        let mut carry = u64::from(c.to_digit(radix)?);
        for limb in &mut limbs {
            let v = *limb * u64::from(radix) + carry;
            *limb = v % LIMB;
            carry = v / LIMB;
        }
        if carry > 0 {
            limbs.push(carry);
        }
    }
    let mut out = String::new();
    for (i, limb) in limbs.iter().rev().enumerate() {
        if i == 0 {
            out.push_str(&limb.to_string());
        } else {
            out.push_str(&format!("{limb:09}"));
        }
    }
    Some(out)
}

impl<'a> SourceOrderVisitor<'a> for BodyHasher<'a> {
    fn enter_node(&mut self, node: AnyNodeRef<'a>) -> TraversalSignal {
        if node.is_statement() {
            self.statements += 1;
        }
        // One byte per node kind (fewer than 255 kinds; 0xFF closes a node, 0xFE separates a
        // signature from a body).
        self.stream.write_u8(node.kind() as u8);
        let s = &mut self.stream;
        match node {
            AnyNodeRef::StmtFunctionDef(f) => {
                f.is_async.hash(s);
                // Walks the children itself, to note where the nested definition lies.
                self.definition(Def::Function(f));
                return TraversalSignal::Skip;
            }
            AnyNodeRef::StmtClassDef(c) => {
                self.definition(Def::Class(c));
                return TraversalSignal::Skip;
            }
            AnyNodeRef::StmtFor(f) => f.is_async.hash(s),
            AnyNodeRef::StmtWith(w) => w.is_async.hash(s),
            AnyNodeRef::StmtTry(t) => t.is_star.hash(s),
            AnyNodeRef::StmtImportFrom(i) => i.level.hash(s),
            AnyNodeRef::StmtAugAssign(a) => a.op.hash(s),
            // `(x): int = 1` is not `x: int = 1`: it records no annotation.
            AnyNodeRef::StmtAnnAssign(a) => a.simple.hash(s),
            AnyNodeRef::ExprBinOp(b) => b.op.hash(s),
            AnyNodeRef::ExprUnaryOp(u) => u.op.hash(s),
            AnyNodeRef::ExprBoolOp(b) => b.op.hash(s),
            AnyNodeRef::ExprCompare(c) => c.ops.hash(s),
            AnyNodeRef::Comprehension(c) => c.is_async.hash(s),
            AnyNodeRef::Parameters(p) => {
                p.posonlyargs.len().hash(s);
                p.args.len().hash(s);
                p.kwonlyargs.len().hash(s);
                p.vararg.is_some().hash(s);
                p.kwarg.is_some().hash(s);
            }
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
            AnyNodeRef::ExprFString(f) => {
                self.fstring(f);
                return TraversalSignal::Skip;
            }
            AnyNodeRef::InterpolatedElement(e) => {
                (e.conversion as i8).hash(s);
                e.debug_text.is_some().hash(s);
            }
            AnyNodeRef::InterpolatedStringLiteralElement(e) => self.literal(e.value.as_bytes()),
            AnyNodeRef::ExprBooleanLiteral(b) => b.value.hash(s),
            AnyNodeRef::ExprNumberLiteral(n) => match &n.value {
                Number::Int(i) => self.integer(i),
                Number::Float(f) => f.to_bits().hash(s),
                Number::Complex { real, imag } => {
                    real.to_bits().hash(s);
                    imag.to_bits().hash(s);
                }
            },
            _ => {}
        }
        TraversalSignal::Traverse
    }

    fn leave_node(&mut self, _: AnyNodeRef<'a>) {
        // Runs for skipped nodes too.
        self.stream.write_u8(0xFF);
    }

    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        self.depth += 1;
        descend(self.depth, || walk_stmt(self, stmt));
        self.depth -= 1;
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        self.depth += 1;
        descend(self.depth, || walk_expr(self, expr));
        self.depth -= 1;
    }
}

#[cfg(test)]
mod tests {
    use crate::facts::BodyFingerprint;

    fn bodies(src: &str) -> Vec<BodyFingerprint> {
        crate::parse::extract(src).expect("parses").bodies
    }

    fn key(b: &BodyFingerprint) -> (u32, u64, u64) {
        (b.statements, b.hash, b.hash_renamed)
    }

    /// Nested definitions are hashed from slices of their parent's walk: they must come out as
    /// if they had been walked on their own.
    #[test]
    fn nested_definitions_hash_as_if_alone() {
        let alone = bodies(
            "async def run(self, n: int = 2) -> int:\n    '''Doc.'''\n    total = n\n    for i in range(n):\n        total += self.step(i)\n    return total\n",
        );
        let nested = bodies(
            "@decorator\nclass Outer(Base):\n    '''Doc.'''\n    limit = 3\n\n    class Inner:\n        @staticmethod\n        async def run(self, n: int = 2) -> int:\n            total = n\n            for i in range(n):\n                total += self.step(i)\n            return total\n\n    def helper(self):\n        def run(self, n: int = 2) -> int:\n            total = n\n            return total\n        return run\n",
        );
        let quals: Vec<_> = nested.iter().map(|b| b.qualname.as_str()).collect();
        assert_eq!(
            quals,
            [
                "Outer",
                "Outer.Inner",
                "Outer.Inner.run",
                "Outer.helper",
                "Outer.helper.run"
            ]
        );
        assert_eq!(key(&nested[2]), key(&alone[0]));
        assert_eq!(alone[0].statements, 4);
        // Not async, and a different body: different hashes.
        assert_ne!(nested[4].hash, alone[0].hash);
        // A class and a function with the same (empty) signature and body differ only by the
        // function's `async` flag byte: classes and functions never collide.
        let (c, f) = (
            bodies("class A:\n    x = 1\n"),
            bodies("def a():\n    x = 1\n"),
        );
        assert_ne!(c[0].hash, f[0].hash);
    }

    /// Literals hash as the value Python builds (found by the oracle, tests/oracle.rs).
    #[test]
    fn fstrings_and_big_integers_hash_as_their_value() {
        let hash = |expr: &str| bodies(&format!("def f(x):\n    return {expr}\n"))[0].hash;
        let same = [
            (r#"f"a" f"b{x}""#, r#"f"ab{x}""#),
            (r#""a" f"b{x}" 'c'"#, r#"f'ab{x}c'"#),
            (r#"f"{x=}""#, r#"f"x={x!r}""#),
            (r#"f"{x = :>4}""#, r#"f"x = {x:>4}""#),
            (r#"f"{x=!s}""#, r#"f"x={x!s}""#),
            ("0xFFFFFFFFFFFFFFFFFFFF", "1208925819614629174706175"),
            (
                "0b1_0000000000000000000000000000000000000000000000000000000000000000",
                "18446744073709551616",
            ),
        ];
        for (a, b) in same {
            assert_eq!(hash(a), hash(b), "{a} == {b}");
        }
        let different = [
            (r#"f"{x=}""#, r#"f"{x = }""#),
            (r#"f"{x+1=}""#, r#"f"{x + 1=}""#),
            (r#"f"{x:}""#, r#"f"{x}""#),
            (r#"f"{x:{x}}""#, r#"f"{x}{x}""#),
            (r#"f"{x}a""#, r#"f"{x:a}""#),
            (r#"f"{{a}}""#, r#""{a}""#),
            (r#"f"{x!r}""#, r#"f"{x!s}""#),
            ("0xFFFFFFFFFFFFFFFFFFFF", "1208925819614629174706176"),
        ];
        for (a, b) in different {
            assert_ne!(hash(a), hash(b), "{a} != {b}");
        }
    }

    #[test]
    fn empty_class_parentheses_do_not_matter() {
        let hash = |head: &str| bodies(&format!("{head}\n    x = 1\n"))[0].hash;
        assert_eq!(hash("class A:"), hash("class A():"));
        assert_ne!(hash("class A:"), hash("class A(object):"));
    }

    /// A parenthesized annotated target records no annotation (Python's `simple` flag).
    #[test]
    fn parenthesized_annotated_targets_differ() {
        let hash = |stmt: &str| bodies(&format!("class C:\n    {stmt}\n"))[0].hash;
        assert_ne!(hash("x: int = 1"), hash("(x): int = 1"));
        assert_eq!(hash("(x): int = 1"), hash("( x ): int = 1"));
    }

    #[test]
    fn parent_hash_covers_nested_definitions() {
        let a = bodies("class A:\n    def m(self):\n        return 1\n");
        let b = bodies("class A:\n    def m(self):\n        return 2\n");
        let c = bodies("class B:\n    def n(this):\n        return 1\n");
        assert_ne!(a[0].hash, b[0].hash);
        assert_ne!(a[0].hash_renamed, b[0].hash_renamed);
        // Renaming the method and its parameter: the same class with `hash_renamed` only.
        assert_ne!(a[0].hash, c[0].hash);
        assert_eq!(a[0].hash_renamed, c[0].hash_renamed);
        assert_eq!(key(&a[1]).2, key(&c[1]).2);
        // Renaming is per definition: names are numbered from each definition's own start.
        let d = bodies("def f(x):\n    def g(y):\n        return y\n    return x\n");
        let same = bodies("def g(y):\n    return y\n");
        let renamed = bodies("def g(z):\n    return z\n");
        assert_eq!(key(&d[1]), key(&same[0]));
        assert_ne!(d[1].hash, renamed[0].hash);
        assert_eq!(d[1].hash_renamed, renamed[0].hash_renamed);
    }
}
