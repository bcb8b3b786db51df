//! Inline suppression directives in comments: `# ssotscan: ignore[RULE, ...] REASON` and
//! `# ssotscan: ignore-file[RULE, ...] REASON`.
//!
//! Only the parser's comment tokens are read (`parse::extract_with` hands them over), so the
//! same text in a string is not a directive. One directive per comment: the first `#` of the
//! comment followed (after optional spaces) by `ssotscan:` starts it, so it may follow another
//! tool's comment (`# type: ignore  # ssotscan: ignore[env-access] ...`); the reason runs to the
//! end of the comment, or to another tool's comment after it (`... REASON  # noqa: E501`).

use crate::facts::{CompactString, Malformed, SuppressedRule, Suppression, SuppressionScope};
use crate::source::LineIndex;

/// What every directive starts with, after `#` and optional spaces.
const MARKER: &str = "ssotscan";

/// Whether `text` can hold a directive at all: a file without the marker has no comment to read.
pub(super) fn may_have_directives(text: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), MARKER.as_bytes()).is_some()
}

/// The directive in the comment `text[start..end]` (`#` included), if it has one.
pub(super) fn directive(
    text: &str,
    index: &LineIndex,
    start: usize,
    end: usize,
) -> Option<Suppression> {
    let comment = text.get(start..end)?;
    let (at, body) = find_marker(comment)?;
    // The directive ends where another tool's comment starts (`  # noqa: E501`).
    let body = body[..next_comment(body)].trim();
    // Offsets below are into `text`.
    let offset_of = |s: &str| s.as_ptr() as usize - text.as_ptr() as usize;
    let span = index.span(text, start + at, offset_of(body) + body.len());
    let word_len = body
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(body.len());
    let (word, rest) = body.split_at(word_len);
    let scope = match word {
        "ignore" => SuppressionScope::Line,
        "ignore-file" => SuppressionScope::File,
        other => {
            return Some(Suppression {
                scope: SuppressionScope::Line,
                rules: Vec::new(),
                reason: None,
                span,
                malformed: Some(Malformed::UnknownDirective(other.into())),
            })
        }
    };
    let rest = rest.trim_start();
    let mut suppression = Suppression {
        scope,
        rules: Vec::new(),
        reason: None,
        span,
        malformed: None,
    };
    let Some(inside) = rest.strip_prefix('[') else {
        suppression.malformed = Some(Malformed::NoRules);
        return Some(suppression);
    };
    let Some(close) = inside.find(']') else {
        suppression.malformed = Some(Malformed::Unclosed);
        return Some(suppression);
    };
    for id in inside[..close].split(',') {
        let id = id.trim();
        if id.is_empty() {
            continue;
        }
        let from = offset_of(id);
        suppression.rules.push(SuppressedRule {
            id: id.into(),
            span: index.span(text, from, from + id.len()),
        });
    }
    if suppression.rules.is_empty() {
        suppression.malformed = Some(Malformed::NoRules);
    }
    suppression.reason = reason(&inside[close + 1..]);
    Some(suppression)
}

/// The first `#` of `comment` that starts a directive: its offset in `comment` and what follows
/// `ssotscan:`.
fn find_marker(comment: &str) -> Option<(usize, &str)> {
    let mut from = 0;
    while let Some(k) = comment[from..].find('#') {
        let at = from + k;
        let after = comment[at + 1..].trim_start();
        if let Some(body) = after
            .strip_prefix(MARKER)
            .and_then(|b| b.trim_start().strip_prefix(':'))
        {
            return Some((at, body));
        }
        from = at + 1;
    }
    None
}

/// Where another comment starts in `s`: the first `#` preceded by whitespace (or at the start)
/// and followed by whitespace (or at the end); `s.len()` when there is none. A `#` within words
/// (`issue #12`) starts none.
fn next_comment(s: &str) -> usize {
    let bytes = s.as_bytes();
    (0..bytes.len())
        .find(|&k| {
            bytes[k] == b'#'
                && (k == 0 || bytes[k - 1].is_ascii_whitespace())
                && bytes.get(k + 1).is_none_or(|b| b.is_ascii_whitespace())
        })
        .unwrap_or(bytes.len())
}

/// The reason after the brackets (the directive already ends before another tool's comment):
/// trimmed, a leading separator (`--`, `-`, `:`, an en or em dash) dropped; `None` when
/// nothing is left.
fn reason(after: &str) -> Option<CompactString> {
    let mut reason = after.trim();
    for separator in ["--", "—", "–", "-", ":"] {
        if let Some(r) = reason.strip_prefix(separator) {
            reason = r.trim_start();
            break;
        }
    }
    (!reason.is_empty()).then(|| reason.into())
}
