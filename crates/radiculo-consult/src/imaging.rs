//! Documents for `radiculo differential` and `radiculo imaging`.

use radiculo_imaging::findings::{ImagingFindings, Impingement};
use radiculo_imaging::{Appropriateness, Differential, impingement_notes};
use radiculo_kb::{CauseCategory, KnowledgeBase, Urgency};

use crate::render::{Document, Item, Section};

fn urgency(u: Urgency) -> &'static str {
    match u {
        Urgency::Emergent => "emergent",
        Urgency::Urgent => "urgent",
        Urgency::Routine => "routine",
    }
}

fn category(c: CauseCategory) -> &'static str {
    match c {
        CauseCategory::Inflammatory => "inflammatory",
        CauseCategory::PostSurgical => "post-surgical",
        CauseCategory::Neoplastic => "neoplastic",
        CauseCategory::Infectious => "infectious",
        CauseCategory::Iatrogenic => "iatrogenic",
        CauseCategory::Compressive => "compressive",
    }
}

/// Causes whose share of the evidence is worth acting on.
const SHOWN_SCORE: f64 = 0.02;
/// Causes whose next steps are listed.
const STEPS_FOR: usize = 3;

/// The differential as a document: urgent causes flagged first, then the ranking, next steps,
/// what would change the ranking, and how to read impingement when it was reported.
pub fn differential_document(kb: &KnowledgeBase, findings: &ImagingFindings, d: &Differential) -> Document {
    let shown: Vec<_> = d.differential.iter().filter(|c| c.score >= SHOWN_SCORE).collect();
    let mut sections = Vec::new();
    sections.push(Section::alert(
        "Needs prompt action",
        shown
            .iter()
            .take(STEPS_FOR)
            .filter(|c| c.urgency != Urgency::Routine)
            .map(|c| {
                Item::led(
                    format!("{} is in the differential ({}): pursue it {}", c.label, c.score, urgency(c.urgency)),
                    [],
                )
            })
            .collect(),
    ));
    sections.push(Section::new(
        "Ranked causes",
        shown
            .iter()
            .map(|c| {
                let mut details: Vec<String> = c.supporting.iter().map(|b| format!("for: {}", b.label)).collect();
                details.extend(c.opposing.iter().map(|b| format!("against: {}", b.label)));
                let mut statements = c.statements.clone();
                for b in c.supporting.iter().chain(&c.opposing) {
                    if !statements.contains(&b.statement) {
                        statements.push(b.statement);
                    }
                }
                Item::led(
                    format!("{} ({:.3}; {}; {})", c.label, c.score, category(c.category), urgency(c.urgency)),
                    statements,
                )
                .with_details(details)
            })
            .collect(),
    ));
    sections.push(Section::new(
        "Next diagnostic steps",
        shown
            .iter()
            .take(STEPS_FOR)
            .filter(|c| !c.next_steps.is_empty())
            .map(|c| Item::led(format!("for {}", c.label), c.next_steps.clone()))
            .collect(),
    ));
    sections.push(Section::new(
        "What would change the ranking",
        d.would_change
            .iter()
            .map(|w| {
                let favoured = kb.cause(w.would_favour).map_or(w.would_favour, |c| c.label.0);
                let effect = if w.would_lead { "would put".to_string() } else { "would raise".to_string() };
                let then = if w.would_lead {
                    "first".to_string()
                } else {
                    format!("(the leader would fall to {:.3})", w.leader_score_then)
                };
                Item::led(format!("{} {effect} {favoured} {then}", w.label), [w.statement])
            })
            .collect(),
    ));
    if let Some(grade) = findings.impingement {
        let mild = grade == Impingement::Mild;
        sections.push(Section::new(
            "Reading reported impingement",
            vec![Item::statements(impingement_notes(kb, mild, findings.age))],
        ));
    }
    let unmatched = findings.unmatched_herniations().into_iter().map(|h| {
        Item::led(
            format!(
                "the {} {} {} herniation compresses {}, not a named root, so it is not counted",
                h.disc,
                h.zone,
                h.kind,
                h.root()
            ),
            [],
        )
    });
    sections.push(Section::new("Not counted", unmatched.collect()));
    let title = match d.differential.first() {
        Some(top) => format!("Imaging differential: {} leads", top.label),
        None => "Imaging differential".to_string(),
    };
    Document { title, sections }
}

/// The imaging decision as a document.
pub fn imaging_document(a: &Appropriateness) -> Document {
    let title = if a.indicated_now {
        format!("Imaging indicated now: {}", a.study.label())
    } else {
        "Imaging not indicated now".to_string()
    };
    let lead = if a.indicated_now { format!("order {}", a.study.label()) } else { "do not image now".to_string() };
    Document { title, sections: vec![Section::new("Decision", vec![Item::led(lead, a.statements.clone())])] }
}
