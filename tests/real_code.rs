//! Findings on shapes met in real code (issue 15: Airflow, Salt, aiohttp): each test is the
//! smallest project that showed a wrong finding.

mod common;

use common::{project, run};

/// aiohttp: `from ._http_parser import HttpRequestParser` where `_http_parser.pyx` is compiled
/// into an extension module at build time. A `.pyx` or `.pxd` beside the package's modules is a
/// module, as a built `.so` is.
#[test]
fn cython_sources_are_modules() {
    let dir = project(&[
        ("aio/__init__.py", ""),
        ("aio/_http_parser.pyx", "cdef class HttpRequestParser:\n    pass\n"),
        ("aio/_helpers.pxd", "cdef int helper()\n"),
        (
            "aio/http_parser.py",
            "try:\n    from ._http_parser import HttpRequestParser\nexcept ImportError:\n    HttpRequestParser = None\n\
             from aio._helpers import helper\nimport aio._http_parser\nfrom ._missing import Nope\n",
        ),
    ]);
    let out = run(
        dir.path(),
        &[
            "--no-config",
            "check",
            "--select",
            "unresolved-import",
            "--no-frames",
        ],
    );
    let findings: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.starts_with("aio/"))
        .collect();
    assert_eq!(findings.len(), 1, "{}", out.stdout);
    assert!(
        findings[0].starts_with(
            "aio/http_parser.py:7:1: unresolved-import: module `aio._missing` not found"
        ),
        "{}",
        out.stdout
    );
}

/// Airflow (`globals()` writes in a package's `__getattr__`) and Salt (an import hook in the
/// top package): a mistyped submodule is reported, an error for the first, a warning naming the
/// package for the second (it may provide modules at run time).
#[test]
fn packages_that_make_names_or_modules_at_run_time() {
    let dir = project(&[
        (
            "airflow/__init__.py",
            "def __getattr__(name):\n    globals()[name] = value = load(name)\n    return value\n",
        ),
        (
            "airflow/models/__init__.py",
            "from airflow.models.dag import DAG\n",
        ),
        ("airflow/models/dag.py", "class DAG:\n    pass\n"),
        (
            "salt/__init__.py",
            "import sys\nclass Hook:\n    pass\nsys.meta_path.insert(0, Hook())\n",
        ),
        (
            "app.py",
            "from airflow.models.dagg import DAG\nfrom salt.nothere import x\n",
        ),
    ]);
    let out = run(
        dir.path(),
        &[
            "--no-config",
            "check",
            "--select",
            "unresolved-import",
            "--format",
            "json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let found: Vec<(u64, &str, &str)> = v["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["line"].as_u64().unwrap(),
                x["severity"].as_str().unwrap(),
                x["message"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!((found[0].0, found[0].1), (1, "error"));
    assert!(
        found[0]
            .2
            .starts_with("module `airflow.models.dagg` not found"),
        "{}",
        found[0].2
    );
    assert_eq!((found[1].0, found[1].1), (2, "warning"));
    assert!(
        found[1].2.ends_with("`salt` makes modules at run time (an import hook or a `sys.modules` write), which may provide it"),
        "{}",
        found[1].2
    );
}
