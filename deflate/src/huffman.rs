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
pub(crate) struct Builder {
    freq: [u32; HEAP_SIZE],
    dad: [u16; HEAP_SIZE],
    len: [u8; HEAP_SIZE],
    depth: [u8; HEAP_SIZE],
    heap: [u16; HEAP_SIZE],
    heap_len: usize,
    heap_max: usize,
    bl_count: [u16; MAX_BITS + 1],
}

/// What a built tree tells the block-type decision.
pub(crate) struct Built {
    /// Largest symbol with a non-zero code length.
    pub max_code: usize,
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
            freq: [0; HEAP_SIZE],
            dad: [0; HEAP_SIZE],
            len: [0; HEAP_SIZE],
            depth: [0; HEAP_SIZE],
            heap: [0; HEAP_SIZE],
            heap_len: 0,
            heap_max: 0,
            bl_count: [0; MAX_BITS + 1],
        }
    }

    #[inline]
    fn smaller(&self, n: u16, m: u16) -> bool {
        let (fn_, fm) = (self.freq[n as usize], self.freq[m as usize]);
        fn_ < fm || (fn_ == fm && self.depth[n as usize] <= self.depth[m as usize])
    }

    /// Restores the heap property from position `k` down.
    #[inline]
    fn sift_down(&mut self, mut k: usize) {
        let v = self.heap[k];
        let mut j = k << 1;
        while j <= self.heap_len {
            if j < self.heap_len && self.smaller(self.heap[j + 1], self.heap[j]) {
                j += 1;
            }
            if self.smaller(v, self.heap[j]) {
                break;
            }
            self.heap[k] = self.heap[j];
            k = j;
            j <<= 1;
        }
        self.heap[k] = v;
    }

    /// Builds the code for `freq` (one count per symbol; symbols the builder
    /// forces into a degenerate tree get a count of 1 written back). Writes
    /// code lengths to `lens` and codes to `codes`, adds the cost of the
    /// block's symbols under this code to `opt_len` and under the fixed code
    /// to `static_len`.
    pub(crate) fn build(
        &mut self,
        a: &Alphabet<'_>,
        freq: &mut [u16],
        lens: &mut [u8],
        codes: &mut [u16],
        opt_len: &mut i64,
        static_len: &mut i64,
    ) -> Built {
        let elems = a.elems;
        self.heap_len = 0;
        self.heap_max = HEAP_SIZE;
        let mut max_code: isize = -1;
        for n in 0..elems {
            let f = freq[n];
            self.freq[n] = f as u32;
            if f != 0 {
                self.heap_len += 1;
                self.heap[self.heap_len] = n as u16;
                max_code = n as isize;
                self.depth[n] = 0;
            } else {
                self.len[n] = 0;
            }
        }
        // A code needs two symbols: force in the lowest ones.
        while self.heap_len < 2 {
            let node = if max_code < 2 {
                max_code += 1;
                max_code as usize
            } else {
                0
            };
            self.heap_len += 1;
            self.heap[self.heap_len] = node as u16;
            self.freq[node] = 1;
            freq[node] = 1;
            self.depth[node] = 0;
            *opt_len -= 1;
            if let Some(s) = a.static_len {
                *static_len -= s[node] as i64;
            }
        }
        let max_code = max_code as usize;
        for n in (1..=self.heap_len / 2).rev() {
            self.sift_down(n);
        }
        let mut node = elems;
        loop {
            let n = self.heap[1];
            self.heap[1] = self.heap[self.heap_len];
            self.heap_len -= 1;
            self.sift_down(1);
            let m = self.heap[1];
            self.heap_max -= 1;
            self.heap[self.heap_max] = n;
            self.heap_max -= 1;
            self.heap[self.heap_max] = m;
            self.freq[node] = self.freq[n as usize] + self.freq[m as usize];
            let (dn, dm) = (self.depth[n as usize], self.depth[m as usize]);
            self.depth[node] = dn.max(dm).wrapping_add(1);
            self.dad[n as usize] = node as u16;
            self.dad[m as usize] = node as u16;
            self.heap[1] = node as u16;
            node += 1;
            self.sift_down(1);
            if self.heap_len < 2 {
                break;
            }
        }
        self.heap_max -= 1;
        self.heap[self.heap_max] = self.heap[1];

        self.lengths(a, max_code, opt_len, static_len);
        for n in 0..=max_code {
            lens[n] = self.len[n];
        }
        // Canonical codes.
        let mut next = [0u16; MAX_BITS + 1];
        let mut code = 0u16;
        for bits in 1..=MAX_BITS {
            code = (code + self.bl_count[bits - 1]) << 1;
            next[bits] = code;
        }
        for n in 0..=max_code {
            let l = lens[n];
            if l != 0 {
                codes[n] = crate::tables::reverse(next[l as usize], l);
                next[l as usize] += 1;
            }
        }
        Built { max_code }
    }

    /// Code lengths from the tree in `heap[heap_max..]`, limited to
    /// `max_length`, with their cost.
    fn lengths(&mut self, a: &Alphabet<'_>, max_code: usize, opt_len: &mut i64, static_len: &mut i64) {
        let max_length = a.max_length as usize;
        self.bl_count = [0; MAX_BITS + 1];
        let root = self.heap[self.heap_max] as usize;
        self.len[root] = 0;
        let mut overflow = 0i32;
        let mut h = self.heap_max + 1;
        while h < HEAP_SIZE {
            let n = self.heap[h] as usize;
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
                let m = self.heap[h] as usize;
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
