//! `--format github`: GitHub Actions workflow commands, one annotation per violation.
//! <https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions>

use std::fmt::Write;

use crate::diagnostic::Severity;

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(report: &super::input::Report) -> String {
    let violations = report.violations;
    let mut out = String::new();
    // Neither known (baseline) nor suppressed violations are annotated.
    for v in violations
        .iter()
        .filter(|v| !v.baselined && !v.is_suppressed())
    {
        let level = match v.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = v.message.clone();
        if let Some(fix) = &v.fix {
            message.push_str(&format!("\nfix: {fix}"));
        }
        let _ = writeln!(
            out,
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&v.path),
            v.line,
            v.column,
            v.end_line,
            v.end_column,
            escape_property(&format!("ssotscan ({})", v.rule)),
            escape_data(&message)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_workflow_command_syntax() {
        assert_eq!(super::escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        assert_eq!(super::escape_data("50% done\nnext"), "50%25 done%0Anext");
    }
}
