//! The README's rule table is generated from the registered rules; this test keeps it in sync
//! (run with `UPDATE_README=1` to rewrite it), and checks every `rules/*.md` belongs to a rule.

use std::path::Path;

use ssotscan::rules::ALL_RULES;

fn expected_table() -> String {
    let mut s = String::from("| rule | default severity | what it reports |\n|---|---|---|\n");
    for r in ALL_RULES {
        s.push_str(&format!(
            "| `{}` | {} | {} |\n",
            r.meta.id,
            r.meta.default_severity.as_str(),
            r.meta.summary
        ));
    }
    s
}

#[test]
fn readme_rule_table_matches_registered_rules() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let (start, end) = ("<!-- rules:start -->\n", "<!-- rules:end -->");
    let a = readme.find(start).expect("rules:start marker") + start.len();
    let b = readme.find(end).expect("rules:end marker");
    let table = expected_table();
    if readme[a..b] != table {
        if std::env::var_os("UPDATE_README").is_some() {
            let updated = format!("{}{}{}", &readme[..a], table, &readme[b..]);
            std::fs::write(&path, updated).unwrap();
        } else {
            panic!("README rule table is out of date; run `UPDATE_README=1 cargo test --test readme`.\nexpected:\n{table}");
        }
    }
}

#[test]
fn every_rule_doc_file_belongs_to_a_registered_rule() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut docs: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".md").map(str::to_string)
        })
        .collect();
    docs.sort();
    let mut ids: Vec<String> = ALL_RULES.iter().map(|r| r.meta.id.to_string()).collect();
    ids.sort();
    assert_eq!(docs, ids);
    for r in ALL_RULES {
        let file = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("rules/{}.md", r.meta.id)),
        )
        .unwrap();
        assert_eq!(
            file, r.meta.docs,
            "{} docs are embedded from rules/{}.md",
            r.meta.id, r.meta.id
        );
    }
}
