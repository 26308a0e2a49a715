//! The patient state a pathway is planned for, read from the forms the CLI and case files use,
//! refusing values out of range and combinations that cannot be true.

use core::fmt;

use radiculo_anatomy::vocab::{TermKind, resolve};
use radiculo_imaging::Candidacy;
use radiculo_kb::echo::echo;
use radiculo_kb::{KnowledgeBase, Term};
use serde::Serialize;

/// Lightest and heaviest weights accepted for dosing, in kg (the plausibility bounds).
pub const WEIGHT_RANGE_KG: (f64, f64) = (radiculo_kb::plausible::WEIGHT_MIN_KG, radiculo_kb::plausible::WEIGHT_MAX_KG);

/// How much the symptoms interfere with function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Function {
    /// No interference.
    None,
    /// Interferes with daily activities.
    DailyActivities,
    /// Limits self-care.
    SelfCare,
}

impl std::str::FromStr for Function {
    type Err = String;
    fn from_str(s: &str) -> Result<Function, String> {
        match s.trim().to_lowercase().replace(' ', "-").as_str() {
            "none" | "no-interference" => Ok(Function::None),
            "daily-activities" | "adl" | "activities" => Ok(Function::DailyActivities),
            "self-care" | "selfcare" => Ok(Function::SelfCare),
            other => Err(format!("unknown function `{}`; use `none`, `daily-activities` or `self-care`", echo(other))),
        }
    }
}

/// A motor deficit.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Deficit {
    /// The action, a vocabulary term.
    pub action: &'static str,
    /// MRC grade 0-5.
    pub mrc: u8,
    /// Whether it is getting worse.
    pub progressing: bool,
}

/// Everything a pathway plan depends on.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PatientState {
    /// Weeks since onset.
    pub weeks: Option<u32>,
    /// Pain 0-10.
    pub pain: Option<u8>,
    /// Functional impact.
    pub function: Option<Function>,
    /// Motor deficits.
    pub deficits: Vec<Deficit>,
    /// Red-flag terms.
    pub red_flags: Vec<&'static str>,
    /// Weeks of conservative care already given.
    pub conservative_weeks: Option<u32>,
    /// Candidate for surgery or injection.
    pub candidate: Vec<Candidacy>,
    /// Yellow-flag terms.
    pub yellow_flags: Vec<&'static str>,
    /// Context terms.
    pub context: Vec<&'static str>,
    /// CTCAE grade of checkpoint-inhibitor neuropathy, 1-4.
    pub grade: Option<u8>,
    /// Weight in kg.
    pub weight_kg: Option<f64>,
    /// Contraindication terms.
    pub contraindications: Vec<&'static str>,
    /// Prior lumbar surgery with new symptoms.
    pub prior_surgery: bool,
    /// MRI cannot be done.
    pub mri_contraindicated: bool,
}

/// Why a patient state cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateError(pub String);

impl fmt::Display for StateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StateError {}

/// Resolves a name as a vocabulary term of `kind`, e.g. `saddle anaesthesia` as a red flag.
pub fn term(kb: &KnowledgeBase, kind: TermKind, name: &str) -> Result<&'static Term, StateError> {
    resolve(kb, &[kind], name).map_err(|e| StateError(e.to_string()))
}

/// Resolves a name as a term whose id starts with `prefix` (for condition vocabularies such as
/// `yellow-flag.` and `contraindication.` that user input names directly).
pub fn prefixed(kb: &KnowledgeBase, prefix: &str, noun: &str, name: &str) -> Result<&'static str, StateError> {
    let wanted = radiculo_anatomy::vocab::normalize(name);
    let terms: Vec<&'static Term> = kb.terms.0.iter().filter(|t| t.id.0.starts_with(prefix)).collect();
    let matches = |t: &&&Term| {
        let short = &t.id.0[prefix.len()..];
        [short, t.label.0]
            .into_iter()
            .chain(t.synonyms.iter().map(|s| s.0))
            .any(|n| radiculo_anatomy::vocab::normalize(n) == wanted)
    };
    if let Some(t) = terms.iter().find(matches) {
        return Ok(t.id.0);
    }
    let names: Vec<&str> = terms.iter().map(|t| &t.id.0[prefix.len()..]).collect();
    let near = radiculo_kb::suggest::closest(&wanted, names.iter().copied(), 3);
    let hint = if near.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", radiculo_kb::suggest::or_list(&near))
    };
    Err(StateError(format!("unknown {noun} `{}`{hint}", echo(name))))
}

/// Reads `ACTION:MRC[:progressing]`.
pub fn deficit(kb: &KnowledgeBase, text: &str) -> Result<Deficit, StateError> {
    let parts: Vec<&str> = text.split(':').map(str::trim).collect();
    let (action, mrc, progressing) = match parts.as_slice() {
        [a, m] => (*a, *m, false),
        [a, m, p] if p.eq_ignore_ascii_case("progressing") || p.eq_ignore_ascii_case("progressive") => (*a, *m, true),
        _ => {
            return Err(StateError(format!(
                "`{}` is not ACTION:MRC[:progressing], e.g. `foot drop:3:progressing`",
                echo(text)
            )));
        }
    };
    let action = term(kb, TermKind::Action, action)?.id.0;
    let mrc: u8 = mrc
        .parse()
        .ok()
        .filter(|m| *m <= 5)
        .ok_or_else(|| StateError(format!("MRC grade `{}` in `{}` is outside 0-5", echo(mrc), echo(text))))?;
    Ok(Deficit { action, mrc, progressing })
}

impl PatientState {
    /// Checks ranges and combinations that cannot be true.
    pub fn check(&self) -> Result<(), StateError> {
        if let Some(w) = self.weight_kg {
            let (lo, hi) = WEIGHT_RANGE_KG;
            if !(w.is_finite() && (lo..=hi).contains(&w)) {
                return Err(StateError(format!("weight {} kg is outside {lo}-{hi} kg", radiculo_kb::echo::number(w))));
            }
        }
        if let Some(p) = self.pain.filter(|p| *p > 10) {
            return Err(StateError(format!("pain {p} is outside 0-10")));
        }
        if let Some(g) = self.grade {
            if !(1..=4).contains(&g) {
                return Err(StateError(format!("grade {g} is outside 1-4")));
            }
            if !self.context.contains(&"context.checkpoint-inhibitor") {
                return Err(StateError(format!(
                    "grade {g} is a CTCAE grade of checkpoint-inhibitor neuropathy; add --context checkpoint-inhibitor or leave out --grade"
                )));
            }
        }
        if let (Some(c), Some(w)) = (self.conservative_weeks, self.weeks)
            && c > w
        {
            return Err(StateError(format!("{c} weeks of conservative care is more than the {w} weeks since onset")));
        }
        if self.deficits.iter().any(|d| d.mrc == 5 && d.progressing) {
            return Err(StateError("a deficit graded MRC 5 (normal strength) cannot be progressing".into()));
        }
        Ok(())
    }
}
