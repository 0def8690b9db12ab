//! The shared bad-input matrix (tests/bad_inputs.json) against the core:
//! build entries through `agora_token::json::build` (the vector-style calls
//! that the CLI and bindings share), or through the byte-level builders when
//! an argument is raw non-UTF-8 bytes, which JSON cannot carry; parse and
//! verify entries through `agora_token::parse` / `agora_token::verify`.
//!
//! Markers are resolved as tests/bad_inputs.json describes them.
//!
//! Every entry must fail with exactly its `expected_code`. An entry this
//! runner cannot express must say so in `not_applicable.rust`; one that is
//! neither run nor declared not applicable fails the test.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use agora_token::builders::{rtc, rtm};
use agora_token::{json, Expect, Options, UserId};
use serde_json::{Map, Value};

const LANG: &str = "rust";

/// An argument after the markers are resolved.
#[derive(Debug, Clone)]
enum Arg {
    Null,
    Undefined,
    Bytes(Vec<u8>),
    Json(Value),
}

fn matrix_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/bad_inputs.json")
}

fn vector_tokens() -> BTreeMap<String, String> {
    common::all_vectors()
        .into_iter()
        .filter_map(|(_, v)| {
            let t = v["expected"]["token"].as_str()?.to_owned();
            Some((v["name"].as_str()?.to_owned(), t))
        })
        .collect()
}

fn unhex(s: &str) -> Vec<u8> {
    common::unhex(s)
}

/// Resolves `$null`, `$undefined`, `$hex`, `$repeat` and `$vector_token`.
fn resolve(v: &Value, tokens: &BTreeMap<String, String>) -> Arg {
    let Some(m) = v.as_object() else {
        return match v {
            Value::String(s) => Arg::Bytes(s.as_bytes().to_vec()),
            other => Arg::Json(other.clone()),
        };
    };
    if m.contains_key("$null") {
        return Arg::Null;
    }
    if m.contains_key("$undefined") {
        return Arg::Undefined;
    }
    if let Some(h) = m.get("$hex").and_then(Value::as_str) {
        return Arg::Bytes(unhex(h));
    }
    if let Some(r) = m.get("$repeat").and_then(Value::as_str) {
        let n = m["count"].as_u64().expect("count") as usize;
        let mut s = m
            .get("prefix")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        s.push_str(&r.repeat(n));
        return Arg::Bytes(s.into_bytes());
    }
    if let Some(z) = m.get("$zip_bomb") {
        return Arg::Bytes(zip_bomb(z["zeros"].as_u64().expect("zeros")).into_bytes());
    }
    if let Some(name) = m.get("$vector_token").and_then(Value::as_str) {
        let mut t = tokens
            .get(name)
            .unwrap_or_else(|| panic!("no build vector {name}"))
            .clone();
        if let Some(n) = m.get("keep").and_then(Value::as_u64) {
            t.truncate(n as usize);
        }
        for pair in m
            .get("replace")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let (from, to) = (pair[0].as_str().unwrap(), pair[1].as_str().unwrap());
            assert!(t.contains(from), "{name} has no {from:?} to replace");
            t = t.replace(from, to);
        }
        let pre = m.get("prefix").and_then(Value::as_str).unwrap_or("");
        let suf = m.get("suffix").and_then(Value::as_str).unwrap_or("");
        let mut b = format!("{pre}{t}{suf}").into_bytes();
        if let Some(h) = m.get("suffix_hex").and_then(Value::as_str) {
            b.extend(unhex(h));
        }
        return Arg::Bytes(b);
    }
    Arg::Json(v.clone())
}

/// `007` + base64(zlib level 9 of `zeros` zero bytes), compressed in chunks.
fn zip_bomb(zeros: u64) -> String {
    use base64::Engine as _;
    use std::io::Write as _;
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let chunk = [0u8; 1 << 16];
    let mut left = zeros;
    while left > 0 {
        let n = left.min(chunk.len() as u64) as usize;
        z.write_all(&chunk[..n]).unwrap();
        left -= n as u64;
    }
    let mut t = String::from("007");
    base64::engine::general_purpose::STANDARD.encode_string(z.finish().unwrap(), &mut t);
    t
}

enum Outcome {
    Code(&'static str),
    Token(String),
    NotExpressible(String),
}

fn of<T>(r: agora_token::Result<T>, show: impl FnOnce(T) -> String) -> Outcome {
    match r {
        Ok(t) => Outcome::Token(show(t)),
        Err(e) => {
            // Native error: a code and a message, never empty.
            assert!(
                !e.message().is_empty(),
                "{} without message",
                e.code().as_str()
            );
            Outcome::Code(e.code().as_str())
        }
    }
}

fn bytes_arg<'a>(args: &'a BTreeMap<String, Arg>, name: &str) -> Result<&'a [u8], String> {
    match args.get(name) {
        Some(Arg::Bytes(b)) => Ok(b),
        Some(other) => Err(format!("{name} is {other:?}: this API takes a byte string")),
        None => Err(format!("{name} is missing")),
    }
}

fn run_parse_verify(call: &str, args: &BTreeMap<String, Arg>) -> Outcome {
    let token = match bytes_arg(args, "token") {
        Ok(t) => t,
        Err(why) => return Outcome::NotExpressible(why),
    };
    if call == "parse" {
        return of(agora_token::parse(token), |t| format!("{t:?}"));
    }
    let cert = match bytes_arg(args, "app_certificate") {
        Ok(c) => c,
        Err(why) => return Outcome::NotExpressible(why),
    };
    let opt = |k: &str| match args.get(k) {
        Some(Arg::Bytes(b)) => Some(b.as_slice()),
        _ => None,
    };
    let now = match args.get("now") {
        Some(Arg::Json(v)) => v.as_u64(),
        _ => None,
    };
    let expect = Expect {
        user: opt("user"),
        channel: opt("channel_name"),
        uid: opt("uid"),
        now,
    };
    of(agora_token::verify(token, cert, &expect), |v| {
        format!("verified {:?}", v.token.version())
    })
}

/// Byte-level builders, for arguments JSON cannot carry (non-UTF-8 bytes).
fn run_bytes_builder(call: &str, a: &BTreeMap<String, Arg>, fixed: &Options) -> Outcome {
    let b = |k: &str| bytes_arg(a, k);
    let n = |k: &str| match a.get(k) {
        Some(Arg::Json(v)) => v.as_i64(),
        _ => None,
    };
    let r = (|| -> Result<agora_token::Result<String>, String> {
        Ok(match call {
            "RtcTokenBuilder2.buildTokenWithUid" => rtc::build_token_with_user(
                b("app_id")?,
                b("app_certificate")?,
                b("channel_name")?,
                UserId::Uid(n("uid").ok_or("uid")? as u32),
                n("role").ok_or("role")?,
                n("token_expire").ok_or("token_expire")? as u32,
                n("privilege_expire").ok_or("privilege_expire")? as u32,
                fixed,
            ),
            "RtmTokenBuilder2.buildToken" => rtm::build_token(
                b("app_id")?,
                b("app_certificate")?,
                b("user_id")?,
                n("expire").ok_or("expire")? as u32,
                fixed,
            ),
            other => return Err(format!("no byte-level mapping for {other}")),
        })
    })();
    match r {
        Ok(r) => of(r, |t| t),
        Err(why) => Outcome::NotExpressible(why),
    }
}

fn run_builder(call: &str, args: &BTreeMap<String, Arg>, fixed: Option<&Value>) -> Outcome {
    let non_utf8 = args
        .values()
        .any(|a| matches!(a, Arg::Bytes(b) if std::str::from_utf8(b).is_err()));
    if non_utf8 {
        let f = fixed.cloned().unwrap_or(Value::Null);
        let opts = Options {
            salt: f["salt"].as_u64().map(|v| v as u32),
            issue_ts: f["issue_ts"].as_u64().map(|v| v as u32),
        };
        return run_bytes_builder(call, args, &opts);
    }
    let mut inputs = Map::new();
    for (k, a) in args {
        match a {
            Arg::Undefined => {}
            Arg::Null => {
                inputs.insert(k.clone(), Value::Null);
            }
            Arg::Bytes(b) => {
                let s = String::from_utf8(b.clone()).expect("checked above");
                inputs.insert(k.clone(), Value::String(s));
            }
            Arg::Json(v) => {
                inputs.insert(k.clone(), v.clone());
            }
        }
    }
    of(json::build(call, &Value::Object(inputs), fixed), |t| t)
}

#[test]
fn bad_input_matrix() {
    let text = std::fs::read_to_string(matrix_path()).expect("tests/bad_inputs.json");
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["schema"], "agora-token-bad-inputs/1");
    let tokens = vector_tokens();
    let defaults = doc["defaults"].as_object().unwrap();
    let (mut passed, mut failed, mut na) = (0, 0, 0);
    let mut failures = Vec::new();
    for e in doc["entries"].as_array().unwrap() {
        let name = e["name"].as_str().unwrap();
        let call = e["call"].as_str().unwrap();
        let expected = e["expected_code"].as_str().unwrap();
        let na_reason = e["not_applicable"][LANG].as_str();

        let mut args = BTreeMap::new();
        if let Some(d) = defaults.get(call).and_then(Value::as_object) {
            for (k, v) in d {
                args.insert(k.clone(), resolve(v, &tokens));
            }
        }
        for (k, v) in e["args"].as_object().unwrap() {
            args.insert(k.clone(), resolve(v, &tokens));
        }
        let outcome = match call {
            "parse" | "verify" => run_parse_verify(call, &args),
            _ => run_builder(call, &args, e.get("fixed")),
        };
        match (outcome, na_reason) {
            (Outcome::NotExpressible(why), Some(reason)) => {
                na += 1;
                println!("n/a   {name}: {reason} ({why})");
            }
            (Outcome::NotExpressible(why), None) => {
                failed += 1;
                failures.push(format!(
                    "{name}: cannot be expressed here ({why}) and has no not_applicable.{LANG}"
                ));
            }
            (_, Some(reason)) => {
                failed += 1;
                failures.push(format!(
                    "{name}: declared not applicable ({reason}) but this runner can express it"
                ));
            }
            (Outcome::Code(c), None) if c == expected => {
                passed += 1;
                println!("ok    {name}: {c}");
            }
            (Outcome::Code(c), None) => {
                failed += 1;
                failures.push(format!("{name}: got {c}, expected {expected}"));
            }
            (Outcome::Token(t), None) => {
                failed += 1;
                let shown: String = t.chars().take(40).collect();
                failures.push(format!(
                    "{name}: succeeded ({shown}...), expected {expected}"
                ));
            }
        }
    }
    for f in &failures {
        println!("FAIL  {f}");
    }
    println!("bad inputs ({LANG}): {passed} passed, {failed} failed, {na} not applicable");
    assert!(failures.is_empty(), "{} entries failed", failures.len());
    assert!(passed > 0);
}
