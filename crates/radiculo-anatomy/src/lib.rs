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
