//! `--format html`: one self-contained page (styles, script and pictures inline; nothing is
//! fetched, a Content-Security-Policy forbids it) for people to look at: the score, categories
//! and groups as bars, the gates, violations by rule and severity, the files with violations
//! (sortable, filterable, each opening to its violations with code frames), duplicate groups,
//! registry claims, suppressions and baseline, and the imports between groups as a picture.
//!
//! What is small is markup written here, escaped; the long lists travel as one JSON document
//! (`data.rs`) in a `<script type="application/json">`, from which the page's script
//! (`page.js`) builds rows on demand, with `textContent` only. The output is deterministic.

mod chart;
mod data;
mod escape;
mod graph;

use std::collections::BTreeMap;
use std::fmt::Write;

use super::badge::grade;
use super::input::Report;
use super::summary::{floor_to, percent, shown_below, worst_first, Summary};
use crate::diagnostic::Severity;
use crate::output::{plural, TOOL};
use crate::registry::verify::Verdict;
use escape::{html, script_json};

pub use super::input::TrendPoint;
pub use data::{duplicate_groups, Duplicate};
pub use graph::{group_edges, GroupEdge};

/// The page's Content-Security-Policy: nothing is loaded from anywhere; inline styles, inline
/// scripts and `data:` images only.
pub const CSP: &str =
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

const STYLE: &str = include_str!("page.css");
const SCRIPT: &str = include_str!("page.js");

/// Runs before anything else: catches script errors into `data-script-error` and requests the
/// Content-Security-Policy refused into `data-blocked` on `<html>` (the browser test reads both;
/// a report that tried to fetch anything would have one).
const WATCHER: &str = "(function(){var r=document.documentElement;function f(a,m){if(!r.hasAttribute(a))r.setAttribute(a,String(m));}window.addEventListener('error',function(e){f('data-script-error',e.message||e.type);});window.addEventListener('unhandledrejection',function(e){f('data-script-error',e.reason);});document.addEventListener('securitypolicyviolation',function(e){f('data-blocked',e.violatedDirective+' '+e.blockedURI);});})();";

/// The start of every page: the Content-Security-Policy, the title (escaped here), the catcher
/// of script errors and blocked requests, and the styles; `<body>` is open.
fn page_head(out: &mut String, title: &str) {
    let _ = write!(
        out,
        concat!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
            "<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
            "<meta name=\"generator\" content=\"{name} {version}\">\n",
            "<link rel=\"icon\" href=\"data:,\">\n",
            "<title>{title}</title>\n",
            "<script>{catcher}</script>\n<style>\n{style}</style>\n</head>\n<body>\n"
        ),
        csp = CSP,
        name = TOOL.name,
        version = TOOL.version,
        title = html(title),
        catcher = WATCHER,
        style = STYLE,
    );
}

/// `trend --format html`: the trend's charts on a page of their own, under the same rules as the
/// report (self-contained, nothing fetched).
pub fn render_trend(points: &[TrendPoint<'_>], config: &str) -> String {
    let mut out = String::with_capacity(STYLE.len() + 16 * 1024);
    page_head(&mut out, "SSOT compliance trend · ssotscan");
    let _ = write!(
        out,
        "<main>\n<h1>SSOT compliance over {}</h1>\n<p class=\"note\">Each commit judged with {}.</p>\n",
        plural(points.len(), "commit"),
        if config == "commit" {
            "its own configuration"
        } else {
            "the current configuration"
        },
    );
    out.push_str(&chart::trend_charts(points));
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

pub fn render(report: &Report) -> String {
    let s = report.summary;
    let json = serde_json::to_string(&data::build(report)).unwrap_or_else(|_| "{}".into());
    let json = script_json(&json);
    let mut out = String::with_capacity(json.len() + STYLE.len() + SCRIPT.len() + 64 * 1024);
    let shown = floor_to(s.exact_percent, 1);
    page_head(
        &mut out,
        &format!("SSOT compliance {shown:.1}% · ssotscan report"),
    );
    header(&mut out, report);
    out.push_str(concat!(
        "<nav><a href=\"#categories\">Categories</a><a href=\"#groups\">Groups</a>",
        "<a href=\"#imports\">Imports</a><a href=\"#rules\">Rules</a><a href=\"#files\">Files</a>",
        "<a href=\"#duplicates\">Duplicates</a><a href=\"#registry\">Registry</a>",
        "<a href=\"#suppressions\">Suppressions</a></nav>\n<main>\n",
    ));
    categories(&mut out, s);
    groups(&mut out, report);
    imports(&mut out, report);
    rules(&mut out, report);
    if let Some(points) = report.html.trend {
        out.push_str("<section id=\"trend\"><h2>Trend</h2>\n");
        out.push_str(&chart::trend_charts(points));
        out.push_str("</section>\n");
    }
    out.push_str(concat!(
        "<section id=\"files\"><h2>Files with violations <span class=\"count\" id=\"file-count\"></span></h2>\n",
        "<p class=\"note\">Most violations first; click a column to sort, a row to see its violations. ",
        "Violations suppressed by inline comments are under <a href=\"#suppressions\">Suppressions</a>.</p>\n",
        "<div class=\"controls\"><input id=\"q\" type=\"search\" placeholder=\"Search paths and messages\" aria-label=\"search\">",
        "<select id=\"f-rule\" aria-label=\"rule\"><option value=\"\">every rule</option></select>",
        "<select id=\"f-group\" aria-label=\"group\"><option value=\"\">every group</option></select>",
        "<select id=\"f-cat\" aria-label=\"category\"><option value=\"\">source and tests</option>",
        "<option value=\"0\">source</option><option value=\"1\">tests</option></select>",
        "<button id=\"f-reset\" type=\"button\">Reset</button></div>\n",
        "<table class=\"files\"><thead><tr><th data-sort=\"p\">File</th><th data-sort=\"g\">Group</th>",
        "<th data-sort=\"c\">Category</th><th data-sort=\"e\" class=\"num\">Errors</th>",
        "<th data-sort=\"w\" class=\"num\">Warnings</th><th data-sort=\"i\" class=\"num\">Infos</th>",
        "<th data-sort=\"n\" class=\"num\">Total</th></tr></thead><tbody id=\"file-rows\"></tbody></table>\n",
        "<button class=\"more\" id=\"file-more\" type=\"button\" hidden>Show more</button>\n",
        "<noscript><p>The lists of this page are built by its script, which is disabled.</p></noscript>\n",
        "</section>\n",
        "<section id=\"duplicates\"><h2>Duplicate groups <span class=\"count\" id=\"dup-count\"></span></h2>\n",
        "<p class=\"note\">Every site of each group the duplicate rules found, largest first.</p>\n",
        "<div id=\"dup-list\"></div><button class=\"more\" id=\"dup-more\" type=\"button\" hidden>Show more</button>\n",
        "</section>\n",
    ));
    registry(&mut out, report);
    suppressions(&mut out, report);
    if !report.warnings.is_empty() {
        out.push_str("<section id=\"warnings\"><h2>Warnings</h2><ul>");
        for w in report.warnings {
            let _ = write!(out, "<li>{}</li>", html(w));
        }
        out.push_str("</ul></section>\n");
    }
    let _ = write!(
        out,
        concat!(
            "</main>\n<footer>{} {} · scanned in {} ms</footer>\n",
            "<script type=\"application/json\" id=\"ssot-data\">{}</script>\n",
            "<script>\n{}</script>\n</body>\n</html>\n"
        ),
        TOOL.name, TOOL.version, s.duration_ms, json, SCRIPT
    );
    out
}

fn header(out: &mut String, report: &Report) {
    let s = report.summary;
    let shown = floor_to(s.exact_percent, 1);
    let sev = &s.violations_by_severity;
    let total = sev.error + sev.warning + sev.info;
    let _ = write!(
        out,
        concat!(
            "<header>\n<div class=\"headline\"><div class=\"score {grade}\" id=\"score\">{shown:.1}%</div>",
            "<div><h1>SSOT compliance</h1><p class=\"sub\">{clean} of {files} clean · {violations} ",
            "({errors}, {warnings}, {infos}) · {parse}</p>"
        ),
        grade = grade(s.exact_percent),
        shown = shown,
        clean = s.files_clean,
        files = plural(s.files_scanned, "file"),
        violations = plural(total, "violation"),
        errors = plural(sev.error, "error"),
        warnings = plural(sev.warning, "warning"),
        infos = plural(sev.info, "info"),
        parse = plural(s.parse_errors, "parse error"),
    );
    for (name, key) in [("Source", "source"), ("Tests", "tests")] {
        if let Some(c) = s.categories.get(key) {
            let _ = write!(
                out,
                "<span class=\"chip\">{name} {:.1}%</span>",
                floor_to(percent(c.clean, c.files), 1)
            );
        }
    }
    if let Some(scope) = &s.scope {
        let _ = write!(
            out,
            "<p class=\"sub\">Reported {} of {} ({}{}); the score is over the reported files.</p>",
            scope.reported_files,
            plural(scope.project_files, "file"),
            html(scope.mode),
            scope
                .rev
                .as_deref()
                .map(|r| format!(" {}", html(r)))
                .unwrap_or_default()
        );
    }
    out.push_str("</div></div>\n");
    gates(out, report);
    out.push_str("</header>\n");
}

/// What `check` decides from this report: each gate, passed or failed, and the exit code.
fn gates(out: &mut String, report: &Report) {
    let s = report.summary;
    let extra = &report.html;
    let mut fails = false;
    out.push_str("<ul class=\"gates\" id=\"gates\">");
    let gate = |out: &mut String, class: &str, text: String| {
        let _ = write!(out, "<li class=\"gate {class}\">{text}</li>");
    };
    match extra.fail_under {
        Some(min) if s.exact_percent < min => {
            fails = true;
            let shown = shown_below(s.exact_percent, min);
            gate(
                out,
                "fail",
                format!(
                    "<code>--fail-under {min}</code>: fails, the score {shown}% is below {min}%"
                ),
            );
        }
        Some(min) => gate(
            out,
            "pass",
            format!("<code>--fail-under {min}</code>: passes"),
        ),
        None => gate(
            out,
            "none",
            "<code>--fail-under</code>: not set".to_string(),
        ),
    }
    let new_errors = report
        .violations
        .iter()
        .filter(|v| !v.baselined && !v.is_suppressed() && v.severity == Severity::Error)
        .count();
    let known = if report.with_baseline { "new " } else { "" };
    if new_errors > 0 {
        fails = true;
        gate(
            out,
            "fail",
            format!(
                "error-severity violations: fails, {new_errors} {known}error{}",
                if new_errors == 1 { "" } else { "s" }
            ),
        );
    } else {
        gate(
            out,
            "pass",
            format!("error-severity violations: passes, no {known}errors"),
        );
    }
    if let Some(registry) = extra.registry {
        let false_claims = registry.count(Verdict::False);
        if false_claims > 0 {
            gate(
                out,
                "fail",
                format!(
                    "registry: {} (<code>ssotscan registry verify</code> exits 1)",
                    plural(false_claims, "false claim")
                ),
            );
        } else {
            gate(out, "pass", "registry: every claim holds".to_string());
        }
    }
    let code = if extra.exit_zero.is_some() || !fails {
        0
    } else {
        1
    };
    let why = match extra.exit_zero {
        Some(option) if fails => format!(" (<code>{option}</code>)"),
        _ => String::new(),
    };
    let _ = writeln!(
        out,
        "<li class=\"gate verdict {}\"><code>ssotscan check</code> exits {code}{why}</li></ul>",
        if code == 0 { "pass" } else { "fail" }
    );
}

/// A labelled bar: `percent` filled, coloured by grade.
fn bar(out: &mut String, label: &str, exact: f64, detail: &str, attrs: &str) {
    let shown = floor_to(exact, 1);
    let _ = write!(
        out,
        concat!(
            "<div class=\"bar-row\"{attrs}><span class=\"bar-label\" title=\"{label}\">{label}</span>",
            "<span class=\"bar\"><span class=\"fill {grade}\" style=\"width:{width:.2}%\"></span></span>",
            "<span class=\"bar-value\">{shown:.1}%</span><span class=\"bar-detail\">{detail}</span></div>\n"
        ),
        attrs = attrs,
        label = html(label),
        grade = grade(exact),
        width = floor_to(exact, 2),
        shown = shown,
        detail = detail,
    );
}

fn categories(out: &mut String, s: &Summary) {
    out.push_str("<section id=\"categories\"><h2>Categories</h2>\n");
    for (name, key) in [("source", "source"), ("tests", "tests")] {
        if let Some(c) = s.categories.get(key) {
            let detail = format!(
                "{} of {} not clean",
                c.files - c.clean,
                plural(c.files, "file")
            );
            bar(out, name, percent(c.clean, c.files), &detail, "");
        }
    }
    out.push_str("</section>\n");
}

fn groups(out: &mut String, report: &Report) {
    out.push_str("<section id=\"groups\"><h2>Groups</h2>\n");
    let (Some(summaries), Some(groups)) = (&report.summary.groups, report.groups) else {
        out.push_str("<p class=\"note\">No groups (<code>--group-by none</code>).</p></section>\n");
        return;
    };
    let _ = writeln!(
        out,
        "<p class=\"note\">{}, worst first; click one to list its files.</p>",
        match groups.by {
            super::groups::GroupBy::Config => "The configuration's <code>[groups]</code>",
            _ => "One group per top-level directory",
        }
    );
    for (name, g) in worst_first(summaries) {
        let index = groups.names.iter().position(|n| n == name);
        let attrs = index
            .map(|i| format!(" data-group=\"{i}\" tabindex=\"0\""))
            .unwrap_or_default();
        let detail = if g.files == 0 {
            "no files".to_string()
        } else {
            format!(
                "{} of {} not clean · {}",
                g.files - g.clean,
                plural(g.files, "file"),
                plural(g.violations(), "violation")
            )
        };
        bar(out, name, g.exact_percent, &detail, &attrs);
    }
    out.push_str("</section>\n");
}

fn imports(out: &mut String, report: &Report) {
    out.push_str("<section id=\"imports\"><h2>Imports between groups</h2>\n");
    let (Some(imports), Some(groups)) = (report.html.imports, report.groups) else {
        out.push_str("<p class=\"note\">No groups, no picture (<code>--group-by none</code>).</p></section>\n");
        return;
    };
    let edges = group_edges(imports, groups, report.files);
    out.push_str(concat!(
        "<p class=\"note\">An arrow goes from the group whose files import to the group imported, ",
        "as thick as the number of import statements; groups in an import cycle between groups, ",
        "and the arrows of the cycle, are red. Circles grow with the files of a group and take ",
        "the colour of its score.</p>\n<div class=\"graph-box\">"
    ));
    let (svg, left_out) = graph::svg(groups, &edges, report.summary.groups.as_ref());
    out.push_str(&svg);
    out.push_str("</div>\n");
    if left_out > 0 {
        let _ = writeln!(
            out,
            "<p class=\"note\">The picture shows the {} groups with most files; {left_out} smaller {} left out.</p>",
            graph::MAX_DRAWN,
            if left_out == 1 { "group is" } else { "groups are" }
        );
    }
    let cyclic: Vec<&GroupEdge> = edges.iter().filter(|e| e.cyclic).collect();
    if cyclic.is_empty() {
        out.push_str("<p class=\"note\" id=\"group-cycles\">No import cycle between groups.</p>\n");
    } else {
        out.push_str("<p class=\"note\">Imports in cycles between groups:</p><ul id=\"group-cycles\" class=\"cycles\">");
        for e in cyclic {
            let _ = write!(
                out,
                "<li>{} → {}: {}</li>",
                html(&groups.names[e.from]),
                html(&groups.names[e.to]),
                plural(e.count, "import statement")
            );
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

fn rules(out: &mut String, report: &Report) {
    let s = report.summary;
    let sev = &s.violations_by_severity;
    out.push_str("<section id=\"rules\"><h2>Violations by rule and severity</h2>\n");
    let total = (sev.error + sev.warning + sev.info).max(1) as f64;
    out.push_str("<div class=\"sev-bar\">");
    for (class, n, word) in [
        ("error", sev.error, "error"),
        ("warning", sev.warning, "warning"),
        ("info", sev.info, "info"),
    ] {
        if n > 0 {
            let _ = write!(
                out,
                "<span class=\"{class}\" style=\"width:{:.2}%\" title=\"{}\"></span>",
                100.0 * n as f64 / total,
                plural(n, word)
            );
        }
    }
    let _ = writeln!(
        out,
        "</div><p class=\"legend\"><span class=\"dot error\"></span>{} <span class=\"dot warning\"></span>{} <span class=\"dot info\"></span>{}</p>",
        plural(sev.error, "error"),
        plural(sev.warning, "warning"),
        plural(sev.info, "info")
    );
    // rule -> [errors, warnings, infos, suppressed]
    let mut counts: BTreeMap<&str, [usize; 4]> = BTreeMap::new();
    for v in report.violations {
        let c = counts.entry(v.rule).or_default();
        if v.is_suppressed() {
            c[3] += 1;
        } else {
            c[match v.severity {
                Severity::Error => 0,
                Severity::Warning => 1,
                Severity::Info => 2,
            }] += 1;
        }
    }
    if counts.is_empty() {
        out.push_str("<p class=\"note\">No violations.</p></section>\n");
        return;
    }
    let mut rows: Vec<(&str, [usize; 4])> = counts.into_iter().collect();
    rows.sort_by(|a, b| {
        let n = |c: &[usize; 4]| c[0] + c[1] + c[2];
        n(&b.1).cmp(&n(&a.1)).then_with(|| a.0.cmp(b.0))
    });
    let max = rows
        .iter()
        .map(|(_, c)| c[0] + c[1] + c[2])
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    out.push_str("<table class=\"rules\"><thead><tr><th>Rule</th><th class=\"num\">Errors</th><th class=\"num\">Warnings</th><th class=\"num\">Infos</th><th class=\"num\">Total</th><th></th><th class=\"num\">Suppressed</th></tr></thead><tbody>");
    for (rule, c) in rows {
        let n = c[0] + c[1] + c[2];
        let _ = write!(
            out,
            "<tr data-rule=\"{r}\" tabindex=\"0\"><td><code>{r}</code></td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{n}</td><td class=\"spark\"><span style=\"width:{:.2}%\"></span></td><td class=\"num\">{}</td></tr>",
            c[0],
            c[1],
            c[2],
            100.0 * n as f64 / max,
            c[3],
            r = html(rule),
        );
    }
    out.push_str("</tbody></table>\n</section>\n");
}

fn registry(out: &mut String, report: &Report) {
    out.push_str("<section id=\"registry\"><h2>Registry</h2>\n");
    let Some(registry) = report.html.registry else {
        out.push_str("<p class=\"note\">No registry (<code>ssot-registry.toml</code> or the <code>registry</code> key).</p></section>\n");
        return;
    };
    let _ = write!(
        out,
        "<p class=\"note\">Every claim of <code>{}</code>, proved or refuted against the code, as <code>ssotscan registry verify</code> does.</p><p>",
        html(&registry.registry)
    );
    for v in [
        Verdict::False,
        Verdict::Stale,
        Verdict::Unverifiable,
        Verdict::Ok,
    ] {
        let _ = write!(
            out,
            "<span class=\"chip verdict-{0}\">{1} {0}</span>",
            v.as_str(),
            registry.count(v)
        );
    }
    out.push_str(concat!(
        "</p>\n<table class=\"claims\"><thead><tr><th>Verdict</th><th>Symbol</th><th>Path</th>",
        "<th>Status</th><th>Detail</th><th>Definition</th><th class=\"num\">Importers</th></tr></thead>",
        "<tbody id=\"claim-rows\"></tbody></table>\n",
        "<button class=\"more\" id=\"claim-more\" type=\"button\" hidden>Show more</button>\n</section>\n"
    ));
}

fn suppressions(out: &mut String, report: &Report) {
    let s = report.summary;
    out.push_str("<section id=\"suppressions\"><h2>Suppressions and baseline</h2>\n");
    if let Some(b) = &s.baseline {
        let _ = writeln!(
            out,
            "<p>Baseline: <span class=\"chip\">{} new</span><span class=\"chip\">{} known</span><span class=\"chip\">{} fixed since it was written</span></p>",
            b.new, b.known, b.fixed
        );
    } else {
        out.push_str("<p class=\"note\">No baseline (<code>--baseline</code>).</p>\n");
    }
    if s.suppressed_by_rule.is_empty() {
        out.push_str("<p class=\"note\">No violation is suppressed by an inline comment.</p>\n");
    } else {
        let total: usize = s.suppressed_by_rule.values().sum();
        let _ = write!(
            out,
            "<p>{} suppressed by inline comments: ",
            plural(total, "violation")
        );
        for (rule, n) in &s.suppressed_by_rule {
            let _ = write!(
                out,
                "<span class=\"chip\"><code>{}</code> {n}</span>",
                html(rule)
            );
        }
        let (with, without) = (
            floor_to(s.exact_percent, 1),
            floor_to(s.exact_percent_unsuppressed, 1),
        );
        let _ = writeln!(
            out,
            "</p><p class=\"note\">The score is {with:.1}% with suppressions, {without:.1}% without.</p>"
        );
    }
    out.push_str(concat!(
        "<table class=\"supp\"><thead><tr><th>Where</th><th>Rule</th><th>Comment</th><th>Reason</th></tr></thead>",
        "<tbody id=\"supp-rows\"></tbody></table>\n",
        "<button class=\"more\" id=\"supp-more\" type=\"button\" hidden>Show more</button>\n</section>\n"
    ));
}
