//! The document for `radiculo pathway`: red flags and triage first, then stage, plan, what to
//! avoid, imaging, referral and doses.

use radiculo_kb::{KnowledgeBase, Route, StatementId, Triage};
use radiculo_pathways::{DoseLine, Plan, Stage};

use crate::render::{Document, Item, Section};

fn triage_word(t: Triage) -> &'static str {
    match t {
        Triage::Emergency => "EMERGENCY",
        Triage::Urgent => "URGENT",
        Triage::Routine => "routine",
    }
}

fn route(r: Route) -> &'static str {
    match r {
        Route::Iv => "IV",
        Route::Oral => "oral",
        Route::Im => "IM",
        Route::Sc => "SC",
        Route::Epidural => "epidural",
    }
}

fn range(values: [f64; 2]) -> String {
    if values[0] == values[1] { format!("{}", values[0]) } else { format!("{}-{}", values[0], values[1]) }
}

/// The computed line that leads a dose: amounts with units, days, total and cap.
pub fn dose_lead(d: &DoseLine, weight_kg: Option<f64>) -> String {
    let per_kg = d.mg_per_kg_per_day.or(d.g_per_kg_per_day);
    let mut lead = format!("{} {}", d.drug, route(d.route));
    match (per_kg, d.per_day, weight_kg) {
        (Some(k), Some(day), Some(w)) => {
            lead.push_str(&format!(" {} {}/kg/day x {w} kg = {} {}/day", range(k), d.unit, range(day), d.unit));
        }
        (Some(k), None, _) => {
            lead.push_str(&format!(" {} {}/kg/day; the weight is needed to compute the dose", range(k), d.unit));
        }
        (None, Some(day), _) => lead.push_str(&format!(" {} {}/day", range(day), d.unit)),
        _ => {}
    }
    if let Some(days) = d.days {
        lead.push_str(&format!(" for {days} days"));
    }
    if let Some(total) = d.total {
        lead.push_str(&format!(" ({} {} in total)", range(total), d.unit));
    }
    if per_kg.is_some() {
        match (d.cap, d.capped) {
            (Some(cap), true) => lead.push_str(&format!("; capped at {cap} {}/day", d.unit)),
            (Some(cap), false) => lead.push_str(&format!("; cap {cap} {}/day", d.unit)),
            (None, _) => lead.push_str("; the source gives no cap"),
        }
    }
    lead
}

/// Red flags grouped by what they raise suspicion of, so each suspicion is said once.
pub fn red_flag_items<'a>(
    kb: &KnowledgeBase,
    flags: impl IntoIterator<Item = (Triage, &'a str, &'a str, &'a [StatementId])>,
) -> Vec<Item> {
    let mut groups: Vec<(Triage, &str, Vec<String>, Vec<StatementId>)> = Vec::new();
    for (triage, suspect, flag, statements) in flags {
        let name = kb.term(flag).map_or_else(|| flag.to_string(), |t| t.label.to_string());
        match groups.iter_mut().find(|g| g.0 == triage && g.1 == suspect) {
            Some(g) => {
                g.2.push(name);
                g.3.extend(statements.iter().filter(|s| !g.3.contains(s)).copied().collect::<Vec<_>>());
            }
            None => groups.push((triage, suspect, vec![name], statements.to_vec())),
        }
    }
    groups
        .into_iter()
        .map(|(t, suspect, names, statements)| {
            Item::led(
                format!("{}: suspected {} ({})", triage_word(t), suspect.replace('-', " "), names.join(", ")),
                statements,
            )
        })
        .collect()
}

/// The plan as a document.
pub fn pathway_document(
    kb: &KnowledgeBase,
    p: &Plan,
    weeks: Option<u32>,
    weight_kg: Option<f64>,
    explain: bool,
) -> Document {
    // With --explain each step shows the conditions that made it apply.
    let why = |when: &[&str]| -> Vec<String> {
        if explain && !when.is_empty() { vec![format!("because: {}", when.join(", "))] } else { Vec::new() }
    };
    let flags = p.red_flags.iter().map(|f| (f.triage, f.suspect, f.flag, f.statements.as_slice()));
    let mut sections = vec![Section::alert("Red flags", red_flag_items(kb, flags))];
    let stage = match (p.stage, weeks) {
        (Some(Stage::Acute), Some(w)) => format!("acute ({w} weeks since onset; under 6)"),
        (Some(Stage::Subacute), Some(w)) => format!("subacute ({w} weeks since onset; 6-12)"),
        (Some(Stage::Chronic), Some(w)) => format!("chronic ({w} weeks since onset; over 12)"),
        _ => "not staged: weeks since onset not given".to_string(),
    };
    sections.push(Section::new(
        "Triage and stage",
        vec![Item::led(format!("triage: {}", triage_word(p.triage)), []), Item::led(format!("stage: {stage}"), [])],
    ));
    sections.push(Section::new(
        "Plan",
        p.plan.iter().map(|s| Item::led(s.step, s.statements.clone()).with_details(why(&s.when))).collect(),
    ));
    sections.push(Section::new(
        "Avoid",
        p.avoid.iter().map(|s| Item::led(s.step, s.statements.clone()).with_details(why(&s.when))).collect(),
    ));
    if explain {
        sections.push(Section::new("Conditions that held", vec![Item::led(p.conditions.join(", "), [])]));
    }
    if let Some(i) = &p.imaging {
        let lead =
            if i.indicated_now { format!("imaging now: {}", i.study.label()) } else { "no imaging now".to_string() };
        sections.push(Section::new("Imaging", vec![Item::led(lead, i.statements.clone())]));
    }
    if let Some(r) = &p.referral {
        let when = r
            .within_days
            .map_or(String::new(), |d| if d == 0 { " the same day".into() } else { format!(" within {d} days") });
        sections
            .push(Section::new("Referral", vec![Item::led(format!("refer to {}{when}", r.to), r.statements.clone())]));
    }
    sections
        .push(Section::new("Doses", p.doses.iter().map(|d| Item::led(dose_lead(d, weight_kg), [d.source])).collect()));
    let title = match p.triage {
        Triage::Emergency => "Care pathway: EMERGENCY".to_string(),
        Triage::Urgent => "Care pathway: urgent assessment".to_string(),
        Triage::Routine => "Care pathway".to_string(),
    };
    Document { title, sections }
}
