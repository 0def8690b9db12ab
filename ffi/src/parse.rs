//! Parse, inspect and verify.

use std::ffi::c_char;

use agora_token::{parse, Expect};
use serde_json::{json, Value};

use crate::abi::{agora_token_result, guard, in_bytes, in_opt_bytes, Fail};
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

/// The inspect document: the same members as the CLI's `inspect --json`.
pub(crate) fn inspect_value(token: &[u8], now: u64) -> Result<Value, Fail> {
    let t = parse(token)?;
    let diags: Vec<Value> = agora_token::inspect::diagnostics(&t, now)
        .into_iter()
        .map(|d| json!({"code": d.code, "message": d.message}))
        .collect();
    Ok(json!({
        "version": t.version(),
        "decoded": agora_token::json::decoded(&t),
        "expires_at": t.expires_at(),
        "diagnostics": diags,
    }))
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

/// Parses a token and writes an inspection as JSON, the same members as
/// the CLI's `inspect --json`: "version", "decoded" (as from
/// `agora_token_parse_json`), "expires_at" (Unix seconds) and
/// "diagnostics", a list of {"code", "message"} findings for likely misuse
/// (absolute time given as a lifetime, milliseconds, expired, ...) judged
/// at `now` (Unix seconds; 0 = the current time). Compact, keys sorted.
///
/// # Safety
/// As for `agora_token_parse_json`.
#[no_mangle]
pub unsafe extern "C" fn agora_token_inspect_json(
    token: *const c_char,
    token_len: usize,
    now: u64,
    out: *mut c_char,
    out_capacity: usize,
    out_len: *mut usize,
) -> agora_token_result {
    export(out, out_capacity, out_len, || {
        // SAFETY: the caller contract in the doc comment.
        let token = unsafe { in_bytes(token, token_len, "token")? };
        Ok(canonical_bytes(&inspect_value(token, now_or_clock(now))?))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_sorts_keys_at_every_level() {
        let v = json!({"b": 1, "a": [{"z": true, "y": null}], "c": "\u{1}é"});
        let s = String::from_utf8(canonical_bytes(&v)).unwrap();
        assert_eq!(s, r#"{"a":[{"y":null,"z":true}],"b":1,"c":"\u0001é"}"#);
    }
}
