//! `radiculo differential` and `radiculo imaging`.

use clap::Args;
use radiculo_consult::case::{Case, History, Imaging, candidacy, red_flags};
use radiculo_consult::imaging::{differential_document, imaging_document};
use radiculo_imaging::{ImagingQuestion, appropriateness, differential};
use serde::Serialize;

use crate::Failure;
use crate::format::{Format, document};

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
    /// left, right or bilateral.
    #[arg(long)]
    side: Option<String>,
    /// single-level, multi-level or diffuse.
    #[arg(long)]
    distribution: Option<String>,
    /// smooth, nodular or clumped.
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
    /// A disc herniation: DISC:ZONE:TYPE, e.g. L4-5:foraminal:extrusion (repeatable).
    #[arg(long, value_name = "DISC:ZONE:TYPE")]
    herniation: Vec<String>,
    /// Reported impingement: mild, moderate or severe.
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
    /// Clinical context, e.g. cancer-history, checkpoint-inhibitor, recent-lumbar-puncture (repeatable).
    #[arg(long, value_name = "NAME")]
    context: Vec<String>,
    /// A case file (TOML or JSON, `-` for standard input) whose [imaging] and [history] are used.
    #[arg(long, value_name = "FILE")]
    case: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
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
    /// Prior lumbar surgery with new or progressing symptoms.
    #[arg(long)]
    prior_surgery: bool,
    /// surgery or injection, when the patient is a candidate (repeatable).
    #[arg(long, value_name = "surgery|injection")]
    candidate: Vec<String>,
    /// MRI cannot be done.
    #[arg(long)]
    mri_contraindicated: bool,
    /// A case file (TOML or JSON, `-` for standard input) whose [history] is used.
    #[arg(long, value_name = "FILE")]
    case: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

fn or<T>(flag: Option<T>, case: Option<T>) -> Option<T> {
    flag.or(case)
}

#[derive(Serialize)]
struct DifferentialResult<'a> {
    findings: &'a radiculo_imaging::ImagingFindings,
    #[serde(flatten)]
    differential: &'a radiculo_imaging::Differential,
}

/// `radiculo differential`.
pub fn differential_command(args: DifferentialArgs, case: Case) -> Result<String, Failure> {
    let kb = radiculo_knowledge::baked();
    let base = case.imaging.clone().unwrap_or_default();
    let imaging = Imaging {
        enhancement: args.enhancement || base.enhancement,
        roots: [base.roots, args.root].concat(),
        levels: [base.levels, args.level].concat(),
        side: or(args.side, base.side),
        distribution: or(args.distribution, base.distribution),
        morphology: or(args.morphology, base.morphology),
        thickening: args.thickening || base.thickening,
        displacement: args.displacement || base.displacement,
        mass: args.mass || base.mass,
        herniations: [base.herniations, args.herniation].concat(),
        impingement: or(args.impingement, base.impingement),
        leptomeningeal_elsewhere: args.leptomeningeal_elsewhere || base.leptomeningeal_elsewhere,
        cord_involvement: args.cord_involvement || base.cord_involvement,
    };
    let history = History {
        weeks: or(args.weeks, case.history.weeks),
        months_since_surgery: or(args.months_since_surgery, case.history.months_since_surgery),
        context: [case.history.context.clone(), args.context].concat(),
        ..case.history.clone()
    };
    let mut patient = case.patient.clone();
    patient.age = or(args.age, patient.age);
    // The same limits and plausibility checks as a case file, on the merged flags and case.
    let merged = Case { patient, history, exam: Default::default(), imaging: Some(imaging.clone()) };
    merged.check_limits().map_err(|e| Failure::Input(e.0))?;
    let (patient, history) = (&merged.patient, &merged.history);
    let findings = imaging.findings(patient, history).map_err(|e| Failure::Input(e.to_string()))?;
    let terms = findings.terms(kb).map_err(|e| Failure::Input(e.to_string()))?;
    if !findings.has_imaging() {
        return Err(Failure::Input(
            "no imaging findings given; add e.g. --enhancement, --root L4, --herniation L4-5:foraminal:extrusion or --impingement mild".into(),
        ));
    }
    merged.check_plausible().map_err(|e| Failure::Input(e.0))?;
    let d = differential(kb, &terms);
    let doc = differential_document(kb, &findings, &d);
    Ok(document(&doc, &DifferentialResult { findings: &findings, differential: &d }, args.format))
}

#[derive(Serialize)]
struct ImagingResult<'a> {
    imaging: &'a radiculo_imaging::Appropriateness,
}

/// `radiculo imaging`.
pub fn imaging_command(args: ImagingArgs, case: Case) -> Result<String, Failure> {
    let kb = radiculo_knowledge::baked();
    let weeks = or(args.weeks, case.history.weeks)
        .ok_or_else(|| Failure::Input("--weeks N is needed: imaging timing depends on weeks since onset".into()))?;
    let merged = Case {
        history: History {
            weeks: Some(weeks),
            red_flags: [case.history.red_flags.clone(), args.red_flag.clone()].concat(),
            candidate: [case.history.candidate.clone(), args.candidate.clone()].concat(),
            ..case.history.clone()
        },
        ..case.clone()
    };
    merged.check_limits().and_then(|()| merged.check_plausible()).map_err(|e| Failure::Input(e.0))?;
    let question = ImagingQuestion {
        weeks,
        red_flags: red_flags(kb, &[case.history.red_flags.clone(), args.red_flag].concat())
            .map_err(|e| Failure::Input(e.0))?,
        prior_surgery: args.prior_surgery || case.history.prior_surgery == Some(true),
        candidate: candidacy(&[case.history.candidate.clone(), args.candidate].concat())
            .map_err(|e| Failure::Input(e.0))?,
        mri_contraindicated: args.mri_contraindicated || case.history.mri_contraindicated,
    };
    let a = appropriateness(kb, &question);
    Ok(document(&imaging_document(&a), &ImagingResult { imaging: &a }, args.format))
}

impl DifferentialArgs {
    /// The case file named by --case.
    pub fn case_path(&self) -> Option<&str> {
        self.case.as_deref()
    }
}

impl ImagingArgs {
    /// The case file named by --case.
    pub fn case_path(&self) -> Option<&str> {
        self.case.as_deref()
    }
}
