//! Lines shared by every answer: red-flag alerts, ranks, doses and coverage notices. Each
//! function takes an engine's typed result and returns the lines that show it, so a
//! consultation composes the same lines the single commands print.

use radiculo_anatomy::localize::RaisedFlag;
use radiculo_kb::ranking::{Rank, Tier};
use radiculo_kb::{Gap, KnowledgeBase, Route, StatementId, Triage};
use radiculo_pathways::{Coverage, DoseLine};

use crate::document::{Lead, Line};

/// The triage level as printed.
pub fn triage_word(t: Triage) -> &'static str {
    match t {
        Triage::Emergency => "EMERGENCY",
        Triage::Urgent => "URGENT",
        Triage::Routine => "routine",
    }
}

/// Red flags as alert lines, one per suspicion (its flags named), most urgent first; the
/// first statement of the group's flags says what to do.
pub fn alerts(kb: &KnowledgeBase, flags: &[RaisedFlag]) -> Vec<Line> {
    let mut groups: Vec<(Triage, &str, Vec<String>, Vec<StatementId>)> = Vec::new();
    for f in flags {
        let name = kb.term(f.flag).map_or_else(|| f.flag.to_string(), |t| t.label.to_string());
        match groups.iter_mut().find(|g| g.0 == f.triage && g.1 == f.suspect) {
            Some(g) => {
                if !g.2.contains(&name) {
                    g.2.push(name);
                }
                g.3.extend(f.statements.iter().filter(|s| !g.3.contains(s)).copied().collect::<Vec<_>>());
            }
            None => groups.push((f.triage, f.suspect, vec![name], f.statements.clone())),
        }
    }
    groups.sort_by_key(|g| g.0);
    groups
        .into_iter()
        .map(|(triage, suspect, names, statements)| {
            let suspicion = suspect.replace('-', " ");
            // The findings, then the suspicion; a flag that only names the suspicion itself
            // (a suspected infection given as context) adds nothing beside the findings.
            let findings: Vec<&String> =
                names.iter().filter(|n| !n.to_lowercase().replace('-', " ").contains(&suspicion)).collect();
            let lead = if findings.is_empty() {
                format!("{}: {}", triage_word(triage), names.join(", "))
            } else {
                let findings: Vec<&str> = findings.iter().map(|n| n.as_str()).collect();
                format!("{}: {} (suspected {suspicion})", triage_word(triage), findings.join(", "))
            };
            Line { lead: Some(Lead::Label(lead)), statement: None, support: statements, notes: Vec::new() }
        })
        .collect()
}

/// The red flags with what to do, one line per suspicion, for the evidence sections.
pub fn red_flag_lines(kb: &KnowledgeBase, flags: &[RaisedFlag]) -> Vec<Line> {
    alerts(kb, flags)
        .into_iter()
        .map(|mut line| {
            let mut support = std::mem::take(&mut line.support).into_iter();
            line.statement = support.next();
            line.support = support.collect();
            line
        })
        .collect()
}

/// Rank words: `leading`, `tied for first`, `consider (rank 3)`, `less likely`.
pub fn rank_words(rank: &Rank) -> String {
    match (rank.tier, rank.tied) {
        (Tier::Leading, false) => "leading".to_string(),
        (Tier::Leading, true) => "tied for first".to_string(),
        (Tier::Consider, true) => format!("consider (tied at rank {})", rank.rank),
        (Tier::Consider, false) => format!("consider (rank {})", rank.rank),
        (Tier::LessLikely, _) => format!("less likely (rank {})", rank.rank),
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
    if values[0].to_bits() == values[1].to_bits() {
        format!("{}", values[0])
    } else {
        format!("{}-{}", values[0], values[1])
    }
}

/// The computed lead of a dose: amounts with units, the arithmetic, days, total and cap.
pub fn dose_lead(d: &DoseLine, weight_kg: Option<f64>) -> String {
    let mut lead = format!("{} {}", d.drug, route(d.route));
    match (d.per_kg_per_day, d.per_day, weight_kg) {
        (Some(k), Some(day), Some(w)) => {
            lead.push_str(&format!(" {} {}/kg/day x {w} kg = {} {}/day", range(k), d.unit, range(day), d.unit));
        }
        (Some(k), None, _) => {
            lead.push_str(&format!(" {} {}/kg/day; a weight is needed to compute the dose", range(k), d.unit));
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
    if d.per_kg_per_day.is_some() {
        match (d.cap, d.capped) {
            (Some(cap), true) => lead.push_str(&format!("; capped at {cap} {}/day", d.unit)),
            (Some(cap), false) => lead.push_str(&format!("; cap {cap} {}/day", d.unit)),
            (None, _) => lead.push_str("; the source gives no cap"),
        }
    }
    lead
}

/// A dose line: the arithmetic, the statement of its source, cautions as support.
pub fn dose_line(d: &DoseLine, weight_kg: Option<f64>) -> Line {
    Line::led(Lead::Dose(dose_lead(d, weight_kg)), Some(d.source)).with_support(d.cautions.iter().copied())
}

/// Why guidance does not apply, as printed.
pub fn gap_words(gap: Gap) -> &'static str {
    match gap {
        Gap::Region => "the problem is in another spinal region",
        Gap::TooYoung => "the patient is younger",
        Gap::TooOld => "the patient is older",
        Gap::Pregnancy => "the patient is pregnant",
    }
}

/// One notice per population whose guidance was left out.
pub fn coverage_notices(coverage: &Coverage) -> Vec<Line> {
    coverage
        .not_covered
        .iter()
        .map(|n| {
            let count = n.left_out.len();
            Line::led(
                Lead::Label(format!(
                    "not applied ({}): {count} item{} of guidance written for {}",
                    gap_words(n.gap),
                    if count == 1 { "" } else { "s" },
                    n.label
                )),
                None,
            )
            .with_notes(n.left_out.iter().map(|s| (*s).to_string()).collect())
        })
        .collect()
}
