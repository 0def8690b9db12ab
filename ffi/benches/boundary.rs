//! The cost of the C boundary, measured in one process with one harness:
//! the same two builds (007 RTM, 006 RTM; fixed salt and time) called on
//! the core directly, and through the exported C functions of the shared
//! library named by `AGORA_TOKEN_SO` (loaded with dlopen, so the bench does
//! not link a second copy of the crate). Without `AGORA_TOKEN_SO` only the
//! Rust side runs. tests/c/bench.c gives the same numbers from a C program.
//! Run: bash scripts/ffi/bench.sh
use std::ffi::{c_char, c_int, c_void, CString};

use agora_token::builders::{rtm, rtm006};
use agora_token::Options;
use criterion::{black_box, criterion_group, criterion_main, Criterion};

const ID: &str = "970CA35de60c44645bbae8a215061b33";
const CERT: &str = "5CFd2fd1755d40ecb72977518be15d3b";
const USER: &str = "test_user";
const OPTS: Options = Options::fixed(1, 1_111_111);

/// `agora_token_options` as the header lays it out.
#[repr(C)]
struct COptions {
    fixed_salt: bool,
    salt: u32,
    fixed_issue_ts: bool,
    issue_ts: u32,
}

type Rtm007 = unsafe extern "C" fn(
    *const c_char,
    usize,
    *const c_char,
    usize,
    *const c_char,
    usize,
    u32,
    *const COptions,
    *mut c_char,
    usize,
    *mut usize,
) -> u32;
type Rtm006 = Rtm007; // same shape: (id, cert, user, expiry, options, out...)

extern "C" {
    fn dlopen(filename: *const c_char, flags: c_int) -> *mut c_void;
    fn dlsym(handle: *mut c_void, symbol: *const c_char) -> *mut c_void;
}
const RTLD_NOW: c_int = 2;

fn load(path: &str) -> (Rtm007, Rtm006) {
    let p = CString::new(path).unwrap();
    // SAFETY: a valid NUL-terminated path; the library stays loaded for
    // the life of the process (never dlclose'd).
    let h = unsafe { dlopen(p.as_ptr(), RTLD_NOW) };
    assert!(!h.is_null(), "cannot dlopen {path}");
    let sym = |name: &str| {
        let n = CString::new(name).unwrap();
        // SAFETY: h is a live handle and n a NUL-terminated name.
        let f = unsafe { dlsym(h, n.as_ptr()) };
        assert!(!f.is_null(), "{name} missing");
        f
    };
    // SAFETY: the two symbols are the header's functions, whose C types
    // are exactly Rtm007 / Rtm006.
    unsafe {
        (
            std::mem::transmute::<*mut c_void, Rtm007>(sym("agora_token_rtm_build")),
            std::mem::transmute::<*mut c_void, Rtm006>(sym("agora_token_rtm006_build")),
        )
    }
}

fn builds(c: &mut Criterion) {
    let abi = std::env::var("AGORA_TOKEN_SO").ok().map(|p| load(&p));
    let copts = COptions {
        fixed_salt: true,
        salt: 1,
        fixed_issue_ts: true,
        issue_ts: 1_111_111,
    };
    let mut buf = vec![0 as c_char; 1024];
    c.bench_function("rust rtm007_build", |b| {
        b.iter(|| rtm::build_token(black_box(ID), CERT, USER, 3600, &OPTS).unwrap())
    });
    if let Some((f, _)) = abi {
        c.bench_function("c_abi rtm007_build", |b| {
            b.iter(|| {
                let mut n = 0usize;
                // SAFETY: every pointer is valid for the length given.
                let r = unsafe {
                    f(
                        black_box(ID).as_ptr().cast(),
                        32,
                        CERT.as_ptr().cast(),
                        32,
                        USER.as_ptr().cast(),
                        USER.len(),
                        3600,
                        &copts,
                        buf.as_mut_ptr(),
                        buf.len(),
                        &mut n,
                    )
                };
                assert_eq!(r, 0);
                n
            })
        });
    }
    c.bench_function("rust rtm006_build", |b| {
        b.iter(|| rtm006::build_token(black_box(ID), CERT, USER, 1_111_111 + 3600, &OPTS).unwrap())
    });
    if let Some((_, f)) = abi {
        c.bench_function("c_abi rtm006_build", |b| {
            b.iter(|| {
                let mut n = 0usize;
                // SAFETY: every pointer is valid for the length given.
                let r = unsafe {
                    f(
                        black_box(ID).as_ptr().cast(),
                        32,
                        CERT.as_ptr().cast(),
                        32,
                        USER.as_ptr().cast(),
                        USER.len(),
                        1_111_111 + 3600,
                        &copts,
                        buf.as_mut_ptr(),
                        buf.len(),
                        &mut n,
                    )
                };
                assert_eq!(r, 0);
                n
            })
        });
    }
}

criterion_group!(benches, builds);
criterion_main!(benches);
