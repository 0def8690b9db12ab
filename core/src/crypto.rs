//! HMAC-SHA256 signing for both formats, hex checks and constant-time
//! comparison.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;
use zeroize::Zeroize;

type HmacSha256 = Hmac<Sha256>;

/// HMAC-SHA256 over the concatenation of `parts`.
#[inline]
pub(crate) fn hmac(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes any key length");
    for p in parts {
        mac.update(p);
    }
    mac.finalize().into_bytes().into()
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
