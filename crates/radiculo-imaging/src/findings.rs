//! What an MRI report says about the nerve roots, and the clinical context it is read in.
//!
//! The structured findings are turned into vocabulary terms (`imaging.*`, `context.*`), the
//! only language the differential's knowledge speaks.

use core::fmt;
use core::str::FromStr;

use radiculo_anatomy::vocab::{TermKind, UnknownTerm, resolve};
use radiculo_anatomy::{Disc, Level, Root};
use radiculo_kb::KnowledgeBase;
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
            type Err = String;
            fn from_str(s: &str) -> Result<$name, String> {
                let s = s.trim().to_lowercase();
                $(if s == $text $(|| s == $alias)* { return Ok($name::$variant); })*
                let valid: Vec<&str> = $name::ALL.iter().map(|v| v.as_str()).collect();
                Err(format!("unknown {} `{}`; use {}", $noun, radiculo_kb::echo::echo(&s), radiculo_kb::suggest::or_list(&valid)))
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
    /// Herniation zone in the axial plane (lumbar disc nomenclature 2.0).
    Zone ("zone") {
        Central = "central",
        Paracentral = "paracentral" | "subarticular" | "lateral-recess",
        Foraminal = "foraminal",
        Extraforaminal = "extraforaminal" | "far-lateral",
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
    /// The root this herniation compresses: traversing for central and paracentral zones,
    /// exiting for foraminal and extraforaminal ones.
    pub fn root(&self) -> Root {
        match self.zone {
            Zone::Central | Zone::Paracentral => self.disc.traversing_root(),
            Zone::Foraminal | Zone::Extraforaminal => self.disc.exiting_root(),
        }
    }
}

impl FromStr for Herniation {
    type Err = String;
    /// `DISC:ZONE:TYPE`, e.g. `L4-5:foraminal:extrusion`.
    fn from_str(s: &str) -> Result<Herniation, String> {
        let parts: Vec<&str> = s.split(':').map(str::trim).collect();
        let [disc, zone, kind] = parts.as_slice() else {
            return Err(format!(
                "`{}` is not DISC:ZONE:TYPE, e.g. `L4-5:foraminal:extrusion`",
                radiculo_kb::echo::echo(s)
            ));
        };
        let disc = match disc.parse::<Level>().map_err(|e| e.to_string())? {
            Level::Disc(d) => d,
            Level::Segment(root) => {
                return Err(format!(
                    "`{root}` in `{}` is a root; a herniation needs a disc such as `L4-5`",
                    radiculo_kb::echo::echo(s)
                ));
            }
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
    /// Clinical context terms (`context.*`) as given.
    pub context: Vec<String>,
}

fn display_all<T: fmt::Display, S: serde::Serializer>(values: &[T], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(values.iter().map(ToString::to_string))
}

/// Why imaging findings cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImagingError {
    /// A context name not in the vocabulary.
    Term(UnknownTerm),
    /// Findings that cannot all be true.
    Contradiction(String),
}

impl fmt::Display for ImagingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImagingError::Term(e) => e.fmt(f),
            ImagingError::Contradiction(message) => write!(f, "contradictory imaging findings: {message}"),
        }
    }
}

impl std::error::Error for ImagingError {}

/// Months after surgery within which root enhancement can be a normal postoperative finding.
pub const POSTOP_WINDOW_MONTHS: u32 = 6;
/// Weeks under which a polyradiculopathy is acute (GBS reaches its nadir within 4 weeks).
pub const ACUTE_WEEKS: u32 = 4;
/// Weeks over which a polyradiculopathy is chronic (CIDP progresses for more than 8 weeks).
pub const CHRONIC_WEEKS: u32 = 8;

impl ImagingFindings {
    /// The vocabulary terms these findings amount to, refusing contradictions and unknown
    /// context names.
    pub fn terms(&self, kb: &KnowledgeBase) -> Result<Vec<&'static str>, ImagingError> {
        self.check()?;
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
        for h in self.matched_herniations() {
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
            add(if months < POSTOP_WINDOW_MONTHS {
                "imaging.postop.under-6-months"
            } else {
                "imaging.postop.over-6-months"
            });
        }
        if let Some(weeks) = self.weeks {
            if weeks < ACUTE_WEEKS {
                add("context.onset-under-4-weeks");
            } else if weeks > CHRONIC_WEEKS {
                add("context.course-over-8-weeks");
            }
        }
        for name in &self.context {
            let term = resolve(kb, &[TermKind::Context], name).map_err(ImagingError::Term)?;
            add(term.id.0);
        }
        Ok(terms)
    }

    /// Herniations that can explain the enhancing roots: all of them when no root is named,
    /// otherwise those whose compressed root (traversing or exiting, by zone) is among them.
    pub fn matched_herniations(&self) -> impl Iterator<Item = &Herniation> {
        self.herniations.iter().filter(|h| self.roots.is_empty() || self.roots.contains(&h.root()))
    }

    /// Herniations at a level or zone that cannot compress any of the named roots.
    pub fn unmatched_herniations(&self) -> Vec<Herniation> {
        self.herniations.iter().filter(|h| !self.roots.is_empty() && !self.roots.contains(&h.root())).copied().collect()
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
        let contradiction = |m: String| Err(ImagingError::Contradiction(m));
        if self.distribution == Some(Distribution::SingleLevel) {
            if self.roots.len() >= 3 {
                let roots: Vec<String> = self.roots.iter().map(ToString::to_string).collect();
                return contradiction(format!(
                    "`single-level` distribution with {} roots ({})",
                    roots.len(),
                    roots.join(", ")
                ));
            }
            if self.levels.len() >= 2 {
                let levels: Vec<String> = self.levels.iter().map(ToString::to_string).collect();
                return contradiction(format!(
                    "`single-level` distribution at {} levels ({})",
                    levels.len(),
                    levels.join(", ")
                ));
            }
        }
        if let (Some(false), Some(months)) = (self.prior_surgery, self.months_since_surgery) {
            return contradiction(format!("{months} months since surgery, but no prior surgery"));
        }
        if self.distribution == Some(Distribution::Diffuse) && self.side.is_some_and(|s| s != ImagingSide::Bilateral) {
            return contradiction(format!(
                "`diffuse` cauda equina enhancement on one side only (`{}`)",
                self.side.map_or("", |s| s.as_str())
            ));
        }
        let roots_sides = self.roots.iter().map(|r| r.region()).collect::<std::collections::BTreeSet<_>>();
        if roots_sides.len() > 2 {
            return contradiction("roots from more than two spinal regions".to_string());
        }
        if !self.enhancement && (self.distribution.is_some() || self.morphology.is_some()) {
            let what = if self.distribution.is_some() { "a distribution" } else { "a morphology" };
            return contradiction(format!("{what} of enhancement given without --enhancement"));
        }
        Ok(())
    }
}
