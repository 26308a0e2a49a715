//! Output formats shared by every command.

use clap::ValueEnum;
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
        let kb = radiculo_kb::baked();
        Stamp { version: kb.version.0, content_hash: kb.content_hash.0 }
    }
}

/// Pretty JSON with a final newline.
pub fn json<T: Serialize>(value: &T) -> String {
    // Serializing these plain data types cannot fail.
    let mut out = serde_json::to_string_pretty(value).unwrap_or_default();
    out.push('\n');
    out
}
