//! The case format read by `radiculo consult`, `localize --case` and `batch`: TOML or JSON.

use serde::{Deserialize, Serialize};

/// A patient case.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// Examination findings.
    #[serde(default)]
    pub exam: Exam,
}

/// Examination findings, each written as on the command line (`ankle dorsiflexion:left:3`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
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
    pub fn parse(name: &str, text: &str) -> Result<Case, CaseError> {
        if text.trim_start().starts_with('{') {
            serde_json::from_str(text)
                .map_err(|e| CaseError(format!("{name}: line {}, column {}: {e}", e.line(), e.column())))
        } else {
            toml::from_str(text).map_err(|e| {
                let place = e
                    .span()
                    .map(|s| {
                        let line = text[..s.start].matches('\n').count() + 1;
                        let column = s.start - text[..s.start].rfind('\n').map_or(0, |i| i + 1) + 1;
                        format!("line {line}, column {column}: ")
                    })
                    .unwrap_or_default();
                CaseError(format!("{name}: {place}{}", e.message().trim()))
            })
        }
    }
}
