//! Documents for `radiculo differential` and `radiculo imaging`, and the lines a consultation
//! takes from them.

use radiculo_imaging::differential::considered;
use radiculo_imaging::findings::{ImagingFindings, Impingement};
use radiculo_imaging::{Appropriateness, Differential, RankedCause, impingement_notes};
use radiculo_kb::{CauseCategory, KnowledgeBase, Urgency};

use crate::document::{Document, Heading, Kind, Lead, Line, Section};
use crate::lines::rank_words;

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

/// A cause as a line: name, rank words, kind and urgency; its first statement; the findings
/// for and against as notes.
pub fn cause_line(c: &RankedCause) -> Line {
    let mut notes: Vec<String> =
        c.supporting.iter().map(|b| format!("for: {} (log-LR {:+.2})", b.label, b.log_lr)).collect();
    notes.extend(c.opposing.iter().map(|b| format!("against: {} (log-LR {:+.2})", b.label, b.log_lr)));
    let lead = format!("{}: {} ({}; {})", c.label, rank_words(&c.rank), category(c.category), urgency(c.urgency));
    let (first, rest) = c.statements.split_first().map_or((None, &[][..]), |(f, r)| (Some(*f), r));
    let mut support = rest.to_vec();
    support.extend(c.supporting.iter().chain(&c.opposing).map(|b| b.statement));
    support.dedup();
    Line::led(Lead::Rank(lead), first).with_support(support).with_notes(notes)
}

/// Alerts for causes worth considering that must be pursued urgently.
pub fn urgent_alerts(d: &Differential) -> Vec<Line> {
    // One line per urgency, so that several urgent causes do not push the answer off the screen.
    [Urgency::Emergent, Urgency::Urgent]
        .into_iter()
        .filter_map(|level| {
            let causes: Vec<_> = considered(d).filter(|c| c.urgency == level).collect();
            if causes.is_empty() {
                return None;
            }
            let labels: Vec<&str> = causes.iter().map(|c| c.label).collect();
            Some(
                Line::led(
                    Lead::Label(format!(
                        "{}: in the differential: {}",
                        urgency(level).to_uppercase(),
                        labels.join("; ")
                    )),
                    None,
                )
                .with_support(causes.iter().filter_map(|c| c.next_steps.first().copied())),
            )
        })
        .collect()
}

/// The leading causes (rank 1, ties included).
pub fn answer_lines(d: &Differential) -> Vec<Line> {
    d.differential.iter().take_while(|c| c.rank.rank == 1).map(cause_line).collect()
}

/// Next diagnostic steps: the first of each cause worth considering.
pub fn next_step_lines(d: &Differential) -> Vec<Line> {
    considered(d)
        .filter_map(|c| {
            let mut steps = c.next_steps.iter().copied();
            let first = steps.next()?;
            Some(Line::led(Lead::Label(format!("for {}", c.label)), Some(first)).with_support(steps))
        })
        .collect()
}

/// What reported impingement means.
pub fn impingement_lines(kb: &KnowledgeBase, findings: &ImagingFindings) -> Vec<Line> {
    let Some(grade) = findings.impingement else { return Vec::new() };
    let notes = impingement_notes(kb, grade == Impingement::Mild, findings.age);
    let mut notes = notes.into_iter();
    notes.next().map(|first| Line::statement(first).with_support(notes)).into_iter().collect()
}

/// The differential as a document: urgent causes first, the leading cause, next steps, the
/// other causes worth considering; the full ranking with `--detail`.
pub fn differential_document(kb: &KnowledgeBase, findings: &ImagingFindings, d: &Differential) -> Document {
    let leaders: Vec<&str> = d.differential.iter().take_while(|c| c.rank.rank == 1).map(|c| c.label).collect();
    let title = match leaders.as_slice() {
        [] if findings.impingement.is_some() => "Imaging: reading the reported impingement".to_string(),
        [] => "Imaging differential: no cause ranked for these findings".to_string(),
        [one] => format!("Imaging differential: {one} leads"),
        many => format!("Imaging differential: tie between {}", many.join(" and ")),
    };
    let mut doc = Document::new(Kind::Command, title);
    doc.alerts = urgent_alerts(d);
    doc.answer = answer_lines(d);
    if doc.answer.is_empty() {
        doc.answer = impingement_lines(kb, findings);
    } else {
        doc.summary(Section::new(
            Heading::Custom("Reading reported impingement".into()),
            impingement_lines(kb, findings),
        ));
    }
    doc.summary(Section::new(Heading::NextSteps, next_step_lines(d).into_iter().take(2).collect()));
    doc.summary(Section::new(
        Heading::Differential,
        considered(d).filter(|c| c.rank.rank > 1).take(3).map(cause_line).collect(),
    ));
    doc.detail(Section::new(
        Heading::Differential,
        d.differential.iter().filter(|c| c.rank.rank > 1).map(cause_line).collect(),
    ));
    doc.detail(Section::new(Heading::NextSteps, next_step_lines(d).into_iter().skip(2).collect()));
    doc.detail(Section::new(
        Heading::WouldChange,
        d.would_change
            .iter()
            .map(|w| {
                let favoured = kb.cause(w.would_favour.0).map_or(w.would_favour.0, |c| c.label.0);
                let effect = if w.would_lead { "would put first" } else { "would raise" };
                Line::led(Lead::Label(format!("{} {effect} {favoured}", w.label)), Some(w.statement))
            })
            .collect(),
    ));
    if d.differential.is_empty() && findings.impingement.is_none() {
        doc.notices.push(Line::led(
            Lead::Label(
                "no cause is ranked: the causes in the knowledge base explain root enhancement, and none was reported"
                    .into(),
            ),
            None,
        ));
    }
    for h in findings.unmatched_herniations(kb) {
        let compressed =
            h.compressed_root(kb).map_or_else(|| "no root named".to_string(), |(root, _)| root.to_string());
        doc.notices.push(Line::led(
            Lead::Finding(format!(
                "not counted: the {} {} {} herniation compresses {compressed}, not a root named",
                h.disc, h.zone, h.kind
            )),
            h.compressed_root(kb).map(|(_, rule)| rule.statement),
        ));
    }
    doc
}

/// The imaging decision as a line: the study to order or none, and the deciding statement.
pub fn imaging_line(a: &Appropriateness) -> Line {
    let lead = match (a.study_label, a.label) {
        (Some(study), _) => format!("image now: {study}"),
        (None, Some(label)) => label.to_string(),
        (None, None) => "no imaging now".to_string(),
    };
    Line::led(Lead::Label(lead), Some(a.headline)).with_support(a.support.iter().copied())
}

/// The imaging decision as a document.
pub fn imaging_document(a: Option<&Appropriateness>, notices: Vec<Line>) -> Document {
    let title = match a.and_then(|a| a.study_label) {
        Some(study) => format!("Imaging indicated now: {study}"),
        None if a.is_some() => "Imaging not indicated now".to_string(),
        None => "Imaging: no rule covers this patient".to_string(),
    };
    let mut doc = Document::new(Kind::Command, title);
    if let Some(a) = a {
        doc.answer.push(imaging_line(a));
    }
    doc.notices = notices;
    doc
}
