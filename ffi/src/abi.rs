//! The plumbing every export shares: the result enum, the panic boundary,
//! the per-thread last error, and argument / output-buffer conversion.

use std::cell::RefCell;
use std::ffi::c_char;
use std::panic::{catch_unwind, AssertUnwindSafe};

use agora_token::{Error, ErrorCode};

/// The outcome of every call. Numbers are grouped by family and are part of
/// the ABI: a number is never reused for another meaning. Codes 100 to 399
/// are the core library's codes; `agora_token_result_name` gives the same
/// snake_case string for them that every other binding reports.
#[allow(non_camel_case_types)]
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum agora_token_result {
    /// Success.
    Ok = 0,

    /// Parse: not a `006` or `007` token.
    BadVersion = 100,
    /// Parse: nothing usable after the version prefix.
    BadPayload = 101,
    /// Parse: not canonical, padded, standard base64.
    BadBase64 = 102,
    /// Parse: not one complete, valid zlib stream.
    BadZlib = 103,
    /// Parse: a required field is missing.
    TruncatedPayload = 104,
    /// Parse: bytes or text after the end of the token.
    TrailingData = 105,
    /// Parse: the payload inflates past the 1 MiB limit.
    PayloadTooLarge = 106,

    /// Build: the app id is not 32 hexadecimal characters.
    InvalidAppId = 200,
    /// Build: the App Certificate is not 32 hexadecimal characters.
    InvalidAppCertificate = 201,
    /// Build: a 007 token needs at least one service.
    NoServices = 202,
    /// Build: a string is longer than 65 535 bytes.
    ValueTooLong = 203,
    /// Build: a number does not fit its wire width.
    ValueOutOfRange = 204,
    /// An argument has the wrong form (JSON entry points, bad UTF-8 in a
    /// call name, inconsistent verify expectations).
    InvalidArgument = 205,

    /// Verify: the certificate is not 32 hex characters; nothing verified.
    CertificateRejected = 300,
    /// Verify: the signature does not match.
    SignatureMismatch = 301,
    /// Verify: a 006 CRC field does not match the channel or uid.
    CrcMismatch = 302,
    /// Verify: the token or a privilege has expired.
    Expired = 303,
    /// Verify: the token does not grant the privilege asked for.
    PrivilegeMissing = 304,
    /// Verify: the token is bound to another user, channel or uid.
    IdentityMismatch = 305,

    /// ABI: a pointer argument is NULL where a value is required.
    NullArgument = 900,
    /// ABI: the output buffer is too small; `*out_len` holds the capacity
    /// needed (terminating NUL included).
    InsufficientSize = 901,
    /// ABI: the library panicked; a bug, please report it. No output was
    /// written.
    Panic = 902,
    /// ABI: a core error this version of the C ABI has no number for; the
    /// last error message names it.
    OtherError = 903,
}

impl agora_token_result {
    /// Every result, in declaration order.
    pub(crate) const ALL: [agora_token_result; 24] = {
        use agora_token_result as R;
        [
            R::Ok,
            R::BadVersion,
            R::BadPayload,
            R::BadBase64,
            R::BadZlib,
            R::TruncatedPayload,
            R::TrailingData,
            R::PayloadTooLarge,
            R::InvalidAppId,
            R::InvalidAppCertificate,
            R::NoServices,
            R::ValueTooLong,
            R::ValueOutOfRange,
            R::InvalidArgument,
            R::CertificateRejected,
            R::SignatureMismatch,
            R::CrcMismatch,
            R::Expired,
            R::PrivilegeMissing,
            R::IdentityMismatch,
            R::NullArgument,
            R::InsufficientSize,
            R::Panic,
            R::OtherError,
        ]
    };

    /// The result for a core error code.
    pub fn from_code(code: ErrorCode) -> agora_token_result {
        use agora_token_result as R;
        use ErrorCode as C;
        match code {
            C::BadVersion => R::BadVersion,
            C::BadPayload => R::BadPayload,
            C::BadBase64 => R::BadBase64,
            C::BadZlib => R::BadZlib,
            C::TruncatedPayload => R::TruncatedPayload,
            C::TrailingData => R::TrailingData,
            C::PayloadTooLarge => R::PayloadTooLarge,
            C::InvalidAppId => R::InvalidAppId,
            C::InvalidAppCertificate => R::InvalidAppCertificate,
            C::NoServices => R::NoServices,
            C::ValueTooLong => R::ValueTooLong,
            C::ValueOutOfRange => R::ValueOutOfRange,
            C::InvalidArgument => R::InvalidArgument,
            C::CertificateRejected => R::CertificateRejected,
            C::SignatureMismatch => R::SignatureMismatch,
            C::CrcMismatch => R::CrcMismatch,
            C::Expired => R::Expired,
            C::PrivilegeMissing => R::PrivilegeMissing,
            C::IdentityMismatch => R::IdentityMismatch,
            // ErrorCode is non_exhaustive: a code added to the core later
            // gets a number here in the same release; until then it is
            // reported as OtherError with the core's name in the message.
            _ => R::OtherError,
        }
    }

    /// A plain integer from C, if it is a known result.
    pub fn from_u32(n: u32) -> Option<agora_token_result> {
        Self::ALL.iter().copied().find(|r| *r as u32 == n)
    }

    /// The stable snake_case name, NUL-terminated for C.
    pub fn name_c(self) -> &'static [u8] {
        use agora_token_result as R;
        let core = match self {
            R::Ok => return b"ok\0",
            R::NullArgument => return b"null_argument\0",
            R::InsufficientSize => return b"insufficient_size\0",
            R::Panic => return b"panic\0",
            R::OtherError => return b"other_error\0",
            R::BadVersion => ErrorCode::BadVersion,
            R::BadPayload => ErrorCode::BadPayload,
            R::BadBase64 => ErrorCode::BadBase64,
            R::BadZlib => ErrorCode::BadZlib,
            R::TruncatedPayload => ErrorCode::TruncatedPayload,
            R::TrailingData => ErrorCode::TrailingData,
            R::PayloadTooLarge => ErrorCode::PayloadTooLarge,
            R::InvalidAppId => ErrorCode::InvalidAppId,
            R::InvalidAppCertificate => ErrorCode::InvalidAppCertificate,
            R::NoServices => ErrorCode::NoServices,
            R::ValueTooLong => ErrorCode::ValueTooLong,
            R::ValueOutOfRange => ErrorCode::ValueOutOfRange,
            R::InvalidArgument => ErrorCode::InvalidArgument,
            R::CertificateRejected => ErrorCode::CertificateRejected,
            R::SignatureMismatch => ErrorCode::SignatureMismatch,
            R::CrcMismatch => ErrorCode::CrcMismatch,
            R::Expired => ErrorCode::Expired,
            R::PrivilegeMissing => ErrorCode::PrivilegeMissing,
            R::IdentityMismatch => ErrorCode::IdentityMismatch,
        };
        core_name_c(core)
    }
}

/// The core's name of `code` with a NUL appended, from a static table so
/// that it can be handed to C without allocating.
fn core_name_c(code: ErrorCode) -> &'static [u8] {
    macro_rules! table {
        ($($c:ident => $s:literal),* $(,)?) => {
            match code {
                $(ErrorCode::$c => concat!($s, "\0").as_bytes(),)*
                _ => b"other_error\0",
            }
        };
    }
    table!(
        BadVersion => "bad_version",
        BadPayload => "bad_payload",
        BadBase64 => "bad_base64",
        BadZlib => "bad_zlib",
        TruncatedPayload => "truncated_payload",
        TrailingData => "trailing_data",
        PayloadTooLarge => "payload_too_large",
        InvalidAppId => "invalid_app_id",
        InvalidAppCertificate => "invalid_app_certificate",
        NoServices => "no_services",
        ValueTooLong => "value_too_long",
        ValueOutOfRange => "value_out_of_range",
        InvalidArgument => "invalid_argument",
        CertificateRejected => "certificate_rejected",
        SignatureMismatch => "signature_mismatch",
        CrcMismatch => "crc_mismatch",
        Expired => "expired",
        PrivilegeMissing => "privilege_missing",
        IdentityMismatch => "identity_mismatch",
    )
}

/// A failure on its way to C: the result and the message for the
/// per-thread last error.
#[derive(Debug)]
pub(crate) struct Fail {
    pub(crate) result: agora_token_result,
    pub(crate) message: String,
}

impl Fail {
    pub(crate) fn new(result: agora_token_result, message: impl Into<String>) -> Fail {
        Fail {
            result,
            message: message.into(),
        }
    }

    fn null(name: &str, len: usize) -> Fail {
        Fail::new(
            agora_token_result::NullArgument,
            format!("{name} is NULL but {name}_len is {len}"),
        )
    }
}

impl From<Error> for Fail {
    fn from(e: Error) -> Fail {
        let result = agora_token_result::from_code(e.code());
        let message = if result == agora_token_result::OtherError {
            format!("{}: {}", e.code().as_str(), e.message())
        } else {
            e.message().to_owned()
        };
        Fail { result, message }
    }
}

thread_local! {
    /// The message of the last failing call on this thread. Per-thread
    /// scratch: the only mutable state of the library.
    static LAST_ERROR: RefCell<String> = const { RefCell::new(String::new()) };
}

fn set_last_error(message: &str) {
    // try_with: during thread teardown the slot may be gone; then there is
    // nobody left to read the message anyway.
    let _ = LAST_ERROR.try_with(|m| {
        if let Ok(mut m) = m.try_borrow_mut() {
            m.clear();
            m.push_str(message);
        }
    });
}

pub(crate) fn with_last_error<T>(f: impl FnOnce(&str) -> T) -> T {
    let copy = LAST_ERROR
        .try_with(|m| m.try_borrow().map(|m| m.clone()).unwrap_or_default())
        .unwrap_or_default();
    f(&copy)
}

/// The panic boundary around every export: runs `f`, records a failure (or
/// a panic) as this thread's last error, clears it on success, and turns
/// the outcome into a result. Nothing unwinds into C.
pub(crate) fn guard(f: impl FnOnce() -> Result<(), Fail>) -> agora_token_result {
    // AssertUnwindSafe: after a panic the closure's captures (raw pointers
    // and copies of plain arguments) are dropped without being used again,
    // so no broken invariant can be observed.
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(())) => {
            set_last_error("");
            agora_token_result::Ok
        }
        Ok(Err(fail)) => {
            set_last_error(&fail.message);
            fail.result
        }
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic payload".to_owned());
            // The payload is dropped inside a second boundary: a payload
            // whose destructor panics must not unwind into C either.
            let _ = catch_unwind(AssertUnwindSafe(move || drop(payload)));
            set_last_error(&format!("internal panic (a bug): {what}"));
            agora_token_result::Panic
        }
    }
}

/// Reads an input string given as pointer and length.
///
/// NULL with length 0 is the empty string; NULL with a length is
/// `NullArgument`, naming the argument.
///
/// # Safety
/// `ptr` is NULL or points to `len` readable bytes that stay valid and
/// unchanged for `'a`.
pub(crate) unsafe fn in_bytes<'a>(
    ptr: *const c_char,
    len: usize,
    name: &str,
) -> Result<&'a [u8], Fail> {
    if ptr.is_null() {
        return if len == 0 {
            Ok(&[])
        } else {
            Err(Fail::null(name, len))
        };
    }
    if len > isize::MAX as usize {
        return Err(Fail::new(
            agora_token_result::InvalidArgument,
            format!("{name}_len {len} is larger than any object can be"),
        ));
    }
    // SAFETY: non-NULL, and the caller promises `len` readable bytes living
    // for 'a; len <= isize::MAX was checked above.
    Ok(unsafe { std::slice::from_raw_parts(ptr.cast::<u8>(), len) })
}

/// Like [`in_bytes`] but NULL means "absent" whatever the length (optional
/// fields of the expectation struct).
///
/// # Safety
/// As for [`in_bytes`].
pub(crate) unsafe fn in_opt_bytes<'a>(
    ptr: *const c_char,
    len: usize,
    name: &str,
) -> Result<Option<&'a [u8]>, Fail> {
    if ptr.is_null() {
        return Ok(None);
    }
    // SAFETY: forwarded caller contract.
    unsafe { in_bytes(ptr, len, name) }.map(Some)
}

/// Reads an array of `len` values of `T`; NULL with length 0 is empty.
///
/// # Safety
/// `ptr` is NULL or points to `len` initialised, aligned values of `T`
/// valid for `'a`.
pub(crate) unsafe fn in_slice<'a, T>(
    ptr: *const T,
    len: usize,
    name: &str,
) -> Result<&'a [T], Fail> {
    if ptr.is_null() {
        return if len == 0 {
            Ok(&[])
        } else {
            Err(Fail::null(name, len))
        };
    }
    if len > isize::MAX as usize / std::mem::size_of::<T>().max(1) {
        return Err(Fail::new(
            agora_token_result::InvalidArgument,
            format!("{name}_len {len} is larger than any array can be"),
        ));
    }
    // SAFETY: non-NULL and the caller promises `len` valid elements; the
    // total size fits isize (checked above).
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// A caller-owned output buffer: pointer, capacity (bytes, the NUL
/// included) and the length out-parameter.
pub(crate) struct Out {
    buf: *mut c_char,
    capacity: usize,
    out_len: *mut usize,
}

impl Out {
    /// Checks the buffer arguments before any work is done. `out_len` must
    /// not be NULL; `buf` may be NULL only with capacity 0 (a size query).
    ///
    /// # Safety
    /// `buf` is NULL or points to `capacity` writable bytes; `out_len` is
    /// NULL or points to a writable `size_t`; both stay valid for the call.
    pub(crate) unsafe fn new(
        buf: *mut c_char,
        capacity: usize,
        out_len: *mut usize,
    ) -> Result<Out, Fail> {
        if out_len.is_null() {
            return Err(Fail::new(
                agora_token_result::NullArgument,
                "out_len is NULL",
            ));
        }
        if buf.is_null() && capacity != 0 {
            return Err(Fail::new(
                agora_token_result::NullArgument,
                format!("out is NULL but out_capacity is {capacity}"),
            ));
        }
        Ok(Out {
            buf,
            capacity,
            out_len,
        })
    }

    /// Writes `bytes` and a NUL and sets `*out_len` to `bytes.len()`; or,
    /// when the buffer is too small, leaves it untouched, sets `*out_len`
    /// to the capacity needed and fails with `InsufficientSize`.
    pub(crate) fn write(self, bytes: &[u8]) -> Result<(), Fail> {
        let needed = bytes.len() + 1;
        if self.capacity < needed {
            // SAFETY: out_len was checked non-NULL in `new`, and the
            // caller promised it writable for the call.
            unsafe { self.out_len.write(needed) };
            return Err(Fail::new(
                agora_token_result::InsufficientSize,
                format!(
                    "out_capacity is {} bytes; {needed} are needed (terminating NUL included)",
                    self.capacity
                ),
            ));
        }
        // SAFETY: capacity >= needed > 0, so buf is non-NULL (checked in
        // `new`) and has room for bytes.len() + 1 bytes; `bytes` is our own
        // memory, so the two regions cannot overlap.
        unsafe {
            std::ptr::copy_nonoverlapping(bytes.as_ptr(), self.buf.cast::<u8>(), bytes.len());
            self.buf.add(bytes.len()).write(0);
            self.out_len.write(bytes.len());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_strings_follow_the_contract() {
        // SAFETY: NULL pointers (never read) and a live local.
        unsafe {
            assert_eq!(in_bytes(std::ptr::null(), 0, "x").unwrap(), b"");
            let e = in_bytes(std::ptr::null(), 3, "channel_name").unwrap_err();
            assert_eq!(e.result, agora_token_result::NullArgument);
            assert!(e.message.contains("channel_name"), "{}", e.message);
            assert_eq!(in_opt_bytes(std::ptr::null(), 9, "x").unwrap(), None);
            let s = b"ab\xff";
            assert_eq!(
                in_bytes(s.as_ptr().cast(), 3, "x").unwrap(),
                &s[..],
                "bytes are taken as they are"
            );
            let none: &[u32] = in_slice(std::ptr::null(), 0, "p").unwrap();
            assert!(none.is_empty());
            assert!(in_slice::<u32>(std::ptr::null(), 1, "p").is_err());
        }
    }

    #[test]
    fn output_buffers_follow_the_contract() {
        let mut len = 0usize;
        // Size query: NULL buffer, capacity 0.
        // SAFETY: NULL buffer with capacity 0 and a live length slot.
        let out = unsafe { Out::new(std::ptr::null_mut(), 0, &mut len) }.unwrap();
        let e = out.write(b"token").unwrap_err();
        assert_eq!(e.result, agora_token_result::InsufficientSize);
        assert_eq!(len, 6);
        // SAFETY: a NULL length slot is refused before anything is written.
        assert!(unsafe { Out::new(std::ptr::null_mut(), 0, std::ptr::null_mut()) }.is_err());
        // SAFETY: NULL buffer with a capacity is refused before any write.
        assert!(unsafe { Out::new(std::ptr::null_mut(), 4, &mut len) }.is_err());
        let mut buf = [b'x'; 8];
        // SAFETY: buf has 5 bytes of room as declared; len is live.
        let out = unsafe { Out::new(buf.as_mut_ptr().cast(), 5, &mut len) }.unwrap();
        assert!(out.write(b"token").is_err(), "5 bytes cannot hold 5 + NUL");
        assert_eq!(buf, [b'x'; 8], "nothing written when too small");
        // SAFETY: as above, with 6 bytes.
        let out = unsafe { Out::new(buf.as_mut_ptr().cast(), 6, &mut len) }.unwrap();
        out.write(b"token").unwrap();
        assert_eq!(&buf[..7], b"token\0x");
        assert_eq!(len, 5);
    }
}
