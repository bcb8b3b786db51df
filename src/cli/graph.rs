//! `ssotscan graph`: the import graph, a slice of it, or its cycles.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::global::{self, GlobalArgs};
use crate::error::Error;
use crate::graph::{render, ImportGraph};
use crate::rules::Context;
use crate::scan;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// Graphviz (`dot -Tsvg`); the default for the graph.
    Dot,
    /// A Mermaid flowchart.
    Mermaid,
    /// `{"modules": [...], "edges": [...]}` (with `--cycles`: `{"cycles": [...]}`).
    Json,
    /// One line per module; the default for `--cycles`.
    Text,
}

#[derive(Debug, Args)]
pub struct GraphArgs {
    /// Output format (default: `dot`, or `text` with `--cycles`).
    #[arg(long, value_enum)]
    pub format: Option<GraphFormat>,
    /// Only the modules named PREFIX or under it, and what they import (see `--depth`).
    #[arg(long, value_name = "PREFIX")]
    pub module: Option<String>,
    /// How many import hops to follow from the `--module` modules (default 1).
    #[arg(long, value_name = "N", requires = "module")]
    pub depth: Option<usize>,
    /// Follow importers instead of imports: who depends on `--module`.
    #[arg(long, requires = "module")]
    pub reverse: bool,
    /// List import cycles (strongly connected components) with one concrete cycle each; exits
    /// 1 when there is one.
    #[arg(long, conflicts_with_all = ["module", "depth", "reverse"])]
    pub cycles: bool,
    /// Write to FILE (atomically) instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(global: &GlobalArgs, args: &GraphArgs) -> Result<ExitCode, Error> {
    let project = global.project()?;
    let parsed = scan::parse_project(&project, global.threads)?;
    global::warn_all(&parsed.warnings);
    global::warn_cache(parsed.cache_problem.as_deref());
    let ctx = Context::new(&project.root, &project.config, &parsed.files);
    let graph = ImportGraph::build(ctx.modules());
    if args.cycles {
        let cycles = graph.cycles();
        let text = match args.format.unwrap_or(GraphFormat::Text) {
            GraphFormat::Text => render::cycles_text(&cycles),
            GraphFormat::Json => render::cycles_json(&cycles),
            other => {
                return Err(Error::Usage(format!(
                    "--cycles prints text or json, not {}",
                    other
                        .to_possible_value()
                        .map(|v| v.get_name().to_string())
                        .unwrap_or_default()
                )))
            }
        };
        global::emit(args.output.as_ref(), &text)?;
        return Ok(if cycles.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        });
    }
    let slice = graph.slice(args.module.as_deref(), args.depth, args.reverse);
    if let Some(prefix) = &args.module {
        // A slice starts from every module named `prefix` or under it: empty means none.
        if slice.nodes.is_empty() {
            return Err(Error::Usage(format!(
                "no module `{prefix}` or module under it in the import graph"
            )));
        }
    }
    let text = match args.format.unwrap_or(GraphFormat::Dot) {
        GraphFormat::Dot => render::dot(&graph, &slice),
        GraphFormat::Mermaid => render::mermaid(&graph, &slice),
        GraphFormat::Json => render::json(&graph, &slice),
        GraphFormat::Text => render::text(&graph, &slice),
    };
    global::emit(args.output.as_ref(), &text)?;
    Ok(ExitCode::SUCCESS)
}
