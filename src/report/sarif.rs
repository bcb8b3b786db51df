//! `--format sarif`: SARIF 2.1.0 for code-scanning dashboards. Columns are Unicode code points
//! (`columnKind: unicodeCodePoints`), matching the other formats.

use std::borrow::Cow;

use serde::Serialize;

use crate::diagnostic::{Severity, Violation};
use crate::output::TOOL;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
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

// The SARIF log, as typed structs borrowed from the report: results are serialized one at a
// time, straight into the output (a `serde_json::Value` tree took about 10 KB per result).
// Fields are in alphabetical order, the order of every SARIF output so far.

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [Run<'a>; 1],
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    column_kind: &'static str,
    results: Results<'a>,
    tool: Tool<'a>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
struct Driver<'a> {
    name: &'static str,
    rules: Vec<RuleObject<'a>>,
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleObject<'a> {
    default_configuration: Level,
    help: Help<'a>,
    id: &'a str,
    short_description: Text<'a>,
}

#[derive(Serialize)]
struct Level {
    level: &'static str,
}

#[derive(Serialize)]
struct Help<'a> {
    markdown: &'a str,
    text: &'a str,
}

#[derive(Serialize)]
struct Text<'a> {
    text: Cow<'a, str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultObject<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline_state: Option<&'static str>,
    level: &'static str,
    locations: [Location; 1],
    message: Text<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<RelatedLocation>,
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<SuppressionObject<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RelatedLocation {
    id: usize,
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<u32>,
    start_line: u32,
}

impl Region {
    fn line(line: u32) -> Region {
        Region {
            end_column: None,
            end_line: None,
            start_column: None,
            start_line: line,
        }
    }
}

#[derive(Serialize)]
struct SuppressionObject<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    justification: Option<&'a str>,
    kind: &'static str,
    location: Location,
}

/// Where a file is, as SARIF says it: a URI reference relative to `%SRCROOT%` (the project root),
/// or a `file://` URI for a file outside the root (shown with its absolute path).
fn artifact_location(path: &str) -> ArtifactLocation {
    match path.strip_prefix('/') {
        Some(absolute) => ArtifactLocation {
            uri: format!("file:///{}", percent_encode_path(absolute)),
            uri_base_id: None,
        },
        None => ArtifactLocation {
            uri: percent_encode_path(path),
            uri_base_id: Some("%SRCROOT%"),
        },
    }
}

/// The results, made one at a time as they are written.
struct Results<'a> {
    violations: &'a [Violation],
    with_baseline: bool,
}

impl Serialize for Results<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(
            self.violations
                .iter()
                .map(|v| result_object(v, self.with_baseline)),
        )
    }
}

/// With a baseline, each result that is not suppressed carries `baselineState` (`new` or
/// `unchanged`); a suppressed result carries `suppressions` (`inSource`, the comment's line, the
/// reason as `justification`).
fn result_object(v: &Violation, with_baseline: bool) -> ResultObject<'_> {
    let suppressions = match &v.suppression {
        // Suppressed results are listed, with where and why (SARIF §3.35).
        Some(s) => vec![SuppressionObject {
            justification: s.reason.as_deref(),
            kind: "inSource",
            location: Location {
                physical_location: PhysicalLocation {
                    artifact_location: artifact_location(&v.path),
                    region: Region::line(s.line),
                },
            },
        }],
        None => Vec::new(),
    };
    // Suppressed violations are never in a baseline: they have no baseline state.
    let baseline_state = (with_baseline && v.suppression.is_none()).then_some(if v.baselined {
        "unchanged"
    } else {
        "new"
    });
    ResultObject {
        baseline_state,
        level: level(v.severity),
        locations: [Location {
            physical_location: PhysicalLocation {
                artifact_location: artifact_location(&v.path),
                region: Region {
                    end_column: Some(v.end_column),
                    end_line: Some(v.end_line),
                    start_column: Some(v.column),
                    start_line: v.line,
                },
            },
        }],
        message: Text {
            text: match &v.fix {
                Some(fix) => Cow::Owned(format!("{} (fix: {fix})", v.message)),
                None => Cow::Borrowed(&v.message),
            },
        },
        related_locations: v
            .related
            .iter()
            .enumerate()
            .map(|(i, r)| RelatedLocation {
                id: i,
                physical_location: PhysicalLocation {
                    artifact_location: artifact_location(&r.path),
                    region: Region::line(r.line),
                },
            })
            .collect(),
        rule_id: v.rule,
        suppressions,
    }
}

pub fn render(report: &super::input::Report) -> String {
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        runs: [Run {
            column_kind: "unicodeCodePoints",
            results: Results {
                violations: report.violations,
                with_baseline: report.with_baseline,
            },
            tool: Tool {
                driver: Driver {
                    name: TOOL.name,
                    rules: report
                        .rules
                        .iter()
                        .map(|r| RuleObject {
                            default_configuration: Level {
                                level: level(r.severity),
                            },
                            help: Help {
                                markdown: r.meta.docs,
                                text: r.meta.docs,
                            },
                            id: r.meta.id,
                            short_description: Text {
                                text: Cow::Borrowed(r.meta.summary),
                            },
                        })
                        .collect(),
                    version: TOOL.version,
                },
            },
        }],
        version: "2.1.0",
    };
    crate::output::pretty(&log)
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
