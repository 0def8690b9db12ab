//! Text and compression layers: strict base64 and zlib.

use std::cell::RefCell;

use base64::Engine as _;
use flate2::{Compress, Compression, FlushCompress, Status};

use crate::error::{Error, ErrorCode, Result};
use crate::MAX_PAYLOAD_LEN;

/// Standard base64 with padding (what every official builder emits),
/// appended to `out` in one piece: `encode_string` goes through a chunked
/// writer, which costs about a quarter of the encoding at token size.
pub(crate) fn b64_encode(data: &[u8], out: &mut String) {
    let engine = &base64::engine::general_purpose::STANDARD;
    let start = out.len();
    let n = base64::encoded_len(data.len(), true).expect("encoded length fits in usize");
    let mut bytes = std::mem::take(out).into_bytes();
    bytes.resize(start + n, 0);
    let written = engine
        .encode_slice(data, &mut bytes[start..])
        .expect("sized by encoded_len");
    debug_assert_eq!(written, n);
    *out = String::from_utf8(bytes).expect("base64 output is ASCII");
}

#[inline]
fn is_b64_alphabet(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'+' || c == b'/'
}

#[inline]
fn b64_value(c: u8) -> u8 {
    match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    }
}

/// Decodes canonical, padded, standard base64, deciding the error code in the
/// order of FORMAT.md 7.5: every `bad_base64` condition first, then
/// `trailing_data` for text after a padded group.
///
/// Written by hand because the `base64` crate reports "invalid byte" for text
/// after the padding, where the format wants a separate code.
pub(crate) fn b64_decode_strict(text: &[u8], what: &str) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    b64_decode_strict_into(text, what, &mut out)?;
    Ok(out)
}

/// [`b64_decode_strict`] into `out` (cleared first), for callers that keep
/// a buffer.
pub(crate) fn b64_decode_strict_into(text: &[u8], what: &str, out: &mut Vec<u8>) -> Result<()> {
    out.clear();
    if b64_decode_canonical(text, out) {
        return Ok(());
    }
    *out = b64_decode_diagnose(text, what)?;
    Ok(())
}

/// Value of each base64 character, 0xff for anything else ('=' included).
const B64_VALUE: [u8; 256] = {
    let mut t = [0xffu8; 256];
    let mut i = 0;
    while i < 64 {
        let c = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"[i];
        t[c as usize] = i as u8;
        i += 1;
    }
    t
};

/// [`B64_VALUE`] shifted to a character's place in its group of four
/// (bits 18, 12, 6 and 0 of 24), with bit 31 set for anything else: a
/// group's 24 bits are then the OR of four lookups. 4 KiB of tables; they
/// make the decode about a quarter faster than shifting each value.
static B64_PLACED: [[u32; 256]; 4] = [placed(18), placed(12), placed(6), placed(0)];

const fn placed(shift: u32) -> [u32; 256] {
    let mut t = [1u32 << 31; 256];
    let mut c = 0;
    while c < 256 {
        if B64_VALUE[c] != 0xff {
            t[c] = (B64_VALUE[c] as u32) << shift;
        }
        c += 1;
    }
    t
}

/// One pass over canonical, padded, standard base64 into the empty `out`;
/// `false` for anything else (the caller then finds out what is wrong, in
/// the documented order).
fn b64_decode_canonical(text: &[u8], out: &mut Vec<u8>) -> bool {
    if text.is_empty() || text.len() % 4 != 0 {
        return false;
    }
    let (body, last) = text.split_at(text.len() - 4);
    let pad = last.iter().rev().take_while(|&&c| c == b'=').count();
    if pad > 2 {
        return false;
    }
    let whole = body.len() / 4 * 3;
    out.reserve(whole + 3);
    // Whole groups are written in place: sized first (with one byte of
    // slack), then each group's three bytes with one 4-byte write whose
    // last byte the next group overwrites.
    out.resize(whole + 1, 0);
    let t = &B64_PLACED;
    let mut bad = 0u32;
    let o = &mut out[..];
    for (i, g) in body.chunks_exact(4).enumerate() {
        let v =
            t[0][g[0] as usize] | t[1][g[1] as usize] | t[2][g[2] as usize] | t[3][g[3] as usize];
        bad |= v;
        o[3 * i..3 * i + 4].copy_from_slice(&(v << 8).to_be_bytes());
    }
    out.truncate(whole);
    if bad >> 31 != 0 {
        return false;
    }
    let mut v = [0u8; 4];
    for (i, &c) in last[..4 - pad].iter().enumerate() {
        v[i] = B64_VALUE[c as usize];
        if v[i] == 0xff {
            return false;
        }
    }
    let n = (v[0] as u32) << 18 | (v[1] as u32) << 12 | (v[2] as u32) << 6 | v[3] as u32;
    let bytes = n.to_be_bytes();
    match pad {
        0 => out.extend_from_slice(&bytes[1..]),
        1 => {
            if v[2] & 0x03 != 0 {
                return false;
            }
            out.extend_from_slice(&bytes[1..3]);
        }
        _ => {
            if v[1] & 0x0f != 0 {
                return false;
            }
            out.push(bytes[1]);
        }
    }
    true
}

/// The strict decoder proper: finds the first problem, in the order of
/// FORMAT.md 7.5, or decodes.
fn b64_decode_diagnose(text: &[u8], what: &str) -> Result<Vec<u8>> {
    let bad = |msg: String| Error::new(ErrorCode::BadBase64, format!("{what}: {msg}"));
    if let Some(i) = text.iter().position(|&c| !is_b64_alphabet(c) && c != b'=') {
        let c = text[i];
        let hint = match c {
            b' ' => " (a '+' turned into a space? escape tokens in URLs)",
            b'-' | b'_' => " (URL-safe base64 is not accepted)",
            b'\n' | b'\r' | b'\t' => " (whitespace or line break)",
            _ => "",
        };
        return Err(bad(format!(
            "byte 0x{c:02x} at position {i} is not standard base64{hint}"
        )));
    }
    if text.len() % 4 != 0 {
        return Err(bad(format!(
            "length {} is not a multiple of 4 (missing '=' padding?)",
            text.len()
        )));
    }
    let mut first_padded: Option<usize> = None;
    for (g, chunk) in text.chunks_exact(4).enumerate() {
        let pad = chunk.iter().rev().take_while(|&&c| c == b'=').count();
        if chunk[..4 - pad].contains(&b'=') || pad > 2 {
            return Err(bad(format!("misplaced '=' in group {g}")));
        }
        if pad > 0 {
            // The bits the padding leaves unused must be zero (canonical form).
            let last = b64_value(chunk[3 - pad]);
            let unused_mask = if pad == 2 { 0x0f } else { 0x03 };
            if last & unused_mask != 0 {
                return Err(bad(format!("non-zero unused bits in padded group {g}")));
            }
            first_padded.get_or_insert(g);
        }
    }
    if let Some(g) = first_padded {
        if (g + 1) * 4 != text.len() {
            return Err(Error::new(
                ErrorCode::TrailingData,
                format!(
                    "{what}: text follows the '=' padding at position {}",
                    (g + 1) * 4
                ),
            ));
        }
    }
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|e| bad(e.to_string()))
}

thread_local! {
    // Fallback for payloads over agora_token_deflate::MAX_INPUT (64 KiB):
    // one C zlib stream per thread, created on first use (about 256 KiB) and
    // reset between tokens.
    static DEFLATE: RefCell<Option<Compress>> = const { RefCell::new(None) };
}

/// zlib stream at the default level (6), window 32 KiB, memLevel 8: the bytes
/// the reference implementations emit. Payloads up to 64 KiB (every real
/// token) go through `agora_token_deflate`, which makes exactly zlib's
/// choices without zlib's per-stream setup; longer ones through zlib itself.
pub(crate) fn zlib_compress(data: &[u8], out: &mut Vec<u8>) {
    if agora_token_deflate::compress(data, out).is_ok() {
        return;
    }
    DEFLATE.with(|cell| {
        let mut slot = cell.borrow_mut();
        let z = slot.get_or_insert_with(|| Compress::new(Compression::new(6), true));
        z.reset();
        // compressBound of zlib plus room; the loop below copes with less.
        out.reserve(data.len() + (data.len() >> 12) + (data.len() >> 14) + 64);
        let start_in = z.total_in();
        loop {
            let consumed = (z.total_in() - start_in) as usize;
            if out.len() == out.capacity() {
                out.reserve(out.capacity().max(64));
            }
            match z.compress_vec(&data[consumed..], out, FlushCompress::Finish) {
                Ok(Status::StreamEnd) => break,
                Ok(_) => continue,
                // zlib only fails here on a corrupted stream state, which safe
                // code cannot produce.
                Err(e) => unreachable!("deflate failed: {e}"),
            }
        }
    })
}

/// Inflates one complete zlib stream of at most [`MAX_PAYLOAD_LEN`] bytes.
/// The output grows as it is written, so a small token never allocates the
/// bound and a zip bomb stops at it.
pub(crate) fn zlib_decompress(data: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity((data.len() * 4).clamp(256, MAX_PAYLOAD_LEN));
    let used = agora_token_deflate::inflate_zlib(data, &mut out, MAX_PAYLOAD_LEN).map_err(|e| {
        use agora_token_deflate::InflateError as E;
        match e {
            E::TooLarge => Error::new(
                ErrorCode::PayloadTooLarge,
                format!("payload inflates to more than {MAX_PAYLOAD_LEN} bytes"),
            ),
            E::BadHeader => Error::new(
                ErrorCode::BadZlib,
                "not a zlib stream (bad header: gzip, raw deflate or uncompressed?)",
            ),
            E::Truncated => Error::new(
                ErrorCode::BadZlib,
                "zlib stream ends early (cut off, or its Adler-32 trailer is missing)",
            ),
            E::Checksum => Error::new(ErrorCode::BadZlib, "zlib Adler-32 checksum mismatch"),
            E::Corrupt => Error::new(ErrorCode::BadZlib, "corrupt deflate data"),
        }
    })?;
    if used != data.len() {
        return Err(Error::new(
            ErrorCode::TrailingData,
            format!(
                "{} bytes follow the end of the zlib stream",
                data.len() - used
            ),
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_base64_path_decodes_long_texts_like_the_strict_decoder() {
        // Many groups (the short exhaustive test below stops at one group,
        // the last, which is decoded apart from the rest): every
        // length of encoded data through 300 bytes, valid, then with one
        // byte at a pseudo-random place replaced by a byte outside the
        // alphabet (any of the 192, '=' and bytes of 128 and more included).
        use base64::Engine;
        let mut x = 0x2545_f491u32;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x
        };
        let outside: Vec<u8> = (0..=255u8)
            .filter(|&c| B64_VALUE[c as usize] == 0xff)
            .collect();
        for len in 0..=300usize {
            let data: Vec<u8> = (0..len).map(|_| next() as u8).collect();
            let text = base64::engine::general_purpose::STANDARD
                .encode(&data)
                .into_bytes();
            let mut v = vec![0x5a; 9];
            v.clear();
            assert!(b64_decode_canonical(&text, &mut v) || len == 0, "len {len}");
            if len > 0 {
                assert_eq!(v, data, "len {len}");
            }
            for _ in 0..4 {
                if text.is_empty() {
                    break;
                }
                let mut bad = text.clone();
                let at = next() as usize % bad.len();
                bad[at] = outside[next() as usize % outside.len()];
                let mut v = Vec::new();
                let fast = b64_decode_canonical(&bad, &mut v);
                match b64_decode_diagnose(&bad, "t") {
                    Ok(slow) => assert!(fast && v == slow, "len {len} at {at}"),
                    Err(_) => assert!(!fast, "len {len} at {at} byte {}", bad[at]),
                }
            }
        }
    }

    /// The one-pass decoder agrees with the diagnosing one wherever it
    /// answers, and answers for every canonical input.
    #[test]
    fn fast_base64_path_agrees_with_the_strict_decoder() {
        let alphabet = b"AQgw/+=-9";
        let mut text = Vec::new();
        for len in 0..=6u32 {
            let total = (alphabet.len() as u32).pow(len);
            for mut k in 0..total {
                text.clear();
                for _ in 0..len {
                    text.push(alphabet[(k % alphabet.len() as u32) as usize]);
                    k /= alphabet.len() as u32;
                }
                let slow = b64_decode_diagnose(&text, "t");
                // A buffer with old contents, as a thread's scratch has.
                let mut v = vec![0x5a; 7];
                v.clear();
                match b64_decode_canonical(&text, &mut v) {
                    true => assert_eq!(slow.as_ref().ok(), Some(&v), "{text:?}"),
                    false => assert!(slow.is_err() || text.is_empty(), "{text:?}"),
                }
                let mut kept = vec![1, 2, 3];
                let r = b64_decode_strict_into(&text, "t", &mut kept);
                assert_eq!(r.map(|()| kept), slow, "{text:?}");
            }
        }
    }
}
