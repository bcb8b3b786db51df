//! `ssotscan registry import-markdown | verify | generate`: the SSOT import registry.

use std::fmt::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};

use super::global::{self, GlobalArgs};
use crate::error::{Error, Located};
use crate::model::ScannedFile;
use crate::project::Project;
use crate::registry::{generate, markdown, toml_out, verify, Registry};
use crate::resolve::ModuleIndex;
use crate::scan;

#[derive(Debug, Args)]
pub struct RegistryArgs {
    #[command(subcommand)]
    pub command: RegistryCommand,
}

#[derive(Debug, Subcommand)]
pub enum RegistryCommand {
    /// Convert a hand-written markdown registry (SSOT_IMPORT_REGISTRY.md) into ssot-registry.toml.
    ImportMarkdown(ImportArgs),
    /// Check every claim of the registry against the code (exit 1 if any is false).
    Verify(VerifyArgs),
    /// Regenerate the registry document (markdown or TOML) from the registry and the code.
    Generate(GenerateArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The markdown file.
    pub file: PathBuf,
    /// Where to write the registry.
    #[arg(long, short = 'o', value_name = "FILE", default_value = crate::registry::DEFAULT_FILE)]
    pub output: PathBuf,
    /// Replace the output file if it exists (a registry may hold hand-made edits).
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum VerifyFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = VerifyFormat::Text)]
    pub format: VerifyFormat,
    /// Write the report to FILE (atomically) instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GenerateFormat {
    Markdown,
    Toml,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = GenerateFormat::Markdown)]
    pub format: GenerateFormat,
    /// Write to FILE (atomically) instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also propose entries for classes and functions imported through more than one path.
    #[arg(long)]
    pub discover: bool,
}

pub fn run(global: &GlobalArgs, args: &RegistryArgs) -> Result<ExitCode, Error> {
    match &args.command {
        RegistryCommand::ImportMarkdown(a) => import_markdown(a),
        RegistryCommand::Verify(a) => verify(global, a),
        RegistryCommand::Generate(a) => generate(global, a),
    }
}

/// A markdown registry that is not UTF-8: the error at its first invalid byte (shown as `�`).
fn not_utf8(shown: &str, e: std::string::FromUtf8Error) -> Error {
    let at = e.utf8_error().valid_up_to();
    let byte = e.as_bytes()[at];
    let text = String::from_utf8_lossy(e.as_bytes());
    Located::new(
        "registry",
        shown,
        &text,
        at..at + '\u{fffd}'.len_utf8(),
        format!("not UTF-8 text: the byte 0x{byte:02x} starts no UTF-8 character"),
    )
    .with_label("not UTF-8")
    .with_help(
        "save the file as UTF-8 (from Latin-1: `iconv -f LATIN1 -t UTF-8 FILE`); \
         the importer reads UTF-8 only",
    )
    .into()
}

/// The header line of every registry file ssotscan writes.
const FORMAT_LINE: &str = "Format: registry/FORMAT.md. Prove it with `ssotscan registry verify`.";

fn import_markdown(args: &ImportArgs) -> Result<ExitCode, Error> {
    // Checked before any work. `-` and devices (`/dev/stdout`, a FIFO) are streams, not files
    // that hold a registry: they are written without asking.
    let replaces_a_file = args.output.as_os_str() != "-"
        && std::fs::metadata(&args.output).is_ok_and(|m| m.is_file());
    if replaces_a_file && !args.force {
        return Err(Error::Usage(format!(
            "{} exists; pass --force to replace it (its hand-made edits would be lost)",
            args.output.display()
        )));
    }
    let text = std::fs::read(&args.file)
        .map_err(|e| Error::Usage(format!("cannot read {}: {e}", args.file.display())))?;
    let shown = args.file.display().to_string().replace('\\', "/");
    let text = String::from_utf8(text).map_err(|e| not_utf8(&shown, e))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let imported = markdown::import(text, &shown);
    let file_name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| shown.clone());
    let header = vec![
        format!("Imported from {file_name} by `ssotscan registry import-markdown`."),
        FORMAT_LINE.to_string(),
    ];
    let rendered = toml_out::render(&imported.registry, &header);
    crate::fs_util::write_output(&args.output, rendered.as_bytes())?;
    let mut report = String::new();
    for w in &imported.warnings {
        let _ = writeln!(report, "warning: {shown}:{}: {}", w.line, w.message);
    }
    let counts = imported.counts();
    let by_status: Vec<String> = counts
        .iter()
        .map(|(status, n)| format!("{n} {}", status.as_str()))
        .collect();
    let _ = writeln!(
        report,
        "Imported {} entries into {} symbols and {} modules ({} placeholders kept as unverifiable): {}.",
        imported.entries,
        imported.registry.symbols.len(),
        imported.registry.modules.len(),
        imported.placeholders(),
        if by_status.is_empty() {
            "no paths".to_string()
        } else {
            by_status.join(", ")
        }
    );
    let _ = writeln!(
        report,
        "{} warnings. Wrote {}.",
        imported.warnings.len(),
        args.output.display()
    );
    // `note` ends the line itself and never panics on a closed stderr.
    global::note(report.strip_suffix('\n').unwrap_or(&report));
    Ok(ExitCode::SUCCESS)
}

/// The project, its registry and its scanned files. Without a registry: an empty one when
/// `allow_empty` (`generate --discover` bootstraps one), else an error.
fn scan_project(
    global: &GlobalArgs,
    allow_empty: bool,
) -> Result<(Project, Registry, Vec<ScannedFile>), Error> {
    let project = global.project()?;
    let loaded = crate::registry::load_for_project(&project.root, &project.config)
        .map_err(|e| crate::config::locate(e, project.config_file.as_deref()))?;
    let registry = match loaded {
        Some(r) => r,
        None if allow_empty => Registry::new(Vec::new(), Vec::new(), "(no registry)".into()),
        None => {
            return Err(Error::Usage(format!(
                "no registry: create {} (e.g. `ssotscan registry import-markdown \
                 SSOT_IMPORT_REGISTRY.md`, or `ssotscan registry generate --discover --format \
                 toml -o {0}`) or set `registry = \"path\"` in the configuration",
                crate::registry::DEFAULT_FILE
            )))
        }
    };
    let parsed = scan::parse_project(&project, global.threads)?;
    global::warn_all(&parsed.warnings);
    global::warn_cache(parsed.cache_problem.as_deref());
    Ok((project, registry, parsed.files))
}

fn verify(global: &GlobalArgs, args: &VerifyArgs) -> Result<ExitCode, Error> {
    let (project, registry, files) = scan_project(global, false)?;
    let index = ModuleIndex::build(&project.root, &project.config, &files);
    let counts = verify::ImportCounts::build(&index);
    let report = verify::verify(&registry, &index, &counts);
    let rendered = match args.format {
        VerifyFormat::Text => verify::render_text(&report),
        VerifyFormat::Json => verify::render_json(&report),
    };
    global::emit(args.output.as_ref(), &rendered)?;
    Ok(if report.has_false() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn generate(global: &GlobalArgs, args: &GenerateArgs) -> Result<ExitCode, Error> {
    let (project, mut registry, files) = scan_project(global, args.discover)?;
    let index = ModuleIndex::build(&project.root, &project.config, &files);
    if args.discover {
        let proposed = generate::discover(&registry, &index);
        global::note(&format!(
            "Proposed {} entries for names imported through more than one path.",
            proposed.len()
        ));
        // Only the entries matter here: `normalized` below builds the registry (and its
        // lookups) once from them.
        registry.symbols.extend(proposed);
    }
    let registry = registry.normalized();
    let text = match args.format {
        GenerateFormat::Markdown => {
            let counts = verify::ImportCounts::build(&index);
            generate::markdown(&registry, &index, &counts)
        }
        GenerateFormat::Toml => toml_out::render(
            &registry,
            &[
                format!(
                    "Generated from {} by `ssotscan registry generate`.",
                    registry.source
                ),
                FORMAT_LINE.into(),
            ],
        ),
    };
    global::emit(args.output.as_ref(), &text)?;
    Ok(ExitCode::SUCCESS)
}
