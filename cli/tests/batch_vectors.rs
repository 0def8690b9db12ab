//! Every shared vector through one `agora-token batch` process: builds byte
//! for byte, parses field for field, negatives by code.

mod common;

use std::collections::BTreeMap;

use serde_json::{json, Value};

use common::{all_vectors, cli, run_with_input, stderr};

/// What one answer must satisfy.
type Check = Box<dyn Fn(&Value) -> Result<(), String>>;

struct Req {
    vector: String,
    line: Value,
    check: Check,
}

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v[k].as_str()
        .unwrap_or_else(|| panic!("{k} missing in {v}"))
}

fn flag(v: &Value, k: &str) -> bool {
    v.get(k).and_then(Value::as_bool).unwrap_or(false)
}

/// The vectors' `decoded` minus what a parser cannot report (the signed
/// strings of 006 build vectors); our `trailing_payload_bytes` counts only
/// where the vector has it (build vectors leave it out).
fn same_decoded(ours: &Value, theirs: &Value) -> Result<(), String> {
    let mut ours = ours.clone();
    let mut theirs = theirs.clone();
    let t = theirs
        .as_object_mut()
        .ok_or("vector decoded is not an object")?;
    t.remove("signed_channel_name");
    t.remove("signed_uid");
    let has_trailing = t.contains_key("trailing_payload_bytes");
    let o = ours
        .as_object_mut()
        .ok_or("answer decoded is not an object")?;
    if !has_trailing {
        o.remove("trailing_payload_bytes");
    }
    if ours == theirs {
        Ok(())
    } else {
        Err(format!(
            "decoded differs:\n ours   {ours}\n theirs {theirs}"
        ))
    }
}

fn ok(a: &Value) -> Result<(), String> {
    if a["ok"] == json!(true) {
        Ok(())
    } else {
        Err(format!("expected ok:true, got {a}"))
    }
}

fn failed_with(a: &Value, code: &str) -> Result<(), String> {
    if a["ok"] != json!(false) {
        return Err(format!("expected ok:false, got {a}"));
    }
    match a["error"]["code"].as_str() {
        Some(c) if c == code => Ok(()),
        _ => Err(format!("expected error {code}, got {a}")),
    }
}

fn parse_req(name: &str, token: &str, decoded: Option<Value>) -> Req {
    Req {
        vector: name.into(),
        line: json!({"op": "parse", "token": token}),
        check: Box::new(move |a| {
            ok(a)?;
            match &decoded {
                Some(d) => same_decoded(&a["decoded"], d),
                None => Ok(()),
            }
        }),
    }
}

fn verify_req(name: &str, line: Value, check: Check) -> Req {
    Req {
        vector: name.into(),
        line,
        check,
    }
}

fn requests_for(v: &Value) -> Vec<Req> {
    let name = s(v, "name").to_owned();
    let mut out = Vec::new();
    match s(v, "kind") {
        "build" => {
            let expected = s(&v["expected"], "token").to_owned();
            let mut line = json!({"op": "build", "call": v["call"], "inputs": v["inputs"]});
            if let Some(f) = v.get("fixed") {
                line["fixed"] = f.clone();
            }
            let exp = expected.clone();
            out.push(Req {
                vector: name.clone(),
                line,
                check: Box::new(move |a| {
                    ok(a)?;
                    if a["token"].as_str() == Some(exp.as_str()) {
                        Ok(())
                    } else {
                        Err(format!("token differs: {} vs {exp}", a["token"]))
                    }
                }),
            });
            out.push(parse_req(&name, &expected, Some(v["decoded"].clone())));
            let cert = s(&v["inputs"], "app_certificate").to_owned();
            let mut line = json!({"op": "verify", "token": expected, "certificate": cert});
            if v["format"] == "006" {
                line["channel_name"] = v["decoded"]["signed_channel_name"].clone();
                line["uid"] = v["decoded"]["signed_uid"].clone();
            }
            out.push(verify_req(
                &name,
                line,
                Box::new(|a| {
                    ok(a)?;
                    if a["signature_valid"] != json!(true) {
                        return Err(format!("signature should verify: {a}"));
                    }
                    if a.get("crc_match").is_some() && a["crc_match"] != json!(true) {
                        return Err(format!("crc should match: {a}"));
                    }
                    Ok(())
                }),
            ));
            // Tokens other implementations made for the same call.
            if let Some(vars) = v.get("variant_tokens").and_then(Value::as_object) {
                for (lang, tok) in vars {
                    let tok = tok.as_str().unwrap();
                    let how = v["cross_implementation"][lang].as_str().unwrap_or("");
                    let want =
                        (how == "same_payload_different_deflate").then(|| v["decoded"].clone());
                    let n = format!("{name}/{lang}");
                    out.push(parse_req(&n, tok, want));
                    if v["format"] == "007" {
                        out.push(verify_req(
                            &n,
                            json!({"op": "verify", "token": tok, "certificate": cert}),
                            Box::new(|a| {
                                ok(a)?;
                                if a["signature_valid"] == json!(true) {
                                    Ok(())
                                } else {
                                    Err(format!("variant should verify: {a}"))
                                }
                            }),
                        ));
                    }
                }
            }
        }
        "parse" => {
            let token = s(v, "token").to_owned();
            out.push(parse_req(&name, &token, Some(v["decoded"].clone())));
            for e in v["verify"].as_array().unwrap() {
                let mut line =
                    json!({"op": "verify", "token": token, "certificate": e["certificate"]});
                for k in ["channel_name", "uid"] {
                    if let Some(x) = e.get(k) {
                        line[k] = x.clone();
                    }
                }
                let want_sig = e["signature_valid"].clone();
                let want_crc = e.get("crc_match").cloned();
                out.push(verify_req(
                    &name,
                    line,
                    Box::new(move |a| {
                        ok(a)?;
                        if a["signature_valid"] != want_sig {
                            return Err(format!("signature_valid should be {want_sig}: {a}"));
                        }
                        if let Some(c) = &want_crc {
                            if &a["crc_match"] != c {
                                return Err(format!("crc_match should be {c}: {a}"));
                            }
                        }
                        Ok(())
                    }),
                ));
            }
        }
        "reject" => {
            let code = s(&v["expected"], "error").to_owned();
            out.push(Req {
                vector: name,
                line: json!({"op": "parse", "token": v["token"]}),
                check: Box::new(move |a| failed_with(a, &code)),
            });
        }
        "verify_fail" => {
            let mut line =
                json!({"op": "verify", "token": v["token"], "certificate": v["certificate"]});
            for k in ["channel_name", "uid"] {
                if let Some(x) = v.get(k) {
                    line[k] = x.clone();
                }
            }
            let exp = v["expected"].clone();
            let is006 = v["format"] == "006";
            out.push(verify_req(
                &name,
                line,
                Box::new(move |a| {
                    ok(a)?;
                    if a["signature_valid"] != json!(false) {
                        return Err(format!("must not verify: {a}"));
                    }
                    if flag(a, "certificate_rejected") != flag(&exp, "certificate_rejected") {
                        return Err(format!("certificate_rejected differs: {a} vs {exp}"));
                    }
                    if is006 {
                        for k in ["crc_channel_matches", "crc_uid_matches"] {
                            // Only a mismatching one is listed; absent = true.
                            let want = exp.get(k).and_then(Value::as_bool).unwrap_or(true);
                            if a[k].as_bool() != Some(want) {
                                return Err(format!("{k} should be {want}: {a}"));
                            }
                        }
                    }
                    Ok(())
                }),
            ));
        }
        "build_error" => {
            let code = s(&v["expected"], "error").to_owned();
            let cert = v["inputs"]["app_certificate"]
                .as_str()
                .unwrap_or("")
                .to_owned();
            let mut line = json!({"op": "build", "call": v["call"], "inputs": v["inputs"]});
            if let Some(f) = v.get("fixed") {
                line["fixed"] = f.clone();
            }
            out.push(Req {
                vector: name,
                line,
                check: Box::new(move |a| {
                    failed_with(a, &code)?;
                    let msg = a["error"]["message"].as_str().unwrap_or("");
                    if cert.len() > 4 && msg.contains(&cert) {
                        return Err("the certificate is in the message".into());
                    }
                    Ok(())
                }),
            });
        }
        other => panic!("{name}: unknown kind {other}"),
    }
    out
}

#[test]
fn every_vector_through_one_batch_process() {
    let vectors = all_vectors();
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    let mut reqs = Vec::new();
    for v in &vectors {
        *kinds.entry(s(v, "kind").to_owned()).or_default() += 1;
        reqs.extend(requests_for(v));
    }
    assert_eq!(vectors.len(), 281, "the vector files changed size");

    let mut input = Vec::new();
    for (i, r) in reqs.iter().enumerate() {
        let mut line = r.line.clone();
        line["id"] = json!(i);
        input.extend_from_slice(line.to_string().as_bytes());
        input.push(b'\n');
    }
    let out = run_with_input(
        {
            let mut c = cli();
            c.arg("batch");
            c
        },
        input,
    );
    assert!(out.status.success(), "batch failed: {}", stderr(&out));
    assert!(
        out.stderr.is_empty(),
        "batch wrote to stderr: {}",
        stderr(&out)
    );
    let text = String::from_utf8(out.stdout).expect("answers are UTF-8");
    let answers: Vec<&str> = text.lines().collect();
    assert_eq!(answers.len(), reqs.len(), "one answer per request");

    let mut failures = Vec::new();
    for (i, (r, line)) in reqs.iter().zip(&answers).enumerate() {
        let a: Value = match serde_json::from_str(line) {
            Ok(a) => a,
            Err(e) => {
                failures.push(format!("{}: answer is not JSON ({e}): {line}", r.vector));
                continue;
            }
        };
        if a["id"] != json!(i) {
            failures.push(format!("{}: answer {i} carries id {}", r.vector, a["id"]));
            continue;
        }
        if let Err(e) = (r.check)(&a) {
            failures.push(format!("{}: {} -> {e}", r.vector, r.line["op"]));
        }
    }
    eprintln!(
        "batch: {} vectors {:?}, {} requests",
        vectors.len(),
        kinds,
        reqs.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} requests failed:\n{}",
        failures.len(),
        reqs.len(),
        failures.join("\n")
    );
}
