//! Running the rules over scanned files: the per-file checks split across files, the project
//! checks beside them, and the findings turned into sorted violations.

use rayon::prelude::*;

use crate::diagnostic::{Finding, Violation};
use crate::model::ScannedFile;
use crate::parse::ExtractOptions;
use crate::rules::{ActiveRule, Context};

/// Moves the file-local findings out of `files` (from [`super::parse_and_check_files`] with the same
/// `rules`): for each rule, its findings if it is file-local, `None` if it is not.
pub(super) fn take_local_findings(
    files: &mut [ScannedFile],
    rules: &[ActiveRule],
) -> Vec<Option<Vec<Finding>>> {
    let mut by_rule: Vec<Option<Vec<Finding>>> = rules
        .iter()
        .map(|active| active.rule.is_file_local().then(Vec::new))
        .collect();
    for (i, file) in files.iter_mut().enumerate() {
        for (k, finding) in file.file_local_findings.drain(..) {
            debug_assert_eq!(finding.file, i, "a file-local finding of another file");
            by_rule[k].get_or_insert_with(Vec::new).push(finding);
        }
    }
    by_rule
}

/// Runs the active rules over scanned files and returns sorted violations.
///
/// A rule's project check runs on one thread (the duplicate rules' groupings take a few
/// milliseconds each), while its per-file checks split across files: the project checks are
/// started at once, beside the per-file checks, so that neither waits behind the other.
pub fn check(ctx: &Context, rules: &[ActiveRule]) -> Vec<Violation> {
    check_with_local(ctx, rules, rules.iter().map(|_| None).collect(), None)
}

/// [`check`], where `local` holds, by rule, the per-file findings already made in the scan's
/// workers (see [`take_local_findings`]); the rules with `None` are checked here.
pub(super) fn check_with_local(
    ctx: &Context,
    rules: &[ActiveRule],
    local: Vec<Option<Vec<Finding>>>,
    checked: Option<&[bool]>,
) -> Vec<Violation> {
    // The per-file checks run for the files whose findings are wanted (all, unless `checked`
    // says which); the project checks always see every file.
    let wanted = |i: usize| checked.is_none_or(|c| c[i]);
    let (mut per_rule, project): (Vec<Vec<Finding>>, Vec<Vec<Finding>>) = rayon::join(
        || {
            rules
                .par_iter()
                .zip(local)
                .map(|(active, local)| {
                    if let Some(found) = local {
                        return found;
                    }
                    // The files up to the first that parsed are checked here, before the
                    // others are split across threads: what a rule builds on first use (the
                    // module index, `Context::modules`) is built by this thread while the
                    // others go on with other work, instead of waiting for it.
                    let first =
                        (0..ctx.files.len()).position(|i| wanted(i) && ctx.files[i].facts.is_ok());
                    let split = first.map_or(0, |p| p + 1);
                    let mut out = Vec::new();
                    for (i, f) in ctx.files[..split].iter().enumerate() {
                        if let (true, Ok(facts)) = (wanted(i), &f.facts) {
                            active.rule.check_file(ctx, i, facts, &mut out);
                        }
                    }
                    let rest = ctx.files[split..]
                        .par_iter()
                        .enumerate()
                        .filter(|(i, _)| wanted(split + i))
                        .filter_map(|(i, f)| f.facts.as_ref().ok().map(|facts| (split + i, facts)))
                        .fold(Vec::new, |mut out, (i, facts)| {
                            active.rule.check_file(ctx, i, facts, &mut out);
                            out
                        })
                        .reduce(Vec::new, |mut a, mut b| {
                            a.append(&mut b);
                            a
                        });
                    out.extend(rest);
                    out
                })
                .collect()
        },
        || {
            rules
                .par_iter()
                .map(|active| {
                    let mut out = Vec::new();
                    active.rule.check_project(ctx, &mut out);
                    out
                })
                .collect()
        },
    );
    for (out, mut more) in per_rule.iter_mut().zip(project) {
        out.append(&mut more);
    }
    let mut violations: Vec<Violation> = rules
        .par_iter()
        .zip(per_rule)
        .flat_map(|(active, findings)| {
            findings.into_par_iter().map(move |f| {
                let file = &ctx.files[f.file].file;
                Violation::from_finding(active.meta.id, active.severity, file, f)
            })
        })
        .collect();
    violations.par_sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    violations.dedup();
    crate::suppress::apply(ctx, rules, &mut violations);
    violations
}

/// The optional facts the given rules need: what a scan for them must extract.
pub fn extract_options(rules: &[ActiveRule]) -> ExtractOptions {
    rules.iter().fold(ExtractOptions::default(), |w, r| {
        w.union(r.rule.extract_options())
    })
}
