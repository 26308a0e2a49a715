//! The rules a knowledge base must satisfy, each reported with `file:line:column`.
//!
//! [`validate`] runs every rule and returns every problem, not only the first.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use crate::audit::denied_host;
use crate::numbers;
use crate::source::{Location, Seg, Source};
use crate::suggest::{nearest, or_list};
use crate::{DoseBasis, Evidence, Reference, StatementId, TermId};

/// Latest publication year a reference may have; raise it when the calendar does.
pub const LATEST_YEAR: u16 = 2026;
/// Earliest publication year a reference may have.
pub const EARLIEST_YEAR: u16 = 1900;

/// The rule a diagnostic comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// The file is not valid TOML or does not fit the schema.
    Parse,
    /// `version` is missing or given twice.
    Version,
    /// Two items of the same kind share an id.
    DuplicateId,
    /// An id is not in the required form.
    IdFormat,
    /// A statement cites nothing.
    NoCitation,
    /// A statement cites a reference that does not exist.
    UnknownReference,
    /// A reference that no statement cites.
    OrphanReference,
    /// A reference lacks first author, or PMID, DOI and URL.
    Bibliography,
    /// A PMID that is not 1-8 digits.
    Pmid,
    /// A DOI not of the form `10.<registrant>/<suffix>`.
    Doi,
    /// A year outside the allowed range.
    Year,
    /// A URL that is not https.
    Url,
    /// Two references with the same PMID or DOI.
    SharedIdentifier,
    /// A number in a statement that no cited figure contains.
    UnbackedNumber,
    /// A topic, step or dose names a statement that does not exist.
    UnknownStatement,
    /// A statement's condition names a term that does not exist.
    UnknownTerm,
    /// Two terms claim the same synonym.
    DuplicateSynonym,
    /// A step's `next` names a step that does not exist.
    UnknownStep,
    /// A step that no entry step leads to.
    UnreachableStep,
    /// Steps that lead back to themselves.
    StepCycle,
    /// A dose amount that is not positive or whose range is reversed.
    DoseAmount,
    /// A weight-based dose without a cap or a reason for none.
    DoseCap,
    /// A sign names a root or mimic that does not exist.
    UnknownCandidate,
    /// A cause's prior or a feature's weight is not a usable number.
    Weight,
    /// A statement without its kind of evidence, or with a kind none of its sources gives.
    Evidence,
    /// A statement citing sources that disagree, not marked `contested` or not saying so.
    Contested,
    /// Guidance without a population it applies to, or a population that is not well formed.
    Applicability,
    /// A link to a document-sharing, download, staging or preview host.
    Host,
    /// Engine parameters missing, given twice, or without a source or a reason.
    Parameter,
    /// An imaging rule or study that does not hold together.
    Imaging,
    /// Too few cited references carry a PMID or DOI (checked with `--strict`).
    Coverage,
}

impl Rule {
    /// The short name shown in brackets, e.g. `error[orphan-reference]`.
    pub fn code(self) -> &'static str {
        match self {
            Rule::Parse => "parse",
            Rule::Version => "version",
            Rule::DuplicateId => "duplicate-id",
            Rule::IdFormat => "id-format",
            Rule::NoCitation => "no-citation",
            Rule::UnknownReference => "unknown-reference",
            Rule::OrphanReference => "orphan-reference",
            Rule::Bibliography => "bibliography",
            Rule::Pmid => "pmid",
            Rule::Doi => "doi",
            Rule::Year => "year",
            Rule::Url => "url",
            Rule::SharedIdentifier => "shared-identifier",
            Rule::UnbackedNumber => "unbacked-number",
            Rule::UnknownStatement => "unknown-statement",
            Rule::UnknownTerm => "unknown-term",
            Rule::DuplicateSynonym => "duplicate-synonym",
            Rule::UnknownStep => "unknown-step",
            Rule::UnreachableStep => "unreachable-step",
            Rule::StepCycle => "step-cycle",
            Rule::DoseAmount => "dose-amount",
            Rule::DoseCap => "dose-cap",
            Rule::UnknownCandidate => "unknown-candidate",
            Rule::Weight => "weight",
            Rule::Evidence => "evidence",
            Rule::Contested => "contested",
            Rule::Applicability => "applicability",
            Rule::Host => "host",
            Rule::Parameter => "parameter",
            Rule::Imaging => "imaging",
            Rule::Coverage => "coverage",
        }
    }
}

/// One problem in the knowledge base.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Which rule found it.
    pub rule: Rule,
    /// Where.
    pub location: Location,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when there is something to say.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic without help.
    pub fn new(rule: Rule, location: Location, message: impl Into<String>) -> Diagnostic {
        Diagnostic { rule, location, message: message.into(), help: None }
    }

    fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    /// rustc-style: `file:line:col: error[rule]: message`, the line, a caret, the help.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let l = &self.location;
        writeln!(f, "{}:{}:{}: error[{}]: {}", l.file, l.line, l.column, self.rule.code(), self.message)?;
        let gutter = l.line.to_string().len();
        writeln!(f, "{:gutter$} |", "")?;
        writeln!(f, "{} | {}", l.line, l.line_text)?;
        write!(f, "{:gutter$} | {}{}", "", " ".repeat(l.column - 1), "^".repeat(l.width))?;
        if let Some(help) = &self.help {
            write!(f, "\n{:gutter$} = help: {help}", "")?;
        }
        Ok(())
    }
}

/// Share of cited references that must carry a PMID or DOI under `--strict`.
pub const IDENTIFIER_COVERAGE: f64 = 0.9;

/// Runs every rule over `source` and returns every problem found, in file order.
pub fn validate(source: &Source) -> Vec<Diagnostic> {
    run(source, false)
}

/// As [`validate`], plus the identifier-coverage target ([`IDENTIFIER_COVERAGE`]).
pub fn validate_strict(source: &Source) -> Vec<Diagnostic> {
    run(source, true)
}

fn run(source: &Source, strict: bool) -> Vec<Diagnostic> {
    let mut v = Validator { source, out: source.parse_errors.clone() };
    v.version();
    v.ids();
    v.references();
    v.statements();
    v.terms();
    v.steps();
    v.doses();
    v.topics();
    v.localization();
    v.causes();
    v.populations();
    v.imaging();
    v.patterns();
    v.parameters();
    if strict {
        v.coverage();
    }
    let mut out = v.out;
    out.sort_by(|a, b| {
        (&a.location.file, a.location.line, a.location.column, a.rule).cmp(&(
            &b.location.file,
            b.location.line,
            b.location.column,
            b.rule,
        ))
    });
    out.dedup();
    out
}

struct Validator<'a> {
    source: &'a Source,
    out: Vec<Diagnostic>,
}

/// Where an item is: file number and index in its table array.
#[derive(Clone, Copy)]
struct At {
    file: usize,
    index: usize,
}

impl<'a> Validator<'a> {
    fn at(&self, at: At, table: &str, rest: &[Seg<'_>]) -> Location {
        let mut path = vec![Seg::Key(table), Seg::Index(at.index)];
        path.extend_from_slice(rest);
        self.source.locate(at.file, &path)
    }

    fn push(&mut self, d: Diagnostic) {
        self.out.push(d);
    }

    fn each<T: 'a>(&self, pick: impl Fn(&'a crate::source::Content) -> &'a [T]) -> Vec<(At, &'a T)> {
        let mut items = Vec::new();
        for (file, f) in self.source.files.iter().enumerate() {
            for (index, item) in pick(&f.content).iter().enumerate() {
                items.push((At { file, index }, item));
            }
        }
        items
    }

    fn references_by_id(&self) -> HashMap<&'static str, &'a Reference> {
        self.each(|c| &c.reference).into_iter().map(|(_, r)| (r.id.0, r)).collect()
    }

    fn statement_ids(&self) -> BTreeSet<&'static str> {
        self.each(|c| &c.statement).into_iter().map(|(_, s)| s.id.0).collect()
    }

    /// Exactly one non-empty `version`, in kb.toml; an empty knowledge root is an error too.
    fn version(&mut self) {
        let files = &self.source.files;
        let home = files.iter().position(|f| f.path == "kb.toml");
        let versions: Vec<usize> = (0..files.len()).filter(|&i| files[i].content.version.is_some()).collect();
        let Some(&kept) = versions.iter().find(|&&i| Some(i) == home).or(versions.first()) else {
            let location = match home.or(if files.is_empty() { None } else { Some(0) }) {
                Some(i) => crate::source::locate_span(&files[i].path, files[i].text, 0..0),
                None => crate::source::locate_span("kb.toml", "", 0..0),
            };
            let message = if files.is_empty() {
                format!("no knowledge files under {}", self.source.root.display())
            } else {
                "the knowledge base has no version".to_string()
            };
            self.push(
                Diagnostic::new(Rule::Version, location, message)
                    .help("add `version = \"0.1.0\"` to knowledge/kb.toml"),
            );
            return;
        };
        if files[kept].content.disclaimer.is_none_or(|d| d.trim().is_empty()) {
            let location = self.source.locate(kept, &[Seg::Key("version")]);
            self.push(
                Diagnostic::new(Rule::Version, location, "the knowledge base has no disclaimer")
                    .help("add `disclaimer = \"...\"` beside the version: it ends every answer"),
            );
        }
        if files[kept].content.version.is_some_and(|v| v.trim().is_empty()) {
            let location = self.source.locate(kept, &[Seg::Key("version")]);
            self.push(Diagnostic::new(Rule::Version, location, "the version is empty"));
        }
        for &file in versions.iter().filter(|&&i| i != kept) {
            let location = self.source.locate(file, &[Seg::Key("version")]);
            let keep = &files[kept].path;
            self.push(Diagnostic::new(Rule::Version, location, format!("a second `version`; keep the one in {keep}")));
        }
    }

    fn ids(&mut self) {
        let kinds: [(&str, Vec<(At, &'static str)>); 13] = [
            ("reference", self.each(|c| &c.reference).into_iter().map(|(a, r)| (a, r.id.0)).collect()),
            ("statement", self.each(|c| &c.statement).into_iter().map(|(a, s)| (a, s.id.0)).collect()),
            ("term", self.each(|c| &c.term).into_iter().map(|(a, t)| (a, t.id.0)).collect()),
            ("step", self.each(|c| &c.step).into_iter().map(|(a, s)| (a, s.id.0)).collect()),
            ("dose", self.each(|c| &c.dose).into_iter().map(|(a, d)| (a, d.id.0)).collect()),
            ("topic", self.each(|c| &c.topic).into_iter().map(|(a, t)| (a, t.id.0)).collect()),
            ("root", self.each(|c| &c.root).into_iter().map(|(a, r)| (a, r.id.0)).collect()),
            ("mimic", self.each(|c| &c.mimic).into_iter().map(|(a, m)| (a, m.id.0)).collect()),
            ("cause", self.each(|c| &c.cause).into_iter().map(|(a, c)| (a, c.id.0)).collect()),
            ("population", self.each(|c| &c.population).into_iter().map(|(a, p)| (a, p.id.0)).collect()),
            ("imaging_rule", self.each(|c| &c.imaging_rule).into_iter().map(|(a, r)| (a, r.id.0)).collect()),
            ("study", self.each(|c| &c.study).into_iter().map(|(a, s)| (a, s.id.0)).collect()),
            ("pattern", self.each(|c| &c.pattern).into_iter().map(|(a, p)| (a, p.id.0)).collect()),
        ];
        for (table, items) in kinds {
            let mut first: HashMap<&str, Location> = HashMap::new();
            for (at, id) in items {
                let location = self.at(at, table, &[Seg::Key("id")]);
                let plain = matches!(table, "reference" | "root" | "mimic" | "cause" | "study" | "pattern");
                let well_formed = if plain { is_reference_id(id) } else { is_dotted_id(id) };
                if !well_formed {
                    let form = if plain {
                        "lowercase letters, digits and `-`, e.g. `riew2000`, `l5`, `femoral-neuropathy`"
                    } else {
                        "dotted lowercase kebab-case segments, e.g. `gbs.ivig-regimen`"
                    };
                    self.push(Diagnostic::new(
                        Rule::IdFormat,
                        location.clone(),
                        format!("{table} id `{id}` is not {form}"),
                    ));
                }
                if let Some(previous) = first.get(id) {
                    let d = Diagnostic::new(Rule::DuplicateId, location, format!("{table} id `{id}` is used twice"))
                        .help(format!("first used at {}:{}:{}", previous.file, previous.line, previous.column));
                    self.push(d);
                } else {
                    first.insert(id, location);
                }
            }
        }
        // Roots, mimics and patterns are all candidates, named by id in the same signs; red
        // flags are found by their term. Each must name one thing.
        let candidates = [
            ("root", self.each(|c| &c.root).into_iter().map(|(a, r)| (a, r.id.0)).collect::<Vec<_>>()),
            ("mimic", self.each(|c| &c.mimic).into_iter().map(|(a, m)| (a, m.id.0)).collect()),
            ("pattern", self.each(|c| &c.pattern).into_iter().map(|(a, p)| (a, p.id.0)).collect()),
        ];
        let mut first: HashMap<&str, (&str, Location)> = HashMap::new();
        for (table, items) in candidates {
            for (at, id) in items {
                let location = self.at(at, table, &[Seg::Key("id")]);
                match first.get(id) {
                    Some((other, previous)) if *other != table => {
                        let d = Diagnostic::new(
                            Rule::DuplicateId,
                            location,
                            format!("candidate id `{id}` names a {other} and a {table}"),
                        )
                        .help(format!("first used at {}:{}:{}", previous.file, previous.line, previous.column));
                        self.push(d);
                    }
                    Some(_) => {}
                    None => {
                        first.insert(id, (table, location));
                    }
                }
            }
        }
        let mut flags: HashMap<&str, Location> = HashMap::new();
        for (at, r) in self.each(|c| &c.red_flag) {
            let location = self.at(at, "red_flag", &[Seg::Key("term")]);
            match flags.get(r.term.0) {
                Some(previous) => {
                    let d =
                        Diagnostic::new(Rule::DuplicateId, location, format!("red flag `{}` is given twice", r.term.0))
                            .help(format!("first given at {}:{}:{}", previous.file, previous.line, previous.column));
                    self.push(d);
                }
                None => {
                    flags.insert(r.term.0, location);
                }
            }
        }
    }

    fn references(&mut self) {
        let cited: BTreeSet<&str> =
            self.each(|c| &c.statement).into_iter().flat_map(|(_, s)| s.cites.iter().map(|r| r.0)).collect();
        let mut pmids: HashMap<&str, &str> = HashMap::new();
        let mut dois: HashMap<String, &str> = HashMap::new();
        for (at, r) in self.each(|c| &c.reference) {
            let id = r.id.0;
            if !cited.contains(id) {
                let location = self.at(at, "reference", &[Seg::Key("id")]);
                self.push(
                    Diagnostic::new(
                        Rule::OrphanReference,
                        location,
                        format!("reference `{id}` is not cited by any statement"),
                    )
                    .help("cite it from a statement that uses its findings, or remove it"),
                );
            }
            if r.authors.first().is_none_or(|a| a.trim().is_empty()) {
                let location = self.at(at, "reference", &[Seg::Key("authors")]);
                self.push(
                    Diagnostic::new(Rule::Bibliography, location, format!("reference `{id}` has no first author"))
                        .help("add `authors = [\"Surname AB\", ...]` as seen on its PubMed or publisher record"),
                );
            }
            if r.title.trim().is_empty() {
                let location = self.at(at, "reference", &[Seg::Key("title")]);
                self.push(Diagnostic::new(
                    Rule::Bibliography,
                    location,
                    format!("reference `{id}` has an empty title"),
                ));
            }
            if r.pmid.is_none() && r.doi.is_none() && r.url.is_none() {
                let location = self.at(at, "reference", &[Seg::Key("id")]);
                self.push(
                    Diagnostic::new(Rule::Bibliography, location, format!("reference `{id}` has no PMID, DOI or URL"))
                        .help("a reader must be able to find the source: add `pmid`, `doi` or a canonical https `url`"),
                );
            }
            if let Some(pmid) = r.pmid {
                if !(1..=8).contains(&pmid.len()) || !pmid.bytes().all(|b| b.is_ascii_digit()) {
                    let location = self.at(at, "reference", &[Seg::Key("pmid")]);
                    self.push(Diagnostic::new(Rule::Pmid, location, format!("PMID `{pmid}` is not 1-8 digits")));
                } else if let Some(other) = pmids.insert(pmid.0, id) {
                    let location = self.at(at, "reference", &[Seg::Key("pmid")]);
                    self.push(Diagnostic::new(
                        Rule::SharedIdentifier,
                        location,
                        format!("PMID {pmid} is also the PMID of `{other}`; one source, one reference"),
                    ));
                }
            }
            if let Some(doi) = r.doi {
                if !is_doi(&doi) {
                    let location = self.at(at, "reference", &[Seg::Key("doi")]);
                    self.push(
                        Diagnostic::new(
                            Rule::Doi,
                            location,
                            format!("DOI `{doi}` is not of the form 10.<registrant>/<suffix>"),
                        )
                        .help("write the bare DOI, without `https://doi.org/`"),
                    );
                } else if let Some(other) = dois.insert(doi.to_lowercase(), id) {
                    let location = self.at(at, "reference", &[Seg::Key("doi")]);
                    self.push(Diagnostic::new(
                        Rule::SharedIdentifier,
                        location,
                        format!("DOI {doi} is also the DOI of `{other}`; one source, one reference"),
                    ));
                }
            }
            if !(EARLIEST_YEAR..=LATEST_YEAR).contains(&r.year) {
                let location = self.at(at, "reference", &[Seg::Key("year")]);
                self.push(Diagnostic::new(
                    Rule::Year,
                    location,
                    format!("year {} is outside {EARLIEST_YEAR}-{LATEST_YEAR}", r.year),
                ));
            }
            if let Some(url) = r.url.filter(|u| !is_web_url(u, true)) {
                let location = self.at(at, "reference", &[Seg::Key("url")]);
                self.push(
                    Diagnostic::new(Rule::Url, location, format!("`{url}` is not an https URL"))
                        .help("a canonical link must be https; check that the page serves it"),
                );
            }
            // `seen_at` records where a record was read, as it was read: http is kept.
            let mut seen: Vec<(Vec<Seg<'static>>, &str)> = vec![(vec![Seg::Key("seen_at")], r.seen_at.0)];
            for (i, f) in r.finding.iter().enumerate() {
                if let Some(url) = f.seen_at {
                    seen.push((vec![Seg::Key("finding"), Seg::Index(i), Seg::Key("seen_at")], url.0));
                }
            }
            if let Some(url) = r.url {
                seen.push((vec![Seg::Key("url")], url.0));
            }
            for (path, url) in seen {
                if !is_web_url(url, false) {
                    let location = self.at(at, "reference", &path);
                    self.push(Diagnostic::new(Rule::Url, location, format!("`{url}` is not a web address")));
                } else if let Some(host) = denied_host(url) {
                    let location = self.at(at, "reference", &path);
                    self.push(
                        Diagnostic::new(
                            Rule::Host,
                            location,
                            format!("`{host}` is a document-sharing, download, staging or preview host"),
                        )
                        .help("link the publisher, PubMed/PMC or guideline body page where the record was read"),
                    );
                }
            }
            for (i, other) in r.disagrees_with.iter().enumerate() {
                if !cited.contains(other.0) && !self.references_by_id().contains_key(other.0) {
                    let location = self.at(at, "reference", &[Seg::Key("disagrees_with"), Seg::Index(i)]);
                    self.push(Diagnostic::new(
                        Rule::UnknownReference,
                        location,
                        format!("no reference has the id `{other}`"),
                    ));
                }
            }
        }
    }

    fn statements(&mut self) {
        let refs = self.references_by_id();
        let ref_ids: Vec<&str> = {
            let mut ids: Vec<&str> = refs.keys().copied().collect();
            ids.sort_unstable();
            ids
        };
        let term_ids: BTreeSet<&str> = self.each(|c| &c.term).into_iter().map(|(_, t)| t.id.0).collect();
        for (at, s) in self.each(|c| &c.statement) {
            if s.cites.is_empty() {
                let location = self.at(at, "statement", &[Seg::Key("id")]);
                self.push(
                    Diagnostic::new(Rule::NoCitation, location, format!("statement `{}` cites no reference", s.id))
                        .help("add `cites = [\"<reference id>\"]`: every printed sentence needs a source"),
                );
            }
            for (i, cite) in s.cites.iter().enumerate() {
                if !refs.contains_key(cite.0) {
                    let location = self.at(at, "statement", &[Seg::Key("cites"), Seg::Index(i)]);
                    let near = nearest(cite.0, ref_ids.iter().copied(), 3);
                    let mut d =
                        Diagnostic::new(Rule::UnknownReference, location, format!("no reference has the id `{cite}`"));
                    if !near.is_empty() {
                        d = d.help(format!("did you mean {}?", or_list(&near)));
                    }
                    self.push(d);
                }
            }
            self.terms_exist(at, "statement", &[Seg::Key("when")], &s.when, &term_ids);
            self.evidence(at, s, &refs);
            self.contested(at, s, &refs);
            if s.derivation.is_some() {
                continue;
            }
            let figures: Vec<f64> = s
                .cites
                .iter()
                .filter_map(|c| refs.get(c.0))
                .flat_map(|r| r.finding.iter())
                .flat_map(|f| numbers::in_figure(&f.figure))
                .map(|n| n.value)
                .collect();
            for number in numbers::in_statement(&s.text) {
                if figures.contains(&number.value) {
                    continue;
                }
                let written = &s.text[number.span.clone()];
                let location = self.text_location(at, &s.text, written, number.span.start);
                let cites: Vec<&str> = s.cites.iter().map(|c| c.0).collect();
                self.push(
                    Diagnostic::new(
                        Rule::UnbackedNumber,
                        location,
                        format!("`{written}` in statement `{}` is in no recorded figure of {}", s.id, or_list(&cites)),
                    )
                    .help("use the number as the cited figure gives it, cite the source that reports it, or explain it in `derivation`"),
                );
            }
        }
    }

    /// Points at `needle` inside a statement's `text` value where the raw TOML allows it.
    fn text_location(&self, at: At, text: &str, needle: &str, offset: usize) -> Location {
        let mut location = self.at(at, "statement", &[Seg::Key("text")]);
        let before = &text[..offset];
        if !before.contains('\n') && !before.contains('\\') && !before.contains('"') {
            let raw = location.line_text.chars().skip(location.column - 1).collect::<String>();
            if let Some(quote) = raw.find(['"', '\'']) {
                let prefix = &raw[quote + 1..];
                if prefix.get(offset..offset + needle.len()) == Some(needle) {
                    location.column += raw[..quote + 1].chars().count() + before.chars().count();
                    location.width = needle.chars().count();
                }
            }
        }
        location
    }

    fn terms(&mut self) {
        let mut owner: HashMap<String, &'static str> = HashMap::new();
        for (at, t) in self.each(|c| &c.term) {
            for (i, name) in std::iter::once(t.label).chain(t.synonyms.iter().copied()).enumerate() {
                let key = name.trim().to_lowercase();
                match owner.get(&key) {
                    Some(&other) if other != t.id.0 => {
                        let path = if i == 0 {
                            vec![Seg::Key("label")]
                        } else {
                            vec![Seg::Key("synonyms"), Seg::Index(i - 1)]
                        };
                        let location = self.at(at, "term", &path);
                        self.push(Diagnostic::new(
                            Rule::DuplicateSynonym,
                            location,
                            format!("`{name}` already names term `{other}`; input must map to one term"),
                        ));
                    }
                    _ => {
                        owner.insert(key, t.id.0);
                    }
                }
            }
        }
    }

    /// Reports each id of `ids`, written at `table[at].<path>[i]`, that names no statement.
    fn statements_exist(
        &mut self,
        at: At,
        table: &str,
        path: &[Seg<'_>],
        ids: &[StatementId],
        known: &BTreeSet<&'static str>,
    ) {
        for (i, id) in ids.iter().enumerate().filter(|(_, id)| !known.contains(id.0)) {
            let location = self.at(at, table, &[path, &[Seg::Index(i)]].concat());
            self.unknown_statement(location, id.0, known);
        }
    }

    /// Reports each id of `ids`, written at `table[at].<path>[i]`, that names no vocabulary term.
    fn terms_exist(&mut self, at: At, table: &str, path: &[Seg<'_>], ids: &[TermId], known: &BTreeSet<&'static str>) {
        for (i, id) in ids.iter().enumerate().filter(|(_, id)| !known.contains(id.0)) {
            let location = self.at(at, table, &[path, &[Seg::Index(i)]].concat());
            self.unknown_term(location, id.0, known);
        }
    }

    fn unknown_term(&mut self, location: Location, id: &str, terms: &BTreeSet<&'static str>) {
        let near = nearest(id, terms.iter().copied(), 3);
        let mut d = Diagnostic::new(Rule::UnknownTerm, location, format!("no vocabulary term has the id `{id}`"));
        if !near.is_empty() {
            d = d.help(format!("did you mean {}?", or_list(&near)));
        }
        self.push(d);
    }

    fn unknown_statement(&mut self, location: Location, id: &str, statements: &BTreeSet<&'static str>) {
        let near = nearest(id, statements.iter().copied(), 3);
        let mut d = Diagnostic::new(Rule::UnknownStatement, location, format!("no statement has the id `{id}`"));
        if !near.is_empty() {
            d = d.help(format!("did you mean {}?", or_list(&near)));
        }
        self.push(d);
    }

    fn steps(&mut self) {
        let statements = self.statement_ids();
        let steps = self.each(|c| &c.step);
        let by_id: BTreeMap<&str, usize> = steps.iter().enumerate().map(|(i, (_, s))| (s.id.0, i)).collect();
        let terms: BTreeSet<&str> = self.each(|c| &c.term).into_iter().map(|(_, t)| t.id.0).collect();
        for &(at, s) in &steps {
            for (key, list) in [("when", s.when), ("unless", s.unless)] {
                self.terms_exist(at, "step", &[Seg::Key(key)], &list, &terms);
            }
            self.statements_exist(at, "step", &[Seg::Key("headline")], &[s.headline], &statements);
            self.statements_exist(at, "step", &[Seg::Key("support")], &s.support, &statements);
            if let Some(patient) = s.patient {
                self.statements_exist(at, "step", &[Seg::Key("patient")], &[patient], &statements);
            }
            self.applies(at, "step", s.applies);
            if let Some(label) = s.label {
                let backing: Vec<StatementId> = std::iter::once(s.headline).chain(s.support.iter().copied()).collect();
                self.label_numbers(at, "step", label.0, &backing);
            }
            for (i, next) in s.next.iter().enumerate() {
                if !by_id.contains_key(next.0) {
                    let location = self.at(at, "step", &[Seg::Key("next"), Seg::Index(i)]);
                    let near = nearest(next.0, by_id.keys().copied(), 3);
                    let mut d = Diagnostic::new(Rule::UnknownStep, location, format!("no step has the id `{next}`"));
                    if !near.is_empty() {
                        d = d.help(format!("did you mean {}?", or_list(&near)));
                    }
                    self.push(d);
                }
            }
        }
        let successors =
            |i: usize| -> Vec<usize> { steps[i].1.next.iter().filter_map(|n| by_id.get(n.0).copied()).collect() };
        let mut reached = vec![false; steps.len()];
        let mut stack: Vec<usize> = (0..steps.len()).filter(|&i| steps[i].1.entry).collect();
        while let Some(i) = stack.pop() {
            if !std::mem::replace(&mut reached[i], true) {
                stack.extend(successors(i));
            }
        }
        for (i, &(at, s)) in steps.iter().enumerate() {
            if !reached[i] {
                let location = self.at(at, "step", &[Seg::Key("id")]);
                self.push(
                    Diagnostic::new(
                        Rule::UnreachableStep,
                        location,
                        format!("step `{}` cannot be reached from any entry step", s.id),
                    )
                    .help("name it in another step's `next`, or mark it `entry = true`"),
                );
            }
        }
        // Depth-first search with colours: a grey successor closes a cycle.
        let mut colour = vec![0u8; steps.len()];
        for root in 0..steps.len() {
            if colour[root] != 0 {
                continue;
            }
            let mut path: Vec<(usize, Vec<usize>)> = vec![(root, successors(root))];
            colour[root] = 1;
            while let Some((node, pending)) = path.last_mut() {
                let node = *node;
                match pending.pop() {
                    Some(next) if colour[next] == 1 => {
                        let (at, s) = steps[node];
                        let location = self.at(at, "step", &[Seg::Key("next")]);
                        let target = steps[next].1.id;
                        self.push(Diagnostic::new(
                            Rule::StepCycle,
                            location,
                            format!(
                                "step `{}` leads back to `{target}`, which leads to it: pathways must not loop",
                                s.id
                            ),
                        ));
                    }
                    Some(next) if colour[next] == 0 => {
                        colour[next] = 1;
                        path.push((next, successors(next)));
                    }
                    Some(_) => {}
                    None => {
                        colour[node] = 2;
                        path.pop();
                    }
                }
            }
        }
    }

    fn doses(&mut self) {
        let statements = self.statement_ids();
        let terms: BTreeSet<&str> = self.each(|c| &c.term).into_iter().map(|(_, t)| t.id.0).collect();
        for (at, d) in self.each(|c| &c.dose) {
            self.terms_exist(at, "dose", &[Seg::Key("when")], &d.when, &terms);
            self.terms_exist(at, "dose", &[Seg::Key("unless")], &d.unless, &terms);
            self.statements_exist(at, "dose", &[Seg::Key("cautions")], &d.cautions, &statements);
            self.applies(at, "dose", d.applies);
            if !statements.contains(d.statement.0) {
                let location = self.at(at, "dose", &[Seg::Key("statement")]);
                self.unknown_statement(location, d.statement.0, &statements);
            }
            for (key, value) in [("min", Some(d.min)), ("max", Some(d.max)), ("cap_per_day", d.cap_per_day)] {
                if let Some(value) = value.filter(|v| !(v.is_finite() && *v > 0.0)) {
                    let location = self.at(at, "dose", &[Seg::Key(key)]);
                    self.push(Diagnostic::new(
                        Rule::DoseAmount,
                        location,
                        format!("`{key}` of dose `{}` is {value}; it must be positive", d.id),
                    ));
                }
            }
            if d.min > d.max {
                let location = self.at(at, "dose", &[Seg::Key("min")]);
                self.push(Diagnostic::new(
                    Rule::DoseAmount,
                    location,
                    format!("dose `{}` has min {} above max {}", d.id, d.min, d.max),
                ));
            }
            if d.days == Some(0) {
                let location = self.at(at, "dose", &[Seg::Key("days")]);
                self.push(Diagnostic::new(Rule::DoseAmount, location, format!("dose `{}` lasts 0 days", d.id)));
            }
            if d.basis == DoseBasis::PerKgPerDay
                && d.cap_per_day.is_none()
                && d.no_cap.is_none_or(|r| r.trim().is_empty())
            {
                let location = self.at(at, "dose", &[Seg::Key("id")]);
                self.push(
                    Diagnostic::new(Rule::DoseCap, location, format!("weight-based dose `{}` states no cap", d.id))
                        .help("add `cap_per_day` from the source, or `no_cap = \"<why>\"`, e.g. that the source gives none"),
                );
            }
        }
    }

    fn topics(&mut self) {
        let statements = self.statement_ids();
        let terms: BTreeSet<&str> = self.each(|c| &c.term).into_iter().map(|(_, t)| t.id.0).collect();
        for (at, t) in self.each(|c| &c.topic) {
            for (key, list) in [("requires", t.requires), ("prefers", t.prefers)] {
                self.terms_exist(at, "topic", &[Seg::Key(key)], &list, &terms);
            }
            for (key, list) in [("bottom_line", t.bottom_line), ("pitfalls", t.pitfalls)] {
                self.statements_exist(at, "topic", &[Seg::Key(key)], &list, &statements);
            }
            self.applies(at, "topic", t.applies);
            for (si, section) in t.section.iter().enumerate() {
                let path = [Seg::Key("section"), Seg::Index(si), Seg::Key("statements")];
                self.statements_exist(at, "topic", &path, &section.statements, &statements);
            }
        }
    }
}

impl Validator<'_> {
    /// Root cards, mimics and signs name statements, terms and candidates that exist.
    fn localization(&mut self) {
        let statements = self.statement_ids();
        let terms: BTreeSet<&str> = self.each(|c| &c.term).into_iter().map(|(_, t)| t.id.0).collect();
        let mut candidates: BTreeSet<&str> = self.each(|c| &c.root).into_iter().map(|(_, r)| r.id.0).collect();
        candidates.extend(self.each(|c| &c.mimic).into_iter().map(|(_, m)| m.id.0));
        candidates.extend(self.each(|c| &c.pattern).into_iter().map(|(_, p)| p.id.0));
        for (at, r) in self.each(|c| &c.root) {
            let groups = [
                ("sensory", r.sensory),
                ("motor", r.motor),
                ("reflexes", r.reflexes),
                ("pain", r.pain),
                ("compression", r.compression),
            ];
            for (key, ids) in groups {
                self.statements_exist(at, "root", &[Seg::Key(key)], &ids, &statements);
            }
        }
        for (at, m) in self.each(|c| &c.mimic) {
            self.statements_exist(at, "mimic", &[Seg::Key("statements")], &m.statements, &statements);
        }
        for (at, r) in self.each(|c| &c.red_flag) {
            if !terms.contains(r.term.0) {
                let location = self.at(at, "red_flag", &[Seg::Key("term")]);
                self.unknown_term(location, r.term.0, &terms);
            }
            self.statements_exist(at, "red_flag", &[Seg::Key("statements")], &r.statements, &statements);
            if let Some(patient) = r.patient {
                self.statements_exist(at, "red_flag", &[Seg::Key("patient")], &[patient], &statements);
            }
            self.terms_exist(at, "red_flag", &[Seg::Key("unless")], &r.unless, &terms);
            if let Some(instead) = r.instead.filter(|t| !terms.contains(t.0)) {
                let location = self.at(at, "red_flag", &[Seg::Key("instead")]);
                self.unknown_term(location, instead.0, &terms);
            }
        }
        let mut seen: HashMap<(&str, &str), Location> = HashMap::new();
        for (at, s) in self.each(|c| &c.sign) {
            if !candidates.contains(s.candidate.0) {
                let location = self.at(at, "sign", &[Seg::Key("candidate")]);
                let near = nearest(s.candidate.0, candidates.iter().copied(), 3);
                let mut d = Diagnostic::new(
                    Rule::UnknownCandidate,
                    location,
                    format!("no root card or mimic has the id `{}`", s.candidate),
                );
                if !near.is_empty() {
                    d = d.help(format!("did you mean {}?", or_list(&near)));
                }
                self.push(d);
            }
            if !terms.contains(s.finding.0) {
                let location = self.at(at, "sign", &[Seg::Key("finding")]);
                self.unknown_term(location, s.finding.0, &terms);
            }
            if !statements.contains(s.statement.0) {
                let location = self.at(at, "sign", &[Seg::Key("statement")]);
                self.unknown_statement(location, s.statement.0, &statements);
            }
            if let Some(accuracy) = s.accuracy {
                self.accuracy(at, "sign", &[Seg::Key("accuracy")], accuracy, s.statement);
            }
            let location = self.at(at, "sign", &[Seg::Key("finding")]);
            if let Some(first) = seen.get(&(s.candidate.0, s.finding.0)) {
                let d = Diagnostic::new(
                    Rule::DuplicateId,
                    location,
                    format!("`{}` already has a sign for `{}`", s.candidate, s.finding),
                )
                .help(format!("first given at {}:{}:{}", first.file, first.line, first.column));
                self.push(d);
            } else {
                seen.insert((s.candidate.0, s.finding.0), location);
            }
        }
    }
}

impl Validator<'_> {
    /// Causes name statements and terms that exist; weights and priors are finite, priors
    /// positive.
    fn causes(&mut self) {
        let statements = self.statement_ids();
        let terms: BTreeSet<&str> = self.each(|c| &c.term).into_iter().map(|(_, t)| t.id.0).collect();
        for (at, c) in self.each(|c| &c.cause) {
            for (key, ids) in [("statements", c.statements), ("next_steps", c.next_steps)] {
                self.statements_exist(at, "cause", &[Seg::Key(key)], &ids, &statements);
            }
            if !c.prior_log_odds.is_finite() {
                let location = self.at(at, "cause", &[Seg::Key("prior_log_odds")]);
                self.push(Diagnostic::new(
                    Rule::Weight,
                    location,
                    format!("prior_log_odds of `{}` is {}; it must be a finite number", c.id, c.prior_log_odds),
                ));
            }
            self.terms_exist(at, "cause", &[Seg::Key("requires")], &c.requires, &terms);
            self.applies(at, "cause", c.applies);
            for (i, f) in c.feature.iter().enumerate() {
                let path = |key| [Seg::Key("feature"), Seg::Index(i), Seg::Key(key)];
                if !terms.contains(f.finding.0) {
                    let location = self.at(at, "cause", &path("finding"));
                    self.unknown_term(location, f.finding.0, &terms);
                }
                if !statements.contains(f.statement.0) {
                    let location = self.at(at, "cause", &path("statement"));
                    self.unknown_statement(location, f.statement.0, &statements);
                }
                if !f.log_lr.is_finite() || f.log_lr == 0.0 {
                    let location = self.at(at, "cause", &path("log_lr"));
                    self.push(Diagnostic::new(
                        Rule::Weight,
                        location,
                        format!("log_lr {} of `{}` for `{}` must be a non-zero number", f.log_lr, f.finding, c.id),
                    ));
                }
                if let Some(accuracy) = f.accuracy {
                    let at_path = [Seg::Key("feature"), Seg::Index(i), Seg::Key("accuracy")];
                    self.accuracy(at, "cause", &at_path, accuracy, f.statement);
                    if (accuracy.log_lr_present() - f.log_lr).abs() > 0.01 {
                        let location = self.at(at, "cause", &path("log_lr"));
                        self.push(Diagnostic::new(
                            Rule::Weight,
                            location,
                            format!(
                                "log_lr {} of `{}` for `{}` does not follow from its accuracy (ln(sens / (100 - spec)) = {:.2})",
                                f.log_lr,
                                f.finding,
                                c.id,
                                accuracy.log_lr_present()
                            ),
                        ));
                    }
                }
            }
        }
    }
}

impl Validator<'_> {
    /// The statement says what kind of evidence it rests on, and one of its sources is of
    /// that kind.
    fn evidence(&mut self, at: At, s: &crate::Statement, refs: &HashMap<&'static str, &Reference>) {
        let Some(evidence) = s.evidence else {
            let location = self.at(at, "statement", &[Seg::Key("id")]);
            self.push(
                Diagnostic::new(Rule::Evidence, location, format!("statement `{}` does not say what kind of evidence it rests on", s.id))
                    .help("add `evidence = \"guideline\"` (or systematic-review, rct, cohort, cross-sectional, case-series, case-report, expert, standard, animal) as its sources give it"),
            );
            return;
        };
        let kinds: Vec<Evidence> = s.cites.iter().filter_map(|c| refs.get(c.0)).map(|r| Evidence::of(r.kind)).collect();
        if !kinds.is_empty() && !kinds.contains(&evidence) {
            let location = self.at(at, "statement", &[Seg::Key("evidence")]);
            let offered: BTreeSet<&str> = kinds.iter().map(|k| k.label()).collect();
            self.push(
                Diagnostic::new(
                    Rule::Evidence,
                    location,
                    format!("`{}` is marked {} evidence, but none of its sources is one", s.id, evidence.label()),
                )
                .help(format!("its sources give: {}", offered.into_iter().collect::<Vec<_>>().join(", "))),
            );
        }
    }

    /// A statement citing two sources that disagree is marked `contested` and says so; a
    /// statement marked `contested` cites two sources.
    fn contested(&mut self, at: At, s: &crate::Statement, refs: &HashMap<&'static str, &Reference>) {
        let cites: Vec<&str> = s.cites.iter().map(|c| c.0).collect();
        let disagreeing = s.cites.iter().filter_map(|c| refs.get(c.0)).find_map(|r| {
            r.disagrees_with.iter().find(|other| cites.contains(&other.0)).map(|other| (r.id.0, other.0))
        });
        let location = || self.at(at, "statement", &[Seg::Key("id")]);
        match (disagreeing, s.contested) {
            (Some((a, b)), false) => {
                let d = Diagnostic::new(
                    Rule::Contested,
                    location(),
                    format!("statement `{}` cites `{a}` and `{b}`, which disagree, but is not marked contested", s.id),
                )
                .help("say in the sentence that the sources disagree, and add `contested = true`");
                self.push(d);
            }
            (_, true) if cites.len() < 2 || !CONTRAST_WORDS.iter().any(|w| s.text.to_lowercase().contains(w)) => {
                let d = Diagnostic::new(
                    Rule::Contested,
                    location(),
                    format!("contested statement `{}` must cite the sources that disagree and say that they do", s.id),
                )
                .help("e.g. \"A found ..., whereas B found ...\"");
                self.push(d);
            }
            _ => {}
        }
    }

    /// `applies` names a population that exists.
    fn applies(&mut self, at: At, table: &str, population: crate::PopulationId) {
        let known: BTreeSet<&'static str> = self.each(|c| &c.population).into_iter().map(|(_, p)| p.id.0).collect();
        if !known.contains(population.0) {
            let location = self.at(at, table, &[Seg::Key("applies")]);
            let near = nearest(population.0, known.iter().copied(), 3);
            let mut d =
                Diagnostic::new(Rule::Applicability, location, format!("no population has the id `{population}`"));
            if !near.is_empty() {
                d = d.help(format!("did you mean {}?", or_list(&near)));
            }
            self.push(d);
        }
    }

    /// Numbers in a label must be backed like numbers in the statements it summarises.
    fn label_numbers(&mut self, at: At, table: &str, label: &str, backing: &[StatementId]) {
        let statements: HashMap<&str, &crate::Statement> =
            self.each(|c| &c.statement).into_iter().map(|(_, s)| (s.id.0, s)).collect();
        let refs = self.references_by_id();
        let mut known: Vec<f64> = Vec::new();
        for s in backing.iter().filter_map(|id| statements.get(id.0)) {
            known.extend(numbers::in_statement(&s.text).into_iter().map(|n| n.value));
            for r in s.cites.iter().filter_map(|c| refs.get(c.0)) {
                known.extend(r.finding.iter().flat_map(|f| numbers::in_figure(&f.figure)).map(|n| n.value));
            }
        }
        for number in numbers::in_statement(label) {
            if !known.contains(&number.value) {
                let location = self.at(at, table, &[Seg::Key("label")]);
                self.push(
                    Diagnostic::new(
                        Rule::UnbackedNumber,
                        location,
                        format!("`{}` in the label is in none of its statements or their figures", &label[number.span]),
                    )
                    .help("a label may only repeat numbers its headline and support statements print or cite"),
                );
            }
        }
    }

    /// Sensitivity and specificity are percentages that a figure of the statement's sources
    /// reports.
    fn accuracy(&mut self, at: At, table: &str, path: &[Seg<'_>], accuracy: crate::Accuracy, statement: StatementId) {
        let refs = self.references_by_id();
        let statements: HashMap<&str, &crate::Statement> =
            self.each(|c| &c.statement).into_iter().map(|(_, s)| (s.id.0, s)).collect();
        let figures: Vec<f64> = statements
            .get(statement.0)
            .into_iter()
            .flat_map(|s| s.cites.iter())
            .filter_map(|c| refs.get(c.0))
            .flat_map(|r| r.finding.iter())
            .flat_map(|f| numbers::in_figure(&f.figure))
            .map(|n| n.value)
            .collect();
        for (key, value) in [("sensitivity", accuracy.sensitivity), ("specificity", accuracy.specificity)] {
            let location = || self.at(at, table, &[path, &[Seg::Key(key)]].concat());
            if !(value > 0.0 && value < 100.0) {
                self.push(Diagnostic::new(
                    Rule::Weight,
                    location(),
                    format!("{key} {value} is not a percentage between 0 and 100"),
                ));
            } else if !figures.contains(&value) {
                self.push(Diagnostic::new(
                    Rule::UnbackedNumber,
                    location(),
                    format!("{key} {value} is in no recorded figure of the sources of `{statement}`"),
                ));
            }
        }
    }

    /// Populations name regions and sources; an age bound is a number their sources report.
    fn populations(&mut self) {
        let refs = self.references_by_id();
        for (at, p) in self.each(|c| &c.population) {
            if p.region.is_empty() {
                let location = self.at(at, "population", &[Seg::Key("region")]);
                self.push(Diagnostic::new(
                    Rule::Applicability,
                    location,
                    format!("population `{}` names no region", p.id),
                ));
            }
            if p.basis.is_empty() {
                let location = self.at(at, "population", &[Seg::Key("id")]);
                self.push(
                    Diagnostic::new(Rule::Applicability, location, format!("population `{}` names no source", p.id))
                        .help("add `basis = [\"<reference id>\"]`: the sources whose scope this is"),
                );
            }
            let figures: Vec<f64> = p
                .basis
                .iter()
                .filter_map(|b| refs.get(b.0))
                .flat_map(|r| r.finding.iter())
                .flat_map(|f| numbers::in_figure(&f.figure))
                .map(|n| n.value)
                .collect();
            for (i, b) in p.basis.iter().enumerate() {
                if !refs.contains_key(b.0) {
                    let location = self.at(at, "population", &[Seg::Key("basis"), Seg::Index(i)]);
                    self.push(Diagnostic::new(
                        Rule::UnknownReference,
                        location,
                        format!("no reference has the id `{b}`"),
                    ));
                }
            }
            for (key, bound) in [("min_age", p.min_age), ("max_age", p.max_age)] {
                if let Some(age) = bound.filter(|a| !figures.contains(&f64::from(*a))) {
                    let location = self.at(at, "population", &[Seg::Key(key)]);
                    self.push(
                        Diagnostic::new(
                            Rule::Applicability,
                            location,
                            format!("age bound {age} of `{}` is in no recorded figure of its sources", p.id),
                        )
                        .help("record the source's age bound as a figure of the reference named in `basis`"),
                    );
                }
            }
            if let (Some(lo), Some(hi)) = (p.min_age, p.max_age)
                && lo > hi
            {
                let location = self.at(at, "population", &[Seg::Key("min_age")]);
                self.push(Diagnostic::new(
                    Rule::Applicability,
                    location,
                    format!("`{}` has min_age above max_age", p.id),
                ));
            }
        }
    }

    /// Imaging rules name terms, studies and statements that exist, and no two share a
    /// priority; studies' alternatives exist.
    fn imaging(&mut self) {
        let statements = self.statement_ids();
        let terms: BTreeSet<&str> = self.each(|c| &c.term).into_iter().map(|(_, t)| t.id.0).collect();
        let studies: BTreeSet<&str> = self.each(|c| &c.study).into_iter().map(|(_, s)| s.id.0).collect();
        let unknown_study = |v: &mut Self, location: Location, id: &str| {
            let near = nearest(id, studies.iter().copied(), 3);
            let mut d = Diagnostic::new(Rule::Imaging, location, format!("no study has the id `{id}`"));
            if !near.is_empty() {
                d = d.help(format!("did you mean {}?", or_list(&near)));
            }
            v.push(d);
        };
        for (at, st) in self.each(|c| &c.study) {
            if let Some(alt) = st.alternative.filter(|a| !studies.contains(a.0)) {
                let location = self.at(at, "study", &[Seg::Key("alternative")]);
                unknown_study(self, location, alt.0);
            }
            if let Some(id) = st.alternative_statement {
                self.statements_exist(at, "study", &[Seg::Key("alternative_statement")], &[id], &statements);
            }
            for (i, caution) in st.caution.iter().enumerate() {
                let path = [Seg::Key("caution"), Seg::Index(i)];
                self.terms_exist(at, "study", &[&path[..], &[Seg::Key("when")]].concat(), &caution.when, &terms);
                self.statements_exist(
                    at,
                    "study",
                    &[&path[..], &[Seg::Key("statement")]].concat(),
                    &[caution.statement],
                    &statements,
                );
            }
            if st.mri && st.alternative.is_none() {
                let location = self.at(at, "study", &[Seg::Key("id")]);
                self.push(
                    Diagnostic::new(
                        Rule::Imaging,
                        location,
                        format!("MRI study `{}` has no alternative for when MRI cannot be done", st.id),
                    )
                    .help("add `alternative = \"<study id>\"` and `alternative_statement`"),
                );
            }
        }
        let mut priorities: HashMap<u16, &str> = HashMap::new();
        for (at, r) in self.each(|c| &c.imaging_rule) {
            for (key, list) in [("when", r.when), ("when_any", r.when_any), ("unless", r.unless)] {
                self.terms_exist(at, "imaging_rule", &[Seg::Key(key)], &list, &terms);
            }
            self.statements_exist(at, "imaging_rule", &[Seg::Key("headline")], &[r.headline], &statements);
            self.statements_exist(at, "imaging_rule", &[Seg::Key("support")], &r.support, &statements);
            self.applies(at, "imaging_rule", r.applies);
            if let Some(study) = r.study.filter(|s| !studies.contains(s.0)) {
                let location = self.at(at, "imaging_rule", &[Seg::Key("study")]);
                unknown_study(self, location, study.0);
            }
            if let Some(other) = priorities.insert(r.priority, r.id.0) {
                let location = self.at(at, "imaging_rule", &[Seg::Key("priority")]);
                self.push(Diagnostic::new(
                    Rule::Imaging,
                    location,
                    format!(
                        "priority {} of `{}` is also the priority of `{other}`; the order must be explicit",
                        r.priority, r.id
                    ),
                ));
            }
        }
    }

    /// Patterns and zone rules name statements and terms that exist; a zone rule is given once.
    fn patterns(&mut self) {
        let statements = self.statement_ids();
        let terms: BTreeSet<&str> = self.each(|c| &c.term).into_iter().map(|(_, t)| t.id.0).collect();
        for (at, p) in self.each(|c| &c.pattern) {
            self.statements_exist(at, "pattern", &[Seg::Key("statements")], &p.statements, &statements);
            if let Some(flag) = p.red_flag.filter(|f| !terms.contains(f.0)) {
                let location = self.at(at, "pattern", &[Seg::Key("red_flag")]);
                self.unknown_term(location, flag.0, &terms);
            }
            if !p.prior_log_odds.is_finite() {
                let location = self.at(at, "pattern", &[Seg::Key("prior_log_odds")]);
                self.push(Diagnostic::new(
                    Rule::Weight,
                    location,
                    format!("prior_log_odds of `{}` is not a number", p.id),
                ));
            }
        }
        for (at, r) in self.each(|c| &c.condition_rule) {
            for (key, list) in [("when", r.when), ("unless", r.unless), ("then", r.then)] {
                self.terms_exist(at, "condition_rule", &[Seg::Key(key)], &list, &terms);
            }
            self.statements_exist(at, "condition_rule", &[Seg::Key("statement")], &[r.statement], &statements);
        }
        let mut seen: BTreeSet<(crate::SpineRegion, crate::Zone)> = BTreeSet::new();
        for (at, z) in self.each(|c| &c.zone) {
            self.statements_exist(at, "zone", &[Seg::Key("statement")], &[z.statement], &statements);
            if !seen.insert((z.region, z.zone)) {
                let location = self.at(at, "zone", &[Seg::Key("zone")]);
                self.push(Diagnostic::new(Rule::DuplicateId, location, "this region and zone already have a rule"));
            }
        }
    }

    /// Exactly one `[parameters]` table; each parameter has a statement that states its value,
    /// or is a judgement with a reason.
    fn parameters(&mut self) {
        let files: Vec<usize> =
            (0..self.source.files.len()).filter(|&i| self.source.files[i].content.parameters.is_some()).collect();
        let Some(&file) = files.first() else {
            if !self.source.files.is_empty() {
                let f = &self.source.files[0];
                let location = crate::source::locate_span(&f.path, f.text, 0..0);
                self.push(
                    Diagnostic::new(Rule::Parameter, location, "the knowledge base has no [parameters] table")
                        .help("the engines need knowledge/engine/parameters.toml"),
                );
            }
            return;
        };
        for &other in &files[1..] {
            let location = self.source.locate(other, &[Seg::Key("parameters")]);
            let first = &self.source.files[file].path;
            self.push(Diagnostic::new(
                Rule::Parameter,
                location,
                format!("a second [parameters] table; keep the one in {first}"),
            ));
        }
        let Some(params) = self.source.files[file].content.parameters else { return };
        let statements: HashMap<&str, &crate::Statement> =
            self.each(|c| &c.statement).into_iter().map(|(_, s)| (s.id.0, s)).collect();
        let refs = self.references_by_id();
        for (name, p) in params.all() {
            let location = || self.source.locate(file, &[Seg::Key("parameters"), Seg::Key(name)]);
            if !p.value.is_finite() {
                self.push(Diagnostic::new(Rule::Parameter, location(), format!("parameter `{name}` is not a number")));
                continue;
            }
            match (p.statement, p.judgement) {
                (Some(_), true) | (None, false) => {
                    self.push(
                        Diagnostic::new(
                            Rule::Parameter,
                            location(),
                            format!(
                                "parameter `{name}` needs either a `statement` that states it or `judgement = true`"
                            ),
                        )
                        .help("cite the statement whose text or sources give the number; a judgement needs `why`"),
                    );
                }
                (None, true) if p.why.is_none_or(|w| w.trim().is_empty()) => {
                    self.push(Diagnostic::new(
                        Rule::Parameter,
                        location(),
                        format!("judgement `{name}` does not say `why`"),
                    ));
                }
                (Some(id), false) => match statements.get(id.0) {
                    None => {
                        let known = self.statement_ids();
                        self.unknown_statement(location(), id.0, &known);
                    }
                    Some(st) => {
                        let mut known: Vec<f64> =
                            numbers::in_statement(&st.text).into_iter().map(|n| n.value).collect();
                        for r in st.cites.iter().filter_map(|c| refs.get(c.0)) {
                            known.extend(r.finding.iter().flat_map(|f| numbers::in_figure(&f.figure)).map(|n| n.value));
                        }
                        if !known.contains(&p.value) {
                            self.push(Diagnostic::new(
                                Rule::Parameter,
                                location(),
                                format!("parameter `{name}` = {} is not stated by `{id}` or its sources", p.value),
                            ));
                        }
                    }
                },
                _ => {}
            }
        }
    }

    /// Under `--strict`: at least [`IDENTIFIER_COVERAGE`] of cited references have a PMID or DOI.
    fn coverage(&mut self) {
        let refs = self.each(|c| &c.reference);
        if refs.is_empty() {
            return;
        }
        let with = refs.iter().filter(|(_, r)| r.pmid.is_some() || r.doi.is_some()).count();
        #[allow(clippy::cast_precision_loss)]
        let share = with as f64 / refs.len() as f64;
        if share < IDENTIFIER_COVERAGE {
            let (at, _) = refs[0];
            let location = self.at(at, "reference", &[Seg::Key("id")]);
            let without: Vec<&str> =
                refs.iter().filter(|(_, r)| r.pmid.is_none() && r.doi.is_none()).map(|(_, r)| r.id.0).collect();
            self.push(
                Diagnostic::new(
                    Rule::Coverage,
                    location,
                    format!(
                        "{with} of {} references ({:.1}%) have a PMID or DOI; the target is {:.0}%",
                        refs.len(),
                        share * 100.0,
                        IDENTIFIER_COVERAGE * 100.0
                    ),
                )
                .help(format!("without one: {}", without.join(", "))),
            );
        }
    }
}

/// Words that show a sentence reports a disagreement.
const CONTRAST_WORDS: &[&str] = &["whereas", "however", " but ", "disagree", "conflict", "contested", "in contrast"];

fn is_reference_id(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// `a.b-c.d`: two or more segments of lowercase kebab-case.
fn is_dotted_id(id: &str) -> bool {
    let segments: Vec<&str> = id.split('.').collect();
    segments.len() >= 2
        && segments.iter().all(|s| {
            !s.is_empty()
                && !s.starts_with('-')
                && !s.ends_with('-')
                && !s.contains("--")
                && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
}

fn is_doi(doi: &str) -> bool {
    let Some(rest) = doi.strip_prefix("10.") else { return false };
    let Some((registrant, suffix)) = rest.split_once('/') else { return false };
    !registrant.is_empty()
        && registrant.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && !suffix.is_empty()
        && !suffix.chars().any(char::is_whitespace)
}

fn is_web_url(url: &str, https_only: bool) -> bool {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://").filter(|_| !https_only));
    rest.is_some_and(|rest| {
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        host.contains('.') && !url.chars().any(char::is_whitespace)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_forms() {
        assert!(is_dotted_id("gbs.ivig-regimen"));
        assert!(is_dotted_id("anatomy.l5.key-muscle"));
        assert!(!is_dotted_id("gbs"));
        assert!(!is_dotted_id("GBS.ivig"));
        assert!(!is_dotted_id("gbs..ivig"));
        assert!(!is_dotted_id("gbs.ivig-"));
        assert!(is_reference_id("riew2000"));
        assert!(!is_reference_id("Riew 2000"));
    }

    #[test]
    fn doi_forms() {
        assert!(is_doi("10.2106/00004623-200011000-00012"));
        assert!(is_doi("10.1002/14651858.CD001446.pub5"));
        assert!(!is_doi("https://doi.org/10.1000/x"));
        assert!(!is_doi("10.abc/x"));
        assert!(!is_doi("10.1000/"));
    }

    #[test]
    fn denied_hosts() {
        assert_eq!(denied_host("https://www.scribd.com/document/1"), Some("scribd.com"));
        assert_eq!(denied_host("https://tr.scribd.com/x"), Some("tr.scribd.com"));
        assert_eq!(
            denied_host("https://emedicine.staging.medscape.com/article/1"),
            Some("emedicine.staging.medscape.com")
        );
        assert_eq!(denied_host("https://acnpsearch.tweb-dev.unibo.it/x"), Some("acnpsearch.tweb-dev.unibo.it"));
        assert_eq!(denied_host("https://rcr.netcprev.co.uk/x"), Some("rcr.netcprev.co.uk"));
        assert_eq!(denied_host("https://pubmed.ncbi.nlm.nih.gov/1/"), None);
        assert_eq!(denied_host("https://www.nice.org.uk/guidance/ng59"), None);
        assert_eq!(denied_host("https://developer.example.org/"), None, "a label that merely starts with dev is fine");
    }

    #[test]
    fn url_forms() {
        assert!(is_web_url("https://pubmed.ncbi.nlm.nih.gov/11097449/", true));
        assert!(!is_web_url("http://pubmed.ncbi.nlm.nih.gov/11097449/", true));
        assert!(is_web_url("http://pubmed.ncbi.nlm.nih.gov/11097449/", false));
        assert!(!is_web_url("https://localhost", true));
        assert!(!is_web_url("pubmed 11097449", false));
    }
}
