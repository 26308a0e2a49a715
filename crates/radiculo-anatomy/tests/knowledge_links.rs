//! The statement and term ids that the code names exist in the baked knowledge base, and the
//! localization rules behave as documented on small cases.

use radiculo_anatomy::findings::{Flag, Status, check_consistent, parse};
use radiculo_anatomy::localize::{self, Confidence, localize};
use radiculo_knowledge::baked;

#[test]
fn ids_named_in_code_exist() {
    let kb = baked();
    for id in localize::EDX_STATEMENTS.iter().chain(localize::EDX_UPPER_STATEMENTS).chain([&localize::PAIN_CAVEAT]) {
        assert!(kb.statement(id).is_some(), "statement {id}");
    }
    for term in [localize::BILATERAL_FLAG, localize::SADDLE_FLAG, localize::SADDLE_AREA] {
        assert!(kb.term(term).is_some(), "term {term}");
    }
    for flag in [localize::BILATERAL_FLAG, localize::SADDLE_FLAG] {
        assert!(kb.red_flag(flag).is_some(), "red flag {flag}");
    }
}

#[test]
fn every_root_and_mimic_named_in_signs_is_reachable_by_some_finding() {
    let kb = baked();
    for sign in kb.signs.iter().filter(|s| s.role != radiculo_kb::SignRole::Spared) {
        assert!(kb.term(sign.finding.0).is_some());
    }
}

fn case(findings: &[(Flag, &str)]) -> Vec<radiculo_anatomy::findings::Finding> {
    let kb = baked();
    findings.iter().map(|(f, t)| parse(kb, *f, t).unwrap_or_else(|e| panic!("{t}: {e}"))).collect()
}

#[test]
fn synonyms_resolve_to_canonical_terms() {
    let kb = baked();
    let pairs = [
        (Flag::Reflex, "knee jerk:reduced", "reflex.patellar"),
        (Flag::Reflex, "ankle jerk:absent", "reflex.achilles"),
        (Flag::Weak, "foot drop", "action.ankle-dorsiflexion"),
        (Flag::Weak, "heel walking", "action.ankle-dorsiflexion"),
        (Flag::Weak, "toe walking", "action.ankle-plantarflexion"),
        (Flag::Weak, "EHL", "action.great-toe-extension"),
        (Flag::Weak, "big toe extension", "action.great-toe-extension"),
        (Flag::Weak, "quads", "action.knee-extension"),
        (Flag::Weak, "tib ant", "action.ankle-dorsiflexion"),
        (Flag::Numb, "top of the foot", "area.dorsum-foot"),
        (Flag::Numb, "sole", "area.sole"),
        (Flag::Numb, "outer foot", "area.lateral-foot"),
        (Flag::Numb, "inner shin", "area.medial-leg"),
        (Flag::Numb, "shin", "area.anterior-leg"),
    ];
    for (flag, text, id) in pairs {
        assert_eq!(parse(kb, flag, text).map(|f| f.term.id.0), Ok(id), "{text}");
    }
}

#[test]
fn scores_sum_to_one_and_motor_outweighs_pain() {
    let kb = baked();
    let loc = localize(
        kb,
        &case(&[
            (Flag::Weak, "big toe extension:left:3"),
            (Flag::Weak, "ankle inversion:left:4"),
            (Flag::Pain, "sole:left"),
            (Flag::Pain, "posterior leg:left"),
        ]),
    );
    let total: f64 = loc.candidates.iter().map(|c| c.score).sum();
    assert!((total - 1.0).abs() < 1e-9);
    assert_eq!(loc.candidates[0].root, "l5", "two weak L5 muscles outweigh S1-type pain");
}

#[test]
fn a_tested_normal_finding_argues_against() {
    let kb = baked();
    let without = localize(kb, &case(&[(Flag::Weak, "foot drop:left:3")]));
    let with = localize(kb, &case(&[(Flag::Weak, "foot drop:left:3"), (Flag::Strong, "ankle inversion:left")]));
    let l5 = |l: &localize::Localization| l.candidates.iter().find(|c| c.root == "l5").map_or(0.0, |c| c.score);
    assert!(l5(&with) < l5(&without), "normal inversion lowers L5: {} -> {}", l5(&without), l5(&with));
    let l5_candidate = with.candidates.iter().find(|c| c.root == "l5").expect("L5 still listed");
    assert!(l5_candidate.opposing.iter().any(|e| e.finding.contains("ankle inversion")));
}

#[test]
fn untested_findings_count_for_nothing() {
    let kb = baked();
    let base = localize(kb, &case(&[(Flag::Weak, "big toe extension:left:3")]));
    let with = localize(
        kb,
        &case(&[(Flag::Weak, "big toe extension:left:3"), (Flag::Weak, "ankle plantarflexion:left:give-way")]),
    );
    assert_eq!(base.candidates, with.candidates);
    assert_eq!(with.not_counted.len(), 1);
    assert!(matches!(case(&[(Flag::Weak, "quads:left:not-testable")])[0].status, Status::Untested { .. }));
}

#[test]
fn one_finding_is_low_confidence_with_tests_to_do() {
    let kb = baked();
    let loc = localize(kb, &case(&[(Flag::Numb, "sole:right")]));
    assert_eq!(loc.confidence, Confidence::Low);
    assert!(!loc.next_tests.is_empty());
}

#[test]
fn saddle_anaesthesia_raises_the_emergency_flag_first() {
    let kb = baked();
    let loc = localize(kb, &case(&[(Flag::Sign, "saddle anaesthesia"), (Flag::Weak, "foot drop:left:3")]));
    assert_eq!(loc.red_flags[0].triage, radiculo_kb::Triage::Emergency);
    assert_eq!(loc.red_flags[0].suspect, "cauda-equina-syndrome");
}

#[test]
fn bilateral_deficits_in_several_roots_raise_cauda_equina() {
    let kb = baked();
    let loc = localize(
        kb,
        &case(&[(Flag::Weak, "ankle plantarflexion:bilateral:3"), (Flag::Weak, "big toe extension:bilateral:3")]),
    );
    assert!(loc.red_flags.iter().any(|f| f.flag == localize::BILATERAL_FLAG), "{:?}", loc.red_flags);
}

#[test]
fn contradictions_are_refused() {
    let weak_and_strong = case(&[(Flag::Weak, "quads:left:3"), (Flag::Strong, "quads:left")]);
    assert!(check_consistent(&weak_and_strong).is_err());
    let different_sides = case(&[(Flag::Weak, "quads:left:3"), (Flag::Strong, "quads:right")]);
    assert!(check_consistent(&different_sides).is_ok());
}

/// The pair the first quadratic check reported: the first finding with a later contradiction.
fn first_contradiction(findings: &[radiculo_anatomy::findings::Finding]) -> Option<(String, String)> {
    findings
        .iter()
        .enumerate()
        .find_map(|(i, a)| findings[i + 1..].iter().find(|b| a.contradicts(b)).map(|b| (a.to_string(), b.to_string())))
}

#[test]
fn contradiction_check_names_the_same_pair_as_comparing_every_pair() {
    let pool = [
        (Flag::Weak, "quads:left:3"),
        (Flag::Weak, "quads:left:4"),
        (Flag::Strong, "quads:left"),
        (Flag::Strong, "quads"),
        (Flag::Strong, "quads:right"),
        (Flag::Weak, "quads:bilateral:2"),
        (Flag::Reflex, "knee jerk:absent:left"),
        (Flag::Reflex, "knee jerk:normal"),
        (Flag::Reflex, "knee jerk:brisk:right"),
        (Flag::Numb, "top of the foot:left"),
        (Flag::Pain, "top of the foot:left"),
        (Flag::Weak, "foot drop:left:not-testable"),
        (Flag::Strong, "foot drop:left"),
    ];
    let pool = case(&pool);
    // Every ordered selection of four findings from the pool, by a small counter.
    let mut checked = 0;
    for code in 0..pool.len().pow(4) {
        let mut findings = Vec::new();
        let mut rest = code;
        for _ in 0..4 {
            findings.push(pool[rest % pool.len()]);
            rest /= pool.len();
        }
        let picks: Vec<String> = findings.iter().map(ToString::to_string).collect();
        let expected = first_contradiction(&findings);
        let actual = match check_consistent(&findings) {
            Ok(()) => None,
            Err(radiculo_anatomy::findings::FindingError::Contradiction(a, b)) => Some((a, b)),
            Err(e) => panic!("unexpected error {e}"),
        };
        assert_eq!(actual, expected, "{picks:?}");
        checked += 1;
    }
    assert!(checked > 20_000);
}

#[test]
fn contradiction_check_is_fast_for_many_findings() {
    let one = case(&[(Flag::Weak, "foot drop:left:3")]);
    let many: Vec<_> = one.iter().copied().cycle().take(200_000).collect();
    let start = std::time::Instant::now();
    assert!(check_consistent(&many).is_ok());
    let mut contradicted = many.clone();
    contradicted.extend(case(&[(Flag::Strong, "foot drop:left")]));
    assert!(check_consistent(&contradicted).is_err());
    // Quadratic comparison took about a minute here; linear takes milliseconds.
    assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
}

#[test]
fn mrc_and_sides_are_checked() {
    let kb = baked();
    assert!(parse(kb, Flag::Weak, "quads:left:7").is_err());
    assert!(parse(kb, Flag::Weak, "quads:left:5").is_err());
    assert!(parse(kb, Flag::Weak, "quads:up").is_err());
    let grade_for_side = parse(kb, Flag::Weak, "foot drop:3").expect_err("3 is not a side").to_string();
    assert!(grade_for_side.contains("`ACTION:left:3`"), "{grade_for_side}");
}
