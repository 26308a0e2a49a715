//! `radiculo root` and `radiculo localize`.

use clap::Args;
use radiculo_anatomy::{Root, RootError};
use radiculo_consult::anatomy::{localization_document, root_card};
use radiculo_consult::case::{Case, Exam};
use serde::Serialize;

use crate::Failure;
use crate::format::{Output, document};

/// `radiculo root <ROOT>`.
pub fn root(input: &str, output: Output) -> Result<String, Failure> {
    let kb = radiculo_knowledge::baked();
    let root: Root = input.parse().map_err(|e: RootError| {
        let mut message = e.to_string();
        if let RootError::Notation(n) = &e
            && n.is_transitional()
        {
            message.push_str(&crate::statements_suffix(kb, crate::TRANSITIONAL));
        }
        Failure::Input(message)
    })?;
    let (doc, result) = root_card(kb, root).map_err(|e| Failure::Input(e.to_string()))?;
    Ok(document(&doc, &result, output))
}

/// Flags of `radiculo localize`.
#[derive(Args)]
pub struct LocalizeArgs {
    /// Weakness: `ACTION[:SIDE[:MRC]]`, MRC 0-4, `give-way` or `not-testable`.
    #[arg(long, value_name = "ACTION[:SIDE[:MRC]]")]
    weak: Vec<String>,
    /// Tested and normal strength: `ACTION[:SIDE]`.
    #[arg(long, value_name = "ACTION[:SIDE]")]
    strong: Vec<String>,
    /// Reflex: `NAME:CHANGE[:SIDE]`, CHANGE absent, reduced, normal, brisk or not-testable.
    #[arg(long, value_name = "NAME:CHANGE[:SIDE]")]
    reflex: Vec<String>,
    /// Numbness or altered sensation: `AREA[:SIDE]`.
    #[arg(long, value_name = "AREA[:SIDE]")]
    numb: Vec<String>,
    /// Pain: `AREA[:SIDE]`.
    #[arg(long, value_name = "AREA[:SIDE]")]
    pain: Vec<String>,
    /// A sign or red flag: `NAME[:SIDE]`, e.g. "straight leg raise", "Hoffmann", "saddle anaesthesia".
    #[arg(long, value_name = "NAME[:SIDE]")]
    sign: Vec<String>,
    /// A case file (TOML or JSON, `-` for standard input) whose `[exam]` adds findings.
    #[arg(long, value_name = "FILE")]
    pub case: Option<String>,
    #[command(flatten)]
    output: Output,
}

impl LocalizeArgs {
    fn to_case(&self) -> Case {
        Case {
            exam: Exam {
                weak: self.weak.clone(),
                strong: self.strong.clone(),
                reflex: self.reflex.clone(),
                numb: self.numb.clone(),
                pain: self.pain.clone(),
                sign: self.sign.clone(),
            },
            ..Case::default()
        }
    }
}

#[derive(Serialize)]
struct Localized<'a> {
    findings: Vec<String>,
    #[serde(flatten)]
    localization: &'a radiculo_anatomy::Localization,
}

/// `radiculo localize`.
pub fn localize_command(args: &LocalizeArgs, file: Case) -> Result<String, Failure> {
    let kb = radiculo_knowledge::baked();
    let case = file.merged(&args.to_case()).map_err(Failure::input)?;
    case.check_limits().map_err(Failure::input)?;
    let findings = case.findings(kb).map_err(Failure::input)?;
    if findings.is_empty() {
        return Err(Failure::Input(
            "no findings given; add at least one of --weak, --strong, --reflex, --numb, --pain, --sign, or --case FILE"
                .into(),
        ));
    }
    let loc = radiculo_anatomy::localize(kb, &findings);
    let doc = localization_document(kb, &loc);
    let result = Localized { findings: findings.iter().map(ToString::to_string).collect(), localization: &loc };
    Ok(document(&doc, &result, args.output))
}
