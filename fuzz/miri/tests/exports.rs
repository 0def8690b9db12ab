//! The C ABI exports called from Rust exactly as a C caller would: raw
//! pointers with lengths, NULL pointers, size queries, short buffers,
//! non-UTF-8 bytes, nested arrays (RTM2 permissions), the expect struct and
//! the per-thread last error. Run under miri, which checks every pointer
//! access the ffi crate makes on these paths.
//!
//! Every payload here is far below 64 KiB, so building goes through the
//! pure-Rust deflate, never into C zlib (which miri cannot run).

use std::ffi::{c_char, CStr};
use std::ptr;

use agora_token_ffi::{
    agora_token_build_json, agora_token_bytes, agora_token_expect, agora_token_last_error,
    agora_token_options, agora_token_parse_json, agora_token_result as R, agora_token_result_name,
    agora_token_rtc006_build_with_uid, agora_token_rtc_build_with_uid, agora_token_rtm2_permission,
    agora_token_rtm_build, agora_token_rtm_build_with_permissions, agora_token_verify,
    agora_token_version,
};

const APP_ID: &[u8] = b"970CA35de60c44645bbae8a215061b33";
const CERT: &[u8] = b"5CFd2fd1755d40ecb72977518be15d3b";

fn p(b: &[u8]) -> *const c_char {
    b.as_ptr().cast()
}

fn fixed() -> agora_token_options {
    agora_token_options {
        fixed_salt: true,
        salt: 1,
        fixed_issue_ts: true,
        issue_ts: 1_700_000_000,
    }
}

fn last_error() -> String {
    let mut n = 0usize;
    // Size query first, as a C caller would.
    let r = unsafe { agora_token_last_error(ptr::null_mut(), 0, &mut n) };
    assert!(r == R::Ok || r == R::InsufficientSize, "{r:?}");
    let mut buf = vec![0u8; n + 1];
    let r = unsafe { agora_token_last_error(buf.as_mut_ptr().cast(), buf.len(), &mut n) };
    assert_eq!(r, R::Ok);
    assert_eq!(buf[n], 0, "NUL-terminated");
    String::from_utf8(buf[..n].to_vec()).unwrap()
}

/// RTM build with a size query, then into an exact buffer.
fn rtm(user: &[u8]) -> Vec<u8> {
    let o = fixed();
    let mut n = 0usize;
    let r = unsafe {
        agora_token_rtm_build(
            p(APP_ID),
            APP_ID.len(),
            p(CERT),
            CERT.len(),
            p(user),
            user.len(),
            600,
            &o,
            ptr::null_mut(),
            0,
            &mut n,
        )
    };
    assert_eq!(r, R::InsufficientSize);
    let mut buf = vec![0xAAu8; n];
    let r = unsafe {
        agora_token_rtm_build(
            p(APP_ID),
            APP_ID.len(),
            p(CERT),
            CERT.len(),
            p(user),
            user.len(),
            600,
            &o,
            buf.as_mut_ptr().cast(),
            buf.len(),
            &mut n,
        )
    };
    assert_eq!(r, R::Ok);
    assert_eq!(buf[n], 0);
    buf.truncate(n);
    buf
}

#[test]
fn build_parse_verify_round_trip() {
    let token = rtm(b"alice");
    assert!(token.starts_with(b"007eJ"));
    assert_eq!(last_error(), "");

    let mut out = vec![0u8; 4096];
    let mut n = 0usize;
    let r = unsafe {
        agora_token_parse_json(
            p(&token),
            token.len(),
            out.as_mut_ptr().cast(),
            out.len(),
            &mut n,
        )
    };
    assert_eq!(r, R::Ok);
    let json = std::str::from_utf8(&out[..n]).unwrap();
    assert!(json.contains("\"alice\""), "{json}");

    let e = agora_token_expect {
        user: p(b"alice"),
        user_len: 5,
        channel: ptr::null(),
        channel_len: 0,
        uid: ptr::null(),
        uid_len: 0,
        check_expiry: true,
        now: 1_700_000_010,
    };
    let mut at = 0u64;
    let r = unsafe { agora_token_verify(p(&token), token.len(), p(CERT), CERT.len(), &e, &mut at) };
    assert_eq!(r, R::Ok);
    assert_eq!(at, 1_700_000_600);
    // NULL expect: the signature only.
    let r = unsafe {
        agora_token_verify(
            p(&token),
            token.len(),
            p(CERT),
            CERT.len(),
            ptr::null(),
            &mut at,
        )
    };
    assert_eq!(r, R::Ok);
    let r = unsafe { agora_token_verify(p(&token), token.len(), p(b"x"), 1, &e, &mut at) };
    assert_eq!(r, R::CertificateRejected);
    assert!(!last_error().is_empty());
}

#[test]
fn short_buffer_is_left_untouched() {
    let need = rtm(b"bob").len();
    let o = fixed();
    let mut buf = vec![0x55u8; need]; // one short: no room for the NUL
    let mut n = 0usize;
    let r = unsafe {
        agora_token_rtm_build(
            p(APP_ID),
            APP_ID.len(),
            p(CERT),
            CERT.len(),
            p(b"bob"),
            3,
            600,
            &o,
            buf.as_mut_ptr().cast(),
            buf.len(),
            &mut n,
        )
    };
    assert_eq!(r, R::InsufficientSize);
    assert_eq!(n, need + 1);
    assert!(buf.iter().all(|&b| b == 0x55));
}

#[test]
fn null_pointers() {
    let mut n = 0usize;
    let mut buf = vec![0u8; 1024];
    // NULL with a length: null_argument.
    let r = unsafe {
        agora_token_rtm_build(
            ptr::null(),
            32,
            p(CERT),
            CERT.len(),
            p(b"a"),
            1,
            600,
            ptr::null(),
            buf.as_mut_ptr().cast(),
            buf.len(),
            &mut n,
        )
    };
    assert_eq!(r, R::NullArgument);
    // NULL with length 0 is the empty string: an empty app id.
    let r = unsafe {
        agora_token_rtm_build(
            ptr::null(),
            0,
            p(CERT),
            CERT.len(),
            p(b"a"),
            1,
            600,
            ptr::null(),
            buf.as_mut_ptr().cast(),
            buf.len(),
            &mut n,
        )
    };
    assert_eq!(r, R::InvalidAppId);
    // out_len NULL.
    let r = unsafe {
        agora_token_rtm_build(
            p(APP_ID),
            APP_ID.len(),
            p(CERT),
            CERT.len(),
            p(b"a"),
            1,
            600,
            ptr::null(),
            buf.as_mut_ptr().cast(),
            buf.len(),
            ptr::null_mut(),
        )
    };
    assert_eq!(r, R::NullArgument);
    // An empty channel as NULL + 0, random salt and clock (options NULL).
    let r = unsafe {
        agora_token_rtc_build_with_uid(
            p(APP_ID),
            APP_ID.len(),
            p(CERT),
            CERT.len(),
            ptr::null(),
            0,
            0,
            1,
            600,
            600,
            ptr::null(),
            buf.as_mut_ptr().cast(),
            buf.len(),
            &mut n,
        )
    };
    assert_eq!(r, R::Ok);
}

#[test]
fn non_utf8_and_odd_offsets() {
    // Bytes that are not UTF-8, read from an odd offset of a larger buffer.
    let backing = b"x\xff\xfe\x80room".to_vec();
    let channel = &backing[1..];
    let mut buf = vec![0u8; 1024 + 1];
    let out = &mut buf[1..]; // output at an odd address too
    let mut n = 0usize;
    let o = fixed();
    let r = unsafe {
        agora_token_rtc_build_with_uid(
            p(APP_ID),
            APP_ID.len(),
            p(CERT),
            CERT.len(),
            p(channel),
            channel.len(),
            42,
            1,
            600,
            600,
            &o,
            out.as_mut_ptr().cast(),
            out.len(),
            &mut n,
        )
    };
    assert_eq!(r, R::Ok);
    // A non-UTF-8 token is refused without reading past its length.
    let bad = b"007\xff\xfe";
    let r =
        unsafe { agora_token_parse_json(p(bad), 4, out.as_mut_ptr().cast(), out.len(), &mut n) };
    assert_eq!(r, R::BadBase64);
}

#[test]
fn rtm2_permissions_arrays() {
    let names: [&[u8]; 2] = [b"chan-a", b"\xffbytes"];
    let res: Vec<agora_token_bytes> = names
        .iter()
        .map(|s| agora_token_bytes {
            ptr: p(s),
            len: s.len(),
        })
        .collect();
    let perms = [
        agora_token_rtm2_permission {
            resource_type: 0,
            permission_type: 1,
            resources: res.as_ptr(),
            resources_len: res.len(),
        },
        agora_token_rtm2_permission {
            resource_type: 4,
            permission_type: 0,
            resources: ptr::null(),
            resources_len: 0,
        },
    ];
    let o = fixed();
    let mut buf = vec![0u8; 2048];
    let mut n = 0usize;
    let r = unsafe {
        agora_token_rtm_build_with_permissions(
            p(APP_ID),
            APP_ID.len(),
            p(CERT),
            CERT.len(),
            p(b"u"),
            1,
            perms.as_ptr(),
            perms.len(),
            600,
            &o,
            buf.as_mut_ptr().cast(),
            buf.len(),
            &mut n,
        )
    };
    assert_eq!(r, R::Ok, "{}", last_error());
    // A NULL resource array with a length.
    let bad = [agora_token_rtm2_permission {
        resource_type: 0,
        permission_type: 1,
        resources: ptr::null(),
        resources_len: 3,
    }];
    let r = unsafe {
        agora_token_rtm_build_with_permissions(
            p(APP_ID),
            APP_ID.len(),
            p(CERT),
            CERT.len(),
            p(b"u"),
            1,
            bad.as_ptr(),
            bad.len(),
            600,
            &o,
            buf.as_mut_ptr().cast(),
            buf.len(),
            &mut n,
        )
    };
    assert_eq!(r, R::NullArgument);
}

#[test]
fn legacy_006_and_crc_check() {
    let o = fixed();
    let mut buf = vec![0u8; 1024];
    let mut n = 0usize;
    let ch = b"room";
    let r = unsafe {
        agora_token_rtc006_build_with_uid(
            p(APP_ID),
            APP_ID.len(),
            p(CERT),
            CERT.len(),
            p(ch),
            ch.len(),
            42,
            1,
            0,
            &o,
            buf.as_mut_ptr().cast(),
            buf.len(),
            &mut n,
        )
    };
    assert_eq!(r, R::Ok);
    let token = buf[..n].to_vec();
    let mut e = agora_token_expect {
        user: ptr::null(),
        user_len: 0,
        channel: p(ch),
        channel_len: ch.len(),
        uid: p(b"42"),
        uid_len: 2,
        check_expiry: false,
        now: 0,
    };
    let mut at = 0u64;
    let r = unsafe { agora_token_verify(p(&token), token.len(), p(CERT), CERT.len(), &e, &mut at) };
    assert_eq!(r, R::Ok);
    e.uid = p(b"43");
    let r = unsafe { agora_token_verify(p(&token), token.len(), p(CERT), CERT.len(), &e, &mut at) };
    assert_eq!(r, R::CrcMismatch);
}

#[test]
fn json_build_and_static_strings() {
    let call = b"RtmTokenBuilder2.buildToken";
    let inputs = br#"{"app_id":"970CA35de60c44645bbae8a215061b33","app_certificate":"5CFd2fd1755d40ecb72977518be15d3b","user_id":"alice","expire":600}"#;
    let fixed = br#"{"salt":1,"issue_ts":1700000000}"#;
    let mut buf = vec![0u8; 1024];
    let mut n = 0usize;
    let r = unsafe {
        agora_token_build_json(
            p(call),
            call.len(),
            p(inputs),
            inputs.len(),
            p(fixed),
            fixed.len(),
            buf.as_mut_ptr().cast(),
            buf.len(),
            &mut n,
        )
    };
    assert_eq!(r, R::Ok);
    assert_eq!(&buf[..n], rtm(b"alice").as_slice());
    let bad = br#"{"app_id": 5"#;
    let r = unsafe {
        agora_token_build_json(
            p(call),
            call.len(),
            p(bad),
            bad.len(),
            ptr::null(),
            0,
            buf.as_mut_ptr().cast(),
            buf.len(),
            &mut n,
        )
    };
    assert_eq!(r, R::InvalidArgument);
    for code in [0u32, 100, 106, 205, 305, 900, 903, 12345] {
        let s = unsafe { CStr::from_ptr(agora_token_result_name(code)) };
        assert!(!s.to_bytes().is_empty());
    }
    let v = unsafe { CStr::from_ptr(agora_token_version()) };
    assert!(v.to_str().unwrap().contains('.'));
}
