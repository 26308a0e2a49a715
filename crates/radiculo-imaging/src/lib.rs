//! Imaging findings to a ranked differential of causes, next diagnostic steps, postoperative
//! reading, impingement interpretation and imaging appropriateness.
//!
//! Causes, their priors and the weight of each finding are knowledge (`knowledge/imaging/`);
//! this crate turns findings into vocabulary terms and ranks the causes.

pub mod appropriateness;
pub mod differential;
pub mod findings;

pub use appropriateness::{Appropriateness, Candidacy, ImagingQuestion, Study, appropriateness, impingement_notes};
pub use differential::{Differential, RankedCause, differential};
pub use findings::{ImagingError, ImagingFindings};
