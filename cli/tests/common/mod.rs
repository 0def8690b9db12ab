//! Shared helpers of the CLI tests: the binary, the vectors, process runs.
#![allow(dead_code)]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// Agora's public sample credentials (the README's).
pub const APP_ID: &str = "970CA35de60c44645bbae8a215061b33";
pub const CERT: &str = "5CFd2fd1755d40ecb72977518be15d3b";

/// The binary under test, with the credential variables of the caller's
/// environment removed.
pub fn cli() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_agora-token"));
    c.env_remove("AGORA_APP_ID")
        .env_remove("AGORA_APP_CERTIFICATE")
        .stdin(Stdio::null());
    c
}

/// Runs `cmd` with `input` on stdin (written from another thread, so a large
/// input cannot deadlock against a full stdout pipe).
pub fn run_with_input(mut cmd: Command, input: Vec<u8>) -> Output {
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn agora-token");
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        // The child may exit early on a bad request; that is the test's to see.
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().expect("wait for agora-token");
    writer.join().unwrap();
    out
}

/// Runs the binary with `args`.
pub fn run(args: &[&str]) -> Output {
    let mut c = cli();
    c.args(args);
    c.output().expect("run agora-token")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The last line of stdout.
pub fn last_line(o: &Output) -> String {
    stdout(o).lines().last().unwrap_or("").to_owned()
}

/// Asserts that a run did not panic and did not print the certificate.
pub fn assert_clean(o: &Output, what: &str) {
    let all = format!("{}{}", stdout(o), stderr(o)).to_lowercase();
    assert!(
        !all.contains(&CERT.to_lowercase()),
        "{what}: the certificate was printed"
    );
    assert!(!all.contains("panicked"), "{what}: panic: {}", stderr(o));
    assert!(
        o.status.code().is_some(),
        "{what}: killed by a signal: {:?}",
        o.status
    );
}

/// `AGORA_VECTORS_DIR`, else `../shared/vectors` beside the checkout.
pub fn vectors_dir() -> PathBuf {
    if let Ok(d) = std::env::var("AGORA_VECTORS_DIR") {
        return PathBuf::from(d);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("..")
        .join("shared")
        .join("vectors")
}

pub const FILES: [&str; 5] = [
    "token006_build.json",
    "token007_builders.json",
    "token007_services.json",
    "parse.json",
    "negative.json",
];

/// Every vector of every file.
pub fn all_vectors() -> Vec<Value> {
    let dir = vectors_dir();
    let mut out = Vec::new();
    for f in FILES {
        let path = dir.join(f);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "cannot read {}: {e} (set AGORA_VECTORS_DIR)",
                path.display()
            )
        });
        let doc: Value = serde_json::from_str(&text).unwrap();
        let vs = doc["vectors"].as_array().unwrap();
        assert_eq!(Some(vs.len() as u64), doc["count"].as_u64(), "{f}: count");
        out.extend(vs.iter().cloned());
    }
    out
}
