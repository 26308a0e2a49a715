//! `--audience patient`: a plain-language handout with the warning signs that fit the patient,
//! no doses, and only statements written for patients.

mod common;

use common::radiculo;

fn example(name: &str) -> String {
    format!("{}/../../docs/examples/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn handout(args: &[&str]) -> (String, serde_json::Value) {
    let mut text_args = args.to_vec();
    text_args.extend(["--audience", "patient"]);
    let text = radiculo(&text_args);
    assert_eq!(text.code, 0, "{}", text.stderr);
    text_args.extend(["--format", "json"]);
    let json = radiculo(&text_args);
    assert_eq!(json.code, 0, "{}", json.stderr);
    (text.stdout, serde_json::from_str(&json.stdout).expect("JSON"))
}

fn printed_statements(json: &serde_json::Value) -> Vec<String> {
    json["statements"]
        .as_array()
        .expect("statements")
        .iter()
        .filter_map(|s| s["id"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn handouts_print_only_patient_statements_and_no_doses() {
    let kb = radiculo_knowledge::baked();
    for case in ["l5-radiculopathy.toml", "checkpoint-inhibitor-neuropathy.toml"] {
        let (text, json) = handout(&["consult", &example(case)]);
        let ids = printed_statements(&json);
        assert!(!ids.is_empty(), "{case}: the handout says something");
        for id in &ids {
            let statement = kb.statement(id).unwrap_or_else(|| panic!("{id} exists"));
            assert_eq!(statement.audience, radiculo_kb::Audience::Patient, "{case}: {id} is written for clinicians");
        }
        for dose in ["mg", "g/kg", "/day", "x 70 kg"] {
            assert!(!text.contains(dose), "{case}: the handout gives a dose ({dose}):\n{text}");
        }
    }
}

#[test]
fn a_routine_handout_carries_the_cauda_equina_safety_net() {
    let (text, json) = handout(&["consult", &example("l5-radiculopathy.toml")]);
    assert!(printed_statements(&json).contains(&"patient.ces-safety-net".to_string()), "{text}");
    assert!(printed_statements(&json).contains(&"patient.stay-active".to_string()), "{text}");
}

#[test]
fn a_polyradiculoneuropathy_handout_warns_about_breathing_not_cauda_equina() {
    let (text, json) = handout(&["consult", &example("checkpoint-inhibitor-neuropathy.toml")]);
    let ids = printed_statements(&json);
    assert!(ids.contains(&"patient.nerve-inflammation-hospital".to_string()), "{text}");
    assert!(!ids.contains(&"patient.ces-safety-net".to_string()), "{text}");
    assert!(!ids.contains(&"patient.stay-active".to_string()), "no conservative advice for an inpatient: {text}");
    let first: String = text.lines().skip(2).take(3).collect();
    assert!(first.contains("breathing"), "the warning comes first:\n{text}");
}

#[test]
fn pathway_handouts_follow_the_red_flags() {
    let (text, json) = handout(&["pathway", "--weeks", "1", "--red-flag", "fever", "--red-flag", "iv drug use"]);
    let ids = printed_statements(&json);
    assert!(ids.contains(&"patient.infection-warning".to_string()), "{text}");
    let first: String = text.lines().skip(2).take(3).collect();
    assert!(first.contains("fever"), "the warning comes first:\n{text}");
}
