//! The only module that touches the `ruff_*` crates: parse one file and extract its [`FileFacts`].
//!
//! The AST lives only inside [`extract_with`]; what leaves is plain data. Deeply nested input is
//! handled without stack overflows: the parser grows its own stack, our walk grows its own
//! with `stacker` and frees each node as it leaves it (so a deep AST is freed on the grown
//! stack), and the AST of a file that does not parse is dropped on a stack sized for it.

mod comments;
mod fingerprint;
mod free;
mod stack;
mod visitor;

pub use visitor::ExtractOptions;

use ruff_python_ast::token::TokenKind;
use ruff_python_ast::PySourceType;
use ruff_python_parser::parse_unchecked_source;
use ruff_text_size::Ranged;

use crate::facts::{FileError, FileFacts};
use crate::source::LineIndex;
use stack::STACK_SEGMENT;

/// Depth of AST nesting above which the AST is dropped on a freshly allocated, large stack.
const DEEP_AST: u32 = 256;
/// Stack bytes reserved per level of nesting when dropping a deep AST (drop glue recurses).
const DROP_STACK_PER_LEVEL: usize = 1024;

/// Parses `text` and extracts all its facts, or the first syntax error.
pub fn extract(text: &str) -> Result<FileFacts, FileError> {
    extract_with(text, ExtractOptions::ALL)
}

/// Parses `text` and extracts its facts, with the optional ones in `wanted`, or the first
/// syntax error.
pub fn extract_with(text: &str, wanted: ExtractOptions) -> Result<FileFacts, FileError> {
    let index = LineIndex::new(text);
    // `parse_unchecked_source` hands back the (recovered) AST even on a syntax error, so that we,
    // not the parser, drop it: a deep, broken AST must be dropped on a big enough stack too.
    let parsed = parse_unchecked_source(text, PySourceType::Python);
    if let Some(error) = parsed.errors().first() {
        let range = error.location;
        let failure = FileError {
            message: format!("syntax error: {}", error.error),
            span: index.span(text, range.start().to_usize(), range.end().to_usize()),
        };
        let module = parsed.into_syntax();
        let depth = visitor::depth_of(&module);
        drop_ast(module, depth);
        return Err(failure);
    }
    // Suppression directives live in comments, which only the tokens hold (dropped with the
    // parse result below); most files have none, and no token is looked at for them.
    let mut suppressions = Vec::new();
    if comments::may_have_directives(text) {
        for token in parsed.tokens().iter() {
            if token.kind() == TokenKind::Comment {
                let range = token.range();
                suppressions.extend(comments::directive(
                    text,
                    &index,
                    range.start().to_usize(),
                    range.end().to_usize(),
                ));
            }
        }
    }
    let module = parsed.into_syntax();
    // The walk frees each module-level statement once it has been through it.
    let mut facts = visitor::extract_facts(module, text, &index, wanted);
    facts.lines = index.line_count(text);
    facts.suppressions.append(&mut suppressions);
    // Facts live until the end of the scan: no spare capacity (about a sixth of peak memory on
    // large trees), allocated once the AST is gone.
    Ok(visitor::compact(facts, wanted))
}

/// Parses `text` only (no fact extraction): the floor the benchmarks compare a scan against.
pub fn parse_only(text: &str) -> bool {
    let parsed = parse_unchecked_source(text, PySourceType::Python);
    let ok = parsed.errors().is_empty() && parsed.syntax().range().len().to_usize() <= text.len();
    drop(parsed);
    ok
}

fn drop_ast<T>(ast: T, depth: u32) {
    if depth > DEEP_AST {
        let stack = (depth as usize).saturating_mul(DROP_STACK_PER_LEVEL) + STACK_SEGMENT;
        stacker::grow(stack, move || drop(ast));
    } else {
        drop(ast);
    }
}

#[cfg(test)]
mod tests;
