//! `radiculo differential` and `radiculo imaging`.

use clap::Args;
use radiculo_consult::case::{Case, History, Imaging, Patient};
use radiculo_consult::imaging::{differential_document, imaging_document};
use radiculo_consult::lines::coverage_notices;
use radiculo_imaging::differential;
use serde::Serialize;

use crate::Failure;
use crate::format::{Output, document};

/// Flags of `radiculo differential`.
#[derive(Args)]
pub struct DifferentialArgs {
    /// Nerve-root enhancement after contrast.
    #[arg(long)]
    enhancement: bool,
    /// A root involved, e.g. L4 (repeatable).
    #[arg(long, value_name = "ROOT")]
    root: Vec<String>,
    /// A disc level involved, e.g. L4-5 (repeatable).
    #[arg(long, value_name = "DISC")]
    level: Vec<String>,
    /// `left`, `right` or `bilateral`.
    #[arg(long)]
    side: Option<String>,
    /// `single-level`, `multi-level` or `diffuse`.
    #[arg(long)]
    distribution: Option<String>,
    /// `smooth`, `nodular` or `clumped`.
    #[arg(long)]
    morphology: Option<String>,
    /// Root thickening.
    #[arg(long)]
    thickening: bool,
    /// Root displacement.
    #[arg(long)]
    displacement: bool,
    /// A mass or mass effect.
    #[arg(long)]
    mass: bool,
    /// A disc herniation: `DISC:ZONE:TYPE`, e.g. L4-5:foraminal:extrusion (repeatable).
    #[arg(long, value_name = "DISC:ZONE:TYPE")]
    herniation: Vec<String>,
    /// Reported impingement: `mild`, `moderate` or `severe`.
    #[arg(long)]
    impingement: Option<String>,
    /// Leptomeningeal enhancement elsewhere.
    #[arg(long)]
    leptomeningeal_elsewhere: bool,
    /// Cord or pial involvement (e.g. the trident sign).
    #[arg(long)]
    cord_involvement: bool,
    /// Months since surgery at that level.
    #[arg(long, value_name = "N")]
    months_since_surgery: Option<u32>,
    /// Weeks of symptoms.
    #[arg(long, value_name = "N")]
    weeks: Option<u32>,
    /// Age in years (for how common such findings are without symptoms).
    #[arg(long, value_name = "N")]
    age: Option<u32>,
    /// Clinical context, e.g. cancer-history, checkpoint-inhibitor, fever (repeatable).
    #[arg(long, value_name = "NAME")]
    context: Vec<String>,
    /// A case file (TOML or JSON, `-` for standard input) whose `[imaging]` and `[history]` are used.
    #[arg(long, value_name = "FILE")]
    pub case: Option<String>,
    #[command(flatten)]
    output: Output,
}

impl DifferentialArgs {
    fn to_case(&self) -> Case {
        Case {
            patient: Patient { age: self.age, ..Patient::default() },
            history: History {
                weeks: self.weeks,
                months_since_surgery: self.months_since_surgery,
                prior_surgery: self.months_since_surgery.map(|_| true),
                context: self.context.clone(),
                ..History::default()
            },
            imaging: Some(Imaging {
                enhancement: self.enhancement,
                roots: self.root.clone(),
                levels: self.level.clone(),
                side: self.side.clone(),
                distribution: self.distribution.clone(),
                morphology: self.morphology.clone(),
                thickening: self.thickening,
                displacement: self.displacement,
                mass: self.mass,
                herniations: self.herniation.clone(),
                impingement: self.impingement.clone(),
                leptomeningeal_elsewhere: self.leptomeningeal_elsewhere,
                cord_involvement: self.cord_involvement,
            }),
            ..Case::default()
        }
    }
}

/// Flags of `radiculo imaging`.
#[derive(Args)]
pub struct ImagingArgs {
    /// Weeks since onset.
    #[arg(long, value_name = "N")]
    weeks: Option<u32>,
    /// A red flag, e.g. saddle-anaesthesia, cancer-history (repeatable).
    #[arg(long, value_name = "NAME")]
    red_flag: Vec<String>,
    /// Prior spinal surgery with new or progressing symptoms.
    #[arg(long)]
    prior_surgery: bool,
    /// `surgery` or `injection`, when the patient is a candidate (repeatable).
    #[arg(long, value_name = "surgery|injection")]
    candidate: Vec<String>,
    /// MRI cannot be done.
    #[arg(long)]
    mri_contraindicated: bool,
    #[command(flatten)]
    patient: crate::patient::PatientArgs,
    /// A case file (TOML or JSON, `-` for standard input) whose `[history]` is used.
    #[arg(long, value_name = "FILE")]
    pub case: Option<String>,
    #[command(flatten)]
    output: Output,
}

impl ImagingArgs {
    fn to_case(&self) -> Case {
        Case {
            patient: self.patient.patient(None),
            history: History {
                weeks: self.weeks,
                red_flags: self.red_flag.clone(),
                prior_surgery: self.prior_surgery.then_some(true),
                candidate: self.candidate.clone(),
                mri_contraindicated: self.mri_contraindicated,
                ..History::default()
            },
            ..Case::default()
        }
    }
}

#[derive(Serialize)]
struct DifferentialResult<'a> {
    findings: &'a radiculo_imaging::ImagingFindings,
    #[serde(flatten)]
    differential: &'a radiculo_imaging::Differential,
}

/// `radiculo differential`.
pub fn differential_command(args: &DifferentialArgs, file: Case) -> Result<String, Failure> {
    let kb = radiculo_knowledge::baked();
    let case = file.merged(&args.to_case()).map_err(Failure::input)?;
    case.check_limits().map_err(Failure::input)?;
    let Some(findings) = case.imaging(kb).map_err(Failure::input)?.filter(|f| f.has_imaging()) else {
        return Err(Failure::Input(
            "no imaging findings given; add e.g. --enhancement, --root L4, --herniation L4-5:foraminal:extrusion or --impingement mild".into(),
        ));
    };
    case.check_plausible(kb).map_err(Failure::input)?;
    let terms = findings.terms(kb).map_err(|e| Failure::Input(e.to_string()))?;
    let d = differential(kb, &terms);
    let doc = differential_document(kb, &findings, &d);
    Ok(document(&doc, &DifferentialResult { findings: &findings, differential: &d }, args.output))
}

#[derive(Serialize)]
struct ImagingResult<'a> {
    imaging: Option<&'a radiculo_imaging::Appropriateness>,
    coverage: &'a radiculo_pathways::Coverage,
}

/// `radiculo imaging`.
pub fn imaging_command(args: &ImagingArgs, file: Case) -> Result<String, Failure> {
    let kb = radiculo_knowledge::baked();
    let case = file.merged(&args.to_case()).map_err(Failure::input)?;
    case.check_limits().and_then(|()| case.check_plausible(kb)).map_err(Failure::input)?;
    let h = &case.history;
    if h.weeks.is_none() && h.red_flags.is_empty() && h.prior_surgery != Some(true) {
        return Err(Failure::Input(
            "--weeks N is needed: imaging timing depends on weeks since onset (or give a red flag or --prior-surgery)"
                .into(),
        ));
    }
    let scope = case.scope(None, None).map_err(Failure::input)?;
    let state = case.state(kb, scope, &Default::default()).map_err(Failure::input)?;
    // The same planner the pathway uses decides, so both commands always agree.
    let plan = radiculo_pathways::plan(kb, &state, &[]);
    let doc = imaging_document(plan.imaging.as_ref(), coverage_notices(&plan.coverage));
    Ok(document(&doc, &ImagingResult { imaging: plan.imaging.as_ref(), coverage: &plan.coverage }, args.output))
}
