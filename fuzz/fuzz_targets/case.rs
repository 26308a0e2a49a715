//! A case file (TOML or JSON) through parsing, the case checks, a whole consultation and every
//! renderer: no panic on any input, errors stay short, JSON stays one value.

#![no_main]

use libfuzzer_sys::fuzz_target;
use radiculo_consult::case::Case;
use radiculo_consult::consult::consult;
use radiculo_consult::render::{Level, Style, render, render_json};

fuzz_target!(|data: &[u8]| {
    // The same reading as `radiculo consult FILE`: UTF-8 (a byte-order mark dropped) then parse.
    let Ok(text) = radiculo_cli::input::text("fuzz", data.to_vec()) else { return };
    let case = match Case::parse("fuzz", &text) {
        Ok(case) => case,
        Err(e) => {
            let message = e.to_string();
            assert!(message.len() < 2000, "a short message: {} bytes", message.len());
            return;
        }
    };
    let kb = radiculo_knowledge::baked();
    for explain in [false, true] {
        match consult(kb, &case, explain) {
            Ok((doc, result)) => {
                for level in [Level::Summary, Level::Detail] {
                    let _ = render(kb, &doc, Style::Text { color: false }, level);
                    let _ = render(kb, &doc, Style::Markdown, level);
                }
                let json = render_json(kb, &doc, &result);
                assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok(), "render_json writes JSON");
            }
            Err(e) => {
                let message = e.to_string();
                assert!(message.len() < 2000, "a short message: {} bytes", message.len());
            }
        }
    }
});
