//! Every shared vector through the core: builds byte for byte, parses field
//! for field, negatives by code.

mod common;

use agora_token::json::{build, decoded, decoded_text};
use agora_token::v006::Token006;
use agora_token::v007::Token007;
use agora_token::{parse, Token};
use serde_json::Value;

use common::{all_vectors, unhex};

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v[k].as_str().unwrap_or_else(|| panic!("{k} missing"))
}

/// The vector's decoded object minus the members a parser does not report
/// (006 build vectors: signed strings); our `trailing_payload_bytes` is
/// compared only where the vector has it.
/// The JSON text written straight from the token is the `Value`'s text
/// (whose maps sort their keys: the text's keys come in sorted order too).
fn compare_decoded(name: &str, parsed: &agora_token::Token, theirs: &Value) {
    let mut ours = decoded(parsed);
    assert_eq!(
        decoded_text(parsed),
        ours.to_string(),
        "{name}: decoded text"
    );
    let mut theirs = theirs.clone();
    let t = theirs.as_object_mut().unwrap();
    t.remove("signed_channel_name");
    t.remove("signed_uid");
    if !t.contains_key("trailing_payload_bytes") {
        ours.as_object_mut()
            .unwrap()
            .remove("trailing_payload_bytes");
    }
    assert_eq!(ours, theirs, "{name}: decoded differs");
}

fn payload_hex(token: &str) -> String {
    match parse(token).unwrap() {
        Token::V007(t) => agora_token::to_hex(&t.payload),
        Token::V006(_) => {
            use base64::Engine;
            let b = base64::engine::general_purpose::STANDARD
                .decode(&token[35..])
                .unwrap();
            agora_token::to_hex(&b)
        }
    }
}

fn verify_ok(name: &str, token: &str, cert: &str, channel: Option<&str>, uid: Option<&str>) {
    let t = parse(token).unwrap_or_else(|e| panic!("{name}: {e}"));
    let v = t.verify_signature(
        cert.as_bytes(),
        channel.map(str::as_bytes),
        uid.map(str::as_bytes),
    );
    assert!(v.signature_valid, "{name}: signature should verify");
    if let Some(c) = v.crc_match {
        assert!(c, "{name}: crc should match");
    }
}

fn check_build(name: &str, v: &Value) {
    let token = build(s(v, "call"), &v["inputs"], v.get("fixed"))
        .unwrap_or_else(|e| panic!("{name}: build failed: {e}"));
    let exp = &v["expected"];
    assert_eq!(token, s(exp, "token"), "{name}: token differs");
    let ph = payload_hex(&token);
    if v["format"] == "007" {
        assert_eq!(ph, s(exp, "uncompressed_hex"), "{name}: payload");
    } else {
        assert_eq!(ph, s(exp, "content_hex"), "{name}: content");
    }
    let parsed = parse(&token).unwrap();
    compare_decoded(name, &parsed, &v["decoded"]);
    let cert = s(&v["inputs"], "app_certificate");
    let d = &v["decoded"];
    verify_ok(
        name,
        &token,
        cert,
        d["signed_channel_name"].as_str(),
        d["signed_uid"].as_str(),
    );
    // Variant tokens from other implementations.
    if let Some(vars) = v.get("variant_tokens").and_then(Value::as_object) {
        for (lang, tok) in vars {
            let tok = tok.as_str().unwrap();
            let how = v["cross_implementation"][lang].as_str().unwrap_or("");
            let p = parse(tok).unwrap_or_else(|e| panic!("{name}/{lang}: variant must parse: {e}"));
            if how == "same_payload_different_deflate" {
                compare_decoded(&format!("{name}/{lang}"), &p, &v["decoded"]);
            }
            if v["format"] == "007" {
                verify_ok(&format!("{name}/{lang}"), tok, cert, None, None);
            }
        }
    }
}

fn check_parse(name: &str, v: &Value) {
    let token = s(v, "token");
    let parsed = parse(token).unwrap_or_else(|e| panic!("{name}: {e}"));
    compare_decoded(name, &parsed, &v["decoded"]);
    if let Some(u) = v.get("uncompressed_hex").and_then(Value::as_str) {
        assert_eq!(payload_hex(token), u, "{name}: payload");
    }
    for e in v["verify"].as_array().unwrap() {
        let r = parsed.verify_signature(
            s(e, "certificate").as_bytes(),
            e.get("channel_name")
                .and_then(Value::as_str)
                .map(str::as_bytes),
            e.get("uid").and_then(Value::as_str).map(str::as_bytes),
        );
        assert_eq!(
            r.signature_valid,
            e["signature_valid"].as_bool().unwrap(),
            "{name}: verify {e}"
        );
        if let Some(c) = e.get("crc_match") {
            assert_eq!(r.crc_match, c.as_bool(), "{name}: crc_match");
        }
    }
}

fn check_reject(name: &str, v: &Value) {
    let token = s(v, "token");
    let want = s(&v["expected"], "error");
    let by_format = match s(v, "format") {
        "006" => Token006::parse(token).map(|_| ()),
        _ => Token007::parse(token).map(|_| ()),
    };
    let err = by_format.expect_err(&format!("{name}: must be rejected"));
    assert_eq!(err.code().as_str(), want, "{name}: {err}");
    if token.starts_with("006") || token.starts_with("007") {
        let e2 = parse(token).expect_err(name);
        assert_eq!(e2.code().as_str(), want, "{name}: dispatching parse");
    }
}

fn check_verify_fail(name: &str, v: &Value) {
    let token = s(v, "token");
    let parsed = parse(token).unwrap_or_else(|e| panic!("{name}: must parse: {e}"));
    let exp = &v["expected"];
    let channel = v.get("channel_name").and_then(Value::as_str);
    let uid = v.get("uid").and_then(Value::as_str);
    let r = parsed.verify_signature(
        s(v, "certificate").as_bytes(),
        channel.map(str::as_bytes),
        uid.map(str::as_bytes),
    );
    assert!(!r.signature_valid, "{name}: must not verify");
    assert_eq!(
        r.certificate_rejected,
        exp.get("certificate_rejected")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        "{name}: certificate_rejected"
    );
    if let Token::V006(t) = &parsed {
        let d = t.verify(s(v, "certificate"), channel.unwrap(), uid.unwrap());
        let ch = exp
            .get("crc_channel_matches")
            .and_then(Value::as_bool)
            .unwrap_or(true);
        let ui = exp
            .get("crc_uid_matches")
            .and_then(Value::as_bool)
            .unwrap_or(true);
        assert_eq!(d.crc_channel_matches, ch, "{name}: crc channel");
        assert_eq!(d.crc_uid_matches, ui, "{name}: crc uid");
    }
}

fn check_build_error(name: &str, v: &Value) {
    let err =
        build(s(v, "call"), &v["inputs"], v.get("fixed")).expect_err(&format!("{name}: must fail"));
    assert_eq!(
        err.code().as_str(),
        s(&v["expected"], "error"),
        "{name}: {err}"
    );
    // The message never carries the certificate.
    let cert = s(&v["inputs"], "app_certificate");
    if cert.len() > 4 {
        assert!(
            !err.message().contains(cert),
            "{name}: certificate leaked into the message"
        );
    }
}

#[test]
fn every_vector() {
    let vs = all_vectors();
    let mut counts = std::collections::BTreeMap::new();
    for (_file, v) in &vs {
        let name = s(v, "name");
        let kind = s(v, "kind");
        match kind {
            "build" => check_build(name, v),
            "parse" => check_parse(name, v),
            "reject" => check_reject(name, v),
            "verify_fail" => check_verify_fail(name, v),
            "build_error" => check_build_error(name, v),
            other => panic!("{name}: unknown kind {other}"),
        }
        *counts.entry(kind.to_string()).or_insert(0) += 1;
    }
    eprintln!("vectors checked: {} {:?}", vs.len(), counts);
    assert_eq!(vs.len(), 281, "the vector files changed size");
}

#[test]
fn unhex_helper_roundtrip() {
    assert_eq!(unhex("00ff10"), vec![0, 255, 16]);
}
