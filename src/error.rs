//! Errors shown to users. Every one says what is wrong and, where it can, how to fix it; all of
//! them exit with code 2. An error at a place in a file the user wrote (the configuration, the
//! registry, a baseline) is [`Located`]: shown as a diagnostic with the file name, the line with a
//! pointer at the span, and a help line.

use std::fmt;
use std::ops::Range;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum Error {
    /// A bad configuration file or value.
    #[error("configuration error: {0}")]
    Config(String),
    /// A bad command line (beyond what clap checks).
    #[error("{0}")]
    Usage(String),
    /// Could not write an output file.
    #[error("cannot write {path}: {reason}")]
    Write { path: String, reason: String },
    /// A bad configuration value at a key (`["rules", "env-access", "allow"]`, `["src", "0"]`
    /// for an array's element), found after the file was read: [`crate::config::locate`] turns
    /// it into a [`Located`] error in the file that holds it.
    #[error(
        "configuration error: {}{message}{}",
        context.as_deref().map(|c| format!("{c}: ")).unwrap_or_default(),
        help.as_deref().map(|h| format!("; {h}")).unwrap_or_default()
    )]
    ConfigKey {
        key: Vec<String>,
        /// Said before the message when it is shown on one line (`[rules.env-access]`).
        context: Option<String>,
        message: String,
        help: Option<String>,
    },
    /// A mistake at a place in a file: the configuration, the registry, a baseline.
    #[error("{0}")]
    Located(Box<Located>),
    /// Anything else that stops the run.
    #[error("{0}")]
    Other(String),
}

/// A mistake at a span of a file, with what to do about it.
#[derive(Debug)]
pub struct Located {
    /// What the file is: `configuration`, `registry`, `baseline`.
    pub kind: &'static str,
    /// The file's name as shown, and its text.
    source: NamedSource<String>,
    /// Byte offsets into the text; empty to point at one place.
    span: Range<usize>,
    pub message: String,
    /// Said at the pointer (default: nothing).
    pub label: Option<String>,
    pub help: Option<String>,
}

impl Located {
    /// `message` about `text[span]` of the file `file` (as shown to the user). A span past the
    /// text or inside a character is moved to the nearest boundary before it.
    pub fn new(
        kind: &'static str,
        file: &str,
        text: &str,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Located {
        let floor = |mut i: usize| {
            i = i.min(text.len());
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let mut start = floor(span.start);
        let mut end = floor(span.end.max(start));
        // At the very end (an unclosed bracket): the last character of the text, so the pointer
        // is on a line that is shown.
        let content = text.trim_end_matches(['\n', '\r']).len();
        if start >= content && content > 0 {
            end = content;
            start = floor(content - 1);
        }
        Located {
            kind,
            source: NamedSource::new(file, text.to_string()),
            span: start..end,
            message: message.into(),
            label: None,
            help: None,
        }
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Located {
        self.label = Some(label.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Located {
        self.help = Some(help.into());
        self
    }

    /// The file as shown.
    pub fn file(&self) -> &str {
        self.source.name()
    }

    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// 1-based line and column (in characters) of the span's start.
    pub fn position(&self) -> (usize, usize) {
        let before = &self.source.inner()[..self.span.start];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (
            before.matches('\n').count() + 1,
            before[line_start..].chars().count() + 1,
        )
    }

    /// The diagnostic: the message, the file at the line with a pointer, the help line. Without
    /// `color`, plain text (no escape sequences).
    pub fn render(&self, color: bool) -> String {
        let mut theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        // `error: configuration error: ...`, as every other error of the tool begins.
        theme.characters.error = "error:".into();
        let handler = GraphicalReportHandler::new_themed(theme)
            .with_links(false)
            // Messages stay on their line (wrapping breaks names like `extend-exclude`).
            .with_width(1000)
            .with_context_lines(1);
        let mut out = String::new();
        match handler.render_report(&mut out, &Shown(self)) {
            Ok(()) => out,
            Err(_) => format!("error: {self}\n"),
        }
    }
}

/// One line: `configuration error: ssotscan.toml:2: unknown field ...`.
impl fmt::Display for Located {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (line, _) = self.position();
        write!(
            f,
            "{} error: {}:{line}: {}",
            self.kind,
            self.file(),
            self.message
        )
    }
}

impl From<Located> for Error {
    fn from(l: Located) -> Error {
        Error::Located(Box::new(l))
    }
}

/// A [`Located`] as miette shows it: the message alone heads the diagnostic (the file and line
/// are in the frame).
struct Shown<'a>(&'a Located);

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0, f)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} error: {}", self.0.kind, self.0.message)
    }
}

impl std::error::Error for Shown<'_> {}

impl Diagnostic for Shown<'_> {
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.0
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.0.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.0.span.clone();
        let label = LabeledSpan::new(self.0.label.clone(), span.start, span.len());
        Some(Box::new(std::iter::once(label)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_located_error_names_the_file_line_and_column_and_points_at_the_span() {
        let text = "exclude = []\nexlcude = [\"x\"]\n";
        let e = Located::new(
            "configuration",
            "ssotscan.toml",
            text,
            13..20,
            "unknown key `exlcude`",
        )
        .with_label("not a key")
        .with_help("did you mean `exclude`?");
        assert_eq!(
            e.to_string(),
            "configuration error: ssotscan.toml:2: unknown key `exlcude`"
        );
        let shown = e.render(false);
        assert!(!shown.contains('\u{1b}'), "{shown}");
        assert!(shown.contains("ssotscan.toml:2:1"), "{shown}");
        assert!(shown.contains("exlcude = [\"x\"]"), "{shown}");
        assert!(shown.contains("help: did you mean `exclude`?"), "{shown}");
        print!("{shown}");
        // Spans past the text or inside a character are clamped.
        let e = Located::new("baseline", "b.json", "é", 1..99, "x");
        assert_eq!(e.span(), 0..2);
    }
}
