//! Whether imaging is indicated now, and which study: the knowledge base's imaging rules
//! (`knowledge/imaging/rules.toml`) tried in priority order over the conditions that hold; and
//! what a report of mild impingement means.

use radiculo_kb::{Gap, ImagingRule, ImagingRuleId, KnowledgeBase, Scope, StatementId, Study, StudyId};
use serde::Serialize;

/// The situation imaging is considered in.
#[derive(Debug, Clone, Default)]
pub struct ImagingQuestion {
    /// Condition terms that hold (stage, red flags, deficits, context, candidacy), with what
    /// they imply.
    pub conditions: Vec<&'static str>,
    /// Who the patient is, for the rules' populations.
    pub scope: Scope,
    /// MRI cannot be done.
    pub mri_contraindicated: bool,
}

/// The answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Appropriateness {
    /// The rule that decided.
    pub rule: ImagingRuleId,
    /// Whether imaging is indicated now.
    pub indicated_now: bool,
    /// Which study, when imaging is indicated.
    pub study: Option<StudyId>,
    /// The study as printed.
    pub study_label: Option<&'static str>,
    /// The decision as printed when no study is ordered and the rule words it itself.
    pub label: Option<&'static str>,
    /// The statement printed as the decision.
    pub headline: StatementId,
    /// The statements behind it.
    pub support: Vec<StatementId>,
}

/// A rule whose conditions held but whose population does not include the patient.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Uncovered {
    /// The rule.
    pub rule: ImagingRuleId,
    /// Why it does not apply.
    pub gap: Gap,
}

fn holds(rule: &ImagingRule, conditions: &[&str]) -> bool {
    let has = |t: &radiculo_kb::TermId| conditions.contains(&t.0);
    rule.when.iter().all(has)
        && (rule.when_any.is_empty() || rule.when_any.iter().any(has))
        && !rule.unless.iter().any(has)
}

/// Decides whether to image now and with what: the first rule (by priority) whose conditions
/// hold and whose population includes the patient. Returns `Err` with the rules that held but
/// do not cover the patient when no rule applies (so the caller can say what is not covered).
///
/// # Errors
/// The rules whose conditions held for a patient outside their population; empty when no
/// rule's conditions held at all.
pub fn appropriateness(kb: &KnowledgeBase, q: &ImagingQuestion) -> Result<Appropriateness, Vec<Uncovered>> {
    let rules: &'static [ImagingRule] = kb.imaging_rules.0;
    let mut uncovered = Vec::new();
    for rule in rules.iter().filter(|r| holds(r, &q.conditions)) {
        let covered = kb.population(rule.applies.0).map(|p| p.covers(&q.scope));
        match covered {
            Some(Ok(())) => return Ok(decide(kb, rule, q)),
            Some(Err(gap)) => uncovered.push(Uncovered { rule: rule.id, gap }),
            None => {}
        }
    }
    Err(uncovered)
}

fn decide(kb: &KnowledgeBase, rule: &'static ImagingRule, q: &ImagingQuestion) -> Appropriateness {
    let mut support = rule.support.to_vec();
    let mut study: Option<&'static Study> = rule.study.and_then(|s| kb.study(s.0));
    if let Some(s) = study.filter(|s| s.mri && q.mri_contraindicated) {
        support.extend(s.alternative_statement);
        study = s.alternative.and_then(|a| kb.study(a.0));
    }
    let cautions = study.iter().flat_map(|s| s.caution.iter());
    support.extend(cautions.filter(|c| c.when.iter().all(|t| q.conditions.contains(&t.0))).map(|c| c.statement));
    Appropriateness {
        rule: rule.id,
        indicated_now: study.is_some(),
        study: study.map(|s| s.id),
        study_label: study.map(|s| s.label.0),
        label: rule.label.map(|l| l.0),
        headline: rule.headline,
        support,
    }
}

/// Statement ids for reading a report of impingement.
pub mod impingement_ids {
    #![allow(missing_docs)]
    pub const NOT_COMPRESSION: &str = "imaging.grading.mild-impingement-is-not-compression";
    pub const CORRELATE: &str = "imaging.correlation.must-match-clinical-picture";
    pub const NO_AGGRESSIVE_TREATMENT: &str = "imaging.correlation.mild-impingement-no-aggressive-treatment";
    pub const AGE_20: &str = "imaging.asymptomatic.age-20";
    pub const AGE_50: &str = "imaging.asymptomatic.age-50";
    pub const AGE_80: &str = "imaging.asymptomatic.age-80";
    pub const OVERVIEW: &str = "imaging.asymptomatic.brinjikji-overview";
    pub const ALL: &[&str] = &[NOT_COMPRESSION, CORRELATE, NO_AGGRESSIVE_TREATMENT, AGE_20, AGE_50, AGE_80, OVERVIEW];
}

/// What to say about reported impingement. For mild impingement: what it means, how common
/// such findings are without symptoms (for the patient's age band when known), that imaging
/// must match the clinical picture, and that it alone should not drive invasive treatment.
/// For moderate or severe impingement only the rule that imaging must match the clinical
/// picture applies.
pub fn impingement_notes(kb: &KnowledgeBase, mild: bool, age: Option<u32>) -> Vec<StatementId> {
    use impingement_ids::{AGE_20, AGE_50, AGE_80, CORRELATE, NO_AGGRESSIVE_TREATMENT, NOT_COMPRESSION, OVERVIEW};
    if !mild {
        return kb.statement(CORRELATE).map(|s| s.id).into_iter().collect();
    }
    let p = &kb.parameters;
    let prevalence = match age {
        Some(a) if a < p.asymptomatic_band_young_below.whole() => AGE_20,
        Some(a) if a < p.asymptomatic_band_old_from.whole() => AGE_50,
        Some(_) => AGE_80,
        None => OVERVIEW,
    };
    [NOT_COMPRESSION, prevalence, CORRELATE, NO_AGGRESSIVE_TREATMENT]
        .iter()
        .filter_map(|id| kb.statement(id))
        .map(|s| s.id)
        .collect()
}
