//! The inspect document: a parsed token with UTC and relative times, every
//! service and privilege by name, the signature check and the diagnostics.
//! It is what `agora-token inspect --json` prints and what the C ABI's
//! `agora_token_inspect_json` returns, built here once for both.

use crate::inspect::diagnostics;
use crate::json::decoded;
use crate::token::Token;
use crate::v006::{privilege as p006, Token006, Verification006};
use crate::v007::{privilege as p007, Token007, Verification007};
use serde_json::{json, Map, Value};

const DAY: u64 = 86_400;

fn is_leap(year: u64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn month_len(year: u64, month: usize) -> u64 {
    const LEN: [u64; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if month == 1 && is_leap(year) {
        29
    } else {
        LEN[month]
    }
}

/// RFC 3339 UTC text of a Unix time, e.g. `2026-12-04T10:22:09Z`. Token
/// times stay below 2^33 s, so walking the years from 1970 is cheap.
pub fn utc(secs: u64) -> String {
    let (mut days, rem) = (secs / DAY, secs % DAY);
    let mut year = 1970;
    loop {
        let len = if is_leap(year) { 366 } else { 365 };
        if days < len {
            break;
        }
        days -= len;
        year += 1;
    }
    let mut month = 0;
    while days >= month_len(year, month) {
        days -= month_len(year, month);
        month += 1;
    }
    format!(
        "{year:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        month + 1,
        days + 1,
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// A length of time in its two largest units: `3d 4h`, `59m 58s`, `7s`; a
/// year here is 365 days.
pub fn span(secs: u64) -> String {
    let units = [
        (365 * DAY, "y"),
        (DAY, "d"),
        (3600, "h"),
        (60, "m"),
        (1, "s"),
    ];
    let mut parts = Vec::new();
    let mut left = secs;
    for (size, name) in units {
        if left >= size || (parts.is_empty() && size == 1) {
            let n = left / size;
            left %= size;
            if n > 0 || parts.is_empty() {
                parts.push(format!("{n}{name}"));
            }
        }
        if parts.len() == 2 {
            break;
        }
    }
    parts.join(" ")
}

/// `at` relative to `now`: `in 59m 58s`, `2h 1m ago` or `now`.
pub fn relative(at: u64, now: u64) -> String {
    match at.cmp(&now) {
        std::cmp::Ordering::Equal => "now".into(),
        std::cmp::Ordering::Greater => format!("in {}", span(at - now)),
        std::cmp::Ordering::Less => format!("{} ago", span(now - at)),
    }
}

fn time_fields(m: &mut Map<String, Value>, name: &str, at: Option<u64>, now: u64) {
    match at {
        Some(at) => {
            m.insert(name.into(), json!(at));
            m.insert(format!("{name}_utc"), json!(utc(at)));
            m.insert(format!("{name}_relative"), json!(relative(at, now)));
        }
        None => {
            m.insert(name.into(), Value::Null);
        }
    }
}

/// Why the signature was not checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotChecked {
    /// No App Certificate was given.
    NoCertificate,
    /// A 006 token, but not the channel and uid (or user) it was signed for.
    No006Identity,
}

/// The signature check that goes into the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signature {
    /// Not checked, and why.
    NotChecked(NotChecked),
    /// 007 result.
    V007(Verification007),
    /// 006 result.
    V006(Verification006),
}

/// Checks the signature if a certificate is given; a 006 token also needs
/// the (channel, uid) it was signed for (an RTM token: the account and "").
pub fn check_signature(
    t: &Token,
    cert: Option<&[u8]>,
    signed_006: Option<(&[u8], &[u8])>,
) -> Signature {
    let Some(cert) = cert else {
        return Signature::NotChecked(NotChecked::NoCertificate);
    };
    match t {
        Token::V007(t) => Signature::V007(t.verify(cert)),
        Token::V006(t) => match signed_006 {
            Some((ch, uid)) => Signature::V006(t.verify(cert, ch, uid)),
            None => Signature::NotChecked(NotChecked::No006Identity),
        },
    }
}

fn privileges_007(t: &Token007, service: u16, privs: &[(u16, u32)], now: u64) -> Value {
    let list = privs
        .iter()
        .map(|&(id, v)| {
            let mut m = Map::new();
            m.insert("id".into(), json!(id));
            m.insert("name".into(), json!(p007::name(service, id)));
            m.insert("lifetime".into(), json!(v));
            // 0: no limit of its own; the token lifetime still applies.
            let at = (v != 0).then(|| t.issue_ts as u64 + v as u64);
            time_fields(&mut m, "expires_at", at, now);
            Value::Object(m)
        })
        .collect();
    Value::Array(list)
}

fn privileges_006(t: &Token006, now: u64) -> Value {
    let list = t
        .privileges
        .iter()
        .map(|&(id, v)| {
            let mut m = Map::new();
            m.insert("id".into(), json!(id));
            m.insert("name".into(), json!(p006::name(id)));
            m.insert("value".into(), json!(v));
            time_fields(&mut m, "expires_at", (v != 0).then_some(v as u64), now);
            Value::Object(m)
        })
        .collect();
    Value::Array(list)
}

/// The inspect document of `t` at `now`. `note` words the reason when the
/// signature was not checked (each caller names its own flags or fields).
pub fn report(t: &Token, now: u64, sig: &Signature, note: impl Fn(NotChecked) -> String) -> Value {
    let dec = decoded(t);
    let mut m = Map::new();
    m.insert("format".into(), json!(t.version()));
    for k in ["app_id", "app_id_hex"] {
        if let Some(v) = dec.get(k) {
            m.insert(k.into(), v.clone());
        }
    }
    time_fields(&mut m, "now", Some(now), now);
    m.remove("now_relative");
    match t {
        Token::V007(t7) => {
            time_fields(&mut m, "issued_at", Some(t7.issue_ts as u64), now);
            m.insert("lifetime".into(), json!(t7.expire));
        }
        Token::V006(t6) => {
            // 006 carries no issue time; its builders set ts = now + 24 h.
            m.insert("issued_at".into(), Value::Null);
            let est = (t6.ts as u64).checked_sub(DAY);
            time_fields(&mut m, "estimated_issued_at", est, now);
        }
    }
    let exp = t.expires_at();
    time_fields(&mut m, "expires_at", Some(exp), now);
    m.insert("expires_in".into(), json!(exp as i128 - now as i128));
    m.insert("expired".into(), json!(now >= exp));
    match t {
        Token::V007(t7) => {
            let svcs = t7
                .services
                .iter()
                .zip(dec["services"].as_array().into_iter().flatten())
                .map(|(s, d)| {
                    let mut e = d.as_object().cloned().unwrap_or_default();
                    let p = privileges_007(t7, s.service_type(), &s.privileges, now);
                    e.insert("privileges".into(), p);
                    Value::Object(e)
                })
                .collect();
            m.insert("services".into(), Value::Array(svcs));
        }
        Token::V006(t6) => {
            m.insert("privileges".into(), privileges_006(t6, now));
        }
    }
    match sig {
        Signature::NotChecked(why) => {
            m.insert("signature_checked".into(), json!(false));
            m.insert("signature_note".into(), json!(note(*why)));
        }
        Signature::V007(v) => {
            m.insert("signature_checked".into(), json!(true));
            m.insert("signature_valid".into(), json!(v.signature_valid));
            m.insert("certificate_rejected".into(), json!(v.certificate_rejected));
        }
        Signature::V006(v) => {
            m.insert("signature_checked".into(), json!(true));
            m.insert("signature_valid".into(), json!(v.signature_valid));
            m.insert("certificate_rejected".into(), json!(v.certificate_rejected));
            m.insert("crc_match".into(), json!(v.crc_match()));
            m.insert("crc_channel_matches".into(), json!(v.crc_channel_matches));
            m.insert("crc_uid_matches".into(), json!(v.crc_uid_matches));
        }
    }
    let diags: Vec<Value> = diagnostics(t, now)
        .iter()
        .map(|d| json!({"code": d.code, "message": d.message}))
        .collect();
    m.insert("diagnostics".into(), Value::Array(diags));
    m.insert("decoded".into(), dec);
    Value::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_agrees_with_day_counting() {
        // Independent of the loop above: days since 1970 by the 400-year
        // Gregorian rule at each 1 January.
        let mut day = 0u64;
        for year in 1970..2300u64 {
            assert_eq!(utc(day * DAY), format!("{year:04}-01-01T00:00:00Z"));
            day += if is_leap(year) { 366 } else { 365 };
        }
        assert_eq!(utc(DAY * 59), "1970-03-01T00:00:00Z");
        assert_eq!(span(0), "0s");
        assert_eq!(span(3661), "1h 1m");
        assert_eq!(span(366 * DAY + 7), "1y 1d");
        assert_eq!(relative(10, 10), "now");
        assert_eq!(relative(3 * DAY + 4 * 3600 + 5, 0), "in 3d 4h");
        assert_eq!(relative(10, 75), "1m 5s ago");
    }
}
