//! zlib streams for token-sized data.
//!
//! [`compress`] produces, for every input of at most [`MAX_INPUT`] bytes, the
//! same bytes as C zlib at level 6, default strategy, 15 window bits,
//! memLevel 8 — what `zlib.compress(data)` in Python or
//! `deflate(Z_DEFAULT_COMPRESSION)` in C emit. The tests compare it with the
//! zlib that `libz-sys` 1.1.33 bundles; madler zlib has made these choices
//! the same way through 1.2.x and 1.3.x, but other builds (zlib-ng,
//! Chromium's zlib, Node.js) differ and are not the reference. It makes zlib's choices (hash, chain and lazy-match limits,
//! block ends, stored/fixed/dynamic choice, Huffman construction), but unlike
//! a reset zlib stream it only clears the hash entries it used, so a
//! 150-byte input costs about a microsecond instead of ten. Longer inputs are
//! refused ([`TooLong`]): the caller falls back to zlib itself. The
//! differential tests in `tests/differential.rs` compare it with zlib.
//!
//! [`inflate_zlib`] decodes any valid zlib stream into a vector with an
//! output bound, rejecting what zlib's `inflate` rejects.

#![forbid(unsafe_code)]
#![deny(missing_docs)]
// Index loops mirror the tree algorithms they implement.
#![allow(clippy::needless_range_loop)]

mod deflate;
mod huffman;
mod inflate;
mod tables;

use std::cell::RefCell;

pub use deflate::{Deflater, TooLong, MAX_INPUT};
pub use inflate::{inflate_zlib, InflateError};

thread_local! {
    static DEFLATER: RefCell<Option<Deflater>> = const { RefCell::new(None) };
}

/// Inputs longer than this do not leave their grown buffers in the
/// per-thread encoder.
const KEEP_BELOW: usize = 4096;

/// [`Deflater::compress`] with one encoder per thread (created on first use,
/// about 140 KiB plus seven bytes per input byte, for inputs of up to 4 KiB
/// between calls).
pub fn compress(data: &[u8], out: &mut Vec<u8>) -> Result<(), TooLong> {
    if data.len() > MAX_INPUT {
        return Err(TooLong);
    }
    DEFLATER.with(|cell| {
        let mut d = cell.borrow_mut();
        let r = d.get_or_insert_with(Deflater::new).compress(data, out);
        // Keep the thread's steady state at token size: an encoder that has
        // grown for a large input is dropped (the next call makes a new one).
        if data.len() > KEEP_BELOW {
            *d = None;
        }
        r
    })
}

/// Adler-32 of `data` (RFC 1950).
pub fn adler32(data: &[u8]) -> u32 {
    const MOD: u32 = 65521;
    // Largest n with 255 n (n + 1) / 2 + (n + 1) (MOD - 1) < 2^32; a
    // multiple of 8.
    const NMAX: usize = 5552;
    // Bytes 0, 2, 4, 6 and 1, 3, 5, 7 of a word in 16-bit lanes. Times
    // `EVEN`/`ODD` (lanes 2, 4, 6, 8 and 1, 3, 5, 7, low to high) the top
    // lane of the product is the dot product of the bytes with their
    // weights 8 - i below: every lane of the product stays under 2^16
    // (at most 4 * 255 * 8), so no carry reaches the top one.
    const LANES: u64 = 0x00ff_00ff_00ff_00ff;
    const ONES: u64 = 0x0001_0001_0001_0001;
    const EVEN: u64 = 0x0008_0006_0004_0002;
    const ODD: u64 = 0x0007_0005_0003_0001;
    let (mut a, mut b) = (1u32, 0u32);
    for chunk in data.chunks(NMAX) {
        // Eight bytes per step: after c0..c7, a has grown by their sum and
        // b by the eight intermediate values of a, 8a + 8c0 + 7c1 + ... +
        // c7. The sums equal the byte-by-byte ones at every eighth byte,
        // so nothing overflows that would not overflow there.
        let mut words = chunk.chunks_exact(8);
        for w in &mut words {
            let x = u64::from_le_bytes(w.try_into().expect("8 bytes"));
            let (even, odd) = (x & LANES, (x >> 8) & LANES);
            let sum = ((even + odd).wrapping_mul(ONES) >> 48) as u32;
            let weighted = ((even.wrapping_mul(EVEN) >> 48) + (odd.wrapping_mul(ODD) >> 48)) as u32;
            b += 8 * a + weighted;
            a += sum;
        }
        for &c in words.remainder() {
            a += c as u32;
            b += a;
        }
        a %= MOD;
        b %= MOD;
    }
    (b << 16) | a
}

#[cfg(test)]
mod tests {
    /// The definition, one byte at a time with the modulus every byte.
    fn adler32_plain(data: &[u8]) -> u32 {
        let (mut a, mut b) = (1u64, 0u64);
        for &c in data {
            a = (a + c as u64) % 65521;
            b = (b + a) % 65521;
        }
        (b << 16 | a) as u32
    }

    #[test]
    fn adler32_matches_the_definition() {
        let mut x = 0x2545_f491_4f6c_dd1du64;
        let mut data = Vec::new();
        for len in (0..40).chain([5551, 5552, 5553, 5556, 11_104, 11_105, 70_000]) {
            for fill in [None, Some(0xffu8), Some(0)] {
                data.clear();
                data.extend((0..len).map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    fill.unwrap_or(x as u8)
                }));
                assert_eq!(
                    super::adler32(&data),
                    adler32_plain(&data),
                    "len {len} fill {fill:?}"
                );
            }
        }
    }
}
