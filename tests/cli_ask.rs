//! `radiculo ask`, `consult`, `schema` and `batch` end to end: the five seed questions against
//! the claims checklist and as snapshots, the routing suite (topic, facts read from the
//! question, what the answer must say), the one-screen budget of every answer, exit codes, and
//! the example cases.

mod common;

use std::path::Path;

use common::radiculo;
use radiculo_consult::render::word_count;
use serde::Deserialize;

fn repo(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(path).to_string_lossy().into_owned()
}

#[derive(Deserialize)]
struct Checklist {
    seed: Vec<Seed>,
}

#[derive(Deserialize)]
struct Seed {
    id: String,
    question: String,
    topic: String,
    #[serde(default)]
    holds: Vec<Holds>,
    #[serde(default)]
    rejects: Vec<Rejects>,
}

#[derive(Deserialize)]
struct Holds {
    claim: String,
    statements: Vec<String>,
    #[serde(default)]
    #[allow(dead_code)]
    missing: Option<String>,
}

#[derive(Deserialize)]
struct Rejects {
    claim: String,
    phrases: Vec<String>,
}

fn checklist() -> Checklist {
    let text = std::fs::read_to_string(repo("tests/seed-checklist.toml")).expect("tests/seed-checklist.toml");
    toml::from_str(&text).expect("checklist parses")
}

/// The claims that hold must be printed by the full answer (`--detail`, whose statements the
/// JSON lists); rejected phrases must appear at neither level.
#[test]
fn each_seed_answer_covers_what_holds_and_nothing_rejected() {
    let list = checklist();
    assert_eq!(list.seed.len(), 5);
    let mut problems = Vec::new();
    for seed in &list.seed {
        let run = radiculo(&["ask", &seed.question, "--format", "json"]);
        assert_eq!(run.code, 0, "seed {}: {}", seed.id, run.stderr);
        let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
        if json["topic"] != seed.topic.as_str() {
            problems.push(format!("seed {}: topic {} (expected {})", seed.id, json["topic"], seed.topic));
        }
        let printed: Vec<&str> =
            json["statements"].as_array().expect("statements").iter().filter_map(|s| s["id"].as_str()).collect();
        for h in seed.holds.iter().filter(|h| !h.statements.is_empty()) {
            if !h.statements.iter().any(|s| printed.contains(&s.as_str())) {
                problems.push(format!("seed {}: does not cover `{}` ({:?})", seed.id, h.claim, h.statements));
            }
        }
        for level in [&["ask", &seed.question][..], &["ask", &seed.question, "--detail"][..]] {
            let text = radiculo(level).stdout.to_lowercase();
            for r in &seed.rejects {
                for phrase in &r.phrases {
                    if text.contains(&phrase.to_lowercase()) {
                        problems.push(format!(
                            "seed {} ({}): repeats the rejected claim `{}` (`{phrase}`)",
                            seed.id,
                            level.len(),
                            r.claim
                        ));
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn seed_answers_as_snapshots() {
    for seed in checklist().seed {
        let text = radiculo(&["ask", &seed.question]);
        snapshot!(format!("seed_{}.txt", seed.id), text.stdout);
        let detail = radiculo(&["ask", &seed.question, "--detail"]);
        snapshot!(format!("seed_{}.detail.txt", seed.id), detail.stdout);
        let json = radiculo(&["ask", &seed.question, "--format", "json"]);
        snapshot!(format!("seed_{}.json", seed.id), json.stdout);
    }
}

#[derive(Deserialize)]
struct Questions {
    question: Vec<Question>,
}

#[derive(Deserialize)]
struct Question {
    text: String,
    #[serde(default)]
    topic: Option<String>,
    #[serde(default)]
    out_of_scope: bool,
    /// Facts the question must be read as: a path into the JSON `case` (`patient.age`,
    /// `history.red_flags`), and the value (a list must be contained in the case's list).
    #[serde(default)]
    facts: toml::Table,
    /// Statement ids the answer must print, or phrases its default text must contain.
    #[serde(default)]
    says: Vec<String>,
}

#[derive(Deserialize)]
struct Pending {
    #[serde(default)]
    question: Vec<PendingQuestion>,
}

#[derive(Deserialize)]
struct PendingQuestion {
    text: String,
    #[allow(dead_code)]
    reason: String,
}

fn questions() -> Vec<Question> {
    let text = std::fs::read_to_string(repo("tests/questions.toml")).expect("tests/questions.toml");
    toml::from_str::<Questions>(&text).expect("questions parse").question
}

fn pending() -> Vec<String> {
    let text = std::fs::read_to_string(repo("tests/questions-pending.toml")).expect("tests/questions-pending.toml");
    toml::from_str::<Pending>(&text).expect("pending parses").question.into_iter().map(|q| q.text).collect()
}

/// Whether `expected` (from TOML) holds of `actual` (from the JSON case): equal scalars
/// (numbers compared by value), or every item of a list present in the case's list.
fn fact_holds(expected: &toml::Value, actual: &serde_json::Value) -> bool {
    match (expected, actual) {
        (toml::Value::Array(items), serde_json::Value::Array(values)) => {
            items.iter().all(|item| values.iter().any(|v| fact_holds(item, v)))
        }
        (toml::Value::String(s), serde_json::Value::String(v)) => s == v,
        (toml::Value::Integer(i), serde_json::Value::Number(n)) => n.as_f64() == Some(*i as f64),
        (toml::Value::Float(f), serde_json::Value::Number(n)) => n.as_f64() == Some(*f),
        (toml::Value::Boolean(b), serde_json::Value::Bool(v)) => b == v,
        _ => false,
    }
}

/// What is wrong with the answer to one question of the suite, if anything.
fn check(q: &Question) -> Vec<String> {
    let run = radiculo(&["ask", &q.text, "--format", "json"]);
    if q.out_of_scope {
        if run.code != 3 || !run.stdout.is_empty() {
            return vec![format!("exit {} (expected 3, declined)", run.code)];
        }
        return Vec::new();
    }
    if run.code != 0 {
        return vec![format!("exit {}: {}", run.code, run.stderr.lines().next().unwrap_or_default())];
    }
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap_or_default();
    let mut problems = Vec::new();
    let expected = q.topic.as_deref().unwrap_or("none");
    let topic = json["topic"].as_str().unwrap_or("none");
    if topic != expected {
        problems.push(format!("topic {topic} (expected {expected})"));
    }
    for (path, value) in &q.facts {
        let actual = path.split('.').fold(&json["case"], |v, key| &v[key]);
        if !fact_holds(value, actual) {
            problems.push(format!("fact {path} = {actual} (expected {value})"));
        }
    }
    let printed: Vec<&str> =
        json["statements"].as_array().map(|a| a.iter().filter_map(|s| s["id"].as_str()).collect()).unwrap_or_default();
    let text = if q.says.iter().any(|s| s.contains(' ') || !s.contains('.')) {
        radiculo(&["ask", &q.text]).stdout.to_lowercase()
    } else {
        String::new()
    };
    for say in &q.says {
        let is_id = !say.contains(' ')
            && say.contains('.')
            && say.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-._".contains(c));
        let found = if is_id { printed.contains(&say.as_str()) } else { text.contains(&say.to_lowercase()) };
        if !found {
            problems.push(format!("does not say `{say}`"));
        }
    }
    problems
}

/// Every question of the routing suite: at least 95% answered as expected (topic, facts,
/// what it must say), and every miss listed, with its reason, in tests/questions-pending.toml.
#[test]
fn the_routing_suite_passes() {
    let questions = questions();
    assert!(questions.len() >= 150, "{} questions", questions.len());
    assert!(questions.iter().filter(|q| q.out_of_scope).count() >= 25);
    let pending = pending();
    let mut misses = Vec::new();
    let mut unlisted = Vec::new();
    for q in &questions {
        let problems = check(q);
        if !problems.is_empty() {
            let line = format!("`{}`: {}", q.text, problems.join("; "));
            if !pending.contains(&q.text) {
                unlisted.push(line.clone());
            }
            misses.push(line);
        }
    }
    let passed = questions.len() - misses.len();
    let rate = passed as f64 / questions.len() as f64;
    assert!(
        unlisted.is_empty(),
        "{} misses not in tests/questions-pending.toml:\n{}",
        unlisted.len(),
        unlisted.join("\n")
    );
    assert!(rate >= 0.95, "{passed}/{} passed ({:.1}%):\n{}", questions.len(), rate * 100.0, misses.join("\n"));
    let stale: Vec<&String> =
        pending.iter().filter(|p| !misses.iter().any(|m| m.starts_with(&format!("`{p}`")))).collect();
    assert!(stale.is_empty(), "pending questions that now pass (remove them): {stale:?}");
}

/// Every default answer of the suite stays within the 250-word budget, and its first five
/// lines hold the first alert (when there is one) and the bottom line.
#[test]
fn every_default_answer_fits_one_screen_with_the_answer_first() {
    let mut problems = Vec::new();
    let seeds: Vec<String> = checklist().seed.into_iter().map(|s| s.question).collect();
    let all: Vec<String> = questions().into_iter().filter(|q| !q.out_of_scope).map(|q| q.text).chain(seeds).collect();
    for q in &all {
        let run = radiculo(&["ask", q]);
        if run.code != 0 {
            continue;
        }
        let words = word_count(&run.stdout);
        if words > 250 {
            problems.push(format!("`{q}`: {words} words"));
        }
        let json: serde_json::Value =
            serde_json::from_str(&radiculo(&["ask", q, "--format", "json"]).stdout).expect("JSON");
        let head: Vec<&str> = run.stdout.lines().take(5).collect();
        if !head.iter().any(|l| l.starts_with("Bottom line: ")) {
            problems.push(format!("`{q}`: no bottom line in the first 5 lines"));
        }
        if let Some(alert) = json["summary"]["alerts"][0]["lead"].as_str() {
            let start: String = alert.chars().take(30).collect();
            if !head.iter().any(|l| l.contains(&start)) {
                problems.push(format!("`{q}`: the first alert is not in the first 5 lines"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_level_in_the_question_parameterizes_the_answer() {
    let l5 = radiculo(&["ask", "How do I treat L5 radiculopathy?", "--detail"]);
    assert_eq!(l5.code, 0, "{}", l5.stderr);
    assert!(l5.stdout.contains("L5: The ISNCSCI key sensory point for L5"), "{}", l5.stdout);
    assert!(!l5.stdout.contains("S1: The ISNCSCI"));
    let s1 = radiculo(&["ask", "How do I treat S1 radiculopathy?", "--detail"]);
    assert!(s1.stdout.contains("S1: The ISNCSCI key sensory point for S1"), "{}", s1.stdout);
}

#[test]
fn detail_shows_the_evidence_for_the_leading_candidates() {
    let question =
        "Should I order an MRI for a 45-year-old with 3 weeks of sciatica and weak big toe extension on the left?";
    let run = radiculo(&["ask", question, "--detail"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("· for: weak great toe extension (left)"), "{}", run.stdout);
    assert!(run.stdout.contains("(log-LR +"), "{}", run.stdout);
}

#[test]
fn impossible_notation_is_clarified_first() {
    let run = radiculo(&["ask", "How do I manage M4-5 derm (thoracic) symptoms?"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let clarification = run.stdout.find("`M4-5` names no spinal level").expect("clarification");
    let bottom = run.stdout.find("Bottom line").expect("answer");
    assert!(clarification < bottom);
    assert!(run.stdout.contains("`M` is not C, T, L or S"));
    assert!(run.stdout.contains("L4-5 (lumbar)"));
}

#[test]
fn red_flags_in_the_question_come_first() {
    let run = radiculo(&[
        "ask",
        "Patient with saddle anaesthesia and urinary retention after disc herniation - what do I do?",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let third = run.stdout.lines().nth(2).unwrap_or_default();
    assert!(
        third.starts_with("EMERGENCY:") && run.stdout.contains("(suspected cauda equina syndrome)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.lines().nth(3).unwrap_or_default().starts_with("Bottom line: triage EMERGENCY"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_cervical_question_never_gets_the_lumbar_answer() {
    for q in [
        "C6 radiculopathy treatment",
        "cervical radiculopathy ACDF vs physiotherapy",
        "neck pain with arm radiculopathy what to do",
    ] {
        let json: serde_json::Value =
            serde_json::from_str(&radiculo(&["ask", q, "--format", "json"]).stdout).expect("JSON");
        assert_eq!(json["topic"], "topic.cervical-radiculopathy", "{q}");
    }
    let thoracic = radiculo(&["ask", "T6 radiculopathy treatment", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&thoracic.stdout).expect("JSON");
    assert!(json["topic"].is_null(), "{}", thoracic.stdout);
    let text = radiculo(&["ask", "T6 radiculopathy treatment"]).stdout;
    assert!(text.contains("not covered"), "{text}");
    assert!(!text.contains("sciatica; surgery becomes"), "{text}");
}

#[test]
fn an_epidural_abscess_question_never_reaches_the_injection_topic() {
    for q in [
        "spinal epidural abscess nerve root",
        "epidural abscess after an epidural injection?",
        "could this be an epidural abscess - fever and back pain after ESI",
        "spinal epidural abscess risk with transforaminal injection",
    ] {
        let json: serde_json::Value =
            serde_json::from_str(&radiculo(&["ask", q, "--format", "json"]).stdout).expect("JSON");
        assert_ne!(json["topic"], "topic.injection", "{q}");
        assert_eq!(json["topic"], "topic.spinal-infection", "{q}");
    }
}

#[test]
fn what_was_not_understood_is_said() {
    let run = radiculo(&["ask", "Can my patient drive with sciatica?"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("not covered: radiculo has no content on driving"), "{}", run.stdout);
    let run = radiculo(&["ask", "sciatica with a frobnicated quadratus?"]);
    assert!(run.stdout.contains("not used: frobnicated, quadratus"), "{}", run.stdout);
    let run = radiculo(&["ask", "sciatca w/ fever and IVDU hx"]);
    assert!(run.stdout.contains("read `sciatca` as `sciatica`"), "{}", run.stdout);
}

#[test]
fn a_weight_computes_the_dose() {
    let run = radiculo(&["ask", "IVIG dose for GBS, 80 kg"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("0.4 g/kg/day x 80 kg = 32 g/day for 5 days"), "{}", run.stdout);
}

#[test]
fn the_mimic_named_gets_the_test_that_separates_it() {
    let run = radiculo(&["ask", "L5 vs peroneal"]);
    assert!(run.stdout.contains("test ankle inversion (separates L5 from common peroneal"), "{}", run.stdout);
    let run = radiculo(&["ask", "C8 vs ulnar"]);
    assert!(run.stdout.contains("(separates C8 from ulnar neuropathy"), "{}", run.stdout);
}

#[test]
fn out_of_scope_exits_3_with_what_radiculo_covers() {
    let run = radiculo(&["ask", "What is the best treatment for migraine?"]);
    assert_eq!(run.code, 3);
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains("radiculo covers"), "{}", run.stderr);
}

#[test]
fn an_empty_question_is_bad_input() {
    let run = radiculo(&["ask", "  "]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("empty"));
}

#[test]
fn explain_shows_the_reading_and_the_reasoning() {
    let run = radiculo(&["ask", "45 yo with L5 radic for 3 wks, foot drop 2/5", "--explain"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Why this answer"), "{}", run.stdout);
    assert!(run.stdout.contains("read: `45 yo` -> age 45 years"), "{}", run.stdout);
    assert!(run.stdout.contains("choose topic"));
    let json = radiculo(&["ask", "45 yo with L5 radic for 3 wks, foot drop 2/5", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert!(value["recognized"]["trace"].as_array().is_some_and(|t| !t.is_empty()));
    assert_eq!(value["case"]["patient"]["age"], 45);
    assert_eq!(value["case"]["history"]["weeks"], 3);
    assert!(value["extracted"]["readings"].as_array().is_some_and(|r| r.len() >= 4));
}

#[test]
fn every_example_case_consults() {
    let dir = repo("docs/examples");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).expect("docs/examples") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "toml") {
            let run = radiculo(&["consult", &path.to_string_lossy()]);
            assert_eq!(run.code, 0, "{}: {}", path.display(), run.stderr);
            assert!(run.stdout.contains("References"));
            count += 1;
        }
    }
    assert!(count >= 2);
}

#[test]
fn consult_puts_red_flags_first() {
    let case =
        r#"{"history": {"weeks": 1, "red_flags": ["saddle anaesthesia"]}, "exam": {"weak": ["foot drop:left:3"]}}"#;
    let file = common::TempFile::new("red-flag-case.json", case);
    let run = radiculo(&["consult", &file.arg()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let flags = run.stdout.find("EMERGENCY: saddle anaesthesia").expect("red flags");
    let bottom = run.stdout.find("Bottom line").expect("answer");
    assert!(flags < bottom, "{}", run.stdout);
}

#[test]
fn schema_describes_the_case_format() {
    let run = radiculo(&["schema"]);
    assert_eq!(run.code, 0);
    let schema: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON Schema");
    assert_eq!(schema["title"], "Case");
    for key in ["patient", "history", "exam", "imaging"] {
        assert!(schema["properties"][key].is_object(), "{key}");
    }
}

#[test]
fn batch_keeps_going_past_a_bad_line() {
    let lines = [
        r#"{"history": {"weeks": 2}, "exam": {"weak": ["EHL:left:3"]}}"#,
        "this is not json",
        r#"{"history": {"weeks": 2}, "exam": {"weak": ["quadz"]}}"#,
        r#"{"history": {"weeks": 20, "context": ["suspected-gbs"]}, "patient": {"weight_kg": 80}}"#,
    ];
    let file = common::TempFile::new("batch.jsonl", lines.join("\n"));
    let run = radiculo(&["batch", &file.arg()]);
    assert_eq!(run.code, 2, "a failed line makes the exit code 2");
    let out: Vec<serde_json::Value> =
        run.stdout.lines().map(|l| serde_json::from_str(l).expect("one JSON object per line")).collect();
    assert_eq!(out.len(), 4);
    assert_eq!(out[0]["line"], 1);
    assert!(out[0].get("error").is_none());
    assert!(out[1]["error"].as_str().is_some_and(|e| e.contains("line 2")));
    assert!(out[2]["error"].as_str().is_some_and(|e| e.contains("quadz")));
    assert!(out[3].get("error").is_none());
}
