//! Format 006 (AccessToken).
//!
//! Layout: `"006" || app_id (32 chars) || b64(content)` with
//! `content = bytes16(signature) || u32 crc32(channel) || u32 crc32(uid) || bytes16(m)`
//! and `m = u32 salt || u32 ts || map16(privileges)`.

use zeroize::Zeroizing;

use crate::codec::{b64_decode_strict, b64_encode};
use crate::common::{check_app_id, check_certificate, sorted_privileges};
use crate::crypto::{ct_eq, is_hex32, sign006};
use crate::error::{Error, ErrorCode, Result};
use crate::wire::{checked_count16, checked_len16, Reader};

/// The version prefix.
pub const VERSION: &str = "006";
/// Characters of the app id that follow the prefix.
pub const APP_ID_LEN: usize = 32;

/// 006 privilege ids.
pub mod privilege {
    /// Join channel.
    pub const JOIN_CHANNEL: u16 = 1;
    /// Publish audio stream.
    pub const PUBLISH_AUDIO: u16 = 2;
    /// Publish video stream.
    pub const PUBLISH_VIDEO: u16 = 3;
    /// Publish data stream.
    pub const PUBLISH_DATA: u16 = 4;
    /// RTM (signaling) login.
    pub const RTM_LOGIN: u16 = 1000;

    /// Name of a known privilege id.
    pub fn name(id: u16) -> Option<&'static str> {
        Some(match id {
            JOIN_CHANNEL => "join_channel",
            PUBLISH_AUDIO => "publish_audio_stream",
            PUBLISH_VIDEO => "publish_video_stream",
            PUBLISH_DATA => "publish_data_stream",
            RTM_LOGIN => "rtm_login",
            _ => return None,
        })
    }
}

/// A 006 token to be signed: the low-level object every 006 builder uses.
#[derive(Clone)]
pub struct AccessToken006 {
    /// 32 hex characters.
    pub app_id: String,
    app_certificate: Zeroizing<Vec<u8>>,
    /// Channel name (the user account for RTM tokens).
    pub channel_name: Vec<u8>,
    /// Uid string (empty for RTM tokens and the wildcard uid).
    pub uid: Vec<u8>,
    /// Salt.
    pub salt: u32,
    /// Absolute Unix time bounding the token itself.
    pub ts: u32,
    /// Privilege id -> absolute Unix expiry; written sorted, last value of a
    /// repeated id wins.
    pub privileges: Vec<(u16, u32)>,
}

impl std::fmt::Debug for AccessToken006 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccessToken006")
            .field("app_id", &self.app_id)
            .field("app_certificate", &"<redacted>")
            .field("channel_name", &String::from_utf8_lossy(&self.channel_name))
            .field("uid", &String::from_utf8_lossy(&self.uid))
            .field("salt", &self.salt)
            .field("ts", &self.ts)
            .field("privileges", &self.privileges)
            .finish()
    }
}

impl AccessToken006 {
    /// A token with explicit salt and message timestamp and no privileges.
    pub fn new(
        app_id: impl AsRef<[u8]>,
        app_certificate: impl AsRef<[u8]>,
        channel_name: impl AsRef<[u8]>,
        uid: impl AsRef<[u8]>,
        salt: u32,
        ts: u32,
    ) -> AccessToken006 {
        AccessToken006 {
            app_id: String::from_utf8_lossy(app_id.as_ref()).into_owned(),
            app_certificate: Zeroizing::new(app_certificate.as_ref().to_vec()),
            channel_name: channel_name.as_ref().to_vec(),
            uid: uid.as_ref().to_vec(),
            salt,
            ts,
            privileges: Vec::new(),
        }
    }

    /// Adds (or replaces) a privilege with its absolute expiry time.
    pub fn add_privilege(&mut self, id: u16, expire_ts: u32) -> &mut Self {
        self.privileges.push((id, expire_ts));
        self
    }

    /// Signs and encodes the token.
    pub fn build(&self) -> Result<String> {
        build006(
            &self.app_id,
            &self.app_certificate,
            &self.channel_name,
            &self.uid,
            self.salt,
            self.ts,
            &self.privileges,
        )
    }
}

/// What [`AccessToken006::build`] does, from borrowed parts: the 006
/// builders call it directly, so that a build allocates only its output.
/// `app_id` is the text `AccessToken006::new` would keep (the input through
/// `String::from_utf8_lossy`, which borrows valid UTF-8).
pub(crate) fn build006(
    app_id: &str,
    app_certificate: &[u8],
    channel_name: &[u8],
    uid: &[u8],
    salt: u32,
    ts: u32,
    privileges: &[(u16, u32)],
) -> Result<String> {
    // A non-UTF-8 app id went through `from_utf8_lossy`; it fails here
    // as not hex.
    check_app_id(app_id.as_bytes())?;
    check_certificate(app_certificate)?;
    // Builders add privileges in id order; only an unsorted or repeated
    // list needs the sorted copy.
    let sorted;
    let privs: &[(u16, u32)] = if privileges.windows(2).all(|p| p[0].0 < p[1].0) {
        privileges
    } else {
        sorted = sorted_privileges(privileges);
        &sorted
    };
    let n = checked_count16("privileges", privs.len())?;
    // content = bytes16(signature) || crc || crc || bytes16(m), built in
    // place: m starts at byte 44.
    const M: usize = 2 + 32 + 4 + 4 + 2;
    let m_len = 10 + 6 * privs.len();
    let m_len16 = checked_len16("message", m_len)?;
    let mut stack = [0u8; 256];
    let mut heap = Vec::new();
    let content: &mut [u8] = if M + m_len <= stack.len() {
        &mut stack[..M + m_len]
    } else {
        heap.resize(M + m_len, 0);
        &mut heap
    };
    {
        let m = &mut content[M..];
        m[0..4].copy_from_slice(&salt.to_le_bytes());
        m[4..8].copy_from_slice(&ts.to_le_bytes());
        m[8..10].copy_from_slice(&n.to_le_bytes());
        for (e, &(k, v)) in m[10..].chunks_exact_mut(6).zip(privs) {
            e[..2].copy_from_slice(&k.to_le_bytes());
            e[2..].copy_from_slice(&v.to_le_bytes());
        }
    }
    let sig = sign006(
        app_certificate,
        app_id.as_bytes(),
        channel_name,
        uid,
        &content[M..],
    );
    content[0..2].copy_from_slice(&32u16.to_le_bytes());
    content[2..34].copy_from_slice(&sig);
    content[34..38].copy_from_slice(&crc32fast::hash(channel_name).to_le_bytes());
    content[38..42].copy_from_slice(&crc32fast::hash(uid).to_le_bytes());
    content[42..44].copy_from_slice(&m_len16.to_le_bytes());
    let mut out = String::with_capacity(3 + 32 + content.len().div_ceil(3) * 4);
    out.push_str(VERSION);
    out.push_str(app_id);
    b64_encode(content, &mut out);
    Ok(out)
}

/// A parsed 006 token. Every field is as received; nothing is verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token006 {
    /// Characters 3..35 of the token, as bytes.
    pub app_id: Vec<u8>,
    /// The signature field (32 bytes in every well-formed token).
    pub signature: Vec<u8>,
    /// CRC-32 of the channel name the token was signed for.
    pub crc_channel_name: u32,
    /// CRC-32 of the uid string the token was signed for.
    pub crc_uid: u32,
    /// The raw message bytes (what the signature covers besides the strings).
    pub message: Vec<u8>,
    /// Salt.
    pub salt: u32,
    /// Absolute time bounding the token.
    pub ts: u32,
    /// Privileges in wire order (id, absolute expiry).
    pub privileges: Vec<(u16, u32)>,
}

/// The outcome of checking a 006 token against a certificate, channel and uid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verification006 {
    /// The HMAC matches.
    pub signature_valid: bool,
    /// crc32(channel) equals the token's field.
    pub crc_channel_matches: bool,
    /// crc32(uid) equals the token's field.
    pub crc_uid_matches: bool,
    /// The certificate was not 32 hex characters; no HMAC was computed.
    pub certificate_rejected: bool,
}

impl Verification006 {
    /// Both CRC fields match.
    pub fn crc_match(&self) -> bool {
        self.crc_channel_matches && self.crc_uid_matches
    }

    /// Signature and both CRCs match.
    pub fn is_valid(&self) -> bool {
        self.signature_valid && self.crc_match()
    }
}

impl Token006 {
    /// Parses a 006 token (FORMAT.md 7.3, strict per 7.5).
    pub fn parse(token: impl AsRef<[u8]>) -> Result<Token006> {
        let t = token.as_ref();
        if t.len() < 3 || &t[..3] != VERSION.as_bytes() {
            return Err(Error::new(
                ErrorCode::BadVersion,
                "not a 006 token: it must start with \"006\"",
            ));
        }
        crate::token::check_token_len(t)?;
        if t.len() <= 3 + APP_ID_LEN {
            return Err(Error::new(
                ErrorCode::BadPayload,
                format!(
                    "006 token of {} characters has no content after the app id",
                    t.len()
                ),
            ));
        }
        let app_id = t[3..3 + APP_ID_LEN].to_vec();
        let content = b64_decode_strict(&t[3 + APP_ID_LEN..], "006 content")?;
        let mut r = Reader::new(&content);
        let signature = r.bytes16("signature")?.to_vec();
        let crc_channel_name = r.u32("crc of the channel name")?;
        let crc_uid = r.u32("crc of the uid")?;
        let message = r.bytes16("message")?.to_vec();
        if r.remaining() != 0 {
            return Err(Error::new(
                ErrorCode::TrailingData,
                format!("{} unsigned bytes follow the 006 message", r.remaining()),
            ));
        }
        let mut mr = Reader::new(&message);
        let salt = mr.u32("salt")?;
        let ts = mr.u32("ts")?;
        let privileges = mr.map16("privileges")?;
        if mr.remaining() != 0 {
            return Err(Error::new(
                ErrorCode::TrailingData,
                format!(
                    "{} bytes follow the privilege map in the message",
                    mr.remaining()
                ),
            ));
        }
        Ok(Token006 {
            app_id,
            signature,
            crc_channel_name,
            crc_uid,
            message,
            salt,
            ts,
            privileges,
        })
    }

    /// Checks the signature and the CRC fields for the channel name and uid
    /// string the token is expected to be for. For an RTM token the channel is
    /// the user account and the uid is empty.
    pub fn verify(
        &self,
        app_certificate: impl AsRef<[u8]>,
        channel_name: impl AsRef<[u8]>,
        uid: impl AsRef<[u8]>,
    ) -> Verification006 {
        let (cert, channel, uid) = (
            app_certificate.as_ref(),
            channel_name.as_ref(),
            uid.as_ref(),
        );
        let crc_channel_matches = crc32fast::hash(channel) == self.crc_channel_name;
        let crc_uid_matches = crc32fast::hash(uid) == self.crc_uid;
        if !is_hex32(cert) {
            return Verification006 {
                signature_valid: false,
                crc_channel_matches,
                crc_uid_matches,
                certificate_rejected: true,
            };
        }
        let sig = sign006(cert, &self.app_id, channel, uid, &self.message);
        Verification006 {
            signature_valid: ct_eq(&sig, &self.signature),
            crc_channel_matches,
            crc_uid_matches,
            certificate_rejected: false,
        }
    }

    /// The value of a privilege, if present (last occurrence).
    pub fn privilege(&self, id: u16) -> Option<u32> {
        self.privileges
            .iter()
            .rev()
            .find(|p| p.0 == id)
            .map(|p| p.1)
    }
}
