use super::*;
use crate::facts::{BindingKind, BodyFingerprint, ImportKind};

fn facts(src: &str) -> FileFacts {
    extract(src).unwrap_or_else(|e| panic!("{src:?} should parse: {e:?}"))
}

#[test]
fn imports_carry_their_context() {
    let f = facts(
        "import os, a.b as c\nfrom . import x\nfrom ..p.q import (r as s, t)\nfrom m import *\n\
         if TYPE_CHECKING:\n    import tc\ntry:\n    import g\nexcept ImportError:\n    g = None\n\
         def f():\n    import lazy\n    importlib.import_module('dyn.mod')\n",
    );
    let got: Vec<_> = f
        .imports
        .iter()
        .map(|i| {
            (
                i.kind,
                i.module.as_str(),
                i.level,
                i.type_checking,
                i.lazy,
                i.guarded,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (ImportKind::Import, "os", 0, false, false, false),
            (ImportKind::Import, "a.b", 0, false, false, false),
            (ImportKind::From, "", 1, false, false, false),
            (ImportKind::From, "p.q", 2, false, false, false),
            (ImportKind::From, "m", 0, false, false, false),
            (ImportKind::Import, "tc", 0, true, false, false),
            (ImportKind::Import, "g", 0, false, false, true),
            (ImportKind::Import, "lazy", 0, false, true, false),
            (ImportKind::Dynamic, "dyn.mod", 0, false, true, false),
        ]
    );
    assert_eq!(f.imports[1].asname.as_deref(), Some("c"));
    assert_eq!(f.imports[3].names[0].bound_name(), "s");
    assert_eq!(f.imports[4].names[0].name, "*");
    // `import os` is reported at its alias: line 1, column 8.
    assert_eq!((f.imports[0].span.line, f.imports[0].span.column), (1, 8));
}

#[test]
fn env_refs_are_attribute_reads_in_code_only() {
    let f = facts("import os\nx = os.environ['A']\ny = self.environ\nz = os.path.join('a')\n\"os.environ\"\n# os.getenv\n");
    let got: Vec<_> = f
        .env_refs
        .iter()
        .map(|r| {
            (
                r.base.as_str(),
                r.attr.as_str(),
                r.span.line,
                r.span.column,
                r.span.end_column,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![("os", "environ", 2, 5, 15), ("self", "environ", 3, 5, 17)]
    );
}

/// (base, attr, getattr, bound_to) of every environment reference.
fn env_refs(src: &str) -> Vec<(String, String, bool, Vec<String>)> {
    facts(src)
        .env_refs
        .iter()
        .map(|r| {
            (
                r.base.to_string(),
                r.attr.to_string(),
                r.getattr,
                r.bound_to.iter().map(|t| t.to_string()).collect(),
            )
        })
        .collect()
}

#[test]
fn env_refs_are_dotted_bases_and_getattr_with_a_literal() {
    let got = env_refs(
        "import os, envstate
from os import path as p
import os.path as op
envstate.os.environ
p.expandvars('$A')
op.expandvars
getattr(os, 'getenv', None)
getattr(os, 'sep')
getattr(os, name)
f().environ
x[0].environ
",
    );
    let refs: Vec<(&str, &str, bool, Vec<&str>)> = got
        .iter()
        .map(|(b, a, g, t)| {
            let t = t.iter().map(String::as_str).collect();
            (b.as_str(), a.as_str(), *g, t)
        })
        .collect();
    assert_eq!(
        refs,
        vec![
            ("envstate.os", "environ", false, vec!["envstate"]),
            ("p", "expandvars", false, vec!["os.path"]),
            ("op", "expandvars", false, vec!["os.path"]),
            ("os", "getenv", true, vec!["os"]),
        ]
    );
}

#[test]
fn env_ref_bases_are_resolved_by_python_scoping() {
    let bound =
        |src: &str| -> Vec<Vec<String>> { env_refs(src).into_iter().map(|r| r.3).collect() };
    let os = || vec!["os".to_string()];
    let none = Vec::<String>::new;
    // A parameter, a local, a loop variable, a lambda parameter, a comprehension variable.
    let src = "import os
def f(os): os.environ
def g():
    os = 1
    os.environ
def h():
    for os in x: os.environ
lambda os: os.environ
[os.environ for os in x]
";
    assert_eq!(bound(src), vec![none(), none(), none(), none(), none()]);
    // Nested functions see the enclosing function's names; a class body is not seen from its
    // methods, comprehensions, lambdas or nested classes; defaults are evaluated outside.
    let src = "import os
def f(os):
    def g(): os.environ
class C:
    os = 1
    a = os.environ
    def m(self, d=os.environ): os.environ
    b = [os.environ for _ in x]
    c = lambda: os.environ
    class D: e = os.environ
";
    assert_eq!(
        bound(src),
        vec![none(), none(), none(), os(), os(), os(), os()]
    );
    // `global`, `nonlocal`, the walrus (outside its comprehension), `del`, `except ... as`,
    // `x: int`, a match capture.
    let src = "import os
def f():
    global os
    os.environ
def g():
    os = 1
    def h():
        nonlocal os
        os.environ
def i():
    [(os := 1) for _ in x]
    os.environ
def j():
    del os
    os.environ
def k():
    try: pass
    except E as os: os.environ
def l():
    os: int
    os.environ
def m(v):
    match v:
        case [*os]: os.environ
";
    assert_eq!(
        bound(src),
        vec![os(), none(), none(), none(), none(), none(), none()]
    );
    // An import in the scope wins over other bindings; a local import of something else; a
    // name no scope binds is bound by every import in the file binding it.
    let src = "import os
os = None
os.environ
def f():
    import json as os
    os.environ
def g():
    import nt as e
def h():
    import posix as e
e.environ
";
    assert_eq!(
        bound(src),
        vec![
            os(),
            vec!["json".to_string()],
            vec!["nt".to_string(), "posix".to_string()]
        ]
    );
}

#[test]
fn bindings_definitions_and_all() {
    let f = facts(
        "import a.b\nfrom c import d as e\nclass K: pass\ndef f(): pass\nAlias = K\nX = 1\n\
         try:\n    class Fallback: pass\nexcept ImportError:\n    pass\n__all__ = ['K', 'f']\n__all__ += ['X']\n\
         def __getattr__(name): pass\nclass Outer:\n    def method(self): pass\n",
    );
    let b: Vec<_> = f
        .bindings
        .iter()
        .map(|b| (b.name.as_str(), b.kind))
        .collect();
    assert!(b.contains(&("a", BindingKind::Import)));
    assert!(b.contains(&("e", BindingKind::Import)));
    assert!(b.contains(&("Alias", BindingKind::Alias)));
    assert!(b.contains(&("X", BindingKind::Assignment)));
    assert!(b.contains(&("Fallback", BindingKind::Class)));
    assert!(!b.iter().any(|(n, _)| *n == "method"));
    let defs: Vec<_> = f
        .definitions
        .iter()
        .map(|d| (d.name.as_str(), d.conditional))
        .collect();
    assert_eq!(
        defs,
        vec![
            ("K", false),
            ("f", false),
            ("Fallback", true),
            ("__getattr__", false),
            ("Outer", false)
        ]
    );
    assert_eq!(f.dunder_all, Some(vec!["K".into(), "f".into(), "X".into()]));
    assert!(f.has_module_getattr);
    let quals: Vec<_> = f.bodies.iter().map(|b| b.qualname.as_str()).collect();
    assert!(quals.contains(&"Outer.method"));
}

#[test]
fn body_hash_ignores_docstrings_comments_formatting_but_not_operators() {
    let a = facts("def f(x):\n    \"\"\"Doc.\"\"\"\n    y = x + 1  # c\n    return y\n");
    let b = facts("def g(x):\n\n    y = (x +\n         1)\n    return y\n");
    let c = facts("def f(x):\n    y = x - 1\n    return y\n");
    let d = facts("def f(a):\n    b = a + 1\n    return b\n");
    assert_eq!(a.bodies[0].hash, b.bodies[0].hash);
    assert_eq!(a.bodies[0].statements, 2);
    assert_ne!(a.bodies[0].hash, c.bodies[0].hash);
    assert_ne!(a.bodies[0].hash, d.bodies[0].hash);
    assert_eq!(a.bodies[0].hash_renamed, d.bodies[0].hash_renamed);
    assert_ne!(a.bodies[0].hash_renamed, c.bodies[0].hash_renamed);
}

#[test]
fn syntax_errors_report_first_error_position() {
    let e = extract("x = 1\ndef f(:\n    pass\n").unwrap_err();
    assert!(e.message.starts_with("syntax error: "), "{}", e.message);
    assert_eq!(e.span.line, 2);
}

#[test]
fn deeply_nested_input_never_overflows_the_stack() {
    let n = 100_000;
    let cases = [
        format!("x = {}1{}\n", "[".repeat(n), "]".repeat(n)),
        format!("x = {}1\n", "1 + ".repeat(n)),
        format!("x = {}1\n", "-".repeat(n)),
        format!("x = a{}\n", ".b".repeat(n)),
        format!("x = {}1{}\n", "f(".repeat(n), ")".repeat(n)),
        format!("x = {}\n", "[".repeat(n)),
        // Walked and freed through keyword arguments, dict values and f-string parts.
        format!("x = {}1{}\n", "f(a=".repeat(n), ")".repeat(n)),
        format!("x = {}1{}\n", "{1: ".repeat(n), "}".repeat(n)),
        format!("x = f\"{{{}1}}\"\n", "-".repeat(n)),
        (0..3000)
            .map(|i| format!("{}def f{i}():\n", " ".repeat(i)))
            .collect::<String>()
            + &" ".repeat(3000)
            + "pass\n",
        (0..3000)
            .map(|i| format!("{}if x:\n", " ".repeat(i)))
            .collect::<String>()
            + &" ".repeat(3000)
            + "import os\n",
    ];
    // Run on a thread with a small stack so a regression shows up here, not only in production.
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || {
            for src in &cases {
                let _ = extract(src);
            }
        })
        .unwrap()
        .join()
        .unwrap();
}

fn body(src: &str) -> crate::facts::BodyFingerprint {
    facts(src).bodies.remove(0)
}

#[test]
fn body_hash_covers_what_changes_behaviour() {
    let same = |a: &str, b: &str| {
        let (a, b) = (body(a), body(b));
        (a.hash == b.hash, a.hash_renamed == b.hash_renamed)
    };
    // Formatting: quotes, escapes, implicit concatenation, parentheses, trailing commas.
    assert_eq!(
        same(
            "def f():\n    return 'ab' + \"\\x63\"\n",
            "def f():\n    return ('a'\n            'b') + 'c'\n"
        ),
        (true, true)
    );
    // Implicitly concatenated literals are written part by part: the same bytes as joined.
    assert_eq!(
        same(
            "def f():\n    return 'ab' 'c', b'x' b'yz'\n",
            "def f():\n    return 'a' 'bc', b'xyz'\n"
        ),
        (true, true)
    );
    assert_eq!(
        same(
            "def f():\n    return 'ab' 'c'\n",
            "def f():\n    return 'ab' 'd'\n"
        ),
        (false, false)
    );
    assert_eq!(
        same(
            "def f():\n    return 'xy' 'z'\n",
            "def f():\n    return b'xy' b'z'\n"
        ),
        (false, false)
    );
    assert_eq!(
        same(
            "def f(a, b,):\n    g(a, b,)\n",
            "def f(a, b):\n    g(\n        a,\n        b\n    )\n"
        ),
        (true, true)
    );
    // Nested docstrings and comments do not count; nested statements do.
    let a = body(
        "class A:\n    '''Doc.'''\n    def m(self):\n        '''Doc.'''\n        return 1  # one\n",
    );
    let b = body("class A:\n    def m(self):\n        return 1\n");
    assert_eq!((a.hash, a.statements), (b.hash, b.statements));
    assert_eq!(a.statements, 2);
    // Conversions and `=` in f-strings change the output.
    assert!(
        !same(
            "def f(x):\n    return f'{x!r}'\n",
            "def f(x):\n    return f'{x}'\n"
        )
        .0
    );
    assert!(
        !same(
            "def f(x):\n    return f'{x=}'\n",
            "def f(x):\n    return f'{x}'\n"
        )
        .0
    );
    assert!(
        !same(
            "def f(x):\n    return f'{x:>3}'\n",
            "def f(x):\n    return f'{x:<3}'\n"
        )
        .0
    );
    // Literals, operators, signatures, async and bases are part of the body.
    assert_eq!(
        same("def f():\n    return 1\n", "def f():\n    return 2\n"),
        (false, false)
    );
    assert_eq!(
        same("def f():\n    return 'a'\n", "def f():\n    return b'a'\n"),
        (false, false)
    );
    assert_eq!(
        same("def f(a, *, b):\n    pass\n", "def f(a, b):\n    pass\n"),
        (false, false)
    );
    assert_eq!(
        same("def f(a=1):\n    pass\n", "def f(a=2):\n    pass\n"),
        (false, false)
    );
    assert_eq!(
        same("async def f():\n    pass\n", "def f():\n    pass\n"),
        (false, false)
    );
    assert_eq!(
        same("class A(B):\n    x = 1\n", "class A(C):\n    x = 1\n"),
        (false, true)
    );
    assert_eq!(
        same(
            "def f(x):\n    return x is None\n",
            "def f(x):\n    return x is not None\n"
        ),
        (false, false)
    );
    // Renaming: consistent renames of locals, parameters and attributes match only with
    // `hash_renamed`; an inconsistent rename (two names merged into one) matches neither.
    assert_eq!(
        same(
            "def f(a, b):\n    c = a.x + b\n    return c.y\n",
            "def f(p, q):\n    r = p.u + q\n    return r.v\n"
        ),
        (false, true)
    );
    assert_eq!(
        same(
            "def f(a, b):\n    return a + b\n",
            "def f(a, b):\n    return a + a\n"
        ),
        (false, false)
    );
    // Keyword names and imported names are identifiers too.
    assert_eq!(
        same("def f():\n    g(x=1)\n", "def f():\n    g(y=1)\n"),
        (false, true)
    );
    // The definition's own name and decorators are not part of its body.
    assert_eq!(
        same("@d\ndef f():\n    pass\n", "def g():\n    pass\n"),
        (true, true)
    );
}

#[test]
fn env_refs_in_type_parameters_are_seen() {
    // PEP 695 / 696: bounds and defaults of type parameters are expressions too.
    let f = facts("import os\ndef f[T: os.environ](): pass\nclass C[T = os.getenv]: pass\n");
    let got: Vec<_> = f
        .env_refs
        .iter()
        .map(|r| (r.attr.as_str(), r.span.line, r.span.column))
        .collect();
    assert_eq!(got, vec![("environ", 2, 10), ("getenv", 3, 13)]);
}

#[test]
fn dynamic_namespaces_globals_and_computed_all() {
    let f = facts("import token\n__all__ = ['a']\n__all__ += token.__all__\n__all__.append('b')\n");
    assert_eq!(
        f.dunder_all, None,
        "computed __all__ is unknown, not partial"
    );
    assert!(!f.dynamic_globals);
    let f = facts("for n in ('x', 'y'):\n    globals()[n] = 1\n");
    assert!(f.dynamic_globals);
    assert!(
        !f.makes_modules,
        "a namespace write makes names, not modules"
    );
    let f = facts("def f():\n    return vars()\n");
    assert!(!f.dynamic_globals, "vars() in a function reads locals");
    let f = facts("import sys\nsys.modules[__name__] = object()\n");
    assert!(f.dynamic_globals && f.makes_modules);
    let f = facts(
        "import sys\nclass Hook:\n    def install(self):\n        sys.meta_path.append(self)\n",
    );
    assert!(f.makes_modules && !f.dynamic_globals);
    let f = facts("import sys\nmod = sys.modules[__name__]\n");
    assert!(
        !f.dynamic_globals,
        "reading sys.modules is not making modules"
    );
    let f = facts("def init():\n    global types_map\n    types_map = {}\n");
    assert!(f.bindings.iter().any(|b| b.name == "types_map"));
}

/// A scan keeps the bodies a rule can use: those of at least `min-statements` statements and
/// those of module-level definitions (which `Definition::body` points to), with qualified
/// names; renamed hashes only when asked for.
#[test]
fn only_wanted_bodies_are_kept() {
    let src = "\
class Small:
    def tiny(self):
        return 1

    def big(self):
        a = 1
        b = 2
        return a + b

def helper():
    def inner():
        x = 1
        y = 2
        return x + y
    return inner
";
    let all = extract(src).expect("parses");
    let quals = |f: &FileFacts| -> Vec<(String, u32)> {
        f.bodies
            .iter()
            .map(|b| (b.qualname.to_string(), b.statements))
            .collect()
    };
    assert_eq!(
        quals(&all),
        [
            ("Small".to_string(), 6),
            ("Small.tiny".to_string(), 1),
            ("Small.big".to_string(), 3),
            ("helper".to_string(), 5),
            ("helper.inner".to_string(), 3),
        ]
    );
    assert!(all.bodies.iter().all(|b| b.hash_renamed.is_some()));
    let wanted = ExtractOptions {
        renamed_hashes: false,
        min_body_statements: 3,
    };
    let some = extract_with(src, wanted).expect("parses");
    assert_eq!(
        quals(&some),
        [
            ("Small".to_string(), 6),
            ("Small.big".to_string(), 3),
            ("helper".to_string(), 5),
            ("helper.inner".to_string(), 3),
        ]
    );
    assert!(some.bodies.iter().all(|b| b.hash_renamed.is_none()));
    // The kept bodies are the same bodies. Their hashes are another scan's (a nested kept body
    // enters its parent's hash as its own hash when no renamed hashes are computed), but the
    // bodies that hash alike are the same.
    let group = |f: &FileFacts, b: &BodyFingerprint| -> Vec<String> {
        let mut same: Vec<String> = (f.bodies.iter())
            .filter(|o| o.hash == b.hash)
            .map(|o| o.qualname.to_string())
            .collect();
        same.sort();
        same
    };
    for b in &some.bodies {
        let same = all
            .bodies
            .iter()
            .find(|a| a.qualname == b.qualname)
            .unwrap();
        assert_eq!(same.span, b.span);
        assert_eq!(group(&some, b), group(&all, same), "{}", b.qualname);
    }
    // `Small.big` and `helper.inner` have the same shape up to names: not the same hash.
    assert_eq!(group(&some, &some.bodies[1]), ["Small.big"]);
    // Module-level definitions keep their bodies, whatever their size, and point to them.
    let none = extract_with(src, ExtractOptions::default()).expect("parses");
    assert_eq!(
        quals(&none),
        [("Small".to_string(), 6), ("helper".to_string(), 5)]
    );
    for d in &none.definitions {
        assert_eq!(none.bodies[d.body].qualname, d.name);
    }
}

mod suppressions {
    use super::*;
    use crate::facts::{Malformed, Suppression, SuppressionScope};

    fn directives(src: &str) -> Vec<Suppression> {
        facts(src).suppressions
    }

    /// (scope, line, ids, reason, malformed) of a directive.
    type Summary = (
        SuppressionScope,
        u32,
        Vec<String>,
        Option<String>,
        Option<Malformed>,
    );

    /// The [`Summary`] of each directive.
    fn summary(src: &str) -> Vec<Summary> {
        directives(src)
            .into_iter()
            .map(|s| {
                (
                    s.scope,
                    s.span.line,
                    s.rules.iter().map(|r| r.id.to_string()).collect(),
                    s.reason.map(|r| r.to_string()),
                    s.malformed,
                )
            })
            .collect()
    }

    #[test]
    fn line_and_file_directives_with_ids_spans_and_reasons() {
        let src = "# ssotscan: ignore-file[env-access] settings module, see ADR 7\nimport os\nx = os.environ  # ssotscan: ignore[env-access, unresolved-import] -- legacy\n";
        let got = directives(src);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].scope, SuppressionScope::File);
        assert_eq!(got[0].span.line, 1);
        assert_eq!(got[0].span.column, 1);
        assert_eq!(got[0].reason.as_deref(), Some("settings module, see ADR 7"));
        let line = &got[1];
        assert_eq!(line.scope, SuppressionScope::Line);
        assert_eq!((line.span.line, line.span.column), (3, 17));
        assert_eq!(
            line.span.end_column as usize,
            src.lines().nth(2).unwrap().len() + 1
        );
        let ids: Vec<_> = line
            .rules
            .iter()
            .map(|r| (r.id.as_str(), r.span.column, r.span.end_column))
            .collect();
        assert_eq!(
            ids,
            vec![("env-access", 36, 46), ("unresolved-import", 48, 65)]
        );
        assert_eq!(line.reason.as_deref(), Some("legacy"));
        assert!(line.malformed.is_none() && line.is_well_placed());
    }

    #[test]
    fn only_real_comments_count() {
        let src = "s = '# ssotscan: ignore[env-access]'\nt = \"\"\"\n# ssotscan: ignore[env-access]\n\"\"\"\nu = f'{1}# ssotscan: ignore[x]'\n# ssotscan: ignore[a]\n";
        let got = summary(src);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].1, 6);
        assert!(
            directives("x = 1  # not ssotscan: here\n").is_empty(),
            "a `#` must start it"
        );
        assert!(directives("x = 1  # see the ssotscan docs\n").is_empty());
    }

    #[test]
    fn after_another_tools_comment_and_without_spaces() {
        let got = summary("import x  # type: ignore  # ssotscan: ignore[unresolved-import] vendored\ny = 1  #ssotscan:ignore[a,b]\n");
        assert_eq!(got[0].2, vec!["unresolved-import"]);
        assert_eq!(got[0].3.as_deref(), Some("vendored"));
        assert_eq!(got[1].2, vec!["a", "b"]);
        assert_eq!(got[1].3, None);
        // The reason stops at another tool's comment, not at a `#` within words.
        let got = summary("x = 1  # ssotscan: ignore[a] see issue #12  # noqa: E501\ny = 1  # ssotscan: ignore[a]  # noqa\nz = 1  # ssotscan: ignore[a] why #\n");
        assert_eq!(got[0].3.as_deref(), Some("see issue #12"));
        assert_eq!(got[1].3, None);
        assert_eq!(got[2].3.as_deref(), Some("why"));
        // The directive's span ends where the other tool's comment starts.
        let d = directives("y = 1  # ssotscan: ignore[a]  # noqa\n");
        assert_eq!((d[0].span.column, d[0].span.end_column), (8, 29));
    }

    #[test]
    fn malformed_directives_are_kept_with_why() {
        let got = summary("a = 1  # ssotscan: ignore\nb = 1  # ssotscan: ignore[]\nc = 1  # ssotscan: ignore[ , ]\nd = 1  # ssotscan: ignore[env-access\ne = 1  # ssotscan: disable[env-access]\nf = 1  # ssotscan:\ng = 1  # ssotscan: ignore: env-access\n");
        let malformed: Vec<_> = got.iter().map(|g| g.4.clone()).collect();
        assert_eq!(
            malformed,
            vec![
                Some(Malformed::NoRules),
                Some(Malformed::NoRules),
                Some(Malformed::NoRules),
                Some(Malformed::Unclosed),
                Some(Malformed::UnknownDirective("disable".into())),
                Some(Malformed::UnknownDirective("".into())),
                Some(Malformed::NoRules),
            ]
        );
    }

    #[test]
    fn crlf_lines_and_late_file_directives() {
        let mut src =
            String::from("import os\r\nx = os.environ  # ssotscan: ignore[env-access] why\r\n");
        for _ in 0..18 {
            src.push_str("pass\r\n");
        }
        src.push_str("# ssotscan: ignore-file[env-access] too late\r\n");
        let got = directives(&src);
        assert_eq!(got[0].span.line, 2);
        assert_eq!(
            got[0].reason.as_deref(),
            Some("why"),
            "no \\r in the reason"
        );
        assert_eq!(got[1].span.line, 21);
        assert_eq!(got[1].scope, SuppressionScope::File);
        assert!(!got[1].is_well_placed());
    }

    #[test]
    fn files_that_do_not_parse_carry_none() {
        assert!(extract("def f(:  # ssotscan: ignore[parse-error]\n").is_err());
    }
}
