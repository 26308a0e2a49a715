//! The patient flags that `imaging` and `pathway` share: who the guidance must cover.

use clap::Args;
use radiculo_consult::case::Patient;

/// Age, pregnancy and spinal region, as flags.
#[derive(Args)]
pub struct PatientArgs {
    /// Age in years.
    #[arg(long, value_name = "N")]
    age: Option<u32>,
    /// The patient is pregnant.
    #[arg(long)]
    pregnant: bool,
    /// The spinal region: `cervical`, `thoracic` or `lumbosacral`.
    #[arg(long)]
    region: Option<String>,
}

impl PatientArgs {
    /// The patient these flags describe, with `weight_kg` when the command takes one.
    pub fn patient(&self, weight_kg: Option<f64>) -> Patient {
        Patient { age: self.age, weight_kg, pregnant: self.pregnant, region: self.region.clone() }
    }
}
