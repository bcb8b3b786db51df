//! The SSOT import registry: which path is *the* place to import each important symbol from,
//! which paths still work, which are deprecated and which are broken.
//!
//! The data model lives in [`model`]; [`load`] reads `ssot-registry.toml` (documented in
//! `registry/FORMAT.md`), [`toml_out`] writes it back, [`markdown`] imports the hand-written
//! markdown dialect teams keep today, [`verify`] proves each claim against the code (through
//! the import graph's module resolution, `crate::resolve`), and [`generate`] renders the human
//! document again. The rules that judge imports by the registry live with the other rules
//! (`crate::rules`).

pub mod generate;
pub mod load;
pub mod markdown;
pub mod model;
pub mod toml_out;
pub mod verify;

pub use load::{load_for_project, parse_registry, DEFAULT_FILE};
pub use model::*;
