//! Diagnostics: likely mistakes visible in a parsed token. None of them is an
//! error (the reference builders accept every such value); a CLI or a
//! support tool shows them next to the decoded fields.

use crate::token::Token;
use crate::v006::privilege as p006;
use crate::v007::{service_type, ServiceBody};

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable snake_case code, e.g. `"absolute_time_as_lifetime"`.
    pub code: &'static str,
    /// What it means, in plain words.
    pub message: String,
}

/// More than ten years, in seconds: no real lifetime is that long.
const TEN_YEARS: u64 = 10 * 365 * 24 * 3600;
/// Unix times of 2001 and later look like absolute timestamps.
const LOOKS_ABSOLUTE: u64 = 1_000_000_000;
/// Values this large are milliseconds, not seconds.
const LOOKS_MILLIS: u64 = 100_000_000_000;

fn d(code: &'static str, message: String) -> Diagnostic {
    Diagnostic { code, message }
}

/// Findings for `token` at Unix time `now`.
pub fn diagnostics(token: &Token, now: u64) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    match token {
        Token::V007(t) => {
            lifetime_checks(&mut out, "token expire", t.expire as u64);
            if now >= t.expires_at() {
                out.push(d(
                    "expired",
                    format!(
                        "the token expired at {} ({} s ago)",
                        t.expires_at(),
                        now - t.expires_at()
                    ),
                ));
            }
            if t.issue_ts as u64 > now + 300 {
                out.push(d(
                    "issued_in_future",
                    format!(
                        "issue_ts {} is {} s in the future (clock skew?)",
                        t.issue_ts,
                        t.issue_ts as u64 - now
                    ),
                ));
            }
            for s in &t.services {
                let name = s.name().unwrap_or("service");
                for &(id, v) in &s.privileges {
                    lifetime_checks(&mut out, &format!("{name} privilege {id}"), v as u64);
                    if v != 0 && v > t.expire {
                        out.push(d(
                            "privilege_outlives_token",
                            format!(
                                "{name} privilege {id} lasts {v} s but the token only {} s; the token expiry wins",
                                t.expire
                            ),
                        ));
                    }
                }
                if let ServiceBody::Rtc { .. } = s.body {
                    if s.privilege(1).is_none() {
                        out.push(d(
                            "rtc_without_join",
                            "the RTC service lacks the join-channel privilege (1): nobody can join with it"
                                .into(),
                        ));
                    }
                }
                if matches!(s.service_type(), service_type::RTM | service_type::RTM2)
                    && s.privilege(1).is_none()
                {
                    out.push(d(
                        "rtm_without_login",
                        format!("the {name} service lacks the login privilege (1)"),
                    ));
                }
            }
            if let Some(tp) = t.stopped_at_unknown_service_type {
                out.push(d(
                    "unknown_service_type",
                    format!("service type {tp} is unknown; it and anything after it are not shown"),
                ));
            }
            if let Some(n) = t.trailing_payload_bytes.filter(|&n| n > 0) {
                out.push(d(
                    "trailing_payload_bytes",
                    format!("{n} signed bytes follow the last service"),
                ));
            }
        }
        Token::V006(t) => {
            if now >= t.ts as u64 {
                out.push(d(
                    "expired",
                    format!("the token expired at {} (ts field)", t.ts),
                ));
            }
            for &(id, v) in &t.privileges {
                let v = v as u64;
                if v == 0 {
                    continue;
                }
                if v >= LOOKS_MILLIS {
                    out.push(d(
                        "milliseconds",
                        format!("privilege {id} expires at {v}: milliseconds instead of seconds?"),
                    ));
                } else if v < LOOKS_ABSOLUTE {
                    out.push(d(
                        "lifetime_as_absolute_time",
                        format!(
                            "privilege {id} expires at {v} (in 1970-2001): 006 wants an absolute Unix time such as now + {v}"
                        ),
                    ));
                } else if v <= now {
                    out.push(d(
                        "privilege_expired",
                        format!("privilege {id} expired at {v}"),
                    ));
                }
            }
            let rtm = t.privilege(p006::RTM_LOGIN).is_some();
            if rtm && t.crc_uid != 0 {
                out.push(d(
                    "rtm_with_uid",
                    "an RTM privilege in a token signed for a non-empty uid: 006 RTM tokens sign an empty uid".into(),
                ));
            }
            if !rtm && t.privilege(p006::JOIN_CHANNEL).is_none() {
                out.push(d(
                    "rtc_without_join",
                    "no join-channel privilege (1) and no RTM login (1000)".into(),
                ));
            }
        }
    }
    out
}

fn lifetime_checks(out: &mut Vec<Diagnostic>, what: &str, v: u64) {
    if v >= LOOKS_MILLIS {
        out.push(d(
            "milliseconds",
            format!("{what} is {v}: milliseconds instead of seconds?"),
        ));
    } else if v >= LOOKS_ABSOLUTE || v > TEN_YEARS {
        out.push(d(
            "absolute_time_as_lifetime",
            format!(
                "{what} is {v} s (about {} years): 007 lifetimes are seconds from the issue time, not Unix timestamps",
                v / (365 * 24 * 3600)
            ),
        ));
    }
}
