//! `radiculo pathway`.

use clap::Args;
use radiculo_consult::case::{Case, History, Patient};
use radiculo_consult::pathway::pathway_document;
use serde::Serialize;

use crate::Failure;
use crate::format::{Format, document};

/// Flags of `radiculo pathway`.
#[derive(Args)]
pub struct PathwayArgs {
    /// Weeks since onset.
    #[arg(long, value_name = "N")]
    weeks: Option<u32>,
    /// Pain, 0-10.
    #[arg(long, value_name = "0-10")]
    pain: Option<u8>,
    /// none, daily-activities or self-care.
    #[arg(long)]
    function: Option<String>,
    /// A motor deficit: ACTION:MRC[:progressing] (repeatable).
    #[arg(long, value_name = "ACTION:MRC[:progressing]")]
    deficit: Vec<String>,
    /// A red flag, e.g. saddle-anaesthesia (repeatable).
    #[arg(long, value_name = "NAME")]
    red_flag: Vec<String>,
    /// Weeks of conservative care already given.
    #[arg(long, value_name = "N")]
    conservative_weeks: Option<u32>,
    /// surgery or injection, when the patient is a candidate (repeatable).
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
    /// A contraindication, e.g. kidney-disease, gi-bleeding, anticoagulation, diabetes, infection (repeatable).
    #[arg(long, value_name = "NAME")]
    contraindication: Vec<String>,
    /// Prior lumbar surgery with new or progressing symptoms.
    #[arg(long)]
    prior_surgery: bool,
    /// MRI cannot be done.
    #[arg(long)]
    mri_contraindicated: bool,
    /// A case file (TOML or JSON, `-` for standard input).
    #[arg(long, value_name = "FILE")]
    case: Option<String>,
    /// Show, for each step, the conditions that made it apply.
    #[arg(long)]
    explain: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

impl PathwayArgs {
    /// The case file named by --case.
    pub fn case_path(&self) -> Option<&str> {
        self.case.as_deref()
    }
}

#[derive(Serialize)]
struct PathwayResult<'a> {
    #[serde(flatten)]
    plan: &'a radiculo_pathways::Plan,
}

/// `radiculo pathway`.
pub fn pathway_command(args: PathwayArgs, case: Case) -> Result<String, Failure> {
    let h = case.history;
    let history = History {
        weeks: args.weeks.or(h.weeks),
        pain: args.pain.or(h.pain),
        function: args.function.or(h.function),
        deficits: [h.deficits, args.deficit].concat(),
        red_flags: [h.red_flags, args.red_flag].concat(),
        conservative_weeks: args.conservative_weeks.or(h.conservative_weeks),
        candidate: [h.candidate, args.candidate].concat(),
        yellow_flags: [h.yellow_flags, args.yellow_flag].concat(),
        context: [h.context, args.context].concat(),
        grade: args.grade.or(h.grade),
        contraindications: [h.contraindications, args.contraindication].concat(),
        prior_surgery: if args.prior_surgery { Some(true) } else { h.prior_surgery },
        mri_contraindicated: args.mri_contraindicated || h.mri_contraindicated,
        months_since_surgery: h.months_since_surgery,
    };
    let weight = args.weight_kg.or(case.patient.weight_kg);
    let merged = Case {
        patient: Patient { weight_kg: weight, ..case.patient },
        history,
        exam: Default::default(),
        imaging: None,
    };
    if merged.is_empty() {
        return Err(Failure::Input(
            "nothing to consult on: give at least one fact, e.g. --weeks, --red-flag, --context, --deficit or --case FILE"
                .into(),
        ));
    }
    merged.check().map_err(|e| Failure::Input(e.0))?;
    let Case { history, .. } = merged;
    let state = history.patient_state(radiculo_knowledge::baked(), weight).map_err(|e| Failure::Input(e.0))?;
    let plan = radiculo_pathways::plan(radiculo_knowledge::baked(), &state);
    let doc = pathway_document(radiculo_knowledge::baked(), &plan, state.weeks, state.weight_kg, args.explain);
    Ok(document(&doc, &PathwayResult { plan: &plan }, args.format))
}
