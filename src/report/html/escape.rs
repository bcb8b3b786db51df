//! Escaping for the HTML report: text and attribute values, and JSON inside a `<script>`.

/// `text` escaped for HTML text and quoted attribute values (`&`, `<`, `>`, `"`, `'`).
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    push_html(&mut out, text);
    out
}

/// Appends `text` to `out`, escaped as [`html`] does.
pub fn push_html(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// JSON text made safe inside `<script type="application/json">`: no `<`, `>` or `&` (so no
/// `</script>`, `<!--` or `<script` can end or change the element), and no U+2028/U+2029. They
/// occur only inside strings, where `\uXXXX` means the same character.
pub fn script_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 64);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_markup_and_quotes() {
        assert_eq!(
            html(r#"<img src=x onerror="alert('1')">&"#),
            "&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;"
        );
    }

    #[test]
    fn script_json_cannot_close_the_element_and_means_the_same() {
        let value = serde_json::json!({"p": "</script><script>alert(1)</script><!--\u{2028}&"});
        let text = script_json(&value.to_string());
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'));
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }
}
