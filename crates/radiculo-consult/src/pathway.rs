//! The document for `radiculo pathway`, and the lines a consultation takes from a plan.

use radiculo_kb::{KnowledgeBase, StepKind, Triage};
use radiculo_pathways::{Plan, PlanStep, Stage};

use crate::document::{Document, Heading, Kind, Lead, Line, Section};
use crate::imaging::imaging_line;
use crate::lines::{alerts, coverage_notices, dose_line, red_flag_lines, triage_word};

/// How the stage is printed: `acute (2 weeks since onset; under 6)`.
pub fn stage_words(kb: &KnowledgeBase, stage: Option<Stage>, weeks: Option<u32>) -> String {
    let p = &kb.parameters;
    let (sub, chronic) = (p.stage_subacute_weeks.whole(), p.stage_chronic_weeks.whole());
    let since = |w: u32| format!("{w} week{} since onset", if w == 1 { "" } else { "s" });
    match (stage, weeks) {
        (Some(Stage::Acute), Some(w)) => format!("acute ({}; under {sub})", since(w)),
        (Some(Stage::Subacute), Some(w)) => format!("subacute ({}; {sub}-{chronic})", since(w)),
        (Some(Stage::Chronic), Some(w)) => format!("chronic ({}; over {chronic})", since(w)),
        _ => "not staged (weeks since onset not given)".to_string(),
    }
}

/// A step as a line: referrals say where to; the headline statement; support with `--detail`.
pub fn step_line(step: &PlanStep, plan: &Plan, explain: bool) -> Line {
    let lead = match (step.kind, &plan.referral) {
        (StepKind::Refer, Some(r)) if r.step == step.id => {
            let when = r
                .within_days
                .map_or(String::new(), |d| if d == 0 { " the same day".into() } else { format!(" within {d} days") });
            Some(Lead::Label(format!("refer to {}{when}", r.to)))
        }
        (StepKind::Refer, _) => Some(Lead::Label("refer".into())),
        (StepKind::FollowUp, _) => Some(Lead::Label("follow up".into())),
        (StepKind::Check, _) => Some(Lead::Label("check first".into())),
        _ => None,
    };
    let notes = if explain && !step.when.is_empty() {
        vec![format!("because: {}", step.when.iter().map(|t| t.0).collect::<Vec<_>>().join(", "))]
    } else {
        Vec::new()
    };
    Line { lead, statement: Some(step.headline), support: step.support.to_vec(), notes }
}

/// The direct answer of a plan: triage and stage, with the first step (the referral when
/// there is one).
pub fn answer_line(kb: &KnowledgeBase, plan: &Plan, weeks: Option<u32>) -> Line {
    let lead = format!("triage {}; stage {}", triage_word(plan.triage), stage_words(kb, plan.stage, weeks));
    match plan.plan.first() {
        Some(first) => {
            let mut line = step_line(first, plan, false);
            let step_lead = line.lead.take().map(|l| format!("; {}", l.text())).unwrap_or_default();
            line.lead = Some(Lead::Label(format!("{lead}{step_lead}")));
            line
        }
        None => Line::led(Lead::Label(lead), None),
    }
}

/// What to do now after the first step.
pub fn do_now_lines(plan: &Plan, explain: bool) -> impl Iterator<Item = Line> + '_ {
    plan.plan.iter().skip(1).map(move |s| step_line(s, plan, explain))
}

/// What to avoid.
pub fn avoid_lines(plan: &Plan, explain: bool) -> impl Iterator<Item = Line> + '_ {
    plan.avoid.iter().map(move |s| step_line(s, plan, explain))
}

/// The doses that apply.
pub fn dose_lines(plan: &Plan, weight_kg: Option<f64>) -> Vec<Line> {
    plan.doses.iter().map(|d| dose_line(d, weight_kg)).collect()
}

/// The plan as a document: red flags, triage and first step, then what to do, imaging, what
/// to avoid and doses; every step and its evidence with `--detail`.
pub fn pathway_document(
    kb: &KnowledgeBase,
    p: &Plan,
    weeks: Option<u32>,
    weight_kg: Option<f64>,
    explain: bool,
) -> Document {
    let title = match p.triage {
        Triage::Emergency => "Care pathway: EMERGENCY".to_string(),
        Triage::Urgent => "Care pathway: URGENT assessment".to_string(),
        Triage::Routine => format!("Care pathway: routine, {}", stage_words(kb, p.stage, weeks)),
    };
    let mut doc = Document::new(Kind::Command, title);
    doc.alerts = alerts(kb, &p.red_flags);
    doc.answer.push(answer_line(kb, p, weeks));
    doc.summary(Section::new(Heading::DoNow, do_now_lines(p, explain).take(3).collect()));
    doc.summary(Section::new(Heading::Doses, dose_lines(p, weight_kg)));
    doc.summary(Section::new(Heading::Imaging, p.imaging.iter().map(imaging_line).collect()));
    doc.summary(Section::new(Heading::Avoid, avoid_lines(p, explain).take(2).collect()));
    doc.detail(Section::new(Heading::RedFlags, red_flag_lines(kb, &p.red_flags)));
    doc.detail(Section::new(Heading::DoNow, do_now_lines(p, explain).skip(3).collect()));
    doc.detail(Section::new(Heading::Avoid, avoid_lines(p, explain).skip(2).collect()));
    if explain {
        doc.detail(Section::new(Heading::Conditions, vec![Line::led(Lead::Trace(p.conditions.join(", ")), None)]));
    }
    doc.notices = coverage_notices(&p.coverage);
    doc
}
