//! Zip bombs: syntactically valid 007 tokens whose zlib stream inflates far
//! past `MAX_PAYLOAD_LEN` must be refused with `payload_too_large` while the
//! heap stays near the bound.
//!
//! Memory is measured two ways:
//! - a counting global allocator (this test binary only) gives the peak heap
//!   of the parsing thread, asserted against the bound;
//! - a fresh child process (this binary, re-run on one test) reports its peak
//!   resident set (`VmHWM` of /proc/self/status, reset through
//!   /proc/self/clear_refs before parsing), asserted loosely and printed.
//!
//! Times are printed for the report, never asserted.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::io::Write as _;
use std::time::Instant;

use agora_token::{parse, MAX_PAYLOAD_LEN, MAX_TOKEN_LEN};
use base64::Engine as _;
use flate2::write::ZlibEncoder;
use flate2::Compression;

// ---- per-thread heap accounting -----------------------------------------

thread_local! {
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

struct Counting;

fn add(n: isize) {
    // try_with: the thread-locals may already be gone while a thread exits.
    let _ = LIVE.try_with(|l| {
        let v = l.get() + n;
        l.set(v);
        let _ = PEAK.try_with(|p| p.set(p.get().max(v)));
    });
}

// SAFETY: forwards every call to the system allocator; only sizes are read.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        add(layout.size() as isize);
        System.alloc(layout)
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        add(layout.size() as isize);
        System.alloc_zeroed(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        add(-(layout.size() as isize));
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // Counted as old + new while the copy may exist.
        add(new_size as isize);
        let p = System.realloc(ptr, layout, new_size);
        add(-(layout.size() as isize));
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// Runs `f` and returns its result with the peak heap growth of this thread.
fn peak_heap<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let base = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(base));
    let r = f();
    let peak = PEAK.with(Cell::get) - base;
    (r, peak.max(0) as usize)
}

// ---- bombs ---------------------------------------------------------------

/// A well-formed signing info: app id, issue_ts, expire, salt, one RTC
/// service with a join privilege, channel and uid; then `zeros` zero bytes,
/// which a parser reports as trailing payload bytes. The signature field is
/// 32 zero bytes (a bomb needs no valid signature: it must be refused before
/// anything is verified).
fn bomb_prefix() -> Vec<u8> {
    fn b16(out: &mut Vec<u8>, s: &[u8]) {
        out.extend_from_slice(&(s.len() as u16).to_le_bytes());
        out.extend_from_slice(s);
    }
    let mut p = Vec::new();
    b16(&mut p, &[0u8; 32]);
    b16(&mut p, b"970CA35de60c44645bbae8a215061b33");
    p.extend_from_slice(&1_700_000_000u32.to_le_bytes());
    p.extend_from_slice(&600u32.to_le_bytes());
    p.extend_from_slice(&1u32.to_le_bytes());
    p.extend_from_slice(&1u16.to_le_bytes()); // service_count
    p.extend_from_slice(&1u16.to_le_bytes()); // RTC
    p.extend_from_slice(&1u16.to_le_bytes()); // one privilege
    p.extend_from_slice(&1u16.to_le_bytes());
    p.extend_from_slice(&600u32.to_le_bytes());
    b16(&mut p, b"bomb");
    b16(&mut p, b"42");
    p
}

/// `007` + base64(zlib(prefix || `zeros` zero bytes)), compressed in chunks
/// so the inflated size is never held in memory here either.
fn bomb_token(zeros: u64) -> String {
    let mut z = ZlibEncoder::new(Vec::new(), Compression::best());
    z.write_all(&bomb_prefix()).unwrap();
    let chunk = vec![0u8; 1 << 16];
    let mut left = zeros;
    while left > 0 {
        let n = left.min(chunk.len() as u64) as usize;
        z.write_all(&chunk[..n]).unwrap();
        left -= n as u64;
    }
    let body = z.finish().unwrap();
    let mut t = String::from("007");
    base64::engine::general_purpose::STANDARD.encode_string(body, &mut t);
    t
}

/// The 1 GiB bomb, made once for the tests that use it.
fn bomb_1gib() -> &'static str {
    static T: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    T.get_or_init(|| bomb_token(1 << 30))
}

fn code_of(token: &str) -> &'static str {
    parse(token)
        .expect_err("bomb must be refused")
        .code()
        .as_str()
}

/// Peak heap a refusal may take: the decoded base64 body, the inflate
/// buffer, and 256 KiB for everything else. The inflate buffer grows
/// geometrically but its capacity is capped at the bound, so at its last
/// step the old buffer (under the bound) and the new one (the bound) are
/// alive together: under 2 x `MAX_PAYLOAD_LEN`.
fn heap_bound(token: &str) -> usize {
    token.len() * 3 / 4 + MAX_PAYLOAD_LEN * 2 + (256 << 10)
}

#[test]
fn bombs_are_refused_with_bounded_heap() {
    for (label, zeros) in [
        ("16 MiB", 16u64 << 20),
        ("256 MiB", 256u64 << 20),
        ("1 GiB", 1u64 << 30),
    ] {
        let token = if zeros == 1 << 30 {
            bomb_1gib().to_owned()
        } else {
            bomb_token(zeros)
        };
        assert!(token.len() <= MAX_TOKEN_LEN, "{label}: token too long");
        let start = Instant::now();
        let (code, peak) = peak_heap(|| code_of(&token));
        let elapsed = start.elapsed();
        println!(
            "zip bomb {label} (inflates to {} bytes, token {} chars): {code} in {:.2} ms, peak heap {} bytes",
            bomb_prefix().len() as u64 + zeros,
            token.len(),
            elapsed.as_secs_f64() * 1e3,
            peak
        );
        assert_eq!(code, "payload_too_large", "{label}");
        assert!(
            peak <= heap_bound(&token),
            "{label}: peak heap {peak} above {}",
            heap_bound(&token)
        );
    }
}

#[test]
fn payload_exactly_at_the_bound_parses_one_byte_more_does_not() {
    let prefix = bomb_prefix().len();
    let at = (MAX_PAYLOAD_LEN - prefix) as u64;
    let token = bomb_token(at);
    let (r, peak) = peak_heap(|| parse(&token));
    match r.expect("a payload of exactly MAX_PAYLOAD_LEN bytes parses") {
        agora_token::Token::V007(t) => {
            assert_eq!(t.services.len(), 1);
            assert_eq!(t.trailing_payload_bytes, Some(at as usize));
        }
        other => panic!("parsed as {other:?}"),
    }
    // The parsed token keeps its signing info: one more payload.
    println!("payload of exactly MAX_PAYLOAD_LEN: parsed, peak heap {peak} bytes");
    assert!(
        peak <= heap_bound(&token) + MAX_PAYLOAD_LEN,
        "peak heap {peak}"
    );
    assert_eq!(code_of(&bomb_token(at + 1)), "payload_too_large");
}

/// The zlib stream is cut off (no end, no Adler-32) well past the bound: the
/// bound must decide before the missing end is noticed.
#[test]
fn truncated_bomb_is_refused_at_the_bound() {
    let token = bomb_token(64 << 20);
    let body = base64::engine::general_purpose::STANDARD
        .decode(&token[3..])
        .unwrap();
    let cut = &body[..body.len() - 16];
    let mut t = String::from("007");
    base64::engine::general_purpose::STANDARD.encode_string(cut, &mut t);
    let (code, peak) = peak_heap(|| code_of(&t));
    println!("truncated 64 MiB bomb: {code}, peak heap {peak} bytes");
    assert_eq!(code, "payload_too_large");
    assert!(peak <= heap_bound(&t), "peak heap {peak}");
}

// ---- peak RSS in a fresh process ------------------------------------------

const CHILD_ENV: &str = "AGORA_ZIP_BOMB_CHILD_TOKEN";

fn vm_hwm_kib() -> u64 {
    let s = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    s.lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM in /proc/self/status")
}

/// Parent: writes a 1 GiB bomb to a file and re-runs this test in a child
/// process on it. Child (the environment variable is set): resets the peak
/// RSS, parses, prints the peak.
#[test]
fn bomb_peak_rss_in_fresh_process() {
    if let Ok(path) = std::env::var(CHILD_ENV) {
        let token = std::fs::read_to_string(&path).expect("token file");
        let before = vm_hwm_kib();
        // "5" resets VmHWM to the current RSS (Linux 4.0+).
        std::fs::write("/proc/self/clear_refs", "5").expect("reset peak RSS");
        let base = vm_hwm_kib();
        let start = Instant::now();
        let code = code_of(&token);
        let ms = start.elapsed().as_secs_f64() * 1e3;
        let after = vm_hwm_kib();
        println!(
            "CHILD code={code} ms={ms:.2} before_kib={before} base_kib={base} peak_kib={after}"
        );
        return;
    }
    let token = bomb_1gib();
    let path = std::env::temp_dir().join(format!("agora-zip-bomb-{}.txt", std::process::id()));
    std::fs::write(&path, token).unwrap();
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "bomb_peak_rss_in_fresh_process",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, &path)
        .output()
        .expect("run child");
    let _ = std::fs::remove_file(&path);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "child failed: {stdout}");
    // libtest prints the test name first on the same line.
    let line = stdout
        .lines()
        .find_map(|l| l.find("CHILD ").map(|i| &l[i..]))
        .expect("child report");
    let field = |k: &str| -> f64 {
        line.split_whitespace()
            .find_map(|w| w.strip_prefix(&format!("{k}=")))
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{k} in {line}"))
    };
    assert!(line.contains("code=payload_too_large"), "{line}");
    let growth_kib = field("peak_kib") - field("base_kib");
    println!(
        "zip bomb 1 GiB in a fresh process: {} ms, peak RSS {} KiB (grew {growth_kib} KiB while parsing; token {} chars)",
        field("ms"),
        field("peak_kib"),
        token.len()
    );
    // RSS counts pages, not bytes: allow the heap bound plus 4 MiB of
    // allocator and page slack.
    let bound_kib = (heap_bound(token) + (4 << 20)) as f64 / 1024.0;
    assert!(
        growth_kib <= bound_kib,
        "peak RSS grew {growth_kib} KiB, bound {bound_kib} KiB"
    );
}

#[test]
fn text_longer_than_any_token_is_refused_before_decoding() {
    let long = format!("007{}", "A".repeat(agora_token::MAX_TOKEN_LEN));
    assert_eq!(
        parse(&long).unwrap_err().code().as_str(),
        "payload_too_large"
    );
    let long006 = format!("006{}", "A".repeat(agora_token::MAX_TOKEN_LEN));
    assert_eq!(
        parse(&long006).unwrap_err().code().as_str(),
        "payload_too_large"
    );
    // At the limit it is decoded (and fails for what it is).
    let at = format!("007{}", "A".repeat(agora_token::MAX_TOKEN_LEN - 3));
    assert_ne!(parse(&at).unwrap_err().code().as_str(), "payload_too_large");
}
