//! `batch`: JSON Lines on stdin, one answer line per input line on stdout, in
//! order, flushed after every line.
//!
//! Requests:
//! - `{"op":"build","call":NAME,"inputs":{...},"fixed":{...}}` →
//!   `{"ok":true,"token":"..."}`
//! - `{"op":"parse","token":T}` → `{"ok":true,"decoded":{...}}`
//! - `{"op":"verify","token":T,"certificate":C,"channel_name"?:..,"uid"?:..}`
//!   → `{"ok":true,"decoded":{...},"signature_valid":bool,...}` (006 also
//!   `crc_match`, `crc_channel_matches`, `crc_uid_matches`)
//!
//! Any failure, a line that is not JSON included, is
//! `{"ok":false,"error":{"code":..,"message":..}}`. Every line gets an answer,
//! an empty one too, so answers can be matched to requests by position; an
//! `"id"` member of a request is copied into its answer.
//!
//! Requests carry App Certificates, so the copies this module makes are
//! wiped once a line is answered: the line buffer (also the old allocation
//! when it grows) and the strings of the parsed request. Not reached from
//! here: the standard library's stdin buffer and serde_json's scratch copy
//! of a string with escapes in it.

use std::io::{BufRead, Write};

use agora_token::json::{build, decoded, error, verify_json, wipe};
use agora_token::{parse, uid_text, Error, ErrorCode};
use serde_json::{json, Map, Value};
use zeroize::{Zeroize, Zeroizing};

/// Lines longer than this are answered with an error without being kept in
/// memory: the largest token a request can need is about 1.4 MB, and build
/// inputs are bounded by the 1 MiB payload.
const MAX_LINE: usize = 16 << 20;

fn invalid(msg: impl Into<String>) -> Error {
    Error::new(ErrorCode::InvalidArgument, msg)
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn str_field<'a>(req: &'a Map<String, Value>, name: &str) -> Result<&'a str, Error> {
    match req.get(name) {
        Some(Value::String(s)) => Ok(s),
        None | Some(Value::Null) => Err(invalid(format!("missing {name:?}"))),
        Some(other) => Err(invalid(format!(
            "{name} must be a string, not {}",
            kind(other)
        ))),
    }
}

/// `channel_name` / `uid` of a verify request: a string is used verbatim; a
/// number for `uid` is a numeric uid (decimal text, 0 = "").
fn signed_text(req: &Map<String, Value>, name: &str) -> Result<Option<Vec<u8>>, Error> {
    match req.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.as_bytes().to_vec())),
        Some(Value::Number(n)) if name == "uid" => match n.as_u64() {
            Some(u) => {
                let u = agora_token::checked_int::<u32>("uid", u as i128, 0, u32::MAX as i64)?;
                Ok(Some(uid_text(u).into_bytes()))
            }
            None => Err(Error::new(
                ErrorCode::ValueOutOfRange,
                format!("uid = {n} is outside 0..=4294967295"),
            )),
        },
        Some(other) => Err(invalid(format!(
            "{name} must be a string, not {}",
            kind(other)
        ))),
    }
}

fn known(req: &Map<String, Value>, op: &str, allowed: &[&str]) -> Result<(), Error> {
    for k in req.keys() {
        if k != "op" && k != "id" && !allowed.contains(&k.as_str()) {
            return Err(invalid(format!("{op}: unknown member {k:?}")));
        }
    }
    Ok(())
}

/// The answer to one request object.
fn answer(req: &Map<String, Value>) -> Result<Value, Error> {
    let op = str_field(req, "op")?;
    match op {
        "build" => {
            known(req, op, &["call", "inputs", "fixed"])?;
            let call = str_field(req, "call")?;
            let inputs = req
                .get("inputs")
                .ok_or_else(|| invalid("build: missing \"inputs\""))?;
            let token = build(call, inputs, req.get("fixed"))?;
            Ok(json!({"ok": true, "token": token}))
        }
        "parse" => {
            known(req, op, &["token"])?;
            let t = parse(str_field(req, "token")?)?;
            Ok(json!({"ok": true, "decoded": decoded(&t)}))
        }
        "verify" => {
            known(req, op, &["token", "certificate", "channel_name", "uid"])?;
            let token = str_field(req, "token")?;
            // Not echoed in any message.
            let cert = match req.get("certificate") {
                Some(Value::String(s)) => s.as_str(),
                None | Some(Value::Null) => return Err(invalid("verify: missing \"certificate\"")),
                Some(other) => {
                    return Err(invalid(format!(
                        "certificate must be a string, not {}",
                        kind(other)
                    )))
                }
            };
            let channel = signed_text(req, "channel_name")?;
            let uid = signed_text(req, "uid")?;
            let mut v = verify_json(token, cert, channel.as_deref(), uid.as_deref())?;
            if let Value::Object(m) = &mut v {
                let mut out = Map::new();
                out.insert("ok".into(), json!(true));
                out.append(m);
                return Ok(Value::Object(out));
            }
            Ok(v)
        }
        other => Err(invalid(format!(
            "unknown op {other:?}: use build, parse or verify"
        ))),
    }
}

fn failure(e: &Error) -> Value {
    json!({"ok": false, "error": error(e)})
}

/// The answer line for one input line (without the newline).
pub fn answer_line(line: &[u8], n: u64) -> Value {
    let text = match std::str::from_utf8(line) {
        Ok(t) => t,
        Err(_) => return failure(&invalid(format!("line {n}: not UTF-8"))),
    };
    if text.trim().is_empty() {
        return failure(&invalid(format!(
            "line {n}: empty line, expected a JSON object"
        )));
    }
    let v: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        // Valid JSON whose number exceeds what serde_json holds (beyond
        // f64): out of range for every field, so say that.
        Err(e) if e.to_string().starts_with("number out of range") => {
            return failure(&Error::new(
                ErrorCode::ValueOutOfRange,
                format!("line {n}: a number is too large: {e}"),
            ))
        }
        Err(e) => return failure(&invalid(format!("line {n}: not JSON: {e}"))),
    };
    let Value::Object(req) = v else {
        let answer = failure(&invalid(format!(
            "line {n}: expected a JSON object, got {}",
            kind(&v)
        )));
        wipe(v);
        return answer;
    };
    let mut ans = match answer(&req) {
        Ok(a) => a,
        Err(e) => failure(&e),
    };
    if let (Some(id), Value::Object(m)) = (req.get("id"), &mut ans) {
        m.insert("id".into(), id.clone());
    }
    wipe(Value::Object(req));
    ans
}

/// Appends `part` to `buf`. When that needs a larger allocation, the bytes
/// move to a new one and the old one is wiped before it is freed (`Vec`'s
/// own growth would free it as it is).
fn extend_wiping(buf: &mut Vec<u8>, part: &[u8]) {
    let need = buf.len() + part.len();
    if need > buf.capacity() {
        let mut grown = Vec::with_capacity(need.max(2 * buf.capacity()).max(256));
        grown.extend_from_slice(buf);
        buf.zeroize();
        *buf = grown;
    }
    buf.extend_from_slice(part);
}

/// Wipes the line in `buf` and empties it.
fn wipe_line(buf: &mut Vec<u8>) {
    buf.as_mut_slice().zeroize();
    buf.clear();
}

/// Reads one line into `buf` (without the `\n` and a `\r` before it), at most
/// `MAX_LINE` bytes; returns `None` at end of input, `Some(true)` when the
/// line was too long (the rest of it is skipped, and what was read of it is
/// wiped). `buf` is only cleared first: `run` wipes each line as soon as it
/// is answered.
fn read_line(r: &mut impl BufRead, buf: &mut Vec<u8>) -> std::io::Result<Option<bool>> {
    buf.clear();
    let mut too_long = false;
    let mut any = false;
    loop {
        let chunk = r.fill_buf()?;
        if chunk.is_empty() {
            break;
        }
        any = true;
        let (part, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (&chunk[..i], Some(i + 1)),
            None => (chunk, None),
        };
        if !too_long {
            // One byte over the limit is kept for a `\r` before the
            // newline, which is not part of the line; checked below.
            if buf.len() + part.len() > MAX_LINE + 1 {
                too_long = true;
                wipe_line(buf);
                buf.shrink_to(4096);
            } else {
                extend_wiping(buf, part);
            }
        }
        let used = done.unwrap_or(chunk.len());
        r.consume(used);
        if done.is_some() {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    if buf.len() > MAX_LINE {
        wipe_line(buf);
        return Ok(Some(true));
    }
    Ok(Some(too_long))
}

pub fn run() -> Result<(), crate::Fail> {
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    // Wiped when dropped too, so a read error that ends the run mid-line
    // leaves no copy.
    let mut buf = Zeroizing::new(Vec::new());
    let mut n: u64 = 0;
    loop {
        let too_long = match read_line(&mut input, &mut buf) {
            Ok(None) => break,
            Ok(Some(t)) => t,
            Err(e) => return Err(crate::Fail::usage(format!("reading stdin: {e}"))),
        };
        n += 1;
        let ans = if too_long {
            failure(&Error::new(
                ErrorCode::ValueTooLong,
                format!("line {n}: longer than {MAX_LINE} bytes"),
            ))
        } else {
            answer_line(&buf, n)
        };
        wipe_line(&mut buf);
        // A closed stdout ends the run: nobody reads the answers.
        if writeln!(out, "{ans}").and_then(|_| out.flush()).is_err() {
            std::process::exit(1);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8]) -> Vec<(Vec<u8>, bool)> {
        let mut r = std::io::BufReader::with_capacity(7, input);
        let mut buf = Vec::new();
        let mut v = Vec::new();
        while let Some(t) = read_line(&mut r, &mut buf).unwrap() {
            v.push((buf.clone(), t));
        }
        v
    }

    #[test]
    fn growing_the_line_buffer_keeps_its_bytes() {
        let mut buf = Vec::new();
        let mut want = Vec::new();
        for i in 0..2000u32 {
            let part = i.to_le_bytes();
            extend_wiping(&mut buf, &part[..(i % 4 + 1) as usize]);
            want.extend_from_slice(&part[..(i % 4 + 1) as usize]);
            assert_eq!(buf, want);
        }
    }

    #[test]
    fn the_line_limit_does_not_count_a_carriage_return() {
        let at_limit = vec![b'x'; MAX_LINE];
        let read = |input: &[u8]| {
            let mut r = std::io::BufReader::with_capacity(1 << 16, input);
            let mut buf = Vec::new();
            let t = read_line(&mut r, &mut buf).unwrap().unwrap();
            (buf.len(), t)
        };
        let lf = [&at_limit[..], b"\n"].concat();
        let crlf = [&at_limit[..], b"\r\n"].concat();
        let over = [&at_limit[..], b"x\n"].concat();
        let over_crlf = [&at_limit[..], b"x\r\n"].concat();
        assert_eq!(read(&lf), (MAX_LINE, false));
        assert_eq!(read(&crlf), (MAX_LINE, false));
        assert_eq!(read(&over), (0, true));
        assert_eq!(read(&over_crlf), (0, true));
    }

    #[test]
    fn line_splitting() {
        let v = lines(b"ab\r\n\ncdefghijklmnop\nq");
        let texts: Vec<&[u8]> = v.iter().map(|(b, _)| b.as_slice()).collect();
        assert_eq!(texts, [&b"ab"[..], b"", b"cdefghijklmnop", b"q"]);
        assert!(lines(b"").is_empty());
        assert_eq!(lines(b"\n").len(), 1);
    }
}
