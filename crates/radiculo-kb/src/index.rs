//! Hash indexes over the baked collections, so that looking up an id costs one hash and one
//! comparison instead of a binary search of string comparisons: the engines look ids up
//! dozens of times per case, and a batch runs thousands of cases.

use std::ops::Range;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use crate::once::PerKnowledgeBase;

/// Each id's position in its collection.
pub(crate) type Positions = FxHashMap<&'static str, usize>;

/// Each key's range in a collection sorted by it.
pub(crate) type Ranges = FxHashMap<&'static str, Range<usize>>;

/// Every index of one knowledge base, each built the first time it is asked for.
#[derive(Default)]
pub(crate) struct Indexes {
    pub references: OnceLock<Positions>,
    pub statements: OnceLock<Positions>,
    pub terms: OnceLock<Positions>,
    pub steps: OnceLock<Positions>,
    pub doses: OnceLock<Positions>,
    pub roots: OnceLock<Positions>,
    pub mimics: OnceLock<Positions>,
    pub red_flags: OnceLock<Positions>,
    pub causes: OnceLock<Positions>,
    pub topics: OnceLock<Positions>,
    pub populations: OnceLock<Positions>,
    pub studies: OnceLock<Positions>,
    pub patterns: OnceLock<Positions>,
    /// For each finding, its range of `signs_by_finding`.
    pub signs_by_finding: OnceLock<Ranges>,
    /// For each candidate, its range of `signs`.
    pub signs_by_candidate: OnceLock<Ranges>,
}

/// The indexes of the first knowledge base asked about (the baked one in a binary).
pub(crate) static INDEXES: PerKnowledgeBase<Indexes> = PerKnowledgeBase::new();

/// The position of each item's key.
pub(crate) fn positions<T>(items: &'static [T], key: impl Fn(&T) -> &str) -> Positions {
    items.iter().enumerate().map(|(i, item)| (key(item), i)).collect()
}

/// The range of each key in `items`, sorted by key.
pub(crate) fn ranges<T>(items: &'static [T], key: impl Fn(&T) -> &str) -> Ranges {
    let mut out = Ranges::default();
    for (i, item) in items.iter().enumerate() {
        out.entry(key(item)).and_modify(|r| r.end = i + 1).or_insert(i..i + 1);
    }
    out
}
