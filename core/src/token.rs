//! Version dispatch, signature verification and claims checks.

use crate::error::{Error, ErrorCode, Result};
use crate::v006::{privilege as p006, Token006, Verification006};
use crate::v007::Token007;

/// Refuses text longer than any token this library can produce
/// ([`crate::MAX_TOKEN_LEN`]) before decoding it, so memory spent on an
/// input stays bounded whatever its length.
pub(crate) fn check_token_len(t: &[u8]) -> Result<()> {
    if t.len() > crate::MAX_TOKEN_LEN {
        return Err(Error::new(
            ErrorCode::PayloadTooLarge,
            format!(
                "token of {} bytes is longer than any token can be ({} bytes)",
                t.len(),
                crate::MAX_TOKEN_LEN
            ),
        ));
    }
    Ok(())
}

/// A parsed token of either format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// Format 006.
    V006(Token006),
    /// Format 007.
    V007(Token007),
}

/// Parses a token of either format, dispatching on its first three
/// characters; anything but `006` and `007` is `bad_version`. Nothing is
/// verified: use [`verify`] or [`Token::check`] before trusting a field.
pub fn parse(token: impl AsRef<[u8]>) -> Result<Token> {
    let t = token.as_ref();
    match t.get(..3) {
        Some(b"006") => Token006::parse(t).map(Token::V006),
        Some(b"007") => Token007::parse(t).map(Token::V007),
        _ => Err(Error::new(
            ErrorCode::BadVersion,
            "not an Agora token: it must start with \"006\" or \"007\"",
        )),
    }
}

/// The signature check of either format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verification {
    /// The HMAC matches.
    pub signature_valid: bool,
    /// The certificate was not 32 hex characters; no HMAC was computed.
    pub certificate_rejected: bool,
    /// 006 only: both CRC fields match the given channel and uid.
    pub crc_match: Option<bool>,
}

/// What a token is expected to be for. Every field is optional; unset fields
/// are not checked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Expect<'a> {
    /// RTM / RTM2 / Chat user id (007), or the user account of a 006 RTM
    /// token.
    pub user: Option<&'a [u8]>,
    /// RTC channel name.
    pub channel: Option<&'a [u8]>,
    /// RTC uid text as signed (`""` = any user; use [`crate::uid_text`] for a
    /// numeric uid).
    pub uid: Option<&'a [u8]>,
    /// Check expiry at this Unix time. `None`: expiry is not checked.
    pub now: Option<u64>,
}

impl<'a> Expect<'a> {
    /// Expect a token for a user (RTM login).
    pub fn user(user: &'a str) -> Expect<'a> {
        Expect {
            user: Some(user.as_bytes()),
            ..Expect::default()
        }
    }

    /// Expect an RTC token for a channel and uid text.
    pub fn rtc(channel: &'a str, uid: &'a str) -> Expect<'a> {
        Expect {
            channel: Some(channel.as_bytes()),
            uid: Some(uid.as_bytes()),
            ..Expect::default()
        }
    }

    /// The same expectations, with expiry checked at `now`.
    pub fn at(mut self, now: u64) -> Expect<'a> {
        self.now = Some(now);
        self
    }
}

/// A token whose signature (and the claims asked for) checked out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The token.
    pub token: Token,
    /// When the token itself expires (Unix seconds): 007 `issue_ts + expire`,
    /// 006 `ts`.
    pub expires_at: u64,
}

impl Token {
    /// `"006"` or `"007"`.
    pub fn version(&self) -> &'static str {
        match self {
            Token::V006(_) => "006",
            Token::V007(_) => "007",
        }
    }

    /// The app id bytes.
    pub fn app_id(&self) -> &[u8] {
        match self {
            Token::V006(t) => &t.app_id,
            Token::V007(t) => &t.app_id,
        }
    }

    /// When the token itself stops being valid (Unix seconds).
    pub fn expires_at(&self) -> u64 {
        match self {
            Token::V006(t) => t.ts as u64,
            Token::V007(t) => t.expires_at(),
        }
    }

    /// Signature check only. For 006 the channel and uid the token was
    /// signed for are needed (an RTM token: the account and `""`); missing
    /// ones are taken as empty.
    pub fn verify_signature(
        &self,
        app_certificate: &[u8],
        channel: Option<&[u8]>,
        uid: Option<&[u8]>,
    ) -> Verification {
        match self {
            Token::V007(t) => {
                let v = t.verify(app_certificate);
                Verification {
                    signature_valid: v.signature_valid,
                    certificate_rejected: v.certificate_rejected,
                    crc_match: None,
                }
            }
            Token::V006(t) => {
                let v: Verification006 =
                    t.verify(app_certificate, channel.unwrap_or(b""), uid.unwrap_or(b""));
                Verification {
                    signature_valid: v.signature_valid,
                    certificate_rejected: v.certificate_rejected,
                    crc_match: Some(v.crc_match()),
                }
            }
        }
    }

    /// Verifies the signature, then the claims in `expect`. The first failure
    /// decides the error: `certificate_rejected`, `crc_mismatch` (006),
    /// `signature_mismatch`, `identity_mismatch`, `expired`.
    ///
    /// 006 signs the channel and uid as one run of text, so only the CRC
    /// fields tell `room1`/`23` from `room12`/`3`: both are checked. A 006
    /// token needs `channel` and `uid` (RTC) or `user` (RTM).
    pub fn check(&self, app_certificate: &[u8], expect: &Expect<'_>) -> Result<()> {
        match self {
            Token::V006(t) => check006(t, app_certificate, expect),
            Token::V007(t) => check007(t, app_certificate, expect),
        }
    }
}

fn rejected() -> Error {
    Error::new(
        ErrorCode::CertificateRejected,
        "app_certificate must be exactly 32 hexadecimal characters; nothing was verified",
    )
}

fn mismatch() -> Error {
    Error::new(
        ErrorCode::SignatureMismatch,
        "signature does not match this App Certificate",
    )
}

fn expired(what: &str, at: u64, now: u64) -> Error {
    Error::new(
        ErrorCode::Expired,
        format!("{what} expired at {at} (now {now})"),
    )
}

fn check006(t: &Token006, cert: &[u8], e: &Expect<'_>) -> Result<()> {
    let is_rtm = t.privilege(p006::RTM_LOGIN).is_some();
    let (channel, uid) =
        match (e.channel, e.uid, e.user) {
            (Some(c), u, _) => (c, u.unwrap_or(b"")),
            (None, None, Some(user)) => (user, &b""[..]),
            (None, Some(_), Some(_)) => return Err(Error::new(
                ErrorCode::InvalidArgument,
                "a 006 token signs one channel/account and one uid: give channel and uid, or user",
            )),
            _ => {
                return Err(Error::new(
                    ErrorCode::InvalidArgument,
                    if is_rtm {
                        "a 006 RTM token can only be verified for its user account: pass user"
                    } else {
                        "a 006 token can only be verified for the channel and uid it was signed for"
                    },
                ))
            }
        };
    let v = t.verify(cert, channel, uid);
    if v.certificate_rejected {
        return Err(rejected());
    }
    if !v.crc_channel_matches || !v.crc_uid_matches {
        return Err(Error::new(
            ErrorCode::CrcMismatch,
            match (v.crc_channel_matches, v.crc_uid_matches) {
                (false, false) => "token was issued for another channel/account and uid",
                (false, true) => "token was issued for another channel/account",
                _ => "token was issued for another uid",
            },
        ));
    }
    if !v.signature_valid {
        return Err(mismatch());
    }
    if let Some(now) = e.now {
        if now >= t.ts as u64 {
            return Err(expired("token", t.ts as u64, now));
        }
        for &(id, at) in &t.privileges {
            if at != 0 && now >= at as u64 {
                let name = p006::name(id).unwrap_or("privilege");
                return Err(expired(&format!("{name} ({id})"), at as u64, now));
            }
        }
    }
    Ok(())
}

fn check007(t: &Token007, cert: &[u8], e: &Expect<'_>) -> Result<()> {
    let v = t.verify(cert);
    if v.certificate_rejected {
        return Err(rejected());
    }
    if !v.signature_valid {
        return Err(mismatch());
    }
    use crate::v007::ServiceBody as B;
    if let Some(user) = e.user {
        let bound = t.services.iter().any(|s| match &s.body {
            B::Rtm { user_id } | B::Rtm2 { user_id, .. } | B::Chat { user_id } => user_id == user,
            B::Apaas { user_uuid, .. } => user_uuid == user,
            _ => false,
        });
        if !bound {
            return Err(Error::new(
                ErrorCode::IdentityMismatch,
                format!(
                    "token has no RTM, RTM2, Chat or APaaS service for user {:?}",
                    String::from_utf8_lossy(user)
                ),
            ));
        }
    }
    if e.channel.is_some() || e.uid.is_some() {
        let bound = t.services.iter().any(|s| match &s.body {
            B::Rtc { channel_name, uid } => {
                e.channel.is_none_or(|c| c == channel_name.as_slice())
                    && e.uid.is_none_or(|u| uid.is_empty() || u == uid.as_slice())
            }
            _ => false,
        });
        if !bound {
            return Err(Error::new(
                ErrorCode::IdentityMismatch,
                "token has no RTC service for this channel and uid",
            ));
        }
    }
    if let Some(now) = e.now {
        let at = t.expires_at();
        if now >= at {
            return Err(expired("token", at, now));
        }
        // Only the services the caller asked about: a privilege lifetime is
        // capped by the token lifetime, 0 meaning "no limit of its own".
        for s in &t.services {
            let relevant = match &s.body {
                B::Rtc { channel_name, .. } => {
                    e.channel.is_some_and(|c| c == channel_name.as_slice())
                }
                B::Rtm { user_id } | B::Rtm2 { user_id, .. } => {
                    e.user.is_some_and(|u| u == user_id.as_slice())
                }
                _ => false,
            };
            if !relevant {
                continue;
            }
            let first = s.privilege(1).map(|v| (1u16, v));
            match first {
                None => {
                    return Err(Error::new(
                        ErrorCode::PrivilegeMissing,
                        format!(
                            "the {} service does not grant privilege 1 (join / login)",
                            s.name().unwrap_or("?")
                        ),
                    ))
                }
                Some((id, lifetime)) if lifetime != 0 => {
                    let pat = t.issue_ts as u64 + lifetime as u64;
                    if now >= pat {
                        let name = crate::v007::privilege::name(s.service_type(), id)
                            .unwrap_or("privilege");
                        return Err(expired(
                            &format!("{} {name}", s.name().unwrap_or("?")),
                            pat,
                            now,
                        ));
                    }
                }
                _ => {}
            }
        }
    }
    Ok(())
}

/// Parses `token`, verifies its signature with `app_certificate` and checks
/// the claims in `expect` (see [`Token::check`]).
pub fn verify(
    token: impl AsRef<[u8]>,
    app_certificate: impl AsRef<[u8]>,
    expect: &Expect<'_>,
) -> Result<Verified> {
    let token = parse(token)?;
    token.check(app_certificate.as_ref(), expect)?;
    let expires_at = token.expires_at();
    Ok(Verified { token, expires_at })
}

impl Token007 {
    /// Whether the token grants privilege `privilege_id` of a service of type
    /// `service_type` at `now` (if given). Returns when that privilege
    /// effectively ends: the earlier of the token expiry and the privilege's
    /// own lifetime (0 = no limit of its own). Fields are unverified until
    /// [`Token007::verify`] succeeds: check the signature first.
    pub fn grants(&self, service_type: u16, privilege_id: u16, now: Option<u64>) -> Result<u64> {
        let token_end = self.expires_at();
        let lifetime = self
            .services
            .iter()
            .filter(|s| s.service_type() == service_type)
            .find_map(|s| s.privilege(privilege_id))
            .ok_or_else(|| {
                Error::new(
                    ErrorCode::PrivilegeMissing,
                    format!("no service of type {service_type} grants privilege {privilege_id}"),
                )
            })?;
        let end = if lifetime == 0 {
            token_end
        } else {
            token_end.min(self.issue_ts as u64 + lifetime as u64)
        };
        if let Some(now) = now {
            if now >= end {
                return Err(expired(
                    &format!("privilege {privilege_id} of service type {service_type}"),
                    end,
                    now,
                ));
            }
        }
        Ok(end)
    }
}

impl Token006 {
    /// Whether the token grants privilege `privilege_id` at `now` (if given).
    /// Returns when it effectively ends: the earlier of `ts` and the
    /// privilege's absolute expiry (0 = no limit of its own). Check the
    /// signature first ([`Token006::verify`]).
    pub fn grants(&self, privilege_id: u16, now: Option<u64>) -> Result<u64> {
        let at = self.privilege(privilege_id).ok_or_else(|| {
            Error::new(
                ErrorCode::PrivilegeMissing,
                format!("the token does not grant privilege {privilege_id}"),
            )
        })?;
        let end = if at == 0 {
            self.ts as u64
        } else {
            (self.ts as u64).min(at as u64)
        };
        if let Some(now) = now {
            if now >= end {
                return Err(expired(&format!("privilege {privilege_id}"), end, now));
            }
        }
        Ok(end)
    }
}
