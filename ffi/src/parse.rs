//! Parse, inspect and verify.

use std::ffi::c_char;

use agora_token::report::{self, NotChecked};
use agora_token::{parse, Expect};
use serde_json::Value;

use crate::abi::{agora_token_result, guard, in_bytes, in_opt_bytes};
use crate::export;
use crate::types::agora_token_expect;

/// Compact JSON with object keys in sorted order, whatever serde_json's
/// `preserve_order` feature says: the output is a documented, stable text.
fn canonical(v: &Value, out: &mut String) {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                canonical(&m[k], out);
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, e) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical(e, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

pub(crate) fn canonical_bytes(v: &Value) -> Vec<u8> {
    let mut s = String::new();
    canonical(v, &mut s);
    s.into_bytes()
}

fn now_or_clock(now: u64) -> u64 {
    if now == 0 {
        agora_token::now_secs()
    } else {
        now
    }
}

/// Parses a token of either format (without verifying it) and writes its
/// fields as JSON: the vectors' `decoded` object ("version", "app_id",
/// "issue_ts", "services", ... for 007; "ts", "crc_channel_name",
/// "privileges", ... for 006). Compact, keys sorted. A string field whose
/// bytes are not UTF-8 appears as "<name>_hex". Nothing in it is trusted
/// until `agora_token_verify` says so.
///
/// Returns OK, a parse code (BAD_VERSION ... PAYLOAD_TOO_LARGE), or an ABI
/// code. `out` NULL with capacity 0 is a size query (INSUFFICIENT_SIZE and
/// the exact capacity needed).
///
/// # Safety
/// `token` is NULL or valid for `token_len` bytes; `out` is NULL or valid
/// for `out_capacity` bytes; `out_len` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn agora_token_parse_json(
    token: *const c_char,
    token_len: usize,
    out: *mut c_char,
    out_capacity: usize,
    out_len: *mut usize,
) -> agora_token_result {
    export(out, out_capacity, out_len, || {
        // SAFETY: the caller contract in the doc comment.
        let token = unsafe { in_bytes(token, token_len, "token")? };
        let t = parse(token)?;
        Ok(canonical_bytes(&agora_token::json::decoded(&t)))
    })
}

/// Parses a token and writes an inspection as JSON: the same members as
/// the CLI's `inspect --json` ("format", "app_id", "issued_at[_utc]",
/// "expires_at[_utc]", "expires_in", "expired", services or privileges
/// with their expiries, "diagnostics" (likely misuse such as an absolute
/// time given as a lifetime), "decoded" as from `agora_token_parse_json`,
/// and the signature check). Compact, keys sorted. Times are judged at
/// `now` (Unix seconds; 0 = the current time).
///
/// With `app_certificate` NULL the signature is not checked
/// ("signature_checked": false). A 006 token signs its channel and uid:
/// give them in `identity` (channel + uid, or user for an RTM token), or
/// the signature is not checked either. `identity` may be NULL; its expiry
/// members are ignored here.
///
/// # Safety
/// As for `agora_token_parse_json`; `app_certificate` is NULL or valid for
/// its length; `identity` is NULL or a valid struct whose non-NULL
/// pointers are valid for their lengths.
#[no_mangle]
pub unsafe extern "C" fn agora_token_inspect_json(
    token: *const c_char,
    token_len: usize,
    app_certificate: *const c_char,
    app_certificate_len: usize,
    identity: *const agora_token_expect,
    now: u64,
    out: *mut c_char,
    out_capacity: usize,
    out_len: *mut usize,
) -> agora_token_result {
    export(out, out_capacity, out_len, || {
        // SAFETY: the caller contract in the doc comment.
        let (token, cert) = unsafe {
            (
                in_bytes(token, token_len, "token")?,
                in_opt_bytes(app_certificate, app_certificate_len, "app_certificate")?,
            )
        };
        let mut signed: Option<(&[u8], &[u8])> = None;
        if !identity.is_null() {
            // SAFETY: non-NULL, and the caller promises a valid struct.
            let x = unsafe { identity.read() };
            // SAFETY: the caller contract in the doc comment.
            let (user, channel, uid) = unsafe {
                (
                    in_opt_bytes(x.user, x.user_len, "identity.user")?,
                    in_opt_bytes(x.channel, x.channel_len, "identity.channel")?,
                    in_opt_bytes(x.uid, x.uid_len, "identity.uid")?,
                )
            };
            signed = match (user, channel) {
                (Some(u), _) => Some((u, &b""[..])),
                (None, Some(c)) => Some((c, uid.unwrap_or(b""))),
                (None, None) => None,
            };
        }
        let t = parse(token)?;
        let sig = report::check_signature(&t, cert, signed);
        Ok(canonical_bytes(&report::report(
            &t,
            now_or_clock(now),
            &sig,
            note,
        )))
    })
}

/// Verifies a token: parses it, checks the signature with
/// `app_certificate` (constant time), then the claims in `expect` (NULL:
/// signature only).
///
/// The first failure decides the result: a parse code,
/// CERTIFICATE_REJECTED (the certificate is not 32 hex characters),
/// CRC_MISMATCH (006: signed for another channel / uid), SIGNATURE_MISMATCH,
/// IDENTITY_MISMATCH, EXPIRED, PRIVILEGE_MISSING; INVALID_ARGUMENT when a
/// 006 token is verified without what it was signed for (a 006 RTC token
/// needs `channel` and `uid`, a 006 RTM token `user`).
///
/// On OK, `*out_expires_at` (if `out_expires_at` is not NULL) is set to the
/// token's expiry, Unix seconds; it is not written otherwise.
///
/// # Safety
/// `token` and `app_certificate` are NULL or valid for their lengths;
/// `expect` is NULL or a valid struct whose non-NULL pointers are valid for
/// their lengths; `out_expires_at` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn agora_token_verify(
    token: *const c_char,
    token_len: usize,
    app_certificate: *const c_char,
    app_certificate_len: usize,
    expect: *const agora_token_expect,
    out_expires_at: *mut u64,
) -> agora_token_result {
    guard(|| {
        // SAFETY: the caller contract in the doc comment.
        let (token, cert) = unsafe {
            (
                in_bytes(token, token_len, "token")?,
                in_bytes(app_certificate, app_certificate_len, "app_certificate")?,
            )
        };
        let mut e = Expect::default();
        if !expect.is_null() {
            // SAFETY: non-NULL, and the caller promises a valid struct.
            let x = unsafe { expect.read() };
            // SAFETY: the caller contract in the doc comment.
            unsafe {
                e.user = in_opt_bytes(x.user, x.user_len, "expect.user")?;
                e.channel = in_opt_bytes(x.channel, x.channel_len, "expect.channel")?;
                e.uid = in_opt_bytes(x.uid, x.uid_len, "expect.uid")?;
            }
            if x.check_expiry {
                e.now = Some(now_or_clock(x.now));
            }
        }
        let v = agora_token::verify(token, cert, &e)?;
        if !out_expires_at.is_null() {
            // SAFETY: non-NULL, and the caller promises it writable.
            unsafe { out_expires_at.write(v.expires_at) };
        }
        Ok(())
    })
}

/// Why the inspect document has no signature result, worded for C callers.
fn note(why: NotChecked) -> String {
    match why {
        NotChecked::NoCertificate => "no app_certificate given".into(),
        NotChecked::No006Identity => {
            "a 006 token signs its channel and uid: pass identity.channel and identity.uid, or identity.user"
                .into()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn canonical_sorts_keys_at_every_level() {
        let v = json!({"b": 1, "a": [{"z": true, "y": null}], "c": "\u{1}é"});
        let s = String::from_utf8(canonical_bytes(&v)).unwrap();
        assert_eq!(s, r#"{"a":[{"y":null,"z":true}],"b":1,"c":"\u0001é"}"#);
    }
}
