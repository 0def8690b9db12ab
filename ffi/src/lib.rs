//! C ABI of the `agora-token` crate: build, parse, inspect and verify
//! Agora 006 and 007 tokens from C and C++.
//!
//! The conventions (the ABI contract) are written once in the header
//! preamble, `include/agora_token.h`, generated from this crate by cbindgen
//! with `ffi/cbindgen.toml`. In short: every function returns an
//! `agora_token_result`; strings go in as pointer + length; output goes
//! into caller-owned buffers; nothing the library allocates is handed out;
//! every export runs behind a panic boundary.

#![deny(unsafe_op_in_unsafe_fn)]
#![deny(clippy::undocumented_unsafe_blocks)]
#![deny(missing_docs)]

mod abi;
mod builders;
mod parse;
mod types;

use std::ffi::c_char;

pub use abi::agora_token_result;
pub use builders::*;
pub use parse::*;
pub use types::{
    agora_token_bytes, agora_token_expect, agora_token_options, agora_token_rtm2_permission,
};

use abi::{guard, with_last_error, Out};

/// Major version of this header. Checked against the crate version by a
/// unit test, so it cannot drift.
pub const AGORA_TOKEN_VERSION_MAJOR: u32 = 0;
/// Minor version of this header.
pub const AGORA_TOKEN_VERSION_MINOR: u32 = 1;
/// Patch version of this header.
pub const AGORA_TOKEN_VERSION_PATCH: u32 = 0;
/// MAJOR * 10000 + MINOR * 100 + PATCH, for preprocessor comparisons;
/// compare with `agora_token_version_number()` to detect a header that does
/// not match the linked library.
pub const AGORA_TOKEN_VERSION_NUMBER: u32 = 100;

/// The longest token any builder can produce, in bytes, terminating NUL not
/// included. Real tokens are a few hundred bytes; a buffer of
/// AGORA_TOKEN_MAX_TOKEN_LEN + 1 bytes never gets INSUFFICIENT_SIZE from a
/// builder.
pub const AGORA_TOKEN_MAX_TOKEN_LEN: usize = 1_399_471;

/// RTC role: publisher (007: all four privileges; 006: publish too).
pub const AGORA_TOKEN_ROLE_PUBLISHER: i64 = 1;
/// RTC role: subscriber (join only).
pub const AGORA_TOKEN_ROLE_SUBSCRIBER: i64 = 2;
/// 006 RTC role: attendee, a deprecated alias of publisher.
pub const AGORA_TOKEN_ROLE_ATTENDEE: i64 = 0;
/// 006 RTC role: admin, a deprecated alias of publisher.
pub const AGORA_TOKEN_ROLE_ADMIN: i64 = 101;

/// RTM2 resource type: message channels.
pub const AGORA_TOKEN_RTM2_RESOURCE_MESSAGE_CHANNEL: u16 = 0;
/// RTM2 resource type: stream channels.
pub const AGORA_TOKEN_RTM2_RESOURCE_STREAM_CHANNEL: u16 = 1;
/// RTM2 resource type: group channels.
pub const AGORA_TOKEN_RTM2_RESOURCE_GROUP_CHANNEL: u16 = 2;
/// RTM2 resource type: server groups.
pub const AGORA_TOKEN_RTM2_RESOURCE_SERVER_GROUP: u16 = 3;
/// RTM2 resource type: users.
pub const AGORA_TOKEN_RTM2_RESOURCE_USER: u16 = 4;
/// RTM2 permission type: read.
pub const AGORA_TOKEN_RTM2_PERMISSION_READ: u16 = 0;
/// RTM2 permission type: write.
pub const AGORA_TOKEN_RTM2_PERMISSION_WRITE: u16 = 1;

/// The library version, "MAJOR.MINOR.PATCH": a static NUL-terminated
/// string, never NULL, never to be freed.
#[no_mangle]
pub extern "C" fn agora_token_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

/// The library version as MAJOR * 10000 + MINOR * 100 + PATCH; equals
/// AGORA_TOKEN_VERSION_NUMBER when header and library match.
#[no_mangle]
pub extern "C" fn agora_token_version_number() -> u32 {
    AGORA_TOKEN_VERSION_NUMBER
}

/// The stable snake_case name of a result ("ok", "bad_base64",
/// "insufficient_size", ...): for the core codes the same string every
/// binding reports. Takes a plain integer; an unknown number gives
/// "unknown_result". A static NUL-terminated string, never NULL, never to
/// be freed.
#[no_mangle]
pub extern "C" fn agora_token_result_name(result: u32) -> *const c_char {
    match agora_token_result::from_u32(result) {
        Some(r) => r.name_c().as_ptr().cast(),
        None => c"unknown_result".as_ptr(),
    }
}

/// Copies this thread's last error message into `out` (NUL-terminated).
///
/// Every other function clears it on success and sets it on failure, so
/// read it right after the failing call on the same thread. The message
/// names the argument at fault and never contains an App Certificate. It is
/// "" when the last call succeeded. Reading it does not change it.
///
/// Returns OK, NULL_ARGUMENT (`out_len` NULL, or `out` NULL with a
/// capacity) or INSUFFICIENT_SIZE (then `*out_len` is the capacity needed).
/// `out` NULL with capacity 0 is a size query.
///
/// # Safety
/// `out` is NULL or points to `out_capacity` writable bytes; `out_len` is
/// NULL or points to a writable size_t.
#[no_mangle]
pub unsafe extern "C" fn agora_token_last_error(
    out: *mut c_char,
    out_capacity: usize,
    out_len: *mut usize,
) -> agora_token_result {
    // Not through `guard`: reading the message must not clear it.
    let r = std::panic::catch_unwind(|| {
        // SAFETY: forwarded caller contract (see the doc comment).
        let out = unsafe { Out::new(out, out_capacity, out_len) }?;
        with_last_error(|m| out.write(m.as_bytes()))
    });
    match r {
        Ok(Ok(())) => agora_token_result::Ok,
        Ok(Err(f)) => f.result,
        Err(_) => agora_token_result::Panic,
    }
}

/// Runs the body of an export: `guard` plus the output buffer check.
pub(crate) fn export(
    out: *mut c_char,
    out_capacity: usize,
    out_len: *mut usize,
    body: impl FnOnce() -> Result<Vec<u8>, abi::Fail>,
) -> agora_token_result {
    guard(|| {
        // SAFETY: every export documents the output buffer contract that
        // `Out::new` relies on (the caller's promise is forwarded).
        let out = unsafe { Out::new(out, out_capacity, out_len) }?;
        out.write(&body()?)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::agora_token_expect;
    use agora_token::ErrorCode;
    use std::ffi::CStr;

    #[test]
    fn version_constants_match_the_crate() {
        let v = env!("CARGO_PKG_VERSION");
        // The text macro lives in cbindgen.toml (cbindgen cannot export a
        // &str constant).
        let line = format!("#define AGORA_TOKEN_VERSION \"{v}\"");
        assert!(include_str!("../cbindgen.toml").contains(&line), "{line}");
        let parts: Vec<u32> = v.split('.').map(|p| p.parse().unwrap()).collect();
        assert_eq!(
            parts,
            [
                AGORA_TOKEN_VERSION_MAJOR,
                AGORA_TOKEN_VERSION_MINOR,
                AGORA_TOKEN_VERSION_PATCH
            ]
        );
        assert_eq!(
            AGORA_TOKEN_VERSION_NUMBER,
            parts[0] * 10000 + parts[1] * 100 + parts[2]
        );
        // SAFETY: a static NUL-terminated string.
        let s = unsafe { CStr::from_ptr(agora_token_version()) };
        assert_eq!(s.to_str().unwrap(), v);
    }

    #[test]
    fn max_token_len_matches_the_core() {
        assert_eq!(AGORA_TOKEN_MAX_TOKEN_LEN, agora_token::MAX_TOKEN_LEN);
    }

    #[test]
    fn every_core_code_has_its_own_number_and_name() {
        let mut seen = std::collections::HashSet::new();
        for c in ErrorCode::ALL {
            let r = agora_token_result::from_code(c);
            assert_ne!(r, agora_token_result::OtherError, "{c}");
            assert!(seen.insert(r as u32), "{c}: number reused");
            // SAFETY: a static NUL-terminated string.
            let name = unsafe { CStr::from_ptr(agora_token_result_name(r as u32)) };
            assert_eq!(name.to_str().unwrap(), c.as_str());
        }
        for r in agora_token_result::ALL {
            assert_eq!(agora_token_result::from_u32(r as u32), Some(r));
        }
        // SAFETY: a static NUL-terminated string.
        let unknown = unsafe { CStr::from_ptr(agora_token_result_name(12345)) };
        assert_eq!(unknown.to_str().unwrap(), "unknown_result");
    }

    #[test]
    fn build_parse_verify_through_the_exports() {
        let (id, cert, user) = (
            b"970CA35de60c44645bbae8a215061b33",
            b"5CFd2fd1755d40ecb72977518be15d3b",
            b"alice",
        );
        let opts = agora_token_options {
            fixed_salt: true,
            salt: 7,
            fixed_issue_ts: true,
            issue_ts: 1_700_000_000,
        };
        let mut buf = vec![0u8; 512];
        let mut n = 0usize;
        // SAFETY: every pointer is a live local valid for the length given.
        let r = unsafe {
            agora_token_rtm006_build(
                id.as_ptr().cast(),
                32,
                cert.as_ptr().cast(),
                32,
                user.as_ptr().cast(),
                5,
                1_800_000_000,
                &opts,
                buf.as_mut_ptr().cast(),
                buf.len(),
                &mut n,
            )
        };
        assert_eq!(r, agora_token_result::Ok);
        let token = buf[..n].to_vec();
        let want = agora_token::builders::rtm006::build_token(
            id,
            cert,
            user,
            1_800_000_000,
            &opts.to_core(),
        )
        .unwrap();
        assert_eq!(
            token,
            want.as_bytes(),
            "the export builds what the core builds"
        );
        let expect = agora_token_expect {
            user: user.as_ptr().cast(),
            user_len: 5,
            channel: std::ptr::null(),
            channel_len: 0,
            uid: std::ptr::null(),
            uid_len: 0,
            check_expiry: false,
            now: 0,
        };
        let mut at = 0u64;
        // SAFETY: as above.
        let r = unsafe {
            agora_token_verify(
                token.as_ptr().cast(),
                token.len(),
                cert.as_ptr().cast(),
                32,
                &expect,
                &mut at,
            )
        };
        assert_eq!(r, agora_token_result::Ok);
        assert_eq!(at, 1_700_000_000 + 86_400);
        let mut json = vec![0u8; 1024];
        // SAFETY: as above.
        let r = unsafe {
            agora_token_parse_json(
                token.as_ptr().cast(),
                token.len(),
                json.as_mut_ptr().cast(),
                json.len(),
                &mut n,
            )
        };
        assert_eq!(r, agora_token_result::Ok);
        let v: serde_json::Value = serde_json::from_slice(&json[..n]).unwrap();
        assert_eq!(v["salt"], 7);
    }

    #[test]
    fn panics_become_a_result_and_a_message() {
        let r = guard(|| panic!("boom"));
        assert_eq!(r, agora_token_result::Panic);
        let mut buf = [0u8; 128];
        let mut n = 0usize;
        // SAFETY: buf and n are live locals of the given sizes.
        let r2 = unsafe { agora_token_last_error(buf.as_mut_ptr().cast(), buf.len(), &mut n) };
        assert_eq!(r2, agora_token_result::Ok);
        let msg = std::str::from_utf8(&buf[..n]).unwrap();
        assert!(msg.contains("boom"), "{msg}");
    }
}
