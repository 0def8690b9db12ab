//! The reference builders of both formats, with the reference semantics
//! (FORMAT.md section 5) for every representable value.
//!
//! Every function takes [`Options`] last: `Options::default()` uses the clock
//! and a fresh random salt; fixed values reproduce a token exactly.
//! 006 lifetimes are **absolute** Unix times; 007 lifetimes are **seconds from
//! the issue time**. The typed API in [`crate::typed`] makes mixing the two
//! impossible.

use crate::common::{uid_digits, Options, UserId};
use crate::crypto::md5_hex;
use crate::error::{Error, Result};
use crate::v006::{privilege as p006, AccessToken006};
use crate::v007::service_type::{RTC, RTM};
use crate::v007::{
    privilege as p007, write_service, AccessToken2, BodyRef, Head, Rtm2Permissions, Service,
    ServiceBody,
};

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

fn token2(app_id: &[u8], cert: &[u8], expire: u32, opts: &Options) -> Result<AccessToken2> {
    AccessToken2::with_options(app_id, cert, expire, opts)
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
        let uid = match user {
            UserId::Uid(n) => uid_digits(n, &mut digits),
            UserId::Account(a) => a,
        };
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
        let mut t = token2(
            app_id.as_ref(),
            app_certificate.as_ref(),
            token_expire,
            opts,
        )?;
        t.add_service(rtc_007_service(
            &user.to_wire(),
            channel_name.as_ref(),
            true,
            join,
            audio,
            video,
            data,
        ));
        t.build()
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
        let account = account.as_ref();
        let pe = privilege_expire;
        let mut t = token2(
            app_id.as_ref(),
            app_certificate.as_ref(),
            token_expire,
            opts,
        )?;
        t.add_service(rtc_007_service(
            account,
            channel_name.as_ref(),
            role == role::PUBLISHER,
            pe,
            pe,
            pe,
            pe,
        ));
        t.add_service(Service::rtm(account).with_privilege(p007::LOGIN, token_expire));
        t.build()
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
    let mut t = token2(app_id, cert, te, opts)?;
    t.add_service(rtc_007_service(
        &rtc_account.to_wire(),
        channel,
        rtc_role == role::PUBLISHER,
        join,
        a,
        v,
        d,
    ));
    t.add_service(Service::rtm(rtm_user_id).with_privilege(p007::LOGIN, rtm_token_expire));
    if let Some(body) = extra {
        t.add_service(Service::new(body));
    }
    t.build()
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
        let mut t = token2(app_id.as_ref(), app_certificate.as_ref(), expire, opts)?;
        t.add_service(Service::rtm2(user_id, permissions).with_privilege(p007::LOGIN, expire));
        t.build()
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
        let mut t = token2(app_id.as_ref(), app_certificate.as_ref(), expire, opts)?;
        t.add_service(Service::chat(user_id).with_privilege(p007::CHAT_USER, expire));
        t.build()
    }

    /// Chat app token.
    pub fn build_app_token(
        app_id: impl AsRef<[u8]>,
        app_certificate: impl AsRef<[u8]>,
        expire: u32,
        opts: &Options,
    ) -> Result<String> {
        let mut t = token2(app_id.as_ref(), app_certificate.as_ref(), expire, opts)?;
        t.add_service(Service::chat("").with_privilege(p007::CHAT_APP, expire));
        t.build()
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
        let mut t = token2(app_id.as_ref(), app_certificate.as_ref(), 24 * 3600, opts)?;
        t.add_service(Service::new(ServiceBody::Fpa).with_privilege(p007::LOGIN, 0));
        t.build()
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
        let mut t = token2(app_id.as_ref(), app_certificate.as_ref(), expire, opts)?;
        t.add_service(Service::rtm(user).with_privilege(p007::LOGIN, expire));
        t.add_service(Service::chat(md5_hex(user)).with_privilege(p007::CHAT_USER, expire));
        t.add_service(
            Service::apaas(room_uuid, user, role).with_privilege(p007::APAAS_ROOM_USER, expire),
        );
        t.build()
    }

    /// User token: APaaS("", user_uuid, -1) with the user privilege.
    pub fn build_user_token(
        app_id: impl AsRef<[u8]>,
        app_certificate: impl AsRef<[u8]>,
        user_uuid: impl AsRef<[u8]>,
        expire: u32,
        opts: &Options,
    ) -> Result<String> {
        let mut t = token2(app_id.as_ref(), app_certificate.as_ref(), expire, opts)?;
        t.add_service(Service::apaas("", user_uuid, -1).with_privilege(p007::APAAS_USER, expire));
        t.build()
    }

    /// App token: APaaS("", "", -1) with the app privilege.
    pub fn build_app_token(
        app_id: impl AsRef<[u8]>,
        app_certificate: impl AsRef<[u8]>,
        expire: u32,
        opts: &Options,
    ) -> Result<String> {
        let mut t = token2(app_id.as_ref(), app_certificate.as_ref(), expire, opts)?;
        t.add_service(Service::apaas("", "", -1).with_privilege(p007::APAAS_APP, expire));
        t.build()
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
        let mut t = AccessToken006::new(
            app_id,
            app_certificate,
            channel_name,
            user.to_wire(),
            salt,
            ts,
        );
        t.add_privilege(p006::JOIN_CHANNEL, privilege_expired_ts);
        if publishes(role) {
            t.add_privilege(p006::PUBLISH_AUDIO, privilege_expired_ts);
            t.add_privilege(p006::PUBLISH_VIDEO, privilege_expired_ts);
            t.add_privilege(p006::PUBLISH_DATA, privilege_expired_ts);
        }
        t.build()
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
        let mut t = AccessToken006::new(app_id, app_certificate, user_account, "", salt, ts);
        t.add_privilege(p006::RTM_LOGIN, privilege_expired_ts);
        t.build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The borrowed fast path of the RTM and RTC builders writes what the
    /// general `AccessToken2` writes for the same service.
    #[test]
    fn fast_builders_match_access_token2() {
        const APP_ID: &str = "970CA35de60c44645bbae8a215061b33";
        const CERT: &str = "5CFd2fd1755d40ecb72977518be15d3b";
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
