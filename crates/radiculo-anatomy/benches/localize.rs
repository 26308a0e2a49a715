//! Localization of a typical case (target: under 20 µs), with and without reading the findings.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use radiculo_anatomy::findings::{Flag, parse};
use radiculo_anatomy::localize::localize;

const CASE: &[(Flag, &str)] = &[
    (Flag::Weak, "big toe extension:left:3"),
    (Flag::Weak, "ankle inversion:left:4"),
    (Flag::Strong, "knee extension:left"),
    (Flag::Reflex, "ankle jerk:normal:left"),
    (Flag::Numb, "top of the foot:left"),
    (Flag::Pain, "lateral leg:left"),
];

fn bench(c: &mut Criterion) {
    let kb = radiculo_knowledge::baked();
    let findings: Vec<_> = CASE.iter().map(|(f, t)| parse(kb, *f, t).expect("valid finding")).collect();
    c.bench_function("localize: six findings", |b| b.iter(|| localize(kb, black_box(&findings))));
    c.bench_function("read + localize: six findings", |b| {
        b.iter(|| {
            let findings: Vec<_> =
                CASE.iter().map(|(f, t)| parse(kb, *f, black_box(t)).expect("valid finding")).collect();
            localize(kb, &findings)
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
