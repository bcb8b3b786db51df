//! What the benchmarks share: the corpus they run on, and per-iteration times for the ratios
//! they print.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::time::Duration;

/// The local CPython standard library, if a `python3` is on the PATH.
pub fn stdlib() -> Option<PathBuf> {
    let out = Command::new(std::env::var("PYTHON").unwrap_or_else(|_| "python3".into()))
        .args([
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['stdlib'])",
        ])
        .output()
        .ok()?;
    let path = PathBuf::from(String::from_utf8(out.stdout).ok()?.trim());
    (out.status.success() && path.is_dir()).then_some(path)
}

/// `$SSOTSCAN_CORPUS`, else `corpus/` (`scripts/fetch-corpus.sh`) if it exists.
pub fn fetched_corpus() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("SSOTSCAN_CORPUS") {
        return Some(PathBuf::from(dir));
    }
    let local = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    local.is_dir().then_some(local)
}

/// The fetched corpus, else the standard library.
pub fn corpus() -> Option<PathBuf> {
    fetched_corpus().or_else(stdlib)
}

/// Per-iteration times by benchmark name, for the medians the ratios are made of.
pub struct Times(Mutex<BTreeMap<&'static str, Vec<Duration>>>);

impl Times {
    pub const fn new() -> Times {
        Times(Mutex::new(BTreeMap::new()))
    }

    pub fn record(&self, name: &'static str, d: Duration) {
        if let Ok(mut t) = self.0.lock() {
            t.entry(name).or_default().push(d);
        }
    }

    pub fn median(&self, name: &str) -> Option<Duration> {
        let t = self.0.lock().ok()?;
        let mut v = t.get(name)?.clone();
        v.sort();
        v.get(v.len() / 2).copied()
    }
}
