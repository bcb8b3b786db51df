//! `parse-error`: a file that cannot be read, decoded or parsed cannot be shown to comply.

use super::rule::{Context, Rule, RuleMeta, RuleOptions, RuleSpec};
use crate::diagnostic::{Finding, Severity};

pub static META: RuleMeta = RuleMeta {
    id: "parse-error",
    summary: "a file that cannot be read, is not UTF-8, or does not parse",
    default_severity: Severity::Error,
    docs: include_str!("../../rules/parse-error.md"),
    can_disable: false,
};

pub const SPEC: RuleSpec = RuleSpec { meta: &META, build };

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {}

fn build(options: &RuleOptions) -> Result<Box<dyn Rule>, String> {
    let Options {} = options.parse()?;
    Ok(Box::new(ParseError))
}

struct ParseError;

impl Rule for ParseError {
    fn check_project(&self, ctx: &Context, out: &mut Vec<Finding>) {
        for (i, file) in ctx.files.iter().enumerate() {
            if let Err(e) = &file.facts {
                out.push(Finding::new(i, e.span, e.message.clone()));
            }
        }
    }
}
