//! `radiculo pathway`.

use clap::Args;
use radiculo_consult::case::{Case, History};
use radiculo_consult::pathway::pathway_document;
use serde::Serialize;

use crate::Failure;
use crate::format::{Audience, Output, document};

/// Flags of `radiculo pathway`.
#[derive(Args)]
pub struct PathwayArgs {
    /// Weeks since onset.
    #[arg(long, value_name = "N")]
    weeks: Option<u32>,
    /// Pain, 0-10.
    #[arg(long, value_name = "0-10")]
    pain: Option<u8>,
    /// `none`, `daily-activities` or `self-care`.
    #[arg(long)]
    function: Option<String>,
    /// A motor deficit: `ACTION:MRC[:progressing]` (repeatable).
    #[arg(long, value_name = "ACTION:MRC[:progressing]")]
    deficit: Vec<String>,
    /// A red flag, e.g. saddle-anaesthesia (repeatable).
    #[arg(long, value_name = "NAME")]
    red_flag: Vec<String>,
    /// Weeks of conservative care already given.
    #[arg(long, value_name = "N")]
    conservative_weeks: Option<u32>,
    /// `surgery` or `injection`, when the patient is a candidate (repeatable).
    #[arg(long, value_name = "surgery|injection")]
    candidate: Vec<String>,
    /// A psychosocial risk factor, e.g. fear-avoidance (repeatable).
    #[arg(long, value_name = "NAME")]
    yellow_flag: Vec<String>,
    /// Context, e.g. compressive-radiculopathy, root-enhancement, checkpoint-inhibitor, suspected-gbs (repeatable).
    #[arg(long, value_name = "NAME")]
    context: Vec<String>,
    /// CTCAE grade of checkpoint-inhibitor neuropathy, 1-4.
    #[arg(long, value_name = "1-4")]
    grade: Option<u8>,
    /// Weight in kg, for weight-based doses.
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    weight_kg: Option<f64>,
    /// A contraindication or medicine, e.g. kidney-disease, apixaban, clopidogrel (repeatable).
    #[arg(long, value_name = "NAME")]
    contraindication: Vec<String>,
    /// Prior spinal surgery with new or progressing symptoms.
    #[arg(long)]
    prior_surgery: bool,
    /// MRI cannot be done.
    #[arg(long)]
    mri_contraindicated: bool,
    #[command(flatten)]
    patient: crate::patient::PatientArgs,
    /// A case file (TOML or JSON, `-` for standard input).
    #[arg(long, value_name = "FILE")]
    pub case: Option<String>,
    /// Show, for each step, the conditions that made it apply.
    #[arg(long)]
    explain: bool,
    /// Who the answer is for.
    #[arg(long, value_enum, default_value_t = Audience::Clinician)]
    audience: Audience,
    #[command(flatten)]
    output: Output,
}

impl PathwayArgs {
    fn to_case(&self) -> Case {
        Case {
            patient: self.patient.patient(self.weight_kg),
            history: History {
                weeks: self.weeks,
                pain: self.pain,
                function: self.function.clone(),
                deficits: self.deficit.clone(),
                red_flags: self.red_flag.clone(),
                conservative_weeks: self.conservative_weeks,
                candidate: self.candidate.clone(),
                yellow_flags: self.yellow_flag.clone(),
                context: self.context.clone(),
                grade: self.grade,
                contraindications: self.contraindication.clone(),
                prior_surgery: self.prior_surgery.then_some(true),
                mri_contraindicated: self.mri_contraindicated,
                months_since_surgery: None,
            },
            ..Case::default()
        }
    }
}

#[derive(Serialize)]
struct PathwayResult<'a> {
    #[serde(flatten)]
    plan: &'a radiculo_pathways::Plan,
}

/// `radiculo pathway`.
pub fn pathway_command(args: &PathwayArgs, file: Case) -> Result<String, Failure> {
    let kb = radiculo_knowledge::baked();
    let case = file.merged(&args.to_case()).map_err(Failure::input)?;
    case.check_limits().map_err(Failure::input)?;
    if case.is_empty() {
        return Err(Failure::Input(
            "nothing to consult on: give at least one fact, e.g. --weeks 2, --red-flag saddle-anaesthesia or --case FILE"
                .into(),
        ));
    }
    case.check_plausible(kb).map_err(Failure::input)?;
    let scope = case.scope(None, None).map_err(Failure::input)?;
    let state = case.state(kb, scope, &Default::default()).map_err(Failure::input)?;
    let plan = radiculo_pathways::plan(kb, &state, &[]);
    let doc = match args.audience {
        Audience::Clinician => pathway_document(kb, &plan, state.weeks, state.weight_kg, args.explain),
        Audience::Patient => radiculo_consult::handout::handout(kb, &plan),
    };
    Ok(document(&doc, &PathwayResult { plan: &plan }, args.output))
}
