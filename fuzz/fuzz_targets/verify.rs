//! Verifier target. The input is up to six lines: token, certificate,
//! channel, uid, user, now (decimal). A missing line is "not given"; a
//! present but empty one is the empty string. The seed corpus pairs each
//! vector token with its certificate and identity, so mutations start from
//! tokens whose signature is valid.
#![no_main]

use agora_token::{json, parse, verify, Expect};
use agora_token_fuzz::{check_error, check_parse, VERIFY_CODES};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| agora_token_fuzz::bounded(|| run(data)));

fn run(data: &[u8]) {
    let mut lines = data.splitn(6, |&b| b == b'\n');
    let token = lines.next().unwrap_or_default();
    let cert = lines.next().unwrap_or_default();
    let channel = lines.next();
    let uid = lines.next();
    let user = lines.next();
    let now = lines
        .next()
        .and_then(|l| std::str::from_utf8(l).ok())
        .and_then(|s| s.parse::<u64>().ok());
    let expect = Expect {
        user,
        channel,
        uid,
        now,
    };

    let result = verify(token, cert, &expect);
    let parsed = check_parse(token);
    let Some(t) = parsed else {
        let pe = parse(token).unwrap_err();
        let ve = result.expect_err("verify accepted a token parse refused");
        assert_eq!(pe.code(), ve.code());
        if let (Ok(ts), Ok(cs)) = (std::str::from_utf8(token), std::str::from_utf8(cert)) {
            let je = json::verify_json(ts, cs, channel, uid).expect_err("verify_json accepted it");
            assert_eq!(je.code(), pe.code());
        }
        return;
    };

    // For 006, an RTM check signs the user where the channel goes.
    let (ch, u) = match (channel, user) {
        (None, Some(user)) if uid.is_none() => (Some(user), Some(&b""[..])),
        _ => (channel, uid),
    };
    let sig = t.verify_signature(cert, ch, u);
    if sig.certificate_rejected {
        assert!(!sig.signature_valid);
    }
    match &result {
        Ok(v) => {
            assert!(sig.signature_valid && !sig.certificate_rejected);
            assert_eq!(v.token, t);
            assert_eq!(v.expires_at, t.expires_at());
            if let Some(now) = now {
                assert!(now < v.expires_at);
            }
        }
        Err(e) => {
            check_error(e, VERIFY_CODES, "verify");
            // A bad certificate decides, unless the expectation itself was
            // unusable (a 006 token needs its channel and uid, or its user).
            if sig.certificate_rejected {
                let code = e.code().as_str();
                assert!(code == "certificate_rejected" || code == "invalid_argument");
            }
        }
    }
    // The batch verify answer agrees with the signature check.
    if let Ok(cert_str) = std::str::from_utf8(cert) {
        if let Ok(token_str) = std::str::from_utf8(token) {
            let v = json::verify_json(token_str, cert_str, ch, u).expect("parsed token");
            assert_eq!(v["signature_valid"], sig.signature_valid);
        }
    }
}
