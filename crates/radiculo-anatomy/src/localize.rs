//! From examination findings to ranked candidate roots and peripheral mimics, each with the
//! findings that support and oppose it, the next discriminating tests, and red flags first.
//!
//! Every association comes from a `[[sign]]` of the knowledge base: a finding is `primary` or
//! `secondary` for a candidate (expected abnormal) or `spared` (expected normal). Motor and
//! reflex findings weigh most, sensory findings less and pain least, because pain is often
//! non-dermatomal. A finding tested and normal counts against the candidates that predict it
//! abnormal. Untested and pain-limited findings count for nothing.

use std::collections::{BTreeMap, BTreeSet};

use radiculo_kb::{KnowledgeBase, RedFlag, Sign, SignRole, StatementId, Triage};
use serde::Serialize;

use crate::findings::{Finding, ReflexChange, Side, Status};
use crate::vocab::TermKind;

/// Statements shown when electrodiagnosis would decide between lower-limb candidates.
pub const EDX_STATEMENTS: &[&str] = &["localize.edx.adjunct", "localize.plexopathy.snap-rule"];
/// Statements shown when electrodiagnosis would decide between upper-limb candidates.
pub const EDX_UPPER_STATEMENTS: &[&str] = &["mimic.median-wrist.nerve-conduction", "mimic.radial.electrodiagnosis"];
/// Statement shown whenever pain distribution is used.
pub const PAIN_CAVEAT: &str = "localize.pain-nondermatomal";
/// The red-flag term raised by findings in several roots on both sides.
pub const BILATERAL_FLAG: &str = "red-flag.bilateral-weakness";
/// The red-flag term raised by numbness in the saddle area.
pub const SADDLE_FLAG: &str = "red-flag.saddle-anaesthesia";
/// The vocabulary term for the saddle area.
pub const SADDLE_AREA: &str = "area.saddle";

/// Whether a candidate is a root or a mimic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CandidateKind {
    /// A spinal nerve root.
    Root,
    /// A peripheral nerve or plexus disorder.
    Mimic,
}

/// A finding that bears on a candidate, and the statement that says how.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// The finding as the user gave it.
    pub finding: String,
    /// The statement behind the association.
    pub statement: StatementId,
}

/// One ranked candidate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// `l5`, `common-peroneal-neuropathy`.
    pub root: &'static str,
    /// Root or mimic.
    pub kind: CandidateKind,
    /// Name as printed (`L5`, `common peroneal (fibular) neuropathy`).
    pub label: String,
    /// Share of the evidence, 0-1; the scores of all candidates sum to 1.
    pub score: f64,
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
    /// Too few findings, or no clear leader: test more before concluding.
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
    pub separates: Vec<&'static str>,
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
    pub not_counted: Vec<String>,
}

fn weight(finding: &Finding) -> f64 {
    match finding.status {
        Status::Weak { .. } | Status::Strong | Status::Reflex { .. } => 3.0,
        Status::Numb => 2.0,
        Status::Present => 1.0,
        Status::Pain => 1.0,
        Status::Untested { .. } => 0.0,
    }
}

fn role_value(role: Option<SignRole>) -> f64 {
    match role {
        Some(SignRole::Primary) => 1.0,
        Some(SignRole::Secondary) => 0.5,
        Some(SignRole::Spared) => -1.0,
        None => 0.0,
    }
}

/// The signs of the knowledge base, sorted by candidate then finding (as baked).
#[derive(Clone, Copy)]
struct Signs(&'static [Sign]);

impl Signs {
    fn new(kb: &KnowledgeBase) -> Signs {
        Signs(kb.signs.0)
    }

    fn role(&self, candidate: &str, finding: &str) -> Option<&'static Sign> {
        let signs: &'static [Sign] = self.0;
        signs.binary_search_by(|s| (s.candidate.0, s.finding.0).cmp(&(candidate, finding))).ok().map(|i| &signs[i])
    }

    /// Every sign about `finding`.
    fn about(self, finding: &str) -> impl Iterator<Item = &'static Sign> {
        let signs: &'static [Sign] = self.0;
        signs.iter().filter(move |s| s.finding.0 == finding)
    }

    /// Every sign of `candidate`.
    fn of(self, candidate: &str) -> impl Iterator<Item = &'static Sign> {
        let signs: &'static [Sign] = self.0;
        let start = signs.partition_point(|s| s.candidate.0 < candidate);
        signs[start..].iter().take_while(move |s| s.candidate.0 == candidate)
    }
}

fn label(kb: &KnowledgeBase, id: &'static str) -> (CandidateKind, String) {
    match kb.mimic(id) {
        Some(m) => (CandidateKind::Mimic, m.label.to_string()),
        None => (CandidateKind::Root, id.to_uppercase()),
    }
}

/// Whether a finding counts in scoring, and if not, why.
fn counted(finding: &Finding) -> Result<(), String> {
    match finding.status {
        Status::Untested { .. } => {
            Err(format!("{finding}: not gradable, so it counts neither for nor against any candidate"))
        }
        Status::Reflex { change: ReflexChange::Brisk } => {
            Err(format!("{finding}: a brisk reflex is not a sign of root compression, so it is not counted"))
        }
        _ if TermKind::of(finding.term.id.0) == Some(TermKind::RedFlag) => {
            Err(format!("{finding}: a red flag, shown first"))
        }
        _ => Ok(()),
    }
}

/// Ranks roots and mimics for `findings` (already checked to be consistent).
pub fn localize(kb: &KnowledgeBase, findings: &[Finding]) -> Localization {
    let signs = Signs::new(kb);
    // Normal findings speak to the side of the deficits; on the other side they say nothing.
    let abnormal_sides: Vec<Side> =
        findings.iter().filter(|f| counted(f).is_ok() && f.is_abnormal()).filter_map(|f| f.side).collect();
    let mut raw: BTreeMap<&'static str, f64> = BTreeMap::new();
    let mut raised_by_abnormal: BTreeSet<&'static str> = BTreeSet::new();
    let mut supporting: BTreeMap<&'static str, Vec<Evidence>> = BTreeMap::new();
    let mut opposing: BTreeMap<&'static str, Vec<Evidence>> = BTreeMap::new();
    let mut not_counted = Vec::new();
    for finding in findings {
        if let Err(why) = counted(finding) {
            not_counted.push(why);
            continue;
        }
        if finding.is_normal()
            && !abnormal_sides.is_empty()
            && finding.side.is_some_and(|s| !abnormal_sides.iter().any(|a| a.overlaps(s)))
        {
            not_counted
                .push(format!("{finding}: tested normal on the other side from the deficits, so it is not counted"));
            continue;
        }
        if signs.about(finding.term.id.0).next().is_none() {
            not_counted.push(format!("{finding}: no sign in the knowledge base bears on it, so it is not counted"));
            continue;
        }
        let w = weight(finding);
        let written = finding.to_string();
        for sign in signs.about(finding.term.id.0) {
            let candidate = sign.candidate.0;
            let value = role_value(Some(sign.role));
            let contribution = if finding.is_abnormal() {
                w * value
            } else if finding.is_normal() {
                // Normal where abnormal was expected argues against; normal where spared
                // was expected supports a little.
                if value > 0.0 { -0.5 * w * value } else { 0.25 * w }
            } else {
                0.0
            };
            if contribution == 0.0 {
                continue;
            }
            *raw.entry(candidate).or_default() += contribution;
            let evidence = Evidence { finding: written.clone(), statement: sign.statement };
            if contribution > 0.0 {
                if finding.is_abnormal() {
                    raised_by_abnormal.insert(candidate);
                }
                supporting.entry(candidate).or_default().push(evidence);
            } else {
                opposing.entry(candidate).or_default().push(evidence);
            }
        }
    }
    // A candidate is listed only if an abnormal finding supports it; scores are a softmax share.
    let listed: Vec<(&'static str, f64)> =
        raw.iter().filter(|(c, _)| raised_by_abnormal.contains(*c)).map(|(c, s)| (*c, *s)).collect();
    let max = listed.iter().map(|(_, s)| *s).fold(f64::NEG_INFINITY, f64::max);
    let total: f64 = listed.iter().map(|(_, s)| ((s - max) / 2.0).exp()).sum();
    let mut candidates: Vec<Candidate> = listed
        .iter()
        .map(|&(id, s)| {
            let (kind, label) = label(kb, id);
            Candidate {
                root: id,
                kind,
                label,
                score: ((s - max) / 2.0).exp() / total,
                supporting: supporting.remove(id).unwrap_or_default(),
                opposing: opposing.remove(id).unwrap_or_default(),
            }
        })
        .collect();
    candidates.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.root.cmp(b.root)));
    round_scores(&mut candidates);

    let confidence = confidence(findings, &candidates);
    let next_tests = next_tests(kb, &signs, findings, &candidates, confidence);
    let edx = if candidates.iter().take(3).any(|c| c.kind == CandidateKind::Mimic && c.score >= 0.15)
        || (confidence == Confidence::Low && !candidates.is_empty())
    {
        let upper = candidates.first().is_some_and(|c| is_upper_limb(kb, c.root));
        let ids = if upper { EDX_UPPER_STATEMENTS } else { EDX_STATEMENTS };
        ids.iter().filter_map(|id| kb.statement(id)).map(|s| s.id).collect()
    } else {
        Vec::new()
    };
    let mut caveats = Vec::new();
    if findings.iter().any(|f| f.status == Status::Pain) {
        caveats.extend(kb.statement(PAIN_CAVEAT).map(|s| s.id));
    }
    Localization {
        red_flags: red_flags(kb, &signs, findings),
        candidates,
        confidence,
        next_tests,
        edx,
        caveats,
        not_counted,
    }
}

/// Whether a candidate belongs to the arm: a cervical or T1 root, or an upper-limb mimic.
fn is_upper_limb(kb: &KnowledgeBase, id: &str) -> bool {
    match kb.mimic(id) {
        Some(m) => m.limb == radiculo_kb::Limb::Upper,
        None => id.starts_with('c') || id == "t1",
    }
}

/// Whether a root card belongs to the lumbosacral roots.
fn is_lumbosacral(id: &str) -> bool {
    id.starts_with('l') || id.starts_with('s')
}

/// Rounds to three decimals and gives the rounding remainder to the leader, so the printed
/// scores sum to exactly 1, then restores the order the rounding may have disturbed.
fn round_scores(candidates: &mut [Candidate]) {
    for c in candidates.iter_mut() {
        c.score = (c.score * 1000.0).round() / 1000.0;
    }
    let sum: f64 = candidates.iter().map(|c| c.score).sum();
    if let Some(first) = candidates.first_mut() {
        first.score = ((first.score + 1.0 - sum) * 1000.0).round() / 1000.0;
    }
    candidates.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.root.cmp(b.root)));
}

fn confidence(findings: &[Finding], candidates: &[Candidate]) -> Confidence {
    let motor_or_reflex = findings
        .iter()
        .filter(|f| counted(f).is_ok())
        .filter(|f| matches!(f.status, Status::Weak { .. } | Status::Strong | Status::Reflex { .. }))
        .count();
    let abnormal = findings.iter().filter(|f| counted(f).is_ok() && f.is_abnormal()).count();
    let top = candidates.first().map_or(0.0, |c| c.score);
    let second = candidates.get(1).map_or(0.0, |c| c.score);
    if candidates.is_empty() || abnormal < 2 || motor_or_reflex == 0 || top < 0.45 {
        Confidence::Low
    } else if top >= 0.75 && top - second >= 0.5 && motor_or_reflex >= 2 {
        Confidence::High
    } else {
        Confidence::Moderate
    }
}

fn next_tests(
    kb: &KnowledgeBase,
    signs: &Signs,
    findings: &[Finding],
    candidates: &[Candidate],
    confidence: Confidence,
) -> Vec<NextTest> {
    let tested: BTreeSet<&str> = findings.iter().filter(|f| counted(f).is_ok()).map(|f| f.term.id.0).collect();
    let leaders: Vec<&Candidate> = candidates.iter().filter(|c| c.score >= 0.05).take(3).collect();
    let Some(top) = leaders.first() else { return Vec::new() };
    // For each pair of leaders, the untested findings they predict differently: motor and
    // reflex tests first, then the larger difference.
    let mut per_pair: Vec<Vec<TestOption>> = Vec::new();
    for (i, a) in leaders.iter().enumerate() {
        for b in &leaders[i + 1..] {
            let terms: BTreeSet<&'static str> =
                [a.root, b.root].iter().flat_map(|c| signs.of(c).map(|s| s.finding.0)).collect();
            let mut options = Vec::new();
            for term in terms.into_iter().filter(|t| !tested.contains(t)) {
                let x = role_value(signs.role(a.root, term).map(|s| s.role));
                let y = role_value(signs.role(b.root, term).map(|s| s.role));
                let difference = (x - y).abs();
                if difference >= 1.0 {
                    options.push((test_rank(term), -(difference * 10.0) as i64, term, [a.root, b.root]));
                }
            }
            options.sort();
            per_pair.push(options);
        }
    }
    // Take each pair's best test not yet chosen, pair by pair, so every pair of leaders gets a
    // test of its own.
    let mut chosen: Vec<(&'static str, Vec<&'static str>)> = Vec::new();
    let mut next = vec![0usize; per_pair.len()];
    while chosen.len() < 3 {
        let mut progressed = false;
        for (options, cursor) in per_pair.iter().zip(next.iter_mut()) {
            while let Some(&(_, _, term, pair)) = options.get(*cursor) {
                *cursor += 1;
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
        let mut confirm: Vec<(u8, &'static str)> = signs
            .of(top.root)
            .filter(|sign| !tested.contains(sign.finding.0) && sign.role == SignRole::Primary)
            .map(|sign| (test_rank(sign.finding.0), sign.finding.0))
            .collect();
        confirm.sort();
        chosen.extend(confirm.into_iter().take(3).map(|(_, term)| (term, vec![top.root])));
    }
    chosen
        .into_iter()
        .filter_map(|(term, separates)| {
            let label = kb.term(term)?.label.0;
            let statements: Vec<StatementId> = separates
                .iter()
                .filter_map(|c| signs.role(c, term))
                .map(|s| s.statement)
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            Some(NextTest { finding: term, label, separates, statements })
        })
        .collect()
}

/// A possible test: its rank (motor first), minus ten times the difference it makes, the term
/// and the pair of candidates it separates.
type TestOption = (u8, i64, &'static str, [&'static str; 2]);

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

fn red_flags(kb: &KnowledgeBase, signs: &Signs, findings: &[Finding]) -> Vec<RaisedFlag> {
    let mut out = Vec::new();
    for f in findings {
        if TermKind::of(f.term.id.0) == Some(TermKind::RedFlag) {
            raise(kb, f.term.id.0, vec![f.to_string()], &mut out);
        }
        if f.term.id.0 == SADDLE_AREA && f.is_abnormal() {
            raise(kb, SADDLE_FLAG, vec![f.to_string()], &mut out);
        }
    }
    // Deficits in several roots on both sides suggest a lesion of the cauda equina rather
    // than one root.
    let deficits: Vec<&Finding> = findings
        .iter()
        .filter(|f| counted(f).is_ok() && f.is_abnormal() && f.status != Status::Pain && f.status != Status::Present)
        .collect();
    let roots_on = |side: Side| -> BTreeSet<&'static str> {
        deficits
            .iter()
            .filter(|f| f.side.is_some_and(|s| s.overlaps(side)))
            .flat_map(|f| {
                signs.about(f.term.id.0).filter(|s| {
                    s.role == SignRole::Primary && is_lumbosacral(s.candidate.0) && kb.root(s.candidate.0).is_some()
                })
            })
            .map(|s| s.candidate.0)
            .collect()
    };
    let (left, right) = (roots_on(Side::Left), roots_on(Side::Right));
    let both: BTreeSet<&str> = left.union(&right).copied().collect();
    if !left.is_empty() && !right.is_empty() && both.len() >= 2 {
        let because = deficits.iter().filter(|f| f.side.is_some()).map(|f| f.to_string()).collect();
        raise(kb, BILATERAL_FLAG, because, &mut out);
    }
    out.sort_by_key(|f| f.triage);
    out
}
