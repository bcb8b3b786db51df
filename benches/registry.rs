//! Importing a markdown registry: the cost per line must stay flat as the document grows
//! (issue 15: 100k `import` lines took 18 s, 200k 55 s, when every line of one name was looked
//! up among all earlier ones). Compare the per-size times: linear means twice the lines, about
//! twice the time.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use ssotscan::registry::markdown;

/// `lines` entries: `import` lines (all of the name `None`) and `from` lines of one shared name,
/// with deprecated and broken marks and `USE INSTEAD` comments.
fn document(lines: usize) -> String {
    let mut md = String::from("# Registry\n\n```python\n");
    for i in 0..lines {
        match i % 4 {
            0 => md.push_str(&format!("import pkg.m{}.sub{i}  # ✅\n", i % 100)),
            1 => md.push_str(&format!("from pkg.a{i} import Same  # ✅\n")),
            2 => md.push_str(&format!("from pkg.old{i} import Same  # ❌ DEPRECATED\n")),
            _ => md.push_str(&format!(
                "from pkg.gone{i} import Same  # ❌ BROKEN\n# USE INSTEAD: from pkg.a1 import Same\n"
            )),
        }
    }
    md.push_str("```\n");
    md
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("import-markdown");
    group.sample_size(10);
    for lines in [25_000, 50_000, 100_000] {
        let md = document(lines);
        group.throughput(Throughput::Elements(lines as u64));
        group.bench_with_input(BenchmarkId::from_parameter(lines), &md, |b, md| {
            b.iter(|| black_box(markdown::import(md, "SSOT.md")))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
