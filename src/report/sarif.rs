//! `--format sarif`: SARIF 2.1.0 for code-scanning dashboards. Columns are Unicode code points
//! (`columnKind: unicodeCodePoints`), matching the other formats.

use serde_json::{json, Value};

use super::TOOL;
use crate::diagnostic::{Severity, Violation};
use crate::rules::ActiveRule;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// With a baseline, each result carries `baselineState` (`new` or `unchanged`).
pub fn render(rules: &[ActiveRule], violations: &[Violation], with_baseline: bool) -> String {
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
                        "artifactLocation": {"uri": v.path, "uriBaseId": "%SRCROOT%"},
                        "region": {
                            "startLine": v.line,
                            "startColumn": v.column,
                            "endLine": v.end_line,
                            "endColumn": v.end_column,
                        }
                    }
                }],
            });
            if with_baseline {
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
                                "artifactLocation": {"uri": r.path, "uriBaseId": "%SRCROOT%"},
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
    super::json::pretty(&sarif)
}
