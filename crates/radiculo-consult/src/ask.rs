//! `radiculo ask`: a deterministic router from a free-text question to a knowledge-base topic,
//! parameterized by the spinal level the question names.
//!
//! It recognises `question.*` vocabulary terms as phrases, and level notation (`L4`, `L4-5`,
//! `M4-5`) with the anatomy notation parser, so impossible notation is clarified before the
//! answer. A question with no nerve-root term and no level is out of scope: it is declined,
//! never answered with a best guess.

use radiculo_anatomy::{Level, NotationError, Region, Root};
use radiculo_kb::{KnowledgeBase, RootRelation, StatementId, Topic, Zone};
use serde::Serialize;

use crate::document::{Document, Heading, Kind, Lead, Line, Section};

/// Question terms that place a question inside radiculo's scope; intents such as "causes" or
/// "treatment" alone do not.
pub const DOMAIN_TERMS: &[&str] = &[
    "question.enhancement",
    "question.impingement",
    "question.radiculopathy",
    "question.herniation",
    "question.localization",
    "question.injection",
    "question.nerve-root",
];

/// A step of the router's reasoning, for `--explain` and JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TraceStep {
    /// The rule applied.
    pub rule: &'static str,
    /// What it was applied to, and what it gave.
    pub detail: String,
}

/// What the router found in a question.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Recognized {
    /// `question.*` terms, in vocabulary order.
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

/// Lowercase words separated by single spaces, with hyphens and slashes read as spaces.
fn words(text: &str) -> String {
    let cleaned: String =
        text.chars().map(|c| if c.is_alphanumeric() || c == '\'' { c.to_ascii_lowercase() } else { ' ' }).collect();
    format!(" {} ", cleaned.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Whether `t` is shaped like level notation: 1-2 letters and 1-2 digits, optionally a
/// separator and 0-2 letters and 1-2 digits (`L4`, `L4-5`, `L4/L5`, `T12-L1`, `M4-5`).
fn looks_like_level(t: &str) -> bool {
    fn part(s: &str, min_letters: usize) -> Option<&str> {
        let letters = s.chars().take_while(char::is_ascii_alphabetic).count();
        let digits = s[letters..].chars().take_while(char::is_ascii_digit).count();
        ((min_letters..=2).contains(&letters) && (1..=2).contains(&digits)).then(|| &s[letters + digits..])
    }
    let Some(rest) = part(t, 1) else { return false };
    if rest.is_empty() {
        return true;
    }
    let Some(sep) = rest.chars().next().filter(|c| matches!(c, '-' | '/' | '–')) else { return false };
    part(&rest[sep.len_utf8()..], 0).is_some_and(str::is_empty)
}

/// Tokens that look like level notation.
fn level_tokens(text: &str) -> Vec<&str> {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '?' | '!' | '(' | ')' | '"' | '\''))
        .map(|t| t.trim_end_matches(['.', ':']))
        .filter(|t| looks_like_level(t))
        .collect()
}

const REGION_WORDS: &[(&str, Region)] = &[
    ("cervical", Region::Cervical),
    ("thoracic", Region::Thoracic),
    ("lumbar", Region::Lumbar),
    ("sacral", Region::Sacral),
];

/// Finds the question terms and levels of `question`.
pub fn recognize(kb: &KnowledgeBase, question: &str) -> Recognized {
    let mut r = Recognized::default();
    let text = words(question);
    let terms: &'static [radiculo_kb::Term] = kb.terms.0;
    for term in terms.iter().filter(|t| t.id.0.starts_with("question.")) {
        let hit = std::iter::once(term.label.0)
            .chain(term.synonyms.iter().map(|s| s.0))
            .find(|name| text.contains(&words(name)));
        if let Some(name) = hit {
            r.terms.push(term.id.0);
            r.trace.push(TraceStep { rule: "recognise term", detail: format!("`{name}` -> {}", term.id) });
        }
    }
    let regions: Vec<Region> =
        REGION_WORDS.iter().filter(|(w, _)| text.contains(&format!(" {w} "))).map(|(_, r)| *r).collect();
    for token in level_tokens(question) {
        match token.parse::<Level>() {
            Ok(level) => {
                if !r.levels.contains(&level) {
                    r.trace.push(TraceStep { rule: "recognise level", detail: format!("`{token}` -> {level}") });
                    r.levels.push(level);
                }
            }
            Err(NotationError::UnknownPrefix { input, prefix }) if token.contains(['-', '/', '–']) => {
                let readings = readings(token, &prefix);
                let mut message = NotationError::UnknownPrefix { input, prefix }.to_string();
                if !readings.is_empty() {
                    message.push_str(&format!("; the same numbers name {}", readings.join(", ")));
                }
                r.trace.push(TraceStep { rule: "clarify notation", detail: message.clone() });
                r.clarifications.push(message);
            }
            Err(e @ (NotationError::NoSuchLevel { .. } | NotationError::NotAdjacent { .. })) => {
                r.trace.push(TraceStep { rule: "clarify notation", detail: e.to_string() });
                r.clarifications.push(e.to_string());
            }
            Err(_) => {}
        }
    }
    for level in &r.levels {
        let region = match level {
            Level::Segment(root) => root.region(),
            Level::Disc(disc) => disc.region(),
        };
        for stated in regions.iter().filter(|s| **s != region) {
            let e = NotationError::RegionMismatch { level: *level, stated: *stated };
            r.trace.push(TraceStep { rule: "clarify region", detail: e.to_string() });
            r.clarifications.push(e.to_string());
        }
    }
    if !r.clarifications.is_empty() && r.levels.is_empty() {
        for stated in &regions {
            let note = format!("the question names the {} region", stated.name());
            r.trace.push(TraceStep { rule: "note region", detail: note.clone() });
            r.clarifications.push(note);
        }
    }
    r
}

/// The discs the digits of `token` would name under each real region prefix.
fn readings(token: &str, prefix: &str) -> Vec<String> {
    let digits = &token[prefix.len()..];
    [Region::Cervical, Region::Thoracic, Region::Lumbar]
        .iter()
        .filter_map(|region| {
            let candidate = format!("{}{digits}", region.prefix());
            candidate.parse::<Level>().ok().map(|l| format!("{l} ({})", region.name()))
        })
        .collect()
}

/// Whether the question is about spinal nerve roots at all.
pub fn in_scope(r: &Recognized) -> bool {
    !r.levels.is_empty() || !r.clarifications.is_empty() || r.terms.iter().any(|t| DOMAIN_TERMS.contains(t))
}

/// The topic that answers best: every `requires` term recognised, most `requires` and
/// `prefers` matched, then the lowest id.
pub fn route(kb: &KnowledgeBase, r: &mut Recognized) -> Option<&'static Topic> {
    let mut best: Option<(&'static Topic, usize)> = None;
    let topics: &'static [Topic] = kb.topics.0;
    for topic in topics {
        if topic.requires.is_empty() || !topic.requires.iter().all(|t| r.terms.contains(&t.0)) {
            continue;
        }
        let score = 10 * topic.requires.len() + topic.prefers.iter().filter(|t| r.terms.contains(&t.0)).count();
        if best.is_none_or(|(_, s)| score > s) {
            best = Some((topic, score));
        }
    }
    if let Some((topic, score)) = best {
        r.trace.push(TraceStep { rule: "choose topic", detail: format!("{} (score {score})", topic.id) });
    }
    best.map(|(t, _)| t)
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
    /// The topic that answers it.
    pub topic: &'static str,
    /// What was recognised, with the reasoning.
    pub recognized: Recognized,
}

/// The lines a named level brings: for a disc, which root each zone compresses; for each
/// root, its key sensory point, key muscle and reflex.
fn level_lines(kb: &KnowledgeBase, levels: &[Level]) -> (Vec<Line>, Vec<Root>) {
    let mut lines = Vec::new();
    let mut roots: Vec<Root> = Vec::new();
    for level in levels {
        if let Level::Disc(disc) = level {
            for zone in [Zone::Paracentral, Zone::Foraminal] {
                if let Some(rule) = kb.zone(disc.region().scope(), zone) {
                    let root = match rule.compresses {
                        RootRelation::Traversing => disc.traversing_root(),
                        RootRelation::Exiting => disc.exiting_root(),
                    };
                    lines.push(Line::led(
                        Lead::Label(format!("{disc}, {zone} herniation: {root}")),
                        Some(rule.statement),
                    ));
                }
            }
        }
        for root in level_roots(*level) {
            if !roots.contains(&root) {
                roots.push(root);
            }
        }
    }
    for root in &roots {
        let Some(card) = kb.root(&root.id()) else { continue };
        for ids in [card.sensory, card.motor, card.reflexes] {
            if let Some(first) = ids.first() {
                lines.push(Line::led(Lead::Label(root.to_string()), Some(*first)));
            }
        }
    }
    (lines, roots)
}

/// The answer document: clarifications first, then the topic's bottom line, the key line of
/// each section, the levels named; sections and pitfalls in full with `--detail`.
pub fn answer(
    kb: &KnowledgeBase,
    question: &str,
    topic: &'static Topic,
    r: Recognized,
    explain: bool,
) -> (Document, Answer) {
    let (levels, roots) = level_lines(kb, &r.levels);
    let names: Vec<String> = roots.iter().map(Root::to_string).collect();
    let title =
        if names.is_empty() { topic.title.to_string() } else { format!("{} ({})", topic.title, names.join(", ")) };
    let mut doc = Document::new(Kind::Ask, title);
    doc.alerts = r.clarifications.iter().map(|c| Line::led(Lead::Label(c.clone()), None)).collect();
    doc.answer = topic.bottom_line.iter().map(|id| Line::statement(*id)).collect();
    doc.summary(Section::new(Heading::Custom("The level named".into()), levels));
    let key: Vec<Line> = topic
        .section
        .iter()
        .filter_map(|s| s.statements.first().map(|id| Line::led(Lead::Label(s.heading.to_string()), Some(*id))))
        .collect();
    doc.summary(Section::new(Heading::Custom("Key points".into()), key));
    doc.summary(Section::new(
        Heading::Custom("Pitfall".into()),
        topic.pitfalls.iter().take(1).map(|id| Line::statement(*id)).collect(),
    ));
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
    if explain {
        doc.detail(Section::new(
            Heading::Why,
            r.trace.iter().map(|t| Line::led(Lead::Trace(format!("{}: {}", t.rule, t.detail)), None)).collect(),
        ));
    }
    (doc, Answer { question: question.to_string(), topic: topic.id.0, recognized: r })
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

    #[test]
    fn level_tokens_skip_units_and_sequences() {
        assert_eq!(level_tokens("Is this L4 or L5? (L4-5, L4/L5)"), ["L4", "L5", "L4-5", "L4/L5"]);
        assert_eq!(level_tokens("T1-weighted MRI, 0.5 mg/kg, CD4"), ["CD4"]);
        assert_eq!(level_tokens("M4-5 derm (thoracic)"), ["M4-5"]);
    }

    #[test]
    fn readings_of_unknown_prefixes() {
        assert_eq!(readings("M4-5", "M"), ["C4-5 (cervical)", "T4-5 (thoracic)", "L4-5 (lumbar)"]);
    }

    #[test]
    fn words_are_lowercased_and_padded() {
        assert_eq!(words("Post-contrast ENHANCEMENT?"), " post contrast enhancement ");
    }
}
