//! `agora-token batch` on hostile input: every line gets exactly one answer,
//! in order; a bad line never stops the stream and nothing panics.

mod common;

use agora_token::json::build;
use serde_json::{json, Value};

use common::{assert_clean, cli, run_with_input, stderr, APP_ID, CERT};

fn rtm_build(expire: Value) -> Value {
    json!({"op": "build", "call": "RtmTokenBuilder2.buildToken",
           "inputs": {"app_id": APP_ID, "app_certificate": CERT, "user_id": "a", "expire": expire},
           "fixed": {"salt": 1, "issue_ts": 1700000000}})
}

/// A request the core answers, and what the core says directly.
fn good() -> (String, Value) {
    let req = rtm_build(json!(600));
    let token = build(
        req["call"].as_str().unwrap(),
        &req["inputs"],
        Some(&req["fixed"]),
    )
    .unwrap();
    (req.to_string(), json!({"ok": true, "token": token}))
}

fn batch(input: Vec<u8>) -> Vec<Value> {
    let mut c = cli();
    c.arg("batch");
    let o = run_with_input(c, input);
    assert_clean(&o, "batch");
    assert!(
        o.status.success(),
        "batch exit: {:?} {}",
        o.status,
        stderr(&o)
    );
    String::from_utf8(o.stdout)
        .expect("answers are UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

#[test]
fn bad_lines_get_errors_and_good_lines_still_work() {
    let (good_line, good_answer) = good();
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let huge_number = format!("1{}", "0".repeat(5000));
    let bad: Vec<(Vec<u8>, &str)> = vec![
        (b"not json".to_vec(), "invalid_argument"),
        (b"".to_vec(), "invalid_argument"),
        (b"   \t".to_vec(), "invalid_argument"),
        (b"{".to_vec(), "invalid_argument"),
        (b"[]".to_vec(), "invalid_argument"),
        (b"42".to_vec(), "invalid_argument"),
        (b"null".to_vec(), "invalid_argument"),
        (b"\"parse\"".to_vec(), "invalid_argument"),
        (b"{}".to_vec(), "invalid_argument"),
        (b"{\"op\":7}".to_vec(), "invalid_argument"),
        (b"{\"op\":\"nope\"}".to_vec(), "invalid_argument"),
        (b"{\"op\":\"parse\"}".to_vec(), "invalid_argument"),
        (
            b"{\"op\":\"parse\",\"token\":5}".to_vec(),
            "invalid_argument",
        ),
        (b"{\"op\":\"parse\",\"token\":\"\"}".to_vec(), "bad_version"),
        (
            b"{\"op\":\"parse\",\"token\":\"007\"}".to_vec(),
            "bad_payload",
        ),
        (
            b"{\"op\":\"parse\",\"token\":\"007!!!!\"}".to_vec(),
            "bad_base64",
        ),
        (
            b"{\"op\":\"parse\",\"token\":\"x\",\"extra\":1}".to_vec(),
            "invalid_argument",
        ),
        (
            b"{\"op\":\"verify\",\"token\":\"007\"}".to_vec(),
            "invalid_argument",
        ),
        (
            b"{\"op\":\"verify\",\"token\":\"007\",\"certificate\":[]}".to_vec(),
            "invalid_argument",
        ),
        (b"{\"op\":\"build\"}".to_vec(), "invalid_argument"),
        (
            b"{\"op\":\"build\",\"call\":\"NoSuch.call\",\"inputs\":{}}".to_vec(),
            "invalid_argument",
        ),
        (
            b"{\"op\":\"build\",\"call\":\"FpaTokenBuilder.buildToken\",\"inputs\":\"x\"}".to_vec(),
            "invalid_argument",
        ),
        (
            rtm_build(json!(-1)).to_string().into_bytes(),
            "value_out_of_range",
        ),
        (
            rtm_build(json!(4294967296u64)).to_string().into_bytes(),
            "value_out_of_range",
        ),
        (
            rtm_build(json!(u64::MAX)).to_string().into_bytes(),
            "value_out_of_range",
        ),
        (
            rtm_build(json!(1.5)).to_string().into_bytes(),
            "invalid_argument",
        ),
        (
            rtm_build(json!("600")).to_string().into_bytes(),
            "invalid_argument",
        ),
        (
            rtm_build(json!(true)).to_string().into_bytes(),
            "invalid_argument",
        ),
        (
            rtm_build(json!([600])).to_string().into_bytes(),
            "invalid_argument",
        ),
        (
            good_line.replace("600", &huge_number).into_bytes(),
            "value_out_of_range",
        ),
        (
            good_line.replace("600", "1e400").into_bytes(),
            "value_out_of_range",
        ),
        (
            good_line.replace("\"a\"", "5").into_bytes(),
            "invalid_argument",
        ),
        (
            good_line
                .replace("\"a\"", &format!("\"{}\"", "u".repeat(70_000)))
                .into_bytes(),
            "value_too_long",
        ),
        (deep.into_bytes(), "invalid_argument"),
        (vec![0xff, 0xfe, b'{', b'}'], "invalid_argument"),
        (
            b"{\"op\":\"parse\",\"token\":\"\\ud800\"}".to_vec(),
            "invalid_argument",
        ),
    ];
    let mut input = Vec::new();
    for (line, _) in &bad {
        input.extend_from_slice(line);
        input.push(b'\n');
        input.extend_from_slice(good_line.as_bytes());
        input.extend_from_slice(b"\r\n");
    }
    // The last request has no newline.
    input.extend_from_slice(good_line.as_bytes());
    let answers = batch(input);
    assert_eq!(answers.len(), bad.len() * 2 + 1, "one answer per line");
    for (i, (line, code)) in bad.iter().enumerate() {
        let shown = String::from_utf8_lossy(&line[..line.len().min(60)]).into_owned();
        let a = &answers[2 * i];
        assert_eq!(a["ok"], false, "{shown}: {a}");
        assert_eq!(a["error"]["code"], *code, "{shown}: {a}");
        assert!(
            a["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{shown}: {a}"
        );
        assert_eq!(answers[2 * i + 1], good_answer, "after {shown}");
    }
    assert_eq!(answers[answers.len() - 1], good_answer);
}

#[test]
fn ids_are_echoed_and_order_is_kept() {
    let mut input = String::new();
    for i in 0..50 {
        let req = rtm_build(json!(i));
        let mut req = req.clone();
        req["id"] = json!(format!("r{i}"));
        input.push_str(&req.to_string());
        input.push('\n');
    }
    let answers = batch(input.into_bytes());
    assert_eq!(answers.len(), 50);
    for (i, a) in answers.iter().enumerate() {
        assert_eq!(a["id"], json!(format!("r{i}")));
        let req = rtm_build(json!(i));
        let want = build(
            req["call"].as_str().unwrap(),
            &req["inputs"],
            Some(&req["fixed"]),
        )
        .unwrap();
        assert_eq!(a["token"], want.as_str());
    }
}

#[test]
fn empty_input_gives_no_answers() {
    assert!(batch(Vec::new()).is_empty());
}

#[test]
fn an_overlong_line_is_refused_without_stopping() {
    let (good_line, good_answer) = good();
    let mut input = vec![b'x'; (16 << 20) + 10];
    input.push(b'\n');
    input.extend_from_slice(good_line.as_bytes());
    input.push(b'\n');
    let answers = batch(input);
    assert_eq!(answers.len(), 2);
    assert_eq!(answers[0]["error"]["code"], "value_too_long");
    assert_eq!(answers[1], good_answer);
}
