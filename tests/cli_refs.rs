//! `radiculo refs`: listing, showing one reference, and an unknown id.

mod common;

use common::radiculo;

#[test]
fn lists_every_reference_with_the_knowledge_base_stamp() {
    let run = radiculo(&["refs"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let kb = radiculo_knowledge::baked();
    assert!(run.stdout.contains(&kb.stamp()));
    for r in kb.references.iter() {
        assert!(run.stdout.contains(r.id.0), "{} missing from the list", r.id);
    }
}

#[test]
fn shows_one_reference_in_full() {
    let run = radiculo(&["refs", "riew2000"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    snapshot!("shows_one_reference_in_full", run.stdout);
}

#[test]
fn json_list_names_ids_and_identifiers_only_where_present() {
    let run = radiculo(&["refs", "--format", "json"]);
    assert_eq!(run.code, 0);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    assert_eq!(value["knowledge_base"]["version"], radiculo_knowledge::baked().version.0);
    let refs = value["references"].as_array().expect("a list");
    let riew = refs.iter().find(|r| r["id"] == "riew2000").expect("riew2000 listed");
    assert_eq!(riew["pmid"], "11097449");
    assert!(riew.get("url").is_none(), "absent identifiers are left out, not null");
}

#[test]
fn json_of_one_reference_carries_its_figures() {
    let run = radiculo(&["refs", "riew2000", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    assert_eq!(value["reference"]["doi"], "10.2106/00004623-200011000-00012");
    let figure = value["reference"]["finding"][0]["figure"].as_str().expect("a figure");
    assert!(figure.contains("20/28"));
}

#[test]
fn unknown_id_exits_2_and_suggests_the_nearest() {
    let run = radiculo(&["refs", "riew200"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty(), "nothing on stdout on bad input");
    assert!(run.stderr.contains("`riew200`"), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `riew2000`"), "{}", run.stderr);
}

#[test]
fn unknown_format_is_a_usage_error() {
    let run = radiculo(&["refs", "--format", "yaml"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("yaml"));
    assert!(run.stdout.is_empty());
}
