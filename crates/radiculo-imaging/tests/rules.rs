//! The differential and appropriateness rules against the baked knowledge base.

use radiculo_imaging::appropriateness::impingement_ids;
use radiculo_imaging::differential::considered;
use radiculo_imaging::findings::{Distribution, ImagingSide, Impingement, Morphology};
use radiculo_imaging::{ImagingFindings, ImagingQuestion, appropriateness, differential};
use radiculo_kb::Scope;
use radiculo_knowledge::baked;

#[test]
fn ids_named_in_code_exist() {
    let kb = baked();
    for id in impingement_ids::ALL {
        assert!(kb.statement(id).is_some(), "statement {id}");
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
        "spinal-epidural-abscess",
        "spondylodiscitis",
    ] {
        assert!(kb.cause(cause).is_some(), "{cause}");
    }
}

#[test]
fn relative_weights_sum_to_one_and_supporting_findings_are_present() {
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
    let total: f64 = d.differential.iter().map(|c| c.rank.relative_weight).sum();
    assert!((total - 1.0).abs() < 1e-9);
    assert_eq!(d.differential[0].cause.as_str(), "guillain-barre-syndrome");
    for c in &d.differential {
        for s in &c.supporting {
            assert!(terms.contains(s.finding), "{} supported by an absent finding", c.cause);
        }
    }
}

#[test]
fn without_enhancement_no_cause_of_enhancement_is_ranked() {
    let kb = baked();
    let findings = ImagingFindings {
        impingement: Some(Impingement::Mild),
        herniations: vec!["L5-S1:paracentral:protrusion".parse().expect("herniation")],
        age: Some(60),
        ..ImagingFindings::default()
    };
    let d = differential(kb, &findings.terms(kb).expect("valid"));
    assert!(d.differential.is_empty(), "{:?}", d.differential.iter().map(|c| c.cause).collect::<Vec<_>>());
}

#[test]
fn checkpoint_inhibitor_therapy_keeps_leptomeningeal_disease_and_gbs_in_the_differential() {
    let kb = baked();
    let findings = ImagingFindings {
        enhancement: true,
        side: Some(ImagingSide::Bilateral),
        distribution: Some(Distribution::MultiLevel),
        context: vec!["checkpoint-inhibitor".into()],
        ..ImagingFindings::default()
    };
    let d = differential(kb, &findings.terms(kb).expect("valid"));
    let considered: Vec<&str> = considered(&d).map(|c| c.cause.as_str()).collect();
    for cause in ["leptomeningeal-metastases", "guillain-barre-syndrome"] {
        assert!(considered.contains(&cause), "{cause} missing from {considered:?}");
    }
}

#[test]
fn fever_and_immunosuppression_put_spinal_infection_in_the_differential() {
    let kb = baked();
    let findings = ImagingFindings {
        enhancement: true,
        roots: vec![radiculo_anatomy::Root::L5],
        side: Some(ImagingSide::Left),
        distribution: Some(Distribution::SingleLevel),
        weeks: Some(1),
        context: vec!["fever".into(), "immunocompromised".into()],
        ..ImagingFindings::default()
    };
    let d = differential(kb, &findings.terms(kb).expect("valid"));
    let considered: Vec<&str> = considered(&d).map(|c| c.cause.as_str()).collect();
    assert!(considered.contains(&"spinal-epidural-abscess"), "{considered:?}");
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
fn appropriateness_follows_the_rules_in_priority_order() {
    let kb = baked();
    let ask = |conditions: &[&'static str], mri_contraindicated| {
        let conditions = kb.with_implied(conditions.iter().copied());
        appropriateness(kb, &ImagingQuestion { conditions, scope: Scope::default(), mri_contraindicated })
            .expect("a rule covers it")
    };
    let early = ask(&["stage.acute"], false);
    assert!(!early.indicated_now);
    let candidate = ask(&["stage.subacute", "course.persisting", "candidate.surgery"], false);
    assert_eq!(candidate.study.map(|s| s.as_str()), Some("mri-lumbar-without-contrast"));
    let cauda = ask(&["stage.acute", "red-flag.saddle-anaesthesia"], false);
    assert!(cauda.indicated_now);
    let cancer = ask(&["stage.acute", "red-flag.cancer-history"], false);
    assert_eq!(cancer.study.map(|s| s.as_str()), Some("mri-lumbar-with-and-without-contrast"));
    let no_mri = ask(&["course.persisting", "candidate.injection"], true);
    assert_eq!(no_mri.study.map(|s| s.as_str()), Some("ct-myelography"));
    let trauma = ask(&["red-flag.major-trauma"], false);
    assert_eq!(trauma.study.map(|s| s.as_str()), Some("ct-spine"));
    let gbs = ask(&["context.suspected-gbs", "stage.acute"], false);
    assert_ne!(
        gbs.headline.as_str(),
        "imaging.acr.variant1-no-imaging",
        "suspected GBS is not uncomplicated back pain"
    );
}

#[test]
fn cervical_patients_get_no_low_back_pain_rule() {
    let kb = baked();
    let conditions = kb.with_implied(["stage.acute", "region.cervical"]);
    let scope = Scope { regions: vec![radiculo_kb::SpineRegion::Cervical], ..Scope::default() };
    match appropriateness(kb, &ImagingQuestion { conditions, scope, mri_contraindicated: false }) {
        Ok(a) => assert!(!a.rule.as_str().contains("lumbar"), "{}", a.rule),
        Err(uncovered) => assert!(uncovered.iter().all(|u| u.gap == radiculo_kb::Gap::Region)),
    }
}
