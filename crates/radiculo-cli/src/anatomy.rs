//! `radiculo root` and `radiculo localize`.

use radiculo_anatomy::findings::Finding;
use radiculo_anatomy::localize::localize;
use radiculo_anatomy::{Level, Root};
use radiculo_consult::anatomy::{localization_document, root_card};
use radiculo_consult::case::Exam;
use serde::Serialize;

use crate::Failure;
use crate::format::{Format, document};

/// `radiculo root <ROOT>`.
pub fn root(input: &str, format: Format) -> Result<String, Failure> {
    let kb = radiculo_knowledge::baked();
    let level: Level = input.parse().map_err(|e| Failure::Input(format!("{e}")))?;
    let root: Root = match level {
        Level::Segment(root) => root,
        Level::Disc(disc) => {
            return Err(Failure::Input(format!(
                "`{}` is a disc, not a root: a paracentral herniation there compresses {}, a foraminal one {}; ask for `radiculo root {}` or `radiculo root {}`",
                radiculo_kb::echo::echo(input),
                disc.traversing_root(),
                disc.exiting_root(),
                disc.traversing_root(),
                disc.exiting_root()
            )));
        }
    };
    let (doc, result) = root_card(kb, root).map_err(|e| {
        Failure::Input(format!("radiculo has no card for {} yet; cards exist for {}", e.root, e.available.join(", ")))
    })?;
    Ok(document(&doc, &result, format))
}

/// The findings of a `localize` invocation, as written on the command line.
pub struct Flags<'a> {
    pub weak: &'a [String],
    pub strong: &'a [String],
    pub reflex: &'a [String],
    pub numb: &'a [String],
    pub pain: &'a [String],
    pub sign: &'a [String],
}

#[derive(Serialize)]
struct Localized<'a> {
    findings: Vec<String>,
    #[serde(flatten)]
    localization: &'a radiculo_anatomy::localize::Localization,
}

/// `radiculo localize`.
pub fn localize_command(exam: &Exam, format: Format) -> Result<String, Failure> {
    radiculo_consult::case::Case { exam: exam.clone(), ..Default::default() }
        .check_limits()
        .map_err(|e| Failure::Input(e.0))?;
    let findings = exam.findings(radiculo_knowledge::baked()).map_err(|e| Failure::Input(e.0))?;
    if findings.is_empty() {
        return Err(Failure::Input(
            "no findings given; add at least one of --weak, --strong, --reflex, --numb, --pain, --sign, or --case FILE"
                .into(),
        ));
    }
    let loc = localize(radiculo_knowledge::baked(), &findings);
    let doc = localization_document(radiculo_knowledge::baked(), &loc);
    let result = Localized { findings: findings.iter().map(Finding::to_string).collect(), localization: &loc };
    Ok(document(&doc, &result, format))
}

impl Flags<'_> {
    /// The findings as an exam, merged with a case file's exam if one was given.
    pub fn into_exam(self, mut exam: Exam) -> Exam {
        exam.weak.extend_from_slice(self.weak);
        exam.strong.extend_from_slice(self.strong);
        exam.reflex.extend_from_slice(self.reflex);
        exam.numb.extend_from_slice(self.numb);
        exam.pain.extend_from_slice(self.pain);
        exam.sign.extend_from_slice(self.sign);
        exam
    }
}
