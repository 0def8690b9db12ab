//! The plain structs of the C ABI.

use std::ffi::c_char;

use agora_token::Options;

/// Values normally taken from the clock and the random generator; fix them
/// to reproduce a token exactly. A zero-initialised struct (or a NULL
/// pointer where one is taken) means: random salt, current time.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct agora_token_options {
    /// Use `salt` instead of a random one. Default false.
    pub fixed_salt: bool,
    /// The salt when `fixed_salt` is true.
    pub salt: u32,
    /// Use `issue_ts` instead of the clock. Default false.
    pub fixed_issue_ts: bool,
    /// 007: the issue time (Unix seconds). 006: "now"; the token's
    /// timestamp becomes issue_ts + 86400.
    pub issue_ts: u32,
}

impl agora_token_options {
    pub(crate) fn to_core(self) -> Options {
        Options {
            salt: self.fixed_salt.then_some(self.salt),
            issue_ts: self.fixed_issue_ts.then_some(self.issue_ts),
        }
    }
}

/// What `agora_token_verify` checks beyond the signature. A
/// zero-initialised struct (or NULL) checks the signature only.
///
/// Here, unlike for other string arguments, a NULL pointer means "not
/// checked" whatever its length, and a non-NULL pointer with length 0 is the
/// empty string (for `uid`: the wildcard "any user").
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct agora_token_expect {
    /// RTM / RTM2 / Chat / APaaS user id (007), or the account of a 006
    /// RTM token.
    pub user: *const c_char,
    /// Length of `user` in bytes.
    pub user_len: usize,
    /// RTC channel name (006 RTC tokens need it).
    pub channel: *const c_char,
    /// Length of `channel` in bytes.
    pub channel_len: usize,
    /// RTC uid text as signed: decimal digits, "" for uid 0.
    pub uid: *const c_char,
    /// Length of `uid` in bytes.
    pub uid_len: usize,
    /// Check expiry (of the token and of the privileges asked about).
    pub check_expiry: bool,
    /// The time to check expiry at, Unix seconds; 0 means the current time.
    pub now: u64,
}

/// A byte string: pointer and length. NULL with length 0 is empty.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct agora_token_bytes {
    /// The bytes (need not be UTF-8 or NUL-terminated).
    pub ptr: *const c_char,
    /// Their number.
    pub len: usize,
}

/// One RTM2 permission: a resource type, a permission type and the
/// resources it covers. A later entry with the same pair of types replaces
/// an earlier one.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct agora_token_rtm2_permission {
    /// One of the AGORA_TOKEN_RTM2_RESOURCE_* values.
    pub resource_type: u16,
    /// AGORA_TOKEN_RTM2_PERMISSION_READ or _WRITE.
    pub permission_type: u16,
    /// The resource names.
    pub resources: *const agora_token_bytes,
    /// Number of entries in `resources`.
    pub resources_len: usize,
}
