//! Per-file facts: plain, serde-serializable data extracted from one file's AST.
//!
//! Nothing here borrows from the parser: the AST is dropped right after extraction, and every
//! later stage (rules, the import graph, duplicate detection, the on-disk cache) reads only these
//! types. Keep them small and free of the `ruff_*` crates so a parser upgrade touches `parse/` only.

pub use compact_str::CompactString;
use serde::{Deserialize, Serialize};

/// Attributes of the `os` module (and of `nt` / `posix`, which `os` re-exports) that read or write
/// the process environment; the parser records every `X.<attr>` reference with one of these names,
/// or with one of [`ENV_PATH_ATTRS`], in [`FileFacts::env_refs`].
pub const ENV_ATTRS: &[&str] = &[
    "environ", "environb", "getenv", "getenvb", "putenv", "unsetenv",
];

/// Attributes of `os.path` (`posixpath`, `ntpath`) that read the process environment.
pub const ENV_PATH_ATTRS: &[&str] = &["expandvars"];

/// A source range: byte offsets into the (BOM-stripped) text plus 1-based line and column, with
/// columns counted in characters and `end_column` pointing one past the last character.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Span {
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub start: u32,
    pub end: u32,
}

/// Everything the rules know about one file that parsed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FileFacts {
    /// Number of lines in the file.
    pub lines: u32,
    /// Every import statement, dynamic imports included, in source order.
    pub imports: Vec<Import>,
    /// References `X.environ`, `X.getenv`, `X.y.expandvars`, `getattr(X, "environ")`, ... whose
    /// base is a plain (dotted) name, with what its first name is bound to by imports where
    /// Python looks it up. Whether that is the environment is decided by the rule.
    pub env_refs: Vec<EnvRef>,
    /// Names bound at module level (including inside module-level `if`/`try`/`with`/`for`/...).
    pub bindings: Vec<Binding>,
    /// The literal contents of `__all__`, when the module declares it (`None` also when it is
    /// computed, e.g. `__all__ = other.__all__ + [...]`).
    pub dunder_all: Option<Vec<CompactString>>,
    /// The module defines a module-level `__getattr__` (PEP 562): any name may be imported from it.
    pub has_module_getattr: bool,
    /// The module makes names at run time: it writes its namespace (`globals()` anywhere,
    /// `exec`/`vars()` at module level) or replaces a module in `sys.modules`. The names it binds
    /// cannot be listed statically (its submodules still can: a namespace write makes no file).
    #[serde(default)]
    pub dynamic_globals: bool,
    /// The module makes modules at run time: it assigns `sys.modules[...]` or installs an import
    /// hook (`sys.meta_path`, `sys.path_hooks`). A submodule of its package that is not on disk
    /// may still be importable.
    #[serde(default)]
    pub makes_modules: bool,
    /// The file starts with a UTF-8 BOM, which its offsets count from after (for reading parts
    /// of it again: code frames). Not a fact of the code: not serialized.
    #[serde(skip)]
    pub bom: bool,
    /// Classes and functions defined at module scope.
    pub definitions: Vec<Definition>,
    /// Fingerprints of every function, method and class body in the file.
    pub bodies: Vec<BodyFingerprint>,
    /// The inline suppression comments (`# ssotscan: ignore[...]`, `# ssotscan: ignore-file[...]`),
    /// malformed ones included, in source order. Taken from the parser's comment tokens: text
    /// that looks like one inside a string is not a comment.
    #[serde(default)]
    pub suppressions: Vec<Suppression>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ImportKind {
    /// `import a.b.c` / `import a.b as c`
    Import,
    /// `from a import b` / `from . import b` / `from a import *`
    From,
    /// `importlib.import_module("a.b")` / `__import__("a.b")` with a string literal.
    Dynamic,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Import {
    pub kind: ImportKind,
    /// The dotted module as written (without leading dots); empty for `from . import x`.
    pub module: CompactString,
    /// Number of leading dots of a relative import; 0 for absolute imports.
    pub level: u32,
    /// `import a.b as c`: `Some("c")`. Always `None` for `from` imports (see `names`).
    pub asname: Option<CompactString>,
    /// The names of a `from` import (`*` for a star import); empty otherwise.
    pub names: Vec<ImportedName>,
    /// The statement's range (for `import a, b` each module gets the range of its own alias).
    pub span: Span,
    /// Inside `if TYPE_CHECKING:` (or `typing.TYPE_CHECKING`).
    pub type_checking: bool,
    /// Inside a function body: runs only when the function is called.
    pub lazy: bool,
    /// Inside `try:` whose handlers catch `ImportError` / `ModuleNotFoundError` (or any exception).
    pub guarded: bool,
    /// At module scope (not in a function or class body): the names it binds are module attributes.
    pub module_level: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedName {
    pub name: CompactString,
    pub asname: Option<CompactString>,
    pub span: Span,
}

impl ImportedName {
    /// The name this import binds in the importing module.
    pub fn bound_name(&self) -> &str {
        self.asname.as_deref().unwrap_or(&self.name)
    }

    /// The names of a `from` import as written: `a, b as c`.
    pub fn list(names: &[ImportedName]) -> String {
        let names: Vec<String> = names
            .iter()
            .map(|n| match &n.asname {
                Some(a) => format!("{} as {a}", n.name),
                None => n.name.to_string(),
            })
            .collect();
        names.join(", ")
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvRef {
    /// The (dotted) name the attribute is read from: `os` in `os.environ`, `os.path` in
    /// `os.path.expandvars`, `envstate.os` in `envstate.os.environ`.
    pub base: CompactString,
    /// One of [`ENV_ATTRS`] or [`ENV_PATH_ATTRS`].
    pub attr: CompactString,
    /// The attribute reference, or the whole `getattr(...)` call.
    pub span: Span,
    /// Written `getattr(base, "attr")` (with or without a default), not `base.attr`.
    #[serde(default)]
    pub getattr: bool,
    /// The dotted names the imports bind the first name of `base` to, in the scope Python looks
    /// it up in (the innermost scope binding it: a function, lambda, comprehension, or the class
    /// body it is directly in, else the module): `os` for `import os` or
    /// `import os.path`, `os.path` for `import os.path as p` or `from os import path`, `.compat.os`
    /// for `from .compat import os`. Empty when that scope binds the name otherwise only (a
    /// parameter, an assignment, a loop variable). For a name no scope binds, every import in the
    /// file that binds it.
    #[serde(default)]
    pub bound_to: Vec<CompactString>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BindingKind {
    Class,
    Function,
    /// `X = <expr>` (or annotated / augmented assignment, `for`/`with` targets, ...).
    Assignment,
    /// `X = Y` or `X = a.b.Y`: another name for an existing object, not a new definition.
    Alias,
    /// Bound by an import statement at module level (a re-export).
    Import,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Binding {
    pub name: CompactString,
    pub kind: BindingKind,
    pub line: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DefinitionKind {
    Class,
    Function,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Definition {
    pub name: CompactString,
    pub kind: DefinitionKind,
    /// The range of the defined name (`Foo` in `class Foo:`).
    pub span: Span,
    /// Inside a module-level `if`/`try`/`with`/... rather than directly at module level.
    pub conditional: bool,
    /// Index into [`FileFacts::bodies`] of this definition's body.
    pub body: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BodyKind {
    Function,
    Method,
    Class,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BodyFingerprint {
    /// Dotted name inside the module: `Outer.method`, `func.inner`.
    pub qualname: CompactString,
    pub kind: BodyKind,
    /// The range of the defined name.
    pub span: Span,
    /// The last line of the definition.
    pub end_line: u32,
    /// Statements in the body, nested ones included, docstrings excluded.
    pub statements: u32,
    /// Structural hash of the body: ignores docstrings, comments and formatting. Compare
    /// hashes of one scan only: how a nested definition enters its parent's hash depends on
    /// what the scan extracts (`crate::parse::ExtractOptions`), so the values, not the equalities,
    /// differ between scans that want different things.
    pub hash: u64,
    /// The same hash with identifiers alpha-renamed (consistent renames of local names and
    /// attributes hash the same); computed only when a rule asks for it
    /// (`crate::parse::ExtractOptions::renamed_hashes`).
    pub hash_renamed: Option<u64>,
}

/// Why a file produced no facts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileError {
    pub message: String,
    pub span: Span,
}

/// How many of a file's first lines may hold an `ignore-file` suppression.
pub const FILE_SUPPRESSION_LINES: u32 = 20;

/// An inline suppression: a comment `# ssotscan: ignore[RULE, ...] REASON` (the violations
/// starting on its line) or `# ssotscan: ignore-file[RULE, ...] REASON` (the whole file, when it
/// is within the first [`FILE_SUPPRESSION_LINES`] lines). What it may suppress and whether it
/// suppressed anything is decided after the rules ran (`crate::suppress`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suppression {
    pub scope: SuppressionScope,
    /// The rule ids between the brackets, as written (unknown ones included), in order.
    pub rules: Vec<SuppressedRule>,
    /// The text after the closing bracket (a leading `--`, `-` or `:` dropped); `None` when
    /// there is none.
    pub reason: Option<CompactString>,
    /// From the `#` that starts the directive to the end of the comment.
    pub span: Span,
    /// Why the comment suppresses nothing whatever it names, when it is not a well-formed
    /// directive.
    pub malformed: Option<Malformed>,
}

impl Suppression {
    /// Whether it can suppress anything at all: well-formed and, for `ignore-file`, within the
    /// first [`FILE_SUPPRESSION_LINES`] lines.
    pub fn is_well_placed(&self) -> bool {
        self.malformed.is_none()
            && (self.scope == SuppressionScope::Line || self.span.line <= FILE_SUPPRESSION_LINES)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SuppressionScope {
    /// `ignore[...]`: the violations that start on the comment's line.
    Line,
    /// `ignore-file[...]`: every violation in the file.
    File,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuppressedRule {
    pub id: CompactString,
    pub span: Span,
}

/// What is wrong with a suppression comment that cannot suppress anything.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Malformed {
    /// `# ssotscan: ignore`, `ignore[]`, `ignore: rule`: no rule ids in brackets (a blanket
    /// suppression, which is refused).
    NoRules,
    /// `ignore[rule` without the closing `]`.
    Unclosed,
    /// `# ssotscan: <word>` where the word is neither `ignore` nor `ignore-file` (empty when
    /// nothing follows the colon).
    UnknownDirective(CompactString),
}
