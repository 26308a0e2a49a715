//! Localization of a typical case (target: under 20 µs), with and without reading the findings.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use radiculo_anatomy::{Finding, Findings, Mrc, ReflexChange, Side, localize};

fn case(kb: &radiculo_anatomy::KnowledgeBase) -> Findings {
    let left = Side::Left;
    let findings = || -> Result<Vec<Finding>, Box<dyn std::error::Error>> {
        Ok(vec![
            Finding::weak(kb, "big toe extension", left, Mrc::new(3)?)?,
            Finding::weak(kb, "ankle inversion", left, Mrc::new(4)?)?,
            Finding::strong(kb, "knee extension", left)?,
            Finding::reflex(kb, "ankle jerk", ReflexChange::Normal, left)?,
            Finding::numb(kb, "top of the foot", left)?,
            Finding::pain(kb, "lateral leg", left)?,
        ])
    };
    Findings::new(findings().expect("known terms")).expect("consistent findings")
}

fn bench(c: &mut Criterion) {
    let kb = radiculo_knowledge::baked();
    let findings = case(kb);
    c.bench_function("localize: six findings", |b| b.iter(|| localize(kb, black_box(&findings))));
    c.bench_function("read + localize: six findings", |b| b.iter(|| localize(kb, &case(black_box(kb)))));
}

criterion_group!(benches, bench);
criterion_main!(benches);
