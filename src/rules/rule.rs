//! What a rule is: its metadata, what it may read (`Context`), the checks it implements
//! (`Rule`) and how it is built from its `[rules.<id>]` table. `mod.rs` registers the rules.

use std::path::Path;
use std::sync::OnceLock;

use crate::config::Config;
use crate::diagnostic::{Finding, Severity};
use crate::discovery::DiscoveredFile;
use crate::facts::FileFacts;
use crate::model::ScannedFile;
use crate::resolve::ModuleIndex;

/// What identifies and documents a rule.
#[derive(Debug)]
pub struct RuleMeta {
    pub id: &'static str,
    /// One line: what it reports.
    pub summary: &'static str,
    pub default_severity: Severity,
    /// The user documentation, `rules/<id>.md`, embedded at build time.
    pub docs: &'static str,
    /// Whether `--ignore`/`severity = "off"` may turn it off.
    pub can_disable: bool,
}

/// Everything a rule may read.
pub struct Context<'a> {
    pub root: &'a Path,
    /// The whole configuration (rules read their own `[rules.<id>]` options at build time).
    pub config: &'a Config,
    /// Every scanned file, sorted by path; `Finding::file` indexes this.
    pub files: &'a [ScannedFile],
    /// The module index, built on first use (see [`Context::modules`]).
    modules: OnceLock<ModuleIndex<'a>>,
    /// The SSOT import registry, when the project has one (see [`Context::with_registry`]).
    pub registry: Option<&'a crate::registry::Registry>,
    /// Files on disk that are not part of the project judged (see [`Context::with_absent`]).
    absent: Option<&'a rustc_hash::FxHashSet<String>>,
    /// The files that exist, when not those on disk (see [`Context::with_tree`]).
    tree: Option<std::sync::Arc<crate::resolve::FileTree>>,
}

impl<'a> Context<'a> {
    pub fn new(root: &'a Path, config: &'a Config, files: &'a [ScannedFile]) -> Self {
        Context {
            root,
            config,
            files,
            modules: OnceLock::new(),
            registry: None,
            absent: None,
            tree: None,
        }
    }

    /// The same context for a project whose files are `tree` (a commit's): module resolution
    /// asks it, not the disk, whether a module that was not scanned exists.
    pub fn with_tree(mut self, tree: std::sync::Arc<crate::resolve::FileTree>) -> Self {
        self.tree = Some(tree);
        self
    }

    /// The same context, judging a project without these root-relative files, though they are
    /// on disk (`check --staged`: untracked files; the state before a change: the files it
    /// added): module resolution does not count them.
    pub fn with_absent(mut self, absent: &'a rustc_hash::FxHashSet<String>) -> Self {
        self.absent = Some(absent);
        self
    }

    /// The same context with the project's SSOT import registry.
    pub fn with_registry(mut self, registry: Option<&'a crate::registry::Registry>) -> Self {
        self.registry = registry;
        self
    }

    /// Module resolution over the scanned files (`crate::resolve`), built once per scan the
    /// first time a rule asks for it.
    pub fn modules(&self) -> &ModuleIndex<'a> {
        self.modules.get_or_init(|| {
            let mut index = ModuleIndex::build(self.root, self.config, self.files);
            if let Some(absent) = self.absent.filter(|a| !a.is_empty()) {
                index = index.with_absent(absent.clone());
            }
            if let Some(tree) = &self.tree {
                index = index.with_tree(tree.clone());
            }
            index
        })
    }
}

pub trait Rule: Send + Sync {
    /// Called once per file that parsed, in parallel across files. A file-local rule's check
    /// is [`Rule::check_file_local`].
    fn check_file(&self, ctx: &Context, file: usize, facts: &FileFacts, out: &mut Vec<Finding>) {
        if self.is_file_local() {
            self.check_file_local(&ctx.files[file].file, file, facts, out);
        }
    }
    /// Whether the per-file check needs nothing but the file itself: its [`DiscoveredFile`], its
    /// facts and the rule's own options (no context, no other file). `check` then runs it in
    /// the scan's workers, right after each file's facts are extracted (`scan::parse_files`).
    fn is_file_local(&self) -> bool {
        false
    }
    /// The per-file check of a file-local rule; `index` is the file's position in the sorted
    /// scanned files (what `Finding::file` holds).
    fn check_file_local(
        &self,
        _file: &DiscoveredFile,
        _index: usize,
        _facts: &FileFacts,
        _out: &mut Vec<Finding>,
    ) {
    }
    /// Whether the rule reads the project's SSOT import registry (`Context::registry`): the
    /// registry is loaded (and a malformed one is an error) only when an active rule does.
    fn needs_registry(&self) -> bool {
        false
    }
    /// Called once per scan, after every file's facts exist.
    fn check_project(&self, _ctx: &Context, _out: &mut Vec<Finding>) {}
    /// Called once per scan after every other check, when the inline suppressions have been
    /// matched against the violations (`crate::suppress`): for a rule that judges the
    /// suppressions themselves (`unused-suppression`).
    fn check_suppressions(
        &self,
        _ctx: &Context,
        _outcome: &SuppressionOutcome,
        _out: &mut Vec<Finding>,
    ) {
    }
    /// The optional facts this rule reads; the scan extracts them only when a rule wants them.
    fn extract_options(&self) -> crate::parse::ExtractOptions {
        crate::parse::ExtractOptions::default()
    }
}

/// What matching the inline suppressions (`FileFacts::suppressions`) against a scan's violations
/// found: what [`Rule::check_suppressions`] reads.
pub struct SuppressionOutcome<'a> {
    /// Every registered rule (`rules::ALL_RULES`): an id that is none of them is unknown.
    pub known: &'a [RuleSpec],
    /// The ids of the rules that ran: a suppression of another rule is not judged.
    pub ran: &'a [&'static str],
    /// The rule ids that matched at least one violation: (file index into `Context::files`,
    /// suppression index into its `FileFacts::suppressions`, rule index into its `rules`).
    pub used: &'a rustc_hash::FxHashSet<(usize, usize, usize)>,
}

/// A rule's registration: its metadata and how to build it from its `[rules.<id>]` table.
pub struct RuleSpec {
    pub meta: &'static RuleMeta,
    pub build: fn(&RuleOptions) -> Result<Box<dyn Rule>, String>,
}

/// A rule's `[rules.<id>]` table, without the `severity` key the framework handles.
#[derive(Debug, Default, Clone)]
pub struct RuleOptions {
    pub table: toml::Table,
}

impl RuleOptions {
    /// Deserializes the table into the rule's options struct (which should deny unknown keys).
    pub fn parse<T: serde::de::DeserializeOwned>(&self) -> Result<T, String> {
        toml::Value::Table(self.table.clone())
            .try_into()
            .map_err(|e: toml::de::Error| e.message().to_string())
    }
}
