//! Structural fingerprints of function and class bodies, for duplicate-body detection.
//!
//! The walk in `visitor.rs` writes every node it visits into one byte stream per file (an
//! [`Encoder`]): a byte for the node's kind, its scalar attributes (operators, flags, literal
//! values), then its children in a fixed order, with the length of every list and a presence
//! byte for every optional child. The stream is thus a prefix code of the tree: two subtrees
//! write the same bytes exactly when they are the same tree, up to what Python's own `ast`
//! ignores as well (positions, comments, formatting, parentheses, string prefixes and quotes,
//! how a literal is spelled, `elif` against `else: if`, where keyword arguments sit among the
//! positional ones). Docstrings are left out by the walk.
//!
//! A definition's fingerprint hashes the part of the stream that holds its signature (a
//! function's parameters and return annotation, a class's bases and keywords) and its body;
//! nested definitions are parts of their parent's part, so one walk hashes them all.
//! `hash` hashes those bytes as they are; `hash_renamed` (only when asked for) hashes them with
//! every identifier replaced by the index of its first occurrence in the definition, so a copy
//! whose names were consistently renamed hashes the same.

use ruff_python_ast::{self as ast, NodeKind};
use rustc_hash::FxHashMap;
use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed, Xxh3};

/// One file's stream, and what is needed to hash parts of it.
pub(super) struct Encoder {
    stream: Vec<u8>,
    /// Whether `hash_renamed` is computed: identifiers are then noted in `idents`.
    renamed: bool,
    /// Identifier occurrences, in stream order: where the encoded name starts and ends, and
    /// its symbol (an index into `symbols`).
    idents: Vec<(u32, u32, u32)>,
    /// Symbols of this file by [`name_key`].
    names: FxHashMap<(u8, u64), u32>,
    symbols: u32,
    renamer: Renamer,
}

/// Where a definition's part of the stream starts, and how its hash is seeded.
#[derive(Clone, Copy)]
pub(super) struct DefMark {
    start: usize,
    /// Functions and classes never collide: 0 for a class, 1 + `is_async` for a function.
    seed: u64,
}

/// The buffers of an [`Encoder`], kept by a thread from one file to the next.
#[derive(Default)]
pub(super) struct Buffers {
    stream: Vec<u8>,
    idents: Vec<(u32, u32, u32)>,
    names: FxHashMap<(u8, u64), u32>,
    renamer: Renamer,
}

impl Encoder {
    pub(super) fn new(buffers: Buffers, renamed: bool) -> Self {
        Encoder {
            stream: buffers.stream,
            renamed,
            idents: buffers.idents,
            names: buffers.names,
            symbols: 0,
            renamer: buffers.renamer,
        }
    }

    /// The buffers, emptied, for the next file.
    pub(super) fn into_buffers(mut self) -> Buffers {
        self.stream.clear();
        self.idents.clear();
        self.names.clear();
        Buffers {
            stream: self.stream,
            idents: self.idents,
            names: self.names,
            renamer: self.renamer,
        }
    }

    /// Forgets the stream written so far; only allowed when no definition is open.
    #[inline]
    pub(super) fn reset(&mut self) {
        self.stream.clear();
        self.idents.clear();
    }

    #[inline]
    pub(super) fn byte(&mut self, b: u8) {
        self.stream.push(b);
    }

    /// A node's kind (fewer than 255 kinds: `0xFF` closes lists of unknown length).
    #[inline]
    pub(super) fn kind(&mut self, kind: NodeKind) {
        self.stream.push(kind as u8);
    }

    #[inline]
    pub(super) fn flag(&mut self, b: bool) {
        self.stream.push(u8::from(b));
    }

    /// A length: one byte below 255, else `0xFF` and four bytes.
    #[inline]
    pub(super) fn len(&mut self, n: usize) {
        if n < 0xFF {
            self.stream.push(n as u8);
        } else {
            self.stream.push(0xFF);
            self.stream
                .extend_from_slice(&(n.min(u32::MAX as usize) as u32).to_le_bytes());
        }
    }

    #[inline]
    pub(super) fn literal(&mut self, bytes: &[u8]) {
        self.len(bytes.len());
        self.stream.extend_from_slice(bytes);
    }

    /// A literal given in parts (implicitly concatenated strings, `'a' 'b'`): written exactly as
    /// [`literal`](Self::literal) writes the parts joined, without joining them first.
    pub(super) fn literal_parts<'p>(&mut self, parts: impl Iterator<Item = &'p [u8]> + Clone) {
        self.len(parts.clone().map(<[u8]>::len).sum());
        parts.for_each(|p| self.stream.extend_from_slice(p));
    }

    #[inline]
    pub(super) fn u64(&mut self, v: u64) {
        self.stream.extend_from_slice(&v.to_le_bytes());
    }

    /// An identifier: its length, then its bytes, packed into 8 bytes when they fit (one store
    /// of fixed size instead of a copy of variable length: most names are short); and, for
    /// `hash_renamed`, where it lies.
    #[inline]
    pub(super) fn ident(&mut self, name: &str) {
        let start = self.stream.len();
        let bytes = name.as_bytes();
        if bytes.len() <= 8 {
            let [a, b, c, d, e, f, g, h] = short_word(bytes).to_le_bytes();
            self.stream
                .extend_from_slice(&[bytes.len() as u8, a, b, c, d, e, f, g, h]);
        } else {
            self.literal(bytes);
        }
        if self.renamed {
            self.note_ident(start, name);
        }
    }

    /// Notes the identifier written from `start` for `hash_renamed`.
    #[inline(never)]
    fn note_ident(&mut self, start: usize, name: &str) {
        let next = self.symbols;
        let symbol = *self.names.entry(name_key(name)).or_insert(next);
        if symbol == next {
            self.symbols += 1;
        }
        self.idents
            .push((start as u32, self.stream.len() as u32, symbol));
    }

    /// An integer literal as its value (`0x10`, `16` and `1_6` are one value).
    pub(super) fn int(&mut self, value: &ast::Int) {
        if let Some(v) = value.as_u64() {
            self.byte(0);
            self.u64(v);
            return;
        }
        // A value too large for 64 bits (rare) keeps its source text (`0xFF_FF...`).
        let digits = value.to_string();
        self.byte(1);
        match big_decimal(&digits) {
            Some(decimal) => self.literal(decimal.as_bytes()),
            None => self.literal(digits.as_bytes()),
        }
    }

    /// Opens a definition whose signature is written next.
    #[inline]
    pub(super) fn open(&self, function: Option<bool>) -> DefMark {
        DefMark {
            start: self.stream.len(),
            seed: function.map_or(0, |is_async| 1 + u64::from(is_async)),
        }
    }

    /// The hashes of the definition opened at `mark`, whose signature and body were written
    /// since: `(hash, hash_renamed)`, the second only when asked for.
    pub(super) fn close(&mut self, mark: DefMark) -> (u64, Option<u64>) {
        let part = &self.stream[mark.start..];
        let hash = xxh3_64_with_seed(part, mark.seed);
        if !self.renamed {
            self.stream.truncate(mark.start);
            self.stream.extend_from_slice(&hash.to_le_bytes());
            return (hash, None);
        }
        // The same bytes, with each identifier replaced by its first-occurrence index.
        self.renamer.start(self.symbols as usize);
        let lo = self
            .idents
            .partition_point(|&(pos, _, _)| (pos as usize) < mark.start);
        let mut h = Xxh3::with_seed(mark.seed);
        let mut at = mark.start;
        for &(start, end, symbol) in &self.idents[lo..] {
            h.update(&self.stream[at..start as usize]);
            h.update(&self.renamer.index(symbol).to_le_bytes());
            at = end as usize;
        }
        h.update(&self.stream[at..]);
        (hash, Some(h.digest()))
    }
}

/// First-occurrence indices of symbols within one definition, reset in O(1) between definitions.
#[derive(Default)]
struct Renamer {
    generation: u32,
    seen: Vec<(u32, u32)>,
    next: u32,
}

impl Renamer {
    fn start(&mut self, symbols: usize) {
        self.generation += 1;
        self.next = 0;
        if self.seen.len() < symbols {
            self.seen.resize(symbols, (0, 0));
        }
    }

    fn index(&mut self, symbol: u32) -> u32 {
        let slot = &mut self.seen[symbol as usize];
        if slot.0 != self.generation {
            *slot = (self.generation, self.next);
            self.next += 1;
        }
        slot.1
    }
}

/// The bytes of a name of at most 8 bytes in one word, with two loads instead of a loop or a
/// copy of variable length. Together with the length it determines the bytes: for 4 to 8 bytes
/// the first and the last four overlap and cover them all, for 1 to 3 the first, middle and last
/// byte are all of them.
#[inline]
fn short_word(bytes: &[u8]) -> u64 {
    let n = bytes.len();
    match n {
        0 => 0,
        1..=3 => u64::from(bytes[0]) | u64::from(bytes[n / 2]) << 8 | u64::from(bytes[n - 1]) << 16,
        _ => {
            let first = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
            let last = u32::from_le_bytes([bytes[n - 4], bytes[n - 3], bytes[n - 2], bytes[n - 1]]);
            u64::from(first) | u64::from(last) << 32
        }
    }
}

/// A name as a map key: its length and [`short_word`] when it has at most 8 bytes, else a
/// length no name of 8 bytes has and its 64-bit hash.
#[inline]
fn name_key(name: &str) -> (u8, u64) {
    let bytes = name.as_bytes();
    if bytes.len() <= 8 {
        (bytes.len() as u8, short_word(bytes))
    } else {
        (u8::MAX, xxh3_64(bytes))
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

#[cfg(test)]
mod tests {
    use crate::facts::BodyFingerprint;

    /// With its length, the word of a short name determines the name.
    #[test]
    fn short_words_tell_names_apart() {
        let mut seen = std::collections::HashMap::new();
        let alphabet = [b'a', b'b', b'_'];
        let mut names: Vec<Vec<u8>> = vec![Vec::new()];
        for _ in 0..8 {
            let longer: Vec<Vec<u8>> = names
                .iter()
                .filter(|n| n.len() == names.last().map_or(0, Vec::len))
                .flat_map(|n| alphabet.iter().map(move |&c| [n.as_slice(), &[c]].concat()))
                .collect();
            names.extend(longer);
        }
        for name in &names {
            let key = (name.len(), super::short_word(name));
            assert_eq!(seen.insert(key, name.clone()), None, "{name:?}");
        }
        assert_eq!(seen.len(), (0..=8).map(|k| 3usize.pow(k)).sum::<usize>());
    }

    fn bodies(src: &str) -> Vec<BodyFingerprint> {
        crate::parse::extract(src).expect("parses").bodies
    }

    fn key(b: &BodyFingerprint) -> (u32, u64, Option<u64>) {
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

    /// Bodies hash the same exactly when Python's `ast` sees the same tree: a structural detail
    /// that `ast` keeps is never lost (which child fills which optional field, which list a
    /// statement is in), and one it drops never counts (found by the oracle's structure cases).
    #[test]
    fn structure_is_hashed_as_pythons_ast_sees_it() {
        let hash = |body: &str| {
            let indented: String = body.lines().map(|l| format!("    {l}\n")).collect();
            bodies(&format!("def f(x, a, b):\n{indented}"))[0].hash
        };
        let different = [
            ("return x[a:]", "return x[:a]"),
            ("return x[:a]", "return x[::a]"),
            ("return x[a:b]", "return x[a::b]"),
            ("return {a: b}", "return {**a, **b}"),
            (
                "for i in x:\n    a()\n    b()",
                "for i in x:\n    a()\nelse:\n    b()",
            ),
            (
                "while x:\n    a()\n    b()",
                "while x:\n    a()\nelse:\n    b()",
            ),
            (
                "try:\n    a()\nexcept E:\n    pass\nelse:\n    b()",
                "try:\n    a()\nexcept E:\n    pass\nfinally:\n    b()",
            ),
            (
                "match x:\n    case True:\n        a()",
                "match x:\n    case False:\n        a()",
            ),
        ];
        for (a, b) in different {
            assert_ne!(hash(a), hash(b), "{a:?} != {b:?}");
        }
        let same = [
            ("return f(*a, b=1)", "return f(b=1, *a)"),
            (
                "if a:\n    x()\nelif b:\n    y()",
                "if a:\n    x()\nelse:\n    if b:\n        y()",
            ),
            ("return (a)", "return a"),
        ];
        for (a, b) in same {
            assert_eq!(hash(a), hash(b), "{a:?} == {b:?}");
        }
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
