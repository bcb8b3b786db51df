use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    ssotscan::cli::run(ssotscan::cli::Cli::parse())
}
