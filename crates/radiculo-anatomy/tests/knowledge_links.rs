//! The ids the code names exist in the baked knowledge base, and localization behaves as
//! documented on small clinical cases.

use radiculo_anatomy::findings::Status;
use radiculo_anatomy::localize::{self as engine, CandidateKind, Confidence, Localization, NotCountedReason};
use radiculo_anatomy::{Finding, FindingError, Findings, Mrc, ReflexChange, Side, localize};
use radiculo_knowledge::baked;

#[test]
fn ids_named_in_code_exist() {
    let kb = baked();
    for id in engine::EDX_STATEMENTS.iter().chain(engine::EDX_UPPER_STATEMENTS).chain([&engine::PAIN_CAVEAT]) {
        assert!(kb.statement(id).is_some(), "statement {id}");
    }
    for term in [engine::SADDLE_FLAG, engine::SADDLE_AREA] {
        assert!(kb.term(term).is_some(), "term {term}");
    }
    assert!(kb.red_flag(engine::SADDLE_FLAG).is_some());
    for pattern in kb.patterns.iter() {
        if let Some(flag) = pattern.red_flag {
            assert!(kb.red_flag(flag.0).is_some(), "red flag of {}", pattern.id);
        }
    }
}

const L: Side = Side::Left;
const R: Side = Side::Right;

fn weak(name: &str, side: Side, mrc: u8) -> Finding {
    Finding::weak(baked(), name, side, Mrc::new(mrc).expect("grade")).expect("known action")
}

fn run(findings: Vec<Finding>) -> Localization {
    localize(baked(), &Findings::new(findings).expect("consistent"))
}

fn top(loc: &Localization) -> &str {
    loc.candidates[0].id.0
}

fn score(loc: &Localization, id: &str) -> f64 {
    loc.candidates.iter().find(|c| c.id.0 == id).map_or(f64::NEG_INFINITY, |c| c.log_odds)
}

#[test]
fn synonyms_resolve_to_canonical_terms_and_count_once() {
    let kb = baked();
    for (name, id) in [
        ("foot drop", "action.ankle-dorsiflexion"),
        ("heel walking", "action.ankle-dorsiflexion"),
        ("tib ant", "action.ankle-dorsiflexion"),
        ("EHL", "action.great-toe-extension"),
        ("quads", "action.knee-extension"),
    ] {
        assert_eq!(Finding::weak(kb, name, L, None).map(|f| f.term.id.0), Ok(id), "{name}");
    }
    let once = run(vec![weak("foot drop", L, 3), weak("EHL", L, 3)]);
    let twice =
        run(vec![weak("foot drop", L, 3), weak("tib ant", L, 3), weak("heel walking", L, 3), weak("EHL", L, 3)]);
    assert_eq!(once.candidates, twice.candidates, "synonyms of one finding count once");
}

#[test]
fn motor_outweighs_pain_and_the_mrc_grade_changes_the_weight() {
    let kb = baked();
    let pain = |area: &str| Finding::pain(kb, area, L).expect("area");
    let loc =
        run(vec![weak("big toe extension", L, 3), weak("ankle inversion", L, 4), pain("sole"), pain("posterior leg")]);
    assert_eq!(top(&loc), "l5", "two weak L5 muscles outweigh S1-type pain");
    let dense = run(vec![weak("big toe extension", L, 1)]);
    let mild = run(vec![weak("big toe extension", L, 4)]);
    assert!(score(&dense, "l5") > score(&mild, "l5"), "MRC 1 weighs more than MRC 4");
}

#[test]
fn a_tested_normal_finding_argues_against() {
    let kb = baked();
    let without = run(vec![weak("foot drop", L, 3)]);
    let with = run(vec![weak("foot drop", L, 3), Finding::strong(kb, "ankle inversion", L).expect("action")]);
    assert!(score(&with, "l5") < score(&without, "l5"));
    let l5 = with.candidates.iter().find(|c| c.id.0 == "l5").expect("L5 still listed");
    assert!(l5.opposing.iter().any(|e| e.finding.contains("ankle inversion")));
}

#[test]
fn exact_ties_are_printed_as_ties_not_leads() {
    let loc = run(vec![weak("big toe extension", L, 1)]);
    let leaders: Vec<&str> = loc.candidates.iter().filter(|c| c.rank.rank == 1).map(|c| c.id.0).collect();
    if leaders.len() > 1 {
        assert!(loc.candidates[0].rank.tied && loc.candidates[1].rank.tied);
        assert_eq!(loc.confidence, Confidence::Low, "a tie at the top is never confident");
    }
}

#[test]
fn untested_findings_count_for_nothing() {
    let kb = baked();
    let base = run(vec![weak("big toe extension", L, 3)]);
    let give_way = Finding::weak(kb, "ankle plantarflexion", L, None)
        .expect("action")
        .untested(radiculo_anatomy::Untested::PainLimited);
    let with = run(vec![weak("big toe extension", L, 3), give_way]);
    assert_eq!(base.candidates, with.candidates);
    assert_eq!(with.not_counted.len(), 1);
    assert_eq!(with.not_counted[0].reason, NotCountedReason::Untested);
    assert!(matches!(give_way.status, Status::Untested { .. }));
}

#[test]
fn one_finding_is_low_confidence_with_tests_to_do() {
    let kb = baked();
    let loc = run(vec![Finding::numb(kb, "sole", R).expect("area")]);
    assert_eq!(loc.confidence, Confidence::Low);
    assert!(!loc.next_tests.is_empty());
}

#[test]
fn saddle_anaesthesia_raises_the_emergency_flag_first() {
    let kb = baked();
    let loc = run(vec![Finding::sign(kb, "saddle anaesthesia", None).expect("sign"), weak("foot drop", L, 3)]);
    assert_eq!(loc.red_flags[0].triage, radiculo_kb::Triage::Emergency);
    assert_eq!(loc.red_flags[0].suspect, "cauda-equina-syndrome");
}

#[test]
fn bilateral_lumbosacral_deficits_are_a_pattern_and_a_red_flag() {
    let loc =
        run(vec![weak("ankle plantarflexion", Side::Bilateral, 3), weak("big toe extension", Side::Bilateral, 3)]);
    assert!(loc.red_flags.iter().any(|f| f.flag == "red-flag.bilateral-weakness"), "{:?}", loc.red_flags);
    assert_eq!(loc.candidates[0].kind, CandidateKind::Pattern, "{:?}", loc.candidates[0].label);
}

#[test]
fn findings_on_opposite_sides_are_not_merged_into_one_root() {
    let loc = run(vec![weak("foot drop", L, 4), weak("quads", R, 4)]);
    let first = &loc.candidates[0];
    assert!(
        first.kind == CandidateKind::Pattern || first.rank.tied,
        "left foot drop and right quadriceps weakness: {} leads alone",
        first.label
    );
    for c in loc.candidates.iter().filter(|c| c.kind != CandidateKind::Pattern) {
        assert_ne!(c.side, Some(Side::Bilateral), "{} cannot be on both sides", c.label);
    }
}

#[test]
fn a_pattern_spanning_three_roots_offers_more_than_one_root() {
    let kb = baked();
    let reflex = |name: &str| Finding::reflex(kb, name, ReflexChange::Absent, L).expect("reflex");
    let loc = run(vec![
        weak("quads", L, 3),
        weak("foot drop", L, 3),
        weak("ankle plantarflexion", L, 3),
        reflex("knee jerk"),
        reflex("ankle jerk"),
    ]);
    let considered: Vec<&str> = loc
        .candidates
        .iter()
        .filter(|c| c.rank.tier != radiculo_kb::ranking::Tier::LessLikely)
        .map(|c| c.id.0)
        .collect();
    assert!(
        considered.iter().any(|id| *id == "multiple-roots" || id.contains("plexopathy")),
        "a three-root pattern should offer multiple roots or the plexus: {considered:?}"
    );
}

#[test]
fn upper_motor_neuron_signs_point_to_the_cord_not_a_root() {
    let kb = baked();
    let brisk = |name: &str, side| Finding::reflex(kb, name, ReflexChange::Brisk, side).expect("reflex");
    let hemiparesis =
        run(vec![weak("biceps", L, 4), weak("foot drop", L, 4), brisk("knee jerk", L), brisk("biceps jerk", L)]);
    assert_eq!(hemiparesis.candidates[0].id.0, "upper-motor-neuron", "{:?}", hemiparesis.candidates[0].label);
    assert!(hemiparesis.red_flags.iter().any(|f| f.flag == "red-flag.upper-motor-neuron"));
    assert!(hemiparesis.candidates.iter().all(|c| c.id.0 != "common-peroneal-neuropathy" || c.rank.rank > 1));
}

#[test]
fn contradictions_are_refused() {
    let kb = baked();
    let strong = Finding::strong(kb, "quads", L).expect("action");
    assert!(matches!(Findings::new(vec![weak("quads", L, 3), strong]), Err(FindingError::Contradiction { .. })));
    let other_side = Finding::strong(kb, "quads", R).expect("action");
    assert!(Findings::new(vec![weak("quads", L, 3), other_side]).is_ok());
}

#[test]
fn grades_are_checked() {
    assert!(Mrc::new(6).is_err());
    assert!(Mrc::new(5).is_ok());
}
