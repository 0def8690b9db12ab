//! The Rust-level numbers the C benchmark (tests/c/bench.c) is compared
//! with: the same two builds, same inputs, called on the core directly.
//! Run: cargo bench -p agora-token-ffi --bench boundary
use agora_token::builders::{rtm, rtm006};
use agora_token::Options;
use criterion::{black_box, criterion_group, criterion_main, Criterion};

const ID: &str = "970CA35de60c44645bbae8a215061b33";
const CERT: &str = "5CFd2fd1755d40ecb72977518be15d3b";
const USER: &str = "test_user";
const OPTS: Options = Options::fixed(1, 1_111_111);

fn builds(c: &mut Criterion) {
    c.bench_function("rust rtm007_build", |b| {
        b.iter(|| rtm::build_token(black_box(ID), CERT, USER, 3600, &OPTS).unwrap())
    });
    c.bench_function("rust rtm006_build", |b| {
        b.iter(|| rtm006::build_token(black_box(ID), CERT, USER, 1_111_111 + 3600, &OPTS).unwrap())
    });
}

criterion_group!(benches, builds);
criterion_main!(benches);
