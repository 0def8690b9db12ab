//! The reference builders of both formats, with the reference semantics
//! (FORMAT.md section 5) for every representable value.
//!
//! Every function takes [`Options`] last: `Options::default()` uses the clock
//! and a fresh random salt; fixed values reproduce a token exactly.
//! 006 lifetimes are **absolute** Unix times; 007 lifetimes are **seconds from
//! the issue time**. The typed API in [`crate::typed`] makes mixing the two
//! impossible.

use crate::common::{Options, UserId};
use crate::crypto::md5_hex_bytes;
use crate::error::{Error, Result};
use crate::v006::{build006, privilege as p006};
use crate::v007::service_type::{APAAS, CHAT, FPA, RTC, RTM, RTM2};
use crate::v007::{
    privilege as p007, write_service, BodyRef, Head, Rtm2Permissions, Service, ServiceBody,
};
use crate::wire::Writer;

/// RTC role selectors. 007: 1 publisher (all four privileges), anything else
/// join only. 006: 0, 1 and 101 publish, anything else join only.
pub mod role {
    /// 006 only; the reference calls it a deprecated alias of publisher.
    pub const ATTENDEE: i64 = 0;
    /// Publisher.
    pub const PUBLISHER: i64 = 1;
    /// Subscriber.
    pub const SUBSCRIBER: i64 = 2;
    /// 006 only; the reference calls it a deprecated alias of publisher.
    pub const ADMIN: i64 = 101;
    /// The RTM user role of the 006 RTM builder (ignored by it).
    pub const RTM_USER: i64 = 1;
}

/// The privileges of a 007 RTC service, in id order: join, and for a
/// publisher the three publish ones (`all[..n]`).
fn rtc_007_privileges(
    publish: bool,
    join: u32,
    a: u32,
    v: u32,
    d: u32,
) -> ([(u16, u32); 4], usize) {
    let all = [
        (p007::RTC_JOIN_CHANNEL, join),
        (p007::RTC_PUBLISH_AUDIO, a),
        (p007::RTC_PUBLISH_VIDEO, v),
        (p007::RTC_PUBLISH_DATA, d),
    ];
    (all, if publish { 4 } else { 1 })
}

/// 007 RTC builders (`RtcTokenBuilder2`).
pub mod rtc {
    use super::*;

    /// RTC token for a numeric uid (0 = any user). Role 1 adds the three
    /// publish privileges; every privilege gets `privilege_expire`.
    #[allow(clippy::too_many_arguments)]
    pub fn build_token_with_uid(
        app_id: impl AsRef<[u8]>,
        app_certificate: impl AsRef<[u8]>,
        channel_name: impl AsRef<[u8]>,
        uid: u32,
        role: i64,
        token_expire: u32,
        privilege_expire: u32,
        opts: &Options,
    ) -> Result<String> {
        build_token_with_user(
            app_id,
            app_certificate,
            channel_name,
            UserId::Uid(uid),
            role,
            token_expire,
            privilege_expire,
            opts,
        )
    }

    /// RTC token for a string account.
    #[allow(clippy::too_many_arguments)]
    pub fn build_token_with_user_account(
        app_id: impl AsRef<[u8]>,
        app_certificate: impl AsRef<[u8]>,
        channel_name: impl AsRef<[u8]>,
        account: impl AsRef<[u8]>,
        role: i64,
        token_expire: u32,
        privilege_expire: u32,
        opts: &Options,
    ) -> Result<String> {
        build_token_with_user(
            app_id,
            app_certificate,
            channel_name,
            UserId::Account(account.as_ref()),
            role,
            token_expire,
            privilege_expire,
            opts,
        )
    }

    /// RTC token for a uid or an account.
    #[allow(clippy::too_many_arguments)]
    pub fn build_token_with_user(
        app_id: impl AsRef<[u8]>,
        app_certificate: impl AsRef<[u8]>,
        channel_name: impl AsRef<[u8]>,
        user: UserId<'_>,
        role: i64,
        token_expire: u32,
        privilege_expire: u32,
        opts: &Options,
    ) -> Result<String> {
        let pe = privilege_expire;
        // Written straight from the caller's strings (no `AccessToken2`);
        // a numeric uid is formatted on the stack.
        let head = Head::new(
            app_id.as_ref(),
            app_certificate.as_ref(),
            token_expire,
            opts,
        )?;
        let mut digits = [0u8; 10];
        let uid = user.wire_in(&mut digits);
        let (all, n) = rtc_007_privileges(role == role::PUBLISHER, pe, pe, pe, pe);
        let privileges = &all[..n];
        let channel_name = channel_name.as_ref();
        head.build(1, |w| {
            write_service(w, RTC, privileges, BodyRef::Rtc { channel_name, uid })
        })
    }

    /// RTC token with a lifetime per privilege (always all four).
    #[allow(clippy::too_many_arguments)]
    pub fn build_token_with_uid_and_privilege(
        app_id: impl AsRef<[u8]>,
        app_certificate: impl AsRef<[u8]>,
        channel_name: impl AsRef<[u8]>,
        uid: u32,
        token_expire: u32,
        join_channel_privilege_expire: u32,
        pub_audio_privilege_expire: u32,
        pub_video_privilege_expire: u32,
        pub_data_stream_privilege_expire: u32,
        opts: &Options,
    ) -> Result<String> {
        build_token_with_user_and_privilege(
            app_id,
            app_certificate,
            channel_name,
            UserId::Uid(uid),
            token_expire,
            join_channel_privilege_expire,
            pub_audio_privilege_expire,
            pub_video_privilege_expire,
            pub_data_stream_privilege_expire,
            opts,
        )
    }

    /// As [`build_token_with_uid_and_privilege`], for a string account.
    #[allow(clippy::too_many_arguments)]
    pub fn build_token_with_user_account_and_privilege(
        app_id: impl AsRef<[u8]>,
        app_certificate: impl AsRef<[u8]>,
        channel_name: impl AsRef<[u8]>,
        account: impl AsRef<[u8]>,
        token_expire: u32,
        join_channel_privilege_expire: u32,
        pub_audio_privilege_expire: u32,
        pub_video_privilege_expire: u32,
        pub_data_stream_privilege_expire: u32,
        opts: &Options,
    ) -> Result<String> {
        build_token_with_user_and_privilege(
            app_id,
            app_certificate,
            channel_name,
            UserId::Account(account.as_ref()),
            token_expire,
            join_channel_privilege_expire,
            pub_audio_privilege_expire,
            pub_video_privilege_expire,
            pub_data_stream_privilege_expire,
            opts,
        )
    }

    /// Four lifetimes, uid or account.
    #[allow(clippy::too_many_arguments)]
    pub fn build_token_with_user_and_privilege(
        app_id: impl AsRef<[u8]>,
        app_certificate: impl AsRef<[u8]>,
        channel_name: impl AsRef<[u8]>,
        user: UserId<'_>,
        token_expire: u32,
        join: u32,
        audio: u32,
        video: u32,
        data: u32,
        opts: &Options,
    ) -> Result<String> {
        let head = Head::new(
            app_id.as_ref(),
            app_certificate.as_ref(),
            token_expire,
            opts,
        )?;
        let mut digits = [0u8; 10];
        let uid = user.wire_in(&mut digits);
        let (privileges, _) = rtc_007_privileges(true, join, audio, video, data);
        let channel_name = channel_name.as_ref();
        head.build(1, |w| {
            write_service(w, RTC, &privileges, BodyRef::Rtc { channel_name, uid })
        })
    }

    /// RTC (for `account`) plus RTM (user id = the same account, login
    /// privilege with the *token* lifetime).
    #[allow(clippy::too_many_arguments)]
    pub fn build_token_with_rtm(
        app_id: impl AsRef<[u8]>,
        app_certificate: impl AsRef<[u8]>,
        channel_name: impl AsRef<[u8]>,
        account: impl AsRef<[u8]>,
        role: i64,
        token_expire: u32,
        privilege_expire: u32,
        opts: &Options,
    ) -> Result<String> {
        let pe = privilege_expire;
        rtc_rtm_plus(
            app_id.as_ref(),
            app_certificate.as_ref(),
            channel_name.as_ref(),
            UserId::Account(account.as_ref()),
            role,
            [token_expire, pe, pe, pe, pe],
            account.as_ref(),
            token_expire,
            None,
            opts,
        )
    }

    /// RTC and RTM with separate lifetimes. The RTM part is service type 2
    /// (RTM), not RTM2, despite the name.
    #[allow(clippy::too_many_arguments)]
    pub fn build_token_with_rtm2(
        app_id: impl AsRef<[u8]>,
        app_certificate: impl AsRef<[u8]>,
        channel_name: impl AsRef<[u8]>,
        rtc_account: UserId<'_>,
        rtc_role: i64,
        rtc_token_expire: u32,
        join_channel_privilege_expire: u32,
        pub_audio_privilege_expire: u32,
        pub_video_privilege_expire: u32,
        pub_data_stream_privilege_expire: u32,
        rtm_user_id: impl AsRef<[u8]>,
        rtm_token_expire: u32,
        opts: &Options,
    ) -> Result<String> {
        rtc_rtm_plus(
            app_id.as_ref(),
            app_certificate.as_ref(),
            channel_name.as_ref(),
            rtc_account,
            rtc_role,
            [
                rtc_token_expire,
                join_channel_privilege_expire,
                pub_audio_privilege_expire,
                pub_video_privilege_expire,
                pub_data_stream_privilege_expire,
            ],
            rtm_user_id.as_ref(),
            rtm_token_expire,
            None,
            opts,
        )
    }
}

/// The shared body of `build_token_with_rtm2` and the ConvoAI / STT builders.
/// `times` = token expire, join, audio, video, data.
#[allow(clippy::too_many_arguments)]
fn rtc_rtm_plus(
    app_id: &[u8],
    cert: &[u8],
    channel: &[u8],
    rtc_account: UserId<'_>,
    rtc_role: i64,
    times: [u32; 5],
    rtm_user_id: &[u8],
    rtm_token_expire: u32,
    extra: Option<ServiceBody>,
    opts: &Options,
) -> Result<String> {
    let [te, join, a, v, d] = times;
    let head = Head::new(app_id, cert, te, opts)?;
    let mut digits = [0u8; 10];
    let uid = rtc_account.wire_in(&mut digits);
    let (all, n) = rtc_007_privileges(rtc_role == role::PUBLISHER, join, a, v, d);
    // In type order, as `AccessToken2` writes them: RTC (1), RTM (2), then
    // the extra service (ConvoAI 9 or STT 10).
    let extra = extra.map(Service::new);
    head.build(2 + extra.is_some() as usize, |w| {
        write_service(
            w,
            RTC,
            &all[..n],
            BodyRef::Rtc {
                channel_name: channel,
                uid,
            },
        )?;
        write_service(
            w,
            RTM,
            &[(p007::LOGIN, rtm_token_expire)],
            BodyRef::Rtm {
                user_id: rtm_user_id,
            },
        )?;
        match &extra {
            Some(s) => write_service(w, s.service_type(), &[], BodyRef::Owned(&s.body)),
            None => Ok(()),
        }
    })
}

/// 007 RTM builders (`RtmTokenBuilder2`).
pub mod rtm {
    use super::*;

    /// RTM (type 2) login token; the privilege gets the token lifetime.
    pub fn build_token(
        app_id: impl AsRef<[u8]>,
        app_certificate: impl AsRef<[u8]>,
        user_id: impl AsRef<[u8]>,
        expire: u32,
        opts: &Options,
    ) -> Result<String> {
        // Written straight from the caller's strings (no `AccessToken2`).
        let head = Head::new(app_id.as_ref(), app_certificate.as_ref(), expire, opts)?;
        head.build(1, |w| {
            let user_id = user_id.as_ref();
            write_service(w, RTM, &[(p007::LOGIN, expire)], BodyRef::Rtm { user_id })
        })
    }

    /// RTM2 (type 8) token with resource permissions.
    pub fn build_token_with_permissions(
        app_id: impl AsRef<[u8]>,
        app_certificate: impl AsRef<[u8]>,
        user_id: impl AsRef<[u8]>,
        permissions: &Rtm2Permissions,
        expire: u32,
        opts: &Options,
    ) -> Result<String> {
        let head = Head::new(app_id.as_ref(), app_certificate.as_ref(), expire, opts)?;
        let user_id = user_id.as_ref();
        head.build(1, |w| {
            write_service(
                w,
                RTM2,
                &[(p007::LOGIN, expire)],
                BodyRef::Rtm2 {
                    user_id,
                    permissions: permissions.added(),
                },
            )
        })
    }
}

/// 007 Chat builders (`ChatTokenBuilder2`).
pub mod chat {
    use super::*;

    /// Chat user token.
    pub fn build_user_token(
        app_id: impl AsRef<[u8]>,
        app_certificate: impl AsRef<[u8]>,
        user_id: impl AsRef<[u8]>,
        expire: u32,
        opts: &Options,
    ) -> Result<String> {
        chat_token(
            app_id.as_ref(),
            app_certificate.as_ref(),
            user_id.as_ref(),
            p007::CHAT_USER,
            expire,
            opts,
        )
    }

    /// Chat app token.
    pub fn build_app_token(
        app_id: impl AsRef<[u8]>,
        app_certificate: impl AsRef<[u8]>,
        expire: u32,
        opts: &Options,
    ) -> Result<String> {
        chat_token(
            app_id.as_ref(),
            app_certificate.as_ref(),
            b"",
            p007::CHAT_APP,
            expire,
            opts,
        )
    }

    /// One Chat service (its body is laid out as RTM's: the user id).
    fn chat_token(
        app_id: &[u8],
        cert: &[u8],
        user_id: &[u8],
        privilege: u16,
        expire: u32,
        opts: &Options,
    ) -> Result<String> {
        Head::new(app_id, cert, expire, opts)?.build(1, |w| {
            write_service(w, CHAT, &[(privilege, expire)], BodyRef::Rtm { user_id })
        })
    }
}

/// 007 FPA builder.
pub mod fpa {
    use super::*;

    /// FPA token: lifetime 24 h, login privilege 0.
    pub fn build_token(
        app_id: impl AsRef<[u8]>,
        app_certificate: impl AsRef<[u8]>,
        opts: &Options,
    ) -> Result<String> {
        let head = Head::new(app_id.as_ref(), app_certificate.as_ref(), 24 * 3600, opts)?;
        head.build(1, |w| {
            write_service(
                w,
                FPA,
                &[(p007::LOGIN, 0)],
                BodyRef::Owned(&ServiceBody::Fpa),
            )
        })
    }
}

/// 007 APaaS builders (`ApaasTokenBuilder`); [`education`](crate::builders::education)
/// is the same thing under the other name.
pub mod apaas {
    use super::*;

    /// Room user: RTM(user_uuid), Chat(md5 hex of user_uuid) and
    /// APaaS(room, user, role), each with the token lifetime.
    pub fn build_room_user_token(
        app_id: impl AsRef<[u8]>,
        app_certificate: impl AsRef<[u8]>,
        room_uuid: impl AsRef<[u8]>,
        user_uuid: impl AsRef<[u8]>,
        role: i16,
        expire: u32,
        opts: &Options,
    ) -> Result<String> {
        let user = user_uuid.as_ref();
        let head = Head::new(app_id.as_ref(), app_certificate.as_ref(), expire, opts)?;
        let chat_user = md5_hex_bytes(user);
        let room_uuid = room_uuid.as_ref();
        // In type order: RTM (2), Chat (5), APaaS (7).
        head.build(3, |w| {
            write_service(
                w,
                RTM,
                &[(p007::LOGIN, expire)],
                BodyRef::Rtm { user_id: user },
            )?;
            write_service(
                w,
                CHAT,
                &[(p007::CHAT_USER, expire)],
                BodyRef::Rtm {
                    user_id: &chat_user,
                },
            )?;
            apaas_service(w, room_uuid, user, role, p007::APAAS_ROOM_USER, expire)
        })
    }

    /// User token: APaaS("", user_uuid, -1) with the user privilege.
    pub fn build_user_token(
        app_id: impl AsRef<[u8]>,
        app_certificate: impl AsRef<[u8]>,
        user_uuid: impl AsRef<[u8]>,
        expire: u32,
        opts: &Options,
    ) -> Result<String> {
        let head = Head::new(app_id.as_ref(), app_certificate.as_ref(), expire, opts)?;
        let user = user_uuid.as_ref();
        head.build(1, |w| {
            apaas_service(w, b"", user, -1, p007::APAAS_USER, expire)
        })
    }

    /// App token: APaaS("", "", -1) with the app privilege.
    pub fn build_app_token(
        app_id: impl AsRef<[u8]>,
        app_certificate: impl AsRef<[u8]>,
        expire: u32,
        opts: &Options,
    ) -> Result<String> {
        let head = Head::new(app_id.as_ref(), app_certificate.as_ref(), expire, opts)?;
        head.build(1, |w| {
            apaas_service(w, b"", b"", -1, p007::APAAS_APP, expire)
        })
    }

    /// One APaaS service with one privilege.
    fn apaas_service(
        w: &mut Writer<'_>,
        room_uuid: &[u8],
        user_uuid: &[u8],
        role: i16,
        privilege: u16,
        expire: u32,
    ) -> Result<()> {
        write_service(
            w,
            APAAS,
            &[(privilege, expire)],
            BodyRef::Apaas {
                room_uuid,
                user_uuid,
                role,
            },
        )
    }
}

/// The education builders are the APaaS builders under another name.
pub use apaas as education;

macro_rules! rtc_rtm_extra_builder {
    ($modname:ident, $body:expr, $doc:literal) => {
        #[doc = $doc]
        pub mod $modname {
            use super::*;

            /// RTC and RTM exactly as `rtc::build_token_with_rtm2`, then the
            /// extra service with an empty privilege map.
            #[allow(clippy::too_many_arguments)]
            pub fn build_token(
                app_id: impl AsRef<[u8]>,
                app_certificate: impl AsRef<[u8]>,
                channel_name: impl AsRef<[u8]>,
                rtc_account: UserId<'_>,
                rtc_role: i64,
                rtc_token_expire: u32,
                join_channel_privilege_expire: u32,
                pub_audio_privilege_expire: u32,
                pub_video_privilege_expire: u32,
                pub_data_stream_privilege_expire: u32,
                rtm_user_id: impl AsRef<[u8]>,
                rtm_token_expire: u32,
                opts: &Options,
            ) -> Result<String> {
                rtc_rtm_plus(
                    app_id.as_ref(),
                    app_certificate.as_ref(),
                    channel_name.as_ref(),
                    rtc_account,
                    rtc_role,
                    [
                        rtc_token_expire,
                        join_channel_privilege_expire,
                        pub_audio_privilege_expire,
                        pub_video_privilege_expire,
                        pub_data_stream_privilege_expire,
                    ],
                    rtm_user_id.as_ref(),
                    rtm_token_expire,
                    Some($body),
                    opts,
                )
            }
        }
    };
}

rtc_rtm_extra_builder!(
    convoai,
    ServiceBody::ConvoAi,
    "RTC + RTM + ConvoAI (type 9), as npm agora-token 2.0.6 `ConvoAITokenBuilder`."
);
rtc_rtm_extra_builder!(
    stt,
    ServiceBody::Stt,
    "RTC + RTM + STT (type 10), as npm agora-token 2.0.6 `SttTokenBuilder`."
);

/// 006 message timestamp for a build at `now`: `now + 86400`.
fn ts006(opts: &Options) -> Result<(u32, u32)> {
    let now = opts.issue_ts()?;
    let ts = now.checked_add(24 * 3600).ok_or_else(|| {
        Error::out_of_range("now + 86400", now as u64 + 86400, 0, u32::MAX as i64)
    })?;
    Ok((opts.salt(), ts))
}

/// 006 RTC builders (`RtcTokenBuilder`). `privilege_expired_ts` is an
/// absolute Unix time.
pub mod rtc006 {
    use super::*;

    /// Roles 0, 1 and 101 get the three publish privileges as well.
    pub fn publishes(role: i64) -> bool {
        matches!(role, role::ATTENDEE | role::PUBLISHER | role::ADMIN)
    }

    /// 006 RTC token for a numeric uid (0 = any user).
    pub fn build_token_with_uid(
        app_id: impl AsRef<[u8]>,
        app_certificate: impl AsRef<[u8]>,
        channel_name: impl AsRef<[u8]>,
        uid: u32,
        role: i64,
        privilege_expired_ts: u32,
        opts: &Options,
    ) -> Result<String> {
        build_token_with_user(
            app_id,
            app_certificate,
            channel_name,
            UserId::Uid(uid),
            role,
            privilege_expired_ts,
            opts,
        )
    }

    /// 006 RTC token for a string account.
    pub fn build_token_with_account(
        app_id: impl AsRef<[u8]>,
        app_certificate: impl AsRef<[u8]>,
        channel_name: impl AsRef<[u8]>,
        account: impl AsRef<[u8]>,
        role: i64,
        privilege_expired_ts: u32,
        opts: &Options,
    ) -> Result<String> {
        build_token_with_user(
            app_id,
            app_certificate,
            channel_name,
            UserId::Account(account.as_ref()),
            role,
            privilege_expired_ts,
            opts,
        )
    }

    /// 006 RTC token for a uid or an account.
    pub fn build_token_with_user(
        app_id: impl AsRef<[u8]>,
        app_certificate: impl AsRef<[u8]>,
        channel_name: impl AsRef<[u8]>,
        user: UserId<'_>,
        role: i64,
        privilege_expired_ts: u32,
        opts: &Options,
    ) -> Result<String> {
        let (salt, ts) = ts006(opts)?;
        let mut digits = [0u8; 10];
        let uid = user.wire_in(&mut digits);
        let e = privilege_expired_ts;
        let all = [
            (p006::JOIN_CHANNEL, e),
            (p006::PUBLISH_AUDIO, e),
            (p006::PUBLISH_VIDEO, e),
            (p006::PUBLISH_DATA, e),
        ];
        build006(
            &String::from_utf8_lossy(app_id.as_ref()),
            app_certificate.as_ref(),
            channel_name.as_ref(),
            uid,
            salt,
            ts,
            if publishes(role) { &all } else { &all[..1] },
        )
    }
}

/// 006 RTM builder (`RtmTokenBuilder`).
pub mod rtm006 {
    use super::*;

    /// 006 RTM token: the account in the channel slot, an empty uid and the
    /// RTM login privilege (1000) until `privilege_expired_ts` (absolute).
    /// The reference's role argument is ignored, so it is not taken.
    pub fn build_token(
        app_id: impl AsRef<[u8]>,
        app_certificate: impl AsRef<[u8]>,
        user_account: impl AsRef<[u8]>,
        privilege_expired_ts: u32,
        opts: &Options,
    ) -> Result<String> {
        let (salt, ts) = ts006(opts)?;
        build006(
            &String::from_utf8_lossy(app_id.as_ref()),
            app_certificate.as_ref(),
            user_account.as_ref(),
            b"",
            salt,
            ts,
            &[(p006::RTM_LOGIN, privilege_expired_ts)],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::v006::AccessToken006;
    use crate::v007::AccessToken2;

    const APP_ID: &str = "970CA35de60c44645bbae8a215061b33";
    const CERT: &str = "5CFd2fd1755d40ecb72977518be15d3b";

    fn rtc_007_service(
        user: &[u8],
        channel: &[u8],
        publish: bool,
        join: u32,
        a: u32,
        v: u32,
        d: u32,
    ) -> Service {
        let (all, n) = rtc_007_privileges(publish, join, a, v, d);
        Service {
            privileges: all[..n].to_vec(),
            body: ServiceBody::Rtc {
                channel_name: channel.to_vec(),
                uid: user.to_vec(),
            },
        }
    }

    /// An RTM2 service is the one whose size no field caps: its builder
    /// refuses a payload over `MAX_PAYLOAD_LEN` as the token object does,
    /// and builds one just under it (a token that parses back).
    #[test]
    fn rtm2_builder_keeps_the_payload_limit() {
        let o = Options::fixed(9, 1_700_000_000);
        let resource = vec![b'r'; 65_535];
        // Fixed part: 2 + 32 signature, 2 + 32 app id, 12 of times and
        // salt, 2 of count; the service: 2 type, 2 + 6 privileges, 2 + 1
        // user id, 2 resource-type count. Each permission, alone in its
        // resource type: 2 type + 2 permission-type count, 2 permission
        // type + 2 resource count, 2 + 65 535 of its one resource.
        let fixed = 2 + 32 + 2 + 32 + 12 + 2 + 2 + 8 + 3 + 2;
        let per = 2 + 2 + 2 + 2 + 2 + 65_535;
        let fits = (crate::MAX_PAYLOAD_LEN - fixed) / per;
        for (n, ok) in [(fits, true), (fits + 1, false), (40, false)] {
            let mut p = Rtm2Permissions::new();
            for i in 0..n {
                p.add(i as u16, 0, [&resource]);
            }
            let fast = rtm::build_token_with_permissions(APP_ID, CERT, "u", &p, 600, &o);
            let mut t = AccessToken2::new(APP_ID, CERT, 1_700_000_000, 600, 9);
            t.add_service(Service::rtm2("u", &p).with_privilege(p007::LOGIN, 600));
            assert_eq!(fast, t.build(), "{n} permissions");
            match fast {
                Ok(token) => {
                    assert!(ok, "{n} permissions built");
                    assert!(token.len() <= crate::MAX_TOKEN_LEN);
                    let parsed = crate::v007::Token007::parse(&token).expect("parses");
                    assert_eq!(parsed.payload.len(), fixed + n * per);
                }
                Err(e) => {
                    assert!(!ok, "{n} permissions: {e}");
                    assert_eq!(e.code(), crate::ErrorCode::ValueTooLong);
                }
            }
        }
    }

    /// The multi-service and per-privilege RTC builders and the Chat, FPA
    /// and APaaS builders, written straight from the caller's values, give
    /// what `AccessToken2` gives for the same services (the reference's
    /// composition), errors included; the 006 builders what
    /// `AccessToken006` gives.
    #[test]
    fn borrowed_builders_match_the_token_objects() {
        let long = "c".repeat(70_000);
        let general = |app: &str,
                       channel: &str,
                       uid: &[u8],
                       publish: bool,
                       times: [u32; 5],
                       rtm: Option<(&str, u32)>,
                       extra: Option<ServiceBody>| {
            let mut t = AccessToken2::new(app, CERT, 1_700_000_000, times[0], 9);
            let [_, j, a, v, d] = times;
            t.add_service(rtc_007_service(
                uid,
                channel.as_bytes(),
                publish,
                j,
                a,
                v,
                d,
            ));
            if let Some((user, expire)) = rtm {
                t.add_service(Service::rtm(user).with_privilege(p007::LOGIN, expire));
            }
            if let Some(body) = extra {
                t.add_service(Service::new(body));
            }
            t.build()
        };
        let o = Options::fixed(9, 1_700_000_000);
        for (app, channel) in [(APP_ID, "chan"), (APP_ID, &long[..]), ("x", "chan")] {
            for (user, uid) in [
                (UserId::Uid(0), &b""[..]),
                (UserId::Uid(42), b"42"),
                (UserId::Account(b"bob"), b"bob"),
            ] {
                let times = [900, 100, 200, 300, 400];
                let fast = rtc::build_token_with_user_and_privilege(
                    app, CERT, channel, user, 900, 100, 200, 300, 400, &o,
                );
                assert_eq!(fast, general(app, channel, uid, true, times, None, None));
                for role in [role::PUBLISHER, role::SUBSCRIBER] {
                    let publish = role == role::PUBLISHER;
                    if let UserId::Account(a) = user {
                        let a = std::str::from_utf8(a).unwrap();
                        let fast =
                            rtc::build_token_with_rtm(app, CERT, channel, a, role, 900, 300, &o);
                        let want = general(
                            app,
                            channel,
                            uid,
                            publish,
                            [900, 300, 300, 300, 300],
                            Some((a, 900)),
                            None,
                        );
                        assert_eq!(fast, want, "with_rtm role {role}");
                    }
                    let args = (
                        app, CERT, channel, user, role, 900, 100, 200, 300, 400, "rtm-user", 500,
                        &o,
                    );
                    let want = |extra| {
                        general(
                            app,
                            channel,
                            uid,
                            publish,
                            times,
                            Some(("rtm-user", 500)),
                            extra,
                        )
                    };
                    assert_eq!(
                        rtc::build_token_with_rtm2(
                            args.0, args.1, args.2, args.3, args.4, args.5, args.6, args.7, args.8,
                            args.9, args.10, args.11, args.12
                        ),
                        want(None)
                    );
                    assert_eq!(
                        convoai::build_token(
                            args.0, args.1, args.2, args.3, args.4, args.5, args.6, args.7, args.8,
                            args.9, args.10, args.11, args.12
                        ),
                        want(Some(ServiceBody::ConvoAi))
                    );
                    assert_eq!(
                        stt::build_token(
                            args.0, args.1, args.2, args.3, args.4, args.5, args.6, args.7, args.8,
                            args.9, args.10, args.11, args.12
                        ),
                        want(Some(ServiceBody::Stt))
                    );
                }
            }
        }
        // Chat, FPA and APaaS: each string empty, plain, not UTF-8 and too
        // long for its length field; valid and invalid app ids.
        let long = vec![b'u'; 70_000];
        for app in [APP_ID, "x"] {
            for user in [&b""[..], b"bob", b"\xff\xfe", &long] {
                let tok = |services: Vec<Service>, expire| {
                    let mut t = AccessToken2::new(app, CERT, 1_700_000_000, expire, 9);
                    services.into_iter().for_each(|s| {
                        t.add_service(s);
                    });
                    t.build()
                };
                assert_eq!(
                    chat::build_user_token(app, CERT, user, 600, &o),
                    tok(
                        vec![Service::chat(user).with_privilege(p007::CHAT_USER, 600)],
                        600
                    )
                );
                assert_eq!(
                    chat::build_app_token(app, CERT, 600, &o),
                    tok(
                        vec![Service::chat("").with_privilege(p007::CHAT_APP, 600)],
                        600
                    )
                );
                let mut p = Rtm2Permissions::new();
                p.add(2, 1, [user, b"x"])
                    .add(0, 0, [b"c"])
                    .add(2, 0, [user])
                    .add(2, 1, [b"y"]);
                assert_eq!(
                    rtm::build_token_with_permissions(app, CERT, user, &p, 600, &o),
                    tok(
                        vec![Service::rtm2(user, &p).with_privilege(p007::LOGIN, 600)],
                        600
                    )
                );
                assert_eq!(
                    fpa::build_token(app, CERT, &o),
                    tok(
                        vec![Service::new(ServiceBody::Fpa).with_privilege(p007::LOGIN, 0)],
                        86_400
                    )
                );
                for room in [&b""[..], b"room", &long] {
                    let want = tok(
                        vec![
                            Service::rtm(user).with_privilege(p007::LOGIN, 600),
                            Service::chat(crate::md5_hex(user))
                                .with_privilege(p007::CHAT_USER, 600),
                            Service::apaas(room, user, -7)
                                .with_privilege(p007::APAAS_ROOM_USER, 600),
                        ],
                        600,
                    );
                    assert_eq!(
                        apaas::build_room_user_token(app, CERT, room, user, -7, 600, &o),
                        want
                    );
                }
                assert_eq!(
                    apaas::build_user_token(app, CERT, user, 600, &o),
                    tok(
                        vec![Service::apaas("", user, -1).with_privilege(p007::APAAS_USER, 600)],
                        600
                    )
                );
                assert_eq!(
                    apaas::build_app_token(app, CERT, 600, &o),
                    tok(
                        vec![Service::apaas("", "", -1).with_privilege(p007::APAAS_APP, 600)],
                        600
                    )
                );
            }
        }
        // 006: RTM, RTC for uids and accounts, both role kinds, bad inputs
        // (a non-UTF-8 app id is read through `from_utf8_lossy` by both).
        for app in [
            APP_ID.as_bytes(),
            b"x",
            b"970CA35de60c44645bbae8a215061b3\xff",
        ] {
            for cert in [CERT, "short"] {
                let mut t = AccessToken006::new(app, cert, "alice", "", 9, 1_700_086_400);
                t.add_privilege(p006::RTM_LOGIN, 1_800_000_000);
                assert_eq!(
                    rtm006::build_token(app, cert, "alice", 1_800_000_000, &o),
                    t.build()
                );
                for (user, uid) in [
                    (UserId::Uid(0), &b""[..]),
                    (UserId::Uid(7), b"7"),
                    (UserId::Account(b"bob"), b"bob"),
                ] {
                    for role in [role::PUBLISHER, role::SUBSCRIBER] {
                        let mut t = AccessToken006::new(app, cert, "chan", uid, 9, 1_700_086_400);
                        t.add_privilege(p006::JOIN_CHANNEL, 1_800_000_000);
                        if rtc006::publishes(role) {
                            for id in [p006::PUBLISH_AUDIO, p006::PUBLISH_VIDEO, p006::PUBLISH_DATA]
                            {
                                t.add_privilege(id, 1_800_000_000);
                            }
                        }
                        let fast = rtc006::build_token_with_user(
                            app,
                            cert,
                            "chan",
                            user,
                            role,
                            1_800_000_000,
                            &o,
                        );
                        assert_eq!(fast, t.build(), "006 rtc role {role}");
                    }
                }
            }
        }
    }

    /// The borrowed fast path of the RTM and RTC builders writes what the
    /// general `AccessToken2` writes for the same service.
    #[test]
    fn fast_builders_match_access_token2() {
        for (i, user) in ["", "alice", "a\u{e9}\u{1f600}"].iter().enumerate() {
            let o = Options::fixed(1 + i as u32, 1_700_000_000 + i as u32);
            let mut t =
                AccessToken2::new(APP_ID, CERT, 1_700_000_000 + i as u32, 600, 1 + i as u32);
            t.add_service(Service::rtm(user).with_privilege(p007::LOGIN, 600));
            assert_eq!(
                rtm::build_token(APP_ID, CERT, user, 600, &o).unwrap(),
                t.build().unwrap()
            );
        }
        for (uid, role) in [
            (0u32, role::PUBLISHER),
            (7, role::SUBSCRIBER),
            (u32::MAX, role::PUBLISHER),
        ] {
            let o = Options::fixed(5, 1_700_000_000);
            let mut t = AccessToken2::new(APP_ID, CERT, 1_700_000_000, 900, 5);
            t.add_service(rtc_007_service(
                &UserId::Uid(uid).to_wire(),
                b"chan",
                role == role::PUBLISHER,
                300,
                300,
                300,
                300,
            ));
            let fast = rtc::build_token_with_uid(APP_ID, CERT, "chan", uid, role, 900, 300, &o);
            assert_eq!(fast.unwrap(), t.build().unwrap(), "uid {uid} role {role}");
        }
        // Errors come in the same order as before: clock, app id, certificate.
        let o = Options::fixed(1, 1_700_000_000);
        let e = rtm::build_token("x", CERT, "u", 600, &o).unwrap_err();
        let mut t = AccessToken2::new("x", CERT, 1_700_000_000, 600, 1);
        t.add_service(Service::rtm("u").with_privilege(p007::LOGIN, 600));
        assert_eq!(e.code(), t.build().unwrap_err().code());
    }
}
