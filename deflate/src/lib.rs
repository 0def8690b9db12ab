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
    // Largest n with 255 n (n + 1) / 2 + (n + 1) (MOD - 1) < 2^32.
    const NMAX: usize = 5552;
    let (mut a, mut b) = (1u32, 0u32);
    for chunk in data.chunks(NMAX) {
        for &c in chunk {
            a += c as u32;
            b += a;
        }
        a %= MOD;
        b %= MOD;
    }
    (b << 16) | a
}
