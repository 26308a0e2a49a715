//! Documents for `radiculo root` and `radiculo localize`.

use radiculo_anatomy::localize::{Candidate, CandidateKind, Confidence, Localization, NotCountedReason};
use radiculo_anatomy::{Disc, Region, Root, Vertebra};
use radiculo_kb::ranking::Tier;
use radiculo_kb::{KnowledgeBase, RootRelation, StatementId, Zone};
use serde::Serialize;

use crate::document::{Document, Heading, Kind, Lead, Line, Section};
use crate::lines::{alerts, rank_words, red_flag_lines};

/// How a disc relates to a root.
#[derive(Debug, Clone, Serialize)]
pub struct DiscRelation {
    /// The disc, e.g. `L4-5`.
    pub disc: String,
    /// The herniation zones that reach the root there.
    pub zones: Vec<Zone>,
    /// Traversing or exiting.
    pub relation: RootRelation,
    /// The statement behind the rule.
    pub statement: StatementId,
}

/// The structured part of a root card, for JSON.
#[derive(Debug, Clone, Serialize)]
pub struct RootCardResult {
    /// The root, e.g. `L5`.
    pub root: String,
    /// Statement ids by section.
    pub sensory: Vec<StatementId>,
    /// Statement ids by section.
    pub motor: Vec<StatementId>,
    /// Statement ids by section.
    pub reflexes: Vec<StatementId>,
    /// Statement ids by section.
    pub pain: Vec<StatementId>,
    /// Statement ids by section.
    pub compression: Vec<StatementId>,
    /// Discs where the root can be compressed, and how.
    pub discs: Vec<DiscRelation>,
}

/// Every disc from C2-3 to L5-S1.
fn discs() -> Vec<Disc> {
    let mut out = Vec::new();
    for region in [Region::Cervical, Region::Thoracic, Region::Lumbar] {
        for n in 1..=region.vertebrae() {
            if let Some(disc) = Vertebra::new(region, n).and_then(Disc::below) {
                out.push(disc);
            }
        }
    }
    out
}

/// Where discs meet a root, by the knowledge base's zone rules.
pub fn disc_relations(kb: &KnowledgeBase, root: Root) -> Vec<DiscRelation> {
    let mut out: Vec<DiscRelation> = Vec::new();
    for disc in discs() {
        for zone in Zone::ALL {
            let Some(rule) = kb.zone(disc.region().scope(), zone) else { continue };
            let compressed = match rule.compresses {
                RootRelation::Traversing => disc.traversing_root(),
                RootRelation::Exiting => disc.exiting_root(),
            };
            if compressed != root {
                continue;
            }
            let disc_name = disc.to_string();
            match out.iter_mut().find(|d| d.disc == disc_name && d.relation == rule.compresses) {
                Some(d) => d.zones.push(zone),
                None => out.push(DiscRelation {
                    disc: disc_name,
                    zones: vec![zone],
                    relation: rule.compresses,
                    statement: rule.statement,
                }),
            }
        }
    }
    out
}

/// Why a root has no card.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("radiculo has no card for {root} yet; cards exist for {}", available.join(", "))]
pub struct NoCard {
    /// The root asked for.
    pub root: Root,
    /// The roots that have cards.
    pub available: Vec<String>,
}

/// The card of `root`: its dermatome, muscles, reflexes, pain and the discs that compress it.
///
/// # Errors
/// [`NoCard`] when the knowledge base has no card for the root.
pub fn root_card(kb: &KnowledgeBase, root: Root) -> Result<(Document, RootCardResult), NoCard> {
    let Some(card) = kb.root(&root.id()) else {
        let mut available: Vec<Root> = Root::ALL.iter().copied().filter(|r| kb.root(&r.id()).is_some()).collect();
        available.sort();
        return Err(NoCard { root, available: available.iter().map(Root::to_string).collect() });
    };
    let relations = disc_relations(kb, root);
    let mut doc = Document::new(Kind::Reference, format!("{root} nerve root"));
    for (heading, ids) in [
        (Heading::Sensory, card.sensory),
        (Heading::Motor, card.motor),
        (Heading::Reflexes, card.reflexes),
        (Heading::Pain, card.pain),
    ] {
        doc.summary(Section::new(heading, ids.iter().map(|id| Line::statement(*id)).collect()));
    }
    let mut compression: Vec<Line> = relations
        .iter()
        .map(|r| {
            let zones: Vec<&str> = r.zones.iter().map(|z| z.name()).collect();
            let relation = match r.relation {
                RootRelation::Traversing => "traversing",
                RootRelation::Exiting => "exiting",
            };
            Line::led(
                Lead::Label(format!(
                    "{} disc, {} herniation: {root} is the {relation} root",
                    r.disc,
                    zones.join(" or ")
                )),
                Some(r.statement),
            )
        })
        .collect();
    compression.extend(card.compression.iter().map(|id| Line::statement(*id)));
    doc.summary(Section::new(Heading::Compression, compression));
    let result = RootCardResult {
        root: root.to_string(),
        sensory: card.sensory.to_vec(),
        motor: card.motor.to_vec(),
        reflexes: card.reflexes.to_vec(),
        pain: card.pain.to_vec(),
        compression: card.compression.to_vec(),
        discs: relations,
    };
    Ok((doc, result))
}

/// A candidate's name with its side: `L5 (left)`.
pub fn candidate_name(c: &Candidate) -> String {
    match c.side {
        Some(side) if c.kind != CandidateKind::Pattern || side != radiculo_anatomy::Side::Bilateral => {
            format!("{} ({side})", c.label)
        }
        _ => c.label.clone(),
    }
}

/// The strongest statement behind a candidate: the supporting finding with the largest weight.
fn best_statement(c: &Candidate) -> Option<StatementId> {
    c.supporting
        .iter()
        .filter(|e| e.statement.is_some())
        .max_by(|a, b| a.log_lr.total_cmp(&b.log_lr))
        .and_then(|e| e.statement)
}

/// A candidate as a line: name and rank words, the statement behind its best finding, and
/// the findings for and against as notes.
pub fn candidate_line(kb: &KnowledgeBase, c: &Candidate) -> Line {
    let mut notes: Vec<String> =
        c.supporting.iter().map(|e| format!("for: {} (log-LR {:+.2})", e.finding, e.log_lr)).collect();
    notes.extend(c.opposing.iter().map(|e| format!("against: {} (log-LR {:+.2})", e.finding, e.log_lr)));
    ranked_line(kb, c).with_notes(notes)
}

/// A candidate as a line without its notes, for lines whose notes are never printed.
fn ranked_line(kb: &KnowledgeBase, c: &Candidate) -> Line {
    let mut support: Vec<StatementId> = c.supporting.iter().chain(&c.opposing).filter_map(|e| e.statement).collect();
    if c.kind == CandidateKind::Pattern
        && let Some(p) = kb.pattern(c.id.0)
    {
        support.extend(p.statements.iter().copied());
    }
    let statement = best_statement(c).or_else(|| support.first().copied());
    support.retain(|s| Some(*s) != statement);
    support.dedup();
    Line::led(Lead::Rank(format!("{}: {}", candidate_name(c), rank_words(&c.rank))), statement).with_support(support)
}

fn confidence_word(c: Confidence) -> &'static str {
    match c {
        Confidence::High => "high",
        Confidence::Moderate => "moderate",
        Confidence::Low => "low",
    }
}

/// The candidates at the top (the leader and any tied with it).
pub fn leaders(loc: &Localization) -> Vec<&Candidate> {
    loc.candidates.iter().take_while(|c| c.rank.rank == 1).collect()
}

/// The direct answer of a localization: the leader(s), with the confidence. The answer of a
/// document never prints notes, so the lines have none.
pub fn answer_lines(kb: &KnowledgeBase, loc: &Localization) -> Vec<Line> {
    leading_lines(kb, loc, ranked_line)
}

/// [`answer_lines`] with each leader's findings for and against as notes, for lines that may
/// land in a section (where `--detail` prints them).
pub fn answer_lines_with_evidence(kb: &KnowledgeBase, loc: &Localization) -> Vec<Line> {
    leading_lines(kb, loc, candidate_line)
}

fn leading_lines(kb: &KnowledgeBase, loc: &Localization, line: fn(&KnowledgeBase, &Candidate) -> Line) -> Vec<Line> {
    let top = leaders(loc);
    if top.is_empty() {
        return vec![Line::led(Lead::Label("no candidate fits these findings".into()), None)];
    }
    let mut lines: Vec<Line> = top.iter().map(|c| line(kb, c)).collect();
    if let Some(first) = lines.first_mut()
        && let Some(Lead::Rank(text)) = &mut first.lead
    {
        text.push_str(&format!("; confidence {}", confidence_word(loc.confidence)));
    }
    lines
}

/// The next discriminating tests as lines.
pub fn next_test_lines(loc: &Localization) -> impl Iterator<Item = Line> + '_ {
    loc.next_tests.iter().map(|t| {
        let names: Vec<String> = t
            .separates
            .iter()
            .map(|id| loc.candidates.iter().find(|c| c.id == *id).map_or_else(|| id.0.to_uppercase(), candidate_name))
            .collect();
        let what = if names.len() > 1 {
            format!("separates {}", names.join(" from "))
        } else {
            format!("would confirm {}", names.join(""))
        };
        let mut statements = t.statements.iter().copied();
        Line::led(Lead::Label(format!("test {} ({what})", t.label)), statements.next()).with_support(statements)
    })
}

/// Findings left out of the scoring, as notices.
pub fn not_counted_notices(loc: &Localization) -> Vec<Line> {
    loc.not_counted
        .iter()
        .filter(|n| n.reason != NotCountedReason::RedFlag)
        .map(|n| {
            let why = match n.reason {
                NotCountedReason::Untested => "not gradable, so it counts neither for nor against any candidate",
                NotCountedReason::NoSign => "no sign of the knowledge base relates it to a root or nerve",
                NotCountedReason::RedFlag => "a red flag, shown first",
            };
            Line::led(Lead::Finding(format!("not counted: {} ({why})", n.finding)), None)
        })
        .collect()
}

/// The localization as a document: red flags first, the leading candidates, the next test,
/// the others worth considering; the full ranking and evidence with `--detail`.
pub fn localization_document(kb: &KnowledgeBase, loc: &Localization) -> Document {
    let top = leaders(loc);
    let names: Vec<String> = top.iter().map(|c| candidate_name(c)).collect();
    let title = match (names.as_slice(), loc.red_flags.first()) {
        ([], _) => "Localization: no candidate fits these findings".to_string(),
        (_, Some(flag)) => format!(
            "Localization: {} red flag first; then {}",
            crate::lines::triage_word(flag.triage),
            names.join(" or ")
        ),
        ([one], None) => format!("Localization: {one} leading"),
        (many, None) => format!("Localization: tie between {}", many.join(" and ")),
    };
    let mut doc = Document::new(Kind::Command, title);
    doc.alerts = alerts(kb, &loc.red_flags);
    doc.answer = answer_lines(kb, loc);
    doc.summary(Section::new(Heading::NextTest, next_test_lines(loc).take(1).collect()));
    // Tiers fall with rank, so the runners-up worth considering come first; at most 3 on one
    // screen, the rest with --detail.
    let runners_up: Vec<&Candidate> = loc.candidates.iter().filter(|c| c.rank.rank > 1).collect();
    let on_screen = runners_up.iter().take(3).take_while(|c| c.rank.tier == Tier::Consider).count();
    let (shown, rest) = runners_up.split_at(on_screen);
    doc.summary(Section::new(Heading::Ranking, shown.iter().map(|c| candidate_line(kb, c)).collect()));
    doc.detail(Section::new(Heading::RedFlags, red_flag_lines(kb, &loc.red_flags)));
    doc.detail(Section::new(Heading::Ranking, rest.iter().map(|c| candidate_line(kb, c)).collect()));
    doc.detail(Section::new(Heading::NextTest, next_test_lines(loc).skip(1).collect()));
    doc.detail(Section::new(Heading::Electrodiagnosis, loc.edx.iter().map(|id| Line::statement(*id)).collect()));
    doc.detail(Section::new(Heading::Cautions, loc.caveats.iter().map(|id| Line::statement(*id)).collect()));
    doc.notices = not_counted_notices(loc);
    doc
}
