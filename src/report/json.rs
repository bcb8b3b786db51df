//! `--format json`: the stable, versioned contract (schema_version 1).

use serde::Serialize;

use super::summary::Summary;
use crate::diagnostic::Violation;
use crate::output::{pretty, Tool, SCHEMA_VERSION, TOOL};

#[derive(Serialize)]
struct Report<'a> {
    schema_version: u32,
    tool: Tool,
    summary: &'a Summary,
    violations: &'a [Violation],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    warnings: &'a [String],
}

pub fn render(input: &super::input::Report) -> String {
    let report = Report {
        schema_version: SCHEMA_VERSION,
        tool: TOOL,
        summary: input.summary,
        violations: input.violations,
        warnings: input.warnings,
    };
    pretty(&report)
}
