//! The numbers the engines reason with: clinical thresholds (cited), scoring weights and
//! plausibility bounds (judgements, each explained). They live in
//! `knowledge/engine/parameters.toml` so that no clinical number is written in Rust; the
//! struct makes a missing or misspelt parameter a build error rather than a silent default.

use serde::{Deserialize, Serialize};

use crate::{StatementId, Text};

/// One number and where it comes from: a statement that states it (the number must appear in
/// the statement or a figure of its references), or a judgement with the reason for it.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Parameter {
    /// The value.
    pub value: f64,
    /// The statement that states it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statement: Option<StatementId>,
    /// Set when no source gives the number: it is the knowledge editors' judgement.
    #[serde(default)]
    pub judgement: bool,
    /// Why this value (required for a judgement).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<Text>,
}

impl Parameter {
    /// The value as a whole number (weeks, months, years, grades), rounded toward zero.
    pub fn whole(self) -> u32 {
        if self.value.is_finite() && self.value > 0.0 {
            // Parameters are validated to be small non-negative numbers.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let whole = self.value as u32;
            whole
        } else {
            0
        }
    }
}

macro_rules! parameters {
    ($($(#[$doc:meta])* $name:ident,)*) => {
        /// Every parameter, one field each (see `knowledge/engine/parameters.toml`).
        #[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct Parameters {
            $($(#[$doc])* pub $name: Parameter,)*
        }

        impl Parameters {
            /// Every parameter with its name, in declaration order.
            pub fn all(&self) -> [(&'static str, Parameter); [$(stringify!($name)),*].len()] {
                [$((stringify!($name), self.$name)),*]
            }
        }
    };
}

parameters! {
    /// Weeks since onset at which an episode becomes subacute.
    stage_subacute_weeks,
    /// Weeks since onset after which an episode is chronic.
    stage_chronic_weeks,
    /// Weeks of conservative care after which imaging and intervention are considered.
    conservative_care_weeks,
    /// MRC grade at or below which a motor deficit is severe.
    severe_deficit_mrc,
    /// Pain score (0-10) at or above which pain is severe.
    severe_pain,
    /// Months after surgery within which root enhancement can be an expected postoperative finding.
    postop_window_months,
    /// Weeks of symptoms under which a polyradiculopathy is acute.
    acute_onset_weeks,
    /// Weeks of progression over which a polyradiculopathy is chronic.
    chronic_course_weeks,
    /// Age below which the youngest asymptomatic-prevalence band is quoted.
    asymptomatic_band_young_below,
    /// Age from which the oldest asymptomatic-prevalence band is quoted.
    asymptomatic_band_old_from,
    /// Age below which a patient is a child for the adult guidance (NICE NG59 covers 16 and over).
    adult_age_years,
    /// Lightest plausible body weight, kg.
    weight_min_kg,
    /// Heaviest plausible body weight, kg.
    weight_max_kg,
    /// Oldest plausible age, years.
    age_max_years,
    /// Longest plausible episode, weeks.
    weeks_max,
    /// Longest plausible time since surgery, months.
    months_max,
    /// Log-likelihood ratio of a weak muscle predicted by a candidate's key muscle.
    weight_motor,
    /// Log-likelihood ratio of a reflex change predicted by a candidate.
    weight_reflex,
    /// Log-likelihood ratio of numbness in a predicted area.
    weight_sensory,
    /// Log-likelihood ratio of pain in a predicted area (pain is often non-dermatomal).
    weight_pain,
    /// Log-likelihood ratio of a positive examination sign predicted by a candidate.
    weight_sign,
    /// Log-likelihood ratio of an upper motor neuron sign: for a cord or brain lesion, and
    /// against every root and nerve.
    weight_upper_motor_neuron,
    /// Factor for a finding a candidate predicts only sometimes (secondary role).
    secondary_factor,
    /// Factor for an abnormal finding a candidate does not predict (it must be explained otherwise).
    unexplained_factor,
    /// Factor for a finding tested normal where a candidate predicts it abnormal.
    normal_factor,
    /// Factor for a finding tested normal where a candidate predicts it spared.
    spared_normal_factor,
    /// Factor on a motor weight for MRC 0-2 (dense weakness).
    mrc_dense_factor,
    /// Factor on a motor weight for MRC 3.
    mrc_moderate_factor,
    /// Factor on a motor weight for MRC 4 (mild weakness).
    mrc_mild_factor,
    /// Log-odds within which two ranked candidates or causes are printed as a tie.
    tie_margin,
    /// Log-odds within which a candidate or cause below the leader is still worth considering.
    consider_margin,
    /// Log-odds lead over the runner-up needed for high localization confidence.
    high_confidence_lead,
    /// Smallest number of motor or reflex findings for high localization confidence.
    high_confidence_motor_findings,
    /// Rounding step for doses in grams.
    dose_step_g,
    /// Rounding step for doses in milligrams.
    dose_step_mg,
}
