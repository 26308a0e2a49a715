//! The validator's rules, each shown failing on a fixture knowledge base.
//!
//! `tests/fixtures/valid/` is a small knowledge base that breaks no rule. Every other fixture is
//! a copy of it with one deliberate defect, named after the code of the rule it breaks (a suffix
//! such as `-doi` marks a second case of the same rule); `many/` has several defects. The data
//! is fake: these are fixtures, not clinical content.

use std::path::Path;

use radiculo_kb::source::Source;
use radiculo_kb::validate::{Diagnostic, Rule, validate, validate_strict};

/// Every rule, in declaration order.
const RULES: [Rule; 31] = [
    Rule::Parse,
    Rule::Version,
    Rule::DuplicateId,
    Rule::IdFormat,
    Rule::NoCitation,
    Rule::UnknownReference,
    Rule::OrphanReference,
    Rule::Bibliography,
    Rule::Pmid,
    Rule::Doi,
    Rule::Year,
    Rule::Url,
    Rule::SharedIdentifier,
    Rule::UnbackedNumber,
    Rule::UnknownStatement,
    Rule::UnknownTerm,
    Rule::DuplicateSynonym,
    Rule::UnknownStep,
    Rule::UnreachableStep,
    Rule::StepCycle,
    Rule::DoseAmount,
    Rule::DoseCap,
    Rule::UnknownCandidate,
    Rule::Weight,
    Rule::Evidence,
    Rule::Contested,
    Rule::Applicability,
    Rule::Host,
    Rule::Parameter,
    Rule::Imaging,
    Rule::Coverage,
];

/// Does nothing, but stops compiling when a rule is added: list the new rule in [`RULES`],
/// give it a fixture named after its code and a test below.
fn listed(rule: Rule) {
    match rule {
        Rule::Parse
        | Rule::Version
        | Rule::DuplicateId
        | Rule::IdFormat
        | Rule::NoCitation
        | Rule::UnknownReference
        | Rule::OrphanReference
        | Rule::Bibliography
        | Rule::Pmid
        | Rule::Doi
        | Rule::Year
        | Rule::Url
        | Rule::SharedIdentifier
        | Rule::UnbackedNumber
        | Rule::UnknownStatement
        | Rule::UnknownTerm
        | Rule::DuplicateSynonym
        | Rule::UnknownStep
        | Rule::UnreachableStep
        | Rule::StepCycle
        | Rule::DoseAmount
        | Rule::DoseCap
        | Rule::UnknownCandidate
        | Rule::Weight
        | Rule::Evidence
        | Rule::Contested
        | Rule::Applicability
        | Rule::Host
        | Rule::Parameter
        | Rule::Imaging
        | Rule::Coverage => {}
    }
}

/// Reads the fixture knowledge base `tests/fixtures/<name>`.
fn read(name: &str) -> Source {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    Source::read(&dir).unwrap_or_else(|e| panic!("fixture `{name}` cannot be read: {e}"))
}

/// Every diagnostic, as the validator prints them.
fn render(diagnostics: &[Diagnostic]) -> String {
    diagnostics.iter().map(|d| format!("{d}\n")).collect::<Vec<_>>().join("\n")
}

/// Validates fixture `name` and returns its only diagnostic, which must come from `rule`: the
/// defect is caught by that rule, and by no other.
fn only(name: &str, rule: Rule) -> Diagnostic {
    // Coverage is checked only under `--strict`.
    let run = if rule == Rule::Coverage { validate_strict } else { validate };
    let mut diagnostics = run(&read(name));
    assert!(
        diagnostics.len() == 1 && diagnostics[0].rule == rule,
        "fixture `{name}` should give one `{}` diagnostic, but gave {}:\n{}",
        rule.code(),
        diagnostics.len(),
        render(&diagnostics)
    );
    diagnostics.remove(0)
}

/// Where a diagnostic should point: file, line, column and the text of that line.
struct At<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    text: &'a str,
}

/// Checks fixture `name` breaks `rule` alone, at `at`, with a message that mentions `mentions`;
/// returns the diagnostic for further checks.
fn check(name: &str, rule: Rule, at: At<'_>, mentions: &str) -> Diagnostic {
    let d = only(name, rule);
    let l = &d.location;
    assert_eq!((l.file.as_str(), l.line, l.column), (at.file, at.line, at.column), "fixture `{name}`:\n{d}");
    assert_eq!(l.line_text, at.text, "fixture `{name}`: wrong line shown:\n{d}");
    let head = format!("{}:{}:{}: error[{}]: ", at.file, at.line, at.column, rule.code());
    let shown = d.to_string();
    assert!(shown.starts_with(&head), "fixture `{name}`: expected the output to start with `{head}`:\n{shown}");
    assert!(d.message.contains(mentions), "fixture `{name}`: message should mention `{mentions}`:\n{d}");
    d
}

/// Asserts the diagnostic has help that mentions `mentions`.
fn assert_help(d: &Diagnostic, mentions: &str) {
    let help = d.help.as_deref().unwrap_or_else(|| panic!("no help in:\n{d}"));
    assert!(help.contains(mentions), "help should mention `{mentions}`:\n{d}");
}

#[test]
fn valid_fixture_has_no_problems() {
    let diagnostics = validate(&read("valid"));
    assert!(diagnostics.is_empty(), "the valid fixture has problems:\n{}", render(&diagnostics));
}

#[test]
fn every_rule_has_a_fixture_named_after_its_code() {
    let files = |source: &Source| source.files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
    let valid = files(&read("valid"));
    for rule in RULES {
        listed(rule);
        let source = read(rule.code());
        assert_eq!(files(&source), valid, "fixture `{}` should hold the files of `valid`", rule.code());
        only(rule.code(), rule);
    }
}

#[test]
fn parse_refuses_a_misspelt_key() {
    let at = At { file: "pathways.toml", line: 6, column: 1, text: r#"cite = ["smith2020"]"# };
    let d = check("parse", Rule::Parse, at, "unknown field `cite`");
    assert_eq!(d.location.width, "cite".len());
}

#[test]
fn version_missing() {
    let text = "# Test fixture `version`: the valid base with no `version`. The data is fake, not clinical content.";
    let d = check("version", Rule::Version, At { file: "kb.toml", line: 1, column: 1, text }, "has no version");
    assert_help(&d, "kb.toml");
}

#[test]
fn version_given_twice() {
    let at = At { file: "references.toml", line: 2, column: 11, text: r#"version = "0.2.0""# };
    check("version-twice", Rule::Version, at, "a second `version`");
}

#[test]
fn duplicate_id() {
    let at = At { file: "references.toml", line: 66, column: 6, text: r#"id = "context.back-pain""# };
    let d = check("duplicate-id", Rule::DuplicateId, at, "term id `context.back-pain` is used twice");
    assert_help(&d, "first used at references.toml:61:6");
}

#[test]
fn a_root_and_a_mimic_cannot_share_an_id() {
    let at = At { file: "pathways.toml", line: 70, column: 6, text: r#"id = "l5""# };
    let d = check("duplicate-candidate", Rule::DuplicateId, at, "candidate id `l5` names a root and a mimic");
    assert_help(&d, "first used at pathways.toml:66:6");
}

#[test]
fn a_red_flag_is_given_once() {
    let at = At { file: "pathways.toml", line: 110, column: 8, text: r#"term = "context.back-pain""# };
    let d = check("duplicate-red-flag", Rule::DuplicateId, at, "red flag `context.back-pain` is given twice");
    assert_help(&d, "first given at pathways.toml:104:8");
}

#[test]
fn id_format_of_a_dotted_id() {
    let at = At { file: "pathways.toml", line: 55, column: 6, text: r#"id = "topic.Early_Care""# };
    check("id-format", Rule::IdFormat, at, "topic id `topic.Early_Care`");
}

#[test]
fn id_format_of_a_reference_id() {
    let at = At { file: "references.toml", line: 26, column: 6, text: r#"id = "Doe2019""# };
    check("id-format-reference", Rule::IdFormat, at, "reference id `Doe2019`");
}

#[test]
fn no_citation() {
    let at = At { file: "pathways.toml", line: 4, column: 6, text: r#"id = "care.drug-x-total""# };
    check("no-citation", Rule::NoCitation, at, "`care.drug-x-total` cites no reference");
}

#[test]
fn unknown_reference() {
    let at = At { file: "references.toml", line: 42, column: 23, text: r#"cites = ["smith2020", "smtih2020"]"# };
    let d = check("unknown-reference", Rule::UnknownReference, at, "`smtih2020`");
    assert_help(&d, "did you mean `smith2020`?");
}

#[test]
fn orphan_reference() {
    let at = At { file: "references.toml", line: 40, column: 6, text: r#"id = "brown2018""# };
    check("orphan-reference", Rule::OrphanReference, at, "`brown2018` is not cited");
}

#[test]
fn bibliography_without_authors() {
    // With no `authors` key to point at, the diagnostic points at the reference's header.
    let at = At { file: "references.toml", line: 3, column: 1, text: "[[reference]]" };
    check("bibliography", Rule::Bibliography, at, "`smith2020` has no first author");
}

#[test]
fn bibliography_without_pmid_doi_or_url() {
    let at = At { file: "references.toml", line: 26, column: 6, text: r#"id = "doe2019""# };
    check("bibliography-no-identifier", Rule::Bibliography, at, "`doe2019` has no PMID, DOI or URL");
}

#[test]
fn pmid() {
    let at = At { file: "references.toml", line: 12, column: 8, text: r#"pmid = "PMID12345678""# };
    check("pmid", Rule::Pmid, at, "`PMID12345678` is not 1-8 digits");
}

#[test]
fn doi() {
    let at = At { file: "references.toml", line: 13, column: 7, text: r#"doi = "https://doi.org/10.1000/xyz""# };
    let d = check("doi", Rule::Doi, at, "`https://doi.org/10.1000/xyz`");
    assert_help(&d, "bare DOI");
}

#[test]
fn year() {
    let at = At { file: "references.toml", line: 9, column: 8, text: "year = 2202" };
    check("year", Rule::Year, at, "2202");
}

#[test]
fn url_that_is_not_https() {
    let at = At { file: "references.toml", line: 31, column: 7, text: r#"url = "http://example.org/guideline""# };
    check("url", Rule::Url, at, "is not an https URL");
}

#[test]
fn url_of_a_finding_that_is_not_a_web_address() {
    let at = At { file: "references.toml", line: 23, column: 11, text: r#"seen_at = "table 2 of the paper""# };
    check("url-seen-at", Rule::Url, at, "is not a web address");
}

#[test]
fn shared_pmid() {
    let at = At { file: "references.toml", line: 31, column: 8, text: r#"pmid = "12345678""# };
    check("shared-identifier", Rule::SharedIdentifier, at, "PMID 12345678 is also the PMID of `smith2020`");
}

#[test]
fn shared_doi_in_other_case() {
    let at = At { file: "references.toml", line: 31, column: 7, text: r#"doi = "10.1000/XYZ""# };
    check("shared-identifier-doi", Rule::SharedIdentifier, at, "is also the DOI of `smith2020`");
}

const TOTAL_TEXT: &str = r#"text = "Drug X at 0.4 g/kg/day for 5 days gives 2 g/kg in total.""#;

#[test]
fn unbacked_number() {
    // The caret is under the `2`, which no figure of smith2020 contains (0.4 and 5 are there).
    let at = At { file: "pathways.toml", line: 5, column: 49, text: TOTAL_TEXT };
    let d = check("unbacked-number", Rule::UnbackedNumber, at, "`2` in statement `care.drug-x-total`");
    assert_eq!(d.location.width, 1);
    assert_eq!(TOTAL_TEXT.chars().nth(d.location.column - 1), Some('2'));
}

#[test]
fn derivation_backs_the_same_text() {
    // The valid fixture holds the very text `unbacked-number` rejects, with a `derivation`.
    let valid = read("valid");
    let pathways = valid.files.iter().find(|f| f.path == "pathways.toml").expect("valid has pathways.toml");
    assert!(pathways.text.contains(&format!("{TOTAL_TEXT}\n")));
    assert!(pathways.text.contains("derivation = "));

    // And adding a derivation to the `unbacked-number` fixture is all it takes to pass.
    let texts = read("unbacked-number")
        .files
        .iter()
        .map(|f| {
            let with = format!("{TOTAL_TEXT}\nderivation = \"0.4 g/kg/day x 5 days = 2 g/kg\"\n");
            assert!(f.path != "pathways.toml" || f.text.matches(TOTAL_TEXT).count() == 1);
            (f.path.clone(), f.text.replace(&format!("{TOTAL_TEXT}\n"), &with))
        })
        .collect();
    let derived = Source::from_texts("unbacked-number".into(), texts);
    let diagnostics = validate(&derived);
    assert!(diagnostics.is_empty(), "a derivation should back the number:\n{}", render(&diagnostics));
}

#[test]
fn unknown_statement_in_a_topic() {
    let at = At { file: "pathways.toml", line: 58, column: 16, text: r#"bottom_line = ["care.stay-activ"]"# };
    let d = check("unknown-statement", Rule::UnknownStatement, at, "`care.stay-activ`");
    assert_help(&d, "did you mean `care.stay-active`?");
}

#[test]
fn unknown_statement_in_a_step() {
    let at = At { file: "pathways.toml", line: 19, column: 12, text: r#"headline = "care.drug-z-regimen""# };
    check("unknown-statement-step", Rule::UnknownStatement, at, "`care.drug-z-regimen`");
}

#[test]
fn unknown_statement_in_a_dose() {
    let at = At { file: "pathways.toml", line: 39, column: 13, text: r#"statement = "care.drug-x-regime""# };
    let d = check("unknown-statement-dose", Rule::UnknownStatement, at, "`care.drug-x-regime`");
    assert_help(&d, "`care.drug-x-regimen`");
}

#[test]
fn unknown_term() {
    let at = At { file: "references.toml", line: 45, column: 9, text: r#"when = ["context.backpain"]"# };
    let d = check("unknown-term", Rule::UnknownTerm, at, "`context.backpain`");
    assert_help(&d, "did you mean `context.back-pain`?");
}

#[test]
fn duplicate_synonym_in_other_case() {
    let text = r#"synonyms = ["foot drop", "heel walking", "Lumbago"]"#;
    let at = At { file: "references.toml", line: 68, column: 42, text };
    check("duplicate-synonym", Rule::DuplicateSynonym, at, "`Lumbago` already names term `context.back-pain`");
}

#[test]
fn unknown_step() {
    let at = At { file: "pathways.toml", line: 27, column: 9, text: r#"next = ["step.chronic.follow-up"]"# };
    check("unknown-step", Rule::UnknownStep, at, "`step.chronic.follow-up`");
}

#[test]
fn unreachable_step() {
    let at = At { file: "pathways.toml", line: 23, column: 6, text: r#"id = "step.chronic.drug-x""# };
    check("unreachable-step", Rule::UnreachableStep, at, "`step.chronic.drug-x` cannot be reached");
}

#[test]
fn step_cycle() {
    let at = At { file: "pathways.toml", line: 27, column: 8, text: r#"next = ["step.acute.stay-active"]"# };
    check("step-cycle", Rule::StepCycle, at, "`step.chronic.drug-x` leads back to `step.acute.stay-active`");
}

#[test]
fn dose_amount_negative() {
    let at = At { file: "pathways.toml", line: 35, column: 7, text: "min = -0.4" };
    check("dose-amount", Rule::DoseAmount, at, "`min` of dose `dose.drug-x.iv` is -0.4");
}

#[test]
fn dose_amount_min_above_max() {
    let at = At { file: "pathways.toml", line: 48, column: 7, text: "min = 20" };
    check("dose-amount-range", Rule::DoseAmount, at, "min 20 above max 10");
}

#[test]
fn dose_cap() {
    let at = At { file: "pathways.toml", line: 43, column: 6, text: r#"id = "dose.drug-y.oral""# };
    let d = check("dose-cap", Rule::DoseCap, at, "weight-based dose `dose.drug-y.oral` states no cap");
    assert_help(&d, "no_cap");
}

#[test]
fn every_problem_is_reported_not_only_the_first() {
    let diagnostics = validate(&read("many"));
    let found: Vec<(&str, usize, Rule)> =
        diagnostics.iter().map(|d| (d.location.file.as_str(), d.location.line, d.rule)).collect();
    // In file order, as `validate` sorts them.
    let expected = [
        ("pathways.toml", 35, Rule::DoseAmount),       // min 0.4 above max 0
        ("pathways.toml", 36, Rule::DoseAmount),       // max 0 is not positive
        ("pathways.toml", 43, Rule::DoseCap),          // no_cap removed
        ("pathways.toml", 50, Rule::UnknownStatement), // care.drug-q-regimen
        ("references.toml", 12, Rule::Pmid),           // nine digits
        ("references.toml", 30, Rule::Year),           // 1890
    ];
    assert_eq!(found, expected, "\n{}", render(&diagnostics));
}

/// The ids of `items`, in order.
fn ids<T>(items: &[T], id: impl Fn(&T) -> &'static str) -> Vec<&'static str> {
    items.iter().map(id).collect()
}

#[test]
fn knowledge_base_is_sorted_by_id_and_looks_up_by_id() {
    let source = read("valid");
    // Written out of order, so that sorting has something to do.
    let written: Vec<&str> = source.files.iter().flat_map(|f| f.content.reference.iter().map(|r| r.id.0)).collect();
    assert_eq!(written, ["smith2020", "doe2019"]);

    let kb = source.knowledge_base();
    assert_eq!(kb.version.0, "0.1.0");
    assert!(kb.content_hash.starts_with("sha256:"), "{}", kb.content_hash);
    assert_eq!(ids(&kb.references, |r| r.id.0), ["doe2019", "smith2020"]);
    assert_eq!(
        ids(&kb.statements, |s| s.id.0),
        ["care.drug-x-regimen", "care.drug-x-total", "care.drug-y-regimen", "care.stay-active"]
    );
    assert_eq!(ids(&kb.terms, |t| t.id.0), ["action.ankle-dorsiflexion", "context.back-pain"]);
    assert_eq!(ids(&kb.steps, |s| s.id.0), ["step.acute.stay-active", "step.chronic.drug-x", "step.subacute.review"]);
    assert_eq!(ids(&kb.doses, |d| d.id.0), ["dose.drug-x.iv", "dose.drug-y.oral"]);
    assert_eq!(ids(&kb.topics, |t| t.id.0), ["topic.early-care"]);

    let smith = kb.reference("smith2020").expect("smith2020 is in the valid fixture");
    assert_eq!(smith.id.0, "smith2020");
    assert_eq!(smith.pmid.map(|p| p.0), Some("12345678"));
    assert_eq!(smith.doi.map(|d| d.0), Some("10.1000/xyz"));
    assert_eq!(smith.year, 2020);
    assert_eq!(smith.finding.len(), 2);
    let doe = kb.reference("doe2019").expect("doe2019 is in the valid fixture");
    assert_eq!(doe.url.map(|u| u.0), Some("https://example.org/guideline"));
    assert!(kb.reference("nobody2000").is_none());
    assert!(kb.reference("").is_none());

    let total = kb.statement("care.drug-x-total").expect("care.drug-x-total is in the valid fixture");
    assert!(total.derivation.is_some());
    assert_eq!(kb.dose("dose.drug-x.iv").and_then(|d| d.cap_per_day), Some(80.0));
    assert!(kb.dose("dose.drug-y.oral").is_some_and(|d| d.cap_per_day.is_none() && d.no_cap.is_some()));
    assert!(kb.step("step.acute.stay-active").is_some_and(|s| s.entry));
    let topic = kb.topic("topic.early-care").expect("the topic is in the valid fixture");
    assert_eq!(topic.section.len(), 1);
    assert_eq!(topic.section[0].heading.0, "Drugs");
    assert_eq!(topic.pitfalls.len(), 1);
}

#[test]
fn an_empty_knowledge_root_is_not_valid() {
    let source = Source::from_texts("empty".into(), Vec::new());
    let problems = validate(&source);
    assert_eq!(problems.len(), 1, "{}", render(&problems));
    assert_eq!(problems[0].rule, Rule::Version);
    assert!(problems[0].message.contains("no knowledge files"), "{}", problems[0].message);
}

#[test]
fn the_version_in_kb_toml_is_the_one_kept() {
    let texts = vec![
        ("a.toml".to_string(), "version = \"9.9.9\"\n".to_string()),
        ("kb.toml".to_string(), "version = \"0.1.0\"\ndisclaimer = \"d\"\n".to_string()),
    ];
    let problems = validate(&Source::from_texts("two".into(), texts));
    let versions: Vec<&Diagnostic> = problems.iter().filter(|d| d.rule == Rule::Version).collect();
    assert_eq!(versions.len(), 1, "{}", render(&problems));
    assert_eq!(versions[0].location.file, "a.toml");
    assert!(versions[0].message.contains("keep the one in kb.toml"));
}

#[test]
fn an_empty_version_is_refused() {
    let texts = vec![("kb.toml".to_string(), "version = \"\"\n".to_string())];
    let problems = validate(&Source::from_texts("blank".into(), texts));
    assert!(problems.iter().any(|d| d.rule == Rule::Version && d.message.contains("empty")), "{}", render(&problems));
}

#[test]
fn unknown_candidate() {
    let at = At { file: "pathways.toml", line: 76, column: 13, text: r#"candidate = "l6""# };
    let d = check("unknown-candidate", Rule::UnknownCandidate, at, "`l6`");
    assert_help(&d, "did you mean `l5`?");
}

#[test]
fn a_missing_disclaimer_is_refused() {
    let texts = vec![("kb.toml".to_string(), "version = \"0.1.0\"\n".to_string())];
    let problems = validate(&Source::from_texts("no-disclaimer".into(), texts));
    assert!(
        problems.iter().any(|d| d.rule == Rule::Version && d.message.contains("no disclaimer")),
        "{}",
        render(&problems)
    );
}

#[test]
fn weight() {
    let at = At { file: "pathways.toml", line: 100, column: 10, text: "log_lr = 0.0" };
    check("weight", Rule::Weight, at, "must be a non-zero number");
}

#[test]
fn evidence_must_be_a_kind_a_cited_source_gives() {
    let at = At { file: "pathways.toml", line: 7, column: 12, text: r#"evidence = "guideline""# };
    let d = check("evidence", Rule::Evidence, at, "marked guideline evidence, but none of its sources is one");
    assert_help(&d, "RCT");
}

#[test]
fn contested_statements_must_say_so() {
    let at = At { file: "references.toml", line: 55, column: 6, text: r#"id = "care.drug-y-regimen""# };
    let d = check("contested", Rule::Contested, at, "which disagree, but is not marked contested");
    assert_help(&d, "contested = true");
}

#[test]
fn applicability_names_a_population_that_exists() {
    let at = At { file: "pathways.toml", line: 15, column: 11, text: r#"applies = "population.adults-lumbar""# };
    let d = check("applicability", Rule::Applicability, at, "no population has the id `population.adults-lumbar`");
    assert_help(&d, "`population.adults-lumbosacral`");
}

#[test]
fn host_refuses_document_sharing_sites() {
    let at = At {
        file: "references.toml",
        line: 23,
        column: 11,
        text: r#"seen_at = "https://www.scribd.com/document/1/smith2020""#,
    };
    check("host", Rule::Host, at, "`scribd.com` is a document-sharing");
}

#[test]
fn parameter_judgements_say_why() {
    let at = At { file: "engine.toml", line: 27, column: 1, text: "[parameters.stage_subacute_weeks]" };
    check("parameter", Rule::Parameter, at, "judgement `stage_subacute_weeks` does not say `why`");
}

#[test]
fn imaging_rules_name_studies_that_exist() {
    let at = At { file: "engine.toml", line: 17, column: 9, text: r#"study = "mri-fakee""# };
    let d = check("imaging", Rule::Imaging, at, "no study has the id `mri-fakee`");
    assert_help(&d, "`mri-fake`");
}

#[test]
fn coverage_under_strict() {
    let at = At { file: "references.toml", line: 4, column: 6, text: r#"id = "smith2020""# };
    let d = check("coverage", Rule::Coverage, at, "1 of 2 references (50.0%) have a PMID or DOI");
    assert_help(&d, "smith2020");
    assert!(validate(&read("coverage")).is_empty(), "coverage is checked only under --strict");
}
