//! Build-request target: the input is one JSON request line shaped like a
//! vector, `{"call": ..., "inputs": {...}, "fixed": {...}}`, handed to
//! `agora_token::json::build`, the dispatcher that the CLI's `batch` command
//! calls for build requests (the CLI is a binary crate, so its line reader is
//! not linked here). A refused request must carry a builder error code and
//! never echo the certificate; a built token must respect the documented
//! bounds, parse, and verify with the certificate it was built with.
#![no_main]

use agora_token::v007::service_type;
use agora_token::{json, Token};
use agora_token_fuzz::{check_built_bounds, check_error, check_parse, user_text, BUILD_CODES};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| agora_token_fuzz::bounded(|| run(data)));

fn run(data: &[u8]) {
    let Ok(req) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    let call = req.get("call").and_then(Value::as_str).unwrap_or("");
    let null = Value::Null;
    let inputs = req.get("inputs").unwrap_or(&null);
    let fixed = req.get("fixed");
    let cert = inputs
        .get("app_certificate")
        .and_then(Value::as_str)
        .unwrap_or("");

    let token = match json::build(call, inputs, fixed) {
        Err(e) => {
            check_error(&e, BUILD_CODES, call);
            // A message may quote what the caller passed elsewhere (an
            // unknown call name, say), so only a certificate that no other
            // string of the request contains must stay out of it.
            if cert.len() == 32 && !elsewhere(&req, cert) {
                assert!(
                    !e.message().contains(cert),
                    "error message shows the certificate"
                );
            }
            return;
        }
        Ok(t) => t,
    };
    check_built_bounds(&token);
    let t = check_parse(token.as_bytes()).expect("a built token parses");

    // Fixed salt and time make building deterministic.
    let f = |k: &str| fixed.and_then(|f| f.get(k)).filter(|v| !v.is_null());
    if f("salt").is_some() && (f("issue_ts").is_some() || f("now").is_some()) {
        assert_eq!(json::build(call, inputs, fixed).as_deref(), Ok(&*token));
    }

    match &t {
        Token::V007(t7) => {
            let v = t7.verify(cert);
            assert!(v.signature_valid, "built 007 token does not verify");
            // The builders take salt and issue time from `fixed`; the
            // low-level AccessToken2 call from its inputs.
            let (salt, issue) = if call == "AccessToken2" {
                (inputs.get("salt"), inputs.get("issue_ts"))
            } else {
                (f("salt"), f("issue_ts").or_else(|| f("now")))
            };
            if let Some(salt) = salt.and_then(Value::as_u64) {
                assert_eq!(t7.salt as u64, salt);
            }
            if let Some(issue) = issue.and_then(Value::as_u64) {
                assert_eq!(t7.issue_ts as u64, issue);
            }
            // Every RTC service names the channel it was asked for.
            if let Some(ch) = inputs.get("channel_name").and_then(Value::as_str) {
                for s in &t7.services {
                    if s.service_type() == service_type::RTC {
                        let d = json::service(s);
                        assert_eq!(d["channel_name"].as_str(), Some(ch));
                    }
                }
            }
        }
        Token::V006(t6) => {
            // What the 006 signature covers: channel (or RTM account) and uid.
            let (channel, uid) = match call {
                "RtmTokenBuilder.buildToken" => (user_text(inputs.get("user_account")), Vec::new()),
                "RtcTokenBuilder.buildTokenWithUserAccount" => (
                    user_text(inputs.get("channel_name")),
                    user_text(inputs.get("account")),
                ),
                _ => (
                    user_text(inputs.get("channel_name")),
                    user_text(inputs.get("uid")),
                ),
            };
            let v = t6.verify(cert, &channel, &uid);
            assert!(
                v.signature_valid && v.crc_match(),
                "built 006 token does not verify"
            );
        }
    }
}

/// Whether `needle` occurs in a key or string of `v` other than the value
/// of `inputs.app_certificate`.
fn elsewhere(v: &Value, needle: &str) -> bool {
    fn walk(v: &Value, needle: &str, path: &[&str]) -> bool {
        match v {
            Value::String(s) => path != ["inputs", "app_certificate"] && s.contains(needle),
            Value::Array(a) => a.iter().any(|x| walk(x, needle, &[])),
            Value::Object(m) => m.iter().any(|(k, x)| {
                let mut p = path.to_vec();
                p.push(k.as_str());
                k.contains(needle) || walk(x, needle, &p)
            }),
            _ => false,
        }
    }
    walk(v, needle, &[])
}
