//! Rules: each is one unit (an id, a default severity, its docs in `rules/<id>.md`, its options
//! and its check) registered once in [`ALL_RULES`]. Rules judge facts; they never see source
//! text or an AST.

mod banned_import;
mod broken_import;
mod deprecated_import;
pub mod duplicate_body;
pub mod duplicate_definition;
mod env_access;
mod non_canonical_import;
mod parse_error;
mod registry_claims;
mod unresolved_import;
mod unused_suppression;

mod rule;

use std::collections::BTreeMap;

use crate::diagnostic::Severity;
use crate::error::Error;

pub use rule::{Context, Rule, RuleMeta, RuleOptions, RuleSpec, SuppressionOutcome};

/// Every rule, in documentation order. Adding a rule: a module here plus one line below.
pub static ALL_RULES: &[RuleSpec] = &[
    parse_error::SPEC,
    env_access::SPEC,
    duplicate_definition::SPEC,
    duplicate_body::SPEC,
    unresolved_import::SPEC,
    broken_import::SPEC,
    deprecated_import::SPEC,
    non_canonical_import::SPEC,
    banned_import::SPEC,
    unused_suppression::SPEC,
];

pub fn find(id: &str) -> Option<&'static RuleSpec> {
    ALL_RULES.iter().find(|r| r.meta.id == id)
}

/// An enabled rule with its effective severity.
pub struct ActiveRule {
    pub meta: &'static RuleMeta,
    pub severity: Severity,
    pub rule: Box<dyn Rule>,
}

/// Which rules run: `--select`, `--ignore` and the config's per-rule `severity`.
#[derive(Debug, Default, Clone)]
pub struct Selection {
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
}

fn unknown_rule(id: &str) -> String {
    let ids: Vec<_> = ALL_RULES.iter().map(|r| r.meta.id).collect();
    format!("unknown rule `{id}` (rules: {})", ids.join(", "))
}

/// A bad `severity` of `[rules.<id>]`.
fn severity_error(id: &str, message: String, help: &str) -> Error {
    Error::ConfigKey {
        key: vec!["rules".into(), id.into(), "severity".into()],
        context: Some(format!("[rules.{id}]")),
        message,
        help: Some(help.into()),
    }
}

/// A rule's options were refused with `message`: the error at the option to blame, which is
/// found by building the rule again without each option in turn (the first whose absence
/// changes the outcome), else at the rule's table.
pub fn option_error(id: &str, config: &BTreeMap<String, toml::Table>, message: String) -> Error {
    let mut key = vec!["rules".to_string(), id.to_string()];
    if let (Some(spec), Some(table)) = (find(id), config.get(id)) {
        let culprit = table.keys().filter(|k| *k != "severity").find(|k| {
            let mut without = table.clone();
            without.remove("severity");
            without.remove(k.as_str());
            (spec.build)(&RuleOptions { table: without }).err().as_ref() != Some(&message)
        });
        key.extend(culprit.cloned());
    }
    Error::ConfigKey {
        key,
        context: Some(format!("[rules.{id}]")),
        help: Some(format!(
            "`ssotscan rule {id}` shows the rule's options (its Configuration section)"
        )),
        message,
    }
}

/// Builds the active rules from configuration and selection.
pub fn activate(
    config: &BTreeMap<String, toml::Table>,
    selection: &Selection,
) -> Result<Vec<ActiveRule>, Error> {
    for id in selection.select.iter().flatten().chain(&selection.ignore) {
        let spec = find(id).ok_or_else(|| Error::Usage(unknown_rule(id)))?;
        if selection.ignore.contains(id) && !spec.meta.can_disable {
            return Err(Error::Usage(format!(
                "`{id}` cannot be ignored: a file that does not parse cannot be shown to comply"
            )));
        }
    }
    for id in config.keys() {
        if find(id).is_none() {
            let ids: Vec<&str> = ALL_RULES.iter().map(|r| r.meta.id).collect();
            let help = match crate::config::closest(id, &ids) {
                Some(near) => {
                    format!("did you mean `{near}`? (`ssotscan rule --all` lists the rules)")
                }
                None => format!("the rules: {}", ids.join(", ")),
            };
            return Err(Error::ConfigKey {
                key: vec!["rules".into(), id.clone()],
                context: None,
                message: unknown_rule(id),
                help: Some(help),
            });
        }
    }
    let mut active = Vec::new();
    for spec in ALL_RULES {
        let id = spec.meta.id;
        let mut table = config.get(id).cloned().unwrap_or_default();
        let severity = match table.remove("severity") {
            None => Some(spec.meta.default_severity),
            Some(toml::Value::String(s)) => match s.as_str() {
                "error" => Some(Severity::Error),
                "warning" => Some(Severity::Warning),
                "info" => Some(Severity::Info),
                "off" if spec.meta.can_disable => None,
                "off" => {
                    return Err(severity_error(
                        id,
                        "this rule cannot be turned off".into(),
                        "a file that does not parse cannot be shown to comply: give it error, \
                         warning or info",
                    ))
                }
                other => {
                    return Err(severity_error(
                        id,
                        format!("severity `{other}` is not one of error, warning, info, off"),
                        "severity = \"error\" | \"warning\" | \"info\" | \"off\"",
                    ))
                }
            },
            Some(other) => {
                return Err(severity_error(
                    id,
                    format!(
                        "severity must be a string (error, warning, info, off), not {}",
                        other.type_str()
                    ),
                    "severity = \"error\" | \"warning\" | \"info\" | \"off\"",
                ))
            }
        };
        // Options are validated even when the rule is not selected, so typos never hide.
        let rule = (spec.build)(&RuleOptions {
            table: table.clone(),
        })
        .map_err(|e| option_error(id, config, e))?;
        let selected = spec.meta.can_disable.then(|| {
            selection
                .select
                .as_ref()
                .is_none_or(|s| s.iter().any(|x| x == id))
                && !selection.ignore.iter().any(|x| x == id)
        });
        if let (Some(severity), Some(true) | None) = (severity, selected) {
            active.push(ActiveRule {
                meta: spec.meta,
                severity,
                rule,
            });
        }
    }
    Ok(active)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_docs_with_the_required_sections() {
        for spec in ALL_RULES {
            let docs = spec.meta.docs;
            assert!(
                docs.starts_with(&format!("# {}\n", spec.meta.id)),
                "{}",
                spec.meta.id
            );
            for section in [
                "## What it does",
                "## Why it matters",
                "## Example",
                "## Configuration",
            ] {
                assert!(docs.contains(section), "{} lacks {section}", spec.meta.id);
            }
        }
    }

    #[test]
    fn selection_and_severity() {
        let none = BTreeMap::new();
        let ids = |a: &[ActiveRule]| a.iter().map(|r| r.meta.id).collect::<Vec<_>>();
        let all = activate(&none, &Selection::default()).unwrap();
        assert_eq!(
            ids(&all),
            vec![
                "parse-error",
                "env-access",
                "duplicate-definition",
                "duplicate-body",
                "unresolved-import",
                "broken-import",
                "deprecated-import",
                "non-canonical-import",
                "banned-import",
                "unused-suppression"
            ]
        );
        let sel = Selection {
            select: Some(vec!["parse-error".into()]),
            ignore: vec![],
        };
        assert_eq!(ids(&activate(&none, &sel).unwrap()), vec!["parse-error"]);
        let bad = Selection {
            select: None,
            ignore: vec!["parse-error".into()],
        };
        assert!(activate(&none, &bad).is_err());
        let mut cfg = BTreeMap::new();
        cfg.insert(
            "env-access".to_string(),
            toml::from_str("severity = 'off'").unwrap(),
        );
        let mut without_env = ids(&all);
        without_env.retain(|id| *id != "env-access");
        assert_eq!(
            ids(&activate(&cfg, &Selection::default()).unwrap()),
            without_env
        );
        cfg.insert(
            "env-access".to_string(),
            toml::from_str("severity = 'loud'").unwrap(),
        );
        assert!(activate(&cfg, &Selection::default()).is_err());
        cfg.insert(
            "env-access".to_string(),
            toml::from_str("alow = []").unwrap(),
        );
        let err = activate(&cfg, &Selection::default())
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("unknown field `alow`"), "{err}");
        cfg.clear();
        cfg.insert("no-such".to_string(), toml::Table::new());
        assert!(activate(&cfg, &Selection::default()).is_err());
    }
}
