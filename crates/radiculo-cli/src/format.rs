//! Output options shared by every command.

use std::io::IsTerminal;

use clap::{Args, ValueEnum};
use radiculo_consult::document::Document;
use radiculo_consult::render::{Level, Style, render, render_json};
use serde::Serialize;

/// How a result is written.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Plain text for the terminal.
    Text,
    /// Markdown, for notes and documents.
    Markdown,
    /// JSON with ids, for programs.
    Json,
}

/// Who an answer is for.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Audience {
    /// Clinicians: the consult.
    Clinician,
    /// The patient: a plain-language handout with the safety-net red flags and no doses.
    Patient,
}

/// `--format` and `--detail`.
#[derive(Args, Clone, Copy)]
pub struct Output {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Print the full evidence behind each line, not only the one-screen answer.
    #[arg(long)]
    pub detail: bool,
}

/// The knowledge-base stamp every JSON output carries.
#[derive(Serialize)]
pub struct Stamp {
    version: &'static str,
    content_hash: &'static str,
}

impl Stamp {
    /// The stamp of the baked knowledge base.
    pub fn baked() -> Stamp {
        let kb = radiculo_knowledge::baked();
        Stamp { version: kb.version.0, content_hash: kb.content_hash.0 }
    }
}

/// Pretty JSON with a final newline.
pub fn json<T: Serialize>(value: &T) -> String {
    // Empty if the value cannot be serialized, which `main` reports as an internal error
    // rather than printing nothing with success.
    serde_json::to_string_pretty(value).map(|out| out + "\n").unwrap_or_default()
}

/// Colour only on a terminal, and never when NO_COLOR is set.
fn color() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// A document in the chosen format and level; JSON carries `result` as well.
pub fn document<T: Serialize>(doc: &Document, result: &T, output: Output) -> String {
    let kb = radiculo_knowledge::baked();
    let level = if output.detail { Level::Detail } else { Level::Summary };
    match output.format {
        Format::Text => render(kb, doc, Style::Text { color: color() }, level),
        Format::Markdown => render(kb, doc, Style::Markdown, level),
        Format::Json => render_json(kb, doc, result),
    }
}
