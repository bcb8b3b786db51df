//! `--format html`: one self-contained, deterministic page that escapes everything it shows.
//!
//! The plain tests read the page as text: its structure, that it names nothing outside itself,
//! that paths and code holding markup stay text, the groups and their import picture. The
//! ignored test renders it in headless Chromium (`.ci/run` installs Debian's `chromium` and runs
//! `cargo test --test html -- --ignored`): the page's script must finish without an error and
//! without a request the Content-Security-Policy refused, and the DOM must show the score, the
//! group bars and the files. It takes a screenshot into the target directory, or into
//! `docs/report.png` (the README's picture) with `UPDATE_SCREENSHOT=1`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{project, run, testdata};

/// The report of `dir`, written with `-o` (as users do) into a temporary directory.
fn report(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("report.html");
    let file_arg = file.to_str().unwrap();
    let mut all = args.to_vec();
    all.extend(["check", "--format", "html", "-o", file_arg]);
    let r = run(dir, &all);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    let html =
        std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("no report ({e}): {}", r.stderr));
    (r.code, html)
}

/// The JSON document the page's script reads.
fn data(html: &str) -> serde_json::Value {
    let start = r#"<script type="application/json" id="ssot-data">"#;
    let (_, rest) = html.split_once(start).expect("the data element");
    let (json, _) = rest.split_once("</script>").expect("its end");
    serde_json::from_str(json).expect("the data is JSON")
}

/// The markup of a page: its tags (`<name ...>`), outside the contents of `<script>` and `<style>`
/// (where a `<` is no tag).
fn tags(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        let after = &rest[i + 1..];
        if !after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!') {
            rest = after;
            continue;
        }
        let end = after.find('>').expect("a tag ends");
        let tag = &after[..end];
        out.push(tag);
        rest = &after[end + 1..];
        for raw in ["script", "style"] {
            if tag == raw || tag.starts_with(&format!("{raw} ")) {
                let close = format!("</{raw}>");
                let k = rest.find(&close).expect("the element ends");
                rest = &rest[k..];
            }
        }
    }
    out
}

/// The attributes of a tag (`name ...`): `(name, value)`, values unquoted.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = tag.trim_end_matches('/');
    rest = rest.find(' ').map_or("", |i| &rest[i..]);
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            return out;
        }
        let name_end = rest.find(['=', ' ']).unwrap_or(rest.len());
        let name = rest[..name_end].to_ascii_lowercase();
        rest = &rest[name_end..];
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'');
            if let Some(q) = quote {
                let end = after[1..].find(q).expect("a closing quote") + 1;
                value = after[1..end].to_string();
                rest = &after[end + 1..];
            } else {
                let end = after.find(' ').unwrap_or(after.len());
                value = after[..end].to_string();
                rest = &after[end..];
            }
        }
        out.push((name, value));
    }
}

/// Attribute values that make a browser fetch something, and CSS that does.
fn external_references(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for tag in tags(html) {
        for (name, value) in attributes(tag) {
            let fetches = [
                "src",
                "href",
                "action",
                "poster",
                "srcset",
                "data",
                "formaction",
                "background",
                "xlink:href",
                "ping",
                "manifest",
            ];
            let value = value.trim().to_ascii_lowercase();
            // Only fragments within the page and `data:` URLs.
            if fetches.contains(&name.as_str())
                && !(value.starts_with('#') || value.starts_with("data:"))
            {
                found.push(tag.to_string());
            }
        }
    }
    let lower = html.to_ascii_lowercase();
    for css in [
        "@import", "url(http", "url(//", "url('", "url(\"", "url(data",
    ] {
        if lower.contains(css) {
            found.push(css.to_string());
        }
    }
    found
}

#[test]
fn the_report_is_one_self_contained_page() {
    let (code, html) = report(&testdata("monorepo"), &[]);
    assert_eq!(code, 1, "the exit code is check's");
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(html.ends_with("</html>\n"));
    assert!(html.contains(&format!(
        r#"<meta http-equiv="Content-Security-Policy" content="{}">"#,
        ssotscan::report::html::CSP
    )));
    assert_eq!(external_references(&html), Vec::<String>::new());
    assert!(!html.contains("http://") && !html.contains("https://"));
    // Exactly the page's own elements: no stylesheet or script from elsewhere.
    assert_eq!(html.matches("<script").count(), 3, "watcher, data, script");
    assert_eq!(html.matches("</script>").count(), 3);
    assert_eq!(html.matches("<style>").count(), 1);
    assert!(!html.contains("<link rel=\"stylesheet\""));
    assert!(!html.contains("<img") && !html.contains("<iframe"));
    // The headline, the gates and the sections.
    assert!(html.contains(r#"<div class="score poor" id="score">78.1%</div>"#));
    assert!(html.contains("error-severity violations: fails, 8 errors"));
    assert!(html.contains("<code>ssotscan check</code> exits 1"));
    for id in [
        "categories",
        "groups",
        "imports",
        "rules",
        "files",
        "duplicates",
        "registry",
        "suppressions",
    ] {
        assert!(html.contains(&format!("<section id=\"{id}\">")), "{id}");
    }
    // Groups as bars, worst first.
    let bars: Vec<&str> = html
        .split("<span class=\"bar-label\" title=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .collect();
    assert_eq!(
        bars,
        vec![
            "source",
            "tests",
            "netra_backend",
            "auth_service",
            "(root)",
            "scripts",
            "shared",
            "test_framework"
        ]
    );
    // The picture of imports between groups.
    assert!(html.contains("<svg id=\"graph-svg\" class=\"graph\""));
    assert!(html.contains(
        "<g class=\"edge\" data-from=\"netra_backend\" data-to=\"shared\"><title>netra_backend → shared: 3 import statements</title>"
    ));
    // The registry's claims (ssot-registry.toml) and the data the lists are built from.
    assert!(html.contains("<span class=\"chip verdict-ok\">4 ok</span>"));
    let d = data(&html);
    assert_eq!(d["files"].as_array().unwrap().len(), 7);
    assert_eq!(d["v"].as_array().unwrap().len(), 11);
    assert_eq!(d["claims"].as_array().unwrap().len(), 4);
    assert_eq!(d["groups"][0], "(root)");
    // Paths are named once; each with its group.
    let paths = d["paths"].as_array().unwrap();
    assert_eq!(paths[0], "auth_service/auth_core/config.py");
    assert_eq!(d["pg"][0], 1);
    assert_eq!(
        paths[d["files"][0]["p"].as_u64().unwrap() as usize],
        paths[0]
    );
    // Each violation with its code frame, fix and related sites.
    let first = &d["v"][0];
    assert_eq!(first["l"], 2);
    assert_eq!(
        first["f"],
        "  |\n2 | from os import getenv\n  |                ^^^^^^\n"
    );
    assert_eq!(first["x"], "use shared.isolated_environment.get_env()");
    // Duplicate groups with every site.
    let dups = d["dups"].as_array().unwrap();
    assert_eq!(dups.len(), 2);
    let sites: Vec<String> = dups[0]["sites"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            format!(
                "{}:{}",
                paths[s[0].as_u64().unwrap() as usize].as_str().unwrap(),
                s[1]
            )
        })
        .collect();
    assert_eq!(
        sites,
        vec![
            "auth_service/auth_core/validation.py:7",
            "netra_backend/app/schemas.py:7"
        ]
    );
}

#[test]
fn the_report_is_deterministic() {
    let dir = testdata("monorepo");
    let strip = |html: String| {
        // The scan's duration (in the footer) is the one thing that changes.
        let (head, rest) = html.split_once("· scanned in ").unwrap();
        format!("{head}{}", rest.split_once(" ms</footer>").unwrap().1)
    };
    let a = strip(report(&dir, &["--threads", "1"]).1);
    let b = strip(report(&dir, &["--threads", "2"]).1);
    assert!(a == b, "two runs differ");
}

/// Paths, names and code with markup in them: everything reaches the page as text (issue 14).
#[cfg(unix)]
#[test]
fn paths_and_code_with_markup_stay_text() {
    let evil_dir = "x<img src=x onerror=alert(1)>";
    let evil_file = format!("{evil_dir}/</script><script>alert(2)</script>.py");
    let code = "import os\nA = os.environ['</script><img src=x onerror=alert(3)>']\n";
    let dir = project(&[
        (evil_file.as_str(), code),
        ("ok/'quote\".py", "import os\nB = os.getenv('&amp; <!--')\n"),
    ]);
    let (code_, html) = report(dir.path(), &["--no-config"]);
    assert_eq!(code_, 1);
    // No markup from the data: the page's own elements only.
    assert!(!html.contains("<img"), "an <img> got into the markup");
    // No event handler attribute either.
    for tag in tags(&html) {
        for (name, _) in attributes(tag) {
            assert!(!name.starts_with("on"), "{tag}");
        }
    }
    assert_eq!(html.matches("<script").count(), 3);
    assert_eq!(html.matches("</script>").count(), 3);
    assert!(!html.contains("<!--"));
    assert_eq!(external_references(&html), Vec::<String>::new());
    // The group named after the directory is escaped where the markup shows it...
    assert!(html.contains("x&lt;img src=x onerror=alert(1)&gt;"));
    // ... and the data says exactly what the files hold.
    let d = data(&html);
    let paths: Vec<&str> = d["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            d["paths"][f["p"].as_u64().unwrap() as usize]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(paths, vec!["ok/'quote\".py", evil_file.as_str()]);
    let frames: Vec<&str> = d["v"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["f"].as_str().unwrap())
        .collect();
    assert!(frames[1].contains("os.environ['</script><img src=x onerror=alert(3)>']"));
    assert!(frames[0].contains("os.getenv('&amp; <!--')"));
}

#[test]
fn configured_groups_their_imports_and_a_cycle_between_them() {
    let dir = project(&[
        (
            "ssotscan.toml",
            "[groups]\napi = ['svc/api/**']\nworker = ['svc/worker/**']\nempty = ['nothing/**']\n",
        ),
        ("svc/__init__.py", ""),
        ("svc/api/__init__.py", ""),
        (
            "svc/api/views.py",
            "from svc.worker.jobs import run\nimport os\nX = os.environ['X']\n",
        ),
        ("svc/worker/__init__.py", ""),
        (
            "svc/worker/jobs.py",
            "def run():\n    from svc.api import views\n    return views\n",
        ),
        (
            "tools/gen.py",
            "import svc.api.views\nimport svc.api.views as v\n",
        ),
    ]);
    let (code, html) = report(dir.path(), &[]);
    assert_eq!(code, 1);
    let d = data(&html);
    assert_eq!(
        d["groups"],
        serde_json::json!(["(other)", "api", "empty", "worker"])
    );
    // api ⇄ worker is a cycle (the function-level import counts); (other) → api is not.
    assert!(html.contains("<g class=\"edge cycle\" data-from=\"api\" data-to=\"worker\">"));
    assert!(html.contains("<g class=\"edge cycle\" data-from=\"worker\" data-to=\"api\">"));
    assert!(html.contains(
        "<g class=\"edge\" data-from=\"(other)\" data-to=\"api\"><title>(other) → api: 2 import statements</title>"
    ));
    assert!(html.contains("<ul id=\"group-cycles\" class=\"cycles\"><li>api → worker: 1 import statement</li><li>worker → api: 1 import statement</li></ul>"));
    assert!(html.contains("<g class=\"node poor cycle\" data-group=\"api\">"));
    assert!(html.contains("The configuration's <code>[groups]</code>"));
    // A configured group without files is a bar saying so; no node in the picture.
    assert!(html.contains("<span class=\"bar-detail\">no files</span>"));
    assert!(!html.contains("data-group=\"empty\""));
}

#[test]
fn gates_fail_under_and_exit_zero() {
    let dir = testdata("monorepo");
    let (code, html) = report(&dir, &[]);
    assert_eq!(code, 1);
    assert!(html.contains("<li class=\"gate none\"><code>--fail-under</code>: not set</li>"));
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("r.html");
    let r = run(
        &dir,
        &[
            "check",
            "--format",
            "html",
            "-o",
            file.to_str().unwrap(),
            "--fail-under",
            "78.13",
            "--exit-zero",
        ],
    );
    assert_eq!(r.code, 0);
    let html = std::fs::read_to_string(&file).unwrap();
    assert!(html.contains(
        "<li class=\"gate fail\"><code>--fail-under 78.13</code>: fails, the score 78.12% is below 78.13%</li>"
    ));
    assert!(html.contains("exits 0 (<code>--exit-zero</code>)"));
}

#[test]
fn without_groups_there_is_no_picture() {
    let (_, html) = report(&testdata("monorepo"), &[]);
    assert!(html.contains("graph-svg"));
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("r.html");
    let r = run(
        &testdata("monorepo"),
        &[
            "check",
            "--format",
            "html",
            "--group-by",
            "none",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let html = std::fs::read_to_string(&file).unwrap();
    assert!(!html.contains("graph-svg"));
    assert!(html.contains("No groups"));
    assert_eq!(data(&html)["groups"], serde_json::json!([]));
}

#[test]
fn no_frames_leaves_the_code_frames_out() {
    let (_, html) = report(&testdata("monorepo"), &[]);
    let with = data(&html);
    assert!(with["v"][0].get("f").is_some());
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("r.html");
    let r = run(
        &testdata("monorepo"),
        &[
            "check",
            "--format",
            "html",
            "--no-frames",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let without = data(&std::fs::read_to_string(&file).unwrap());
    assert!(without["v"]
        .as_array()
        .unwrap()
        .iter()
        .all(|v| v.get("f").is_none()));
    assert_eq!(without["v"][0]["m"], with["v"][0]["m"]);
}

#[test]
fn suppressions_and_baseline() {
    let dir = project(&[
        (
            "app/a.py",
            "import os\nA = os.environ['A']  # ssotscan: ignore[env-access] read once <b>here</b>\n",
        ),
        ("app/b.py", "import os\nB = os.environ['B']\n"),
        ("app/c.py", ""),
    ]);
    let base = dir.path().join("base.json");
    let r = run(
        dir.path(),
        &[
            "--no-config",
            "check",
            "--write-baseline",
            base.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    common::write(dir.path(), "app/c.py", "import os\nC = os.getenv('C')\n");
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("r.html");
    let r = run(
        dir.path(),
        &[
            "--no-config",
            "check",
            "--baseline",
            base.to_str().unwrap(),
            "--format",
            "html",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let html = std::fs::read_to_string(&file).unwrap();
    assert!(html.contains("<span class=\"chip\">1 new</span><span class=\"chip\">1 known</span><span class=\"chip\">0 fixed since it was written</span>"));
    assert!(html.contains("1 violation suppressed by inline comments: <span class=\"chip\"><code>env-access</code> 1</span>"));
    assert!(html.contains("error-severity violations: fails, 1 new error"));
    let d = data(&html);
    let supp = &d["supp"][0];
    assert_eq!(d["paths"][supp["p"].as_u64().unwrap() as usize], "app/a.py");
    assert_eq!(supp["why"], "read once <b>here</b>");
    assert_eq!(supp["at"], 2);
    // Known violations are listed, marked.
    let known: Vec<bool> = d["v"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.get("b").is_some())
        .collect();
    assert_eq!(known, vec![true, false]);
}

/// Many groups: the picture draws the largest ones and says how many it left out.
#[test]
fn the_picture_draws_at_most_sixty_groups() {
    let mut files: Vec<(String, String)> = (0..65)
        .map(|i| {
            (
                format!("g{i:02}/m.py"),
                format!("import g{:02}.m\n", (i + 1) % 65),
            )
        })
        .collect();
    files.push(("g07/extra.py".into(), String::new()));
    files.push(("g42/extra.py".into(), String::new()));
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let dir = project(&refs);
    let (_, html) = report(dir.path(), &["--no-config"]);
    let svg = html.split("<svg id=\"graph-svg\"").nth(1).unwrap();
    let svg = svg.split("</svg>").next().unwrap();
    assert_eq!(svg.matches("<g class=\"node").count(), 60);
    // The two groups with two files are drawn, then the first by name.
    assert!(svg.contains("data-group=\"g07\"") && svg.contains("data-group=\"g42\""));
    assert!(svg.contains("data-group=\"g59\"") && !svg.contains("data-group=\"g60\""));
    assert!(html.contains(
        "The picture shows the 60 groups with most files; 5 smaller groups are left out."
    ));
    // A ring of 65 imports is a cycle through every group: the edges between drawn groups.
    assert!(svg.contains("<g class=\"edge cycle\" data-from=\"g00\" data-to=\"g01\">"));
    assert!(!svg.contains("data-to=\"g60\""));
}

// ---------------------------------------------------------------------------------------------
// The browser test.

fn chromium() -> PathBuf {
    std::env::var_os("SSOTSCAN_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

/// Runs headless Chromium on `page` with `args`; returns stdout.
fn headless(page: &Path, profile: &Path, args: &[&str]) -> String {
    let out = Command::new(chromium())
        .args([
            "--headless",
            "--disable-gpu",
            "--no-sandbox",
            "--no-first-run",
            "--hide-scrollbars",
            "--disable-extensions",
            "--disable-background-networking",
            "--disable-component-update",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", chromium().display()));
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The attributes of the `<html>` element of a dumped DOM.
fn root_attributes(dom: &str) -> String {
    let start = dom.find("<html").expect("an <html> element");
    dom[start..start + dom[start..].find('>').unwrap()].to_string()
}

#[test]
#[ignore = "needs headless Chromium (/usr/bin/chromium): .ci/run runs it with --ignored"]
fn the_report_renders_in_a_browser_without_error_or_request() {
    let work = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("html-browser-test");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).unwrap();
    let page = work.join("report.html");
    let r = run(
        &testdata("monorepo"),
        &["check", "--format", "html", "-o", page.to_str().unwrap()],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let profile = work.join("profile");

    let dom = headless(&page, &profile, &["--dump-dom"]);
    let root = root_attributes(&dom);
    assert!(
        root.contains("data-ready=\"ok\""),
        "the script did not finish: {root}"
    );
    assert!(
        !root.contains("data-script-error"),
        "a script error: {root}"
    );
    assert!(
        !root.contains("data-blocked"),
        "a request was attempted: {root}"
    );
    let ms: u64 = root
        .split("data-render-ms=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .and_then(|s| s.parse().ok())
        .expect("data-render-ms");
    assert!(ms < 2000, "the page took {ms} ms to be ready");
    // The score, the group bars and the rows the script built.
    assert!(dom.contains("<div class=\"score poor\" id=\"score\">78.1%</div>"));
    assert_eq!(dom.matches("<div class=\"bar-row\" data-group=").count(), 6);
    assert_eq!(dom.matches("<tr class=\"file\"").count(), 7);
    assert!(dom.contains("<span class=\"count\" id=\"file-count\">(7)</span>"));
    assert_eq!(dom.matches("<details class=\"dup\">").count(), 2);
    assert!(dom.contains("<td class=\"path\">netra_backend/app/admin.py</td>"));

    // A link to a filtered list with a file opened: its violations with their code frames.
    let link = format!(
        "{}#files?rule=env-access&group=netra_backend&open=netra_backend/app/db/session.py",
        page.display()
    );
    let dom = headless(Path::new(&link), &profile, &["--dump-dom"]);
    let root = root_attributes(&dom);
    assert!(
        root.contains("data-ready=\"ok\"") && !root.contains("data-script-error"),
        "{root}"
    );
    assert_eq!(dom.matches("<tr class=\"file").count(), 3);
    assert!(dom.contains("<span class=\"count\" id=\"file-count\">(3 of 7)</span>"));
    assert!(dom.contains("<tr class=\"file open\" tabindex=\"0\"><td class=\"path\">netra_backend/app/db/session.py</td>"));
    assert_eq!(dom.matches("<div class=\"viol\">").count(), 2);
    assert!(
        dom.contains("<pre class=\"frame\">  |\n6 | POOL_SIZE = int(os.environ.get("),
        "no code frame"
    );

    // The watcher works: a page that asks for something outside itself is caught.
    let html = std::fs::read_to_string(&page).unwrap();
    let leaky = work.join("leaky.html");
    std::fs::write(
        &leaky,
        html.replacen("<main>", "<main><img src=\"http://127.0.0.1:9/x.png\">", 1),
    )
    .unwrap();
    let dom = headless(&leaky, &profile, &["--dump-dom"]);
    assert!(
        root_attributes(&dom).contains("data-blocked"),
        "the request of an <img> went unnoticed"
    );

    // The screenshot: the README's picture with UPDATE_SCREENSHOT=1, else a test artefact.
    let shot = if std::env::var_os("UPDATE_SCREENSHOT").is_some() {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/report.png")
    } else {
        work.join("report.png")
    };
    let _ = std::fs::remove_file(&shot);
    headless(
        &page,
        &profile,
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1280,2000",
        ],
    );
    let png = std::fs::read(&shot).expect("a screenshot");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 10_000);
}
