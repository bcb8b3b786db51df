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
