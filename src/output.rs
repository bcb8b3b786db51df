//! What every machine-readable output of the tool shares: the `tool` header, the JSON schema
//! version, and pretty-printed JSON.

use serde::Serialize;

/// The version of every JSON document the tool writes (`check`, `duplicates`, `graph`,
/// `who-imports`, `registry verify`, baselines).
pub const SCHEMA_VERSION: u32 = 1;

/// `{"name": "ssotscan", "version": ...}`
#[derive(Clone, Copy, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

pub const TOOL: Tool = Tool {
    name: "ssotscan",
    version: env!("CARGO_PKG_VERSION"),
};

/// A JSON document with the header every JSON output of the tool starts with: `schema_version`
/// and `tool`, then `body`'s own fields.
pub fn versioned<T: Serialize>(body: &T) -> String {
    #[derive(Serialize)]
    struct Versioned<'a, T> {
        schema_version: u32,
        tool: Tool,
        #[serde(flatten)]
        body: &'a T,
    }
    pretty(&Versioned {
        schema_version: SCHEMA_VERSION,
        tool: TOOL,
        body,
    })
}

/// Pretty-printed JSON with a final newline (every JSON output of the tool).
pub fn pretty<T: Serialize>(value: &T) -> String {
    let mut s =
        serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

/// `1 file`, `2 files`: a count and its noun, for text output.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}
