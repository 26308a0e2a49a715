//! `radiculo ask "<question>"`.

use radiculo_consult::ask::{ask as answer, coverage};

use crate::Failure;
use crate::format::{Output, document};

/// Answers `question` with a knowledge-base topic composed with the case it carries, or
/// declines it. `--explain` shows how each word was read and why the topic was chosen, with
/// the full answer it explains.
pub fn ask(question: &str, output: Output, explain: bool) -> Result<String, Failure> {
    let kb = radiculo_knowledge::baked();
    if question.trim().is_empty() {
        return Err(Failure::Input(
            "the question is empty; ask e.g. \"How do I treat lumbosacral radiculopathy?\"".into(),
        ));
    }
    let Some((doc, result)) = answer(kb, question, explain) else {
        let covers: Vec<String> = coverage(kb).iter().map(|t| format!("  - {t}")).collect();
        return Err(Failure::OutOfScope(format!(
            "radiculo answers questions about spinal nerve-root disorders; this question is outside that scope, so it is declined rather than guessed at.\nradiculo covers:\n{}",
            covers.join("\n")
        )));
    };
    let output = Output { detail: output.detail || explain, ..output };
    Ok(document(&doc, &result, output))
}
