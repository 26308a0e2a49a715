//! What an MRI report says about the nerve roots, and the clinical context it is read in.
//!
//! The structured findings are turned into vocabulary terms (`imaging.*`, `context.*`), the
//! only language the differential's knowledge speaks.

use core::fmt;
use core::str::FromStr;

use radiculo_anatomy::vocab::{TermKind, UnknownTerm, resolve};
use radiculo_anatomy::{Disc, Level, NotationError, Root};
use radiculo_kb::{KnowledgeBase, RootRelation, Unknown, Zone, ZoneRule};
use serde::{Deserialize, Serialize};

macro_rules! keyword_enum {
    ($(#[$doc:meta])* $name:ident ($noun:literal) { $($(#[$vdoc:meta])* $variant:ident = $text:literal $(| $alias:literal)*),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "kebab-case")]
        #[allow(missing_docs)]
        pub enum $name { $($(#[$vdoc])* $variant),* }

        impl $name {
            /// Every value, in order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The value as written.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),* }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = Unknown;
            fn from_str(input: &str) -> Result<$name, Unknown> {
                let s = input.trim().to_lowercase();
                $(if s == $text $(|| s == $alias)* { return Ok($name::$variant); })*
                Err(Unknown::new($noun, input, $name::ALL.iter().map(|v| v.as_str())))
            }
        }
    };
}

keyword_enum! {
    /// Side of the enhancing roots.
    ImagingSide ("side") { Left = "left", Right = "right", Bilateral = "bilateral" | "both" }
}

keyword_enum! {
    /// How far the enhancement extends.
    Distribution ("distribution") {
        /// One level.
        SingleLevel = "single-level" | "single" | "focal",
        /// Several levels.
        MultiLevel = "multi-level" | "multilevel" | "multiple",
        /// The whole cauda equina.
        Diffuse = "diffuse" | "cauda-equina",
    }
}

keyword_enum! {
    /// The shape of the enhancement.
    Morphology ("morphology") {
        /// Smooth, linear.
        Smooth = "smooth" | "linear",
        /// Nodular.
        Nodular = "nodular",
        /// Clumped roots.
        Clumped = "clumped" | "clumping",
    }
}

keyword_enum! {
    /// Disc herniation type (lumbar disc nomenclature 2.0).
    HerniationType ("herniation type") {
        Bulge = "bulge",
        Protrusion = "protrusion",
        Extrusion = "extrusion",
        Sequestration = "sequestration" | "sequestered",
    }
}

keyword_enum! {
    /// Reported degree of root impingement.
    Impingement ("impingement") {
        Mild = "mild" | "contact",
        Moderate = "moderate" | "deviation",
        Severe = "severe" | "compression",
    }
}

/// A disc herniation: level, zone and type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Herniation {
    /// The disc, e.g. `L4-5`.
    #[serde(serialize_with = "display")]
    pub disc: Disc,
    /// Where in the axial plane.
    pub zone: Zone,
    /// What kind.
    #[serde(rename = "type")]
    pub kind: HerniationType,
}

fn display<T: fmt::Display, S: serde::Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(value)
}

impl Herniation {
    /// The root this herniation compresses, and the knowledge base's rule for its region and
    /// zone (in the lumbar spine: the traversing root for central and paracentral zones, the
    /// exiting root for foraminal and extraforaminal ones; in the neck, the exiting root).
    /// `None` where the knowledge base has no rule (thoracic discs).
    pub fn compressed_root(&self, kb: &KnowledgeBase) -> Option<(Root, &'static ZoneRule)> {
        let rule = kb.zone(self.disc.region().scope(), self.zone)?;
        let root = match rule.compresses {
            RootRelation::Traversing => self.disc.traversing_root(),
            RootRelation::Exiting => self.disc.exiting_root(),
        };
        Some((root, rule))
    }
}

/// Why text is not a herniation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum HerniationError {
    /// Not three `:`-separated fields.
    #[error("`{0}` is not DISC:ZONE:TYPE, e.g. `L4-5:foraminal:extrusion`")]
    Shape(String),
    /// The disc is not a disc.
    #[error(transparent)]
    Level(#[from] NotationError),
    /// A root where a disc was expected.
    #[error("`{0}` is a root; a herniation needs a disc such as `L4-5`")]
    Root(Root),
    /// The zone or type is not a keyword.
    #[error(transparent)]
    Keyword(#[from] Unknown),
}

impl FromStr for Herniation {
    type Err = HerniationError;
    /// `DISC:ZONE:TYPE`, e.g. `L4-5:foraminal:extrusion`.
    fn from_str(s: &str) -> Result<Herniation, HerniationError> {
        let parts: Vec<&str> = s.split(':').map(str::trim).collect();
        let [disc, zone, kind] = parts.as_slice() else {
            return Err(HerniationError::Shape(radiculo_kb::shown(s)));
        };
        let disc = match disc.parse::<Level>()? {
            Level::Disc(d) => d,
            Level::Segment(root) => return Err(HerniationError::Root(root)),
        };
        Ok(Herniation { disc, zone: zone.parse()?, kind: kind.parse()? })
    }
}

/// What the MRI shows, as structured input.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImagingFindings {
    /// Nerve-root enhancement after contrast.
    pub enhancement: bool,
    /// Roots involved.
    #[serde(serialize_with = "display_all")]
    pub roots: Vec<Root>,
    /// Disc levels involved.
    #[serde(serialize_with = "display_all")]
    pub levels: Vec<Disc>,
    /// Side.
    pub side: Option<ImagingSide>,
    /// Extent.
    pub distribution: Option<Distribution>,
    /// Shape.
    pub morphology: Option<Morphology>,
    /// Root thickening.
    pub thickening: bool,
    /// Root displacement.
    pub displacement: bool,
    /// A mass or mass effect.
    pub mass: bool,
    /// Disc herniations.
    pub herniations: Vec<Herniation>,
    /// Reported impingement.
    pub impingement: Option<Impingement>,
    /// Leptomeningeal enhancement elsewhere.
    pub leptomeningeal_elsewhere: bool,
    /// Cord or pial involvement (e.g. the trident sign).
    pub cord_involvement: bool,
    /// Months since surgery at that level.
    pub months_since_surgery: Option<u32>,
    /// Whether the patient has had spinal surgery, when stated.
    pub prior_surgery: Option<bool>,
    /// Weeks of symptoms.
    pub weeks: Option<u32>,
    /// Patient age in years, for the prevalence of findings in people without symptoms.
    pub age: Option<u32>,
    /// Clinical context (`context.*`, or red flags such as fever) as given.
    pub context: Vec<String>,
    /// Red-flag terms already read (e.g. from the case history), which bear on causes too.
    #[serde(skip)]
    pub red_flags: Vec<&'static str>,
}

fn display_all<T: fmt::Display, S: serde::Serializer>(values: &[T], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(values.iter().map(ToString::to_string))
}

/// Why imaging findings cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ImagingError {
    /// A context name not in the vocabulary.
    #[error(transparent)]
    Term(#[from] UnknownTerm),
    /// Findings that cannot all be true.
    #[error("contradictory imaging findings: {0}")]
    Contradiction(Contradiction),
}

/// Imaging findings that cannot all be true.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Contradiction {
    /// Single-level enhancement of three or more roots.
    #[error("`single-level` distribution with {} roots ({})", .0.len(), list(.0))]
    SingleLevelRoots(Vec<Root>),
    /// Single-level enhancement at two or more disc levels.
    #[error("`single-level` distribution at {} levels ({})", .0.len(), list(.0))]
    SingleLevelDiscs(Vec<Disc>),
    /// Months since surgery, but no surgery.
    #[error("{0} months since surgery, but no prior surgery")]
    SurgeryDenied(u32),
    /// Diffuse cauda equina enhancement on one side.
    #[error("`diffuse` cauda equina enhancement on one side only (`{0}`)")]
    DiffuseOneSide(ImagingSide),
    /// Roots from three or more spinal regions.
    #[error("roots from more than two spinal regions")]
    Regions,
    /// A pattern of enhancement without enhancement.
    #[error("a {0} of enhancement given without enhancement")]
    PatternWithoutEnhancement(&'static str),
}

fn list<T: fmt::Display>(items: &[T]) -> String {
    items.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

/// The vocabulary terms a set of imaging findings amounts to, checked: built only by
/// [`ImagingFindings::terms`], so the differential never ranks unchecked or misspelt terms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Terms(Vec<&'static str>);

impl Terms {
    /// The term ids, sorted.
    pub fn as_slice(&self) -> &[&'static str] {
        &self.0
    }

    /// Whether the findings include `term`.
    pub fn contains(&self, term: &str) -> bool {
        self.0.binary_search(&term).is_ok()
    }
}

impl ImagingFindings {
    /// The vocabulary terms these findings amount to, with what context terms imply,
    /// refusing contradictions and unknown context names.
    ///
    /// # Errors
    /// [`ImagingError::Term`] for a context name the vocabulary lacks;
    /// [`ImagingError::Contradiction`] for findings that cannot all be true.
    pub fn terms(&self, kb: &KnowledgeBase) -> Result<Terms, ImagingError> {
        self.check()?;
        let p = &kb.parameters;
        let mut terms: Vec<&'static str> = Vec::new();
        let mut add = |t: &'static str| {
            if !terms.contains(&t) {
                terms.push(t);
            }
        };
        if self.enhancement {
            add("imaging.enhancement");
        }
        match self.side {
            Some(ImagingSide::Bilateral) => add("imaging.side.bilateral"),
            Some(_) => add("imaging.side.unilateral"),
            None => {}
        }
        match self.distribution {
            Some(Distribution::SingleLevel) => add("imaging.distribution.single-level"),
            Some(Distribution::MultiLevel) => add("imaging.distribution.multi-level"),
            Some(Distribution::Diffuse) => add("imaging.distribution.diffuse"),
            None => {}
        }
        match self.morphology {
            Some(Morphology::Smooth) => add("imaging.morphology.smooth"),
            Some(Morphology::Nodular) => add("imaging.morphology.nodular"),
            Some(Morphology::Clumped) => add("imaging.morphology.clumped"),
            None => {}
        }
        for (present, term) in [
            (self.thickening, "imaging.thickening"),
            (self.displacement, "imaging.displacement"),
            (self.mass, "imaging.mass"),
            (self.leptomeningeal_elsewhere, "imaging.leptomeningeal-elsewhere"),
            (self.cord_involvement, "imaging.cord-involvement"),
            (self.roots.len() >= 2, "imaging.roots.multiple"),
            (self.impingement.is_some(), "imaging.impingement"),
        ] {
            if present {
                add(term);
            }
        }
        for h in self.matched_herniations(kb) {
            add("imaging.herniation");
            match h.zone {
                Zone::Central | Zone::Paracentral => add("imaging.herniation.paracentral"),
                Zone::Foraminal | Zone::Extraforaminal => add("imaging.herniation.foraminal"),
            }
            if matches!(h.kind, HerniationType::Extrusion | HerniationType::Sequestration) {
                add("imaging.herniation.extrusion");
            }
        }
        if self.prior_surgery == Some(true) {
            add("context.prior-surgery");
        }
        if let Some(months) = self.months_since_surgery {
            add("context.prior-surgery");
            add(if months < p.postop_window_months.whole() {
                "imaging.postop.under-6-months"
            } else {
                "imaging.postop.over-6-months"
            });
        }
        if let Some(weeks) = self.weeks {
            if weeks < p.acute_onset_weeks.whole() {
                add("context.onset-under-4-weeks");
            } else if weeks > p.chronic_course_weeks.whole() {
                add("context.course-over-8-weeks");
            }
        }
        for name in &self.context {
            add(resolve(kb, &[TermKind::Context], name)?.id.0);
        }
        terms.extend(self.red_flags.iter().copied());
        Ok(Terms(kb.with_implied(terms)))
    }

    /// Herniations that can explain the enhancing roots: all of them when no root is named,
    /// otherwise those whose compressed root (traversing or exiting, by zone) is among them.
    pub fn matched_herniations<'a>(&'a self, kb: &'a KnowledgeBase) -> impl Iterator<Item = &'a Herniation> + 'a {
        self.herniations.iter().filter(move |h| self.explains(kb, h))
    }

    /// Herniations at a level or zone that cannot compress any of the named roots.
    pub fn unmatched_herniations(&self, kb: &KnowledgeBase) -> Vec<Herniation> {
        self.herniations.iter().filter(|h| !self.explains(kb, h)).copied().collect()
    }

    fn explains(&self, kb: &KnowledgeBase, h: &Herniation) -> bool {
        self.roots.is_empty() || h.compressed_root(kb).is_some_and(|(root, _)| self.roots.contains(&root))
    }

    /// Whether anything was reported about the MRI itself (context alone is not imaging).
    pub fn has_imaging(&self) -> bool {
        self.enhancement
            || !self.roots.is_empty()
            || !self.levels.is_empty()
            || self.thickening
            || self.displacement
            || self.mass
            || !self.herniations.is_empty()
            || self.impingement.is_some()
            || self.leptomeningeal_elsewhere
            || self.cord_involvement
    }

    fn check(&self) -> Result<(), ImagingError> {
        let contradiction = |c: Contradiction| Err(ImagingError::Contradiction(c));
        if self.distribution == Some(Distribution::SingleLevel) {
            if self.roots.len() >= 3 {
                return contradiction(Contradiction::SingleLevelRoots(self.roots.clone()));
            }
            if self.levels.len() >= 2 {
                return contradiction(Contradiction::SingleLevelDiscs(self.levels.clone()));
            }
        }
        if let (Some(false), Some(months)) = (self.prior_surgery, self.months_since_surgery) {
            return contradiction(Contradiction::SurgeryDenied(months));
        }
        if let (Some(Distribution::Diffuse), Some(side)) = (self.distribution, self.side)
            && side != ImagingSide::Bilateral
        {
            return contradiction(Contradiction::DiffuseOneSide(side));
        }
        let regions = self.roots.iter().map(|r| r.region()).collect::<std::collections::BTreeSet<_>>();
        if regions.len() > 2 {
            return contradiction(Contradiction::Regions);
        }
        if !self.enhancement && (self.distribution.is_some() || self.morphology.is_some()) {
            let what = if self.distribution.is_some() { "distribution" } else { "morphology" };
            return contradiction(Contradiction::PatternWithoutEnhancement(what));
        }
        Ok(())
    }
}
