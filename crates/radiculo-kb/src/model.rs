//! The types of the knowledge base.
//!
//! Every value is `'static` and `Copy`-cheap: baked data is a tree of `&'static` references
//! built at compile time, and data read from TOML (with the `source` feature) is leaked into
//! the same shape once per process, so one set of types serves both.

use core::fmt;
use core::ops::Deref;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A `'static` string of knowledge text.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Text(pub &'static str);

/// A `'static` list of knowledge items.
#[derive(PartialEq)]
pub struct List<T: 'static>(pub &'static [T]);

macro_rules! id_type {
    ($(#[$doc:meta] $name:ident),* $(,)?) => {$(
        #[$doc]
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub &'static str);

        impl $name {
            /// The id as written in the knowledge base.
            pub fn as_str(self) -> &'static str {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(self.0, f)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_newtype_struct(stringify!($name), self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                Text::deserialize(d).map(|t| $name(t.0))
            }
        }
    )*};
}

id_type! {
    /// Identifies a [`Reference`], e.g. `riew2000`.
    ReferenceId,
    /// Identifies a [`Statement`], e.g. `gbs.ivig-regimen`.
    StatementId,
    /// Identifies a vocabulary [`Term`], e.g. `action.ankle-dorsiflexion`.
    TermId,
    /// Identifies a pathway [`Step`].
    StepId,
    /// Identifies a [`Dose`] regimen.
    DoseId,
    /// Identifies a [`Topic`].
    TopicId,
    /// Identifies a localization candidate: a root (`l5`) or a mimic (`common-peroneal-neuropathy`).
    CandidateId,
    /// Identifies a cause in the imaging differential, e.g. `guillain-barre-syndrome`.
    CauseId,
    /// Identifies a [`Population`], e.g. `population.adults-lumbar`.
    PopulationId,
    /// Identifies an [`ImagingRule`].
    ImagingRuleId,
    /// Identifies a [`Study`], e.g. `mri-lumbar-without-contrast`.
    StudyId,
}

/// A verified source: its bibliographic record and the figures read from it.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// First author + year, e.g. `riew2000`.
    pub id: ReferenceId,
    /// What kind of source this is.
    pub kind: ReferenceKind,
    /// Title as on the record.
    pub title: Text,
    /// Authors as on the record, first author first.
    #[serde(default)]
    pub authors: List<Text>,
    /// Journal, or the body that issued a guideline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub journal: Option<Text>,
    /// Year of publication.
    pub year: u16,
    /// Journal volume.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume: Option<Text>,
    /// Journal issue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issue: Option<Text>,
    /// Page range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<Text>,
    /// PubMed id (1-8 digits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pmid: Option<Text>,
    /// Digital object identifier, `10.<registrant>/<suffix>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doi: Option<Text>,
    /// Canonical page, for sources without PMID or DOI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Text>,
    /// The page where the record was read.
    pub seen_at: Text,
    /// Fields that could not be confirmed on a record.
    #[serde(default)]
    pub unverified: List<Text>,
    /// For guidelines and criteria: the version read, with its date (e.g. `2024 update`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edition: Option<Text>,
    /// References whose findings this one contradicts: a statement citing both must be
    /// marked `contested` and say so.
    #[serde(default)]
    pub disagrees_with: List<ReferenceId>,
    /// What the source reports, with the numbers statements may use.
    #[serde(default)]
    pub finding: List<Finding>,
}

/// One result recorded from a reference.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    /// The numbers as the source reports them.
    pub figure: Text,
    /// What the source supports, in plain words.
    pub claim: Text,
    /// Seed answers that made this claim.
    #[serde(default)]
    pub seed_claims: List<Text>,
    /// Where this finding was read, when not on the record page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seen_at: Option<Text>,
}

/// The kind of a source, from standard to case report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[allow(missing_docs)]
pub enum ReferenceKind {
    Guideline,
    SystematicReview,
    MetaAnalysis,
    Rct,
    Cohort,
    CrossSectional,
    CaseControl,
    CaseSeries,
    CaseReport,
    NarrativeReview,
    AnimalStudy,
    Standard,
    Textbook,
    WebResource,
}

/// A sentence the tool may print, with the sources that back it.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    /// Dotted kebab-case id, e.g. `gbs.ivig-regimen`.
    pub id: StatementId,
    /// The sentence.
    pub text: Text,
    /// References that back the sentence (at least one).
    #[serde(default)]
    pub cites: List<ReferenceId>,
    /// How strong the evidence is, where the source says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strength: Option<Strength>,
    /// Vocabulary terms that must hold for the statement to apply.
    #[serde(default)]
    pub when: List<TermId>,
    /// Where a number in the text comes from, when no cited figure contains it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derivation: Option<Text>,
    /// What kind of evidence the sentence rests on; printed beside every recommendation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
    /// The cited sources disagree, and the sentence says so.
    #[serde(default)]
    pub contested: bool,
    /// Who the sentence is written for.
    #[serde(default)]
    pub audience: Audience,
}

/// Who a statement is written for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Audience {
    /// Clinicians (the default).
    #[default]
    Clinician,
    /// Patients: plain language, for the handout.
    Patient,
}

/// The kind of evidence behind a statement, as a clinician would weigh it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Evidence {
    /// A recommendation of a clinical practice guideline (its strength in `strength`).
    Guideline,
    /// A systematic review or meta-analysis.
    SystematicReview,
    /// A randomised controlled trial.
    Rct,
    /// A cohort or case-control study.
    Cohort,
    /// A cross-sectional or diagnostic-accuracy study.
    CrossSectional,
    /// A case series.
    CaseSeries,
    /// A case report.
    CaseReport,
    /// Expert opinion: a narrative review, a textbook or a professional reference page.
    Expert,
    /// A definition from a classification standard.
    Standard,
    /// Animal or laboratory studies.
    Animal,
}

impl Evidence {
    /// Every kind, strongest first.
    pub const ALL: [Evidence; 10] = [
        Evidence::Guideline,
        Evidence::SystematicReview,
        Evidence::Rct,
        Evidence::Cohort,
        Evidence::CrossSectional,
        Evidence::CaseSeries,
        Evidence::CaseReport,
        Evidence::Expert,
        Evidence::Standard,
        Evidence::Animal,
    ];

    /// The kind as printed beside a recommendation.
    pub fn label(self) -> &'static str {
        match self {
            Evidence::Guideline => "guideline",
            Evidence::SystematicReview => "systematic review",
            Evidence::Rct => "RCT",
            Evidence::Cohort => "cohort",
            Evidence::CrossSectional => "cross-sectional",
            Evidence::CaseSeries => "case series",
            Evidence::CaseReport => "case report",
            Evidence::Expert => "expert opinion",
            Evidence::Standard => "standard",
            Evidence::Animal => "animal study",
        }
    }

    /// The evidence a source of this kind can give.
    pub fn of(kind: ReferenceKind) -> Evidence {
        match kind {
            ReferenceKind::Guideline => Evidence::Guideline,
            ReferenceKind::SystematicReview | ReferenceKind::MetaAnalysis => Evidence::SystematicReview,
            ReferenceKind::Rct => Evidence::Rct,
            ReferenceKind::Cohort | ReferenceKind::CaseControl => Evidence::Cohort,
            ReferenceKind::CrossSectional => Evidence::CrossSectional,
            ReferenceKind::CaseSeries => Evidence::CaseSeries,
            ReferenceKind::CaseReport => Evidence::CaseReport,
            ReferenceKind::NarrativeReview | ReferenceKind::Textbook | ReferenceKind::WebResource => Evidence::Expert,
            ReferenceKind::Standard => Evidence::Standard,
            ReferenceKind::AnimalStudy => Evidence::Animal,
        }
    }
}

impl ReferenceKind {
    /// The name used in the knowledge base, e.g. `systematic-review`.
    pub fn as_str(self) -> &'static str {
        match self {
            ReferenceKind::Guideline => "guideline",
            ReferenceKind::SystematicReview => "systematic-review",
            ReferenceKind::MetaAnalysis => "meta-analysis",
            ReferenceKind::Rct => "rct",
            ReferenceKind::Cohort => "cohort",
            ReferenceKind::CrossSectional => "cross-sectional",
            ReferenceKind::CaseControl => "case-control",
            ReferenceKind::CaseSeries => "case-series",
            ReferenceKind::CaseReport => "case-report",
            ReferenceKind::NarrativeReview => "narrative-review",
            ReferenceKind::AnimalStudy => "animal-study",
            ReferenceKind::Standard => "standard",
            ReferenceKind::Textbook => "textbook",
            ReferenceKind::WebResource => "web-resource",
        }
    }
}

/// Strength of the evidence behind a statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Strength {
    /// Further research is very unlikely to change confidence in the estimate.
    High,
    /// Further research is likely to have an important impact.
    Moderate,
    /// Further research is very likely to change the estimate.
    Low,
    /// Any estimate of effect is very uncertain.
    VeryLow,
    /// Expert consensus of a guideline panel without graded evidence.
    Consensus,
    /// A definition of a classification standard.
    Standard,
}

impl Strength {
    /// The name used in the knowledge base, e.g. `very-low`.
    pub fn as_str(self) -> &'static str {
        match self {
            Strength::High => "high",
            Strength::Moderate => "moderate",
            Strength::Low => "low",
            Strength::VeryLow => "very-low",
            Strength::Consensus => "consensus",
            Strength::Standard => "standard",
        }
    }
}

/// A vocabulary term: what user input may say, with its synonyms.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// `kind.name`, e.g. `action.ankle-dorsiflexion`.
    pub id: TermId,
    /// The canonical name.
    pub label: Text,
    /// Other ways of saying the same thing.
    #[serde(default)]
    pub synonyms: List<Text>,
    /// Terms that hold whenever this one does (e.g. a named anticoagulant implies
    /// `drug-class.anticoagulant`; checkpoint-inhibitor therapy implies a cancer history).
    #[serde(default)]
    pub implies: List<TermId>,
}

/// A step of a care pathway.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Step id.
    pub id: StepId,
    /// What kind of step: something to do, to avoid, a referral, a follow-up.
    #[serde(default)]
    pub kind: StepKind,
    /// A short name, e.g. "Stay active"; the id when not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<Text>,
    /// Condition terms that must all hold for the step to apply.
    #[serde(default)]
    pub when: List<TermId>,
    /// Condition terms none of which may hold.
    #[serde(default)]
    pub unless: List<TermId>,
    /// For referrals: to whom.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refer_to: Option<Text>,
    /// For referrals: within how many days, where a cited source gives a time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within_days: Option<u16>,
    /// The one statement printed as the recommendation.
    pub headline: StatementId,
    /// Statements that support it, printed with `--detail`.
    #[serde(default)]
    pub support: List<StatementId>,
    /// The plain-language statement for the patient handout, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patient: Option<StatementId>,
    /// The population the step's sources address.
    pub applies: PopulationId,
    /// Steps that may follow this one.
    #[serde(default)]
    pub next: List<StepId>,
    /// Whether the pathway may start here.
    #[serde(default)]
    pub entry: bool,
}

/// What a pathway step asks for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepKind {
    /// Something to do.
    #[default]
    Do,
    /// Something not to do.
    Avoid,
    /// A referral.
    Refer,
    /// When to review, and what should bring the patient back sooner.
    FollowUp,
    /// A safety check that must come before the treatment it guards (an antithrombotic hold
    /// before an injection): printed right after referrals.
    Check,
}

impl StepKind {
    /// Where steps of this kind stand in a plan: referrals, then safety checks, then the rest.
    pub fn precedence(self) -> u8 {
        match self {
            StepKind::Refer => 0,
            StepKind::Check => 1,
            StepKind::Do | StepKind::Avoid | StepKind::FollowUp => 2,
        }
    }
}

/// A drug regimen whose amounts come from a cited source.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dose {
    /// Regimen id.
    pub id: DoseId,
    /// The drug as it should be printed.
    pub drug: Text,
    /// How it is given.
    pub route: Route,
    /// Whether the amount is per kilogram of body weight.
    pub basis: DoseBasis,
    /// Unit of `min`, `max` and `cap_per_day`.
    pub unit: DoseUnit,
    /// Lowest amount of the range (per kg per day, or per day).
    pub min: f64,
    /// Highest amount of the range.
    pub max: f64,
    /// Days of treatment, where the source fixes them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<u16>,
    /// Largest daily amount, where the source gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap_per_day: Option<f64>,
    /// Why a weight-based regimen has no cap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_cap: Option<Text>,
    /// The statement that states this regimen and cites its source.
    pub statement: StatementId,
    /// Condition terms that must all hold for the regimen to apply.
    #[serde(default)]
    pub when: List<TermId>,
    /// Condition terms none of which may hold.
    #[serde(default)]
    pub unless: List<TermId>,
    /// Cautions printed with the computed dose (e.g. dosing weight in obesity).
    #[serde(default)]
    pub cautions: List<StatementId>,
    /// The population the regimen's source addresses.
    pub applies: PopulationId,
}

/// Route of administration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[allow(missing_docs)]
pub enum Route {
    Iv,
    Oral,
    Im,
    Sc,
    Epidural,
}

/// What a dose amount is relative to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DoseBasis {
    /// Amount per kilogram of body weight per day.
    PerKgPerDay,
    /// A fixed amount per day.
    FixedPerDay,
}

/// Mass units allowed in doses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[allow(missing_docs)]
pub enum DoseUnit {
    Mg,
    G,
}

/// An answer to a clinical question: bottom line, sections, pitfalls.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    /// Topic id.
    pub id: TopicId,
    /// Title of the answer.
    pub title: Text,
    /// Question terms (`question.*`) that must all be recognised for this topic to answer.
    #[serde(default)]
    pub requires: List<TermId>,
    /// Question terms that make this topic a better answer when recognised.
    #[serde(default)]
    pub prefers: List<TermId>,
    /// The statements that make up the bottom line.
    pub bottom_line: List<StatementId>,
    /// Sections in order.
    #[serde(default)]
    pub section: List<Section>,
    /// Pitfalls to avoid.
    #[serde(default)]
    pub pitfalls: List<StatementId>,
    /// The population the topic's sources address.
    pub applies: PopulationId,
}

/// A headed group of statements in a topic.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Heading as printed.
    pub heading: Text,
    /// Statements in order.
    pub statements: List<StatementId>,
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.0
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0, f)
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_newtype_struct("Text", self.0)
    }
}

impl<'de> Deserialize<'de> for Text {
    /// Leaks the string: knowledge is read once per process and lives as long as it.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(|s| Text(Box::leak(s.into_boxed_str())))
    }
}

impl<T> Clone for List<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for List<T> {}

impl<T> Default for List<T> {
    fn default() -> Self {
        List(&[])
    }
}

impl<T> Deref for List<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        self.0
    }
}

impl<T: fmt::Debug> fmt::Debug for List<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0).finish()
    }
}

impl<T: Serialize> Serialize for List<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_newtype_struct("List", self.0)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for List<T> {
    /// Leaks the items, as [`Text`] does.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Vec::<T>::deserialize(d).map(|v| List(Box::leak(v.into_boxed_slice())))
    }
}

/// The knowledge behind one nerve root's card: statements grouped by what they describe.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RootCard {
    /// Root in lowercase, e.g. `l5`, `c6`, `s4-5`.
    pub id: CandidateId,
    /// Dermatome and key sensory point.
    #[serde(default)]
    pub sensory: List<StatementId>,
    /// Key muscle and other muscles and actions.
    #[serde(default)]
    pub motor: List<StatementId>,
    /// Reflexes.
    #[serde(default)]
    pub reflexes: List<StatementId>,
    /// Typical pain distribution.
    #[serde(default)]
    pub pain: List<StatementId>,
    /// Discs and herniation zones that compress the root.
    #[serde(default)]
    pub compression: List<StatementId>,
}

/// A peripheral nerve or plexus disorder that can look like a radiculopathy.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mimic {
    /// Kebab-case name, e.g. `common-peroneal-neuropathy`.
    pub id: CandidateId,
    /// The name as printed.
    pub label: Text,
    /// The limb it affects.
    pub limb: Limb,
    /// What characterises it.
    pub statements: List<StatementId>,
}

/// Upper or lower limb.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[allow(missing_docs)]
pub enum Limb {
    Upper,
    Lower,
}

/// How an examination finding bears on a localization candidate.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sign {
    /// The root or mimic.
    pub candidate: CandidateId,
    /// The vocabulary term of the finding (`action.*`, `reflex.*`, `area.*`, `sign.*`).
    pub finding: TermId,
    /// Whether the finding is expected abnormal (primary, secondary) or normal (spared).
    pub role: SignRole,
    /// The statement that says so, with its citation.
    pub statement: StatementId,
    /// Log-likelihood ratio from the source's sensitivity and specificity, when it gives them;
    /// otherwise the engine's judged weight for the role and finding kind applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accuracy: Option<Accuracy>,
}

/// Diagnostic accuracy of a finding as a source reports it, in percent.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Accuracy {
    /// Sensitivity, percent.
    pub sensitivity: f64,
    /// Specificity, percent.
    pub specificity: f64,
}

impl Accuracy {
    /// The log-likelihood ratio of the finding present: ln(sens / (1 - spec)).
    pub fn log_lr_present(self) -> f64 {
        (self.sensitivity / (100.0 - self.specificity)).ln()
    }

    /// The log-likelihood ratio of the finding absent: ln((1 - sens) / spec).
    pub fn log_lr_absent(self) -> f64 {
        ((100.0 - self.sensitivity) / self.specificity).ln()
    }
}

/// What a candidate predicts about a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignRole {
    /// Regularly abnormal with this candidate (e.g. the key muscle of a root).
    Primary,
    /// Sometimes abnormal (e.g. a muscle the root shares with a neighbour).
    Secondary,
    /// Expected normal with this candidate; abnormal argues against it.
    Spared,
}

/// A finding that changes how fast a patient must be seen.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedFlag {
    /// The vocabulary term, `red-flag.<name>`.
    pub term: TermId,
    /// How urgent it makes the case.
    pub triage: Triage,
    /// The condition it raises suspicion of, e.g. `cauda-equina-syndrome`.
    pub suspect: Text,
    /// What to do and why, with citations.
    pub statements: List<StatementId>,
    /// The plain-language safety-net statement for the patient handout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patient: Option<StatementId>,
    /// Conditions that explain the finding otherwise: when one holds, the flag is not raised
    /// and `instead` is raised in its place (e.g. bilateral weakness in suspected Guillain-Barre
    /// syndrome is a polyradiculoneuropathy, not cauda equina compression).
    #[serde(default)]
    pub unless: List<TermId>,
    /// The red flag raised instead when an `unless` condition holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instead: Option<TermId>,
    /// The spinal region the flag points to whatever the rest of the case says (saddle
    /// anaesthesia is lumbosacral even in a patient with cervical radiculopathy): guidance
    /// for that region then applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<SpineRegion>,
}

/// How soon a patient must be assessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Triage {
    /// Same-day emergency assessment.
    Emergency,
    /// Prompt assessment, within days.
    Urgent,
    /// Routine care.
    Routine,
}

/// A cause of nerve-root enhancement or impingement in the imaging differential.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cause {
    /// Kebab-case id, e.g. `disc-herniation-radiculitis`.
    pub id: CauseId,
    /// The name as printed.
    pub label: Text,
    /// The kind of cause.
    pub category: CauseCategory,
    /// How soon it must be pursued when it leads the differential.
    pub urgency: Urgency,
    /// Log-odds before any finding, relative to the other causes (0 is average); a judgement
    /// unless `derivation` says where it comes from.
    pub prior_log_odds: f64,
    /// Findings that must all be present for the cause to be ranked at all (e.g. causes of
    /// enhancement need `imaging.enhancement`).
    #[serde(default)]
    pub requires: List<TermId>,
    /// The population its sources address.
    pub applies: PopulationId,
    /// What it is and why it is considered.
    pub statements: List<StatementId>,
    /// Next diagnostic steps, in order.
    pub next_steps: List<StatementId>,
    /// Findings that raise or lower it.
    #[serde(default)]
    pub feature: List<Feature>,
}

/// A finding that bears on a cause.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Feature {
    /// The vocabulary term (`imaging.*` or `context.*`).
    pub finding: TermId,
    /// Log-likelihood ratio of the finding for the cause: positive supports it, negative
    /// argues against it. A judgement unless `accuracy` gives the source's figures.
    pub log_lr: f64,
    /// The source's sensitivity and specificity, from which `log_lr` must follow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accuracy: Option<Accuracy>,
    /// The statement that says so.
    pub statement: StatementId,
}

/// The kind of a cause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[allow(missing_docs)]
pub enum CauseCategory {
    Inflammatory,
    PostSurgical,
    Neoplastic,
    Infectious,
    Iatrogenic,
    Compressive,
}

/// How soon a cause must be pursued.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[allow(missing_docs)]
pub enum Urgency {
    Emergent,
    Urgent,
    Routine,
}

/// A group of patients a source's guidance addresses. Steps, regimens, topics, imaging rules
/// and causes name one; guidance is printed as a recommendation only for patients inside it.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Population {
    /// `population.<name>`.
    pub id: PopulationId,
    /// Who it is, as printed in a not-covered notice, e.g. "adults (16 and over) with low back
    /// pain or sciatica".
    pub label: Text,
    /// The spinal regions the sources address.
    pub region: List<SpineRegion>,
    /// Youngest age the sources address, in years.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_age: Option<u16>,
    /// Oldest age the sources address, in years.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age: Option<u16>,
    /// Whether the sources address pregnancy.
    #[serde(default)]
    pub pregnancy: PregnancyScope,
    /// The sources whose scope this is; an age bound must appear in one of their figures.
    pub basis: List<ReferenceId>,
}

/// A spinal region, as guidance is scoped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SpineRegion {
    /// Cervical spine and roots (arm symptoms).
    Cervical,
    /// Thoracic spine and roots.
    Thoracic,
    /// Lumbar and sacral spine and roots (leg symptoms).
    Lumbosacral,
    /// Any region: the guidance is not region-specific.
    Any,
}

impl SpineRegion {
    /// The region as printed.
    pub fn name(self) -> &'static str {
        match self {
            SpineRegion::Cervical => "cervical",
            SpineRegion::Thoracic => "thoracic",
            SpineRegion::Lumbosacral => "lumbosacral",
            SpineRegion::Any => "any region",
        }
    }
}

/// Whether a population's sources address pregnancy.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PregnancyScope {
    /// The sources say nothing about pregnancy: applied with a pregnancy notice.
    #[default]
    NotAddressed,
    /// The sources exclude pregnancy, or the guidance is unsafe in it: not applied.
    Excluded,
    /// The sources address pregnancy.
    Addressed,
}

/// An imaging study that a rule can order.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Study {
    /// Kebab-case id, e.g. `mri-lumbar-without-contrast`.
    pub id: StudyId,
    /// The study as printed, e.g. "MRI lumbar spine without IV contrast".
    pub label: Text,
    /// Whether the study is an MRI (and so needs an alternative when MRI cannot be done).
    #[serde(default)]
    pub mri: bool,
    /// The study to order instead when MRI cannot be done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternative: Option<StudyId>,
    /// The statement behind the alternative.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternative_statement: Option<StatementId>,
    /// What to weigh before this study for some patients (gadolinium in pregnancy).
    #[serde(default)]
    pub caution: List<StudyCaution>,
}

/// A caution that goes with a study when its conditions hold.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StudyCaution {
    /// Condition terms that must all hold, e.g. `context.pregnant`.
    pub when: List<TermId>,
    /// What to weigh, with its sources.
    pub statement: StatementId,
}

/// One rule of imaging appropriateness: when its conditions hold (and no rule of higher
/// priority fired), whether to image now and with which study.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImagingRule {
    /// `imaging-rule.<name>`.
    pub id: ImagingRuleId,
    /// Lower numbers are tried first; the first rule that holds decides.
    pub priority: u16,
    /// Condition terms that must all hold.
    #[serde(default)]
    pub when: List<TermId>,
    /// Condition terms at least one of which must hold (when not empty).
    #[serde(default)]
    pub when_any: List<TermId>,
    /// Condition terms none of which may hold.
    #[serde(default)]
    pub unless: List<TermId>,
    /// The study to order now; none means do not image now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub study: Option<StudyId>,
    /// How the decision is printed when no study is ordered, when "no imaging now" would
    /// say too much (e.g. imaging only for atypical presentations).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<Text>,
    /// The statement printed as the decision.
    pub headline: StatementId,
    /// Statements that support it.
    #[serde(default)]
    pub support: List<StatementId>,
    /// The population the rule's source addresses.
    pub applies: PopulationId,
}

/// A pattern of findings that no single root or nerve explains, offered as a localization
/// candidate beside them.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pattern {
    /// Kebab-case id, e.g. `multiple-roots`.
    pub id: CandidateId,
    /// The name as printed.
    pub label: Text,
    /// Which structural rule recognises it.
    pub kind: PatternKind,
    /// Log-odds against a single-root explanation before any finding (negative: rarer).
    pub prior_log_odds: f64,
    /// What it is and what to do, with citations.
    pub statements: List<StatementId>,
    /// The red flag it raises, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub red_flag: Option<TermId>,
}

/// The structural rule behind a [`Pattern`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PatternKind {
    /// Deficits of two or more roots on one side, each best explained by a different root.
    MultipleRoots,
    /// Lower-motor-neuron deficits of lumbosacral roots on both sides.
    BilateralLumbosacral,
    /// Upper-motor-neuron signs: cord or brain, not a root.
    UpperMotorNeuron,
}

/// A condition that follows from others: when all `when` terms hold and no `unless` term
/// does, the planner adds `then` (e.g. on a checkpoint inhibitor with no grade stated,
/// symptoms that limit self-care are grade 3-4 in the ASCO table).
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionRule {
    /// Terms that must all hold.
    pub when: List<TermId>,
    /// Terms none of which may hold.
    #[serde(default)]
    pub unless: List<TermId>,
    /// The terms added.
    pub then: List<TermId>,
    /// The statement behind the rule.
    pub statement: StatementId,
}

/// Where a herniation zone meets the roots at its disc.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZoneRule {
    /// The region of the disc.
    pub region: SpineRegion,
    /// The herniation zone.
    pub zone: Zone,
    /// Which root a herniation there compresses.
    pub compresses: RootRelation,
    /// The statement that says so.
    pub statement: StatementId,
}

/// Herniation zone in the axial plane (lumbar disc nomenclature 2.0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[allow(missing_docs)]
pub enum Zone {
    Central,
    Paracentral,
    Foraminal,
    Extraforaminal,
}

impl Zone {
    /// Every zone, centre outward.
    pub const ALL: [Zone; 4] = [Zone::Central, Zone::Paracentral, Zone::Foraminal, Zone::Extraforaminal];

    /// The zone as written.
    pub fn name(self) -> &'static str {
        match self {
            Zone::Central => "central",
            Zone::Paracentral => "paracentral",
            Zone::Foraminal => "foraminal",
            Zone::Extraforaminal => "extraforaminal",
        }
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl core::str::FromStr for Zone {
    type Err = crate::Unknown;
    fn from_str(s: &str) -> Result<Zone, crate::Unknown> {
        match s.trim().to_lowercase().replace(' ', "-").as_str() {
            "central" => Ok(Zone::Central),
            "paracentral" | "subarticular" | "lateral-recess" => Ok(Zone::Paracentral),
            "foraminal" => Ok(Zone::Foraminal),
            "extraforaminal" | "far-lateral" => Ok(Zone::Extraforaminal),
            _ => Err(crate::Unknown::new("zone", s, Zone::ALL.iter().map(|z| z.name()))),
        }
    }
}

/// How a root passes a disc.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RootRelation {
    /// The root crossing the disc to exit one level below.
    Traversing,
    /// The root leaving through the foramen at the disc.
    Exiting,
}
