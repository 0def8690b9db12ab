//! Length-limited Huffman codes built the way zlib's `trees.c` builds them,
//! so that equal frequencies give equal code lengths and equal cost
//! estimates: a binary min-heap ordered by (frequency, subtree depth) with
//! ties going to the node already compared against, internal nodes merged
//! two at a time, lengths read top-down with the overflow of the length limit
//! repaired by moving leaves down from the deepest usable level, and
//! canonical codes.
//!
//! Written from the description in RFC 1951 and from observing which choices
//! zlib makes; the differential tests in `tests/` hold it to zlib's output.

/// Leaves of the largest alphabet plus its internal nodes plus one spare.
pub(crate) const HEAP_SIZE: usize = 2 * crate::tables::L_CODES + 1;
/// Longest code of the literal/length and distance trees.
pub(crate) const MAX_BITS: usize = 15;

/// Scratch space for one tree at a time (reused for all three).
///
/// Heap entries pack a node's sort key over its number: `(freq << 8 |
/// depth) << 16 | node`, so zlib's order "smaller frequency, then smaller or
/// equal depth" is a comparison of the high bits, `<=` keeping its ties.
pub(crate) struct Builder {
    dad: [u16; HEAP_SIZE],
    len: [u8; HEAP_SIZE],
    /// Frequency of every leaf and internal node.
    freq: [u32; HEAP_SIZE],
    /// `heap[1..=heap_len]` is the heap, `heap[heap_len + 1]` a sentinel that
    /// sorts after everything; `heap[heap_max..]` collects the nodes in the
    /// order they were taken off (as zlib keeps them, for the lengths pass).
    heap: [u64; HEAP_SIZE + 2],
    heap_len: usize,
    heap_max: usize,
    bl_count: [u16; MAX_BITS + 1],
}

const SENTINEL: u64 = u64::MAX;

#[inline]
fn key(e: u64) -> u64 {
    e >> 16
}

#[inline]
fn entry(freq: u32, depth: u8, node: usize) -> u64 {
    ((((freq as u64) << 8) | depth as u64) << 16) | node as u64
}

/// What a built tree tells the block-type decision.
pub(crate) struct Built {
    /// Largest symbol with a non-zero code length.
    pub max_code: usize,
    /// Number of symbols of each code length.
    pub bl_count: [u16; MAX_BITS + 1],
}

/// Describes one alphabet.
pub(crate) struct Alphabet<'a> {
    /// Number of symbols.
    pub elems: usize,
    /// Fixed code lengths, for the static cost (none for the code-length tree).
    pub static_len: Option<&'a [u8]>,
    /// Extra bits of symbols from `extra_base` on.
    pub extra: &'a [u8],
    pub extra_base: usize,
    pub max_length: u8,
}

impl Builder {
    pub(crate) fn new() -> Builder {
        Builder {
            dad: [0; HEAP_SIZE],
            len: [0; HEAP_SIZE],
            freq: [0; HEAP_SIZE],
            heap: [0; HEAP_SIZE + 2],
            heap_len: 0,
            heap_max: 0,
            bl_count: [0; MAX_BITS + 1],
        }
    }

    /// Restores the heap property from position `k` down (zlib's
    /// `pqdownheap`), without a branch on the data: the walk follows the
    /// smaller child to the bottom, and the moves stop (become stores of
    /// the value already there) where zlib's loop would have left it. The
    /// place where that happens depends on the keys, which no predictor
    /// guesses well; the walk's length depends only on the heap's size.
    #[inline]
    fn sift_down(&mut self, k: usize) {
        let h = &mut self.heap;
        let n = self.heap_len;
        let v = h[k];
        let vkey = v >> 16;
        let mut hole = k;
        let mut moving = true;
        let mut j = k << 1;
        while j <= n {
            let (a, b) = (h[j], h[j + 1]);
            // zlib takes the right child when it is no larger.
            let right = b <= (a | 0xffff);
            let (c, cv) = if right { (j + 1, b) } else { (j, a) };
            // zlib stops when the value is no larger than that child.
            moving &= vkey > cv >> 16;
            h[hole] = if moving { cv } else { h[hole] };
            hole = if moving { c } else { hole };
            j = c << 1;
        }
        h[hole] = v;
    }

    /// Builds the code for `freq` (one count per symbol; symbols the builder
    /// forces into a degenerate tree get a count of 1 written back). `used`,
    /// when given, has a bit set for exactly the symbols with a count. Writes
    /// code lengths to `lens` (the codes themselves come from [`codes`],
    /// needed only when the dynamic block is sent), adds the cost of the
    /// block's symbols under this code to `opt_len` and under the fixed code
    /// to `static_len`.
    pub(crate) fn build(
        &mut self,
        a: &Alphabet<'_>,
        freq: &mut [u16],
        used: Option<&[u64]>,
        lens: &mut [u8],
        opt_len: &mut i64,
        static_len: &mut i64,
    ) -> Built {
        let elems = a.elems;
        let mut heap_len = 0;
        let mut max_code: isize = -1;
        self.len[..elems].fill(0);
        match used {
            // The used symbols in increasing order, from their bit mask.
            Some(mask) => {
                for (wi, &w) in mask.iter().enumerate() {
                    let mut left = w;
                    while left != 0 {
                        let n = wi * 64 + left.trailing_zeros() as usize;
                        let f = freq[n];
                        debug_assert!(f != 0);
                        heap_len += 1;
                        self.heap[heap_len] = entry(f as u32, 0, n);
                        self.freq[n] = f as u32;
                        max_code = n as isize;
                        left &= left - 1;
                    }
                }
            }
            // Without a branch per symbol (most are unused, in no
            // pattern): every symbol is written to the next free heap
            // slot, which only a used one keeps.
            None => {
                for (n, &f) in freq[..elems].iter().enumerate() {
                    self.heap[heap_len + 1] = entry(f as u32, 0, n);
                    self.freq[n] = f as u32;
                    let used = f != 0;
                    heap_len += used as usize;
                    max_code = if used { n as isize } else { max_code };
                }
            }
        }
        // A code needs two symbols: force in the lowest ones.
        while heap_len < 2 {
            let node = if max_code < 2 {
                max_code += 1;
                max_code as usize
            } else {
                0
            };
            heap_len += 1;
            self.heap[heap_len] = entry(1, 0, node);
            self.freq[node] = 1;
            freq[node] = 1;
            *opt_len -= 1;
            if let Some(s) = a.static_len {
                *static_len -= s[node] as i64;
            }
        }
        let max_code = max_code as usize;
        self.heap_len = heap_len;
        self.heap_max = HEAP_SIZE;
        self.heap[heap_len + 1] = SENTINEL;
        for n in (1..=heap_len / 2).rev() {
            self.sift_down(n);
        }
        let mut node = elems;
        loop {
            let n = self.heap[1];
            self.heap[1] = self.heap[self.heap_len];
            self.heap[self.heap_len] = SENTINEL;
            self.heap_len -= 1;
            self.sift_down(1);
            let m = self.heap[1];
            self.heap_max -= 1;
            self.heap[self.heap_max] = n;
            self.heap_max -= 1;
            self.heap[self.heap_max] = m;
            let (fnn, fm) = ((key(n) >> 8) as u32, (key(m) >> 8) as u32);
            let depth = (key(n) as u8).max(key(m) as u8).wrapping_add(1);
            let f = fnn + fm;
            self.freq[node] = f;
            self.dad[(n & 0xffff) as usize] = node as u16;
            self.dad[(m & 0xffff) as usize] = node as u16;
            self.heap[1] = entry(f, depth, node);
            node += 1;
            self.sift_down(1);
            if self.heap_len < 2 {
                break;
            }
        }
        self.heap_max -= 1;
        self.heap[self.heap_max] = self.heap[1];

        self.lengths(a, max_code, opt_len, static_len);
        lens[..=max_code].copy_from_slice(&self.len[..=max_code]);
        Built {
            max_code,
            bl_count: self.bl_count,
        }
    }

    /// Code lengths from the tree in `heap[heap_max..]`, limited to
    /// `max_length`, with their cost.
    fn lengths(
        &mut self,
        a: &Alphabet<'_>,
        max_code: usize,
        opt_len: &mut i64,
        static_len: &mut i64,
    ) {
        let max_length = a.max_length as usize;
        self.bl_count = [0; MAX_BITS + 1];
        let root = (self.heap[self.heap_max] & 0xffff) as usize;
        self.len[root] = 0;
        let mut overflow = 0i32;
        let mut h = self.heap_max + 1;
        while h < HEAP_SIZE {
            let n = (self.heap[h] & 0xffff) as usize;
            h += 1;
            let mut bits = self.len[self.dad[n] as usize] as usize + 1;
            if bits > max_length {
                bits = max_length;
                overflow += 1;
            }
            self.len[n] = bits as u8;
            if n > max_code {
                continue; // internal node
            }
            self.bl_count[bits] += 1;
            let xbits = if n >= a.extra_base {
                a.extra[n - a.extra_base] as i64
            } else {
                0
            };
            let f = self.freq[n] as i64;
            *opt_len += f * (bits as i64 + xbits);
            if let Some(s) = a.static_len {
                *static_len += f * (s[n] as i64 + xbits);
            }
        }
        if overflow == 0 {
            return;
        }
        // Move leaves down from the deepest level below the limit until the
        // lengths satisfy Kraft again, two overflowing leaves at a time.
        loop {
            let mut bits = max_length - 1;
            while self.bl_count[bits] == 0 {
                bits -= 1;
            }
            self.bl_count[bits] -= 1;
            self.bl_count[bits + 1] += 2;
            self.bl_count[max_length] -= 1;
            overflow -= 2;
            if overflow <= 0 {
                break;
            }
        }
        // Hand the lengths out again, longest first, in the order the leaves
        // were taken off the heap (rarest first).
        let mut h = HEAP_SIZE;
        for bits in (1..=max_length).rev() {
            let mut n = self.bl_count[bits];
            while n != 0 {
                h -= 1;
                let m = (self.heap[h] & 0xffff) as usize;
                if m > max_code {
                    continue;
                }
                if self.len[m] as usize != bits {
                    *opt_len += (bits as i64 - self.len[m] as i64) * self.freq[m] as i64;
                    self.len[m] = bits as u8;
                }
                n -= 1;
            }
        }
    }
}

/// Canonical codes (bit-reversed, ready to send) of the lengths
/// `lens[..=max_code]`.
pub(crate) fn codes(lens: &[u8], max_code: usize, codes: &mut [u16]) {
    let mut bl_count = [0u16; MAX_BITS + 1];
    for &l in &lens[..=max_code] {
        bl_count[l as usize] += 1;
    }
    bl_count[0] = 0;
    let mut next = [0u16; MAX_BITS + 1];
    let mut code = 0u16;
    for bits in 1..=MAX_BITS {
        code = (code + bl_count[bits - 1]) << 1;
        next[bits] = code;
    }
    for n in 0..=max_code {
        let l = lens[n];
        if l != 0 {
            codes[n] = crate::tables::reverse(next[l as usize], l);
            next[l as usize] += 1;
        }
    }
}

/// The run-length form of a code-length sequence (RFC 1951 3.2.7), as a
/// callback per emitted item: `(symbol, extra_bits_value, extra_bit_count)`.
/// `lens` holds the lengths of symbols `0..=max_code`.
#[inline]
pub(crate) fn runs(lens: &[u8], max_code: usize, mut emit: impl FnMut(usize, u32, u32)) {
    let mut prevlen: i32 = -1;
    let mut nextlen = lens[0] as i32;
    let mut count = 0u32;
    let (mut max_count, mut min_count) = if nextlen == 0 { (138, 3) } else { (7, 4) };
    for n in 0..=max_code {
        let curlen = nextlen;
        nextlen = if n < max_code {
            lens[n + 1] as i32
        } else {
            0xffff // guard: never equal to a length
        };
        count += 1;
        if count < max_count && curlen == nextlen {
            continue;
        } else if count < min_count {
            for _ in 0..count {
                emit(curlen as usize, 0, 0);
            }
        } else if curlen != 0 {
            if curlen != prevlen {
                emit(curlen as usize, 0, 0);
                count -= 1;
            }
            emit(16, count - 3, 2);
        } else if count <= 10 {
            emit(17, count - 3, 3);
        } else {
            emit(18, count - 11, 7);
        }
        count = 0;
        prevlen = curlen;
        if nextlen == 0 {
            max_count = 138;
            min_count = 3;
        } else if curlen == nextlen {
            max_count = 6;
            min_count = 3;
        } else {
            max_count = 7;
            min_count = 4;
        }
    }
}
