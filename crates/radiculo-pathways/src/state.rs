//! The patient state a pathway is planned for, refusing values out of range and combinations
//! that cannot be true.

use radiculo_anatomy::vocab::{TermKind, UnknownTerm, resolve};
use radiculo_anatomy::{Mrc, MrcError};
use radiculo_kb::{KnowledgeBase, Scope, Term, TermId, Unknown};
use serde::Serialize;

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

impl Function {
    /// The condition term for this level of function.
    pub fn term(self) -> &'static str {
        match self {
            Function::None => "function.none",
            Function::DailyActivities => "function.daily-activities",
            Function::SelfCare => "function.self-care",
        }
    }
}

impl std::str::FromStr for Function {
    type Err = Unknown;
    fn from_str(s: &str) -> Result<Function, Unknown> {
        match s.trim().to_lowercase().replace(' ', "-").as_str() {
            "none" | "no-interference" => Ok(Function::None),
            "daily-activities" | "adl" | "activities" => Ok(Function::DailyActivities),
            "self-care" | "selfcare" => Ok(Function::SelfCare),
            _ => Err(Unknown::new("function", s, ["none", "daily-activities", "self-care"])),
        }
    }
}

/// What the patient is a candidate for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Candidacy {
    /// Surgery.
    Surgery,
    /// Epidural or root injection.
    Injection,
}

impl Candidacy {
    /// The condition term.
    pub fn term(self) -> &'static str {
        match self {
            Candidacy::Surgery => "candidate.surgery",
            Candidacy::Injection => "candidate.injection",
        }
    }
}

impl std::str::FromStr for Candidacy {
    type Err = Unknown;
    fn from_str(s: &str) -> Result<Candidacy, Unknown> {
        match s.trim().to_lowercase().as_str() {
            "surgery" | "surgical" => Ok(Candidacy::Surgery),
            "injection" | "epidural" => Ok(Candidacy::Injection),
            _ => Err(Unknown::new("candidacy", s, ["surgery", "injection"])),
        }
    }
}

/// A motor deficit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Deficit {
    /// The action, a vocabulary term.
    pub action: TermId,
    /// MRC grade 0-5, when given.
    pub mrc: Option<Mrc>,
    /// Whether it is getting worse.
    pub progressing: bool,
}

/// Everything a pathway plan depends on.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PatientState {
    /// Who the patient is (region, age, pregnancy), for the populations guidance addresses.
    pub scope: Scope,
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
    /// Contraindication and medicine terms.
    pub contraindications: Vec<&'static str>,
    /// Prior spinal surgery.
    pub prior_surgery: bool,
    /// Months since that surgery.
    pub months_since_surgery: Option<u32>,
    /// MRI cannot be done.
    pub mri_contraindicated: bool,
    /// An MRI has already been done (its findings are in the case), so none is ordered again.
    pub imaging_done: bool,
    /// That MRI does not show a lesion of the root the examination points to, so treatment
    /// that needs concordant imaging (surgery, injection) waits for the mismatch to be explained.
    pub imaging_discordant: bool,
}

/// Why a patient state cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum StateError {
    /// A number outside its plausible range.
    #[error("{what} {value}{unit} is outside {min}-{max}{unit}")]
    OutOfRange {
        /// What the number is.
        what: &'static str,
        /// The value as given.
        value: String,
        /// Smallest accepted.
        min: String,
        /// Largest accepted.
        max: String,
        /// Unit, with a leading space, or empty.
        unit: &'static str,
    },
    /// A checkpoint-inhibitor grade without checkpoint-inhibitor therapy.
    #[error("grade {0} is a CTCAE grade of checkpoint-inhibitor neuropathy; it needs the checkpoint-inhibitor context")]
    GradeWithoutCheckpointInhibitor(u8),
    /// A stated grade that disagrees with the function stated.
    #[error(
        "grade {grade} disagrees with the function given (`{function}`), which the grading table puts at {implied}"
    )]
    GradeFunctionMismatch {
        /// The grade stated.
        grade: u8,
        /// The function stated.
        function: &'static str,
        /// The grade term the function implies.
        implied: &'static str,
    },
    /// More weeks of conservative care than of symptoms.
    #[error("{conservative} weeks of conservative care is more than the {weeks} weeks since onset")]
    ConservativeLongerThanOnset {
        /// Weeks of conservative care.
        conservative: u32,
        /// Weeks since onset.
        weeks: u32,
    },
    /// Months since surgery, but no surgery.
    #[error("{0} months since surgery, but no prior surgery")]
    SurgeryDenied(u32),
    /// Surgery longer ago than the patient has lived.
    #[error("surgery {months} months ago is before the birth of a patient aged {age}")]
    SurgeryBeforeBirth {
        /// Months since surgery.
        months: u32,
        /// Age in years.
        age: u32,
    },
    /// Normal strength cannot be progressing.
    #[error("a deficit graded MRC 5 (normal strength) cannot be progressing")]
    ProgressingNormal,
    /// A name that is not in the vocabulary.
    #[error(transparent)]
    Term(#[from] UnknownTerm),
    /// A keyword that is not one of its valid values.
    #[error(transparent)]
    Keyword(#[from] Unknown),
    /// An MRC grade above 5.
    #[error(transparent)]
    Mrc(#[from] MrcError),
    /// A deficit not written as `ACTION:MRC[:progressing]`.
    #[error("`{0}` is not ACTION:MRC[:progressing], e.g. `foot drop:3:progressing`")]
    DeficitShape(String),
}

/// Resolves a name as a vocabulary term of one of `kinds`, e.g. `saddle anaesthesia` as a red flag.
///
/// # Errors
/// [`StateError::Term`] with the nearest valid names.
pub fn term(kb: &KnowledgeBase, kinds: &[TermKind], name: &str) -> Result<&'static Term, StateError> {
    Ok(resolve(kb, kinds, name)?)
}

/// Reads `ACTION:MRC[:progressing]`.
///
/// # Errors
/// [`StateError`] for a malformed deficit, an unknown action or a grade above 5.
pub fn deficit(kb: &KnowledgeBase, text: &str) -> Result<Deficit, StateError> {
    let parts: Vec<&str> = text.split(':').map(str::trim).collect();
    let (action, mrc, progressing) = match parts.as_slice() {
        [a, m] => (*a, *m, false),
        [a, m, p] if p.eq_ignore_ascii_case("progressing") || p.eq_ignore_ascii_case("progressive") => (*a, *m, true),
        _ => return Err(StateError::DeficitShape(radiculo_kb::shown(text))),
    };
    let action = term(kb, &[TermKind::Action], action)?.id;
    let grade: u8 = mrc.parse().map_err(|_| StateError::DeficitShape(radiculo_kb::shown(text)))?;
    Ok(Deficit { action, mrc: Some(Mrc::new(grade)?), progressing })
}

fn range<T: PartialOrd + std::fmt::Display>(
    what: &'static str,
    value: T,
    min: T,
    max: T,
    unit: &'static str,
) -> Result<(), StateError> {
    if value >= min && value <= max {
        Ok(())
    } else {
        Err(StateError::OutOfRange { what, value: value.to_string(), min: min.to_string(), max: max.to_string(), unit })
    }
}

impl PatientState {
    /// Checks ranges (bounds from the knowledge base's plausibility parameters) and
    /// combinations that cannot be true.
    ///
    /// # Errors
    /// The first [`StateError`] found.
    pub fn check(&self, kb: &KnowledgeBase) -> Result<(), StateError> {
        let p = &kb.parameters;
        if let Some(w) = self.weight_kg {
            let (lo, hi) = (p.weight_min_kg.value, p.weight_max_kg.value);
            if !w.is_finite() {
                return Err(StateError::OutOfRange {
                    what: "weight",
                    value: "not a number".into(),
                    min: lo.to_string(),
                    max: hi.to_string(),
                    unit: " kg",
                });
            }
            let value = radiculo_kb::echo::number(w);
            if !(lo..=hi).contains(&w) {
                return Err(StateError::OutOfRange {
                    what: "weight",
                    value,
                    min: lo.to_string(),
                    max: hi.to_string(),
                    unit: " kg",
                });
            }
        }
        if let Some(pain) = self.pain {
            range("pain", pain, 0, 10, "")?;
        }
        if let Some(age) = self.scope.age {
            range("age", age, 0, p.age_max_years.whole(), " years")?;
        }
        for (what, weeks) in
            [("weeks since onset", self.weeks), ("weeks of conservative care", self.conservative_weeks)]
        {
            if let Some(weeks) = weeks {
                range(what, weeks, 0, p.weeks_max.whole(), "")?;
            }
        }
        if let Some(months) = self.months_since_surgery {
            range("months since surgery", months, 0, p.months_max.whole(), "")?;
            if !self.prior_surgery {
                return Err(StateError::SurgeryDenied(months));
            }
            if let Some(age) = self.scope.age.filter(|a| months / 12 > *a) {
                return Err(StateError::SurgeryBeforeBirth { months, age });
            }
        }
        if let Some(g) = self.grade {
            range("grade", g, 1, 4, "")?;
            if !self.context.contains(&crate::plan::ids::ICPI) {
                return Err(StateError::GradeWithoutCheckpointInhibitor(g));
            }
            if let Some(function) = self.function {
                // The grade the table gives for the function stated must be the grade stated.
                let stated = crate::plan::grade_terms(g);
                let rules: &'static [radiculo_kb::ConditionRule] = kb.condition_rules.0;
                let implied = rules
                    .iter()
                    .filter(|r| r.when.iter().any(|t| t.0 == function.term()))
                    .flat_map(|r| r.then.iter())
                    .find(|t| t.0.starts_with("grade.") && !stated.contains(&t.0));
                if let Some(mismatch) = implied {
                    return Err(StateError::GradeFunctionMismatch {
                        grade: g,
                        function: function.term(),
                        implied: mismatch.0,
                    });
                }
            }
        }
        if let (Some(c), Some(w)) = (self.conservative_weeks, self.weeks)
            && c > w
        {
            return Err(StateError::ConservativeLongerThanOnset { conservative: c, weeks: w });
        }
        if self.deficits.iter().any(|d| d.mrc.is_some_and(|m| m.grade() == 5) && d.progressing) {
            return Err(StateError::ProgressingNormal);
        }
        Ok(())
    }
}
