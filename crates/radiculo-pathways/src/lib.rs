//! Red-flag triage, staged conservative care, drugs and what to avoid, imaging timing,
//! injections, referral timing, and steroid and IVIG regimens with weight-based doses.
//!
//! Steps, regimens, their conditions and the populations they address are knowledge
//! (`knowledge/pathways/`); this crate turns a patient state into condition terms, selects
//! what applies and says what is not covered. With the default `baked` feature, [`baked`]
//! gives the knowledge base compiled into the crate.

pub mod plan;
mod rules;
pub mod state;

pub use plan::{Coverage, DoseLine, NotCovered, Plan, PlanStep, Referral, Stage, conditions, dose_line, plan};
pub use radiculo_kb as kb;
pub use radiculo_kb::KnowledgeBase;
/// The knowledge base compiled into the crate (the `baked` feature, on by default).
#[cfg(feature = "baked")]
pub use radiculo_knowledge::baked;
pub use state::{Candidacy, Deficit, Function, PatientState, StateError};
