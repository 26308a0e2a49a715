//! `radiculo root` cards and `radiculo localize` exit codes and messages.

mod common;

use common::radiculo;

#[test]
fn root_cards_of_c5_to_t1_and_l1_to_s1() {
    for root in ["C5", "C6", "C7", "C8", "T1", "L1", "L2", "L3", "L4", "L5", "S1"] {
        let run = radiculo(&["root", root]);
        assert_eq!(run.code, 0, "{root}: {}", run.stderr);
        snapshot!(format!("root_{root}"), run.stdout);
    }
}

#[test]
fn root_card_json_names_statements_and_discs() {
    let run = radiculo(&["root", "L5", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(value["root"], "L5");
    let discs = value["discs"].as_array().expect("discs");
    assert!(discs.iter().any(|d| d["disc"] == "L4-5" && d["relation"] == "traversing"));
    assert!(discs.iter().any(|d| d["disc"] == "L5-S1" && d["relation"] == "exiting"));
    assert!(!value["statements"].as_array().expect("statements").is_empty());
    assert!(!value["references"].as_array().expect("references").is_empty());
}

#[test]
fn l6_is_explained_not_guessed() {
    let run = radiculo(&["root", "L6"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains("no L6 in standard anatomy"), "{}", run.stderr);
    assert!(run.stderr.contains("transitional"), "{}", run.stderr);
}

#[test]
fn a_disc_is_not_a_root() {
    let run = radiculo(&["root", "L4-5"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("is a disc, not a root"), "{}", run.stderr);
    assert!(run.stderr.contains("L5") && run.stderr.contains("L4"));
}

#[test]
fn impossible_notation_is_explained() {
    let run = radiculo(&["root", "M4-5"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not a spinal region"), "{}", run.stderr);
    let run = radiculo(&["root", "L3-5"]);
    assert!(run.stderr.contains("did you mean `L3-4` or `L4-5`?"), "{}", run.stderr);
}

#[test]
fn contradictory_findings_exit_2_naming_both() {
    let run = radiculo(&["localize", "--reflex", "achilles:absent:left", "--reflex", "achilles:normal:left"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains("achilles reflex absent:left"), "{}", run.stderr);
    assert!(run.stderr.contains("achilles reflex normal:left"), "{}", run.stderr);
}

#[test]
fn unknown_term_names_it_and_three_nearest() {
    let run = radiculo(&["localize", "--weak", "quadz"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("`quadz`"), "{}", run.stderr);
    let suggestions = run.stderr.split("did you mean").nth(1).expect("suggestions");
    assert_eq!(suggestions.matches('`').count(), 6, "three suggestions: {}", run.stderr);
}

#[test]
fn localize_json_has_the_documented_fields() {
    let run = radiculo(&["localize", "--weak", "EHL:right:3", "--numb", "top of the foot:right", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    for field in ["candidates", "confidence", "next_tests", "red_flags", "statements", "references", "knowledge_base"] {
        assert!(value.get(field).is_some(), "missing {field}");
    }
    let candidates = value["candidates"].as_array().expect("candidates");
    let total: f64 = candidates.iter().map(|c| c["score"].as_f64().expect("score")).sum();
    assert!((total - 1.0).abs() < 1e-9, "scores sum to {total}");
    for c in candidates {
        for field in ["root", "kind", "score", "supporting", "opposing"] {
            assert!(c.get(field).is_some(), "candidate lacks {field}");
        }
    }
}

#[test]
fn output_is_byte_identical_across_runs() {
    let args = ["localize", "--weak", "foot drop:left:2", "--reflex", "ankle jerk:reduced:left", "--pain", "sole:left"];
    let first = radiculo(&args);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(first.stdout.contains("L5"), "a real localization, not an empty output: {}", first.stdout);
    for _ in 0..3 {
        let again = radiculo(&args);
        assert_eq!(again.code, 0, "{}", again.stderr);
        assert_eq!(again.stdout, first.stdout);
    }
}
