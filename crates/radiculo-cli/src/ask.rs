//! `radiculo ask "<question>"`.

use radiculo_consult::ask::{answer, coverage, fit_summary};

use crate::Failure;
use crate::format::{Format, Output, document};

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
    let one_screen = !output.detail && !explain && output.format == Format::Text;
    let Some((doc, result)) = answer(kb, question, explain, !one_screen) else {
        let covers: Vec<String> = coverage(kb).iter().map(|t| format!("  - {t}")).collect();
        return Err(Failure::OutOfScope(format!(
            "radiculo answers questions about spinal nerve-root disorders; this question is outside that scope, so it is declined rather than guessed at.\nradiculo covers:\n{}",
            covers.join("\n")
        )));
    };
    let output = Output { detail: output.detail || explain, ..output };
    // The one-screen text is cut to its budget here, in one pass; the renderer checks it.
    let doc = if one_screen { fit_summary(kb, doc) } else { doc };
    Ok(document(&doc, &result, output))
}
