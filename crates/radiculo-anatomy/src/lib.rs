//! Spinal levels and roots, dermatomes, myotomes, reflexes, peripheral mimics, level notation
//! and root localization from examination findings.
//!
//! Anatomical facts come from the knowledge base (root cards, mimics, signs); this crate reads
//! them into domain types and reasons over them.

pub mod findings;
pub mod level;
pub mod localize;
pub mod vocab;

pub use level::{Disc, Level, NotationError, Region, Root, Vertebra};

pub use radiculo_kb as kb;
pub use radiculo_kb::KnowledgeBase;
/// The knowledge base compiled into the binary (the `baked` feature, on by default).
#[cfg(feature = "baked")]
pub use radiculo_knowledge::baked;
