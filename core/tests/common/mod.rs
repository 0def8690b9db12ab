//! Loads the shared test vectors.
#![allow(dead_code)]

use std::path::PathBuf;

use serde_json::Value;

/// `AGORA_VECTORS_DIR`, else `../shared/vectors` beside the checkout.
pub fn vectors_dir() -> PathBuf {
    if let Ok(d) = std::env::var("AGORA_VECTORS_DIR") {
        return PathBuf::from(d);
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    root.join("..").join("shared").join("vectors")
}

pub const FILES: [&str; 5] = [
    "token006_build.json",
    "token007_builders.json",
    "token007_services.json",
    "parse.json",
    "negative.json",
];

/// Every vector of every file, with the file name.
pub fn all_vectors() -> Vec<(String, Value)> {
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
        assert_eq!(
            vs.len() as u64,
            doc["count"].as_u64().unwrap(),
            "{f}: count"
        );
        for v in vs {
            out.push((f.to_string(), v.clone()));
        }
    }
    out
}

pub fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}
