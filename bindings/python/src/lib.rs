//! `agora_token._agora_token`: the native half of the Python package.
//!
//! Glue only. Every function converts its Python arguments by hand (so a
//! wrong type or range is reported as `TokenError` naming the argument, the
//! way the core names them), releases the GIL, calls the core, and maps a
//! core error to the package's exception classes in one place
//! ([`to_pyerr`]). The Python modules in `python/agora_token` put the
//! reference names (`RtcTokenBuilder2.RtcTokenBuilder.build_token_with_uid`,
//! `RtcTokenBuilder.buildTokenWithUid`, ...) on top of these functions.

use std::borrow::Cow;

use agora_token::builders::{apaas, chat, convoai, fpa, rtc, rtc006, rtm, rtm006, stt};
use agora_token::v006::{privilege as p006, AccessToken006, Token006};
use agora_token::v007::{privilege as p007, AccessToken2, Rtm2Permissions, Service, ServiceBody};
use agora_token::v007::{service_type, Rtm2Permission, Token007};
use agora_token::{Error, ErrorCode, Expect, Options, Token, UserId};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};

// ---- errors -----------------------------------------------------------

/// The exception class for a core error code. This table is the only place
/// where codes meet classes; the classes themselves live in
/// `agora_token/_errors.py` (Python, so `InvalidArgumentError` can also
/// derive from `TypeError`).
fn class_name(code: ErrorCode) -> &'static str {
    use ErrorCode::*;
    match code {
        BadVersion | BadPayload | BadBase64 | BadZlib | TruncatedPayload | TrailingData
        | PayloadTooLarge => "MalformedTokenError",
        InvalidAppId | InvalidAppCertificate | CertificateRejected => "InvalidCredentialsError",
        SignatureMismatch => "SignatureMismatchError",
        Expired => "TokenExpiredError",
        ValueTooLong | ValueOutOfRange => "ValueOutOfRangeError",
        InvalidArgument => "InvalidArgumentError",
        CrcMismatch | IdentityMismatch | PrivilegeMissing => "ClaimMismatchError",
        // no_services, and any code a later core adds.
        _ => "TokenError",
    }
}

static ERRORS: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

/// Converts a core error into the package's exception. The message is the
/// core's (it names the argument and never contains a certificate).
fn to_pyerr(py: Python<'_>, e: Error) -> PyErr {
    let make = || -> PyResult<PyErr> {
        let m =
            ERRORS.get_or_try_init(py, || py.import("agora_token._errors").map(Bound::unbind))?;
        let cls = m.bind(py).getattr(class_name(e.code()))?;
        let inst = cls.call1((e.message(), e.code().as_str()))?;
        Ok(PyErr::from_value(inst))
    };
    // If the error module cannot be imported (a broken install), the import
    // error itself is the most useful thing to raise.
    make().unwrap_or_else(|import_error| import_error)
}

/// A core result to a Python result.
fn ok<T>(py: Python<'_>, r: agora_token::Result<T>) -> PyResult<T> {
    r.map_err(|e| to_pyerr(py, e))
}

fn invalid(msg: String) -> Error {
    Error::new(ErrorCode::InvalidArgument, msg)
}

// ---- argument conversion ---------------------------------------------

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    if obj.is_none() {
        return "None".to_owned();
    }
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".to_owned())
}

/// Text argument: `str` (as UTF-8) or `bytes` (verbatim).
fn text<'a>(obj: &'a Bound<'_, PyAny>, what: &str) -> Result<Cow<'a, [u8]>, Error> {
    if let Ok(s) = obj.cast::<PyString>() {
        return match s.to_cow() {
            Ok(Cow::Borrowed(s)) => Ok(Cow::Borrowed(s.as_bytes())),
            Ok(Cow::Owned(s)) => Ok(Cow::Owned(s.into_bytes())),
            Err(_) => Err(invalid(format!(
                "{what} is not valid Unicode text (it contains a lone surrogate)"
            ))),
        };
    }
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(Cow::Borrowed(b.as_bytes()));
    }
    Err(invalid(format!(
        "{what} must be str or bytes, not {}",
        type_name(obj)
    )))
}

/// An integer argument checked against `min..=max`. `bool` and `float` are
/// refused (the reference builders would write `True` or `1.5` into a token);
/// other objects with `__index__` (numpy integers) are accepted.
fn int(obj: &Bound<'_, PyAny>, what: &str, min: i64, max: i64) -> Result<i64, Error> {
    let bad_type = || {
        invalid(format!(
            "{what} must be an int in {min}..={max}, not {}",
            type_name(obj)
        ))
    };
    if obj.is_instance_of::<PyBool>() || obj.is_instance_of::<PyFloat>() {
        return Err(bad_type());
    }
    let owned;
    let i = if let Ok(i) = obj.cast::<PyInt>() {
        i
    } else if obj.is_none() || obj.is_instance_of::<PyString>() {
        return Err(bad_type());
    } else {
        owned = obj.call_method0("__index__").map_err(|_| bad_type())?;
        owned.cast::<PyInt>().map_err(|_| bad_type())?
    };
    match i.extract::<i64>() {
        Ok(v) if (min..=max).contains(&v) => Ok(v),
        _ => Err(Error::new(
            ErrorCode::ValueOutOfRange,
            format!("{what} = {} is outside {min}..={max}", i),
        )),
    }
}

fn u32_arg(obj: &Bound<'_, PyAny>, what: &str) -> Result<u32, Error> {
    int(obj, what, 0, u32::MAX as i64).map(|v| v as u32)
}

fn u16_arg(obj: &Bound<'_, PyAny>, what: &str) -> Result<u16, Error> {
    int(obj, what, 0, u16::MAX as i64).map(|v| v as u16)
}

fn opt_u32(obj: Option<&Bound<'_, PyAny>>, what: &str, default: u32) -> Result<u32, Error> {
    match obj {
        None => Ok(default),
        Some(o) => u32_arg(o, what),
    }
}

/// An RTC role selector: any int64 (only 1 means publisher in 007).
fn role_arg(obj: &Bound<'_, PyAny>, what: &str) -> Result<i64, Error> {
    int(obj, what, i64::MIN, i64::MAX)
}

/// A uid or account: an `int` in 0..=2^32-1 (decimal text, 0 = any user) or
/// a `str`/`bytes` used verbatim. `None`, `bool` and `float` are refused,
/// instead of being written as "None", "True" or "1.5".
enum User<'a> {
    Uid(u32),
    Account(Cow<'a, [u8]>),
}

impl User<'_> {
    fn id(&self) -> UserId<'_> {
        match self {
            User::Uid(n) => UserId::Uid(*n),
            User::Account(a) => UserId::Account(a),
        }
    }

    fn wire(&self) -> Vec<u8> {
        self.id().to_wire().into_owned()
    }
}

fn user<'a>(obj: &'a Bound<'_, PyAny>, what: &str) -> Result<User<'a>, Error> {
    if obj.is_instance_of::<PyString>() || obj.is_instance_of::<PyBytes>() {
        return text(obj, what).map(User::Account);
    }
    if obj.is_none() || obj.is_instance_of::<PyBool>() || obj.is_instance_of::<PyFloat>() {
        return Err(invalid(format!(
            "{what} must be an int in 0..=4294967295 or a str, not {}",
            type_name(obj)
        )));
    }
    int(obj, what, 0, u32::MAX as i64).map(|v| User::Uid(v as u32))
}

fn options(
    salt: Option<&Bound<'_, PyAny>>,
    issue_ts: Option<&Bound<'_, PyAny>>,
    ts_name: &str,
) -> Result<Options, Error> {
    Ok(Options {
        salt: salt.map(|s| u32_arg(s, "salt")).transpose()?,
        issue_ts: issue_ts.map(|t| u32_arg(t, ts_name)).transpose()?,
    })
}

/// Converts arguments with the GIL held, then runs the core call with it
/// released (the core is pure Rust with no shared state, so this is safe and
/// lets other Python threads run during the HMACs and the deflate).
fn run<T: Send>(
    py: Python<'_>,
    call: impl FnOnce() -> agora_token::Result<T> + Send,
) -> PyResult<T> {
    ok(py, py.detach(call))
}

// ---- 007 builders -----------------------------------------------------

type Arg<'py> = Bound<'py, PyAny>;

/// 007 RTC token for a numeric uid (0 = any user), as the official
/// `RtcTokenBuilder2.RtcTokenBuilder.build_token_with_uid`. Role 1
/// (publisher) adds the three publish privileges. Lifetimes are seconds
/// from the issue time; `privilege_expire` 0 means no limit of its own.
/// Keyword-only `salt` / `issue_ts` fix the random salt and the clock.
#[pyfunction]
#[pyo3(signature = (app_id, app_certificate, channel_name, uid, role, token_expire,
    privilege_expire=None, *, salt=None, issue_ts=None))]
#[allow(clippy::too_many_arguments)]
fn rtc_build_token_with_uid(
    py: Python<'_>,
    app_id: &Arg<'_>,
    app_certificate: &Arg<'_>,
    channel_name: &Arg<'_>,
    uid: &Arg<'_>,
    role: &Arg<'_>,
    token_expire: &Arg<'_>,
    privilege_expire: Option<&Arg<'_>>,
    salt: Option<&Arg<'_>>,
    issue_ts: Option<&Arg<'_>>,
) -> PyResult<String> {
    rtc_user(
        py,
        [
            app_id,
            app_certificate,
            channel_name,
            uid,
            role,
            token_expire,
        ],
        privilege_expire,
        "uid",
        salt,
        issue_ts,
    )
}

/// 007 RTC token for a string account, as the official
/// `RtcTokenBuilder.build_token_with_user_account`. Otherwise as
/// `build_token_with_uid`.
#[pyfunction]
#[pyo3(signature = (app_id, app_certificate, channel_name, account, role, token_expire,
    privilege_expire=None, *, salt=None, issue_ts=None))]
#[allow(clippy::too_many_arguments)]
fn rtc_build_token_with_user_account(
    py: Python<'_>,
    app_id: &Arg<'_>,
    app_certificate: &Arg<'_>,
    channel_name: &Arg<'_>,
    account: &Arg<'_>,
    role: &Arg<'_>,
    token_expire: &Arg<'_>,
    privilege_expire: Option<&Arg<'_>>,
    salt: Option<&Arg<'_>>,
    issue_ts: Option<&Arg<'_>>,
) -> PyResult<String> {
    rtc_user(
        py,
        [
            app_id,
            app_certificate,
            channel_name,
            account,
            role,
            token_expire,
        ],
        privilege_expire,
        "account",
        salt,
        issue_ts,
    )
}

fn rtc_user(
    py: Python<'_>,
    a: [&Arg<'_>; 6],
    privilege_expire: Option<&Arg<'_>>,
    user_name: &str,
    salt: Option<&Arg<'_>>,
    issue_ts: Option<&Arg<'_>>,
) -> PyResult<String> {
    let args = (|| {
        Ok::<_, Error>((
            text(a[0], "app_id")?,
            text(a[1], "app_certificate")?,
            text(a[2], "channel_name")?,
            user(a[3], user_name)?,
            role_arg(a[4], "role")?,
            u32_arg(a[5], "token_expire")?,
            opt_u32(privilege_expire, "privilege_expire", 0)?,
            options(salt, issue_ts, "issue_ts")?,
        ))
    })();
    let (id, cert, ch, u, role, te, pe, o) = ok(py, args)?;
    run(py, || {
        rtc::build_token_with_user(id, cert, ch, u.id(), role, te, pe, &o)
    })
}

/// 007 RTC token for a uid with one lifetime per privilege (join, publish
/// audio, video, data; always all four), as the official
/// `build_token_with_uid_and_privilege`.
#[pyfunction]
#[pyo3(signature = (app_id, app_certificate, channel_name, uid, token_expire,
    join_channel_privilege_expire, pub_audio_privilege_expire, pub_video_privilege_expire,
    pub_data_stream_privilege_expire, *, salt=None, issue_ts=None))]
#[allow(clippy::too_many_arguments)]
fn rtc_build_token_with_uid_and_privilege(
    py: Python<'_>,
    app_id: &Arg<'_>,
    app_certificate: &Arg<'_>,
    channel_name: &Arg<'_>,
    uid: &Arg<'_>,
    token_expire: &Arg<'_>,
    join_channel_privilege_expire: &Arg<'_>,
    pub_audio_privilege_expire: &Arg<'_>,
    pub_video_privilege_expire: &Arg<'_>,
    pub_data_stream_privilege_expire: &Arg<'_>,
    salt: Option<&Arg<'_>>,
    issue_ts: Option<&Arg<'_>>,
) -> PyResult<String> {
    rtc_privileges(
        py,
        [
            app_id,
            app_certificate,
            channel_name,
            uid,
            token_expire,
            join_channel_privilege_expire,
            pub_audio_privilege_expire,
            pub_video_privilege_expire,
            pub_data_stream_privilege_expire,
        ],
        "uid",
        salt,
        issue_ts,
    )
}

/// As `build_token_with_uid_and_privilege`, for a string account.
#[pyfunction]
#[pyo3(signature = (app_id, app_certificate, channel_name, account, token_expire,
    join_channel_privilege_expire, pub_audio_privilege_expire, pub_video_privilege_expire,
    pub_data_stream_privilege_expire, *, salt=None, issue_ts=None))]
#[allow(clippy::too_many_arguments)]
fn rtc_build_token_with_user_account_and_privilege(
    py: Python<'_>,
    app_id: &Arg<'_>,
    app_certificate: &Arg<'_>,
    channel_name: &Arg<'_>,
    account: &Arg<'_>,
    token_expire: &Arg<'_>,
    join_channel_privilege_expire: &Arg<'_>,
    pub_audio_privilege_expire: &Arg<'_>,
    pub_video_privilege_expire: &Arg<'_>,
    pub_data_stream_privilege_expire: &Arg<'_>,
    salt: Option<&Arg<'_>>,
    issue_ts: Option<&Arg<'_>>,
) -> PyResult<String> {
    rtc_privileges(
        py,
        [
            app_id,
            app_certificate,
            channel_name,
            account,
            token_expire,
            join_channel_privilege_expire,
            pub_audio_privilege_expire,
            pub_video_privilege_expire,
            pub_data_stream_privilege_expire,
        ],
        "account",
        salt,
        issue_ts,
    )
}

const PRIV_NAMES: [&str; 4] = [
    "join_channel_privilege_expire",
    "pub_audio_privilege_expire",
    "pub_video_privilege_expire",
    "pub_data_stream_privilege_expire",
];

fn rtc_privileges(
    py: Python<'_>,
    a: [&Arg<'_>; 9],
    user_name: &str,
    salt: Option<&Arg<'_>>,
    issue_ts: Option<&Arg<'_>>,
) -> PyResult<String> {
    let args = (|| {
        Ok::<_, Error>((
            text(a[0], "app_id")?,
            text(a[1], "app_certificate")?,
            text(a[2], "channel_name")?,
            user(a[3], user_name)?,
            u32_arg(a[4], "token_expire")?,
            [
                u32_arg(a[5], PRIV_NAMES[0])?,
                u32_arg(a[6], PRIV_NAMES[1])?,
                u32_arg(a[7], PRIV_NAMES[2])?,
                u32_arg(a[8], PRIV_NAMES[3])?,
            ],
            options(salt, issue_ts, "issue_ts")?,
        ))
    })();
    let (id, cert, ch, u, te, [j, au, v, d], o) = ok(py, args)?;
    run(py, || {
        rtc::build_token_with_user_and_privilege(id, cert, ch, u.id(), te, j, au, v, d, &o)
    })
}

/// 007 RTC token for `account` plus an RTM service for the same account
/// (login privilege with the token lifetime), as the official
/// `build_token_with_rtm`.
#[pyfunction]
#[pyo3(signature = (app_id, app_certificate, channel_name, account, role, token_expire,
    privilege_expire=None, *, salt=None, issue_ts=None))]
#[allow(clippy::too_many_arguments)]
fn rtc_build_token_with_rtm(
    py: Python<'_>,
    app_id: &Arg<'_>,
    app_certificate: &Arg<'_>,
    channel_name: &Arg<'_>,
    account: &Arg<'_>,
    role: &Arg<'_>,
    token_expire: &Arg<'_>,
    privilege_expire: Option<&Arg<'_>>,
    salt: Option<&Arg<'_>>,
    issue_ts: Option<&Arg<'_>>,
) -> PyResult<String> {
    let args = (|| {
        Ok::<_, Error>((
            text(app_id, "app_id")?,
            text(app_certificate, "app_certificate")?,
            text(channel_name, "channel_name")?,
            user(account, "account")?.wire(),
            role_arg(role, "role")?,
            u32_arg(token_expire, "token_expire")?,
            opt_u32(privilege_expire, "privilege_expire", 0)?,
            options(salt, issue_ts, "issue_ts")?,
        ))
    })();
    let (id, cert, ch, acct, role, te, pe, o) = ok(py, args)?;
    run(py, || {
        rtc::build_token_with_rtm(id, cert, ch, acct, role, te, pe, &o)
    })
}

/// Which of the three twelve-argument builders to run.
#[derive(Clone, Copy)]
enum Rtm2Kind {
    Rtm2,
    ConvoAi,
    Stt,
}

macro_rules! twelve_arg_builder {
    ($fname:ident, $kind:expr, $doc:literal) => {
        #[doc = $doc]
        #[pyfunction]
        #[pyo3(signature = (app_id, app_certificate, channel_name, rtc_account, rtc_role,
                    rtc_token_expire, join_channel_privilege_expire, pub_audio_privilege_expire,
                    pub_video_privilege_expire, pub_data_stream_privilege_expire, rtm_user_id,
                    rtm_token_expire, *, salt=None, issue_ts=None))]
        #[allow(clippy::too_many_arguments)]
        fn $fname(
            py: Python<'_>,
            app_id: &Arg<'_>,
            app_certificate: &Arg<'_>,
            channel_name: &Arg<'_>,
            rtc_account: &Arg<'_>,
            rtc_role: &Arg<'_>,
            rtc_token_expire: &Arg<'_>,
            join_channel_privilege_expire: &Arg<'_>,
            pub_audio_privilege_expire: &Arg<'_>,
            pub_video_privilege_expire: &Arg<'_>,
            pub_data_stream_privilege_expire: &Arg<'_>,
            rtm_user_id: &Arg<'_>,
            rtm_token_expire: &Arg<'_>,
            salt: Option<&Arg<'_>>,
            issue_ts: Option<&Arg<'_>>,
        ) -> PyResult<String> {
            twelve(
                py,
                $kind,
                [
                    app_id,
                    app_certificate,
                    channel_name,
                    rtc_account,
                    rtc_role,
                    rtc_token_expire,
                    join_channel_privilege_expire,
                    pub_audio_privilege_expire,
                    pub_video_privilege_expire,
                    pub_data_stream_privilege_expire,
                    rtm_user_id,
                    rtm_token_expire,
                ],
                salt,
                issue_ts,
            )
        }
    };
}

twelve_arg_builder!(
    rtc_build_token_with_rtm2,
    Rtm2Kind::Rtm2,
    "007 RTC + RTM (type 2) token with separate lifetimes, as the official\n\
     `build_token_with_rtm2`. Keyword-only `salt` / `issue_ts`."
);
twelve_arg_builder!(
    convoai_build_token,
    Rtm2Kind::ConvoAi,
    "007 RTC + RTM + ConvoAI (type 9) token, as `ConvoAITokenBuilder.build_token`\n\
     (npm agora-token 2.0.6). Keyword-only `salt` / `issue_ts`."
);
twelve_arg_builder!(
    stt_build_token,
    Rtm2Kind::Stt,
    "007 RTC + RTM + STT (type 10) token, as `SttTokenBuilder.build_token`\n\
     (npm agora-token 2.0.6). Keyword-only `salt` / `issue_ts`."
);

fn twelve(
    py: Python<'_>,
    kind: Rtm2Kind,
    a: [&Arg<'_>; 12],
    salt: Option<&Arg<'_>>,
    issue_ts: Option<&Arg<'_>>,
) -> PyResult<String> {
    let args = (|| {
        Ok::<_, Error>((
            text(a[0], "app_id")?,
            text(a[1], "app_certificate")?,
            text(a[2], "channel_name")?,
            user(a[3], "rtc_account")?,
            role_arg(a[4], "rtc_role")?,
            u32_arg(a[5], "rtc_token_expire")?,
            [
                u32_arg(a[6], PRIV_NAMES[0])?,
                u32_arg(a[7], PRIV_NAMES[1])?,
                u32_arg(a[8], PRIV_NAMES[2])?,
                u32_arg(a[9], PRIV_NAMES[3])?,
            ],
            text(a[10], "rtm_user_id")?,
            u32_arg(a[11], "rtm_token_expire")?,
            options(salt, issue_ts, "issue_ts")?,
        ))
    })();
    let (id, cert, ch, acct, role, te, [j, au, v, d], ru, rte, o) = ok(py, args)?;
    run(py, || match kind {
        Rtm2Kind::Rtm2 => {
            rtc::build_token_with_rtm2(id, cert, ch, acct.id(), role, te, j, au, v, d, ru, rte, &o)
        }
        Rtm2Kind::ConvoAi => {
            convoai::build_token(id, cert, ch, acct.id(), role, te, j, au, v, d, ru, rte, &o)
        }
        Rtm2Kind::Stt => {
            stt::build_token(id, cert, ch, acct.id(), role, te, j, au, v, d, ru, rte, &o)
        }
    })
}

/// 007 RTM (type 2) login token, as the official
/// `RtmTokenBuilder2.RtmTokenBuilder.build_token`: `expire` (seconds) is the
/// token and the login privilege lifetime. Keyword-only `salt` / `issue_ts`.
#[pyfunction]
#[pyo3(signature = (app_id, app_certificate, user_id, expire, *, salt=None, issue_ts=None))]
fn rtm_build_token(
    py: Python<'_>,
    app_id: &Arg<'_>,
    app_certificate: &Arg<'_>,
    user_id: &Arg<'_>,
    expire: &Arg<'_>,
    salt: Option<&Arg<'_>>,
    issue_ts: Option<&Arg<'_>>,
) -> PyResult<String> {
    let args = (|| {
        Ok::<_, Error>((
            text(app_id, "app_id")?,
            text(app_certificate, "app_certificate")?,
            text(user_id, "user_id")?,
            u32_arg(expire, "expire")?,
            options(salt, issue_ts, "issue_ts")?,
        ))
    })();
    let (id, cert, u, e, o) = ok(py, args)?;
    run(py, || rtm::build_token(id, cert, u, e, &o))
}

/// RTM2 permissions from any of: an object with a `details` attribute
/// (`ServiceRtm2.Permissions`, ours or the official one), a dict
/// `{resource_type: {permission_type: [resources]}}`, or a sequence of
/// `(resource_type, permission_type, resources)` tuples or of dicts with
/// those keys (the vectors' JSON shape).
fn permissions(obj: &Bound<'_, PyAny>) -> Result<Rtm2Permissions, Error> {
    let what = "permissions";
    let mut perms = Rtm2Permissions::new();
    let py_err = |e: PyErr| invalid(format!("{what}: {e}"));
    let resources = |r: &Bound<'_, PyAny>| -> Result<Vec<Vec<u8>>, Error> {
        if r.is_instance_of::<PyString>() || r.is_instance_of::<PyBytes>() {
            return Err(invalid(format!(
                "{what}: resources must be a list of str, not a single {}",
                type_name(r)
            )));
        }
        let mut out = Vec::new();
        for item in r.try_iter().map_err(py_err)? {
            let item = item.map_err(py_err)?;
            out.push(text(&item, "permissions: each resource")?.into_owned());
        }
        Ok(out)
    };
    let details = if let Ok(d) = obj.getattr("details") {
        Some(d)
    } else if obj.is_instance_of::<PyDict>() {
        Some(obj.clone())
    } else {
        None
    };
    if let Some(d) = details {
        let d = d
            .cast::<PyDict>()
            .map_err(|_| invalid(format!("{what}.details must be a dict of dicts")))?;
        for (rt, inner) in d.iter() {
            let rt = u16_arg(&rt, "permissions: resource_type")?;
            let inner = inner
                .cast::<PyDict>()
                .map_err(|_| invalid(format!("{what}: each resource type maps to a dict")))?;
            for (pt, res) in inner.iter() {
                let pt = u16_arg(&pt, "permissions: permission_type")?;
                perms.add(rt, pt, resources(&res)?);
            }
        }
        return Ok(perms);
    }
    if obj.is_instance_of::<PyString>() || obj.is_instance_of::<PyBytes>() || obj.is_none() {
        return Err(invalid(format!(
            "{what} must be a ServiceRtm2.Permissions, a dict or a list of entries, not {}",
            type_name(obj)
        )));
    }
    for entry in obj.try_iter().map_err(py_err)? {
        let entry = entry.map_err(py_err)?;
        let (rt, pt, res) = if let Ok(d) = entry.cast::<PyDict>() {
            let get = |k: &str| -> Result<Bound<'_, PyAny>, Error> {
                d.get_item(k)
                    .map_err(py_err)?
                    .ok_or_else(|| invalid(format!("{what}: entry without {k:?}")))
            };
            (
                get("resource_type")?,
                get("permission_type")?,
                get("resources")?,
            )
        } else {
            let t = entry.cast::<PyTuple>().map_err(|_| {
                invalid(format!(
                    "{what}: each entry must be a (resource_type, permission_type, resources) \
                     tuple or a dict, not {}",
                    type_name(&entry)
                ))
            })?;
            if t.len() != 3 {
                return Err(invalid(format!("{what}: each tuple needs 3 items")));
            }
            (
                t.get_item(0).map_err(py_err)?,
                t.get_item(1).map_err(py_err)?,
                t.get_item(2).map_err(py_err)?,
            )
        };
        perms.add(
            u16_arg(&rt, "permissions: resource_type")?,
            u16_arg(&pt, "permissions: permission_type")?,
            resources(&res)?,
        );
    }
    Ok(perms)
}

/// 007 RTM2 (type 8) token with resource permissions, as the official
/// `build_token_with_permissions`. `permissions`: a `ServiceRtm2.Permissions`,
/// a dict `{resource_type: {permission_type: [resources]}}` or a list of
/// `(resource_type, permission_type, resources)`.
#[pyfunction]
#[pyo3(signature = (app_id, app_certificate, user_id, permissions, expire=None, *, salt=None,
    issue_ts=None))]
#[allow(clippy::too_many_arguments)]
fn rtm_build_token_with_permissions(
    py: Python<'_>,
    app_id: &Arg<'_>,
    app_certificate: &Arg<'_>,
    user_id: &Arg<'_>,
    permissions: &Arg<'_>,
    expire: Option<&Arg<'_>>,
    salt: Option<&Arg<'_>>,
    issue_ts: Option<&Arg<'_>>,
) -> PyResult<String> {
    let args = (|| {
        Ok::<_, Error>((
            text(app_id, "app_id")?,
            text(app_certificate, "app_certificate")?,
            text(user_id, "user_id")?,
            self::permissions(permissions)?,
            opt_u32(expire, "expire", 0)?,
            options(salt, issue_ts, "issue_ts")?,
        ))
    })();
    let (id, cert, u, p, e, o) = ok(py, args)?;
    run(py, || {
        rtm::build_token_with_permissions(id, cert, u, &p, e, &o)
    })
}

/// 007 Chat user token, as the official `ChatTokenBuilder.build_user_token`.
#[pyfunction]
#[pyo3(signature = (app_id, app_certificate, user_id, expire, *, salt=None, issue_ts=None))]
fn chat_build_user_token(
    py: Python<'_>,
    app_id: &Arg<'_>,
    app_certificate: &Arg<'_>,
    user_id: &Arg<'_>,
    expire: &Arg<'_>,
    salt: Option<&Arg<'_>>,
    issue_ts: Option<&Arg<'_>>,
) -> PyResult<String> {
    let args = (|| {
        Ok::<_, Error>((
            text(app_id, "app_id")?,
            text(app_certificate, "app_certificate")?,
            text(user_id, "user_id")?,
            u32_arg(expire, "expire")?,
            options(salt, issue_ts, "issue_ts")?,
        ))
    })();
    let (id, cert, u, e, o) = ok(py, args)?;
    run(py, || chat::build_user_token(id, cert, u, e, &o))
}

/// 007 Chat app token, as the official `ChatTokenBuilder.build_app_token`.
#[pyfunction]
#[pyo3(signature = (app_id, app_certificate, expire, *, salt=None, issue_ts=None))]
fn chat_build_app_token(
    py: Python<'_>,
    app_id: &Arg<'_>,
    app_certificate: &Arg<'_>,
    expire: &Arg<'_>,
    salt: Option<&Arg<'_>>,
    issue_ts: Option<&Arg<'_>>,
) -> PyResult<String> {
    let args = (|| {
        Ok::<_, Error>((
            text(app_id, "app_id")?,
            text(app_certificate, "app_certificate")?,
            u32_arg(expire, "expire")?,
            options(salt, issue_ts, "issue_ts")?,
        ))
    })();
    let (id, cert, e, o) = ok(py, args)?;
    run(py, || chat::build_app_token(id, cert, e, &o))
}

/// 007 FPA token (24 h lifetime), as the official `FpaTokenBuilder.build_token`.
#[pyfunction]
#[pyo3(signature = (app_id, app_certificate, *, salt=None, issue_ts=None))]
fn fpa_build_token(
    py: Python<'_>,
    app_id: &Arg<'_>,
    app_certificate: &Arg<'_>,
    salt: Option<&Arg<'_>>,
    issue_ts: Option<&Arg<'_>>,
) -> PyResult<String> {
    let args = (|| {
        Ok::<_, Error>((
            text(app_id, "app_id")?,
            text(app_certificate, "app_certificate")?,
            options(salt, issue_ts, "issue_ts")?,
        ))
    })();
    let (id, cert, o) = ok(py, args)?;
    run(py, || fpa::build_token(id, cert, &o))
}

/// 007 room-user token: RTM(user_uuid), Chat(md5 hex of user_uuid) and
/// APaaS(room_uuid, user_uuid, role), as the official `build_room_user_token`.
#[pyfunction]
#[pyo3(signature = (app_id, app_certificate, room_uuid, user_uuid, role, expire, *, salt=None,
    issue_ts=None))]
#[allow(clippy::too_many_arguments)]
fn apaas_build_room_user_token(
    py: Python<'_>,
    app_id: &Arg<'_>,
    app_certificate: &Arg<'_>,
    room_uuid: &Arg<'_>,
    user_uuid: &Arg<'_>,
    role: &Arg<'_>,
    expire: &Arg<'_>,
    salt: Option<&Arg<'_>>,
    issue_ts: Option<&Arg<'_>>,
) -> PyResult<String> {
    let args = (|| {
        Ok::<_, Error>((
            text(app_id, "app_id")?,
            text(app_certificate, "app_certificate")?,
            text(room_uuid, "room_uuid")?,
            text(user_uuid, "user_uuid")?,
            int(role, "role", i16::MIN as i64, i16::MAX as i64)? as i16,
            u32_arg(expire, "expire")?,
            options(salt, issue_ts, "issue_ts")?,
        ))
    })();
    let (id, cert, room, u, role, e, o) = ok(py, args)?;
    run(py, || {
        apaas::build_room_user_token(id, cert, room, u, role, e, &o)
    })
}

/// 007 APaaS user token, as the official `build_user_token`.
#[pyfunction]
#[pyo3(signature = (app_id, app_certificate, user_uuid, expire, *, salt=None, issue_ts=None))]
fn apaas_build_user_token(
    py: Python<'_>,
    app_id: &Arg<'_>,
    app_certificate: &Arg<'_>,
    user_uuid: &Arg<'_>,
    expire: &Arg<'_>,
    salt: Option<&Arg<'_>>,
    issue_ts: Option<&Arg<'_>>,
) -> PyResult<String> {
    let args = (|| {
        Ok::<_, Error>((
            text(app_id, "app_id")?,
            text(app_certificate, "app_certificate")?,
            text(user_uuid, "user_uuid")?,
            u32_arg(expire, "expire")?,
            options(salt, issue_ts, "issue_ts")?,
        ))
    })();
    let (id, cert, u, e, o) = ok(py, args)?;
    run(py, || apaas::build_user_token(id, cert, u, e, &o))
}

/// 007 APaaS app token, as the official `build_app_token`.
#[pyfunction]
#[pyo3(signature = (app_id, app_certificate, expire, *, salt=None, issue_ts=None))]
fn apaas_build_app_token(
    py: Python<'_>,
    app_id: &Arg<'_>,
    app_certificate: &Arg<'_>,
    expire: &Arg<'_>,
    salt: Option<&Arg<'_>>,
    issue_ts: Option<&Arg<'_>>,
) -> PyResult<String> {
    let args = (|| {
        Ok::<_, Error>((
            text(app_id, "app_id")?,
            text(app_certificate, "app_certificate")?,
            u32_arg(expire, "expire")?,
            options(salt, issue_ts, "issue_ts")?,
        ))
    })();
    let (id, cert, e, o) = ok(py, args)?;
    run(py, || apaas::build_app_token(id, cert, e, &o))
}

// ---- 006 builders -----------------------------------------------------
//
// Each has a camelCase form with the reference parameter names and a
// snake_case form; both share one body. `now` is the build time: the token's
// `ts` becomes now + 86400, as in the reference.

#[allow(clippy::too_many_arguments)]
fn rtc006_impl(
    py: Python<'_>,
    names: [&str; 6],
    a: [&Arg<'_>; 6],
    salt: Option<&Arg<'_>>,
    now: Option<&Arg<'_>>,
) -> PyResult<String> {
    let args = (|| {
        Ok::<_, Error>((
            text(a[0], names[0])?,
            text(a[1], names[1])?,
            text(a[2], names[2])?,
            user(a[3], names[3])?,
            role_arg(a[4], names[4])?,
            u32_arg(a[5], names[5])?,
            options(salt, now, "now")?,
        ))
    })();
    let (id, cert, ch, u, role, pe, o) = ok(py, args)?;
    run(py, || {
        rtc006::build_token_with_user(id, cert, ch, u.id(), role, pe, &o)
    })
}

/// 006 RTC token for a numeric uid, as the official / PyPI
/// `RtcTokenBuilder.buildTokenWithUid`. `privilegeExpiredTs` is an absolute
/// Unix time (0 = never); roles 0, 1 and 101 publish. Keyword-only `salt` /
/// `now` (the token's ts becomes now + 86400).
#[pyfunction]
#[pyo3(signature = (appId, appCertificate, channelName, uid, role, privilegeExpiredTs, *,
    salt=None, now=None))]
#[allow(non_snake_case, clippy::too_many_arguments)]
fn rtc006_camel_build_token_with_uid(
    py: Python<'_>,
    appId: &Arg<'_>,
    appCertificate: &Arg<'_>,
    channelName: &Arg<'_>,
    uid: &Arg<'_>,
    role: &Arg<'_>,
    privilegeExpiredTs: &Arg<'_>,
    salt: Option<&Arg<'_>>,
    now: Option<&Arg<'_>>,
) -> PyResult<String> {
    rtc006_impl(
        py,
        [
            "appId",
            "appCertificate",
            "channelName",
            "uid",
            "role",
            "privilegeExpiredTs",
        ],
        [
            appId,
            appCertificate,
            channelName,
            uid,
            role,
            privilegeExpiredTs,
        ],
        salt,
        now,
    )
}

/// 006 RTC token for a string account, as `RtcTokenBuilder.buildTokenWithAccount`.
#[pyfunction]
#[pyo3(signature = (appId, appCertificate, channelName, account, role, privilegeExpiredTs, *,
    salt=None, now=None))]
#[allow(non_snake_case, clippy::too_many_arguments)]
fn rtc006_camel_build_token_with_account(
    py: Python<'_>,
    appId: &Arg<'_>,
    appCertificate: &Arg<'_>,
    channelName: &Arg<'_>,
    account: &Arg<'_>,
    role: &Arg<'_>,
    privilegeExpiredTs: &Arg<'_>,
    salt: Option<&Arg<'_>>,
    now: Option<&Arg<'_>>,
) -> PyResult<String> {
    rtc006_impl(
        py,
        [
            "appId",
            "appCertificate",
            "channelName",
            "account",
            "role",
            "privilegeExpiredTs",
        ],
        [
            appId,
            appCertificate,
            channelName,
            account,
            role,
            privilegeExpiredTs,
        ],
        salt,
        now,
    )
}

/// snake_case alias of the 006 `RtcTokenBuilder.buildTokenWithUid`.
#[pyfunction]
#[pyo3(signature = (app_id, app_certificate, channel_name, uid, role, privilege_expired_ts, *,
    salt=None, now=None))]
#[allow(clippy::too_many_arguments)]
fn rtc006_build_token_with_uid(
    py: Python<'_>,
    app_id: &Arg<'_>,
    app_certificate: &Arg<'_>,
    channel_name: &Arg<'_>,
    uid: &Arg<'_>,
    role: &Arg<'_>,
    privilege_expired_ts: &Arg<'_>,
    salt: Option<&Arg<'_>>,
    now: Option<&Arg<'_>>,
) -> PyResult<String> {
    rtc006_impl(
        py,
        [
            "app_id",
            "app_certificate",
            "channel_name",
            "uid",
            "role",
            "privilege_expired_ts",
        ],
        [
            app_id,
            app_certificate,
            channel_name,
            uid,
            role,
            privilege_expired_ts,
        ],
        salt,
        now,
    )
}

/// snake_case alias of the 006 `RtcTokenBuilder.buildTokenWithAccount`.
#[pyfunction]
#[pyo3(signature = (app_id, app_certificate, channel_name, account, role, privilege_expired_ts,
    *, salt=None, now=None))]
#[allow(clippy::too_many_arguments)]
fn rtc006_build_token_with_account(
    py: Python<'_>,
    app_id: &Arg<'_>,
    app_certificate: &Arg<'_>,
    channel_name: &Arg<'_>,
    account: &Arg<'_>,
    role: &Arg<'_>,
    privilege_expired_ts: &Arg<'_>,
    salt: Option<&Arg<'_>>,
    now: Option<&Arg<'_>>,
) -> PyResult<String> {
    rtc006_impl(
        py,
        [
            "app_id",
            "app_certificate",
            "channel_name",
            "account",
            "role",
            "privilege_expired_ts",
        ],
        [
            app_id,
            app_certificate,
            channel_name,
            account,
            role,
            privilege_expired_ts,
        ],
        salt,
        now,
    )
}

fn rtm006_impl(
    py: Python<'_>,
    names: [&str; 5],
    a: [&Arg<'_>; 5],
    salt: Option<&Arg<'_>>,
    now: Option<&Arg<'_>>,
) -> PyResult<String> {
    let args = (|| {
        Ok::<_, Error>((
            text(a[0], names[0])?,
            text(a[1], names[1])?,
            text(a[2], names[2])?,
            // Checked, then ignored, like the reference.
            role_arg(a[3], names[3])?,
            u32_arg(a[4], names[4])?,
            options(salt, now, "now")?,
        ))
    })();
    let (id, cert, acct, _role, pe, o) = ok(py, args)?;
    run(py, || rtm006::build_token(id, cert, acct, pe, &o))
}

/// 006 RTM token, as the official / PyPI `RtmTokenBuilder.buildToken`: the
/// account in the channel slot, login privilege 1000 until
/// `privilegeExpiredTs` (absolute); `role` is checked and ignored.
#[pyfunction]
#[pyo3(signature = (appId, appCertificate, userAccount, role, privilegeExpiredTs, *, salt=None,
    now=None))]
#[allow(non_snake_case, clippy::too_many_arguments)]
fn rtm006_camel_build_token(
    py: Python<'_>,
    appId: &Arg<'_>,
    appCertificate: &Arg<'_>,
    userAccount: &Arg<'_>,
    role: &Arg<'_>,
    privilegeExpiredTs: &Arg<'_>,
    salt: Option<&Arg<'_>>,
    now: Option<&Arg<'_>>,
) -> PyResult<String> {
    rtm006_impl(
        py,
        [
            "appId",
            "appCertificate",
            "userAccount",
            "role",
            "privilegeExpiredTs",
        ],
        [appId, appCertificate, userAccount, role, privilegeExpiredTs],
        salt,
        now,
    )
}

/// snake_case alias of the 006 `RtmTokenBuilder.buildToken`.
#[pyfunction]
#[pyo3(signature = (app_id, app_certificate, user_account, role, privilege_expired_ts, *,
    salt=None, now=None))]
#[allow(clippy::too_many_arguments)]
fn rtm006_build_token(
    py: Python<'_>,
    app_id: &Arg<'_>,
    app_certificate: &Arg<'_>,
    user_account: &Arg<'_>,
    role: &Arg<'_>,
    privilege_expired_ts: &Arg<'_>,
    salt: Option<&Arg<'_>>,
    now: Option<&Arg<'_>>,
) -> PyResult<String> {
    rtm006_impl(
        py,
        [
            "app_id",
            "app_certificate",
            "user_account",
            "role",
            "privilege_expired_ts",
        ],
        [
            app_id,
            app_certificate,
            user_account,
            role,
            privilege_expired_ts,
        ],
        salt,
        now,
    )
}

// ---- low-level tokens -------------------------------------------------

fn privilege_pairs(obj: &Bound<'_, PyAny>, what: &str) -> Result<Vec<(u16, u32)>, Error> {
    let py_err = |e: PyErr| invalid(format!("{what}: {e}"));
    let items: Bound<'_, PyAny> = if let Ok(d) = obj.cast::<PyDict>() {
        d.items().into_any()
    } else {
        obj.clone()
    };
    let mut out = Vec::new();
    for p in items.try_iter().map_err(py_err)? {
        let p = p.map_err(py_err)?;
        let (k, v) = p
            .extract::<(Bound<'_, PyAny>, Bound<'_, PyAny>)>()
            .map_err(|_| {
                invalid(format!(
                    "{what}: each privilege must be an (id, value) pair"
                ))
            })?;
        out.push((
            u16_arg(&k, &format!("{what}: privilege id"))?,
            u32_arg(&v, &format!("{what}: privilege value"))?,
        ));
    }
    Ok(out)
}

/// One service of `build_access_token2`: `(type, privileges, fields)` where
/// `fields` is a dict with the type's members (`channel_name`, `uid`,
/// `user_id`, `account`, `room_uuid`, `user_uuid`, `role`, `permissions`).
fn service(obj: &Bound<'_, PyAny>) -> Result<Service, Error> {
    let (t, privs, fields) = obj
        .extract::<(Bound<'_, PyAny>, Bound<'_, PyAny>, Bound<'_, PyDict>)>()
        .map_err(|_| invalid("each service must be a (type, privileges, fields) tuple".into()))?;
    let t = u16_arg(&t, "service type")?;
    let field = |k: &str| -> Result<Option<Bound<'_, PyAny>>, Error> {
        fields
            .get_item(k)
            .map_err(|e| invalid(format!("service field {k}: {e}")))
    };
    let string = |k: &str| -> Result<Vec<u8>, Error> {
        match field(k)? {
            Some(v) => Ok(text(&v, k)?.into_owned()),
            None => Ok(Vec::new()),
        }
    };
    let ident = |k: &str| -> Result<Vec<u8>, Error> {
        match field(k)? {
            Some(v) => Ok(user(&v, k)?.wire()),
            None => Ok(Vec::new()),
        }
    };
    let body = match t {
        service_type::RTC => ServiceBody::Rtc {
            channel_name: string("channel_name")?,
            uid: ident("uid")?,
        },
        service_type::RTM => ServiceBody::Rtm {
            user_id: string("user_id")?,
        },
        service_type::STREAMING => ServiceBody::Streaming {
            channel_name: string("channel_name")?,
            account: ident("account")?,
        },
        service_type::FPA => ServiceBody::Fpa,
        service_type::CHAT => ServiceBody::Chat {
            user_id: string("user_id")?,
        },
        service_type::FCDN => ServiceBody::Fcdn {
            channel_name: string("channel_name")?,
            account: ident("account")?,
        },
        service_type::APAAS => ServiceBody::Apaas {
            room_uuid: string("room_uuid")?,
            user_uuid: string("user_uuid")?,
            role: match field("role")? {
                Some(r) => int(&r, "role", i16::MIN as i64, i16::MAX as i64)? as i16,
                None => -1,
            },
        },
        service_type::RTM2 => ServiceBody::Rtm2 {
            user_id: string("user_id")?,
            permissions: match field("permissions")? {
                Some(p) if !p.is_none() => permissions(&p)?.entries(),
                _ => Vec::new(),
            },
        },
        service_type::CONVOAI => ServiceBody::ConvoAi,
        service_type::STT => ServiceBody::Stt,
        other => ServiceBody::Other(other),
    };
    Ok(Service {
        privileges: privilege_pairs(&privs, "privileges")?,
        body,
    })
}

/// The low-level 007 build behind `AccessToken2.AccessToken.build()`.
#[pyfunction]
#[pyo3(signature = (app_id, app_certificate, issue_ts, expire, salt, services))]
fn build_access_token2(
    py: Python<'_>,
    app_id: &Arg<'_>,
    app_certificate: &Arg<'_>,
    issue_ts: &Arg<'_>,
    expire: &Arg<'_>,
    salt: &Arg<'_>,
    services: &Arg<'_>,
) -> PyResult<String> {
    let args = (|| {
        let mut t = AccessToken2::new(
            text(app_id, "app_id")?,
            text(app_certificate, "app_certificate")?,
            u32_arg(issue_ts, "issue_ts")?,
            u32_arg(expire, "expire")?,
            u32_arg(salt, "salt")?,
        );
        let it = services
            .try_iter()
            .map_err(|_| invalid("services must be a list".into()))?;
        for s in it {
            let s = s.map_err(|e| invalid(format!("services: {e}")))?;
            t.add_service(service(&s)?);
        }
        Ok::<_, Error>(t)
    })();
    let t = ok(py, args)?;
    run(py, || t.build())
}

/// The low-level 006 build behind `AccessToken.AccessToken.build()`.
#[pyfunction]
#[pyo3(signature = (app_id, app_certificate, channel_name, uid, salt, ts, privileges))]
#[allow(clippy::too_many_arguments)]
fn build_access_token006(
    py: Python<'_>,
    app_id: &Arg<'_>,
    app_certificate: &Arg<'_>,
    channel_name: &Arg<'_>,
    uid: &Arg<'_>,
    salt: &Arg<'_>,
    ts: &Arg<'_>,
    privileges: &Arg<'_>,
) -> PyResult<String> {
    let args = (|| {
        let mut t = AccessToken006::new(
            text(app_id, "app_id")?,
            text(app_certificate, "app_certificate")?,
            text(channel_name, "channel_name")?,
            user(uid, "uid")?.wire(),
            u32_arg(salt, "salt")?,
            u32_arg(ts, "ts")?,
        );
        t.privileges = privilege_pairs(privileges, "privileges")?;
        Ok::<_, Error>(t)
    })();
    let t = ok(py, args)?;
    run(py, || t.build())
}

// ---- parsed tokens ----------------------------------------------------

/// Bytes as `str` when they are UTF-8; otherwise decoded with
/// `surrogateescape`, so `s.encode("utf-8", "surrogateescape")` gives the
/// exact bytes back. (`to_dict()` gives `<name>_hex` instead, as the vectors
/// do.)
fn py_text<'py>(py: Python<'py>, b: &[u8]) -> PyResult<Bound<'py, PyAny>> {
    match std::str::from_utf8(b) {
        Ok(s) => Ok(PyString::new(py, s).into_any()),
        Err(_) => PyBytes::new(py, b).call_method1("decode", ("utf-8", "surrogateescape")),
    }
}

fn pairs<'py>(py: Python<'py>, p: &[(u16, u32)]) -> PyResult<Bound<'py, PyTuple>> {
    PyTuple::new(py, p.iter().copied())
}

fn json_to_py<'py>(py: Python<'py>, v: &serde_json::Value) -> PyResult<Bound<'py, PyAny>> {
    use serde_json::Value as V;
    Ok(match v {
        V::Null => py.None().into_bound(py),
        V::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        V::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.into_pyobject(py)?.into_any(),
            (None, Some(u)) => u.into_pyobject(py)?.into_any(),
            _ => n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any(),
        },
        V::String(s) => PyString::new(py, s).into_any(),
        V::Array(a) => {
            let l = PyList::empty(py);
            for x in a {
                l.append(json_to_py(py, x)?)?;
            }
            l.into_any()
        }
        V::Object(m) => {
            let d = PyDict::new(py);
            for (k, x) in m {
                d.set_item(k, json_to_py(py, x)?)?;
            }
            d.into_any()
        }
    })
}

/// A privilege key: an id, or a registered name of this service type.
fn privilege_id(service: Option<u16>, key: &Bound<'_, PyAny>) -> PyResult<Option<u16>> {
    if let Ok(s) = key.cast::<PyString>() {
        let name = s.to_cow()?;
        let name_of = |id: u16| match service {
            Some(t) => p007::name(t, id),
            None => p006::name(id),
        };
        return Ok((0u16..=16)
            .chain([1000])
            .find(|&id| name_of(id) == Some(&*name)));
    }
    Ok(int(key, "privilege", 0, u16::MAX as i64)
        .ok()
        .map(|v| v as u16))
}

fn named<'py>(
    py: Python<'py>,
    service: Option<u16>,
    p: &[(u16, u32)],
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    for &(id, v) in p {
        let name = match service {
            Some(t) => p007::name(t, id),
            None => p006::name(id),
        };
        match name {
            Some(n) => d.set_item(n, v)?,
            None => d.set_item(id, v)?,
        }
    }
    Ok(d)
}

/// A parsed token of either format: `Token007` or `Token006`. Immutable.
/// Nothing about it is trusted until `verify()` (or `verify_signature`)
/// succeeded.
#[pyclass(frozen, subclass, module = "agora_token", name = "Token")]
struct PyToken {
    inner: Token,
}

#[pymethods]
impl PyToken {
    /// "006" or "007".
    #[getter]
    fn version(&self) -> &'static str {
        self.inner.version()
    }

    /// The app id (32 characters in a well-formed token).
    #[getter]
    fn app_id<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_text(py, self.inner.app_id())
    }

    /// The signature field.
    #[getter]
    fn signature<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        let s = match &self.inner {
            Token::V006(t) => &t.signature,
            Token::V007(t) => &t.signature,
        };
        PyBytes::new(py, s)
    }

    /// The signature field as lowercase hex.
    #[getter]
    fn signature_hex(&self) -> String {
        agora_token::to_hex(match &self.inner {
            Token::V006(t) => &t.signature,
            Token::V007(t) => &t.signature,
        })
    }

    /// The salt.
    #[getter]
    fn salt(&self) -> u32 {
        match &self.inner {
            Token::V006(t) => t.salt,
            Token::V007(t) => t.salt,
        }
    }

    /// When the token itself expires, Unix seconds: 007 `issue_ts + expire`,
    /// 006 `ts`.
    #[getter]
    fn expires_at(&self) -> u64 {
        self.inner.expires_at()
    }

    /// Every decoded field, shaped like the shared vectors' `decoded`
    /// objects (non-UTF-8 strings as `<name>_hex`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_py(py, &agora_token::json::decoded(&self.inner))
    }

    /// Signature check only: True when the HMAC matches. For 006 the channel
    /// and uid the token was signed for are part of the signature (an RTM
    /// token: the account as `channel`, uid ""); both CRC fields must match
    /// too. Raises InvalidCredentialsError when the certificate is not 32
    /// hex characters.
    #[pyo3(signature = (app_certificate, channel=None, uid=None))]
    fn verify_signature(
        &self,
        py: Python<'_>,
        app_certificate: &Arg<'_>,
        channel: Option<&Arg<'_>>,
        uid: Option<&Arg<'_>>,
    ) -> PyResult<bool> {
        let args = (|| {
            Ok::<_, Error>((
                text(app_certificate, "app_certificate")?,
                channel.map(|c| text(c, "channel")).transpose()?,
                uid.map(|u| user(u, "uid").map(|u| u.wire())).transpose()?,
            ))
        })();
        let (cert, ch, uid) = ok(py, args)?;
        let v = self
            .inner
            .verify_signature(&cert, ch.as_deref(), uid.as_deref());
        if v.certificate_rejected {
            return Err(to_pyerr(
                py,
                Error::new(
                    ErrorCode::CertificateRejected,
                    "app_certificate must be exactly 32 hexadecimal characters",
                ),
            ));
        }
        Ok(v.signature_valid && v.crc_match.unwrap_or(true))
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyToken>()
            .map(|o| o.get().inner == self.inner)
            .unwrap_or(false)
    }

    fn __hash__(&self) -> u64 {
        // Equal tokens have equal bytes: the signed bytes decide.
        match &self.inner {
            Token::V006(t) => hash_of((&t.app_id, &t.signature, &t.message, t.crc_uid)),
            Token::V007(t) => hash_of(&t.payload),
        }
    }

    fn __repr__(&self) -> String {
        match &self.inner {
            Token::V007(t) => {
                let names: Vec<String> = t
                    .services
                    .iter()
                    .map(|s| {
                        s.name()
                            .map(str::to_owned)
                            .unwrap_or_else(|| s.service_type().to_string())
                    })
                    .collect();
                format!(
                    "Token007(app_id={:?}, issue_ts={}, expire={}, salt={}, services=[{}])",
                    String::from_utf8_lossy(&t.app_id),
                    t.issue_ts,
                    t.expire,
                    t.salt,
                    names.join(", ")
                )
            }
            Token::V006(t) => format!(
                "Token006(app_id={:?}, salt={}, ts={}, privileges={:?})",
                String::from_utf8_lossy(&t.app_id),
                t.salt,
                t.ts,
                t.privileges
            ),
        }
    }
}

fn hash_of(v: impl std::hash::Hash) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default().hash_one(v)
}

fn not_this(v: &str) -> PyErr {
    PyTypeError::new_err(format!("not a {v} token"))
}

fn as007<'a>(slf: &'a Bound<'_, PyToken007>) -> PyResult<&'a Token007> {
    match &slf.as_super().get().inner {
        Token::V007(t) => Ok(t),
        _ => Err(not_this("007")),
    }
}

fn as006<'a>(slf: &'a Bound<'_, PyToken006>) -> PyResult<&'a Token006> {
    match &slf.as_super().get().inner {
        Token::V006(t) => Ok(t),
        _ => Err(not_this("006")),
    }
}

/// A parsed 007 (AccessToken2) token.
#[pyclass(frozen, extends = PyToken, module = "agora_token", name = "Token007")]
struct PyToken007;

#[pymethods]
impl PyToken007 {
    /// Issue time, Unix seconds.
    #[getter]
    fn issue_ts(slf: &Bound<'_, Self>) -> PyResult<u32> {
        Ok(as007(slf)?.issue_ts)
    }

    /// Lifetime in seconds from `issue_ts`.
    #[getter]
    fn expire(slf: &Bound<'_, Self>) -> PyResult<u32> {
        Ok(as007(slf)?.expire)
    }

    /// The service count the header declares.
    #[getter]
    fn service_count(slf: &Bound<'_, Self>) -> PyResult<u16> {
        Ok(as007(slf)?.service_count)
    }

    /// The services, in wire order.
    #[getter]
    fn services<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let t = as007(slf)?;
        let items: PyResult<Vec<Bound<'py, PyService>>> = t
            .services
            .iter()
            .map(|s| Bound::new(py, PyService { inner: s.clone() }))
            .collect();
        PyTuple::new(py, items?)
    }

    /// Set when parsing stopped at an unregistered service type.
    #[getter]
    fn stopped_at_unknown_service_type(slf: &Bound<'_, Self>) -> PyResult<Option<u16>> {
        Ok(as007(slf)?.stopped_at_unknown_service_type)
    }

    /// Bytes after the last service (None when parsing stopped early).
    #[getter]
    fn trailing_payload_bytes(slf: &Bound<'_, Self>) -> PyResult<Option<usize>> {
        Ok(as007(slf)?.trailing_payload_bytes)
    }

    /// The decompressed payload.
    #[getter]
    fn payload<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyBytes>> {
        Ok(PyBytes::new(slf.py(), &as007(slf)?.payload))
    }

    /// The first service of a type, by number (1) or name ("rtc"); None if
    /// the token has none.
    fn service<'py>(
        slf: &Bound<'py, Self>,
        kind: &Bound<'py, PyAny>,
    ) -> PyResult<Option<Bound<'py, PyService>>> {
        let py = slf.py();
        let t = as007(slf)?;
        let wanted = if let Ok(s) = kind.cast::<PyString>() {
            match service_type::from_name(&s.to_cow()?) {
                Some(n) => n,
                None => return Ok(None),
            }
        } else {
            ok(py, u16_arg(kind, "service type"))?
        };
        t.service(wanted)
            .map(|s| Bound::new(py, PyService { inner: s.clone() }))
            .transpose()
    }
}

/// A parsed 006 (AccessToken) token.
#[pyclass(frozen, extends = PyToken, module = "agora_token", name = "Token006")]
struct PyToken006;

#[pymethods]
impl PyToken006 {
    /// CRC-32 of the channel name it was signed for.
    #[getter]
    fn crc_channel_name(slf: &Bound<'_, Self>) -> PyResult<u32> {
        Ok(as006(slf)?.crc_channel_name)
    }

    /// CRC-32 of the uid text it was signed for.
    #[getter]
    fn crc_uid(slf: &Bound<'_, Self>) -> PyResult<u32> {
        Ok(as006(slf)?.crc_uid)
    }

    /// Absolute Unix time bounding the token.
    #[getter]
    fn ts(slf: &Bound<'_, Self>) -> PyResult<u32> {
        Ok(as006(slf)?.ts)
    }

    /// (id, absolute expiry) pairs in wire order.
    #[getter]
    fn privileges<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        pairs(slf.py(), &as006(slf)?.privileges)
    }

    /// {name: absolute expiry} ("join_channel", ..., "rtm_login"; unknown
    /// ids keep their number as key).
    #[getter]
    fn named_privileges<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyDict>> {
        named(slf.py(), None, &as006(slf)?.privileges)
    }

    /// The signed message bytes.
    #[getter]
    fn message<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyBytes>> {
        Ok(PyBytes::new(slf.py(), &as006(slf)?.message))
    }

    /// The value of a privilege by id (1) or name ("join_channel"), or None.
    fn privilege(slf: &Bound<'_, Self>, key: &Bound<'_, PyAny>) -> PyResult<Option<u32>> {
        let t = as006(slf)?;
        Ok(privilege_id(None, key)?.and_then(|id| t.privilege(id)))
    }
}

/// One resource-permission entry of an RTM2 service.
#[pyclass(frozen, module = "agora_token", name = "Rtm2Permission")]
struct PyRtm2Permission {
    inner: Rtm2Permission,
}

#[pymethods]
impl PyRtm2Permission {
    /// 0 message channels, 1 stream channels, 2 group channels, 3 server
    /// groups, 4 users.
    #[getter]
    fn resource_type(&self) -> u16 {
        self.inner.resource_type
    }

    /// 0 read, 1 write.
    #[getter]
    fn permission_type(&self) -> u16 {
        self.inner.permission_type
    }

    /// Resource names.
    #[getter]
    fn resources<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let items: PyResult<Vec<_>> = self
            .inner
            .resources
            .iter()
            .map(|r| py_text(py, r))
            .collect();
        PyTuple::new(py, items?)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyRtm2Permission>()
            .map(|o| o.get().inner == self.inner)
            .unwrap_or(false)
    }

    fn __hash__(&self) -> u64 {
        let p = &self.inner;
        hash_of((p.resource_type, p.permission_type, &p.resources))
    }

    fn __repr__(&self) -> String {
        let r: Vec<String> = self
            .inner
            .resources
            .iter()
            .map(|r| format!("{:?}", String::from_utf8_lossy(r)))
            .collect();
        format!(
            "Rtm2Permission(resource_type={}, permission_type={}, resources=[{}])",
            self.inner.resource_type,
            self.inner.permission_type,
            r.join(", ")
        )
    }
}

/// One service of a parsed 007 token. Type-specific fields are None for
/// the types that do not have them.
#[pyclass(frozen, module = "agora_token", name = "Service")]
struct PyService {
    inner: Service,
}

impl PyService {
    fn field<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
        let b: Option<&Vec<u8>> = match (&self.inner.body, name) {
            (ServiceBody::Rtc { channel_name, .. }, "channel_name")
            | (ServiceBody::Streaming { channel_name, .. }, "channel_name")
            | (ServiceBody::Fcdn { channel_name, .. }, "channel_name") => Some(channel_name),
            (ServiceBody::Rtc { uid, .. }, "uid") => Some(uid),
            (ServiceBody::Streaming { account, .. }, "account")
            | (ServiceBody::Fcdn { account, .. }, "account") => Some(account),
            (ServiceBody::Rtm { user_id }, "user_id")
            | (ServiceBody::Chat { user_id }, "user_id")
            | (ServiceBody::Rtm2 { user_id, .. }, "user_id") => Some(user_id),
            (ServiceBody::Apaas { room_uuid, .. }, "room_uuid") => Some(room_uuid),
            (ServiceBody::Apaas { user_uuid, .. }, "user_uuid") => Some(user_uuid),
            _ => None,
        };
        b.map(|b| py_text(py, b)).transpose()
    }
}

#[pymethods]
impl PyService {
    /// The service type number (1 rtc ... 10 stt).
    #[getter]
    fn r#type(&self) -> u16 {
        self.inner.service_type()
    }

    /// "rtc", "rtm", "streaming", "fpa", "chat", "fcdn", "apaas", "rtm2",
    /// "convoai", "stt"; None for an unregistered type.
    #[getter]
    fn name(&self) -> Option<&'static str> {
        self.inner.name()
    }

    /// (id, lifetime in seconds from issue_ts) pairs in wire order.
    #[getter]
    fn privileges<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        pairs(py, &self.inner.privileges)
    }

    /// {name: lifetime}, e.g. {"join_channel": 600}; unregistered ids keep
    /// their number as key.
    #[getter]
    fn named_privileges<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        named(py, Some(self.inner.service_type()), &self.inner.privileges)
    }

    /// The lifetime of a privilege by id (1) or name ("join_channel"), or
    /// None when absent.
    fn privilege(&self, key: &Bound<'_, PyAny>) -> PyResult<Option<u32>> {
        Ok(privilege_id(Some(self.inner.service_type()), key)?
            .and_then(|id| self.inner.privilege(id)))
    }

    /// RTC, Streaming, FCDN: channel name.
    #[getter]
    fn channel_name<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.field(py, "channel_name")
    }

    /// RTC: uid text ("" = any user).
    #[getter]
    fn uid<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.field(py, "uid")
    }

    /// Streaming, FCDN: account text.
    #[getter]
    fn account<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.field(py, "account")
    }

    /// RTM, Chat, RTM2: user id.
    #[getter]
    fn user_id<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.field(py, "user_id")
    }

    /// APaaS: room uuid.
    #[getter]
    fn room_uuid<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.field(py, "room_uuid")
    }

    /// APaaS: user uuid.
    #[getter]
    fn user_uuid<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.field(py, "user_uuid")
    }

    /// APaaS: role.
    #[getter]
    fn role(&self) -> Option<i16> {
        match self.inner.body {
            ServiceBody::Apaas { role, .. } => Some(role),
            _ => None,
        }
    }

    /// RTM2: resource permissions in wire order.
    #[getter]
    fn permissions<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyTuple>>> {
        match &self.inner.body {
            ServiceBody::Rtm2 { permissions, .. } => {
                let items: PyResult<Vec<_>> = permissions
                    .iter()
                    .map(|p| Bound::new(py, PyRtm2Permission { inner: p.clone() }))
                    .collect();
                Ok(Some(PyTuple::new(py, items?)?))
            }
            _ => Ok(None),
        }
    }

    /// This service as a vectors-style `decoded` entry.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_py(py, &agora_token::json::service(&self.inner))
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyService>()
            .map(|o| o.get().inner == self.inner)
            .unwrap_or(false)
    }

    fn __hash__(&self) -> u64 {
        // The decoded form is a complete description of the service.
        hash_of(agora_token::json::service(&self.inner).to_string())
    }

    fn __repr__(&self) -> String {
        format!(
            "Service({}, privileges={:?})",
            self.inner
                .name()
                .map(str::to_owned)
                .unwrap_or_else(|| self.inner.service_type().to_string()),
            self.inner.privileges
        )
    }
}

fn wrap_token(py: Python<'_>, t: Token) -> PyResult<Bound<'_, PyToken>> {
    let is007 = matches!(t, Token::V007(_));
    let base = PyClassInitializer::from(PyToken { inner: t });
    Ok(if is007 {
        Bound::new(py, base.add_subclass(PyToken007))?.into_super()
    } else {
        Bound::new(py, base.add_subclass(PyToken006))?.into_super()
    })
}

/// parse(token) -> Token007 | Token006. Strict (FORMAT.md 7.5); raises
/// MalformedTokenError. Nothing is verified.
#[pyfunction]
fn parse<'py>(py: Python<'py>, token: &Arg<'py>) -> PyResult<Bound<'py, PyToken>> {
    let tok = ok(py, text(token, "token"))?;
    let t = run(py, || agora_token::parse(&tok))?;
    wrap_token(py, t)
}

/// verify(token, app_certificate, *, user=None, channel=None, uid=None,
/// now=None) -> Token. Parses, checks the signature, then the claims given.
/// `now` is the Unix time expiry is checked at (None: the system clock).
#[pyfunction]
#[pyo3(signature = (token, app_certificate, *, user=None, channel=None, uid=None, now=None))]
fn verify<'py>(
    py: Python<'py>,
    token: &Arg<'py>,
    app_certificate: &Arg<'py>,
    user: Option<&Arg<'py>>,
    channel: Option<&Arg<'py>>,
    uid: Option<&Arg<'py>>,
    now: Option<&Arg<'py>>,
) -> PyResult<Bound<'py, PyToken>> {
    let args = (|| {
        Ok::<_, Error>((
            text(token, "token")?,
            text(app_certificate, "app_certificate")?,
            user.filter(|u| !u.is_none())
                .map(|u| text(u, "user"))
                .transpose()?,
            channel
                .filter(|c| !c.is_none())
                .map(|c| text(c, "channel"))
                .transpose()?,
            uid.filter(|u| !u.is_none())
                .map(|u| self::user(u, "uid").map(|u| u.wire()))
                .transpose()?,
            match now.filter(|n| !n.is_none()) {
                Some(n) => int(n, "now", 0, i64::MAX)? as u64,
                None => agora_token::now_secs(),
            },
        ))
    })();
    let (tok, cert, user, channel, uid, now) = ok(py, args)?;
    let v = run(py, || {
        let expect = Expect {
            user: user.as_deref(),
            channel: channel.as_deref(),
            uid: uid.as_deref(),
            now: Some(now),
        };
        agora_token::verify(&tok, &cert, &expect)
    })?;
    wrap_token(py, v.token)
}

/// The error class name for a code (for tests and introspection).
#[pyfunction]
fn error_class_name(code: &str) -> Option<&'static str> {
    ErrorCode::from_name(code).map(class_name)
}

/// Every stable error code, in the core's order.
#[pyfunction]
fn error_codes() -> Vec<&'static str> {
    ErrorCode::ALL.iter().map(|c| c.as_str()).collect()
}

#[pymodule]
fn _agora_token(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("MAX_TOKEN_LEN", agora_token::MAX_TOKEN_LEN)?;
    m.add_class::<PyToken>()?;
    m.add_class::<PyToken007>()?;
    m.add_class::<PyToken006>()?;
    m.add_class::<PyService>()?;
    m.add_class::<PyRtm2Permission>()?;
    m.add_function(wrap_pyfunction!(parse, m)?)?;
    m.add_function(wrap_pyfunction!(verify, m)?)?;
    m.add_function(wrap_pyfunction!(error_class_name, m)?)?;
    m.add_function(wrap_pyfunction!(error_codes, m)?)?;
    m.add_function(wrap_pyfunction!(rtc_build_token_with_uid, m)?)?;
    m.add_function(wrap_pyfunction!(rtc_build_token_with_user_account, m)?)?;
    m.add_function(wrap_pyfunction!(rtc_build_token_with_uid_and_privilege, m)?)?;
    m.add_function(wrap_pyfunction!(
        rtc_build_token_with_user_account_and_privilege,
        m
    )?)?;
    m.add_function(wrap_pyfunction!(rtc_build_token_with_rtm, m)?)?;
    m.add_function(wrap_pyfunction!(rtc_build_token_with_rtm2, m)?)?;
    m.add_function(wrap_pyfunction!(convoai_build_token, m)?)?;
    m.add_function(wrap_pyfunction!(stt_build_token, m)?)?;
    m.add_function(wrap_pyfunction!(rtm_build_token, m)?)?;
    m.add_function(wrap_pyfunction!(rtm_build_token_with_permissions, m)?)?;
    m.add_function(wrap_pyfunction!(chat_build_user_token, m)?)?;
    m.add_function(wrap_pyfunction!(chat_build_app_token, m)?)?;
    m.add_function(wrap_pyfunction!(fpa_build_token, m)?)?;
    m.add_function(wrap_pyfunction!(apaas_build_room_user_token, m)?)?;
    m.add_function(wrap_pyfunction!(apaas_build_user_token, m)?)?;
    m.add_function(wrap_pyfunction!(apaas_build_app_token, m)?)?;
    m.add_function(wrap_pyfunction!(rtc006_camel_build_token_with_uid, m)?)?;
    m.add_function(wrap_pyfunction!(rtc006_camel_build_token_with_account, m)?)?;
    m.add_function(wrap_pyfunction!(rtc006_build_token_with_uid, m)?)?;
    m.add_function(wrap_pyfunction!(rtc006_build_token_with_account, m)?)?;
    m.add_function(wrap_pyfunction!(rtm006_camel_build_token, m)?)?;
    m.add_function(wrap_pyfunction!(rtm006_build_token, m)?)?;
    m.add_function(wrap_pyfunction!(build_access_token2, m)?)?;
    m.add_function(wrap_pyfunction!(build_access_token006, m)?)?;
    Ok(())
}
