//! The region allocator (`src/alloc.rs`) installed as the global allocator, as the binaries
//! install it: a scan of every `testdata/` tree, then two more of it at once (the facts of both
//! kept in the region from several threads, then freed), give the same violations each time.
//! The sanitizer job of `.ci/run` runs this test under AddressSanitizer.

use std::path::Path;

use ssotscan::config::ConfigChoice;
use ssotscan::project::{GlobalSettings, Project};
use ssotscan::rules::{activate, Selection};
use ssotscan::scan::{self, ScanOptions};

#[global_allocator]
static GLOBAL: ssotscan::alloc::Allocator = ssotscan::alloc::Allocator;

fn scan_tree(root: &Path) -> Vec<String> {
    let settings = GlobalSettings {
        config: ConfigChoice::Discover,
        ..GlobalSettings::default()
    };
    let project = Project::load(root, &settings).expect("project");
    let rules = activate(&project.config.rules, &Selection::default()).expect("rules");
    let inputs = vec![project.root.clone()];
    let out = scan::run(
        &project,
        &inputs,
        &rules,
        ScanOptions {
            threads: 4,
            ..ScanOptions::default()
        },
    )
    .expect("scan");
    out.violations
        .iter()
        .map(|v| {
            format!(
                "{}:{}:{}: {}: {}",
                v.path, v.line, v.column, v.rule, v.message
            )
        })
        .collect()
}

#[test]
fn scans_under_the_region_allocator_agree_with_each_other() {
    let testdata = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
    let mut trees: Vec<_> = std::fs::read_dir(&testdata)
        .expect("testdata")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.join("ssotscan.toml").is_file())
        .collect();
    trees.sort();
    assert!(trees.len() >= 5, "{trees:?}");
    for tree in &trees {
        let first = scan_tree(tree);
        // Two scans at once: facts of both kept in the region, from several threads.
        let (a, b) = std::thread::scope(|s| {
            let a = s.spawn(|| scan_tree(tree));
            let b = s.spawn(|| scan_tree(tree));
            (a.join().expect("scan a"), b.join().expect("scan b"))
        });
        assert_eq!(first, a, "{}", tree.display());
        assert_eq!(first, b, "{}", tree.display());
        assert!(
            !first.is_empty() || tree.ends_with("graph"),
            "{}",
            tree.display()
        );
    }
}
