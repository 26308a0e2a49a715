//! Documents for `radiculo root` and `radiculo localize`.

use radiculo_anatomy::localize::{Confidence, Localization};
use radiculo_anatomy::{Disc, Region, Root, Vertebra};
use radiculo_kb::{KnowledgeBase, StatementId};
use serde::Serialize;

use crate::render::{Document, Item, Section};

/// How a disc relates to a root.
#[derive(Debug, Clone, Serialize)]
pub struct DiscRelation {
    /// The disc, e.g. `L4-5`.
    pub disc: String,
    /// The herniation zones that reach the root there.
    pub zones: &'static str,
    /// `traversing` or `exiting`.
    pub relation: &'static str,
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

/// Where discs meet a root: computed from the exit convention (cervical roots exit above
/// their vertebra, thoracic and lumbar below).
pub fn disc_relations(root: Root) -> Vec<DiscRelation> {
    let mut out = Vec::new();
    for disc in discs() {
        if disc.region() == Region::Cervical {
            if disc.exiting_root() == root {
                out.push(DiscRelation { disc: disc.to_string(), zones: "any zone", relation: "exiting" });
            }
            continue;
        }
        if disc.traversing_root() == root {
            out.push(DiscRelation {
                disc: disc.to_string(),
                zones: "central, paracentral or subarticular",
                relation: "traversing",
            });
        }
        if disc.exiting_root() == root {
            out.push(DiscRelation {
                disc: disc.to_string(),
                zones: "foraminal or extraforaminal",
                relation: "exiting",
            });
        }
    }
    out
}

/// Why a root has no card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoCard {
    /// The root asked for.
    pub root: Root,
    /// The roots that have cards.
    pub available: Vec<String>,
}

/// The card of `root`: its dermatome, muscles, reflexes, pain and the discs that compress it.
pub fn root_card(kb: &KnowledgeBase, root: Root) -> Result<(Document, RootCardResult), NoCard> {
    let Some(card) = kb.root(&root.id()) else {
        let mut available: Vec<Root> = Root::ALL.iter().copied().filter(|r| kb.root(&r.id()).is_some()).collect();
        available.sort();
        return Err(NoCard { root, available: available.iter().map(Root::to_string).collect() });
    };
    let relations = disc_relations(root);
    let mut sections = Vec::new();
    for (heading, ids) in [
        ("Dermatome and key sensory point", card.sensory),
        ("Muscles and actions", card.motor),
        ("Reflexes", card.reflexes),
        ("Pain", card.pain),
    ] {
        sections.push(Section::new(heading, ids.iter().map(|id| Item::statements([*id])).collect()));
    }
    let mut compression: Vec<Item> = relations
        .iter()
        .map(|r| Item::led(format!("{} disc, {} herniation: {root} is the {} root", r.disc, r.zones, r.relation), []))
        .collect();
    compression.extend(card.compression.iter().map(|id| Item::statements([*id])));
    sections.push(Section::new("Discs and zones that compress it", compression));
    let doc = Document { title: format!("{root} nerve root"), sections };
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

/// Candidates with a smaller share are left out of text (JSON keeps them all).
const SHOWN_SCORE: f64 = 0.02;

/// The localization as a document: red flags first, then candidates, confidence and tests.
pub fn localization_document(kb: &KnowledgeBase, loc: &Localization) -> Document {
    let name = |id: &str| kb.mimic(id).map_or_else(|| id.to_uppercase(), |m| m.label.to_string());
    let mut sections = Vec::new();
    let flags = loc.red_flags.iter().map(|f| (f.triage, f.suspect, f.flag, f.statements.as_slice()));
    sections.push(Section::alert("Red flags", crate::pathway::red_flag_items(kb, flags)));
    sections.push(Section::new(
        "Likely roots and mimics",
        loc.candidates
            .iter()
            .filter(|c| c.score >= SHOWN_SCORE)
            .map(|c| {
                let mut statements: Vec<StatementId> = Vec::new();
                for e in c.supporting.iter().chain(&c.opposing) {
                    if !statements.contains(&e.statement) {
                        statements.push(e.statement);
                    }
                }
                let mut details: Vec<String> = c.supporting.iter().map(|e| format!("for: {}", e.finding)).collect();
                details.extend(c.opposing.iter().map(|e| format!("against: {}", e.finding)));
                Item::led(format!("{} ({:.3})", c.label, c.score), statements).with_details(details)
            })
            .collect(),
    ));
    let confidence = match loc.confidence {
        Confidence::High => "high",
        Confidence::Moderate => "moderate",
        Confidence::Low => "low: too few or conflicting findings to settle the root; do the tests below",
    };
    sections.push(Section::new("Confidence", vec![Item::led(confidence, [])]));
    sections.push(Section::new(
        "Next discriminating tests",
        loc.next_tests
            .iter()
            .map(|t| {
                let names: Vec<String> = t.separates.iter().map(|id| name(id)).collect();
                let what = if names.len() > 1 {
                    format!("separates {}", names.join(" from "))
                } else {
                    format!("would confirm {}", names.join(""))
                };
                Item::led(format!("test {} ({what})", t.label), t.statements.clone())
            })
            .collect(),
    ));
    sections.push(Section::new(
        "When electrodiagnosis would decide",
        if loc.edx.is_empty() { Vec::new() } else { vec![Item::statements(loc.edx.clone())] },
    ));
    sections.push(Section::new("Cautions", loc.caveats.iter().map(|id| Item::statements([*id])).collect()));
    sections.push(Section::new("Not counted", loc.not_counted.iter().map(|n| Item::led(n.clone(), [])).collect()));
    let title = match loc.candidates.first() {
        Some(top) if loc.red_flags.is_empty() => format!("Localization: {} most likely", top.label),
        Some(top) => format!("Localization: red flags first, then {} most likely", top.label),
        None => "Localization: no candidate fits these findings".to_string(),
    };
    Document { title, sections }
}
