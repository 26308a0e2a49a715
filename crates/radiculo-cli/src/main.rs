//! `radiculo`: deterministic, offline, citation-grounded decision support for spinal
//! nerve-root disorders. Every sentence it prints comes from the knowledge base baked into
//! this binary, with numbered references.
//!
//! Exit codes: 0 success; 1 internal error; 2 bad input or usage (message on stderr, nothing
//! on stdout); 3 question out of scope.

mod anatomy;
mod ask;
mod consult;
mod format;
mod imaging;
mod pathway;
mod refs;

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
    Batch {
        /// The JSON Lines file.
        cases: String,
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
    let text = if path == "-" {
        std::io::read_to_string(std::io::stdin())
            .map_err(|e| Failure::Input(format!("cannot read standard input: {e}")))?
    } else {
        std::fs::read_to_string(path).map_err(|e| Failure::Input(format!("cannot read case file `{path}`: {e}")))?
    };
    radiculo_consult::case::Case::parse(path, &text).map_err(|e| Failure::Input(e.to_string()))
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

/// Runs `batch`: exit 0 when every line succeeded, 2 when any line failed.
fn run_batch(path: &str) -> ExitCode {
    let stdout = std::io::stdout().lock();
    let result = if path == "-" {
        consult::batch(std::io::stdin().lock(), stdout)
    } else {
        match std::fs::File::open(path) {
            Ok(file) => consult::batch(std::io::BufReader::new(file), stdout),
            Err(e) => {
                eprintln!("error: cannot read `{path}`: {e}");
                return ExitCode::from(2);
            }
        }
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => {
            eprintln!("error: some lines failed; see their `error` objects");
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Ask { question, explain, output } => ask::ask(&question, output, explain),
        Command::Consult { case: Some(case), explain, audience, output } => {
            read_case(Some(&case)).and_then(|c| consult::consult_command(c, output, explain, audience))
        }
        Command::Consult { case: None, explain, audience, output } => interactive(output, explain, audience),
        Command::Schema => Ok(consult::schema()),
        Command::Batch { cases } => return run_batch(&cases),
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
        Err(Failure::OutOfScope(message)) => {
            eprintln!("{message}");
            ExitCode::from(3)
        }
    }
}
