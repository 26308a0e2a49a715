//! The case format read by `radiculo consult`, `localize --case` and `batch`: TOML or JSON.

use serde::{Deserialize, Serialize};

/// A patient case.
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
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
    #[serde(default)]
    pub imaging: Option<Imaging>,
}

/// The patient.
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Patient {
    /// Age in years.
    #[serde(default)]
    pub age: Option<u32>,
    /// Weight in kilograms, needed for weight-based doses.
    #[serde(default)]
    pub weight_kg: Option<f64>,
}

/// The history.
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct History {
    /// Weeks since onset.
    #[serde(default)]
    pub weeks: Option<u32>,
    /// Red flags present, e.g. `saddle anaesthesia`.
    #[serde(default)]
    pub red_flags: Vec<String>,
    /// Previous spinal surgery at the level in question.
    #[serde(default)]
    pub prior_surgery: Option<bool>,
    /// Months since that surgery.
    #[serde(default)]
    pub months_since_surgery: Option<u32>,
    /// Clinical context, e.g. `checkpoint-inhibitor`, `tick exposure`.
    #[serde(default)]
    pub context: Vec<String>,
    /// `surgery` and/or `injection`, when the patient is a candidate.
    #[serde(default)]
    pub candidate: Vec<String>,
    /// MRI cannot be done.
    #[serde(default)]
    pub mri_contraindicated: bool,
    /// Pain 0-10.
    #[serde(default)]
    pub pain: Option<u8>,
    /// `none`, `daily-activities` or `self-care`.
    #[serde(default)]
    pub function: Option<String>,
    /// Motor deficits: `ACTION:MRC[:progressing]`.
    #[serde(default)]
    pub deficits: Vec<String>,
    /// Weeks of conservative care already given.
    #[serde(default)]
    pub conservative_weeks: Option<u32>,
    /// Psychosocial risk factors, e.g. `fear-avoidance`.
    #[serde(default)]
    pub yellow_flags: Vec<String>,
    /// CTCAE grade of checkpoint-inhibitor neuropathy, 1-4.
    #[serde(default)]
    pub grade: Option<u8>,
    /// Contraindications, e.g. `kidney-disease`, `diabetes`.
    #[serde(default)]
    pub contraindications: Vec<String>,
}

/// MRI findings, written as on the command line.
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Imaging {
    /// Root enhancement after contrast.
    #[serde(default)]
    pub enhancement: bool,
    /// Roots involved, e.g. `L4`.
    #[serde(default)]
    pub roots: Vec<String>,
    /// Disc levels involved, e.g. `L4-5`.
    #[serde(default)]
    pub levels: Vec<String>,
    /// `left`, `right` or `bilateral`.
    #[serde(default)]
    pub side: Option<String>,
    /// `single-level`, `multi-level` or `diffuse`.
    #[serde(default)]
    pub distribution: Option<String>,
    /// `smooth`, `nodular` or `clumped`.
    #[serde(default)]
    pub morphology: Option<String>,
    /// Root thickening.
    #[serde(default)]
    pub thickening: bool,
    /// Root displacement.
    #[serde(default)]
    pub displacement: bool,
    /// A mass or mass effect.
    #[serde(default)]
    pub mass: bool,
    /// `DISC:ZONE:TYPE`, e.g. `L4-5:foraminal:extrusion`.
    #[serde(default)]
    pub herniations: Vec<String>,
    /// `mild`, `moderate` or `severe`.
    #[serde(default)]
    pub impingement: Option<String>,
    /// Leptomeningeal enhancement elsewhere.
    #[serde(default)]
    pub leptomeningeal_elsewhere: bool,
    /// Cord or pial involvement.
    #[serde(default)]
    pub cord_involvement: bool,
}

/// Examination findings, each written as on the command line (`ankle dorsiflexion:left:3`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Exam {
    /// `ACTION[:SIDE[:MRC]]`: weakness; MRC 0-4, `give-way` or `not-testable`.
    #[serde(default)]
    pub weak: Vec<String>,
    /// `ACTION[:SIDE]`: tested and normal strength.
    #[serde(default)]
    pub strong: Vec<String>,
    /// `NAME:CHANGE[:SIDE]`: absent, reduced, normal, brisk or not-testable.
    #[serde(default)]
    pub reflex: Vec<String>,
    /// `AREA[:SIDE]`: numbness or altered sensation.
    #[serde(default)]
    pub numb: Vec<String>,
    /// `AREA[:SIDE]`: pain.
    #[serde(default)]
    pub pain: Vec<String>,
    /// `NAME[:SIDE]`: a sign or red flag, e.g. `straight leg raise`, `saddle anaesthesia`.
    #[serde(default)]
    pub sign: Vec<String>,
}

/// Why a case could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseError(pub String);

impl std::fmt::Display for CaseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CaseError {}

impl Case {
    /// Reads a case from TOML or JSON text; `name` is used in messages.
    /// Positions are given once, as `line L, column C`, the column counted in characters.
    pub fn parse(name: &str, text: &str) -> Result<Case, CaseError> {
        let name = radiculo_kb::echo::echo(name);
        if text.trim_start().starts_with('{') {
            serde_json::from_str(text).map_err(|e| CaseError(format!("{name}: {}", json_error(text, &e))))
        } else {
            toml::from_str(text).map_err(|e| {
                let mut message = e.message().trim().to_string();
                let place = e.span().map(|s| {
                    let (line, column) = line_column(text, s.start);
                    // The TOML parser does not say which key is duplicated; its span does.
                    if message == "duplicate key" {
                        let key = text.get(s.clone()).unwrap_or("").trim().trim_matches(['"', '\'']);
                        message = format!("duplicate key `{key}`");
                    }
                    format!("line {line}, column {column}: ")
                });
                CaseError(format!("{name}: {}{}", place.unwrap_or_default(), radiculo_kb::echo::quoted(&message)))
            })
        }
    }
}

/// A JSON error as `line L, column C: message`, without serde_json's own trailing position
/// (so the position is not given twice) and with the column counted in characters.
pub fn json_error(text: &str, e: &serde_json::Error) -> String {
    match json_error_at(text, e) {
        (Some((line, column)), message) => format!("line {line}, column {column}: {message}"),
        (None, message) => message,
    }
}

/// The position of a JSON error (line and column from 1, the column in characters) and its
/// message without position, quoted input cut short.
pub fn json_error_at(text: &str, e: &serde_json::Error) -> (Option<(usize, usize)>, String) {
    let message = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = radiculo_kb::echo::quoted(message.strip_suffix(&suffix).unwrap_or(&message));
    if e.line() == 0 {
        return (None, message);
    }
    // serde_json counts the column in bytes from 1; find that byte and count characters.
    let line_start: usize = text.split_inclusive('\n').take(e.line() - 1).map(str::len).sum();
    (Some(line_column(text, line_start + e.column().saturating_sub(1))), message)
}

/// Line and column of byte `offset` in `text`, both from 1, the column in characters.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = text.get(..offset).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

impl Imaging {
    /// The structured findings, reading each written value; `history` adds surgery, weeks
    /// and context, `patient` the age.
    pub fn findings(
        &self,
        patient: &Patient,
        history: &History,
    ) -> Result<radiculo_imaging::ImagingFindings, CaseError> {
        use radiculo_anatomy::Level;
        let bad = |e: String| CaseError(e);
        let roots = self
            .roots
            .iter()
            .map(|r| match r.parse::<Level>() {
                Ok(Level::Segment(root)) => Ok(root),
                Ok(Level::Disc(d)) => Err(CaseError(format!(
                    "`{}` is a disc; give roots such as `{}`",
                    radiculo_kb::echo::echo(r),
                    d.traversing_root()
                ))),
                Err(e) => Err(CaseError(e.to_string())),
            })
            .collect::<Result<Vec<_>, _>>()?;
        let levels = self
            .levels
            .iter()
            .map(|l| match l.parse::<Level>() {
                Ok(Level::Disc(d)) => Ok(d),
                Ok(Level::Segment(root)) => {
                    Err(CaseError(format!("`{root}` is a root; give disc levels such as `L4-5`")))
                }
                Err(e) => Err(CaseError(e.to_string())),
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(radiculo_imaging::ImagingFindings {
            enhancement: self.enhancement,
            roots,
            levels,
            side: self.side.as_deref().map(str::parse).transpose().map_err(bad)?,
            distribution: self.distribution.as_deref().map(str::parse).transpose().map_err(bad)?,
            morphology: self.morphology.as_deref().map(str::parse).transpose().map_err(bad)?,
            thickening: self.thickening,
            displacement: self.displacement,
            mass: self.mass,
            herniations: self.herniations.iter().map(|h| h.parse()).collect::<Result<Vec<_>, _>>().map_err(bad)?,
            impingement: self.impingement.as_deref().map(str::parse).transpose().map_err(bad)?,
            leptomeningeal_elsewhere: self.leptomeningeal_elsewhere,
            cord_involvement: self.cord_involvement,
            months_since_surgery: history.months_since_surgery,
            prior_surgery: history.prior_surgery,
            weeks: history.weeks,
            age: patient.age,
            context: history.context.clone(),
        })
    }
}

impl Exam {
    /// Whether any finding is recorded.
    pub fn is_empty(&self) -> bool {
        self.weak.is_empty()
            && self.strong.is_empty()
            && self.reflex.is_empty()
            && self.numb.is_empty()
            && self.pain.is_empty()
            && self.sign.is_empty()
    }

    /// Reads every finding, refusing unknown terms and contradictions.
    pub fn findings(
        &self,
        kb: &radiculo_kb::KnowledgeBase,
    ) -> Result<Vec<radiculo_anatomy::findings::Finding>, CaseError> {
        use radiculo_anatomy::findings::{self, Flag};
        let mut out = Vec::new();
        for (flag, texts) in [
            (Flag::Weak, &self.weak),
            (Flag::Strong, &self.strong),
            (Flag::Reflex, &self.reflex),
            (Flag::Numb, &self.numb),
            (Flag::Pain, &self.pain),
            (Flag::Sign, &self.sign),
        ] {
            for text in texts {
                out.push(findings::parse(kb, flag, text).map_err(|e| CaseError(e.to_string()))?);
            }
        }
        findings::check_consistent(&out).map_err(|e| CaseError(e.to_string()))?;
        Ok(out)
    }
}

/// Reads red-flag names as vocabulary terms.
pub fn red_flags(kb: &radiculo_kb::KnowledgeBase, names: &[String]) -> Result<Vec<&'static str>, CaseError> {
    use radiculo_anatomy::vocab::{TermKind, resolve};
    names
        .iter()
        .map(|n| resolve(kb, &[TermKind::RedFlag], n).map(|t| t.id.0).map_err(|e| CaseError(e.to_string())))
        .collect()
}

/// Reads `surgery` / `injection`.
pub fn candidacy(names: &[String]) -> Result<Vec<radiculo_imaging::Candidacy>, CaseError> {
    use radiculo_imaging::Candidacy;
    names
        .iter()
        .map(|n| match n.trim().to_lowercase().as_str() {
            "surgery" | "surgical" => Ok(Candidacy::Surgery),
            "injection" | "epidural" => Ok(Candidacy::Injection),
            other => Err(CaseError(format!(
                "unknown candidacy `{}`; use `surgery` or `injection`",
                radiculo_kb::echo::echo(other)
            ))),
        })
        .collect()
}

impl History {
    /// The checked patient state for pathway planning, with the weight from `patient`.
    pub fn patient_state(
        &self,
        kb: &radiculo_kb::KnowledgeBase,
        weight_kg: Option<f64>,
    ) -> Result<radiculo_pathways::PatientState, CaseError> {
        use radiculo_anatomy::vocab::TermKind;
        use radiculo_pathways::state;
        let bad = |e: radiculo_pathways::StateError| CaseError(e.0);
        let context = self
            .context
            .iter()
            .map(|c| state::term(kb, TermKind::Context, c).map(|t| t.id.0))
            .collect::<Result<Vec<_>, _>>()
            .map_err(bad)?;
        let state = radiculo_pathways::PatientState {
            weeks: self.weeks,
            pain: self.pain,
            function: self.function.as_deref().map(str::parse).transpose().map_err(CaseError)?,
            deficits: self.deficits.iter().map(|d| state::deficit(kb, d)).collect::<Result<_, _>>().map_err(bad)?,
            red_flags: red_flags(kb, &self.red_flags)?,
            conservative_weeks: self.conservative_weeks,
            candidate: candidacy(&self.candidate)?,
            yellow_flags: self
                .yellow_flags
                .iter()
                .map(|y| state::prefixed(kb, "yellow-flag.", "yellow flag", y))
                .collect::<Result<_, _>>()
                .map_err(bad)?,
            context,
            grade: self.grade,
            weight_kg,
            contraindications: self
                .contraindications
                .iter()
                .map(|c| state::prefixed(kb, "contraindication.", "contraindication", c))
                .collect::<Result<_, _>>()
                .map_err(bad)?,
            prior_surgery: self.prior_surgery == Some(true),
            mri_contraindicated: self.mri_contraindicated,
        };
        state.check().map_err(bad)?;
        Ok(state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> String {
        Case::parse("case", text).expect_err("an error").0
    }

    #[test]
    fn duplicate_keys_are_named() {
        assert_eq!(error("[history]\nweeks = 3\nweeks = 4\n"), "case: line 3, column 1: duplicate key `weeks`");
        assert_eq!(
            error("[history]\nweeks = 3\n[history]\npain = 2\n"),
            "case: line 3, column 2: duplicate key `history`"
        );
        assert_eq!(error(r#"{"history":{"weeks":3,"weeks":4}}"#), "case: line 1, column 29: duplicate field `weeks`");
    }

    #[test]
    fn columns_count_characters_and_positions_are_not_repeated() {
        assert_eq!(
            error("[history]\nred_flags = [\"ééééé\", ?]\n"),
            "case: line 2, column 23: string values must be quoted, expected literal string"
        );
        assert_eq!(error(r#"{"history":{"red_flags":["é", x]}}"#), "case: line 1, column 31: expected value");
        assert_eq!(
            error("{\n  \"history\": {\"red_flags\": [\"é\", x]}\n}"),
            "case: line 2, column 34: expected value"
        );
    }

    #[test]
    fn long_keys_are_cut_in_messages() {
        let key = "k".repeat(100_000);
        for text in [format!("[patient]\n{key} = 1\n"), format!(r#"{{"patient":{{"{key}":1}}}}"#)] {
            let e = error(&text);
            assert!(e.len() < 300 && e.contains("…`"), "{e}");
        }
    }
}
