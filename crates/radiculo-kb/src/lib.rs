//! The radiculo knowledge model.
//!
//! All clinical content of radiculo lives in `knowledge/*.toml` as references (verified
//! sources with their recorded figures), statements (sentences citing references),
//! vocabulary, pathway steps, dose regimens and topics. This crate defines those types and
//! lookups; with the `source` feature it also reads and validates the TOML files (used by
//! `cargo xtask` and tests). The baked knowledge base itself lives in `radiculo-knowledge`.

pub mod audit;
pub mod echo;
mod index;
mod model;
pub mod numbers;
pub mod once;
mod parameters;
pub mod plausible;
pub mod ranking;
mod scope;
#[cfg(feature = "source")]
pub mod source;
pub mod suggest;
#[cfg(feature = "source")]
pub mod validate;

pub use echo::shown;
pub use model::*;
pub use parameters::{Parameter, Parameters};
pub use scope::{Gap, Scope};
pub use suggest::Unknown;

use std::sync::OnceLock;

/// The whole knowledge base. Every collection is sorted by id.
#[derive(Debug, serde::Serialize)]
pub struct KnowledgeBase {
    /// Version from `knowledge/kb.toml`.
    pub version: Text,
    /// Hash of every knowledge file, so an answer can be traced to the exact knowledge.
    pub content_hash: Text,
    /// The one-line decision-support disclaimer that ends every answer.
    pub disclaimer: Text,
    /// Verified sources.
    pub references: List<Reference>,
    /// Printable sentences.
    pub statements: List<Statement>,
    /// Vocabulary for reading user input.
    pub terms: List<Term>,
    /// Care-pathway steps.
    pub steps: List<Step>,
    /// The entry steps in the order the knowledge files give them (files in path order):
    /// the order the planner walks the pathway in.
    pub entries: List<StepId>,
    /// Drug regimens.
    pub doses: List<Dose>,
    /// Answers to clinical questions.
    pub topics: List<Topic>,
    /// Root cards.
    pub roots: List<RootCard>,
    /// Peripheral mimics of radiculopathy.
    pub mimics: List<Mimic>,
    /// Examination findings and the candidates they bear on, sorted by candidate then finding.
    pub signs: List<Sign>,
    /// The same signs sorted by finding then candidate: what one finding bears on is a range.
    pub signs_by_finding: List<Sign>,
    /// Red flags, sorted by term.
    pub red_flags: List<RedFlag>,
    /// Causes in the imaging differential.
    pub causes: List<Cause>,
    /// Populations that guidance is scoped to.
    pub populations: List<Population>,
    /// Imaging studies.
    pub studies: List<Study>,
    /// Imaging appropriateness rules, sorted by priority.
    pub imaging_rules: List<ImagingRule>,
    /// Patterns no single root explains.
    pub patterns: List<Pattern>,
    /// Which root each herniation zone compresses, by region.
    pub zones: List<ZoneRule>,
    /// Conditions that follow from others, in file order.
    pub condition_rules: List<ConditionRule>,
    /// The numbers the engines reason with.
    pub parameters: Parameters,
}

impl KnowledgeBase {
    /// `version (hash)`, the line every output states.
    pub fn stamp(&self) -> String {
        format!("{} ({})", self.version, self.content_hash)
    }

    /// The reference with this id.
    pub fn reference(&self, id: &str) -> Option<&'static Reference> {
        self.find(|i| &i.references, self.references, id, |r| r.id.0)
    }

    /// The statement with this id.
    pub fn statement(&self, id: &str) -> Option<&'static Statement> {
        self.find(|i| &i.statements, self.statements, id, |s| s.id.0)
    }

    /// The signs about the finding `term`, sorted by candidate.
    pub fn signs_about(&self, term: &str) -> &'static [Sign] {
        Self::range(self.index(|i| &i.signs_by_finding), self.signs_by_finding, term, |s| s.finding.0)
    }

    /// The signs of `candidate` (a root, mimic or pattern), sorted by finding.
    pub fn signs_of(&self, candidate: &str) -> &'static [Sign] {
        Self::range(self.index(|i| &i.signs_by_candidate), self.signs, candidate, |s| s.candidate.0)
    }

    /// The sign that relates `candidate` and the finding `term`.
    pub fn sign(&self, candidate: &str, term: &str) -> Option<&'static Sign> {
        let signs = self.signs_of(candidate);
        signs.binary_search_by(|s| s.finding.0.cmp(term)).ok().map(|i| &signs[i])
    }

    /// The vocabulary term with this id.
    pub fn term(&self, id: &str) -> Option<&'static Term> {
        self.find(|i| &i.terms, self.terms, id, |t| t.id.0)
    }

    /// The pathway step with this id.
    pub fn step(&self, id: &str) -> Option<&'static Step> {
        self.find(|i| &i.steps, self.steps, id, |s| s.id.0)
    }

    /// The dose regimen with this id.
    pub fn dose(&self, id: &str) -> Option<&'static Dose> {
        self.find(|i| &i.doses, self.doses, id, |d| d.id.0)
    }

    /// The root card with this id (`l5`).
    pub fn root(&self, id: &str) -> Option<&'static RootCard> {
        self.find(|i| &i.roots, self.roots, id, |r| r.id.0)
    }

    /// The mimic with this id.
    pub fn mimic(&self, id: &str) -> Option<&'static Mimic> {
        self.find(|i| &i.mimics, self.mimics, id, |m| m.id.0)
    }

    /// The red flag raised by this term.
    pub fn red_flag(&self, term: &str) -> Option<&'static RedFlag> {
        self.find(|i| &i.red_flags, self.red_flags, term, |r| r.term.0)
    }

    /// The cause with this id.
    pub fn cause(&self, id: &str) -> Option<&'static Cause> {
        self.find(|i| &i.causes, self.causes, id, |c| c.id.0)
    }

    /// The topic with this id.
    pub fn topic(&self, id: &str) -> Option<&'static Topic> {
        self.find(|i| &i.topics, self.topics, id, |t| t.id.0)
    }

    /// The population with this id.
    pub fn population(&self, id: &str) -> Option<&'static Population> {
        self.find(|i| &i.populations, self.populations, id, |p| p.id.0)
    }

    /// The study with this id.
    pub fn study(&self, id: &str) -> Option<&'static Study> {
        self.find(|i| &i.studies, self.studies, id, |s| s.id.0)
    }

    /// The pattern with this id.
    pub fn pattern(&self, id: &str) -> Option<&'static Pattern> {
        self.find(|i| &i.patterns, self.patterns, id, |p| p.id.0)
    }

    /// The zone rule for a herniation zone at a disc of `region`.
    pub fn zone(&self, region: SpineRegion, zone: Zone) -> Option<&'static ZoneRule> {
        let zones: &'static [ZoneRule] = self.zones.0;
        zones.iter().find(|z| z.region == region && z.zone == zone)
    }

    /// Every term that holds when `ids` hold: the terms themselves and, transitively, what
    /// they imply. Sorted, without duplicates.
    pub fn with_implied(&self, ids: impl IntoIterator<Item = &'static str>) -> Vec<&'static str> {
        // Kept sorted as it grows, so that "seen already" is a binary search.
        let mut out: Vec<&'static str> = Vec::new();
        let mut stack: Vec<&'static str> = ids.into_iter().collect();
        while let Some(id) = stack.pop() {
            let Err(at) = out.binary_search(&id) else { continue };
            out.insert(at, id);
            if let Some(term) = self.term(id) {
                stack.extend(term.implies.iter().map(|t| t.0));
            }
        }
        out
    }
}

impl KnowledgeBase {
    /// One of the hash indexes of this knowledge base; `None` for any but the baked one.
    fn index<T>(&self, which: impl Fn(&index::Indexes) -> &OnceLock<T>) -> Option<&OnceLock<T>> {
        index::INDEXES.get(self, index::Indexes::default).map(which)
    }

    /// The item of `items` with this id: through the collection's hash index (picked by
    /// `index`) for the baked knowledge base, by binary search for any other.
    fn find<T>(
        &self,
        index: impl Fn(&index::Indexes) -> &OnceLock<index::Positions>,
        items: List<T>,
        id: &str,
        key: impl Fn(&T) -> &str,
    ) -> Option<&'static T> {
        let items: &'static [T] = items.0;
        match self.index(index) {
            Some(index) => index.get_or_init(|| index::positions(items, key)).get(id).map(|i| &items[*i]),
            None => items.binary_search_by(|item| key(item).cmp(id)).ok().map(|i| &items[i]),
        }
    }

    /// The items of `items` (sorted by `key`) whose key is `id`: through the index when there
    /// is one, by binary search otherwise.
    fn range<T>(
        index: Option<&OnceLock<index::Ranges>>,
        items: List<T>,
        id: &str,
        key: impl Fn(&T) -> &str,
    ) -> &'static [T] {
        let items: &'static [T] = items.0;
        let range = match index {
            Some(index) => index.get_or_init(|| index::ranges(items, key)).get(id).cloned().unwrap_or_default(),
            None => {
                let start = items.partition_point(|item| key(item) < id);
                start..start + items[start..].partition_point(|item| key(item) == id)
            }
        };
        &items[range]
    }
}

impl Reference {
    /// The reference as one Vancouver-style line: authors, title, journal, year, volume,
    /// pages, PMID and DOI (or URL when it has neither).
    pub fn citation(&self) -> String {
        let mut out = String::new();
        let authors: Vec<&str> = self.authors.iter().map(|a| a.0).collect();
        if !authors.is_empty() {
            out.push_str(authors.join(", ").trim_end_matches('.'));
            out.push_str(". ");
        }
        out.push_str(self.title.trim_end_matches('.'));
        out.push_str(". ");
        if let Some(journal) = self.journal {
            out.push_str(journal.trim_end_matches('.'));
            out.push_str(". ");
        }
        out.push_str(&self.year.to_string());
        if let Some(volume) = self.volume {
            out.push(';');
            out.push_str(&volume);
            if let Some(issue) = self.issue {
                out.push_str(&format!("({issue})"));
            }
        }
        if let Some(pages) = self.pages {
            out.push(':');
            out.push_str(&pages);
        }
        out.push('.');
        if let Some(pmid) = self.pmid {
            out.push_str(&format!(" PMID {pmid}."));
        }
        if let Some(doi) = self.doi {
            out.push_str(&format!(" doi:{doi}."));
        }
        if let (None, None, Some(url)) = (self.pmid, self.doi, self.url) {
            out.push_str(&format!(" {url}"));
        }
        out
    }

    /// The link a reader should follow: PubMed, else DOI, else the canonical URL.
    pub fn link(&self) -> String {
        match (self.pmid, self.doi, self.url) {
            (Some(pmid), _, _) => format!("https://pubmed.ncbi.nlm.nih.gov/{pmid}/"),
            (None, Some(doi), _) => format!("https://doi.org/{doi}"),
            (None, None, Some(url)) => url.to_string(),
            (None, None, None) => self.seen_at.to_string(),
        }
    }
}
