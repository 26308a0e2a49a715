//! Figures on how checkable the references are: how many carry a PMID or DOI, which link to a
//! deny-listed host, and how many statements rest on each. Shared by `radiculo refs --audit`
//! and `cargo xtask audit`.

use serde::Serialize;

use crate::{KnowledgeBase, Reference};

/// How a reader reaches a reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Link {
    /// A PMID or DOI.
    Identifier,
    /// Only a page: the publisher's or the guideline body's.
    Page,
    /// A page on a deny-listed host (document-sharing, download, staging or preview).
    Denied,
}

/// The audit of one knowledge base.
#[derive(Debug, Clone, Serialize)]
pub struct Audit {
    /// References.
    pub references: usize,
    /// With a PMID or DOI.
    pub with_identifier: usize,
    /// With a PMID.
    pub with_pmid: usize,
    /// With a DOI.
    pub with_doi: usize,
    /// Share with a PMID or DOI, 0-1.
    pub identifier_share: f64,
    /// References whose url or seen_at is on a deny-listed host.
    pub denied: Vec<&'static str>,
    /// References without an identifier, by kind.
    pub page_only: Vec<(&'static str, &'static str)>,
    /// Statements.
    pub statements: usize,
    /// Mean statements per reference.
    pub statements_per_reference: f64,
    /// The references most statements rest on alone, most first (up to ten).
    pub sole_support: Vec<(&'static str, usize)>,
}

/// Hosts that are never a source's page: document-sharing and download sites, third-party
/// aggregators, and staging, preview or development servers.
pub const DENIED_HOSTS: &[&str] = &[
    "scribd.com",
    "docslib.org",
    "1library.net",
    "studylib.net",
    "cupdf.com",
    "dokumen.tips",
    "fdocuments.in",
    "pdfcoffee.com",
    "coek.info",
    "dadospdf.com",
    "passeidireto.com",
    "researchgate.net",
    "academia.edu",
    "bibbase.org",
    "metajournal.com",
    "download.skyscape.com",
    "iiab.me",
];

/// Host labels that mark a staging, preview or development server.
pub const DENIED_HOST_LABELS: &[&str] = &["staging", "tweb-dev", "netcprev", "preview", "dev"];

/// The denied host of `url`, if it is on a denied host.
pub fn denied_host(url: &str) -> Option<&str> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.trim_start_matches("www.");
    let denied = DENIED_HOSTS.iter().any(|d| host == *d || host.ends_with(&format!(".{d}")))
        || host.split(['.', '-']).any(|label| DENIED_HOST_LABELS.contains(&label))
        || host.split('.').any(|label| label == "tweb-dev");
    denied.then_some(host)
}

/// How a reader reaches `r`.
pub fn link(r: &Reference) -> Link {
    let urls =
        r.url.iter().chain(std::iter::once(&r.seen_at)).chain(r.finding.iter().filter_map(|f| f.seen_at.as_ref()));
    if urls.into_iter().any(|u| denied_host(u).is_some()) {
        Link::Denied
    } else if r.pmid.is_some() || r.doi.is_some() {
        Link::Identifier
    } else {
        Link::Page
    }
}

/// Audits `kb`.
pub fn audit(kb: &KnowledgeBase) -> Audit {
    let refs: &'static [Reference] = kb.references.0;
    let with_identifier = refs.iter().filter(|r| r.pmid.is_some() || r.doi.is_some()).count();
    let mut sole: Vec<(&'static str, usize)> = refs
        .iter()
        .map(|r| (r.id.0, kb.statements.iter().filter(|s| s.cites.len() == 1 && s.cites[0] == r.id).count()))
        .filter(|(_, n)| *n > 0)
        .collect();
    sole.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    sole.truncate(10);
    #[allow(clippy::cast_precision_loss)]
    let share = |n: usize, of: usize| if of == 0 { 0.0 } else { n as f64 / of as f64 };
    Audit {
        references: refs.len(),
        with_identifier,
        with_pmid: refs.iter().filter(|r| r.pmid.is_some()).count(),
        with_doi: refs.iter().filter(|r| r.doi.is_some()).count(),
        identifier_share: share(with_identifier, refs.len()),
        denied: refs.iter().filter(|r| link(r) == Link::Denied).map(|r| r.id.0).collect(),
        page_only: refs.iter().filter(|r| link(r) == Link::Page).map(|r| (r.id.0, r.kind.as_str())).collect(),
        statements: kb.statements.len(),
        statements_per_reference: share(kb.statements.iter().map(|s| s.cites.len()).sum(), refs.len()),
        sole_support: sole,
    }
}
