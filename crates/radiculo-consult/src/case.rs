//! The case format read by `radiculo consult`, the decision commands' `--case` and `batch`:
//! TOML or JSON, in the same shape as the command-line flags. A case is read into the typed
//! inputs of the engines here, once: findings, imaging findings, the patient state and scope.

use radiculo_anatomy::findings::{Findings, Status};
use radiculo_anatomy::localize::Localization;
use radiculo_anatomy::vocab::{TermKind, UnknownTerm, resolve};
use radiculo_anatomy::{Level, NotationError as LevelError, Region};
use radiculo_imaging::{ImagingError, ImagingFindings};
use radiculo_kb::{KnowledgeBase, Scope, SpineRegion, Unknown, shown};
use radiculo_pathways::{Deficit, PatientState, StateError};
use serde::{Deserialize, Serialize};

use crate::notation::{self, NotationError};

/// A patient case.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// Who the patient is.
    #[serde(default)]
    pub patient: Patient,
    /// The story so far.
    #[serde(default)]
    pub history: History,
    /// Examination findings.
    #[serde(default)]
    pub exam: Exam,
    /// What the MRI showed, if there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imaging: Option<Imaging>,
}

/// The patient.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Patient {
    /// Age in years.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<u32>,
    /// Weight in kilograms, needed for weight-based doses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight_kg: Option<f64>,
    /// Whether the patient is pregnant.
    #[serde(default, skip_serializing_if = "is_false")]
    pub pregnant: bool,
    /// The spinal region of the problem, when no root, level or finding says it:
    /// `cervical`, `thoracic` or `lumbosacral`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// The history.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct History {
    /// Weeks since onset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weeks: Option<u32>,
    /// Red flags present, e.g. `saddle anaesthesia`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub red_flags: Vec<String>,
    /// Previous spinal surgery at the level in question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prior_surgery: Option<bool>,
    /// Months since that surgery.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub months_since_surgery: Option<u32>,
    /// Clinical context, e.g. `checkpoint-inhibitor`, `tick exposure`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub context: Vec<String>,
    /// `surgery` and/or `injection`, when the patient is a candidate.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub candidate: Vec<String>,
    /// MRI cannot be done.
    #[serde(default, skip_serializing_if = "is_false")]
    pub mri_contraindicated: bool,
    /// Pain 0-10.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pain: Option<u8>,
    /// `none`, `daily-activities` or `self-care`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function: Option<String>,
    /// Motor deficits: `ACTION:MRC[:progressing]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deficits: Vec<String>,
    /// Weeks of conservative care already given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conservative_weeks: Option<u32>,
    /// Psychosocial risk factors, e.g. `fear-avoidance`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub yellow_flags: Vec<String>,
    /// CTCAE grade of checkpoint-inhibitor neuropathy, 1-4.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<u8>,
    /// Contraindications and medicines that change the plan, e.g. `kidney-disease`,
    /// `apixaban`, `clopidogrel`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contraindications: Vec<String>,
}

/// MRI findings, written as on the command line.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Imaging {
    /// Root enhancement after contrast.
    #[serde(default, skip_serializing_if = "is_false")]
    pub enhancement: bool,
    /// Roots involved, e.g. `L4`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roots: Vec<String>,
    /// Disc levels involved, e.g. `L4-5`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<String>,
    /// `left`, `right` or `bilateral`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub side: Option<String>,
    /// `single-level`, `multi-level` or `diffuse`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distribution: Option<String>,
    /// `smooth`, `nodular` or `clumped`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub morphology: Option<String>,
    /// Root thickening.
    #[serde(default, skip_serializing_if = "is_false")]
    pub thickening: bool,
    /// Root displacement.
    #[serde(default, skip_serializing_if = "is_false")]
    pub displacement: bool,
    /// A mass or mass effect.
    #[serde(default, skip_serializing_if = "is_false")]
    pub mass: bool,
    /// `DISC:ZONE:TYPE`, e.g. `L4-5:foraminal:extrusion`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub herniations: Vec<String>,
    /// `mild`, `moderate` or `severe`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impingement: Option<String>,
    /// Leptomeningeal enhancement elsewhere.
    #[serde(default, skip_serializing_if = "is_false")]
    pub leptomeningeal_elsewhere: bool,
    /// Cord or pial involvement.
    #[serde(default, skip_serializing_if = "is_false")]
    pub cord_involvement: bool,
}

/// Examination findings, each written as on the command line (`ankle dorsiflexion:left:3`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Exam {
    /// `ACTION[:SIDE[:MRC]]`: weakness; MRC 0-4, `give-way` or `not-testable`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub weak: Vec<String>,
    /// `ACTION[:SIDE]`: tested and normal strength.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub strong: Vec<String>,
    /// `NAME:CHANGE[:SIDE]`: absent, reduced, normal, brisk or not-testable.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reflex: Vec<String>,
    /// `AREA[:SIDE]`: numbness or altered sensation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub numb: Vec<String>,
    /// `AREA[:SIDE]`: pain.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pain: Vec<String>,
    /// `NAME[:SIDE]`: a sign or red flag, e.g. `straight leg raise`, `Hoffmann`, `saddle anaesthesia`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sign: Vec<String>,
}

/// Why a case could not be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CaseError {
    /// The text is not a case: TOML or JSON that does not parse or fit the format.
    #[error("{name}: {place}{message}")]
    Parse {
        /// The file name.
        name: String,
        /// `line L, column C: ` when known.
        place: String,
        /// What is wrong.
        message: String,
    },
    /// A value beyond the size limits.
    #[error("{0}")]
    Limit(String),
    /// A number that cannot describe a living patient, or facts that contradict each other.
    #[error("{0}")]
    Implausible(String),
    /// Nothing to consult on.
    #[error("{0}: nothing to consult on; give at least one history, examination or imaging fact")]
    Empty(String),
    /// An examination finding.
    #[error(transparent)]
    Notation(#[from] NotationError),
    /// A root or level.
    #[error(transparent)]
    Level(#[from] LevelError),
    /// A level where a root is expected, or the reverse.
    #[error("`{given}` is a {is}; give {expected}")]
    LevelKind {
        /// The value as given.
        given: String,
        /// What it is.
        is: &'static str,
        /// What was expected.
        expected: &'static str,
    },
    /// Imaging findings.
    #[error(transparent)]
    Imaging(#[from] ImagingError),
    /// A herniation.
    #[error(transparent)]
    Herniation(#[from] radiculo_imaging::findings::HerniationError),
    /// The patient state.
    #[error(transparent)]
    State(#[from] StateError),
    /// A name the vocabulary lacks.
    #[error(transparent)]
    Term(#[from] UnknownTerm),
    /// A keyword that is not one of its values.
    #[error(transparent)]
    Keyword(#[from] Unknown),
    /// Findings that contradict each other.
    #[error(transparent)]
    Findings(#[from] radiculo_anatomy::FindingError),
    /// Examination and history that contradict each other.
    #[error(
        "the history gives a deficit of `{action}` (MRC {mrc}), but the examination records its strength as normal on both sides"
    )]
    DeficitVersusExam {
        /// The action.
        action: String,
        /// The grade in the history.
        mrc: u8,
    },
}

/// Line and column (both from 1, the column in characters) of byte `at` of `data`, which is
/// UTF-8 up to `at` (a case file, or the valid part of one that is not UTF-8 throughout).
pub fn position(data: &[u8], at: usize) -> (usize, usize) {
    let mut before = data.get(..at).unwrap_or(data);
    // An offset inside a character counts from that character's start.
    if let Some(lead) = before.iter().rposition(|b| (*b & 0xC0) != 0x80) {
        // A lead byte's leading ones give its character's width in bytes (none for ASCII).
        let width = (before[lead].leading_ones() as usize).max(1);
        if lead + width > before.len() {
            before = &before[..lead];
        }
    }
    let line_start = before.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    // A character begins at every byte that is not a UTF-8 continuation byte.
    let column = before.get(line_start..).unwrap_or_default().iter().filter(|b| (**b & 0xC0) != 0x80).count() + 1;
    (line, column)
}

/// The position of a JSON error (line and column from 1, the column in characters) and its
/// message without serde_json's own trailing position, quoted input cut short.
pub fn json_error_at(text: &str, e: &serde_json::Error) -> (Option<(usize, usize)>, String) {
    let message = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = radiculo_kb::echo::quoted(message.strip_suffix(&suffix).unwrap_or(&message));
    if e.line() == 0 {
        return (None, message);
    }
    // serde_json counts the column in bytes from 1; find that byte and count characters.
    let line_start: usize = text.split_inclusive('\n').take(e.line() - 1).map(str::len).sum();
    (Some(position(text.as_bytes(), line_start + e.column().saturating_sub(1))), message)
}

impl Case {
    /// Reads a case from TOML or JSON text; `name` is used in messages.
    ///
    /// # Errors
    /// [`CaseError::Parse`] with the line and column (in characters) of the problem.
    pub fn parse(name: &str, text: &str) -> Result<Case, CaseError> {
        let name = shown(name);
        if text.trim_start().starts_with('{') {
            serde_json::from_str(text).map_err(|e| {
                let (at, message) = json_error_at(text, &e);
                let place = at.map_or(String::new(), |(line, column)| format!("line {line}, column {column}: "));
                CaseError::Parse { name, place, message }
            })
        } else {
            toml::from_str(text).map_err(|e| {
                let place = e
                    .span()
                    .map(|s| position(text.as_bytes(), s.start))
                    .map_or(String::new(), |(line, column)| format!("line {line}, column {column}: "));
                let mut message = radiculo_kb::echo::quoted(e.message().trim()).replace('\n', " ");
                if message.starts_with("duplicate key")
                    && let Some(span) = e.span()
                {
                    let key: String =
                        text[span.start..].chars().take_while(|c| !matches!(c, '=' | ']' | '\n')).collect();
                    message = format!("duplicate key `{}`", shown(key.trim().trim_start_matches('[')));
                }
                CaseError::Parse { name, place, message }
            })
        }
    }

    /// Whether the case says nothing at all.
    pub fn is_empty(&self) -> bool {
        // A weight alone says nothing to consult on. Every field is named, so that a new one
        // is considered here; nothing is copied (every case of a batch is asked).
        let Case { patient: Patient { age, weight_kg: _, pregnant, region }, history, exam, imaging } = self;
        age.is_none()
            && !pregnant
            && region.is_none()
            && *history == History::default()
            && *exam == Exam::default()
            && imaging.is_none()
    }

    /// The case with `more` added: lists joined, flags set in either, values given in `more`
    /// replacing those of `self`. How command-line flags add to a case file.
    ///
    /// # Errors
    /// [`CaseError::Parse`] if the merged case no longer fits the format (it always does for
    /// two valid cases).
    pub fn merged(&self, more: &Case) -> Result<Case, CaseError> {
        let mut base = serde_json::to_value(self).unwrap_or_default();
        merge(&mut base, serde_json::to_value(more).unwrap_or_default());
        serde_json::from_value(base).map_err(|e| CaseError::Parse {
            name: "merged case".into(),
            place: String::new(),
            message: e.to_string(),
        })
    }

    /// The examination findings, checked and deduplicated.
    ///
    /// # Errors
    /// [`CaseError`] for unknown terms, bad notation or contradictions.
    pub fn findings(&self, kb: &KnowledgeBase) -> Result<Findings, CaseError> {
        use notation::Kind;
        let e = &self.exam;
        let mut out = Vec::new();
        for (kind, texts) in [
            (Kind::Weak, &e.weak),
            (Kind::Strong, &e.strong),
            (Kind::Reflex, &e.reflex),
            (Kind::Numb, &e.numb),
            (Kind::Pain, &e.pain),
            (Kind::Sign, &e.sign),
        ] {
            for text in texts {
                out.push(notation::parse(kb, kind, text)?);
            }
        }
        Ok(Findings::new(out)?)
    }

    /// The imaging findings, when the case has an `[imaging]` section.
    ///
    /// # Errors
    /// [`CaseError`] for bad roots, levels, keywords, herniations or contradictions.
    pub fn imaging(&self, kb: &KnowledgeBase) -> Result<Option<ImagingFindings>, CaseError> {
        let Some(imaging) = &self.imaging else { return Ok(None) };
        let roots = imaging
            .roots
            .iter()
            .map(|r| match r.parse::<Level>()? {
                Level::Segment(root) => Ok(root),
                Level::Disc(_) => {
                    Err(CaseError::LevelKind { given: shown(r), is: "disc", expected: "a root such as `L5`" })
                }
            })
            .collect::<Result<Vec<_>, CaseError>>()?;
        let levels = imaging
            .levels
            .iter()
            .map(|l| match l.parse::<Level>()? {
                Level::Disc(d) => Ok(d),
                Level::Segment(_) => {
                    Err(CaseError::LevelKind { given: shown(l), is: "root", expected: "a disc level such as `L4-5`" })
                }
            })
            .collect::<Result<Vec<_>, CaseError>>()?;
        let herniations = imaging.herniations.iter().map(|h| h.parse()).collect::<Result<Vec<_>, _>>()?;
        let red_flags = self.red_flag_terms(kb)?;
        let findings = ImagingFindings {
            enhancement: imaging.enhancement,
            roots,
            levels,
            side: imaging.side.as_deref().map(str::parse).transpose()?,
            distribution: imaging.distribution.as_deref().map(str::parse).transpose()?,
            morphology: imaging.morphology.as_deref().map(str::parse).transpose()?,
            thickening: imaging.thickening,
            displacement: imaging.displacement,
            mass: imaging.mass,
            herniations,
            impingement: imaging.impingement.as_deref().map(str::parse).transpose()?,
            leptomeningeal_elsewhere: imaging.leptomeningeal_elsewhere,
            cord_involvement: imaging.cord_involvement,
            months_since_surgery: self.history.months_since_surgery,
            prior_surgery: self.history.prior_surgery,
            weeks: self.history.weeks,
            age: self.patient.age,
            context: self.history.context.clone(),
            red_flags,
        };
        findings.terms(kb)?;
        Ok(Some(findings))
    }

    fn red_flag_terms(&self, kb: &KnowledgeBase) -> Result<Vec<&'static str>, CaseError> {
        self.history.red_flags.iter().map(|n| Ok(resolve(kb, &[TermKind::RedFlag], n)?.id.0)).collect()
    }

    /// Who the patient is, for the populations guidance addresses: the region from the case
    /// (`[patient] region`), else from the roots the examination points to and the imaging
    /// names.
    ///
    /// # Errors
    /// [`CaseError::Keyword`] for an unknown region.
    pub fn scope(
        &self,
        localization: Option<&Localization>,
        imaging: Option<&ImagingFindings>,
    ) -> Result<Scope, CaseError> {
        let mut regions: Vec<SpineRegion> = Vec::new();
        if let Some(region) = &self.patient.region {
            regions.push(region_named(region)?);
        } else {
            if let Some(loc) = localization {
                let region_of = |c: &radiculo_anatomy::localize::Candidate| -> Vec<SpineRegion> {
                    let ids = if c.roots.is_empty() { vec![c.id] } else { c.roots.clone() };
                    ids.iter()
                        .filter_map(|id| radiculo_anatomy::Root::from_id(id.0))
                        .map(|root| root.region().scope())
                        .collect()
                };
                let considered =
                    |c: &&radiculo_anatomy::localize::Candidate| c.rank.tier != radiculo_kb::ranking::Tier::LessLikely;
                regions.extend(loc.candidates.iter().filter(considered).flat_map(region_of));
                // When a pattern no root explains leads (a cord lesion), the roots the findings
                // point to still say which region's guidance applies.
                if regions.is_empty() {
                    regions.extend(loc.candidates.iter().flat_map(region_of));
                }
            }
            if let Some(i) = imaging {
                regions.extend(i.roots.iter().map(|r| r.region().scope()));
                regions.extend(i.levels.iter().map(|d| d.region().scope()));
                regions.extend(i.herniations.iter().map(|h| h.disc.region().scope()));
            }
        }
        regions.sort();
        regions.dedup();
        Ok(Scope { regions, age: self.patient.age, pregnant: self.patient.pregnant })
    }

    /// The checked patient state for the care pathway. Weakness on examination counts as a
    /// motor deficit (so a dense foot drop triages as one), and red flags raised by the
    /// examination are passed to the planner separately.
    ///
    /// # Errors
    /// [`CaseError`] for unknown names, bad values or combinations that cannot be true.
    pub fn state(&self, kb: &KnowledgeBase, scope: Scope, findings: &Findings) -> Result<PatientState, CaseError> {
        let h = &self.history;
        let names = |kinds: &[TermKind], list: &[String]| -> Result<Vec<&'static str>, CaseError> {
            list.iter().map(|n| Ok(resolve(kb, kinds, n)?.id.0)).collect()
        };
        let mut deficits: Vec<Deficit> =
            h.deficits.iter().map(|d| radiculo_pathways::state::deficit(kb, d)).collect::<Result<_, _>>()?;
        for d in &deficits {
            let normal_both = [radiculo_anatomy::Side::Left, radiculo_anatomy::Side::Right].iter().all(|side| {
                findings.iter().any(|f| {
                    f.term.id == d.action && f.status == Status::Strong && f.side.is_some_and(|s| s.overlaps(*side))
                })
            });
            if normal_both && d.mrc.is_some_and(|m| m.grade() < 5) {
                let action = kb.term(d.action.0).map_or(d.action.0, |t| t.label.0).to_string();
                return Err(CaseError::DeficitVersusExam { action, mrc: d.mrc.map_or(0, |m| m.grade()) });
            }
        }
        for f in findings.iter() {
            if let Status::Weak { mrc } = f.status {
                deficits.push(Deficit { action: f.term.id, mrc, progressing: false });
            }
        }
        let state = PatientState {
            scope,
            weeks: h.weeks,
            pain: h.pain,
            function: h.function.as_deref().map(str::parse).transpose()?,
            deficits,
            red_flags: self.red_flag_terms(kb)?,
            conservative_weeks: h.conservative_weeks,
            candidate: h.candidate.iter().map(|c| c.parse()).collect::<Result<_, _>>()?,
            yellow_flags: names(&[TermKind::YellowFlag], &h.yellow_flags)?,
            context: names(&[TermKind::Context], &h.context)?,
            grade: h.grade,
            weight_kg: self.patient.weight_kg,
            contraindications: names(&[TermKind::Contraindication, TermKind::Drug], &h.contraindications)?,
            prior_surgery: h.prior_surgery == Some(true),
            months_since_surgery: h.months_since_surgery,
            mri_contraindicated: h.mri_contraindicated,
            imaging_done: self.imaging.is_some(),
            imaging_discordant: false,
        };
        if let (Some(false), Some(months)) = (h.prior_surgery, h.months_since_surgery) {
            return Err(StateError::SurgeryDenied(months).into());
        }
        state.check(kb)?;
        Ok(state)
    }
}

/// The spinal region a word names.
///
/// # Errors
/// [`Unknown`] with the valid regions.
pub fn region_named(name: &str) -> Result<SpineRegion, Unknown> {
    match name.trim().to_lowercase().as_str() {
        "cervical" | "neck" | "c" => Ok(SpineRegion::Cervical),
        "thoracic" | "t" => Ok(SpineRegion::Thoracic),
        "lumbar" | "lumbosacral" | "sacral" | "low back" | "l" => Ok(SpineRegion::Lumbosacral),
        _ => Err(Unknown::new("region", name, ["cervical", "thoracic", "lumbosacral"])),
    }
}

/// The region of a root's anatomy region, for callers holding an anatomy [`Region`].
pub fn scope_of(region: Region) -> SpineRegion {
    region.scope()
}

/// Adds `more` into `base`: objects key by key, arrays joined, `true` kept, other values
/// replaced unless `more`'s is null.
fn merge(base: &mut serde_json::Value, more: serde_json::Value) {
    use serde_json::Value;
    match (base, more) {
        (Value::Object(b), Value::Object(m)) => {
            for (key, value) in m {
                match b.get_mut(&key) {
                    Some(existing) => merge(existing, value),
                    None => {
                        b.insert(key, value);
                    }
                }
            }
        }
        (Value::Array(b), Value::Array(m)) => b.extend(m),
        (Value::Bool(b), Value::Bool(m)) => *b = *b || m,
        (_, Value::Null) => {}
        (b, m) => *b = m,
    }
}

#[cfg(test)]
mod tests {
    fn error(text: &str) -> String {
        Case::parse("case", text).expect_err("an error").to_string()
    }

    #[test]
    fn duplicate_keys_are_named() {
        assert_eq!(error("[history]\nweeks = 3\nweeks = 4\n"), "case: line 3, column 1: duplicate key `weeks`");
        assert_eq!(error(r#"{"history":{"weeks":3,"weeks":4}}"#), "case: line 1, column 29: duplicate field `weeks`");
    }

    #[test]
    fn columns_count_characters_and_positions_are_not_repeated() {
        assert_eq!(
            error("[history]\nred_flags = [\"ééééé\", ?]\n"),
            "case: line 2, column 23: string values must be quoted, expected literal string"
        );
        assert_eq!(error(r#"{"history":{"red_flags":["é", x]}}"#), "case: line 1, column 31: expected value");
    }

    #[test]
    fn long_keys_are_cut_in_messages() {
        let key = "k".repeat(100_000);
        for text in [format!("[patient]\n{key} = 1\n"), format!(r#"{{"patient":{{"{key}":1}}}}"#)] {
            let e = error(&text);
            assert!(e.len() < 300 && e.contains('…'), "{e}");
        }
    }

    use super::*;

    #[test]
    fn merging_joins_lists_keeps_flags_and_replaces_values() {
        let file = Case::parse("f", "[history]\nweeks = 3\nred_flags = [\"fever\"]\nmri_contraindicated = true")
            .expect("case");
        let flags = Case {
            history: History { weeks: Some(5), red_flags: vec!["weight loss".into()], ..History::default() },
            ..Case::default()
        };
        let merged = file.merged(&flags).expect("merged");
        assert_eq!(merged.history.weeks, Some(5));
        assert_eq!(merged.history.red_flags, ["fever", "weight loss"]);
        assert!(merged.history.mri_contraindicated);
    }

    #[test]
    fn empty_cases_are_recognised() {
        for text in ["", "  \n", "# only a comment\n", "{}", "[history]\n"] {
            assert!(Case::parse("f", text).expect("parses").is_empty(), "{text:?}");
        }
        assert!(!Case::parse("f", "[history]\nweeks = 2").expect("parses").is_empty());
    }

    #[test]
    fn toml_errors_give_character_columns_and_name_duplicate_keys() {
        let error = Case::parse("c.toml", "[history]\nred_flags = [\"ééééé\", ?]").expect_err("bad");
        assert!(error.to_string().contains("line 2, column 23"), "{error}");
        let error = Case::parse("c.toml", "[history]\nweeks = 3\nweeks = 4").expect_err("duplicate");
        assert!(error.to_string().contains("duplicate key `weeks`"), "{error}");
    }

    #[test]
    fn json_errors_give_the_place_once() {
        let error = Case::parse("c.json", "{\"history\": {\"weeks\": 3, \"weeks\": 4}}").expect_err("duplicate");
        let text = error.to_string();
        assert_eq!(text.matches("column").count(), 1, "{text}");
    }
}
