//! Spinal levels and roots, dermatomes, myotomes, reflexes, peripheral mimics, level notation
//! and localization from examination findings.
//!
//! Anatomical facts come from the knowledge base (root cards, mimics, signs, patterns); this
//! crate reads them into domain types and reasons over them. With the default `baked`
//! feature, [`baked`] gives the knowledge base compiled into the crate, so nothing else is
//! needed:
//!
//! ```
//! use radiculo_anatomy::{Disc, Level, Root};
//!
//! let Ok(Level::Disc(disc)) = "L4-5".parse::<Level>() else { panic!() };
//! assert_eq!(disc.traversing_root(), Root::L5);
//! assert_eq!(disc.exiting_root(), Root::L4);
//! assert_eq!("S1".parse::<Root>(), Ok(Root::S1));
//! ```

pub mod findings;
pub mod level;
pub mod localize;
pub mod vocab;

pub use findings::{Finding, FindingError, Findings, Mrc, MrcError, ReflexChange, Side, SideError, Status, Untested};
pub use level::{Disc, Level, NotationError, Region, Root, RootError, Vertebra};
pub use localize::{Candidate, CandidateKind, Confidence, Localization, localize};
pub use radiculo_kb as kb;
pub use radiculo_kb::KnowledgeBase;
/// The knowledge base compiled into the crate (the `baked` feature, on by default).
#[cfg(feature = "baked")]
pub use radiculo_knowledge::baked;
pub use vocab::{TermKind, UnknownTerm};
