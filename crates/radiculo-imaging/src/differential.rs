//! Imaging findings to a ranked differential of causes, each with what supports and opposes
//! it, its next diagnostic steps and its urgency; and what finding would change the ranking.
//!
//! # Scoring
//!
//! A cause's score is log-odds: `prior_log_odds` plus the `log_lr` of every finding present
//! that bears on it (naive Bayes: findings are treated as independent given the cause). Only
//! present findings count; absence is not evidence. A cause is ranked only when the findings
//! it `requires` are present, so a report without enhancement does not rank causes of
//! enhancement. Priors and most weights are judgements (the catalog lists them); ranks, ties
//! and tiers come from [`radiculo_kb::ranking`].

use radiculo_kb::once::PerKnowledgeBase;
use radiculo_kb::ranking::{Rank, Tier, rank};
use radiculo_kb::{Cause, CauseCategory, CauseId, Feature, KnowledgeBase, StatementId, Urgency};
use rustc_hash::FxHashSet;
use serde::Serialize;

use crate::findings::Terms;

/// A finding that bears on a cause.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bearing {
    /// The vocabulary term.
    pub finding: &'static str,
    /// Its name.
    pub label: &'static str,
    /// Its log-likelihood ratio for the cause.
    pub log_lr: f64,
    /// The statement that says how it bears.
    pub statement: StatementId,
}

/// One ranked cause.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankedCause {
    /// The cause id, e.g. `guillain-barre-syndrome`.
    pub cause: CauseId,
    /// Its name.
    pub label: &'static str,
    /// Its kind.
    pub category: CauseCategory,
    /// Log-odds: prior plus the log-likelihood ratios of the findings present.
    pub log_odds: f64,
    /// Rank, tie and tier.
    pub rank: Rank,
    /// How soon to pursue it.
    pub urgency: Urgency,
    /// Findings present that support it.
    pub supporting: Vec<Bearing>,
    /// Findings present that argue against it.
    pub opposing: Vec<Bearing>,
    /// Next diagnostic steps.
    pub next_steps: Vec<StatementId>,
    /// What the cause is.
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
    pub would_favour: CauseId,
    /// Whether that cause would then lead (alone or tied).
    pub would_lead: bool,
    /// How far the leader's log-odds lead over the favoured cause would shrink.
    pub lead_lost: f64,
    /// The statement behind the favoured cause's feature.
    pub statement: StatementId,
}

/// The differential.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Differential {
    /// Causes, best first; empty when the findings meet no cause's requirements.
    pub differential: Vec<RankedCause>,
    /// Findings that would change the leading cause.
    pub would_change: Vec<ChangeOfMind>,
}

/// The reported terms as a hash set: every feature of every cause is looked up in it.
type Reported = FxHashSet<&'static str>;

fn present<'a>(cause: &'a Cause, reported: &'a Reported) -> impl Iterator<Item = &'a Feature> + 'a {
    cause.feature.iter().filter(move |f| reported.contains(f.finding.0))
}

fn score(cause: &Cause, reported: &Reported) -> f64 {
    cause.prior_log_odds + present(cause, reported).map(|f| f.log_lr).sum::<f64>()
}

fn label(kb: &KnowledgeBase, term: &'static str) -> &'static str {
    kb.term(term).map_or(term, |t| t.label.0)
}

/// Ranks the causes for `terms`.
///
/// ```
/// use radiculo_imaging::{ImagingFindings, baked, differential};
///
/// let kb = baked();
/// let findings = ImagingFindings {
///     enhancement: true,
///     roots: vec!["L4".parse()?],
///     side: Some("left".parse()?),
///     distribution: Some("single-level".parse()?),
///     herniations: vec!["L4-5:foraminal:extrusion".parse()?],
///     ..ImagingFindings::default()
/// };
/// let d = differential(kb, &findings.terms(kb)?);
/// assert_eq!(d.differential[0].cause.as_str(), "disc-herniation-radiculitis");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn differential(kb: &KnowledgeBase, terms: &Terms) -> Differential {
    let causes: &'static [Cause] = kb.causes.0;
    let reported: Reported = terms.as_slice().iter().copied().collect();
    let standings: Vec<Standing> = causes.iter().map(|c| Standing::of(c, &reported)).collect();
    // The causes whose required findings are all reported are ranked.
    let causes: Vec<(&'static Cause, f64)> =
        standings.iter().filter(|s| s.missing.is_empty()).map(|s| (s.cause, s.score)).collect();
    let scores: Vec<f64> = causes.iter().map(|(_, s)| *s).collect();
    // Tied causes are listed the most urgent first.
    let ranked = rank(&scores, |i| (causes[i].0.urgency, causes[i].0.id), &kb.parameters);
    let differential: Vec<RankedCause> = ranked
        .into_iter()
        .map(|(i, rank)| {
            let (cause, log_odds) = causes[i];
            let bearing = |f: &Feature| Bearing {
                finding: f.finding.0,
                label: label(kb, f.finding.0),
                log_lr: f.log_lr,
                statement: f.statement,
            };
            let (mut supporting, mut opposing) = (Vec::new(), Vec::new());
            for f in present(cause, &reported) {
                if f.log_lr > 0.0 {
                    supporting.push(bearing(f));
                } else if f.log_lr < 0.0 {
                    opposing.push(bearing(f));
                }
            }
            RankedCause {
                cause: cause.id,
                label: cause.label.0,
                category: cause.category,
                log_odds,
                rank,
                urgency: cause.urgency,
                supporting,
                opposing,
                next_steps: cause.next_steps.to_vec(),
                statements: cause.statements.to_vec(),
            }
        })
        .collect();
    let would_change = would_change(kb, terms, &standings, &differential);
    Differential { differential, would_change }
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

/// What adding `term` to the report changes: the term and the earlier finding it replaces;
/// `None` when `term` cannot join what was reported. `fixed` says which [`FIXED`] groups the
/// report already has a member of.
fn addition(terms: &Terms, fixed: &[bool], term: &'static str) -> Option<(&'static str, Option<&'static str>)> {
    if FIXED.iter().zip(fixed).any(|(g, reported)| *reported && g.contains(&term)) {
        return None;
    }
    if TIMELINE.iter().any(|(earlier, later)| term == *earlier && terms.contains(later)) {
        return None;
    }
    let replaced = TIMELINE.iter().find(|(earlier, later)| *later == term && terms.contains(earlier)).map(|(e, _)| *e);
    Some((term, replaced))
}

/// A cause as the report stands: its score, and the required findings the report lacks.
/// An added finding changes only the causes with a feature or requirement about it, so
/// "what would change" rescores from here.
struct Standing {
    cause: &'static Cause,
    score: f64,
    missing: Vec<&'static str>,
}

impl Standing {
    fn of(cause: &'static Cause, reported: &Reported) -> Standing {
        let missing = cause.requires.iter().map(|t| t.0).filter(|t| !reported.contains(t)).collect();
        Standing { cause, score: score(cause, reported), missing }
    }
}

/// A feature with its term and its cause's position in the knowledge base (the position of
/// its standing).
type ByTerm = (&'static str, usize, &'static Feature);

/// The baked knowledge base's features by term (any other is sorted per call).
static BY_TERM: PerKnowledgeBase<Vec<ByTerm>> = PerKnowledgeBase::new();

/// Every feature, sorted by term: what a term changes is a range.
fn by_term(kb: &KnowledgeBase) -> Vec<ByTerm> {
    let causes: &'static [Cause] = kb.causes.0;
    let mut out: Vec<ByTerm> =
        causes.iter().enumerate().flat_map(|(i, c)| c.feature.iter().map(move |f| (f.finding.0, i, f))).collect();
    out.sort_unstable_by(|a, b| a.0.cmp(b.0).then(a.1.cmp(&b.1)));
    out
}

/// Findings not reported that would most narrow the leader's lead (at most four), each with
/// the cause it would favour. Offered only when the leader leads alone.
fn would_change(kb: &KnowledgeBase, terms: &Terms, now: &[Standing], ranked: &[RankedCause]) -> Vec<ChangeOfMind> {
    let Some(top) = ranked.first().filter(|t| !t.rank.tied) else { return Vec::new() };
    let Some(leader) = now.iter().position(|n| n.cause.id == top.cause) else { return Vec::new() };
    let by_term = BY_TERM.get_or_build(kb, || by_term(kb));
    let about = |term: &str| {
        let start = by_term.partition_point(|(t, _, _)| *t < term);
        let len = by_term[start..].partition_point(|(t, _, _)| *t == term);
        &by_term[start..start + len]
    };
    let mut candidates: Vec<&'static str> =
        by_term.iter().filter(|(t, _, f)| f.log_lr > 0.0 && !terms.contains(t)).map(|(t, _, _)| *t).collect();
    candidates.dedup();
    let tie = kb.parameters.tie_margin.value;
    let mut scores: Vec<f64> = Vec::with_capacity(now.len());
    let mut out = Vec::new();
    let fixed: Vec<bool> = FIXED.iter().map(|g| terms.as_slice().iter().any(|t| g.contains(t))).collect();
    for term in candidates {
        let Some((added, removed)) = addition(terms, &fixed, term) else { continue };
        scores.clear();
        scores.extend(now.iter().map(|n| n.score));
        for &(_, i, f) in about(added) {
            scores[i] += f.log_lr;
        }
        for &(_, i, f) in removed.map(about).unwrap_or_default() {
            scores[i] -= f.log_lr;
        }
        let eligible = |n: &Standing| {
            n.missing.iter().all(|t| *t == added) && removed.is_none_or(|r| !n.cause.requires.iter().any(|t| t.0 == r))
        };
        if !eligible(&now[leader]) {
            continue;
        }
        let leader_then = scores[leader];
        // The rival that would come closest to the leader.
        let Some((rival, rival_then)) = now
            .iter()
            .zip(&scores)
            .enumerate()
            .filter(|(i, (n, _))| *i != leader && eligible(n))
            .map(|(_, (n, s))| (n.cause, *s))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.id.cmp(&a.0.id)))
        else {
            continue;
        };
        let Some(feature) = rival.feature.iter().find(|f| f.finding.0 == term && f.log_lr > 0.0) else { continue };
        let lead_before =
            ranked.iter().find(|r| r.cause == rival.id).map_or(f64::INFINITY, |r| top.log_odds - r.log_odds);
        let lead_after = leader_then - rival_then;
        if lead_before - lead_after < tie {
            continue;
        }
        out.push(ChangeOfMind {
            finding: term,
            label: label(kb, term),
            would_favour: rival.id,
            would_lead: lead_after < tie,
            lead_lost: lead_before.min(1e6) - lead_after,
            statement: feature.statement,
        });
    }
    out.sort_by(|a, b| {
        b.would_lead.cmp(&a.would_lead).then(b.lead_lost.total_cmp(&a.lead_lost)).then(a.finding.cmp(b.finding))
    });
    out.truncate(4);
    out
}

/// The causes worth considering (leading and consider tiers).
pub fn considered(d: &Differential) -> impl Iterator<Item = &RankedCause> {
    d.differential.iter().filter(|c| c.rank.tier != Tier::LessLikely)
}
