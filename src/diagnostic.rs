//! The diagnostic model every rule produces and every renderer reads.

use serde::{Deserialize, Serialize};

use crate::discovery::{Category, DiscoveredFile};
use crate::facts::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    /// Errors and warnings make a file non-compliant; infos do not.
    pub fn counts_against_compliance(self) -> bool {
        matches!(self, Severity::Error | Severity::Warning)
    }
}

/// Another place a violation refers to (the other definitions of a duplicated class, ...).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Related {
    pub path: String,
    pub line: u32,
}

/// What a rule reports: where (a file index into the scan's files), what, and how to fix it.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub file: usize,
    pub span: Span,
    pub message: String,
    pub fix: Option<String>,
    pub related: Vec<Related>,
    /// How text output introduces `related` (default "also at").
    pub related_label: Option<&'static str>,
    /// A severity chosen by the rule for this finding (e.g. `info` for a guarded import);
    /// `None` means the rule's configured severity.
    pub severity: Option<Severity>,
    /// What identifies the finding across runs when the message holds something that changes
    /// without the finding changing (how many other copies there are): baselines match on it.
    /// `None`: the message itself.
    pub key: Option<String>,
}

impl Finding {
    pub fn new(file: usize, span: Span, message: impl Into<String>) -> Self {
        Finding {
            file,
            span,
            message: message.into(),
            fix: None,
            related: Vec::new(),
            related_label: None,
            severity: None,
            key: None,
        }
    }

    /// A key for baselines when the message varies with other findings (see [`Finding::key`]).
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }

    pub fn fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = Some(fix.into());
        self
    }

    pub fn related(mut self, related: Vec<Related>) -> Self {
        self.related = related;
        self
    }

    /// Text output's words before the related sites, e.g. "also defined at".
    pub fn related_label(mut self, label: &'static str) -> Self {
        self.related_label = Some(label);
        self
    }

    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = Some(severity);
        self
    }
}

/// A violation as users see it. Field order is the JSON contract's order.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Violation {
    pub rule: &'static str,
    pub severity: Severity,
    pub category: Category,
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub message: String,
    pub fix: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
    /// Text output's words before `related` ("also at" when `None`).
    #[serde(skip)]
    pub related_label: Option<&'static str>,
    /// Known from the baseline (`check --baseline`): still scored, but not new.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub baselined: bool,
    /// Byte offset of the start in the file's text (BOM stripped), where a code frame finds
    /// its first line without indexing the file's lines.
    #[serde(skip)]
    pub offset: u32,
    /// What baselines match on besides rule and path ([`Finding::key`]); `None`: the message.
    #[serde(skip)]
    pub key: Option<String>,
    /// The inline suppression that matched it (`crate::suppress`): still listed in JSON and
    /// SARIF, but not scored, not in text or GitHub output, and not a reason to exit 1. In JSON,
    /// `suppressed`, `suppression_reason` and `suppression_line` (absent when `None`).
    #[serde(flatten)]
    pub suppression: Option<Suppressed>,
}

/// How a violation was suppressed: the comment's line and its reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppressed {
    /// The line of the `# ssotscan: ignore[...]` (or `ignore-file[...]`) comment.
    pub line: u32,
    /// The words after the brackets, if any.
    pub reason: Option<String>,
}

impl Serialize for Suppressed {
    /// Flattened into the violation: `"suppressed": true, "suppression_reason": ...,
    /// "suppression_line": ...`.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Suppressed", 3)?;
        s.serialize_field("suppressed", &true)?;
        s.serialize_field("suppression_reason", &self.reason)?;
        s.serialize_field("suppression_line", &self.line)?;
        s.end()
    }
}

impl Violation {
    /// The violation a finding of `rule` in `file` is (the finding's severity, or `severity`).
    pub fn from_finding(
        rule: &'static str,
        severity: Severity,
        file: &DiscoveredFile,
        f: Finding,
    ) -> Violation {
        let mut related = f.related;
        related.sort();
        Violation {
            rule,
            severity: f.severity.unwrap_or(severity),
            category: file.category,
            path: file.rel.clone(),
            line: f.span.line,
            column: f.span.column,
            end_line: f.span.end_line,
            end_column: f.span.end_column,
            message: f.message,
            fix: f.fix,
            related,
            related_label: f.related_label,
            baselined: false,
            offset: f.span.start,
            key: f.key,
            suppression: None,
        }
    }

    /// Suppressed by an inline comment ([`Violation::suppression`]).
    pub fn is_suppressed(&self) -> bool {
        self.suppression.is_some()
    }

    /// What a baseline entry of this violation matches on, with its rule and path.
    pub fn baseline_key(&self) -> &str {
        self.key.as_deref().unwrap_or(&self.message)
    }
}

impl Violation {
    /// The order of every output: path, line, column, rule.
    pub fn sort_key(&self) -> (&str, u32, u32, &str, u32, u32, &str) {
        (
            &self.path,
            self.line,
            self.column,
            self.rule,
            self.end_line,
            self.end_column,
            &self.message,
        )
    }
}
