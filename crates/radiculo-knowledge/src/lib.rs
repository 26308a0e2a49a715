//! The radiculo knowledge base, baked into Rust statics.
//!
//! `cargo xtask codegen` writes `data.rs` from `knowledge/*.toml`; it is never edited by hand.
//! Keeping the data apart from the model (`radiculo-kb`), as ICU4X keeps its compiled data
//! apart from its types, means a knowledge edit rebuilds only this crate and the binary, and a
//! model change never needs a hand edit of generated code: xtask depends on the model only.
//!
//! ```
//! let kb = radiculo_knowledge::baked();
//! assert!(kb.reference("riew2000").is_some());
//! ```

#[rustfmt::skip]
mod data;

use radiculo_kb::KnowledgeBase;

/// The knowledge base compiled into this crate; ready without reading a file.
pub fn baked() -> &'static KnowledgeBase {
    &data::KNOWLEDGE_BASE
}
