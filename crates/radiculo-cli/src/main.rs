//! `radiculo`: deterministic, offline, citation-grounded decision support for spinal
//! nerve-root disorders. Every sentence it prints comes from the knowledge base baked into
//! this binary, with numbered references.
//!
//! Exit codes: 0 success; 1 internal error; 2 bad input or usage (message on stderr, nothing
//! on stdout); 3 question out of scope.

mod format;
mod refs;

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::format::Format;

/// Clinical decision support for spinal nerve-root disorders, every sentence cited.
#[derive(Parser)]
#[command(name = "radiculo", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List the references, or show one in full with the figures recorded from it.
    Refs {
        /// A reference id, e.g. riew2000; without it, all references are listed.
        id: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

/// Why a command failed, and so which exit code it ends with.
pub enum Failure {
    /// Bad input or usage: exit 2.
    Input(String),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Refs { id, format } => refs::run(id.as_deref(), format),
    };
    match result {
        Ok(output) => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (e.g. `| head`) is not an error worth reporting.
            let _ = stdout.write_all(output.as_bytes());
            ExitCode::SUCCESS
        }
        Err(Failure::Input(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}
