//! The differential and appropriateness rules against the baked knowledge base.

use radiculo_imaging::appropriateness::{
    CANCER_INFECTION_FLAGS, CAUDA_EQUINA_FLAGS, FRACTURE_FLAGS, ids, impingement_ids,
};
use radiculo_imaging::findings::{Distribution, ImagingSide, Morphology};
use radiculo_imaging::{ImagingFindings, ImagingQuestion, Study, appropriateness, differential};
use radiculo_knowledge::baked;

#[test]
fn ids_named_in_code_exist() {
    let kb = baked();
    for id in ids::ALL.iter().chain(impingement_ids::ALL) {
        assert!(kb.statement(id).is_some(), "statement {id}");
    }
    for flag in CAUDA_EQUINA_FLAGS.iter().chain(CANCER_INFECTION_FLAGS).chain(FRACTURE_FLAGS) {
        assert!(kb.red_flag(flag).is_some(), "red flag {flag}");
    }
    for term in [
        "imaging.enhancement",
        "imaging.side.unilateral",
        "imaging.side.bilateral",
        "imaging.distribution.single-level",
        "imaging.distribution.multi-level",
        "imaging.distribution.diffuse",
        "imaging.morphology.smooth",
        "imaging.morphology.nodular",
        "imaging.morphology.clumped",
        "imaging.herniation.paracentral",
        "imaging.herniation.foraminal",
        "imaging.herniation.extrusion",
        "imaging.postop.under-6-months",
        "imaging.postop.over-6-months",
        "context.prior-surgery",
        "context.onset-under-4-weeks",
        "context.course-over-8-weeks",
    ] {
        assert!(kb.term(term).is_some(), "term {term}");
    }
}

#[test]
fn every_required_cause_exists() {
    let kb = baked();
    for cause in [
        "disc-herniation-radiculitis",
        "postoperative-change",
        "recurrent-disc-herniation",
        "guillain-barre-syndrome",
        "cidp",
        "neurosarcoidosis",
        "leptomeningeal-metastases",
        "nerve-sheath-tumour",
        "cmv-polyradiculitis",
        "lyme-radiculitis",
        "arachnoiditis",
        "checkpoint-inhibitor-neuropathy",
        "post-procedural-enhancement",
    ] {
        assert!(kb.cause(cause).is_some(), "{cause}");
    }
}

#[test]
fn scores_sum_to_one_and_supporting_findings_are_present() {
    let kb = baked();
    let findings = ImagingFindings {
        enhancement: true,
        side: Some(ImagingSide::Bilateral),
        distribution: Some(Distribution::Diffuse),
        morphology: Some(Morphology::Smooth),
        weeks: Some(2),
        context: vec!["ascending-weakness".into(), "areflexia".into()],
        ..ImagingFindings::default()
    };
    let terms = findings.terms(kb).expect("valid findings");
    let d = differential(kb, &terms);
    let total: f64 = d.differential.iter().map(|c| c.score).sum();
    assert!((total - 1.0).abs() < 1e-9);
    assert_eq!(d.differential[0].cause, "guillain-barre-syndrome");
    for c in &d.differential {
        for s in &c.supporting {
            assert!(terms.contains(&s.finding), "{} supported by an absent finding", c.cause);
        }
    }
}

#[test]
fn contradictions_are_refused() {
    let kb = baked();
    let single_level_three_roots = ImagingFindings {
        enhancement: true,
        distribution: Some(Distribution::SingleLevel),
        roots: vec![radiculo_anatomy::Root::L3, radiculo_anatomy::Root::L4, radiculo_anatomy::Root::L5],
        ..ImagingFindings::default()
    };
    assert!(single_level_three_roots.terms(kb).is_err());
    let surgery_denied =
        ImagingFindings { months_since_surgery: Some(3), prior_surgery: Some(false), ..ImagingFindings::default() };
    assert!(surgery_denied.terms(kb).is_err());
}

#[test]
fn appropriateness_follows_the_acr_variants() {
    let kb = baked();
    let ask = |weeks, red_flags: Vec<&'static str>, candidate, mri_contraindicated| {
        appropriateness(kb, &ImagingQuestion { weeks, red_flags, prior_surgery: false, candidate, mri_contraindicated })
    };
    let early = ask(2, vec![], vec![], false);
    assert!(!early.indicated_now);
    let candidate = ask(7, vec![], vec![radiculo_imaging::Candidacy::Surgery], false);
    assert_eq!(candidate.study, Study::MriLumbarWithoutContrast);
    let cauda = ask(1, vec!["red-flag.saddle-anaesthesia"], vec![], false);
    assert!(cauda.indicated_now);
    let cancer = ask(1, vec!["red-flag.cancer-history"], vec![], false);
    assert_eq!(cancer.study, Study::MriLumbarWithAndWithoutContrast);
    let no_mri = ask(7, vec![], vec![radiculo_imaging::Candidacy::Injection], true);
    assert_eq!(no_mri.study, Study::CtMyelography);
    assert!(!no_mri.reason.is_empty());
}
