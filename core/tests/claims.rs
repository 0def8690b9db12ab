//! Verification and claims checks, value limits, diagnostics and the typed
//! API.

use std::time::{Duration, UNIX_EPOCH};

use agora_token::builders::{rtc, rtc006, rtm, rtm006};
use agora_token::inspect::diagnostics;
use agora_token::typed::{Credentials, RtcRole};
use agora_token::v007::{AccessToken2, Service};
use agora_token::{parse, verify, ErrorCode, Expect, Options, UserId};

const APP_ID: &str = "970CA35de60c44645bbae8a215061b33";
const CERT: &str = "5CFd2fd1755d40ecb72977518be15d3b";
const OTHER: &str = "C0FFEE00DEADBEEF0123456789ABCDEF";
const T0: u32 = 1_700_000_000;

fn code<T: std::fmt::Debug>(r: agora_token::Result<T>) -> &'static str {
    r.expect_err("must fail").code().as_str()
}

#[test]
fn rtm_007_claims() {
    let tok = rtm::build_token(APP_ID, CERT, "alice", 600, &Options::fixed(1, T0)).unwrap();
    let v = verify(&tok, CERT, &Expect::user("alice").at(T0 as u64 + 10)).unwrap();
    assert_eq!(v.expires_at, T0 as u64 + 600);
    assert_eq!(
        code(verify(&tok, OTHER, &Expect::default())),
        "signature_mismatch"
    );
    assert_eq!(
        code(verify(&tok, "short", &Expect::default())),
        "certificate_rejected"
    );
    assert_eq!(
        code(verify(&tok, CERT, &Expect::user("bob"))),
        "identity_mismatch"
    );
    assert_eq!(
        code(verify(
            &tok,
            CERT,
            &Expect::user("alice").at(T0 as u64 + 600)
        )),
        "expired"
    );
    assert_eq!(
        code(verify(&tok, CERT, &Expect::rtc("room", "1"))),
        "identity_mismatch"
    );
}

#[test]
fn rtc_007_privilege_capped_and_wildcard_uid() {
    // Privilege lifetime 60 s inside a 600 s token.
    let tok =
        rtc::build_token_with_uid(APP_ID, CERT, "room", 42, 1, 600, 60, &Options::fixed(1, T0))
            .unwrap();
    verify(&tok, CERT, &Expect::rtc("room", "42").at(T0 as u64 + 59)).unwrap();
    assert_eq!(
        code(verify(
            &tok,
            CERT,
            &Expect::rtc("room", "42").at(T0 as u64 + 60)
        )),
        "expired"
    );
    assert_eq!(
        code(verify(&tok, CERT, &Expect::rtc("room", "43"))),
        "identity_mismatch"
    );
    assert_eq!(
        code(verify(&tok, CERT, &Expect::rtc("room2", "42"))),
        "identity_mismatch"
    );
    // uid 0 is the wildcard: any uid is accepted.
    let any = rtc::build_token_with_uid(APP_ID, CERT, "room", 0, 1, 600, 0, &Options::fixed(1, T0))
        .unwrap();
    verify(
        &any,
        CERT,
        &Expect::rtc("room", "12345").at(T0 as u64 + 599),
    )
    .unwrap();
}

#[test]
fn privilege_missing_for_rtc_without_join() {
    let mut t = AccessToken2::new(APP_ID, CERT, T0, 600, 1);
    t.add_service(Service::rtc("room", UserId::Uid(5)).with_privilege(2, 600));
    let tok = t.build().unwrap();
    assert_eq!(
        code(verify(&tok, CERT, &Expect::rtc("room", "5").at(T0 as u64))),
        "privilege_missing"
    );
    let d = diagnostics(&parse(&tok).unwrap(), T0 as u64);
    assert!(d.iter().any(|d| d.code == "rtc_without_join"), "{d:?}");
}

#[test]
fn v006_crc_separates_channel_and_uid() {
    // "room1" + "23" and "room12" + "3" sign the same text; only the CRCs differ.
    let opts = Options::fixed(9, T0);
    let tok =
        rtc006::build_token_with_account(APP_ID, CERT, "room1", "23", 1, T0 + 3600, &opts).unwrap();
    verify(&tok, CERT, &Expect::rtc("room1", "23")).unwrap();
    assert_eq!(
        code(verify(&tok, CERT, &Expect::rtc("room12", "3"))),
        "crc_mismatch"
    );
    let agora_token::Token::V006(t) = parse(&tok).unwrap() else {
        panic!()
    };
    let v = t.verify(CERT, "room12", "3");
    assert!(v.signature_valid, "the HMAC alone cannot tell them apart");
    assert!(!v.crc_match());
}

#[test]
fn v006_rtm_claims_and_expiry() {
    let opts = Options::fixed(9, T0);
    let tok = rtm006::build_token(APP_ID, CERT, "alice", T0 + 100, &opts).unwrap();
    verify(&tok, CERT, &Expect::user("alice").at(T0 as u64 + 99)).unwrap();
    assert_eq!(
        code(verify(
            &tok,
            CERT,
            &Expect::user("alice").at(T0 as u64 + 100)
        )),
        "expired"
    );
    assert_eq!(
        code(verify(&tok, CERT, &Expect::user("bob"))),
        "crc_mismatch"
    );
    assert_eq!(
        code(verify(&tok, CERT, &Expect::default())),
        "invalid_argument"
    );
    // A 006 privilege value of 0 has no limit of its own; ts still bounds the token.
    let forever = rtm006::build_token(APP_ID, CERT, "alice", 0, &opts).unwrap();
    verify(
        &forever,
        CERT,
        &Expect::user("alice").at(T0 as u64 + 86_399),
    )
    .unwrap();
    assert_eq!(
        code(verify(
            &forever,
            CERT,
            &Expect::user("alice").at(T0 as u64 + 86_400)
        )),
        "expired"
    );
}

#[test]
fn limits_are_errors_not_wraps() {
    let opts = Options::fixed(1, T0);
    let long = "x".repeat(65_536);
    let ok = "x".repeat(65_535);
    assert_eq!(
        code(rtm::build_token(APP_ID, CERT, &long, 600, &opts)),
        "value_too_long"
    );
    assert!(rtm::build_token(APP_ID, CERT, &ok, 600, &opts).is_ok());
    assert_eq!(
        code(rtc::build_token_with_user_account(
            APP_ID, CERT, "c", &long, 1, 1, 1, &opts
        )),
        "value_too_long"
    );
    // 006 carries only the CRC of the channel name, so its length is not limited.
    let t006 = rtc006::build_token_with_uid(APP_ID, CERT, &long, 1, 1, 1, &opts).unwrap();
    verify(&t006, CERT, &Expect::rtc(&long, "1")).unwrap();
    // 006: now + 86400 must fit in u32.
    assert_eq!(
        code(rtm006::build_token(
            APP_ID,
            CERT,
            "a",
            1,
            &Options::fixed(1, u32::MAX - 10)
        )),
        "value_out_of_range"
    );
    // A token payload over the 1 MiB bound is refused, so every built token parses.
    let mut t = AccessToken2::new(APP_ID, CERT, T0, 600, 1);
    for _ in 0..20 {
        t.add_service(Service::rtm(&ok));
    }
    assert_eq!(code(t.build()), "value_too_long");
    // No services.
    assert_eq!(
        code(AccessToken2::new(APP_ID, CERT, T0, 600, 1).build()),
        "no_services"
    );
    // Credentials: 006 checks them too, unlike part of the reference.
    assert_eq!(
        code(rtm006::build_token("abc", CERT, "a", 1, &opts)),
        "invalid_app_id"
    );
    assert_eq!(
        code(rtm006::build_token(APP_ID, "abc", "a", 1, &opts)),
        "invalid_app_certificate"
    );
    let e =
        rtm::build_token(APP_ID, "5CFd2fd1755d40ecb72977518be15d3x", "a", 1, &opts).unwrap_err();
    assert!(!e.to_string().contains("5CFd2fd1755d40ecb72977518be15d3x"));
}

#[test]
fn salts_are_random_per_token() {
    let mut salts = std::collections::HashSet::new();
    let opts = Options {
        salt: None,
        issue_ts: Some(T0),
    };
    for _ in 0..10_000 {
        let tok = rtm::build_token(APP_ID, CERT, "a", 600, &opts).unwrap();
        let agora_token::Token::V007(t) = parse(&tok).unwrap() else {
            panic!()
        };
        assert!((1..=99_999_999).contains(&t.salt));
        salts.insert(t.salt);
    }
    // 10^4 draws from 10^8 values: about 0.5 collisions expected.
    assert!(salts.len() >= 9_990, "{} distinct salts", salts.len());
}

#[test]
fn diagnostics_find_unit_mistakes() {
    let opts = Options::fixed(1, T0);
    let now = T0 as u64;
    // Absolute timestamp passed as a 007 lifetime.
    let tok = rtm::build_token(APP_ID, CERT, "a", T0 + 3600, &opts).unwrap();
    let d = diagnostics(&parse(&tok).unwrap(), now);
    assert!(
        d.iter().any(|d| d.code == "absolute_time_as_lifetime"),
        "{d:?}"
    );
    // Milliseconds.
    let tok =
        rtc::build_token_with_uid(APP_ID, CERT, "c", 1, 1, 600, 4_000_000_000, &opts).unwrap();
    let d = diagnostics(&parse(&tok).unwrap(), now);
    assert!(d
        .iter()
        .any(|d| d.code == "absolute_time_as_lifetime" || d.code == "milliseconds"));
    // A duration passed to 006: expiry in 1970.
    let tok = rtm006::build_token(APP_ID, CERT, "a", 3600, &opts).unwrap();
    let d = diagnostics(&parse(&tok).unwrap(), now);
    assert!(
        d.iter().any(|d| d.code == "lifetime_as_absolute_time"),
        "{d:?}"
    );
    // Past 006 expiry.
    let tok = rtm006::build_token(APP_ID, CERT, "a", T0 - 10, &opts).unwrap();
    let d = diagnostics(&parse(&tok).unwrap(), now);
    assert!(d.iter().any(|d| d.code == "privilege_expired"), "{d:?}");
    // A clean token has nothing to say.
    let tok = rtm::build_token(APP_ID, CERT, "a", 3600, &opts).unwrap();
    assert!(diagnostics(&parse(&tok).unwrap(), now).is_empty());
}

#[test]
fn typed_api() {
    assert_eq!(
        Credentials::new("abc", CERT).unwrap_err().code(),
        ErrorCode::InvalidAppId
    );
    let c = Credentials::new(APP_ID, CERT)
        .unwrap()
        .with_options(Options::fixed(3, T0));
    assert!(!format!("{c:?}").contains(CERT));
    let tok = c.rtm_token("alice", Duration::from_secs(600)).unwrap();
    assert_eq!(
        tok,
        rtm::build_token(APP_ID, CERT, "alice", 600, &Options::fixed(3, T0)).unwrap()
    );
    let tok = c
        .rtc_token(
            "room",
            UserId::Uid(7),
            RtcRole::Subscriber,
            Duration::from_secs(600),
            None,
        )
        .unwrap();
    verify(&tok, CERT, &Expect::rtc("room", "7").at(T0 as u64 + 1)).unwrap();
    assert_eq!(
        c.rtm_token("a", Duration::from_secs(u32::MAX as u64 + 1))
            .unwrap_err()
            .code(),
        ErrorCode::ValueOutOfRange
    );
    // 006 expiry must be in the future.
    let past = UNIX_EPOCH + Duration::from_secs(T0 as u64 - 1);
    assert_eq!(
        c.rtm_token_006("a", past).unwrap_err().code(),
        ErrorCode::ValueOutOfRange
    );
    let fut = UNIX_EPOCH + Duration::from_secs(T0 as u64 + 3600);
    let tok = c.rtm_token_006("alice", fut).unwrap();
    verify(&tok, CERT, &Expect::user("alice").at(T0 as u64 + 1)).unwrap();
}

#[test]
fn grants_a_privilege() {
    let tok =
        rtc::build_token_with_uid(APP_ID, CERT, "room", 42, 2, 600, 60, &Options::fixed(1, T0))
            .unwrap();
    let agora_token::Token::V007(t) = parse(&tok).unwrap() else {
        panic!()
    };
    assert_eq!(t.grants(1, 1, Some(T0 as u64)).unwrap(), T0 as u64 + 60);
    // A subscriber (role 2) has no publish privileges.
    assert_eq!(
        t.grants(1, 2, None).unwrap_err().code(),
        ErrorCode::PrivilegeMissing
    );
    assert_eq!(
        t.grants(1, 1, Some(T0 as u64 + 60)).unwrap_err().code(),
        ErrorCode::Expired
    );
    let tok = rtm006::build_token(APP_ID, CERT, "a", 0, &Options::fixed(1, T0)).unwrap();
    let agora_token::Token::V006(t) = parse(&tok).unwrap() else {
        panic!()
    };
    assert_eq!(t.grants(1000, None).unwrap(), T0 as u64 + 86_400);
    assert_eq!(
        t.grants(1, None).unwrap_err().code(),
        ErrorCode::PrivilegeMissing
    );
}
