//! `radiculo consult`: one case in, one consultation out. Red flags and triage first, then the
//! localization, the MRI read against the examination, the differential, and the staged plan
//! with doses; what is not covered for this patient said plainly.

use radiculo_anatomy::localize::{CandidateKind, Localization, localize};
use radiculo_imaging::{Differential, ImagingFindings, differential};
use radiculo_kb::{KnowledgeBase, StatementId, Triage};
use radiculo_pathways::{Plan, plan};
use serde::Serialize;

use crate::anatomy::{candidate_name, leaders, next_test_lines, not_counted_notices};
use crate::case::{Case, CaseError};
use crate::document::{Document, Heading, Kind, Lead, Line, Section};
use crate::lines::{alerts, coverage_notices, red_flag_lines, triage_word};
use crate::render::Level;

/// Whether the MRI agrees with the examination.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Concordance {
    /// Whether a herniation compresses a root the examination points to.
    pub concordant: bool,
    /// The roots the examination points to.
    pub examination: Vec<String>,
    /// Each herniation with the root it compresses.
    pub herniations: Vec<(String, String)>,
    /// The statement behind the reading.
    pub statement: StatementId,
}

/// The structured consultation, for JSON.
#[derive(Debug, Clone, Serialize)]
pub struct Consultation {
    /// How soon the patient must be seen (the most urgent of history, examination and imaging).
    pub triage: Triage,
    /// Root localization, when the case has examination findings.
    pub localization: Option<Localization>,
    /// Imaging findings as read, when the case has imaging.
    pub imaging_findings: Option<ImagingFindings>,
    /// The imaging differential, when the case has imaging.
    pub differential: Option<Differential>,
    /// Whether the MRI agrees with the examination, when both name roots.
    pub concordance: Option<Concordance>,
    /// The care plan.
    pub pathway: Plan,
    /// Cautions that apply to this patient.
    pub cautions: Vec<StatementId>,
}

/// Statement used when the MRI and the examination disagree.
pub const DISCORDANT: &str = "imaging.correlation.must-match-clinical-picture";

/// Reads the MRI against the examination: concordant when a herniation compresses one of the
/// roots the examination leads with.
pub fn concordance(kb: &KnowledgeBase, loc: &Localization, imaging: &ImagingFindings) -> Option<Concordance> {
    let roots: Vec<String> = leaders(loc)
        .iter()
        .flat_map(|c| match c.kind {
            CandidateKind::Root => vec![c.id],
            CandidateKind::Pattern => c.roots.clone(),
            CandidateKind::Mimic => Vec::new(),
        })
        .map(|id| id.0.to_uppercase())
        .collect();
    if roots.is_empty() || imaging.herniations.is_empty() {
        return None;
    }
    let mut herniations = Vec::new();
    let mut agreeing = None;
    for h in &imaging.herniations {
        let Some((root, rule)) = h.compressed_root(kb) else { continue };
        let root = root.to_string();
        if roots.contains(&root) && agreeing.is_none() {
            agreeing = Some(rule.statement);
        }
        herniations.push((format!("{} {} {}", h.disc, h.zone, h.kind), root));
    }
    if herniations.is_empty() {
        return None;
    }
    let statement = agreeing.or_else(|| kb.statement(DISCORDANT).map(|s| s.id))?;
    Some(Concordance { concordant: agreeing.is_some(), examination: roots, herniations, statement })
}

fn concordance_line(c: &Concordance) -> Line {
    let mri: Vec<String> =
        c.herniations.iter().map(|(h, root)| format!("the {h} herniation compresses {root}")).collect();
    let verdict = if c.concordant { "MRI and examination agree" } else { "MRI and examination disagree" };
    Line::led(
        Lead::Label(format!("{verdict}: {}; the examination points to {}", mri.join(", "), c.examination.join(" or "))),
        Some(c.statement),
    )
}

/// Runs every part that the case has input for.
///
/// # Errors
/// [`CaseError`] for an empty case, unknown names, bad values and contradictions.
pub fn consult(kb: &KnowledgeBase, case: &Case, explain: bool) -> Result<(Document, Consultation), CaseError> {
    consult_at(kb, case, explain, Level::Detail)
}

/// [`consult`] with the document built only as far as `level` needs: at
/// [`Level::Summary`] the evidence sections are left out (population runs print no evidence).
///
/// # Errors
/// As [`consult`].
pub fn consult_at(
    kb: &KnowledgeBase,
    case: &Case,
    explain: bool,
    level: Level,
) -> Result<(Document, Consultation), CaseError> {
    case.check(kb)?;
    let findings = case.findings(kb)?;
    let localization = (!findings.is_empty()).then(|| localize(kb, &findings));
    let imaging_findings = case.imaging(kb)?;
    let differential = imaging_findings
        .as_ref()
        .filter(|f| f.has_imaging())
        .map(|f| f.terms(kb).map(|terms| differential(kb, &terms)))
        .transpose()?;
    let scope = case.scope(localization.as_ref(), imaging_findings.as_ref())?;
    let concordance = match (&localization, &imaging_findings) {
        (Some(l), Some(i)) => concordance(kb, l, i),
        _ => None,
    };
    let mut state = case.state(kb, scope, &findings)?;
    state.imaging_discordant = concordance.as_ref().is_some_and(|c| !c.concordant);
    let exam_flags = localization.as_ref().map(|l| l.red_flags.clone()).unwrap_or_default();
    let plan = plan(kb, &state, &exam_flags);
    // The plan weighs the examination's flags against the history (weakness of both legs on a
    // checkpoint inhibitor is a polyradiculoneuropathy, not cauda equina syndrome), so its list
    // is the consultation's only list of red flags.
    let localization = localization.map(|l| Localization { red_flags: Vec::new(), ..l });
    let mut cautions: Vec<StatementId> = localization.iter().flat_map(|l| l.caveats.iter().copied()).collect();
    if let Some(f) = &imaging_findings
        && let Some(grade) = f.impingement
    {
        cautions.extend(radiculo_imaging::impingement_notes(
            kb,
            grade == radiculo_imaging::findings::Impingement::Mild,
            f.age,
        ));
    }
    let mut seen = Vec::new();
    cautions.retain(|c| {
        let first = !seen.contains(c);
        seen.push(*c);
        first
    });

    let result = Consultation {
        triage: plan.triage,
        localization,
        imaging_findings,
        differential,
        concordance,
        pathway: plan,
        cautions,
    };
    Ok((document(kb, &result, state.weeks, state.weight_kg, explain, level), result))
}

fn document(
    kb: &KnowledgeBase,
    c: &Consultation,
    weeks: Option<u32>,
    weight_kg: Option<f64>,
    explain: bool,
    level: Level,
) -> Document {
    let leader =
        c.localization.as_ref().map(|l| leaders(l).iter().map(|c| candidate_name(c)).collect::<Vec<_>>().join(" or "));
    let title = match (c.triage, leader.filter(|l| !l.is_empty())) {
        (Triage::Routine, Some(l)) => format!("Consultation: {l} leading"),
        (Triage::Routine, None) => "Consultation".to_string(),
        (t, Some(l)) => format!("Consultation: {}; {l} leading", triage_word(t)),
        (t, None) => format!("Consultation: {}", triage_word(t)),
    };
    let mut doc = Document::new(Kind::Consult, title);
    let p = &c.pathway;
    doc.alerts = alerts(kb, &p.red_flags);
    if let Some(d) = &c.differential {
        doc.alerts.extend(crate::imaging::urgent_alerts(d));
    }
    doc.answer.push(crate::pathway::answer_line(kb, p, weeks));
    if let Some(l) = &c.localization {
        doc.answer.extend(crate::anatomy::answer_lines(kb, l).into_iter().take(2));
    }
    if let Some(con) = &c.concordance {
        doc.answer.push(concordance_line(con));
    }
    if let Some(d) = &c.differential {
        doc.answer.extend(crate::imaging::answer_lines(d).into_iter().take(1));
    }
    doc.summary(Section::new(Heading::DoNow, crate::pathway::do_now_lines(p, explain).take(3).collect()));
    doc.summary(Section::new(Heading::Doses, crate::pathway::dose_lines(p, weight_kg)));
    if let Some(l) = &c.localization {
        doc.summary(Section::new(Heading::NextTest, next_test_lines(l).take(1).collect()));
    }
    doc.summary(Section::new(Heading::Imaging, p.imaging.iter().map(crate::imaging::imaging_line).collect()));
    doc.summary(Section::new(Heading::Avoid, crate::pathway::avoid_lines(p, explain).take(2).collect()));
    doc.notices = coverage_notices(&p.coverage);
    if let Some(l) = &c.localization {
        doc.notices.extend(not_counted_notices(l));
    }
    if level == Level::Summary {
        return doc;
    }

    doc.detail(Section::new(Heading::RedFlags, red_flag_lines(kb, &p.red_flags)));
    if let Some(l) = &c.localization {
        let ranking =
            l.candidates.iter().filter(|c| c.rank.rank > 1).map(|c| crate::anatomy::candidate_line(kb, c)).collect();
        doc.detail(Section::new(Heading::Ranking, ranking));
        doc.detail(Section::new(Heading::Electrodiagnosis, l.edx.iter().map(|id| Line::statement(*id)).collect()));
    }
    if let (Some(d), Some(f)) = (&c.differential, &c.imaging_findings) {
        let imaging_doc = crate::imaging::differential_document(kb, f, d);
        doc.detail.extend(imaging_doc.summary.into_iter().chain(imaging_doc.detail));
    }
    doc.detail(Section::new(Heading::DoNow, crate::pathway::do_now_lines(p, explain).skip(3).collect()));
    doc.detail(Section::new(Heading::Avoid, crate::pathway::avoid_lines(p, explain).skip(2).collect()));
    doc.detail(Section::new(Heading::Cautions, c.cautions.iter().map(|id| Line::statement(*id)).collect()));
    if explain {
        doc.detail(Section::new(Heading::Conditions, vec![Line::led(Lead::Trace(p.conditions.join(", ")), None)]));
    }
    doc
}
