//! Parser target. The first byte picks how the rest is used:
//! 0x01: as a 007 payload (zlib-compressed and base64-encoded here, then
//! parsed), 0x02: as 006 content (base64 behind a valid prefix), anything
//! else: the whole input is the token text. The seed corpus holds the
//! vectors' tokens as text.
#![no_main]

use agora_token::v007::Token007;
use agora_token::Token;
use agora_token_fuzz::{check_error, check_parse, wrap006, wrap007, PARSE_CODES};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| agora_token_fuzz::bounded(|| run(data)));

fn run(data: &[u8]) {
    match data.first() {
        Some(0x01) => {
            let payload = &data[1..];
            let token = wrap007(payload);
            let direct = Token007::from_payload(payload.to_vec());
            match (check_parse(token.as_bytes()), direct) {
                (Some(Token::V007(t)), Ok(d)) => {
                    assert_eq!(t, d);
                    // The signed bytes are exactly what follows the signature field.
                    let sig_len = 2 + t.signature.len();
                    assert_eq!(t.signing_info(), &payload[sig_len..]);
                }
                (None, Err(e)) => {
                    check_error(&e, PARSE_CODES, "from_payload");
                    let via_text = agora_token::parse(&token).unwrap_err();
                    assert_eq!(via_text.code(), e.code());
                }
                (a, b) => panic!("text and payload parsers disagree: {a:?} / {b:?}"),
            }
        }
        Some(0x02) => {
            check_parse(wrap006(&data[1..]).as_bytes());
        }
        _ => {
            check_parse(data);
        }
    }
}
