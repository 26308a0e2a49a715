//! Values worked out once per knowledge base (a step order, a name index): computed for the
//! first knowledge base asked about, the baked one in a binary, and kept; any other knowledge
//! base (tests, the validator) gets `None` and works it out afresh.

use std::borrow::Cow;
use std::sync::OnceLock;

use crate::KnowledgeBase;

/// One value per knowledge base; see the module docs.
pub struct PerKnowledgeBase<T>(OnceLock<((usize, usize), T)>);

impl<T> PerKnowledgeBase<T> {
    /// An empty cache, for a `static`.
    pub const fn new() -> PerKnowledgeBase<T> {
        PerKnowledgeBase(OnceLock::new())
    }

    /// The value for `kb`, built by `build` the first time; `None` when the cache holds the
    /// value of another knowledge base.
    pub fn get(&self, kb: &KnowledgeBase, build: impl FnOnce() -> T) -> Option<&T> {
        // Which knowledge base: the address and length of its `'static` (never freed) statements.
        let identity = (kb.statements.0.as_ptr() as usize, kb.statements.0.len());
        let (cached, value) = self.0.get_or_init(|| (identity, build()));
        (*cached == identity).then_some(value)
    }
}

impl<T: Clone> PerKnowledgeBase<T> {
    /// The value for `kb`: the kept one for the first knowledge base asked about, one built
    /// afresh for any other.
    pub fn get_or_build(&'static self, kb: &KnowledgeBase, build: impl Fn() -> T) -> Cow<'static, T> {
        match self.get(kb, &build) {
            Some(value) => Cow::Borrowed(value),
            None => Cow::Owned(build()),
        }
    }
}

impl<T> Default for PerKnowledgeBase<T> {
    fn default() -> PerKnowledgeBase<T> {
        PerKnowledgeBase::new()
    }
}
