//! `radiculo consult`: one case in, one consultation out. Red flags and triage first, then the
//! likely roots with mimics and next tests, the imaging differential when imaging is given,
//! the staged plan with doses, and the cautions that apply to this patient.

use radiculo_anatomy::localize::{Localization, localize};
use radiculo_imaging::{Differential, ImagingFindings, differential, impingement_notes};
use radiculo_kb::{KnowledgeBase, StatementId, Triage};
use radiculo_pathways::{Plan, plan};
use serde::Serialize;

use crate::anatomy::localization_document;
use crate::case::{Case, CaseError};
use crate::imaging::differential_document;
use crate::pathway::{pathway_document, red_flag_items};
use crate::render::{Document, Item, Section};

/// The structured consultation, for JSON.
#[derive(Debug, Clone, Serialize)]
pub struct Consultation {
    /// How soon the patient must be seen (the more urgent of pathway and examination).
    pub triage: Triage,
    /// Root localization, when the case has examination findings.
    pub localization: Option<Localization>,
    /// Imaging findings as read, when the case has imaging.
    pub imaging_findings: Option<ImagingFindings>,
    /// The imaging differential, when the case has imaging.
    pub differential: Option<Differential>,
    /// The care plan.
    pub pathway: Plan,
    /// Cautions that apply to this patient.
    pub cautions: Vec<StatementId>,
}

/// Runs every part that the case has input for.
pub fn consult(kb: &KnowledgeBase, case: &Case, explain: bool) -> Result<(Document, Consultation), CaseError> {
    case.check()?;
    let findings = case.exam.findings(kb)?;
    let localization = (!findings.is_empty()).then(|| localize(kb, &findings));
    let (imaging_findings, differential) = match &case.imaging {
        Some(imaging) => {
            let f = imaging.findings(&case.patient, &case.history)?;
            let terms = f.terms(kb).map_err(|e| CaseError(e.to_string()))?;
            let d = f.has_imaging().then(|| differential(kb, &terms));
            (Some(f), d)
        }
        None => (None, None),
    };
    let state = case.history.patient_state(kb, case.patient.weight_kg)?;
    crate::checks::check_deficits_against_exam(&state.deficits, &findings)?;
    let plan = plan(kb, &state);
    let triage = localization.iter().flat_map(|l| l.red_flags.iter().map(|f| f.triage)).fold(plan.triage, Triage::min);

    let mut cautions: Vec<StatementId> = localization.iter().flat_map(|l| l.caveats.iter().copied()).collect();
    if let Some((grade, age)) = imaging_findings.as_ref().and_then(|f| f.impingement.map(|g| (g, f.age))) {
        cautions.extend(impingement_notes(kb, grade == radiculo_imaging::findings::Impingement::Mild, age));
    }
    cautions.dedup();

    let mut flags: Vec<(Triage, &str, &str, &[StatementId])> =
        plan.red_flags.iter().map(|f| (f.triage, f.suspect, f.flag, f.statements.as_slice())).collect();
    if let Some(l) = &localization {
        for f in &l.red_flags {
            if !flags.iter().any(|(_, _, flag, _)| *flag == f.flag) {
                flags.push((f.triage, f.suspect, f.flag, f.statements.as_slice()));
            }
        }
    }
    flags.sort_by_key(|f| f.0);
    let mut sections = vec![Section::alert("Red flags", red_flag_items(kb, flags))];
    let pathway = pathway_document(kb, &plan, state.weeks, state.weight_kg, explain);
    let part = |doc: &Document, heading: &str| doc.sections.iter().find(|s| s.heading == heading).cloned();
    sections.extend(part(&pathway, "Triage and stage"));
    if let Some(l) = &localization {
        let doc = localization_document(kb, l);
        for heading in
            ["Likely roots and mimics", "Confidence", "Next discriminating tests", "When electrodiagnosis would decide"]
        {
            sections.extend(part(&doc, heading));
        }
    }
    if let (Some(f), Some(d)) = (&imaging_findings, &differential) {
        let doc = differential_document(kb, f, d);
        for heading in
            ["Needs prompt action", "Ranked causes", "Next diagnostic steps", "What would change the ranking"]
        {
            sections.extend(part(&doc, heading).map(|mut s| {
                s.heading = format!("Imaging: {}", s.heading.to_lowercase());
                s
            }));
        }
    }
    for heading in ["Plan", "Avoid", "Imaging", "Referral", "Doses", "Conditions that held"] {
        sections.extend(part(&pathway, heading));
    }
    sections
        .push(Section::new("Cautions for this patient", cautions.iter().map(|id| Item::statements([*id])).collect()));
    let title = match (triage, localization.as_ref().and_then(|l| l.candidates.first())) {
        (Triage::Emergency, _) => "Consultation: EMERGENCY".to_string(),
        (_, Some(top)) => format!("Consultation: {} most likely", top.label),
        _ => "Consultation".to_string(),
    };
    let result = Consultation { triage, localization, imaging_findings, differential, pathway: plan, cautions };
    Ok((Document { title, sections }, result))
}
