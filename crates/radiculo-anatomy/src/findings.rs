//! Examination findings: weakness with its MRC grade, tested-normal strength, reflex changes,
//! numbness, pain and signs, each on a side; and [`Findings`], a checked set of them (no two
//! contradict each other, and the same finding said twice, e.g. through two synonyms, counts
//! once).

use core::fmt;
use core::str::FromStr;
use std::collections::BTreeMap;

use radiculo_kb::{KnowledgeBase, Term};
use serde::{Deserialize, Serialize};

use crate::vocab::{TermKind, UnknownTerm, resolve};

/// Which side a finding is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Side {
    /// Left.
    Left,
    /// Right.
    Right,
    /// Both sides.
    Bilateral,
}

impl Side {
    /// Whether two sides overlap (bilateral overlaps both).
    pub fn overlaps(self, other: Side) -> bool {
        self == other || self == Side::Bilateral || other == Side::Bilateral
    }

    /// The side as written.
    pub fn name(self) -> &'static str {
        match self {
            Side::Left => "left",
            Side::Right => "right",
            Side::Bilateral => "bilateral",
        }
    }
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A word that names no side.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown side `{0}`; use `left`, `right` or `bilateral`")]
pub struct SideError(pub String);

impl FromStr for Side {
    type Err = SideError;
    fn from_str(s: &str) -> Result<Side, SideError> {
        match s.trim().to_lowercase().as_str() {
            "left" | "l" | "lt" => Ok(Side::Left),
            "right" | "r" | "rt" => Ok(Side::Right),
            "bilateral" | "both" | "b" | "bilat" => Ok(Side::Bilateral),
            _ => Err(SideError(radiculo_kb::shown(s.trim()))),
        }
    }
}

/// Muscle strength on the Medical Research Council scale, 0 (no contraction) to 5 (normal).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Mrc(u8);

/// A number that is not an MRC grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("MRC grade {0} is outside 0-5")]
pub struct MrcError(pub u8);

impl Mrc {
    /// A grade, if it is 0-5.
    ///
    /// # Errors
    /// [`MrcError`] for a grade above 5.
    pub fn new(grade: u8) -> Result<Mrc, MrcError> {
        if grade <= 5 { Ok(Mrc(grade)) } else { Err(MrcError(grade)) }
    }

    /// The grade.
    pub fn grade(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for Mrc {
    type Error = MrcError;
    fn try_from(grade: u8) -> Result<Mrc, MrcError> {
        Mrc::new(grade)
    }
}

impl From<Mrc> for u8 {
    fn from(m: Mrc) -> u8 {
        m.0
    }
}

/// A reflex as found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReflexChange {
    /// Not obtainable.
    Absent,
    /// Present but diminished.
    Reduced,
    /// Normal.
    Normal,
    /// Brisker than normal: an upper motor neuron sign.
    Brisk,
}

impl ReflexChange {
    /// The change as written.
    pub fn name(self) -> &'static str {
        match self {
            ReflexChange::Absent => "absent",
            ReflexChange::Reduced => "reduced",
            ReflexChange::Normal => "normal",
            ReflexChange::Brisk => "brisk",
        }
    }
}

/// Why a finding could not be graded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Untested {
    /// Could not be tested (e.g. a cast).
    NotTestable,
    /// Effort limited by pain (give-way weakness).
    PainLimited,
}

/// What was found for one term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case", tag = "status")]
pub enum Status {
    /// Weak, with its grade when one was given.
    Weak {
        /// MRC grade 0-4; `None` when weakness was recorded without a grade.
        mrc: Option<Mrc>,
    },
    /// Tested and normal strength.
    Strong,
    /// A reflex change.
    Reflex {
        /// How the reflex was.
        change: ReflexChange,
    },
    /// Numbness or altered sensation in an area.
    Numb,
    /// Pain in an area.
    Pain,
    /// A sign present.
    Present,
    /// Not gradable; counts neither for nor against any candidate.
    Untested {
        /// Why.
        reason: Untested,
    },
}

impl Status {
    /// Statuses about the same term that can be compared: strength, reflex, numbness, pain,
    /// sign, untested.
    fn family(self) -> u8 {
        match self {
            Status::Weak { .. } | Status::Strong => 0,
            Status::Reflex { .. } => 1,
            Status::Numb => 2,
            Status::Pain => 3,
            Status::Present => 4,
            Status::Untested { .. } => 5,
        }
    }
}

/// One finding: a vocabulary term, what was found, and where.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Finding {
    /// The term (action, reflex, area, sign or red flag).
    #[serde(serialize_with = "term_id")]
    pub term: &'static Term,
    /// What was found.
    pub status: Status,
    /// Which side, when stated; a finding without one is never assigned a side by guess.
    pub side: Option<Side>,
}

fn term_id<S: serde::Serializer>(term: &&'static Term, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(term.id.0)
}

impl PartialEq for Finding {
    fn eq(&self, other: &Finding) -> bool {
        self.term.id == other.term.id && self.status == other.status && self.side == other.side
    }
}

impl Finding {
    /// Weakness of the action `name` ("foot drop", "EHL", "hip abduction").
    ///
    /// # Errors
    /// [`UnknownTerm`] when `name` is no action of the vocabulary.
    pub fn weak(
        kb: &KnowledgeBase,
        name: &str,
        side: impl Into<Option<Side>>,
        mrc: impl Into<Option<Mrc>>,
    ) -> Result<Finding, UnknownTerm> {
        let term = resolve(kb, &[TermKind::Action], name)?;
        Ok(Finding { term, status: Status::Weak { mrc: mrc.into() }, side: side.into() })
    }

    /// Normal strength of the action `name`, tested.
    ///
    /// # Errors
    /// [`UnknownTerm`] when `name` is no action of the vocabulary.
    pub fn strong(kb: &KnowledgeBase, name: &str, side: impl Into<Option<Side>>) -> Result<Finding, UnknownTerm> {
        let term = resolve(kb, &[TermKind::Action], name)?;
        Ok(Finding { term, status: Status::Strong, side: side.into() })
    }

    /// The reflex `name` ("ankle jerk", "biceps") as found.
    ///
    /// # Errors
    /// [`UnknownTerm`] when `name` is no reflex of the vocabulary.
    pub fn reflex(
        kb: &KnowledgeBase,
        name: &str,
        change: ReflexChange,
        side: impl Into<Option<Side>>,
    ) -> Result<Finding, UnknownTerm> {
        let term = resolve(kb, &[TermKind::Reflex], name)?;
        Ok(Finding { term, status: Status::Reflex { change }, side: side.into() })
    }

    /// Numbness or altered sensation in the area `name` ("top of the foot").
    ///
    /// # Errors
    /// [`UnknownTerm`] when `name` is no body area of the vocabulary.
    pub fn numb(kb: &KnowledgeBase, name: &str, side: impl Into<Option<Side>>) -> Result<Finding, UnknownTerm> {
        let term = resolve(kb, &[TermKind::Area], name)?;
        Ok(Finding { term, status: Status::Numb, side: side.into() })
    }

    /// Pain in the area `name`.
    ///
    /// # Errors
    /// [`UnknownTerm`] when `name` is no body area of the vocabulary.
    pub fn pain(kb: &KnowledgeBase, name: &str, side: impl Into<Option<Side>>) -> Result<Finding, UnknownTerm> {
        let term = resolve(kb, &[TermKind::Area], name)?;
        Ok(Finding { term, status: Status::Pain, side: side.into() })
    }

    /// An examination sign or red flag present ("straight leg raise", "Hoffmann",
    /// "saddle anaesthesia").
    ///
    /// # Errors
    /// [`UnknownTerm`] when `name` is no sign or red flag of the vocabulary.
    pub fn sign(kb: &KnowledgeBase, name: &str, side: impl Into<Option<Side>>) -> Result<Finding, UnknownTerm> {
        let term = resolve(kb, &[TermKind::Sign, TermKind::RedFlag], name)?;
        Ok(Finding { term, status: Status::Present, side: side.into() })
    }

    /// The same finding, recorded as not gradable.
    pub fn untested(self, reason: Untested) -> Finding {
        Finding { status: Status::Untested { reason }, ..self }
    }

    /// Whether this finding is an abnormality (as opposed to tested normal or untested).
    pub fn is_abnormal(&self) -> bool {
        match self.status {
            Status::Weak { .. } | Status::Numb | Status::Pain | Status::Present => true,
            Status::Reflex { change } => change != ReflexChange::Normal,
            Status::Strong | Status::Untested { .. } => false,
        }
    }

    /// Whether this finding was tested and normal.
    pub fn is_normal(&self) -> bool {
        matches!(self.status, Status::Strong | Status::Reflex { change: ReflexChange::Normal })
    }

    /// Whether this finding is a brisk reflex, an upper motor neuron sign. (Signs such as
    /// Hoffmann's are vocabulary signs that the knowledge base relates to the upper motor
    /// neuron pattern.)
    pub fn is_upper_motor_neuron(&self) -> bool {
        matches!(self.status, Status::Reflex { change: ReflexChange::Brisk })
    }

    /// Whether two findings about the same term cannot both be true on overlapping sides.
    fn contradicts(&self, other: &Finding) -> bool {
        let sides_overlap = match (self.side, other.side) {
            (Some(a), Some(b)) => a.overlaps(b),
            _ => true,
        };
        let comparable = self.status.family() == other.status.family();
        let weak_both = matches!((self.status, other.status), (Status::Weak { .. }, Status::Weak { .. }));
        sides_overlap && comparable && !weak_both && self.status != other.status
    }
}

impl Finding {
    /// The finding as written ([`Display`](fmt::Display)), built in one allocation: findings are
    /// written for every case a batch consults.
    pub fn written(&self) -> String {
        use fmt::Write as _;
        let mut out = String::with_capacity(self.term.label.0.len() + WRITTEN_EXTRA);
        let _ = write!(out, "{self}");
        out
    }
}

/// Room for what a written finding adds to its term's label (status, side, grade).
const WRITTEN_EXTRA: usize = 40;

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Written piece by piece: findings are written for every case a batch consults.
        let (before, after) = match self.status {
            Status::Weak { .. } => ("weak ", ""),
            Status::Strong => ("normal ", ""),
            Status::Numb => ("numb ", ""),
            Status::Pain => ("pain ", ""),
            Status::Reflex { .. } | Status::Present => ("", ""),
            Status::Untested { reason: Untested::NotTestable } => ("", " not testable"),
            Status::Untested { reason: Untested::PainLimited } => ("", " limited by pain"),
        };
        f.write_str(before)?;
        f.write_str(self.term.label.0)?;
        if let Status::Reflex { change } = self.status {
            f.write_str(" ")?;
            f.write_str(change.name())?;
        }
        if let Some(side) = self.side {
            f.write_str(" (")?;
            f.write_str(side.name())?;
            f.write_str(")")?;
        }
        match self.status {
            Status::Weak { mrc: Some(mrc) } => write!(f, ", MRC {}", mrc.grade())?,
            Status::Weak { mrc: None } => f.write_str(", MRC not given")?,
            _ => {}
        }
        f.write_str(after)
    }
}

/// Why findings cannot be used together.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FindingError {
    /// Two findings cannot both be true.
    #[error("contradictory findings: `{first}` and `{second}`")]
    Contradiction {
        /// The first finding, as written.
        first: String,
        /// The second finding, as written.
        second: String,
    },
    /// A name that is not in the vocabulary.
    #[error(transparent)]
    Term(#[from] UnknownTerm),
}

/// A checked set of findings: no two contradict each other; a finding given twice (through a
/// synonym, say) is kept once, and two grades of weakness of one action on one side keep the
/// weaker, so one muscle group never counts twice.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Findings(Vec<Finding>);

impl Findings {
    /// Checks and deduplicates `findings`, keeping the order in which they were first given.
    ///
    /// # Errors
    /// [`FindingError::Contradiction`] naming the first two findings that cannot both be true.
    pub fn new(findings: Vec<Finding>) -> Result<Findings, FindingError> {
        // Grouped by term, so the check is linear in the findings of each term rather than
        // quadratic in all of them.
        let mut by_term: BTreeMap<&'static str, Vec<usize>> = BTreeMap::new();
        let mut kept: Vec<Option<Finding>> = Vec::with_capacity(findings.len());
        for finding in findings {
            let group = by_term.entry(finding.term.id.0).or_default();
            let mut merged = false;
            for &i in group.iter() {
                let Some(earlier) = kept[i].as_mut() else { continue };
                if earlier.contradicts(&finding) {
                    return Err(FindingError::Contradiction {
                        first: earlier.to_string(),
                        second: finding.to_string(),
                    });
                }
                if earlier.side == finding.side {
                    match (earlier.status, finding.status) {
                        (Status::Weak { mrc: a }, Status::Weak { mrc: b }) => {
                            earlier.status = Status::Weak { mrc: weaker(a, b) };
                            merged = true;
                        }
                        (a, b) if a == b => merged = true,
                        _ => {}
                    }
                }
            }
            if !merged {
                group.push(kept.len());
                kept.push(Some(finding));
            }
        }
        Ok(Findings(kept.into_iter().flatten().collect()))
    }

    /// The findings, in the order first given.
    pub fn as_slice(&self) -> &[Finding] {
        &self.0
    }
}

fn weaker(a: Option<Mrc>, b: Option<Mrc>) -> Option<Mrc> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

impl core::ops::Deref for Findings {
    type Target = [Finding];
    fn deref(&self) -> &[Finding] {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use radiculo_kb::{List, TermId, Text};

    fn term(id: &'static str) -> &'static Term {
        Box::leak(Box::new(Term { id: TermId(id), label: Text(id), synonyms: List(&[]), implies: List(&[]) }))
    }

    fn weak(t: &'static Term, side: Side, mrc: u8) -> Finding {
        Finding { term: t, status: Status::Weak { mrc: Mrc::new(mrc).ok() }, side: Some(side) }
    }

    #[test]
    fn the_same_finding_twice_counts_once() {
        let t = term("action.a");
        let findings = Findings::new(vec![weak(t, Side::Left, 3), weak(t, Side::Left, 3)]).expect("consistent");
        assert_eq!(findings.len(), 1);
    }

    #[test]
    fn two_grades_of_one_action_keep_the_weaker() {
        let t = term("action.a");
        let findings = Findings::new(vec![weak(t, Side::Left, 4), weak(t, Side::Left, 2)]).expect("consistent");
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].status, Status::Weak { mrc: Mrc::new(2).ok() });
    }

    #[test]
    fn weak_and_normal_on_one_side_contradict() {
        let t = term("action.a");
        let strong = Finding { term: t, status: Status::Strong, side: Some(Side::Left) };
        let error = Findings::new(vec![weak(t, Side::Left, 3), strong]).expect_err("contradiction");
        assert!(matches!(error, FindingError::Contradiction { .. }));
    }

    #[test]
    fn opposite_sides_never_contradict() {
        let t = term("action.a");
        let strong = Finding { term: t, status: Status::Strong, side: Some(Side::Right) };
        assert_eq!(Findings::new(vec![weak(t, Side::Left, 3), strong]).map(|f| f.len()), Ok(2));
    }

    #[test]
    fn numbness_and_pain_in_one_area_do_not_contradict() {
        let t = term("area.a");
        let numb = Finding { term: t, status: Status::Numb, side: Some(Side::Left) };
        let pain = Finding { term: t, status: Status::Pain, side: Some(Side::Left) };
        assert_eq!(Findings::new(vec![numb, pain]).map(|f| f.len()), Ok(2));
    }

    #[test]
    fn many_findings_are_checked_in_linear_time() {
        let t = term("action.a");
        let many: Vec<Finding> = (0..200_000).map(|_| weak(t, Side::Left, 3)).collect();
        assert_eq!(Findings::new(many).map(|f| f.len()), Ok(1));
    }
}
