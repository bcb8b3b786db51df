//! `deprecated-import`: imports through paths the SSOT registry lists as deprecated.

use super::registry_claims;
use super::rule::{Rule, RuleMeta, RuleOptions, RuleSpec};
use crate::diagnostic::Severity;
use crate::registry::Status;

pub static META: RuleMeta = RuleMeta {
    id: "deprecated-import",
    summary: "imports through paths the SSOT registry lists as deprecated",
    default_severity: Severity::Warning,
    docs: include_str!("../../rules/deprecated-import.md"),
    can_disable: true,
};

pub const SPEC: RuleSpec = RuleSpec { meta: &META, build };

fn build(options: &RuleOptions) -> Result<Box<dyn Rule>, String> {
    registry_claims::build_rule(options, Status::Deprecated)
}
