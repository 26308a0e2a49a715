//! Answering a seed question and a whole consultation, without process start-up.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use radiculo_consult::ask::{answer, fit_summary};
use radiculo_consult::case::Case;
use radiculo_consult::consult::consult;
use radiculo_consult::render::{Level, Style, render, render_json};

const QUESTION: &str = "What are the causes of post-contrast enhancement of the L4 nerve roots?";

const CASE: &str = r#"
[patient]
age = 46
weight_kg = 78
[history]
weeks = 3
pain = 7
context = ["compressive-radiculopathy"]
[exam]
weak = ["EHL:left:4", "hip abduction:left:4"]
reflex = ["ankle jerk:normal:left"]
numb = ["top of the foot:left"]
[imaging]
herniations = ["L4-5:paracentral:extrusion"]
impingement = "moderate"
"#;

fn bench(c: &mut Criterion) {
    let kb = radiculo_knowledge::baked();
    c.bench_function("ask: route and render a seed question (text)", |b| {
        b.iter(|| {
            let (doc, _) = answer(kb, black_box(QUESTION), false, false).expect("a topic answers the seed question");
            render(kb, &fit_summary(kb, doc), Style::Text { color: false }, Level::Summary)
        })
    });
    let case = Case::parse("bench", CASE).expect("valid case");
    c.bench_function("consult: whole case to JSON", |b| {
        b.iter(|| {
            let (doc, result) = consult(kb, black_box(&case), false).expect("consults");
            render_json(kb, &doc, &result)
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
