//! Fixed tables of RFC 1951 (section 3.2.5 and 3.2.6), computed at compile
//! time.

/// Number of literal/length codes a dynamic tree describes (0..=285).
pub(crate) const L_CODES: usize = 286;
/// Number of distance codes.
pub(crate) const D_CODES: usize = 30;
/// Number of code-length codes.
pub(crate) const BL_CODES: usize = 19;
/// The end-of-block symbol.
pub(crate) const END_BLOCK: usize = 256;

/// Order in which the code-length code lengths are transmitted.
pub(crate) const BL_ORDER: [usize; BL_CODES] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

/// Extra bits of the code-length codes 16, 17 and 18.
pub(crate) const EXTRA_BL: [u8; BL_CODES] =
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 7];

/// Length code index (0..=28, add 257 for the symbol) of `length - 3`.
pub(crate) const LENGTH_CODE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut lc = 0;
    while lc < 256 {
        t[lc] = if lc < 8 {
            lc as u8
        } else if lc == 255 {
            28
        } else {
            let nb = 7 - (lc as u8).leading_zeros() as usize; // floor(log2)
            (4 * (nb - 1) + ((lc >> (nb - 2)) & 3)) as u8
        };
        lc += 1;
    }
    t
};

/// Extra bits per length code index.
pub(crate) const EXTRA_LBITS: [u8; 29] = {
    let mut t = [0u8; 29];
    let mut i = 8;
    while i < 28 {
        t[i] = (i / 4 - 1) as u8;
        i += 1;
    }
    t
};

/// First `length - 3` of each length code index.
pub(crate) const BASE_LENGTH: [u16; 29] = {
    let mut t = [0u16; 29];
    let mut i = 0;
    while i < 28 {
        t[i] = if i < 8 {
            i as u16
        } else {
            ((4 + (i & 3)) << (i / 4 - 1)) as u16
        };
        i += 1;
    }
    t[28] = 255;
    t
};

/// Extra bits per distance code.
pub(crate) const EXTRA_DBITS: [u8; D_CODES] = {
    let mut t = [0u8; D_CODES];
    let mut c = 4;
    while c < D_CODES {
        t[c] = (c / 2 - 1) as u8;
        c += 1;
    }
    t
};

/// First `distance - 1` of each distance code.
pub(crate) const BASE_DIST: [u16; D_CODES] = {
    let mut t = [0u16; D_CODES];
    let mut c = 0;
    while c < D_CODES {
        t[c] = if c < 4 {
            c as u16
        } else {
            ((2 + (c & 1)) << (c / 2 - 1)) as u16
        };
        c += 1;
    }
    t
};

/// Distance code of `distance - 1` (0..32768).
#[inline]
pub(crate) fn dist_code(d: u32) -> usize {
    if d < 4 {
        d as usize
    } else {
        let nb = 31 - d.leading_zeros();
        (2 * nb + ((d >> (nb - 1)) & 1)) as usize
    }
}

/// Reverses the low `len` bits of `code`.
pub(crate) const fn reverse(code: u16, len: u8) -> u16 {
    if len == 0 {
        return 0;
    }
    code.reverse_bits() >> (16 - len as u32)
}

/// Canonical codes (bit-reversed, ready to send LSB first) for `lens`.
pub(crate) const fn canonical<const N: usize>(lens: &[u8; N]) -> [u16; N] {
    let mut count = [0u16; 16];
    let mut i = 0;
    while i < N {
        count[lens[i] as usize] += 1;
        i += 1;
    }
    count[0] = 0;
    let mut next = [0u16; 16];
    let mut code = 0u16;
    let mut bits = 1;
    while bits < 16 {
        code = (code + count[bits - 1]) << 1;
        next[bits] = code;
        bits += 1;
    }
    let mut out = [0u16; N];
    let mut n = 0;
    while n < N {
        let l = lens[n];
        if l != 0 {
            out[n] = reverse(next[l as usize], l);
            next[l as usize] += 1;
        }
        n += 1;
    }
    out
}

/// Fixed literal/length code lengths (288 symbols, 286 and 287 unused).
pub(crate) const STATIC_LLEN: [u8; 288] = {
    let mut t = [0u8; 288];
    let mut n = 0;
    while n < 288 {
        t[n] = if n < 144 {
            8
        } else if n < 256 {
            9
        } else if n < 280 {
            7
        } else {
            8
        };
        n += 1;
    }
    t
};
/// Fixed literal/length codes.
pub(crate) const STATIC_LCODE: [u16; 288] = canonical(&STATIC_LLEN);
/// Fixed code of each literal byte: `code | length << 16`.
pub(crate) const STATIC_LIT: [u32; 256] = {
    let mut t = [0u32; 256];
    let mut n = 0;
    while n < 256 {
        t[n] = STATIC_LCODE[n] as u32 | (STATIC_LLEN[n] as u32) << 16;
        n += 1;
    }
    t
};
/// Fixed distance code lengths.
pub(crate) const STATIC_DLEN: [u8; D_CODES] = [5; D_CODES];
/// Fixed distance codes.
pub(crate) const STATIC_DCODE: [u16; D_CODES] = canonical(&STATIC_DLEN);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_and_distance_tables_agree_with_rfc1951() {
        // RFC 1951 3.2.5: code 265 covers lengths 11-12, 284 covers 227-257,
        // 285 is 258 alone.
        assert_eq!(LENGTH_CODE[11 - 3], 8);
        assert_eq!(LENGTH_CODE[12 - 3], 8);
        assert_eq!(LENGTH_CODE[227 - 3], 27);
        assert_eq!(LENGTH_CODE[257 - 3], 27);
        assert_eq!(LENGTH_CODE[258 - 3], 28);
        for lc in 0..256usize {
            let c = LENGTH_CODE[lc] as usize;
            let lo = BASE_LENGTH[c] as usize;
            let hi = if c == 28 {
                255
            } else {
                lo + (1 << EXTRA_LBITS[c]) - 1
            };
            assert!(lo <= lc && lc <= hi, "lc {lc} code {c}");
        }
        for d in 0..32768u32 {
            let c = dist_code(d);
            let lo = BASE_DIST[c] as u32;
            assert!(
                lo <= d && d < lo + (1 << EXTRA_DBITS[c]),
                "dist {d} code {c}"
            );
        }
        assert_eq!(BASE_DIST[29], 24576);
        assert_eq!(STATIC_LCODE[0], reverse(0b00110000, 8));
        assert_eq!(STATIC_LCODE[256], 0);
        assert_eq!(STATIC_LCODE[280], reverse(0b11000000, 8));
        assert_eq!(STATIC_LCODE[144], reverse(0b110010000, 9));
    }
}
