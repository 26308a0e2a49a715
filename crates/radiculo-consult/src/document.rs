//! An answer before it is written out: alerts first, the direct answer, the one-screen
//! sections, the full evidence (printed with `--detail`), and notices of what is not covered.
//!
//! Clinical text is never held here: a [`Line`] names one statement of the knowledge base and
//! may carry a computed [`Lead`] (a rank, a dose with its arithmetic, a finding), built only
//! from values, labels and names that come from the knowledge base or the user's input.

use radiculo_kb::StatementId;

/// What a document answers, and so its word budget at the summary level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `radiculo ask`.
    Ask,
    /// `radiculo consult`.
    Consult,
    /// `radiculo localize`, `differential`, `pathway`, `imaging`.
    Command,
    /// Reference material (root cards, reference lists): no budget.
    Reference,
}

impl Kind {
    /// Most words the summary may print, references excluded.
    pub fn budget(self) -> Option<usize> {
        match self {
            Kind::Ask => Some(250),
            Kind::Command => Some(300),
            Kind::Consult => Some(400),
            Kind::Reference => None,
        }
    }
}

/// A whole answer.
#[derive(Debug, Clone)]
pub struct Document {
    /// The title: the direct answer in a few words.
    pub title: String,
    /// What kind of answer this is.
    pub kind: Kind,
    /// Red flags and triage: always first.
    pub alerts: Vec<Line>,
    /// The direct answer to what was asked.
    pub answer: Vec<Line>,
    /// Sections of the one-screen answer, in order.
    pub summary: Vec<Section>,
    /// Sections printed only with `--detail`: the full evidence.
    pub detail: Vec<Section>,
    /// What is not covered, not understood or not counted: printed at every level.
    pub notices: Vec<Line>,
}

impl Document {
    /// An empty document with a title.
    pub fn new(kind: Kind, title: impl Into<String>) -> Document {
        Document {
            title: title.into(),
            kind,
            alerts: Vec::new(),
            answer: Vec::new(),
            summary: Vec::new(),
            detail: Vec::new(),
            notices: Vec::new(),
        }
    }

    /// Adds a summary section unless it is empty.
    pub fn summary(&mut self, section: Section) {
        if !section.lines.is_empty() {
            self.summary.push(section);
        }
    }

    /// Adds a detail section unless it is empty.
    pub fn detail(&mut self, section: Section) {
        if !section.lines.is_empty() {
            self.detail.push(section);
        }
    }

    /// Drops section lines that only repeat a statement printed earlier in the document
    /// (alerts, the answer, earlier sections). Lines with a lead of their own stay: they say
    /// something the statement alone does not.
    pub fn without_repeats(&self) -> Document {
        let mut doc = self.clone();
        let mut seen: Vec<StatementId> = doc.alerts.iter().chain(&doc.answer).filter_map(|l| l.statement).collect();
        for section in doc.summary.iter_mut().chain(doc.detail.iter_mut()) {
            section.lines.retain(|line| match line.statement {
                Some(id) if line.lead.is_none() && seen.contains(&id) => false,
                Some(id) => {
                    seen.push(id);
                    true
                }
                None => true,
            });
        }
        doc.summary.retain(|s| !s.lines.is_empty());
        doc.detail.retain(|s| !s.lines.is_empty());
        doc
    }
}

/// What a section is, which fixes its heading.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Heading {
    DoNow,
    Avoid,
    NextTest,
    Imaging,
    Referral,
    Doses,
    Ranking,
    Differential,
    NextSteps,
    WouldChange,
    Concordance,
    RedFlags,
    Support,
    Cautions,
    Electrodiagnosis,
    NotCounted,
    Conditions,
    Sensory,
    Motor,
    Reflexes,
    Pain,
    Compression,
    Topic(&'static str),
    Custom(String),
    Why,
    Handout,
}

impl Heading {
    /// The heading as printed.
    pub fn text(&self) -> &str {
        match self {
            Heading::DoNow => "Do now",
            Heading::Avoid => "Avoid",
            Heading::NextTest => "Next test",
            Heading::Imaging => "Imaging",
            Heading::Referral => "Referral",
            Heading::Doses => "Doses",
            Heading::Ranking => "Ranking",
            Heading::Differential => "Differential",
            Heading::NextSteps => "Next diagnostic steps",
            Heading::WouldChange => "What would change the ranking",
            Heading::Concordance => "MRI and examination",
            Heading::RedFlags => "Red flags",
            Heading::Support => "Evidence behind the recommendations",
            Heading::Cautions => "Cautions",
            Heading::Electrodiagnosis => "When electrodiagnosis would decide",
            Heading::NotCounted => "Not counted",
            Heading::Conditions => "Conditions that held",
            Heading::Sensory => "Dermatome and key sensory point",
            Heading::Motor => "Muscles and actions",
            Heading::Reflexes => "Reflexes",
            Heading::Pain => "Pain",
            Heading::Compression => "Discs and zones that compress it",
            Heading::Topic(text) => text,
            Heading::Custom(text) => text,
            Heading::Why => "Why this answer",
            Heading::Handout => "What to do",
        }
    }
}

/// A headed list of lines.
#[derive(Debug, Clone)]
pub struct Section {
    /// The heading.
    pub heading: Heading,
    /// The lines, each a bullet.
    pub lines: Vec<Line>,
}

impl Section {
    /// A section of lines.
    pub fn new(heading: Heading, lines: Vec<Line>) -> Section {
        Section { heading, lines }
    }
}

/// Computed text that leads a line.
#[derive(Debug, Clone, PartialEq)]
pub enum Lead {
    /// A label from the knowledge base or a fixed interface word ("triage: URGENT").
    Label(String),
    /// A ranked candidate or cause, with its rank words.
    Rank(String),
    /// A dose with its arithmetic.
    Dose(String),
    /// A finding or value as the user gave it.
    Finding(String),
    /// An explanation of how the input was read.
    Trace(String),
}

impl Lead {
    /// The text.
    pub fn text(&self) -> &str {
        match self {
            Lead::Label(t) | Lead::Rank(t) | Lead::Dose(t) | Lead::Finding(t) | Lead::Trace(t) => t,
        }
    }
}

/// One bullet: an optional lead and at most one statement, with what supports it.
#[derive(Debug, Clone, Default)]
pub struct Line {
    /// Computed text before the statement.
    pub lead: Option<Lead>,
    /// The statement, printed with its citation numbers and its kind of evidence.
    pub statement: Option<StatementId>,
    /// Supporting statements, printed under the line with `--detail`.
    pub support: Vec<StatementId>,
    /// Computed sub-points (e.g. the findings for and against a candidate), with `--detail`.
    pub notes: Vec<String>,
}

impl Line {
    /// A line of one statement.
    pub fn statement(id: StatementId) -> Line {
        Line { statement: Some(id), ..Line::default() }
    }

    /// A line of a lead and, optionally, a statement.
    pub fn led(lead: Lead, statement: Option<StatementId>) -> Line {
        Line { lead: Some(lead), statement, ..Line::default() }
    }

    /// Adds supporting statements.
    pub fn with_support(mut self, support: impl IntoIterator<Item = StatementId>) -> Line {
        self.support.extend(support);
        self
    }

    /// Adds computed sub-points.
    pub fn with_notes(mut self, notes: Vec<String>) -> Line {
        self.notes = notes;
        self
    }
}
