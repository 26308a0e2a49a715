//! Examination findings: weakness with its MRC grade, tested-normal strength, reflex changes,
//! numbness, pain, signs; each on a side, each read from the forms the CLI and case files use
//! (`ankle dorsiflexion:left:3`, `achilles:absent:left`).

use core::fmt;
use core::str::FromStr;

use radiculo_kb::echo::echo;
use radiculo_kb::{KnowledgeBase, Term};
use serde::{Deserialize, Serialize};

use crate::vocab::{TermKind, UnknownTerm, resolve};

/// Which side a finding is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
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

    fn name(self) -> &'static str {
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

impl FromStr for Side {
    type Err = String;
    fn from_str(s: &str) -> Result<Side, String> {
        match s.trim().to_lowercase().as_str() {
            "left" | "l" => Ok(Side::Left),
            "right" | "r" => Ok(Side::Right),
            "bilateral" | "both" | "b" => Ok(Side::Bilateral),
            other => Err(format!("unknown side `{}`; use `left`, `right` or `bilateral`", echo(other))),
        }
    }
}

/// Muscle strength on the Medical Research Council scale, 0 (no contraction) to 5 (normal).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Mrc(u8);

impl Mrc {
    /// A grade, if it is 0-5.
    pub fn new(grade: u8) -> Option<Mrc> {
        (grade <= 5).then_some(Mrc(grade))
    }

    /// The grade.
    pub fn grade(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for Mrc {
    type Error = String;
    fn try_from(grade: u8) -> Result<Mrc, String> {
        Mrc::new(grade).ok_or_else(|| format!("MRC grade {grade} is outside 0-5"))
    }
}

impl From<Mrc> for u8 {
    fn from(m: Mrc) -> u8 {
        m.0
    }
}

/// A reflex as found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReflexChange {
    /// Not obtainable.
    Absent,
    /// Present but diminished.
    Reduced,
    /// Normal.
    Normal,
    /// Brisker than normal.
    Brisk,
}

impl ReflexChange {
    fn name(self) -> &'static str {
        match self {
            ReflexChange::Absent => "absent",
            ReflexChange::Reduced => "reduced",
            ReflexChange::Normal => "normal",
            ReflexChange::Brisk => "brisk",
        }
    }
}

/// Why a finding could not be graded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Untested {
    /// Could not be tested (e.g. a cast).
    NotTestable,
    /// Effort limited by pain (give-way weakness).
    PainLimited,
}

/// What was found for one term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "status")]
pub enum Status {
    /// Weak, with its grade.
    Weak {
        /// MRC grade 0-4.
        mrc: Mrc,
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

/// One finding: a vocabulary term, what was found, and where.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Finding {
    /// The term (action, reflex, area, sign or red flag).
    pub term: &'static Term,
    /// What was found.
    pub status: Status,
    /// Which side, when stated; a finding without one is never assigned a side by guess.
    pub side: Option<Side>,
}

impl Finding {
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

    /// Whether two findings about the same term and side cannot both be true.
    pub fn contradicts(&self, other: &Finding) -> bool {
        self.term.id == other.term.id
            && match (self.side, other.side) {
                (Some(a), Some(b)) => a.overlaps(b),
                _ => true,
            }
            && self.status != other.status
            && (self.is_normal() != other.is_normal() || self.status_kind() == other.status_kind())
            && !matches!((self.status, other.status), (Status::Numb, Status::Pain) | (Status::Pain, Status::Numb))
    }

    fn status_kind(&self) -> u8 {
        match self.status {
            Status::Weak { .. } | Status::Strong => 0,
            Status::Reflex { .. } => 1,
            Status::Numb => 2,
            Status::Pain => 3,
            Status::Present => 4,
            Status::Untested { .. } => 5,
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = self.term.label;
        let side = self.side.map(|s| format!(":{s}")).unwrap_or_default();
        match self.status {
            Status::Weak { mrc } => write!(f, "weak {label}{side} (MRC {})", mrc.grade()),
            Status::Strong => write!(f, "normal {label}{side}"),
            Status::Reflex { change } => write!(f, "{label} {}{side}", change.name()),
            Status::Numb => write!(f, "numb {label}{side}"),
            Status::Pain => write!(f, "pain {label}{side}"),
            Status::Present => write!(f, "{label}{side}"),
            Status::Untested { reason: Untested::NotTestable } => write!(f, "{label}{side} not testable"),
            Status::Untested { reason: Untested::PainLimited } => write!(f, "{label}{side} limited by pain"),
        }
    }
}

/// Why a finding could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FindingError {
    /// The term is not in the vocabulary.
    Term(UnknownTerm),
    /// A value is malformed or out of range.
    Value(String),
    /// Two findings cannot both be true.
    Contradiction(String, String),
}

impl fmt::Display for FindingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FindingError::Term(e) => e.fmt(f),
            FindingError::Value(message) => f.write_str(message),
            FindingError::Contradiction(a, b) => write!(f, "contradictory findings: `{a}` and `{b}`"),
        }
    }
}

impl std::error::Error for FindingError {}

impl From<UnknownTerm> for FindingError {
    fn from(e: UnknownTerm) -> FindingError {
        FindingError::Term(e)
    }
}

/// The kind of finding a CLI flag records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    /// `--weak ACTION[:SIDE[:MRC]]`; MRC may also be `give-way` or `not-testable`.
    Weak,
    /// `--strong ACTION[:SIDE]`: tested and normal.
    Strong,
    /// `--reflex NAME:CHANGE[:SIDE]`; CHANGE may also be `not-testable`.
    Reflex,
    /// `--numb AREA[:SIDE]`.
    Numb,
    /// `--pain AREA[:SIDE]`.
    Pain,
    /// `--sign NAME[:SIDE]`: an examination sign or a red flag.
    Sign,
}

fn side(field: Option<&str>) -> Result<Option<Side>, FindingError> {
    field
        .map(|s| {
            s.parse().map_err(|e| match s.trim().parse::<u8>() {
                // `foot drop:3` meant MRC 3: say where a grade goes.
                Ok(grade) => FindingError::Value(format!(
                    "`{grade}` is not a side; a weakness grade comes after the side, as in `ACTION:left:{grade}`"
                )),
                Err(_) => FindingError::Value(e),
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

/// Reads one finding as written after a flag, e.g. `ankle dorsiflexion:left:3`.
pub fn parse(kb: &KnowledgeBase, flag: Flag, text: &str) -> Result<Finding, FindingError> {
    let fields: Vec<&str> = text.split(':').map(str::trim).collect();
    let shown = echo(text);
    let (name, rest) = fields.split_first().map(|(n, r)| (*n, r)).unwrap_or(("", &[]));
    let too_many =
        |max: usize| (rest.len() > max).then(|| FindingError::Value(format!("`{shown}` has too many `:` fields")));
    match flag {
        Flag::Weak => {
            if let Some(e) = too_many(2) {
                return Err(e);
            }
            let term = resolve(kb, &[TermKind::Action], name)?;
            let side = side(rest.first().copied())?;
            let status = match rest.get(1) {
                None => Status::Weak { mrc: Mrc(4) },
                Some(field) => match untested(field) {
                    Some(reason) => Status::Untested { reason },
                    None => {
                        let grade: u8 = field.parse().map_err(|_| {
                            FindingError::Value(format!(
                                "MRC grade `{}` in `{shown}` is not a number 0-4, `give-way` or `not-testable`",
                                echo(field)
                            ))
                        })?;
                        match grade {
                            0..=4 => Status::Weak { mrc: Mrc(grade) },
                            5 => {
                                return Err(FindingError::Value(format!(
                                    "MRC 5 in `{shown}` is normal strength; record it with --strong"
                                )));
                            }
                            _ => {
                                return Err(FindingError::Value(format!(
                                    "MRC grade {grade} in `{shown}` is outside 0-4"
                                )));
                            }
                        }
                    }
                },
            };
            Ok(Finding { term, status, side })
        }
        Flag::Strong => {
            if let Some(e) = too_many(1) {
                return Err(e);
            }
            let term = resolve(kb, &[TermKind::Action], name)?;
            Ok(Finding { term, status: Status::Strong, side: side(rest.first().copied())? })
        }
        Flag::Reflex => {
            if let Some(e) = too_many(2) {
                return Err(e);
            }
            let term = resolve(kb, &[TermKind::Reflex], name)?;
            let change = rest.first().ok_or_else(|| {
                FindingError::Value(format!(
                    "`{shown}` needs a change: `{}:absent`, `reduced`, `normal` or `brisk`",
                    echo(name)
                ))
            })?;
            let status = match change.to_lowercase().as_str() {
                "absent" | "0" => Status::Reflex { change: ReflexChange::Absent },
                "reduced" | "diminished" | "decreased" | "1" => Status::Reflex { change: ReflexChange::Reduced },
                "normal" | "2" => Status::Reflex { change: ReflexChange::Normal },
                "brisk" | "increased" | "3" | "4" => Status::Reflex { change: ReflexChange::Brisk },
                other => match untested(other) {
                    Some(reason) => Status::Untested { reason },
                    None => {
                        return Err(FindingError::Value(format!(
                            "unknown reflex change `{}`; use `absent`, `reduced`, `normal`, `brisk` or `not-testable`",
                            echo(other)
                        )));
                    }
                },
            };
            Ok(Finding { term, status, side: side(rest.get(1).copied())? })
        }
        Flag::Numb | Flag::Pain => {
            if let Some(e) = too_many(1) {
                return Err(e);
            }
            let term = resolve(kb, &[TermKind::Area], name)?;
            let status = if flag == Flag::Numb { Status::Numb } else { Status::Pain };
            Ok(Finding { term, status, side: side(rest.first().copied())? })
        }
        Flag::Sign => {
            if let Some(e) = too_many(1) {
                return Err(e);
            }
            let term = resolve(kb, &[TermKind::Sign, TermKind::RedFlag], name)?;
            Ok(Finding { term, status: Status::Present, side: side(rest.first().copied())? })
        }
    }
}

/// Refuses a set of findings where two cannot both be true, naming both.
///
/// Reports the same pair as comparing every finding with every later one (the first finding
/// that has a contradiction after it, and the first such), but in time linear in the number of
/// findings: two findings can contradict only when they name the same term, and then only by
/// their status and side, so each term's findings are grouped by distinct status and side
/// (a handful) and only the groups are compared.
pub fn check_consistent(findings: &[Finding]) -> Result<(), FindingError> {
    // Per term, each distinct (status, side) with the positions where it occurs, in order.
    let mut terms: std::collections::BTreeMap<&str, Vec<(Finding, Vec<usize>)>> = Default::default();
    for (i, f) in findings.iter().enumerate() {
        let distinct = terms.entry(f.term.id.0).or_default();
        match distinct.iter_mut().find(|(d, _)| d.status == f.status && d.side == f.side) {
            Some((_, at)) => at.push(i),
            None => distinct.push((*f, vec![i])),
        }
    }
    let mut first: Option<(usize, usize)> = None;
    for distinct in terms.values() {
        for (a, at_a) in distinct {
            for (b, at_b) in distinct {
                if !a.contradicts(b) {
                    continue;
                }
                // The earliest `a` with a `b` after it is the first `a`, if any `b` follows it.
                let Some(&i) = at_a.first() else { continue };
                let Some(&j) = at_b.get(at_b.partition_point(|&x| x <= i)) else { continue };
                if first.is_none_or(|pair| (i, j) < pair) {
                    first = Some((i, j));
                }
            }
        }
    }
    match first.and_then(|(i, j)| Some((findings.get(i)?, findings.get(j)?))) {
        Some((a, b)) => Err(FindingError::Contradiction(a.to_string(), b.to_string())),
        None => Ok(()),
    }
}
