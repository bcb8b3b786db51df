//! Inline suppressions, applied after every rule ran: a violation whose rule a
//! `# ssotscan: ignore[...]` comment on its first line names (or an `ignore-file[...]` in the
//! file's first lines) is marked suppressed ([`Violation::suppression`]), never removed. Then the
//! rules that judge suppressions (`unused-suppression`, [`Rule::check_suppressions`]) run on what
//! matched, and their findings are matched against the suppressions in turn.
//!
//! A suppression applies when it is well-formed, well placed
//! ([`Suppression::is_well_placed`]) and, with `require-reason = true`, gives a reason. Where a
//! line suppression and a file suppression both name a violation's rule, the line suppression
//! is the one that suppressed it (and the one whose reason the violation carries). Violations of
//! a rule that cannot be turned off (`parse-error`) are never suppressed.
//!
//! [`Rule::check_suppressions`]: crate::rules::Rule::check_suppressions

use rustc_hash::{FxHashMap, FxHashSet};

use crate::config::Config;
use crate::diagnostic::{Suppressed, Violation};
use crate::facts::{Suppression, SuppressionScope};
use crate::model::ScannedFile;
use crate::rules::{ActiveRule, Context, SuppressionOutcome, ALL_RULES};

/// (file index, suppression index, rule index) of a rule id that suppressed something.
type Used = FxHashSet<(usize, usize, usize)>;

/// Marks the suppressed `violations` (sorted, as the scan makes them) and adds the findings of
/// the rules that judge suppressions; `violations` stays sorted.
pub fn apply(ctx: &Context, rules: &[ActiveRule], violations: &mut Vec<Violation>) {
    let any = ctx
        .files
        .iter()
        .any(|f| f.facts.as_ref().is_ok_and(|f| !f.suppressions.is_empty()));
    if !any {
        return;
    }
    let mut used = Used::default();
    mark(ctx.files, ctx.config, violations, &mut used);
    let ran: Vec<&'static str> = rules.iter().map(|r| r.meta.id).collect();
    let mut added = Vec::new();
    {
        let outcome = SuppressionOutcome {
            known: ALL_RULES,
            ran: &ran,
            used: &used,
        };
        for active in rules {
            let mut found = Vec::new();
            active.rule.check_suppressions(ctx, &outcome, &mut found);
            added.extend(found.into_iter().map(|f| {
                let file = &ctx.files[f.file].file;
                Violation::from_finding(active.meta.id, active.severity, file, f)
            }));
        }
    }
    if added.is_empty() {
        return;
    }
    added.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    // What judges suppressions can be suppressed too: `ignore[unused-suppression]`.
    mark(ctx.files, ctx.config, &mut added, &mut used);
    violations.append(&mut added);
    violations.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    violations.dedup();
}

/// Whether suppression `s` suppresses anything at all under `config`.
pub fn applies(s: &Suppression, config: &Config) -> bool {
    s.is_well_placed() && (!config.require_reason || s.reason.is_some())
}

/// Marks the violations (sorted by path) a suppression names, noting which rule ids matched.
fn mark(files: &[ScannedFile], config: &Config, violations: &mut [Violation], used: &mut Used) {
    let unsuppressible: Vec<&str> = ALL_RULES
        .iter()
        .filter(|spec| !spec.meta.can_disable)
        .map(|spec| spec.meta.id)
        .collect();
    for group in violations.chunk_by_mut(|a, b| a.path == b.path) {
        let Ok(i) = files.binary_search_by(|f| f.file.rel.as_str().cmp(&group[0].path)) else {
            continue;
        };
        let Ok(facts) = &files[i].facts else { continue };
        if facts.suppressions.is_empty() {
            continue;
        }
        // The suppressions that apply: line ones by line, file ones in order.
        let mut by_line: FxHashMap<u32, Vec<usize>> = FxHashMap::default();
        let mut whole_file = Vec::new();
        for (k, s) in facts.suppressions.iter().enumerate() {
            if !applies(s, config) {
                continue;
            }
            match s.scope {
                SuppressionScope::Line => by_line.entry(s.span.line).or_default().push(k),
                SuppressionScope::File => whole_file.push(k),
            }
        }
        for v in group.iter_mut() {
            if v.is_suppressed() || unsuppressible.contains(&v.rule) {
                continue;
            }
            let naming = |k: &usize| {
                let s = &facts.suppressions[*k];
                s.rules.iter().position(|r| r.id == v.rule).map(|r| (*k, r))
            };
            let line = by_line.get(&v.line).into_iter().flatten();
            if let Some((k, r)) = line.chain(&whole_file).find_map(naming) {
                let s = &facts.suppressions[k];
                v.suppression = Some(Suppressed {
                    line: s.span.line,
                    reason: s.reason.as_ref().map(|r| r.to_string()),
                });
                used.insert((i, k, r));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_support::scanned;

    fn rules(select: &[&str]) -> Vec<ActiveRule> {
        let selection = crate::rules::Selection {
            select: Some(select.iter().map(|s| s.to_string()).collect()),
            ignore: vec![],
        };
        crate::rules::activate(&Default::default(), &selection).expect("rules")
    }

    /// (path, line, rule, suppressed reason) of every violation of a check of `files`.
    fn check(
        files: &[ScannedFile],
        config: &Config,
        select: &[&str],
    ) -> Vec<(String, u32, &'static str, Option<Option<String>>)> {
        let ctx = Context::new(std::path::Path::new("."), config, files);
        crate::scan::check(&ctx, &rules(select))
            .into_iter()
            .map(|v| (v.path, v.line, v.rule, v.suppression.map(|s| s.reason)))
            .collect()
    }

    const ENV: &[&str] = &["env-access", "unused-suppression"];

    #[test]
    fn a_line_suppression_covers_its_rule_on_its_line_only() {
        let files = vec![scanned(
            "a.py",
            "import os\nx = os.environ  # ssotscan: ignore[env-access] legacy\ny = os.environ\n",
        )];
        assert_eq!(
            check(&files, &Config::default(), ENV),
            vec![
                ("a.py".into(), 2, "env-access", Some(Some("legacy".into()))),
                ("a.py".into(), 3, "env-access", None),
            ]
        );
    }

    #[test]
    fn unused_ids_are_reported_unless_their_rule_did_not_run() {
        let files = vec![scanned(
            "a.py",
            "x = 1  # ssotscan: ignore[env-access, unresolved-import] why\n",
        )];
        let got = check(&files, &Config::default(), ENV);
        assert_eq!(
            got,
            vec![("a.py".into(), 1, "unused-suppression", None)],
            "unresolved-import did not run: not judged"
        );
    }

    #[test]
    fn a_file_suppression_and_the_line_one_that_wins() {
        let files = vec![scanned(
            "a.py",
            "# ssotscan: ignore-file[env-access] settings\nimport os\nx = os.environ  # ssotscan: ignore[env-access] line\n",
        )];
        // The line suppression suppressed the one violation: the file one suppressed nothing.
        assert_eq!(
            check(&files, &Config::default(), ENV),
            vec![
                ("a.py".into(), 1, "unused-suppression", None),
                ("a.py".into(), 3, "env-access", Some(Some("line".into()))),
            ]
        );
    }

    #[test]
    fn require_reason_refuses_suppressions_without_one() {
        let files = vec![scanned(
            "a.py",
            "import os\nx = os.environ  # ssotscan: ignore[env-access]\n",
        )];
        let strict = Config {
            require_reason: true,
            ..Config::default()
        };
        assert_eq!(
            check(&files, &strict, ENV),
            vec![
                ("a.py".into(), 2, "env-access", None),
                ("a.py".into(), 2, "unused-suppression", None),
            ]
        );
        assert_eq!(
            check(&files, &Config::default(), ENV),
            vec![("a.py".into(), 2, "env-access", Some(None))]
        );
    }

    #[test]
    fn unused_suppression_findings_can_be_suppressed_themselves() {
        let files = vec![scanned(
            "a.py",
            "x = 1  # ssotscan: ignore[env-access, unused-suppression] kept for later\n",
        )];
        assert_eq!(
            check(&files, &Config::default(), ENV),
            vec![(
                "a.py".into(),
                1,
                "unused-suppression",
                Some(Some("kept for later".into()))
            )]
        );
    }

    #[test]
    fn no_suppressions_no_work() {
        let files = vec![scanned("a.py", "import os\nx = os.environ\n")];
        assert_eq!(
            check(&files, &Config::default(), ENV),
            vec![("a.py".into(), 2, "env-access", None)]
        );
    }
}
