//! `--format json`: the stable, versioned contract (schema_version 1).

use serde::Serialize;

use super::summary::Summary;
use super::{Tool, TOOL};
use crate::diagnostic::Violation;

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Report<'a> {
    schema_version: u32,
    tool: Tool,
    summary: &'a Summary,
    violations: &'a [Violation],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    warnings: &'a [String],
}

pub fn render(summary: &Summary, violations: &[Violation], warnings: &[String]) -> String {
    let report = Report {
        schema_version: SCHEMA_VERSION,
        tool: TOOL,
        summary,
        violations,
        warnings,
    };
    pretty(&report)
}

/// A JSON document of a command other than `check`, with the header every JSON output of the
/// tool starts with: `schema_version` and `tool`, then `body`'s own fields.
pub fn versioned<T: Serialize>(body: &T) -> String {
    #[derive(Serialize)]
    struct Versioned<'a, T> {
        schema_version: u32,
        tool: Tool,
        #[serde(flatten)]
        body: &'a T,
    }
    pretty(&Versioned {
        schema_version: SCHEMA_VERSION,
        tool: TOOL,
        body,
    })
}

/// Pretty-printed JSON with a final newline (every JSON output of the tool).
pub fn pretty<T: Serialize>(value: &T) -> String {
    let mut s =
        serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}
