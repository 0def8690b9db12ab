//! Shared checks for the fuzz targets. Each target feeds bytes to the
//! library and asserts properties that must hold for every input; a failed
//! assertion or a panic inside the library is a finding.

use agora_token::v006::Token006;
use agora_token::v007::Token007;
use agora_token::{inspect, json, Error, Token, MAX_PAYLOAD_LEN, MAX_TOKEN_LEN};
use base64::Engine as _;
use serde_json::Value;

/// Codes a parse may fail with (FORMAT.md 7.5 plus the payload bound).
pub const PARSE_CODES: &[&str] = &[
    "bad_version",
    "bad_payload",
    "bad_base64",
    "bad_zlib",
    "truncated_payload",
    "trailing_data",
    "payload_too_large",
];

/// Codes a verification may add after a successful parse.
pub const VERIFY_CODES: &[&str] = &[
    "certificate_rejected",
    "signature_mismatch",
    "crc_mismatch",
    "expired",
    "privilege_missing",
    "identity_mismatch",
    "invalid_argument",
];

/// Codes a build call may fail with.
pub const BUILD_CODES: &[&str] = &[
    "invalid_app_id",
    "invalid_app_certificate",
    "no_services",
    "value_too_long",
    "value_out_of_range",
    "invalid_argument",
    "payload_too_large",
];

/// Asserts that an error carries one of `codes` and a message.
pub fn check_error(e: &Error, codes: &[&str], what: &str) {
    let code = e.code().as_str();
    assert!(codes.contains(&code), "{what}: unexpected code {code}");
    assert!(!e.message().is_empty(), "{what}: empty message for {code}");
}

/// A zlib stream of `payload`, base64, behind `007`: lets the fuzzer reach
/// the payload decoder without having to discover deflate.
pub fn wrap007(payload: &[u8]) -> String {
    use std::io::Write as _;
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    z.write_all(payload).expect("in-memory write");
    let body = z.finish().expect("in-memory write");
    let mut s = String::from("007");
    base64::engine::general_purpose::STANDARD.encode_string(body, &mut s);
    s
}

/// `006`, a fixed 32-character app id, then `content` in base64.
pub fn wrap006(content: &[u8]) -> String {
    let mut s = String::from("006970CA35de60c44645bbae8a215061b33");
    base64::engine::general_purpose::STANDARD.encode_string(content, &mut s);
    s
}

/// Parses `text` with the dispatching parser and checks every property of
/// the result that must hold for any input. Returns the token when it parsed.
pub fn check_parse(text: &[u8]) -> Option<Token> {
    let r = agora_token::parse(text);
    let t = match r {
        Err(e) => {
            check_error(&e, PARSE_CODES, "parse");
            return None;
        }
        Ok(t) => t,
    };
    // Deterministic, and the version parsers agree with the dispatcher.
    assert_eq!(agora_token::parse(text).as_ref(), Ok(&t));
    match &t {
        Token::V007(t7) => {
            assert_eq!(Token007::parse(text).as_ref(), Ok(t7));
            assert!(t7.services.len() <= t7.service_count as usize);
            assert!(t7.signing_info().len() <= MAX_PAYLOAD_LEN);
        }
        Token::V006(t6) => assert_eq!(Token006::parse(text).as_ref(), Ok(t6)),
    }
    // Every rendering of a parsed token works and is valid JSON.
    let decoded = json::decoded(&t);
    let s = serde_json::to_string(&decoded).expect("decoded serialises");
    let back: Value = serde_json::from_str(&s).expect("decoded is JSON");
    assert_eq!(back, decoded);
    let _ = t.expires_at();
    let _ = inspect::diagnostics(&t, 0);
    let _ = inspect::diagnostics(&t, u64::MAX);
    Some(t)
}

/// The user-id text a vector-style input stands for (FORMAT.md 4): a number
/// is its decimal text (0 = ""), a string is used verbatim.
pub fn user_text(v: Option<&Value>) -> Vec<u8> {
    match v {
        Some(Value::String(s)) => s.as_bytes().to_vec(),
        Some(Value::Number(n)) => match n.as_u64() {
            Some(0) | None => Vec::new(),
            Some(u) => u.to_string().into_bytes(),
        },
        _ => Vec::new(),
    }
}

/// Asserts a freshly built token respects the documented bounds.
pub fn check_built_bounds(token: &str) {
    assert!(
        token.len() <= MAX_TOKEN_LEN,
        "token longer than MAX_TOKEN_LEN"
    );
}

// ---- allocation bound ---------------------------------------------------

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// No single allocation may exceed this: the documented payload bound
/// ([`MAX_PAYLOAD_LEN`], 1 MiB) doubled, as room for a buffer that holds a
/// whole payload plus its growth step. Enforced by the global allocator of
/// every fuzz target, with or without a sanitizer.
pub const MAX_ALLOCATION: usize = 2 * MAX_PAYLOAD_LEN;

/// Live heap a single input may reach (checked by [`end_input`]).
pub const MAX_LIVE_PER_INPUT: usize = 8 * MAX_PAYLOAD_LEN;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

/// Counts live bytes and aborts on an allocation above [`MAX_ALLOCATION`]
/// (libFuzzer records the abort as a crash, with the input).
pub struct Bounded;

fn too_big(size: usize) -> ! {
    use std::io::Write as _;
    let mut msg = *b"fuzz: allocation above MAX_ALLOCATION: 0x0000000000000000 bytes\n";
    let hex = b"0123456789abcdef";
    for i in 0..16 {
        msg[41 + i] = hex[(size >> (60 - 4 * i)) & 0xf];
    }
    let _ = std::io::stderr().write_all(&msg);
    std::process::abort()
}

fn count(size: usize) {
    let live = LIVE.fetch_add(size, Relaxed) + size;
    PEAK.fetch_max(live, Relaxed);
}

// SAFETY: every method forwards to the system allocator unchanged; the
// counters only observe sizes.
unsafe impl GlobalAlloc for Bounded {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.size() > MAX_ALLOCATION {
            too_big(layout.size());
        }
        count(layout.size());
        System.alloc(layout)
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if layout.size() > MAX_ALLOCATION {
            too_big(layout.size());
        }
        count(layout.size());
        System.alloc_zeroed(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > MAX_ALLOCATION {
            too_big(new_size);
        }
        LIVE.fetch_sub(layout.size(), Relaxed);
        count(new_size);
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static ALLOCATOR: Bounded = Bounded;

/// Call first in a target: starts measuring this input's peak live heap.
pub fn begin_input() {
    PEAK.store(LIVE.load(Relaxed), Relaxed);
}

/// Call last in a target: asserts the input stayed under
/// [`MAX_LIVE_PER_INPUT`] above what was live when it began.
pub fn end_input(base: usize) {
    let peak = PEAK.load(Relaxed).saturating_sub(base);
    assert!(
        peak <= MAX_LIVE_PER_INPUT,
        "one input reached {peak} live heap bytes"
    );
}

/// Live heap bytes now (pass to [`end_input`]).
pub fn live() -> usize {
    LIVE.load(Relaxed)
}

/// Runs `f` for one input between [`begin_input`] and [`end_input`].
pub fn bounded<R>(f: impl FnOnce() -> R) -> R {
    let base = live();
    begin_input();
    let r = f();
    end_input(base);
    r
}
