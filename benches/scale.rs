//! Criterion benches of the steps `samkart bench` measures, at 1,000 and 100,000 records.
//! (300,000 only in `samkart bench`, to keep `cargo bench` to minutes.)
//!
//! `cargo bench --bench scale` runs them; `cargo bench --bench scale -- 1000/` only the
//! small size.

use criterion::{Criterion, criterion_group, criterion_main};
use samkart::bench::{FrameRig, QUERY, naive_search};
use samkart::model::{Register, validate::validate};
use samkart::search::LIMIT;
use samkart::store;
use samkart::ui::command::View;
use std::hint::black_box;
use std::time::Duration;

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn at_size(c: &mut Criterion, n: usize) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("register.ron");
    let reg = samkart::r#gen::generate(n, samkart::r#gen::DEFAULT_SEED);
    store::save(&file, &reg).unwrap();
    let json = serde_json::to_vec(&reg).unwrap();

    let mut g = c.benchmark_group(format!("{n}"));
    if n >= 10_000 {
        // A load of 100,000 records takes a good part of a second: ten samples suffice.
        g.sample_size(10).measurement_time(Duration::from_secs(20));
    }
    g.bench_function("read_bytes", |b| b.iter(|| store::read_bytes(&file).unwrap().len()));
    g.bench_function("load", |b| b.iter(|| store::load(&file).unwrap()));
    g.bench_function("json_parse", |b| b.iter(|| serde_json::from_slice::<Register>(&json).unwrap()));
    let target = dir.path().join("lagret.ron");
    store::save(&target, &reg).unwrap();
    g.bench_function("save", |b| b.iter(|| store::save(&target, &reg).unwrap()));
    g.bench_function("validate", |b| b.iter(|| validate(&reg, today()).len()));
    g.bench_function("review", |b| b.iter(|| samkart::review::review(&reg, today(), &reg.settings).len()));
    // The whole query typed letter by letter: six searches.
    g.bench_function("naive_search_6_keys", |b| {
        b.iter(|| (1..=QUERY.len()).map(|end| naive_search(&reg, black_box(&QUERY[..end]))).sum::<usize>())
    });
    g.bench_function("search_build", |b| b.iter(|| samkart::search::Index::build(&reg)));
    let index = samkart::search::Index::build(&reg);
    g.bench_function("search_6_keys", |b| {
        b.iter(|| {
            (1..=QUERY.len()).map(|end| index.query(black_box(&QUERY[..end]), LIMIT).total).sum::<usize>()
        })
    });
    let mut rig = FrameRig::new(target.clone(), reg.clone(), today());
    rig.app.views.search.query = QUERY.into();
    for (name, view) in
        [("frame_search", View::Search), ("frame_contacts", View::Contacts), ("frame_map", View::Map)]
    {
        rig.app.view = view;
        for _ in 0..3 {
            rig.frame();
        }
        g.bench_function(name, |b| b.iter(|| rig.frame()));
    }
    g.bench_function("generate", |b| b.iter(|| samkart::r#gen::generate(n, 1)));
    g.finish();
}

fn benches(c: &mut Criterion) {
    at_size(c, 1_000);
    at_size(c, 100_000);
}

criterion_group!(scale, benches);
criterion_main!(scale);
