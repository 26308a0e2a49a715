//! Planning for a typical patient (target: under 20 µs).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use radiculo_pathways::{Candidacy, PatientState, plan};

fn bench(c: &mut Criterion) {
    let kb = radiculo_knowledge::baked();
    let state = PatientState {
        weeks: Some(8),
        pain: Some(7),
        candidate: vec![Candidacy::Injection],
        context: vec!["context.checkpoint-inhibitor"],
        grade: Some(3),
        weight_kg: Some(72.0),
        ..PatientState::default()
    };
    c.bench_function("pathway plan: subacute, ICPi grade 3, 72 kg", |b| b.iter(|| plan(kb, black_box(&state), &[])));
}

criterion_group!(benches, bench);
criterion_main!(benches);
