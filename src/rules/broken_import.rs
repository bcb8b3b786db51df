//! `broken-import`: imports of paths the SSOT registry lists as broken.

use super::registry_claims;
use super::rule::{Rule, RuleMeta, RuleOptions, RuleSpec};
use crate::diagnostic::Severity;
use crate::registry::Status;

pub static META: RuleMeta = RuleMeta {
    id: "broken-import",
    summary: "imports of paths the SSOT registry lists as broken",
    default_severity: Severity::Error,
    docs: include_str!("../../rules/broken-import.md"),
    can_disable: true,
};

pub const SPEC: RuleSpec = RuleSpec { meta: &META, build };

fn build(options: &RuleOptions) -> Result<Box<dyn Rule>, String> {
    registry_claims::build_rule(options, Status::Broken)
}
