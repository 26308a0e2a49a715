//! The care plan for a patient state: triage first, then the stage, the steps that apply,
//! what to avoid, imaging, referral and weight-based doses, and what is not covered.
//!
//! The state is turned into condition terms (`stage.acute`, `triage.urgent`, `grade.2`, ...,
//! with what they imply in the vocabulary); a step or dose applies when all its `when` terms
//! hold and none of its `unless` terms do, and is printed as a recommendation only when its
//! population includes the patient.

use std::borrow::Cow;
use std::collections::BTreeSet;

use radiculo_anatomy::localize::RaisedFlag;
use radiculo_imaging::{Appropriateness, ImagingQuestion, Uncovered, appropriateness};
use radiculo_kb::once::PerKnowledgeBase;
use radiculo_kb::{
    Dose, DoseBasis, DoseUnit, Gap, KnowledgeBase, PopulationId, RedFlag, Route, SpineRegion, StatementId, Step,
    StepId, StepKind, TermId, Triage,
};
use serde::Serialize;

use crate::rules::Compiled;
use crate::state::PatientState;

/// Term ids the planner names; a test checks that each exists in the knowledge base.
pub mod ids {
    #![allow(missing_docs)]
    pub const ICPI: &str = "context.checkpoint-inhibitor";
    pub const PROGRESSIVE_FLAG: &str = "red-flag.progressive-deficit";
    pub const STAGE_ACUTE: &str = "stage.acute";
    pub const STAGE_SUBACUTE: &str = "stage.subacute";
    pub const STAGE_CHRONIC: &str = "stage.chronic";
    pub const COURSE_PERSISTING: &str = "course.persisting";
    pub const DEFICIT_MOTOR: &str = "deficit.motor";
    pub const DEFICIT_SEVERE: &str = "deficit.severe";
    pub const DEFICIT_PROGRESSING: &str = "deficit.progressing";
    pub const PAIN_SEVERE: &str = "pain.severe";
    pub const CONSERVATIVE_DONE: &str = "conservative.six-weeks";
    pub const WEIGHT_KNOWN: &str = "weight.known";
    pub const PRIOR_SURGERY: &str = "context.prior-surgery";
    pub const IMAGING_DONE: &str = "context.imaging-done";
    pub const IMAGING_DISCORDANT: &str = "context.imaging-discordant";
    pub const PREGNANT: &str = "context.pregnant";
    pub const CHILD: &str = "age.child";
    pub const REGION_CERVICAL: &str = "region.cervical";
    pub const REGION_THORACIC: &str = "region.thoracic";
    pub const REGION_LUMBOSACRAL: &str = "region.lumbosacral";
    pub const TRIAGE_EMERGENCY: &str = "triage.emergency";
    pub const TRIAGE_URGENT: &str = "triage.urgent";
    pub const TRIAGE_ROUTINE: &str = "triage.routine";
    pub const GRADE: [&str; 5] = ["grade.1", "grade.2", "grade.3", "grade.4", "grade.3-4"];
    pub const ALL: &[&str] = &[
        ICPI,
        PROGRESSIVE_FLAG,
        STAGE_ACUTE,
        STAGE_SUBACUTE,
        STAGE_CHRONIC,
        COURSE_PERSISTING,
        DEFICIT_MOTOR,
        DEFICIT_SEVERE,
        DEFICIT_PROGRESSING,
        PAIN_SEVERE,
        CONSERVATIVE_DONE,
        WEIGHT_KNOWN,
        PRIOR_SURGERY,
        IMAGING_DONE,
        IMAGING_DISCORDANT,
        PREGNANT,
        CHILD,
        REGION_CERVICAL,
        REGION_THORACIC,
        REGION_LUMBOSACRAL,
        TRIAGE_EMERGENCY,
        TRIAGE_URGENT,
        TRIAGE_ROUTINE,
    ];
}

/// Stage of the episode by weeks since onset (bounds from the knowledge base).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    /// Before the subacute stage.
    Acute,
    /// From the subacute bound to the chronic bound.
    Subacute,
    /// After the chronic bound.
    Chronic,
}

impl Stage {
    /// The stage for `weeks` since onset.
    pub fn of(kb: &KnowledgeBase, weeks: u32) -> Stage {
        let p = &kb.parameters;
        if weeks < p.stage_subacute_weeks.whole() {
            Stage::Acute
        } else if weeks <= p.stage_chronic_weeks.whole() {
            Stage::Subacute
        } else {
            Stage::Chronic
        }
    }

    /// The condition term.
    pub fn term(self) -> &'static str {
        match self {
            Stage::Acute => ids::STAGE_ACUTE,
            Stage::Subacute => ids::STAGE_SUBACUTE,
            Stage::Chronic => ids::STAGE_CHRONIC,
        }
    }
}

/// The condition terms of a checkpoint-inhibitor grade.
pub fn grade_terms(grade: u8) -> Vec<&'static str> {
    match grade {
        1 => vec!["grade.1"],
        2 => vec!["grade.2"],
        3 => vec!["grade.3", "grade.3-4"],
        _ => vec!["grade.4", "grade.3-4"],
    }
}

/// The condition term of a triage level.
pub fn triage_term(triage: Triage) -> &'static str {
    match triage {
        Triage::Emergency => ids::TRIAGE_EMERGENCY,
        Triage::Urgent => ids::TRIAGE_URGENT,
        Triage::Routine => ids::TRIAGE_ROUTINE,
    }
}

/// One applicable step.
#[derive(Debug, Clone, Serialize)]
pub struct PlanStep {
    /// Step id.
    pub id: StepId,
    /// Its short name.
    pub label: &'static str,
    /// What kind of step.
    pub kind: StepKind,
    /// The condition terms that made it apply.
    pub when: &'static [TermId],
    /// The statement printed as the recommendation.
    pub headline: StatementId,
    /// The statements that support it.
    pub support: &'static [StatementId],
    /// The plain-language statement for the patient handout.
    pub patient: Option<StatementId>,
}

/// Where to refer and how soon.
#[derive(Debug, Clone, Serialize)]
pub struct Referral {
    /// The step.
    pub step: StepId,
    /// To whom.
    pub to: &'static str,
    /// Within how many days, where a cited source gives a time.
    pub within_days: Option<u16>,
    /// The statement printed as the reason.
    pub headline: StatementId,
}

/// A regimen, computed for the patient's weight when it is known.
#[derive(Debug, Clone, Serialize)]
pub struct DoseLine {
    /// Regimen id.
    pub id: &'static str,
    /// The drug.
    pub drug: &'static str,
    /// How it is given.
    pub route: Route,
    /// Amount range per kg per day, in `unit`, for weight-based regimens.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_kg_per_day: Option<[f64; 2]>,
    /// Daily amount range in `unit`, or `None` without a weight.
    pub per_day: Option<[f64; 2]>,
    /// Total over `days`, when both the daily amount and the days are known.
    pub total: Option<[f64; 2]>,
    /// `mg` or `g`.
    pub unit: &'static str,
    /// Days of treatment, where the source fixes them.
    pub days: Option<u16>,
    /// Daily cap in `unit`, where the source gives one.
    pub cap: Option<f64>,
    /// Whether the cap lowered the daily amount.
    pub capped: bool,
    /// Why there is no cap, when there is none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_cap: Option<&'static str>,
    /// The statement that states the regimen, with its citation.
    pub source: StatementId,
    /// Cautions to print with the dose.
    pub cautions: Vec<StatementId>,
    /// Set when a weight is needed and was not given.
    pub weight_needed: bool,
}

/// Guidance whose conditions held but whose sources do not address this patient.
#[derive(Debug, Clone, Serialize)]
pub struct NotCovered {
    /// The population the guidance addresses.
    pub population: PopulationId,
    /// Who that is, as printed.
    pub label: &'static str,
    /// Why the patient is outside it.
    pub gap: Gap,
    /// The steps, doses and imaging rules left out.
    pub left_out: Vec<&'static str>,
}

/// What the plan covers for this patient, and what it leaves out.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Coverage {
    /// Populations whose guidance was applied.
    pub covered: Vec<PopulationId>,
    /// Guidance left out because the patient is outside its population.
    pub not_covered: Vec<NotCovered>,
}

/// The plan.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    /// How soon the patient must be seen.
    pub triage: Triage,
    /// Red flags, most urgent first.
    pub red_flags: Vec<RaisedFlag>,
    /// Stage by weeks since onset, when weeks are known.
    pub stage: Option<Stage>,
    /// The condition terms that held.
    pub conditions: Vec<&'static str>,
    /// Steps that apply, in pathway order (referrals first, then things to do, follow-up).
    pub plan: Vec<PlanStep>,
    /// Things not to do.
    pub avoid: Vec<PlanStep>,
    /// Imaging now or not; `None` when no imaging rule covers the situation.
    pub imaging: Option<Appropriateness>,
    /// Referral, the most urgent first.
    pub referral: Option<Referral>,
    /// Regimens that apply.
    pub doses: Vec<DoseLine>,
    /// What is and is not covered for this patient.
    pub coverage: Coverage,
}

/// The condition terms of `state` (before triage), with what they imply.
pub fn conditions(kb: &KnowledgeBase, state: &PatientState) -> Vec<&'static str> {
    let p = &kb.parameters;
    let mut out: BTreeSet<&'static str> = BTreeSet::new();
    if let Some(weeks) = state.weeks {
        out.insert(Stage::of(kb, weeks).term());
        if weeks >= p.conservative_care_weeks.whole() {
            out.insert(ids::COURSE_PERSISTING);
        }
    }
    if state.prior_surgery {
        out.insert(ids::PRIOR_SURGERY);
    }
    if state.imaging_done {
        out.insert(ids::IMAGING_DONE);
    }
    if state.imaging_discordant {
        out.insert(ids::IMAGING_DISCORDANT);
    }
    if state.scope.pregnant {
        out.insert(ids::PREGNANT);
    }
    if state.scope.age.is_some_and(|age| age < p.adult_age_years.whole()) {
        out.insert(ids::CHILD);
    }
    for region in &state.scope.regions {
        out.insert(match region {
            SpineRegion::Cervical => ids::REGION_CERVICAL,
            SpineRegion::Thoracic => ids::REGION_THORACIC,
            SpineRegion::Lumbosacral | SpineRegion::Any => ids::REGION_LUMBOSACRAL,
        });
    }
    for d in &state.deficits {
        let grade = d.mrc.map(radiculo_anatomy::Mrc::grade);
        if grade.is_none_or(|g| g < 5) {
            out.insert(ids::DEFICIT_MOTOR);
        }
        if grade.is_some_and(|g| f64::from(g) <= p.severe_deficit_mrc.value) {
            out.insert(ids::DEFICIT_SEVERE);
        }
        if d.progressing {
            out.insert(ids::DEFICIT_PROGRESSING);
            out.insert(ids::PROGRESSIVE_FLAG);
        }
    }
    if let Some(f) = state.function {
        out.insert(f.term());
    }
    if state.pain.is_some_and(|pain| f64::from(pain) >= p.severe_pain.value) {
        out.insert(ids::PAIN_SEVERE);
    }
    out.extend(state.candidate.iter().map(|c| c.term()));
    if state.conservative_weeks.is_some_and(|w| w >= p.conservative_care_weeks.whole()) {
        out.insert(ids::CONSERVATIVE_DONE);
    }
    if state.weight_kg.is_some() {
        out.insert(ids::WEIGHT_KNOWN);
    }
    if let Some(g) = state.grade {
        out.extend(grade_terms(g));
    }
    out.extend(state.red_flags.iter().copied());
    out.extend(state.yellow_flags.iter().copied());
    out.extend(state.context.iter().copied());
    out.extend(state.contraindications.iter().copied());
    let mut held = kb.with_implied(out);
    // Derived conditions, in knowledge order; a rule sees what earlier rules added.
    with_rules(kb, |_, compiled| {
        let mut bits = compiled.set(held.iter().copied());
        let rules: &'static [radiculo_kb::ConditionRule] = kb.condition_rules.0;
        for (rule, test) in rules.iter().zip(&compiled.condition_rules) {
            if test.applies(&bits) {
                // `held` already holds what its terms imply: only the new terms need following.
                let new: Vec<&'static str> =
                    rule.then.iter().map(|t| t.0).filter(|t| held.binary_search(t).is_err()).collect();
                if !new.is_empty() {
                    for term in kb.with_implied(new) {
                        compiled.add(&mut bits, term);
                        held.push(term);
                    }
                    held.sort_unstable();
                    held.dedup();
                }
            }
        }
    });
    held
}

/// Runs `f` with the steps in pathway order and the compiled rules of `kb`.
fn with_rules<R>(kb: &KnowledgeBase, f: impl FnOnce(&[&'static Step], &Compiled) -> R) -> R {
    static COMPILED: PerKnowledgeBase<Compiled> = PerKnowledgeBase::new();
    let order = steps_in_order(kb);
    f(&order, &COMPILED.get_or_build(kb, || Compiled::of(kb, &order)))
}

/// [`ordered_steps`], kept for the baked knowledge base: the order depends only on the
/// knowledge base, and working it out for every plan was a tenth of a batch run. Any other
/// knowledge base is ordered afresh.
fn steps_in_order(kb: &KnowledgeBase) -> Cow<'static, [&'static Step]> {
    static ORDER: PerKnowledgeBase<Vec<&'static Step>> = PerKnowledgeBase::new();
    match ORDER.get_or_build(kb, || ordered_steps(kb)) {
        Cow::Borrowed(order) => Cow::Borrowed(order),
        Cow::Owned(order) => Cow::Owned(order),
    }
}

/// Steps in pathway order: depth-first from the entry steps in knowledge order, each once.
fn ordered_steps(kb: &KnowledgeBase) -> Vec<&'static Step> {
    let mut order = Vec::new();
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&'static Step> = kb.entries.iter().rev().filter_map(|id| kb.step(id.0)).collect();
    while let Some(step) = stack.pop() {
        if !seen.insert(step.id.0) {
            continue;
        }
        order.push(step);
        stack.extend(step.next.iter().rev().filter_map(|n| kb.step(n.0)));
    }
    order
}

fn round(kb: &KnowledgeBase, value: f64, unit: DoseUnit) -> f64 {
    let step = match unit {
        DoseUnit::G => kb.parameters.dose_step_g.value,
        DoseUnit::Mg => kb.parameters.dose_step_mg.value,
    };
    // Rounded through the reciprocal so that 0.1 steps print as 28.4, not 28.400000000000002.
    let per_unit = (1.0 / step).round();
    (value * per_unit).round() / per_unit
}

/// The regimen for `weight_kg` (or per kilogram only, without a weight).
pub fn dose_line(kb: &KnowledgeBase, dose: &'static Dose, weight_kg: Option<f64>) -> DoseLine {
    let unit = match dose.unit {
        DoseUnit::Mg => "mg",
        DoseUnit::G => "g",
    };
    let per_kg = dose.basis == DoseBasis::PerKgPerDay;
    let per_day = match (dose.basis, weight_kg) {
        (DoseBasis::FixedPerDay, _) => Some([dose.min, dose.max]),
        (DoseBasis::PerKgPerDay, Some(w)) => Some([dose.min * w, dose.max * w]),
        (DoseBasis::PerKgPerDay, None) => None,
    };
    let mut capped = false;
    let per_day = per_day.map(|[lo, hi]| {
        let mut cap = |v: f64| match dose.cap_per_day {
            Some(c) if v > c => {
                capped = true;
                c
            }
            _ => v,
        };
        [round(kb, cap(lo), dose.unit), round(kb, cap(hi), dose.unit)]
    });
    let total = match (per_day, dose.days) {
        (Some([lo, hi]), Some(days)) => {
            Some([round(kb, lo * f64::from(days), dose.unit), round(kb, hi * f64::from(days), dose.unit)])
        }
        _ => None,
    };
    DoseLine {
        id: dose.id.0,
        drug: dose.drug.0,
        route: dose.route,
        per_kg_per_day: per_kg.then_some([dose.min, dose.max]),
        per_day,
        total,
        unit,
        days: dose.days,
        cap: dose.cap_per_day,
        capped,
        no_cap: dose.no_cap.map(|t| t.0),
        source: dose.statement,
        cautions: dose.cautions.to_vec(),
        weight_needed: per_kg && weight_kg.is_none(),
    }
}

/// The red flags of `held`: each flag term the knowledge base knows, replaced by its `instead`
/// flag when a condition explains it otherwise.
fn raise_flags(kb: &KnowledgeBase, held: &[&'static str], extra: &[RaisedFlag]) -> Vec<RaisedFlag> {
    let mut out: Vec<RaisedFlag> = Vec::new();
    let push = |flag: &'static RedFlag, because: Vec<String>, out: &mut Vec<RaisedFlag>| {
        let explained = flag.unless.iter().any(|t| held.contains(&t.0));
        let flag = match (explained, flag.instead.and_then(|t| kb.red_flag(t.0))) {
            (true, Some(instead)) => instead,
            (true, None) => return,
            (false, _) => flag,
        };
        match out.iter_mut().find(|f| f.flag == flag.term.0) {
            Some(existing) => existing.because.extend(because),
            None => out.push(RaisedFlag {
                flag: flag.term.0,
                triage: flag.triage,
                suspect: flag.suspect.0,
                because,
                statements: flag.statements.to_vec(),
            }),
        }
    };
    for term in held {
        if let Some(flag) = kb.red_flag(term) {
            let because = kb.term(term).map(|t| vec![t.label.to_string()]).unwrap_or_default();
            push(flag, because, &mut out);
        }
    }
    for raised in extra {
        if let Some(flag) = kb.red_flag(raised.flag) {
            push(flag, raised.because.clone(), &mut out);
        }
    }
    // A suspicion raised by findings (fever, drug use) names them; the same suspicion given as
    // context (or implied by them) adds nothing beside them.
    let by_findings: Vec<&'static str> =
        out.iter().filter(|f| !f.flag.starts_with("context.")).map(|f| f.suspect).collect();
    out.retain(|f| !(f.flag.starts_with("context.") && by_findings.contains(&f.suspect)));
    out.sort_by_key(|f| (f.triage, f.flag));
    out
}

/// Plans care for `state` (already checked), with red flags raised elsewhere (by the
/// examination) in `extra_flags`.
///
/// ```
/// use radiculo_pathways::{PatientState, plan};
/// use radiculo_kb::Triage;
///
/// let kb = radiculo_pathways::baked();
/// let state = PatientState { weeks: Some(2), red_flags: vec!["red-flag.saddle-anaesthesia"], ..Default::default() };
/// let p = plan(kb, &state, &[]);
/// assert_eq!(p.triage, Triage::Emergency);
/// ```
pub fn plan(kb: &KnowledgeBase, state: &PatientState, extra_flags: &[RaisedFlag]) -> Plan {
    let stage = state.weeks.map(|w| Stage::of(kb, w));
    let mut held = conditions(kb, state);
    let red_flags = raise_flags(kb, &held, extra_flags);
    // A flag explained otherwise (weakness of both legs in suspected GBS) no longer holds as a
    // condition: its replacement does, so the steps and imaging of the replaced flag stand aside.
    let before = held.clone();
    held.retain(|t| kb.red_flag(t).is_none_or(|f| !f.unless.iter().any(|u| before.contains(&u.0))));
    // A flag that points to a region brings that region's guidance in (saddle anaesthesia in a
    // patient with cervical radiculopathy).
    let mut scope = state.scope.clone();
    for region in red_flags.iter().filter_map(|f| kb.red_flag(f.flag).and_then(|d| d.region)) {
        if !scope.regions.is_empty() && !scope.regions.contains(&region) {
            scope.regions.push(region);
        }
    }
    let severe = held.contains(&ids::DEFICIT_SEVERE);
    let floor = if severe { Triage::Urgent } else { Triage::Routine };
    let triage = red_flags.first().map_or(floor, |f| f.triage.min(floor));
    // Raised flags (including replacements) hold as conditions, so their steps apply.
    held.extend(red_flags.iter().map(|f| f.flag));
    held.push(triage_term(triage));
    held.sort_unstable();
    held.dedup();

    let mut coverage = Coverage::default();
    // Whether a population covers this patient is worked out once per population: the
    // answer is already in `coverage` after its first item.
    let covered = |population: PopulationId, item: &'static str, coverage: &mut Coverage| -> bool {
        if coverage.covered.contains(&population) {
            return true;
        }
        if let Some(n) = coverage.not_covered.iter_mut().find(|n| n.population == population) {
            n.left_out.push(item);
            return false;
        }
        let Some(pop) = kb.population(population.0) else { return false };
        match pop.covers(&scope) {
            Ok(()) => {
                coverage.covered.push(population);
                true
            }
            Err(gap) => {
                coverage.not_covered.push(NotCovered { population, label: pop.label.0, gap, left_out: vec![item] });
                false
            }
        }
    };

    // The steps (in pathway order) and regimens whose conditions hold.
    let (holding_steps, holding_doses) = with_rules(kb, |order, compiled| {
        let bits = compiled.set(held.iter().copied());
        let all: &'static [Dose] = kb.doses.0;
        let steps: Vec<&'static Step> =
            order.iter().zip(&compiled.steps).filter(|(_, rule)| rule.applies(&bits)).map(|(s, _)| *s).collect();
        let doses: Vec<&'static Dose> =
            all.iter().zip(&compiled.doses).filter(|(_, rule)| rule.applies(&bits)).map(|(d, _)| d).collect();
        (steps, doses)
    });
    let mut steps = Vec::new();
    let mut avoid = Vec::new();
    let mut referral: Option<(&'static Step, u16)> = None;
    for step in holding_steps {
        if !covered(step.applies, step.id.0, &mut coverage) {
            continue;
        }
        let line = PlanStep {
            id: step.id,
            label: step.label.map_or(step.id.0, |l| l.0),
            kind: step.kind,
            when: step.when.0,
            headline: step.headline,
            support: step.support.0,
            patient: step.patient,
        };
        if step.kind == StepKind::Refer {
            let days = step.within_days.unwrap_or(u16::MAX);
            if referral.is_none_or(|(_, best)| days < best) {
                referral = Some((step, days));
            }
        }
        if step.kind == StepKind::Avoid { avoid.push(line) } else { steps.push(line) }
    }
    // Referrals lead the plan (where the patient must go comes before what to do meanwhile),
    // then the safety checks that guard the treatments after them.
    steps.sort_by_key(|s| s.kind.precedence());
    // What to avoid for this patient in particular (more conditions) before general advice.
    avoid.sort_by_key(|s| std::cmp::Reverse(s.when.len()));
    let referral = referral.and_then(|(s, _)| {
        Some(Referral { step: s.id, to: s.refer_to?.0, within_days: s.within_days, headline: s.headline })
    });

    let imaging = if state.imaging_done {
        None
    } else {
        let question = ImagingQuestion {
            conditions: held.clone(),
            scope: scope.clone(),
            mri_contraindicated: state.mri_contraindicated,
        };
        match appropriateness(kb, &question) {
            Ok(answer) => {
                if let Some(rule) = kb.imaging_rules.iter().find(|r| r.id == answer.rule) {
                    covered(rule.applies, rule.id.0, &mut coverage);
                }
                Some(answer)
            }
            Err(uncovered) => {
                for Uncovered { rule, .. } in uncovered {
                    if let Some(r) = kb.imaging_rules.iter().find(|r| r.id == rule) {
                        covered(r.applies, r.id.0, &mut coverage);
                    }
                }
                None
            }
        }
    };

    // Two sources may give the same regimen (ASCO's G3-4 and GBS sections): list it once, from
    // the more specific one (the one with more conditions).
    let applicable: Vec<&'static Dose> =
        holding_doses.into_iter().filter(|d| covered(d.applies, d.id.0, &mut coverage)).collect();
    let same = |a: &Dose, b: &Dose| {
        (a.drug.0, a.route, a.basis, a.unit, a.days) == (b.drug.0, b.route, b.basis, b.unit, b.days)
            && a.min.to_bits() == b.min.to_bits()
            && a.max.to_bits() == b.max.to_bits()
    };
    let doses: Vec<DoseLine> = applicable
        .iter()
        .filter(|d| {
            !applicable.iter().any(|o| o.id != d.id && same(o, d) && (o.when.len(), d.id) > (d.when.len(), o.id))
        })
        .map(|d| dose_line(kb, d, state.weight_kg))
        .collect();
    Plan { triage, red_flags, stage, conditions: held, plan: steps, avoid, imaging, referral, doses, coverage }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kept_step_order_is_the_order() {
        let kb = radiculo_knowledge::baked();
        let ids = |steps: &[&Step]| steps.iter().map(|s| s.id.0).collect::<Vec<_>>();
        let fresh = ordered_steps(kb);
        assert!(!fresh.is_empty());
        for _ in 0..2 {
            assert_eq!(ids(&steps_in_order(kb)), ids(&fresh));
        }
    }
}
