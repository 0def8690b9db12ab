//! The CLI's `batch` line handler itself: `cli/src/batch.rs` is compiled
//! into this target unchanged (the CLI is a binary crate, so it cannot be a
//! dependency) and `answer_line` gets every line of the input. The module
//! needs only `crate::Fail`, for its stdin loop, which is stubbed here; a
//! change that makes batch.rs use more of the CLI breaks this build, on
//! purpose.
//!
//! Every line must get one answer object: `{"ok": true, ...}` with the
//! member its op promises (a token that parses, a decoded object, a
//! signature verdict), or `{"ok": false, "error": {"code", "message"}}` with
//! a known code, a message and no certificate that the request does not
//! also carry elsewhere; a request's `id` is copied.
#![no_main]

use agora_token_fuzz::{check_parse, BUILD_CODES, PARSE_CODES, VERIFY_CODES};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

#[allow(dead_code)]
#[path = "../../cli/src/batch.rs"]
mod batch;

/// What batch.rs's `run` returns on a read error; unused here.
#[allow(dead_code)]
pub struct Fail;

#[allow(dead_code)]
impl Fail {
    fn usage(_message: impl Into<String>) -> Fail {
        Fail
    }
}

fuzz_target!(|data: &[u8]| agora_token_fuzz::bounded(|| run(data)));

fn run(data: &[u8]) {
    for (i, line) in data.split(|&b| b == b'\n').take(16).enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        check_answer(line, batch::answer_line(line, i as u64 + 1));
    }
}

fn secret_of(req: &Value) -> Option<&str> {
    let c = req
        .get("certificate")
        .or_else(|| req.get("inputs").and_then(|i| i.get("app_certificate")))?
        .as_str()?;
    (c.len() == 32).then_some(c)
}

/// Occurrences of `needle` in the keys and strings of `v`.
fn count(v: &Value, needle: &str) -> usize {
    match v {
        Value::String(s) => s.matches(needle).count(),
        Value::Array(a) => a.iter().map(|x| count(x, needle)).sum(),
        Value::Object(m) => m
            .iter()
            .map(|(k, x)| k.matches(needle).count() + count(x, needle))
            .sum(),
        _ => 0,
    }
}

fn check_answer(line: &[u8], ans: Value) {
    let text = serde_json::to_string(&ans).expect("answer serialises");
    assert!(!text.contains('\n'), "an answer is one line");
    let req: Option<Value> = serde_json::from_slice(line).ok();
    if let Some(Value::Object(r)) = &req {
        if let Some(id) = r.get("id") {
            assert_eq!(ans.get("id"), Some(id), "id not copied");
        }
    }
    match ans["ok"] {
        Value::Bool(false) => {
            let code = ans["error"]["code"].as_str().expect("error code");
            assert!(
                PARSE_CODES.contains(&code)
                    || VERIFY_CODES.contains(&code)
                    || BUILD_CODES.contains(&code),
                "unknown code {code}"
            );
            let msg = ans["error"]["message"].as_str().expect("message");
            assert!(!msg.is_empty());
            if let Some(req) = &req {
                if let Some(c) = secret_of(req) {
                    if count(req, c) == 1 {
                        assert!(!msg.contains(c), "error message shows the certificate");
                    }
                }
            }
        }
        Value::Bool(true) => {
            let req = req.expect("an accepted line is JSON");
            match req["op"].as_str() {
                Some("build") => {
                    let t = ans["token"].as_str().expect("token");
                    check_parse(t.as_bytes()).expect("a built token parses");
                }
                Some("parse") => assert!(ans["decoded"].is_object()),
                Some("verify") => {
                    assert!(ans["decoded"].is_object());
                    assert!(ans["signature_valid"].is_boolean());
                }
                other => panic!("accepted op {other:?}"),
            }
        }
        _ => panic!("answer without ok: {text}"),
    }
}
