//! `--format sarif`: SARIF 2.1.0 for code-scanning dashboards. Columns are Unicode code points
//! (`columnKind: unicodeCodePoints`), matching the other formats.

use serde_json::{json, Value};

use crate::diagnostic::Severity;
use crate::output::TOOL;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Where a file is, as SARIF says it: a URI reference relative to `%SRCROOT%` (the project root),
/// or a `file://` URI for a file outside the root (shown with its absolute path).
fn artifact_location(path: &str) -> Value {
    match path.strip_prefix('/') {
        Some(absolute) => json!({"uri": format!("file:///{}", percent_encode_path(absolute))}),
        None => json!({"uri": percent_encode_path(path), "uriBaseId": "%SRCROOT%"}),
    }
}

/// A shown path (`crate::discovery` escapes: `\\`, `\xNN`, `\u{NNNN}`) as the path of a URI
/// reference: the file name's real bytes, each one that is not an unreserved character or `/`
/// percent-encoded (RFC 3986), so `a#b.py`, `q?x.py`, `sp ace%20.py` and `c:x.py` stay file names
/// and never become fragments, queries, escapes or schemes.
pub(crate) fn percent_encode_path(shown: &str) -> String {
    let mut out = String::with_capacity(shown.len());
    let mut push = |b: u8| {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    };
    let mut rest = shown;
    while let Some(c) = rest.chars().next() {
        // Undo the escapes of shown paths: the URI names the file itself.
        let escaped = rest.strip_prefix('\\').and_then(|e| {
            if let Some(after) = e.strip_prefix('\\') {
                return Some((vec![b'\\'], after));
            }
            if let Some(hex) = e.strip_prefix('x').and_then(|h| h.get(..2)) {
                let byte = u8::from_str_radix(hex, 16).ok()?;
                return Some((vec![byte], &e[3..]));
            }
            let body = e.strip_prefix("u{")?;
            let end = body.find('}')?;
            let ch = char::from_u32(u32::from_str_radix(&body[..end], 16).ok()?)?;
            Some((ch.to_string().into_bytes(), &body[end + 1..]))
        });
        match escaped {
            Some((bytes, after)) => {
                bytes.into_iter().for_each(&mut push);
                rest = after;
            }
            None => {
                let mut buf = [0u8; 4];
                c.encode_utf8(&mut buf).bytes().for_each(&mut push);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out
}

/// With a baseline, each result that is not suppressed carries `baselineState` (`new` or
/// `unchanged`); a suppressed result carries `suppressions` (`inSource`, the comment's line, the
/// reason as `justification`).
pub fn render(report: &super::input::Report) -> String {
    let (rules, violations, with_baseline) =
        (report.rules, report.violations, report.with_baseline);
    let rule_objs: Vec<Value> = rules
        .iter()
        .map(|r| {
            json!({
                "id": r.meta.id,
                "shortDescription": {"text": r.meta.summary},
                "help": {"text": r.meta.docs, "markdown": r.meta.docs},
                "defaultConfiguration": {"level": level(r.severity)},
            })
        })
        .collect();
    let results: Vec<Value> = violations
        .iter()
        .map(|v| {
            let mut result = json!({
                "ruleId": v.rule,
                "level": level(v.severity),
                "message": {"text": match &v.fix {
                    Some(fix) => format!("{} (fix: {fix})", v.message),
                    None => v.message.clone(),
                }},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": artifact_location(&v.path),
                        "region": {
                            "startLine": v.line,
                            "startColumn": v.column,
                            "endLine": v.end_line,
                            "endColumn": v.end_column,
                        }
                    }
                }],
            });
            if let Some(suppression) = &v.suppression {
                // Suppressed results are listed, with where and why (SARIF §3.35).
                let mut s = json!({
                    "kind": "inSource",
                    "location": {
                        "physicalLocation": {
                            "artifactLocation": artifact_location(&v.path),
                            "region": {"startLine": suppression.line},
                        }
                    },
                });
                if let Some(reason) = &suppression.reason {
                    s["justification"] = json!(reason);
                }
                result["suppressions"] = json!([s]);
            } else if with_baseline {
                // Suppressed violations are never in a baseline: they have no baseline state.
                result["baselineState"] = json!(if v.baselined { "unchanged" } else { "new" });
            }
            if !v.related.is_empty() {
                result["relatedLocations"] = v
                    .related
                    .iter()
                    .enumerate()
                    .map(|(i, r)| {
                        json!({
                            "id": i,
                            "physicalLocation": {
                                "artifactLocation": artifact_location(&r.path),
                                "region": {"startLine": r.line},
                            }
                        })
                    })
                    .collect();
            }
            result
        })
        .collect();
    let sarif = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": TOOL.name,
                "version": TOOL.version,
                "rules": rule_objs,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    crate::output::pretty(&sarif)
}

#[cfg(test)]
mod tests {
    use super::percent_encode_path;

    #[test]
    fn paths_become_uri_references_of_the_real_file_names() {
        for (shown, uri) in [
            ("pkg/app.py", "pkg/app.py"),
            ("a#b.py", "a%23b.py"),
            ("q?x.py", "q%3Fx.py"),
            ("sp ace%20.py", "sp%20ace%2520.py"),
            ("c:x.py", "c%3Ax.py"),
            ("{{module_name}}.py", "%7B%7Bmodule_name%7D%7D.py"),
            ("é.py", "%C3%A9.py"),
            // Escapes of shown paths are the bytes they stand for.
            ("m\\xff.py", "m%FF.py"),
            ("m\\\\xff.py", "m%5Cxff.py"),
            ("a\\x0ab.py", "a%0Ab.py"),
            ("a\\u{0085}.py", "a%C2%85.py"),
        ] {
            assert_eq!(percent_encode_path(shown), uri, "{shown}");
        }
    }
}
