//! A project: its root, its configuration and how to discover its files. Every subcommand
//! starts here.

use std::path::{Component, Path, PathBuf};

use crate::config::{self, Config, ConfigChoice};
use crate::discovery::{Discovery, DiscoveryOptions};
use crate::error::Error;

/// Command-line settings shared by every subcommand.
#[derive(Debug, Clone, Default)]
pub struct GlobalSettings {
    pub config: ConfigChoice,
    pub no_ignore: bool,
    pub no_default_excludes: bool,
    pub exclude: Vec<String>,
    pub follow_links: bool,
    /// `--force-exclude` (or config `force-exclude = true`).
    pub force_exclude: bool,
    pub threads: usize,
    /// `--no-cache`.
    pub no_cache: bool,
    /// `--cache-dir DIR` (relative to the current directory).
    pub cache_dir: Option<PathBuf>,
}

pub struct Project {
    pub root: PathBuf,
    pub config_file: Option<PathBuf>,
    pub config: Config,
    pub discovery: Discovery,
    pub cwd: PathBuf,
    /// Where the facts cache is (`None`: no cache): `--cache-dir`, else config `cache-dir`
    /// (relative to the root), else `.ssotscan_cache` at the root.
    pub cache_dir: Option<PathBuf>,
}

/// The most worker threads `--threads` accepts. Far more threads than cores only adds contention
/// (thousands of them make a scan of a few files take minutes).
pub const MAX_THREADS: usize = 256;

impl Project {
    pub fn load(cwd: &Path, global: &GlobalSettings) -> Result<Project, Error> {
        if global.threads > MAX_THREADS {
            return Err(Error::Usage(format!(
                "--threads {}: at most {MAX_THREADS} worker threads (0 means one per core)",
                global.threads
            )));
        }
        let cwd = normalize(cwd, cwd);
        let choice = match &global.config {
            ConfigChoice::File(f) => ConfigChoice::File(normalize(&cwd, f)),
            other => other.clone(),
        };
        let loaded = config::load(&cwd, &choice)?;
        let config = loaded.config;
        config
            .source_roots()
            .map_err(|e| config::locate(e, loaded.file.as_deref()))?;
        // A bad glob in the configuration is shown at its key, like every configuration error.
        config_globs(&config).map_err(|e| config::locate(e, loaded.file.as_deref()))?;
        let mut extend_exclude = config.extend_exclude.clone();
        extend_exclude.extend(global.exclude.iter().cloned());
        let discovery = Discovery::new(
            &loaded.root,
            DiscoveryOptions {
                respect_ignore_files: !global.no_ignore,
                default_excludes: !global.no_default_excludes,
                exclude: config.exclude.clone(),
                extend_exclude,
                follow_links: global.follow_links,
                tests: config.tests.clone(),
                force_exclude: global.force_exclude || config.force_exclude,
                threads: global.threads,
            },
        )?;
        let cache_dir = if global.no_cache {
            None
        } else if let Some(dir) = &global.cache_dir {
            Some(normalize(&cwd, dir))
        } else {
            let dir = config
                .cache_dir
                .clone()
                .unwrap_or_else(|| PathBuf::from(crate::cache::DEFAULT_DIR));
            Some(normalize(&loaded.root, &dir))
        };
        Ok(Project {
            cache_dir,
            root: loaded.root,
            config_file: loaded.file,
            config,
            discovery,
            cwd,
        })
    }

    /// Resolves command-line paths against the current directory (default: the current
    /// directory itself). Paths must exist.
    pub fn inputs(&self, paths: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
        if paths.is_empty() {
            return Ok(vec![self.cwd.clone()]);
        }
        paths
            .iter()
            .map(|p| {
                let abs = normalize(&self.cwd, p);
                if std::fs::symlink_metadata(&abs).is_err() {
                    Err(Error::Usage(format!(
                        "path `{}` does not exist",
                        p.display()
                    )))
                } else {
                    Ok(abs)
                }
            })
            .collect()
    }
}

/// Checks the globs of `exclude`, `extend-exclude` and `tests`: an invalid one is an error at
/// its key.
fn config_globs(config: &Config) -> Result<(), Error> {
    let bad = |key: &str, glob: &str, e: String| Error::ConfigKey {
        key: vec![key.to_string()],
        context: Some(format!("`{key}`")),
        message: format!("invalid glob `{glob}`: {e}"),
        help: Some(
            "gitignore-style globs, relative to the project root (`*` stays within a \
             directory, `**` crosses them)"
                .into(),
        ),
    };
    let excludes = [
        ("exclude", config.exclude.as_deref().unwrap_or_default()),
        ("extend-exclude", config.extend_exclude.as_slice()),
    ];
    for (key, globs) in excludes {
        let mut builder = ignore::gitignore::GitignoreBuilder::new("/");
        for g in globs {
            builder
                .add_line(None, g)
                .map_err(|e| bad(key, g, e.to_string()))?;
        }
    }
    for g in config.tests.iter().flatten() {
        globset::GlobBuilder::new(g)
            .literal_separator(true)
            .build()
            .map_err(|e| bad("tests", g, e.kind().to_string()))?;
    }
    Ok(())
}

/// Makes `path` absolute against `base` and removes `.` and `..` without touching the file
/// system (symbolic links in the path stay as they are).
pub fn normalize(base: &Path, path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        base.join(path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}
