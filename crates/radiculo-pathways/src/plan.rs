//! The care plan for a patient state: triage first, then the stage, the steps that apply,
//! what to avoid, imaging, referral and weight-based doses.
//!
//! The state is turned into condition terms (`stage.acute`, `triage.urgent`, `grade.2`, ...);
//! a step or dose applies when all its `when` terms hold and none of its `unless` terms do.

use std::collections::BTreeSet;

use radiculo_imaging::{Appropriateness, ImagingQuestion, Study, appropriateness};
use radiculo_kb::{Dose, DoseBasis, DoseUnit, KnowledgeBase, Route, StatementId, Step, StepKind, Triage};
use serde::Serialize;

use crate::state::{Function, PatientState};

/// Stage of the episode by weeks since onset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    /// Under 6 weeks.
    Acute,
    /// 6 to 12 weeks.
    Subacute,
    /// Over 12 weeks.
    Chronic,
}

/// Weeks at which the subacute and chronic stages begin.
pub const STAGE_WEEKS: (u32, u32) = (6, 12);
/// MRC grade at or below which a deficit is severe.
pub const SEVERE_MRC: u8 = 3;
/// Pain score at or above which pain is severe.
pub const SEVERE_PAIN: u8 = 7;
/// The checkpoint-inhibitor context.
pub const ICPI: &str = "context.checkpoint-inhibitor";
/// The statement behind imaging in checkpoint-inhibitor neuropathy of grade 2 or more.
pub const ICPI_WORKUP: &str = "icpi.workup.mri-lp-emg";
/// The red flag a progressing deficit raises.
pub const PROGRESSIVE_FLAG: &str = "red-flag.progressive-deficit";
/// Weeks of conservative care after which the six-week condition holds.
pub const CONSERVATIVE_WEEKS: u32 = 6;

impl Stage {
    /// The stage for `weeks` since onset.
    pub fn of(weeks: u32) -> Stage {
        if weeks < STAGE_WEEKS.0 {
            Stage::Acute
        } else if weeks <= STAGE_WEEKS.1 {
            Stage::Subacute
        } else {
            Stage::Chronic
        }
    }

    fn term(self) -> &'static str {
        match self {
            Stage::Acute => "stage.acute",
            Stage::Subacute => "stage.subacute",
            Stage::Chronic => "stage.chronic",
        }
    }
}

/// A red flag found in the state, with what to do.
#[derive(Debug, Clone, Serialize)]
pub struct Flag {
    /// The red-flag term.
    pub flag: &'static str,
    /// How urgent.
    pub triage: Triage,
    /// What it raises suspicion of.
    pub suspect: &'static str,
    /// What to do and why.
    pub statements: Vec<StatementId>,
}

/// One applicable step.
#[derive(Debug, Clone, Serialize)]
pub struct PlanStep {
    /// Step id.
    pub id: &'static str,
    /// Its name.
    pub step: &'static str,
    /// What kind of step.
    pub kind: StepKind,
    /// The condition terms that made it apply.
    pub when: Vec<&'static str>,
    /// What it says.
    pub statements: Vec<StatementId>,
}

/// Where to refer and how soon.
#[derive(Debug, Clone, Serialize)]
pub struct Referral {
    /// To whom.
    pub to: &'static str,
    /// Within how many days, where a cited source gives a time.
    pub within_days: Option<u16>,
    /// Why, as the text of the step's first statement.
    pub reason: &'static str,
    /// The statements behind it.
    pub statements: Vec<StatementId>,
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
    /// mg/kg/day range, for milligram weight-based regimens.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mg_per_kg_per_day: Option<[f64; 2]>,
    /// g/kg/day range, for gram weight-based regimens.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub g_per_kg_per_day: Option<[f64; 2]>,
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
    /// Set when a weight is needed and was not given.
    pub weight_needed: bool,
}

/// The plan.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    /// How soon the patient must be seen.
    pub triage: Triage,
    /// Red flags, most urgent first.
    pub red_flags: Vec<Flag>,
    /// Stage by weeks since onset, when weeks are known.
    pub stage: Option<Stage>,
    /// The condition terms that held.
    pub conditions: Vec<&'static str>,
    /// Steps that apply, in pathway order (things to do, referrals, follow-up).
    pub plan: Vec<PlanStep>,
    /// Things not to do.
    pub avoid: Vec<PlanStep>,
    /// Imaging now or not.
    pub imaging: Option<Appropriateness>,
    /// Referral, the most urgent first.
    pub referral: Option<Referral>,
    /// Regimens that apply.
    pub doses: Vec<DoseLine>,
}

fn triage_term(triage: Triage) -> &'static str {
    match triage {
        Triage::Emergency => "triage.emergency",
        Triage::Urgent => "triage.urgent",
        Triage::Routine => "triage.routine",
    }
}

/// The grade the ASCO table gives for the functional impact, when no grade was stated: no
/// interference is grade 1, interference with daily activities grade 2, limits on self-care
/// grade 3-4 (`care.icpi-grade-from-function`).
fn grade_from_function(state: &PatientState) -> Option<&'static str> {
    if state.grade.is_some() || !state.context.contains(&ICPI) {
        return None;
    }
    state.function.map(|f| match f {
        Function::None => "grade.1",
        Function::DailyActivities => "grade.2",
        Function::SelfCare => "grade.3-4",
    })
}

fn conditions(kb: &KnowledgeBase, state: &PatientState, stage: Option<Stage>) -> Vec<&'static str> {
    let mut out: BTreeSet<&'static str> = BTreeSet::new();
    out.extend(grade_from_function(state));
    if state.prior_surgery {
        out.insert("context.prior-surgery");
    }
    if let Some(stage) = stage {
        out.insert(stage.term());
    }
    if state.deficits.iter().any(|d| d.mrc < 5) {
        out.insert("deficit.motor");
    }
    if state.deficits.iter().any(|d| d.mrc <= SEVERE_MRC) {
        out.insert("deficit.severe");
    }
    if state.deficits.iter().any(|d| d.progressing) {
        out.insert("deficit.progressing");
    }
    if let Some(f) = state.function {
        out.insert(match f {
            Function::None => "function.none",
            Function::DailyActivities => "function.daily-activities",
            Function::SelfCare => "function.self-care",
        });
    }
    if state.pain.is_some_and(|p| p >= SEVERE_PAIN) {
        out.insert("pain.severe");
    }
    for c in &state.candidate {
        out.insert(match c {
            radiculo_imaging::Candidacy::Surgery => "candidate.surgery",
            radiculo_imaging::Candidacy::Injection => "candidate.injection",
        });
    }
    if state.conservative_weeks.is_some_and(|w| w >= CONSERVATIVE_WEEKS) {
        out.insert("conservative.six-weeks");
    }
    if state.weight_kg.is_some() {
        out.insert("weight.known");
    }
    if let Some(g) = state.grade {
        out.insert(match g {
            1 => "grade.1",
            2 => "grade.2",
            3 => "grade.3",
            _ => "grade.4",
        });
        if g >= 3 {
            out.insert("grade.3-4");
        }
    }
    out.extend(state.red_flags.iter().copied());
    out.extend(state.yellow_flags.iter().copied());
    out.extend(state.context.iter().copied());
    out.extend(state.contraindications.iter().copied());
    // Only terms the knowledge base defines can be named by its steps.
    out.into_iter().filter(|t| kb.term(t).is_some()).collect()
}

fn applies(when: &[radiculo_kb::TermId], unless: &[radiculo_kb::TermId], held: &[&str]) -> bool {
    when.iter().all(|t| held.contains(&t.0)) && !unless.iter().any(|t| held.contains(&t.0))
}

/// Steps in pathway order: depth-first from the entry steps, each once.
/// [`ordered_steps`], kept for the first knowledge base planned for (the baked one, in the
/// binary): the order depends only on the knowledge base, and working it out twice for every
/// plan was a tenth of a batch run. Any other knowledge base is ordered afresh.
fn steps_in_order(kb: &KnowledgeBase) -> std::borrow::Cow<'static, [&'static Step]> {
    static ORDER: std::sync::OnceLock<((usize, usize), Vec<&'static Step>)> = std::sync::OnceLock::new();
    // Which knowledge base: the address and length of its `'static` (never freed) step list.
    let steps = (kb.steps.0.as_ptr() as usize, kb.steps.0.len());
    match ORDER.get_or_init(|| (steps, ordered_steps(kb))) {
        (cached, order) if *cached == steps => std::borrow::Cow::Borrowed(order.as_slice()),
        _ => std::borrow::Cow::Owned(ordered_steps(kb)),
    }
}

fn ordered_steps(kb: &KnowledgeBase) -> Vec<&'static Step> {
    let mut order = Vec::new();
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&'static Step> = kb.steps.0.iter().filter(|s| s.entry).rev().collect();
    while let Some(step) = stack.pop() {
        if !seen.insert(step.id.0) {
            continue;
        }
        order.push(step);
        stack.extend(step.next.iter().rev().filter_map(|n| kb.step(n.0)));
    }
    order
}

fn round(value: f64, unit: DoseUnit) -> f64 {
    match unit {
        DoseUnit::G => (value * 10.0).round() / 10.0,
        DoseUnit::Mg => value.round(),
    }
}

/// The regimen for `weight_kg` (or per kilogram only, without a weight).
pub fn dose_line(dose: &'static Dose, weight_kg: Option<f64>) -> DoseLine {
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
        [round(cap(lo), dose.unit), round(cap(hi), dose.unit)]
    });
    let total = match (per_day, dose.days) {
        (Some([lo, hi]), Some(days)) => {
            Some([round(lo * f64::from(days), dose.unit), round(hi * f64::from(days), dose.unit)])
        }
        _ => None,
    };
    let range = [dose.min, dose.max];
    DoseLine {
        id: dose.id.0,
        drug: dose.drug.0,
        route: dose.route,
        mg_per_kg_per_day: (per_kg && dose.unit == DoseUnit::Mg).then_some(range),
        g_per_kg_per_day: (per_kg && dose.unit == DoseUnit::G).then_some(range),
        per_day,
        total,
        unit,
        days: dose.days,
        cap: dose.cap_per_day,
        capped,
        no_cap: dose.no_cap.map(|t| t.0),
        source: dose.statement,
        weight_needed: per_kg && weight_kg.is_none(),
    }
}

/// Plans care for `state` (already checked).
pub fn plan(kb: &KnowledgeBase, state: &PatientState) -> Plan {
    let stage = state.weeks.map(Stage::of);
    let mut held = conditions(kb, state, stage);
    // Red flags first: those given, a progressing deficit, and any condition that the
    // knowledge base marks as needing prompt assessment (e.g. suspected GBS).
    let progressing = state.deficits.iter().any(|d| d.progressing);
    let mut flag_terms: Vec<&'static str> = held.iter().copied().filter(|t| kb.red_flag(t).is_some()).collect();
    if progressing && !flag_terms.contains(&PROGRESSIVE_FLAG) {
        flag_terms.push(PROGRESSIVE_FLAG);
    }
    let mut flags: Vec<Flag> = flag_terms
        .iter()
        .filter_map(|t| kb.red_flag(t))
        .map(|f| Flag { flag: f.term.0, triage: f.triage, suspect: f.suspect.0, statements: f.statements.to_vec() })
        .collect();
    flags.sort_by_key(|f| (f.triage, f.flag));
    let severe = state.deficits.iter().any(|d| d.mrc <= SEVERE_MRC);
    let floor = if severe { Triage::Urgent } else { Triage::Routine };
    let triage = flags.first().map_or(floor, |f| f.triage.min(floor));
    held.push(triage_term(triage));
    held.sort_unstable();

    let mut plan = Vec::new();
    let mut avoid = Vec::new();
    let steps = steps_in_order(kb);
    for &step in steps.iter() {
        if !applies(&step.when, &step.unless, &held) {
            continue;
        }
        let line = PlanStep {
            id: step.id.0,
            step: step.label.map_or(step.id.0, |l| l.0),
            kind: step.kind,
            when: step.when.iter().map(|t| t.0).collect(),
            statements: step.statements.to_vec(),
        };
        if step.kind == StepKind::Avoid { avoid.push(line) } else { plan.push(line) }
    }
    // Referrals lead the plan: where the patient must go comes before what to do meanwhile.
    plan.sort_by_key(|s| s.kind != StepKind::Refer);
    let referral = steps
        .iter()
        .copied()
        .filter(|s| s.kind == StepKind::Refer && applies(&s.when, &s.unless, &held))
        .min_by_key(|s| s.within_days.unwrap_or(u16::MAX))
        .map(|s| Referral {
            to: s.refer_to.map_or("specialist", |t| t.0),
            within_days: s.within_days,
            reason: s.statements.first().and_then(|id| kb.statement(id.0)).map_or("", |st| st.text.0),
            statements: s.statements.to_vec(),
        });
    let imaging = imaging(kb, state, &held, severe || progressing);
    // Two sources may give the same regimen (ASCO's G3-4 and GBS sections): list it once, from
    // the more specific one (the one with more conditions).
    let applicable: Vec<&'static Dose> = kb.doses.0.iter().filter(|d| applies(&d.when, &[], &held)).collect();
    let same = |a: &Dose, b: &Dose| {
        (a.drug.0, a.route, a.basis, a.unit, a.days) == (b.drug.0, b.route, b.basis, b.unit, b.days)
            && a.min == b.min
            && a.max == b.max
    };
    let doses: Vec<DoseLine> = applicable
        .iter()
        .filter(|d| {
            !applicable.iter().any(|o| o.id != d.id && same(o, d) && (o.when.len(), d.id) > (d.when.len(), o.id))
        })
        .map(|d| dose_line(d, state.weight_kg))
        .collect();
    Plan { triage, red_flags: flags, stage, conditions: held, plan, avoid, imaging, referral, doses }
}

/// Whether and how to image. Red flags and deficits decide whatever the weeks (so a missing
/// onset does not hide an emergency MRI); checkpoint-inhibitor neuropathy of grade 2 or more
/// calls for spine MRI with contrast as part of its work-up.
fn imaging(kb: &KnowledgeBase, state: &PatientState, held: &[&str], deficit_flag: bool) -> Option<Appropriateness> {
    let mut red_flags: Vec<&'static str> = state.red_flags.clone();
    if deficit_flag && !red_flags.contains(&PROGRESSIVE_FLAG) {
        red_flags.push(PROGRESSIVE_FLAG);
    }
    let icpi_workup = held.contains(&ICPI) && (held.contains(&"grade.2") || held.contains(&"grade.3-4"));
    let weeks = match state.weeks {
        Some(w) => w,
        None if !red_flags.is_empty() || state.prior_surgery || icpi_workup => 0,
        None => return None,
    };
    let answer = appropriateness(
        kb,
        &ImagingQuestion {
            weeks,
            red_flags,
            prior_surgery: state.prior_surgery,
            candidate: state.candidate.clone(),
            mri_contraindicated: state.mri_contraindicated,
        },
    );
    if icpi_workup && !answer.indicated_now {
        let statements: Vec<StatementId> = kb.statement(ICPI_WORKUP).map(|s| s.id).into_iter().collect();
        let reason = kb.statement(ICPI_WORKUP).map_or("", |s| s.text.0);
        let study =
            if state.mri_contraindicated { Study::CtMyelography } else { Study::MriSpineWithAndWithoutContrast };
        return Some(Appropriateness { indicated_now: true, study, reason, statements });
    }
    Some(answer)
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
