//! The one error type of the crate.
//!
//! Every failure carries a stable snake_case [`ErrorCode`] (the same strings the
//! C ABI, the CLI and every binding report) and a message that names the
//! argument or field at fault. Messages never contain an App Certificate.

use std::fmt;

/// What went wrong. The string form ([`ErrorCode::as_str`]) is stable and is
/// what the bindings expose as `code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    // Parse errors, in the order FORMAT.md 7.5 decides them.
    /// Shorter than 3 characters, or not a version this parser handles.
    BadVersion,
    /// Nothing usable after the version prefix (and, for 006, the app id).
    BadPayload,
    /// Not canonical, padded, standard base64.
    BadBase64,
    /// The decoded bytes are not one complete, valid zlib stream.
    BadZlib,
    /// A field the layout requires is missing.
    TruncatedPayload,
    /// Text after the base64 padding, bytes after the zlib stream, or bytes
    /// after the 006 message / privilege map.
    TrailingData,
    /// The payload inflates to more than [`crate::MAX_PAYLOAD_LEN`] bytes.
    PayloadTooLarge,

    // Build errors.
    /// The app id is not exactly 32 hexadecimal characters.
    InvalidAppId,
    /// The App Certificate is not exactly 32 hexadecimal characters.
    InvalidAppCertificate,
    /// A 007 token needs at least one service.
    NoServices,
    /// A string field is longer than 65 535 bytes (or the whole token payload
    /// larger than [`crate::MAX_PAYLOAD_LEN`]).
    ValueTooLong,
    /// A number does not fit its wire width.
    ValueOutOfRange,
    /// An argument has the wrong type (used by the dynamic layers: JSON,
    /// bindings).
    InvalidArgument,

    // Verification / claims errors.
    /// The candidate certificate is not 32 hexadecimal characters; no HMAC was
    /// computed.
    CertificateRejected,
    /// The signature does not match.
    SignatureMismatch,
    /// A 006 CRC field does not match the expected channel name or uid.
    CrcMismatch,
    /// The token (or the privilege asked for) has expired at the given time.
    Expired,
    /// The token does not grant the privilege asked for.
    PrivilegeMissing,
    /// The token is bound to another user, channel or uid.
    IdentityMismatch,
}

impl ErrorCode {
    /// Every code, in declaration order.
    pub const ALL: [ErrorCode; 19] = [
        ErrorCode::BadVersion,
        ErrorCode::BadPayload,
        ErrorCode::BadBase64,
        ErrorCode::BadZlib,
        ErrorCode::TruncatedPayload,
        ErrorCode::TrailingData,
        ErrorCode::PayloadTooLarge,
        ErrorCode::InvalidAppId,
        ErrorCode::InvalidAppCertificate,
        ErrorCode::NoServices,
        ErrorCode::ValueTooLong,
        ErrorCode::ValueOutOfRange,
        ErrorCode::InvalidArgument,
        ErrorCode::CertificateRejected,
        ErrorCode::SignatureMismatch,
        ErrorCode::CrcMismatch,
        ErrorCode::Expired,
        ErrorCode::PrivilegeMissing,
        ErrorCode::IdentityMismatch,
    ];

    /// The stable snake_case name, e.g. `"bad_base64"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::BadVersion => "bad_version",
            ErrorCode::BadPayload => "bad_payload",
            ErrorCode::BadBase64 => "bad_base64",
            ErrorCode::BadZlib => "bad_zlib",
            ErrorCode::TruncatedPayload => "truncated_payload",
            ErrorCode::TrailingData => "trailing_data",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::InvalidAppId => "invalid_app_id",
            ErrorCode::InvalidAppCertificate => "invalid_app_certificate",
            ErrorCode::NoServices => "no_services",
            ErrorCode::ValueTooLong => "value_too_long",
            ErrorCode::ValueOutOfRange => "value_out_of_range",
            ErrorCode::InvalidArgument => "invalid_argument",
            ErrorCode::CertificateRejected => "certificate_rejected",
            ErrorCode::SignatureMismatch => "signature_mismatch",
            ErrorCode::CrcMismatch => "crc_mismatch",
            ErrorCode::Expired => "expired",
            ErrorCode::PrivilegeMissing => "privilege_missing",
            ErrorCode::IdentityMismatch => "identity_mismatch",
        }
    }

    /// The code for a snake_case name, if there is one.
    pub fn from_name(name: &str) -> Option<ErrorCode> {
        ErrorCode::ALL.iter().copied().find(|c| c.as_str() == name)
    }

    /// True for the codes a parser reports for a malformed token.
    pub const fn is_malformed_token(self) -> bool {
        matches!(
            self,
            ErrorCode::BadVersion
                | ErrorCode::BadPayload
                | ErrorCode::BadBase64
                | ErrorCode::BadZlib
                | ErrorCode::TruncatedPayload
                | ErrorCode::TrailingData
                | ErrorCode::PayloadTooLarge
        )
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error with a code and a human-readable message.
///
/// Boxed so that `Result<T, Error>` stays one pointer wide.
#[derive(Clone, PartialEq, Eq)]
pub struct Error(Box<Inner>);

#[derive(Clone, PartialEq, Eq)]
struct Inner {
    code: ErrorCode,
    message: String,
}

impl Error {
    /// A new error. The message must never contain a secret.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Error {
        Error(Box::new(Inner {
            code,
            message: message.into(),
        }))
    }

    /// The stable code.
    pub fn code(&self) -> ErrorCode {
        self.0.code
    }

    /// The message (without the code).
    pub fn message(&self) -> &str {
        &self.0.message
    }

    pub(crate) fn out_of_range(what: &str, value: impl fmt::Display, min: i64, max: i64) -> Error {
        Error::new(
            ErrorCode::ValueOutOfRange,
            format!("{what} = {value} is outside {min}..={max}"),
        )
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Error({}: {})", self.0.code.as_str(), self.0.message)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.0.code.as_str(), self.0.message)
    }
}

impl std::error::Error for Error {}

/// Shorthand for `Result<T, agora_token::Error>`.
pub type Result<T> = std::result::Result<T, Error>;

/// Checks that `value` fits `min..=max` and converts it; names `what` otherwise.
/// For the dynamic layers (JSON, bindings) that receive wide integers.
pub fn checked_int<T: TryFrom<i128>>(what: &str, value: i128, min: i64, max: i64) -> Result<T> {
    if value < min as i128 || value > max as i128 {
        return Err(Error::out_of_range(what, value, min, max));
    }
    T::try_from(value).map_err(|_| Error::out_of_range(what, value, min, max))
}
