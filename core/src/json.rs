//! JSON forms shared by the CLI, the C ABI and the bindings:
//! - [`decoded`]: a parsed token as the vectors' `decoded` object;
//! - [`build`]: a build call named and shaped as in the vector files
//!   (`call`, `inputs`, `fixed`);
//! - [`verify_json`]: the batch `verify` answer.
//!
//! String fields whose bytes are not UTF-8 are given as `<name>_hex`.

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{json, Map, Value};

use crate::builders::{apaas, chat, convoai, fpa, rtc, rtc006, rtm, rtm006, stt};
use crate::common::{Options, UserId};
use crate::crypto::hex;
use crate::error::{checked_int, Error, ErrorCode, Result};
use crate::token::Token;
use crate::v006::{AccessToken006, Token006};
use crate::v007::{
    service_type, AccessToken2, Rtm2Permission, Rtm2Permissions, Service, ServiceBody, Token007,
};

// The `decoded` form is written once, as `Serialize` impls over the parsed
// token, with every object's keys in sorted order: serialised straight to
// text that is the same text the `Value` gives (whose maps sort their
// keys), without building the `Value` and its dozens of small allocations
// (about 2 µs of a Node parse + verify).

/// `name` with the text, or `hex_name` with the hex of bytes that are not
/// UTF-8.
fn bytes_entry<M: SerializeMap>(
    m: &mut M,
    name: &'static str,
    hex_name: &'static str,
    bytes: &[u8],
) -> std::result::Result<(), M::Error> {
    match std::str::from_utf8(bytes) {
        Ok(s) => m.serialize_entry(name, s),
        Err(_) => m.serialize_entry(hex_name, &hex(bytes)),
    }
}

/// A privilege map as `[[id, value], ...]`.
struct Privileges<'a>(&'a [(u16, u32)]);

impl Serialize for Privileges<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|&(k, v)| [k as u32, v]))
    }
}

/// RTM2 permissions as `[{permission_type, resource_type, resources}, ...]`
/// (`resources_hex` when a resource is not UTF-8).
struct Permissions<'a>(&'a [Rtm2Permission]);

impl Serialize for Permissions<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(Permission))
    }
}

struct Permission<'a>(&'a Rtm2Permission);

impl Serialize for Permission<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let p = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("permission_type", &p.permission_type)?;
        m.serialize_entry("resource_type", &p.resource_type)?;
        let utf8: Option<Vec<&str>> = p
            .resources
            .iter()
            .map(|r| std::str::from_utf8(r).ok())
            .collect();
        match utf8 {
            Some(v) => m.serialize_entry("resources", &v)?,
            None => {
                let hex: Vec<String> = p.resources.iter().map(|r| hex(r)).collect();
                m.serialize_entry("resources_hex", &hex)?
            }
        }
        m.end()
    }
}

/// One service as a `decoded` entry (keys in sorted order).
struct ServiceJson<'a>(&'a Service);

impl Serialize for ServiceJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let sv = self.0;
        let mut m = s.serialize_map(None)?;
        let name = |m: &mut S::SerializeMap| match sv.name() {
            Some(n) => m.serialize_entry("name", n),
            None => Ok(()),
        };
        let common = |m: &mut S::SerializeMap| {
            name(m)?;
            m.serialize_entry("privileges", &Privileges(&sv.privileges))?;
            m.serialize_entry("type", &sv.service_type())
        };
        match &sv.body {
            ServiceBody::Rtc { channel_name, uid } => {
                bytes_entry(&mut m, "channel_name", "channel_name_hex", channel_name)?;
                common(&mut m)?;
                bytes_entry(&mut m, "uid", "uid_hex", uid)?;
            }
            ServiceBody::Rtm { user_id } | ServiceBody::Chat { user_id } => {
                common(&mut m)?;
                bytes_entry(&mut m, "user_id", "user_id_hex", user_id)?;
            }
            ServiceBody::Streaming {
                channel_name,
                account,
            }
            | ServiceBody::Fcdn {
                channel_name,
                account,
            } => {
                bytes_entry(&mut m, "account", "account_hex", account)?;
                bytes_entry(&mut m, "channel_name", "channel_name_hex", channel_name)?;
                common(&mut m)?;
            }
            ServiceBody::Apaas {
                room_uuid,
                user_uuid,
                role,
            } => {
                name(&mut m)?;
                m.serialize_entry("privileges", &Privileges(&sv.privileges))?;
                m.serialize_entry("role", role)?;
                bytes_entry(&mut m, "room_uuid", "room_uuid_hex", room_uuid)?;
                m.serialize_entry("type", &sv.service_type())?;
                bytes_entry(&mut m, "user_uuid", "user_uuid_hex", user_uuid)?;
            }
            ServiceBody::Rtm2 {
                user_id,
                permissions,
            } => {
                name(&mut m)?;
                m.serialize_entry("permissions", &Permissions(permissions))?;
                m.serialize_entry("privileges", &Privileges(&sv.privileges))?;
                m.serialize_entry("type", &sv.service_type())?;
                bytes_entry(&mut m, "user_id", "user_id_hex", user_id)?;
            }
            ServiceBody::Fpa | ServiceBody::ConvoAi | ServiceBody::Stt | ServiceBody::Other(_) => {
                common(&mut m)?;
            }
        }
        m.end()
    }
}

struct Decoded007<'a>(&'a Token007);

impl Serialize for Decoded007<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let t = self.0;
        let mut m = s.serialize_map(None)?;
        bytes_entry(&mut m, "app_id", "app_id_hex", &t.app_id)?;
        m.serialize_entry("expire", &t.expire)?;
        m.serialize_entry("issue_ts", &t.issue_ts)?;
        m.serialize_entry("salt", &t.salt)?;
        m.serialize_entry("service_count", &t.service_count)?;
        m.serialize_entry("services", &Services(&t.services))?;
        m.serialize_entry("signature_hex", &hex(&t.signature))?;
        if let Some(tp) = t.stopped_at_unknown_service_type {
            m.serialize_entry("stopped_at_unknown_service_type", &tp)?;
        }
        if let Some(n) = t.trailing_payload_bytes {
            m.serialize_entry("trailing_payload_bytes", &n)?;
        }
        m.serialize_entry("version", "007")?;
        m.end()
    }
}

struct Services<'a>(&'a [Service]);

impl Serialize for Services<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(ServiceJson))
    }
}

struct Decoded006<'a>(&'a Token006);

impl Serialize for Decoded006<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let t = self.0;
        let mut m = s.serialize_map(None)?;
        bytes_entry(&mut m, "app_id", "app_id_hex", &t.app_id)?;
        m.serialize_entry("crc_channel_name", &t.crc_channel_name)?;
        m.serialize_entry("crc_uid", &t.crc_uid)?;
        m.serialize_entry("message_hex", &hex(&t.message))?;
        m.serialize_entry("privileges", &Privileges(&t.privileges))?;
        m.serialize_entry("salt", &t.salt)?;
        m.serialize_entry("signature_hex", &hex(&t.signature))?;
        m.serialize_entry("ts", &t.ts)?;
        m.serialize_entry("version", "006")?;
        m.end()
    }
}

/// A parsed token as the vectors' `decoded`, to serialise.
struct Decoded<'a>(&'a Token);

impl Serialize for Decoded<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self.0 {
            Token::V006(t) => Decoded006(t).serialize(s),
            Token::V007(t) => Decoded007(t).serialize(s),
        }
    }
}

/// A `Serialize` value as a `Value`. Nothing here can fail: every map key
/// is a string and every number an integer.
fn value(v: impl Serialize) -> Value {
    serde_json::to_value(v).expect("the decoded form always serialises")
}

/// One service as a `decoded` entry.
pub fn service(s: &Service) -> Value {
    value(ServiceJson(s))
}

/// A parsed 007 token as the vectors' `decoded`.
pub fn decoded007(t: &Token007) -> Value {
    value(Decoded007(t))
}

/// A parsed 006 token as the vectors' `decoded`.
pub fn decoded006(t: &Token006) -> Value {
    value(Decoded006(t))
}

/// A parsed token of either format as the vectors' `decoded`.
pub fn decoded(t: &Token) -> Value {
    value(Decoded(t))
}

/// Appends the JSON text of [`decoded`] (the same text as
/// `decoded(t).to_string()`), written straight from the token.
pub fn write_decoded(out: &mut Vec<u8>, t: &Token) {
    serde_json::to_writer(out, &Decoded(t)).expect("writing to a Vec cannot fail");
}

/// The JSON text of [`decoded`], written straight from the token.
pub fn decoded_text(t: &Token) -> String {
    let mut out = Vec::with_capacity(512);
    write_decoded(&mut out, t);
    String::from_utf8(out).expect("JSON text is UTF-8")
}

/// An error as `{"code": ..., "message": ...}`.
pub fn error(e: &Error) -> Value {
    json!({"code": e.code().as_str(), "message": e.message()})
}

// ---- reading inputs ----------------------------------------------------

fn invalid(msg: String) -> Error {
    Error::new(ErrorCode::InvalidArgument, msg)
}

struct Args<'a> {
    call: &'a str,
    map: &'a Map<String, Value>,
}

impl<'a> Args<'a> {
    fn new(call: &'a str, v: &'a Value, what: &str) -> Result<Args<'a>> {
        match v {
            Value::Object(map) => Ok(Args { call, map }),
            _ => Err(invalid(format!("{call}: {what} must be a JSON object"))),
        }
    }

    fn check_known(&self, known: &[&str]) -> Result<()> {
        for k in self.map.keys() {
            if !known.contains(&k.as_str()) {
                return Err(invalid(format!("{}: unknown input {k:?}", self.call)));
            }
        }
        Ok(())
    }

    fn get(&self, name: &str) -> Result<&'a Value> {
        match self.map.get(name) {
            Some(Value::Null) | None => {
                Err(invalid(format!("{}: missing input {name:?}", self.call)))
            }
            Some(v) => Ok(v),
        }
    }

    fn str(&self, name: &str) -> Result<&'a str> {
        match self.get(name)? {
            Value::String(s) => Ok(s),
            other => Err(invalid(format!(
                "{}: {name} must be a string, not {}",
                self.call,
                kind(other)
            ))),
        }
    }

    fn int(&self, name: &str, min: i64, max: i64) -> Result<i128> {
        int_value(self.call, name, self.get(name)?, min, max)
    }

    fn u32(&self, name: &str) -> Result<u32> {
        Ok(self.int(name, 0, u32::MAX as i64)? as u32)
    }

    fn opt_u32(&self, name: &str) -> Result<Option<u32>> {
        match self.map.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(_) => self.u32(name).map(Some),
        }
    }

    fn role(&self, name: &str) -> Result<i64> {
        Ok(self.int(name, i64::MIN, i64::MAX)? as i64)
    }

    /// A number (numeric uid: decimal text, 0 = "") or a string (verbatim).
    fn user(&self, name: &str) -> Result<UserId<'a>> {
        match self.get(name)? {
            Value::String(s) => Ok(UserId::Account(s.as_bytes())),
            v @ Value::Number(_) => {
                Ok(UserId::Uid(
                    int_value(self.call, name, v, 0, u32::MAX as i64)? as u32,
                ))
            }
            other => Err(invalid(format!(
                "{}: {name} must be a number or a string, not {}",
                self.call,
                kind(other)
            ))),
        }
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn int_value(call: &str, name: &str, v: &Value, min: i64, max: i64) -> Result<i128> {
    let n = match v {
        Value::Number(n) => n,
        other => {
            return Err(invalid(format!(
                "{call}: {name} must be an integer, not {}",
                kind(other)
            )))
        }
    };
    let i: i128 = if let Some(i) = n.as_i64() {
        i as i128
    } else if let Some(u) = n.as_u64() {
        u as i128
    } else {
        let f = n.as_f64().unwrap_or(f64::NAN);
        if f.is_finite() && f.fract() == 0.0 {
            return Err(Error::out_of_range(&format!("{call}: {name}"), f, min, max));
        }
        return Err(invalid(format!(
            "{call}: {name} must be an integer, not {f}"
        )));
    };
    checked_int::<i128>(&format!("{call}: {name}"), i, min, max)
}

fn privilege_list(call: &str, v: Option<&Value>) -> Result<Vec<(u16, u32)>> {
    let Some(v) = v else { return Ok(Vec::new()) };
    let Value::Array(items) = v else {
        return Err(invalid(format!(
            "{call}: privileges must be a list of [id, value] pairs"
        )));
    };
    items
        .iter()
        .map(|p| match p {
            Value::Array(pair) if pair.len() == 2 => Ok((
                int_value(call, "privilege id", &pair[0], 0, u16::MAX as i64)? as u16,
                int_value(call, "privilege value", &pair[1], 0, u32::MAX as i64)? as u32,
            )),
            _ => Err(invalid(format!(
                "{call}: each privilege must be an [id, value] pair"
            ))),
        })
        .collect()
}

fn permission_list(call: &str, v: &Value) -> Result<Rtm2Permissions> {
    let Value::Array(items) = v else {
        return Err(invalid(format!("{call}: permissions must be a list")));
    };
    let mut perms = Rtm2Permissions::new();
    for item in items {
        let a = Args::new(call, item, "a permission entry")?;
        a.check_known(&["resource_type", "permission_type", "resources"])?;
        let rt = a.int("resource_type", 0, u16::MAX as i64)? as u16;
        let pt = a.int("permission_type", 0, u16::MAX as i64)? as u16;
        let Value::Array(res) = a.get("resources")? else {
            return Err(invalid(format!(
                "{call}: resources must be a list of strings"
            )));
        };
        let res: Result<Vec<&str>> = res
            .iter()
            .map(|r| {
                r.as_str()
                    .ok_or_else(|| invalid(format!("{call}: each resource must be a string")))
            })
            .collect();
        perms.add(rt, pt, res?);
    }
    Ok(perms)
}

fn service_from(call: &str, v: &Value) -> Result<Service> {
    let a = Args::new(call, v, "a service")?;
    let t = a.int("type", 0, u16::MAX as i64)? as u16;
    let privs = privilege_list(call, a.map.get("privileges"))?;
    let bytes = |name: &str| -> Result<Vec<u8>> { Ok(a.str(name)?.as_bytes().to_vec()) };
    let ident = |name: &str| -> Result<Vec<u8>> { Ok(a.user(name)?.to_wire().into_owned()) };
    let (known, body): (&[&str], ServiceBody) = match t {
        service_type::RTC => (
            &["channel_name", "uid"],
            ServiceBody::Rtc {
                channel_name: bytes("channel_name")?,
                uid: ident("uid")?,
            },
        ),
        service_type::RTM => (
            &["user_id"],
            ServiceBody::Rtm {
                user_id: bytes("user_id")?,
            },
        ),
        service_type::STREAMING => (
            &["channel_name", "account"],
            ServiceBody::Streaming {
                channel_name: bytes("channel_name")?,
                account: ident("account")?,
            },
        ),
        service_type::FPA => (&[], ServiceBody::Fpa),
        service_type::CHAT => (
            &["user_id"],
            ServiceBody::Chat {
                user_id: bytes("user_id")?,
            },
        ),
        service_type::FCDN => (
            &["channel_name", "account"],
            ServiceBody::Fcdn {
                channel_name: bytes("channel_name")?,
                account: ident("account")?,
            },
        ),
        service_type::APAAS => (
            &["room_uuid", "user_uuid", "role"],
            ServiceBody::Apaas {
                room_uuid: bytes("room_uuid")?,
                user_uuid: bytes("user_uuid")?,
                role: match a.map.get("role") {
                    None | Some(Value::Null) => -1,
                    Some(_) => a.int("role", i16::MIN as i64, i16::MAX as i64)? as i16,
                },
            },
        ),
        service_type::RTM2 => (
            &["user_id", "permissions"],
            ServiceBody::Rtm2 {
                user_id: bytes("user_id")?,
                permissions: match a.map.get("permissions") {
                    None | Some(Value::Null) => Vec::new(),
                    Some(p) => permission_list(call, p)?.entries(),
                },
            },
        ),
        service_type::CONVOAI => (&[], ServiceBody::ConvoAi),
        service_type::STT => (&[], ServiceBody::Stt),
        other => (&[], ServiceBody::Other(other)),
    };
    for k in a.map.keys() {
        if !["type", "name", "privileges"].contains(&k.as_str()) && !known.contains(&k.as_str()) {
            return Err(invalid(format!(
                "{call}: unknown field {k:?} for service type {t}"
            )));
        }
    }
    Ok(Service {
        privileges: privs,
        body,
    })
}

/// [`build`] for a caller that parsed the inputs into a `Value` of its
/// own: the inputs, the certificate among them, are taken and wiped once
/// the build is done.
pub fn build_and_wipe(call: &str, mut inputs: Value, fixed: Option<&Value>) -> Result<String> {
    let built = build(call, &inputs, fixed);
    wipe_strings(&mut inputs);
    built
}

/// Wipes every string of `value` (a parsed request that held a
/// certificate, say) and drops it. Keys are left, as they are field names.
pub fn wipe(mut value: Value) {
    wipe_strings(&mut value);
}

/// Wipes every string in `value`, in place. Keys are left, as they are
/// field names.
fn wipe_strings(value: &mut Value) {
    use zeroize::Zeroize;
    match value {
        Value::String(s) => s.zeroize(),
        Value::Array(items) => items.iter_mut().for_each(wipe_strings),
        Value::Object(map) => map.values_mut().for_each(wipe_strings),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// Runs a build call named and shaped as in the vector files. `fixed` holds
/// `salt` and `issue_ts` (007 builders) or `salt` and `now` (006 builders).
pub fn build(call: &str, inputs: &Value, fixed: Option<&Value>) -> Result<String> {
    let a = Args::new(call, inputs, "inputs")?;
    let mut opts = Options::default();
    if let Some(f) = fixed.filter(|f| !f.is_null()) {
        let f = Args::new(call, f, "fixed")?;
        f.check_known(&["salt", "issue_ts", "now"])?;
        opts.salt = f.opt_u32("salt")?;
        opts.issue_ts = match f.opt_u32("issue_ts")? {
            Some(t) => Some(t),
            None => f.opt_u32("now")?,
        };
    }
    let id = a.str("app_id")?;
    let cert = a.str("app_certificate")?;
    let common = ["app_id", "app_certificate"];
    let known = |extra: &[&str]| -> Result<()> {
        let all: Vec<&str> = common.iter().chain(extra).copied().collect();
        a.check_known(&all)
    };
    const RTC_PRIV: [&str; 4] = [
        "join_channel_privilege_expire",
        "pub_audio_privilege_expire",
        "pub_video_privilege_expire",
        "pub_data_stream_privilege_expire",
    ];
    let rtm2_inputs = [
        "channel_name",
        "rtc_account",
        "rtc_role",
        "rtc_token_expire",
        RTC_PRIV[0],
        RTC_PRIV[1],
        RTC_PRIV[2],
        RTC_PRIV[3],
        "rtm_user_id",
        "rtm_token_expire",
    ];
    let pe = |a: &Args<'_>| -> Result<u32> { Ok(a.opt_u32("privilege_expire")?.unwrap_or(0)) };
    match call {
        "AccessToken006" => {
            known(&["channel_name", "uid", "salt", "ts", "privileges"])?;
            let uid = a.user("uid")?.to_wire();
            let mut t = AccessToken006::new(
                id,
                cert,
                a.str("channel_name")?,
                uid,
                a.u32("salt")?,
                a.u32("ts")?,
            );
            t.privileges = privilege_list(call, a.map.get("privileges"))?;
            t.build()
        }
        "RtcTokenBuilder.buildTokenWithUid" | "RtcTokenBuilder.buildTokenWithUserAccount" => {
            let key = if call.ends_with("Uid") {
                "uid"
            } else {
                "account"
            };
            known(&["channel_name", key, "role", "privilege_expired_ts"])?;
            rtc006::build_token_with_user(
                id,
                cert,
                a.str("channel_name")?,
                a.user(key)?,
                a.role("role")?,
                a.u32("privilege_expired_ts")?,
                &opts,
            )
        }
        "RtmTokenBuilder.buildToken" => {
            known(&["user_account", "role", "privilege_expired_ts"])?;
            if a.map.contains_key("role") {
                a.role("role")?; // checked, then ignored like the reference
            }
            rtm006::build_token(
                id,
                cert,
                a.str("user_account")?,
                a.u32("privilege_expired_ts")?,
                &opts,
            )
        }
        "AccessToken2" => {
            known(&["issue_ts", "expire", "salt", "services"])?;
            let mut t = AccessToken2::new(
                id,
                cert,
                a.u32("issue_ts")?,
                a.u32("expire")?,
                a.u32("salt")?,
            );
            let Value::Array(svcs) = a.get("services")? else {
                return Err(invalid(format!("{call}: services must be a list")));
            };
            for s in svcs {
                t.add_service(service_from(call, s)?);
            }
            t.build()
        }
        "RtcTokenBuilder2.buildTokenWithUid" | "RtcTokenBuilder2.buildTokenWithUserAccount" => {
            let key = if call.ends_with("Uid") {
                "uid"
            } else {
                "account"
            };
            known(&[
                "channel_name",
                key,
                "role",
                "token_expire",
                "privilege_expire",
            ])?;
            rtc::build_token_with_user(
                id,
                cert,
                a.str("channel_name")?,
                a.user(key)?,
                a.role("role")?,
                a.u32("token_expire")?,
                pe(&a)?,
                &opts,
            )
        }
        "RtcTokenBuilder2.buildTokenWithUidAndPrivilege"
        | "RtcTokenBuilder2.buildTokenWithUserAccountAndPrivilege" => {
            let key = if call.contains("WithUid") {
                "uid"
            } else {
                "account"
            };
            let mut k = vec!["channel_name", key, "token_expire"];
            k.extend(RTC_PRIV);
            known(&k)?;
            rtc::build_token_with_user_and_privilege(
                id,
                cert,
                a.str("channel_name")?,
                a.user(key)?,
                a.u32("token_expire")?,
                a.u32(RTC_PRIV[0])?,
                a.u32(RTC_PRIV[1])?,
                a.u32(RTC_PRIV[2])?,
                a.u32(RTC_PRIV[3])?,
                &opts,
            )
        }
        "RtcTokenBuilder2.buildTokenWithRtm" => {
            known(&[
                "channel_name",
                "account",
                "role",
                "token_expire",
                "privilege_expire",
            ])?;
            let account = a.user("account")?.to_wire();
            rtc::build_token_with_rtm(
                id,
                cert,
                a.str("channel_name")?,
                account,
                a.role("role")?,
                a.u32("token_expire")?,
                pe(&a)?,
                &opts,
            )
        }
        "RtcTokenBuilder2.buildTokenWithRtm2"
        | "ConvoAITokenBuilder.buildToken"
        | "SttTokenBuilder.buildToken" => {
            known(&rtm2_inputs)?;
            let ch = a.str("channel_name")?;
            let acct = a.user("rtc_account")?;
            let role = a.role("rtc_role")?;
            let te = a.u32("rtc_token_expire")?;
            let [j, au, v, d] = [
                a.u32(RTC_PRIV[0])?,
                a.u32(RTC_PRIV[1])?,
                a.u32(RTC_PRIV[2])?,
                a.u32(RTC_PRIV[3])?,
            ];
            let (ru, rte) = (a.str("rtm_user_id")?, a.u32("rtm_token_expire")?);
            match call {
                "ConvoAITokenBuilder.buildToken" => {
                    convoai::build_token(id, cert, ch, acct, role, te, j, au, v, d, ru, rte, &opts)
                }
                "SttTokenBuilder.buildToken" => {
                    stt::build_token(id, cert, ch, acct, role, te, j, au, v, d, ru, rte, &opts)
                }
                _ => rtc::build_token_with_rtm2(
                    id, cert, ch, acct, role, te, j, au, v, d, ru, rte, &opts,
                ),
            }
        }
        "RtmTokenBuilder2.buildToken" => {
            known(&["user_id", "expire"])?;
            // Required, as in the python3 reference: a missing lifetime would
            // be 0, a token that has expired when it is issued.
            rtm::build_token(id, cert, a.str("user_id")?, a.u32("expire")?, &opts)
        }
        "RtmTokenBuilder2.buildTokenWithPermissions" => {
            known(&["user_id", "permissions", "expire"])?;
            let perms = permission_list(call, a.get("permissions")?)?;
            rtm::build_token_with_permissions(
                id,
                cert,
                a.str("user_id")?,
                &perms,
                a.opt_u32("expire")?.unwrap_or(0),
                &opts,
            )
        }
        "ChatTokenBuilder2.buildUserToken" => {
            known(&["user_id", "expire"])?;
            chat::build_user_token(id, cert, a.str("user_id")?, a.u32("expire")?, &opts)
        }
        "ChatTokenBuilder2.buildAppToken" => {
            known(&["expire"])?;
            chat::build_app_token(id, cert, a.u32("expire")?, &opts)
        }
        "FpaTokenBuilder.buildToken" => {
            known(&[])?;
            fpa::build_token(id, cert, &opts)
        }
        "EducationTokenBuilder2.buildRoomUserToken" | "ApaasTokenBuilder.buildRoomUserToken" => {
            known(&["room_uuid", "user_uuid", "role", "expire"])?;
            apaas::build_room_user_token(
                id,
                cert,
                a.str("room_uuid")?,
                a.str("user_uuid")?,
                a.int("role", i16::MIN as i64, i16::MAX as i64)? as i16,
                a.u32("expire")?,
                &opts,
            )
        }
        "EducationTokenBuilder2.buildUserToken" | "ApaasTokenBuilder.buildUserToken" => {
            known(&["user_uuid", "expire"])?;
            apaas::build_user_token(id, cert, a.str("user_uuid")?, a.u32("expire")?, &opts)
        }
        "EducationTokenBuilder2.buildAppToken" | "ApaasTokenBuilder.buildAppToken" => {
            known(&["expire"])?;
            apaas::build_app_token(id, cert, a.u32("expire")?, &opts)
        }
        other => Err(invalid(format!("unknown call {other:?}"))),
    }
}

/// The names [`build`] accepts.
pub const CALLS: &[&str] = &[
    "AccessToken006",
    "RtcTokenBuilder.buildTokenWithUid",
    "RtcTokenBuilder.buildTokenWithUserAccount",
    "RtmTokenBuilder.buildToken",
    "AccessToken2",
    "RtcTokenBuilder2.buildTokenWithUid",
    "RtcTokenBuilder2.buildTokenWithUserAccount",
    "RtcTokenBuilder2.buildTokenWithUidAndPrivilege",
    "RtcTokenBuilder2.buildTokenWithUserAccountAndPrivilege",
    "RtcTokenBuilder2.buildTokenWithRtm",
    "RtcTokenBuilder2.buildTokenWithRtm2",
    "RtmTokenBuilder2.buildToken",
    "RtmTokenBuilder2.buildTokenWithPermissions",
    "ChatTokenBuilder2.buildUserToken",
    "ChatTokenBuilder2.buildAppToken",
    "FpaTokenBuilder.buildToken",
    "EducationTokenBuilder2.buildRoomUserToken",
    "EducationTokenBuilder2.buildUserToken",
    "EducationTokenBuilder2.buildAppToken",
    "ApaasTokenBuilder.buildRoomUserToken",
    "ApaasTokenBuilder.buildUserToken",
    "ApaasTokenBuilder.buildAppToken",
    "ConvoAITokenBuilder.buildToken",
    "SttTokenBuilder.buildToken",
];

/// Parses and verifies, returning the batch answer's fields:
/// `{"decoded": ..., "signature_valid": bool}` plus, for 006,
/// `"crc_match"`, `"crc_channel_matches"`, `"crc_uid_matches"`; and
/// `"certificate_rejected": true` when the certificate was refused.
pub fn verify_json(
    token: &str,
    certificate: &str,
    channel: Option<&[u8]>,
    uid: Option<&[u8]>,
) -> Result<Value> {
    let t = crate::token::parse(token)?;
    let mut m = Map::new();
    m.insert("decoded".into(), decoded(&t));
    match &t {
        Token::V007(t7) => {
            let v = t7.verify(certificate);
            m.insert("signature_valid".into(), json!(v.signature_valid));
            if v.certificate_rejected {
                m.insert("certificate_rejected".into(), json!(true));
            }
        }
        Token::V006(t6) => {
            let v = t6.verify(certificate, channel.unwrap_or(b""), uid.unwrap_or(b""));
            m.insert("signature_valid".into(), json!(v.signature_valid));
            m.insert("crc_match".into(), json!(v.crc_match()));
            m.insert("crc_channel_matches".into(), json!(v.crc_channel_matches));
            m.insert("crc_uid_matches".into(), json!(v.crc_uid_matches));
            if v.certificate_rejected {
                m.insert("certificate_rejected".into(), json!(true));
            }
        }
    }
    Ok(Value::Object(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wipe_strings_empties_every_nested_string() {
        let mut v = serde_json::json!({
            "app_certificate": "5CFd2fd1755d40ecb72977518be15d3b",
            "expire": 600,
            "permissions": [[1, 2, ["room-a", "room-b"]], null, true],
        });
        wipe_strings(&mut v);
        assert_eq!(
            v,
            serde_json::json!({
                "app_certificate": "",
                "expire": 600,
                "permissions": [[1, 2, ["", ""]], null, true],
            })
        );
    }
}
