//! The `peyvand` command: parses the command line and runs the command it names (see
//! [`cli`]).

mod cli;

use clap::Parser;
use std::process::ExitCode;

#[rocket::main]
async fn main() -> ExitCode {
    cli::run(cli::Cli::parse()).await
}
