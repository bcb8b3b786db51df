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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::duplicates::test_support::check_project;
    use crate::model::test_support::scanned;

    #[test]
    fn every_file_without_facts_is_one_finding_at_its_error() {
        let files = vec![
            scanned("a.py", "x = 1\n"),
            scanned("b.py", "def f(:\n    pass\n"),
            scanned("c.py", ""),
        ];
        let found = check_project(&ParseError, &files);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].file, 1);
        assert_eq!(found[0].span.line, 1);
        assert!(
            found[0].message.starts_with("syntax error: "),
            "{}",
            found[0].message
        );
        assert!(build(&RuleOptions::default()).is_ok());
        let mut table = toml::Table::new();
        table.insert("allow".into(), toml::Value::Array(vec![]));
        assert!(
            build(&RuleOptions { table }).is_err(),
            "it takes no options"
        );
    }
}
