//! `non-canonical-import`: registry symbols imported through a compatibility path instead of the canonical one.

use super::registry_claims;
use super::rule::{Rule, RuleMeta, RuleOptions, RuleSpec};
use crate::diagnostic::Severity;
use crate::registry::Status;

pub static META: RuleMeta = RuleMeta {
    id: "non-canonical-import",
    summary: "registry symbols imported through a compatibility path instead of the canonical one",
    default_severity: Severity::Info,
    docs: include_str!("../../rules/non-canonical-import.md"),
    can_disable: true,
};

pub const SPEC: RuleSpec = RuleSpec { meta: &META, build };

fn build(options: &RuleOptions) -> Result<Box<dyn Rule>, String> {
    registry_claims::build_rule(options, Status::Compatible)
}
