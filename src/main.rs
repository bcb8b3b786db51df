use std::process::ExitCode;

use clap::Parser;

#[global_allocator]
static GLOBAL: ssotscan::alloc::Allocator = ssotscan::alloc::Allocator;

fn main() -> ExitCode {
    ssotscan::cli::run(ssotscan::cli::Cli::parse())
}
