//! `cargo xtask bench-batch [--lines N] [--no-build]`: generates a JSON Lines file of varied,
//! realistic cases (valid ones built from `docs/examples/*.toml` and variations, mixed with the
//! kinds of bad line a real export contains), then times the release binary's `batch` over it,
//! full and `--compact`, on one worker and on every core, printing cases per second and the
//! peak memory (VmHWM) of each run. The input is written to `target/bench-batch/`.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// A small deterministic generator (xorshift64*), so the same file comes out every time.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n.max(1)).unwrap_or(1)).unwrap_or(0)
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items.get(self.below(items.len())).copied().unwrap_or_default()
    }

    /// Up to `most` distinct items.
    fn some<'a>(&mut self, items: &[&'a str], most: usize) -> Vec<&'a str> {
        let mut out: Vec<&str> = Vec::new();
        for _ in 0..self.below(most + 1) {
            let item = self.pick(items);
            if !out.contains(&item) {
                out.push(item);
            }
        }
        out
    }
}

const ACTIONS: [&str; 14] = [
    "hip-flexion",
    "hip-abduction",
    "knee-extension",
    "knee-flexion",
    "ankle-dorsiflexion",
    "ankle-plantarflexion",
    "ankle-inversion",
    "ankle-eversion",
    "great-toe-extension",
    "toe-flexion",
    "elbow-flexion",
    "wrist-extension",
    "elbow-extension",
    "finger-abduction",
];
const REFLEXES: [&str; 5] = ["patellar", "achilles", "medial-hamstring", "biceps", "triceps"];
const CHANGES: [&str; 4] = ["absent", "reduced", "normal", "brisk"];
const AREAS: [&str; 14] = [
    "anterior-thigh",
    "lateral-thigh",
    "medial-leg",
    "lateral-leg",
    "dorsum-foot",
    "great-toe",
    "lateral-foot",
    "sole",
    "buttock",
    "posterior-thigh",
    "lateral-forearm",
    "thumb",
    "middle-finger",
    "little-finger",
];
const SIGNS: [&str; 3] = ["straight-leg-raise", "crossed-straight-leg-raise", "femoral-stretch"];
const SIDES: [&str; 3] = ["left", "right", "bilateral"];
const RED_FLAGS: [&str; 8] = [
    "saddle anaesthesia",
    "urinary retention",
    "fever",
    "cancer-history",
    "weight-loss",
    "trauma",
    "progressive-deficit",
    "immunocompromised",
];
const CONTEXTS: [&str; 5] =
    ["compressive-radiculopathy", "root-enhancement", "cancer-history", "tick-exposure", "recent-lumbar-puncture"];
const YELLOW_FLAGS: [&str; 4] = ["fear-avoidance", "depression", "catastrophising", "passive-coping"];
const CONTRAINDICATIONS: [&str; 4] = ["kidney-disease", "gi-bleeding", "anticoagulation", "diabetes"];
const DISCS: [&str; 5] = ["L2-3", "L3-4", "L4-5", "L5-S1", "C5-6"];
const ZONES: [&str; 4] = ["central", "paracentral", "foraminal", "extraforaminal"];
const TYPES: [&str; 3] = ["protrusion", "extrusion", "sequestration"];
const GRADES: [&str; 3] = ["mild", "moderate", "severe"];

/// A plausible case built from the pools above.
fn generated(rng: &mut Rng) -> Value {
    let mut patient = serde_json::Map::new();
    patient.insert("age".into(), json!(18 + rng.below(70)));
    if rng.chance(70) {
        patient.insert("weight_kg".into(), json!(45.0 + f64::from(u32::try_from(rng.below(80)).unwrap_or(0))));
    }
    let weeks = rng.below(40);
    let mut history = json!({
        "weeks": weeks,
        "red_flags": if rng.chance(10) { rng.some(&RED_FLAGS, 2) } else { Vec::new() },
        "context": rng.some(&CONTEXTS, 1),
        "yellow_flags": rng.some(&YELLOW_FLAGS, 1),
        "contraindications": rng.some(&CONTRAINDICATIONS, 1),
    });
    if rng.chance(80) {
        history["pain"] = json!(rng.below(11));
    }
    if rng.chance(50) {
        history["function"] = json!(rng.pick(&["none", "daily-activities", "self-care"]));
    }
    if weeks > 6 && rng.chance(40) {
        history["conservative_weeks"] = json!(rng.below(weeks));
    }
    let weak_actions = rng.some(&ACTIONS, 3);
    let strong: Vec<String> = rng
        .some(&ACTIONS, 2)
        .into_iter()
        .filter(|a| !weak_actions.contains(a))
        .map(|a| format!("{a}:{}", rng.pick(&SIDES[..2])))
        .collect();
    let side = rng.pick(&SIDES[..2]);
    let weak: Vec<String> = weak_actions.iter().map(|a| format!("{a}:{side}:{}", 2 + rng.below(3))).collect();
    if let Some(first) = weak_actions.first().filter(|_| rng.chance(30)) {
        history["deficits"] = json!([format!("{first}:{}", 2 + rng.below(3))]);
    }
    let exam = json!({
        "weak": weak,
        "strong": strong,
        "reflex": rng.some(&REFLEXES, 2).iter().map(|r| format!("{r}:{}:{side}", rng.pick(&CHANGES))).collect::<Vec<_>>(),
        "numb": rng.some(&AREAS, 2).iter().map(|a| format!("{a}:{side}")).collect::<Vec<_>>(),
        "pain": rng.some(&AREAS, 1).iter().map(|a| format!("{a}:{side}")).collect::<Vec<_>>(),
        "sign": rng.some(&SIGNS, 1).iter().map(|s| format!("{s}:{side}")).collect::<Vec<_>>(),
    });
    let mut case = json!({"patient": patient, "history": history, "exam": exam});
    if rng.chance(30) {
        let herniation = format!("{}:{}:{}", rng.pick(&DISCS), rng.pick(&ZONES), rng.pick(&TYPES));
        case["imaging"] = json!({"herniations": [herniation], "impingement": rng.pick(&GRADES)});
    } else if rng.chance(10) {
        case["imaging"] = json!({"enhancement": true, "roots": ["L4", "L5"], "side": side, "morphology": "smooth"});
    }
    case
}

/// One of the kinds of bad line a real export contains.
fn bad(rng: &mut Rng, valid: &str) -> Vec<u8> {
    let line = match rng.below(11) {
        0 => valid.get(..valid.len() / 2).unwrap_or_default().to_string(),
        1 => r#"{"history": {"weeks": 3}, "exam": {"weak": ["ankle-dorsiflexion:left:9"]}}"#.into(),
        2 => r#"{"exam": {"weak": ["knee-extension:left:3"], "strong": ["knee-extension:left"]}}"#.into(),
        3 => r#"{"patient": {"weight_kg": 1e308}, "history": {"weeks": 2}}"#.into(),
        4 => r#"{"history": {"weeks": 2}, "imaging": {"enhancement": true, "roots": ["L6"]}}"#.into(),
        5 => r#"{"history": {"weeks": 2, "colour": "blue"}}"#.into(),
        6 => r#"{"history": {"weeks": 2, "red_flags": ["sadle anesthesia"]}}"#.into(),
        7 => "[1, 2, 3]".into(),
        8 => "{}".into(),
        9 => String::new(),
        _ => return b"{\"history\": {\"weeks\": \xff\xfe}}".to_vec(),
    };
    line.into_bytes()
}

/// Writes `lines` cases to `path`: about 85% valid (the shipped examples and variations).
fn generate(path: &Path, lines: usize) -> Result<(), String> {
    let examples = examples()?;
    let mut rng = Rng(0x5eed_cafe_f00d_1234);
    let mut out = Vec::with_capacity(lines * 700);
    for _ in 0..lines {
        let valid = match rng.below(10) {
            0 => examples.get(rng.below(examples.len())).cloned().unwrap_or_default(),
            _ => generated(&mut rng),
        };
        let text = valid.to_string();
        if rng.chance(15) {
            out.extend(bad(&mut rng, &text));
        } else {
            out.extend(text.as_bytes());
        }
        out.push(b'\n');
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(path, out).map_err(|e| format!("{}: {e}", path.display()))
}

/// The shipped example cases, as JSON.
fn examples() -> Result<Vec<Value>, String> {
    let dir = crate::repo_root().join("docs/examples");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
            let value: toml::Value = toml::from_str(&text).map_err(|e| format!("{}: {e}", p.display()))?;
            serde_json::to_value(value).map_err(|e| format!("{}: {e}", p.display()))
        })
        .collect()
}

/// One timed run: wall time, CPU time and peak resident memory (VmHWM; Linux only).
struct Timing {
    seconds: f64,
    cpu_seconds: Option<f64>,
    peak_kb: Option<u64>,
    status: Option<i32>,
}

/// User plus system CPU time of a process and all its threads, from `/proc/PID/stat`, in
/// seconds (USER_HZ is 100 on Linux).
fn cpu_seconds(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The fields after the command name, which is in parentheses and may contain spaces.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<u64>().ok());
    // utime and stime are fields 14 and 15 of the line: 12th and 13th after the name.
    Some((ticks(11)? + ticks(12)?) as f64 / 100.0)
}

fn peak_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status.lines().find_map(|l| l.strip_prefix("VmHWM:"))?.trim().trim_end_matches("kB").trim().parse().ok()
}

fn time(binary: &Path, args: &[&str]) -> Result<Timing, String> {
    let null = std::fs::File::create("/dev/null").map_err(|e| format!("/dev/null: {e}"))?;
    let started = Instant::now();
    let mut child = Command::new(binary)
        .args(args)
        .stdout(Stdio::from(null))
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("{}: {e}", binary.display()))?;
    let (mut peak, mut cpu) = (None, None);
    let status = loop {
        // The high-water mark and the CPU time only grow, so the last readings before exit
        // are within a few milliseconds of the final ones.
        if let Some(kb) = peak_kb(child.id()) {
            peak = Some(kb);
        }
        if let Some(seconds) = cpu_seconds(child.id()) {
            cpu = Some(seconds);
        }
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Ok(Timing { seconds: started.elapsed().as_secs_f64(), cpu_seconds: cpu, peak_kb: peak, status: status.code() })
}

/// Runs the benchmark.
pub fn run(args: &[&str]) -> Result<(), String> {
    let mut lines = 100_000;
    let mut build = true;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match *arg {
            "--lines" => {
                lines = rest.next().and_then(|n| n.parse().ok()).ok_or("--lines needs a number")?;
            }
            "--no-build" => build = false,
            other => return Err(format!("unknown bench-batch argument `{other}`")),
        }
    }
    let root = crate::repo_root();
    if build {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(cargo)
            .args(["build", "--release", "--quiet", "-p", "radiculo-cli", "--bin", "radiculo"])
            .current_dir(&root)
            .status()
            .map_err(|e| format!("cargo build: {e}"))?;
        if !status.success() {
            return Err("cargo build --release failed".into());
        }
    }
    let binary = root.join("target/release/radiculo");
    let input = root.join(format!("target/bench-batch/cases-{lines}.jsonl"));
    let started = Instant::now();
    generate(&input, lines)?;
    let size = std::fs::metadata(&input).map(|m| m.len()).unwrap_or(0);
    println!(
        "input: {} ({lines} lines, {:.1} MB, generated in {:.1} s)",
        input.display(),
        size as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let input_arg = input.to_string_lossy().into_owned();
    println!(
        "{:<8} {:>4} {:>8} {:>8} {:>9} {:>12} {:>12} {:>10}  exit",
        "mode", "jobs", "wall s", "cpu s", "cases/s", "cases/s/job", "cases/cpu-s", "peak RSS"
    );
    for compact in [false, true] {
        for jobs in [1, cores] {
            let jobs_arg = jobs.to_string();
            let mut args = vec!["batch", input_arg.as_str(), "--jobs", jobs_arg.as_str()];
            if compact {
                args.push("--compact");
            }
            let t = time(&binary, &args)?;
            let rate = lines as f64 / t.seconds;
            println!(
                "{:<8} {jobs:>4} {:>8.2} {:>8} {rate:>9.0} {:>12.0} {:>12} {:>10}  {}",
                if compact { "compact" } else { "full" },
                t.seconds,
                t.cpu_seconds.map_or("n/a".to_string(), |c| format!("{c:.2}")),
                rate / jobs as f64,
                t.cpu_seconds.map_or("n/a".to_string(), |c| format!("{:.0}", lines as f64 / c)),
                t.peak_kb.map_or("n/a".to_string(), |kb| format!("{:.1} MB", kb as f64 / 1024.0)),
                t.status.map_or("signal".to_string(), |c| c.to_string())
            );
            let _ = std::io::stdout().flush();
            if jobs == cores && cores == 1 {
                break;
            }
        }
    }
    println!("(exit 2 is expected: about 15% of the lines are deliberately bad. cases/cpu-s is the");
    println!("rate per busy core, which other load on the machine disturbs less than wall time.)");
    Ok(())
}
