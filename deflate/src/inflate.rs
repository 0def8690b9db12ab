//! A small zlib decoder (RFC 1950 / 1951) with an output bound.
//!
//! Huffman codes are decoded through a 9-bit lookup table; the rare longer
//! codes of a dynamic block are decoded canonically bit by bit. Code sets
//! are checked as zlib checks them: over-subscribed sets and incomplete ones
//! are refused, except a literal/length or distance code of a single
//! one-bit code (or a distance code with no codes at all).

use crate::tables::{BASE_DIST, BASE_LENGTH, BL_ORDER, EXTRA_DBITS, EXTRA_LBITS, STATIC_LLEN};

/// Why a stream was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InflateError {
    /// The 2-byte header is not a deflate zlib header with a window of at
    /// most 32 KiB and no preset dictionary.
    BadHeader,
    /// The data ends before the final block and the Adler-32 trailer.
    Truncated,
    /// Invalid block type, stored length check, code set, symbol or distance.
    Corrupt,
    /// The Adler-32 of the output differs from the trailer.
    Checksum,
    /// The output would exceed the bound.
    TooLarge,
}

impl std::fmt::Display for InflateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            InflateError::BadHeader => "not a zlib stream (bad header)",
            InflateError::Truncated => "zlib stream ends early",
            InflateError::Corrupt => "corrupt deflate data",
            InflateError::Checksum => "zlib Adler-32 checksum mismatch",
            InflateError::TooLarge => "output exceeds the bound",
        })
    }
}

impl std::error::Error for InflateError {}

type R<T> = Result<T, InflateError>;

/// Bits of the primary lookup table.
const TB: u32 = 9;

/// A decoding table: `fast[bits]` is `symbol << 4 | length` for codes of at
/// most `TB` bits (0 when the code is longer or unused), `count`/`symbols`
/// the canonical description for the slow path.
struct Table {
    fast: [u16; 1 << TB],
    count: [u16; 16],
    symbols: [u16; 288],
}

impl Table {
    const fn empty() -> Table {
        Table {
            fast: [0; 1 << TB],
            count: [0; 16],
            symbols: [0; 288],
        }
    }

    /// Builds from code lengths; `Err` for sets zlib refuses. `lone_ok`:
    /// an incomplete set of one 1-bit code (and an empty set) is allowed.
    fn build(&mut self, lens: &[u8], lone_ok: bool) -> R<()> {
        self.count = [0; 16];
        for &l in lens {
            self.count[l as usize] += 1;
        }
        self.count[0] = 0;
        let mut left: i32 = 1;
        let mut max = 0;
        for len in 1..16 {
            left <<= 1;
            left -= self.count[len] as i32;
            if left < 0 {
                return Err(InflateError::Corrupt);
            }
            if self.count[len] != 0 {
                max = len;
            }
        }
        if left > 0 && max != 0 && !(lone_ok && max == 1) {
            return Err(InflateError::Corrupt);
        }
        if max == 0 && !lone_ok {
            return Err(InflateError::Corrupt);
        }
        let mut offs = [0u16; 16];
        for len in 1..15 {
            offs[len + 1] = offs[len] + self.count[len];
        }
        for (sym, &l) in lens.iter().enumerate() {
            if l != 0 {
                self.symbols[offs[l as usize] as usize] = sym as u16;
                offs[l as usize] += 1;
            }
        }
        self.fast = [0; 1 << TB];
        let mut code: u32 = 0;
        let mut idx = 0usize;
        for len in 1..=TB as usize {
            for _ in 0..self.count[len] {
                let sym = self.symbols[idx];
                idx += 1;
                let rev = (code.reverse_bits() >> (32 - len)) as usize;
                let entry = (sym << 4) | len as u16;
                let mut i = rev;
                while i < (1 << TB) {
                    self.fast[i] = entry;
                    i += 1 << len;
                }
                code += 1;
            }
            code <<= 1;
        }
        Ok(())
    }
}

/// The fixed literal/length and distance tables, built once per thread.
struct Fixed {
    lit: Table,
    dist: Table,
}

fn fixed() -> &'static Fixed {
    static FIXED: std::sync::OnceLock<Box<Fixed>> = std::sync::OnceLock::new();
    FIXED.get_or_init(|| {
        let mut f = Box::new(Fixed {
            lit: Table::empty(),
            dist: Table::empty(),
        });
        f.lit.build(&STATIC_LLEN, true).expect("fixed code");
        f.dist.build(&[5u8; 32], true).expect("fixed code");
        f
    })
}

/// Bit `b` (for `b` < 64) is set when the fixed literal/length codes that
/// begin with the five bits `b & 31` (first code bit lowest) are 7 bits
/// long: the codes whose first five bits, read in code order, are 0-5.
const FIXED_LEN7: u64 = fixed_len_mask(0, 5);
/// The same for 9-bit codes: first five bits 25-31 in code order.
const FIXED_LEN9: u64 = fixed_len_mask(25, 31);

/// The length of the fixed literal/length code at the start of `buf`,
/// from its first five bits.
#[inline(always)]
fn fixed_len(buf: u64) -> u32 {
    let b = buf & 63;
    8 + ((FIXED_LEN9 >> b) & 1) as u32 - ((FIXED_LEN7 >> b) & 1) as u32
}

const fn fixed_len_mask(lo: u32, hi: u32) -> u64 {
    let mut m = 0u64;
    let mut b = 0;
    while b < 64 {
        let prefix = ((b & 31) as u32).reverse_bits() >> 27;
        if prefix >= lo && prefix <= hi {
            m |= 1 << b;
        }
        b += 1;
    }
    m
}

struct Bits<'a> {
    data: &'a [u8],
    /// Next byte to load (may run past the end: zeros are loaded then).
    pos: usize,
    buf: u64,
    n: u32,
}

impl Bits<'_> {
    #[inline(always)]
    fn refill(&mut self) {
        if self.pos + 8 <= self.data.len() {
            let w = u64::from_le_bytes(self.data[self.pos..self.pos + 8].try_into().expect("8"));
            self.buf |= w << self.n;
            let take = (63 - self.n) / 8;
            self.pos += take as usize;
            self.n += take * 8;
        } else {
            while self.n <= 56 {
                let b = self.data.get(self.pos).copied().unwrap_or(0);
                self.buf |= (b as u64) << self.n;
                self.pos += 1;
                self.n += 8;
            }
        }
    }

    /// Bits consumed so far exceed the input.
    #[inline]
    fn overrun(&self) -> bool {
        (self.pos * 8 - self.n as usize) > self.data.len() * 8
    }

    #[inline]
    fn take(&mut self, k: u32) -> u32 {
        if self.n < k {
            self.refill();
        }
        let v = (self.buf & ((1u64 << k) - 1)) as u32;
        self.buf >>= k;
        self.n -= k;
        v
    }

    #[inline(always)]
    fn decode(&mut self, t: &Table) -> R<u16> {
        if self.n < 15 {
            self.refill();
        }
        let e = t.fast[(self.buf & ((1 << TB) - 1)) as usize];
        if e != 0 {
            let len = (e & 15) as u32;
            self.buf >>= len;
            self.n -= len;
            return Ok(e >> 4);
        }
        self.decode_long(t)
    }

    /// Decodes one symbol of the fixed literal/length code. Its code length
    /// follows from the first five code bits alone ([`fixed_len`]),
    /// so the shift to the next symbol need not wait for the table load,
    /// which then only supplies the symbol: this shortens the chain from one
    /// symbol to the next, which bounds the speed of decoding.
    #[inline(always)]
    fn decode_fixed(&mut self, t: &Table) -> u16 {
        if self.n < 15 {
            self.refill();
        }
        let e = t.fast[(self.buf & ((1 << TB) - 1)) as usize];
        let len = fixed_len(self.buf);
        debug_assert_eq!(len, (e & 15) as u32);
        self.buf >>= len;
        self.n -= len;
        e >> 4
    }

    /// Canonical decoding, one bit at a time (codes longer than `TB`).
    #[cold]
    #[inline(never)]
    fn decode_long(&mut self, t: &Table) -> R<u16> {
        let (mut code, mut first, mut index) = (0i32, 0i32, 0i32);
        for len in 1..16u32 {
            code |= ((self.buf >> (len - 1)) & 1) as i32;
            let count = t.count[len as usize] as i32;
            if code - count < first {
                self.buf >>= len;
                self.n -= len;
                return Ok(t.symbols[(index + code - first) as usize]);
            }
            index += count;
            first += count;
            first <<= 1;
            code <<= 1;
        }
        Err(InflateError::Corrupt)
    }

    /// Drops the bits up to the next byte boundary and returns the position
    /// of the next unread byte.
    fn align(&mut self) -> usize {
        let drop = self.n % 8;
        self.buf >>= drop;
        self.n -= drop;
        self.pos - (self.n / 8) as usize
    }

    /// Restarts reading at byte `p`.
    fn seek(&mut self, p: usize) {
        self.pos = p;
        self.buf = 0;
        self.n = 0;
    }
}

/// Decodes one zlib stream from the start of `data`, appending at most
/// `limit` bytes to `out`. Returns the number of input bytes the stream
/// used (anything after it is the caller's business).
pub fn inflate_zlib(data: &[u8], out: &mut Vec<u8>, limit: usize) -> Result<usize, InflateError> {
    if data.len() < 2 {
        return Err(if data.is_empty() {
            InflateError::Truncated
        } else {
            InflateError::BadHeader
        });
    }
    let (cmf, flg) = (data[0] as u32, data[1] as u32);
    if (cmf * 256 + flg) % 31 != 0 || cmf & 15 != 8 || (cmf >> 4) > 7 || flg & 0x20 != 0 {
        return Err(InflateError::BadHeader);
    }
    let start = out.len();
    let mut br = Bits {
        data,
        pos: 2,
        buf: 0,
        n: 0,
    };
    let r = blocks(&mut br, out, start, limit);
    let r = match r {
        Err(e) if e != InflateError::TooLarge && br.overrun() => Err(InflateError::Truncated),
        r => r,
    };
    r?;
    let p = br.align();
    if br.overrun() || p + 4 > data.len() {
        return Err(InflateError::Truncated);
    }
    let want = u32::from_be_bytes(data[p..p + 4].try_into().expect("4"));
    if crate::adler32(&out[start..]) != want {
        return Err(InflateError::Checksum);
    }
    Ok(p + 4)
}

/// Makes room for `need` more bytes. The buffer grows geometrically but
/// never past `start + limit`, so a stream that runs into the bound has
/// allocated at most the bound (plain `Vec` doubling could reach twice it).
/// Callers have already checked that `need` bytes stay within the limit.
#[inline]
fn room(out: &mut Vec<u8>, start: usize, limit: usize, need: usize) {
    if out.capacity() - out.len() < need {
        let cap = (out.capacity().max(128) * 2)
            .min(start.saturating_add(limit))
            .max(out.len() + need);
        out.reserve_exact(cap - out.len());
    }
}

fn blocks(br: &mut Bits<'_>, out: &mut Vec<u8>, start: usize, limit: usize) -> R<()> {
    let mut dynamic: Option<Box<(Table, Table)>> = None;
    loop {
        let last = br.take(1);
        match br.take(2) {
            0 => {
                let p = br.align();
                let d = br.data;
                if p + 4 > d.len() {
                    return Err(InflateError::Truncated);
                }
                let len = u16::from_le_bytes([d[p], d[p + 1]]) as usize;
                let nlen = u16::from_le_bytes([d[p + 2], d[p + 3]]) as usize;
                if len != !nlen & 0xffff {
                    return Err(InflateError::Corrupt);
                }
                if p + 4 + len > d.len() {
                    return Err(InflateError::Truncated);
                }
                if out.len() - start + len > limit {
                    return Err(InflateError::TooLarge);
                }
                room(out, start, limit, len);
                out.extend_from_slice(&d[p + 4..p + 4 + len]);
                br.seek(p + 4 + len);
            }
            1 => {
                let f = fixed();
                codes::<true>(br, out, start, limit, &f.lit, &f.dist)?;
            }
            2 => {
                let t = dynamic.get_or_insert_with(|| Box::new((Table::empty(), Table::empty())));
                read_trees(br, &mut t.0, &mut t.1)?;
                codes::<false>(br, out, start, limit, &t.0, &t.1)?;
            }
            _ => return Err(InflateError::Corrupt),
        }
        if br.overrun() {
            return Err(InflateError::Truncated);
        }
        if last == 1 {
            return Ok(());
        }
    }
}

fn read_trees(br: &mut Bits<'_>, lit: &mut Table, dist: &mut Table) -> R<()> {
    let hlit = br.take(5) as usize + 257;
    let hdist = br.take(5) as usize + 1;
    let hclen = br.take(4) as usize + 4;
    if hlit > 286 || hdist > 30 {
        return Err(InflateError::Corrupt);
    }
    let mut cl = [0u8; 19];
    for &s in &BL_ORDER[..hclen] {
        cl[s] = br.take(3) as u8;
    }
    let mut clt = Table::empty();
    clt.build(&cl, false)?;
    let mut lens = [0u8; 286 + 30];
    let mut i = 0;
    while i < hlit + hdist {
        if br.overrun() {
            return Err(InflateError::Truncated);
        }
        let sym = br.decode(&clt)?;
        let (val, rep) = match sym {
            0..=15 => (sym as u8, 1),
            16 => {
                if i == 0 {
                    return Err(InflateError::Corrupt);
                }
                (lens[i - 1], 3 + br.take(2) as usize)
            }
            17 => (0, 3 + br.take(3) as usize),
            _ => (0, 11 + br.take(7) as usize),
        };
        if i + rep > hlit + hdist {
            return Err(InflateError::Corrupt);
        }
        lens[i..i + rep].fill(val);
        i += rep;
    }
    if lens[256] == 0 {
        return Err(InflateError::Corrupt);
    }
    lit.build(&lens[..hlit], true)?;
    dist.build(&lens[hlit..hlit + hdist], true)?;
    Ok(())
}

/// Literals per step of [`fixed_literals`]: six fixed codes of at most 9
/// bits fit the 56 bits a refill leaves at least.
const LITERALS_PER_STEP: usize = 6;

/// One step of a fixed-code block while the output has room for 8 more
/// bytes: decodes up to [`LITERALS_PER_STEP`] symbols with one refill and
/// appends the literals among them with one 8-byte write. Returns the first
/// symbol that is not a literal, `None` if all were literals.
#[inline(always)]
fn fixed_literals(
    br: &mut Bits<'_>,
    out: &mut Vec<u8>,
    start: usize,
    limit: usize,
    lit: &Table,
) -> Option<u16> {
    if br.n < (LITERALS_PER_STEP * 9) as u32 {
        br.refill();
    }
    let mut bytes = 0u64;
    let mut k = 0;
    let mut other = None;
    while k < LITERALS_PER_STEP {
        let e = lit.fast[(br.buf & ((1 << TB) - 1)) as usize];
        let len = fixed_len(br.buf);
        br.buf >>= len;
        br.n -= len;
        let sym = e >> 4;
        if sym >= 256 {
            other = Some(sym);
            break;
        }
        bytes |= (sym as u64) << (8 * k);
        k += 1;
    }
    // The caller checked that 8 more bytes stay within the limit.
    room(out, start, limit, 8);
    let at = out.len();
    out.extend_from_slice(&bytes.to_le_bytes());
    out.truncate(at + k);
    other
}

/// Decodes one block's symbols; `FIXED`: the tables are the fixed code's.
fn codes<const FIXED: bool>(
    br: &mut Bits<'_>,
    out: &mut Vec<u8>,
    start: usize,
    limit: usize,
    lit: &Table,
    dist: &Table,
) -> R<()> {
    let stop = br.data.len() + 16;
    loop {
        if br.pos > stop {
            return Err(InflateError::Truncated);
        }
        let sym = if FIXED && out.len() - start + 8 <= limit {
            match fixed_literals(br, out, start, limit, lit) {
                Some(sym) => sym,
                None => continue,
            }
        } else if FIXED {
            br.decode_fixed(lit)
        } else {
            br.decode(lit)?
        } as usize;
        if sym < 256 {
            if out.len() - start >= limit {
                return Err(InflateError::TooLarge);
            }
            room(out, start, limit, 1);
            out.push(sym as u8);
        } else if sym == 256 {
            return Ok(());
        } else {
            let c = sym - 257;
            if c >= 29 {
                return Err(InflateError::Corrupt);
            }
            let len = 3 + BASE_LENGTH[c] as usize + br.take(EXTRA_LBITS[c] as u32) as usize;
            let dc = br.decode(dist)? as usize;
            if dc >= 30 {
                return Err(InflateError::Corrupt);
            }
            let d = 1 + BASE_DIST[dc] as usize + br.take(EXTRA_DBITS[dc] as u32) as usize;
            let have = out.len() - start;
            if d > have {
                return Err(InflateError::Corrupt);
            }
            if have + len > limit {
                return Err(InflateError::TooLarge);
            }
            room(out, start, limit, len);
            let from = out.len() - d;
            if d >= len {
                out.extend_from_within(from..from + len);
            } else {
                for k in 0..len {
                    let b = out[from + k];
                    out.push(b);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_code_lengths_follow_from_five_bits() {
        // Every 9-bit window: the length the masks give is the length of
        // the fixed code the table decodes there.
        let lit = &fixed().lit;
        for bits in 0..1u64 << TB {
            let e = lit.fast[bits as usize];
            assert_eq!(fixed_len(bits), (e & 15) as u32, "bits {bits:09b}");
        }
    }
}
