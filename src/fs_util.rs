//! Writing the files ssotscan produces (reports, baselines, registries).
//!
//! What is at the path decides how it is written:
//! - `-` is standard output;
//! - a regular file, or nothing yet, is replaced atomically: a temporary file in the same
//!   directory, renamed over the target, so a reader never sees half a file and a failed write
//!   leaves the old one intact. A new file gets `0666 & !umask`, as `>` in a shell gives it; an
//!   existing file keeps its permission bits;
//! - a symbolic link is followed to its target, and that target is written as above (the link
//!   stays a link);
//! - a character device (`/dev/null`, a terminal) or a FIFO is written directly, never replaced;
//! - anything else (a directory, a block device, a socket) is refused.
//!
//! A temporary file is removed when the write fails, and also when SIGINT, SIGTERM or SIGHUP
//! arrive while it exists (see [`cleanup_on_signals`]).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};

use crate::error::Error;

/// How many symbolic links a path may go through before it is refused as a loop (Linux's limit).
const MAX_LINK_HOPS: u32 = 40;

/// Temporary files being written, removed if a terminating signal arrives first.
static IN_FLIGHT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Writes `contents` to `path` as the module documentation describes.
pub fn write_output(path: &Path, contents: &[u8]) -> Result<(), Error> {
    let fail = |reason: String| Error::Write {
        path: path.display().to_string(),
        reason,
    };
    if path.as_os_str() == "-" {
        return write_stdout(contents);
    }
    let target = follow_links(path).map_err(|e| fail(e.to_string()))?;
    match fs::metadata(&target) {
        Ok(meta) if meta.is_file() => replace_atomically(&target, contents, Some(meta)),
        Ok(meta) if is_stream(&meta) => write_directly(&target, contents),
        Ok(meta) if meta.is_dir() => Err(io::Error::other("it is a directory")),
        Ok(_) => Err(io::Error::other(
            "it is neither a regular file, a character device nor a FIFO",
        )),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            replace_atomically(&target, contents, None)
        }
        Err(e) => Err(e),
    }
    .map_err(|e| fail(e.to_string()))
}

/// Standard output; a closed pipe (`| head`) is not an error worth a message.
pub fn write_stdout(contents: &[u8]) -> Result<(), Error> {
    let mut stdout = io::stdout().lock();
    match stdout.write_all(contents).and_then(|_| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::Other(format!("cannot write to stdout: {e}"))),
    }
}

/// The path a chain of symbolic links at `path` ends at (`path` itself when it is not a link).
/// The last target need not exist: writing creates it.
fn follow_links(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINK_HOPS {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let next = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(dir) if next.is_relative() => dir.join(next),
                    _ => next,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

#[cfg(unix)]
fn is_stream(meta: &fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    t.is_char_device() || t.is_fifo()
}

#[cfg(not(unix))]
fn is_stream(_meta: &fs::Metadata) -> bool {
    false
}

/// A device or FIFO: opened for writing (never created, never truncated) and written through.
fn write_directly(path: &Path, contents: &[u8]) -> io::Result<()> {
    let mut file = OpenOptions::new().write(true).open(path)?;
    file.write_all(contents)?;
    file.flush()
}

fn replace_atomically(
    path: &Path,
    contents: &[u8],
    existing: Option<fs::Metadata>,
) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".ssotscan-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Created with 0666, which the kernel reduces by the umask.
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    cleanup_on_signals();
    let tmp = builder.tempfile_in(dir)?;
    let tmp_path = tmp.path().to_path_buf();
    lock_in_flight().push(tmp_path.clone());
    let result = fill(tmp.as_file(), contents, existing.as_ref()).and_then(|()| {
        pause_for_tests();
        tmp.persist(path).map(drop).map_err(|e| e.error)
    });
    // On an error the temporary file was dropped, which removes it.
    lock_in_flight().retain(|p| *p != tmp_path);
    result
}

fn fill(mut file: &File, contents: &[u8], existing: Option<&fs::Metadata>) -> io::Result<()> {
    if let Some(meta) = existing {
        file.set_permissions(meta.permissions())?;
    }
    file.write_all(contents)?;
    file.sync_all()
}

fn lock_in_flight() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    IN_FLIGHT
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Installs, once, a watcher of SIGINT, SIGTERM and SIGHUP that removes the temporary files
/// being written and then lets the signal act as it would have (the process ends by it).
fn cleanup_on_signals() {
    #[cfg(unix)]
    {
        static INSTALL: Once = Once::new();
        INSTALL.call_once(|| {
            use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
            let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])
            else {
                return;
            };
            let _ = std::thread::Builder::new()
                .name("ssotscan-signals".into())
                .spawn(move || {
                    if let Some(signal) = signals.forever().next() {
                        for path in lock_in_flight().drain(..) {
                            let _ = fs::remove_file(path);
                        }
                        let _ = signal_hook::low_level::emulate_default_handler(signal);
                        std::process::exit(128 + signal);
                    }
                });
        });
    }
}

/// Tests only (debug builds): `SSOTSCAN_TEST_WRITE_PAUSE_MS` holds a finished temporary file
/// that long before it is renamed, so a test can signal the process in the middle of a write.
fn pause_for_tests() {
    #[cfg(debug_assertions)]
    if let Some(ms) = std::env::var("SSOTSCAN_TEST_WRITE_PAUSE_MS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn replaces_whole_file_and_leaves_no_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.json");
        fs::write(&p, "old old old").unwrap();
        write_output(&p, b"new").unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "new");
        assert_eq!(names(dir.path()), vec!["out.json"]);
        let err = write_output(&dir.path().join("missing/x"), b"x").unwrap_err();
        assert!(err.to_string().starts_with("cannot write "), "{err}");
        assert_eq!(names(dir.path()), vec!["out.json"]);
    }

    #[cfg(unix)]
    #[test]
    fn new_files_follow_the_umask_and_existing_files_keep_their_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        // The umask of this process, read without changing it for other threads: a file
        // created with 0666 shows it.
        let probe = dir.path().join("probe");
        OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&probe)
            .unwrap();
        let expected_new = mode(&probe);
        let new = dir.path().join("new.txt");
        write_output(&new, b"x").unwrap();
        assert_eq!(mode(&new), expected_new);
        for kept in [0o644, 0o640, 0o600, 0o664] {
            let existing = dir.path().join(format!("existing-{kept:o}.txt"));
            fs::write(&existing, "old").unwrap();
            fs::set_permissions(&existing, fs::Permissions::from_mode(kept)).unwrap();
            write_output(&existing, b"new").unwrap();
            assert_eq!(mode(&existing), kept, "{kept:o}");
            assert_eq!(fs::read_to_string(&existing).unwrap(), "new");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_is_followed_and_stays_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.txt");
        fs::write(&real, "old").unwrap();
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink("real.txt", &link).unwrap();
        write_output(&link, b"through").unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(&real).unwrap(), "through");
        // A dangling link creates its target.
        let dangling = dir.path().join("dangling.txt");
        std::os::unix::fs::symlink("sub/../made.txt", &dangling).unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        write_output(&dangling, b"made").unwrap();
        assert_eq!(
            fs::read_to_string(dir.path().join("made.txt")).unwrap(),
            "made"
        );
        // A loop is an error, not a hang.
        let a = dir.path().join("a");
        let b = dir.path().join("b");
        std::os::unix::fs::symlink(&b, &a).unwrap();
        std::os::unix::fs::symlink(&a, &b).unwrap();
        let err = write_output(&a, b"x").unwrap_err().to_string();
        assert!(err.contains("too many levels of symbolic links"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_written_through_not_replaced() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || fs::read(fifo).unwrap())
        };
        write_output(&fifo, b"streamed").unwrap();
        // Checked before joining: a replaced FIFO would leave the reader waiting forever.
        assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
        assert_eq!(reader.join().unwrap(), b"streamed");
        assert_eq!(names(dir.path()), vec!["pipe"]);
    }

    /// A character device node made in a temporary directory (never a real `/dev` entry: if
    /// the write replaced it, only the copy would be lost). Needs root, as CI runs; skipped
    /// otherwise.
    #[cfg(unix)]
    #[test]
    fn a_character_device_is_written_through_not_replaced() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let null = dir.path().join("null");
        let made = std::process::Command::new("mknod")
            .arg(&null)
            .args(["c", "1", "3"])
            .stderr(std::process::Stdio::null())
            .status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("skipped: mknod needs root");
            return;
        }
        write_output(&null, b"discarded").unwrap();
        assert!(fs::symlink_metadata(&null)
            .unwrap()
            .file_type()
            .is_char_device());
        assert_eq!(names(dir.path()), vec!["null"]);
    }

    #[test]
    fn a_directory_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let err = write_output(dir.path(), b"x").unwrap_err().to_string();
        assert!(err.contains("it is a directory"), "{err}");
    }
}
