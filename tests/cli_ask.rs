//! `radiculo ask`, `consult`, `schema` and `batch` end to end: the five seed questions against
//! the claims checklist, question routing, exit codes, and the example cases.

mod common;

use std::path::Path;

use common::radiculo;
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
        let text = radiculo(&["ask", &seed.question]).stdout.to_lowercase();
        for r in &seed.rejects {
            for phrase in &r.phrases {
                if text.contains(&phrase.to_lowercase()) {
                    problems.push(format!("seed {}: repeats the rejected claim `{}` (`{phrase}`)", seed.id, r.claim));
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
}

#[test]
fn paraphrases_and_out_of_scope_questions_route_correctly() {
    let text = std::fs::read_to_string(repo("tests/questions.toml")).expect("tests/questions.toml");
    let questions: Questions = toml::from_str(&text).expect("questions parse");
    assert!(questions.question.len() >= 40, "{} questions", questions.question.len());
    let mut problems = Vec::new();
    for q in &questions.question {
        let run = radiculo(&["ask", &q.text, "--format", "json"]);
        if q.out_of_scope {
            if run.code != 3 || !run.stdout.is_empty() {
                problems.push(format!("`{}`: exit {} (expected 3, declined)", q.text, run.code));
            }
            continue;
        }
        let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap_or_default();
        let expected = q.topic.as_deref().unwrap_or_default();
        if run.code != 0 || json["topic"] != expected {
            problems.push(format!("`{}`: exit {}, topic {} (expected {expected})", q.text, run.code, json["topic"]));
        }
    }
    assert!(problems.is_empty(), "{} misrouted:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn the_level_in_the_question_parameterizes_the_answer() {
    let l5 = radiculo(&["ask", "How do I treat L5 radiculopathy?"]);
    assert_eq!(l5.code, 0, "{}", l5.stderr);
    assert!(l5.stdout.contains("The L5 root"), "{}", l5.stdout);
    assert!(!l5.stdout.contains("The S1 root"));
    let s1 = radiculo(&["ask", "How do I treat S1 radiculopathy?"]);
    assert!(s1.stdout.contains("The S1 root"));
}

#[test]
fn impossible_notation_is_clarified_first() {
    let run = radiculo(&["ask", "How do I manage M4-5 derm (thoracic) symptoms?"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let terminology = run.stdout.find("Terminology first").expect("clarification");
    let bottom = run.stdout.find("Bottom line").expect("answer");
    assert!(terminology < bottom);
    assert!(run.stdout.contains("`M` is not a spinal region"));
    assert!(run.stdout.contains("L4-5 (lumbar)"));
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
fn explain_shows_the_reasoning() {
    let run = radiculo(&["ask", "What causes gad enhancement of the L4 roots?", "--explain"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Why this answer"));
    assert!(run.stdout.contains("choose topic"));
    let json = radiculo(&["ask", "What causes gad enhancement of the L4 roots?", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert!(value["recognized"]["trace"].as_array().is_some_and(|t| !t.is_empty()));
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
    let flags = run.stdout.find("Red flags").expect("red flags");
    let roots = run.stdout.find("Likely roots").expect("localization");
    assert!(flags < roots);
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
