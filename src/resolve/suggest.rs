//! Suggestions for broken imports: where a name is really defined, and the closest existing
//! module or name by edit distance.

use rustc_hash::FxHashMap;

use super::{Lookups, ModuleId, ModuleIndex};
use crate::facts::{BindingKind, CompactString};

/// Minimum similarity (normalized Damerau-Levenshtein) for a "did you mean".
const MIN_SIMILARITY: f64 = 0.7;

/// Longest name, in characters, that edit distance is computed for: its cost grows with the
/// product of the two lengths, and a name longer than this is no typo of a real one worth
/// suggesting. A longer name (one component, or the whole dotted path for a moved module) gets
/// no "did you mean".
pub(crate) const MAX_SUGGEST_CHARS: usize = 100;

fn similarity(a: &str, b: &str) -> f64 {
    strsim::normalized_damerau_levenshtein(a, b)
}

/// [`similarity`] when it can reach `min` and both names are short enough to compare; `None`
/// otherwise. The distance is at least the difference of the lengths, so names whose lengths
/// differ too much are ruled out before any distance is computed.
fn similarity_at_least(a: &str, b: &str, min: f64) -> Option<f64> {
    let (la, lb) = (a.chars().count(), b.chars().count());
    let longest = la.max(lb);
    if longest > MAX_SUGGEST_CHARS {
        return None;
    }
    if longest > 0 && 1.0 - (la.abs_diff(lb) as f64 / longest as f64) < min {
        return None;
    }
    let s = similarity(a, b);
    (s >= min).then_some(s)
}

/// Whether `name` is short enough for edit distance (see [`MAX_SUGGEST_CHARS`]).
fn comparable(name: &str) -> bool {
    name.len() <= MAX_SUGGEST_CHARS || name.chars().count() <= MAX_SUGGEST_CHARS
}

/// Number of leading dotted components two names share.
fn shared_prefix(a: &str, b: &str) -> usize {
    a.split('.')
        .zip(b.split('.'))
        .take_while(|(x, y)| x == y)
        .count()
}

impl ModuleIndex<'_> {
    fn lookups(&self) -> &Lookups {
        self.lookups.get_or_init(|| {
            let mut definitions: FxHashMap<String, Vec<ModuleId>> = FxHashMap::default();
            let mut by_last: FxHashMap<String, Vec<ModuleId>> = FxHashMap::default();
            for (id, m) in self.modules.iter().enumerate() {
                let id = id as ModuleId;
                let last = m.name.rsplit('.').next().unwrap_or(&m.name);
                by_last.entry(last.to_string()).or_default().push(id);
                if let Some(Ok(facts)) = self.facts(id) {
                    for b in &facts.bindings {
                        // Assignments count when they look like constants or type aliases:
                        // a lowercase variable (`module = ...`) is rarely what an import meant.
                        let defines = match b.kind {
                            BindingKind::Class | BindingKind::Function => true,
                            BindingKind::Assignment => b.name.chars().any(|c| c.is_uppercase()),
                            _ => false,
                        };
                        if defines {
                            let list = definitions.entry(b.name.to_string()).or_default();
                            if list.last() != Some(&id) {
                                list.push(id);
                            }
                        }
                    }
                }
            }
            Lookups {
                definitions,
                by_last,
            }
        })
    }

    /// First-party modules that define `name` (class, def, or an assignment to a name with an
    /// uppercase letter), best first: the most
    /// dotted components shared with `near`, then the shortest name, then alphabetical.
    pub fn defined_in(&self, name: &str, near: &str) -> Vec<ModuleId> {
        let mut found: Vec<ModuleId> = self
            .lookups()
            .definitions
            .get(name)
            .cloned()
            .unwrap_or_default();
        found.retain(|&m| {
            !self
                .external
                .contains(super::top_level(&self.module(m).name))
        });
        found.sort_by(|&a, &b| {
            let (a, b) = (&self.module(a).name, &self.module(b).name);
            shared_prefix(b, near)
                .cmp(&shared_prefix(a, near))
                .then(a.len().cmp(&b.len()))
                .then(a.cmp(b))
        });
        found
    }

    /// The existing first-party module most likely meant by the missing `missing`: a module with
    /// the same last component elsewhere (a moved module), else the closest path by edit
    /// distance, one component at a time below the deepest existing prefix.
    pub fn closest_module(&self, missing: &str) -> Option<ModuleId> {
        let last = missing.rsplit('.').next().unwrap_or(missing);
        if !comparable(missing) {
            return None;
        }
        if let Some(same) = self.lookups().by_last.get(last) {
            let best = same
                .iter()
                .filter(|&&m| {
                    let m = self.module(m);
                    // A namespace directory is rarely the module an import meant.
                    m.kind != super::ModuleKind::Namespace
                        && !self.external.contains(super::top_level(&m.name))
                })
                .max_by(|&&a, &&b| {
                    let (a, b) = (&self.module(a).name, &self.module(b).name);
                    similarity(a, missing)
                        .total_cmp(&similarity(b, missing))
                        .then(b.cmp(a))
                });
            if best.is_some() {
                return best.copied();
            }
        }
        let mut prefix = missing;
        let found = loop {
            prefix = super::parent(prefix)?;
            if let Some(id) = self.lookup(prefix) {
                break id;
            }
        };
        let rest = &missing[self.module(found).name.len() + 1..];
        let mut cur = found;
        let mut moved = false;
        for part in rest.split('.') {
            let best = self
                .children(cur)
                .iter()
                .filter_map(|&c| {
                    let name = &self.module(c).name;
                    let child = name.rsplit('.').next().unwrap_or(name);
                    similarity_at_least(child, part, MIN_SIMILARITY).map(|s| (s, c, child))
                })
                .max_by(|a, b| a.0.total_cmp(&b.0).then(b.2.cmp(a.2)));
            match best {
                Some((_, c, _)) => {
                    cur = c;
                    moved = true;
                }
                None => break,
            }
        }
        moved.then_some(cur)
    }

    /// The name bound in module `id` (or its submodule) closest to `name` by edit distance.
    pub fn closest_name(&self, id: ModuleId, name: &str) -> Option<String> {
        if !comparable(name) {
            return None;
        }
        let mut candidates: Vec<&str> = Vec::new();
        if let Some(Ok(facts)) = self.facts(id) {
            candidates.extend(facts.bindings.iter().map(|b| b.name.as_str()));
            candidates.extend(facts.dunder_all.iter().flatten().map(CompactString::as_str));
        }
        for &c in self.children(id) {
            let n = &self.module(c).name;
            candidates.push(n.rsplit('.').next().unwrap_or(n));
        }
        candidates
            .into_iter()
            .filter(|c| *c != name && (name.starts_with('_') || !c.starts_with('_')))
            .filter_map(|c| similarity_at_least(c, name, MIN_SIMILARITY).map(|s| (s, c)))
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(a.1)))
            .map(|(_, c)| c.to_string())
    }
}
