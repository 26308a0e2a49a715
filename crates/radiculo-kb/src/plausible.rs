//! Plausibility bounds for the numbers a case gives.
//!
//! These are **plausibility bounds, not clinical thresholds**: they refuse only values that
//! cannot describe a living patient (a typo, a unit slip such as pounds for kilograms, a
//! corrupted file), never a value that is merely unusual. No recommendation depends on them.
//! They are kept here, in one place, until they move into the knowledge base as judgement
//! parameters (`weight_min_kg`, `weight_max_kg`, `age_max_years`, `weeks_max`, `months_max`).

/// Oldest plausible age, in years.
pub const AGE_MAX_YEARS: u32 = 120;

/// Lightest plausible body weight at any age, in kg.
pub const WEIGHT_MIN_KG: f64 = 2.0;

/// Heaviest plausible body weight at any age, in kg.
pub const WEIGHT_MAX_KG: f64 = 300.0;

/// Heaviest plausible weight for a child: `(under this age in years, at most this many kg)`,
/// youngest first.
pub const CHILD_WEIGHT_MAX_KG: [(u32, f64); 3] = [(2, 40.0), (10, 150.0), (16, 200.0)];

/// Age from which the adult minimum weight applies, in years.
pub const ADULT_FROM_YEARS: u32 = 16;

/// Lightest plausible weight of an adult, in kg.
pub const ADULT_WEIGHT_MIN_KG: f64 = 20.0;

/// Longest plausible episode (weeks since onset, weeks of conservative care), in weeks: 100 years.
pub const WEEKS_MAX: u32 = 5_200;

/// Longest plausible time since surgery, in months: 100 years.
pub const MONTHS_MAX: u32 = 1_200;

/// Highest pain score (0-10 numeric rating scale).
pub const PAIN_MAX: u8 = 10;

/// Weeks in a year, rounded up, for "longer than the patient has lived".
pub const WEEKS_PER_YEAR: u32 = 53;

/// Months in a year.
pub const MONTHS_PER_YEAR: u32 = 12;

const _: () = assert!(WEIGHT_MIN_KG < ADULT_WEIGHT_MIN_KG && ADULT_WEIGHT_MIN_KG < WEIGHT_MAX_KG);

/// The heaviest plausible weight at `age` years, in kg.
pub fn weight_max_kg(age: Option<u32>) -> f64 {
    age.and_then(|age| CHILD_WEIGHT_MAX_KG.iter().find(|(under, _)| age < *under).map(|(_, kg)| *kg))
        .unwrap_or(WEIGHT_MAX_KG)
}

/// The lightest plausible weight at `age` years, in kg.
pub fn weight_min_kg(age: Option<u32>) -> f64 {
    match age {
        Some(age) if age >= ADULT_FROM_YEARS => ADULT_WEIGHT_MIN_KG,
        _ => WEIGHT_MIN_KG,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn children_have_lower_ceilings_and_adults_a_higher_floor() {
        assert_eq!(weight_max_kg(Some(5)), 150.0);
        assert_eq!(weight_max_kg(Some(1)), 40.0);
        assert_eq!(weight_max_kg(Some(15)), 200.0);
        assert_eq!(weight_max_kg(Some(16)), WEIGHT_MAX_KG);
        assert_eq!(weight_max_kg(None), WEIGHT_MAX_KG);
        assert_eq!(weight_min_kg(Some(40)), ADULT_WEIGHT_MIN_KG);
        assert_eq!(weight_min_kg(Some(3)), WEIGHT_MIN_KG);
    }

    #[test]
    fn bounds_are_ordered() {
        assert!(CHILD_WEIGHT_MAX_KG.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 <= w[1].1));
    }
}
