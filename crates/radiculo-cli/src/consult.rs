//! `radiculo consult`, `radiculo schema` and `radiculo batch`.

use std::io::{BufRead, IsTerminal, Write};

use radiculo_consult::case::Case;
use radiculo_consult::consult::consult;
use radiculo_consult::render::json_object;

use crate::Failure;
use crate::format::{Audience, Output, document};

/// `radiculo consult <case>`.
pub fn consult_command(case: Case, output: Output, explain: bool, audience: Audience) -> Result<String, Failure> {
    let kb = radiculo_knowledge::baked();
    let (doc, result) = consult(kb, &case, explain).map_err(Failure::input)?;
    let doc = match audience {
        Audience::Clinician => doc,
        Audience::Patient => radiculo_consult::handout::handout(kb, &result.pathway),
    };
    Ok(document(&doc, &result, output))
}

/// `radiculo schema`: the JSON Schema of the case format.
pub fn schema() -> String {
    let schema = schemars::schema_for!(Case);
    crate::format::json(&schema)
}

/// `radiculo batch`: one JSON result line per input line, in order; a bad line gives an
/// error object and processing continues. Returns whether every line succeeded.
pub fn batch(input: impl BufRead, mut out: impl Write) -> std::io::Result<bool> {
    let kb = radiculo_knowledge::baked();
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
            .and_then(|case| consult(kb, &case, false).map_err(|e| e.to_string()));
        let json = match result {
            Ok((doc, consultation)) => {
                let mut object = serde_json::Map::new();
                object.insert("line".into(), number.into());
                object.extend(json_object(kb, &doc, &consultation));
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

/// Asks the questions that matter, one at a time on the terminal; an empty answer skips one.
/// Every answer is read exactly as a case file would read it, so the same errors apply.
pub fn interview(mut input: impl BufRead, mut prompt: impl Write) -> std::io::Result<Case> {
    let mut ask = |question: &str| -> std::io::Result<Option<String>> {
        write!(prompt, "{question} (Enter to skip): ")?;
        prompt.flush()?;
        let mut line = String::new();
        input.read_line(&mut line)?;
        let line = line.trim().to_string();
        Ok((!line.is_empty()).then_some(line))
    };
    let list = |answer: Option<String>| -> Vec<String> {
        answer
            .map(|a| a.split(';').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect())
            .unwrap_or_default()
    };
    let mut case = Case::default();
    case.history.red_flags = list(ask("Red flags, separated by ';' (e.g. saddle anaesthesia; urinary retention)")?);
    case.history.weeks = ask("Weeks since onset")?.and_then(|w| w.parse().ok());
    case.history.pain = ask("Pain 0-10")?.and_then(|p| p.parse().ok());
    case.history.function = ask("Function: none, daily-activities or self-care")?;
    case.exam.weak = list(ask("Weakness, ACTION:SIDE:MRC separated by ';' (e.g. foot drop:left:3)")?);
    case.exam.reflex = list(ask("Reflexes, NAME:CHANGE:SIDE separated by ';' (e.g. ankle jerk:absent:left)")?);
    case.exam.numb = list(ask("Numbness, AREA:SIDE separated by ';' (e.g. top of the foot:left)")?);
    case.history.context = list(ask("Context, separated by ';' (e.g. checkpoint-inhibitor; suspected-gbs)")?);
    case.patient.weight_kg = ask("Weight in kg (needed for any weight-based dose)")?.and_then(|w| w.parse().ok());
    Ok(case)
}
