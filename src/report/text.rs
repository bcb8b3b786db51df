//! The default text output: violations grouped by file, each `path:line:col: rule: message`
//! with a code frame, then a summary whose last three lines are a stable contract:
//!
//! ```text
//! Source: 87.2% compliant (3558 files)
//! Tests: 91.0% compliant (6981 files)
//! Compliance Score: 89.7%
//! ```

use std::fmt::Write;

use rayon::prelude::*;

use super::excerpt;
use super::summary::{self, floor_to, percent, GroupSummary, Summary};
use crate::diagnostic::Violation;
use crate::model::ScannedFile;
use crate::output::plural;

#[derive(Clone, Copy, Debug)]
struct TextOptions {
    /// Show a code frame under each violation.
    frames: bool,
}

pub fn render(report: &super::input::Report) -> String {
    let files = report.files;
    let summary = report.summary;
    let opts = TextOptions {
        frames: report.frames,
    };
    // Violations known from a baseline are scored but not listed; suppressed ones are neither
    // (JSON and SARIF list them).
    let violations: Vec<&Violation> = report
        .violations
        .iter()
        .filter(|v| !v.baselined && !v.is_suppressed())
        .collect();
    // One group per file (violations are sorted by path); each file is read again where its
    // code frames are, so groups are rendered in parallel and joined in order.
    let groups: Vec<&[&Violation]> = violations.chunk_by(|a, b| a.path == b.path).collect();
    let rendered: Vec<String> = groups
        .par_iter()
        .map(|group| render_file(files, group, opts))
        .collect();
    let mut out = String::with_capacity(rendered.iter().map(String::len).sum::<usize>() + 4096);
    rendered.iter().for_each(|r| out.push_str(r));
    if !violations.is_empty() && !opts.frames {
        out.push('\n');
    }
    out.push_str(&render_summary(summary));
    out
}

/// The violations of one file, with code frames from the parts of its text they show.
fn render_file(files: &[ScannedFile], violations: &[&Violation], opts: TextOptions) -> String {
    let mut out = String::with_capacity(256 * violations.len());
    // The file was checked when it was scanned: only the lines shown are read again.
    let frames = if opts.frames {
        excerpt::violation_frames(files, violations)
    } else {
        Vec::new()
    };
    for (i, v) in violations.iter().copied().enumerate() {
        let _ = writeln!(
            out,
            "{}:{}:{}: {}: {}",
            v.path, v.line, v.column, v.rule, v.message
        );
        if let Some(Some(frame)) = frames.get(i) {
            out.push_str(frame);
        }
        if let Some(fix) = &v.fix {
            let _ = writeln!(out, "  = fix: {fix}");
        }
        if !v.related.is_empty() {
            // Written in place: duplicate groups list every other site (half of the report).
            let label = v.related_label.unwrap_or("also at");
            let _ = write!(out, "  = {label}: ");
            for (k, r) in v.related.iter().enumerate() {
                if k > 0 {
                    out.push_str(", ");
                }
                let _ = write!(out, "{}:{}", r.path, r.line);
            }
            out.push('\n');
        }
        if opts.frames {
            out.push('\n');
        }
    }
    out
}

/// `10539` as `10,539`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn plural_thousands(n: usize, word: &str) -> String {
    format!("{} {word}{}", thousands(n), if n == 1 { "" } else { "s" })
}

/// The groups with files, worst first, as a table (nothing for fewer than two groups: one group
/// is the whole score):
///
/// ```text
///
/// Groups (worst first)   score  files  not clean  violations
///   auth_service         50.0%      6          3           4
///   netra_backend        75.0%     12          3           6
/// ```
fn group_table(groups: &std::collections::BTreeMap<String, GroupSummary>) -> String {
    let rows: Vec<(&str, &GroupSummary)> = summary::worst_first(groups)
        .into_iter()
        .filter(|(_, g)| g.files > 0)
        .collect();
    let mut out = String::new();
    if rows.len() < 2 {
        return out;
    }
    const TITLE: &str = "Groups (worst first)";
    let width = rows
        .iter()
        .map(|(name, _)| name.chars().count() + 2)
        .max()
        .unwrap_or(0)
        .max(TITLE.len());
    let _ = writeln!(
        out,
        "\n{TITLE:<width$}   score  files  not clean  violations"
    );
    for (name, g) in rows {
        let name = format!("  {name}");
        let score = format!("{:.1}%", floor_to(g.exact_percent, 1));
        let _ = writeln!(
            out,
            "{name:<width$}  {score:>6}  {:>5}  {:>9}  {:>10}",
            thousands(g.files),
            thousands(g.files - g.clean),
            thousands(g.violations()),
        );
    }
    out
}

pub fn render_summary(s: &Summary) -> String {
    let mut out = String::new();
    if let Some(scope) = &s.scope {
        let what = match (scope.mode, &scope.rev) {
            ("changed-since", Some(rev)) => {
                format!(": the files changed since {rev} and the files whose findings they change")
            }
            ("staged", _) => {
                ": the staged files and the files whose findings they change".to_string()
            }
            _ => ": the paths given".to_string(),
        };
        let _ = writeln!(
            out,
            "Reported {} of {}{what}.",
            thousands(scope.reported_files),
            plural_thousands(scope.project_files, "file"),
        );
    }
    let total = s.violations_by_severity.error
        + s.violations_by_severity.warning
        + s.violations_by_severity.info;
    if total == 0 {
        let _ = writeln!(out, "No violations in {}.", plural(s.files_scanned, "file"));
    } else {
        let sev = &s.violations_by_severity;
        let _ = writeln!(
            out,
            "Found {} ({}, {}, {}); {} of {} not clean.",
            plural(total, "violation"),
            plural(sev.error, "error"),
            plural(sev.warning, "warning"),
            plural(sev.info, "info"),
            s.files_with_violations,
            plural(s.files_scanned, "file"),
        );
        let width = s
            .violations_by_rule
            .keys()
            .map(|k| k.len())
            .max()
            .unwrap_or(0);
        for (rule, n) in &s.violations_by_rule {
            let _ = writeln!(out, "  {rule:<width$}  {n}");
        }
    }
    if !s.suppressed_by_rule.is_empty() {
        let total: usize = s.suppressed_by_rule.values().sum();
        let rules: Vec<String> = s
            .suppressed_by_rule
            .iter()
            .map(|(rule, n)| format!("{rule} {n}"))
            .collect();
        let _ = write!(
            out,
            "Suppressed {} by inline comments ({}), not listed",
            plural(total, "violation"),
            rules.join(", ")
        );
        let (with, without) = (
            floor_to(s.exact_percent, 1),
            floor_to(s.exact_percent_unsuppressed, 1),
        );
        if with != without {
            let _ = write!(
                out,
                "; the score is {with:.1}% with suppressions, {without:.1}% without"
            );
        }
        out.push_str(".\n");
    }
    if let Some(b) = &s.baseline {
        let _ = writeln!(
            out,
            "Baseline: {} new, {} known (not listed), {} fixed since it was written.",
            b.new, b.known, b.fixed
        );
    }
    if let Some(groups) = &s.groups {
        out.push_str(&group_table(groups));
    }
    out.push('\n');
    for (name, key) in [("Source", "source"), ("Tests", "tests")] {
        if let Some(c) = s.categories.get(key) {
            let _ = writeln!(
                out,
                "{name}: {:.1}% compliant ({})",
                floor_to(percent(c.clean, c.files), 1),
                plural(c.files, "file")
            );
        }
    }
    let _ = writeln!(
        out,
        "Compliance Score: {:.1}%",
        floor_to(s.exact_percent, 1)
    );
    out
}
