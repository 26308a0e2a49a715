//! The scoring semantics of `localize`, checked on a tiny synthetic knowledge base so that
//! each expected number can be worked out by hand from the documented table: log-odds are a
//! prior plus log-likelihood ratios, the MRC grade scales the weight, synonyms and repeated
//! findings count once, findings on the other side are unexplained, and ties are ties.
//!
//! The weights are the real ones (copied from the baked parameters), so the tests pin the
//! semantics, not the numbers.

use radiculo_anatomy::localize::Candidate;
use radiculo_anatomy::{Finding, Findings, Localization, Mrc, Side, localize};
use radiculo_kb::source::synthetic;
use radiculo_kb::{KnowledgeBase, Parameters};

const KNOWLEDGE: &str = r#"
version = "synthetic"
disclaimer = "test"

[[statement]]
id = "s"
text = "A statement."

[[term]]
id = "action.alpha"
label = "alpha"
synonyms = ["alpha muscle", "a1"]

[[term]]
id = "action.beta"
label = "beta"

[[term]]
id = "area.gamma"
label = "gamma"

[[root]]
id = "l4"

[[root]]
id = "l5"

[[mimic]]
id = "nerve-x"
label = "nerve x"
limb = "lower"
statements = ["s"]

# L5 and nerve X both explain weak alpha; nerve X spares beta, which is L4's.
[[sign]]
candidate = "l5"
finding = "action.alpha"
role = "primary"
statement = "s"

[[sign]]
candidate = "l5"
finding = "area.gamma"
role = "secondary"
statement = "s"

[[sign]]
candidate = "l4"
finding = "action.beta"
role = "primary"
statement = "s"

[[sign]]
candidate = "nerve-x"
finding = "action.alpha"
role = "primary"
statement = "s"

[[sign]]
candidate = "nerve-x"
finding = "action.beta"
role = "spared"
statement = "s"
"#;

fn kb() -> &'static KnowledgeBase {
    static KB: std::sync::OnceLock<KnowledgeBase> = std::sync::OnceLock::new();
    KB.get_or_init(|| synthetic(KNOWLEDGE, &radiculo_knowledge::baked().parameters))
}

fn p() -> &'static Parameters {
    &kb().parameters
}

fn weak(name: &str, side: Side, mrc: u8) -> Finding {
    Finding::weak(kb(), name, side, Mrc::new(mrc).expect("grade")).expect("term")
}

fn run(findings: Vec<Finding>) -> Localization {
    localize(kb(), &Findings::new(findings).expect("consistent"))
}

fn candidate<'l>(loc: &'l Localization, id: &str) -> &'l Candidate {
    loc.candidates.iter().find(|c| c.id.0 == id).unwrap_or_else(|| panic!("{id} not ranked: {:?}", loc.candidates))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn log_odds_are_the_sum_of_the_documented_ratios() {
    let loc = run(vec![weak("alpha", Side::Left, 3)]);
    let w = p().weight_motor.value * p().mrc_moderate_factor.value;
    assert!(close(candidate(&loc, "l5").log_odds, w), "primary sign: +w");
    assert!(close(candidate(&loc, "nerve-x").log_odds, w), "primary sign: +w");
    assert!(loc.candidates.iter().all(|c| c.id.0 != "l4"), "a candidate no abnormal finding supports is not listed");
    let with_beta = run(vec![weak("alpha", Side::Left, 3), weak("beta", Side::Left, 3)]);
    assert!(
        close(candidate(&with_beta, "l4").log_odds, w - w * p().unexplained_factor.value),
        "no sign: -w·unexplained"
    );
    assert!(close(candidate(&with_beta, "nerve-x").log_odds, w - w), "spared sign, abnormal: -w");
}

#[test]
fn equal_scores_are_a_tie_not_a_lead() {
    let loc = run(vec![weak("alpha", Side::Left, 3)]);
    let (l5, x) = (candidate(&loc, "l5"), candidate(&loc, "nerve-x"));
    assert_eq!((l5.rank.rank, x.rank.rank), (1, 1));
    assert!(l5.rank.tied && x.rank.tied);
    assert!(close(l5.rank.relative_weight, x.rank.relative_weight));
}

#[test]
fn a_spared_normal_finding_breaks_the_tie_by_its_documented_weight() {
    let strong_beta = Finding::strong(kb(), "beta", Side::Left).expect("term");
    let loc = run(vec![weak("alpha", Side::Left, 3), strong_beta]);
    let w = p().weight_motor.value * p().mrc_moderate_factor.value;
    let normal = p().weight_motor.value;
    assert!(close(candidate(&loc, "nerve-x").log_odds, w + normal * p().spared_normal_factor.value));
    assert!(close(candidate(&loc, "l5").log_odds, w), "no sign for beta on L5: a normal finding counts 0");
    assert_eq!(loc.candidates[0].id.0, "nerve-x");
}

#[test]
fn the_mrc_grade_scales_the_weight() {
    let grade = |mrc| candidate(&run(vec![weak("alpha", Side::Left, mrc)]), "l5").log_odds;
    let m = p().weight_motor.value;
    assert!(close(grade(1), m * p().mrc_dense_factor.value));
    assert!(close(grade(3), m * p().mrc_moderate_factor.value));
    assert!(close(grade(4), m * p().mrc_mild_factor.value));
    assert!(grade(1) > grade(3) && grade(3) > grade(4), "denser weakness weighs more");
}

#[test]
fn synonyms_and_repeats_count_once_wherever_they_stand() {
    let once = run(vec![weak("alpha", Side::Left, 3), weak("beta", Side::Left, 4)]);
    let repeated = run(vec![
        weak("alpha muscle", Side::Left, 3),
        weak("beta", Side::Left, 4),
        weak("a1", Side::Left, 3),
        weak("alpha", Side::Left, 3),
    ]);
    assert_eq!(once.candidates, repeated.candidates);
}

#[test]
fn a_secondary_sign_counts_by_its_factor() {
    let numb = Finding::numb(kb(), "gamma", Side::Left).expect("term");
    let loc = run(vec![numb]);
    let w = p().weight_sensory.value;
    assert!(close(candidate(&loc, "l5").log_odds, w * p().secondary_factor.value));
}

#[test]
fn a_finding_on_the_other_side_is_unexplained_by_a_one_sided_lesion() {
    let loc = run(vec![weak("alpha", Side::Left, 3), weak("alpha", Side::Right, 3)]);
    let w = p().weight_motor.value * p().mrc_moderate_factor.value;
    let l5 = candidate(&loc, "l5");
    assert!(l5.side.is_some_and(|s| s != Side::Bilateral), "a single root sits on one side");
    assert!(close(l5.log_odds, w - w * p().unexplained_factor.value));
}

#[test]
fn findings_all_on_both_sides_give_a_single_root_on_both_sides() {
    let loc = run(vec![weak("alpha", Side::Bilateral, 3)]);
    assert_eq!(candidate(&loc, "l5").side, Some(Side::Bilateral));
}

#[test]
fn relative_weights_are_a_softmax_of_the_log_odds() {
    let loc = run(vec![weak("alpha", Side::Left, 2), weak("beta", Side::Left, 4)]);
    let total: f64 = loc.candidates.iter().map(|c| c.rank.relative_weight).sum();
    assert!(close(total, 1.0));
    let (a, b) = (&loc.candidates[0], &loc.candidates[1]);
    assert!(close(a.rank.relative_weight / b.rank.relative_weight, (a.log_odds - b.log_odds).exp()));
}
