//! `radiculo ask "<question>"`.

use radiculo_consult::ask::{answer, coverage, in_scope, recognize, route};

use crate::Failure;
use crate::format::{Output, document};

/// Answers `question` with a knowledge-base topic, or declines it.
pub fn ask(question: &str, output: Output, explain: bool) -> Result<String, Failure> {
    let kb = radiculo_knowledge::baked();
    if question.trim().is_empty() {
        return Err(Failure::Input(
            "the question is empty; ask e.g. \"How do I treat lumbosacral radiculopathy?\"".into(),
        ));
    }
    let mut recognized = recognize(kb, question);
    let decline = || {
        let covers: Vec<String> = coverage(kb).iter().map(|t| format!("  - {t}")).collect();
        Failure::OutOfScope(format!(
            "radiculo answers questions about spinal nerve-root disorders; this question is outside that scope, so it is declined rather than guessed at.\nradiculo covers:\n{}",
            covers.join("\n")
        ))
    };
    if !in_scope(&recognized) {
        return Err(decline());
    }
    let Some(topic) = route(kb, &mut recognized) else { return Err(decline()) };
    let (doc, result) = answer(kb, question, topic, recognized, explain);
    Ok(document(&doc, &result, output))
}
