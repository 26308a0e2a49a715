//! A plain-language handout for the patient (`--audience patient`): what to do, and the
//! warning signs that mean seeking help at once. Only statements written for patients are
//! printed, each with its sources; no doses.

use radiculo_kb::{Audience, KnowledgeBase, StatementId};
use radiculo_pathways::Plan;

use crate::document::{Document, Heading, Kind, Line, Section};

/// The red flag whose patient statement is the safety net of a handout that has no warning
/// of its own: the signs of cauda equina syndrome.
pub const SAFETY_NET_FLAG: &str = "red-flag.saddle-anaesthesia";

fn patient_statement(kb: &KnowledgeBase, id: Option<StatementId>) -> Option<StatementId> {
    id.filter(|id| kb.statement(id.0).is_some_and(|s| s.audience == Audience::Patient))
}

/// The handout for a plan.
pub fn handout(kb: &KnowledgeBase, plan: &Plan) -> Document {
    let mut doc = Document::new(Kind::Command, "What this means for you");
    let mut warnings: Vec<StatementId> = plan
        .red_flags
        .iter()
        .filter_map(|f| kb.red_flag(f.flag))
        .filter_map(|f| patient_statement(kb, f.patient))
        .collect();
    // A raised flag's own warning replaces the general safety net: weakness of both legs in a
    // polyradiculoneuropathy is not a sign of cauda equina syndrome to come.
    if warnings.is_empty()
        && let Some(net) = kb.red_flag(SAFETY_NET_FLAG).and_then(|f| patient_statement(kb, f.patient))
    {
        warnings.push(net);
    }
    let mut seen = Vec::new();
    warnings.retain(|w| {
        let first = !seen.contains(w);
        seen.push(*w);
        first
    });
    let mut steps: Vec<StatementId> =
        plan.plan.iter().chain(&plan.avoid).filter_map(|s| patient_statement(kb, s.patient)).collect();
    steps.dedup();
    if plan.red_flags.is_empty() {
        doc.answer = steps.iter().take(1).map(|id| Line::statement(*id)).collect();
        doc.summary(Section::new(Heading::Handout, steps.iter().skip(1).map(|id| Line::statement(*id)).collect()));
    } else {
        doc.alerts = warnings.iter().take(1).map(|id| Line::statement(*id)).collect();
        doc.summary(Section::new(Heading::Handout, steps.iter().map(|id| Line::statement(*id)).collect()));
    }
    doc.summary(Section::new(
        Heading::Custom("Get help at once if".into()),
        warnings.iter().skip(usize::from(!plan.red_flags.is_empty())).map(|id| Line::statement(*id)).collect(),
    ));
    doc
}
