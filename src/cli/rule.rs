//! `ssotscan rule <id>`: print a rule's documentation; `--all` lists every rule.

use std::process::ExitCode;

use clap::Args;

use crate::error::Error;
use crate::rules::{find, ALL_RULES};

#[derive(Debug, Args)]
pub struct RuleArgs {
    /// The rule id, e.g. `env-access`.
    #[arg(required_unless_present = "all")]
    pub id: Option<String>,
    /// List every rule with its default severity and summary.
    #[arg(long)]
    pub all: bool,
}

pub fn run(args: &RuleArgs) -> Result<ExitCode, Error> {
    let text = if args.all {
        let width = ALL_RULES.iter().map(|r| r.meta.id.len()).max().unwrap_or(0);
        ALL_RULES
            .iter()
            .map(|r| {
                format!(
                    "{:width$}  {:7}  {}\n",
                    r.meta.id,
                    r.meta.default_severity.as_str(),
                    r.meta.summary
                )
            })
            .collect()
    } else {
        let id = args.id.as_deref().unwrap_or_default();
        let spec = find(id).ok_or_else(|| {
            let ids: Vec<_> = ALL_RULES.iter().map(|r| r.meta.id).collect();
            Error::Usage(format!("unknown rule `{id}` (rules: {})", ids.join(", ")))
        })?;
        spec.meta.docs.to_string()
    };
    super::global::emit(None, &text)?;
    Ok(ExitCode::SUCCESS)
}
