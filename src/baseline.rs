//! Baselines: adopt ssotscan on a codebase that already has violations, and fail CI only on new
//! ones.
//!
//! `check --write-baseline FILE` records every current violation; `check --baseline FILE` marks
//! the violations recorded there as known. A violation is known when the baseline holds one with
//! the same rule, path and message that no other violation has claimed yet (line numbers are not
//! part of the match, so edits above a known violation do not make it new). Known violations
//! still count in the compliance score — the score measures the code, not the baseline — but
//! they do not make `check` exit 1 and text output does not list them.
//!
//! Violations suppressed by inline comments (`crate::suppress`) are outside baselines: never
//! written into one, and never matched against one (neither known nor new). A recorded
//! violation that is suppressed since counts as fixed: the debt moved to a comment that names
//! it and says why.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Violation;
use crate::error::{Error, Located};
use crate::fs_util::write_output;

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub rule: String,
    pub path: String,
    pub message: String,
    /// How many violations with this rule, path and message (or key) are known.
    pub count: usize,
    /// What the entry matches on instead of the message, when the message holds something that
    /// changes without the violation changing (how many copies a duplicate has): a third copy
    /// appearing does not make the first two new.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

impl Entry {
    fn matched_on(&self) -> &str {
        self.key.as_deref().unwrap_or(&self.message)
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub schema_version: u32,
    pub violations: Vec<Entry>,
}

/// What applying a baseline found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct BaselineStats {
    /// Violations that are in the baseline (not new).
    pub known: usize,
    /// Violations that are not in the baseline.
    pub new: usize,
    /// Baseline entries (counting multiplicity) that no longer occur: fixed debt.
    pub fixed: usize,
}

impl Baseline {
    /// A baseline holding every given violation that is not suppressed.
    pub fn from_violations(violations: &[Violation]) -> Baseline {
        /// (rule, path, what it matches on) -> (the first message, count, key when it is not the
        /// message).
        type Counts<'v> = BTreeMap<(&'v str, &'v str, &'v str), (&'v str, usize, Option<&'v str>)>;
        let mut counts: Counts = BTreeMap::new();
        for v in violations.iter().filter(|v| !v.is_suppressed()) {
            let entry = counts
                .entry((v.rule, &v.path, v.baseline_key()))
                .or_insert((&v.message, 0, v.key.as_deref()));
            entry.1 += 1;
        }
        Baseline {
            schema_version: SCHEMA_VERSION,
            violations: counts
                .into_iter()
                .map(|((rule, path, _), (message, count, key))| Entry {
                    rule: rule.to_string(),
                    path: path.to_string(),
                    message: message.to_string(),
                    count,
                    key: key.map(str::to_string),
                })
                .collect(),
        }
    }

    pub fn load(path: &Path) -> Result<Baseline, Error> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::Usage(format!("cannot read baseline {}: {e}", path.display())))?;
        Baseline::parse(&text, &path.display().to_string())
    }

    /// Reads a baseline from its JSON text; `shown` names it in errors.
    pub fn parse(text: &str, shown: &str) -> Result<Baseline, Error> {
        const WRITE_ONE: &str = "write a baseline with `ssotscan check --write-baseline FILE`";
        let baseline: Baseline = serde_json::from_str(text).map_err(|e| {
            // serde_json counts lines from 1 and columns in bytes from 1; at the end of the text
            // both may point past it.
            let line_start: usize = text
                .split_inclusive('\n')
                .take(e.line().saturating_sub(1))
                .map(str::len)
                .sum();
            let at = line_start + e.column().saturating_sub(1);
            let message = e.to_string();
            let suffix = format!(" at line {} column {}", e.line(), e.column());
            let message = message.strip_suffix(&suffix).unwrap_or(&message);
            Located::new(
                "baseline",
                shown,
                text,
                at..at + 1,
                format!("not an ssotscan baseline: {message}"),
            )
            .with_help(WRITE_ONE)
        })?;
        if baseline.schema_version != SCHEMA_VERSION {
            let key = text.find("\"schema_version\"").unwrap_or(0);
            let value = text[key..]
                .find(':')
                .map(|colon| key + colon + 1)
                .map(|v| v + (text[v..].len() - text[v..].trim_start().len()))
                .unwrap_or(key);
            let end = text[value..]
                .find([',', '\n', '}'])
                .map_or(text.len(), |n| value + n);
            return Err(Located::new(
                "baseline",
                shown,
                text,
                value..end,
                format!(
                    "baseline schema_version {} is not supported (expected {SCHEMA_VERSION})",
                    baseline.schema_version
                ),
            )
            .with_help(format!(
                "this ssotscan reads baselines of schema {SCHEMA_VERSION}: {WRITE_ONE}"
            ))
            .into());
        }
        Ok(baseline)
    }

    /// Writes the baseline atomically, sorted, one entry per line group.
    pub fn write(&self, path: &Path) -> Result<(), Error> {
        write_output(path, crate::output::pretty(self).as_bytes())
    }

    /// Marks the known violations (`baselined = true`) and counts what changed; suppressed
    /// violations are left alone.
    pub fn apply(&self, violations: &mut [Violation]) -> BaselineStats {
        let mut left: BTreeMap<(&str, &str, &str), usize> = BTreeMap::new();
        for e in &self.violations {
            // Counts come from a file: a huge one saturates instead of overflowing.
            let count = left.entry((&e.rule, &e.path, e.matched_on())).or_default();
            *count = count.saturating_add(e.count);
        }
        let mut stats = BaselineStats::default();
        for v in violations.iter_mut().filter(|v| !v.is_suppressed()) {
            // `baseline_key`, from the fields (they stay borrowed while `baselined` is set).
            let key = v.key.as_deref().unwrap_or(v.message.as_str());
            match left.get_mut(&(v.rule, v.path.as_str(), key)) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    v.baselined = true;
                    stats.known += 1;
                }
                _ => stats.new += 1,
            }
        }
        stats.fixed = left.values().fold(0usize, |a, &b| a.saturating_add(b));
        stats
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::discovery::Category;

    fn v(path: &str, line: u32, message: &str) -> Violation {
        Violation {
            rule: "env-access",
            severity: Severity::Error,
            category: Category::Source,
            path: path.into(),
            line,
            column: 1,
            end_line: line,
            end_column: 2,
            message: message.into(),
            fix: None,
            related: vec![],
            related_label: None,
            baselined: false,
            offset: 0,
            key: None,
            suppression: None,
        }
    }

    #[test]
    fn matches_by_rule_path_and_message_with_multiplicity_not_lines() {
        let old = vec![v("a.py", 3, "m"), v("a.py", 9, "m"), v("b.py", 1, "gone")];
        let baseline = Baseline::from_violations(&old);
        assert_eq!(baseline.violations.len(), 2);
        assert_eq!(baseline.violations[0].count, 2);
        // Lines moved, one more `m` appeared, `gone` was fixed.
        let mut now = vec![v("a.py", 5, "m"), v("a.py", 11, "m"), v("a.py", 20, "m")];
        let stats = baseline.apply(&mut now);
        assert_eq!(
            stats,
            BaselineStats {
                known: 2,
                new: 1,
                fixed: 1
            }
        );
        assert_eq!(now.iter().filter(|v| v.baselined).count(), 2);
        assert!(!now[2].baselined);
    }

    #[test]
    fn round_trips_through_a_file_and_rejects_foreign_json() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("baseline.json");
        let b = Baseline::from_violations(&[v("a.py", 1, "m")]);
        b.write(&p).unwrap();
        assert_eq!(Baseline::load(&p).unwrap().violations, b.violations);
        std::fs::write(
            &p,
            "{\"schema_version\": 1, \"violations\": [], \"extra\": 1}",
        )
        .unwrap();
        let err = Baseline::load(&p).unwrap_err().to_string();
        assert!(
            err.contains("not an ssotscan baseline") && err.contains("extra"),
            "{err}"
        );
    }

    #[test]
    fn errors_point_into_the_json() {
        let at = |text: &str| match Baseline::parse(text, "b.json") {
            Err(Error::Located(e)) => (e.position(), e.message.clone(), e.help.clone()),
            other => panic!("{other:?}"),
        };
        let (pos, message, help) = at("{\n  \"schema_version\": 1,\n  \"violations\": [}\n");
        assert_eq!(pos, (3, 18));
        assert_eq!(message, "not an ssotscan baseline: expected value");
        assert!(help.unwrap().contains("--write-baseline"));
        let (pos, message, _) = at("{\"schema_version\": 7, \"violations\": []}");
        assert_eq!(pos, (1, 20));
        assert!(
            message.contains("schema_version 7 is not supported"),
            "{message}"
        );
        // At the end of a truncated file: its last character.
        let (pos, _, _) = at("{\"schema_version\": 1,\n");
        assert_eq!(pos, (1, 21));
    }
}
