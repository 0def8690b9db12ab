//! HMAC-SHA256 signing for both formats, hex checks and constant-time
//! comparison.

use hmac::{Hmac, Mac};
use sha2::digest::generic_array::GenericArray;
use sha2::Sha256;
use subtle::ConstantTimeEq;
use zeroize::Zeroize;

type HmacSha256 = Hmac<Sha256>;

/// SHA-256 initial state (FIPS 180-4, 5.3.3).
const IV: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

#[inline]
fn compress(state: &mut [u32; 8], block: &[u8; 64]) {
    sha2::compress256(state, std::slice::from_ref(GenericArray::from_slice(block)));
}

/// SHA-256 over `prefix` (one full block) followed by `parts`, straight on
/// the compression function: no hasher object, no copies beyond one block.
#[inline]
fn sha256_after_block(prefix: &[u8; 64], parts: &[&[u8]]) -> [u8; 32] {
    let mut st = IV;
    compress(&mut st, prefix);
    let mut buf = [0u8; 64];
    let mut n = 0usize;
    let mut total = 64u64;
    for p in parts {
        total += p.len() as u64;
        let mut p: &[u8] = p;
        if n > 0 {
            let k = p.len().min(64 - n);
            buf[n..n + k].copy_from_slice(&p[..k]);
            n += k;
            p = &p[k..];
            if n == 64 {
                compress(&mut st, &buf);
                n = 0;
            }
        }
        while p.len() >= 64 {
            compress(&mut st, p[..64].try_into().expect("64 bytes"));
            p = &p[64..];
        }
        if !p.is_empty() {
            buf[..p.len()].copy_from_slice(p);
            n = p.len();
        }
    }
    buf[n] = 0x80;
    buf[n + 1..].fill(0);
    if n + 1 > 56 {
        compress(&mut st, &buf);
        buf.fill(0);
    }
    buf[56..].copy_from_slice(&(total * 8).to_be_bytes());
    compress(&mut st, &buf);
    buf.zeroize();
    let mut out = [0u8; 32];
    for (o, w) in out.chunks_exact_mut(4).zip(st) {
        o.copy_from_slice(&w.to_be_bytes());
    }
    st.zeroize();
    out
}

/// HMAC-SHA256 (RFC 2104) over the concatenation of `parts`.
///
/// Keys of at most one block (every key this library uses: certificates,
/// 4-byte integers, 32-byte intermediate keys) go straight through the
/// compression function, 4 + (message length + 9) / 64 blocks in all; a
/// longer key takes the `hmac` crate.
#[inline]
pub(crate) fn hmac(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    if key.len() > 64 {
        // HMAC accepts keys of any length, so this cannot fail.
        let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes any key length");
        for p in parts {
            mac.update(p);
        }
        return mac.finalize().into_bytes().into();
    }
    let mut pad = [0x36u8; 64];
    for (b, k) in pad.iter_mut().zip(key) {
        *b ^= k;
    }
    let mut inner = sha256_after_block(&pad, parts);
    for b in pad.iter_mut() {
        *b ^= 0x36 ^ 0x5c;
    }
    let out = sha256_after_block(&pad, &[&inner]);
    pad.zeroize();
    inner.zeroize();
    out
}

/// 006 signature: key = certificate text, message = app id, channel, uid and
/// message bytes run together.
pub(crate) fn sign006(
    cert: &[u8],
    app_id: &[u8],
    channel: &[u8],
    uid: &[u8],
    m: &[u8],
) -> [u8; 32] {
    hmac(cert, &[app_id, channel, uid, m])
}

/// 007 signature: the issue time and salt are the HMAC keys, the certificate
/// (then the first result) the message.
pub(crate) fn sign007(cert: &[u8], issue_ts: u32, salt: u32, signing_info: &[u8]) -> [u8; 32] {
    let mut k1 = hmac(&issue_ts.to_le_bytes(), &[cert]);
    let mut k2 = hmac(&salt.to_le_bytes(), &[&k1]);
    let sig = hmac(&k2, &[signing_info]);
    k1.zeroize();
    k2.zeroize();
    sig
}

/// Exactly 32 ASCII hexadecimal digits, either case.
#[inline]
pub(crate) fn is_hex32(s: &[u8]) -> bool {
    s.len() == 32 && s.iter().all(u8::is_ascii_hexdigit)
}

/// Constant-time equality; different lengths are simply unequal.
#[inline]
pub(crate) fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

pub(crate) fn md5_hex(data: &[u8]) -> String {
    use md5::{Digest, Md5};
    hex(&Md5::digest(data))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
        let mut mac = HmacSha256::new_from_slice(key).unwrap();
        for p in parts {
            mac.update(p);
        }
        mac.finalize().into_bytes().into()
    }

    #[test]
    fn hmac_matches_the_hmac_crate_for_every_key_and_split() {
        let data: Vec<u8> = (0..300u32).map(|i| (i * 7 + 3) as u8).collect();
        for klen in [0, 1, 4, 31, 32, 63, 64, 65, 100] {
            let key = &data[..klen];
            for mlen in [0, 1, 54, 55, 56, 63, 64, 65, 119, 120, 128, 200] {
                let m = &data[100..100 + mlen];
                assert_eq!(
                    hmac(key, &[m]),
                    reference(key, &[m]),
                    "key {klen} msg {mlen}"
                );
                for cut in [0, 1.min(mlen), mlen / 2, mlen] {
                    let (a, b) = m.split_at(cut);
                    assert_eq!(
                        hmac(key, &[a, b, &[]]),
                        reference(key, &[m]),
                        "{klen}/{mlen}/{cut}"
                    );
                }
            }
        }
    }
}
