//! What a case must satisfy before radiculo consults on it: it gives something to consult on,
//! it is within the size limits, and its numbers can describe a living patient and agree with
//! each other. Every command that reads a case (or builds one from flags) goes through
//! [`Case::check`]; the bounds themselves are in `radiculo_kb::plausible` and
//! [`crate::limits`].

use radiculo_anatomy::findings::{Finding, Side, Status};
use radiculo_kb::echo::{echo, number};
use radiculo_kb::plausible as bound;
use radiculo_pathways::state::Deficit;
use serde_json::Value;

use crate::case::{Case, CaseError, Imaging};
use crate::limits::{LIST_MAX_ITEMS, TEXT_MAX_CHARS};

/// The message for a case that gives nothing to consult on.
pub const NOTHING_TO_CONSULT_ON: &str =
    "nothing to consult on: the case gives no patient, history, examination or imaging facts";

impl Case {
    /// Whether the case gives no fact at all: every field absent, `false` or an empty list.
    /// An empty file, `{}`, a comment-only file and an empty standard input are all empty.
    /// This is the one definition of an empty case.
    pub fn is_empty(&self) -> bool {
        serde_json::to_value(self).is_ok_and(|v| is_blank(&v))
    }

    /// Everything a case must satisfy before it is consulted on: not empty, within the size
    /// limits, and plausible.
    pub fn check(&self) -> Result<(), CaseError> {
        let value = serde_json::to_value(self).map_err(|e| CaseError(format!("cannot read the case: {e}")))?;
        if is_blank(&value) {
            return Err(CaseError(NOTHING_TO_CONSULT_ON.into()));
        }
        within_limits(&value, &mut Vec::new())?;
        self.check_plausible()
    }

    /// Refuses text values longer than [`TEXT_MAX_CHARS`] and lists longer than
    /// [`LIST_MAX_ITEMS`], naming the field.
    pub fn check_limits(&self) -> Result<(), CaseError> {
        match serde_json::to_value(self) {
            Ok(value) => within_limits(&value, &mut Vec::new()),
            Err(e) => Err(CaseError(format!("cannot read the case: {e}"))),
        }
    }

    /// Refuses numbers that cannot describe a living patient, and facts that contradict each
    /// other (no prior surgery but months since surgery; symptoms longer than the patient's
    /// life; a child's weight no child has).
    pub fn check_plausible(&self) -> Result<(), CaseError> {
        let bad = |message: String| Err(CaseError(message));
        let age = self.patient.age;
        let h = &self.history;
        if let Some(age) = age.filter(|a| *a > bound::AGE_MAX_YEARS) {
            return bad(format!("age {age} is not plausible; the limit is {} years", bound::AGE_MAX_YEARS));
        }
        if let Some(kg) = self.patient.weight_kg {
            let (lo, hi) = (bound::weight_min_kg(age), bound::weight_max_kg(age));
            if !(kg.is_finite() && (lo..=hi).contains(&kg)) {
                let at = age.map(|a| format!(" at age {a}")).unwrap_or_default();
                return bad(format!(
                    "weight {} kg is not plausible{at}; give a weight in kg within {lo}-{hi}",
                    number(kg)
                ));
            }
        }
        for (name, weeks) in [("weeks", h.weeks), ("conservative_weeks", h.conservative_weeks)] {
            if let Some(w) = weeks.filter(|w| *w > bound::WEEKS_MAX) {
                return bad(format!("{name} {w} is not plausible; the limit is {} weeks", bound::WEEKS_MAX));
            }
        }
        if let Some(m) = h.months_since_surgery.filter(|m| *m > bound::MONTHS_MAX) {
            return bad(format!(
                "months_since_surgery {m} is not plausible; the limit is {} months",
                bound::MONTHS_MAX
            ));
        }
        if let Some(p) = h.pain.filter(|p| *p > bound::PAIN_MAX) {
            return bad(format!("pain {p} is outside 0-{}", bound::PAIN_MAX));
        }
        if let (Some(false), Some(m)) = (h.prior_surgery, h.months_since_surgery) {
            return bad(format!("prior_surgery is false, but months_since_surgery is {m}; remove one of them"));
        }
        if let Some(age) = age {
            let lived = |per_year: u32| age.saturating_add(1).saturating_mul(per_year);
            if let Some(w) = h.weeks.filter(|w| *w > lived(bound::WEEKS_PER_YEAR)) {
                return bad(format!("symptoms for {w} weeks are longer than the life of a patient aged {age}"));
            }
            if let Some(m) = h.months_since_surgery.filter(|m| *m > lived(bound::MONTHS_PER_YEAR)) {
                return bad(format!("surgery {m} months ago is longer ago than the life of a patient aged {age}"));
            }
        }
        if self.imaging.as_ref().is_some_and(|i| i.roots.is_empty() && i.herniations.is_empty() && i.is_empty()) {
            return bad("the imaging section has no findings; leave it out when there is no MRI".into());
        }
        Ok(())
    }
}

impl Imaging {
    /// Whether the section records nothing at all.
    pub fn is_empty(&self) -> bool {
        serde_json::to_value(self).is_ok_and(|v| is_blank(&v))
    }
}

/// Absent, `false`, an empty list, or an object of such values.
fn is_blank(value: &Value) -> bool {
    match value {
        Value::Null | Value::Bool(false) => true,
        Value::Array(items) => items.is_empty(),
        Value::Object(fields) => fields.values().all(is_blank),
        Value::Bool(true) | Value::Number(_) | Value::String(_) => false,
    }
}

/// `history.red_flags`, `exam.weak`, for messages.
fn field_name(path: &[&str]) -> String {
    path.join(".")
}

fn within_limits<'a>(value: &'a Value, path: &mut Vec<&'a str>) -> Result<(), CaseError> {
    match value {
        Value::String(text) if text.chars().nth(TEXT_MAX_CHARS).is_some() => Err(CaseError(format!(
            "{} `{}` is {} characters long; the limit is {TEXT_MAX_CHARS}",
            field_name(path),
            echo(text),
            text.chars().count()
        ))),
        Value::Array(items) if items.len() > LIST_MAX_ITEMS => {
            Err(CaseError(format!("{} has {} items; the limit is {LIST_MAX_ITEMS}", field_name(path), items.len())))
        }
        Value::Array(items) => items.iter().try_for_each(|item| within_limits(item, path)),
        Value::Object(fields) => fields.iter().try_for_each(|(name, v)| {
            path.push(name);
            let result = within_limits(v, path);
            path.pop();
            result
        }),
        _ => Ok(()),
    }
}

/// Refuses a history deficit of an action that the examination found normal on both sides
/// (`foot drop:1` in the history, normal foot-drop strength left and right on examination).
pub fn check_deficits_against_exam(deficits: &[Deficit], findings: &[Finding]) -> Result<(), CaseError> {
    for deficit in deficits.iter().filter(|d| d.mrc < 5) {
        let normal = findings.iter().filter(|f| f.term.id.0 == deficit.action && f.status == Status::Strong);
        let (mut left, mut right) = (false, false);
        let mut label = deficit.action;
        for f in normal {
            label = f.term.label.0;
            match f.side {
                Some(Side::Left) => left = true,
                Some(Side::Right) => right = true,
                // A finding without a side is read as it is by the contradiction check: both.
                Some(Side::Bilateral) | None => (left, right) = (true, true),
            }
        }
        if left && right {
            return Err(CaseError(format!(
                "the history records a deficit of {label} (MRC {}), but the examination found normal {label} strength on both sides",
                deficit.mrc
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(json: &str) -> Case {
        serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"))
    }

    #[test]
    fn empty_cases_are_empty() {
        for json in [
            "{}",
            r#"{"patient":{},"history":{"red_flags":[]},"exam":{}}"#,
            r#"{"history":{"mri_contraindicated":false}}"#,
            r#"{"imaging":{}}"#,
        ] {
            assert!(case(json).is_empty(), "{json}");
            assert_eq!(case(json).check(), Err(CaseError(NOTHING_TO_CONSULT_ON.into())));
        }
        for json in [r#"{"patient":{"age":40}}"#, r#"{"history":{"weeks":0}}"#, r#"{"exam":{"weak":["quads"]}}"#] {
            assert!(!case(json).is_empty(), "{json}");
        }
    }

    #[test]
    fn limits_name_the_field() {
        let long = format!(r#"{{"history":{{"red_flags":["{}"]}}}}"#, "x".repeat(1000));
        let e = case(&long).check().expect_err("too long").0;
        assert!(e.starts_with("history.red_flags `xxx") && e.contains("1000 characters") && e.len() < 200, "{e}");
        let many = format!(r#"{{"exam":{{"weak":[{}]}}}}"#, vec![r#""quads""#; 101].join(","));
        assert_eq!(case(&many).check().expect_err("too many").0, "exam.weak has 101 items; the limit is 100");
    }

    #[test]
    fn implausible_numbers_are_refused() {
        for (json, says) in [
            (r#"{"patient":{"age":250}}"#, "age 250"),
            (r#"{"patient":{"age":4294967295}}"#, "age 4294967295"),
            (r#"{"history":{"weeks":4294967295}}"#, "weeks 4294967295"),
            (r#"{"history":{"conservative_weeks":6000}}"#, "conservative_weeks 6000"),
            (r#"{"history":{"months_since_surgery":4000000000}}"#, "months_since_surgery 4000000000"),
            (r#"{"patient":{"weight_kg":1e308}}"#, "weight 1e308 kg"),
            (r#"{"patient":{"age":5,"weight_kg":300}}"#, "at age 5"),
            (r#"{"patient":{"age":12,"weight_kg":210}}"#, "at age 12"),
            (r#"{"patient":{"age":40,"weight_kg":9}}"#, "at age 40"),
            (r#"{"history":{"prior_surgery":false,"months_since_surgery":6}}"#, "prior_surgery is false"),
            (r#"{"patient":{"age":30},"history":{"prior_surgery":true,"months_since_surgery":1200}}"#, "aged 30"),
            (r#"{"patient":{"age":2},"history":{"weeks":300}}"#, "aged 2"),
            (r#"{"patient":{"age":40},"history":{"weeks":3},"imaging":{}}"#, "imaging section"),
        ] {
            let e = case(json).check().expect_err(json).0;
            assert!(e.contains(says), "{json}: {e}");
        }
        for json in [
            r#"{"patient":{"age":46,"weight_kg":78},"history":{"weeks":3}}"#,
            r#"{"patient":{"age":0,"weight_kg":3.5},"history":{"weeks":2}}"#,
            r#"{"patient":{"age":30},"history":{"prior_surgery":true,"months_since_surgery":360}}"#,
            r#"{"patient":{"age":120,"weight_kg":300}}"#,
        ] {
            assert_eq!(case(json).check(), Ok(()), "{json}");
        }
    }
}
