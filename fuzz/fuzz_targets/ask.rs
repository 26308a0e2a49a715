//! The question router: reading the case in the question, the scope check, routing to a topic
//! and rendering the answer never panic, whatever the question.

#![no_main]

use libfuzzer_sys::fuzz_target;
use radiculo_consult::ask::{answer, fit_summary};
use radiculo_consult::render::{Level, Style, render, render_json};

fuzz_target!(|data: &[u8]| {
    let Ok(question) = std::str::from_utf8(data) else { return };
    let kb = radiculo_knowledge::baked();
    for (explain, full) in [(false, false), (true, true)] {
        // As `radiculo ask` does it: read, check the scope, route, answer, fit one screen.
        let Some((doc, result)) = answer(kb, question, explain, full) else { return };
        let json = render_json(kb, &doc, &result);
        assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok());
        let doc = if full { doc } else { fit_summary(kb, doc) };
        for level in [Level::Summary, Level::Detail] {
            let _ = render(kb, &doc, Style::Text { color: false }, level);
            let _ = render(kb, &doc, Style::Markdown, level);
        }
    }
});
