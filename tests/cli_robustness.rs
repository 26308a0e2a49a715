//! The binary under bad, huge, empty and contradictory input, and under output that cannot be
//! written: each failure of the reliability audit (`shared/audits/reliability.md`), reproduced.
//! Every bad input is exit 2 with a short message on stderr and nothing on stdout (batch
//! excepted: its error objects are results); a result that cannot be written is exit 1; nothing
//! ever panics (exit 101).

mod common;

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::{TempFile, command, radiculo, radiculo_sh, radiculo_with_input};

const L5_CASE: &str = include_str!("../docs/examples/l5-radiculopathy.toml");

/// One valid case as a JSON line.
fn json_case() -> String {
    let value: toml::Value = toml::from_str(L5_CASE).expect("the example parses");
    serde_json::to_string(&value).expect("JSON")
}

/// Exit 2, nothing on stdout, and a message that says `says` in fewer than `max` bytes.
#[track_caller]
fn refused(run: &common::Run, says: &str) {
    assert_eq!(run.code, 2, "stderr: {}", run.stderr);
    assert!(run.stdout.is_empty(), "nothing on stdout: {}", run.stdout);
    assert!(run.stderr.contains(says), "stderr lacks `{says}`: {}", run.stderr);
    assert!(run.stderr.len() < 1000, "a short message, not {} bytes", run.stderr.len());
    assert!(!run.stderr.contains('\x1b'), "no escape sequences: {}", run.stderr);
}

#[track_caller]
fn quickly(started: Instant) {
    assert!(started.elapsed() < Duration::from_secs(10), "took {:?}", started.elapsed());
}

// ---- Bounded input ----------------------------------------------------------------------

#[test]
fn endless_input_is_refused_at_the_size_limit() {
    for args in [["consult", "/dev/zero"], ["consult", "/dev/urandom"]] {
        let started = Instant::now();
        refused(&radiculo(&args), "larger than the 1 MiB limit");
        quickly(started);
    }
    let started = Instant::now();
    let run = radiculo(&["batch", "/dev/zero"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("line 1 has no line break within 64 MiB"), "{}", run.stderr);
    quickly(started);
}

#[test]
fn a_case_over_the_limit_is_refused_from_a_file_and_from_stdin() {
    let big = format!("{L5_CASE}\n{}", "# padding\n".repeat(120_000));
    let file = TempFile::new("big.toml", &big);
    refused(&radiculo(&["consult", &file.arg()]), "larger than the 1 MiB limit");
    refused(&radiculo_with_input(&["consult", "-"], big.as_bytes()), "standard input is larger than the 1 MiB limit");
}

#[test]
fn text_that_is_not_utf8_is_located() {
    let file = TempFile::new("latin1.toml", b"[history]\nweeks = 3\nred_flags = [\"fi\xe8vre\"]\n");
    refused(&radiculo(&["consult", &file.arg()]), "is not UTF-8 text: line 3, column 17 (byte 0xe8)");
    let utf16: Vec<u8> =
        [0xff, 0xfe].into_iter().chain("[history]\n".encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let file = TempFile::new("utf16.toml", utf16);
    refused(&radiculo(&["consult", &file.arg()]), "is UTF-16 text; save it as UTF-8");
    let random: Vec<u8> = (0..100_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let file = TempFile::new("random.bin", random);
    refused(&radiculo(&["consult", &file.arg()]), "is not UTF-8 text");
}

#[test]
fn directories_and_missing_files_are_named() {
    let dir = std::env::temp_dir();
    let dir = dir.to_string_lossy();
    refused(&radiculo(&["consult", &dir]), "is a directory, not a case file");
    refused(&radiculo(&["batch", &dir]), "is a directory, not a JSON Lines file");
    refused(&radiculo(&["localize", "--case", &dir]), "is a directory");
    refused(&radiculo(&["consult", "/nonexistent/case.toml"]), "cannot read `/nonexistent/case.toml`");
    refused(&radiculo(&["batch", "/nonexistent/cases.jsonl"]), "cannot read `/nonexistent/cases.jsonl`");
}

#[test]
fn overlong_arguments_are_refused_before_parsing() {
    let long = "L".repeat(100_000);
    refused(&radiculo(&["root", &long]), "is 100000 bytes long; the limit is 4 KiB");
    refused(&radiculo(&["ask", &"why ".repeat(5000)]), "the limit is 4 KiB");
}

#[test]
fn echoed_input_is_short_and_escaped() {
    let run = radiculo(&["refs", &"r".repeat(3000)]);
    refused(&run, "no reference has the id `rrrr");
    assert!(run.stderr.contains("r…`"), "cut with an ellipsis: {}", run.stderr);
    refused(&radiculo(&["refs", "\x1b[2J\x1b[31mboom"]), "`\\u{1b}[2J\\u{1b}[31mboom`");
    refused(&radiculo(&["localize", "--weak", "\x1b[2Jfoo"]), "\\u{1b}[2Jfoo");
    refused(&radiculo(&["localize", "--weak", &"w".repeat(3000)]), "exam.weak `www");
    refused(
        &radiculo(&["pathway", "--contraindication", &"k".repeat(150)]),
        "unknown contraindication or medicine `kkk",
    );
    refused(&radiculo(&["pathway", "--weeks", "2", "--weight-kg", "1e308"]), "weight 1e308 kg is not plausible");
}

#[test]
fn huge_values_inside_a_case_are_refused_quickly() {
    let long_flag = format!("[history]\nred_flags = [\"{}\"]\n", "x".repeat(1_000_000));
    let started = Instant::now();
    refused(&radiculo(&["consult", &TempFile::new("longflag.toml", long_flag).arg()]), "history.red_flags `xxx");
    quickly(started);
    let long_key = format!("[patient]\n{} = 1\n", "k".repeat(1_000_000));
    refused(&radiculo(&["consult", &TempFile::new("longkey.toml", long_key).arg()]), "unknown field `kkk");
    let many = format!("[exam]\nweak = [{}]\n", vec!["\"foot drop:left:3\""; 50_000].join(","));
    let started = Instant::now();
    refused(&radiculo(&["consult", &TempFile::new("manyweak.toml", many).arg()]), "exam.weak has 50000 items");
    quickly(started);
    let fevers = format!(r#"{{"history":{{"red_flags":[{}]}}}}"#, vec!["\"fever\""; 100_000].join(","));
    refused(&radiculo(&["consult", &TempFile::new("fevers.json", fevers).arg()]), "history.red_flags has 100000 items");
}

// ---- Empty cases ------------------------------------------------------------------------

#[test]
fn empty_cases_are_nothing_to_consult_on() {
    for (name, text) in [
        ("empty.toml", ""),
        ("blank.toml", "   \n\n  \n"),
        ("comment.toml", "# only a comment\n"),
        ("emptyobj.json", "{}"),
    ] {
        refused(&radiculo(&["consult", &TempFile::new(name, text).arg()]), "nothing to consult on");
    }
    refused(&radiculo(&["consult", "/dev/null"]), "nothing to consult on");
    refused(&radiculo_with_input(&["consult", "-"], b""), "nothing to consult on");
    refused(&radiculo_sh("exec 0<&-", &["consult", "-"]), "nothing to consult on");
    refused(&radiculo(&["pathway"]), "nothing to consult on");
    refused(&radiculo(&["pathway", "--format", "json", "--explain"]), "nothing to consult on");
    refused(&radiculo(&["batch", "/dev/null"]), "nothing to consult on: the input has no lines");
    refused(&radiculo_sh("exec 0<&-", &["batch", "-"]), "nothing to consult on");
}

// ---- Ranges and contradictions ----------------------------------------------------------

#[test]
fn implausible_numbers_are_refused() {
    let cases = [
        ("[history]\nweeks = 4294967295\n", "weeks 4294967295 is not plausible"),
        ("[patient]\nage = 250\n", "age 250 is not plausible"),
        (
            "[patient]\nage = 4294967295\n[imaging]\nherniations = [\"L4-5:paracentral:extrusion\"]\nimpingement = \"mild\"\n",
            "age 4294967295",
        ),
        (
            "[history]\nprior_surgery = false\nmonths_since_surgery = 6\n",
            "prior_surgery is false, but months_since_surgery is 6",
        ),
        (
            "[patient]\nage = 30\n[history]\nweeks = 1\nconservative_weeks = 1\nprior_surgery = true\nmonths_since_surgery = 1200\n",
            "longer ago than the life of a patient aged 30",
        ),
        ("[patient]\nage = 5\nweight_kg = 300\n", "weight 300 kg is not plausible at age 5"),
        ("[patient]\nweight_kg = 1e308\n[history]\nweeks = 2\n", "weight 1e308 kg"),
        ("[patient]\nage = 40\n[history]\nweeks = 3\n[imaging]\n", "the imaging section has no findings"),
        (
            "[history]\nweeks = 2\ndeficits = [\"foot drop:1:progressing\"]\n[exam]\nstrong = [\"foot drop:left\", \"foot drop:right\"]\n",
            "the history gives a deficit of `ankle dorsiflexion` (MRC 1), but the examination records its strength as normal on both sides",
        ),
    ];
    for (text, says) in cases {
        refused(&radiculo(&["consult", &TempFile::new("case.toml", text).arg()]), says);
    }
    refused(&radiculo(&["differential", "--impingement", "mild", "--age", "999"]), "age 999 is not plausible");
    refused(&radiculo(&["differential", "--enhancement", "--weeks", "4000000000"]), "weeks 4000000000");
    refused(
        &radiculo(&["differential", "--enhancement", "--months-since-surgery", "4000000000"]),
        "months_since_surgery 4000000000",
    );
    refused(&radiculo(&["imaging", "--weeks", "4294967295"]), "weeks 4294967295");
    refused(&radiculo(&["pathway", "--weeks", "4294967295"]), "weeks 4294967295");
    refused(
        &radiculo(&["pathway", "--weeks", "3", "--conservative-weeks", "4294967295"]),
        "conservative_weeks 4294967295",
    );
    // One side tested normal leaves the other free to be weak.
    let one_side = "[history]\nweeks = 2\ndeficits = [\"foot drop:1\"]\n[exam]\nstrong = [\"foot drop:right\"]\nweak = [\"foot drop:left:1\"]\n";
    let run = radiculo(&["consult", &TempFile::new("one-side.toml", one_side).arg()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn parse_errors_name_the_key_and_give_the_position_once() {
    let run = radiculo(&["consult", &TempFile::new("dupkey.toml", "[history]\nweeks = 3\nweeks = 4\n").arg()]);
    refused(&run, "line 3, column 1: duplicate key `weeks`");
    let run =
        radiculo(&["consult", &TempFile::new("dupsect.toml", "[history]\nweeks = 3\n[history]\npain = 2\n").arg()]);
    refused(&run, "duplicate key `history`");
    let run = radiculo(&["consult", &TempFile::new("col.toml", "[history]\nred_flags = [\"ééééé\", ?]\n").arg()]);
    refused(&run, "line 2, column 23:");
    let run = radiculo(&["consult", &TempFile::new("dupkey.json", r#"{"history":{"weeks":3,"weeks":4}}"#).arg()]);
    refused(&run, "line 1, column 29: duplicate field `weeks`");
    assert!(!run.stderr.contains(" at line "), "the position is given once: {}", run.stderr);
}

// ---- Output that cannot be written ------------------------------------------------------

fn with_stdout(args: &[&str], stdout: Stdio) -> common::Run {
    command().args(args).stdout(stdout).stderr(Stdio::piped()).output().expect("radiculo runs").into()
}

fn dev_full() -> Stdio {
    Stdio::from(std::fs::OpenOptions::new().write(true).open("/dev/full").expect("/dev/full"))
}

#[test]
fn a_full_disk_is_an_error() {
    let case = TempFile::new("good.toml", L5_CASE);
    for args in
        [vec!["consult", case.path.to_str().expect("path")], vec!["refs", "--format", "json"], vec!["root", "L5"]]
    {
        let run = with_stdout(&args, dev_full());
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("No space left on device"), "{}", run.stderr);
    }
    let batch = TempFile::new("batch.jsonl", format!("{}\n", json_case()));
    let run = with_stdout(&["batch", &batch.arg()], dev_full());
    assert_eq!(run.code, 1, "{}", run.stderr);
}

#[test]
fn a_closed_stdout_is_an_error() {
    let case = TempFile::new("good.toml", L5_CASE);
    let batch = TempFile::new("batch.jsonl", format!("{}\n", json_case()));
    for args in [
        vec!["refs"],
        vec!["consult", case.path.to_str().expect("path")],
        vec!["batch", batch.path.to_str().expect("path")],
    ] {
        let run = radiculo_sh("exec 1>&-", &args);
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("standard output is closed"), "{}", run.stderr);
    }
    // Discarding the output on purpose is not an error.
    let run = with_stdout(&["refs"], Stdio::null());
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_reader_that_stops_early_ends_the_run_quietly() {
    let lines = format!("{}\n", json_case()).repeat(2000);
    let batch = TempFile::new("many.jsonl", lines);
    let mut child = command()
        .args(["batch", &batch.arg()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("radiculo runs");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut first).expect("one line");
    // The reader is dropped here, closing the pipe as `| head -1` does.
    let started = Instant::now();
    let output = child.wait_with_output().expect("radiculo finishes");
    assert!(first.starts_with("{\"line\":1,"), "{first}");
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stderr.is_empty(), "quiet: {}", String::from_utf8_lossy(&output.stderr));
    quickly(started);
}

#[test]
fn a_failing_stderr_never_panics() {
    let batch = TempFile::new("bad.jsonl", "not json\n");
    for (args, code) in [
        (vec!["ask", ""], 2),
        (vec!["root", "L6"], 2),
        (vec!["ask", "What is the capital of France?"], 3),
        (vec!["batch", batch.path.to_str().expect("path")], 2),
    ] {
        let run = radiculo_sh("exec 2>/dev/full", &args);
        assert_eq!(run.code, code, "{args:?}");
    }
}

// ---- Batch ------------------------------------------------------------------------------

fn lines(run: &common::Run) -> Vec<serde_json::Value> {
    run.stdout.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
}

#[test]
fn batch_gives_one_line_per_input_line_whatever_the_line() {
    let valid = json_case();
    let mut input = Vec::new();
    input.extend(b"\xef\xbb\xbf");
    input.extend(valid.as_bytes());
    input.extend(b"\n\n");
    input.extend(b"\xff\xfe bad\n");
    input.extend(format!("{valid}\r\n").as_bytes());
    input.extend(b"{}\n");
    input.extend(vec![b' '; 1_100_000]);
    input.extend(b"\n   \n[1, 2]\n");
    input.extend(valid.as_bytes());
    let file = TempFile::new("mixed.jsonl", &input);
    let run = radiculo(&["batch", &file.arg()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("6 of 9 lines failed"), "{}", run.stderr);
    let out = lines(&run);
    assert_eq!(out.len(), 9, "one line out per line in");
    for (i, line) in out.iter().enumerate() {
        assert_eq!(line["line"], i + 1, "in order, numbered from 1");
    }
    let error = |i: usize| out[i]["error"].as_str().unwrap_or_default().to_string();
    assert!(out[0].get("error").is_none(), "a byte-order mark is dropped: {}", error(0));
    assert!(error(1).contains("line 2 is blank"), "{}", error(1));
    assert!(error(2).contains("line 3 is not UTF-8 text: column 1 (byte 0xff)"), "{}", error(2));
    assert!(out[3].get("error").is_none(), "CRLF is a line ending: {}", error(3));
    assert!(error(4).contains("nothing to consult on"), "{}", error(4));
    assert!(error(5).contains("line 6 is longer than the 1 MiB limit"), "{}", error(5));
    assert!(error(6).contains("line 7 is blank"), "{}", error(6));
    assert!(error(7).starts_with("line 8, column"), "{}", error(7));
    assert!(out[8].get("error").is_none(), "a last line without a newline counts: {}", error(8));
}

#[test]
fn batch_errors_are_short() {
    let long = format!(r#"{{"history":{{"red_flags":["{}"]}}}}"#, "a".repeat(900_000));
    let key = format!(r#"{{"patient":{{"{}":1}}}}"#, "k".repeat(900_000));
    let started = Instant::now();
    let run = radiculo_with_input(&["batch", "-"], format!("{long}\n{key}\n").as_bytes());
    quickly(started);
    assert_eq!(run.code, 2);
    for line in lines(&run) {
        let error = line["error"].as_str().expect("an error");
        assert!(error.len() < 300, "{error}");
    }
}

#[test]
fn batch_output_is_the_same_on_one_worker_and_many() {
    let valid = json_case();
    let input: String = (0..300)
        .map(|i| match i % 7 {
            0 => "not json".to_string(),
            3 => r#"{"history":{"weeks":2},"exam":{"weak":["quadz"]}}"#.to_string(),
            5 => r#"{"history":{"weeks":20,"context":["suspected-gbs"]},"patient":{"weight_kg":80}}"#.to_string(),
            _ => valid.clone(),
        })
        .map(|l| l + "\n")
        .collect();
    let file = TempFile::new("order.jsonl", input);
    for compact in [false, true] {
        let mut args = vec!["batch", file.path.to_str().expect("path")];
        if compact {
            args.push("--compact");
        }
        let one = radiculo(&[args.as_slice(), &["--jobs", "1"]].concat());
        let four = radiculo(&[args.as_slice(), &["--jobs", "4"]].concat());
        assert_eq!(one.code, 2);
        assert_eq!(one.stdout, four.stdout, "compact {compact}");
        assert_eq!(lines(&one).len(), 300);
    }
}

#[test]
fn a_full_batch_line_is_the_consultation_json_with_its_line_number() {
    for example in ["l5-radiculopathy", "checkpoint-inhibitor-neuropathy"] {
        let path = format!("{}/../../docs/examples/{example}.toml", env!("CARGO_MANIFEST_DIR"));
        let consult = radiculo(&["consult", &path, "--format", "json"]);
        assert_eq!(consult.code, 0, "{}", consult.stderr);
        let mut expected: serde_json::Value = serde_json::from_str(&consult.stdout).expect("JSON");
        expected["line"] = 1.into();
        let text = std::fs::read_to_string(&path).expect("example");
        let case: toml::Value = toml::from_str(&text).expect("TOML");
        let run = radiculo_with_input(&["batch", "-"], serde_json::to_string(&case).expect("JSON").as_bytes());
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(lines(&run), [expected], "{example}");
    }
}

#[test]
fn a_compact_line_is_small_and_says_what_matters() {
    let run = radiculo_with_input(&["batch", "-", "--compact"], json_case().as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let full = radiculo_with_input(&["batch", "-"], json_case().as_bytes());
    assert!(run.stdout.len() * 10 < full.stdout.len(), "{} bytes, full {}", run.stdout.len(), full.stdout.len());
    let line = &lines(&run)[0];
    assert_eq!(line["line"], 1);
    assert_eq!(line["triage"], "routine");
    assert_eq!(line["localization"][0]["rank"], 1);
    assert_eq!(line["localization"][0]["id"], "l5");
    // No enhancement is reported, so no cause of enhancement is ranked.
    assert!(line["differential"].as_array().is_some_and(|d| d.len() <= 3));
    assert!(line["doses"].as_array().is_some_and(|d| d.iter().all(|d| d["per_day"].is_array())));
    assert!(line["statements"].as_array().is_some_and(|s| s.iter().all(serde_json::Value::is_string) && !s.is_empty()));
    for absent in ["references", "disclaimer", "title"] {
        assert!(line.get(absent).is_none(), "{absent}");
    }
}

#[test]
fn batch_help_documents_the_exit_codes() {
    let run = radiculo(&["batch", "--help"]);
    assert_eq!(run.code, 0);
    for says in ["Exit status: 0 when every line succeeded", "2 when some lines failed", "--jobs", "--compact"] {
        assert!(run.stdout.contains(says), "{says}: {}", run.stdout);
    }
}
