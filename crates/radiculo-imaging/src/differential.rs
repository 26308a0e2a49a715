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

/// A finding not reported that would lower the leading cause, and the cause it would favour.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeOfMind {
    /// The finding.
    pub finding: &'static str,
    /// Its name.
    pub label: &'static str,
    /// The cause that would gain most.
    pub would_favour: &'static str,
    /// Whether that cause would then lead.
    pub would_lead: bool,
    /// The leader's share if the finding were present.
    pub leader_score_then: f64,
    /// The statement behind the favoured cause's feature.
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

/// Each cause's share for `terms` (a softmax of prior plus weights), in knowledge order.
fn shares(kb: &KnowledgeBase, terms: &[&str]) -> Vec<(&'static Cause, f64)> {
    let scores: Vec<(&'static Cause, f64)> = kb.causes.0.iter().map(|c| (c, raw_score(c, terms))).collect();
    let max = scores.iter().map(|(_, s)| *s).fold(f64::NEG_INFINITY, f64::max);
    let total: f64 = scores.iter().map(|(_, s)| (s - max).exp()).sum();
    scores.into_iter().map(|(c, s)| (c, (s - max).exp() / total)).collect()
}

/// Ranks every cause for the findings `terms` (from `ImagingFindings::terms`).
pub fn differential(kb: &KnowledgeBase, terms: &[&'static str]) -> Differential {
    let mut ranked: Vec<RankedCause> = shares(kb, terms)
        .into_iter()
        .map(|(cause, share)| {
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
                score: share,
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

/// Readings of one scan of which only one can be true: once the report says single-level, it
/// cannot also be diffuse, so the other members are never offered as what would change.
const FIXED: &[&[&str]] = &[
    &["imaging.distribution.single-level", "imaging.distribution.multi-level", "imaging.distribution.diffuse"],
    &["imaging.morphology.smooth", "imaging.morphology.nodular", "imaging.morphology.clumped"],
    &["imaging.side.unilateral", "imaging.side.bilateral"],
];

/// Time findings that can only move forward: (earlier, later). The later one replaces the
/// earlier one; the earlier one is never offered once the later holds.
const TIMELINE: &[(&str, &str)] = &[
    ("imaging.postop.under-6-months", "imaging.postop.over-6-months"),
    ("context.onset-under-4-weeks", "context.course-over-8-weeks"),
];

/// `terms` with `term` added, or `None` when `term` cannot join what was reported.
fn with_finding(terms: &[&'static str], term: &'static str) -> Option<Vec<&'static str>> {
    if FIXED.iter().any(|g| g.contains(&term) && terms.iter().any(|t| g.contains(t))) {
        return None;
    }
    if TIMELINE.iter().any(|(earlier, later)| term == *earlier && terms.contains(later)) {
        return None;
    }
    let replaced: Vec<&str> =
        TIMELINE.iter().filter(|(_, later)| *later == term).map(|(earlier, _)| *earlier).collect();
    let mut with: Vec<&'static str> = terms.iter().copied().filter(|t| !replaced.contains(t)).collect();
    with.push(term);
    Some(with)
}

/// Findings not reported that would most lower the leader's share (at most four), each with
/// the cause that would gain most from it.
fn would_change(kb: &KnowledgeBase, terms: &[&'static str], top: Option<&str>) -> Vec<ChangeOfMind> {
    let Some(top) = top else { return Vec::new() };
    let before = shares(kb, terms);
    let share_of =
        |list: &[(&'static Cause, f64)], id: &str| list.iter().find(|(c, _)| c.id.0 == id).map_or(0.0, |(_, s)| *s);
    let mut candidates: Vec<&'static str> = kb
        .causes
        .0
        .iter()
        .flat_map(|c| c.feature.iter().filter(|f| f.weight > 0.0).map(|f| f.finding.0))
        .filter(|t| !terms.contains(t))
        .collect();
    candidates.sort_unstable();
    candidates.dedup();
    let mut out = Vec::new();
    for term in candidates {
        let Some(with) = with_finding(terms, term) else { continue };
        let after = shares(kb, &with);
        let leader_then = share_of(&after, top);
        if share_of(&before, top) - leader_then < 0.01 {
            continue;
        }
        let gain = |c: &&(&'static Cause, f64)| c.1 - share_of(&before, c.0.id.0);
        let Some((favoured, _)) =
            after.iter().filter(|(c, _)| c.id.0 != top).max_by(|a, b| gain(a).total_cmp(&gain(b)))
        else {
            continue;
        };
        let Some(feature) = favoured.feature.iter().find(|f| f.finding.0 == term && f.weight > 0.0) else { continue };
        let would_lead = leader(kb, &with).is_some_and(|c| c.id == favoured.id);
        out.push(ChangeOfMind {
            finding: term,
            label: label(kb, term),
            would_favour: favoured.id.0,
            would_lead,
            leader_score_then: (leader_then * 1000.0).round() / 1000.0,
            statement: feature.statement,
        });
    }
    out.sort_by(|a, b| a.leader_score_then.total_cmp(&b.leader_score_then).then(a.finding.cmp(b.finding)));
    out.truncate(4);
    out
}
