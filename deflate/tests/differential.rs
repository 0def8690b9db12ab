//! Differential test: our deflate against C zlib (level 6, default strategy,
//! 15 window bits, memLevel 8, a fresh stream per input, as Python's
//! `zlib.compress` uses it) on random token-shaped, random and repetitive
//! inputs of 0..70 000 bytes. Inputs longer than `MAX_INPUT` must be refused
//! (the caller falls back to zlib). Every output also goes through our
//! inflate.
//!
//! `DEFLATE_DIFF_CASES` sets the number of random cases (default 10 000 in
//! release builds, 1 000 in debug builds); `DEFLATE_DIFF_SEED` the seed.
//! The 10^6 run:
//! `DEFLATE_DIFF_CASES=1000000 cargo test -p agora-token-deflate --release --test differential`

use agora_token::v007::{AccessToken2, Rtm2Permissions, Service, ServiceBody};
use agora_token_deflate::{compress, inflate_zlib, Deflater, InflateError, MAX_INPUT};
use flate2::{Compress, Compression, FlushCompress, Status};

/// xoshiro256** seeded through splitmix64: reproducible without a crate.
struct Rng([u64; 4]);

impl Rng {
    fn new(seed: u64) -> Rng {
        let mut z = seed;
        let mut s = [0u64; 4];
        for v in &mut s {
            z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut x = z;
            x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            *v = x ^ (x >> 31);
        }
        Rng(s)
    }
    fn next(&mut self) -> u64 {
        let s = &mut self.0;
        let r = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        r
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }
    /// Roughly log-uniform in `lo..=hi`.
    fn log_range(&mut self, lo: usize, hi: usize) -> usize {
        let (a, b) = ((lo.max(1) as f64).ln(), (hi as f64).ln());
        let x = a + (b - a) * (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        (x.exp() as usize).clamp(lo, hi)
    }
    fn chance(&mut self, per_mille: u64) -> bool {
        self.next() % 1000 < per_mille
    }
    fn bytes_in(&mut self, lo: usize, hi: usize, alphabet: &[u8]) -> Vec<u8> {
        let n = self.range(lo, hi);
        self.bytes(n, alphabet)
    }
    fn bytes_log(&mut self, lo: usize, hi: usize, alphabet: &[u8]) -> Vec<u8> {
        let n = self.log_range(lo, hi);
        self.bytes(n, alphabet)
    }
    fn bytes(&mut self, n: usize, alphabet: &[u8]) -> Vec<u8> {
        (0..n)
            .map(|_| alphabet[self.range(0, alphabet.len() - 1)])
            .collect()
    }
}

const ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const HEX: &[u8] = b"0123456789abcdef";

fn zlib(data: &[u8]) -> Vec<u8> {
    let mut z = Compress::new(Compression::new(6), true);
    let mut out = Vec::with_capacity(data.len() + data.len() / 1000 + 64);
    loop {
        match z.compress_vec(
            &data[z.total_in() as usize..],
            &mut out,
            FlushCompress::Finish,
        ) {
            Ok(Status::StreamEnd) => return out,
            Ok(_) => out.reserve(out.capacity().max(64)),
            Err(e) => panic!("zlib: {e}"),
        }
    }
}

/// A string field as token users write them, sometimes odd.
fn field(r: &mut Rng, big: bool) -> Vec<u8> {
    match r.range(0, 9) {
        0 => Vec::new(),
        1 => r.range(0, u32::MAX as usize).to_string().into_bytes(),
        2 => r.bytes_in(1, 64, &[0, 1, 2, 0xff, b'a']),
        3 if big => {
            let unit = r.bytes_in(1, 50, ALNUM);
            unit.repeat(r.range(1, 65535 / unit.len()))
        }
        4 if big => r.bytes_log(1, 65535, ALNUM),
        5 => r.bytes_in(1, 300, &(0..=255).collect::<Vec<u8>>()),
        _ => r.bytes_in(1, 40, ALNUM),
    }
}

fn token_payload(r: &mut Rng) -> Vec<u8> {
    let app_id = r.bytes(32, HEX);
    let cert = r.bytes(32, HEX);
    let mut t = AccessToken2::new(
        app_id,
        cert,
        r.next() as u32,
        r.range(0, 86400 * 3) as u32,
        r.range(1, 99_999_999) as u32,
    );
    let big = r.chance(100);
    let most = if r.chance(100) { 12 } else { 3 };
    for _ in 0..r.range(1, most) {
        let mut s = match r.range(0, 7) {
            0 => Service::new(ServiceBody::Rtc {
                channel_name: field(r, big),
                uid: Vec::new(),
            }),
            1 => Service::new(ServiceBody::Rtc {
                channel_name: field(r, big),
                uid: field(r, false),
            }),
            2 => Service::rtm(field(r, big)),
            3 => Service::chat(field(r, big)),
            4 => Service::apaas(field(r, big), field(r, false), r.range(0, 3) as i16 - 1),
            5 => {
                let mut p = Rtm2Permissions::new();
                for _ in 0..r.range(0, 4) {
                    let list: Vec<Vec<u8>> = (0..r.range(0, 5)).map(|_| field(r, false)).collect();
                    p.add(r.range(0, 4) as u16, r.range(0, 1) as u16, list);
                }
                Service::rtm2(field(r, false), &p)
            }
            6 => Service::new(ServiceBody::Fpa),
            _ => Service::new(ServiceBody::Other(r.range(11, 40) as u16)),
        };
        for _ in 0..r.range(0, 5) {
            s.add_privilege(r.range(1, 4) as u16, r.range(0, 86400) as u32);
        }
        t.add_service(s);
    }
    match t.build_payload() {
        Ok(p) => p,
        Err(_) => r.bytes_in(40, 400, ALNUM), // too long for the format
    }
}

fn repetitive(r: &mut Rng, n: usize) -> Vec<u8> {
    let mut v = Vec::with_capacity(n);
    match r.range(0, 6) {
        0 => {
            // Small alphabet.
            let k = r.range(1, 4);
            let alpha: Vec<u8> = (0..k).map(|_| r.next() as u8).collect();
            v = r.bytes(n, &alpha);
        }
        1 => {
            // Runs.
            while v.len() < n {
                let b = if r.chance(500) { 0 } else { r.next() as u8 };
                let run = r.log_range(1, 600);
                v.resize(v.len() + run, b);
            }
        }
        2 => {
            // A period (near and far, around the 4096 TOO_FAR distance and
            // the 32 506 window limit) with mutations.
            let p = match r.range(0, 3) {
                0 => r.range(1, 300),
                1 => r.range(3900, 4300),
                2 => r.range(32000, 33000),
                _ => r.log_range(1, 40000),
            };
            let unit = r.bytes(p, &(0..=255).collect::<Vec<u8>>());
            while v.len() < n {
                v.extend_from_slice(&unit);
            }
            let muts = if v.is_empty() {
                0
            } else {
                r.range(0, n / 50 + 1)
            };
            for _ in 0..muts {
                let i = r.range(0, v.len() - 1);
                v[i] = r.next() as u8;
            }
        }
        3 => {
            // Text-like: words from a small vocabulary.
            let words: Vec<Vec<u8>> = (0..r.range(2, 200))
                .map(|_| r.bytes_in(1, 12, b"etaoinshrdlucmfwyp"))
                .collect();
            while v.len() < n {
                v.extend_from_slice(&words[r.range(0, words.len() - 1)]);
                v.push(b' ');
            }
        }
        4 => {
            // Repeated token payloads.
            while v.len() < n {
                let p = token_payload(r);
                v.extend_from_slice(&p);
            }
        }
        5 => {
            // Copies of earlier stretches at random distances.
            let k = r.range(1, 64).min(n);
            v = r.bytes(k, ALNUM);
            while v.len() < n {
                if r.chance(300) {
                    v.push(r.next() as u8);
                } else {
                    let len = r.log_range(3, 300);
                    let from = r.range(0, v.len() - 1);
                    for k in 0..len {
                        let b = v[from + k % (v.len() - from)];
                        v.push(b);
                    }
                }
            }
        }
        _ => {
            v = vec![0u8; n];
        }
    }
    v.truncate(n);
    v
}

fn case(r: &mut Rng) -> Vec<u8> {
    match r.range(0, 9) {
        0..=3 => token_payload(r),
        4 => {
            let n = r.log_range(40, 70000);
            r.bytes(n, &(0..=255).collect::<Vec<u8>>())
        }
        5 => {
            // Around the block and window limits.
            let n = match r.range(0, 3) {
                0 => r.range(16000, 17000),
                1 => r.range(MAX_INPUT - 300, MAX_INPUT + 300),
                2 => r.range(32500, 33100),
                _ => r.range(0, 60),
            };
            if r.chance(500) {
                r.bytes(n, &(0..=255).collect::<Vec<u8>>())
            } else {
                repetitive(r, n)
            }
        }
        _ => {
            let n = r.log_range(40, 70000);
            repetitive(r, n)
        }
    }
}

fn check(data: &[u8], ours: &mut Vec<u8>, what: &str) -> bool {
    ours.clear();
    let fast = compress(data, ours);
    if data.len() > MAX_INPUT {
        assert!(
            fast.is_err(),
            "{what}: {} bytes must be refused",
            data.len()
        );
        assert!(ours.is_empty());
        return false;
    }
    fast.expect("in range");
    let reference = zlib(data);
    if *ours != reference {
        let at = ours.iter().zip(&reference).position(|(a, b)| a != b);
        let dump = std::env::temp_dir().join("deflate-diff-failure.bin");
        std::fs::write(&dump, data).ok();
        panic!(
            "{what}: {} input bytes: ours {} bytes, zlib {} bytes, first difference at {:?}; input written to {}",
            data.len(),
            ours.len(),
            reference.len(),
            at,
            dump.display()
        );
    }
    let mut back = Vec::new();
    let used = inflate_zlib(ours, &mut back, usize::MAX).expect("inflate our output");
    assert_eq!(used, ours.len(), "{what}: inflate length");
    assert!(back == data, "{what}: round trip");
    true
}

#[test]
fn matches_zlib_on_random_inputs() {
    let default = if cfg!(debug_assertions) {
        1_000
    } else {
        10_000
    };
    let cases: usize = std::env::var("DEFLATE_DIFF_CASES")
        .ok()
        .map(|s| s.parse().expect("DEFLATE_DIFF_CASES is a number"))
        .unwrap_or(default);
    let seed: u64 = std::env::var("DEFLATE_DIFF_SEED")
        .ok()
        .map(|s| s.parse().expect("DEFLATE_DIFF_SEED is a number"))
        .unwrap_or(0x5eed_0007);
    let mut r = Rng::new(seed);
    let mut ours = Vec::new();
    let (mut compared, mut refused, mut bytes) = (0usize, 0usize, 0usize);
    for i in 0..cases {
        let data = case(&mut r);
        bytes += data.len();
        if check(&data, &mut ours, &format!("case {i} (seed {seed})")) {
            compared += 1;
        } else {
            refused += 1;
        }
    }
    eprintln!(
        "differential: seed {seed}: {compared} inputs byte-identical to zlib, {refused} over {MAX_INPUT} bytes refused, {bytes} bytes in all"
    );
}

#[test]
fn matches_zlib_on_every_short_length() {
    let mut r = Rng::new(7);
    let mut ours = Vec::new();
    for n in 0..600 {
        for kind in 0..4 {
            let data = match kind {
                0 => vec![b'a'; n],
                1 => r.bytes(n, ALNUM),
                2 => r.bytes(n, b"ab"),
                _ => r.bytes(n, &(0..=255).collect::<Vec<u8>>()),
            };
            check(&data, &mut ours, &format!("length {n} kind {kind}"));
        }
    }
    // Exactly at the limit and one past it.
    for n in [MAX_INPUT - 1, MAX_INPUT, MAX_INPUT + 1] {
        let data = repetitive(&mut r, n);
        check(&data, &mut ours, &format!("length {n}"));
    }
}

#[test]
fn one_encoder_reused_across_inputs_matches_a_fresh_one() {
    // Long input first, then short ones: nothing of the first may leak.
    let mut r = Rng::new(11);
    let mut d = Deflater::new();
    let mut a = Vec::new();
    for _ in 0..200 {
        let n = r.log_range(1, 40000);
        let data = repetitive(&mut r, n);
        a.clear();
        d.compress(&data, &mut a).unwrap();
        assert_eq!(a, zlib(&data));
    }
}

#[test]
fn inflate_refuses_what_zlib_refuses() {
    let good = zlib(b"hello hello hello hello");
    let mut out = Vec::new();
    assert_eq!(inflate_zlib(&good, &mut out, 1 << 20), Ok(good.len()));
    // Every truncation fails; a flipped bit never passes silently.
    for cut in 0..good.len() {
        out.clear();
        assert!(
            inflate_zlib(&good[..cut], &mut out, 1 << 20).is_err(),
            "cut {cut}"
        );
    }
    for i in 0..good.len() * 8 {
        let mut bad = good.clone();
        bad[i / 8] ^= 1 << (i % 8);
        out.clear();
        let ours = inflate_zlib(&bad, &mut out, 1 << 20);
        let theirs = flate2::Decompress::new(true).decompress_vec(
            &bad,
            &mut Vec::with_capacity(1 << 16),
            flate2::FlushDecompress::Finish,
        );
        match (ours, theirs) {
            (Ok(_), Ok(flate2::Status::StreamEnd)) => {}
            (Err(_), Err(_)) | (Err(_), Ok(flate2::Status::BufError | flate2::Status::Ok)) => {}
            (o, t) => panic!("bit {i}: ours {o:?}, zlib {t:?}"),
        }
    }
    // Bound: exactly the limit passes, one less fails.
    let big = zlib(&[7u8; 5000]);
    out.clear();
    assert!(inflate_zlib(&big, &mut out, 5000).is_ok());
    out.clear();
    assert_eq!(
        inflate_zlib(&big, &mut out, 4999),
        Err(InflateError::TooLarge)
    );
    // The same at every length of a short fixed-code block, appended after
    // bytes already in the buffer (the bound counts only this stream's).
    let mut r = Rng::new(5);
    // Letters and digits (8-bit codes) and two bytes with 9-bit codes.
    let alphabet = [ALNUM, b"\x90\xff"].concat();
    for n in 1..64 {
        let data = r.bytes(n, &alphabet);
        let z = zlib(&data);
        assert_eq!(z[2] & 6, 2, "length {n}: expected a fixed-code block");
        let mut out = b"prefix".to_vec();
        assert_eq!(inflate_zlib(&z, &mut out, n), Ok(z.len()), "length {n}");
        assert_eq!(&out[6..], &data[..], "length {n}");
        let mut out = b"prefix".to_vec();
        assert_eq!(
            inflate_zlib(&z, &mut out, n - 1),
            Err(InflateError::TooLarge),
            "length {n}"
        );
    }
    // No bound at all, after bytes already in the buffer.
    let mut out = b"x".to_vec();
    assert_eq!(inflate_zlib(&good, &mut out, usize::MAX), Ok(good.len()));
    assert_eq!(&out[..], b"xhello hello hello hello");
    // Header checks.
    assert_eq!(
        inflate_zlib(&[0x1f, 0x8b, 8, 0], &mut out, 10),
        Err(InflateError::BadHeader)
    );
    assert_eq!(
        inflate_zlib(&[0x78, 0xbb, 0, 0], &mut out, 10),
        Err(InflateError::BadHeader)
    );
}
