//! Project automation for radiculo, run as `cargo xtask <command>`.
//!
//! - `validate [--strict] [DIR]`: checks the knowledge base against its citations; every
//!   problem is printed with `file:line:column` and the exit code is 1 if there is any.
//!   `--strict` adds the identifier-coverage target.
//! - `audit`: how checkable the references are (identifiers, links, statements per
//!   reference), and how many references and statements wait in `research/pending/`.
//! - `codegen`: bakes `knowledge/` into `crates/radiculo-knowledge/src/data.rs`.
//! - `catalog`: writes `docs/knowledge.md`, a browsable listing of every statement.
//!
//! - `bench-batch [--lines N] [--no-build]`: times `radiculo batch` (full and `--compact`, one
//!   worker and every core) over a generated file of varied cases; prints cases/s, cases per
//!   CPU-second and peak RSS.
//! - `msrv`: checks that every crate inherits the workspace's `rust-version` and that no
//!   dependency in the lock file needs a newer compiler.
//! - `literals`: lists numeric literals in engine code that are not on the allow-list
//!   (clinical numbers belong in `knowledge/`).
//!
//! Tests in this crate fail when a generated file is stale or engine code holds a clinical
//! number.

mod bake;
mod bench_batch;
mod catalog;
mod codegen;
mod literals;
mod msrv;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use radiculo_kb::source::Source;
use radiculo_kb::validate::{Diagnostic, validate, validate_strict};

const USAGE: &str = "usage: cargo xtask <validate [--strict] [DIR] | audit | codegen | catalog | literals | msrv | bench-batch [--lines N] [--no-build]>";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["validate"] => run_validate(&knowledge_dir(), validate),
        ["validate", "--strict"] => run_validate(&knowledge_dir(), validate_strict),
        ["validate", "--strict", dir] => run_validate(Path::new(dir), validate_strict),
        ["validate", dir] => run_validate(Path::new(dir), validate),
        ["audit"] => audit(),
        ["codegen"] => write_generated(&codegen::path(), codegen::generate),
        ["catalog"] => write_generated(&catalog::path(), catalog::generate),
        ["bench-batch", rest @ ..] => bench_batch::run(rest),
        ["msrv"] => msrv::check().map(|ok| println!("{ok}")),
        ["literals"] => match literals::scan(&repo_root()).as_slice() {
            [] => Ok(()),
            found => Err(found.join("\n")),
        },
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// The repository root (xtask lives one level below it).
fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

fn knowledge_dir() -> PathBuf {
    repo_root().join("knowledge")
}

fn read(dir: &Path) -> Result<Source, String> {
    Source::read(dir).map_err(|e| e.to_string())
}

/// Reads and validates the knowledge base; `Err` lists every problem.
fn load_valid(dir: &Path) -> Result<Source, String> {
    load_checked(dir, validate)
}

fn load_checked(dir: &Path, rules: fn(&Source) -> Vec<Diagnostic>) -> Result<Source, String> {
    let source = read(dir)?;
    let problems = rules(&source);
    if problems.is_empty() {
        return Ok(source);
    }
    let files: std::collections::BTreeSet<&str> = problems.iter().map(|d| d.location.file.as_str()).collect();
    let mut report: Vec<String> = problems.iter().map(|d| format!("{d}\n")).collect();
    report.push(format!(
        "{} problem{} in {} file{} under {}",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" },
        files.len(),
        if files.len() == 1 { "" } else { "s" },
        dir.display()
    ));
    Err(report.join("\n"))
}

fn run_validate(dir: &Path, rules: fn(&Source) -> Vec<Diagnostic>) -> Result<(), String> {
    let started = Instant::now();
    let source = load_checked(dir, rules)?;
    let kb = source.knowledge_base();
    eprintln!(
        "knowledge base {} is valid: {} references, {} statements, {} terms, {} steps, {} doses, {} topics ({} ms)",
        kb.stamp(),
        kb.references.len(),
        kb.statements.len(),
        kb.terms.len(),
        kb.steps.len(),
        kb.doses.len(),
        kb.topics.len(),
        started.elapsed().as_millis()
    );
    Ok(())
}

/// `cargo xtask audit`: the reference audit of the knowledge base and of research/pending.
fn audit() -> Result<(), String> {
    let source = load_valid(&knowledge_dir())?;
    let kb = source.knowledge_base();
    let a = radiculo_kb::audit::audit(&kb);
    let pending = read(&repo_root().join("research/pending"))?;
    let (pending_refs, pending_statements) =
        pending.files.iter().fold((0, 0), |(r, s), f| (r + f.content.reference.len(), s + f.content.statement.len()));
    println!(
        "references: {} ({} with a PMID or DOI, {:.1}%; PMID {}, DOI {})",
        a.references,
        a.with_identifier,
        a.identifier_share * 100.0,
        a.with_pmid,
        a.with_doi
    );
    println!("target under --strict: {:.0}%", radiculo_kb::validate::IDENTIFIER_COVERAGE * 100.0);
    println!("statements: {}; citations per reference: {:.2}", a.statements, a.statements_per_reference);
    println!("on a deny-listed host: {}", a.denied.len());
    let pages: Vec<String> = a.page_only.iter().map(|(id, kind)| format!("{id} ({kind})")).collect();
    println!("reached by a page only ({}): {}", pages.len(), pages.join(", "));
    let sole: Vec<String> = a.sole_support.iter().map(|(id, n)| format!("{id} {n}")).collect();
    println!("sole support of the most statements: {}", sole.join(", "));
    println!("pending in research/pending/: {pending_refs} references, {pending_statements} statements");
    Ok(())
}

fn write_generated(path: &Path, generate: fn(&Source) -> Result<String, String>) -> Result<(), String> {
    let source = load_valid(&knowledge_dir())?;
    let text = generate(&source)?;
    if std::fs::read_to_string(path).ok().as_deref() == Some(text.as_str()) {
        eprintln!("{} is up to date", path.display());
        return Ok(());
    }
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    eprintln!("wrote {}", path.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_fresh(path: &Path, generate: fn(&Source) -> Result<String, String>, command: &str) {
        let source = load_valid(&knowledge_dir()).unwrap_or_else(|e| panic!("knowledge base is invalid:\n{e}"));
        let expected = generate(&source).unwrap_or_else(|e| panic!("{e}"));
        let actual = std::fs::read_to_string(path).unwrap_or_default();
        assert!(actual == expected, "{} is stale: run `cargo xtask {command}` and commit the result", path.display());
    }

    #[test]
    fn knowledge_base_is_valid() {
        if let Err(report) = load_valid(&knowledge_dir()) {
            panic!("{report}");
        }
    }

    #[test]
    fn baked_data_is_fresh() {
        assert_fresh(&codegen::path(), codegen::generate, "codegen");
    }

    #[test]
    fn catalog_is_fresh() {
        assert_fresh(&catalog::path(), catalog::generate, "catalog");
    }
}
