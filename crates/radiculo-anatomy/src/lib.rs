//! Spinal levels and roots, dermatomes, myotomes, reflexes, peripheral mimics, level notation and root localization.
//!
//! Facts come from the knowledge base (knowledge/anatomy/); this crate reads them into domain types. Not yet built: see issue 3.
