//! Output formats shared by every command.

use std::io::IsTerminal;

use clap::ValueEnum;
use radiculo_consult::render::{Document, Style, render, render_json};
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

/// Pretty JSON with a final newline; empty if the value cannot be serialized (which `main`
/// reports as an internal error rather than printing nothing with success).
pub fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).map(|out| out + "\n").unwrap_or_default()
}

/// Colour only on a terminal, and never when NO_COLOR is set.
fn color() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// A document in the chosen format; JSON carries `result` as well.
pub fn document<T: Serialize>(doc: &Document, result: &T, format: Format) -> String {
    let kb = radiculo_knowledge::baked();
    match format {
        Format::Text => render(kb, doc, Style::Text { color: color() }),
        Format::Markdown => render(kb, doc, Style::Markdown),
        Format::Json => render_json(kb, doc, result),
    }
}
