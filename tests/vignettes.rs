//! Clinical vignettes: each `tests/vignettes/<command>/*.toml` runs the binary with its `args`
//! and checks the result. A vignette is data so that clinicians can add cases without Rust:
//!
//! ```toml
//! description = "L5 radiculopathy with foot drop"
//! args = ["localize", "--weak", "big toe extension:left:3"]   # --format json is added
//! [expect]
//! exit = 0                                  # default 0
//! equals = { "/candidates/0/root" = "l5" }  # JSON pointer = value
//! mentions = ["common-peroneal-neuropathy"] # strings the JSON must contain
//! leaders = ["l5"]                          # ids that must rank first (ties allowed)
//! absent = ["femoral-neuropathy"]           # strings it must not contain
//! stderr = ["unknown action"]               # for failures: strings stderr must contain
//! ```
//!
//! A `consult` vignette carries its case inline: `case = """[history] ..."""` is written to a
//! file whose path is appended to `args`.

mod common;

use std::path::{Path, PathBuf};

use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Vignette {
    description: String,
    args: Vec<String>,
    /// A case file's text, for `consult`.
    case: Option<String>,
    #[serde(default)]
    expect: Expect,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Expect {
    #[serde(default)]
    exit: i32,
    #[serde(default)]
    equals: toml::Table,
    #[serde(default)]
    mentions: Vec<String>,
    #[serde(default)]
    leaders: Vec<String>,
    #[serde(default)]
    absent: Vec<String>,
    #[serde(default)]
    stderr: Vec<String>,
}

fn vignettes(command: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/vignettes").join(command);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    paths
}

fn toml_to_json(value: &toml::Value) -> serde_json::Value {
    serde_json::to_value(value).expect("TOML values convert to JSON")
}

/// The default text answer of a command: within its word budget (references excluded), and
/// with the direct answer (the first alert or the bottom line) within its first 5 lines.
fn one_screen(args: &[String]) -> Vec<String> {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let text = common::radiculo(&args).stdout;
    use radiculo_consult::document::Kind;
    let kind = if args.first() == Some(&"consult") { Kind::Consult } else { Kind::Command };
    let budget = kind.budget().unwrap_or(usize::MAX);
    let words = radiculo_consult::render::word_count(&text);
    let mut problems = Vec::new();
    if words > budget {
        problems.push(format!("the default answer has {words} words, over its budget of {budget}"));
    }
    let head: Vec<&str> = text.lines().take(5).collect();
    let answered = head.iter().any(|l| {
        l.starts_with("Bottom line:")
            || l.starts_with("EMERGENCY")
            || l.starts_with("URGENT")
            || l.starts_with("EMERGENT")
    });
    if !answered && !text.contains("Bottom line:") {
        problems.push("the default answer has no bottom line".into());
    } else if !answered {
        problems.push(format!("the bottom line is not within the first 5 lines:\n{}", head.join("\n")));
    }
    problems
}

/// Runs every vignette of `command`, reporting all failures together.
fn run(command: &str, at_least: usize) {
    let paths = vignettes(command);
    assert!(paths.len() >= at_least, "{command}: {} vignettes, expected at least {at_least}", paths.len());
    let mut failures = Vec::new();
    for path in &paths {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let text = std::fs::read_to_string(path).expect("vignette readable");
        let v: Vignette = toml::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut full_args = v.args.clone();
        if let Some(case) = &v.case {
            let file = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("vignette-{command}-{name}"));
            std::fs::write(&file, case).expect("case file writable");
            full_args.push(file.display().to_string());
        }
        let mut args: Vec<&str> = full_args.iter().map(String::as_str).collect();
        args.extend(["--format", "json"]);
        let run = common::radiculo(&args);
        let mut problems = Vec::new();
        if v.expect.exit == 0
            && v.expect.equals.is_empty()
            && v.expect.mentions.is_empty()
            && v.expect.leaders.is_empty()
        {
            // `absent` alone passes on any output, even `{}`.
            problems.push("a vignette that succeeds needs `equals`, `mentions` or `leaders`, not only `absent`".into());
        }
        if run.code != v.expect.exit {
            problems.push(format!("exit {} (expected {}); stderr: {}", run.code, v.expect.exit, run.stderr.trim()));
        }
        for s in &v.expect.stderr {
            if !run.stderr.contains(s.as_str()) {
                problems.push(format!("stderr lacks `{s}`: {}", run.stderr.trim()));
            }
        }
        if v.expect.exit == 0 && run.code == 0 {
            let json: serde_json::Value = match serde_json::from_str(&run.stdout) {
                Ok(json) => json,
                Err(e) => {
                    failures.push(format!("{name} ({}): output is not JSON ({e})", v.description));
                    continue;
                }
            };
            for (pointer, expected) in &v.expect.equals {
                let actual = json.pointer(pointer).cloned().unwrap_or(serde_json::Value::Null);
                if actual != toml_to_json(expected) {
                    problems.push(format!("{pointer} is {actual}, expected {expected}"));
                }
            }
            // Ids that must be among the candidates or causes ranked first (ties included).
            let ranked = ["/candidates", "/differential", "/localization/candidates", "/differential/differential"]
                .into_iter()
                .filter_map(|p| json.pointer(p).and_then(serde_json::Value::as_array));
            for id in &v.expect.leaders {
                let first: Vec<&str> = ranked
                    .clone()
                    .flatten()
                    .filter(|c| c.pointer("/rank/rank").and_then(serde_json::Value::as_u64) == Some(1))
                    .filter_map(|c| c.get("id").or_else(|| c.get("cause")).and_then(serde_json::Value::as_str))
                    .collect();
                if !first.contains(&id.as_str()) {
                    problems.push(format!("{id} is not among the leaders {first:?}"));
                }
            }
            for s in &v.expect.mentions {
                if !run.stdout.contains(s.as_str()) {
                    problems.push(format!("output does not mention `{s}`"));
                }
            }
            for s in &v.expect.absent {
                if run.stdout.contains(s.as_str()) {
                    problems.push(format!("output mentions `{s}`"));
                }
            }
        } else if v.expect.exit != 0 && !run.stdout.is_empty() {
            problems.push("stdout is not empty on failure".into());
        }
        if v.expect.exit == 0 && run.code == 0 {
            problems.extend(one_screen(&full_args));
        }
        if !problems.is_empty() {
            failures.push(format!("{name} ({}):\n    {}", v.description, problems.join("\n    ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} {command} vignettes failed:\n{}",
        failures.len(),
        paths.len(),
        failures.join("\n")
    );
}

#[test]
fn consult_vignettes() {
    run("consult", 1);
}

#[test]
fn localize_vignettes() {
    run("localize", 30);
}

#[test]
fn differential_vignettes() {
    run("differential", 30);
}

#[test]
fn imaging_vignettes() {
    run("imaging", 8);
}

#[test]
fn pathway_vignettes() {
    run("pathway", 30);
}
