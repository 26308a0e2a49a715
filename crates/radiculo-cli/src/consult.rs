//! `radiculo consult`, `radiculo schema` and `radiculo batch`.

use std::io::{BufRead, IsTerminal, Write};

use radiculo_consult::case::Case;
use radiculo_consult::consult::consult;
use radiculo_consult::render::render_json;

use crate::Failure;
use crate::format::{Format, document};

/// `radiculo consult <case>`.
pub fn consult_command(case: Case, format: Format) -> Result<String, Failure> {
    let kb = radiculo_kb::baked();
    let (doc, result) = consult(kb, &case).map_err(|e| Failure::Input(e.0))?;
    Ok(document(&doc, &result, format))
}

/// `radiculo schema`: the JSON Schema of the case format.
pub fn schema() -> String {
    let schema = schemars::schema_for!(Case);
    let mut out = serde_json::to_string_pretty(&schema).unwrap_or_default();
    out.push('\n');
    out
}

/// `radiculo batch`: one JSON result line per input line, in order; a bad line gives an
/// error object and processing continues. Returns whether every line succeeded.
pub fn batch(input: impl BufRead, mut out: impl Write) -> std::io::Result<bool> {
    let kb = radiculo_kb::baked();
    let progress = std::io::stderr().is_terminal();
    let mut all_ok = true;
    for (i, line) in input.lines().enumerate() {
        let line = line?;
        let number = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let result = serde_json::from_str::<Case>(&line)
            .map_err(|e| format!("line {number}, column {}: {e}", e.column()))
            .and_then(|case| consult(kb, &case).map_err(|e| e.0));
        let json = match result {
            Ok((doc, consultation)) => {
                let text = render_json(kb, &doc, &consultation);
                let value: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
                let mut object = serde_json::Map::new();
                object.insert("line".into(), number.into());
                if let serde_json::Value::Object(map) = value {
                    object.extend(map);
                }
                serde_json::Value::Object(object)
            }
            Err(error) => {
                all_ok = false;
                serde_json::json!({ "line": number, "error": error })
            }
        };
        writeln!(out, "{json}")?;
        if progress {
            eprint!("\r{number} cases");
        }
    }
    if progress {
        eprintln!();
    }
    Ok(all_ok)
}
