//! Imaging findings to a ranked differential, next diagnostic steps, postoperative interpretation and imaging appropriateness.
//!
//! Not yet built: see issue 4.
