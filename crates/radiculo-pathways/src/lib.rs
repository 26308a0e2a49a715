//! Red-flag triage, staged conservative care, drugs and what to avoid, imaging timing,
//! injections, referral timing, and steroid and IVIG regimens with weight-based doses.
//!
//! Steps, regimens and their conditions are knowledge (`knowledge/pathways/`); this crate
//! turns a patient state into condition terms and selects what applies.

pub mod plan;
pub mod state;

pub use plan::{DoseLine, Plan, Stage, dose_line, plan};
pub use state::{PatientState, StateError};
