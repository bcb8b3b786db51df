//! Line charts as inline SVG, drawn here (no script, no library): the compliance trend.

use std::fmt::Write;

use super::escape::html;
use crate::report::input::TrendPoint;
use crate::report::summary::floor_to;

const W: f64 = 640.0;
const H: f64 = 200.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 28.0;
/// Line colours, in turn.
const COLOURS: [&str; 8] = [
    "#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#4b5563", "#ca8a04",
];

/// A chart of `series` (label, one value per point) over the points' dates. `percent`: the
/// values are scores (axis 0–100 %), else counts (axis 0–max).
pub fn line_chart(
    title: &str,
    dates: &[&str],
    series: &[(String, Vec<f64>)],
    percent: bool,
) -> String {
    let mut out = String::new();
    let max = if percent {
        100.0
    } else {
        series
            .iter()
            .flat_map(|(_, v)| v.iter().copied())
            .fold(1.0, f64::max)
    };
    let n = dates.len().max(1);
    let x = |i: usize| {
        if n == 1 {
            LEFT + (W - LEFT - RIGHT) / 2.0
        } else {
            LEFT + (W - LEFT - RIGHT) * i as f64 / (n - 1) as f64
        }
    };
    let y = |v: f64| TOP + (H - TOP - BOTTOM) * (1.0 - v / max);
    let _ = write!(
        out,
        "<figure class=\"chart\"><figcaption>{}</figcaption><svg \
         viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"{}\">",
        html(title),
        html(title)
    );
    // Axes and the two labels of each: the range of values, the first and last dates.
    let _ = write!(
        out,
        "<line x1=\"{LEFT}\" y1=\"{TOP}\" x2=\"{LEFT}\" y2=\"{b}\" stroke=\"#9ca3af\"/>\
         <line x1=\"{LEFT}\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\" stroke=\"#9ca3af\"/>\
         <text x=\"{lx}\" y=\"{ty}\" text-anchor=\"end\" font-size=\"11\">{top}</text>\
         <text x=\"{lx}\" y=\"{b}\" text-anchor=\"end\" font-size=\"11\">0</text>",
        b = H - BOTTOM,
        r = W - RIGHT,
        lx = LEFT - 4.0,
        ty = TOP + 8.0,
        top = if percent {
            "100%".to_string()
        } else {
            format!("{max}")
        },
    );
    if let (Some(first), Some(last)) = (dates.first(), dates.last()) {
        let _ = write!(
            out,
            "<text x=\"{LEFT}\" y=\"{d}\" font-size=\"11\">{}</text>\
             <text x=\"{r}\" y=\"{d}\" text-anchor=\"end\" font-size=\"11\">{}</text>",
            html(first),
            html(last),
            d = H - 8.0,
            r = W - RIGHT,
        );
    }
    for (k, (label, values)) in series.iter().enumerate() {
        let colour = COLOURS[k % COLOURS.len()];
        let points: Vec<String> = values
            .iter()
            .enumerate()
            .map(|(i, &v)| format!("{:.1},{:.1}", x(i), y(v)))
            .collect();
        let _ = write!(
            out,
            "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{}\"><title>{}</title></polyline>",
            points.join(" "),
            html(label)
        );
        for (i, &v) in values.iter().enumerate() {
            let _ = write!(
                out,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2.5\" fill=\"{colour}\"><title>{} {}: {}</title></circle>",
                x(i),
                y(v),
                html(label),
                html(dates.get(i).copied().unwrap_or("")),
                if percent {
                    format!("{:.1}%", floor_to(v, 1))
                } else {
                    format!("{v}")
                }
            );
        }
    }
    out.push_str("</svg><ul class=\"legend\">");
    for (k, (label, _)) in series.iter().enumerate() {
        let _ = write!(
            out,
            "<li><span style=\"background:{}\"></span>{}</li>",
            COLOURS[k % COLOURS.len()],
            html(label)
        );
    }
    out.push_str("</ul></figure>\n");
    out
}

/// The trend's charts: the score, the score of each group, the violations of each rule.
pub fn trend_charts(points: &[TrendPoint<'_>]) -> String {
    let dates: Vec<&str> = points
        .iter()
        .map(|p| &p.date[..p.date.len().min(10)])
        .collect();
    let mut out = String::new();
    let score = vec![(
        "compliance".to_string(),
        points.iter().map(|p| p.summary.exact_percent).collect(),
    )];
    out.push_str(&line_chart("Compliance score", &dates, &score, true));
    let mut groups: Vec<&str> = points
        .iter()
        .flat_map(|p| {
            p.summary
                .groups
                .iter()
                .flat_map(|g| g.keys().map(String::as_str))
        })
        .collect();
    groups.sort_unstable();
    groups.dedup();
    if groups.len() > 1 {
        let series: Vec<(String, Vec<f64>)> = groups
            .iter()
            .map(|g| {
                let values = points
                    .iter()
                    .map(|p| {
                        p.summary
                            .groups
                            .as_ref()
                            .and_then(|groups| groups.get(*g))
                            .map_or(100.0, |s| s.compliance_percent)
                    })
                    .collect();
                (g.to_string(), values)
            })
            .collect();
        out.push_str(&line_chart("Score by group", &dates, &series, true));
    }
    let mut rules: Vec<&str> = points
        .iter()
        .flat_map(|p| p.summary.violations_by_rule.keys().copied())
        .collect();
    rules.sort_unstable();
    rules.dedup();
    if !rules.is_empty() {
        let series: Vec<(String, Vec<f64>)> = rules
            .iter()
            .map(|r| {
                let values = points
                    .iter()
                    .map(|p| p.summary.violations_by_rule.get(*r).copied().unwrap_or(0) as f64)
                    .collect();
                (r.to_string(), values)
            })
            .collect();
        out.push_str(&line_chart("Violations by rule", &dates, &series, false));
    }
    let _ = write!(
        out,
        "<table class=\"trend\"><thead><tr><th>date</th><th>commit</th><th class=\"num\">files</th>\
         <th class=\"num\">score</th></tr></thead><tbody>"
    );
    for p in points {
        let _ = write!(
            out,
            "<tr><td>{}</td><td><code>{}</code></td><td class=\"num\">{}</td><td class=\"num\">{:.1}%</td></tr>",
            html(&p.date[..p.date.len().min(10)]),
            html(&p.commit[..p.commit.len().min(12)]),
            p.summary.files_scanned,
            floor_to(p.summary.exact_percent, 1)
        );
    }
    out.push_str("</tbody></table>\n");
    out
}
