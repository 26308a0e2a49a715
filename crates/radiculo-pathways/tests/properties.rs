//! Properties of planning over many patient states: no combination panics, red flags always
//! set the triage, and doses scale linearly with weight until capped.

use radiculo_anatomy::Mrc;
use radiculo_kb::{DoseBasis, TermId, Triage};
use radiculo_knowledge::baked;
use radiculo_pathways::{Candidacy, Deficit, PatientState, Stage, dose_line, plan};

const CONTEXTS: &[&[&str]] = &[
    &[],
    &["context.compressive-radiculopathy"],
    &["context.root-enhancement"],
    &["context.checkpoint-inhibitor"],
    &["context.suspected-gbs"],
    &["context.checkpoint-inhibitor", "context.suspected-gbs"],
];

fn states() -> impl Iterator<Item = PatientState> {
    let kb = baked();
    let flags: Vec<Vec<&'static str>> =
        std::iter::once(Vec::new()).chain(kb.red_flags.iter().map(|f| vec![f.term.0])).collect();
    let mut out = Vec::new();
    for context in CONTEXTS {
        let grades: &[Option<u8>] = if context.contains(&"context.checkpoint-inhibitor") {
            &[None, Some(1), Some(2), Some(3), Some(4)]
        } else {
            &[None]
        };
        for &grade in grades {
            for weeks in [None, Some(0), Some(5), Some(6), Some(12), Some(13), Some(200)] {
                for red_flags in &flags {
                    for deficit in [None, Some((2u8, false)), Some((4, true))] {
                        for weight in [None, Some(2.0), Some(300.0)] {
                            out.push(PatientState {
                                weeks,
                                pain: Some(8),
                                deficits: deficit
                                    .map(|(mrc, progressing)| Deficit {
                                        action: TermId("action.ankle-dorsiflexion"),
                                        mrc: Mrc::new(mrc).ok(),
                                        progressing,
                                    })
                                    .into_iter()
                                    .collect(),
                                red_flags: red_flags.clone(),
                                candidate: vec![Candidacy::Injection],
                                context: context.to_vec(),
                                grade,
                                weight_kg: weight,
                                contraindications: vec!["contraindication.kidney-disease"],
                                ..PatientState::default()
                            });
                        }
                    }
                }
            }
        }
    }
    out.into_iter()
}

#[test]
fn no_state_panics_and_red_flags_set_the_triage() {
    let kb = baked();
    let mut count = 0;
    for state in states() {
        state.check(kb).expect("the generated states are valid");
        let p = plan(kb, &state, &[]);
        count += 1;
        if let Some(worst) = p.red_flags.iter().map(|f| f.triage).min() {
            assert!(p.triage <= worst, "triage {:?} is less urgent than red flag {:?}", p.triage, worst);
        }
        // An emergency flag sets the triage unless a condition explains it otherwise (then its
        // replacement flag is raised instead).
        let emergency = state
            .red_flags
            .iter()
            .filter_map(|f| kb.red_flag(f))
            .any(|r| r.triage == Triage::Emergency && !r.unless.iter().any(|t| p.conditions.contains(&t.0)));
        if emergency {
            assert_eq!(p.triage, Triage::Emergency);
        }
        if let Some(w) = state.weeks {
            assert_eq!(p.stage, Some(Stage::of(kb, w)));
        }
        for d in &p.doses {
            assert_eq!(d.weight_needed, state.weight_kg.is_none() && d.per_day.is_none());
        }
    }
    assert!(count > 1000, "{count} states");
}

#[test]
fn doses_scale_linearly_with_weight_until_capped() {
    let kb = baked();
    for dose in kb.doses.iter().filter(|d| d.basis == DoseBasis::PerKgPerDay) {
        for tenth in 20..=3000 {
            let w = f64::from(tenth) / 10.0;
            let line = dose_line(kb, dose, Some(w));
            let [lo, hi] = line.per_day.expect("a weight gives a daily amount");
            let expect = |per_kg: f64| {
                let raw = dose.cap_per_day.map_or(per_kg * w, |cap| (per_kg * w).min(cap));
                match dose.unit {
                    radiculo_kb::DoseUnit::G => (raw * 10.0).round() / 10.0,
                    radiculo_kb::DoseUnit::Mg => raw.round(),
                }
            };
            assert_eq!(lo, expect(dose.min), "{} at {w} kg", dose.id);
            assert_eq!(hi, expect(dose.max), "{} at {w} kg", dose.id);
            if let (Some(days), Some([tlo, _])) = (dose.days, line.total) {
                assert!((tlo - lo * f64::from(days)).abs() < 0.51, "{} total at {w} kg", dose.id);
            }
        }
        assert!(dose_line(kb, dose, None).per_day.is_none(), "{}: never a guessed weight", dose.id);
    }
}

#[test]
fn ivig_for_gbs_at_80_kg_is_32_g_a_day_for_5_days() {
    let kb = baked();
    let state =
        PatientState { context: vec!["context.suspected-gbs"], weight_kg: Some(80.0), ..PatientState::default() };
    let p = plan(kb, &state, &[]);
    let ivig = p.doses.iter().find(|d| d.id == "dose.gbs.ivig").expect("IVIG regimen");
    assert_eq!(ivig.per_day, Some([32.0, 32.0]));
    assert_eq!(ivig.total, Some([160.0, 160.0]));
    assert_eq!(ivig.unit, "g");
    assert!(p.avoid.iter().any(|s| std::iter::once(&s.headline).chain(s.support).any(|id| id.0.contains("steroid"))));
}

#[test]
fn out_of_range_values_are_refused() {
    for state in [
        PatientState { weight_kg: Some(1.9), ..PatientState::default() },
        PatientState { weight_kg: Some(300.1), ..PatientState::default() },
        PatientState { pain: Some(11), ..PatientState::default() },
        PatientState { grade: Some(2), ..PatientState::default() },
        PatientState { weeks: Some(2), conservative_weeks: Some(3), ..PatientState::default() },
        PatientState { weeks: Some(4_294_967_295), ..PatientState::default() },
        PatientState { months_since_surgery: Some(6), ..PatientState::default() },
    ] {
        assert!(state.check(baked()).is_err(), "{state:?}");
    }
}

#[test]
fn ids_named_in_code_exist() {
    let kb = baked();
    for id in plan::ids::ALL.iter().chain(&plan::ids::GRADE) {
        assert!(kb.term(id).is_some(), "term {id}");
    }
}

#[test]
fn exam_flags_and_deficits_set_the_triage() {
    let kb = baked();
    let severe = PatientState {
        weeks: Some(2),
        deficits: vec![Deficit {
            action: TermId("action.ankle-dorsiflexion"),
            mrc: Mrc::new(1).ok(),
            progressing: false,
        }],
        ..PatientState::default()
    };
    assert_eq!(plan(kb, &severe, &[]).triage, Triage::Urgent);
}

#[test]
fn children_and_other_regions_get_no_adult_lumbar_steps() {
    let kb = baked();
    let child = PatientState {
        weeks: Some(2),
        scope: radiculo_kb::Scope { age: Some(11), ..Default::default() },
        ..PatientState::default()
    };
    let p = plan(kb, &child, &[]);
    for step in p.plan.iter().chain(&p.avoid) {
        let applies = kb.step(step.id.0).and_then(|s| kb.population(s.applies.0)).expect("population");
        assert!(applies.min_age.is_none(), "{} is adult guidance", step.id);
    }
    assert!(p.plan.iter().any(|s| s.id.0 == "step.child.outside-adult-guidance"));
    assert!(p.coverage.not_covered.iter().any(|n| n.gap == radiculo_kb::Gap::TooYoung));
}
