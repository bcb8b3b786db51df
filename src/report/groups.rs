//! Groups of files that reports score apart — a monorepo's services: one group per top-level
//! directory under the root (`--group-by top`), or the configuration's named globs
//! (`[groups]`, `--group-by config`).

use globset::GlobSet;

use crate::config::Config;
use crate::discovery::build_globset;
use crate::error::Error;
use crate::model::ScannedFile;

/// The group of the files directly at the root (`--group-by top`).
pub const ROOT_GROUP: &str = "(root)";
/// The group of the files no configured group matches, and, by top-level directory, of files
/// outside the root.
pub const OTHER_GROUP: &str = "(other)";

/// How files are grouped (`--group-by`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum GroupBy {
    /// No groups.
    None,
    /// One group per top-level directory; files at the root form `(root)`.
    Top,
    /// The configuration's `[groups]`; files in none of them form `(other)`.
    Config,
}

impl GroupBy {
    pub fn as_str(self) -> &'static str {
        match self {
            GroupBy::None => "none",
            GroupBy::Top => "top",
            GroupBy::Config => "config",
        }
    }
}

/// The configuration's groups, their globs compiled (in name order).
pub struct ConfigGroups {
    names: Vec<String>,
    sets: Vec<GlobSet>,
}

impl ConfigGroups {
    /// The `groups` of `config`, if it has any; a group without globs, a reserved name or a bad
    /// glob is a configuration error.
    pub fn new(config: &Config) -> Result<Option<ConfigGroups>, Error> {
        let Some(groups) = &config.groups else {
            return Ok(None);
        };
        let mut names = Vec::with_capacity(groups.len());
        let mut sets = Vec::with_capacity(groups.len());
        for (name, globs) in groups {
            if name.trim().is_empty() || name == OTHER_GROUP || name == ROOT_GROUP {
                return Err(Error::ConfigKey {
                    key: vec!["groups".into(), name.clone()],
                    context: Some("`groups`".into()),
                    message: format!(
                        "`{name}` cannot name a group (empty, `{OTHER_GROUP}` and \
                         `{ROOT_GROUP}` are reserved)"
                    ),
                    help: Some("rename the group".into()),
                });
            }
            if globs.is_empty() {
                return Err(Error::ConfigKey {
                    key: vec!["groups".into(), name.clone()],
                    context: Some(format!("`groups.{name}`")),
                    message: "lists no globs".into(),
                    help: Some(format!(
                        "give it at least one (e.g. `{name} = [\"{name}/**\"]`)"
                    )),
                });
            }
            sets.push(build_globset(globs, &format!("groups.{name}"))?);
            names.push(name.clone());
        }
        Ok(Some(ConfigGroups { names, sets }))
    }

    /// The group of a root-relative path: `Ok(None)` for none, `Err` with the first two groups
    /// that both match it.
    fn group_of(&self, rel: &str) -> Result<Option<usize>, (usize, usize)> {
        let mut found = None;
        for (i, set) in self.sets.iter().enumerate() {
            if set.is_match(rel) {
                if let Some(first) = found {
                    return Err((first, i));
                }
                found = Some(i);
            }
        }
        Ok(found)
    }

    /// Every file's group. A file two groups match is a configuration error naming both.
    fn assign(&self, files: &[ScannedFile]) -> Result<Groups, Error> {
        let mut names = self.names.clone();
        let other = names.len();
        let mut has_other = false;
        let mut of_file = Vec::with_capacity(files.len());
        for f in files {
            let rel = f.file.rel.as_str();
            match self.group_of(rel) {
                Ok(Some(g)) => of_file.push(g),
                Ok(None) => {
                    has_other = true;
                    of_file.push(other);
                }
                Err((a, b)) => {
                    return Err(Error::ConfigKey {
                        key: vec!["groups".into(), self.names[b].clone()],
                        context: Some("`groups`".into()),
                        message: format!(
                            "`{rel}` is in two groups, `{}` and `{}`",
                            self.names[a], self.names[b]
                        ),
                        help: Some(
                            "a file belongs to one group: narrow the globs of one of them".into(),
                        ),
                    })
                }
            }
        }
        if has_other {
            names.push(OTHER_GROUP.to_string());
        }
        Ok(Groups::sorted(
            GroupBy::Config,
            names,
            of_file,
            self.names.len(),
        ))
    }
}

/// `--group-by config` without `groups` in the configuration (a usage error: checked before a
/// scan, see [`check_group_by`]).
fn no_groups_to_group_by() -> Error {
    Error::Usage(
        "--group-by config: the configuration has no `groups` (add a `[groups]` table, or use \
         --group-by top)"
            .into(),
    )
}

/// Whether `--group-by` can group with this configuration, before any work is done.
pub fn check_group_by(by: Option<GroupBy>, config: Option<&ConfigGroups>) -> Result<(), Error> {
    match (by, config) {
        (Some(GroupBy::Config), None) => Err(no_groups_to_group_by()),
        _ => Ok(()),
    }
}

/// The top-level group of a root-relative path: its first directory, `(root)` for a file at
/// the root, `(other)` for a path outside the root.
pub fn top_group(rel: &str) -> &str {
    if rel.starts_with('/') || rel.starts_with("../") {
        return OTHER_GROUP;
    }
    match rel.split_once('/') {
        Some((dir, _)) if !dir.is_empty() && dir != ".." => dir,
        Some(_) => OTHER_GROUP,
        None => ROOT_GROUP,
    }
}

/// Which group each scanned file is in.
#[derive(Debug, Clone, PartialEq)]
pub struct Groups {
    /// How the groups were formed (`Top` or `Config`).
    pub by: GroupBy,
    /// The groups' names, sorted.
    pub names: Vec<String>,
    /// Whether each group is one the configuration names (it is reported even without files).
    pub configured: Vec<bool>,
    /// For each scanned file (in the scan's order), its group: an index into `names`.
    pub of_file: Vec<usize>,
}

impl Groups {
    /// Groups by `by` (`None`: `config` when the configuration has `groups`, else `top`);
    /// `Ok(None)` for `GroupBy::None`. When the configuration has groups, every file is checked
    /// against them whatever `by` is: a file in two groups is a configuration error.
    pub fn assign(
        by: Option<GroupBy>,
        config: Option<&ConfigGroups>,
        files: &[ScannedFile],
    ) -> Result<Option<Groups>, Error> {
        let configured = match config {
            Some(c) => Some(c.assign(files)?),
            None => None,
        };
        let by = by.unwrap_or(if config.is_some() {
            GroupBy::Config
        } else {
            GroupBy::Top
        });
        match by {
            GroupBy::None => Ok(None),
            GroupBy::Config => configured.map(Some).ok_or_else(no_groups_to_group_by),
            GroupBy::Top => Ok(Some(Groups::top(files))),
        }
    }

    /// One group per top-level directory.
    pub fn top(files: &[ScannedFile]) -> Groups {
        let mut names: Vec<&str> = files.iter().map(|f| top_group(&f.file.rel)).collect();
        names.sort_unstable();
        names.dedup();
        let of_file = files
            .iter()
            .map(|f| {
                names
                    .binary_search(&top_group(&f.file.rel))
                    .unwrap_or_default()
            })
            .collect();
        Groups {
            by: GroupBy::Top,
            configured: vec![false; names.len()],
            names: names.into_iter().map(str::to_string).collect(),
            of_file,
        }
    }

    /// `names` sorted, `of_file` renumbered to match; the first `configured` names are the
    /// configuration's.
    fn sorted(by: GroupBy, names: Vec<String>, of_file: Vec<usize>, configured: usize) -> Groups {
        let mut order: Vec<usize> = (0..names.len()).collect();
        order.sort_by(|&a, &b| names[a].cmp(&names[b]));
        let mut new_index = vec![0; names.len()];
        for (new, &old) in order.iter().enumerate() {
            new_index[old] = new;
        }
        Groups {
            by,
            configured: order.iter().map(|&old| old < configured).collect(),
            names: order.iter().map(|&old| names[old].clone()).collect(),
            of_file: of_file.into_iter().map(|g| new_index[g]).collect(),
        }
    }

    /// The group of the file at `rel` among `files` (sorted by path), if it is one of them.
    pub fn of_path(&self, files: &[ScannedFile], rel: &str) -> Option<usize> {
        files
            .binary_search_by(|f| f.file.rel.as_str().cmp(rel))
            .ok()
            .map(|i| self.of_file[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_support::scanned;

    fn files(paths: &[&str]) -> Vec<ScannedFile> {
        let mut v: Vec<ScannedFile> = paths.iter().map(|p| scanned(p, "")).collect();
        v.sort_by(|a, b| a.file.rel.cmp(&b.file.rel));
        v
    }

    fn config(text: &str) -> Config {
        crate::config::parse_config(text, std::path::Path::new("ssotscan.toml"))
            .unwrap()
            .unwrap()
    }

    fn names_of(g: &Groups, files: &[ScannedFile]) -> Vec<(String, String)> {
        files
            .iter()
            .zip(&g.of_file)
            .map(|(f, &i)| (f.file.rel.clone(), g.names[i].clone()))
            .collect()
    }

    #[test]
    fn top_level_directories() {
        assert_eq!(top_group("a/b/c.py"), "a");
        assert_eq!(top_group("setup.py"), ROOT_GROUP);
        assert_eq!(top_group("/abs/x.py"), OTHER_GROUP);
        assert_eq!(top_group("../x/y.py"), OTHER_GROUP);
        let f = files(&["svc/a.py", "setup.py", "lib/x/y.py", "svc/b/c.py"]);
        let g = Groups::assign(None, None, &f).unwrap().unwrap();
        assert_eq!(g.by, GroupBy::Top);
        assert_eq!(g.names, vec!["(root)", "lib", "svc"]);
        assert_eq!(
            names_of(&g, &f),
            vec![
                ("lib/x/y.py".into(), "lib".into()),
                ("setup.py".into(), "(root)".into()),
                ("svc/a.py".into(), "svc".into()),
                ("svc/b/c.py".into(), "svc".into()),
            ]
        );
        assert!(Groups::assign(Some(GroupBy::None), None, &f)
            .unwrap()
            .is_none());
        let err = Groups::assign(Some(GroupBy::Config), None, &f).unwrap_err();
        assert!(err.to_string().contains("no `groups`"), "{err}");
    }

    #[test]
    fn configured_groups_and_the_rest() {
        let c = config(
            "[groups]\nzeta = ['svc/**']\nalpha = ['lib/**', '*.py']\nempty = ['none/**']\n",
        );
        let cg = ConfigGroups::new(&c).unwrap().unwrap();
        let f = files(&["svc/a.py", "setup.py", "lib/x/y.py", "docs/conf.py"]);
        let g = Groups::assign(None, Some(&cg), &f).unwrap().unwrap();
        assert_eq!(g.by, GroupBy::Config);
        assert_eq!(g.names, vec!["(other)", "alpha", "empty", "zeta"]);
        assert_eq!(g.configured, vec![false, true, true, true]);
        assert_eq!(
            names_of(&g, &f),
            vec![
                ("docs/conf.py".into(), "(other)".into()),
                ("lib/x/y.py".into(), "alpha".into()),
                ("setup.py".into(), "alpha".into()),
                ("svc/a.py".into(), "zeta".into()),
            ]
        );
        // Top-level grouping on request, still checked against the configuration.
        let top = Groups::assign(Some(GroupBy::Top), Some(&cg), &f)
            .unwrap()
            .unwrap();
        assert_eq!(top.by, GroupBy::Top);
    }

    #[test]
    fn a_file_in_two_groups_is_an_error_naming_both() {
        let c = config("[groups]\nbackend = ['svc/**']\nshared = ['svc/shared/**']\n");
        let cg = ConfigGroups::new(&c).unwrap().unwrap();
        let f = files(&["svc/a.py", "svc/shared/b.py"]);
        for by in [None, Some(GroupBy::Top), Some(GroupBy::None)] {
            let err = Groups::assign(by, Some(&cg), &f).unwrap_err();
            let msg = err.to_string();
            assert!(matches!(err, Error::ConfigKey { .. }));
            assert!(msg.contains("`svc/shared/b.py`"), "{msg}");
            assert!(msg.contains("`backend` and `shared`"), "{msg}");
        }
    }

    #[test]
    fn bad_groups_are_configuration_errors() {
        for bad in [
            "[groups]\nx = []\n",
            "[groups]\n'(other)' = ['a/**']\n",
            "[groups]\nx = ['a/[']\n",
        ] {
            let err = ConfigGroups::new(&config(bad)).err().expect(bad);
            assert!(
                matches!(err, Error::Config(_) | Error::ConfigKey { .. }),
                "{bad}: {err}"
            );
        }
        assert!(crate::config::parse_config(
            "[groups]\nx = 'a/**'\n",
            std::path::Path::new("ssotscan.toml")
        )
        .is_err());
    }
}
