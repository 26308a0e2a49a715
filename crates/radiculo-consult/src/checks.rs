//! What a case must satisfy before radiculo consults on it: it gives something to consult on,
//! it is within the size limits, and its numbers can describe a living patient and agree with
//! each other. Every command that reads a case (or builds one from flags) goes through
//! [`Case::check`]; the bounds are the knowledge base's plausibility parameters with
//! `radiculo_kb::plausible`, and [`crate::limits`].

use radiculo_kb::KnowledgeBase;
use radiculo_kb::echo::number;
use radiculo_kb::plausible as bound;

use crate::case::{Case, CaseError};

impl Case {
    /// Everything a case must satisfy before it is consulted on: not empty, within the size
    /// limits, and plausible.
    ///
    /// # Errors
    /// [`CaseError::Empty`], [`CaseError::Limit`] or [`CaseError::Implausible`].
    pub fn check(&self, kb: &KnowledgeBase) -> Result<(), CaseError> {
        if self.is_empty() {
            return Err(CaseError::Empty("case".into()));
        }
        self.check_limits()?;
        self.check_plausible(kb)
    }

    /// Refuses text values longer than [`crate::limits::TEXT_MAX_CHARS`] and lists longer than
    /// [`crate::limits::LIST_MAX_ITEMS`], naming the field.
    ///
    /// # Errors
    /// [`CaseError::Limit`] naming the field.
    pub fn check_limits(&self) -> Result<(), CaseError> {
        crate::limits::within(self).map_err(CaseError::Limit)
    }

    /// Refuses numbers that cannot describe a living patient, and facts that contradict each
    /// other (no prior surgery but months since surgery; symptoms longer than the patient's
    /// life; a child's weight no child has; an imaging section with no findings).
    ///
    /// # Errors
    /// [`CaseError::Implausible`] saying which value and why.
    pub fn check_plausible(&self, kb: &KnowledgeBase) -> Result<(), CaseError> {
        let p = &kb.parameters;
        let bad = |message: String| Err(CaseError::Implausible(message));
        let age = self.patient.age;
        let h = &self.history;
        if let Some(age) = age.filter(|a| *a > p.age_max_years.whole()) {
            return bad(format!("age {age} is not plausible; the limit is {} years", p.age_max_years.whole()));
        }
        if let Some(kg) = self.patient.weight_kg {
            let (lo, hi) = (bound::weight_min_kg(p, age), bound::weight_max_kg(p, age));
            if !(kg.is_finite() && (lo..=hi).contains(&kg)) {
                let at = age.map(|a| format!(" at age {a}")).unwrap_or_default();
                return bad(format!(
                    "weight {} kg is not plausible{at}; give a weight in kg within {lo}-{hi}",
                    number(kg)
                ));
            }
        }
        for (name, weeks) in [("weeks", h.weeks), ("conservative_weeks", h.conservative_weeks)] {
            if let Some(w) = weeks.filter(|w| *w > p.weeks_max.whole()) {
                return bad(format!("{name} {w} is not plausible; the limit is {} weeks", p.weeks_max.whole()));
            }
        }
        if let Some(m) = h.months_since_surgery.filter(|m| *m > p.months_max.whole()) {
            return bad(format!(
                "months_since_surgery {m} is not plausible; the limit is {} months",
                p.months_max.whole()
            ));
        }
        if let Some(pain) = h.pain.filter(|pain| *pain > bound::PAIN_MAX) {
            return bad(format!("pain {pain} is outside 0-{}", bound::PAIN_MAX));
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
        if self.imaging.as_ref().is_some_and(|i| *i == crate::case::Imaging::default()) {
            return bad("the imaging section has no findings; leave it out when there is no MRI".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(json: &str) -> Case {
        serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"))
    }

    fn check(json: &str) -> Result<(), String> {
        case(json).check(radiculo_knowledge::baked()).map_err(|e| e.to_string())
    }

    #[test]
    fn empty_cases_are_refused() {
        for json in ["{}", r#"{"patient":{},"history":{"red_flags":[]},"exam":{}}"#] {
            assert!(check(json).is_err_and(|e| e.contains("nothing to consult on")), "{json}");
        }
        assert!(check(r#"{"imaging":{}}"#).is_err_and(|e| e.contains("imaging section has no findings")));
        for json in [r#"{"patient":{"age":40}}"#, r#"{"history":{"weeks":0}}"#, r#"{"exam":{"weak":["quads"]}}"#] {
            assert_eq!(check(json), Ok(()), "{json}");
        }
    }

    #[test]
    fn a_weight_alone_is_nothing_to_consult_on_whatever_its_value() {
        for weight in ["70", "nan", "inf", "-1"] {
            let case: Case = toml::from_str(&format!("[patient]\nweight_kg = {weight}")).expect("parses");
            let e = case.check(radiculo_knowledge::baked()).expect_err("empty").to_string();
            assert!(e.contains("nothing to consult on"), "{weight}: {e}");
        }
    }

    #[test]
    fn limits_name_the_field() {
        let long = format!(r#"{{"history":{{"red_flags":["{}"]}}}}"#, "x".repeat(1000));
        let e = check(&long).expect_err("too long");
        assert!(e.starts_with("history.red_flags `xxx") && e.contains("1000 characters") && e.len() < 200, "{e}");
        let many = format!(r#"{{"exam":{{"weak":[{}]}}}}"#, vec![r#""quads""#; 101].join(","));
        assert_eq!(check(&many).expect_err("too many"), "exam.weak has 101 items; the limit is 100");
    }

    #[test]
    fn of_several_fields_over_a_limit_the_first_by_name_is_named() {
        // Fields are taken in name order at every level, as the keys of a JSON object: the
        // order in which the case format was first checked, whatever order the types declare.
        let long = "x".repeat(201);
        let both =
            format!(r#"{{"history":{{"red_flags":["{long}"],"context":["{long}"]}},"exam":{{"weak":["{long}"]}}}}"#);
        assert!(check(&both).is_err_and(|e| e.starts_with("exam.weak `")), "{:?}", check(&both));
        let history =
            format!(r#"{{"history":{{"red_flags":["{long}"],"context":["{long}"]}},"patient":{{"region":"{long}"}}}}"#);
        assert!(check(&history).is_err_and(|e| e.starts_with("history.context `")), "{:?}", check(&history));
        let many = format!(
            r#"{{"patient":{{"region":"{long}"}},"imaging":{{"roots":[{}]}}}}"#,
            vec![r#""L5""#; 101].join(",")
        );
        assert_eq!(check(&many).expect_err("two over"), "imaging.roots has 101 items; the limit is 100");
    }

    #[test]
    fn implausible_numbers_are_refused() {
        for (json, says) in [
            (r#"{"patient":{"age":250}}"#, "age 250"),
            (r#"{"patient":{"age":4294967295}}"#, "age 4294967295"),
            (r#"{"history":{"weeks":4294967295}}"#, "weeks 4294967295"),
            (r#"{"history":{"conservative_weeks":6000}}"#, "conservative_weeks 6000"),
            (r#"{"history":{"months_since_surgery":4000000000}}"#, "months_since_surgery 4000000000"),
            (r#"{"patient":{"weight_kg":1e308},"history":{"weeks":2}}"#, "weight 1e308 kg"),
            (r#"{"patient":{"age":5,"weight_kg":300}}"#, "at age 5"),
            (r#"{"patient":{"age":12,"weight_kg":210}}"#, "at age 12"),
            (r#"{"patient":{"age":40,"weight_kg":9}}"#, "at age 40"),
            (r#"{"history":{"prior_surgery":false,"months_since_surgery":6}}"#, "prior_surgery is false"),
            (r#"{"patient":{"age":30},"history":{"prior_surgery":true,"months_since_surgery":1200}}"#, "aged 30"),
            (r#"{"patient":{"age":2},"history":{"weeks":300}}"#, "aged 2"),
        ] {
            let e = check(json).expect_err(json);
            assert!(e.contains(says), "{json}: {e}");
        }
        for json in [
            r#"{"patient":{"age":46,"weight_kg":78},"history":{"weeks":3}}"#,
            r#"{"patient":{"age":0,"weight_kg":3.5},"history":{"weeks":2}}"#,
            r#"{"patient":{"age":30},"history":{"prior_surgery":true,"months_since_surgery":360}}"#,
            r#"{"patient":{"age":120,"weight_kg":300}}"#,
        ] {
            assert_eq!(check(json), Ok(()), "{json}");
        }
    }
}
