//! The code frames of one file's violations, from the parts of the file they show: a window of
//! bytes around each span's offset, read in place, instead of the whole file.

use std::path::Path;

use super::frame::{self, FrameSpan, Window};
use crate::diagnostic::Violation;
use crate::model::ScannedFile;
use crate::source::{read_bytes, SourceReader, BOM};

/// Whether a violation gets a code frame: all but parse errors other than syntax errors (the
/// file could not be read or decoded).
pub fn framed(v: &Violation) -> bool {
    v.rule != "parse-error" || v.message.starts_with("syntax error")
}

/// The code frames of violations of one file (sorted, as the scan sorts them), one for each
/// that has one ([`framed`]) when the file can still be read; only the lines shown are read
/// and decoded.
pub fn violation_frames(files: &[ScannedFile], violations: &[&Violation]) -> Vec<Option<String>> {
    let Some(first) = violations.first() else {
        return Vec::new();
    };
    let spans: Vec<FrameSpan> = violations
        .iter()
        .filter(|v| framed(v))
        .map(|v| FrameSpan {
            offset: v.offset as usize,
            line: v.line,
            column: v.column,
            end_line: v.end_line,
            end_column: v.end_column,
        })
        .collect();
    let mut frames = files
        .binary_search_by(|f| f.file.rel.as_str().cmp(&first.path))
        .ok()
        .and_then(|k| {
            let bom = files[k].facts.as_ref().ok().map(|f| f.bom);
            frames(&files[k].file.abs, bom, &spans)
        })
        .map(Vec::into_iter);
    violations
        .iter()
        .map(|v| {
            if framed(v) {
                frames.as_mut().and_then(Iterator::next)
            } else {
                None
            }
        })
        .collect()
}

/// Bytes read before a span's offset: the start of its line must be among them.
const BEFORE: usize = 1024;
/// Bytes read from a span's offset on: the ends of the (up to 3) lines shown must be among them.
const AFTER: usize = 3072;

/// The code frames of `spans` in the file at `path` (sorted by line, as a file's violations
/// are; offsets in its text, after any BOM, which `bom` tells of when the scan knows): the same
/// as [`frame::render`] gives from the whole text, or `None` when the file cannot be read.
pub fn frames(path: &Path, bom: Option<bool>, spans: &[FrameSpan]) -> Option<Vec<String>> {
    frames_with(path, bom, spans, BEFORE, AFTER)
}

/// [`frames`] with windows of `before` bytes before a span's offset and `after` from it on.
/// Spans whose windows overlap share one read; a span whose window does not show all its frame
/// needs (a line longer than the window) is rendered from the whole file, read once.
fn frames_with(
    path: &Path,
    bom: Option<bool>,
    spans: &[FrameSpan],
    before: usize,
    after: usize,
) -> Option<Vec<String>> {
    if spans.is_empty() {
        return Some(Vec::new());
    }
    let file = match bom {
        Some(bom) => SourceReader::open_known(path, bom),
        None => SourceReader::open(path),
    }
    .ok()?;
    let mut whole: Option<Vec<u8>> = None;
    let mut out = Vec::with_capacity(spans.len());
    let mut k = 0;
    while k < spans.len() {
        let start = spans[k].offset.saturating_sub(before);
        let mut end = spans[k].offset.saturating_add(after);
        let mut next = k + 1;
        while let Some(s) = spans.get(next) {
            let from = s.offset.saturating_sub(before);
            if from < start || from > end {
                break;
            }
            end = end.max(s.offset.saturating_add(after));
            next += 1;
        }
        let (bytes, at_end) = file.read(start, end).ok()?;
        let window = Window {
            bytes: &bytes,
            at_start: start == 0,
            at_end,
        };
        for s in &spans[k..next] {
            let relative = FrameSpan {
                offset: s.offset - start,
                ..*s
            };
            let framed = frame::render_window(window, relative);
            let framed = match framed {
                Some(framed) => framed,
                None => {
                    let bytes = match &whole {
                        Some(bytes) => bytes,
                        None => whole.insert(read_bytes(path).ok()?),
                    };
                    // Offsets count from after the BOM.
                    let text = bytes.strip_prefix(BOM).unwrap_or(bytes);
                    frame::render(text, s.offset, s.line, s.column, s.end_line, s.end_column)
                }
            };
            out.push(framed);
        }
        k = next;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::frame::tests::{mixed_texts, span, spans_of};

    /// The frames as they were rendered before windows: from the whole file, read again.
    fn from_whole(file: &[u8], spans: &[FrameSpan]) -> Vec<String> {
        let text = file.strip_prefix(BOM).unwrap_or(file);
        spans
            .iter()
            .map(|s| frame::render(text, s.offset, s.line, s.column, s.end_line, s.end_column))
            .collect()
    }

    fn write(dir: &tempfile::TempDir, bytes: &[u8]) -> std::path::PathBuf {
        let path = dir.path().join("mod.py");
        std::fs::write(&path, bytes).unwrap();
        path
    }

    /// Asserts that windows of `before` and `after` bytes give the frames of the whole file,
    /// one span at a time and all together; returns them.
    fn same_as_whole(file: &[u8], spans: &[FrameSpan], before: usize, after: usize) -> Vec<String> {
        let dir = tempfile::tempdir().unwrap();
        let path = write(&dir, file);
        let expected = from_whole(file, spans);
        // Whether the scan knew of the BOM or not.
        let bom = file.starts_with(BOM);
        for known in [None, Some(bom)] {
            same_frames(&path, known, spans, &expected, before, after);
        }
        expected
    }

    fn same_frames(
        path: &Path,
        bom: Option<bool>,
        spans: &[FrameSpan],
        expected: &[String],
        before: usize,
        after: usize,
    ) {
        let together = frames_with(path, bom, spans, before, after);
        assert_eq!(
            together.as_deref(),
            Some(expected),
            "{bom:?} {before}/{after}"
        );
        for (s, expected) in spans.iter().zip(expected) {
            let alone = frames_with(path, bom, std::slice::from_ref(s), before, after);
            assert_eq!(
                alone,
                Some(vec![expected.clone()]),
                "{s:?}, {bom:?} {before}/{after}"
            );
        }
    }

    #[test]
    fn a_line_longer_than_the_window_is_read_whole() {
        let file = format!("import os\nx = {} + os.environ['A']\n", "a".repeat(100));
        let spans = [span(117, 2, 108, 2, 118)];
        let frames = same_as_whole(file.as_bytes(), &spans, 16, 16);
        let tail = format!(" + os.environ['A']\n  | {}^^^^^^^^^^\n", " ".repeat(107));
        assert!(frames[0].ends_with(&tail), "{}", frames[0]);
        // The window alone cannot show it.
        let window = Window {
            bytes: &file.as_bytes()[101..133],
            at_start: false,
            at_end: false,
        };
        assert_eq!(frame::render_window(window, span(16, 2, 108, 2, 118)), None);
    }

    #[test]
    fn a_span_ending_past_the_window_is_read_whole() {
        let file = format!("x = f(\n    os.environ['A'],\n    {},\n)\n", "b".repeat(80));
        // From `os` on line 2 to the end of line 3.
        let spans = [span(11, 2, 5, 3, 85)];
        let frames = same_as_whole(file.as_bytes(), &spans, 8, 24);
        assert!(frames[0].contains(&format!(
            "3 |     {},\n  | {}\n",
            "b".repeat(80),
            "^".repeat(84)
        )));
    }

    #[test]
    fn offsets_count_from_after_the_bom() {
        let mut file = BOM.to_vec();
        file.extend_from_slice(b"import os\nx = os.environ['A']\n");
        let spans = [span(14, 2, 5, 2, 15), span(0, 1, 1, 1, 7)];
        let frame = "  |\n2 | x = os.environ['A']\n  |     ^^^^^^^^^^\n";
        for (before, after) in [(4, 32), (32, 4), (BEFORE, AFTER)] {
            let frames = same_as_whole(&file, &spans, before, after);
            assert_eq!(frames[0], frame);
            assert_eq!(frames[1], "  |\n1 | import os\n  | ^^^^^^\n");
        }
    }

    #[test]
    fn crlf_and_lone_cr_end_lines() {
        let file = b"a = 1\r\nb = os.environ[\r'x']\r\nc = 2\r";
        let spans = [
            span(11, 2, 5, 3, 4),
            span(29, 4, 1, 4, 2),
            span(35, 5, 1, 5, 1),
        ];
        for (before, after) in [(2, 2), (4, 12), (8, 8), (BEFORE, AFTER)] {
            let frames = same_as_whole(file, &spans, before, after);
            assert_eq!(
                frames[0],
                "  |\n2 | b = os.environ[\n  |     ^^^^^^^^^^^\n3 | 'x']\n  | ^^^\n"
            );
            assert_eq!(frames[1], "  |\n4 | c = 2\n  | ^\n");
            assert_eq!(frames[2], "  |\n5 | \n  | ^\n");
        }
    }

    #[test]
    fn a_cr_ending_the_window_before_its_lf() {
        let file = b"ab = os.environ[\r\n'x']\n";
        // The window of the span at 5 ends just after the `\r` at 16.
        let frames = same_as_whole(file, &[span(5, 1, 6, 2, 4)], 5, 12);
        assert_eq!(
            frames[0],
            "  |\n1 | ab = os.environ[\n  |      ^^^^^^^^^^^\n2 | 'x']\n  | ^^^\n"
        );
    }

    #[test]
    fn spans_at_the_start_and_the_end_of_a_file() {
        for file in [&b"x = os.environ['A']"[..], b"x = os.environ['A']\n"] {
            let len = file.len();
            let end_line = if file.ends_with(b"\n") { 2 } else { 1 };
            let end_column = if end_line == 2 { 1 } else { 20 };
            let spans = [
                span(0, 1, 1, 1, 2),
                span(4, 1, 5, 1, 15),
                span(len, end_line, end_column, end_line, end_column),
            ];
            for (before, after) in [(1, 1), (3, 30), (30, 3), (BEFORE, AFTER)] {
                let frames = same_as_whole(file, &spans, before, after);
                assert_eq!(frames[0], "  |\n1 | x = os.environ['A']\n  | ^\n");
            }
            let frames = from_whole(file, &spans);
            let expected = if end_line == 2 {
                "  |\n2 | \n  | ^\n"
            } else {
                "  |\n1 | x = os.environ['A']\n  |                    ^\n"
            };
            assert_eq!(frames[2], expected);
        }
    }

    #[test]
    fn a_file_that_shrank_since_the_scan_shows_its_last_line() {
        let file = b"import os\nx = 1\n";
        // Spans of the file as it was scanned, past its end now.
        let spans = [span(40, 4, 5, 4, 15), span(5000, 90, 1, 90, 3)];
        for (before, after) in [(8, 8), (64, 64), (BEFORE, AFTER)] {
            let frames = same_as_whole(file, &spans, before, after);
            assert_eq!(frames[0], "  |\n4 | \n  |     ^\n");
        }
    }

    #[test]
    fn a_file_deleted_since_the_scan_has_no_frames() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gone.py");
        for bom in [None, Some(false)] {
            assert_eq!(frames(&path, bom, &[span(0, 1, 1, 1, 2)]), None);
        }
        // A directory in its place neither.
        for bom in [None, Some(false)] {
            assert_eq!(frames(dir.path(), bom, &[span(0, 1, 1, 1, 2)]), None);
        }
    }

    #[test]
    fn tiny_windows_give_the_frames_of_the_whole_file() {
        for (t, text) in mixed_texts().into_iter().enumerate() {
            let mut file = if t % 2 == 1 { BOM.to_vec() } else { Vec::new() };
            file.extend_from_slice(&text);
            let spans = spans_of(&text);
            for (before, after) in [(8, 8), (8, 32), (32, 8), (16, 48), (64, 64)] {
                same_as_whole(&file, &spans, before, after);
                // Windows that overlap less: every 7th span.
                let sparse: Vec<FrameSpan> = spans.iter().step_by(7).copied().collect();
                same_as_whole(&file, &sparse, before, after);
            }
        }
    }
}
