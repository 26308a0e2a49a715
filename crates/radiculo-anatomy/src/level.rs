//! Spinal roots, vertebrae and discs, and the notation clinicians write them in
//! (`L4`, `L4-5`, `L4/L5`, `C5-6`, `T12-L1`, `L5-S1`).

use core::fmt;
use core::str::FromStr;

use radiculo_kb::echo::echo;

/// A region of the spine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Region {
    /// C
    Cervical,
    /// T
    Thoracic,
    /// L
    Lumbar,
    /// S
    Sacral,
    /// Co
    Coccygeal,
}

impl Region {
    /// The letter(s) the region is written with.
    pub fn prefix(self) -> &'static str {
        match self {
            Region::Cervical => "C",
            Region::Thoracic => "T",
            Region::Lumbar => "L",
            Region::Sacral => "S",
            Region::Coccygeal => "Co",
        }
    }

    /// The region's name.
    pub fn name(self) -> &'static str {
        match self {
            Region::Cervical => "cervical",
            Region::Thoracic => "thoracic",
            Region::Lumbar => "lumbar",
            Region::Sacral => "sacral",
            Region::Coccygeal => "coccygeal",
        }
    }

    /// How many roots the region has (C has 8 roots but 7 vertebrae).
    pub fn roots(self) -> u8 {
        match self {
            Region::Cervical => 8,
            Region::Thoracic => 12,
            Region::Lumbar | Region::Sacral => 5,
            Region::Coccygeal => 1,
        }
    }

    /// How many mobile vertebrae the region has (the sacrum counts as one, S1 its top).
    pub fn vertebrae(self) -> u8 {
        match self {
            Region::Cervical => 7,
            Region::Thoracic => 12,
            Region::Lumbar => 5,
            Region::Sacral | Region::Coccygeal => 1,
        }
    }

    fn from_name(name: &str) -> Option<Region> {
        match name {
            "cervical" | "neck" => Some(Region::Cervical),
            "thoracic" | "dorsal" => Some(Region::Thoracic),
            "lumbar" => Some(Region::Lumbar),
            "sacral" => Some(Region::Sacral),
            _ => None,
        }
    }

    const ALL: [Region; 5] = [Region::Cervical, Region::Thoracic, Region::Lumbar, Region::Sacral, Region::Coccygeal];

    fn next(self) -> Option<Region> {
        Region::ALL.iter().position(|&r| r == self).and_then(|i| Region::ALL.get(i + 1).copied())
    }
}

macro_rules! roots {
    ($($name:ident = $region:ident $n:literal),* $(,)?) => {
        /// A spinal nerve root.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[allow(missing_docs)]
        pub enum Root { $($name),* }

        impl Root {
            /// Every root, from C1 to the coccygeal root.
            pub const ALL: &'static [Root] = &[$(Root::$name),*];

            /// The region of the root.
            pub fn region(self) -> Region {
                match self { $(Root::$name => Region::$region),* }
            }

            /// The root's number within its region (1 for the coccygeal root).
            pub fn number(self) -> u8 {
                match self { $(Root::$name => $n),* }
            }

            /// The root as written, e.g. `L5`.
            pub fn name(self) -> &'static str {
                match self { $(Root::$name => stringify!($name)),* }
            }
        }
    };
}

roots! {
    C1 = Cervical 1, C2 = Cervical 2, C3 = Cervical 3, C4 = Cervical 4, C5 = Cervical 5,
    C6 = Cervical 6, C7 = Cervical 7, C8 = Cervical 8,
    T1 = Thoracic 1, T2 = Thoracic 2, T3 = Thoracic 3, T4 = Thoracic 4, T5 = Thoracic 5,
    T6 = Thoracic 6, T7 = Thoracic 7, T8 = Thoracic 8, T9 = Thoracic 9, T10 = Thoracic 10,
    T11 = Thoracic 11, T12 = Thoracic 12,
    L1 = Lumbar 1, L2 = Lumbar 2, L3 = Lumbar 3, L4 = Lumbar 4, L5 = Lumbar 5,
    S1 = Sacral 1, S2 = Sacral 2, S3 = Sacral 3, S4 = Sacral 4, S5 = Sacral 5,
    Co = Coccygeal 1,
}

impl Root {
    /// The root in the region with this number, if it exists.
    pub fn new(region: Region, number: u8) -> Option<Root> {
        Root::ALL.iter().copied().find(|r| r.region() == region && r.number() == number)
    }

    /// The root a knowledge-base id names (`l5`, `c6`, `co`), without the notation parser.
    pub fn from_id(id: &str) -> Option<Root> {
        Root::ALL.iter().copied().find(|r| r.name().eq_ignore_ascii_case(id))
    }

    /// The knowledge-base id of the root, e.g. `l5`.
    pub fn id(self) -> String {
        self.to_string().to_lowercase()
    }

    /// The next root down, if any.
    pub fn below(self) -> Option<Root> {
        Root::ALL.iter().position(|&r| r == self).and_then(|i| Root::ALL.get(i + 1).copied())
    }
}

impl fmt::Display for Root {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Root::Co => f.write_str("Co"),
            _ => write!(f, "{}{}", self.region().prefix(), self.number()),
        }
    }
}

/// A vertebra that bounds a disc: C2-C7, T1-T12, L1-L5, and S1 (the top of the sacrum).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Vertebra {
    region: Region,
    number: u8,
}

impl Vertebra {
    /// The vertebra, if it exists.
    pub fn new(region: Region, number: u8) -> Option<Vertebra> {
        (number >= 1 && number <= region.vertebrae() && region != Region::Coccygeal)
            .then_some(Vertebra { region, number })
    }

    /// Its region.
    pub fn region(self) -> Region {
        self.region
    }

    /// Its number within the region.
    pub fn number(self) -> u8 {
        self.number
    }

    /// The vertebra just below, if a disc separates them.
    pub fn below(self) -> Option<Vertebra> {
        if self.number < self.region.vertebrae() {
            return Some(Vertebra { region: self.region, number: self.number + 1 });
        }
        let next = self.region.next().filter(|r| *r != Region::Coccygeal)?;
        (self.region != Region::Sacral).then_some(Vertebra { region: next, number: 1 })
    }

    /// The vertebra just above, if a disc separates them (C1-2 has no disc).
    pub fn above(self) -> Option<Vertebra> {
        let candidate = if self.number > 1 {
            Vertebra { region: self.region, number: self.number - 1 }
        } else {
            let i = Region::ALL.iter().position(|&r| r == self.region)?;
            let region = *Region::ALL.get(i.checked_sub(1)?)?;
            Vertebra { region, number: region.vertebrae() }
        };
        (candidate.region != Region::Cervical || candidate.number >= 2).then_some(candidate)
    }
}

impl fmt::Display for Vertebra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.region.prefix(), self.number)
    }
}

/// An intervertebral disc, named by the vertebra above it (C2-3 ... L5-S1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Disc {
    upper: Vertebra,
}

impl Disc {
    /// The disc below `upper`, if there is one.
    pub fn below(upper: Vertebra) -> Option<Disc> {
        (upper.below().is_some() && !(upper.region == Region::Cervical && upper.number < 2)).then_some(Disc { upper })
    }

    /// The vertebra above the disc.
    pub fn upper(self) -> Vertebra {
        self.upper
    }

    /// The vertebra below the disc.
    pub fn lower(self) -> Vertebra {
        // A Disc is only built where a vertebra below exists.
        self.upper.below().unwrap_or(self.upper)
    }

    /// The region the disc is counted in (T12-L1 is thoracolumbar; it counts as thoracic).
    pub fn region(self) -> Region {
        self.upper.region
    }

    /// The root that leaves through the foramen at this disc: a foraminal or far-lateral
    /// herniation compresses it. Cervical roots exit above their vertebra (C5-6: C6); thoracic
    /// and lumbar roots below (L4-5: L4).
    pub fn exiting_root(self) -> Root {
        let (region, number) = match self.upper.region {
            Region::Cervical => (Region::Cervical, self.upper.number + 1),
            region => (region, self.upper.number),
        };
        Root::new(region, number).unwrap_or(Root::Co)
    }

    /// The root that crosses the disc on its way to the next foramen down: a paracentral or
    /// subarticular herniation compresses it (L4-5: L5; L5-S1: S1). In the neck the root at
    /// a disc is the one that exits there, so this equals [`Disc::exiting_root`].
    pub fn traversing_root(self) -> Root {
        match self.upper.region {
            Region::Cervical => self.exiting_root(),
            _ => self.exiting_root().below().unwrap_or(Root::Co),
        }
    }
}

impl fmt::Display for Disc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lower = self.lower();
        if lower.region == self.upper.region {
            write!(f, "{}-{}", self.upper, lower.number)
        } else {
            write!(f, "{}-{}", self.upper, lower)
        }
    }
}

/// What a piece of level notation names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// A single segment: `L4` (the L4 root or the L4 vertebra, as context says).
    Segment(Root),
    /// A disc between two vertebrae: `L4-5`.
    Disc(Disc),
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Level::Segment(root) => root.fmt(f),
            Level::Disc(disc) => disc.fmt(f),
        }
    }
}

/// Why a piece of notation is not a spinal level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotationError {
    /// Nothing was given.
    Empty,
    /// The letter is not a spinal region (`M4-5`).
    UnknownPrefix {
        /// The notation as given.
        input: String,
        /// The letters that were not recognised.
        prefix: String,
    },
    /// The number is outside the region (`L6`, `C9`, `T13`).
    NoSuchLevel {
        /// The notation as given.
        input: String,
        /// The region named.
        region: Region,
        /// The number named.
        number: u8,
    },
    /// The two vertebrae named are not adjacent (`L3-5`).
    NotAdjacent {
        /// The notation as given.
        input: String,
        /// The discs nearest to what was meant.
        nearest: Vec<Disc>,
    },
    /// A region named beside the level disagrees with it (`L4-5 (thoracic)`).
    RegionMismatch {
        /// The level that was read.
        level: Level,
        /// The region named beside it.
        stated: Region,
    },
    /// Not level notation at all.
    Malformed {
        /// The notation as given.
        input: String,
    },
}

impl fmt::Display for NotationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NotationError::Empty => {
                f.write_str("no spinal level given; write a root such as `L5` or a disc such as `L4-5`")
            }
            NotationError::UnknownPrefix { input, prefix } => write!(
                f,
                "`{}`: `{}` is not a spinal region (C, T, L or S); myotomes and dermatomes are named by their root, e.g. `L4`",
                echo(input),
                echo(prefix)
            ),
            NotationError::NoSuchLevel { input, region, number } => {
                let last = match region {
                    Region::Cervical => "C8 (roots) or C7 (vertebrae)".to_string(),
                    region => format!("{}{}", region.prefix(), region.roots()),
                };
                write!(
                    f,
                    "`{}`: there is no {}{number} in standard anatomy; the {} levels end at {last}",
                    echo(input),
                    region.prefix(),
                    region.name()
                )
            }
            NotationError::NotAdjacent { input, nearest } => {
                let names: Vec<String> = nearest.iter().map(|d| format!("`{d}`")).collect();
                write!(f, "`{}` is not a disc: a disc lies between two adjacent vertebrae", echo(input))?;
                if !names.is_empty() {
                    write!(f, "; did you mean {}?", names.join(" or "))?;
                }
                Ok(())
            }
            NotationError::RegionMismatch { level, stated } => {
                let actual = match level {
                    Level::Segment(root) => root.region(),
                    Level::Disc(disc) => disc.region(),
                };
                write!(f, "`{level}` is {}, not {}", actual.name(), stated.name())
            }
            NotationError::Malformed { input } => {
                write!(
                    f,
                    "`{}` is not a spinal level; write a root such as `L5` or a disc such as `L4-5`, `L4/5` or `L5-S1`",
                    echo(input)
                )
            }
        }
    }
}

impl std::error::Error for NotationError {}

impl NotationError {
    /// Whether the notation names one level past the end of the lumbar spine (`L6`), which a
    /// lumbosacral transitional vertebra can explain: the caller may add the knowledge base's
    /// statements on counting levels.
    pub fn is_transitional(&self) -> bool {
        matches!(self, NotationError::NoSuchLevel { region: Region::Lumbar, number: 6, .. })
    }
}

/// Why text does not name a root.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RootError {
    /// Not a spinal level at all.
    #[error(transparent)]
    Notation(#[from] NotationError),
    /// A disc where a root was expected.
    #[error("`{disc}` is a disc, not a root; its roots are {} (traversing) and {} (exiting)", disc.traversing_root(), disc.exiting_root())]
    Disc {
        /// The disc named.
        disc: Disc,
    },
}

impl FromStr for Root {
    type Err = RootError;
    fn from_str(input: &str) -> Result<Root, RootError> {
        match input.parse::<Level>()? {
            Level::Segment(root) => Ok(root),
            Level::Disc(disc) => Err(RootError::Disc { disc }),
        }
    }
}

impl Region {
    /// The spinal region guidance is scoped by (lumbar and sacral roots are lumbosacral).
    pub fn scope(self) -> radiculo_kb::SpineRegion {
        match self {
            Region::Cervical => radiculo_kb::SpineRegion::Cervical,
            Region::Thoracic => radiculo_kb::SpineRegion::Thoracic,
            Region::Lumbar | Region::Sacral | Region::Coccygeal => radiculo_kb::SpineRegion::Lumbosacral,
        }
    }
}

impl FromStr for Level {
    type Err = NotationError;

    /// Reads `L4`, `l4`, `L4-5`, `L4/5`, `L4-L5`, `L4–L5`, `C5-6`, `T12-L1`, `L5-S1`, with an
    /// optional region in brackets after it (`L4-5 (lumbar)`).
    fn from_str(input: &str) -> Result<Level, NotationError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(NotationError::Empty);
        }
        let (notation, stated) = match trimmed.split_once('(') {
            Some((notation, rest)) => {
                let name = rest.trim_end_matches(')').trim().to_lowercase();
                let region =
                    Region::from_name(&name).ok_or_else(|| NotationError::Malformed { input: trimmed.into() })?;
                (notation.trim(), Some(region))
            }
            None => (trimmed, None),
        };
        let level = parse_notation(notation, trimmed)?;
        if let Some(stated) = stated {
            let actual = match level {
                Level::Segment(root) => root.region(),
                Level::Disc(disc) => disc.region(),
            };
            let thoracolumbar = matches!(level, Level::Disc(d) if d.lower().region() != d.region());
            let matches = actual == stated || (thoracolumbar && stated == Level::lower_region(level));
            if !matches {
                return Err(NotationError::RegionMismatch { level, stated });
            }
        }
        Ok(level)
    }
}

impl Level {
    fn lower_region(level: Level) -> Region {
        match level {
            Level::Segment(root) => root.region(),
            Level::Disc(disc) => disc.lower().region(),
        }
    }
}

/// One side of the notation: a region (possibly inherited) and a number.
fn split_part(part: &str, inherited: Option<Region>, input: &str) -> Result<(Region, u8), NotationError> {
    let letters: String = part.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let digits = &part[letters.len()..];
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() > 3 {
        return Err(NotationError::Malformed { input: input.into() });
    }
    let number: u8 = digits.parse().map_err(|_| NotationError::Malformed { input: input.into() })?;
    let region = match letters.to_ascii_uppercase().as_str() {
        "" => inherited.ok_or_else(|| NotationError::Malformed { input: input.into() })?,
        "C" => Region::Cervical,
        "T" | "TH" | "D" => Region::Thoracic,
        "L" => Region::Lumbar,
        "S" => Region::Sacral,
        _ => return Err(NotationError::UnknownPrefix { input: input.into(), prefix: letters }),
    };
    Ok((region, number))
}

fn parse_notation(notation: &str, input: &str) -> Result<Level, NotationError> {
    let compact: String = notation.chars().filter(|c| !c.is_whitespace()).collect();
    let parts: Vec<&str> = compact.split(['-', '/', '–', '—']).collect();
    match parts.as_slice() {
        [one] => {
            if one.eq_ignore_ascii_case("co") {
                return Ok(Level::Segment(Root::Co));
            }
            let (region, number) = split_part(one, None, input)?;
            Root::new(region, number).map(Level::Segment).ok_or(NotationError::NoSuchLevel {
                input: input.into(),
                region,
                number,
            })
        }
        [upper, lower] => {
            let (upper_region, upper_number) = split_part(upper, None, input)?;
            let (lower_region, lower_number) = split_part(lower, Some(upper_region), input)?;
            let top = Vertebra::new(upper_region, upper_number).ok_or(NotationError::NoSuchLevel {
                input: input.into(),
                region: upper_region,
                number: upper_number,
            })?;
            let bottom = Vertebra::new(lower_region, lower_number).ok_or(NotationError::NoSuchLevel {
                input: input.into(),
                region: lower_region,
                number: lower_number,
            })?;
            match Disc::below(top) {
                Some(disc) if disc.lower() == bottom => Ok(Level::Disc(disc)),
                _ => {
                    let mut nearest: Vec<Disc> = Vec::new();
                    nearest.extend(Disc::below(top).filter(|_| top < bottom));
                    nearest.extend(bottom.above().and_then(Disc::below).filter(|d| !nearest.contains(d)));
                    Err(NotationError::NotAdjacent { input: input.into(), nearest })
                }
            }
        }
        _ => Err(NotationError::Malformed { input: input.into() }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_read_from_knowledge_base_ids() {
        for root in Root::ALL {
            assert_eq!(Root::from_id(&root.id()), Some(*root));
        }
        assert_eq!(Root::from_id("l6"), None);
    }

    fn level(s: &str) -> Level {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn error(s: &str) -> NotationError {
        s.parse::<Level>().expect_err(s)
    }

    #[test]
    fn accepts_the_common_spellings() {
        assert_eq!(level("L4"), Level::Segment(Root::L4));
        assert_eq!(level("l4"), Level::Segment(Root::L4));
        for s in ["L4-5", "L4/5", "L4-L5", "L4–L5", "l4/l5", " L4 - 5 "] {
            assert_eq!(level(s).to_string(), "L4-5", "{s}");
        }
        assert_eq!(level("C5-6").to_string(), "C5-6");
        assert_eq!(level("T12-L1").to_string(), "T12-L1");
        assert_eq!(level("L5-S1").to_string(), "L5-S1");
        assert_eq!(level("C7-T1").to_string(), "C7-T1");
        assert_eq!(level("C8"), Level::Segment(Root::C8));
        assert_eq!(level("L4-5 (lumbar)").to_string(), "L4-5");
    }

    #[test]
    fn refuses_levels_that_do_not_exist() {
        for (s, region, number) in
            [("L6", Region::Lumbar, 6), ("C9", Region::Cervical, 9), ("T13", Region::Thoracic, 13)]
        {
            assert_eq!(error(s), NotationError::NoSuchLevel { input: s.into(), region, number });
        }
        assert!(error("L6").is_transitional() && !error("L7").is_transitional());
        assert!(matches!(error("C8-T1"), NotationError::NoSuchLevel { number: 8, .. }), "C8 is a root, not a vertebra");
    }

    #[test]
    fn refuses_non_adjacent_discs_with_the_nearest_two() {
        let e = error("L3-5");
        assert_eq!(
            e.to_string(),
            "`L3-5` is not a disc: a disc lies between two adjacent vertebrae; did you mean `L3-4` or `L4-5`?"
        );
    }

    #[test]
    fn refuses_unknown_prefixes_and_explains() {
        let e = error("M4-5");
        assert!(matches!(e, NotationError::UnknownPrefix { ref prefix, .. } if prefix == "M"));
        assert!(e.to_string().contains("named by their root"));
    }

    #[test]
    fn refuses_a_region_that_disagrees() {
        let e = error("L4-5 (thoracic)");
        assert_eq!(e.to_string(), "`L4-5` is lumbar, not thoracic");
        assert!(level("T12-L1 (lumbar)").to_string() == "T12-L1");
    }

    #[test]
    fn refuses_nonsense() {
        assert_eq!(error(""), NotationError::Empty);
        assert!(matches!(error("L"), NotationError::Malformed { .. }));
        assert!(matches!(error("L4-5-6"), NotationError::Malformed { .. }));
        assert!(matches!(error("L4x"), NotationError::Malformed { .. }));
    }

    #[test]
    fn discs_map_to_exiting_and_traversing_roots() {
        let disc = |s: &str| match level(s) {
            Level::Disc(d) => d,
            other => panic!("{other} is not a disc"),
        };
        assert_eq!(disc("L4-5").exiting_root(), Root::L4);
        assert_eq!(disc("L4-5").traversing_root(), Root::L5);
        assert_eq!(disc("L5-S1").traversing_root(), Root::S1);
        assert_eq!(disc("L5-S1").exiting_root(), Root::L5);
        assert_eq!(disc("C5-6").exiting_root(), Root::C6);
        assert_eq!(disc("C5-6").traversing_root(), Root::C6);
        assert_eq!(disc("C7-T1").exiting_root(), Root::C8);
    }

    #[test]
    fn every_disc_from_c2_3_to_l5_s1_round_trips() {
        let mut count = 0;
        for region in [Region::Cervical, Region::Thoracic, Region::Lumbar] {
            for n in 1..=region.vertebrae() {
                let Some(top) = Vertebra::new(region, n) else { continue };
                if let Some(disc) = Disc::below(top) {
                    assert_eq!(level(&disc.to_string()), Level::Disc(disc));
                    count += 1;
                }
            }
        }
        assert_eq!(count, 23, "C2-3..C7-T1 (6), T1-2..T12-L1 (12), L1-2..L5-S1 (5)");
    }

    #[test]
    fn every_root_round_trips() {
        for &root in Root::ALL {
            assert_eq!(level(&root.to_string()), Level::Segment(root));
        }
        assert_eq!(Root::ALL.len(), 31);
    }
}
