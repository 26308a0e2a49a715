//! Whole outputs of the decision commands, as a clinician sees them (text) and as programs
//! read them (JSON). Review changes with `cargo insta review`.

mod common;

use common::radiculo;

fn both(name: &str, args: &[&str]) {
    let text = radiculo(args);
    assert_eq!(text.code, 0, "{name}: {}", text.stderr);
    snapshot!(format!("{name}.txt"), text.stdout);
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let json = radiculo(&json_args);
    assert_eq!(json.code, 0, "{name}: {}", json.stderr);
    snapshot!(format!("{name}.json"), json.stdout);
}

#[test]
fn pathway_gbs_at_80_kg() {
    both("pathway_gbs_80kg", &["pathway", "--context", "suspected-gbs", "--weight-kg", "80", "--weeks", "1"]);
}

#[test]
fn pathway_cauda_equina() {
    both("pathway_cauda_equina", &["pathway", "--red-flag", "saddle-anaesthesia", "--red-flag", "urinary-retention"]);
}

#[test]
fn pathway_checkpoint_inhibitor_grade_2_without_weight() {
    both("pathway_icpi_grade2", &["pathway", "--context", "checkpoint-inhibitor", "--grade", "2", "--weeks", "2"]);
}

#[test]
fn differential_focal_l4_with_foraminal_extrusion() {
    both(
        "differential_focal_l4",
        &[
            "differential",
            "--enhancement",
            "--root",
            "L4",
            "--side",
            "left",
            "--distribution",
            "single-level",
            "--morphology",
            "smooth",
            "--herniation",
            "L4-5:foraminal:extrusion",
        ],
    );
}

#[test]
fn imaging_for_an_injection_candidate_at_8_weeks() {
    both("imaging_candidate_8_weeks", &["imaging", "--weeks", "8", "--candidate", "injection"]);
}

#[test]
fn localize_l5_foot_drop() {
    both(
        "localize_l5_foot_drop",
        &[
            "localize",
            "--weak",
            "foot drop:left:3",
            "--weak",
            "ankle inversion:left:4",
            "--numb",
            "top of the foot:left",
        ],
    );
}
