//! The encoder: zlib's level-6 "lazy" matcher over a window that holds the
//! whole input, then zlib's block-type decision per block.

use crate::huffman::{runs, Alphabet, Builder};
use crate::tables::*;

/// Longest input the encoder takes. Up to here the whole input sits in
/// zlib's 64 KiB window from the first call and the window never slides
/// (zlib slides once the position reaches 32 KiB + `MAX_DIST`, which changes
/// what the hash chains hold); longer inputs must go to zlib itself.
pub const MAX_INPUT: usize = WSIZE + MAX_DIST - 1;

const WSIZE: usize = 1 << 15;
const MIN_MATCH: usize = 3;
const MAX_MATCH: usize = 258;
const MIN_LOOKAHEAD: usize = MAX_MATCH + MIN_MATCH + 1;
/// Farthest distance a match may reach (zlib keeps `MIN_LOOKAHEAD` spare).
const MAX_DIST: usize = WSIZE - MIN_LOOKAHEAD;
const HASH_BITS: u32 = 15;
const HASH_SIZE: usize = 1 << HASH_BITS;
const HASH_MASK: u32 = HASH_SIZE as u32 - 1;
const HASH_SHIFT: u32 = HASH_BITS.div_ceil(MIN_MATCH as u32);
/// A length-3 match farther than this is not worth it.
const TOO_FAR: usize = 4096;
/// Symbols per block: the block ends when the symbol buffer (memLevel 8:
/// 16 Ki entries) holds one less than its size.
const SYM_LIMIT: usize = (1 << (8 + 6)) - 1;
/// Zero bytes kept after the input: the matcher reads up to `MAX_MATCH`
/// bytes past the position, plus one 8-byte word.
const PAD: usize = MAX_MATCH + 16;

// Level 6 (zlib's configuration table).
const GOOD_LENGTH: usize = 8;
const MAX_LAZY: usize = 16;
const NICE_LENGTH: usize = 128;
const MAX_CHAIN: u32 = 128;

/// The input is longer than [`MAX_INPUT`]; nothing was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLong;

impl std::fmt::Display for TooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "input longer than {MAX_INPUT} bytes")
    }
}

impl std::error::Error for TooLong {}

#[inline]
fn hash3(w: &[u8], i: usize) -> usize {
    let h =
        ((w[i] as u32) << (2 * HASH_SHIFT)) ^ ((w[i + 1] as u32) << HASH_SHIFT) ^ w[i + 2] as u32;
    (h & HASH_MASK) as usize
}

/// LSB-first bit packer appending to a byte vector.
struct Bits<'a> {
    out: &'a mut Vec<u8>,
    buf: u64,
    n: u32,
}

impl Bits<'_> {
    #[inline]
    fn put(&mut self, value: u32, bits: u32) {
        self.buf |= (value as u64) << self.n;
        self.n += bits;
        if self.n >= 32 {
            self.out.extend_from_slice(&(self.buf as u32).to_le_bytes());
            self.buf >>= 32;
            self.n -= 32;
        }
    }

    /// Pads to a byte boundary and writes out everything held.
    fn align(&mut self) {
        while self.n > 0 {
            self.out.push(self.buf as u8);
            self.buf >>= 8;
            self.n = self.n.saturating_sub(8);
        }
        self.buf = 0;
    }
}

/// One symbol of the block being collected: a literal (`dist == 0`) or a
/// match of `lc + 3` bytes at `dist`.
#[derive(Clone, Copy)]
struct Sym {
    dist: u16,
    lc: u8,
}

/// Reusable encoder state. About 70 KiB plus four bytes per input byte of
/// the longest input seen (at most [`MAX_INPUT`]).
pub struct Deflater {
    /// Most recent position per hash value (0: none, as in zlib, so position
    /// 0 is never matched). Every entry is zero between calls.
    head: Box<[u16; HASH_SIZE]>,
    /// Previous position with the same hash, per position. Only entries of
    /// positions inserted during the current call are ever read.
    prev: Vec<u16>,
    /// The input followed by `PAD` zero bytes (zlib's window past the data is
    /// zeroed the same way on a fresh stream).
    window: Vec<u8>,
    syms: Vec<Sym>,
    lfreq: [u16; L_CODES],
    dfreq: [u16; D_CODES],
    /// Cost of the block's symbols so far under the fixed code, and the
    /// part of it that is extra bits (the same under any code).
    static_bits: u64,
    extra_bits: u64,
    huff: Box<Builder>,
    /// Scratch for the Huffman cost bound (no zeroing per block).
    leaves: Vec<u64>,
    internal: Vec<u64>,
}

impl Default for Deflater {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for Deflater {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Deflater").finish_non_exhaustive()
    }
}

struct Match {
    strstart: usize,
    lookahead: usize,
    prev_length: usize,
    match_start: usize,
}

impl Deflater {
    /// A fresh encoder.
    pub fn new() -> Deflater {
        Deflater {
            head: vec![0u16; HASH_SIZE]
                .into_boxed_slice()
                .try_into()
                .expect("size"),
            prev: Vec::new(),
            window: Vec::new(),
            syms: Vec::with_capacity(256),
            lfreq: [0; L_CODES],
            dfreq: [0; D_CODES],
            static_bits: 0,
            extra_bits: 0,
            huff: Box::new(Builder::new()),
            leaves: Vec::with_capacity(L_CODES),
            internal: Vec::with_capacity(L_CODES),
        }
    }

    /// Appends the zlib stream (header `78 9C`, deflate data, Adler-32) that
    /// zlib 1.2.x/1.3.x produces for `data` at level 6 with the default
    /// strategy, 15 window bits and memLevel 8.
    pub fn compress(&mut self, data: &[u8], out: &mut Vec<u8>) -> Result<(), TooLong> {
        if data.len() > MAX_INPUT {
            return Err(TooLong);
        }
        out.reserve(data.len() + data.len() / 8 + 32);
        out.extend_from_slice(&[0x78, 0x9c]);
        self.window.clear();
        self.window.extend_from_slice(data);
        self.window.resize(data.len() + PAD, 0);
        if self.prev.len() < data.len() {
            self.prev.resize(data.len(), 0);
        }
        let mut bits = Bits { out, buf: 0, n: 0 };
        self.run(data.len(), &mut bits);
        bits.align();
        out.extend_from_slice(&crate::adler32(data).to_be_bytes());
        // Leave the hash heads as found: zero every entry this input set.
        let w = &self.window;
        for i in 0..data.len().saturating_sub(MIN_MATCH - 1) {
            self.head[hash3(w, i)] = 0;
        }
        Ok(())
    }

    #[inline]
    fn insert(&mut self, pos: usize) -> usize {
        let h = hash3(&self.window, pos);
        let head = self.head[h];
        self.prev[pos] = head;
        self.head[h] = pos as u16;
        head as usize
    }

    #[inline]
    fn tally_lit(&mut self, c: u8) -> bool {
        self.syms.push(Sym { dist: 0, lc: c });
        self.lfreq[c as usize] += 1;
        self.static_bits += STATIC_LLEN[c as usize] as u64;
        self.syms.len() == SYM_LIMIT
    }

    #[inline]
    fn tally_match(&mut self, dist: usize, lc: usize) -> bool {
        self.syms.push(Sym {
            dist: dist as u16,
            lc: lc as u8,
        });
        let code = LENGTH_CODE[lc] as usize;
        let dcode = dist_code(dist as u32 - 1);
        self.lfreq[code + END_BLOCK + 1] += 1;
        self.dfreq[dcode] += 1;
        let extra = EXTRA_LBITS[code] as u64 + EXTRA_DBITS[dcode] as u64;
        self.static_bits +=
            STATIC_LLEN[code + END_BLOCK + 1] as u64 + STATIC_DLEN[dcode] as u64 + extra;
        self.extra_bits += extra;
        self.syms.len() == SYM_LIMIT
    }

    /// Longest match at `m.strstart` along the chain from `cur`; updates
    /// `m.match_start` only on an improvement, as zlib does.
    #[inline]
    fn longest_match(&self, m: &mut Match, mut cur: usize) -> usize {
        let w = &self.window[..];
        let scan = m.strstart;
        let mut chain = MAX_CHAIN;
        let mut best_len = m.prev_length;
        let mut nice = NICE_LENGTH;
        let limit = scan.saturating_sub(MAX_DIST);
        if m.prev_length >= GOOD_LENGTH {
            chain >>= 2;
        }
        if nice > m.lookahead {
            nice = m.lookahead;
        }
        let s0 = w[scan];
        let s1 = w[scan + 1];
        let mut end1 = w[scan + best_len - 1];
        let mut end0 = w[scan + best_len];
        loop {
            if w[cur + best_len] == end0
                && w[cur + best_len - 1] == end1
                && w[cur] == s0
                && w[cur + 1] == s1
            {
                // Bytes 0..3 agree (byte 2 because the hashes are equal).
                let len = common_prefix(w, scan, cur);
                if len > best_len {
                    m.match_start = cur;
                    best_len = len;
                    if len >= nice {
                        break;
                    }
                    end1 = w[scan + best_len - 1];
                    end0 = w[scan + best_len];
                }
            }
            cur = self.prev[cur] as usize;
            if cur <= limit {
                break;
            }
            chain -= 1;
            if chain == 0 {
                break;
            }
        }
        best_len.min(m.lookahead)
    }

    fn run(&mut self, n: usize, bits: &mut Bits<'_>) {
        self.syms.clear();
        self.lfreq = [0; L_CODES];
        self.dfreq = [0; D_CODES];
        self.lfreq[END_BLOCK] = 1;
        self.static_bits = STATIC_LLEN[END_BLOCK] as u64;
        self.extra_bits = 0;
        let mut m = Match {
            strstart: 0,
            lookahead: n,
            prev_length: MIN_MATCH - 1,
            match_start: 0,
        };
        let mut match_length = MIN_MATCH - 1;
        let mut match_available = false;
        let mut block_start = 0usize;
        while m.lookahead != 0 {
            let mut hash_head = 0;
            if m.lookahead >= MIN_MATCH {
                hash_head = self.insert(m.strstart);
            }
            m.prev_length = match_length;
            let prev_match = m.match_start;
            match_length = MIN_MATCH - 1;
            if hash_head != 0 && m.prev_length < MAX_LAZY && m.strstart - hash_head <= MAX_DIST {
                match_length = self.longest_match(&mut m, hash_head);
                if match_length == MIN_MATCH && m.strstart - m.match_start > TOO_FAR {
                    match_length = MIN_MATCH - 1;
                }
            }
            if m.prev_length >= MIN_MATCH && match_length <= m.prev_length {
                let max_insert = m.strstart + m.lookahead - MIN_MATCH;
                let flush =
                    self.tally_match(m.strstart - 1 - prev_match, m.prev_length - MIN_MATCH);
                m.lookahead -= m.prev_length - 1;
                for _ in 0..m.prev_length - 2 {
                    m.strstart += 1;
                    if m.strstart <= max_insert {
                        self.insert(m.strstart);
                    }
                }
                match_available = false;
                match_length = MIN_MATCH - 1;
                m.strstart += 1;
                if flush {
                    self.flush_block(block_start, m.strstart, false, bits);
                    block_start = m.strstart;
                }
            } else if match_available {
                let flush = self.tally_lit(self.window[m.strstart - 1]);
                if flush {
                    self.flush_block(block_start, m.strstart, false, bits);
                    block_start = m.strstart;
                }
                m.strstart += 1;
                m.lookahead -= 1;
            } else {
                match_available = true;
                m.strstart += 1;
                m.lookahead -= 1;
            }
        }
        if match_available {
            self.tally_lit(self.window[m.strstart - 1]);
        }
        self.flush_block(block_start, m.strstart, true, bits);
    }

    /// Ends a block: stored, fixed or dynamic, whichever zlib's estimate
    /// picks, then starts the next one.
    fn flush_block(&mut self, start: usize, end: usize, last: bool, bits: &mut Bits<'_>) {
        let stored_len = end - start;
        if self.dynamic_cannot_win() {
            // zlib would price the dynamic code and find it no cheaper than
            // the fixed one; only stored against fixed is left to decide.
            let static_lenb = (self.static_bits + 3 + 7) >> 3;
            if stored_len as u64 + 4 <= static_lenb {
                self.stored_block(start, end, last, bits);
            } else {
                bits.put(2 + last as u32, 3);
                self.emit(
                    bits,
                    &STATIC_LLEN,
                    &STATIC_LCODE,
                    &STATIC_DLEN,
                    &STATIC_DCODE,
                );
            }
            self.end_block(last, bits);
            return;
        }
        let mut llen = [0u8; L_CODES + 1];
        let mut lcode = [0u16; L_CODES];
        let mut dlen = [0u8; D_CODES + 1];
        let mut dcode = [0u16; D_CODES];
        let mut bllen = [0u8; BL_CODES];
        let mut blcode = [0u16; BL_CODES];
        let mut opt_len = 0i64;
        let mut static_len = 0i64;
        let l = self.huff.build(
            &Alphabet {
                elems: L_CODES,
                static_len: Some(&STATIC_LLEN),
                extra: &EXTRA_LBITS,
                extra_base: END_BLOCK + 1,
                max_length: 15,
            },
            &mut self.lfreq,
            &mut llen,
            &mut lcode,
            &mut opt_len,
            &mut static_len,
        );
        let d = self.huff.build(
            &Alphabet {
                elems: D_CODES,
                static_len: Some(&STATIC_DLEN),
                extra: &EXTRA_DBITS,
                extra_base: 0,
                max_length: 15,
            },
            &mut self.dfreq,
            &mut dlen,
            &mut dcode,
            &mut opt_len,
            &mut static_len,
        );
        // The code-length code: count the run-length items of both trees.
        let mut blfreq = [0u16; BL_CODES];
        runs(&llen, l.max_code, |s, _, _| blfreq[s] += 1);
        runs(&dlen, d.max_code, |s, _, _| blfreq[s] += 1);
        self.huff.build(
            &Alphabet {
                elems: BL_CODES,
                static_len: None,
                extra: &EXTRA_BL,
                extra_base: 0,
                max_length: 7,
            },
            &mut blfreq,
            &mut bllen,
            &mut blcode,
            &mut opt_len,
            &mut static_len,
        );
        let mut max_blindex = BL_CODES - 1;
        while max_blindex >= 3 && bllen[BL_ORDER[max_blindex]] == 0 {
            max_blindex -= 1;
        }
        opt_len += 3 * (max_blindex as i64 + 1) + 5 + 5 + 4;

        let mut opt_lenb = (opt_len + 3 + 7) >> 3;
        let static_lenb = (static_len + 3 + 7) >> 3;
        if static_lenb <= opt_lenb {
            opt_lenb = static_lenb;
        }
        debug_assert_eq!(static_len as u64, self.static_bits);
        if stored_len as i64 + 4 <= opt_lenb {
            self.stored_block(start, end, last, bits);
        } else if static_lenb == opt_lenb {
            bits.put(2 + last as u32, 3);
            self.emit(
                bits,
                &STATIC_LLEN,
                &STATIC_LCODE,
                &STATIC_DLEN,
                &STATIC_DCODE,
            );
        } else {
            bits.put(4 + last as u32, 3);
            bits.put((l.max_code + 1 - 257) as u32, 5);
            bits.put(d.max_code as u32, 5);
            bits.put((max_blindex + 1 - 4) as u32, 4);
            for &s in &BL_ORDER[..=max_blindex] {
                bits.put(bllen[s] as u32, 3);
            }
            let mut send = |s: usize, v: u32, n: u32| {
                bits.put(blcode[s] as u32, bllen[s] as u32);
                if n != 0 {
                    bits.put(v, n);
                }
            };
            runs(&llen, l.max_code, &mut send);
            runs(&dlen, d.max_code, &mut send);
            self.emit(bits, &llen, &lcode, &dlen, &dcode);
        }
        self.end_block(last, bits);
    }

    fn stored_block(&self, start: usize, end: usize, last: bool, bits: &mut Bits<'_>) {
        bits.put(last as u32, 3);
        bits.align();
        let len = (end - start) as u16;
        bits.out.extend_from_slice(&len.to_le_bytes());
        bits.out.extend_from_slice(&(!len).to_le_bytes());
        bits.out.extend_from_slice(&self.window[start..end]);
    }

    fn end_block(&mut self, last: bool, bits: &mut Bits<'_>) {
        self.syms.clear();
        self.lfreq = [0; L_CODES];
        self.dfreq = [0; D_CODES];
        self.lfreq[END_BLOCK] = 1;
        self.static_bits = STATIC_LLEN[END_BLOCK] as u64;
        self.extra_bits = 0;
        if last {
            bits.align();
        }
    }

    /// A proof, without building any tree, that zlib's estimate for a
    /// dynamic block (`opt_len`) is at least the fixed-code cost, so zlib
    /// will not choose it. The dynamic cost is bounded below by
    /// - the optimal (unlimited) Huffman cost of each symbol set: zlib's
    ///   length-limited code is never cheaper;
    /// - the extra bits, which both codes pay alike;
    /// - the header: 14 bits of counts, at least 4 code-length code lengths
    ///   of 3 bits, and the run-length items of the code lengths. The runs
    ///   of unused symbols (zero lengths) give the same items whatever the
    ///   lengths are; every maximal run of `r` used symbols takes at least
    ///   `min(r, 1 + ceil((r - 1) / 6))` items (its first length is written
    ///   out, a repeat item covers at most 6). The items cost at least the
    ///   optimal Huffman cost of their counts with all non-zero-length
    ///   items merged into one symbol (merging symbols or dropping items
    ///   never makes an optimal code dearer), plus the zero runs' extra bits.
    fn dynamic_cannot_win(&mut self) -> bool {
        let mut counts = ItemCounts::default();
        let (leaves, internal) = (&mut self.leaves, &mut self.internal);
        let lcost = huffman_cost(&self.lfreq, &mut counts, leaves, internal);
        let dcost = huffman_cost(&self.dfreq, &mut counts, leaves, internal);
        let items = [counts.zero, counts.rep17, counts.rep18, counts.nonzero];
        let header = 14 + 12 + huffman_cost_small(&items) + 3 * counts.rep17 + 7 * counts.rep18;
        lcost + dcost + self.extra_bits + header >= self.static_bits
    }

    /// The block's symbols and end-of-block under the given code.
    fn emit(&self, bits: &mut Bits<'_>, llen: &[u8], lcode: &[u16], dlen: &[u8], dcode: &[u16]) {
        for s in &self.syms {
            if s.dist == 0 {
                let c = s.lc as usize;
                bits.put(lcode[c] as u32, llen[c] as u32);
            } else {
                let lc = s.lc as usize;
                let code = LENGTH_CODE[lc] as usize;
                let sym = code + END_BLOCK + 1;
                bits.put(lcode[sym] as u32, llen[sym] as u32);
                let extra = EXTRA_LBITS[code] as u32;
                if extra != 0 {
                    bits.put((lc - BASE_LENGTH[code] as usize) as u32, extra);
                }
                let dist = s.dist as u32 - 1;
                let code = dist_code(dist);
                bits.put(dcode[code] as u32, dlen[code] as u32);
                let extra = EXTRA_DBITS[code] as u32;
                if extra != 0 {
                    bits.put(dist - BASE_DIST[code] as u32, extra);
                }
            }
        }
        bits.put(lcode[END_BLOCK] as u32, llen[END_BLOCK] as u32);
    }
}

/// Run-length items of a code-length sequence that are known before the
/// lengths are: see [`Deflater::dynamic_cannot_win`].
#[derive(Default)]
struct ItemCounts {
    zero: u64,
    rep17: u64,
    rep18: u64,
    nonzero: u64,
}

/// Optimal Huffman cost of the non-zero counts in `freq` (as zlib forces a
/// second symbol into a one-symbol code, a lone symbol costs one bit per
/// occurrence), and the items the zero and non-zero runs of its code-length
/// sequence take at least.
fn huffman_cost(
    freq: &[u16],
    items: &mut ItemCounts,
    leaves: &mut Vec<u64>,
    internal: &mut Vec<u64>,
) -> u64 {
    leaves.clear();
    // Bit mask of the used symbols.
    let mut mask = [0u64; L_CODES.div_ceil(64)];
    for (w, chunk) in mask.iter_mut().zip(freq.chunks(64)) {
        for (b, &f) in chunk.iter().enumerate() {
            *w |= ((f != 0) as u64) << b;
        }
    }
    let mut max_code = 0;
    for (wi, &w) in mask.iter().enumerate() {
        let mut bitsleft = w;
        while bitsleft != 0 {
            let n = wi * 64 + bitsleft.trailing_zeros() as usize;
            leaves.push(freq[n] as u64);
            max_code = n;
            bitsleft &= bitsleft - 1;
        }
    }
    if leaves.len() <= 1 {
        // Degenerate tree: zlib adds symbols of its own; count no items.
        return leaves.first().copied().unwrap_or(0);
    }
    // Runs of zero and non-zero lengths up to the last used symbol.
    let end = max_code + 1;
    let mut n = 0;
    while n < end {
        let used = mask[n / 64] >> (n % 64) & 1 != 0;
        // First position from n whose used-ness differs.
        let mut p = n;
        let next = loop {
            let w = if used { !mask[p / 64] } else { mask[p / 64] } >> (p % 64);
            if w != 0 {
                break (p + w.trailing_zeros() as usize).min(end);
            }
            p = (p / 64 + 1) * 64;
            if p >= end {
                break end;
            }
        };
        let r = next - n;
        n = next;
        if used {
            items.nonzero += (r as u64).min(1 + (r as u64 - 1).div_ceil(6));
        } else {
            let mut z = r as u64;
            while z > 0 {
                let c = z.min(138);
                z -= c;
                match c {
                    0..=2 => items.zero += c,
                    3..=10 => items.rep17 += 1,
                    _ => items.rep18 += 1,
                }
            }
        }
    }
    leaves.sort_unstable();
    two_queue_cost(leaves, internal)
}

/// Sum of the internal node weights of a Huffman tree over ascending
/// `leaves` (at least two): its cost, whichever way ties are broken.
fn two_queue_cost(leaves: &[u64], internal: &mut Vec<u64>) -> u64 {
    internal.clear();
    let (mut i, mut head) = (0usize, 0usize);
    let mut cost = 0u64;
    for _ in 1..leaves.len() {
        let mut pair = 0;
        for _ in 0..2 {
            let w = if i < leaves.len() && (head == internal.len() || leaves[i] <= internal[head]) {
                i += 1;
                leaves[i - 1]
            } else {
                head += 1;
                internal[head - 1]
            };
            pair += w;
        }
        cost += pair;
        internal.push(pair);
    }
    cost
}

/// Optimal Huffman cost of up to four counts (zeros skipped; a lone count
/// costs a bit per item).
fn huffman_cost_small(counts: &[u64; 4]) -> u64 {
    let mut buf = [0u64; 4];
    let mut k = 0;
    for &c in counts {
        if c != 0 {
            buf[k] = c;
            k += 1;
        }
    }
    match k {
        0 => 0,
        1 => buf[0],
        _ => {
            buf[..k].sort_unstable();
            // At most three internal nodes: a 4-leaf instance of the above.
            let (mut i, mut head) = (0usize, 0usize);
            let mut internal = [0u64; 4];
            let mut cost = 0;
            for tail in 0..k - 1 {
                let mut pair = 0;
                for _ in 0..2 {
                    let w = if i < k && (head == tail || buf[i] <= internal[head]) {
                        i += 1;
                        buf[i - 1]
                    } else {
                        head += 1;
                        internal[head - 1]
                    };
                    pair += w;
                }
                cost += pair;
                internal[tail] = pair;
            }
            cost
        }
    }
}

/// Number of equal bytes at `a` and `b` (`b < a`), at most `MAX_MATCH`;
/// `w` must hold `MAX_MATCH + 8` bytes after `a`.
#[inline]
fn common_prefix(w: &[u8], a: usize, b: usize) -> usize {
    let mut k = 0;
    while k < MAX_MATCH {
        let x = u64::from_le_bytes(w[a + k..a + k + 8].try_into().expect("8 bytes"))
            ^ u64::from_le_bytes(w[b + k..b + k + 8].try_into().expect("8 bytes"));
        if x != 0 {
            return (k + (x.trailing_zeros() / 8) as usize).min(MAX_MATCH);
        }
        k += 8;
    }
    MAX_MATCH
}
