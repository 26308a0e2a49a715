//! One `radiculo batch` input line, as raw bytes: the result is always exactly one line of
//! valid JSON carrying its line number, full or compact.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use radiculo_cli::batch::{Context, Scratch, line};

fn contexts() -> &'static [Context; 2] {
    static CONTEXTS: OnceLock<[Context; 2]> = OnceLock::new();
    CONTEXTS.get_or_init(|| {
        let kb = radiculo_knowledge::baked();
        [Context::new(kb, false), Context::new(kb, true)]
    })
}

fuzz_target!(|data: &[u8]| {
    // A batch line never contains the newline that ends it.
    if data.contains(&b'\n') {
        return;
    }
    for context in contexts() {
        let mut out = Vec::new();
        let ok = line(context, &mut Scratch::default(), 7, data, &mut out);
        assert_eq!(out.iter().filter(|b| **b == b'\n').count(), 1, "one line");
        assert_eq!(out.last(), Some(&b'\n'));
        let value: serde_json::Value = serde_json::from_slice(&out).expect("valid JSON");
        assert_eq!(value["line"], 7);
        assert_eq!(value.get("error").is_none(), ok);
        if let Some(error) = value["error"].as_str() {
            assert!(error.len() < 2000, "a short error: {} bytes", error.len());
        }
    }
});
