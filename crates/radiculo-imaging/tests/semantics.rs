//! The scoring semantics of `differential`, checked on a tiny synthetic knowledge base so that
//! each expected number can be worked out by hand: log-odds are a prior plus the ratios of the
//! findings present, absence is not evidence, causes whose required findings are missing are
//! not ranked, ties are ties, and "what would change" names the finding that moves the lead.

use radiculo_imaging::findings::{Distribution, ImagingSide};
use radiculo_imaging::{Differential, ImagingFindings, differential};
use radiculo_kb::KnowledgeBase;
use radiculo_kb::source::synthetic;

const KNOWLEDGE: &str = r#"
version = "synthetic"
disclaimer = "test"

[[statement]]
id = "s"
text = "A statement."

[[term]]
id = "imaging.enhancement"
label = "enhancement"

[[term]]
id = "imaging.side.unilateral"
label = "one side"

[[term]]
id = "imaging.distribution.single-level"
label = "one level"

[[term]]
id = "context.fever"
label = "fever"
synonyms = ["fever"]

[[population]]
id = "population.any"
label = "anyone"
region = ["any"]
basis = []

[[cause]]
id = "disc"
label = "disc"
category = "compressive"
urgency = "routine"
prior_log_odds = 2.0
requires = ["imaging.enhancement"]
applies = "population.any"
statements = ["s"]
next_steps = ["s"]

[[cause.feature]]
finding = "imaging.distribution.single-level"
log_lr = 1.0
statement = "s"

[[cause.feature]]
finding = "context.fever"
log_lr = -1.5
statement = "s"

[[cause]]
id = "abscess"
label = "abscess"
category = "infectious"
urgency = "emergent"
prior_log_odds = 0.5
requires = ["imaging.enhancement"]
applies = "population.any"
statements = ["s"]
next_steps = ["s"]

[[cause.feature]]
finding = "context.fever"
log_lr = 2.0
statement = "s"

[[cause]]
id = "twin"
label = "twin of abscess"
category = "inflammatory"
urgency = "routine"
prior_log_odds = 0.5
requires = ["imaging.enhancement", "imaging.side.unilateral"]
applies = "population.any"
statements = ["s"]
next_steps = ["s"]
"#;

fn kb() -> &'static KnowledgeBase {
    static KB: std::sync::OnceLock<KnowledgeBase> = std::sync::OnceLock::new();
    KB.get_or_init(|| synthetic(KNOWLEDGE, &radiculo_knowledge::baked().parameters))
}

fn run(findings: ImagingFindings) -> Differential {
    differential(kb(), &findings.terms(kb()).expect("valid findings"))
}

fn enhancing(context: &[&str]) -> ImagingFindings {
    ImagingFindings {
        enhancement: true,
        side: Some(ImagingSide::Left),
        distribution: Some(Distribution::SingleLevel),
        context: context.iter().map(|c| (*c).to_string()).collect(),
        ..ImagingFindings::default()
    }
}

fn log_odds(d: &Differential, cause: &str) -> Option<f64> {
    d.differential.iter().find(|c| c.cause.0 == cause).map(|c| c.log_odds)
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn log_odds_are_the_prior_plus_the_ratios_of_findings_present() {
    let d = run(enhancing(&[]));
    assert!(close(log_odds(&d, "disc"), 2.0 + 1.0));
    assert!(close(log_odds(&d, "abscess"), 0.5), "fever not reported: absence is not evidence");
    let febrile = run(enhancing(&["fever"]));
    assert!(close(log_odds(&febrile, "disc"), 2.0 + 1.0 - 1.5), "a negative ratio counts against");
    assert!(close(log_odds(&febrile, "abscess"), 0.5 + 2.0));
    assert_eq!(febrile.differential[0].cause.0, "abscess");
}

#[test]
fn causes_whose_required_findings_are_missing_are_not_ranked() {
    let d = run(ImagingFindings { context: vec!["fever".into()], ..ImagingFindings::default() });
    assert!(d.differential.is_empty(), "no enhancement, no causes of enhancement: {d:?}");
    let no_side = run(ImagingFindings { side: None, ..enhancing(&[]) });
    assert!(log_odds(&no_side, "twin").is_none(), "twin requires a one-sided finding");
    assert!(log_odds(&no_side, "disc").is_some());
}

#[test]
fn equal_scores_are_tied() {
    let d = run(enhancing(&[]));
    let (abscess, twin) = (
        d.differential.iter().find(|c| c.cause.0 == "abscess").expect("abscess"),
        d.differential.iter().find(|c| c.cause.0 == "twin").expect("twin"),
    );
    assert_eq!(abscess.rank.rank, twin.rank.rank);
    assert!(abscess.rank.tied && twin.rank.tied);
    assert!(!d.differential[0].rank.tied, "disc leads alone");
}

#[test]
fn what_would_change_names_the_finding_that_moves_the_lead() {
    let d = run(enhancing(&[]));
    let fever = d.would_change.iter().find(|c| c.finding == "context.fever").expect("fever would change the ranking");
    assert_eq!(fever.would_favour.0, "abscess");
    // The lead of disc over abscess is 2.5 now; fever would make it -1.0.
    assert!((fever.lead_lost - 3.5).abs() < 1e-9, "{fever:?}");
    assert!(fever.would_lead);
}
