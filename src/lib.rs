#![deny(unsafe_op_in_unsafe_fn, clippy::undocumented_unsafe_blocks)]

pub mod alloc;
pub mod baseline;
pub mod cache;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod discovery;
pub mod duplicates;
pub mod error;
pub mod facts;
pub mod fs_util;
pub mod git;
pub mod graph;
pub mod model;
pub mod output;
pub mod parse;
pub mod project;
pub mod registry;
pub mod report;
pub mod resolve;
pub mod rules;
pub mod scan;
pub mod source;
pub mod suppress;
pub mod trend;
