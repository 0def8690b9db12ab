//! Build cost across payloads: the spread behind the `build_256_salts`
//! benchmarks' means. Each salt changes the signature and so the bytes the
//! deflate sees, and a few payloads need the exact Huffman trees to settle
//! the block type; this prints percentiles of the per-payload median.
//!
//! `cargo run --release -p agora-token --example spread -- [rtm|rtc] [payloads]`

use std::time::Instant;

use agora_token::builders::{rtc, rtm};
use agora_token::Options;

const APP_ID: &str = "970CA35de60c44645bbae8a215061b33";
const CERT: &str = "5CFd2fd1755d40ecb72977518be15d3b";

fn main() {
    let mut args = std::env::args().skip(1);
    let kind = args.next().unwrap_or_else(|| "rtm".into());
    let payloads: u32 = args.next().and_then(|s| s.parse().ok()).unwrap_or(2000);
    let build = |o: &Options| match kind.as_str() {
        "rtc" => rtc::build_token_with_uid(
            APP_ID,
            CERT,
            "test-channel-0042",
            2_882_341_273,
            1,
            3600,
            3600,
            o,
        ),
        _ => rtm::build_token(APP_ID, CERT, "alice", 3600, o),
    };
    let ts = agora_token::now_secs() as u32;
    let mut per_payload = Vec::with_capacity(payloads as usize);
    let mut x = 0x9e37_79b9u32;
    for _ in 0..payloads {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        let o = Options::fixed(1 + x % 99_999_999, ts);
        // Median of 9 rounds of 50 builds of the same payload.
        let mut rounds: Vec<f64> = (0..9)
            .map(|_| {
                let t = Instant::now();
                for _ in 0..50 {
                    std::hint::black_box(build(&o).expect("build"));
                }
                t.elapsed().as_nanos() as f64 / 50.0
            })
            .collect();
        rounds.sort_by(f64::total_cmp);
        per_payload.push(rounds[4]);
    }
    per_payload.sort_by(f64::total_cmp);
    let q = |p: f64| per_payload[((per_payload.len() - 1) as f64 * p) as usize];
    println!(
        "{kind} over {payloads} payloads (ns per build, wall clock): p10 {:.0}  p50 {:.0}  p90 {:.0}  p99 {:.0}",
        q(0.1),
        q(0.5),
        q(0.9),
        q(0.99)
    );
}
