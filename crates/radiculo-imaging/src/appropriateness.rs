//! Whether imaging is indicated now, and which study, following the ACR Appropriateness
//! Criteria for low back pain (variants 1-7) as the knowledge base records them; and what a
//! report of mild impingement means.

use radiculo_kb::{KnowledgeBase, StatementId};
use serde::Serialize;

/// A study to order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Study {
    /// No imaging now.
    None,
    /// MRI lumbar spine without IV contrast.
    MriLumbarWithoutContrast,
    /// MRI lumbar spine without and with IV contrast.
    MriLumbarWithAndWithoutContrast,
    /// Radiography, MRI without contrast or CT, as the fracture concern directs.
    RadiographyMriOrCt,
    /// CT myelography, when MRI cannot be done.
    CtMyelography,
    /// MRI of the spine without and with IV contrast (checkpoint-inhibitor neuropathy work-up).
    MriSpineWithAndWithoutContrast,
}

impl Study {
    /// The study as printed.
    pub fn label(self) -> &'static str {
        match self {
            Study::None => "no imaging now",
            Study::MriLumbarWithoutContrast => "MRI lumbar spine without IV contrast",
            Study::MriLumbarWithAndWithoutContrast => "MRI lumbar spine without and with IV contrast",
            Study::RadiographyMriOrCt => "radiography, MRI without IV contrast or CT",
            Study::CtMyelography => "CT myelography (MRI contraindicated)",
            Study::MriSpineWithAndWithoutContrast => "MRI of the spine without and with IV contrast",
        }
    }
}

/// What a patient is a candidate for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Candidacy {
    /// Surgery.
    Surgery,
    /// Epidural or root injection.
    Injection,
}

/// The situation imaging is considered in.
#[derive(Debug, Clone, Default)]
pub struct ImagingQuestion {
    /// Weeks since onset.
    pub weeks: u32,
    /// Red-flag terms present (`red-flag.*`).
    pub red_flags: Vec<&'static str>,
    /// Prior lumbar surgery with new or progressing symptoms.
    pub prior_surgery: bool,
    /// Candidate for surgery or injection.
    pub candidate: Vec<Candidacy>,
    /// MRI cannot be done.
    pub mri_contraindicated: bool,
}

/// The answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Appropriateness {
    /// Whether imaging is indicated now.
    pub indicated_now: bool,
    /// Which study.
    pub study: Study,
    /// The rule that decided, as the text of its statement.
    pub reason: &'static str,
    /// The statements behind the answer, the deciding one first.
    pub statements: Vec<StatementId>,
}

/// Red flags that suggest cauda equina syndrome (ACR variant 4).
pub const CAUDA_EQUINA_FLAGS: &[&str] = &[
    "red-flag.saddle-anaesthesia",
    "red-flag.urinary-retention",
    "red-flag.incontinence",
    "red-flag.bowel-dysfunction",
    "red-flag.bilateral-weakness",
];
/// Red flags that suggest cancer or infection (ACR variant 7).
pub const CANCER_INFECTION_FLAGS: &[&str] = &[
    "red-flag.cancer-history",
    "red-flag.weight-loss",
    "red-flag.fever",
    "red-flag.iv-drug-use",
    "red-flag.immunocompromised",
];
/// Red flags that suggest fracture (ACR variant 6).
pub const FRACTURE_FLAGS: &[&str] = &["red-flag.trauma", "red-flag.osteoporosis"];
/// A progressive deficit.
pub const PROGRESSIVE_FLAG: &str = "red-flag.progressive-deficit";
/// Weeks of conservative care after which imaging is considered for intervention candidates.
pub const CONSERVATIVE_WEEKS: u32 = 6;

/// Statement ids the rules use; a test checks that each exists.
pub mod ids {
    #![allow(missing_docs)]
    pub const VARIANT1: &str = "imaging.acr.variant1-no-imaging";
    pub const SIX_WEEKS: &str = "imaging.acr.six-week-threshold";
    pub const RED_FLAGS_EARLY: &str = "imaging.acr.red-flags-early-imaging";
    pub const VARIANT3: &str = "imaging.acr.variant3-mri-without-contrast";
    pub const PERSISTENCE_ALONE: &str = "imaging.acr.persistence-alone-not-indication";
    pub const VARIANT4: &str = "imaging.acr.variant4-cauda-equina";
    pub const VARIANT5: &str = "imaging.acr.variant5-prior-surgery";
    pub const POSTOP_CONTRAST: &str = "imaging.acr.postoperative-contrast";
    pub const VARIANT6: &str = "imaging.acr.variant6-fracture-risk";
    pub const VARIANT7: &str = "imaging.acr.variant7-cancer-infection";
    pub const PROGRESSIVE: &str = "imaging.acr-previous.severe-progressive-deficit";
    pub const CT_MYELOGRAPHY: &str = "imaging.acr.ct-myelography-not-first-line";
    pub const CORRELATE: &str = "imaging.correlation.must-match-clinical-picture";
    pub const ALL: &[&str] = &[
        VARIANT1,
        SIX_WEEKS,
        RED_FLAGS_EARLY,
        VARIANT3,
        PERSISTENCE_ALONE,
        VARIANT4,
        VARIANT5,
        POSTOP_CONTRAST,
        VARIANT6,
        VARIANT7,
        PROGRESSIVE,
        CT_MYELOGRAPHY,
        CORRELATE,
    ];
}

/// Decides whether to image now and with what.
pub fn appropriateness(kb: &KnowledgeBase, q: &ImagingQuestion) -> Appropriateness {
    let has = |set: &[&str]| q.red_flags.iter().any(|f| set.contains(f));
    let (indicated, study, statements): (bool, Study, &[&str]) = if has(CAUDA_EQUINA_FLAGS) {
        (true, Study::MriLumbarWithoutContrast, &[ids::VARIANT4, ids::RED_FLAGS_EARLY])
    } else if has(CANCER_INFECTION_FLAGS) {
        (true, Study::MriLumbarWithAndWithoutContrast, &[ids::VARIANT7, ids::RED_FLAGS_EARLY])
    } else if has(FRACTURE_FLAGS) {
        (true, Study::RadiographyMriOrCt, &[ids::VARIANT6, ids::RED_FLAGS_EARLY])
    } else if q.red_flags.contains(&PROGRESSIVE_FLAG) {
        (true, Study::MriLumbarWithoutContrast, &[ids::PROGRESSIVE])
    } else if q.prior_surgery {
        (true, Study::MriLumbarWithAndWithoutContrast, &[ids::VARIANT5, ids::POSTOP_CONTRAST])
    } else if q.weeks >= CONSERVATIVE_WEEKS && !q.candidate.is_empty() {
        (true, Study::MriLumbarWithoutContrast, &[ids::VARIANT3, ids::SIX_WEEKS, ids::CORRELATE])
    } else if q.weeks >= CONSERVATIVE_WEEKS {
        (false, Study::None, &[ids::PERSISTENCE_ALONE, ids::SIX_WEEKS])
    } else {
        (false, Study::None, &[ids::VARIANT1, ids::SIX_WEEKS])
    };
    let mut statements: Vec<&str> = statements.to_vec();
    let mri = matches!(study, Study::MriLumbarWithoutContrast | Study::MriLumbarWithAndWithoutContrast);
    let study = if mri && q.mri_contraindicated {
        statements.push(ids::CT_MYELOGRAPHY);
        Study::CtMyelography
    } else {
        study
    };
    let statements: Vec<StatementId> = statements.iter().filter_map(|id| kb.statement(id)).map(|s| s.id).collect();
    let reason = statements.first().and_then(|id| kb.statement(id.0)).map_or("", |s| s.text.0);
    Appropriateness { indicated_now: indicated, study, reason, statements }
}

/// Statement ids for reading a report of mild impingement.
pub mod impingement_ids {
    #![allow(missing_docs)]
    pub const NOT_COMPRESSION: &str = "imaging.grading.mild-impingement-is-not-compression";
    pub const CORRELATE: &str = "imaging.correlation.must-match-clinical-picture";
    pub const NO_AGGRESSIVE_TREATMENT: &str = "imaging.correlation.mild-impingement-no-aggressive-treatment";
    pub const AGE_20: &str = "imaging.asymptomatic.age-20";
    pub const AGE_50: &str = "imaging.asymptomatic.age-50";
    pub const AGE_80: &str = "imaging.asymptomatic.age-80";
    pub const OVERVIEW: &str = "imaging.asymptomatic.brinjikji-overview";
    pub const ALL: &[&str] = &[NOT_COMPRESSION, CORRELATE, NO_AGGRESSIVE_TREATMENT, AGE_20, AGE_50, AGE_80, OVERVIEW];
}

/// What to say about reported impingement. For mild impingement: what it means, how common
/// such findings are without symptoms (for the patient's age band when known), that imaging
/// must match the clinical picture, and that it alone should not drive invasive treatment.
/// For moderate or severe impingement only the rule that imaging must match the clinical
/// picture applies.
pub fn impingement_notes(kb: &KnowledgeBase, mild: bool, age: Option<u32>) -> Vec<StatementId> {
    use impingement_ids::*;
    if !mild {
        return kb.statement(CORRELATE).map(|s| s.id).into_iter().collect();
    }
    let prevalence = match age {
        Some(a) if a < 35 => AGE_20,
        Some(a) if a < 65 => AGE_50,
        Some(_) => AGE_80,
        None => OVERVIEW,
    };
    [NOT_COMPRESSION, prevalence, CORRELATE, NO_AGGRESSIVE_TREATMENT]
        .iter()
        .filter_map(|id| kb.statement(id))
        .map(|s| s.id)
        .collect()
}
