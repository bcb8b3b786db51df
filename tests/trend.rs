//! `ssotscan trend`: each point equals `check` on a checkout of its commit; sampling, formats,
//! missing objects, and the errors outside a repository.

mod common;

use std::path::Path;
use std::process::Command;

use common::{project, run, write};

fn git(dir: &Path, args: &[&str], date: &str) -> String {
    common::git_at(dir, args, Some(date))
}

fn commit(dir: &Path, message: &str, date: &str) -> String {
    git(dir, &["add", "-A"], date);
    git(dir, &["commit", "-q", "-m", message], date);
    git(dir, &["rev-parse", "HEAD"], date)
}

/// A project with three commits on three days: violations come, go and move between files.
fn history() -> (tempfile::TempDir, Vec<String>) {
    let dir = project(&[
        (
            "ssotscan.toml",
            "[rules.env-access]\nallow = [\"shared/env.py\"]\n",
        ),
        ("shared/__init__.py", ""),
        (
            "shared/env.py",
            "import os\n\ndef get(k):\n    return os.environ.get(k)\n",
        ),
        ("svc/__init__.py", ""),
        (
            "svc/app.py",
            "import os\nfrom shared.env import get\n\nA = os.environ['A']\n",
        ),
        ("svc/tests/test_app.py", "from svc.app import A\n"),
    ]);
    let root = dir.path();
    git(root, &["init", "-q", "-b", "main"], "2026-01-01T10:00:00Z");
    let mut ids = vec![commit(root, "one", "2026-01-01T10:00:00Z")];
    // Day 2: a broken file, a missing module, a duplicate class.
    write(root, "svc/broken.py", "def f(:\n");
    write(root, "svc/client.py", "from svc.gone import x\n\nclass Settings:\n    def a(self):\n        return 1\n\n    def b(self):\n        return 2\n");
    write(root, "shared/settings.py", "class Settings:\n    def a(self):\n        return 1\n\n    def b(self):\n        return 2\n");
    ids.push(commit(root, "two", "2026-01-02T10:00:00Z"));
    // A second commit the same day: the day's point is this one.
    write(
        root,
        "svc/app.py",
        "from shared.env import get\n\nA = get('A')\n",
    );
    ids.push(commit(root, "three", "2026-01-02T18:00:00Z"));
    // Day 3: the broken file fixed, the import fixed, a file deleted.
    write(root, "svc/broken.py", "def f():\n    return 1\n");
    write(
        root,
        "svc/client.py",
        "from shared.settings import Settings\n",
    );
    std::fs::remove_file(root.join("svc/tests/test_app.py")).unwrap();
    // A symbolic link to a module: a walk of a checkout does not follow it, nor does trend.
    #[cfg(unix)]
    std::os::unix::fs::symlink("app.py", root.join("svc/link.py")).unwrap();
    ids.push(commit(root, "four", "2026-01-03T09:00:00Z"));
    (dir, ids)
}

fn json(r: &common::Run) -> serde_json::Value {
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
}

#[test]
fn each_point_equals_check_on_a_checkout_of_its_commit() {
    let (dir, ids) = history();
    let root = dir.path();
    let trend = json(&run(root, &["trend", "--format", "json"]));
    assert_eq!(trend["config"], "current");
    let points = trend["points"].as_array().expect("points");
    // The last commit of each day, oldest first.
    let commits: Vec<&str> = points
        .iter()
        .map(|p| p["commit"].as_str().unwrap())
        .collect();
    assert_eq!(
        commits,
        vec![ids[0].as_str(), ids[2].as_str(), ids[3].as_str()]
    );
    assert_eq!(points[1]["date"], "2026-01-02T18:00:00Z");
    for (point, id) in points.iter().zip([&ids[0], &ids[2], &ids[3]]) {
        // A checkout of the commit, elsewhere, checked as usual.
        let checkout = tempfile::tempdir().expect("checkout");
        let archive = Command::new("git")
            .args(["archive", "--format=tar", id])
            .current_dir(root)
            .output()
            .expect("git archive");
        assert!(archive.status.success());
        let mut tar = Command::new("tar")
            .args(["-x", "-C"])
            .arg(checkout.path())
            .stdin(std::process::Stdio::piped())
            .spawn()
            .expect("tar");
        use std::io::Write;
        tar.stdin
            .take()
            .unwrap()
            .write_all(&archive.stdout)
            .unwrap();
        assert!(tar.wait().unwrap().success());
        let check = run(
            checkout.path(),
            &["--no-cache", "check", "--format", "json"],
        );
        let mut expected: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
        expected["summary"]["duration_ms"] = 0.into();
        assert_eq!(point["summary"], expected["summary"], "commit {id}");
        assert_eq!(point["incomplete"], false);
    }
    // The points differ: the history is not flat.
    let scores: Vec<f64> = points
        .iter()
        .map(|p| p["summary"]["compliance_percent"].as_f64().unwrap())
        .collect();
    assert!(
        scores[0] != scores[1] && scores[1] != scores[2],
        "{scores:?}"
    );
}

#[test]
fn sampling_ranges_and_formats() {
    let (dir, ids) = history();
    let root = dir.path();
    let every = json(&run(
        root,
        &["trend", "--every", "1commits", "--format", "json"],
    ));
    assert_eq!(every["points"].as_array().unwrap().len(), 4);
    let one_day = json(&run(
        root,
        &[
            "trend",
            "--since",
            "2026-01-02",
            "--until",
            "2026-01-02",
            "--format",
            "json",
        ],
    ));
    let points = one_day["points"].as_array().unwrap();
    assert_eq!(points.len(), 1);
    assert_eq!(points[0]["commit"], ids[2].as_str());
    let range = json(&run(
        root,
        &[
            "trend",
            "--rev",
            &format!("{}..{}", ids[0], ids[3]),
            "--every",
            "1commits",
            "--format",
            "json",
        ],
    ));
    assert_eq!(range["points"].as_array().unwrap().len(), 3);
    let text = run(root, &["trend"]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert!(text.stdout.starts_with("date  "), "{}", text.stdout);
    assert!(
        text.stdout
            .contains("Judged with the current configuration."),
        "{}",
        text.stdout
    );
    let csv = run(root, &["trend", "--format", "csv"]);
    let lines: Vec<&str> = csv.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{}", csv.stdout);
    assert!(lines[0].starts_with("date,commit,incomplete,files,clean,compliance_percent,"));
    assert!(
        lines[1].starts_with("2026-01-01T10:00:00Z,"),
        "{}",
        lines[1]
    );
    // Each commit's own configuration: the first has none of today's allow-list... here the
    // same file throughout, so the same numbers.
    let own = json(&run(
        root,
        &["trend", "--config-from-commit", "--format", "json"],
    ));
    assert_eq!(own["config"], "commit");
    let current = json(&run(root, &["trend", "--format", "json"]));
    assert_eq!(own["points"], current["points"]);
}

#[test]
fn a_missing_object_marks_its_point_incomplete() {
    let (dir, ids) = history();
    let root = dir.path();
    // The first commit's svc/app.py exists in no later commit: remove its loose object.
    let oid = git(
        root,
        &["rev-parse", &format!("{}:svc/app.py", ids[0])],
        "2026-01-04T00:00:00Z",
    );
    let object = root.join(".git/objects").join(&oid[..2]).join(&oid[2..]);
    std::fs::remove_file(&object).expect("a loose object");
    let r = run(root, &["trend", "--format", "json"]);
    let v = json(&r);
    let points = v["points"].as_array().unwrap();
    assert_eq!(points[0]["incomplete"], true);
    assert_eq!(points[1]["incomplete"], false);
    assert!(r.stderr.contains("1 object(s) missing"), "{}", r.stderr);
}

#[test]
fn outside_a_repository_trend_is_an_error() {
    let dir = project(&[("a.py", "X = 1\n")]);
    let r = run(dir.path(), &["--no-config", "trend"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("trend needs a git repository"),
        "{}",
        r.stderr
    );
    let (dir, _) = history();
    let r = run(dir.path(), &["trend", "--every", "fortnight"]);
    assert_eq!(r.code, 2);
    let r = run(dir.path(), &["trend", "--since", "last tuesday"]);
    assert_eq!(r.code, 2);
}

#[test]
fn the_trend_as_a_page_and_in_the_html_report() {
    let (dir, ids) = history();
    let root = dir.path();
    let page = run(root, &["trend", "--every", "1commits", "--format", "html"]);
    assert_eq!(page.code, 0, "{}", page.stderr);
    let html = &page.stdout;
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("Content-Security-Policy"));
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "fetches nothing"
    );
    for caption in ["Compliance score", "Score by group", "Violations by rule"] {
        assert!(
            html.contains(&format!("<figcaption>{caption}</figcaption>")),
            "{caption}"
        );
    }
    // One row per commit, and a polyline per series with a point per commit.
    for id in &ids {
        assert!(
            html.contains(&format!("<code>{}</code>", &id[..12])),
            "{id}"
        );
    }
    assert_eq!(html.matches("<tr><td>").count(), 4);
    // The HTML report with the last two daily points.
    let report = run(root, &["check", "--format", "html", "--trend", "2"]);
    assert!(report
        .stdout
        .contains("<section id=\"trend\"><h2>Trend</h2>"));
    assert_eq!(report.stdout.matches("<tr><td>2026-01-0").count(), 2);
    assert!(report
        .stdout
        .contains(&format!("<code>{}</code>", &ids[3][..12])));
    // Not without HTML.
    let r = run(root, &["check", "--trend", "2"]);
    assert_eq!(r.code, 2);
}
