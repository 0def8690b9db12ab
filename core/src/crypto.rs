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
    let mut mac = issue_ts_mac(issue_ts);
    mac.update(cert);
    let mut k1: [u8; 32] = mac.finalize().into_bytes().into();
    let mut k2 = hmac(&salt.to_le_bytes(), &[&k1]);
    let sig = hmac(&k2, &[signing_info]);
    k1.zeroize();
    k2.zeroize();
    sig
}

thread_local! {
    /// The HMAC keyed with the last issue time this thread signed with,
    /// before any message: its inner and outer key blocks are already
    /// hashed, which saves two of the thirteen SHA-256 blocks of a 007
    /// signature while the issue time (one per second) stays the same.
    ///
    /// Only the public issue time goes into this state; the certificate is
    /// hashed into a copy of it (`clone`), never into the cached value.
    static ISSUE_TS_MAC: std::cell::RefCell<Option<(u32, HmacSha256)>> =
        const { std::cell::RefCell::new(None) };
}

/// A fresh HMAC keyed with the little-endian `issue_ts`.
#[inline]
fn issue_ts_mac(issue_ts: u32) -> HmacSha256 {
    let keyed = |ts: u32| HmacSha256::new_from_slice(&ts.to_le_bytes()).expect("any key length");
    ISSUE_TS_MAC
        .try_with(|cell| {
            let mut cached = cell.borrow_mut();
            match &*cached {
                Some((ts, mac)) if *ts == issue_ts => mac.clone(),
                _ => {
                    let mac = keyed(issue_ts);
                    *cached = Some((issue_ts, mac.clone()));
                    mac
                }
            }
        })
        // The thread is shutting down: no cache.
        .unwrap_or_else(|_| keyed(issue_ts))
}

/// Exactly 32 ASCII hexadecimal digits, either case.
#[inline]
pub(crate) fn is_hex32(s: &[u8]) -> bool {
    // Every byte is looked at (no early exit): the loop has no branch on
    // the certificate's bytes, and the compiler runs it on vector lanes.
    s.len() == 32 && s.iter().fold(true, |ok, c| ok & c.is_ascii_hexdigit())
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

    /// The chain of three HMACs without the per-thread issue-time state.
    fn sign007_uncached(cert: &[u8], issue_ts: u32, salt: u32, info: &[u8]) -> [u8; 32] {
        let k1 = hmac(&issue_ts.to_le_bytes(), &[cert]);
        let k2 = hmac(&salt.to_le_bytes(), &[&k1]);
        hmac(&k2, &[info])
    }

    #[test]
    fn cached_issue_time_state_signs_like_a_fresh_one() {
        let cert = b"5CFd2fd1755d40ecb72977518be15d3b";
        // Same time twice, a change, back again, and a second certificate
        // under the same time: every answer must match the uncached chain.
        for (ts, salt, cert) in [
            (1_700_000_000u32, 1u32, &cert[..]),
            (1_700_000_000, 2, &cert[..]),
            (1_700_000_001, 2, &cert[..]),
            (1_700_000_000, 3, &cert[..]),
            (1_700_000_000, 3, &b"0123456789abcdef0123456789abcdef"[..]),
            (0, 0, &cert[..]),
        ] {
            assert_eq!(
                sign007(cert, ts, salt, b"info"),
                sign007_uncached(cert, ts, salt, b"info"),
                "issue_ts {ts} salt {salt}"
            );
        }
    }
}
