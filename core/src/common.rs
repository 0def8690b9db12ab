//! Things both formats share: credential checks, build options, identities.

use std::borrow::Cow;
use std::time::{SystemTime, UNIX_EPOCH};

use rand::Rng;

use crate::crypto::is_hex32;
use crate::error::{Error, ErrorCode, Result};

/// Values normally taken from the clock and the random generator. Fix them to
/// reproduce a token exactly (every test vector does).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Salt. Default: drawn per token from the OS-seeded CSPRNG in
    /// `1..=99_999_999` (the range of the python3, Node.js and PHP builders).
    pub salt: Option<u32>,
    /// For 007: the issue time (Unix seconds). For 006 builders: "now"; the
    /// message timestamp becomes `now + 86400`. Default: the UTC clock.
    pub issue_ts: Option<u32>,
}

impl Options {
    /// Both values fixed.
    pub const fn fixed(salt: u32, issue_ts: u32) -> Options {
        Options {
            salt: Some(salt),
            issue_ts: Some(issue_ts),
        }
    }

    pub(crate) fn salt(&self) -> u32 {
        self.salt.unwrap_or_else(random_salt)
    }

    pub(crate) fn issue_ts(&self) -> Result<u32> {
        match self.issue_ts {
            Some(t) => Ok(t),
            None => now_u32(),
        }
    }
}

/// A fresh salt in `1..=99_999_999` from the thread's CSPRNG (seeded by the OS).
pub fn random_salt() -> u32 {
    rand::rng().random_range(1..=99_999_999)
}

/// The current Unix time in seconds.
pub fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn now_u32() -> Result<u32> {
    let now = now_secs();
    u32::try_from(now).map_err(|_| Error::out_of_range("current time", now, 0, u32::MAX as i64))
}

pub(crate) fn check_app_id(app_id: &[u8]) -> Result<()> {
    if is_hex32(app_id) {
        Ok(())
    } else {
        Err(Error::new(
            ErrorCode::InvalidAppId,
            format!(
                "app_id must be exactly 32 hexadecimal characters (got {} bytes{})",
                app_id.len(),
                if app_id.len() == 32 {
                    ", not all hex"
                } else {
                    ""
                }
            ),
        ))
    }
}

pub(crate) fn check_certificate(cert: &[u8]) -> Result<()> {
    if is_hex32(cert) {
        Ok(())
    } else {
        // The value itself is never put into the message.
        Err(Error::new(
            ErrorCode::InvalidAppCertificate,
            format!(
                "app_certificate must be exactly 32 hexadecimal characters (got {} bytes{})",
                cert.len(),
                if cert.len() == 32 {
                    ", not all hex"
                } else {
                    ""
                }
            ),
        ))
    }
}

/// An RTC (and Streaming / FCDN) identity: a numeric uid or a string account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserId<'a> {
    /// Numeric uid: written as decimal text; 0 becomes the empty string (any
    /// user).
    Uid(u32),
    /// String account, written verbatim (`"0"` stays `"0"`).
    Account(&'a [u8]),
}

impl<'a> UserId<'a> {
    /// The bytes that go on the wire.
    pub fn to_wire(&self) -> Cow<'a, [u8]> {
        match *self {
            UserId::Uid(n) => Cow::Owned(uid_digits(n, &mut [0; 10]).to_vec()),
            UserId::Account(a) => Cow::Borrowed(a),
        }
    }

    /// [`Self::to_wire`] without the heap: a numeric uid's digits are
    /// written into `digits`.
    pub(crate) fn wire_in<'b>(self, digits: &'b mut [u8; 10]) -> &'b [u8]
    where
        'a: 'b,
    {
        match self {
            UserId::Uid(n) => uid_digits(n, digits),
            UserId::Account(a) => a,
        }
    }
}

impl From<u32> for UserId<'_> {
    fn from(n: u32) -> Self {
        UserId::Uid(n)
    }
}

impl<'a> From<&'a str> for UserId<'a> {
    fn from(s: &'a str) -> Self {
        UserId::Account(s.as_bytes())
    }
}

impl<'a> From<&'a [u8]> for UserId<'a> {
    fn from(s: &'a [u8]) -> Self {
        UserId::Account(s)
    }
}

impl<'a> From<&'a String> for UserId<'a> {
    fn from(s: &'a String) -> Self {
        UserId::Account(s.as_bytes())
    }
}

/// Decimal text of a numeric uid; 0 is the empty string.
pub fn uid_text(uid: u32) -> String {
    String::from_utf8(uid_digits(uid, &mut [0; 10]).to_vec()).expect("ASCII digits")
}

/// The wire text of a numeric uid ([`uid_text`]) written into `buf`, for
/// callers that keep it off the heap.
pub(crate) fn uid_digits(uid: u32, buf: &mut [u8; 10]) -> &[u8] {
    let (mut n, mut i) = (uid, buf.len());
    while n != 0 {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    &buf[i..]
}

/// Sorts privileges by id, keeping the last value given for a repeated id
/// (a map's semantics).
pub(crate) fn sorted_privileges(privs: &[(u16, u32)]) -> Vec<(u16, u32)> {
    let mut v: Vec<(u16, u32)> = Vec::with_capacity(privs.len());
    for &(k, val) in privs {
        match v.binary_search_by_key(&k, |e| e.0) {
            Ok(i) => v[i].1 = val,
            Err(i) => v.insert(i, (k, val)),
        }
    }
    v
}

#[cfg(test)]
mod uid_tests {
    use super::*;

    #[test]
    fn uid_digits_are_decimal_and_empty_for_zero() {
        let mut x = 0x9e37_79b9u32;
        let mut uids = vec![
            0,
            1,
            9,
            10,
            99,
            100,
            4_294_967_295,
            1_000_000_000,
            999_999_999,
        ];
        for _ in 0..10_000 {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            uids.push(x);
        }
        for uid in uids {
            let want = if uid == 0 {
                String::new()
            } else {
                uid.to_string()
            };
            assert_eq!(uid_digits(uid, &mut [0; 10]), want.as_bytes(), "uid {uid}");
            assert_eq!(uid_text(uid), want);
        }
    }
}
