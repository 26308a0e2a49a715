//! `radiculo consult` (and its interview) and `radiculo schema`; `batch` lives in the library
//! (`radiculo_cli::batch`) where the benches reach it.

use std::io::{BufRead, Read, Write};

use radiculo_consult::case::Case;
use radiculo_consult::consult::consult;
use radiculo_consult::limits::{ARGUMENT_MAX_BYTES, bytes};

use crate::Failure;
use crate::format::{Audience, Output, document};

/// `radiculo consult <case>`.
pub fn consult_command(case: Case, output: Output, explain: bool, audience: Audience) -> Result<String, Failure> {
    let kb = radiculo_knowledge::baked();
    let (doc, result) = consult(kb, &case, explain).map_err(Failure::input)?;
    let doc = match audience {
        Audience::Clinician => doc,
        Audience::Patient => radiculo_consult::handout::handout(kb, &result.pathway),
    };
    Ok(document(&doc, &result, output))
}

/// `radiculo schema`: the JSON Schema of the case format.
pub fn schema() -> String {
    crate::format::json(&schemars::schema_for!(Case))
}

/// One question of the interview: what it asks, and how an answer goes into the case.
type Setter = fn(&mut Case, &str) -> Result<(), String>;

fn list(answer: &str) -> Vec<String> {
    answer.split(';').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
}

fn whole(what: &str, answer: &str) -> Result<u32, String> {
    answer.parse().map_err(|_| {
        format!("`{}` is not a number of {what}; give a whole number, e.g. 3", radiculo_kb::echo::echo(answer))
    })
}

const QUESTIONS: [(&str, Setter); 9] = [
    ("Red flags, separated by ';' (e.g. saddle anaesthesia; urinary retention)", |c, a| {
        c.history.red_flags = list(a);
        Ok(())
    }),
    ("Weeks since onset", |c, a| {
        c.history.weeks = Some(whole("weeks", a)?);
        Ok(())
    }),
    ("Pain 0-10", |c, a| {
        let pain = a
            .parse()
            .map_err(|_| format!("`{}` is not a pain score; give a whole number 0-10", radiculo_kb::echo::echo(a)))?;
        c.history.pain = Some(pain);
        Ok(())
    }),
    ("Function: none, daily-activities or self-care", |c, a| {
        c.history.function = Some(a.to_string());
        Ok(())
    }),
    ("Weakness, ACTION:SIDE:MRC separated by ';' (e.g. foot drop:left:3)", |c, a| {
        c.exam.weak = list(a);
        // The library's message for MRC 5 names the --strong flag, which the interview has no
        // use for: normal strength is simply not a weakness here.
        if let Some(normal) = c.exam.weak.iter().find(|w| w.rsplit(':').next().is_some_and(|g| g.trim() == "5")) {
            return Err(format!(
                "MRC 5 in `{}` is normal strength, not weakness; leave it out",
                radiculo_kb::echo::echo(normal)
            ));
        }
        Ok(())
    }),
    ("Reflexes, NAME:CHANGE:SIDE separated by ';' (e.g. ankle jerk:absent:left)", |c, a| {
        c.exam.reflex = list(a);
        Ok(())
    }),
    ("Numbness, AREA:SIDE separated by ';' (e.g. top of the foot:left)", |c, a| {
        c.exam.numb = list(a);
        Ok(())
    }),
    ("Context, separated by ';' (e.g. checkpoint-inhibitor; suspected-gbs)", |c, a| {
        c.history.context = list(a);
        Ok(())
    }),
    ("Weight in kg (needed for any weight-based dose)", |c, a| {
        let number = a.strip_suffix("kg").unwrap_or(a).trim();
        let kg = number
            .parse()
            .map_err(|_| format!("`{}` is not a weight in kg; give a number, e.g. 72.5", radiculo_kb::echo::echo(a)))?;
        c.patient.weight_kg = Some(kg);
        Ok(())
    }),
];

/// Whether `case` reads without error, as far as it goes: the same checks a case file gets.
fn readable(case: &Case) -> Result<(), String> {
    let kb = radiculo_knowledge::baked();
    let read = || -> Result<(), radiculo_consult::case::CaseError> {
        case.check_limits()?;
        case.check_plausible(kb)?;
        let findings = case.findings(kb)?;
        let scope = case.scope(None, None)?;
        case.state(kb, scope, &findings)?;
        Ok(())
    };
    read().map_err(|e| e.to_string())
}

/// One answer line: `None` at the end of the input. An answer that is too long or not UTF-8
/// is an error to show, so that the question is asked again.
fn answer(input: &mut impl BufRead) -> std::io::Result<Option<Result<String, String>>> {
    let limit = u64::try_from(ARGUMENT_MAX_BYTES).unwrap_or(u64::MAX).saturating_add(1);
    let mut line = Vec::new();
    if input.take(limit).read_until(b'\n', &mut line)? == 0 {
        return Ok(None);
    }
    if line.last() != Some(&b'\n') && line.len() > ARGUMENT_MAX_BYTES {
        // Drop the rest of the overlong line.
        let mut rest = Vec::new();
        while input.take(limit).read_until(b'\n', &mut rest)? > 0 && rest.last() != Some(&b'\n') {
            rest.clear();
        }
        return Ok(Some(Err(format!("the answer is longer than {}", bytes(ARGUMENT_MAX_BYTES)))));
    }
    Ok(Some(String::from_utf8(line).map(|l| l.trim().to_string()).map_err(|_| "the answer is not UTF-8 text".into())))
}

/// Asks the questions that matter, one at a time on the terminal; an empty answer skips one.
/// Every answer is read exactly as a case file would read it, so the same errors apply: an
/// answer radiculo cannot read is explained and the question asked again. The end of the input
/// skips the remaining questions.
pub fn interview(mut input: impl BufRead, mut prompt: impl Write) -> std::io::Result<Case> {
    let mut case = Case::default();
    'questions: for (question, set) in QUESTIONS {
        loop {
            write!(prompt, "{question} (Enter to skip): ")?;
            prompt.flush()?;
            let reply = match answer(&mut input)? {
                None => break 'questions,
                Some(Ok(reply)) if reply.is_empty() => continue 'questions,
                Some(reply) => reply,
            };
            let mut next = case.clone();
            match reply.and_then(|reply| set(&mut next, &reply)).and_then(|()| readable(&next)) {
                Ok(()) => {
                    case = next;
                    continue 'questions;
                }
                Err(message) => {
                    writeln!(
                        prompt,
                        "  {}; try again, or press Enter to skip",
                        radiculo_kb::echo::printable(&message)
                    )?;
                }
            }
        }
    }
    writeln!(prompt)?;
    Ok(case)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(answers: &str) -> (Case, String) {
        let mut prompts = Vec::new();
        let case = interview(answers.as_bytes(), &mut prompts).expect("interview");
        (case, String::from_utf8(prompts).expect("UTF-8"))
    }

    #[test]
    fn interview_reads_answers_and_skips_empty_ones() {
        let (case, prompts) = run("saddle anaesthesia; urinary retention\n3\n\n\nfoot drop:left:3\n\n\n\n72.5\n");
        assert_eq!(case.history.red_flags, ["saddle anaesthesia", "urinary retention"]);
        assert_eq!(case.history.weeks, Some(3));
        assert_eq!(case.history.pain, None);
        assert_eq!(case.exam.weak, ["foot drop:left:3"]);
        assert_eq!(case.patient.weight_kg, Some(72.5));
        assert!(prompts.contains("Enter to skip"));
        assert!(!prompts.contains("try again"));
    }

    #[test]
    fn interview_asks_again_after_an_answer_it_cannot_read() {
        // Each bad answer is followed by a good one for the same question.
        let answers = [
            "saddle anaesthesai",   // unknown red flag
            "saddle anaesthesia",   //
            "three",                // not a number
            "99999",                // not plausible
            "3",                    //
            "999",                  // pain outside 0-10
            "11",                   //
            "7",                    //
            "sometimes",            // unknown function
            "self-care",            //
            "foot drop:left:5",     // normal strength, not weakness
            "foot drop:left:9",     // MRC out of range
            "foot drop:left:3",     //
            "ankle jerk:sometimes", // unknown change
            "",                     // skipped
            "",                     // numbness skipped
            "gbs-ish",              // unknown context
            "",                     // skipped
            "72 stone",             // not kg
            "1e308",                // not plausible
            "72 kg",                //
        ];
        let (case, prompts) = run(&(answers.join("\n") + "\n"));
        assert_eq!(case.history.red_flags, ["saddle anaesthesia"]);
        assert_eq!(case.history.weeks, Some(3));
        assert_eq!(case.history.pain, Some(7));
        assert_eq!(case.history.function.as_deref(), Some("self-care"));
        assert_eq!(case.exam.weak, ["foot drop:left:3"]);
        assert!(case.exam.reflex.is_empty() && case.history.context.is_empty());
        assert_eq!(case.patient.weight_kg, Some(72.0));
        assert_eq!(prompts.matches("try again").count(), 12, "{prompts}");
        for says in ["unknown red flag `saddle anaesthesai`", "`three` is not a number of weeks", "weeks 99999"] {
            assert!(prompts.contains(says), "{says}: {prompts}");
        }
        assert!(!prompts.contains("--"), "no command-line flags in the interview: {prompts}");
    }

    #[test]
    fn interview_ends_with_the_input() {
        let (case, _) = run("fever\n4");
        assert_eq!(case.history.red_flags, ["fever"]);
        assert_eq!(case.history.weeks, Some(4));
        let (case, _) = run("");
        assert!(case.is_empty());
    }

    #[test]
    fn interview_refuses_binary_and_overlong_answers() {
        let mut answers = b"\xff\xfe\n".to_vec();
        answers.extend(vec![b'x'; ARGUMENT_MAX_BYTES * 3]);
        answers.extend(b"\nfever\n");
        let mut prompts = Vec::new();
        let case = interview(&answers[..], &mut prompts).expect("interview");
        assert_eq!(case.history.red_flags, ["fever"]);
        let prompts = String::from_utf8(prompts).expect("UTF-8");
        assert!(prompts.contains("not UTF-8") && prompts.contains("longer than 4 KiB"), "{prompts}");
    }
}
