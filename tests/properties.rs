//! Property tests over every parser of user input: the configuration, the TOML registry, the
//! markdown registry, baselines, and arbitrary bytes as Python source. Whatever the input: an
//! answer (a value or an error), never a panic, never a hang. Inputs are generated both as raw
//! text and from the format's own vocabulary, so the generator reaches past the first syntax
//! error into validation.

use std::path::Path;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use ssotscan::baseline::Baseline;
use ssotscan::config::parse_config;
use ssotscan::registry::{markdown, parse_registry, toml_out};

/// Every case must finish well within this (a debug build; the largest input is a few KB).
const CASE_DEADLINE: Duration = Duration::from_secs(5);

fn config() -> ProptestConfig {
    ProptestConfig {
        // `PROPTEST_CASES=5000 cargo test --test properties` for a longer hunt.
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(200),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Runs `f`, failing the case if it takes longer than [`CASE_DEADLINE`] (a hang shows as a
/// failure with the input, not as a stuck test run: the work runs on its own thread).
fn in_time<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let start = Instant::now();
    let worker = std::thread::Builder::new()
        .stack_size(64 * 1024 * 1024)
        .spawn(f)
        .expect("spawn");
    loop {
        if worker.is_finished() {
            return worker.join().expect("no panic");
        }
        assert!(
            start.elapsed() < CASE_DEADLINE,
            "took longer than {CASE_DEADLINE:?}"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// Text made of the pieces a format is built from, glued in any order.
fn from_pieces(pieces: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(pieces).prop_map(str::to_string),
            1 => "\\PC{0,12}",
            1 => prop::sample::select(&["\n", "\r\n", "\r", "\t", "\0", "\u{feff}", "\u{85}"][..])
                .prop_map(str::to_string),
        ],
        0..max,
    )
    .prop_map(|parts| parts.concat())
}

const CONFIG_PIECES: &[&str] = &[
    "[tool.ssotscan]\n",
    "[rules.env-access]\n",
    "[rules.duplicate-body]\n",
    "[rules.banned-import]\n",
    "[rules.unresolved-import]\n",
    "[rules.nope]\n",
    "exclude = ",
    "extend-exclude = ",
    "tests = ",
    "registry = ",
    "src = ",
    "external = ",
    "severity = ",
    "allow = ",
    "min-statements = ",
    "ignore-identifiers = ",
    "scope = ",
    "\"error\"",
    "\"off\"",
    "\"project\"",
    "[\"a/**\", \"b\"]",
    "[\"../x\"]",
    "[\"/abs\"]",
    "[]",
    "true",
    "-1",
    "99999999999999999999",
    "3.5",
    "{ a = 1 }",
    "\n",
    "=",
    "\"",
    "'''",
];

const REGISTRY_PIECES: &[&str] = &[
    "[[symbol]]\n",
    "[[module]]\n",
    "name = ",
    "canonical = ",
    "compatible = ",
    "deprecated = ",
    "broken = ",
    "unverified = ",
    "owner = ",
    "note = ",
    "path = ",
    "status = ",
    "use-instead = ",
    "\"A\"",
    "\"pkg.mod\"",
    "\"pkg..x\"",
    "\"[PLACEHOLDER]\"",
    "\"broken\"",
    "\"gone\"",
    "[\"pkg.a\", \"pkg.b\"]",
    "[{ path = \"pkg.old\", use-instead = \"from pkg.a import A\" }]",
    "[{ pat = 1 }]",
    "[3]",
    "\"from x import Y\\nfrom z import W\"",
    "\n",
    "=",
    "\"",
];

const MARKDOWN_PIECES: &[&str] = &[
    "# Registry\n",
    "## auth_service Service\n",
    "### DEPRECATED\n",
    "```python\n",
    "```\n",
    "~~~\n",
    "from pkg.a import A",
    "from pkg.b import A, B as C",
    "from pkg import (\n",
    "    X,\n",
    ")\n",
    "import pkg.mod",
    "@patch('pkg.a.Cls.method')",
    "from . import x",
    "  # ✅ CANONICAL",
    "  # ❌ DEPRECATED: gone",
    "  # ❌ BROKEN",
    "  # ⚠️ LEGACY",
    "  # ❓",
    "# USE INSTEAD: from pkg.a import A\n",
    "# OWNER: team\n",
    "# NOTE: see docs\n",
    "\"\"\"\n",
    "[PLACEHOLDER]",
    "\n",
    "\t",
];

const BASELINE_PIECES: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"schema_version\"",
    "\"violations\"",
    "\"rule\"",
    "\"path\"",
    "\"message\"",
    "\"count\"",
    "\"env-access\"",
    "\"a.py\"",
    "\"m\"",
    "1",
    "0",
    "18446744073709551615",
    "-1",
    "null",
    "true",
];

const PYTHON_PIECES: &[&str] = &[
    "import os\n",
    "from os import environ as e\n",
    "from . import x\n",
    "from ..pkg import *\n",
    "os.environ['A']\n",
    "os.getenv('B')\n",
    "def f(a, *b, c=1, **d):\n",
    "async def g():\n",
    "class C(B, metaclass=M):\n",
    "    pass\n",
    "    return x\n",
    "    ",
    "if TYPE_CHECKING:\n",
    "try:\n",
    "except ImportError:\n",
    "match x:\n    case [a, *b] | {'k': c}:\n        pass\n",
    "lambda x: (yield x)\n",
    "f'{a!r:>{w}}'\n",
    "x = [i for i in range(3) if i]\n",
    "__all__ = ['a', 'b']\n",
    "globals()['x'] = 1\n",
    "((((((((",
    "))))))))",
    "[[[[",
    "\"\"\"",
    "'",
    "\\\n",
    "@decorator\n",
    "type X = int\n",
    "def h[T](x: T) -> T: ...\n",
    "importlib.import_module('a.b')\n",
    "  # ssotscan: ignore[env-access] why\n",
    "# ssotscan: ignore-file[",
    "# ssotscan:",
    " ignore",
    "[env-access, ",
    "]",
    "  # noqa #",
    "#ssotscan :ignore[é,\u{85}",
];

/// Bytes as a file may hold them: mostly Python, some arbitrary.
fn python_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        prop_oneof![
            6 => prop::sample::select(PYTHON_PIECES).prop_map(|p| p.as_bytes().to_vec()),
            1 => prop::collection::vec(any::<u8>(), 0..16),
        ],
        0..60,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn config_parser_answers_anything(text in prop_oneof![
        "\\PC{0,200}",
        from_pieces(CONFIG_PIECES, 40),
    ], pyproject in any::<bool>()) {
        let file = if pyproject { "pyproject.toml" } else { "ssotscan.toml" };
        in_time(move || {
            if let Ok(Some(config)) = parse_config(&text, Path::new(file)) {
                let _ = config.source_roots();
                let _ = ssotscan::rules::activate(&config.rules, &Default::default());
            }
        });
    }

    #[test]
    fn registry_parser_answers_anything(text in prop_oneof![
        "\\PC{0,200}",
        from_pieces(REGISTRY_PIECES, 40),
    ]) {
        in_time(move || {
            if let Ok(registry) = parse_registry(&text, "r.toml") {
                // What loads is written back as a registry that loads again.
                let written = toml_out::render(&registry, &[]);
                parse_registry(&written, "again.toml").expect("a written registry loads");
            }
        });
    }

    #[test]
    fn markdown_import_answers_anything_and_writes_a_registry_that_loads(text in prop_oneof![
        "\\PC{0,300}",
        from_pieces(MARKDOWN_PIECES, 60),
    ]) {
        in_time(move || {
            let imported = markdown::import(&text, "SSOT.md");
            let written = toml_out::render(&imported.registry, &[]);
            if let Err(e) = parse_registry(&written, "ssot-registry.toml") {
                panic!("the imported registry does not load: {e}\n--- markdown\n{text}\n--- toml\n{written}");
            }
        });
    }

    #[test]
    fn baseline_parser_answers_anything(text in prop_oneof![
        "\\PC{0,200}",
        from_pieces(BASELINE_PIECES, 60),
    ]) {
        in_time(move || {
            if let Ok(baseline) = Baseline::parse(&text, "b.json") {
                let _ = baseline.apply(&mut []);
            }
        });
    }

    #[test]
    fn any_bytes_as_python_source_give_facts_or_an_error(bytes in python_bytes()) {
        in_time(move || {
            if let Ok(text) = ssotscan::source::decode(bytes) {
                if let Ok(facts) = ssotscan::parse::extract(&text) {
                    // Every span lies inside the text.
                    for import in &facts.imports {
                        assert!(import.span.end as usize <= text.len());
                        assert!(import.span.start <= import.span.end);
                    }
                    let spans = facts.suppressions.iter().flat_map(|s| {
                        std::iter::once(s.span).chain(s.rules.iter().map(|r| r.span))
                    });
                    for span in spans {
                        assert!(span.start <= span.end && span.end as usize <= text.len());
                        assert!(text.is_char_boundary(span.start as usize));
                        assert!(text.is_char_boundary(span.end as usize));
                    }
                }
            }
        });
    }
}

/// A baseline whose counts add past `usize::MAX` is read, not an overflow.
#[test]
fn huge_baseline_counts_saturate() {
    let text = r#"{"schema_version": 1, "violations": [
        {"rule": "r", "path": "a.py", "message": "m", "count": 18446744073709551615},
        {"rule": "r", "path": "a.py", "message": "m", "count": 18446744073709551615}
    ]}"#;
    let baseline = Baseline::parse(text, "b.json").expect("a valid baseline");
    let stats = baseline.apply(&mut []);
    assert_eq!(stats.fixed, usize::MAX);
}
