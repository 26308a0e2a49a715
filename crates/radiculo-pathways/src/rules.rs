//! The `when` and `unless` conditions of pathway steps, regimens and condition rules,
//! compiled once per knowledge base to bit sets over the terms they name: a plan tests about
//! a hundred rules against the patient's condition terms, and comparing a few words of bits
//! is far cheaper than searching lists of strings. [`Rule::applies`] means exactly what the
//! knowledge files say: every `when` term holds and no `unless` term does.

use radiculo_kb::{KnowledgeBase, List, Step, TermId};
use rustc_hash::FxHashMap;

/// One rule's conditions as bit sets.
#[derive(Clone)]
pub(crate) struct Rule {
    when: Vec<u64>,
    unless: Vec<u64>,
}

impl Rule {
    /// Whether every `when` term is in `held` and no `unless` term is.
    pub(crate) fn applies(&self, held: &Held) -> bool {
        self.when.iter().zip(&held.0).all(|(w, h)| w & h == *w)
            && self.unless.iter().zip(&held.0).all(|(u, h)| u & h == 0)
    }
}

/// The condition terms that hold, as a bit set over the terms rules name (a term no rule
/// names has no bit: no rule can depend on it).
pub(crate) struct Held(Vec<u64>);

/// Every rule of a knowledge base, compiled.
#[derive(Clone)]
pub(crate) struct Compiled {
    bits: FxHashMap<&'static str, usize>,
    words: usize,
    /// In pathway order (the order of `steps`, as given to [`Compiled::of`]).
    pub(crate) steps: Vec<Rule>,
    /// In knowledge-base order.
    pub(crate) doses: Vec<Rule>,
    /// In knowledge-base order.
    pub(crate) condition_rules: Vec<Rule>,
}

impl Compiled {
    /// Compiles the rules of `kb`, with `steps` in pathway order.
    pub(crate) fn of(kb: &KnowledgeBase, steps: &[&'static Step]) -> Compiled {
        let doses: &'static [radiculo_kb::Dose] = kb.doses.0;
        let condition_rules: &'static [radiculo_kb::ConditionRule] = kb.condition_rules.0;
        let lists = steps
            .iter()
            .map(|s| (s.when, s.unless))
            .chain(doses.iter().map(|d| (d.when, d.unless)))
            .chain(condition_rules.iter().map(|r| (r.when, r.unless)));
        let mut bits: FxHashMap<&'static str, usize> = FxHashMap::default();
        for (when, unless) in lists {
            for term in when.iter().chain(unless.iter()) {
                let next = bits.len();
                bits.entry(term.0).or_insert(next);
            }
        }
        let words = bits.len().div_ceil(64);
        let mut compiled = Compiled { bits, words, steps: Vec::new(), doses: Vec::new(), condition_rules: Vec::new() };
        let rule = |c: &Compiled, when: List<TermId>, unless: List<TermId>| Rule {
            when: c.set(when.iter().map(|t| t.0)).0,
            unless: c.set(unless.iter().map(|t| t.0)).0,
        };
        compiled.steps = steps.iter().map(|s| rule(&compiled, s.when, s.unless)).collect();
        compiled.doses = doses.iter().map(|d| rule(&compiled, d.when, d.unless)).collect();
        compiled.condition_rules = condition_rules.iter().map(|r| rule(&compiled, r.when, r.unless)).collect();
        compiled
    }

    /// The bit set of `terms`.
    pub(crate) fn set<'a>(&self, terms: impl IntoIterator<Item = &'a str>) -> Held {
        let mut held = Held(vec![0; self.words]);
        for term in terms {
            self.add(&mut held, term);
        }
        held
    }

    /// Adds `term` to `held`.
    pub(crate) fn add(&self, held: &mut Held, term: &str) {
        if let Some(&bit) = self.bits.get(term)
            && let Some(word) = held.0.get_mut(bit / 64)
        {
            *word |= 1 << (bit % 64);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a rule means, read from the lists as the knowledge files give them.
    fn by_lists(when: List<TermId>, unless: List<TermId>, held: &[&str]) -> bool {
        when.iter().all(|t| held.contains(&t.0)) && !unless.iter().any(|t| held.contains(&t.0))
    }

    #[test]
    fn bit_sets_agree_with_the_lists() {
        let kb = radiculo_knowledge::baked();
        let steps: Vec<&'static Step> = kb.steps.iter().collect();
        let compiled = Compiled::of(kb, &steps);
        let doses: &'static [radiculo_kb::Dose] = kb.doses.0;
        let condition_rules: &'static [radiculo_kb::ConditionRule] = kb.condition_rules.0;
        let lists: Vec<(List<TermId>, List<TermId>)> = steps
            .iter()
            .map(|s| (s.when, s.unless))
            .chain(doses.iter().map(|d| (d.when, d.unless)))
            .chain(condition_rules.iter().map(|r| (r.when, r.unless)))
            .collect();
        let rules: Vec<&Rule> = compiled.steps.iter().chain(&compiled.doses).chain(&compiled.condition_rules).collect();
        assert_eq!(lists.len(), rules.len());
        // Condition sets that make each rule hold or fail in every way: its own `when` terms,
        // those with each `unless` term, with one `when` term missing, and with a term no rule
        // names.
        let mut sets: Vec<Vec<&str>> = Vec::new();
        for (when, unless) in &lists {
            let base: Vec<&str> = when.iter().map(|t| t.0).collect();
            sets.push(base.clone());
            sets.push(base.iter().copied().chain(["no-rule.names-this"]).collect());
            sets.extend(unless.iter().map(|u| base.iter().copied().chain([u.0]).collect()));
            sets.extend((0..base.len()).map(|i| [&base[..i], &base[i + 1..]].concat()));
        }
        let mut holding = 0;
        for held in &sets {
            let bits = compiled.set(held.iter().copied());
            for ((when, unless), rule) in lists.iter().zip(&rules) {
                let expected = by_lists(*when, *unless, held);
                assert_eq!(rule.applies(&bits), expected, "when {when:?} unless {unless:?} held {held:?}");
                holding += usize::from(expected);
            }
        }
        assert!(holding > lists.len(), "the sets make rules hold as well as fail");
    }
}
