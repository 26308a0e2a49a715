//! The short notation case files and command-line flags use for examination findings:
//! `ACTION[:SIDE[:MRC]]` for weakness, `NAME:CHANGE[:SIDE]` for reflexes, `AREA[:SIDE]` for
//! numbness and pain, `NAME[:SIDE]` for signs.

use radiculo_anatomy::findings::{Finding, Mrc, ReflexChange, Side, SideError, Status, Untested};
use radiculo_anatomy::vocab::UnknownTerm;
use radiculo_kb::{KnowledgeBase, shown};

/// Which kind of finding a piece of notation records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `ACTION[:SIDE[:MRC]]`; MRC may also be `give-way` or `not-testable`.
    Weak,
    /// `ACTION[:SIDE]`: tested and normal.
    Strong,
    /// `NAME:CHANGE[:SIDE]`; CHANGE may also be `not-testable`.
    Reflex,
    /// `AREA[:SIDE]`.
    Numb,
    /// `AREA[:SIDE]`.
    Pain,
    /// `NAME[:SIDE]`: an examination sign or a red flag.
    Sign,
}

impl Kind {
    /// The notation, for messages.
    pub fn form(self) -> &'static str {
        match self {
            Kind::Weak => "ACTION[:SIDE[:MRC]]",
            Kind::Strong => "ACTION[:SIDE]",
            Kind::Reflex => "NAME:CHANGE[:SIDE]",
            Kind::Numb | Kind::Pain => "AREA[:SIDE]",
            Kind::Sign => "NAME[:SIDE]",
        }
    }
}

/// Why notation could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NotationError {
    /// A name the vocabulary lacks.
    #[error(transparent)]
    Term(#[from] UnknownTerm),
    /// A side that is not left, right or bilateral.
    #[error("{source} in `{text}`")]
    Side {
        /// The notation as given.
        text: String,
        /// The side error.
        source: SideError,
    },
    /// A number where the side belongs (`foot drop:3` meant MRC 3).
    #[error("`{grade}` in `{text}` is not a side; a weakness grade comes after the side, as in `ACTION:left:{grade}`")]
    GradeForSide {
        /// The notation as given.
        text: String,
        /// The number given as a side.
        grade: u8,
    },
    /// More `:` fields than the notation has.
    #[error("`{text}` has too many `:` fields; write {form}")]
    Fields {
        /// The notation as given.
        text: String,
        /// The expected form.
        form: &'static str,
    },
    /// A grade that is not 0-4 (5 is normal strength).
    #[error("MRC grade `{grade}` in `{text}` is not 0-4, `give-way` or `not-testable`{hint}")]
    Grade {
        /// The notation as given.
        text: String,
        /// The grade as given.
        grade: String,
        /// A hint for MRC 5.
        hint: &'static str,
    },
    /// A reflex without a change, or an unknown change.
    #[error("`{text}`: write the reflex change as `absent`, `reduced`, `normal`, `brisk` or `not-testable`")]
    Change {
        /// The notation as given.
        text: String,
    },
}

fn side(text: &str, field: Option<&str>) -> Result<Option<Side>, NotationError> {
    field
        .map(|s| {
            s.parse::<Side>().map_err(|source| match s.trim().parse::<u8>() {
                Ok(grade) => NotationError::GradeForSide { text: shown(text), grade },
                Err(_) => NotationError::Side { text: shown(text), source },
            })
        })
        .transpose()
}

fn untested(field: &str) -> Option<Untested> {
    match field.trim().to_lowercase().replace(' ', "-").as_str() {
        "not-testable" | "untestable" | "nt" => Some(Untested::NotTestable),
        "give-way" | "pain-limited" | "limited-by-pain" => Some(Untested::PainLimited),
        _ => None,
    }
}

/// The reflex change a word names.
pub fn reflex_change(word: &str) -> Option<ReflexChange> {
    match word.trim().to_lowercase().as_str() {
        "absent" | "0" | "lost" | "areflexic" => Some(ReflexChange::Absent),
        "reduced" | "diminished" | "decreased" | "depressed" | "1" | "1+" => Some(ReflexChange::Reduced),
        "normal" | "2" | "2+" => Some(ReflexChange::Normal),
        "brisk" | "increased" | "exaggerated" | "3" | "3+" | "4" | "4+" => Some(ReflexChange::Brisk),
        _ => None,
    }
}

/// Reads one finding as written in `kind`'s notation, e.g. `ankle dorsiflexion:left:3`.
///
/// # Errors
/// [`NotationError`] naming the bad field and what would be valid.
pub fn parse(kb: &KnowledgeBase, kind: Kind, text: &str) -> Result<Finding, NotationError> {
    let fields: Vec<&str> = text.split(':').map(str::trim).collect();
    let (name, rest) = fields.split_first().map_or(("", &[][..]), |(n, r)| (*n, r));
    let max = match kind {
        Kind::Weak | Kind::Reflex => 2,
        Kind::Strong | Kind::Numb | Kind::Pain | Kind::Sign => 1,
    };
    if rest.len() > max {
        return Err(NotationError::Fields { text: shown(text), form: kind.form() });
    }
    let finding = match kind {
        Kind::Weak => {
            let finding = Finding::weak(kb, name, side(text, rest.first().copied())?, None)?;
            match rest.get(1) {
                None => finding,
                Some(field) => match untested(field) {
                    Some(reason) => finding.untested(reason),
                    None => {
                        let bad = |hint| NotationError::Grade { text: shown(text), grade: shown(field), hint };
                        let grade: u8 = field.parse().map_err(|_| bad(""))?;
                        match grade {
                            0..=4 => Finding { status: Status::Weak { mrc: Mrc::new(grade).ok() }, ..finding },
                            5 => return Err(bad("; MRC 5 is normal strength: record it as tested normal")),
                            _ => return Err(bad("")),
                        }
                    }
                },
            }
        }
        Kind::Strong => Finding::strong(kb, name, side(text, rest.first().copied())?)?,
        Kind::Reflex => {
            let change = rest.first().ok_or_else(|| NotationError::Change { text: shown(text) })?;
            let finding_side = side(text, rest.get(1).copied())?;
            match (reflex_change(change), untested(change)) {
                (Some(change), _) => Finding::reflex(kb, name, change, finding_side)?,
                (None, Some(reason)) => Finding::reflex(kb, name, ReflexChange::Normal, finding_side)?.untested(reason),
                (None, None) => return Err(NotationError::Change { text: shown(text) }),
            }
        }
        Kind::Numb => Finding::numb(kb, name, side(text, rest.first().copied())?)?,
        Kind::Pain => Finding::pain(kb, name, side(text, rest.first().copied())?)?,
        Kind::Sign => Finding::sign(kb, name, side(text, rest.first().copied())?)?,
    };
    Ok(finding)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_grade_where_the_side_belongs_says_where_the_grade_goes() {
        let kb = radiculo_knowledge::baked();
        let error = parse(kb, Kind::Weak, "foot drop:3").expect_err("3 is not a side").to_string();
        assert!(error.contains("`ACTION:left:3`"), "{error}");
        assert!(parse(kb, Kind::Weak, "quads:up").expect_err("up is not a side").to_string().contains("unknown side"));
    }
}
