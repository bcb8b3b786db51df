//! The code frames of one file's violations, from the parts of the file they show: a window of
//! bytes around each span's offset, read in place, instead of the whole file.

use std::path::Path;

use super::frame::{self, Window};
use crate::source::{read_bytes, SourceFile, BOM};

/// Bytes read before a span's offset: the start of its line must be among them.
const BEFORE: usize = 1024;
/// Bytes read from a span's offset on: the ends of the (up to 3) lines shown must be among them.
const AFTER: usize = 3072;

/// What a code frame shows of a violation: its span, with the byte offset of its start in the
/// file's text (after any BOM).
#[derive(Clone, Copy, Debug)]
pub struct FrameSpan {
    pub offset: usize,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

/// The code frames of `spans` in the file at `path` (sorted by line, as a file's violations
/// are), the same as [`frame::render`] gives from the whole text; `None` when the file cannot be
/// read.
pub fn frames(path: &Path, spans: &[FrameSpan]) -> Option<Vec<String>> {
    frames_with(path, spans, BEFORE, AFTER)
}

/// [`frames`] with windows of `before` bytes before a span's offset and `after` from it on.
/// Spans whose windows overlap share one read; a span whose window does not show all its frame
/// needs (a line longer than the window) is rendered from the whole file, read once.
fn frames_with(
    path: &Path,
    spans: &[FrameSpan],
    before: usize,
    after: usize,
) -> Option<Vec<String>> {
    if spans.is_empty() {
        return Some(Vec::new());
    }
    let file = SourceFile::open(path).ok()?;
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
            let framed = frame::render_window(
                window,
                s.offset - start,
                s.line,
                s.column,
                s.end_line,
                s.end_column,
            );
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
