//! Plausibility bounds for the numbers a case gives.
//!
//! These are **plausibility bounds, not clinical thresholds**: they refuse only values that
//! cannot describe a living patient (a typo, a unit slip such as pounds for kilograms, a
//! corrupted file), never a value that is merely unusual. No recommendation depends on them.
//! The outer bounds are judgement parameters of the knowledge base (`age_max_years`,
//! `weight_min_kg`, `weight_max_kg`, `weeks_max`, `months_max`); the finer bounds by age are
//! here.

use crate::Parameters;

/// Heaviest plausible weight for a child: `(under this age in years, at most this many kg)`,
/// youngest first.
pub const CHILD_WEIGHT_MAX_KG: [(u32, f64); 3] = [(2, 40.0), (10, 150.0), (16, 200.0)];

/// Age from which the adult minimum weight applies, in years.
pub const ADULT_FROM_YEARS: u32 = 16;

/// Lightest plausible weight of an adult, in kg.
pub const ADULT_WEIGHT_MIN_KG: f64 = 20.0;

/// Highest pain score (0-10 numeric rating scale).
pub const PAIN_MAX: u8 = 10;

/// Weeks in a year, rounded up, for "longer than the patient has lived".
pub const WEEKS_PER_YEAR: u32 = 53;

/// Months in a year.
pub const MONTHS_PER_YEAR: u32 = 12;

/// The heaviest plausible weight at `age` years, in kg.
pub fn weight_max_kg(p: &Parameters, age: Option<u32>) -> f64 {
    age.and_then(|age| CHILD_WEIGHT_MAX_KG.iter().find(|(under, _)| age < *under).map(|(_, kg)| *kg))
        .unwrap_or(p.weight_max_kg.value)
        .min(p.weight_max_kg.value)
}

/// The lightest plausible weight at `age` years, in kg.
pub fn weight_min_kg(p: &Parameters, age: Option<u32>) -> f64 {
    match age {
        Some(age) if age >= ADULT_FROM_YEARS => ADULT_WEIGHT_MIN_KG.max(p.weight_min_kg.value),
        _ => p.weight_min_kg.value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Parameter;

    fn parameters() -> Parameters {
        let value = |value| Parameter { value, statement: None, judgement: true, why: None };
        Parameters { weight_min_kg: value(2.0), weight_max_kg: value(300.0), ..Parameters::default() }
    }

    #[test]
    fn children_have_lower_ceilings_and_adults_a_higher_floor() {
        let p = parameters();
        assert_eq!(weight_max_kg(&p, Some(5)), 150.0);
        assert_eq!(weight_max_kg(&p, Some(1)), 40.0);
        assert_eq!(weight_max_kg(&p, Some(15)), 200.0);
        assert_eq!(weight_max_kg(&p, Some(16)), 300.0);
        assert_eq!(weight_max_kg(&p, None), 300.0);
        assert_eq!(weight_min_kg(&p, Some(40)), ADULT_WEIGHT_MIN_KG);
        assert_eq!(weight_min_kg(&p, Some(3)), 2.0);
    }

    #[test]
    fn bounds_are_ordered() {
        assert!(CHILD_WEIGHT_MAX_KG.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 <= w[1].1));
    }
}
