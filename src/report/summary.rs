//! The compliance score: measured over every scanned file and the full violation set, with
//! suppressed violations not counting (`compliance_percent`) and counting
//! (`compliance_percent_unsuppressed`).

use std::collections::BTreeMap;

use serde::Serialize;

use super::groups::Groups;
use crate::diagnostic::Severity;
use crate::discovery::Category;
use crate::model::ScanOutput;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CategorySummary {
    pub files: usize,
    pub clean: usize,
    pub compliance_percent: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SeverityCounts {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

/// One group's share of the summary (`summary.groups.<name>`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct GroupSummary {
    pub files: usize,
    pub clean: usize,
    pub compliance_percent: f64,
    /// Violations that are not suppressed, by rule.
    pub violations_by_rule: BTreeMap<&'static str, usize>,
    /// The exact score, for ordering groups worst first.
    #[serde(skip)]
    pub exact_percent: f64,
}

impl GroupSummary {
    /// Violations that are not suppressed.
    pub fn violations(&self) -> usize {
        self.violations_by_rule.values().sum()
    }
}

/// The `summary` object of the JSON contract (field order is the contract's order).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Summary {
    pub files_scanned: usize,
    pub files_clean: usize,
    /// Files with at least one error or warning (`files_scanned - files_clean`).
    pub files_with_violations: usize,
    pub parse_errors: usize,
    /// The score: suppressed violations do not count.
    pub compliance_percent: f64,
    /// The score as if nothing were suppressed (every violation counts).
    pub compliance_percent_unsuppressed: f64,
    pub categories: BTreeMap<&'static str, CategorySummary>,
    /// Violations that are not suppressed, by rule.
    pub violations_by_rule: BTreeMap<&'static str, usize>,
    /// Violations suppressed by inline comments, by rule (listed in JSON, not counted above).
    pub suppressed_by_rule: BTreeMap<&'static str, usize>,
    /// Violations that are not suppressed, by severity.
    pub violations_by_severity: SeverityCounts,
    pub duration_ms: u64,
    /// Each group's files, clean files, score and violations (`--group-by`; absent with
    /// `--group-by none`): groups the configuration names always, other groups when they have
    /// a reported file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub groups: Option<BTreeMap<String, GroupSummary>>,
    /// Which files are reported and scored, when not every file of the project
    /// (`check FILE...`, `--changed-since`, `--staged`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<crate::model::Scope>,
    /// With `--baseline`: violations known from it, new ones, and entries no longer found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<crate::baseline::BaselineStats>,
    /// The exact score, for `--fail-under` (the shown one is rounded down).
    #[serde(skip)]
    pub exact_percent: f64,
    /// The exact score as if nothing were suppressed.
    #[serde(skip)]
    pub exact_percent_unsuppressed: f64,
}

/// `100 × clean / files`, exact; 100 for no files.
pub fn percent(clean: usize, files: usize) -> f64 {
    if files == 0 {
        100.0
    } else {
        100.0 * clean as f64 / files as f64
    }
}

/// Rounds down to `decimals`, so a score is never shown higher than measured (99.996% of files
/// clean is 99.99%, not 100%). A tiny epsilon absorbs binary representation error.
pub fn floor_to(value: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    ((value * scale) + 1e-9).floor() / scale
}

/// The score as `--fail-under` failures show it: with as many decimals (2 to 6) as it takes to
/// show it below `min` (the score shown elsewhere is rounded down to one or two decimals:
/// `91.1%` says nothing about `--fail-under 91.2`, `66.66%` nothing about `66.67`).
pub fn shown_below(exact: f64, min: f64) -> f64 {
    (2..=6)
        .map(|d| floor_to(exact, d))
        .find(|&s| s < min)
        .unwrap_or(exact)
}

impl Summary {
    /// The summary of a scan, without groups.
    pub fn compute(scan: &ScanOutput) -> Summary {
        Summary::compute_grouped(scan, None)
    }

    /// The summary of a scan, with each group's when `groups` are given.
    pub fn compute_grouped(scan: &ScanOutput, groups: Option<&Groups>) -> Summary {
        // Paths with an error or warning, each with whether one of them is not suppressed.
        let mut dirty: rustc_hash::FxHashMap<&str, bool> = rustc_hash::FxHashMap::default();
        for v in &scan.violations {
            if v.severity.counts_against_compliance() {
                *dirty.entry(v.path.as_str()).or_default() |= !v.is_suppressed();
            }
        }
        let mut categories: BTreeMap<&'static str, (usize, usize)> = BTreeMap::new();
        categories.insert(Category::Source.as_str(), (0, 0));
        categories.insert(Category::Tests.as_str(), (0, 0));
        let mut clean = 0;
        let mut clean_unsuppressed = 0;
        let mut parse_errors = 0;
        let reported = |i: usize| scan.scope.as_ref().is_none_or(|s| s.reported[i]);
        let mut files = 0;
        for (i, f) in scan.files.iter().enumerate() {
            if !reported(i) {
                continue;
            }
            files += 1;
            let dirt = dirty.get(f.file.rel.as_str());
            let is_clean = f.facts.is_ok() && dirt != Some(&true);
            parse_errors += usize::from(f.facts.is_err());
            clean += usize::from(is_clean);
            clean_unsuppressed += usize::from(f.facts.is_ok() && dirt.is_none());
            let c = categories.entry(f.file.category.as_str()).or_default();
            c.0 += 1;
            c.1 += usize::from(is_clean);
        }
        let group_summaries = groups.map(|g| group_summaries(scan, g, &dirty));
        let mut by_rule: BTreeMap<&'static str, usize> = BTreeMap::new();
        let mut by_sev = SeverityCounts {
            error: 0,
            warning: 0,
            info: 0,
        };
        let mut suppressed: BTreeMap<&'static str, usize> = BTreeMap::new();
        for v in &scan.violations {
            if v.is_suppressed() {
                *suppressed.entry(v.rule).or_default() += 1;
                continue;
            }
            *by_rule.entry(v.rule).or_default() += 1;
            match v.severity {
                Severity::Error => by_sev.error += 1,
                Severity::Warning => by_sev.warning += 1,
                Severity::Info => by_sev.info += 1,
            }
        }
        let exact = percent(clean, files);
        let exact_unsuppressed = percent(clean_unsuppressed, files);
        Summary {
            files_scanned: files,
            files_clean: clean,
            files_with_violations: files - clean,
            parse_errors,
            compliance_percent: floor_to(exact, 2),
            compliance_percent_unsuppressed: floor_to(exact_unsuppressed, 2),
            categories: categories
                .into_iter()
                .map(|(k, (files, clean))| {
                    (
                        k,
                        CategorySummary {
                            files,
                            clean,
                            compliance_percent: floor_to(percent(clean, files), 2),
                        },
                    )
                })
                .collect(),
            violations_by_rule: by_rule,
            suppressed_by_rule: suppressed,
            violations_by_severity: by_sev,
            duration_ms: scan.duration.as_millis() as u64,
            groups: group_summaries,
            scope: scan.scope.clone(),
            baseline: None,
            exact_percent: exact,
            exact_percent_unsuppressed: exact_unsuppressed,
        }
    }
}

/// Each group's summary, counting reported files only, as the whole summary does; `dirty` holds
/// the paths with an error or warning, each with whether one of them is not suppressed.
fn group_summaries(
    scan: &ScanOutput,
    groups: &Groups,
    dirty: &rustc_hash::FxHashMap<&str, bool>,
) -> BTreeMap<String, GroupSummary> {
    let reported = |i: usize| scan.scope.as_ref().is_none_or(|s| s.reported[i]);
    // (files, clean, violations by rule) per group.
    type Tally = (usize, usize, BTreeMap<&'static str, usize>);
    let mut tally: Vec<Tally> = vec![(0, 0, BTreeMap::new()); groups.names.len()];
    for (i, f) in scan.files.iter().enumerate() {
        if !reported(i) {
            continue;
        }
        let t = &mut tally[groups.of_file[i]];
        t.0 += 1;
        t.1 += usize::from(f.facts.is_ok() && dirty.get(f.file.rel.as_str()) != Some(&true));
    }
    // Violations are of reported files only, sorted by path: one look-up per file.
    for same_file in scan.violations.chunk_by(|a, b| a.path == b.path) {
        let Some(g) = groups.of_path(&scan.files, &same_file[0].path) else {
            continue;
        };
        for v in same_file.iter().filter(|v| !v.is_suppressed()) {
            *tally[g].2.entry(v.rule).or_default() += 1;
        }
    }
    groups
        .names
        .iter()
        .zip(tally)
        .zip(&groups.configured)
        .filter(|((_, (files, _, _)), configured)| *files > 0 || **configured)
        .map(|((name, (files, clean, by_rule)), _)| {
            let exact = percent(clean, files);
            (
                name.clone(),
                GroupSummary {
                    files,
                    clean,
                    compliance_percent: floor_to(exact, 2),
                    violations_by_rule: by_rule,
                    exact_percent: exact,
                },
            )
        })
        .collect()
}

/// Groups worst first: lowest score first, ties by name.
pub fn worst_first(groups: &BTreeMap<String, GroupSummary>) -> Vec<(&str, &GroupSummary)> {
    let mut out: Vec<(&str, &GroupSummary)> = groups.iter().map(|(k, v)| (k.as_str(), v)).collect();
    out.sort_by(|a, b| {
        a.1.exact_percent
            .total_cmp(&b.1.exact_percent)
            .then_with(|| a.0.cmp(b.0))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_round_down() {
        assert_eq!(floor_to(percent(24_999, 25_000), 1), 99.9);
        assert_eq!(floor_to(percent(24_999, 25_000), 2), 99.99);
        assert_eq!(floor_to(percent(1, 2), 2), 50.0);
        assert_eq!(floor_to(percent(2, 3), 2), 66.66);
        assert_eq!(floor_to(percent(0, 0), 1), 100.0);
        assert_eq!(floor_to(percent(7, 7), 1), 100.0);
        // 0.29 * 100 = 28.999999999999996 in binary; it must still show 29.0.
        assert_eq!(floor_to(percent(29, 100), 1), 29.0);
    }
}
