//! Reading a Python file into text, and mapping byte offsets to lines and character columns.

use std::io::Read;
use std::path::Path;

use crate::facts::Span;

/// Why a file's text could not be obtained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceError {
    /// The OS refused the read (permission denied, I/O error, ...).
    Unreadable(String),
    /// Not a regular file (a FIFO, socket or device named `*.py`): never read, it could block.
    NotAFile,
    /// Larger than [`MAX_SOURCE_BYTES`] (at least `bytes` long).
    TooLarge { bytes: u64 },
    /// The bytes are not UTF-8; `offset` is the first invalid byte (after any BOM).
    NotUtf8 {
        offset: usize,
        line: u32,
        column: u32,
    },
    /// The text holds a NUL character, which Python refuses to compile ("source code cannot
    /// contain null bytes"); `offset` is its byte offset in the file.
    NullByte {
        offset: usize,
        line: u32,
        column: u32,
    },
}

impl std::fmt::Display for SourceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SourceError::Unreadable(why) => write!(f, "cannot read file: {why}"),
            SourceError::NotAFile => write!(f, "cannot read file: not a regular file"),
            SourceError::TooLarge { bytes } => write!(
                f,
                "cannot read file: too large ({bytes} bytes; at most {MAX_SOURCE_BYTES})"
            ),
            SourceError::NotUtf8 { offset, .. } => {
                write!(
                    f,
                    "file is not valid UTF-8: invalid byte at offset {offset}"
                )
            }
            SourceError::NullByte { offset, .. } => {
                write!(
                    f,
                    "file contains a null byte at offset {offset} (Python cannot compile it)"
                )
            }
        }
    }
}

/// The UTF-8 byte order mark, which a file may start with; offsets into its text do not count it.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The largest file that is read: source offsets (ours and the parser's) are 32-bit, and the
/// parser panics on a longer text.
pub const MAX_SOURCE_BYTES: u64 = u32::MAX as u64;

/// Reads `path` as Python source: UTF-8, with a leading BOM removed. CRLF is left as it is (the
/// parser and [`LineIndex`] both understand it).
pub fn read_source(path: &Path) -> Result<String, SourceError> {
    read_source_noting_bom(path).map(|(text, _)| text)
}

/// [`read_source`], and whether the file started with a BOM (its text's offsets count from
/// after it: code frames read the file again at those offsets).
pub fn read_source_noting_bom(path: &Path) -> Result<(String, bool), SourceError> {
    let bytes = read_bytes(path)?;
    let bom = bytes.starts_with(BOM);
    Ok((decode(bytes)?, bom))
}

/// The bytes of a file, with the same checks as [`read_source`] (a regular file, at most
/// [`MAX_SOURCE_BYTES`]) but not decoded.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, SourceError> {
    let (file, len) = open_checked(path)?;
    let mut bytes = Vec::with_capacity(len as usize + 1);
    // Bounded: a file may grow after `metadata`, or report a size of 0 (/proc, FUSE).
    file.take(MAX_SOURCE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| SourceError::Unreadable(io_reason(&e)))?;
    if bytes.len() as u64 > MAX_SOURCE_BYTES {
        return Err(SourceError::TooLarge {
            bytes: bytes.len() as u64,
        });
    }
    Ok(bytes)
}

/// Opens `path` if it is a regular file of at most [`MAX_SOURCE_BYTES`], with its size.
///
/// On Unix the file is opened without blocking (a FIFO would otherwise wait for a writer) and
/// then checked through the open descriptor: one path lookup instead of two.
#[cfg(unix)]
fn open_checked(path: &Path) -> Result<(std::fs::File, u64), SourceError> {
    let unreadable = |e: std::io::Error| SourceError::Unreadable(io_reason(&e));
    let file = open_nonblocking(path).map_err(unreadable)?;
    let meta = file.metadata().map_err(unreadable)?;
    Ok((file, regular_len(&meta)?))
}

/// Opens `path` for reading without waiting (for a FIFO's writer, say).
#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

/// Elsewhere, checked before opening (opening a pipe could block).
#[cfg(not(unix))]
fn open_checked(path: &Path) -> Result<(std::fs::File, u64), SourceError> {
    let unreadable = |e: std::io::Error| SourceError::Unreadable(io_reason(&e));
    let len = regular_len(&std::fs::metadata(path).map_err(unreadable)?)?;
    Ok((std::fs::File::open(path).map_err(unreadable)?, len))
}

/// The size of a regular file of at most [`MAX_SOURCE_BYTES`], from its metadata.
fn regular_len(meta: &std::fs::Metadata) -> Result<u64, SourceError> {
    if !meta.is_file() {
        return Err(SourceError::NotAFile);
    }
    if meta.len() > MAX_SOURCE_BYTES {
        return Err(SourceError::TooLarge { bytes: meta.len() });
    }
    Ok(meta.len())
}

/// A source file opened to read parts of its text (the lines of code frames) instead of all of
/// it, with the checks of [`read_bytes`]. Positions count from after the BOM, as offsets do.
pub struct SourceReader {
    #[cfg(unix)]
    file: std::fs::File,
    /// The length of the file's BOM, 0 without one.
    #[cfg(unix)]
    bom: u64,
    /// Without positioned reads, the whole text (BOM stripped), read when the file is opened.
    #[cfg(not(unix))]
    text: Vec<u8>,
}

impl SourceReader {
    /// Opens `path` and learns whether it starts with a BOM (its first 3 bytes).
    pub fn open(path: &Path) -> Result<SourceReader, SourceError> {
        #[cfg(unix)]
        {
            let (file, _) = open_checked(path)?;
            let mut head = [0u8; BOM.len()];
            let (n, _) = read_at(&file, &mut head, 0)?;
            let bom = if head[..n] == *BOM {
                BOM.len() as u64
            } else {
                0
            };
            Ok(SourceReader { file, bom })
        }
        #[cfg(not(unix))]
        {
            let mut text = read_bytes(path)?;
            if text.starts_with(BOM) {
                text.drain(..BOM.len());
            }
            Ok(SourceReader { text })
        }
    }

    /// Opens `path`, known (from the scan) to start with a BOM or not, to read parts of it: with
    /// no further checks, since a read that is not of a regular file fails (a pipe, a directory)
    /// and only a few bytes are read at a time.
    pub fn open_known(path: &Path, bom: bool) -> Result<SourceReader, SourceError> {
        #[cfg(unix)]
        {
            let file =
                open_nonblocking(path).map_err(|e| SourceError::Unreadable(io_reason(&e)))?;
            let bom = if bom { BOM.len() as u64 } else { 0 };
            Ok(SourceReader { file, bom })
        }
        #[cfg(not(unix))]
        {
            let _ = bom;
            SourceReader::open(path)
        }
    }

    /// The text's bytes `start..end`, fewer if the text ends first, and whether they are known
    /// to reach its end.
    pub fn read(&self, start: usize, end: usize) -> Result<(Vec<u8>, bool), SourceError> {
        let len = end.saturating_sub(start);
        #[cfg(unix)]
        {
            let mut bytes = vec![0u8; len];
            let (n, at_end) = read_at(&self.file, &mut bytes, self.bom + start as u64)?;
            bytes.truncate(n);
            Ok((bytes, at_end))
        }
        #[cfg(not(unix))]
        {
            let from = start.min(self.text.len());
            let to = start.saturating_add(len).min(self.text.len());
            Ok((self.text[from..to].to_vec(), to == self.text.len()))
        }
    }
}

/// Fills `buf` from position `pos` of `file`: the bytes read, and whether the file ended first.
#[cfg(unix)]
fn read_at(file: &std::fs::File, buf: &mut [u8], pos: u64) -> Result<(usize, bool), SourceError> {
    use std::os::unix::fs::FileExt;
    let mut n = 0;
    while n < buf.len() {
        match file.read_at(&mut buf[n..], pos + n as u64) {
            Ok(0) => return Ok((n, true)),
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(SourceError::Unreadable(io_reason(&e))),
        }
    }
    Ok((n, false))
}

/// Decodes file bytes as UTF-8, stripping a BOM. Like Python, refuses text with a NUL character.
pub fn decode(mut bytes: Vec<u8>) -> Result<String, SourceError> {
    let bom = if bytes.starts_with(BOM) { BOM.len() } else { 0 };
    if bom > 0 {
        bytes.drain(..bom);
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let valid = &e.as_bytes()[..offset];
        // The prefix up to the error is valid UTF-8 by definition.
        let text = std::str::from_utf8(valid).unwrap_or_default();
        let (line, column) = LineIndex::new(text).line_column(text, offset);
        SourceError::NotUtf8 {
            offset: offset + bom,
            line,
            column,
        }
    })?;
    if let Some(offset) = text.find('\0') {
        let (line, column) = LineIndex::new(&text).line_column(&text, offset);
        return Err(SourceError::NullByte {
            offset: offset + bom,
            line,
            column,
        });
    }
    Ok(text)
}

fn io_reason(e: &std::io::Error) -> String {
    // `Permission denied (os error 13)`: the same words the OS uses.
    e.to_string()
}

/// Where the lines of a text end, for offset → (line, column) lookups. Line terminators are
/// `\n`, `\r\n` and a lone `\r`, as in Python.
///
/// Lines are short (a few dozen bytes), so the index records no line starts: it keeps, for every
/// 64-byte block of the text, a mask of the bytes that end a line (a `\n`, or a `\r` not followed
/// by `\n`) and how many lines end before the block. Building it compares the bytes 64 at a time
/// and counts bits, with no work per line; a lookup counts the bits below an offset in one mask.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Bit `j` of `ends[b]`: byte `64 * b + j` ends a line. One more block than the text fills,
    /// so that the offset just past its end has a block too.
    ends: Vec<u64>,
    /// `before[b]`: line ends in the blocks before block `b`.
    before: Vec<u32>,
    /// The text is ASCII: a column is a byte count, with no characters to count.
    ascii: bool,
}

/// The [`LineIndex`] of `bytes`: each 64-byte block's masks, made one block ahead (whether a
/// `\r` ending a block is followed by a `\n` is bit 0 of the next block's newlines).
fn line_ends(bytes: &[u8]) -> LineIndex {
    let (chunks, rest) = bytes.as_chunks::<64>();
    // The full blocks, then the last, partial one (empty when the length is a multiple of 64),
    // which no byte follows.
    let mut last = [0u8; 64];
    last[..rest.len()].copy_from_slice(rest);
    let blocks = chunks.len() + 1;
    let block = |k: usize| -> &[u8; 64] { chunks.get(k).unwrap_or(&last) };
    let mut ends: Vec<u64> = Vec::with_capacity(blocks);
    let mut before: Vec<u32> = Vec::with_capacity(blocks);
    let mut count = 0u32;
    let (mut newlines, mut returns, mut high) = terminator_masks(block(0));
    for k in 0..blocks {
        let (next_newlines, next_returns, next_high) = if k + 1 < blocks {
            terminator_masks(block(k + 1))
        } else {
            (0, 0, 0)
        };
        high |= next_high;
        // A `\r` ends a line unless a `\n` follows.
        let followed = newlines >> 1 | (next_newlines & 1) << 63;
        let mask = newlines | returns & !followed;
        ends.push(mask);
        before.push(count);
        count += mask.count_ones();
        (newlines, returns) = (next_newlines, next_returns);
    }
    LineIndex {
        ends,
        before,
        ascii: high == 0,
    }
}

/// Bit `j` of the first mask is set when `chunk[j]` (of 64 bytes) is `\n`, of the second when
/// it is `\r`, of the third when it is not ASCII.
#[cfg(target_arch = "x86_64")]
#[inline]
fn terminator_masks(chunk: &[u8; 64]) -> (u64, u64, u64) {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8,
    };
    let (mut newlines, mut returns, mut high) = (0u64, 0u64, 0u64);
    // SAFETY: SSE2 is part of the x86_64 baseline, so its intrinsics are always available; the
    // 16 bytes loaded at `i * 16` lie within the 64 of `chunk`, and the load is unaligned.
    unsafe {
        let (nl, cr) = (_mm_set1_epi8(b'\n' as i8), _mm_set1_epi8(b'\r' as i8));
        for i in 0..4 {
            let v = _mm_loadu_si128(chunk.as_ptr().add(i * 16).cast::<__m128i>());
            let n = _mm_movemask_epi8(_mm_cmpeq_epi8(v, nl)) as u32 as u64;
            let r = _mm_movemask_epi8(_mm_cmpeq_epi8(v, cr)) as u32 as u64;
            let h = _mm_movemask_epi8(v) as u32 as u64;
            newlines |= n << (i * 16);
            returns |= r << (i * 16);
            high |= h << (i * 16);
        }
    }
    (newlines, returns, high)
}

#[cfg(not(target_arch = "x86_64"))]
#[inline]
fn terminator_masks(chunk: &[u8; 64]) -> (u64, u64, u64) {
    chunk
        .iter()
        .enumerate()
        .fold((0, 0, 0), |(n, r, h), (j, &b)| {
            (
                n | u64::from(b == b'\n') << j,
                r | u64::from(b == b'\r') << j,
                h | u64::from(!b.is_ascii()) << j,
            )
        })
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        line_ends(text.as_bytes())
    }

    /// Line ends before byte `offset`; an offset past the text counts all of them.
    #[inline]
    fn ends_before(&self, offset: usize) -> u32 {
        let (block, bit) = (offset / 64, offset % 64);
        match self.ends.get(block) {
            Some(mask) => self.before[block] + (mask & ((1u64 << bit) - 1)).count_ones(),
            None => {
                self.before[self.before.len() - 1] + self.ends[self.ends.len() - 1].count_ones()
            }
        }
    }

    /// The offset just past the line end numbered `k` (from 0, in text order).
    fn past_end(&self, k: u32) -> usize {
        let block = self.before.partition_point(|&b| b <= k) - 1;
        let mut mask = self.ends[block];
        for _ in 0..k - self.before[block] {
            mask &= mask - 1;
        }
        block * 64 + mask.trailing_zeros() as usize + 1
    }

    /// Where the line holding byte `offset` (within the text) starts, given the line ends
    /// before `offset`.
    fn line_start(&self, offset: usize, ends_before: u32) -> usize {
        let (block, bit) = (offset / 64, offset % 64);
        let below = self.ends[block] & ((1u64 << bit) - 1);
        if below != 0 {
            block * 64 + 64 - below.leading_zeros() as usize
        } else if ends_before == 0 {
            0
        } else if block > 0 && self.ends[block - 1] != 0 {
            block * 64 - self.ends[block - 1].leading_zeros() as usize
        } else {
            self.past_end(ends_before - 1)
        }
    }

    /// 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> u32 {
        self.ends_before(offset) + 1
    }

    /// Number of lines (a trailing newline does not start a new line).
    pub fn line_count(&self, text: &str) -> u32 {
        let len = text.len();
        if len == 0 {
            return 0;
        }
        let total = self.ends_before(len);
        let last = len - 1;
        if self.ends[last / 64] >> (last % 64) & 1 == 1 {
            total
        } else {
            total + 1
        }
    }

    /// 1-based line and 1-based character column of a byte offset.
    pub fn line_column(&self, text: &str, offset: usize) -> (u32, u32) {
        let offset = offset.min(text.len());
        let ends = self.ends_before(offset);
        let start = self.line_start(offset, ends);
        (ends + 1, self.chars(text, start, offset) + 1)
    }

    /// Characters in `text[start..end]` (none if that is not a range of characters).
    #[inline]
    fn chars(&self, text: &str, start: usize, end: usize) -> u32 {
        if self.ascii {
            end.saturating_sub(start) as u32
        } else {
            chars(text.get(start..end).unwrap_or(""))
        }
    }

    pub fn span(&self, text: &str, start: usize, end: usize) -> Span {
        let (line, column) = self.line_column(text, start);
        // Most spans end on the line they start on (no line end between start and end): no
        // second lookup.
        let same_line = start <= end && end <= text.len() && self.ends_before(end) + 1 == line;
        let part = match same_line {
            false => None,
            true if self.ascii => Some((end - start) as u32),
            true => text.get(start..end).map(chars),
        };
        let (end_line, end_column) = match part {
            Some(n) => (line, column + n),
            None => self.line_column(text, end),
        };
        Span {
            line,
            column,
            end_line,
            end_column,
            start: start as u32,
            end: end as u32,
        }
    }

    /// The byte range of 1-based `line`, without its terminator.
    pub fn line_range(&self, text: &str, line: u32) -> Option<(usize, usize)> {
        let total = self.ends_before(text.len());
        let i = line.checked_sub(1)?;
        if i > total {
            return None;
        }
        let start = if i == 0 { 0 } else { self.past_end(i - 1) };
        let mut end = if i < total {
            self.past_end(i)
        } else {
            text.len()
        };
        let b = text.as_bytes();
        while end > start && (b[end - 1] == b'\n' || b[end - 1] == b'\r') {
            end -= 1;
        }
        Some((start, end))
    }
}

/// Characters in `s` (its length when it is ASCII).
#[inline]
fn chars(s: &str) -> u32 {
    if s.is_ascii() {
        s.len() as u32
    } else {
        s.chars().count() as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_characters_and_crlf_is_one_line_break() {
        let text = "a\r\nébc = 1\rz";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_column(text, 0), (1, 1));
        assert_eq!(idx.line_column(text, 3), (2, 1));
        // `b` comes after the two-byte `é`
        assert_eq!(idx.line_column(text, 5), (2, 2));
        assert_eq!(idx.line_column(text, text.len() - 1), (3, 1));
        assert_eq!(idx.line_count(text), 3);
        assert_eq!(idx.line_range(text, 2), Some((3, 11)));
    }

    /// Lines, columns, line ranges and line counts against a byte-by-byte reference, on texts of
    /// every length around the block size, with every terminator at every position of a block.
    #[test]
    fn lookups_match_a_byte_by_byte_scan() {
        // The offsets where lines start, as Python splits lines.
        let starts = |text: &str| -> Vec<usize> {
            let b = text.as_bytes();
            std::iter::once(0)
                .chain((0..b.len()).filter_map(|i| {
                    let ends = b[i] == b'\n' || (b[i] == b'\r' && b.get(i + 1) != Some(&b'\n'));
                    ends.then_some(i + 1)
                }))
                .collect()
        };
        let mut texts = Vec::new();
        for len in [0, 1, 2, 63, 64, 65, 127, 128, 129, 200] {
            texts.push("x".repeat(len));
            texts.push("\n".repeat(len));
            texts.push("\r".repeat(len));
            for at in 0..len.min(130) {
                for ending in [&b"\n"[..], b"\r", b"\r\n"] {
                    let mut t = vec![b'a'; len + 2];
                    t[at..at + ending.len()].copy_from_slice(ending);
                    texts.push(String::from_utf8(t).unwrap());
                }
            }
        }
        texts.push("def f():\n    return 'é'\n\n".repeat(40));
        texts.push("a\r\nb\rc\n\r\r\n".repeat(40));
        texts.push(format!("{}\n{}", "y".repeat(1000), "z = '名'\n".repeat(30)));
        for text in &texts {
            let starts = starts(text);
            let index = LineIndex::new(text);
            // The masks match a byte-by-byte reading of the text.
            let bytes = text.as_bytes();
            let reference: Vec<u64> = (0..bytes.len() / 64 + 1)
                .map(|b| {
                    (0..64).fold(0u64, |mask, j| {
                        let i = b * 64 + j;
                        let ends = match bytes.get(i) {
                            Some(b'\n') => true,
                            Some(b'\r') => bytes.get(i + 1) != Some(&b'\n'),
                            _ => false,
                        };
                        mask | u64::from(ends) << j
                    })
                })
                .collect();
            assert_eq!(index.ends, reference, "{text:?}");
            assert_eq!(index.ascii, text.is_ascii(), "{text:?}");
            for offset in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
                let line = starts.partition_point(|&s| s <= offset);
                let column = text[starts[line - 1]..offset].chars().count() + 1;
                assert_eq!(index.line(offset), line as u32, "{text:?} at {offset}");
                assert_eq!(
                    index.line_column(text, offset),
                    (line as u32, column as u32),
                    "{text:?} at {offset}"
                );
            }
            for (i, &start) in starts.iter().enumerate() {
                let mut end = starts.get(i + 1).copied().unwrap_or(text.len());
                while end > start && matches!(text.as_bytes()[end - 1], b'\n' | b'\r') {
                    end -= 1;
                }
                assert_eq!(
                    index.line_range(text, i as u32 + 1),
                    Some((start, end)),
                    "{text:?}"
                );
            }
            assert_eq!(index.line_range(text, 0), None);
            assert_eq!(index.line_range(text, starts.len() as u32 + 1), None);
            let count = if text.is_empty() {
                0
            } else if *starts.last().unwrap() == text.len() {
                starts.len() - 1
            } else {
                starts.len()
            };
            assert_eq!(index.line_count(text), count as u32, "{text:?}");
        }
    }

    /// The same-line shortcut of `span` agrees with two separate lookups.
    #[test]
    fn spans_agree_with_line_column() {
        let text = "a = 1\r\nb = 'é'\n\nc = f(\n  x)\rd\n";
        let index = LineIndex::new(text);
        let offsets: Vec<usize> = (0..=text.len())
            .filter(|&o| text.is_char_boundary(o))
            .collect();
        for (i, &start) in offsets.iter().enumerate() {
            for &end in &offsets[i..] {
                let span = index.span(text, start, end);
                assert_eq!((span.line, span.column), index.line_column(text, start));
                assert_eq!(
                    (span.end_line, span.end_column),
                    index.line_column(text, end),
                    "{start}..{end}"
                );
            }
        }
    }

    #[test]
    fn bom_is_stripped_and_bad_utf8_reports_offset() {
        assert_eq!(decode(b"\xEF\xBB\xBFx = 1\n".to_vec()).unwrap(), "x = 1\n");
        let err = decode(b"x = 1\ny = '\xff'\n".to_vec()).unwrap_err();
        assert_eq!(
            err,
            SourceError::NotUtf8 {
                offset: 11,
                line: 2,
                column: 6
            }
        );
        assert_eq!(
            err.to_string(),
            "file is not valid UTF-8: invalid byte at offset 11"
        );
    }

    #[test]
    fn a_null_byte_is_refused_like_python_does() {
        let err = decode(b"\xEF\xBB\xBFx = 1\ny = 'a\0b'\n".to_vec()).unwrap_err();
        assert_eq!(
            err,
            SourceError::NullByte {
                offset: 15,
                line: 2,
                column: 7
            }
        );
        assert_eq!(
            err.to_string(),
            "file contains a null byte at offset 15 (Python cannot compile it)"
        );
    }

    #[test]
    fn files_over_four_gib_are_refused_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.py");
        // Sparse: no disk space used, and never read.
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(MAX_SOURCE_BYTES + 1).unwrap();
        let err = read_source(&path).unwrap_err();
        assert_eq!(
            err,
            SourceError::TooLarge {
                bytes: MAX_SOURCE_BYTES + 1
            }
        );
        assert_eq!(
            err.to_string(),
            "cannot read file: too large (4294967296 bytes; at most 4294967295)"
        );
    }

    #[test]
    fn unreadable_and_special_files_are_errors() {
        // Readable by name even for root, but every read fails with EIO.
        let err = read_source(Path::new("/proc/self/mem")).unwrap_err();
        assert!(matches!(err, SourceError::Unreadable(_)), "{err:?}");
        assert_eq!(
            read_source(Path::new("/dev/null")).unwrap_err(),
            SourceError::NotAFile
        );
    }

    /// A FIFO is not waited on (no writer will ever come) and a directory is not read.
    #[cfg(unix)]
    #[test]
    fn fifos_and_directories_are_not_files() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.py");
        let c_path = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o644) }, 0);
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || tx.send(read_source(&fifo)));
        let got = rx.recv_timeout(std::time::Duration::from_secs(10));
        assert_eq!(
            got.expect("reading a FIFO blocked"),
            Err(SourceError::NotAFile)
        );
        assert_eq!(read_source(dir.path()), Err(SourceError::NotAFile));
        assert!(matches!(
            SourceReader::open(dir.path()),
            Err(SourceError::NotAFile)
        ));
    }
}
