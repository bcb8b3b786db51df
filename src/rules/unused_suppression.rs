//! `unused-suppression`: inline suppressions (`# ssotscan: ignore[...]`) that suppressed nothing,
//! and those that cannot suppress anything (no rule ids, malformed, an `ignore-file` past the
//! first lines, no reason under `require-reason`, an unknown rule id).
//!
//! It judges what `crate::suppress` found when it matched the suppressions against the other
//! rules' violations ([`Rule::check_suppressions`]), so it sees every rule, file-local or project.

use super::rule::{Context, Rule, RuleMeta, RuleOptions, RuleSpec, SuppressionOutcome};
use crate::diagnostic::{Finding, Severity};
use crate::facts::{Malformed, Suppression, SuppressionScope, FILE_SUPPRESSION_LINES};

pub static META: RuleMeta = RuleMeta {
    id: "unused-suppression",
    summary: "an inline suppression that suppressed nothing, or cannot (no rule ids, unknown rule, malformed, misplaced, no reason)",
    default_severity: Severity::Warning,
    docs: include_str!("../../rules/unused-suppression.md"),
    can_disable: true,
};

pub const SPEC: RuleSpec = RuleSpec { meta: &META, build };

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {}

fn build(options: &RuleOptions) -> Result<Box<dyn Rule>, String> {
    let Options {} = options.parse()?;
    Ok(Box::new(UnusedSuppression))
}

struct UnusedSuppression;

/// What a directive looks like, for messages and fixes.
const SYNTAX: &str = "# ssotscan: ignore[RULE, ...] REASON";

impl Rule for UnusedSuppression {
    fn check_suppressions(
        &self,
        ctx: &Context,
        outcome: &SuppressionOutcome,
        out: &mut Vec<Finding>,
    ) {
        for (i, file) in ctx.files.iter().enumerate() {
            let Ok(facts) = &file.facts else { continue };
            for (k, s) in facts.suppressions.iter().enumerate() {
                judge(i, k, s, ctx.config.require_reason, outcome, out);
            }
        }
    }
}

fn directive(scope: SuppressionScope) -> &'static str {
    match scope {
        SuppressionScope::Line => "ignore",
        SuppressionScope::File => "ignore-file",
    }
}

/// The findings of suppression `k` of file `file`.
fn judge(
    file: usize,
    k: usize,
    s: &Suppression,
    require_reason: bool,
    outcome: &SuppressionOutcome,
    out: &mut Vec<Finding>,
) {
    let name = directive(s.scope);
    if let Some(malformed) = &s.malformed {
        let message = match malformed {
            Malformed::NoRules => format!(
                "`# ssotscan: {name}` without rule ids suppresses nothing: a suppression must name the rules it suppresses (blanket suppressions are refused)"
            ),
            Malformed::Unclosed => format!(
                "`# ssotscan: {name}[` without its closing `]` suppresses nothing"
            ),
            Malformed::UnknownDirective(word) => {
                let mut m = if word.is_empty() {
                    "`# ssotscan:` without a directive suppresses nothing".to_string()
                } else {
                    format!("unknown directive `# ssotscan: {word}` suppresses nothing")
                };
                m.push_str(" (the directives are `ignore[...]` and `ignore-file[...]`)");
                if let Some(best) = did_you_mean(word, ["ignore", "ignore-file"]) {
                    m.push_str(&format!("; did you mean `{best}`?"));
                }
                m
            }
        };
        out.push(Finding::new(file, s.span, message).fix(format!("write `{SYNTAX}`")));
        return;
    }
    let mut applied = true;
    if s.scope == SuppressionScope::File && s.span.line > FILE_SUPPRESSION_LINES {
        applied = false;
        out.push(
            Finding::new(
                file,
                s.span,
                format!(
                    "`ignore-file` on line {} suppresses nothing: it is read only in a file's first {FILE_SUPPRESSION_LINES} lines",
                    s.span.line
                ),
            )
            .fix("move it to the top of the file"),
        );
    } else if require_reason && s.reason.is_none() {
        applied = false;
        let ids: Vec<&str> = s.rules.iter().map(|r| r.id.as_str()).collect();
        out.push(
            Finding::new(
                file,
                s.span,
                "suppression without a reason suppresses nothing (`require-reason = true`)",
            )
            .fix(format!(
                "say why after the brackets: `# ssotscan: {name}[{}] REASON`",
                ids.join(", ")
            )),
        );
    }
    for (r, rule) in s.rules.iter().enumerate() {
        let id = rule.id.as_str();
        let finding = |message: String| Finding::new(file, rule.span, message);
        if s.rules[..r].iter().any(|earlier| earlier.id == rule.id) {
            out.push(finding(format!(
                "`{id}` is named twice in this suppression"
            )));
            continue;
        }
        match outcome
            .known
            .iter()
            .map(|spec| spec.meta)
            .find(|meta| meta.id == id)
        {
            None => {
                let mut message = format!("unknown rule `{id}` in a suppression");
                if let Some(best) = did_you_mean(id, outcome.known.iter().map(|spec| spec.meta.id))
                {
                    message.push_str(&format!("; did you mean `{best}`?"));
                }
                out.push(finding(message));
            }
            Some(meta) if !meta.can_disable => out.push(finding(format!(
                "`{id}` cannot be suppressed: a file that does not parse carries no suppressions"
            ))),
            // Judging would need a suppression of the suppression: never reported unused.
            Some(meta) if meta.id == META.id => {}
            // Only what ran can be judged (`--select`, `severity = "off"`).
            Some(meta) if !outcome.ran.contains(&meta.id) => {}
            Some(_) if !applied || outcome.used.contains(&(file, k, r)) => {}
            Some(_) => {
                let place = match s.scope {
                    SuppressionScope::Line => "on this line",
                    SuppressionScope::File => "in this file",
                };
                let fix = if s.rules.len() == 1 {
                    "remove the comment".to_string()
                } else {
                    format!("remove `{id}` from the comment")
                };
                out.push(
                    finding(format!(
                        "unused suppression: no `{id}` violation {place} to suppress"
                    ))
                    .fix(fix),
                );
            }
        }
    }
}

/// The closest of `candidates` to `word`, when it is close enough to be a typo.
fn did_you_mean<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (strsim::levenshtein(word, c), c))
        .filter(|&(d, _)| d > 0 && d <= limit)
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let ids = ["env-access", "unresolved-import", "parse-error"];
        assert_eq!(did_you_mean("env-acces", ids), Some("env-access"));
        assert_eq!(did_you_mean("envaccess", ids), Some("env-access"));
        assert_eq!(
            did_you_mean("unresolved-imports", ids),
            Some("unresolved-import")
        );
        assert_eq!(did_you_mean("E501", ids), None);
        assert_eq!(
            did_you_mean("ignroe", ["ignore", "ignore-file"]),
            Some("ignore")
        );
        assert_eq!(did_you_mean("", ["ignore", "ignore-file"]), None);
    }

    #[test]
    fn takes_no_options() {
        assert!(build(&RuleOptions::default()).is_ok());
        let mut table = toml::Table::new();
        table.insert("x".into(), toml::Value::Boolean(true));
        assert!(build(&RuleOptions { table }).is_err());
    }
}
