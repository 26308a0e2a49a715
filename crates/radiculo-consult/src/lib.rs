//! Composes anatomy, imaging and pathways into consultations and answers, and renders them
//! as text, markdown or JSON with numbered references and the kind of evidence behind each
//! line.

pub mod anatomy;
pub mod ask;
pub mod case;
pub mod checks;
pub mod consult;
pub mod document;
pub mod extract;
pub mod handout;
pub mod imaging;
pub mod limits;
pub mod lines;
pub mod notation;
pub mod pathway;
pub mod render;
