//! Agora access tokens: the legacy "006" AccessToken and the "007"
//! AccessToken2, built byte-for-byte like the reference implementations,
//! parsed strictly and verified in constant time.
//!
//! ```
//! use agora_token::{builders::rtm, parse, verify, Expect, Options};
//!
//! let app_id = "970CA35de60c44645bbae8a215061b33";
//! let cert = "5CFd2fd1755d40ecb72977518be15d3b";
//! let token = rtm::build_token(app_id, cert, "alice", 3600, &Options::default()).unwrap();
//! assert!(token.starts_with("007eJ"));
//!
//! let parsed = parse(&token).unwrap();
//! assert_eq!(parsed.version(), "007");
//! verify(&token, cert, &Expect::user("alice")).unwrap();
//! ```
//!
//! Layers:
//! - [`builders`]: the reference builder functions (RTC, RTM, Chat, FPA,
//!   APaaS/Education, RTM2, ConvoAI, STT for 007; RTC and RTM for 006).
//! - [`v007::AccessToken2`] and [`v006::AccessToken006`]: the low-level token
//!   objects; [`v007::Token007`] / [`v006::Token006`]: parsed tokens.
//! - [`parse`], [`verify`], [`Token::check`]: version dispatch, signature and
//!   claims checks.
//! - [`typed`]: an idiomatic API with durations, absolute times and typed
//!   identities, in which the classic unit mistakes cannot be written.
//! - [`inspect`]: diagnostics for likely misuse.
//! - `json` (feature `json`, default): the vectors' `decoded` form and
//!   vector-style build calls, shared by the CLI, the C ABI and the bindings.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod builders;
mod codec;
mod common;
mod crypto;
mod error;
pub mod inspect;
#[cfg(feature = "json")]
pub mod json;
#[cfg(feature = "json")]
pub mod report;
mod token;
pub mod typed;
pub mod v006;
pub mod v007;
mod wire;

pub use common::{now_secs, random_salt, uid_text, Options, UserId};
pub use error::{checked_int, Error, ErrorCode, Result};
pub use token::{parse, verify, Expect, Token, Verification, Verified};

/// The largest uncompressed 007 payload this library builds or inflates:
/// 1 MiB. Real tokens are a few hundred bytes.
pub const MAX_PAYLOAD_LEN: usize = 1 << 20;

/// The longest token string this library can produce: a 007 token whose zlib
/// stream stores [`MAX_PAYLOAD_LEN`] bytes (5 bytes of block header per 16 KiB
/// stored block is well inside the 1 KiB of slack), base64-encoded, plus the
/// prefix. 006 tokens are always shorter.
pub const MAX_TOKEN_LEN: usize = 3 + (MAX_PAYLOAD_LEN + 1024).div_ceil(3) * 4;

/// Hex-encodes bytes (lowercase).
pub fn to_hex(bytes: &[u8]) -> String {
    crypto::hex(bytes)
}

/// Lowercase hex MD5 of `data`, as the room-user builders use it.
pub fn md5_hex(data: &[u8]) -> String {
    crypto::md5_hex(data)
}
