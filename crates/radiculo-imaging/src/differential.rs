//! Imaging findings to a ranked differential of causes, each with what supports and opposes
//! it, its next diagnostic steps and its urgency; and what finding would change the ranking.
//!
//! Each cause's score is its prior plus the weights of the findings present, turned into a
//! share of the whole (a softmax), so the scores sum to 1.

use radiculo_kb::{Cause, CauseCategory, KnowledgeBase, StatementId, Urgency};
use serde::Serialize;

/// A finding that bears on a cause.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bearing {
    /// The vocabulary term.
    pub finding: &'static str,
    /// Its name.
    pub label: &'static str,
    /// The statement that says how it bears.
    pub statement: StatementId,
}

/// One ranked cause.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankedCause {
    /// The cause id, e.g. `guillain-barre-syndrome`.
    pub cause: &'static str,
    /// Its name.
    pub label: &'static str,
    /// Its kind.
    pub category: CauseCategory,
    /// Share of the evidence, 0-1; all scores sum to 1.
    pub score: f64,
    /// How soon to pursue it.
    pub urgency: Urgency,
    /// Findings present that support it.
    pub supporting: Vec<Bearing>,
    /// Findings present that argue against it.
    pub opposing: Vec<Bearing>,
    /// Next diagnostic steps.
    pub next_steps: Vec<StatementId>,
    /// What the cause is.
    #[serde(skip)]
    pub statements: Vec<StatementId>,
}

/// A finding not reported that would put another cause first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeOfMind {
    /// The finding.
    pub finding: &'static str,
    /// Its name.
    pub label: &'static str,
    /// The cause that would lead.
    pub would_favour: &'static str,
    /// The statement behind it.
    pub statement: StatementId,
}

/// The differential.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Differential {
    /// Causes, best first.
    pub differential: Vec<RankedCause>,
    /// Findings that would change the leading cause.
    pub would_change: Vec<ChangeOfMind>,
}

fn raw_score(cause: &Cause, terms: &[&str]) -> f64 {
    cause.prior + cause.feature.iter().filter(|f| terms.contains(&f.finding.0)).map(|f| f.weight).sum::<f64>()
}

fn label(kb: &KnowledgeBase, term: &'static str) -> &'static str {
    kb.term(term).map_or(term, |t| t.label.0)
}

/// The cause that leads for `terms`.
fn leader(kb: &KnowledgeBase, terms: &[&str]) -> Option<&'static Cause> {
    kb.causes.0.iter().max_by(|a, b| raw_score(a, terms).total_cmp(&raw_score(b, terms)).then(b.id.0.cmp(a.id.0)))
}

/// Ranks every cause for the findings `terms` (from `ImagingFindings::terms`).
pub fn differential(kb: &KnowledgeBase, terms: &[&'static str]) -> Differential {
    let scores: Vec<(&'static Cause, f64)> = kb.causes.0.iter().map(|c| (c, raw_score(c, terms))).collect();
    let max = scores.iter().map(|(_, s)| *s).fold(f64::NEG_INFINITY, f64::max);
    let total: f64 = scores.iter().map(|(_, s)| (s - max).exp()).sum();
    let mut ranked: Vec<RankedCause> = scores
        .iter()
        .map(|&(cause, s)| {
            let present = cause.feature.iter().filter(|f| terms.contains(&f.finding.0));
            let bearing = |f: &radiculo_kb::Feature| Bearing {
                finding: f.finding.0,
                label: label(kb, f.finding.0),
                statement: f.statement,
            };
            RankedCause {
                cause: cause.id.0,
                label: cause.label.0,
                category: cause.category,
                score: (s - max).exp() / total,
                urgency: cause.urgency,
                supporting: present.clone().filter(|f| f.weight > 0.0).map(bearing).collect(),
                opposing: present.filter(|f| f.weight < 0.0).map(bearing).collect(),
                next_steps: cause.next_steps.to_vec(),
                statements: cause.statements.to_vec(),
            }
        })
        .collect();
    ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.cause.cmp(b.cause)));
    for r in ranked.iter_mut() {
        r.score = (r.score * 1000.0).round() / 1000.0;
    }
    let sum: f64 = ranked.iter().map(|r| r.score).sum();
    if let Some(first) = ranked.first_mut() {
        first.score = ((first.score + 1.0 - sum) * 1000.0).round() / 1000.0;
    }
    Differential { would_change: would_change(kb, terms, ranked.first().map(|r| r.cause)), differential: ranked }
}

/// Findings not reported whose presence would put another cause first (at most four).
fn would_change(kb: &KnowledgeBase, terms: &[&'static str], top: Option<&str>) -> Vec<ChangeOfMind> {
    let Some(top) = top else { return Vec::new() };
    let mut candidates: Vec<&'static str> =
        kb.causes.0.iter().flat_map(|c| c.feature.iter().map(|f| f.finding.0)).filter(|t| !terms.contains(t)).collect();
    candidates.sort_unstable();
    candidates.dedup();
    let mut out = Vec::new();
    for term in candidates {
        let mut with = terms.to_vec();
        with.push(term);
        let Some(new) = leader(kb, &with) else { continue };
        if new.id.0 == top {
            continue;
        }
        let Some(feature) = new.feature.iter().find(|f| f.finding.0 == term && f.weight > 0.0) else { continue };
        out.push(ChangeOfMind {
            finding: term,
            label: label(kb, term),
            would_favour: new.id.0,
            statement: feature.statement,
        });
    }
    // The most specific first: those that move the ranking to a more urgent cause.
    out.sort_by_key(|c| (kb.cause(c.would_favour).map(|x| x.urgency), c.finding));
    out.truncate(4);
    out
}
