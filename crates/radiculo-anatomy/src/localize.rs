//! From examination findings to ranked candidates: single roots, peripheral mimics, and the
//! patterns no single lesion explains (several roots, lumbosacral roots on both sides, upper
//! motor neuron signs); each with the findings that support and oppose it, the next
//! discriminating tests, and red flags first.
//!
//! # Scoring
//!
//! A candidate's score is log-odds: its prior plus, for every counted finding, a
//! log-likelihood ratio (LLR). The LLR comes from the `[[sign]]` that relates the finding to
//! the candidate: the source's sensitivity and specificity when it gives them, otherwise the
//! judged weight of the finding's kind (motor, reflex, sensory, pain, sign; all in
//! `knowledge/engine/parameters.toml`) times a factor for the sign's role:
//!
//! | finding        | primary            | secondary                    | spared             | no sign                |
//! |----------------|--------------------|------------------------------|--------------------|------------------------|
//! | abnormal       | `+w`               | `+w·secondary`               | `-w`               | `-w·unexplained`       |
//! | tested normal  | `-w·normal`        | `-w·normal·secondary`        | `+w·spared_normal` | 0                      |
//!
//! Weakness scales `w` by its MRC grade. A single root or nerve sits on one side: findings on
//! the other side count as unexplained (when every finding is bilateral, it sits on both
//! sides). A candidate is listed only when at least one abnormal finding supports it. Findings that say the same thing (synonyms) count once
//! ([`Findings`]). Scores are ranked by [`radiculo_kb::ranking`]: ties within the knowledge
//! base's margin are printed as ties, never broken.

use std::collections::BTreeSet;
use std::sync::Arc;

use radiculo_kb::once::PerKnowledgeBase;
use radiculo_kb::ranking::{Rank, rank};
use radiculo_kb::{
    CandidateId, KnowledgeBase, Parameters, Pattern, PatternKind, RedFlag, Sign, SignRole, StatementId, Triage,
};
use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::findings::{Finding, Findings, ReflexChange, Side, Status};
use crate::vocab::TermKind;

/// Statements shown when electrodiagnosis would decide between lower-limb candidates.
pub const EDX_STATEMENTS: &[&str] = &["localize.edx.adjunct", "localize.plexopathy.snap-rule"];
/// Statements shown when electrodiagnosis would decide between upper-limb candidates.
pub const EDX_UPPER_STATEMENTS: &[&str] = &["mimic.median-wrist.nerve-conduction", "mimic.radial.electrodiagnosis"];
/// Statement shown whenever pain distribution is used.
pub const PAIN_CAVEAT: &str = "localize.pain-nondermatomal";
/// The red-flag term raised by numbness in the saddle area.
pub const SADDLE_FLAG: &str = "red-flag.saddle-anaesthesia";
/// The vocabulary term for the saddle area.
pub const SADDLE_AREA: &str = "area.saddle";

/// What a candidate is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CandidateKind {
    /// A spinal nerve root.
    Root,
    /// A peripheral nerve or plexus disorder.
    Mimic,
    /// A pattern no single root or nerve explains.
    Pattern,
}

/// A finding that bears on a candidate, the statement that says how, and its weight.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// The finding as the user gave it (shared: one finding bears on many candidates).
    pub finding: Arc<str>,
    /// The statement behind the association, when a sign of the knowledge base relates them.
    pub statement: Option<StatementId>,
    /// Its log-likelihood ratio for this candidate.
    pub log_lr: f64,
}

/// One ranked candidate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// `l5`, `common-peroneal-neuropathy`, `multiple-roots`.
    pub id: CandidateId,
    /// Root, mimic or pattern.
    pub kind: CandidateKind,
    /// Name as printed (`L5`, `common peroneal (fibular) neuropathy`).
    pub label: String,
    /// The side whose findings it explains, when findings were sided.
    pub side: Option<Side>,
    /// For a pattern of several roots: the roots, best explained finding first.
    pub roots: Vec<CandidateId>,
    /// Log-odds: prior plus the log-likelihood ratios of the findings.
    pub log_odds: f64,
    /// Rank, tie and tier among all candidates.
    pub rank: Rank,
    /// Findings that support it.
    pub supporting: Vec<Evidence>,
    /// Findings that argue against it.
    pub opposing: Vec<Evidence>,
}

/// How far the findings settle the question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    /// One candidate clearly ahead on motor or reflex evidence.
    High,
    /// A leading candidate, but with rivals or thin evidence.
    Moderate,
    /// Too few findings, a tie at the top, or no clear leader: test more before concluding.
    Low,
}

/// A test not yet done that would separate two candidates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NextTest {
    /// The vocabulary term to test.
    pub finding: &'static str,
    /// Its name.
    pub label: &'static str,
    /// The candidates it separates (one when it would confirm the leader).
    pub separates: Vec<CandidateId>,
    /// The statements that say what each candidate predicts.
    pub statements: Vec<StatementId>,
}

/// A red flag raised by the findings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RaisedFlag {
    /// The red-flag term.
    pub flag: &'static str,
    /// How urgent.
    pub triage: Triage,
    /// What it raises suspicion of.
    pub suspect: &'static str,
    /// Which findings raised it.
    pub because: Vec<String>,
    /// What to do and why.
    pub statements: Vec<StatementId>,
}

/// The result of localization.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Localization {
    /// Red flags, most urgent first; they come before any single-root answer.
    pub red_flags: Vec<RaisedFlag>,
    /// Candidates, best first.
    pub candidates: Vec<Candidate>,
    /// How far the findings settle it.
    pub confidence: Confidence,
    /// Tests that would separate the leading candidates.
    pub next_tests: Vec<NextTest>,
    /// When electrodiagnosis would decide: its statements (empty when it would not help).
    pub edx: Vec<StatementId>,
    /// Cautions that apply to these findings.
    pub caveats: Vec<StatementId>,
    /// Findings that counted neither for nor against any candidate, and why.
    pub not_counted: Vec<NotCounted>,
}

/// A finding left out of the scoring.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotCounted {
    /// The finding as given.
    pub finding: String,
    /// Why.
    pub reason: NotCountedReason,
}

/// Why a finding was left out of the scoring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NotCountedReason {
    /// Not gradable (not testable, or limited by pain).
    Untested,
    /// A red flag: shown first instead.
    RedFlag,
    /// No sign of the knowledge base relates it to any candidate.
    NoSign,
}

/// The kind of evidence a finding is, for its weight.
fn base_weight(finding: &Finding, upper: bool, p: &Parameters) -> f64 {
    if upper {
        return p.weight_upper_motor_neuron.value;
    }
    match finding.status {
        Status::Weak { mrc } => {
            let factor = match mrc.map(|m| m.grade()) {
                Some(0..=2) => p.mrc_dense_factor.value,
                Some(3) | None => p.mrc_moderate_factor.value,
                Some(_) => p.mrc_mild_factor.value,
            };
            p.weight_motor.value * factor
        }
        Status::Strong => p.weight_motor.value,
        Status::Reflex { .. } => p.weight_reflex.value,
        Status::Numb => p.weight_sensory.value,
        Status::Pain => p.weight_pain.value,
        Status::Present => p.weight_sign.value,
        Status::Untested { .. } => 0.0,
    }
}

/// A counted finding with what the engine needs about it.
struct Counted<'a> {
    finding: &'a Finding,
    written: Arc<str>,
    weight: f64,
    /// The signs about this finding (they fill the case's [`Table`]).
    signs: &'static [Sign],
    /// An upper motor neuron sign (a brisk reflex, or a finding the upper motor neuron
    /// pattern has as a primary sign): no root or nerve explains it.
    upper: bool,
    /// The statement that says so.
    upper_statement: Option<StatementId>,
}

impl Counted<'_> {
    fn sign(&self, candidate: &str) -> Option<&'static Sign> {
        self.signs.iter().find(|s| s.candidate.0 == candidate)
    }
}

/// The log-likelihood ratio of `f` for a single root or nerve whose sign about `f` is `sign`
/// (none when no sign relates them), and the statement behind it.
fn llr(sign: Option<&'static Sign>, f: &Counted<'_>, p: &Parameters) -> (f64, Option<StatementId>) {
    let w = f.weight;
    if f.upper {
        // An upper motor neuron sign is not a sign of root or nerve compression: it argues
        // against every root and nerve at full weight.
        return if f.finding.is_abnormal() { (-w, f.upper_statement) } else { (0.0, None) };
    }
    let Some(sign) = sign else {
        return if f.finding.is_abnormal() { (-w * p.unexplained_factor.value, None) } else { (0.0, None) };
    };
    if let Some(accuracy) = sign.accuracy {
        let value = if f.finding.is_abnormal() { accuracy.log_lr_present() } else { accuracy.log_lr_absent() };
        return (value, Some(sign.statement));
    }
    let value = match (f.finding.is_abnormal(), sign.role) {
        (true, SignRole::Primary) => w,
        (true, SignRole::Secondary) => w * p.secondary_factor.value,
        (true, SignRole::Spared) => -w,
        (false, SignRole::Primary) => -w * p.normal_factor.value,
        (false, SignRole::Secondary) => -w * p.normal_factor.value * p.secondary_factor.value,
        (false, SignRole::Spared) => w * p.spared_normal_factor.value,
    };
    (value, Some(sign.statement))
}

/// The log-likelihood ratio of `f` for an upper motor neuron lesion.
fn llr_upper(pattern: &str, f: &Counted<'_>, p: &Parameters) -> (f64, Option<StatementId>) {
    let w = f.weight;
    if let Some(sign) = f.sign(pattern) {
        let value = match (f.finding.is_abnormal(), sign.role) {
            (true, SignRole::Primary) => w,
            (true, SignRole::Secondary) => w * p.secondary_factor.value,
            (true, SignRole::Spared) => -w,
            (false, _) => 0.0,
        };
        return (value, Some(sign.statement));
    }
    let value = match f.finding.status {
        Status::Reflex { change: ReflexChange::Brisk } => w,
        Status::Reflex { change: ReflexChange::Absent | ReflexChange::Reduced } => -w * p.unexplained_factor.value,
        // Weakness and numbness occur with cord and brain lesions, but do not point to them.
        Status::Weak { .. } | Status::Numb => w * p.secondary_factor.value * p.unexplained_factor.value,
        _ if f.finding.is_abnormal() => -w * p.unexplained_factor.value,
        _ => 0.0,
    };
    (value, None)
}

/// Whether a finding on `finding_side` is explained by a lesion on `side`.
fn same_side(finding_side: Option<Side>, side: Option<Side>) -> bool {
    match (finding_side, side) {
        (Some(f), Some(s)) => f.overlaps(s),
        _ => true,
    }
}

/// A candidate before ranking.
struct Scored {
    id: CandidateId,
    kind: CandidateKind,
    label: String,
    side: Option<Side>,
    roots: Vec<CandidateId>,
    log_odds: f64,
    supporting: Vec<Evidence>,
    opposing: Vec<Evidence>,
    supported_by_abnormal: bool,
}

/// Scores a single root or nerve on `side`: findings on the other side are unexplained.
/// `signs` holds its sign about each counted finding, in order. Without `evidence`, only the
/// score and whether an abnormal finding supports it: most candidates are dropped, and
/// building their evidence lists is the cost of `localize`.
fn score_single(
    id: CandidateId,
    kind: CandidateKind,
    side: Option<Side>,
    (counted, signs): (&[Counted<'_>], &[Option<&'static Sign>]),
    p: &Parameters,
    evidence: bool,
) -> Scored {
    let mut s = Scored::new(id, kind, side, 0.0);
    for (f, sign) in counted.iter().zip(signs) {
        let (value, statement) = if same_side(f.finding.side, side) {
            llr(*sign, f, p)
        } else if f.finding.is_abnormal() {
            (-f.weight * p.unexplained_factor.value, None)
        } else {
            (0.0, None)
        };
        if evidence {
            add(&mut s, f, value, statement);
        } else {
            s.log_odds += value;
            s.supported_by_abnormal |= value > 0.0 && f.finding.is_abnormal();
        }
    }
    s
}

impl Scored {
    /// A candidate with no evidence yet: its prior, nothing for or against.
    fn new(id: CandidateId, kind: CandidateKind, side: Option<Side>, log_odds: f64) -> Scored {
        Scored {
            id,
            kind,
            label: String::new(),
            side,
            roots: Vec::new(),
            log_odds,
            supporting: Vec::new(),
            opposing: Vec::new(),
            supported_by_abnormal: false,
        }
    }

    /// A pattern on `side`, at its prior, labelled as the knowledge base names it.
    fn pattern(pattern: &'static Pattern, side: Option<Side>) -> Scored {
        Scored {
            label: pattern.label.to_string(),
            ..Scored::new(pattern.id, CandidateKind::Pattern, side, pattern.prior_log_odds)
        }
    }
}

fn add(s: &mut Scored, f: &Counted<'_>, value: f64, statement: Option<StatementId>) {
    if value == 0.0 {
        return;
    }
    s.log_odds += value;
    let evidence = Evidence { finding: f.written.clone(), statement, log_lr: value };
    if value > 0.0 {
        s.supported_by_abnormal |= f.finding.is_abnormal();
        s.supporting.push(evidence);
    } else {
        s.opposing.push(evidence);
    }
}

/// The sides that abnormal findings name. One-sided findings give their sides; findings that
/// are all bilateral give no side to prefer, so a single root is offered on both sides (a
/// central lesion) rather than on an arbitrary one.
fn sides(counted: &[Counted<'_>]) -> Vec<Option<Side>> {
    let (mut left, mut right, mut both) = (false, false, false);
    for f in counted.iter().filter(|f| f.finding.is_abnormal()) {
        match f.finding.side {
            Some(Side::Left) => left = true,
            Some(Side::Right) => right = true,
            Some(Side::Bilateral) => both = true,
            _ => {}
        }
    }
    match (left, right, both) {
        (false, false, false) => vec![None],
        (false, false, true) => vec![Some(Side::Bilateral)],
        (true, false, _) => vec![Some(Side::Left)],
        (false, true, _) => vec![Some(Side::Right)],
        (true, true, _) => vec![Some(Side::Left), Some(Side::Right)],
    }
}

/// Each single candidate's sign about each counted finding, built once per case: scoring
/// asks for one sign per candidate, finding and side, and a lookup here is an index.
struct Table {
    width: usize,
    cells: Vec<Option<&'static Sign>>,
}

impl Table {
    /// The signs of candidate `k` about the counted findings, in order.
    fn row(&self, k: usize) -> &[Option<&'static Sign>] {
        self.cells.get(k * self.width..(k + 1) * self.width).unwrap_or_default()
    }

    /// The sign of candidate `k` about counted finding `i`.
    fn sign(&self, k: usize, i: usize) -> Option<&'static Sign> {
        self.row(k).get(i).copied().flatten()
    }
}

/// A root with its position among the single candidates (its row of the [`Table`]).
type RootAt = (usize, CandidateId);

/// The best single root (by LLR) that explains counted finding `i`, among `roots`.
fn best_root<'r>(
    roots: &'r [RootAt],
    (i, f): (usize, &Counted<'_>),
    table: &Table,
    p: &Parameters,
) -> Option<&'r RootAt> {
    roots
        .iter()
        .map(|r| (r, llr(table.sign(r.0, i), f, p).0))
        .filter(|(_, v)| *v > 0.0)
        .max_by(|a, b| a.1.total_cmp(&b.1).then_with(|| b.0.1.cmp(&a.0.1)))
        .map(|(r, _)| r)
}

/// Several roots together, offered when the best single root on `side` leaves abnormal
/// findings unexplained that other roots explain: the pattern joins the roots that explain
/// them, and each finding counts for the root among them that explains it best.
fn score_multiple_roots(
    pattern: &'static Pattern,
    roots: &[RootAt],
    singles: &[Scored],
    side: Option<Side>,
    (counted, table): (&[Counted<'_>], &Table),
    p: &Parameters,
) -> Option<Scored> {
    let first = singles
        .iter()
        .filter(|s| s.kind == CandidateKind::Root && s.side == side)
        .max_by(|a, b| a.log_odds.total_cmp(&b.log_odds).then_with(|| b.id.cmp(&a.id)))?;
    let mut involved: Vec<RootAt> = roots.iter().filter(|r| r.1 == first.id).copied().collect();
    // Only motor and reflex deficits call for another root: sensory areas overlap between
    // neighbouring roots, and pain is often non-dermatomal.
    let deficit = |f: &Counted<'_>| {
        matches!(
            f.finding.status,
            Status::Weak { .. } | Status::Reflex { change: ReflexChange::Absent | ReflexChange::Reduced }
        )
    };
    for (i, f) in counted.iter().enumerate().filter(|(_, f)| same_side(f.finding.side, side) && deficit(f)) {
        let explained = involved.iter().any(|r| llr(table.sign(r.0, i), f, p).0 > 0.0);
        if !explained && let Some(root) = best_root(roots, (i, f), table, p) {
            involved.push(*root);
        }
    }
    if involved.len() < 2 {
        return None;
    }
    let ids: Vec<CandidateId> = involved.iter().map(|r| r.1).collect();
    let label = format!("{}: {}", pattern.label, names(&ids));
    let mut s = Scored { label, roots: ids, ..Scored::pattern(pattern, side) };
    for (i, f) in counted.iter().enumerate() {
        let (value, statement) = if same_side(f.finding.side, side) {
            involved
                .iter()
                .map(|r| llr(table.sign(r.0, i), f, p))
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .unwrap_or((0.0, None))
        } else if f.finding.is_abnormal() {
            (-f.weight * p.unexplained_factor.value, None)
        } else {
            (0.0, None)
        };
        add(&mut s, f, value, statement);
    }
    s.supported_by_abnormal.then_some(s)
}

/// Lumbosacral roots on both sides: each finding explained by its best lumbosacral root.
/// Offered when lower-motor-neuron deficits on each side point to lumbosacral roots and they
/// involve at least two roots in all (an absent ankle jerk on both sides alone is one root's
/// reflex, common with age and neuropathy).
fn score_bilateral(
    pattern: &'static Pattern,
    lumbosacral: &[RootAt],
    (counted, table): (&[Counted<'_>], &Table),
    p: &Parameters,
) -> Option<Scored> {
    let deficit =
        |f: &Counted<'_>| f.finding.is_abnormal() && !matches!(f.finding.status, Status::Pain | Status::Present);
    let roots_on = |side: Side| -> Vec<CandidateId> {
        counted
            .iter()
            .enumerate()
            .filter(|(_, f)| deficit(f) && f.finding.side.is_some_and(|s| s.overlaps(side)))
            .filter_map(|found| best_root(lumbosacral, found, table, p).map(|r| r.1))
            .collect()
    };
    let (left, right) = (roots_on(Side::Left), roots_on(Side::Right));
    let mut all: Vec<CandidateId> = left.iter().chain(&right).copied().collect();
    all.sort();
    all.dedup();
    if left.is_empty() || right.is_empty() || all.len() < 2 {
        return None;
    }
    let mut s = Scored::pattern(pattern, Some(Side::Bilateral));
    for (i, f) in counted.iter().enumerate() {
        let best =
            lumbosacral.iter().map(|r| (r.1, llr(table.sign(r.0, i), f, p))).max_by(|a, b| a.1.0.total_cmp(&b.1.0));
        let Some((root, (value, statement))) = best else { continue };
        if value > 0.0 && !s.roots.contains(&root) {
            s.roots.push(root);
        }
        add(&mut s, f, value, statement);
    }
    s.label = format!("{}: {}", pattern.label, names(&s.roots));
    Some(s)
}

/// An upper motor neuron lesion, offered when any upper motor neuron finding is present.
fn score_upper(pattern: &'static Pattern, counted: &[Counted<'_>], p: &Parameters) -> Option<Scored> {
    let present = counted.iter().any(|f| f.upper && f.finding.is_abnormal());
    if !present {
        return None;
    }
    let mut s = Scored::pattern(pattern, None);
    for f in counted {
        let (value, statement) = llr_upper(pattern.id.0, f, p);
        add(&mut s, f, value, statement);
    }
    Some(s)
}

fn names(roots: &[CandidateId]) -> String {
    let mut sorted: Vec<CandidateId> = roots.to_vec();
    sorted.sort_by_key(|r| root_order(r.0));
    sorted.iter().map(|r| r.0.to_uppercase()).collect::<Vec<_>>().join(", ")
}

/// Roots from head to tail (C before T before L before S), then by number.
fn root_order(id: &str) -> (u8, u8) {
    let region = match id.as_bytes().first() {
        Some(b'c') => 0,
        Some(b't') => 1,
        Some(b'l') => 2,
        Some(b's') => 3,
        _ => 4,
    };
    (region, id[1..].split('-').next().and_then(|n| n.parse().ok()).unwrap_or(0))
}

/// The positions of each single candidate id: the roots, then the mimics, in knowledge-base
/// order (one position per id in a valid knowledge base).
type Positions = FxHashMap<&'static str, Vec<usize>>;

/// The positions of the baked knowledge base's single candidates (any other is indexed per call).
static SINGLES: PerKnowledgeBase<Positions> = PerKnowledgeBase::new();

fn single_positions(kb: &KnowledgeBase) -> Positions {
    let roots: &'static [radiculo_kb::RootCard] = kb.roots.0;
    let mimics: &'static [radiculo_kb::Mimic] = kb.mimics.0;
    let mut positions = Positions::default();
    for (k, id) in roots.iter().map(|r| r.id.0).chain(mimics.iter().map(|m| m.id.0)).enumerate() {
        positions.entry(id).or_default().push(k);
    }
    positions
}

/// Ranks roots, mimics and patterns for `findings`.
///
/// ```
/// use radiculo_anatomy::{Finding, Findings, Mrc, ReflexChange, Side, baked, localize};
///
/// let kb = baked();
/// let findings = Findings::new(vec![
///     Finding::weak(kb, "foot drop", Side::Left, Mrc::new(3)?)?,
///     Finding::weak(kb, "big toe extension", Side::Left, Mrc::new(3)?)?,
///     Finding::weak(kb, "hip abduction", Side::Left, Mrc::new(4)?)?,
///     Finding::numb(kb, "top of the foot", Side::Left)?,
///     Finding::reflex(kb, "ankle jerk", ReflexChange::Normal, Side::Left)?,
/// ])?;
/// let result = localize(kb, &findings);
/// let top = &result.candidates[0];
/// assert_eq!(top.id.as_str(), "l5");
/// assert_eq!(top.rank.rank, 1);
/// assert!(!top.rank.tied);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn localize(kb: &KnowledgeBase, findings: &Findings) -> Localization {
    let p = &kb.parameters;
    let mut not_counted = Vec::new();
    let mut counted: Vec<Counted<'_>> = Vec::with_capacity(findings.len());
    let upper_pattern = kb.patterns.iter().find(|p| p.kind == PatternKind::UpperMotorNeuron);
    for finding in findings.iter() {
        let about = kb.signs_about(finding.term.id.0);
        let reason = match finding.status {
            Status::Untested { .. } => Some(NotCountedReason::Untested),
            _ if TermKind::of(finding.term.id.0) == Some(TermKind::RedFlag) => Some(NotCountedReason::RedFlag),
            _ if !finding.is_upper_motor_neuron() && about.is_empty() => Some(NotCountedReason::NoSign),
            _ => None,
        };
        match reason {
            Some(reason) => not_counted.push(NotCounted { finding: finding.to_string(), reason }),
            None => {
                let sign = upper_pattern.and_then(|pattern| {
                    about.iter().find(|s| s.candidate == pattern.id && s.role == SignRole::Primary)
                });
                let upper = sign.is_some() || finding.is_upper_motor_neuron();
                let upper_statement = sign
                    .map(|s| s.statement)
                    .or_else(|| upper_pattern.and_then(|pattern| pattern.statements.first().copied()));
                counted.push(Counted {
                    finding,
                    written: finding.written().into(),
                    weight: base_weight(finding, upper, p),
                    signs: about,
                    upper,
                    upper_statement,
                });
            }
        }
    }

    // The roots come first among the single candidates: a root's position is its table row.
    let roots: Vec<RootAt> = kb.roots.iter().map(|r| r.id).enumerate().collect();
    let lumbosacral: Vec<RootAt> =
        roots.iter().copied().filter(|(_, r)| r.0.starts_with('l') || r.0.starts_with('s')).collect();
    let candidate_sides = sides(&counted);
    let positions = SINGLES.get_or_build(kb, || single_positions(kb));
    // Each single candidate's sign about each counted finding (a row per candidate), and
    // whether a sign about an abnormal finding names it: only those can be supported, and an
    // unsupported candidate is never listed, so only they are scored.
    let width = counted.len();
    let candidate_count = kb.roots.len() + kb.mimics.len();
    let mut table = Table { width, cells: vec![None; candidate_count * width] };
    let mut named = vec![false; candidate_count];
    for (i, f) in counted.iter().enumerate() {
        for sign in f.signs {
            for &k in positions.get(sign.candidate.0).into_iter().flatten() {
                let slot = &mut table.cells[k * width + i];
                if slot.is_none() {
                    *slot = Some(sign);
                }
                named[k] |= f.finding.is_abnormal();
            }
        }
    }
    let singles_iter = roots
        .iter()
        .map(|(_, r)| (*r, CandidateKind::Root, None))
        .chain(kb.mimics.iter().map(|m| (m.id, CandidateKind::Mimic, Some(m.label.0))));
    // Each single root or nerve on every side with findings: the best side is listed, but
    // every side is kept for building the multi-root pattern of that side.
    let mut singles: Vec<Scored> = Vec::new();
    let mut scored: Vec<Scored> = Vec::new();
    for (k, (id, kind, label)) in singles_iter.enumerate().filter(|(k, _)| named[*k]) {
        let row = (&counted[..], table.row(k));
        let mut per_side: Vec<Scored> = candidate_sides
            .iter()
            .map(|&side| score_single(id, kind, side, row, p, false))
            .filter(|s| s.supported_by_abnormal)
            .collect();
        per_side.sort_by(|a, b| b.log_odds.total_cmp(&a.log_odds));
        let mut per_side = per_side.into_iter();
        if let Some(best) = per_side.next() {
            let mut listed = score_single(id, kind, best.side, row, p, true);
            listed.label = label.map_or_else(|| id.0.to_uppercase(), str::to_string);
            scored.push(listed);
            singles.push(best);
        }
        singles.extend(per_side);
    }
    let patterns: &'static [Pattern] = kb.patterns.0;
    for pattern in patterns {
        match pattern.kind {
            PatternKind::MultipleRoots => {
                let best = candidate_sides
                    .iter()
                    .filter_map(|&side| score_multiple_roots(pattern, &roots, &singles, side, (&counted, &table), p))
                    .max_by(|a, b| a.log_odds.total_cmp(&b.log_odds));
                scored.extend(best);
            }
            PatternKind::BilateralLumbosacral => {
                scored.extend(score_bilateral(pattern, &lumbosacral, (&counted, &table), p));
            }
            PatternKind::UpperMotorNeuron => scored.extend(score_upper(pattern, &counted, p)),
        }
    }

    let scores: Vec<f64> = scored.iter().map(|s| s.log_odds).collect();
    let ranked = rank(&scores, |i| (scored[i].kind, scored[i].id), p);
    let mut slots: Vec<Option<Scored>> = scored.into_iter().map(Some).collect();
    let candidates: Vec<Candidate> = ranked
        .into_iter()
        .filter_map(|(i, rank)| {
            let s = slots[i].take()?;
            Some(Candidate {
                id: s.id,
                kind: s.kind,
                label: s.label,
                side: s.side,
                roots: s.roots,
                log_odds: s.log_odds,
                rank,
                supporting: s.supporting,
                opposing: s.opposing,
            })
        })
        .collect();

    let confidence = confidence(&counted, &candidates, p);
    let next_tests = next_tests(kb, &counted, &candidates, confidence);
    let edx = edx(kb, &candidates, confidence);
    let mut caveats = Vec::new();
    if counted.iter().any(|f| f.finding.status == Status::Pain) {
        caveats.extend(kb.statement(PAIN_CAVEAT).map(|s| s.id));
    }
    Localization {
        red_flags: red_flags(kb, findings, &candidates),
        candidates,
        confidence,
        next_tests,
        edx,
        caveats,
        not_counted,
    }
}

/// Electrodiagnosis helps when a mimic or a pattern is among the candidates worth considering,
/// or when the findings do not settle the root.
fn edx(kb: &KnowledgeBase, candidates: &[Candidate], confidence: Confidence) -> Vec<StatementId> {
    let considered = candidates.iter().take_while(|c| c.rank.tier != radiculo_kb::ranking::Tier::LessLikely);
    let peripheral = |c: &Candidate| match c.kind {
        CandidateKind::Root => false,
        CandidateKind::Mimic => true,
        CandidateKind::Pattern => kb.pattern(c.id.0).is_some_and(|p| p.kind != PatternKind::UpperMotorNeuron),
    };
    let upper_motor_neuron =
        |c: &Candidate| kb.pattern(c.id.0).is_some_and(|p| p.kind == PatternKind::UpperMotorNeuron);
    let helps = considered.clone().any(peripheral) || (confidence == Confidence::Low && !candidates.is_empty());
    // A cord or brain lesion in the lead is a question for imaging, not for nerve conduction.
    if !helps || candidates.first().is_some_and(upper_motor_neuron) {
        return Vec::new();
    }
    let upper = candidates.first().is_some_and(|c| is_upper_limb(kb, c));
    let ids = if upper { EDX_UPPER_STATEMENTS } else { EDX_STATEMENTS };
    ids.iter().filter_map(|id| kb.statement(id)).map(|s| s.id).collect()
}

/// Whether a candidate belongs to the arm: a cervical or T1 root, or an upper-limb mimic.
fn is_upper_limb(kb: &KnowledgeBase, c: &Candidate) -> bool {
    match (c.kind, kb.mimic(c.id.0)) {
        (_, Some(m)) => m.limb == radiculo_kb::Limb::Upper,
        (CandidateKind::Root, None) => c.id.0.starts_with('c') || c.id.0 == "t1",
        _ => c.roots.first().is_some_and(|r| r.0.starts_with('c')),
    }
}

fn confidence(counted: &[Counted<'_>], candidates: &[Candidate], p: &Parameters) -> Confidence {
    let motor_or_reflex = counted
        .iter()
        .filter(|f| matches!(f.finding.status, Status::Weak { .. } | Status::Strong | Status::Reflex { .. }))
        .count();
    let abnormal = counted.iter().filter(|f| f.finding.is_abnormal()).count();
    let Some(top) = candidates.first() else { return Confidence::Low };
    if abnormal < 2 || motor_or_reflex == 0 || top.rank.tied {
        return Confidence::Low;
    }
    let lead = candidates.get(1).map_or(f64::INFINITY, |c| top.log_odds - c.log_odds);
    #[allow(clippy::cast_precision_loss)]
    let enough = motor_or_reflex as f64 >= p.high_confidence_motor_findings.value;
    if lead >= p.high_confidence_lead.value && enough { Confidence::High } else { Confidence::Moderate }
}

/// The findings either candidate has a sign for, in finding order, with each one's sign.
fn union_by_finding(
    a: &'static [Sign],
    b: &'static [Sign],
) -> impl Iterator<Item = (&'static str, Option<&'static Sign>, Option<&'static Sign>)> {
    let (mut i, mut j) = (0, 0);
    std::iter::from_fn(move || {
        let (x, y) = (a.get(i), b.get(j));
        let item = match (x, y) {
            (Some(x), Some(y)) => match x.finding.0.cmp(y.finding.0) {
                std::cmp::Ordering::Equal => (x.finding.0, Some(x), Some(y)),
                std::cmp::Ordering::Less => (x.finding.0, Some(x), None),
                std::cmp::Ordering::Greater => (y.finding.0, None, Some(y)),
            },
            (Some(x), None) => (x.finding.0, Some(x), None),
            (None, Some(y)) => (y.finding.0, None, Some(y)),
            (None, None) => return None,
        };
        i += usize::from(item.1.is_some());
        j += usize::from(item.2.is_some());
        Some(item)
    })
}

/// A possible test: its rank (motor first), minus ten times the difference it makes, the term
/// and the pair of candidates it separates.
type TestOption = (u8, i64, &'static str, [CandidateId; 2]);

fn next_tests(
    kb: &KnowledgeBase,
    counted: &[Counted<'_>],
    candidates: &[Candidate],
    confidence: Confidence,
) -> Vec<NextTest> {
    let tested: BTreeSet<&str> = counted.iter().map(|f| f.finding.term.id.0).collect();
    let leaders: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| c.kind != CandidateKind::Pattern && c.rank.tier != radiculo_kb::ranking::Tier::LessLikely)
        .take(3)
        .collect();
    let Some(top) = leaders.first() else { return Vec::new() };
    let role_value = |sign: Option<&Sign>| -> f64 {
        match sign.map(|s| s.role) {
            Some(SignRole::Primary) => 1.0,
            Some(SignRole::Secondary) => 0.5,
            Some(SignRole::Spared) => -1.0,
            None => 0.0,
        }
    };
    // For each pair of leaders, the untested findings they predict differently: motor and
    // reflex tests first, then the larger difference.
    let mut per_pair: Vec<Vec<TestOption>> = Vec::new();
    for (i, a) in leaders.iter().enumerate() {
        for b in &leaders[i + 1..] {
            let mut options = Vec::new();
            for (term, sign_a, sign_b) in union_by_finding(kb.signs_of(a.id.0), kb.signs_of(b.id.0)) {
                let difference = (role_value(sign_a) - role_value(sign_b)).abs();
                if difference >= 1.0 && !tested.contains(term) {
                    #[allow(clippy::cast_possible_truncation)]
                    let tenths = (difference * 10.0) as i64;
                    options.push((test_rank(term), -tenths, term, [a.id, b.id]));
                }
            }
            options.sort();
            per_pair.push(options);
        }
    }
    // Each pair's best test not yet chosen, pair by pair, so every pair gets a test of its own.
    let mut chosen: Vec<(&'static str, Vec<CandidateId>)> = Vec::new();
    let mut cursor = vec![0usize; per_pair.len()];
    while chosen.len() < 3 {
        let mut progressed = false;
        for (options, next) in per_pair.iter().zip(cursor.iter_mut()) {
            while let Some(&(_, _, term, pair)) = options.get(*next) {
                *next += 1;
                if !chosen.iter().any(|(t, _)| *t == term) {
                    if chosen.len() < 3 {
                        chosen.push((term, pair.to_vec()));
                    }
                    progressed = true;
                    break;
                }
            }
        }
        if !progressed {
            break;
        }
    }
    if chosen.is_empty() && confidence != Confidence::High {
        let mut confirm: Vec<(u8, &'static str)> = kb
            .signs_of(top.id.0)
            .iter()
            .filter(|sign| !tested.contains(sign.finding.0) && sign.role == SignRole::Primary)
            .map(|sign| (test_rank(sign.finding.0), sign.finding.0))
            .collect();
        confirm.sort();
        chosen.extend(confirm.into_iter().take(3).map(|(_, term)| (term, vec![top.id])));
    }
    chosen
        .into_iter()
        .filter_map(|(term, separates)| {
            let label = kb.term(term)?.label.0;
            let statements: Vec<StatementId> = separates
                .iter()
                .filter_map(|c| kb.sign(c.0, term))
                .map(|s| s.statement)
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            Some(NextTest { finding: term, label, separates, statements })
        })
        .collect()
}

/// Motor tests first, then reflexes, then sensation, then signs.
fn test_rank(term: &str) -> u8 {
    match TermKind::of(term) {
        Some(TermKind::Action) => 0,
        Some(TermKind::Reflex) => 1,
        Some(TermKind::Area) => 2,
        _ => 3,
    }
}

fn raise(kb: &KnowledgeBase, term: &str, because: Vec<String>, out: &mut Vec<RaisedFlag>) {
    let Some(flag): Option<&'static RedFlag> = kb.red_flag(term) else { return };
    if let Some(existing) = out.iter_mut().find(|f| f.flag == flag.term.0) {
        existing.because.extend(because);
        return;
    }
    out.push(RaisedFlag {
        flag: flag.term.0,
        triage: flag.triage,
        suspect: flag.suspect.0,
        because,
        statements: flag.statements.to_vec(),
    });
}

/// Red flags named among the findings, saddle numbness, and those of the patterns offered.
fn red_flags(kb: &KnowledgeBase, findings: &Findings, candidates: &[Candidate]) -> Vec<RaisedFlag> {
    let mut out = Vec::new();
    for f in findings.iter() {
        if TermKind::of(f.term.id.0) == Some(TermKind::RedFlag) {
            raise(kb, f.term.id.0, vec![f.to_string()], &mut out);
        }
        for implied in f.term.implies.iter().filter(|t| TermKind::of(t.0) == Some(TermKind::RedFlag)) {
            if f.is_abnormal() {
                raise(kb, implied.0, vec![f.to_string()], &mut out);
            }
        }
        if f.term.id.0 == SADDLE_AREA && f.is_abnormal() {
            raise(kb, SADDLE_FLAG, vec![f.to_string()], &mut out);
        }
    }
    for c in candidates.iter().filter(|c| c.kind == CandidateKind::Pattern) {
        if let Some(flag) = kb.pattern(c.id.0).and_then(|p| p.red_flag) {
            let because = c.supporting.iter().map(|e| e.finding.to_string()).collect();
            raise(kb, flag.0, because, &mut out);
        }
    }
    out.sort_by_key(|f| f.triage);
    out
}
