//! Native half of the `agora-token-rs` npm package: thin napi-rs glue over
//! the `agora-token` crate.
//!
//! The public JavaScript API (`index.js`) checks argument types, applies the
//! defaults of npm `agora-token` / `agora-access-token` and turns numeric user
//! ids into text; the functions here receive only strings and integers that
//! already fit their wire width, call the core and return its string.
//!
//! Errors: a core error becomes a JS `Error` whose `code` is the core's stable
//! snake_case code (`invalid_app_id`, `bad_base64`, ...) and whose message
//! names the argument in the JavaScript spelling (`appId`, not `app_id`).
//! Every export is marked `catch_unwind`, so a panic surfaces as a thrown
//! error instead of aborting the process.

#![deny(clippy::all)]

use agora_token::builders::{apaas, chat, convoai, fpa, rtc, rtc006, rtm, rtm006, stt};
use agora_token::v007::Rtm2Permissions;
use agora_token::{Expect, Options, UserId};
use napi::bindgen_prelude::*;
use napi_derive::napi;
use serde_json::Value;
use zeroize::Zeroizing;

/// A certificate argument: the binding's own copy of the JS string, wiped
/// when dropped. napi converts the argument straight into it, so the copy
/// is wiped on every path, including the one where a later argument fails
/// to convert and napi returns before the export's body runs.
pub struct Certificate(Zeroizing<String>);

impl std::ops::Deref for Certificate {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl TypeName for Certificate {
    fn type_name() -> &'static str {
        "String"
    }

    fn value_type() -> ValueType {
        ValueType::String
    }
}

impl ValidateNapiValue for Certificate {}

impl FromNapiValue for Certificate {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> Result<Self> {
        // SAFETY: napi hands this the environment and value of the call, as
        // `String`'s conversion expects; its one allocation is the buffer
        // that the `Zeroizing` wrapper then owns.
        let text = unsafe { String::from_napi_value(env, value) }?;
        Ok(Certificate(Zeroizing::new(text)))
    }
}

/// Throws a builder error as a JS `Error` with `code` set and the argument
/// names in the JS spelling, and returns the marker error that tells napi-rs
/// an exception is already pending.
fn throw(env: &Env, e: agora_token::Error) -> napi::Error {
    throw_message(env, &e, camel_case_names(e.message()))
}

/// As [`throw`], keeping the core's message: for `parse` / `verify`, whose
/// messages name wire fields (`app_id`, as in the decoded object), and for
/// `buildCall`, whose inputs are snake_case.
fn throw_raw(env: &Env, e: agora_token::Error) -> napi::Error {
    throw_message(env, &e, e.message().to_owned())
}

fn throw_message(env: &Env, e: &agora_token::Error, message: String) -> napi::Error {
    let err = napi::Error::new(e.code().as_str(), message);
    // SAFETY: `env` is the live environment of the current call; nothing else
    // is pending (the core never calls back into JS).
    unsafe { JsError::from(err).throw_into(env.raw()) };
    napi::Error::new(Status::PendingException, "")
}

/// Rewrites the core's snake_case argument names (`app_id`, `channel_name`)
/// to the camelCase names of the JS API. Only words with an inner `_`
/// between lowercase letters or digits are touched; messages never contain
/// user data other than lengths and numbers, so nothing else is rewritten.
fn camel_case_names(msg: &str) -> String {
    let mut out = String::with_capacity(msg.len());
    let mut prev: Option<char> = None;
    let mut chars = msg.chars().peekable();
    while let Some(c) = chars.next() {
        let after_word = prev.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit());
        match chars.peek() {
            Some(&n) if c == '_' && after_word && n.is_ascii_lowercase() => {
                chars.next();
                out.push(n.to_ascii_uppercase());
                prev = Some(n);
            }
            _ => {
                out.push(c);
                prev = Some(c);
            }
        }
    }
    out
}

fn opts(salt: Option<u32>, issue_ts: Option<u32>) -> Options {
    Options { salt, issue_ts }
}

fn done(env: &Env, r: agora_token::Result<String>) -> Result<String> {
    r.map_err(|e| throw(env, e))
}

fn acct(s: &str) -> UserId<'_> {
    UserId::Account(s.as_bytes())
}

// ---- 007 RTC -------------------------------------------------------------

/// RTC token (`buildTokenWithUid` / `buildTokenWithUserAccount`); `user` is
/// the final uid text (`""` = any user).
#[napi(catch_unwind)]
#[allow(clippy::too_many_arguments)]
pub fn rtc_token(
    env: Env,
    app_id: String,
    #[napi(ts_arg_type = "string")] app_certificate: Certificate,
    channel_name: String,
    user: String,
    role: i64,
    token_expire: u32,
    privilege_expire: u32,
    salt: Option<u32>,
    issue_ts: Option<u32>,
) -> Result<String> {
    done(
        &env,
        rtc::build_token_with_user(
            app_id,
            app_certificate.as_bytes(),
            channel_name,
            acct(&user),
            role,
            token_expire,
            privilege_expire,
            &opts(salt, issue_ts),
        ),
    )
}

/// RTC token with four privilege lifetimes.
#[napi(catch_unwind)]
#[allow(clippy::too_many_arguments)]
pub fn rtc_token_with_privileges(
    env: Env,
    app_id: String,
    #[napi(ts_arg_type = "string")] app_certificate: Certificate,
    channel_name: String,
    user: String,
    token_expire: u32,
    join: u32,
    audio: u32,
    video: u32,
    data: u32,
    salt: Option<u32>,
    issue_ts: Option<u32>,
) -> Result<String> {
    done(
        &env,
        rtc::build_token_with_user_and_privilege(
            app_id,
            app_certificate.as_bytes(),
            channel_name,
            acct(&user),
            token_expire,
            join,
            audio,
            video,
            data,
            &opts(salt, issue_ts),
        ),
    )
}

/// RTC + RTM for one account (`buildTokenWithRtm`).
#[napi(catch_unwind)]
#[allow(clippy::too_many_arguments)]
pub fn rtc_rtm_token(
    env: Env,
    app_id: String,
    #[napi(ts_arg_type = "string")] app_certificate: Certificate,
    channel_name: String,
    account: String,
    role: i64,
    token_expire: u32,
    privilege_expire: u32,
    salt: Option<u32>,
    issue_ts: Option<u32>,
) -> Result<String> {
    done(
        &env,
        rtc::build_token_with_rtm(
            app_id,
            app_certificate.as_bytes(),
            channel_name,
            account,
            role,
            token_expire,
            privilege_expire,
            &opts(salt, issue_ts),
        ),
    )
}

/// The twelve-argument builders: `kind` 0 = `buildTokenWithRtm2`,
/// 9 = ConvoAI, 10 = STT. `times` = rtc token expire, join, audio, video,
/// data.
#[napi(catch_unwind)]
#[allow(clippy::too_many_arguments)]
pub fn rtc_rtm_plus_token(
    env: Env,
    kind: u32,
    app_id: String,
    #[napi(ts_arg_type = "string")] app_certificate: Certificate,
    channel_name: String,
    rtc_account: String,
    rtc_role: i64,
    times: Vec<u32>,
    rtm_user_id: String,
    rtm_token_expire: u32,
    salt: Option<u32>,
    issue_ts: Option<u32>,
) -> Result<String> {
    let [te, j, a, v, d] = <[u32; 5]>::try_from(times.as_slice())
        .map_err(|_| napi::Error::new(Status::InvalidArg, "times must hold five lifetimes"))?;
    let o = opts(salt, issue_ts);
    let (id, cert, ch, ra) = (
        app_id,
        app_certificate.as_bytes(),
        channel_name,
        acct(&rtc_account),
    );
    let r = match kind {
        9 => convoai::build_token(
            id,
            cert,
            ch,
            ra,
            rtc_role,
            te,
            j,
            a,
            v,
            d,
            rtm_user_id,
            rtm_token_expire,
            &o,
        ),
        10 => stt::build_token(
            id,
            cert,
            ch,
            ra,
            rtc_role,
            te,
            j,
            a,
            v,
            d,
            rtm_user_id,
            rtm_token_expire,
            &o,
        ),
        _ => rtc::build_token_with_rtm2(
            id,
            cert,
            ch,
            ra,
            rtc_role,
            te,
            j,
            a,
            v,
            d,
            rtm_user_id,
            rtm_token_expire,
            &o,
        ),
    };
    done(&env, r)
}

// ---- 007 RTM, Chat, FPA, APaaS -------------------------------------------

/// RTM (type 2) login token.
#[napi(catch_unwind)]
pub fn rtm_token(
    env: Env,
    app_id: String,
    #[napi(ts_arg_type = "string")] app_certificate: Certificate,
    user_id: String,
    expire: u32,
    salt: Option<u32>,
    issue_ts: Option<u32>,
) -> Result<String> {
    done(
        &env,
        rtm::build_token(
            app_id,
            app_certificate.as_bytes(),
            user_id,
            expire,
            &opts(salt, issue_ts),
        ),
    )
}

/// RTM2 (type 8) token. The permissions come as three parallel lists, one
/// entry per (resource type, permission type) pair, in the caller's order.
#[napi(catch_unwind)]
#[allow(clippy::too_many_arguments)]
pub fn rtm2_token(
    env: Env,
    app_id: String,
    #[napi(ts_arg_type = "string")] app_certificate: Certificate,
    user_id: String,
    resource_types: Vec<u32>,
    permission_types: Vec<u32>,
    resources: Vec<Vec<String>>,
    expire: u32,
    salt: Option<u32>,
    issue_ts: Option<u32>,
) -> Result<String> {
    let mut perms = Rtm2Permissions::new();
    for ((rt, pt), res) in resource_types.iter().zip(&permission_types).zip(&resources) {
        let narrow = |what: &str, n: u32| {
            u16::try_from(n).map_err(|_| {
                throw(
                    &env,
                    agora_token::Error::new(
                        agora_token::ErrorCode::ValueOutOfRange,
                        format!("{what} = {n} is outside 0..=65535"),
                    ),
                )
            })
        };
        perms.add(
            narrow("resourceType", *rt)?,
            narrow("permissionType", *pt)?,
            res,
        );
    }
    done(
        &env,
        rtm::build_token_with_permissions(
            app_id,
            app_certificate.as_bytes(),
            user_id,
            &perms,
            expire,
            &opts(salt, issue_ts),
        ),
    )
}

/// Chat user token.
#[napi(catch_unwind)]
pub fn chat_user_token(
    env: Env,
    app_id: String,
    #[napi(ts_arg_type = "string")] app_certificate: Certificate,
    user_id: String,
    expire: u32,
    salt: Option<u32>,
    issue_ts: Option<u32>,
) -> Result<String> {
    done(
        &env,
        chat::build_user_token(
            app_id,
            app_certificate.as_bytes(),
            user_id,
            expire,
            &opts(salt, issue_ts),
        ),
    )
}

/// Chat app token.
#[napi(catch_unwind)]
pub fn chat_app_token(
    env: Env,
    app_id: String,
    #[napi(ts_arg_type = "string")] app_certificate: Certificate,
    expire: u32,
    salt: Option<u32>,
    issue_ts: Option<u32>,
) -> Result<String> {
    done(
        &env,
        chat::build_app_token(
            app_id,
            app_certificate.as_bytes(),
            expire,
            &opts(salt, issue_ts),
        ),
    )
}

/// FPA token.
#[napi(catch_unwind)]
pub fn fpa_token(
    env: Env,
    app_id: String,
    #[napi(ts_arg_type = "string")] app_certificate: Certificate,
    salt: Option<u32>,
    issue_ts: Option<u32>,
) -> Result<String> {
    done(
        &env,
        fpa::build_token(app_id, app_certificate.as_bytes(), &opts(salt, issue_ts)),
    )
}

/// APaaS / Education room-user token; `role` is already in i16 range.
#[napi(catch_unwind)]
#[allow(clippy::too_many_arguments)]
pub fn apaas_room_user_token(
    env: Env,
    app_id: String,
    #[napi(ts_arg_type = "string")] app_certificate: Certificate,
    room_uuid: String,
    user_uuid: String,
    role: i32,
    expire: u32,
    salt: Option<u32>,
    issue_ts: Option<u32>,
) -> Result<String> {
    let role = i16::try_from(role).map_err(|_| {
        throw(
            &env,
            agora_token::Error::new(
                agora_token::ErrorCode::ValueOutOfRange,
                format!("role = {role} is outside -32768..=32767"),
            ),
        )
    })?;
    done(
        &env,
        apaas::build_room_user_token(
            app_id,
            app_certificate.as_bytes(),
            room_uuid,
            user_uuid,
            role,
            expire,
            &opts(salt, issue_ts),
        ),
    )
}

/// APaaS / Education user token.
#[napi(catch_unwind)]
pub fn apaas_user_token(
    env: Env,
    app_id: String,
    #[napi(ts_arg_type = "string")] app_certificate: Certificate,
    user_uuid: String,
    expire: u32,
    salt: Option<u32>,
    issue_ts: Option<u32>,
) -> Result<String> {
    done(
        &env,
        apaas::build_user_token(
            app_id,
            app_certificate.as_bytes(),
            user_uuid,
            expire,
            &opts(salt, issue_ts),
        ),
    )
}

/// APaaS / Education app token.
#[napi(catch_unwind)]
pub fn apaas_app_token(
    env: Env,
    app_id: String,
    #[napi(ts_arg_type = "string")] app_certificate: Certificate,
    expire: u32,
    salt: Option<u32>,
    issue_ts: Option<u32>,
) -> Result<String> {
    done(
        &env,
        apaas::build_app_token(
            app_id,
            app_certificate.as_bytes(),
            expire,
            &opts(salt, issue_ts),
        ),
    )
}

// ---- 006 -----------------------------------------------------------------

/// 006 RTC token; `user` is the final uid text, `now` the build time (the
/// message timestamp becomes `now + 86400`).
#[napi(catch_unwind)]
#[allow(clippy::too_many_arguments)]
pub fn rtc006_token(
    env: Env,
    app_id: String,
    #[napi(ts_arg_type = "string")] app_certificate: Certificate,
    channel_name: String,
    user: String,
    role: i64,
    privilege_expired_ts: u32,
    salt: Option<u32>,
    now: Option<u32>,
) -> Result<String> {
    done(
        &env,
        rtc006::build_token_with_user(
            app_id,
            app_certificate.as_bytes(),
            channel_name,
            acct(&user),
            role,
            privilege_expired_ts,
            &opts(salt, now),
        ),
    )
}

/// 006 RTM token.
#[napi(catch_unwind)]
pub fn rtm006_token(
    env: Env,
    app_id: String,
    #[napi(ts_arg_type = "string")] app_certificate: Certificate,
    user_account: String,
    privilege_expired_ts: u32,
    salt: Option<u32>,
    now: Option<u32>,
) -> Result<String> {
    done(
        &env,
        rtm006::build_token(
            app_id,
            app_certificate.as_bytes(),
            user_account,
            privilege_expired_ts,
            &opts(salt, now),
        ),
    )
}

// ---- generic, parse, verify ----------------------------------------------

/// A build call named and shaped as in the shared vector files (`call`,
/// `inputs`, `fixed`), including the low-level `AccessToken2` and
/// `AccessToken006` calls. `inputs` and `fixed` come as JSON text.
#[napi(catch_unwind)]
pub fn build_call(env: Env, call: String, inputs: String, fixed: Option<String>) -> Result<String> {
    let json = |what: &str, text: &str| {
        serde_json::from_str::<Value>(text).map_err(|e| {
            throw_raw(
                &env,
                agora_token::Error::new(
                    agora_token::ErrorCode::InvalidArgument,
                    format!("{call}: {what} is not JSON: {e}"),
                ),
            )
        })
    };
    // The inputs carry the certificate: their text and their parsed form
    // are the binding's copies, wiped when done (`fixed` is read first, so
    // no error return leaves the parsed form unwiped).
    let inputs = Zeroizing::new(inputs);
    let fixed = fixed.as_deref().map(|f| json("fixed", f)).transpose()?;
    let inputs = json("inputs", &inputs)?;
    agora_token::json::build_and_wipe(&call, inputs, fixed.as_ref()).map_err(|e| throw_raw(&env, e))
}

/// Parses a token of either format (nothing verified) into the vectors'
/// `decoded` object, as JSON text: `JSON.parse` builds the object several
/// times faster than setting its properties one napi call at a time.
#[napi(catch_unwind)]
pub fn parse_json(env: Env, token: String) -> Result<String> {
    agora_token::parse(&token)
        .map(|t| agora_token::json::decoded_text(&t))
        .map_err(|e| throw_raw(&env, e))
}

/// Verifies the signature and the claims given; returns the JSON text of
/// `{expires_at, token: decoded}` or throws the first failed check.
#[napi(catch_unwind)]
pub fn verify_json(
    env: Env,
    token: String,
    #[napi(ts_arg_type = "string")] app_certificate: Certificate,
    user: Option<String>,
    channel: Option<String>,
    uid: Option<String>,
    now: Option<f64>,
) -> Result<String> {
    let expect = Expect {
        user: user.as_deref().map(str::as_bytes),
        channel: channel.as_deref().map(str::as_bytes),
        uid: uid.as_deref().map(str::as_bytes),
        // The JS layer passes only safe non-negative integers.
        now: now.map(|n| n as u64),
    };
    match agora_token::verify(&token, app_certificate.as_bytes(), &expect) {
        Ok(v) => {
            // `{"expires_at":N,"token":decoded}`, written straight from the
            // token (no `serde_json::Value` in between).
            let mut out = Vec::with_capacity(640);
            out.extend_from_slice(b"{\"expires_at\":");
            out.extend_from_slice(v.expires_at.to_string().as_bytes());
            out.extend_from_slice(b",\"token\":");
            agora_token::json::write_decoded(&mut out, &v.token);
            out.push(b'}');
            Ok(String::from_utf8(out).expect("JSON text is UTF-8"))
        }
        Err(e) => Err(throw_raw(&env, e)),
    }
}

/// Signature check only (no claims, no expiry): `{decoded,
/// signature_valid}` plus, for 006, the CRC flags; `certificate_rejected`
/// when the certificate is not 32 hex characters. For tools that inspect
/// tokens whose expiry does not matter (test vectors, support tools).
#[napi(catch_unwind)]
pub fn verify_signature_json(
    env: Env,
    token: String,
    #[napi(ts_arg_type = "string")] app_certificate: Certificate,
    channel: Option<String>,
    uid: Option<String>,
) -> Result<String> {
    let ch = channel.as_deref().map(str::as_bytes);
    let uid = uid.as_deref().map(str::as_bytes);
    match agora_token::json::verify_json(&token, &app_certificate, ch, uid) {
        Ok(v) => Ok(v.to_string()),
        Err(e) => Err(throw_raw(&env, e)),
    }
}

/// Test hook, only with the `test-panic` feature (never in the package):
/// panics inside an export, to show that `catch_unwind` turns a panic into
/// a thrown JS error instead of aborting the process.
#[cfg(feature = "test-panic")]
#[napi(catch_unwind)]
pub fn test_panic(message: String) -> String {
    panic!("{message}")
}
