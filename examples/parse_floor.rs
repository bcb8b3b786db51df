//! The parse floor of `ssotscan check`: the same discovery (same global options), then read and
//! parse every file once with the same parser in the same thread pool, keeping nothing.
//! `scripts/bench-e2e.sh` times `ssotscan check` against it on the same tree.
//!
//!     cargo run --release --example parse_floor -- [--threads N] [--no-ignore] [PATH ...]

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use ssotscan::cli::GlobalArgs;
use ssotscan::scan::parse_floor;

#[derive(Parser)]
#[command(about = "Read and parse every file `ssotscan check` would scan, once; print the time")]
struct Args {
    #[command(flatten)]
    global: GlobalArgs,
    /// Only count the files and their lines (untimed; for throughput figures).
    #[arg(long)]
    count_lines: bool,
    /// Files or directories (default: the current directory).
    paths: Vec<PathBuf>,
}

#[global_allocator]
static GLOBAL: ssotscan::alloc::Allocator = ssotscan::alloc::Allocator;

fn main() -> ExitCode {
    let args = Args::parse();
    if args.count_lines {
        return count_lines(&args);
    }
    let start = Instant::now();
    let result = args.global.project().and_then(|project| {
        let inputs = project.inputs(&args.paths)?;
        parse_floor(&project, &inputs, args.global.threads)
    });
    match result {
        Ok(stats) => {
            let ms = start.elapsed().as_millis();
            println!(
                "parse floor: {} files, {} bytes, {} did not parse, {ms} ms",
                stats.files, stats.bytes, stats.failed
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn count_lines(args: &Args) -> ExitCode {
    let result = args.global.project().and_then(|project| {
        let inputs = project.inputs(&args.paths)?;
        project.discovery.discover(&inputs)
    });
    match result {
        Ok(discovered) => {
            let mut lines = 0u64;
            for f in &discovered.files {
                if let Ok(text) = ssotscan::source::read_source(&f.abs) {
                    let index = ssotscan::source::LineIndex::new(&text);
                    lines += u64::from(index.line_count(&text));
                }
            }
            println!("{} files, {lines} lines", discovered.files.len());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
