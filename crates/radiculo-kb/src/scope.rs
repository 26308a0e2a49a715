//! Who a patient is, as guidance is scoped: spinal region, age and pregnancy; and whether a
//! [`Population`] covers them.

use serde::Serialize;

use crate::{Population, PregnancyScope, SpineRegion};

/// What is known of the patient that decides which guidance applies.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Scope {
    /// Spinal regions the problem involves; empty when nothing says (then no region is ruled out).
    pub regions: Vec<SpineRegion>,
    /// Age in years, when known.
    pub age: Option<u32>,
    /// Whether the patient is pregnant.
    pub pregnant: bool,
}

/// Why a population does not cover a patient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Gap {
    /// The guidance addresses other spinal regions.
    Region,
    /// The patient is younger than the sources address.
    TooYoung,
    /// The patient is older than the sources address.
    TooOld,
    /// The sources exclude pregnancy.
    Pregnancy,
}

impl Population {
    /// Whether the population covers a patient of `scope`: `Ok` or the first gap.
    ///
    /// # Errors
    /// The [`Gap`] that puts the patient outside the population.
    pub fn covers(&self, scope: &Scope) -> Result<(), Gap> {
        let any = self.region.contains(&SpineRegion::Any);
        if !any && !scope.regions.is_empty() && !scope.regions.iter().any(|r| self.region.contains(r)) {
            return Err(Gap::Region);
        }
        if let (Some(min), Some(age)) = (self.min_age, scope.age)
            && age < u32::from(min)
        {
            return Err(Gap::TooYoung);
        }
        if let (Some(max), Some(age)) = (self.max_age, scope.age)
            && age > u32::from(max)
        {
            return Err(Gap::TooOld);
        }
        if scope.pregnant && self.pregnancy == PregnancyScope::Excluded {
            return Err(Gap::Pregnancy);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{List, PopulationId, Text};

    fn population(region: &'static [SpineRegion], min_age: Option<u16>, pregnancy: PregnancyScope) -> Population {
        Population {
            id: PopulationId("population.x"),
            label: Text("x"),
            region: List(region),
            min_age,
            max_age: None,
            pregnancy,
            basis: List(&[]),
        }
    }

    #[test]
    fn region_age_and_pregnancy_gate_guidance() {
        let lumbar = population(&[SpineRegion::Lumbosacral], Some(16), PregnancyScope::Excluded);
        let adult = Scope { regions: vec![SpineRegion::Lumbosacral], age: Some(40), pregnant: false };
        assert_eq!(lumbar.covers(&adult), Ok(()));
        let neck = Scope { regions: vec![SpineRegion::Cervical], ..adult.clone() };
        assert_eq!(lumbar.covers(&neck), Err(Gap::Region));
        let child = Scope { age: Some(12), ..adult.clone() };
        assert_eq!(lumbar.covers(&child), Err(Gap::TooYoung));
        let pregnant = Scope { pregnant: true, ..adult };
        assert_eq!(lumbar.covers(&pregnant), Err(Gap::Pregnancy));
    }

    #[test]
    fn unknown_facts_rule_nothing_out_and_any_region_covers_every_region() {
        let any = population(&[SpineRegion::Any], None, PregnancyScope::NotAddressed);
        assert_eq!(any.covers(&Scope { regions: vec![SpineRegion::Cervical], age: Some(5), pregnant: true }), Ok(()));
        let lumbar = population(&[SpineRegion::Lumbosacral], Some(16), PregnancyScope::NotAddressed);
        assert_eq!(lumbar.covers(&Scope::default()), Ok(()));
    }
}
