//! The differential for a typical report (target: under 35 µs).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use radiculo_imaging::findings::{Distribution, ImagingSide, Morphology};
use radiculo_imaging::{ImagingFindings, differential};

fn bench(c: &mut Criterion) {
    let kb = radiculo_knowledge::baked();
    let findings = ImagingFindings {
        enhancement: true,
        roots: vec![radiculo_anatomy::Root::L4],
        side: Some(ImagingSide::Left),
        distribution: Some(Distribution::SingleLevel),
        morphology: Some(Morphology::Smooth),
        herniations: vec!["L4-5:foraminal:extrusion".parse().expect("valid herniation")],
        ..ImagingFindings::default()
    };
    c.bench_function("differential: focal L4 enhancement with a foraminal extrusion", |b| {
        b.iter(|| {
            let terms = black_box(&findings).terms(kb).expect("valid findings");
            differential(kb, &terms)
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
