//! Format 007 (AccessToken2).
//!
//! Layout: `"007" || b64(zlib(payload))`, `payload = bytes16(signature) || signing_info`,
//! `signing_info = bytes16(app_id) || u32 issue_ts || u32 expire || u32 salt ||
//! u16 service_count || services`, `service = u16 type || map16(privileges) || fields`.

use zeroize::Zeroizing;

use crate::codec::{b64_decode_strict_into, b64_encode, zlib_compress, zlib_decompress};
use crate::common::{check_app_id, check_certificate, sorted_privileges, Options};
use crate::crypto::{ct_eq, is_hex32, sign007};
use crate::error::{Error, ErrorCode, Result};
use crate::wire::{checked_count16, Reader, Writer};
use crate::MAX_PAYLOAD_LEN;

/// The version prefix.
pub const VERSION: &str = "007";

/// Service type numbers.
pub mod service_type {
    /// RTC (voice/video).
    pub const RTC: u16 = 1;
    /// RTM (signaling).
    pub const RTM: u16 = 2;
    /// Media streaming.
    pub const STREAMING: u16 = 3;
    /// Full-path acceleration.
    pub const FPA: u16 = 4;
    /// Chat.
    pub const CHAT: u16 = 5;
    /// Fusion CDN.
    pub const FCDN: u16 = 6;
    /// APaaS / education.
    pub const APAAS: u16 = 7;
    /// RTM 2 with resource permissions.
    pub const RTM2: u16 = 8;
    /// Conversational AI (npm agora-token 2.0.6).
    pub const CONVOAI: u16 = 9;
    /// Speech to text (npm agora-token 2.0.6).
    pub const STT: u16 = 10;

    /// The lowercase name of a registered type (`"rtc"`, ..., `"stt"`).
    pub fn name(t: u16) -> Option<&'static str> {
        Some(match t {
            RTC => "rtc",
            RTM => "rtm",
            STREAMING => "streaming",
            FPA => "fpa",
            CHAT => "chat",
            FCDN => "fcdn",
            APAAS => "apaas",
            RTM2 => "rtm2",
            CONVOAI => "convoai",
            STT => "stt",
            _ => return None,
        })
    }

    /// The type number for a lowercase name.
    pub fn from_name(name: &str) -> Option<u16> {
        (1..=10).find(|&t| self::name(t) == Some(name))
    }
}

/// Privilege ids per service type.
pub mod privilege {
    /// RTC: join channel.
    pub const RTC_JOIN_CHANNEL: u16 = 1;
    /// RTC: publish audio stream.
    pub const RTC_PUBLISH_AUDIO: u16 = 2;
    /// RTC: publish video stream.
    pub const RTC_PUBLISH_VIDEO: u16 = 3;
    /// RTC: publish data stream.
    pub const RTC_PUBLISH_DATA: u16 = 4;
    /// RTM / RTM2 / FPA: login.
    pub const LOGIN: u16 = 1;
    /// Streaming: publish mix stream.
    pub const STREAMING_PUBLISH_MIX: u16 = 1;
    /// Streaming: publish raw stream.
    pub const STREAMING_PUBLISH_RAW: u16 = 2;
    /// Chat: user.
    pub const CHAT_USER: u16 = 1;
    /// Chat: app.
    pub const CHAT_APP: u16 = 2;
    /// FCDN: publish.
    pub const FCDN_PUBLISH: u16 = 1;
    /// FCDN: play.
    pub const FCDN_PLAY: u16 = 2;
    /// APaaS: room user.
    pub const APAAS_ROOM_USER: u16 = 1;
    /// APaaS: user.
    pub const APAAS_USER: u16 = 2;
    /// APaaS: app.
    pub const APAAS_APP: u16 = 3;

    /// The name of privilege `id` of service type `service`, if registered.
    pub fn name(service: u16, id: u16) -> Option<&'static str> {
        Some(match (service, id) {
            (1, 1) => "join_channel",
            (1, 2) => "publish_audio_stream",
            (1, 3) => "publish_video_stream",
            (1, 4) => "publish_data_stream",
            (2, 1) | (4, 1) | (8, 1) => "login",
            (3, 1) => "publish_mix_stream",
            (3, 2) => "publish_raw_stream",
            (5, 1) => "user",
            (5, 2) => "app",
            (6, 1) => "publish",
            (6, 2) => "play",
            (7, 1) => "room_user",
            (7, 2) => "user",
            (7, 3) => "app",
            _ => return None,
        })
    }
}

/// One RTM2 permission entry: a resource type, a permission type and the
/// resources it covers (in the caller's order, duplicates kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rtm2Permission {
    /// 0 message channels, 1 stream channels, 2 group channels, 3 server
    /// groups, 4 users.
    pub resource_type: u16,
    /// 0 read, 1 write.
    pub permission_type: u16,
    /// Resource names.
    pub resources: Vec<Vec<u8>>,
}

/// RTM2 resource permissions as a builder collects them: adding the same
/// (resource type, permission type) pair again replaces its list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rtm2Permissions {
    entries: Vec<Rtm2Permission>,
}

impl Rtm2Permissions {
    /// No permissions.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the resources of one (resource type, permission type) pair.
    pub fn add<R: AsRef<[u8]>>(
        &mut self,
        resource_type: u16,
        permission_type: u16,
        resources: impl IntoIterator<Item = R>,
    ) -> &mut Self {
        let resources: Vec<Vec<u8>> = resources.into_iter().map(|r| r.as_ref().to_vec()).collect();
        self.entries.push(Rtm2Permission {
            resource_type,
            permission_type,
            resources,
        });
        self
    }

    /// The entries as they will be written: sorted by resource type, then
    /// permission type; for a repeated pair the last list added.
    pub fn entries(&self) -> Vec<Rtm2Permission> {
        let mut order = vec![0; self.entries.len()];
        normalised_order(&self.entries, &mut order)
            .iter()
            .map(|&i| self.entries[i].clone())
            .collect()
    }

    /// The entries in the order they were added.
    pub fn added(&self) -> &[Rtm2Permission] {
        &self.entries
    }
}

/// The indices of `permissions` in the order they are written: by resource
/// type, then permission type; of a repeated pair, only the one added
/// last. `order` is scratch as long as `permissions`; the answer is its
/// first part.
fn normalised_order<'o>(permissions: &[Rtm2Permission], order: &'o mut [usize]) -> &'o [usize] {
    order.iter_mut().enumerate().for_each(|(i, o)| *o = i);
    let pair = |i: usize| (permissions[i].resource_type, permissions[i].permission_type);
    // Ties in the pair go by position, so a repeated pair's last entry ends
    // its run.
    order.sort_unstable_by_key(|&i| (pair(i), i));
    let mut kept = 0;
    for k in 0..order.len() {
        if k + 1 == order.len() || pair(order[k]) != pair(order[k + 1]) {
            order[kept] = order[k];
            kept += 1;
        }
    }
    &order[..kept]
}

/// The type-specific part of a service. String fields are bytes: builders
/// write UTF-8, but a parsed token may carry anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServiceBody {
    /// Type 1.
    Rtc {
        /// Channel name.
        channel_name: Vec<u8>,
        /// Uid text (empty = any user).
        uid: Vec<u8>,
    },
    /// Type 2.
    Rtm {
        /// User id.
        user_id: Vec<u8>,
    },
    /// Type 3.
    Streaming {
        /// Channel name.
        channel_name: Vec<u8>,
        /// Account text.
        account: Vec<u8>,
    },
    /// Type 4.
    Fpa,
    /// Type 5.
    Chat {
        /// User id (empty for app tokens).
        user_id: Vec<u8>,
    },
    /// Type 6.
    Fcdn {
        /// Channel name.
        channel_name: Vec<u8>,
        /// Account text.
        account: Vec<u8>,
    },
    /// Type 7.
    Apaas {
        /// Room uuid.
        room_uuid: Vec<u8>,
        /// User uuid.
        user_uuid: Vec<u8>,
        /// Role (builders default to -1).
        role: i16,
    },
    /// Type 8. Permissions in wire order.
    Rtm2 {
        /// User id.
        user_id: Vec<u8>,
        /// Resource permissions.
        permissions: Vec<Rtm2Permission>,
    },
    /// Type 9.
    ConvoAi,
    /// Type 10.
    Stt,
    /// Any other type: written as its number and privilege map only.
    Other(u16),
}

/// One service of a 007 token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    /// Privileges. When building: (id, lifetime in seconds from issue_ts),
    /// written sorted by id with the last value of a repeated id. When parsed:
    /// wire order, as received.
    pub privileges: Vec<(u16, u32)>,
    /// The type and its fields.
    pub body: ServiceBody,
}

impl Service {
    /// A service with no privileges.
    pub fn new(body: ServiceBody) -> Service {
        Service {
            privileges: Vec::new(),
            body,
        }
    }

    /// RTC service for a channel and a uid / account.
    pub fn rtc<'a>(channel_name: impl AsRef<[u8]>, user: impl Into<crate::UserId<'a>>) -> Service {
        Service::new(ServiceBody::Rtc {
            channel_name: channel_name.as_ref().to_vec(),
            uid: user.into().to_wire().into_owned(),
        })
    }

    /// RTM service.
    pub fn rtm(user_id: impl AsRef<[u8]>) -> Service {
        Service::new(ServiceBody::Rtm {
            user_id: user_id.as_ref().to_vec(),
        })
    }

    /// Chat service.
    pub fn chat(user_id: impl AsRef<[u8]>) -> Service {
        Service::new(ServiceBody::Chat {
            user_id: user_id.as_ref().to_vec(),
        })
    }

    /// APaaS service.
    pub fn apaas(room_uuid: impl AsRef<[u8]>, user_uuid: impl AsRef<[u8]>, role: i16) -> Service {
        Service::new(ServiceBody::Apaas {
            room_uuid: room_uuid.as_ref().to_vec(),
            user_uuid: user_uuid.as_ref().to_vec(),
            role,
        })
    }

    /// RTM2 service with permissions.
    pub fn rtm2(user_id: impl AsRef<[u8]>, permissions: &Rtm2Permissions) -> Service {
        Service::new(ServiceBody::Rtm2 {
            user_id: user_id.as_ref().to_vec(),
            permissions: permissions.entries(),
        })
    }

    /// Adds (or replaces) a privilege with its lifetime in seconds.
    pub fn with_privilege(mut self, id: u16, lifetime: u32) -> Service {
        self.privileges.push((id, lifetime));
        self
    }

    /// Adds (or replaces) a privilege with its lifetime in seconds.
    pub fn add_privilege(&mut self, id: u16, lifetime: u32) -> &mut Self {
        self.privileges.push((id, lifetime));
        self
    }

    /// The service type number.
    pub fn service_type(&self) -> u16 {
        use service_type::*;
        match self.body {
            ServiceBody::Rtc { .. } => RTC,
            ServiceBody::Rtm { .. } => RTM,
            ServiceBody::Streaming { .. } => STREAMING,
            ServiceBody::Fpa => FPA,
            ServiceBody::Chat { .. } => CHAT,
            ServiceBody::Fcdn { .. } => FCDN,
            ServiceBody::Apaas { .. } => APAAS,
            ServiceBody::Rtm2 { .. } => RTM2,
            ServiceBody::ConvoAi => CONVOAI,
            ServiceBody::Stt => STT,
            ServiceBody::Other(t) => t,
        }
    }

    /// The lowercase type name, `None` for unregistered types.
    pub fn name(&self) -> Option<&'static str> {
        match self.body {
            ServiceBody::Other(_) => None,
            _ => service_type::name(self.service_type()),
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

    fn write(&self, w: &mut Writer<'_>) -> Result<()> {
        // Builders add privileges in id order; only an unsorted or repeated
        // list needs the sorted copy.
        if self.privileges.windows(2).all(|p| p[0].0 < p[1].0) {
            write_service(
                w,
                self.service_type(),
                &self.privileges,
                BodyRef::Owned(&self.body),
            )
        } else {
            let sorted = sorted_privileges(&self.privileges);
            write_service(w, self.service_type(), &sorted, BodyRef::Owned(&self.body))
        }
    }

    fn read(r: &mut Reader<'_>, t: u16) -> Result<Option<Service>> {
        use service_type::*;
        if !(RTC..=STT).contains(&t) {
            return Ok(None);
        }
        let privileges = r.map16("privileges")?;
        let s =
            |r: &mut Reader<'_>, what: &str| -> Result<Vec<u8>> { Ok(r.bytes16(what)?.to_vec()) };
        let body = match t {
            RTC => ServiceBody::Rtc {
                channel_name: s(r, "rtc channel_name")?,
                uid: s(r, "rtc uid")?,
            },
            RTM => ServiceBody::Rtm {
                user_id: s(r, "rtm user_id")?,
            },
            STREAMING => ServiceBody::Streaming {
                channel_name: s(r, "streaming channel_name")?,
                account: s(r, "streaming account")?,
            },
            FPA => ServiceBody::Fpa,
            CHAT => ServiceBody::Chat {
                user_id: s(r, "chat user_id")?,
            },
            FCDN => ServiceBody::Fcdn {
                channel_name: s(r, "fcdn channel_name")?,
                account: s(r, "fcdn account")?,
            },
            APAAS => ServiceBody::Apaas {
                room_uuid: s(r, "apaas room_uuid")?,
                user_uuid: s(r, "apaas user_uuid")?,
                role: r.i16("apaas role")?,
            },
            RTM2 => ServiceBody::Rtm2 {
                user_id: s(r, "rtm2 user_id")?,
                permissions: read_permissions(r)?,
            },
            CONVOAI => ServiceBody::ConvoAi,
            _ => ServiceBody::Stt,
        };
        Ok(Some(Service { privileges, body }))
    }
}

/// Writes permissions in the order [`Rtm2Permissions::entries`] gives,
/// grouped by resource type. The entries are not copied: their indices are
/// sorted, on the stack for up to 64 entries.
fn write_permissions(w: &mut Writer<'_>, permissions: &[Rtm2Permission]) -> Result<()> {
    let mut stack = [0usize; 64];
    let mut heap = Vec::new();
    let scratch: &mut [usize] = if permissions.len() <= stack.len() {
        &mut stack[..permissions.len()]
    } else {
        heap.resize(permissions.len(), 0);
        &mut heap
    };
    let order = normalised_order(permissions, scratch);
    let rt_at = |k: usize| permissions[order[k]].resource_type;
    let groups = (0..order.len())
        .filter(|&k| k == 0 || rt_at(k - 1) != rt_at(k))
        .count();
    w.u16(checked_count16("rtm2 resource types", groups)?);
    let mut k = 0;
    while k < order.len() {
        let rt = rt_at(k);
        let end = (k..order.len())
            .find(|&j| rt_at(j) != rt)
            .unwrap_or(order.len());
        w.u16(rt);
        w.u16(checked_count16("rtm2 permission types", end - k)?);
        for &i in &order[k..end] {
            let e = &permissions[i];
            w.u16(e.permission_type);
            w.u16(checked_count16("rtm2 resources", e.resources.len())?);
            for res in &e.resources {
                w.bytes16("rtm2 resource", res)?;
            }
        }
        k = end;
    }
    Ok(())
}

fn read_permissions(r: &mut Reader<'_>) -> Result<Vec<Rtm2Permission>> {
    let mut out = Vec::new();
    let n_rt = r.u16("rtm2 resource type count")?;
    for _ in 0..n_rt {
        let rt = r.u16("rtm2 resource type")?;
        let n_pt = r.u16("rtm2 permission type count")?;
        for _ in 0..n_pt {
            let pt = r.u16("rtm2 permission type")?;
            let n = r.u16("rtm2 resource count")? as usize;
            // Every resource takes at least its 2-byte length.
            if r.remaining() < n * 2 {
                return Err(Error::new(
                    ErrorCode::TruncatedPayload,
                    format!(
                        "rtm2 resources: declares {n}, only {} bytes left",
                        r.remaining()
                    ),
                ));
            }
            let mut resources = Vec::with_capacity(n);
            for _ in 0..n {
                resources.push(r.bytes16("rtm2 resource")?.to_vec());
            }
            out.push(Rtm2Permission {
                resource_type: rt,
                permission_type: pt,
                resources,
            });
        }
    }
    Ok(out)
}

/// A service body by reference. The builders of the common tokens write
/// their one service from the caller's strings through this, without
/// copying them into a [`Service`] first; owned services go through
/// `Owned`, so each type's layout is written in one place.
pub(crate) enum BodyRef<'a> {
    Rtc {
        channel_name: &'a [u8],
        uid: &'a [u8],
    },
    Rtm {
        user_id: &'a [u8],
    },
    Apaas {
        room_uuid: &'a [u8],
        user_uuid: &'a [u8],
        role: i16,
    },
    Rtm2 {
        user_id: &'a [u8],
        permissions: &'a [Rtm2Permission],
    },
    Owned(&'a ServiceBody),
}

/// Writes one service: type, privileges (sorted, unique) and body.
pub(crate) fn write_service(
    w: &mut Writer<'_>,
    service_type: u16,
    privileges: &[(u16, u32)],
    body: BodyRef<'_>,
) -> Result<()> {
    w.u16(service_type);
    w.map16("privileges", privileges)?;
    write_body(w, body)
}

fn write_body(w: &mut Writer<'_>, body: BodyRef<'_>) -> Result<()> {
    match body {
        BodyRef::Rtc { channel_name, uid } => {
            w.bytes16("channel_name", channel_name)?;
            w.bytes16("uid", uid)?;
        }
        BodyRef::Rtm { user_id } => w.bytes16("user_id", user_id)?,
        BodyRef::Apaas {
            room_uuid,
            user_uuid,
            role,
        } => {
            w.bytes16("room_uuid", room_uuid)?;
            w.bytes16("user_uuid", user_uuid)?;
            w.i16(role);
        }
        BodyRef::Rtm2 {
            user_id,
            permissions,
        } => {
            w.bytes16("user_id", user_id)?;
            write_permissions(w, permissions)?;
        }
        BodyRef::Owned(body) => match body {
            ServiceBody::Rtc { channel_name, uid } => {
                write_body(w, BodyRef::Rtc { channel_name, uid })?
            }
            ServiceBody::Rtm { user_id } | ServiceBody::Chat { user_id } => {
                write_body(w, BodyRef::Rtm { user_id })?
            }
            ServiceBody::Streaming {
                channel_name,
                account,
            }
            | ServiceBody::Fcdn {
                channel_name,
                account,
            } => {
                w.bytes16("channel_name", channel_name)?;
                w.bytes16("account", account)?;
            }
            ServiceBody::Apaas {
                room_uuid,
                user_uuid,
                role,
            } => write_body(
                w,
                BodyRef::Apaas {
                    room_uuid,
                    user_uuid,
                    role: *role,
                },
            )?,
            ServiceBody::Rtm2 {
                user_id,
                permissions,
            } => write_body(
                w,
                BodyRef::Rtm2 {
                    user_id,
                    permissions,
                },
            )?,
            ServiceBody::Fpa | ServiceBody::ConvoAi | ServiceBody::Stt | ServiceBody::Other(_) => {}
        },
    }
    Ok(())
}

/// The fixed fields of a 007 token, borrowed from the caller.
pub(crate) struct Head<'a> {
    pub app_id: &'a [u8],
    pub cert: &'a [u8],
    pub issue_ts: u32,
    pub expire: u32,
    pub salt: u32,
}

impl<'a> Head<'a> {
    /// Issue time and salt from `opts`, in that order (as
    /// [`AccessToken2::with_options`]).
    pub(crate) fn new(
        app_id: &'a [u8],
        cert: &'a [u8],
        expire: u32,
        opts: &Options,
    ) -> Result<Head<'a>> {
        Ok(Head {
            app_id,
            cert,
            issue_ts: opts.issue_ts()?,
            expire,
            salt: opts.salt(),
        })
    }

    /// Signs, compresses and encodes a token of `count` services, which
    /// `services` writes in wire order.
    pub(crate) fn build(
        &self,
        count: usize,
        services: impl FnMut(&mut Writer<'_>) -> Result<()>,
    ) -> Result<String> {
        // The payload and its zlib stream live in per-thread buffers: the
        // token string is the only allocation left to the caller's token.
        BUILD_SCRATCH.with(|cell| {
            let mut scratch = cell.borrow_mut();
            let (payload, z) = &mut *scratch;
            payload.clear();
            z.clear();
            let r = self.write_payload(payload, count, services);
            let out = r.map(|()| encode_into(payload, z));
            // The signed payload is not secret, but keep the buffers small.
            if payload.capacity() > 4096 {
                *payload = Vec::new();
                *z = Vec::new();
            }
            out
        })
    }

    /// Appends the signed payload to the empty `payload`.
    fn write_payload(
        &self,
        payload: &mut Vec<u8>,
        count: usize,
        mut services: impl FnMut(&mut Writer<'_>) -> Result<()>,
    ) -> Result<()> {
        check_app_id(self.app_id)?;
        check_certificate(self.cert)?;
        if count == 0 {
            return Err(Error::new(
                ErrorCode::NoServices,
                "a 007 token needs at least one service",
            ));
        }
        payload.extend_from_slice(&[32, 0]);
        payload.extend_from_slice(&[0; 32]);
        let mut w = Writer::new(payload);
        w.bytes16("app_id", self.app_id)?;
        w.u32(self.issue_ts);
        w.u32(self.expire);
        w.u32(self.salt);
        w.u16(checked_count16("services", count)?);
        services(&mut w)?;
        // Every service field is capped at 65 535 bytes, but an RTM2
        // service's permissions are not: this keeps every builder's token
        // within MAX_TOKEN_LEN.
        check_payload_len(payload.len())?;
        let sig = sign007(self.cert, self.issue_ts, self.salt, &payload[34..]);
        payload[2..34].copy_from_slice(&sig);
        Ok(())
    }
}

/// The error of a payload longer than [`MAX_PAYLOAD_LEN`].
fn check_payload_len(len: usize) -> Result<()> {
    if len > MAX_PAYLOAD_LEN {
        return Err(Error::new(
            ErrorCode::ValueTooLong,
            format!("token payload would exceed {MAX_PAYLOAD_LEN} bytes"),
        ));
    }
    Ok(())
}

/// A 007 token to be signed: the low-level object every 007 builder uses.
#[derive(Clone)]
pub struct AccessToken2 {
    /// 32 hex characters.
    pub app_id: Vec<u8>,
    app_certificate: Zeroizing<Vec<u8>>,
    /// Unix seconds when built.
    pub issue_ts: u32,
    /// Token lifetime in seconds from `issue_ts`.
    pub expire: u32,
    /// Salt.
    pub salt: u32,
    /// Services; written sorted by type (stable: equal types keep their order).
    pub services: Vec<Service>,
}

impl std::fmt::Debug for AccessToken2 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccessToken2")
            .field("app_id", &String::from_utf8_lossy(&self.app_id))
            .field("app_certificate", &"<redacted>")
            .field("issue_ts", &self.issue_ts)
            .field("expire", &self.expire)
            .field("salt", &self.salt)
            .field("services", &self.services)
            .finish()
    }
}

impl AccessToken2 {
    /// A token with explicit issue time, lifetime and salt and no services.
    pub fn new(
        app_id: impl AsRef<[u8]>,
        app_certificate: impl AsRef<[u8]>,
        issue_ts: u32,
        expire: u32,
        salt: u32,
    ) -> AccessToken2 {
        AccessToken2 {
            app_id: app_id.as_ref().to_vec(),
            app_certificate: Zeroizing::new(app_certificate.as_ref().to_vec()),
            issue_ts,
            expire,
            salt,
            services: Vec::new(),
        }
    }

    /// A token whose issue time and salt come from `opts` (clock and CSPRNG
    /// unless fixed there).
    pub fn with_options(
        app_id: impl AsRef<[u8]>,
        app_certificate: impl AsRef<[u8]>,
        expire: u32,
        opts: &Options,
    ) -> Result<AccessToken2> {
        Ok(AccessToken2::new(
            app_id,
            app_certificate,
            opts.issue_ts()?,
            expire,
            opts.salt(),
        ))
    }

    /// Adds a service.
    pub fn add_service(&mut self, service: Service) -> &mut Self {
        self.services.push(service);
        self
    }

    /// The uncompressed payload (signature field + signing info).
    pub fn build_payload(&self) -> Result<Vec<u8>> {
        let mut payload = Vec::with_capacity(256);
        let (n, services) = self.services_writer();
        self.head().write_payload(&mut payload, n, services)?;
        Ok(payload)
    }

    /// Signs, compresses and encodes the token.
    pub fn build(&self) -> Result<String> {
        let (n, services) = self.services_writer();
        self.head().build(n, services)
    }

    fn head(&self) -> Head<'_> {
        Head {
            app_id: &self.app_id,
            cert: &self.app_certificate,
            issue_ts: self.issue_ts,
            expire: self.expire,
            salt: self.salt,
        }
    }

    /// The number of services and a writer of them sorted by type (stable:
    /// equal types keep their order).
    fn services_writer(&self) -> (usize, impl FnMut(&mut Writer<'_>) -> Result<()> + '_) {
        let write = |w: &mut Writer<'_>, s: &Service| -> Result<()> {
            s.write(w)?;
            // Checked per service so a huge list stops early (`Head`
            // checks the whole payload again).
            check_payload_len(w.buf.len())
        };
        let services = move |w: &mut Writer<'_>| -> Result<()> {
            if self
                .services
                .windows(2)
                .all(|p| p[0].service_type() <= p[1].service_type())
            {
                for s in &self.services {
                    write(w, s)?;
                }
            } else {
                let mut order: Vec<&Service> = self.services.iter().collect();
                order.sort_by_key(|s| s.service_type()); // stable
                for s in order {
                    write(w, s)?;
                }
            }
            Ok(())
        };
        (self.services.len(), services)
    }
}

thread_local! {
    static PARSE_SCRATCH: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    static BUILD_SCRATCH: std::cell::RefCell<(Vec<u8>, Vec<u8>)> =
        const { std::cell::RefCell::new((Vec::new(), Vec::new())) };
}

/// `"007" || b64(zlib(payload))`, with a caller's buffer for the zlib
/// stream.
fn encode_into(payload: &[u8], z: &mut Vec<u8>) -> String {
    zlib_compress(payload, z);
    let mut out = String::with_capacity(3 + z.len().div_ceil(3) * 4);
    out.push_str(VERSION);
    b64_encode(z, &mut out);
    out
}

/// A parsed 007 token. Fields are as received; nothing is verified until
/// [`Token007::verify`] is called.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token007 {
    /// Signature field (32 bytes in every well-formed token).
    pub signature: Vec<u8>,
    /// App id bytes.
    pub app_id: Vec<u8>,
    /// Issue time, Unix seconds.
    pub issue_ts: u32,
    /// Token lifetime in seconds from `issue_ts`.
    pub expire: u32,
    /// Salt.
    pub salt: u32,
    /// The count the header declares.
    pub service_count: u16,
    /// Services decoded, in wire order.
    pub services: Vec<Service>,
    /// Set when parsing stopped at a service type this library does not know
    /// (nothing after it can be decoded; the signature still covers it).
    pub stopped_at_unknown_service_type: Option<u16>,
    /// Bytes after the last declared service (`None` when parsing stopped at
    /// an unknown type).
    pub trailing_payload_bytes: Option<usize>,
    /// The decompressed payload; the signing info is `payload[signing_info_start..]`.
    pub payload: Vec<u8>,
    signing_info_start: usize,
}

/// The outcome of checking a 007 token's signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verification007 {
    /// The HMAC matches.
    pub signature_valid: bool,
    /// The certificate was not 32 hex characters; no HMAC was computed.
    pub certificate_rejected: bool,
}

impl Token007 {
    /// Parses a 007 token (FORMAT.md 7.1, strict per 7.5).
    pub fn parse(token: impl AsRef<[u8]>) -> Result<Token007> {
        let t = token.as_ref();
        if t.len() < 3 || &t[..3] != VERSION.as_bytes() {
            return Err(Error::new(
                ErrorCode::BadVersion,
                "not a 007 token: it must start with \"007\"",
            ));
        }
        crate::token::check_token_len(t)?;
        if t.len() == 3 {
            return Err(Error::new(
                ErrorCode::BadPayload,
                "nothing follows the \"007\" prefix",
            ));
        }
        // The zlib stream is only read here: decoded into a per-thread
        // buffer (the token's text is public; nothing secret stays behind).
        let payload = PARSE_SCRATCH.with(|cell| -> Result<Vec<u8>> {
            let mut z = cell.borrow_mut();
            let r = b64_decode_strict_into(&t[3..], "007 body", &mut z)
                .and_then(|()| zlib_decompress(&z));
            if z.capacity() > 4096 {
                *z = Vec::new();
            }
            r
        })?;
        Self::from_payload(payload)
    }

    /// Decodes an already decompressed payload.
    pub fn from_payload(payload: Vec<u8>) -> Result<Token007> {
        let mut r = Reader::new(&payload);
        if payload.is_empty() {
            return Err(Error::new(
                ErrorCode::TruncatedPayload,
                "the 007 payload is empty",
            ));
        }
        let signature = r.bytes16("signature")?.to_vec();
        let signing_info_start = r.pos();
        let app_id = r.bytes16("app_id")?.to_vec();
        let issue_ts = r.u32("issue_ts")?;
        let expire = r.u32("expire")?;
        let salt = r.u32("salt")?;
        let service_count = r.u16("service_count")?;
        let mut services = Vec::with_capacity((service_count as usize).min(16));
        let mut stopped = None;
        for _ in 0..service_count {
            let t = r.u16("service type")?;
            match Service::read(&mut r, t)? {
                Some(s) => services.push(s),
                None => {
                    stopped = Some(t);
                    break;
                }
            }
        }
        let trailing = if stopped.is_some() {
            None
        } else {
            Some(r.remaining())
        };
        Ok(Token007 {
            signature,
            app_id,
            issue_ts,
            expire,
            salt,
            service_count,
            services,
            stopped_at_unknown_service_type: stopped,
            trailing_payload_bytes: trailing,
            payload,
            signing_info_start,
        })
    }

    /// The signed bytes, as received.
    pub fn signing_info(&self) -> &[u8] {
        &self.payload[self.signing_info_start..]
    }

    /// Checks the signature with a candidate certificate, over the bytes
    /// received. A certificate that is not 32 hex characters is rejected
    /// without computing an HMAC.
    pub fn verify(&self, app_certificate: impl AsRef<[u8]>) -> Verification007 {
        let cert = app_certificate.as_ref();
        if !is_hex32(cert) {
            return Verification007 {
                signature_valid: false,
                certificate_rejected: true,
            };
        }
        let sig = sign007(cert, self.issue_ts, self.salt, self.signing_info());
        Verification007 {
            signature_valid: ct_eq(&sig, &self.signature),
            certificate_rejected: false,
        }
    }

    /// Absolute expiry of the token (`issue_ts + expire`), in 64 bits.
    pub fn expires_at(&self) -> u64 {
        self.issue_ts as u64 + self.expire as u64
    }

    /// The first service of a type.
    pub fn service(&self, service_type: u16) -> Option<&Service> {
        self.services
            .iter()
            .find(|s| s.service_type() == service_type)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// The entries in written order, spelled out plainly: a map keyed by
    /// (resource type, permission type) keeps the last entry of each pair,
    /// in order.
    fn reference_entries(permissions: &[Rtm2Permission]) -> Vec<&Rtm2Permission> {
        let mut m: BTreeMap<(u16, u16), &Rtm2Permission> = BTreeMap::new();
        for e in permissions {
            m.insert((e.resource_type, e.permission_type), e);
        }
        m.into_values().collect()
    }

    /// The writer's bytes from [`reference_entries`]: group them by
    /// resource type, then write each group.
    fn reference(permissions: &[Rtm2Permission]) -> Vec<u8> {
        let entries = reference_entries(permissions);
        let mut groups: Vec<(u16, Vec<&Rtm2Permission>)> = Vec::new();
        for &e in &entries {
            match groups.last_mut() {
                Some((rt, list)) if *rt == e.resource_type => list.push(e),
                _ => groups.push((e.resource_type, vec![e])),
            }
        }
        let mut out = Vec::new();
        let put = |out: &mut Vec<u8>, v: usize| out.extend_from_slice(&(v as u16).to_le_bytes());
        put(&mut out, groups.len());
        for (rt, list) in groups {
            put(&mut out, rt as usize);
            put(&mut out, list.len());
            for e in list {
                put(&mut out, e.permission_type as usize);
                put(&mut out, e.resources.len());
                for r in &e.resources {
                    put(&mut out, r.len());
                    out.extend_from_slice(r);
                }
            }
        }
        out
    }

    #[test]
    fn permissions_are_written_sorted_grouped_and_last_wins() {
        // Random lists of 0-150 entries (past the 64 sorted on the stack)
        // over few pairs, so that pairs repeat and groups merge.
        let mut x = 0x9e37_79b9u32;
        let mut next = move |n: u32| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x % n
        };
        for round in 0..2000 {
            let len = if round % 10 == 0 {
                65 + next(86)
            } else {
                next(12)
            };
            let permissions: Vec<Rtm2Permission> = (0..len)
                .map(|i| Rtm2Permission {
                    resource_type: next(4) as u16,
                    permission_type: next(3) as u16,
                    resources: (0..next(3))
                        .map(|r| vec![b'a' + r as u8; i as usize % 4])
                        .collect(),
                })
                .collect();
            let mut buf = Vec::new();
            write_permissions(&mut Writer::new(&mut buf), &permissions).unwrap();
            assert_eq!(buf, reference(&permissions), "round {round}");
            let added = Rtm2Permissions {
                entries: permissions.clone(),
            };
            let want: Vec<Rtm2Permission> = reference_entries(&permissions)
                .into_iter()
                .cloned()
                .collect();
            assert_eq!(added.entries(), want, "round {round}");
        }
    }
}
