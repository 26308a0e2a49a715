//! `radiculo`: deterministic, offline, citation-grounded decision support for spinal
//! nerve-root disorders. Every sentence it prints comes from the knowledge base baked into
//! this binary, with numbered references.
//!
//! Exit codes: 0 success; 1 internal error or output that could not be written; 2 bad input
//! or usage (message on stderr, nothing on stdout; `batch` still writes the lines that
//! succeeded and error objects for the others); 3 question out of scope.

#![warn(clippy::print_stderr)]

mod anatomy;
mod ask;
mod consult;
mod format;
mod imaging;
mod pathway;
mod patient;
mod refs;

use std::num::NonZeroUsize;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use radiculo_cli::batch::{self, Stop};
use radiculo_cli::input::{self, shown};
use radiculo_cli::output::{self, WriteFailure, report};

// A consultation allocates and frees many small objects; mimalloc does this faster than the
// system allocator (measured by `cargo xtask bench-batch`; see docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Clinical decision support for spinal nerve-root disorders, every sentence cited.
#[derive(Parser)]
#[command(name = "radiculo", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Answer a clinical question about spinal nerve roots, with numbered references.
    Ask {
        /// The question, e.g. "What are the causes of post-contrast enhancement of the L4 nerve roots?"
        question: String,
        /// Show how the question was read and why this answer was chosen.
        #[arg(long)]
        explain: bool,
        #[command(flatten)]
        output: format::Output,
    },
    /// A root card: dermatome, key sensory point, muscles, reflexes, pain, and the discs and
    /// zones that compress it.
    Root {
        /// The root, e.g. L5, C6, S1.
        root: String,
        #[command(flatten)]
        output: format::Output,
    },
    /// A whole consultation from a case file (TOML or JSON; `-` for standard input); with no
    /// case on a terminal, asks the questions that matter one at a time.
    Consult {
        /// The case file.
        case: Option<String>,
        /// Show, for each recommendation, the conditions that made it apply.
        #[arg(long)]
        explain: bool,
        /// Who the answer is for.
        #[arg(long, value_enum, default_value_t = format::Audience::Clinician)]
        audience: format::Audience,
        #[command(flatten)]
        output: format::Output,
    },
    /// Print the JSON Schema of the case format.
    Schema,
    /// Consult every case of a JSON Lines file (`-` for standard input), one JSON line each.
    ///
    /// Every input line gives exactly one output line, in input order, with its line number in
    /// `line`: the consultation, or `{"line": N, "error": "..."}` for a line that is blank, not
    /// UTF-8, longer than 1 MiB, not a valid case, or refused. Cases are consulted in parallel
    /// (one worker per core unless --jobs is given).
    ///
    /// Exit status: 0 when every line succeeded; 2 when some lines failed (the other results
    /// are still on standard output) or the input cannot be read; 1 when the results cannot be
    /// written.
    Batch {
        /// The JSON Lines file.
        cases: String,
        /// One small JSON object per case: triage, the top candidates and causes with their
        /// ranks, the doses computed and the ids of the statements printed.
        #[arg(long)]
        compact: bool,
        /// Worker threads; the default is one per core.
        #[arg(long, value_name = "N")]
        jobs: Option<NonZeroUsize>,
    },
    /// Rank the causes of nerve-root enhancement or impingement on MRI, with next steps.
    Differential(imaging::DifferentialArgs),
    /// Whether imaging is indicated now, and which study.
    Imaging(imaging::ImagingArgs),
    /// Triage, staged care, what to avoid, imaging, referral and weight-based doses.
    Pathway(pathway::PathwayArgs),
    /// Rank the roots, peripheral mimics and patterns that fit the examination findings.
    Localize(anatomy::LocalizeArgs),
    /// List the references, or show one in full with the figures recorded from it.
    Refs {
        /// A reference id, e.g. riew2000; without it, all references are listed.
        id: Option<String>,
        /// Coverage figures instead: identifiers, link quality, statements per reference.
        #[arg(long, conflicts_with = "id")]
        audit: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = format::Format::Text)]
        format: format::Format,
    },
}

/// Why a command failed, and so which exit code it ends with.
pub enum Failure {
    /// Bad input or usage: exit 2.
    Input(String),
    /// A question outside radiculo's scope: exit 3.
    OutOfScope(String),
}

impl Failure {
    /// Bad input, from any error that says what is wrong.
    pub fn input(e: impl std::fmt::Display) -> Failure {
        Failure::Input(e.to_string())
    }
}

/// Statements added to an error about a sixth lumbar vertebra: how common transitional
/// vertebrae are, and to count levels from the top.
pub const TRANSITIONAL: &[&str] = &["anatomy.lstv.prevalence", "anatomy.numbering.count-from-top"];

/// `; <statement> [reference ids]` for each statement, to end an error message with.
pub fn statements_suffix(kb: &radiculo_kb::KnowledgeBase, ids: &[&str]) -> String {
    ids.iter()
        .filter_map(|id| kb.statement(id))
        .map(|s| {
            let cites: Vec<&str> = s.cites.iter().map(|c| c.0).collect();
            format!("; {} [{}]", s.text.trim_end_matches('.'), cites.join(", "))
        })
        .collect()
}

/// Reads a case file (or standard input for `-`); no file is an empty case.
fn read_case(path: Option<&str>) -> Result<radiculo_consult::case::Case, Failure> {
    let Some(path) = path else { return Ok(Default::default()) };
    let text = input::read_case_text(path).map_err(Failure::Input)?;
    let name = if path == "-" { "standard input" } else { path };
    radiculo_consult::case::Case::parse(name, &text).map_err(|e| Failure::Input(e.to_string()))
}

/// `consult` with no case: an interview on a terminal, an error otherwise.
fn interactive(output: format::Output, explain: bool, audience: format::Audience) -> Result<String, Failure> {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() {
        return Err(Failure::Input("give a case file, or `-` to read one from standard input".into()));
    }
    let case = consult::interview(std::io::stdin().lock(), std::io::stderr())
        .map_err(|e| Failure::Input(format!("cannot read the answers: {e}")))?;
    consult::consult_command(case, output, explain, audience)
}

/// Runs `batch`: exit 0 when every line succeeded, 2 when any line failed or the input cannot
/// be read, 1 when the results cannot be written.
fn run_batch(path: &str, compact: bool, jobs: Option<NonZeroUsize>) -> ExitCode {
    use std::io::IsTerminal;
    if output::stdout_is_closed() {
        report(&format!("error: {}", WriteFailure::Closed.message().unwrap_or_default()));
        return ExitCode::FAILURE;
    }
    let options = batch::Options {
        jobs: jobs.map_or_else(batch::default_jobs, NonZeroUsize::get),
        compact,
        progress: std::io::stderr().is_terminal(),
    };
    let mut stdout = std::io::stdout().lock();
    let result = if path == "-" {
        batch::run(std::io::BufReader::with_capacity(1 << 16, std::io::stdin()), &mut stdout, options)
    } else {
        let file = match std::fs::File::open(path) {
            Ok(file) if file.metadata().is_ok_and(|m| m.is_dir()) => {
                report(&format!("error: {} is a directory, not a JSON Lines file", shown(path)));
                return ExitCode::from(2);
            }
            Ok(file) => file,
            Err(e) => {
                report(&format!("error: cannot read {}: {e}", shown(path)));
                return ExitCode::from(2);
            }
        };
        batch::run(std::io::BufReader::with_capacity(1 << 16, file), &mut stdout, options)
    };
    match result {
        Ok(summary) if summary.failed == 0 => ExitCode::SUCCESS,
        Ok(summary) => {
            report(&format!(
                "error: {} of {} lines failed; their results on standard output are error objects",
                summary.failed, summary.lines
            ));
            ExitCode::from(2)
        }
        Err(Stop::Input(message)) => {
            report(&format!("error: {}: {message}", shown(path)));
            ExitCode::from(2)
        }
        Err(Stop::Output(e)) => match WriteFailure::from_io(e).message() {
            // A reader that stopped early (`| head`) ends the run quietly.
            None => ExitCode::SUCCESS,
            Some(message) => {
                report(&format!("error: {message}"));
                ExitCode::FAILURE
            }
        },
    }
}

fn main() -> ExitCode {
    if let Err(message) = input::check_arguments(std::env::args_os()) {
        report(&format!("error: {message}"));
        return ExitCode::from(2);
    }
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Ask { question, explain, output } => ask::ask(&question, output, explain),
        Command::Consult { case: Some(case), explain, audience, output } => {
            read_case(Some(&case)).and_then(|c| consult::consult_command(c, output, explain, audience))
        }
        Command::Consult { case: None, explain, audience, output } => interactive(output, explain, audience),
        Command::Schema => Ok(consult::schema()),
        Command::Batch { cases, compact, jobs } => return run_batch(&cases, compact, jobs),
        Command::Refs { id, audit, format } => refs::run(id.as_deref(), audit, format),
        Command::Root { root, output } => anatomy::root(&root, output),
        Command::Differential(args) => {
            read_case(args.case.as_deref()).and_then(|case| imaging::differential_command(&args, case))
        }
        Command::Pathway(args) => {
            read_case(args.case.as_deref()).and_then(|case| pathway::pathway_command(&args, case))
        }
        Command::Imaging(args) => {
            read_case(args.case.as_deref()).and_then(|case| imaging::imaging_command(&args, case))
        }
        Command::Localize(args) => {
            read_case(args.case.as_deref()).and_then(|case| anatomy::localize_command(&args, case))
        }
    };
    match result {
        // Every command prints something on success; nothing means a result failed to
        // serialize, which must not pass for success.
        Ok(out) if out.is_empty() => {
            report("error: internal error: the command produced no output");
            ExitCode::FAILURE
        }
        Ok(out) => match output::write_stdout(out.as_bytes()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(failure) => match failure.message() {
                None => ExitCode::SUCCESS,
                Some(message) => {
                    report(&format!("error: {message}"));
                    ExitCode::FAILURE
                }
            },
        },
        Err(Failure::Input(message)) => {
            report(&format!("error: {message}"));
            ExitCode::from(2)
        }
        Err(Failure::OutOfScope(message)) => {
            report(&message);
            ExitCode::from(3)
        }
    }
}
