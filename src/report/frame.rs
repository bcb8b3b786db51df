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
    let span = FrameSpan {
        offset,
        line,
        column,
        end_line,
        end_column,
    };
    // A whole text holds every line a frame shows: there is always a frame.
    render_window(whole, span).unwrap_or_default()
}

/// What a code frame shows of a violation: its span, by 1-based lines and character columns, and
/// the byte offset of its start in the text (or in the window it is rendered from).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FrameSpan {
    pub offset: usize,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

/// Part of a text, for [`render_window`]: its bytes from some position on, and whether they are
/// known to start and to end the text.
#[derive(Clone, Copy, Debug)]
pub struct Window<'a> {
    pub bytes: &'a [u8],
    pub at_start: bool,
    pub at_end: bool,
}

/// [`render`] from a window of the text, the span's offset counting from the window's start: the
/// frame the whole text gives, or `None` when the window does not provably hold all it shows
/// (the start of the span's line and the end of every line shown).
pub fn render_window(window: Window, span: FrameSpan) -> Option<String> {
    render_with(window, span, true)
}

/// [`render_window`], where `ascii` lets lines of printable ASCII take the short path (tests
/// compare it with the general one).
fn render_with(window: Window, span: FrameSpan, ascii: bool) -> Option<String> {
    let FrameSpan {
        offset,
        line,
        column,
        end_line,
        end_column,
    } = span;
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
        // A `\r` ending a window may be the first half of a `\r\n`: a next line is then looked
        // for at the window's end, where no line end is found.
        s = match text.get(e..e + 2) {
            Some(b"\r\n") => e + 2,
            _ => e + 1,
        };
        if ascii
            && bytes.len() <= MAX_SHOWN_CHARS
            && bytes
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
        let len = if shown.len() <= MAX_SHOWN_CHARS {
            shown.chars().count()
        } else {
            bytecount_chars(shown)
        } as u32;
        let caret = caret_span(n, line, column, end_line, end_column, len);
        // A long line is shown as a window of it around the carets, `…` where it is cut.
        let (start, end) = shown_chars(len, caret.map(|(from, _)| from));
        let cut_before = start > 0;
        let cut_after = end < len;
        let mut chars: Vec<char> = Vec::with_capacity((end - start) as usize + 2);
        if cut_before {
            chars.push(ELLIPSIS);
        }
        chars.extend(
            shown
                .chars()
                .skip(start as usize)
                .take((end - start) as usize)
                .map(|c| if c == '\t' { ' ' } else { c }),
        );
        if cut_after {
            chars.push(ELLIPSIS);
        }
        let src: String = chars.iter().collect();
        out.push_str(&format!("{n:>width$} | {src}\n"));
        // Carets in the window's characters (the ellipsis before it takes one).
        let caret = caret.map(|(from, to)| {
            // Past the end of an uncut line, a position keeps its place (one cell each).
            let limit = if cut_after { end } else { u32::MAX };
            let shift = |i: u32| i.clamp(start, limit) - start + u32::from(cut_before);
            let from = shift(from);
            (from, shift(to).max(from + 1))
        });
        if let Some((from, to)) = caret {
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

/// Lines longer than this many characters are cut to a window of this many around the span (a
/// minified line of 200 KB with a thousand findings would otherwise be printed a thousand times).
pub(crate) const MAX_SHOWN_CHARS: usize = 160;
/// Characters a cut line shows before the first character the carets underline.
const CONTEXT_BEFORE: u32 = 40;
/// Where a cut line is cut.
const ELLIPSIS: char = '…';

/// The characters `start..end` of a line of `len` characters to show: all of them when the line
/// is short enough, else [`MAX_SHOWN_CHARS`] of them from a little before `anchor` (the first
/// character the carets underline), moved back when the line ends first.
fn shown_chars(len: u32, anchor: Option<u32>) -> (u32, u32) {
    let max = MAX_SHOWN_CHARS as u32;
    if len <= max {
        return (0, len);
    }
    let start = anchor
        .unwrap_or(0)
        .saturating_sub(CONTEXT_BEFORE)
        .min(len - max);
    (start, start + max)
}

/// The number of characters of `text` (UTF-8): the bytes that do not continue a character.
fn bytecount_chars(text: &str) -> usize {
    text.bytes().filter(|&b| b & 0xC0 != 0x80).count()
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
pub(super) mod tests {
    use super::*;

    /// Texts that mix what frames meet: `\n`, `\r\n` and lone `\r` endings, tabs, wide and
    /// combining characters, control characters, a byte that is not UTF-8, long lines, and no
    /// final line break. Pseudo-random but fixed, so a failure reproduces.
    pub(in crate::report) fn mixed_texts() -> Vec<Vec<u8>> {
        let pieces: [&[u8]; 16] = [
            b"x = 1",
            b"\n",
            b"\r\n",
            b"\r",
            b"\t",
            "名前".as_bytes(),
            "e\u{301}".as_bytes(),
            b"os.environ['A']",
            b"\x0c",
            b"    ",
            b"\n\n",
            b"\xff",
            b"def f(a, b):",
            b"yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy",
            b"\"\"\"doc\"\"\"",
            b"\r\n\r",
        ];
        let mut seed: u64 = 0x5eed;
        (0..6)
            .map(|t| {
                let mut text = Vec::new();
                for _ in 0..40 + 10 * t {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    // Text 0 has no byte that is not UTF-8: its frames are never cut short.
                    let k = (seed >> 33) as usize % pieces.len();
                    if t > 0 || pieces[k] != b"\xff" {
                        text.extend_from_slice(pieces[k]);
                    }
                }
                text
            })
            .collect()
    }

    pub(in crate::report) fn span(
        offset: usize,
        line: u32,
        column: u32,
        end_line: u32,
        end_column: u32,
    ) -> FrameSpan {
        FrameSpan {
            offset,
            line,
            column,
            end_line,
            end_column,
        }
    }

    /// Spans for every offset of `text` and a few past its end: the line and column the offset
    /// is at (counted as the scan does), ending 0 to 3 lines further.
    pub(in crate::report) fn spans_of(text: &[u8]) -> Vec<FrameSpan> {
        let mut spans = Vec::new();
        let (mut line, mut column) = (1u32, 1u32);
        for offset in 0..text.len() + 3 {
            let k = offset as u32;
            spans.push(span(offset, line, column, line + k % 4, k % 7));
            match text.get(offset) {
                Some(b'\n') => (line, column) = (line + 1, 1),
                Some(b'\r') if text.get(offset + 1) != Some(&b'\n') => {
                    (line, column) = (line + 1, 1)
                }
                Some(b) if b & 0xC0 != 0x80 => column += 1,
                _ => {}
            }
        }
        spans
    }

    #[test]
    fn the_ascii_path_renders_as_the_general_one() {
        fn whole(text: &[u8]) -> Window<'_> {
            Window {
                bytes: text,
                at_start: true,
                at_end: true,
            }
        }
        let mut ascii_lines = 0;
        for text in mixed_texts() {
            for s in spans_of(&text) {
                let fast = render_with(whole(&text), s, true);
                let general = render_with(whole(&text), s, false);
                assert!(fast.is_some());
                assert_eq!(
                    fast,
                    general,
                    "{s:?} in {:?}",
                    String::from_utf8_lossy(&text)
                );
                ascii_lines += fast.unwrap_or_default().matches("x = 1").count();
            }
        }
        assert!(ascii_lines > 100, "the texts have ASCII lines");
    }

    #[test]
    fn a_window_gives_the_frame_of_the_whole_text_or_none() {
        let (mut some, mut none) = (0, 0);
        for text in mixed_texts() {
            for s in spans_of(&text) {
                let expected = render(&text, s.offset, s.line, s.column, s.end_line, s.end_column);
                let offset = s.offset;
                for before in [0, 1, 2, 5, 8, 13, 40] {
                    for after in [0, 1, 3, 8, 21, 64] {
                        let start = offset.saturating_sub(before).min(text.len());
                        let end = offset.saturating_add(after).min(text.len());
                        // A read that ends just at the end of the file does not know it.
                        for at_end in [end == text.len(), false] {
                            let window = Window {
                                bytes: &text[start..end],
                                at_start: start == 0,
                                at_end,
                            };
                            let relative = FrameSpan {
                                offset: offset - start,
                                ..s
                            };
                            let got = render_window(window, relative);
                            match got {
                                Some(got) => {
                                    some += 1;
                                    assert_eq!(
                                        got, expected,
                                        "offset {offset}, window {start}..{end}"
                                    );
                                }
                                None => none += 1,
                            }
                        }
                    }
                }
            }
        }
        // Both outcomes are exercised.
        assert!(
            some > 10_000 && none > 10_000,
            "{some} frames, {none} too small"
        );
    }

    #[test]
    fn a_window_must_hold_the_start_of_the_line_and_the_ends_of_the_lines_shown() {
        let text = b"import os\nx = os.environ['A']\ny = 2\n";
        let window = |start: usize, end: usize| Window {
            bytes: &text[start..end],
            at_start: start == 0,
            at_end: end == text.len(),
        };
        let frame = "  |\n2 | x = os.environ['A']\n  |     ^^^^^^^^^^\n";
        // The line break before line 2 and the one after it: enough.
        assert_eq!(
            render_window(window(9, 30), span(5, 2, 5, 2, 15)).as_deref(),
            Some(frame)
        );
        // The start of line 2 is not proven.
        assert_eq!(render_window(window(10, 30), span(4, 2, 5, 2, 15)), None);
        // Its end is not proven.
        assert_eq!(render_window(window(9, 29), span(5, 2, 5, 2, 15)), None);
        // A span over lines 2 and 3 needs the end of line 3 too.
        assert_eq!(render_window(window(9, 30), span(5, 2, 5, 3, 3)), None);
        assert!(render_window(window(9, 36), span(5, 2, 5, 3, 3)).is_some());
        // Line 1 starts at the start of the text; a window starting just at a line's start does
        // not show that it does.
        assert_eq!(render_window(window(0, 4), span(0, 1, 1, 1, 5)), None);
        assert!(render_window(window(0, 10), span(0, 1, 1, 1, 5)).is_some());
        assert_eq!(render_window(window(30, 36), span(0, 3, 1, 3, 2)), None);
        // The last line ends at the end of the text, if the window is known to reach it.
        let text = b"x\ny = 2";
        let last = |at_end| Window {
            bytes: &text[1..],
            at_start: false,
            at_end,
        };
        assert_eq!(
            render_window(last(true), span(1, 2, 1, 2, 2)).as_deref(),
            Some("  |\n2 | y = 2\n  | ^\n")
        );
        assert_eq!(render_window(last(false), span(1, 2, 1, 2, 2)), None);
    }

    #[test]
    fn a_carriage_return_ending_a_window_may_be_half_of_a_crlf() {
        let text = b"ab = os.environ[\r\n'x']\n";
        let expected = render(text, 5, 1, 6, 2, 4);
        assert_eq!(
            expected,
            "  |\n1 | ab = os.environ[\n  |      ^^^^^^^^^^^\n2 | 'x']\n  | ^^^\n"
        );
        let cut = Window {
            bytes: &text[..17],
            at_start: true,
            at_end: false,
        };
        // With the `\r` taken for a lone one, line 2 would be the empty text before `\n`.
        assert_eq!(render_window(cut, span(5, 1, 6, 2, 4)), None);
        // On the last line shown, the `\r` ends it whatever follows.
        assert_eq!(
            render_window(cut, span(5, 1, 6, 1, 17)).as_deref(),
            Some("  |\n1 | ab = os.environ[\n  |      ^^^^^^^^^^^\n")
        );
        let longer = Window {
            bytes: &text[..18],
            at_start: true,
            at_end: false,
        };
        assert_eq!(render_window(longer, span(5, 1, 6, 2, 4)), None);
        let all = Window {
            bytes: &text[..23],
            at_start: true,
            at_end: false,
        };
        assert_eq!(render_window(all, span(5, 1, 6, 2, 4)), Some(expected));
    }

    #[test]
    fn long_lines_are_cut_to_a_window_around_the_span() {
        // A minified line: 200,000 characters, a finding in its middle.
        let mut line = "x".repeat(100_000);
        line.push_str("os.environ['A']");
        line.push_str(&"y".repeat(100_000));
        let text = format!("import os\n{line}\n");
        let offset = "import os\n".len() + 100_000;
        let framed = render(text.as_bytes(), offset, 2, 100_001, 2, 100_016);
        let expected = format!(
            "  |\n2 | …{}os.environ['A']{}…\n  |  {}{}\n",
            "x".repeat(40),
            "y".repeat(105),
            " ".repeat(40),
            "^".repeat(15)
        );
        assert_eq!(framed, expected);
        // At the start of a long line: cut after only; at its end: cut before only.
        let framed = render(text.as_bytes(), 10, 2, 1, 2, 2);
        assert_eq!(framed, format!("  |\n2 | {}…\n  | ^\n", "x".repeat(160)));
        let end = text.len() - 2;
        let framed = render(text.as_bytes(), end, 2, 200_015, 2, 200_016);
        assert_eq!(
            framed,
            format!("  |\n2 | …{}\n  | {}^\n", "y".repeat(160), " ".repeat(160))
        );
        // Wide characters: the window counts characters, the carets cells.
        let wide = format!("{}名 = os.environ{}", "名".repeat(300), "z".repeat(300));
        let framed = render(wide.as_bytes(), 300 * 3, 1, 301, 1, 302);
        let shown: String = framed.lines().nth(1).unwrap().to_string();
        assert!(
            shown.starts_with(&format!("1 | …{}", "名".repeat(40))),
            "{shown}"
        );
        let carets = framed.lines().nth(2).unwrap();
        assert_eq!(carets, format!("  | {}^^", " ".repeat(1 + 80)));
        // Short lines are shown whole, as before.
        assert_eq!(render(b"x = 1\n", 0, 1, 1, 1, 2), "  |\n1 | x = 1\n  | ^\n");
    }

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
