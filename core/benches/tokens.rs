//! Build and parse+verify cost per token, and the per-stage breakdown of a
//! 007 build (HMAC, pack, deflate, base64) and of a parse (base64, inflate).
//!
//! `cargo bench -p agora-token --bench tokens -- --measurement-time 3`
//!
//! Every benchmark runs twice: under criterion's wall clock (`build/...`) and
//! under the thread's CPU clock (`cpu_build/...`), which leaves out the time
//! the thread waits for a core on a shared machine (filter with `cpu_` or
//! `^build` etc.).
//!
//! Salt and issue time are fixed (`Options::fixed`) so every iteration builds
//! the same bytes; the clock and the CSPRNG are not part of what is measured.

use std::hint::black_box;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use criterion::measurement::{Measurement, ValueFormatter};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use agora_token::builders::{rtc, rtm, rtm006};
use agora_token::v007::{AccessToken2, Service};
use agora_token::{verify, Expect, Options};

const APP_ID: &str = "970CA35de60c44645bbae8a215061b33";
const CERT: &str = "5CFd2fd1755d40ecb72977518be15d3b";

fn now() -> u32 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as u32
}

/// CPU time of the calling thread (`CLOCK_THREAD_CPUTIME_ID`), in ns.
struct ThreadTime;

fn thread_ns() -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec to a valid pointer.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime");
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

struct NsFormatter;

impl ValueFormatter for NsFormatter {
    fn scale_values(&self, typical: f64, values: &mut [f64]) -> &'static str {
        let (div, unit) = if typical < 1e3 {
            (1.0, "ns")
        } else if typical < 1e6 {
            (1e3, "µs")
        } else {
            (1e6, "ms")
        };
        values.iter_mut().for_each(|v| *v /= div);
        unit
    }
    fn scale_throughputs(&self, _: f64, t: &Throughput, values: &mut [f64]) -> &'static str {
        let n = match t {
            Throughput::Bytes(n) | Throughput::BytesDecimal(n) | Throughput::Elements(n) => *n,
        } as f64;
        values.iter_mut().for_each(|v| *v = n * 1e9 / *v);
        "elem/s"
    }
    fn scale_for_machines(&self, _: &mut [f64]) -> &'static str {
        "ns"
    }
}

impl Measurement for ThreadTime {
    type Intermediate = u64;
    type Value = u64;
    fn start(&self) -> u64 {
        thread_ns()
    }
    fn end(&self, start: u64) -> u64 {
        thread_ns() - start
    }
    fn add(&self, a: &u64, b: &u64) -> u64 {
        a + b
    }
    fn zero(&self) -> u64 {
        0
    }
    fn to_f64(&self, v: &u64) -> f64 {
        *v as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        &NsFormatter
    }
}

fn opts() -> Options {
    Options::fixed(12_345_678, now())
}

/// The RTC token every RTC benchmark builds (publisher, uid, 1 h).
fn rtc_build(o: &Options) -> String {
    rtc::build_token_with_uid(
        black_box(APP_ID),
        black_box(CERT),
        black_box("test-channel-0042"),
        2_882_341_273,
        1,
        3600,
        3600,
        o,
    )
    .unwrap()
}

/// The issue time of the single-token build benchmarks: fixed, so that
/// every run compresses the same payload. (About one RTC payload in a
/// hundred, and nearly every one with a 32-hex channel name, needs zlib's
/// exact Huffman trees for its block decision, which costs ~2.5 µs more;
/// with the clock's time here a run could land on one. The 256-salt
/// benchmarks give the mean over many payloads, those included.)
const BUILD_TS: u32 = 1_790_000_000;

fn builds<M: Measurement>(c: &mut Criterion<M>, prefix: &str) {
    let o = Options::fixed(12_345_678, BUILD_TS);
    let mut g = c.benchmark_group(format!("{prefix}build"));
    g.bench_function("006_rtm", |b| {
        b.iter(|| {
            rtm006::build_token(
                black_box(APP_ID),
                black_box(CERT),
                black_box("alice"),
                black_box(1_700_000_000),
                &o,
            )
            .unwrap()
        })
    });
    g.bench_function("007_rtm", |b| {
        b.iter(|| rtm::build_token(black_box(APP_ID), black_box(CERT), "alice", 3600, &o).unwrap())
    });
    g.bench_function("007_rtc", |b| b.iter(|| rtc_build(&o)));
    g.finish();
}

/// 256 salts under one issue time, as a server builds many tokens within a
/// second: each salt changes the signature and so the bytes deflate sees
/// (and whether its block decision needs the exact Huffman trees). The
/// time per iteration is the mean over these payloads.
fn salts() -> Vec<Options> {
    let ts = now();
    let mut x = 0x9e37_79b9u32;
    (0..256)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            Options::fixed(1 + x % 99_999_999, ts)
        })
        .collect()
}

fn mixed_builds<M: Measurement>(c: &mut Criterion<M>, prefix: &str) {
    let opts = salts();
    let mut g = c.benchmark_group(format!("{prefix}build_256_salts"));
    g.bench_function("007_rtm", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % opts.len();
            rtm::build_token(black_box(APP_ID), black_box(CERT), "alice", 3600, &opts[i]).unwrap()
        })
    });
    g.bench_function("007_rtc", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % opts.len();
            rtc_build(&opts[i])
        })
    });
    g.finish();
}

/// Parse+verify of 256 different tokens (different salts and issue times,
/// as tokens arriving from many clients are), so no per-thread state of
/// the previous token helps.
fn mixed_parses<M: Measurement>(c: &mut Criterion<M>, prefix: &str) {
    let base = now();
    let tokens: Vec<String> = salts()
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let o = Options::fixed(o.salt.unwrap(), base - i as u32);
            rtm::build_token(APP_ID, CERT, "alice", 3600 + i as u32, &o).unwrap()
        })
        .collect();
    let mut g = c.benchmark_group(format!("{prefix}parse_verify_256_tokens"));
    g.bench_function("007_rtm", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % tokens.len();
            verify(
                black_box(&tokens[i]),
                black_box(CERT),
                &Expect::user("alice"),
            )
            .unwrap()
        })
    });
    g.finish();
}

fn parses<M: Measurement>(c: &mut Criterion<M>, prefix: &str) {
    let o = opts();
    let rtm_token = rtm::build_token(APP_ID, CERT, "alice", 3600, &o).unwrap();
    let rtc_token = rtc_build(&o);
    let mut g = c.benchmark_group(format!("{prefix}parse_verify"));
    g.bench_function("007_rtm", |b| {
        b.iter(|| {
            verify(
                black_box(&rtm_token),
                black_box(CERT),
                &Expect::user("alice"),
            )
            .unwrap()
        })
    });
    g.bench_function("007_rtc", |b| {
        b.iter(|| {
            verify(
                black_box(&rtc_token),
                black_box(CERT),
                &Expect::rtc("test-channel-0042", "2882341273"),
            )
            .unwrap()
        })
    });
    g.finish();
}

/// The three HMAC-SHA256 of a 007 signature through the `hmac` crate, with
/// no issue-time cache: the figure the core's own HMAC (in `pack_and_hmac`,
/// with the packing) is measured against.
fn sign007(cert: &[u8], issue_ts: u32, salt: u32, info: &[u8]) -> [u8; 32] {
    let h = |k: &[u8], m: &[u8]| -> [u8; 32] {
        let mut mac = Hmac::<Sha256>::new_from_slice(k).unwrap();
        mac.update(m);
        mac.finalize().into_bytes().into()
    };
    let k1 = h(&issue_ts.to_le_bytes(), cert);
    let k2 = h(&salt.to_le_bytes(), &k1);
    h(&k2, info)
}

fn zlib_c(data: &[u8]) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress};
    let mut z = Compress::new(Compression::new(6), true);
    let mut out = Vec::with_capacity(data.len() + 64);
    z.compress_vec(data, &mut out, FlushCompress::Finish)
        .unwrap();
    out
}

fn stages<M: Measurement>(c: &mut Criterion<M>, prefix: &str) {
    let o = opts();
    let mut t = AccessToken2::new(APP_ID, CERT, o.issue_ts.unwrap(), 3600, 12_345_678);
    t.add_service(Service::rtm("alice").with_privilege(1, 3600));
    stages_of(c, &format!("{prefix}stage_007_rtm"), &t);
    // The RTC payload of the build benchmarks (publisher, four privileges).
    let mut t = AccessToken2::new(APP_ID, CERT, BUILD_TS, 3600, 12_345_678);
    let mut rtc = Service::rtc("test-channel-0042", "2882341273");
    for privilege in 1..=4 {
        rtc = rtc.with_privilege(privilege, 3600);
    }
    t.add_service(rtc);
    assert_eq!(
        t.build().unwrap(),
        rtc_build(&Options::fixed(12_345_678, BUILD_TS)),
        "the stages measure the build benchmark's RTC payload"
    );
    stages_of(c, &format!("{prefix}stage_007_rtc"), &t);
}

/// Each step of building and of reading back the token `t`, alone.
fn stages_of<M: Measurement>(c: &mut Criterion<M>, group: &str, t: &AccessToken2) {
    let payload = t.build_payload().unwrap();
    let compressed = zlib_c(&payload);
    let text = base64::engine::general_purpose::STANDARD.encode(&compressed);
    let token = t.build().unwrap();
    assert_eq!(&token[3..], text);

    let mut g = c.benchmark_group(group);
    g.bench_function("hmac_x3_hmac_crate", |b| {
        b.iter(|| sign007(black_box(CERT.as_bytes()), 1, 2, black_box(&payload[34..])))
    });
    g.bench_function("pack_and_hmac", |b| {
        b.iter(|| black_box(t).build_payload().unwrap())
    });
    g.bench_function("deflate_ours", |b| {
        let mut out = Vec::with_capacity(512);
        b.iter(|| {
            out.clear();
            agora_token_deflate::compress(black_box(&payload), &mut out).unwrap();
            out.len()
        })
    });
    g.bench_function("deflate_zlib_reset", |b| {
        use flate2::{Compress, Compression, FlushCompress};
        let mut z = Compress::new(Compression::new(6), true);
        let mut out = Vec::with_capacity(512);
        b.iter(|| {
            z.reset();
            out.clear();
            z.compress_vec(black_box(&payload), &mut out, FlushCompress::Finish)
                .unwrap();
            out.len()
        })
    });
    g.bench_function("base64_encode", |b| {
        let mut s = String::with_capacity(512);
        b.iter(|| {
            s.clear();
            base64::engine::general_purpose::STANDARD.encode_string(black_box(&compressed), &mut s);
            s.len()
        })
    });
    g.bench_function("base64_decode", |b| {
        b.iter(|| {
            base64::engine::general_purpose::STANDARD
                .decode(black_box(&text))
                .unwrap()
        })
    });
    g.bench_function("inflate_ours", |b| {
        let mut out = Vec::with_capacity(512);
        b.iter(|| {
            out.clear();
            agora_token_deflate::inflate_zlib(black_box(&compressed), &mut out, 1 << 20).unwrap();
            out.len()
        })
    });
    g.finish();
}

/// Throughput on one and on two threads: each iteration builds one 007 RTM
/// token per thread, so per-iteration times equal means perfect scaling
/// (2-thread throughput / 1-thread = 2 x t(1 thread) / t(2 threads)).
fn threads(c: &mut Criterion) {
    let o = opts();
    let mut g = c.benchmark_group("threads_007_rtm");
    for n in [1usize, 2] {
        g.bench_function(format!("{n}_thread"), |b| {
            b.iter_custom(|iters| {
                let start = std::time::Instant::now();
                std::thread::scope(|s| {
                    for _ in 0..n {
                        s.spawn(|| {
                            for _ in 0..iters {
                                black_box(
                                    rtm::build_token(APP_ID, CERT, "alice", 3600, &o).unwrap(),
                                );
                            }
                        });
                    }
                });
                start.elapsed()
            })
        });
    }
    g.finish();
}

/// The same on the threads' CPU clocks: the mean CPU time per token of the
/// threads. Equal figures for 1 and 2 threads mean the threads do not slow
/// each other down (no shared lock, no shared cache lines), so two free cores
/// give twice the throughput; it holds on a machine too busy for the wall
/// clock to show it.
fn cpu_threads(c: &mut Criterion<ThreadTime>) {
    let o = opts();
    let mut g = c.benchmark_group("cpu_threads_007_rtm");
    for n in [1u64, 2] {
        g.bench_function(format!("{n}_thread"), |b| {
            b.iter_custom(|iters| {
                let total: u64 = std::thread::scope(|s| {
                    let hs: Vec<_> = (0..n)
                        .map(|_| {
                            s.spawn(|| {
                                let t0 = thread_ns();
                                for _ in 0..iters {
                                    black_box(
                                        rtm::build_token(APP_ID, CERT, "alice", 3600, &o).unwrap(),
                                    );
                                }
                                thread_ns() - t0
                            })
                        })
                        .collect();
                    hs.into_iter().map(|h| h.join().unwrap()).sum()
                });
                total / n
            })
        });
    }
    g.finish();
}

fn wall(c: &mut Criterion) {
    threads(c);
    builds(c, "");
    mixed_builds(c, "");
    parses(c, "");
    mixed_parses(c, "");
    stages(c, "");
}

fn cpu(c: &mut Criterion<ThreadTime>) {
    cpu_threads(c);
    builds(c, "cpu_");
    mixed_builds(c, "cpu_");
    parses(c, "cpu_");
    mixed_parses(c, "cpu_");
    stages(c, "cpu_");
}

criterion_group!(wall_clock, wall);
criterion_group! {
    name = cpu_clock;
    config = Criterion::default().with_measurement(ThreadTime);
    targets = cpu
}
criterion_main!(wall_clock, cpu_clock);
