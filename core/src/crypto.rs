//! HMAC-SHA256 signing for both formats, hex checks and constant-time
//! comparison.

use sha2::digest::consts::U64;
use sha2::digest::generic_array::GenericArray;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use zeroize::Zeroize;

// HMAC-SHA256 (RFC 2104) is put together here from the `sha2` crate's block
// function instead of taken from the `hmac` crate. Both give the same bytes
// (the tests below compare them on every key length up to 130 bytes), but
// the `hmac` crate's streaming wrappers cost more than a SHA-256 block's
// worth of time per MAC at token sizes: measured on one x86_64 machine with
// SHA-NI, alternating in one process, the three MACs of a 007 signature
// (issue-time key cached) took 730-790 ns through the crate and 660-700 ns
// here, of which 11 blocks of ~48 ns are the hashing itself. Only the
// padding and the block buffer are written here; the hashing is the
// crate's.

/// A SHA-256 chaining state.
type State = [u32; 8];
/// One 64-byte SHA-256 input block.
type Block = GenericArray<u8, U64>;

/// SHA-256's initial state (FIPS 180-4, 5.3.3).
const IV: State = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/// An HMAC-SHA256 key ready for messages: the states after hashing the
/// key block XOR 0x36 (inner) and XOR 0x5c (outer). Wiped when dropped,
/// since a state derived from a secret key lets one compute MACs with it.
#[derive(Clone)]
pub(crate) struct HmacKey {
    inner: State,
    outer: State,
}

impl Drop for HmacKey {
    fn drop(&mut self) {
        self.inner.zeroize();
        self.outer.zeroize();
    }
}

impl HmacKey {
    /// Keys longer than a block are hashed first, as RFC 2104 says.
    pub(crate) fn new(key: &[u8]) -> HmacKey {
        let mut block = [Block::default()];
        if key.len() > 64 {
            let mut digest: [u8; 32] = Sha256::digest(key).into();
            block[0][..32].copy_from_slice(&digest);
            digest.zeroize();
        } else {
            block[0][..key.len()].copy_from_slice(key);
        }
        block[0].iter_mut().for_each(|b| *b ^= 0x36);
        let mut inner = IV;
        sha2::compress256(&mut inner, &block);
        block[0].iter_mut().for_each(|b| *b ^= 0x36 ^ 0x5c);
        let mut outer = IV;
        sha2::compress256(&mut outer, &block);
        block[0].as_mut_slice().zeroize();
        HmacKey { inner, outer }
    }

    /// The MAC of the concatenation of `parts`.
    pub(crate) fn mac(&self, parts: &[&[u8]]) -> [u8; 32] {
        let mut inner = hash_after_key_block(self.inner, parts);
        let out = digest_bytes(finish_32(self.outer, &inner));
        inner.zeroize();
        out
    }

    /// The MAC of one 32-byte message: the same bytes as `mac(&[msg])`.
    /// Every outer hash, and in a 007 signature two of the three inner
    /// ones, finish a 32-byte message (a digest, or the certificate), in
    /// one block whose layout is fixed: two fixed-size copies build it,
    /// instead of the general buffer loop.
    pub(crate) fn mac32(&self, msg: &[u8; 32]) -> [u8; 32] {
        let mut inner = digest_bytes(finish_32(self.inner, msg));
        let out = digest_bytes(finish_32(self.outer, &inner));
        inner.zeroize();
        out
    }
}

/// The second half of the final block after a key block and 32 message
/// bytes: the 0x80 marker, zeros, and the message length in bits,
/// (64 + 32) * 8 = 768, big-endian in the last 8 bytes.
const PAD_AFTER_32: [u8; 32] = {
    let mut pad = [0u8; 32];
    pad[0] = 0x80;
    pad[30] = 0x03;
    pad
};

/// Hashes `msg` and the padding of a 96-byte input into `state`, which
/// already holds a key block.
#[inline]
fn finish_32(mut state: State, msg: &[u8; 32]) -> State {
    let mut block = [Block::default()];
    block[0][..32].copy_from_slice(msg);
    block[0][32..].copy_from_slice(&PAD_AFTER_32);
    sha2::compress256(&mut state, &block);
    block[0][..32].zeroize();
    state
}

/// A SHA-256 state written out as the digest's bytes.
#[inline]
fn digest_bytes(mut state: State) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (o, w) in out.chunks_exact_mut(4).zip(state) {
        o.copy_from_slice(&w.to_be_bytes());
    }
    state.zeroize();
    out
}

/// Finishes a SHA-256 whose first block (a padded key) is already in
/// `state`: hashes the concatenation of `parts`, pads, and returns the
/// digest.
fn hash_after_key_block(mut state: State, parts: &[&[u8]]) -> [u8; 32] {
    // Bytes wait in two blocks, so that the final padding (which may spill
    // into a second block) is hashed in one call.
    let mut buf = [Block::default(), Block::default()];
    let mut n = 0usize;
    let mut len = 64u64;
    for part in parts {
        len += part.len() as u64;
        let mut rest: &[u8] = part;
        while !rest.is_empty() {
            let (block, at) = (n / 64, n % 64);
            let take = (64 - at).min(rest.len());
            let (head, tail) = rest.split_at(take);
            buf[block][at..at + take].copy_from_slice(head);
            n += take;
            rest = tail;
            if n == 128 {
                sha2::compress256(&mut state, &buf);
                n = 0;
            }
        }
    }
    if n + 9 > 128 {
        // No room for the marker and the length after these bytes: hash
        // the full first block and move the rest down.
        sha2::compress256(&mut state, &buf[..1]);
        let (first, second) = buf.split_at_mut(1);
        first[0][..n - 64].copy_from_slice(&second[0][..n - 64]);
        n -= 64;
    }
    let blocks = (n + 9).div_ceil(64);
    buf[n / 64][n % 64..].fill(0);
    if n < 64 && blocks == 2 {
        buf[1].fill(0);
    }
    buf[n / 64][n % 64] = 0x80;
    buf[blocks - 1][56..].copy_from_slice(&(len * 8).to_be_bytes());
    sha2::compress256(&mut state, &buf[..blocks]);
    buf.iter_mut().for_each(|b| b.as_mut_slice().zeroize());
    digest_bytes(state)
}

/// HMAC-SHA256 over the concatenation of `parts`.
#[inline]
pub(crate) fn hmac(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    HmacKey::new(key).mac(parts)
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
    // The salt's key blocks do not depend on the certificate: hashed first,
    // they can overlap the first MAC in the processor.
    let salt_key = HmacKey::new(&salt.to_le_bytes());
    let ts_key = issue_ts_key(issue_ts);
    // Builders and verifiers pass 32 hex characters; other lengths are
    // only reached from the crate's tests.
    let mut k1 = match <&[u8; 32]>::try_from(cert) {
        Ok(cert) => ts_key.mac32(cert),
        Err(_) => ts_key.mac(&[cert]),
    };
    let mut k2 = salt_key.mac32(&k1);
    let sig = hmac(&k2, &[signing_info]);
    k1.zeroize();
    k2.zeroize();
    sig
}

thread_local! {
    /// The key states of the last issue time this thread signed with: two
    /// of the thirteen SHA-256 blocks of a 007 signature, saved while the
    /// issue time (one per second) stays the same. The issue time is
    /// public, and so are these states; the certificate is only ever hashed
    /// into a copy of them.
    static ISSUE_TS_KEY: std::cell::Cell<Option<(u32, State, State)>> =
        const { std::cell::Cell::new(None) };
}

/// The HMAC key of the little-endian `issue_ts`.
#[inline]
fn issue_ts_key(issue_ts: u32) -> HmacKey {
    let fresh = || HmacKey::new(&issue_ts.to_le_bytes());
    ISSUE_TS_KEY
        .try_with(|cell| match cell.get() {
            Some((ts, inner, outer)) if ts == issue_ts => HmacKey { inner, outer },
            _ => {
                let key = fresh();
                cell.set(Some((issue_ts, key.inner, key.outer)));
                key
            }
        })
        // The thread is shutting down: no cache.
        .unwrap_or_else(|_| fresh())
}

/// Exactly 32 ASCII hexadecimal digits, either case.
#[inline]
pub(crate) fn is_hex32(s: &[u8]) -> bool {
    // Every byte is looked at (no early exit): the loop has no branch on
    // the certificate's bytes, and the compiler runs it on vector lanes.
    s.len() == 32 && s.iter().fold(true, |ok, c| ok & c.is_ascii_hexdigit())
}

/// Constant-time equality; different lengths are simply unequal.
///
/// Compared eight bytes at a time through `subtle`, so each word passes one
/// of its optimisation barriers: four per signature instead of the 32 that
/// comparing the byte slices through `subtle` costs (together about 2 % of
/// a 007 parse + verify).
#[inline]
pub(crate) fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let word = |c: &[u8]| u64::from_le_bytes(c.try_into().expect("8 bytes"));
    let (mut wa, mut wb) = (a.chunks_exact(8), b.chunks_exact(8));
    let mut eq = subtle::Choice::from(1u8);
    for (x, y) in (&mut wa).zip(&mut wb) {
        eq &= word(x).ct_eq(&word(y));
    }
    eq &= wa.remainder().ct_eq(wb.remainder());
    bool::from(eq)
}

/// The two lowercase hex digits of a byte.
#[inline]
fn hex_pair(b: u8) -> [u8; 2] {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    [DIGITS[(b >> 4) as usize], DIGITS[(b & 15) as usize]]
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        let [hi, lo] = hex_pair(b);
        s.push(hi as char);
        s.push(lo as char);
    }
    s
}

pub(crate) fn md5_hex(data: &[u8]) -> String {
    use md5::{Digest, Md5};
    hex(&Md5::digest(data))
}

/// [`md5_hex`] on the stack.
pub(crate) fn md5_hex_bytes(data: &[u8]) -> [u8; 32] {
    use md5::{Digest, Md5};
    let mut out = [0u8; 32];
    for (o, b) in out.chunks_exact_mut(2).zip(Md5::digest(data)) {
        o.copy_from_slice(&hex_pair(b));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The chain of three HMACs without the per-thread issue-time state.
    fn sign007_uncached(cert: &[u8], issue_ts: u32, salt: u32, info: &[u8]) -> [u8; 32] {
        let k1 = reference_hmac(&issue_ts.to_le_bytes(), &[cert]);
        let k2 = reference_hmac(&salt.to_le_bytes(), &[&k1]);
        reference_hmac(&k2, &[info])
    }

    /// The `hmac` crate's HMAC-SHA256, the reference for this module's.
    fn reference_hmac(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
        use hmac::Mac;
        let mut mac = hmac::Hmac::<Sha256>::new_from_slice(key).unwrap();
        for p in parts {
            mac.update(p);
        }
        mac.finalize().into_bytes().into()
    }

    #[test]
    fn hmac_matches_the_hmac_crate() {
        // Every key length through two blocks (longer keys are hashed
        // first); for keys of a multiple of 16 bytes every message length
        // through four blocks, for the others every 37th (the padding
        // does not depend on the key). That covers each padding case: the
        // marker and length in the same block, spilling into the next, and
        // both buffer blocks full. Each message is also split into parts.
        let bytes: Vec<u8> = (0..300u32).map(|i| (i * 167 + 13) as u8).collect();
        for key_len in 0..=130 {
            let key = &bytes[..key_len];
            for msg_len in (0..=260).step_by(if key_len % 16 == 0 { 1 } else { 37 }) {
                let msg = &bytes[40..40 + msg_len];
                let want = reference_hmac(key, &[msg]);
                assert_eq!(hmac(key, &[msg]), want, "key {key_len} msg {msg_len}");
                let (a, rest) = msg.split_at(msg_len / 3);
                let (b, c) = rest.split_at(rest.len() / 2);
                assert_eq!(
                    hmac(key, &[a, &[], b, c]),
                    want,
                    "key {key_len} msg {msg_len} split"
                );
            }
        }
    }

    #[test]
    fn ct_eq_finds_every_difference() {
        // Every length through 40 bytes, each byte position, each bit.
        for len in 0..=40usize {
            let a: Vec<u8> = (0..len as u8).map(|i| i.wrapping_mul(37)).collect();
            assert!(ct_eq(&a, &a.clone()), "len {len}");
            if len > 0 {
                assert!(!ct_eq(&a, &a[..len - 1]), "len {len} shorter");
            }
            for at in 0..len {
                for bit in 0..8 {
                    let mut b = a.clone();
                    b[at] ^= 1 << bit;
                    assert!(!ct_eq(&a, &b), "len {len} byte {at} bit {bit}");
                }
            }
        }
    }

    #[test]
    fn mac32_matches_the_hmac_crate() {
        // Every key length through two blocks, each with a few messages
        // (all zero, all 0xff, varied), against the general path and the
        // crate.
        let bytes: Vec<u8> = (0..300u32).map(|i| (i * 97 + 5) as u8).collect();
        for key_len in 0..=130 {
            let key = HmacKey::new(&bytes[..key_len]);
            for msg in [
                [0u8; 32],
                [0xff; 32],
                bytes[key_len..key_len + 32].try_into().unwrap(),
            ] {
                let want = reference_hmac(&bytes[..key_len], &[&msg]);
                assert_eq!(key.mac32(&msg), want, "key {key_len}");
                assert_eq!(key.mac(&[&msg]), want, "key {key_len}");
            }
        }
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
