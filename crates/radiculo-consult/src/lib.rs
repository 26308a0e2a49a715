//! Composes anatomy, imaging and pathways into consultations, and renders every answer as
//! text, markdown or JSON with numbered references.

pub mod anatomy;
pub mod ask;
pub mod case;
pub mod checks;
pub mod consult;
pub mod imaging;
pub mod limits;
pub mod pathway;
pub mod render;
