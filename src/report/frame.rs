//! Code frames under a violation: the source lines of its span with a caret underline.

use std::fmt::Write;

use unicode_width::UnicodeWidthChar;

/// Renders the lines `line..=end_line` (at most 3) of `text` with carets under the span given by
/// 1-based character columns; `offset` is a byte offset on `line` (the span's start), from which
/// the lines are found without indexing the whole file. Tabs are shown as one space, and carets
/// are placed by display width, so they line up under wide (CJK) characters too. A line that is
/// not valid UTF-8 (the file changed since it was scanned) ends the frame.
pub fn render(
    text: &[u8],
    offset: usize,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
) -> String {
    let whole = Window {
        bytes: text,
        at_start: true,
        at_end: true,
    };
    // A whole text holds every line a frame shows: there is always a frame.
    render_window(whole, offset, line, column, end_line, end_column).unwrap_or_default()
}

/// Part of a text, for [`render_window`]: its bytes from some position on, and whether they are
/// known to start and to end the text.
#[derive(Clone, Copy, Debug)]
pub struct Window<'a> {
    pub bytes: &'a [u8],
    pub at_start: bool,
    pub at_end: bool,
}

/// [`render`] from a window of the text, `offset` counting from the window's start: the frame
/// the whole text gives, or `None` when the window does not provably hold all it shows (the
/// start of the span's line and the end of every line shown).
pub fn render_window(
    window: Window,
    offset: usize,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
) -> Option<String> {
    let text = window.bytes;
    // A span that ends at the very start of a later line (just after a line break) covers
    // nothing on that line: end it at the end of the line before.
    let (end_line, end_column) = if end_line > line && end_column <= 1 {
        (end_line - 1, u32::MAX)
    } else {
        (end_line, end_column)
    };
    let last = end_line.max(line).min(line + 2);
    let width = last.to_string().len();
    let mut out = String::new();
    pad(&mut out, width);
    out.push_str(" |\n");
    if offset > text.len() && !window.at_end {
        return None;
    }
    let offset = offset.min(text.len());
    let mut s = match memchr::memrchr2(b'\n', b'\r', &text[..offset]) {
        Some(i) => i + 1,
        None if window.at_start => 0,
        None => return None,
    };
    for n in line..=last {
        if s > text.len() {
            break;
        }
        let e = match memchr::memchr2(b'\n', b'\r', &text[s..]) {
            Some(i) => s + i,
            None if window.at_end => text.len(),
            None => return None,
        };
        let bytes = &text[s..e];
        let Ok(shown) = std::str::from_utf8(bytes) else {
            break;
        };
        // The next line starts after `\n`, `\r\n` or a lone `\r` (past the end: no next line).
        // A `\r` ending the window may be the first half of a `\r\n`.
        if n < last && e + 1 == text.len() && text[e] == b'\r' && !window.at_end {
            return None;
        }
        s = match text.get(e..e + 2) {
            Some(b"\r\n") => e + 2,
            _ => e + 1,
        };
        if bytes
            .iter()
            .all(|&b| b == b'\t' || (b' '..=b'~').contains(&b))
        {
            // Printable ASCII, the common case: one byte is one character and one column.
            let len = bytes.len() as u32;
            let _ = write!(out, "{n:>width$} | ");
            out.extend(
                bytes
                    .iter()
                    .map(|&b| if b == b'\t' { ' ' } else { char::from(b) }),
            );
            out.push('\n');
            if let Some((from, to)) = caret_span(n, line, column, end_line, end_column, len) {
                pad(&mut out, width);
                out.push_str(" | ");
                out.extend(std::iter::repeat_n(' ', from as usize));
                out.extend(std::iter::repeat_n('^', (to - from).max(1) as usize));
                out.push('\n');
            }
            continue;
        }
        let chars: Vec<char> = shown
            .chars()
            .map(|c| if c == '\t' { ' ' } else { c })
            .collect();
        let src: String = chars.iter().collect();
        let len = chars.len() as u32;
        out.push_str(&format!("{n:>width$} | {src}\n"));
        if let Some((from, to)) = caret_span(n, line, column, end_line, end_column, len) {
            // Terminal columns, not characters: `名` takes two, a combining accent none. A
            // position past the end of the line takes one.
            let cells = |a: u32, b: u32| -> usize {
                (a..b)
                    .map(|i| chars.get(i as usize).map_or(1, |c| c.width().unwrap_or(0)))
                    .sum()
            };
            out.push_str(&format!(
                "{:width$} | {}{}\n",
                "",
                " ".repeat(cells(0, from)),
                "^".repeat(cells(from, to).max(1))
            ));
        }
    }
    Some(out)
}

/// The characters `from..to` of line `n` (`len` characters long) that carets underline, or
/// `None` when line `n` gets no caret line.
fn caret_span(
    n: u32,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    len: u32,
) -> Option<(u32, u32)> {
    let from = if n == line {
        column.saturating_sub(1)
    } else {
        0
    };
    let to = if n == end_line {
        end_column.saturating_sub(1)
    } else {
        len
    };
    let to = to.min(len).max(from + 1);
    (from < len || (from == 0 && len == 0) || n == line).then_some((from, to))
}

fn pad(out: &mut String, width: usize) {
    out.extend(std::iter::repeat_n(' ', width));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_under_span() {
        let text = "import os\nx = os.environ['A']\n";
        assert_eq!(
            render(text.as_bytes(), 14, 2, 5, 2, 15),
            "  |\n2 | x = os.environ['A']\n  |     ^^^^^^^^^^\n"
        );
    }

    #[test]
    fn carets_line_up_under_wide_characters() {
        let text = "名前 = os.environ['名前']\n";
        // `os` is the 6th character but starts at terminal column 8.
        assert_eq!(
            render(text.as_bytes(), 9, 1, 6, 1, 16),
            "  |\n1 | 名前 = os.environ['名前']\n  |        ^^^^^^^^^^\n"
        );
        assert_eq!(
            render(text.as_bytes(), 21, 1, 18, 1, 20),
            "  |\n1 | 名前 = os.environ['名前']\n  |                    ^^^^\n"
        );
    }

    #[test]
    fn a_span_ending_after_a_line_break_does_not_show_the_next_line() {
        let text = "x = [\n    1,\n\ny = 2\n";
        // `Expected ], found newline`: from the newline after `1,` to the start of line 3.
        assert_eq!(
            render(text.as_bytes(), 12, 2, 7, 3, 1),
            "  |\n2 |     1,\n  |       ^\n"
        );
        // Several lines: the last line shown is the one the span really ends on.
        assert_eq!(
            render(text.as_bytes(), 4, 1, 5, 3, 1),
            "  |\n1 | x = [\n  |     ^\n2 |     1,\n  | ^^^^^^\n"
        );
    }

    #[test]
    fn lines_are_found_from_the_offset_whatever_ends_them() {
        // `\r\n`, then a lone `\r`: the span starts on line 2 and ends on line 3.
        let text = b"a = 1\r\nb = os.environ[\r'x']\n";
        assert_eq!(
            render(text, 11, 2, 5, 3, 4),
            "  |\n2 | b = os.environ[\n  |     ^^^^^^^^^^^\n3 | 'x']\n  | ^^^\n"
        );
        // A line that is not UTF-8 (the file changed since the scan) ends the frame.
        assert_eq!(render(b"x\n\xff\n", 2, 2, 1, 2, 2), "  |\n");
    }
}
