//! Imaging findings to a ranked differential of causes, next diagnostic steps, postoperative
//! reading, impingement interpretation and imaging appropriateness.
//!
//! Causes, their priors and the weight of each finding are knowledge (`knowledge/imaging/`);
//! this crate turns findings into vocabulary terms and ranks the causes. With the default
//! `baked` feature, [`baked`] gives the knowledge base compiled into the crate.

pub mod appropriateness;
pub mod differential;
pub mod findings;

pub use appropriateness::{Appropriateness, ImagingQuestion, Uncovered, appropriateness, impingement_notes};
pub use differential::{Differential, RankedCause, differential};
pub use findings::{Herniation, ImagingError, ImagingFindings, Terms};
pub use radiculo_anatomy::{Disc, Level, Root, Side};
pub use radiculo_kb as kb;
pub use radiculo_kb::KnowledgeBase;
/// The knowledge base compiled into the crate (the `baked` feature, on by default).
#[cfg(feature = "baked")]
pub use radiculo_knowledge::baked;
