//! Red-flag triage, staged conservative care, drugs, injections, referral timing and weight-based steroid and IVIG regimens.
//!
//! Not yet built: see issue 5.
