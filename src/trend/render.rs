//! The trend as text (a table and a sparkline), JSON and CSV.

use std::collections::BTreeSet;
use std::fmt::Write;

use serde::Serialize;

use super::point::{Point, Trend};
use crate::report::html::TrendPoint;
use crate::report::summary::floor_to;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TrendFormat {
    Text,
    Json,
    Csv,
    /// A self-contained page: the score, each group's score and each rule's violations as line
    /// charts (inline SVG), and the points as a table.
    Html,
}

pub fn render(trend: &Trend, format: TrendFormat) -> String {
    match format {
        TrendFormat::Text => text(trend),
        TrendFormat::Json => json(trend),
        TrendFormat::Csv => csv(trend),
        TrendFormat::Html => {
            let points: Vec<TrendPoint<'_>> = trend
                .points
                .iter()
                .map(|p| TrendPoint {
                    date: &p.date,
                    commit: &p.commit,
                    summary: &p.summary,
                })
                .collect();
            crate::report::html::render_trend(&points, trend.config)
        }
    }
}

#[derive(Serialize)]
struct Body<'a> {
    /// `current` (every commit judged with today's configuration) or `commit` (its own).
    config: &'a str,
    points: &'a [Point],
}

fn json(trend: &Trend) -> String {
    crate::output::versioned(&Body {
        config: trend.config,
        points: &trend.points,
    })
}

/// Eight levels, lowest to highest.
const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

fn sparkline(values: &[f64]) -> String {
    let (lo, hi) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        });
    values
        .iter()
        .map(|&v| {
            if hi - lo < 1e-9 {
                BARS[BARS.len() / 2]
            } else {
                let k = ((v - lo) / (hi - lo) * (BARS.len() - 1) as f64).round() as usize;
                BARS[k.min(BARS.len() - 1)]
            }
        })
        .collect()
}

fn text(trend: &Trend) -> String {
    let mut out = String::new();
    if trend.points.is_empty() {
        out.push_str("No commits in the range.\n");
        return out;
    }
    let _ = writeln!(
        out,
        "{:<10}  {:<12}  {:>7}  {:>7}  {:>6}  {:>8}  {:>6}",
        "date", "commit", "files", "clean", "errors", "warnings", "score"
    );
    for p in &trend.points {
        let s = &p.summary;
        let _ = writeln!(
            out,
            "{:<10}  {:<12}  {:>7}  {:>7}  {:>6}  {:>8}  {:>5.1}%{}",
            &p.date[..10.min(p.date.len())],
            &p.commit[..12.min(p.commit.len())],
            s.files_scanned,
            s.files_clean,
            s.violations_by_severity.error,
            s.violations_by_severity.warning,
            floor_to(s.exact_percent, 1),
            if p.incomplete { "  (incomplete)" } else { "" }
        );
    }
    let scores: Vec<f64> = trend
        .points
        .iter()
        .map(|p| p.summary.exact_percent)
        .collect();
    let first = scores.first().copied().unwrap_or(0.0);
    let last = scores.last().copied().unwrap_or(0.0);
    let _ = writeln!(
        out,
        "\nCompliance {} {:.1}% → {:.1}% ({:+.1} points over {} commits)",
        sparkline(&scores),
        floor_to(first, 1),
        floor_to(last, 1),
        floor_to(last, 1) - floor_to(first, 1),
        trend.points.len()
    );
    let _ = writeln!(
        out,
        "Judged with {} configuration.",
        if trend.config == "commit" {
            "each commit's own"
        } else {
            "the current"
        }
    );
    out
}

/// One row per point: date, commit, files, clean, score, per category, then violations per
/// rule (every rule seen in any point, sorted).
fn csv(trend: &Trend) -> String {
    let rules: BTreeSet<&str> = trend
        .points
        .iter()
        .flat_map(|p| p.summary.violations_by_rule.keys().copied())
        .collect();
    let mut out = String::from(
        "date,commit,incomplete,files,clean,compliance_percent,source_files,source_percent,tests_files,tests_percent,errors,warnings,infos",
    );
    for r in &rules {
        let _ = write!(out, ",{r}");
    }
    out.push('\n');
    for p in &trend.points {
        let s = &p.summary;
        let cat = |k: &str| {
            s.categories
                .get(k)
                .map_or((0, 100.0), |c| (c.files, c.compliance_percent))
        };
        let (sf, sp) = cat("source");
        let (tf, tp) = cat("tests");
        let _ = write!(
            out,
            "{},{},{},{},{},{},{sf},{sp},{tf},{tp},{},{},{}",
            p.date,
            p.commit,
            p.incomplete,
            s.files_scanned,
            s.files_clean,
            s.compliance_percent,
            s.violations_by_severity.error,
            s.violations_by_severity.warning,
            s.violations_by_severity.info
        );
        for r in &rules {
            let _ = write!(
                out,
                ",{}",
                s.violations_by_rule.get(r).copied().unwrap_or(0)
            );
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparklines_span_the_range() {
        assert_eq!(sparkline(&[0.0, 50.0, 100.0]), "▁▅█");
        assert_eq!(sparkline(&[70.0, 70.0]), "▅▅");
    }
}
