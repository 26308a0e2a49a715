//! The baked knowledge base is looked up through hash indexes (`radiculo_kb`'s `index.rs`);
//! these tests pin that every lookup finds exactly what a search of the sorted collection
//! finds, hits and misses alike.

use radiculo_kb::{KnowledgeBase, Sign};
use radiculo_knowledge::baked;

/// Checks `lookup` against every item of `items` (each found as itself) and a missing id.
fn every_id<T>(items: &'static [T], id: impl Fn(&T) -> &str, lookup: impl Fn(&str) -> Option<&'static T>) {
    assert!(!items.is_empty());
    for item in items {
        let found = lookup(id(item)).unwrap_or_else(|| panic!("{} is not found", id(item)));
        assert!(std::ptr::eq(found, item), "{} finds another item", id(item));
    }
    for missing in ["", "no-such-id", "l5 ", "L5"] {
        assert!(lookup(missing).is_none(), "{missing:?} is found");
    }
}

#[test]
fn every_id_finds_its_item() {
    let kb: &KnowledgeBase = baked();
    every_id(kb.references.0, |r| r.id.0, |id| kb.reference(id));
    every_id(kb.statements.0, |s| s.id.0, |id| kb.statement(id));
    every_id(kb.terms.0, |t| t.id.0, |id| kb.term(id));
    every_id(kb.steps.0, |s| s.id.0, |id| kb.step(id));
    every_id(kb.doses.0, |d| d.id.0, |id| kb.dose(id));
    every_id(kb.roots.0, |r| r.id.0, |id| kb.root(id));
    every_id(kb.mimics.0, |m| m.id.0, |id| kb.mimic(id));
    every_id(kb.red_flags.0, |r| r.term.0, |id| kb.red_flag(id));
    every_id(kb.causes.0, |c| c.id.0, |id| kb.cause(id));
    every_id(kb.topics.0, |t| t.id.0, |id| kb.topic(id));
    every_id(kb.populations.0, |p| p.id.0, |id| kb.population(id));
    every_id(kb.studies.0, |s| s.id.0, |id| kb.study(id));
    every_id(kb.patterns.0, |p| p.id.0, |id| kb.pattern(id));
}

/// The signs of `items` whose key is `id`, by scanning.
fn scanned(items: &'static [Sign], id: &str, key: impl Fn(&Sign) -> &str) -> Vec<&'static Sign> {
    items.iter().filter(|s| key(s) == id).collect()
}

#[test]
fn sign_ranges_are_every_sign_of_the_key() {
    let kb = baked();
    let same = |a: &[Sign], b: Vec<&Sign>| a.len() == b.len() && a.iter().zip(b).all(|(x, y)| std::ptr::eq(x, y));
    for sign in kb.signs.iter() {
        let (candidate, term) = (sign.candidate.0, sign.finding.0);
        assert!(same(kb.signs_of(candidate), scanned(kb.signs.0, candidate, |s| s.candidate.0)), "{candidate}");
        assert!(same(kb.signs_about(term), scanned(kb.signs_by_finding.0, term, |s| s.finding.0)), "{term}");
        assert_eq!(kb.sign(candidate, term).map(|s| (s.candidate.0, s.finding.0)), Some((candidate, term)));
    }
    assert!(kb.signs_of("no-such-candidate").is_empty());
    assert!(kb.signs_about("no-such-term").is_empty());
    assert!(kb.sign("l5", "no-such-term").is_none());
}
