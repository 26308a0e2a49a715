//! The question router: recognising terms and levels, the scope check, routing to a topic and
//! rendering the answer never panic, whatever the question.

#![no_main]

use libfuzzer_sys::fuzz_target;
use radiculo_consult::ask::{answer, in_scope, recognize, route};
use radiculo_consult::render::{Level, Style, render, render_json};

fuzz_target!(|data: &[u8]| {
    let Ok(question) = std::str::from_utf8(data) else { return };
    let kb = radiculo_knowledge::baked();
    for explain in [false, true] {
        // As `radiculo ask` does it: recognise, check the scope, route, answer.
        let mut recognized = recognize(kb, question);
        if !in_scope(&recognized) {
            return;
        }
        let Some(topic) = route(kb, &mut recognized) else { return };
        let (doc, result) = answer(kb, question, topic, recognized, explain);
        for level in [Level::Summary, Level::Detail] {
            let _ = render(kb, &doc, Style::Text { color: false }, level);
            let _ = render(kb, &doc, Style::Markdown, level);
        }
        let json = render_json(kb, &doc, &result);
        assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok());
    }
});
