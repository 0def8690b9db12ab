//! Little-endian packing shared by both formats: `u16`, `u32`, `i16`,
//! `bytes16` (u16 length + bytes) and `map16` (u16 count + u16 key/u32 value).

use crate::error::{Error, ErrorCode, Result};

/// Appends wire values to a byte vector.
pub(crate) struct Writer<'a> {
    pub(crate) buf: &'a mut Vec<u8>,
}

impl<'a> Writer<'a> {
    pub(crate) fn new(buf: &'a mut Vec<u8>) -> Self {
        Writer { buf }
    }

    #[inline]
    pub(crate) fn u16(&mut self, v: u16) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    #[inline]
    pub(crate) fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    #[inline]
    pub(crate) fn i16(&mut self, v: i16) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    /// `bytes16`: refuses more than 65 535 bytes instead of wrapping the length.
    #[inline]
    pub(crate) fn bytes16(&mut self, what: &str, v: &[u8]) -> Result<()> {
        let len = checked_len16(what, v.len())?;
        self.u16(len);
        self.buf.extend_from_slice(v);
        Ok(())
    }

    /// `map16` over entries that are already sorted and unique.
    pub(crate) fn map16(&mut self, what: &str, entries: &[(u16, u32)]) -> Result<()> {
        let n = checked_count16(what, entries.len())?;
        self.u16(n);
        for &(k, v) in entries {
            self.u16(k);
            self.u32(v);
        }
        Ok(())
    }
}

pub(crate) fn checked_len16(what: &str, len: usize) -> Result<u16> {
    u16::try_from(len).map_err(|_| {
        Error::new(
            ErrorCode::ValueTooLong,
            format!("{what} is {len} bytes; the format allows at most 65535"),
        )
    })
}

pub(crate) fn checked_count16(what: &str, n: usize) -> Result<u16> {
    u16::try_from(n).map_err(|_| {
        Error::new(
            ErrorCode::ValueOutOfRange,
            format!("{what} has {n} entries; the format allows at most 65535"),
        )
    })
}

/// Reads wire values; every read that runs past the end is `truncated_payload`.
pub(crate) struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Self {
        Reader { data, pos: 0 }
    }

    pub(crate) fn pos(&self) -> usize {
        self.pos
    }

    pub(crate) fn remaining(&self) -> usize {
        self.data.len() - self.pos
    }

    #[inline]
    pub(crate) fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8]> {
        if self.remaining() < n {
            return Err(self.short(n, what));
        }
        let s = &self.data[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    /// The error of a read of `n` bytes that runs past the end (kept out of
    /// line, so that the reads themselves stay small enough to inline).
    #[cold]
    #[inline(never)]
    fn short(&self, n: usize, what: &str) -> Error {
        Error::new(
            ErrorCode::TruncatedPayload,
            format!(
                "{what}: needs {n} bytes at offset {}, only {} left",
                self.pos,
                self.remaining()
            ),
        )
    }

    #[inline]
    pub(crate) fn u16(&mut self, what: &str) -> Result<u16> {
        let b = self.take(2, what)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }

    #[inline]
    pub(crate) fn i16(&mut self, what: &str) -> Result<i16> {
        Ok(self.u16(what)? as i16)
    }

    #[inline]
    pub(crate) fn u32(&mut self, what: &str) -> Result<u32> {
        let b = self.take(4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    #[inline]
    pub(crate) fn bytes16(&mut self, what: &str) -> Result<&'a [u8]> {
        let n = self.u16(what)? as usize;
        self.take(n, what)
    }

    /// A `map16` in wire order (no sorting: the bytes are what was signed).
    pub(crate) fn map16(&mut self, what: &str) -> Result<Vec<(u16, u32)>> {
        let n = self.u16(what)? as usize;
        // Each entry is 6 bytes; check up front so a huge count cannot make us
        // reserve memory for entries that are not there.
        if self.remaining() < n * 6 {
            return Err(Error::new(
                ErrorCode::TruncatedPayload,
                format!(
                    "{what}: declares {n} entries, only {} bytes left",
                    self.remaining()
                ),
            ));
        }
        let entries = self.take(n * 6, what)?;
        Ok(entries
            .chunks_exact(6)
            .map(|e| {
                (
                    u16::from_le_bytes([e[0], e[1]]),
                    u32::from_le_bytes([e[2], e[3], e[4], e[5]]),
                )
            })
            .collect())
    }
}
