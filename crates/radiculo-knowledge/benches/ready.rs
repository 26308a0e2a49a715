//! How long the knowledge base takes to be ready: baked data needs no parsing, so this is the
//! cost of reaching it and finding a reference and a statement (target: well under 1 ms).

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn ready(c: &mut Criterion) {
    c.bench_function("baked knowledge base ready + two lookups", |b| {
        b.iter(|| {
            let kb = radiculo_knowledge::baked();
            let reference = kb.reference(black_box("riew2000"));
            let statement = kb.statement(black_box(kb.statements[kb.statements.len() / 2].id.0));
            (reference.is_some(), statement.is_some())
        })
    });
}

criterion_group!(benches, ready);
criterion_main!(benches);
