//! Composes anatomy, imaging and pathways into a consultation; routes questions to topics; renders text, markdown and JSON.
//!
//! Not yet built: see issue 6.
