//! Where batch time goes: the consultation alone, then one result line full and compact, then
//! a whole batch run on one worker. `cargo xtask bench-batch` times the binary end to end.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use radiculo_cli::batch::{self, Context, Options, Scratch};
use radiculo_consult::case::Case;
use radiculo_consult::consult::consult;

// The allocator of the `radiculo` binary, so that these numbers are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The shipped examples as JSON lines, and three small cases.
fn lines() -> Vec<String> {
    let mut lines: Vec<String> = [
        include_str!("../../../docs/examples/l5-radiculopathy.toml"),
        include_str!("../../../docs/examples/checkpoint-inhibitor-neuropathy.toml"),
    ]
    .iter()
    .map(|text| {
        let value: toml::Value = toml::from_str(text).expect("example parses");
        serde_json::to_string(&value).expect("JSON")
    })
    .collect();
    lines.extend(
        [
            r#"{"patient":{"age":52,"weight_kg":80},"history":{"weeks":3,"pain":6},"exam":{"weak":["ankle-dorsiflexion:left:4"],"reflex":["achilles:normal:left"],"numb":["dorsum-foot:left"]}}"#,
            r#"{"history":{"weeks":1,"red_flags":["saddle anaesthesia","urinary retention"]},"exam":{"weak":["ankle-plantarflexion:bilateral:3"]}}"#,
            r#"{"patient":{"age":40},"history":{"weeks":10,"conservative_weeks":8,"candidate":["injection"]},"imaging":{"herniations":["L5-S1:paracentral:extrusion"],"impingement":"moderate"}}"#,
        ]
        .map(String::from),
    );
    lines
}

fn bench(c: &mut Criterion) {
    let kb = radiculo_knowledge::baked();
    let lines = lines();
    let cases: Vec<Case> = lines.iter().map(|l| serde_json::from_str(l).expect("valid case")).collect();
    let count = u64::try_from(lines.len()).unwrap_or(1);

    let mut group = c.benchmark_group("batch");
    group.throughput(Throughput::Elements(count));
    group.bench_function("consult alone (no JSON)", |b| {
        b.iter(|| {
            for case in &cases {
                black_box(consult(kb, black_box(case), false).expect("consults"));
            }
        })
    });
    for (name, compact) in [("line: parse, consult, full JSON", false), ("line: parse, consult, compact JSON", true)] {
        let context = Context::new(kb, compact);
        let mut scratch = Scratch::default();
        let mut out = Vec::new();
        group.bench_function(name, |b| {
            b.iter(|| {
                out.clear();
                for (n, line) in (1..).zip(&lines) {
                    black_box(batch::line(&context, &mut scratch, n, line.as_bytes(), &mut out));
                }
            })
        });
    }
    // Enough lines that a run's fixed cost (the statement and reference JSON of the whole
    // knowledge base, built once per run for full output) weighs as little as in a real batch.
    let input: String = lines.iter().map(|l| format!("{l}\n")).collect::<String>().repeat(400);
    group.throughput(Throughput::Elements(count * 400));
    group.sample_size(10);
    for (name, compact) in [("run: one worker, full", false), ("run: one worker, compact", true)] {
        group.bench_function(name, |b| {
            b.iter(|| {
                let options = Options { jobs: 1, compact, progress: false };
                batch::run(input.as_bytes(), &mut std::io::sink(), options).expect("runs")
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
