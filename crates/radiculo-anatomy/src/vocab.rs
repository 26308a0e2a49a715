//! Reading clinicians' words ("knee jerk", "foot drop", "EHL") as vocabulary terms of the
//! knowledge base, with "did you mean" suggestions for words it does not know.

use core::fmt;

use radiculo_kb::suggest::{or_list, order};
use radiculo_kb::{KnowledgeBase, Term};

/// The kinds of term user input may name; a term's kind is the first segment of its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TermKind {
    /// A movement tested for strength (`action.*`).
    Action,
    /// A tendon reflex (`reflex.*`).
    Reflex,
    /// A body area for numbness or pain (`area.*`).
    Area,
    /// An examination sign (`sign.*`).
    Sign,
    /// A red flag (`red-flag.*`).
    RedFlag,
    /// An imaging finding (`imaging.*`).
    Imaging,
    /// Clinical context (`context.*`).
    Context,
    /// A psychosocial risk factor (`yellow-flag.*`).
    YellowFlag,
    /// A contraindication (`contraindication.*`).
    Contraindication,
    /// A medicine (`drug.*`).
    Drug,
    /// A word of a question (`question.*`).
    Question,
}

impl TermKind {
    /// The id prefix of terms of this kind.
    pub fn prefix(self) -> &'static str {
        match self {
            TermKind::Action => "action.",
            TermKind::Reflex => "reflex.",
            TermKind::Area => "area.",
            TermKind::Sign => "sign.",
            TermKind::RedFlag => "red-flag.",
            TermKind::Imaging => "imaging.",
            TermKind::Context => "context.",
            TermKind::YellowFlag => "yellow-flag.",
            TermKind::Contraindication => "contraindication.",
            TermKind::Drug => "drug.",
            TermKind::Question => "question.",
        }
    }

    /// What to call a term of this kind in a message.
    pub fn noun(self) -> &'static str {
        match self {
            TermKind::Action => "action",
            TermKind::Reflex => "reflex",
            TermKind::Area => "area",
            TermKind::Sign => "sign",
            TermKind::RedFlag => "red flag",
            TermKind::Imaging => "imaging finding",
            TermKind::Context => "context",
            TermKind::YellowFlag => "yellow flag",
            TermKind::Contraindication => "contraindication",
            TermKind::Drug => "medicine",
            TermKind::Question => "question word",
        }
    }

    /// The kind of a term id.
    pub fn of(id: &str) -> Option<TermKind> {
        TermKind::ALL.into_iter().find(|k| id.starts_with(k.prefix()))
    }

    /// Every kind.
    pub const ALL: [TermKind; 11] = [
        TermKind::Action,
        TermKind::Reflex,
        TermKind::Area,
        TermKind::Sign,
        TermKind::RedFlag,
        TermKind::Imaging,
        TermKind::Context,
        TermKind::YellowFlag,
        TermKind::Contraindication,
        TermKind::Drug,
        TermKind::Question,
    ];
}

/// A word that names no term of the kinds asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownTerm {
    /// The word as given.
    pub input: String,
    /// What kind of term was expected.
    pub expected: String,
    /// The nearest valid names, best first.
    pub nearest: Vec<&'static str>,
}

impl fmt::Display for UnknownTerm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown {} `{}`", self.expected, radiculo_kb::shown(&self.input))?;
        if !self.nearest.is_empty() {
            write!(f, "; did you mean {}?", or_list(&self.nearest))?;
        }
        Ok(())
    }
}

impl std::error::Error for UnknownTerm {}

/// Lowercase, with `-`, `_` and runs of spaces read as one space.
pub fn normalize(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for part in word.split(|c: char| c.is_whitespace() || c == '-' || c == '_').filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(part);
    }
    // Lowercasing outside ASCII can depend on context (a final sigma): the whole phrase at once.
    if out.is_ascii() {
        out.make_ascii_lowercase()
    } else {
        out = out.to_lowercase()
    }
    out
}

/// Whether `normalize(name) == normalized`, without building the normalized name: the vocabulary
/// is scanned name by name for every word a case gives, so this comparison is the hot path.
fn normalizes_to(name: &str, normalized: &str) -> bool {
    if !name.is_ascii() {
        // Lowercasing outside ASCII can depend on context (a final sigma); take the slow path.
        return normalize(name) == normalized;
    }
    let mut expected = normalized.bytes();
    let mut words = name.split(|c: char| c.is_whitespace() || c == '-' || c == '_').filter(|w| !w.is_empty());
    if let Some(word) = words.next() {
        if !word.bytes().all(|b| expected.next() == Some(b.to_ascii_lowercase())) {
            return false;
        }
        for word in words {
            if expected.next() != Some(b' ') || !word.bytes().all(|b| expected.next() == Some(b.to_ascii_lowercase())) {
                return false;
            }
        }
    }
    expected.next().is_none()
}

/// Every name a term answers to: its id without the kind, its label, its synonyms.
fn names(term: &'static Term) -> impl Iterator<Item = &'static str> {
    let short = term.id.0.split_once('.').map_or(term.id.0, |(_, rest)| rest);
    [short, term.label.0].into_iter().chain(term.synonyms.iter().map(|s| s.0))
}

/// Every normalized name of the vocabulary, with the positions of the terms that answer to
/// it in vocabulary order, so that reading a word is one lookup instead of a scan.
type NameIndex = rustc_hash::FxHashMap<String, Vec<usize>>;

/// The index of the baked vocabulary (any other is scanned).
static NAME_INDEX: radiculo_kb::once::PerKnowledgeBase<NameIndex> = radiculo_kb::once::PerKnowledgeBase::new();

fn name_index(kb: &KnowledgeBase) -> Option<&'static NameIndex> {
    NAME_INDEX.get(kb, || {
        let mut index = NameIndex::default();
        for (i, term) in kb.terms.0.iter().enumerate() {
            for name in names(term) {
                let at = index.entry(normalize(name)).or_default();
                if at.last() != Some(&i) {
                    at.push(i);
                }
            }
        }
        index
    })
}

/// The first term, in vocabulary order, of one of `kinds` with a name that normalizes to
/// `wanted`.
fn lookup(kb: &KnowledgeBase, kinds: &[TermKind], wanted: &str) -> Option<&'static Term> {
    let of_kind = |t: &&'static Term| TermKind::of(t.id.0).is_some_and(|k| kinds.contains(&k));
    match name_index(kb) {
        Some(index) => index.get(wanted).into_iter().flatten().filter_map(|i| kb.terms.0.get(*i)).find(of_kind),
        None => kb.terms.0.iter().filter(of_kind).find(|t| names(t).any(|n| normalizes_to(n, wanted))),
    }
}

/// The term of one of `kinds` that `word` names.
pub fn resolve(kb: &KnowledgeBase, kinds: &[TermKind], word: &str) -> Result<&'static Term, UnknownTerm> {
    let wanted = normalize(word);
    if let Some(term) = lookup(kb, kinds, &wanted) {
        return Ok(term);
    }
    let terms: Vec<&'static Term> =
        kb.terms.0.iter().filter(|t| TermKind::of(t.id.0).is_some_and(|k| kinds.contains(&k))).collect();
    // Rank every name, but report each term once, by its label.
    let spelled: Vec<&'static str> = terms.iter().flat_map(|t| names(t)).collect();
    // A name two terms share is reported by the label of the first of them.
    let mut first_label: rustc_hash::FxHashMap<&'static str, &'static str> = rustc_hash::FxHashMap::default();
    for t in &terms {
        for name in names(t) {
            first_label.entry(name).or_insert(t.label.0);
        }
    }
    let mut near: Vec<&'static str> = Vec::new();
    for label in order(&wanted, &spelled).into_iter().filter_map(|i| spelled.get(i).and_then(|n| first_label.get(n))) {
        if !near.contains(label) {
            near.push(label);
        }
        if near.len() == 3 {
            break;
        }
    }
    let expected = kinds.iter().map(|k| k.noun()).collect::<Vec<_>>().join(" or ");
    Err(UnknownTerm { input: word.to_string(), expected, nearest: near })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_finds_what_the_scan_finds() {
        let kb = radiculo_knowledge::baked();
        let kinds = TermKind::ALL;
        let mut words: Vec<String> = kb.terms.0.iter().flat_map(names).map(str::to_string).collect();
        words.extend(["no such word", "", "  Foot--DROP ", "knee_jerk"].map(String::from));
        assert!(name_index(kb).is_some(), "the baked vocabulary is indexed");
        // The scan, with every name normalized once.
        let normalized: Vec<(&Term, Vec<String>)> =
            kb.terms.0.iter().map(|t| (t, names(t).map(normalize).collect())).collect();
        let scan = |kinds: &[TermKind], wanted: &str| {
            normalized
                .iter()
                .filter(|(t, _)| TermKind::of(t.id.0).is_some_and(|k| kinds.contains(&k)))
                .find(|(_, n)| n.iter().any(|n| n == wanted))
                .map(|(t, _)| t.id.0)
        };
        for word in &words {
            let wanted = normalize(word);
            for kind in kinds {
                assert_eq!(lookup(kb, &[kind], &wanted).map(|t| t.id.0), scan(&[kind], &wanted), "{word:?} {kind:?}");
            }
            assert_eq!(lookup(kb, &kinds, &wanted).map(|t| t.id.0), scan(&kinds, &wanted), "{word:?}");
        }
    }

    #[test]
    fn normalizes_to_agrees_with_normalize() {
        let names =
            ["Knee jerk", "knee-jerk", "knee__jerk ", "  EHL", "hip", "", "-", "Ünter Σ", "a b", "ab", "a\x0bb"];
        let inputs = ["knee jerk", "kneejerk", "ehl", "hip", "", "ünter ς", "ünter σ", "a b", "ab", "a"];
        for name in names {
            for input in inputs {
                let wanted = normalize(input);
                assert_eq!(normalizes_to(name, &wanted), normalize(name) == wanted, "{name:?} vs {input:?}");
            }
        }
    }
}
