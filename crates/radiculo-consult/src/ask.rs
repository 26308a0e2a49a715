//! `radiculo ask`: a deterministic router from a free-text question to a knowledge-base topic,
//! composed with the engines when the question carries a case.
//!
//! The question is read by [`crate::extract`] into the same [`Case`] that `radiculo consult`
//! reads, and into the vocabulary terms it names. A question with no nerve-root term, no
//! spinal level and no spine-specific condition is out of scope: it is declined, never
//! answered with a best guess. Otherwise:
//!
//! 1. Red flags in the question come first (the document's alerts), with what to do.
//! 2. When the question carries case facts, the engines answer for this patient: the
//!    localization, the MRI differential, the care pathway with computed doses, and, when a
//!    peripheral mimic is named, the test that separates the root from it.
//! 3. The topic is chosen by its `requires` and `prefers` terms, and must cover the patient:
//!    a topic written for another spinal region, age or pregnancy is skipped for one that
//!    covers them, or, when none does, the answer says so plainly.
//! 4. What was not understood, and what is recognised but has no content, is said.

use radiculo_anatomy::localize::{CandidateKind, Localization, localize};
use radiculo_anatomy::vocab::TermKind;
use radiculo_anatomy::{Findings, Level, Root};
use radiculo_imaging::differential::considered;
use radiculo_imaging::{Differential, ImagingFindings, differential};
use radiculo_kb::{Gap, KnowledgeBase, RootRelation, Scope, SignRole, SpineRegion, StatementId, Topic, Zone};
use radiculo_pathways::{Plan, plan};
use serde::Serialize;

use crate::case::Case;
use crate::document::{Document, Heading, Kind, Lead, Line, Section};
use crate::extract::{Extraction, extract};
use crate::lines::{alerts, coverage_notices, gap_words, red_flag_lines, triage_word};

/// Terms that place a question inside radiculo's scope when named in it; intents such as
/// "causes" or "treatment" alone do not.
pub const DOMAIN_TERMS: &[&str] = &[
    "context.suspected-gbs",
    "context.suspected-spinal-infection",
    "question.enhancement",
    "question.herniation",
    "question.immune-neuropathy",
    "question.impingement",
    "question.injection",
    "question.localization",
    "question.myelopathy",
    "question.nerve-root",
    "question.polyradiculopathy",
    "question.radiculopathy",
    "question.uncovered.stenosis",
    "triage.emergency",
];

/// The prefix of question terms that radiculo recognises but has no content for.
pub const UNCOVERED: &str = "question.uncovered.";

/// What a required term weighs: a region narrows a question but is no intent (5); a word of
/// the question names what is asked (10); a fact about the patient (a medicine, a condition,
/// pregnancy, childhood) names guidance written for them, which comes before general answers
/// (20).
fn required_weight(term: &str) -> usize {
    if term.starts_with("region.") {
        5
    } else if term.starts_with("question.") {
        10
    } else {
        20
    }
}

/// A step of the router's reasoning, for `--explain` and JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TraceStep {
    /// The rule applied.
    pub rule: &'static str,
    /// What it was applied to, and what it gave.
    pub detail: String,
}

/// What the router recognised and how it chose.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Recognized {
    /// Vocabulary terms recognised, with what they imply, and the region terms of the case.
    pub terms: Vec<&'static str>,
    /// Valid levels, in the order written.
    #[serde(serialize_with = "levels")]
    pub levels: Vec<Level>,
    /// Notation that is not a spinal level, explained.
    pub clarifications: Vec<String>,
    /// The reasoning.
    pub trace: Vec<TraceStep>,
}

fn levels<S: serde::Serializer>(levels: &[Level], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(levels.iter().map(ToString::to_string))
}

/// Whether the question is about spinal nerve roots at all: a level or level notation, a
/// domain term, a red flag that raises an emergency (cauda equina syndrome), or examination
/// findings read with what was found.
pub fn in_scope(kb: &KnowledgeBase, e: &Extraction) -> bool {
    let exam = &e.case.exam;
    !e.levels.is_empty()
        || !e.clarifications.is_empty()
        || e.named.iter().any(|t| DOMAIN_TERMS.contains(t))
        || e.named.iter().filter_map(|t| kb.red_flag(t)).any(|f| f.triage == radiculo_kb::Triage::Emergency)
        || !exam.weak.is_empty()
        || !exam.reflex.is_empty()
        || !exam.numb.is_empty()
}

/// Why a topic does not cover the patient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// The topic.
    pub topic: &'static str,
    /// Why.
    pub gap: Gap,
}

/// How the topic was chosen.
#[derive(Debug, Clone, Default)]
pub struct Routing {
    /// The topic that answers, covering the patient.
    pub topic: Option<&'static Topic>,
    /// Better-scoring topics that do not cover the patient.
    pub skipped: Vec<Skipped>,
}

/// Whether `topic` covers a patient of `scope` (a child named without an age is younger than
/// any age bound).
fn covers(kb: &KnowledgeBase, topic: &Topic, scope: &Scope, child: bool) -> Result<(), Gap> {
    let Some(population) = kb.population(topic.applies.0) else { return Ok(()) };
    population.covers(scope)?;
    if child && scope.age.is_none() && population.min_age.is_some() {
        return Err(Gap::TooYoung);
    }
    Ok(())
}

/// The topic that answers best and covers the patient: every `requires` term recognised;
/// scored by `required_weight` per required term and 1 per preferred term; ties to the
/// lowest id.
pub fn route(
    kb: &KnowledgeBase,
    terms: &[&'static str],
    scope: &Scope,
    child: bool,
    trace: &mut Vec<TraceStep>,
) -> Routing {
    let topics: &'static [Topic] = kb.topics.0;
    let mut scored: Vec<(&'static Topic, usize)> = topics
        .iter()
        .filter(|t| !t.requires.is_empty() && t.requires.iter().all(|r| terms.contains(&r.0)))
        .map(|t| {
            let required: usize = t.requires.iter().map(|r| required_weight(r.0)).sum();
            (t, required + t.prefers.iter().filter(|p| terms.contains(&p.0)).count())
        })
        .collect();
    scored.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.id.0.cmp(b.0.id.0)));
    let mut routing = Routing::default();
    for (topic, score) in scored {
        match covers(kb, topic, scope, child) {
            Ok(()) => {
                trace.push(TraceStep { rule: "choose topic", detail: format!("{} (score {score})", topic.id) });
                routing.topic = Some(topic);
                break;
            }
            Err(gap) => {
                trace.push(TraceStep {
                    rule: "skip topic",
                    detail: format!("{} (score {score}): {}", topic.id, gap_words(gap)),
                });
                routing.skipped.push(Skipped { topic: topic.id.0, gap });
            }
        }
    }
    routing
}

/// The roots a level brings into the answer: the root itself, or a disc's traversing and
/// exiting roots.
pub fn level_roots(level: Level) -> Vec<Root> {
    match level {
        Level::Segment(root) => vec![root],
        Level::Disc(disc) => {
            let mut roots = vec![disc.traversing_root()];
            if disc.exiting_root() != disc.traversing_root() {
                roots.push(disc.exiting_root());
            }
            roots
        }
    }
}

/// The structured part of an answer, for JSON.
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    /// The question as asked.
    pub question: String,
    /// The topic that answers it; `null` when no topic covers the question.
    pub topic: Option<&'static str>,
    /// The case read from the question, in the format `radiculo consult` reads.
    pub case: Case,
    /// What each word was read as, typos, negations and words not used.
    pub extracted: Extraction,
    /// What was recognised, with the reasoning.
    pub recognized: Recognized,
    /// Topics that scored better but do not cover the patient.
    pub skipped: Vec<Skipped>,
    /// Root localization, when the question gives examination findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub localization: Option<Localization>,
    /// The MRI differential, when the question describes an MRI.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub differential: Option<Differential>,
    /// The care plan, when the question carries case facts or red flags.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pathway: Option<Plan>,
}

/// The engines' results for the case in a question.
#[derive(Default)]
struct Engines {
    localization: Option<Localization>,
    imaging: Option<ImagingFindings>,
    differential: Option<Differential>,
    plan: Option<Plan>,
    scope: Scope,
    /// Facts that could not be used, with why.
    problems: Vec<String>,
}

fn engines(kb: &KnowledgeBase, e: &Extraction) -> Engines {
    let mut out = Engines::default();
    let case = &e.case;
    let findings = case.findings(kb).unwrap_or_else(|err| {
        out.problems.push(err.to_string());
        Findings::default()
    });
    let facts = e.has_case_facts();
    if !findings.is_empty() {
        out.localization = Some(localize(kb, &findings));
    }
    let imaging = case.imaging(kb).unwrap_or_else(|err| {
        out.problems.push(err.to_string());
        None
    });
    if facts
        && let Some(f) = imaging.as_ref().filter(|f| f.has_imaging() && (f.enhancement || !f.herniations.is_empty()))
    {
        match f.terms(kb) {
            Ok(terms) => out.differential = Some(differential(kb, &terms)),
            Err(err) => out.problems.push(err.to_string()),
        }
    }
    out.scope = match case.scope(out.localization.as_ref(), imaging.as_ref()) {
        Ok(scope) => scope,
        Err(err) => {
            out.problems.push(err.to_string());
            Scope { regions: Vec::new(), age: case.patient.age, pregnant: case.patient.pregnant }
        }
    };
    if case.patient.region.is_none() {
        out.scope.regions.extend(e.levels.iter().map(|l| match l {
            Level::Segment(root) => root.region().scope(),
            Level::Disc(disc) => disc.region().scope(),
        }));
    }
    if out.scope.regions.is_empty() {
        out.scope.regions.extend(e.region_hint);
    }
    out.scope.regions.sort();
    out.scope.regions.dedup();
    if facts {
        match case.state(kb, out.scope.clone(), &findings) {
            Ok(state) => {
                let exam_flags = out.localization.as_ref().map(|l| l.red_flags.clone()).unwrap_or_default();
                out.plan = Some(plan(kb, &state, &exam_flags));
            }
            Err(err) => out.problems.push(err.to_string()),
        }
    }
    out.imaging = imaging;
    out
}

/// The region terms of a scope (`region.cervical`), for routing.
fn region_terms(scope: &Scope) -> Vec<&'static str> {
    scope
        .regions
        .iter()
        .filter_map(|r| match r {
            SpineRegion::Cervical => Some("region.cervical"),
            SpineRegion::Thoracic => Some("region.thoracic"),
            SpineRegion::Lumbosacral => Some("region.lumbosacral"),
            SpineRegion::Any => None,
        })
        .collect()
}

/// The lines a named level brings: for a disc, which root each zone named (else the
/// paracentral and foraminal zones) compresses; for each root, its key sensory point, key
/// muscle and reflex.
fn level_lines(kb: &KnowledgeBase, e: &Extraction) -> (Vec<Line>, Vec<Line>, Vec<Root>) {
    let mut lines = Vec::new();
    let mut roots: Vec<Root> = Vec::new();
    let named_zones: Vec<Zone> = e.zones.iter().filter_map(|z| z.parse().ok()).collect();
    let zones = if named_zones.is_empty() { vec![Zone::Paracentral, Zone::Foraminal] } else { named_zones };
    for level in &e.levels {
        if let Level::Disc(disc) = level {
            // One line per disc and statement: `L5-S1, paracentral herniation: S1; foraminal: L5`.
            let mut groups: Vec<(StatementId, Vec<String>)> = Vec::new();
            for zone in &zones {
                if let Some(rule) = kb.zone(disc.region().scope(), *zone) {
                    let root = match rule.compresses {
                        RootRelation::Traversing => disc.traversing_root(),
                        RootRelation::Exiting => disc.exiting_root(),
                    };
                    let part = format!("{zone}: {root}");
                    match groups.iter_mut().find(|g| g.0 == rule.statement) {
                        Some(g) => g.1.push(part),
                        None => groups.push((rule.statement, vec![format!("{zone} herniation: {root}")])),
                    }
                }
            }
            for (statement, parts) in groups {
                lines.push(Line::led(Lead::Label(format!("{disc}, {}", parts.join("; "))), Some(statement)));
            }
        }
        for root in level_roots(*level) {
            if !roots.contains(&root) {
                roots.push(root);
            }
        }
    }
    // Each root's key sensory point, key muscle and reflex: all the sensory points first.
    let mut cards = Vec::new();
    for field in 0..3 {
        for root in &roots {
            let Some(card) = kb.root(&root.id()) else { continue };
            let ids = [card.sensory, card.motor, card.reflexes][field];
            if let Some(first) = ids.first() {
                cards.push(Line::led(Lead::Label(root.to_string()), Some(*first)));
            }
        }
    }
    (lines, cards, roots)
}

/// Whether a root id (`c8`, `l5`) belongs to the arm.
fn upper_root(id: &str) -> bool {
    id.starts_with('c') || id == "t1"
}

/// The root the question sets against a mimic: the root named on the mimic's limb, else the
/// root of that limb sharing most abnormal findings with the mimic.
fn root_against(kb: &KnowledgeBase, mimic: &radiculo_kb::Mimic, named: &[Root]) -> Option<&'static str> {
    let upper = mimic.limb == radiculo_kb::Limb::Upper;
    if let Some(root) = named.iter().find(|r| upper_root(&r.id()) == upper) {
        return kb.root(&root.id()).map(|c| c.id.0);
    }
    let shared = |root: &str| {
        kb.signs
            .iter()
            .filter(|s| s.candidate.0 == mimic.id.0 && s.role != SignRole::Spared)
            .filter(|s| {
                kb.signs.iter().any(|r| r.candidate.0 == root && r.finding == s.finding && r.role == SignRole::Primary)
            })
            .count()
    };
    kb.roots
        .iter()
        .filter(|r| upper_root(r.id.0) == upper)
        .map(|r| (r.id.0, shared(r.id.0)))
        .filter(|(_, n)| *n > 0)
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(id, _)| id)
}

/// The tests that separate a root from a mimic, best first: findings the root produces and
/// the mimic spares (the root's primary signs, then its secondary ones), then weakness or a
/// reflex change of the root's own that the mimic's nerve does not produce, then findings of
/// the mimic that the root spares. The statement is the mimic's where it says why.
fn separating_lines(kb: &KnowledgeBase, root: &str, mimic: &radiculo_kb::Mimic) -> Vec<Line> {
    let sign =
        |candidate: &str, finding: &str| kb.signs.iter().find(|s| s.candidate.0 == candidate && s.finding.0 == finding);
    let motor_or_reflex = |finding: &str| matches!(TermKind::of(finding), Some(TermKind::Action | TermKind::Reflex));
    let mut tests: Vec<(u8, &'static str, StatementId)> = Vec::new();
    for s in kb.signs.iter().filter(|s| s.candidate.0 == root) {
        let mimic_sign = sign(mimic.id.0, s.finding.0);
        let rank = match (s.role, mimic_sign.map(|m| m.role)) {
            (SignRole::Primary, Some(SignRole::Spared)) => 0,
            (SignRole::Secondary, Some(SignRole::Spared)) => 1,
            (SignRole::Primary, None) if motor_or_reflex(s.finding.0) => 2,
            (SignRole::Spared, Some(SignRole::Primary)) => 3,
            _ => continue,
        };
        let statement = mimic_sign.filter(|m| m.role == SignRole::Spared).map_or(s.statement, |m| m.statement);
        tests.push((rank, s.finding.0, statement));
    }
    tests.sort_by_key(|t| t.0);
    let root_name = root.to_uppercase();
    let mut seen: Vec<StatementId> = Vec::new();
    tests
        .into_iter()
        .filter(|t| {
            let first = !seen.contains(&t.2);
            seen.push(t.2);
            first
        })
        .take(2)
        .map(|(_, finding, statement)| {
            let label = kb.term(finding).map_or(finding, |t| t.label.0);
            let test = match TermKind::of(finding) {
                Some(TermKind::Area) => format!("test sensation over the {label}"),
                Some(TermKind::Reflex) => format!("test the {label}"),
                _ => format!("test {label}"),
            };
            Line::led(Lead::Label(format!("{test} (separates {root_name} from {})", mimic.label)), Some(statement))
        })
        .collect()
}

/// Which kind of engine line a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Dose,
    Mimic,
    Level,
    Named,
    Localization,
    Differential,
    Pathway,
    Imaging,
}

/// The engine line that answers what the question asks, by priority: a dose asked for, the
/// mimic named, whether to image, what to do (treatment, referral, injection), which root,
/// what causes the MRI finding, then what the topic says of a term the question names.
fn intent(e: &Extraction, terms: &[&str], plan: Option<&Plan>) -> Vec<Part> {
    let has = |t: &str| terms.contains(&t);
    let mut order = Vec::new();
    if has("question.dose") {
        order.push(Part::Dose);
    }
    if !e.mimics.is_empty() {
        order.push(Part::Mimic);
    }
    if !e.zones.is_empty() || has("question.localization") {
        order.push(Part::Level);
    }
    order.push(Part::Named);
    if has("question.imaging-decision") {
        order.push(Part::Imaging);
    }
    let acting =
        ["question.treatment", "question.referral", "question.injection", "question.steroids"].iter().any(|t| has(t));
    let staged = |p: &Plan| {
        p.triage != radiculo_kb::Triage::Routine || e.case.history.weeks.is_some() || e.case.history.grade.is_some()
    };
    if (acting || e.case.history.grade.is_some()) && plan.is_some_and(staged) {
        order.push(Part::Pathway);
    }
    let exam = &e.case.exam;
    if has("question.localization")
        || has("question.compare")
        || !exam.weak.is_empty()
        || !exam.reflex.is_empty()
        || !exam.numb.is_empty()
    {
        order.push(Part::Localization);
    }
    if has("question.enhancement") || has("question.causes") {
        order.push(Part::Differential);
    }
    order
}

/// The causes worth considering that must be pursued urgently, as one alert: the two most
/// urgent named, the rest counted (all of them, with their first step, in `--detail`).
fn urgent_causes(d: &Differential) -> Option<Line> {
    let mut urgent: Vec<&radiculo_imaging::RankedCause> =
        considered(d).filter(|c| c.urgency != radiculo_kb::Urgency::Routine).collect();
    if urgent.is_empty() {
        return None;
    }
    urgent.sort_by_key(|c| (c.rank.rank, c.urgency));
    let names: Vec<String> = urgent
        .iter()
        .take(2)
        .map(|c| match c.urgency {
            radiculo_kb::Urgency::Emergent => format!("{} (emergent)", c.label),
            _ => c.label.to_string(),
        })
        .collect();
    let more = urgent.len().saturating_sub(2);
    let mut lead = format!("urgent causes in the differential: {}", names.join(", "));
    if more > 0 {
        lead.push_str(&format!(" and {more} more"));
    }
    let support = urgent.iter().filter_map(|c| c.next_steps.first().copied());
    Some(Line::led(Lead::Label(lead), None).with_support(support))
}

/// Removes and returns the engine line that prints `statement`.
fn take_statement(parts: &mut Vec<(Part, Line)>, statement: StatementId) -> Option<Line> {
    parts.iter().position(|(_, l)| l.statement == Some(statement)).map(|i| parts.remove(i).1)
}

/// The direct line of a plan: triage, the stage when weeks are known, and the first step.
fn pathway_line(kb: &KnowledgeBase, p: &Plan, weeks: Option<u32>) -> Line {
    let mut lead = format!("triage {}", triage_word(p.triage));
    if weeks.is_some() {
        lead.push_str(&format!("; stage {}", crate::pathway::stage_words(kb, p.stage, weeks)));
    }
    match p.plan.first() {
        Some(first) => {
            let mut line = crate::pathway::step_line(first, p, false);
            if let Some(step) = line.lead.take() {
                lead.push_str(&format!("; {}", step.text()));
            }
            line.lead = Some(Lead::Label(lead));
            line
        }
        None => Line::led(Lead::Label(lead), None),
    }
}

/// Statements of the topic named after a medicine or contraindication of the question: the
/// last segment of the id is the term's short name, or starts with it and a hyphen (`anticoag.hold.warfarin` for
/// `drug.warfarin`, `anticoag.hold.heparin-iv` for `drug.heparin`).
fn named_lines(kb: &KnowledgeBase, topic: &Topic, e: &Extraction) -> Vec<Line> {
    let mut out = Vec::new();
    let medicine = |t: &&&str| matches!(TermKind::of(t), Some(TermKind::Drug | TermKind::Contraindication));
    for term in e.named.iter().filter(medicine) {
        let Some((_, name)) = term.split_once('.') else { continue };
        let label = kb.term(term).map_or(name, |t| t.label.0);
        for section in topic.section.iter() {
            for id in section.statements.iter() {
                let last = id.0.rsplit('.').next().unwrap_or("");
                let hit = last == name || last.strip_prefix(name).is_some_and(|rest| rest.starts_with('-'));
                if hit && !out.iter().any(|l: &Line| l.statement == Some(*id)) {
                    out.push(Line::led(Lead::Finding(label.to_string()), Some(*id)));
                }
            }
        }
    }
    out
}

/// The answer to `question`, or `None` when it is out of scope: the whole document, with the
/// evidence in full (`--detail`, JSON) and the reasoning (`--explain`).
pub fn ask(kb: &KnowledgeBase, question: &str, explain: bool) -> Option<(Document, Answer)> {
    answer(kb, question, explain, true)
}

/// The answer to `question`, or `None` when it is out of scope. With `full` false the
/// engines' evidence sections and the reasoning are left out, for the one-screen text, which
/// never prints them; the answer itself is the same.
pub fn answer(kb: &KnowledgeBase, question: &str, explain: bool, full: bool) -> Option<(Document, Answer)> {
    let full = full || explain;
    let e = extract(kb, question);
    let mut trace: Vec<TraceStep> = if full {
        e.readings
            .iter()
            .map(|r| TraceStep { rule: "read", detail: format!("`{}` -> {}", r.text, r.read_as) })
            .collect()
    } else {
        Vec::new()
    };
    if !in_scope(kb, &e) {
        return None;
    }
    let run = engines(kb, &e);
    let mut terms = e.terms.clone();
    terms.extend(region_terms(&run.scope));
    if !e.clarifications.is_empty() {
        terms.push("question.notation");
    }
    // A level named with no question word asks about the root itself.
    let asks =
        e.named.iter().any(|t| t.starts_with("question.") && !matches!(*t, "question.patient" | "question.history"));
    let exam = &e.case.exam;
    let findings = !exam.weak.is_empty() || !exam.reflex.is_empty() || !exam.numb.is_empty() || !exam.sign.is_empty();
    if !asks && (!e.levels.is_empty() || findings) {
        terms.push("question.localization");
        trace.push(TraceStep {
            rule: "read",
            detail: "a level or findings with no question word -> question.localization".into(),
        });
    }
    terms.sort_unstable();
    terms.dedup();
    let has = |t: &str| terms.binary_search(&t).is_ok();
    let uncovered: Vec<&'static radiculo_kb::Term> =
        e.named.iter().filter(|t| t.starts_with(UNCOVERED)).filter_map(|t| kb.term(t)).collect();
    let routing = if uncovered.is_empty() {
        route(kb, &terms, &run.scope, e.child, &mut trace)
    } else {
        for t in &uncovered {
            trace.push(TraceStep { rule: "no content", detail: format!("{} has no topic", t.id) });
        }
        Routing::default()
    };
    if routing.topic.is_none() && routing.skipped.is_empty() && uncovered.is_empty() && !e.has_case_facts() {
        // In scope, but nothing answers it and there is no case to work on.
        if e.levels.is_empty() && e.clarifications.is_empty() {
            return None;
        }
    }

    let (disc_lines, root_lines, roots) = level_lines(kb, &e);
    let level_lines: Vec<Line> = disc_lines.iter().chain(&root_lines).cloned().collect();
    let names: Vec<String> = roots.iter().map(Root::to_string).collect();
    let subject = match (routing.topic, uncovered.first()) {
        (_, Some(t)) => format!("Not covered: {}", t.label),
        (Some(topic), None) => topic.title.to_string(),
        (None, None) => match routing.skipped.first().and_then(|s| kb.topic(s.topic)) {
            Some(t) => format!("Not covered for this patient: {}", t.title),
            None if !names.is_empty() => "The level named".to_string(),
            None => "The case in the question".to_string(),
        },
    };
    let title = if names.is_empty() { subject } else { format!("{subject} ({})", names.join(", ")) };
    let mut doc = Document::new(Kind::Ask, title);

    // Alerts: notation first, then red flags and urgent causes, each group on one line.
    if !e.clarifications.is_empty() {
        doc.alerts.push(Line::led(Lead::Label(e.clarifications.join("; ")), None));
    }
    let mut flag_lines: Vec<Line> = run.plan.as_ref().map(|p| alerts(kb, &p.red_flags)).unwrap_or_default();
    if let Some(d) = &run.differential {
        flag_lines.extend(urgent_causes(d));
    }
    if !flag_lines.is_empty() {
        let lead: Vec<String> =
            flag_lines.iter().filter_map(|l| l.lead.as_ref().map(|x| x.text().to_string())).collect();
        let support: Vec<StatementId> = flag_lines.iter().flat_map(|l| l.support.iter().copied()).collect();
        doc.alerts.push(Line::led(Lead::Label(lead.join("; ")), None).with_support(support));
    }

    // The engine lines for this patient, by kind.
    let mut parts: Vec<(Part, Line)> = Vec::new();
    if let Some(p) = &run.plan
        && (has("question.dose") || e.case.patient.weight_kg.is_some())
    {
        parts.extend(crate::pathway::dose_lines(p, e.case.patient.weight_kg).into_iter().map(|l| (Part::Dose, l)));
    }
    let mut mimic_statements: Vec<Line> = Vec::new();
    for mimic in e.mimics.iter().filter_map(|m| kb.mimic(m)) {
        if let Some(root) = root_against(kb, mimic, &roots) {
            parts.extend(separating_lines(kb, root, mimic).into_iter().map(|l| (Part::Mimic, l)));
        }
        mimic_statements.extend(mimic.statements.iter().map(|id| Line::statement(*id)));
    }
    if let Some(topic) = routing.topic {
        parts.extend(named_lines(kb, topic, &e).into_iter().map(|l| (Part::Named, l)));
    }
    if !e.zones.is_empty() || has("question.localization") {
        parts.extend(disc_lines.iter().cloned().map(|l| (Part::Level, l)));
    }
    let exam = &e.case.exam;
    let no_findings = exam.weak.is_empty() && exam.reflex.is_empty() && exam.numb.is_empty();
    if has("question.localization") && no_findings && e.mimics.is_empty() {
        parts.extend(root_lines.iter().cloned().map(|l| (Part::Level, l)));
    }
    if let Some(loc) = &run.localization {
        let leading = crate::anatomy::answer_lines_with_evidence(kb, loc);
        parts.extend(leading.into_iter().take(2).map(|l| (Part::Localization, l)));
        if e.mimics.is_empty() {
            parts.extend(crate::anatomy::next_test_lines(loc).take(1).map(|l| (Part::Localization, l)));
        }
    }
    if let Some(d) = &run.differential {
        parts.extend(crate::imaging::answer_lines(d).into_iter().take(1).map(|l| (Part::Differential, l)));
    }
    // Red flags, or a severe or progressing deficit, make the triage the first thing said.
    let flagged = run.plan.as_ref().is_some_and(|p| p.triage != radiculo_kb::Triage::Routine);
    if let Some(p) = &run.plan {
        let says = p.triage != radiculo_kb::Triage::Routine
            || e.case.history.weeks.is_some()
            || e.case.history.grade.is_some();
        if says {
            parts.push((Part::Pathway, pathway_line(kb, p, e.case.history.weeks)));
        }
        if let Some(a) = &p.imaging {
            parts.push((Part::Imaging, crate::imaging::imaging_line(a)));
        }
    }

    // The direct answer: what is not covered, what to do about a red flag, the engine line
    // that answers the question's intent, then the topic's bottom line.
    for t in &uncovered {
        doc.answer
            .push(Line::led(Lead::Label(format!("not covered: radiculo has no content on {} yet", t.label)), None));
    }
    if routing.topic.is_none()
        && uncovered.is_empty()
        && let Some(s) = routing.skipped.first()
        && let Some((t, pop)) = kb.topic(s.topic).and_then(|t| kb.population(t.applies.0).map(|p| (t, p)))
    {
        doc.answer.push(Line::led(
            Lead::Label(format!("not covered: \"{}\" is written for {}, and {}", t.title, pop.label, gap_words(s.gap))),
            None,
        ));
    }
    let take = |parts: &mut Vec<(Part, Line)>, part: Part| -> Option<Line> {
        parts.iter().position(|(p, _)| *p == part).map(|i| parts.remove(i).1)
    };
    if flagged {
        doc.answer.extend(take(&mut parts, Part::Pathway));
    }
    if let Some(part) = intent(&e, &terms, run.plan.as_ref()).into_iter().find(|p| parts.iter().any(|(q, _)| q == p)) {
        // A root's card answers in up to three lines (sensory, motor, reflex); any other
        // intent in one.
        let most = if part == Part::Level { 3 } else { 1 };
        for _ in 0..most {
            if doc.answer.len() >= 3 {
                break;
            }
            let Some(line) = take(&mut parts, part) else { break };
            doc.answer.push(line);
        }
    }
    let mut printed: Vec<StatementId> = doc.answer.iter().filter_map(|l| l.statement).collect();
    if doc.answer.len() < 2
        && let Some(first) = mimic_statements.iter().find(|l| l.statement.is_some_and(|s| !printed.contains(&s)))
    {
        doc.answer.push(first.clone());
        printed.extend(first.statement);
    }
    let mut key: Vec<Line> = Vec::new();
    if let Some(topic) = routing.topic {
        // A bottom line that an engine line also prints is shown once, with the engine's lead.
        let mut bottom: Vec<Line> = topic
            .bottom_line
            .iter()
            .filter(|id| !printed.contains(id))
            .map(|id| take_statement(&mut parts, *id).unwrap_or_else(|| Line::statement(*id)))
            .collect::<Vec<_>>();
        let rest_of_bottom = bottom.split_off(bottom.len().min(3usize.saturating_sub(doc.answer.len())));
        doc.answer.extend(bottom);
        key.extend(rest_of_bottom);
    }
    if doc.answer.is_empty() {
        doc.answer.push(Line::led(Lead::Label("not covered: no topic of radiculo answers this question".into()), None));
        doc.title =
            if names.is_empty() { "Not covered".to_string() } else { format!("Not covered ({})", names.join(", ")) };
    }
    printed = doc.answer.iter().filter_map(|l| l.statement).collect();
    let rest: Vec<Line> = parts
        .into_iter()
        .map(|(_, l)| l)
        .filter(|l| l.statement.is_none_or(|s| !printed.contains(&s)))
        .take(4)
        .collect();
    printed.extend(rest.iter().filter_map(|l| l.statement));
    doc.summary(Section::new(Heading::Custom("This patient".into()), rest));
    let mimic_lines: Vec<Line> =
        mimic_statements.into_iter().filter(|l| l.statement.is_some_and(|s| !printed.contains(&s))).collect();
    printed.extend(mimic_lines.iter().filter_map(|l| l.statement));
    doc.summary(Section::new(Heading::Custom("The nerve named".into()), mimic_lines.iter().take(2).cloned().collect()));
    let anatomy_topic = routing.topic.is_none_or(|t| t.applies.0 == "population.anatomy")
        || !e.zones.is_empty()
        || has("question.localization");
    let level_lines: Vec<Line> =
        level_lines.into_iter().filter(|l| l.statement.is_none_or(|s| !printed.contains(&s))).collect();
    if anatomy_topic {
        doc.summary(Section::new(Heading::Custom("The level named".into()), level_lines.clone()));
    }
    if let Some(topic) = routing.topic {
        key.extend(topic.section.iter().filter_map(|s| {
            s.statements
                .iter()
                .find(|id| !printed.contains(id))
                .map(|id| Line::led(Lead::Label(s.heading.to_string()), Some(*id)))
        }));
    }
    key.retain(|l| l.statement.is_none_or(|s| !printed.contains(&s)));
    doc.summary(Section::new(Heading::Custom("Key points".into()), key));
    if let Some(topic) = routing.topic {
        doc.summary(Section::new(
            Heading::Custom("Pitfall".into()),
            topic.pitfalls.iter().take(1).map(|id| Line::statement(*id)).collect(),
        ));
    }
    if !anatomy_topic {
        doc.summary(Section::new(Heading::Custom("The level named".into()), level_lines));
    }
    doc.detail(Section::new(
        Heading::Custom("The nerve named, in full".into()),
        mimic_lines.into_iter().skip(2).collect(),
    ));

    // The evidence in full.
    if let Some(topic) = routing.topic {
        for section in topic.section.iter() {
            doc.detail(Section::new(
                Heading::Topic(section.heading.0),
                section.statements.iter().skip(1).map(|id| Line::statement(*id)).collect(),
            ));
        }
        doc.detail(Section::new(
            Heading::Custom("Pitfalls".into()),
            topic.pitfalls.iter().skip(1).map(|id| Line::statement(*id)).collect(),
        ));
    }
    if let Some(loc) = run.localization.as_ref().filter(|_| full) {
        // The full ranking and the other tests (the first test and the leaders are above).
        let l = crate::anatomy::localization_document(kb, loc);
        doc.detail.extend(l.detail.into_iter().filter(|s| s.heading != Heading::RedFlags));
    }
    if let (Some(d), Some(f), true) = (&run.differential, &run.imaging, full) {
        // Each heading once: the full ranking replaces the summary's shorter one.
        let i = crate::imaging::differential_document(kb, f, d);
        let full: Vec<Heading> = i.detail.iter().map(|s| s.heading.clone()).collect();
        doc.detail.extend(i.summary.into_iter().filter(|s| !full.contains(&s.heading)).chain(i.detail));
    }
    if let Some(p) = run.plan.as_ref().filter(|_| full) {
        doc.detail(Section::new(Heading::RedFlags, red_flag_lines(kb, &p.red_flags)));
        let pd = crate::pathway::pathway_document(kb, p, e.case.history.weeks, e.case.patient.weight_kg, explain);
        doc.detail.extend(pd.summary.into_iter().chain(pd.detail).filter(|s| s.heading != Heading::RedFlags));
    }

    // What was not used or not covered.
    if !e.not_used.is_empty() {
        doc.notices.push(Line::led(Lead::Finding(format!("not used: {}", e.not_used.join(", "))), None));
    }
    if !e.corrections.is_empty() {
        let read: Vec<String> = e.corrections.iter().map(|c| format!("`{}` as `{}`", c.written, c.read_as)).collect();
        doc.notices.push(Line::led(Lead::Trace(format!("read {}", read.join(", "))), None));
    }
    if !e.negated.is_empty() {
        doc.notices.push(Line::led(Lead::Trace(format!("read as absent: {}", e.negated.join(", "))), None));
    }
    for problem in &run.problems {
        doc.notices.push(Line::led(Lead::Finding(format!("not used: {problem}")), None));
    }
    if let Some(p) = &run.plan {
        doc.notices.extend(coverage_notices(&p.coverage));
    }
    if let Some(loc) = &run.localization {
        doc.notices.extend(crate::anatomy::not_counted_notices(loc));
    }
    if explain {
        doc.detail(Section::new(
            Heading::Why,
            trace.iter().map(|t| Line::led(Lead::Trace(format!("{}: {}", t.rule, t.detail)), None)).collect(),
        ));
    }

    let recognized = Recognized { terms, levels: e.levels.clone(), clarifications: e.clarifications.clone(), trace };
    let answer = Answer {
        question: question.to_string(),
        topic: routing.topic.map(|t| t.id.0),
        case: e.case.clone(),
        extracted: e,
        recognized,
        skipped: routing.skipped,
        localization: run.localization,
        differential: run.differential,
        pathway: run.plan,
    };
    Some((doc, answer))
}

/// Words a line prints as terminal text: its lead, its statement, one token of citation
/// numbers and the kind of evidence (as [`crate::render`] writes them).
fn line_words(kb: &KnowledgeBase, line: &Line) -> usize {
    let lead = line.lead.as_ref().map_or(0, |l| l.text().split_whitespace().count());
    let statement = line.statement.and_then(|id| kb.statement(id.0)).map_or(0, |s| {
        let tag = crate::render::evidence_tag(s).map_or(0, |t| t.split_whitespace().count());
        s.text.split_whitespace().count() + usize::from(!s.cites.is_empty()) + tag
    });
    lead + statement
}

/// The document cut to its one-screen budget for terminal text, dropping lines in the order
/// the renderer does (summary sections from the end, then extra notices, then answer lines
/// after the first; never alerts), so the renderer writes it once instead of once per line
/// dropped. Words are counted as [`crate::render::word_count`] counts the written text,
/// references and footer excepted. The full document still goes to `--detail` and JSON.
pub fn fit_summary(kb: &KnowledgeBase, doc: Document) -> Document {
    let mut fitted = doc;
    let Some(budget) = fitted.kind.budget() else { return fitted };
    let words = |lines: &[Line], bullet: usize| lines.iter().map(|l| bullet + line_words(kb, l)).collect::<Vec<_>>();
    let heading = |s: &Section| s.heading.text().split_whitespace().count();
    let mut sections: Vec<Vec<usize>> = fitted.summary.iter().map(|s| words(&s.lines, 1)).collect();
    let mut notices = words(&fitted.notices, 1);
    let mut answer = words(&fitted.answer, 0);
    let mut total = fitted.title.split_whitespace().count()
        + 1
        + words(&fitted.alerts, 0).iter().sum::<usize>()
        + answer.iter().sum::<usize>()
        + if answer.is_empty() { 0 } else { 2 }
        + fitted
            .summary
            .iter()
            .zip(&sections)
            .filter(|(_, w)| !w.is_empty())
            .map(|(s, w)| heading(s) + w.iter().sum::<usize>())
            .sum::<usize>()
        + if notices.is_empty() { 0 } else { 2 + notices.iter().sum::<usize>() };
    while total > budget {
        if let Some(i) = sections.iter().rposition(|w| !w.is_empty()) {
            total -= sections[i].pop().unwrap_or(0);
            fitted.summary[i].lines.pop();
            if sections[i].is_empty() {
                total -= heading(&fitted.summary[i]);
            }
        } else if notices.len() > 1 {
            total -= notices.pop().unwrap_or(0);
            fitted.notices.pop();
        } else if answer.len() > 1 {
            total -= answer.pop().unwrap_or(0);
            fitted.answer.pop();
        } else {
            break;
        }
    }
    fitted.summary.retain(|s| !s.lines.is_empty());
    fitted
}

/// Whether a candidate is a root, for callers that list the localization's roots.
pub fn is_root(kind: CandidateKind) -> bool {
    kind == CandidateKind::Root
}

/// What radiculo covers, for declining an out-of-scope question.
pub fn coverage(kb: &KnowledgeBase) -> Vec<&'static str> {
    let topics: &'static [Topic] = kb.topics.0;
    topics.iter().map(|t| t.title.0).collect()
}

/// Statement ids a topic prints, in order (bottom line, sections, pitfalls).
pub fn topic_statements(topic: &Topic) -> Vec<StatementId> {
    let mut out: Vec<StatementId> = topic.bottom_line.to_vec();
    for s in topic.section.iter() {
        out.extend(s.statements.iter().copied());
    }
    out.extend(topic.pitfalls.iter().copied());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kb() -> &'static KnowledgeBase {
        radiculo_knowledge::baked()
    }

    #[test]
    fn level_tokens_skip_units_and_sequences() {
        let tokens: Vec<&str> =
            crate::extract::level_tokens("Is this L4 or L5? (L4-5, L4/L5)").into_iter().map(|(_, t)| t).collect();
        assert_eq!(tokens, ["L4", "L5", "L4-5", "L4/L5"]);
        let tokens: Vec<&str> =
            crate::extract::level_tokens("T1-weighted MRI, 0.5 mg/kg, CD4").into_iter().map(|(_, t)| t).collect();
        assert_eq!(tokens, ["CD4"]);
    }

    #[test]
    fn out_of_scope_questions_are_declined() {
        assert!(ask(kb(), "What is the first-line preventive therapy for migraine?", false).is_none());
    }

    #[test]
    fn red_flags_in_the_question_come_first() {
        let (doc, _) = ask(
            kb(),
            "Patient with saddle anaesthesia and urinary retention after disc herniation - what do I do?",
            false,
        )
        .expect("in scope");
        let first = doc.alerts.first().and_then(|l| l.lead.as_ref()).map(|l| l.text().to_string()).unwrap_or_default();
        assert!(first.starts_with("EMERGENCY"), "{first}");
    }
}
