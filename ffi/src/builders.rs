//! One export per reference builder of both formats, plus the vector-style
//! JSON entry point that also covers the low-level `AccessToken2` service
//! list and `AccessToken006`.
//!
//! Every builder writes a NUL-terminated token into `out` and its length
//! (NUL not included) into `*out_len`. Lifetimes: 007 builders take seconds
//! from the issue time; 006 builders take absolute Unix times.

use std::ffi::c_char;

use agora_token::builders::{apaas, chat, convoai, fpa, rtc, rtc006, rtm, rtm006, stt};
use agora_token::v007::Rtm2Permissions;
use agora_token::{Options, UserId};

use crate::abi::{agora_token_result, in_bytes, in_slice, Fail};
use crate::export;
use crate::types::{agora_token_options, agora_token_rtm2_permission};

/// Reads the options; NULL means the defaults.
///
/// # Safety
/// `p` is NULL or points to a valid `agora_token_options`.
unsafe fn opts(p: *const agora_token_options) -> Options {
    if p.is_null() {
        Options::default()
    } else {
        // SAFETY: non-NULL, and the caller promises a valid struct.
        unsafe { p.read() }.to_core()
    }
}

fn token(r: agora_token::Result<String>) -> Result<Vec<u8>, Fail> {
    Ok(r?.into_bytes())
}

/// 007 RTC token for a numeric uid (0 = any user); `role`
/// AGORA_TOKEN_ROLE_PUBLISHER adds the three publish privileges, every
/// privilege lasting `privilege_expire` seconds.
///
/// Example:
/// `agora_token_rtc_build_with_uid(id, 32, cert, 32, "room", 4, 42,
/// AGORA_TOKEN_ROLE_PUBLISHER, 3600, 3600, NULL, buf, sizeof buf, &n)`.
///
/// # Safety
/// Each string pointer is NULL or valid for its length; `options` is NULL
/// or valid; `out` is NULL or valid for `out_capacity` bytes; `out_len` is
/// NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn agora_token_rtc_build_with_uid(
    app_id: *const c_char,
    app_id_len: usize,
    app_certificate: *const c_char,
    app_certificate_len: usize,
    channel_name: *const c_char,
    channel_name_len: usize,
    uid: u32,
    role: i64,
    token_expire: u32,
    privilege_expire: u32,
    options: *const agora_token_options,
    out: *mut c_char,
    out_capacity: usize,
    out_len: *mut usize,
) -> agora_token_result {
    export(out, out_capacity, out_len, || {
        // SAFETY: the caller contract in the doc comment.
        let (id, cert, ch, o) = unsafe {
            (
                in_bytes(app_id, app_id_len, "app_id")?,
                in_bytes(app_certificate, app_certificate_len, "app_certificate")?,
                in_bytes(channel_name, channel_name_len, "channel_name")?,
                opts(options),
            )
        };
        token(rtc::build_token_with_uid(
            id,
            cert,
            ch,
            uid,
            role,
            token_expire,
            privilege_expire,
            &o,
        ))
    })
}

/// 007 RTC token for a string account (bytes, used verbatim).
///
/// # Safety
/// As for `agora_token_rtc_build_with_uid`.
#[no_mangle]
pub unsafe extern "C" fn agora_token_rtc_build_with_user_account(
    app_id: *const c_char,
    app_id_len: usize,
    app_certificate: *const c_char,
    app_certificate_len: usize,
    channel_name: *const c_char,
    channel_name_len: usize,
    account: *const c_char,
    account_len: usize,
    role: i64,
    token_expire: u32,
    privilege_expire: u32,
    options: *const agora_token_options,
    out: *mut c_char,
    out_capacity: usize,
    out_len: *mut usize,
) -> agora_token_result {
    export(out, out_capacity, out_len, || {
        // SAFETY: the caller contract in the doc comment.
        let (id, cert, ch, acct, o) = unsafe {
            (
                in_bytes(app_id, app_id_len, "app_id")?,
                in_bytes(app_certificate, app_certificate_len, "app_certificate")?,
                in_bytes(channel_name, channel_name_len, "channel_name")?,
                in_bytes(account, account_len, "account")?,
                opts(options),
            )
        };
        token(rtc::build_token_with_user_account(
            id,
            cert,
            ch,
            acct,
            role,
            token_expire,
            privilege_expire,
            &o,
        ))
    })
}

/// 007 RTC token for a numeric uid with one lifetime per privilege (join,
/// publish audio, publish video, publish data; always all four).
///
/// # Safety
/// As for `agora_token_rtc_build_with_uid`.
#[no_mangle]
pub unsafe extern "C" fn agora_token_rtc_build_with_uid_and_privilege(
    app_id: *const c_char,
    app_id_len: usize,
    app_certificate: *const c_char,
    app_certificate_len: usize,
    channel_name: *const c_char,
    channel_name_len: usize,
    uid: u32,
    token_expire: u32,
    join_channel_privilege_expire: u32,
    pub_audio_privilege_expire: u32,
    pub_video_privilege_expire: u32,
    pub_data_stream_privilege_expire: u32,
    options: *const agora_token_options,
    out: *mut c_char,
    out_capacity: usize,
    out_len: *mut usize,
) -> agora_token_result {
    export(out, out_capacity, out_len, || {
        // SAFETY: the caller contract in the doc comment.
        let (id, cert, ch, o) = unsafe {
            (
                in_bytes(app_id, app_id_len, "app_id")?,
                in_bytes(app_certificate, app_certificate_len, "app_certificate")?,
                in_bytes(channel_name, channel_name_len, "channel_name")?,
                opts(options),
            )
        };
        token(rtc::build_token_with_uid_and_privilege(
            id,
            cert,
            ch,
            uid,
            token_expire,
            join_channel_privilege_expire,
            pub_audio_privilege_expire,
            pub_video_privilege_expire,
            pub_data_stream_privilege_expire,
            &o,
        ))
    })
}

/// 007 RTC token for a string account with one lifetime per privilege.
///
/// # Safety
/// As for `agora_token_rtc_build_with_uid`.
#[no_mangle]
pub unsafe extern "C" fn agora_token_rtc_build_with_user_account_and_privilege(
    app_id: *const c_char,
    app_id_len: usize,
    app_certificate: *const c_char,
    app_certificate_len: usize,
    channel_name: *const c_char,
    channel_name_len: usize,
    account: *const c_char,
    account_len: usize,
    token_expire: u32,
    join_channel_privilege_expire: u32,
    pub_audio_privilege_expire: u32,
    pub_video_privilege_expire: u32,
    pub_data_stream_privilege_expire: u32,
    options: *const agora_token_options,
    out: *mut c_char,
    out_capacity: usize,
    out_len: *mut usize,
) -> agora_token_result {
    export(out, out_capacity, out_len, || {
        // SAFETY: the caller contract in the doc comment.
        let (id, cert, ch, acct, o) = unsafe {
            (
                in_bytes(app_id, app_id_len, "app_id")?,
                in_bytes(app_certificate, app_certificate_len, "app_certificate")?,
                in_bytes(channel_name, channel_name_len, "channel_name")?,
                in_bytes(account, account_len, "account")?,
                opts(options),
            )
        };
        token(rtc::build_token_with_user_account_and_privilege(
            id,
            cert,
            ch,
            acct,
            token_expire,
            join_channel_privilege_expire,
            pub_audio_privilege_expire,
            pub_video_privilege_expire,
            pub_data_stream_privilege_expire,
            &o,
        ))
    })
}

/// 007 RTC token for `account` plus an RTM login for the same account
/// (the RTM privilege gets the token lifetime).
///
/// # Safety
/// As for `agora_token_rtc_build_with_uid`.
#[no_mangle]
pub unsafe extern "C" fn agora_token_rtc_build_with_rtm(
    app_id: *const c_char,
    app_id_len: usize,
    app_certificate: *const c_char,
    app_certificate_len: usize,
    channel_name: *const c_char,
    channel_name_len: usize,
    account: *const c_char,
    account_len: usize,
    role: i64,
    token_expire: u32,
    privilege_expire: u32,
    options: *const agora_token_options,
    out: *mut c_char,
    out_capacity: usize,
    out_len: *mut usize,
) -> agora_token_result {
    export(out, out_capacity, out_len, || {
        // SAFETY: the caller contract in the doc comment.
        let (id, cert, ch, acct, o) = unsafe {
            (
                in_bytes(app_id, app_id_len, "app_id")?,
                in_bytes(app_certificate, app_certificate_len, "app_certificate")?,
                in_bytes(channel_name, channel_name_len, "channel_name")?,
                in_bytes(account, account_len, "account")?,
                opts(options),
            )
        };
        token(rtc::build_token_with_rtm(
            id,
            cert,
            ch,
            acct,
            role,
            token_expire,
            privilege_expire,
            &o,
        ))
    })
}

/// Which of the three RTC + RTM (+ extra service) builders to run.
#[derive(Clone, Copy)]
enum Rtm2Kind {
    Rtm2,
    ConvoAi,
    Stt,
}

/// The twelve inputs of `buildTokenWithRtm2` and the ConvoAI / STT
/// builders, read from C.
///
/// # Safety
/// As for the exports that call it.
#[allow(clippy::too_many_arguments)]
unsafe fn rtc_rtm_plus(
    kind: Rtm2Kind,
    app_id: (*const c_char, usize),
    app_certificate: (*const c_char, usize),
    channel_name: (*const c_char, usize),
    rtc_account: (*const c_char, usize),
    rtc_role: i64,
    times: [u32; 5],
    rtm_user_id: (*const c_char, usize),
    rtm_token_expire: u32,
    options: *const agora_token_options,
) -> Result<Vec<u8>, Fail> {
    // SAFETY: forwarded caller contract.
    let (id, cert, ch, acct, ru, o) = unsafe {
        (
            in_bytes(app_id.0, app_id.1, "app_id")?,
            in_bytes(app_certificate.0, app_certificate.1, "app_certificate")?,
            in_bytes(channel_name.0, channel_name.1, "channel_name")?,
            in_bytes(rtc_account.0, rtc_account.1, "rtc_account")?,
            in_bytes(rtm_user_id.0, rtm_user_id.1, "rtm_user_id")?,
            opts(options),
        )
    };
    let acct = UserId::Account(acct);
    let [te, j, a, v, d] = times;
    token(match kind {
        Rtm2Kind::Rtm2 => rtc::build_token_with_rtm2(
            id,
            cert,
            ch,
            acct,
            rtc_role,
            te,
            j,
            a,
            v,
            d,
            ru,
            rtm_token_expire,
            &o,
        ),
        Rtm2Kind::ConvoAi => convoai::build_token(
            id,
            cert,
            ch,
            acct,
            rtc_role,
            te,
            j,
            a,
            v,
            d,
            ru,
            rtm_token_expire,
            &o,
        ),
        Rtm2Kind::Stt => stt::build_token(
            id,
            cert,
            ch,
            acct,
            rtc_role,
            te,
            j,
            a,
            v,
            d,
            ru,
            rtm_token_expire,
            &o,
        ),
    })
}

/// 007 RTC (for `rtc_account`, with four privilege lifetimes) plus RTM
/// (login for `rtm_user_id` lasting `rtm_token_expire`). The token lifetime
/// is `rtc_token_expire`. The RTM part is service type 2, as in the
/// reference `buildTokenWithRtm2`.
///
/// `rtc_account` is the RTC identity as signed: for a numeric uid pass its
/// decimal text, and "" (length 0) for uid 0.
///
/// # Safety
/// As for `agora_token_rtc_build_with_uid`.
#[no_mangle]
pub unsafe extern "C" fn agora_token_rtc_build_with_rtm2(
    app_id: *const c_char,
    app_id_len: usize,
    app_certificate: *const c_char,
    app_certificate_len: usize,
    channel_name: *const c_char,
    channel_name_len: usize,
    rtc_account: *const c_char,
    rtc_account_len: usize,
    rtc_role: i64,
    rtc_token_expire: u32,
    join_channel_privilege_expire: u32,
    pub_audio_privilege_expire: u32,
    pub_video_privilege_expire: u32,
    pub_data_stream_privilege_expire: u32,
    rtm_user_id: *const c_char,
    rtm_user_id_len: usize,
    rtm_token_expire: u32,
    options: *const agora_token_options,
    out: *mut c_char,
    out_capacity: usize,
    out_len: *mut usize,
) -> agora_token_result {
    export(out, out_capacity, out_len, || {
        // SAFETY: the caller contract in the doc comment.
        unsafe {
            rtc_rtm_plus(
                Rtm2Kind::Rtm2,
                (app_id, app_id_len),
                (app_certificate, app_certificate_len),
                (channel_name, channel_name_len),
                (rtc_account, rtc_account_len),
                rtc_role,
                [
                    rtc_token_expire,
                    join_channel_privilege_expire,
                    pub_audio_privilege_expire,
                    pub_video_privilege_expire,
                    pub_data_stream_privilege_expire,
                ],
                (rtm_user_id, rtm_user_id_len),
                rtm_token_expire,
                options,
            )
        }
    })
}

/// As `agora_token_rtc_build_with_rtm2`, plus a ConvoAI service (type 9),
/// like npm agora-token 2.0.6 `ConvoAITokenBuilder.buildToken`.
///
/// # Safety
/// As for `agora_token_rtc_build_with_uid`.
#[no_mangle]
pub unsafe extern "C" fn agora_token_convoai_build(
    app_id: *const c_char,
    app_id_len: usize,
    app_certificate: *const c_char,
    app_certificate_len: usize,
    channel_name: *const c_char,
    channel_name_len: usize,
    rtc_account: *const c_char,
    rtc_account_len: usize,
    rtc_role: i64,
    rtc_token_expire: u32,
    join_channel_privilege_expire: u32,
    pub_audio_privilege_expire: u32,
    pub_video_privilege_expire: u32,
    pub_data_stream_privilege_expire: u32,
    rtm_user_id: *const c_char,
    rtm_user_id_len: usize,
    rtm_token_expire: u32,
    options: *const agora_token_options,
    out: *mut c_char,
    out_capacity: usize,
    out_len: *mut usize,
) -> agora_token_result {
    export(out, out_capacity, out_len, || {
        // SAFETY: the caller contract in the doc comment.
        unsafe {
            rtc_rtm_plus(
                Rtm2Kind::ConvoAi,
                (app_id, app_id_len),
                (app_certificate, app_certificate_len),
                (channel_name, channel_name_len),
                (rtc_account, rtc_account_len),
                rtc_role,
                [
                    rtc_token_expire,
                    join_channel_privilege_expire,
                    pub_audio_privilege_expire,
                    pub_video_privilege_expire,
                    pub_data_stream_privilege_expire,
                ],
                (rtm_user_id, rtm_user_id_len),
                rtm_token_expire,
                options,
            )
        }
    })
}

/// As `agora_token_rtc_build_with_rtm2`, plus an STT service (type 10),
/// like npm agora-token 2.0.6 `SttTokenBuilder.buildToken`.
///
/// # Safety
/// As for `agora_token_rtc_build_with_uid`.
#[no_mangle]
pub unsafe extern "C" fn agora_token_stt_build(
    app_id: *const c_char,
    app_id_len: usize,
    app_certificate: *const c_char,
    app_certificate_len: usize,
    channel_name: *const c_char,
    channel_name_len: usize,
    rtc_account: *const c_char,
    rtc_account_len: usize,
    rtc_role: i64,
    rtc_token_expire: u32,
    join_channel_privilege_expire: u32,
    pub_audio_privilege_expire: u32,
    pub_video_privilege_expire: u32,
    pub_data_stream_privilege_expire: u32,
    rtm_user_id: *const c_char,
    rtm_user_id_len: usize,
    rtm_token_expire: u32,
    options: *const agora_token_options,
    out: *mut c_char,
    out_capacity: usize,
    out_len: *mut usize,
) -> agora_token_result {
    export(out, out_capacity, out_len, || {
        // SAFETY: the caller contract in the doc comment.
        unsafe {
            rtc_rtm_plus(
                Rtm2Kind::Stt,
                (app_id, app_id_len),
                (app_certificate, app_certificate_len),
                (channel_name, channel_name_len),
                (rtc_account, rtc_account_len),
                rtc_role,
                [
                    rtc_token_expire,
                    join_channel_privilege_expire,
                    pub_audio_privilege_expire,
                    pub_video_privilege_expire,
                    pub_data_stream_privilege_expire,
                ],
                (rtm_user_id, rtm_user_id_len),
                rtm_token_expire,
                options,
            )
        }
    })
}

/// 007 RTM (service type 2) login token for `user_id`; the privilege gets
/// the token lifetime `expire` (seconds).
///
/// Example:
/// `agora_token_rtm_build(id, 32, cert, 32, "alice", 5, 3600, NULL, buf,
/// sizeof buf, &n)`.
///
/// # Safety
/// As for `agora_token_rtc_build_with_uid`.
#[no_mangle]
pub unsafe extern "C" fn agora_token_rtm_build(
    app_id: *const c_char,
    app_id_len: usize,
    app_certificate: *const c_char,
    app_certificate_len: usize,
    user_id: *const c_char,
    user_id_len: usize,
    expire: u32,
    options: *const agora_token_options,
    out: *mut c_char,
    out_capacity: usize,
    out_len: *mut usize,
) -> agora_token_result {
    export(out, out_capacity, out_len, || {
        // SAFETY: the caller contract in the doc comment.
        let (id, cert, user, o) = unsafe {
            (
                in_bytes(app_id, app_id_len, "app_id")?,
                in_bytes(app_certificate, app_certificate_len, "app_certificate")?,
                in_bytes(user_id, user_id_len, "user_id")?,
                opts(options),
            )
        };
        token(rtm::build_token(id, cert, user, expire, &o))
    })
}

/// 007 RTM2 (service type 8) token for `user_id` with resource
/// permissions: an array of `permissions_len` entries (NULL with length 0:
/// none). The login privilege gets the token lifetime `expire`.
///
/// # Safety
/// As for `agora_token_rtc_build_with_uid`; `permissions` is NULL or valid
/// for `permissions_len` entries, each `resources` NULL or valid for its
/// `resources_len` byte strings, each of those valid for its length.
#[no_mangle]
pub unsafe extern "C" fn agora_token_rtm_build_with_permissions(
    app_id: *const c_char,
    app_id_len: usize,
    app_certificate: *const c_char,
    app_certificate_len: usize,
    user_id: *const c_char,
    user_id_len: usize,
    permissions: *const agora_token_rtm2_permission,
    permissions_len: usize,
    expire: u32,
    options: *const agora_token_options,
    out: *mut c_char,
    out_capacity: usize,
    out_len: *mut usize,
) -> agora_token_result {
    export(out, out_capacity, out_len, || {
        // SAFETY: the caller contract in the doc comment.
        let (id, cert, user, list, o) = unsafe {
            (
                in_bytes(app_id, app_id_len, "app_id")?,
                in_bytes(app_certificate, app_certificate_len, "app_certificate")?,
                in_bytes(user_id, user_id_len, "user_id")?,
                in_slice(permissions, permissions_len, "permissions")?,
                opts(options),
            )
        };
        let mut perms = Rtm2Permissions::new();
        for (i, p) in list.iter().enumerate() {
            let name = format!("permissions[{i}].resources");
            // SAFETY: the caller contract in the doc comment.
            let res = unsafe { in_slice(p.resources, p.resources_len, &name)? };
            let mut names: Vec<&[u8]> = Vec::with_capacity(res.len());
            for (k, r) in res.iter().enumerate() {
                let name = format!("permissions[{i}].resources[{k}]");
                // SAFETY: the caller contract in the doc comment.
                names.push(unsafe { in_bytes(r.ptr, r.len, &name)? });
            }
            perms.add(p.resource_type, p.permission_type, names);
        }
        token(rtm::build_token_with_permissions(
            id, cert, user, &perms, expire, &o,
        ))
    })
}

/// 007 Chat user token for `user_id`.
///
/// # Safety
/// As for `agora_token_rtc_build_with_uid`.
#[no_mangle]
pub unsafe extern "C" fn agora_token_chat_build_user(
    app_id: *const c_char,
    app_id_len: usize,
    app_certificate: *const c_char,
    app_certificate_len: usize,
    user_id: *const c_char,
    user_id_len: usize,
    expire: u32,
    options: *const agora_token_options,
    out: *mut c_char,
    out_capacity: usize,
    out_len: *mut usize,
) -> agora_token_result {
    export(out, out_capacity, out_len, || {
        // SAFETY: the caller contract in the doc comment.
        let (id, cert, user, o) = unsafe {
            (
                in_bytes(app_id, app_id_len, "app_id")?,
                in_bytes(app_certificate, app_certificate_len, "app_certificate")?,
                in_bytes(user_id, user_id_len, "user_id")?,
                opts(options),
            )
        };
        token(chat::build_user_token(id, cert, user, expire, &o))
    })
}

/// 007 Chat app token.
///
/// # Safety
/// As for `agora_token_rtc_build_with_uid`.
#[no_mangle]
pub unsafe extern "C" fn agora_token_chat_build_app(
    app_id: *const c_char,
    app_id_len: usize,
    app_certificate: *const c_char,
    app_certificate_len: usize,
    expire: u32,
    options: *const agora_token_options,
    out: *mut c_char,
    out_capacity: usize,
    out_len: *mut usize,
) -> agora_token_result {
    export(out, out_capacity, out_len, || {
        // SAFETY: the caller contract in the doc comment.
        let (id, cert, o) = unsafe {
            (
                in_bytes(app_id, app_id_len, "app_id")?,
                in_bytes(app_certificate, app_certificate_len, "app_certificate")?,
                opts(options),
            )
        };
        token(chat::build_app_token(id, cert, expire, &o))
    })
}

/// 007 FPA token (lifetime 24 h, login privilege 0).
///
/// # Safety
/// As for `agora_token_rtc_build_with_uid`.
#[no_mangle]
pub unsafe extern "C" fn agora_token_fpa_build(
    app_id: *const c_char,
    app_id_len: usize,
    app_certificate: *const c_char,
    app_certificate_len: usize,
    options: *const agora_token_options,
    out: *mut c_char,
    out_capacity: usize,
    out_len: *mut usize,
) -> agora_token_result {
    export(out, out_capacity, out_len, || {
        // SAFETY: the caller contract in the doc comment.
        let (id, cert, o) = unsafe {
            (
                in_bytes(app_id, app_id_len, "app_id")?,
                in_bytes(app_certificate, app_certificate_len, "app_certificate")?,
                opts(options),
            )
        };
        token(fpa::build_token(id, cert, &o))
    })
}

/// 007 APaaS / Education room-user token: RTM for `user_uuid`, Chat for
/// the MD5 hex of it and APaaS (room, user, `role`), each lasting `expire`.
/// The reference's EducationTokenBuilder2 is the same builder.
///
/// # Safety
/// As for `agora_token_rtc_build_with_uid`.
#[no_mangle]
pub unsafe extern "C" fn agora_token_apaas_build_room_user(
    app_id: *const c_char,
    app_id_len: usize,
    app_certificate: *const c_char,
    app_certificate_len: usize,
    room_uuid: *const c_char,
    room_uuid_len: usize,
    user_uuid: *const c_char,
    user_uuid_len: usize,
    role: i16,
    expire: u32,
    options: *const agora_token_options,
    out: *mut c_char,
    out_capacity: usize,
    out_len: *mut usize,
) -> agora_token_result {
    export(out, out_capacity, out_len, || {
        // SAFETY: the caller contract in the doc comment.
        let (id, cert, room, user, o) = unsafe {
            (
                in_bytes(app_id, app_id_len, "app_id")?,
                in_bytes(app_certificate, app_certificate_len, "app_certificate")?,
                in_bytes(room_uuid, room_uuid_len, "room_uuid")?,
                in_bytes(user_uuid, user_uuid_len, "user_uuid")?,
                opts(options),
            )
        };
        token(apaas::build_room_user_token(
            id, cert, room, user, role, expire, &o,
        ))
    })
}

/// 007 APaaS / Education user token for `user_uuid`.
///
/// # Safety
/// As for `agora_token_rtc_build_with_uid`.
#[no_mangle]
pub unsafe extern "C" fn agora_token_apaas_build_user(
    app_id: *const c_char,
    app_id_len: usize,
    app_certificate: *const c_char,
    app_certificate_len: usize,
    user_uuid: *const c_char,
    user_uuid_len: usize,
    expire: u32,
    options: *const agora_token_options,
    out: *mut c_char,
    out_capacity: usize,
    out_len: *mut usize,
) -> agora_token_result {
    export(out, out_capacity, out_len, || {
        // SAFETY: the caller contract in the doc comment.
        let (id, cert, user, o) = unsafe {
            (
                in_bytes(app_id, app_id_len, "app_id")?,
                in_bytes(app_certificate, app_certificate_len, "app_certificate")?,
                in_bytes(user_uuid, user_uuid_len, "user_uuid")?,
                opts(options),
            )
        };
        token(apaas::build_user_token(id, cert, user, expire, &o))
    })
}

/// 007 APaaS / Education app token.
///
/// # Safety
/// As for `agora_token_rtc_build_with_uid`.
#[no_mangle]
pub unsafe extern "C" fn agora_token_apaas_build_app(
    app_id: *const c_char,
    app_id_len: usize,
    app_certificate: *const c_char,
    app_certificate_len: usize,
    expire: u32,
    options: *const agora_token_options,
    out: *mut c_char,
    out_capacity: usize,
    out_len: *mut usize,
) -> agora_token_result {
    export(out, out_capacity, out_len, || {
        // SAFETY: the caller contract in the doc comment.
        let (id, cert, o) = unsafe {
            (
                in_bytes(app_id, app_id_len, "app_id")?,
                in_bytes(app_certificate, app_certificate_len, "app_certificate")?,
                opts(options),
            )
        };
        token(apaas::build_app_token(id, cert, expire, &o))
    })
}

/// 006 RTC token for a numeric uid (0 = any user). Roles
/// AGORA_TOKEN_ROLE_ATTENDEE, _PUBLISHER and _ADMIN add the publish
/// privileges. `privilege_expired_ts` is an absolute Unix time (0 = no
/// limit). With options, `issue_ts` is "now" and the token's timestamp
/// becomes now + 86400.
///
/// # Safety
/// As for `agora_token_rtc_build_with_uid`.
#[no_mangle]
pub unsafe extern "C" fn agora_token_rtc006_build_with_uid(
    app_id: *const c_char,
    app_id_len: usize,
    app_certificate: *const c_char,
    app_certificate_len: usize,
    channel_name: *const c_char,
    channel_name_len: usize,
    uid: u32,
    role: i64,
    privilege_expired_ts: u32,
    options: *const agora_token_options,
    out: *mut c_char,
    out_capacity: usize,
    out_len: *mut usize,
) -> agora_token_result {
    export(out, out_capacity, out_len, || {
        // SAFETY: the caller contract in the doc comment.
        let (id, cert, ch, o) = unsafe {
            (
                in_bytes(app_id, app_id_len, "app_id")?,
                in_bytes(app_certificate, app_certificate_len, "app_certificate")?,
                in_bytes(channel_name, channel_name_len, "channel_name")?,
                opts(options),
            )
        };
        token(rtc006::build_token_with_uid(
            id,
            cert,
            ch,
            uid,
            role,
            privilege_expired_ts,
            &o,
        ))
    })
}

/// 006 RTC token for a string account.
///
/// # Safety
/// As for `agora_token_rtc_build_with_uid`.
#[no_mangle]
pub unsafe extern "C" fn agora_token_rtc006_build_with_account(
    app_id: *const c_char,
    app_id_len: usize,
    app_certificate: *const c_char,
    app_certificate_len: usize,
    channel_name: *const c_char,
    channel_name_len: usize,
    account: *const c_char,
    account_len: usize,
    role: i64,
    privilege_expired_ts: u32,
    options: *const agora_token_options,
    out: *mut c_char,
    out_capacity: usize,
    out_len: *mut usize,
) -> agora_token_result {
    export(out, out_capacity, out_len, || {
        // SAFETY: the caller contract in the doc comment.
        let (id, cert, ch, acct, o) = unsafe {
            (
                in_bytes(app_id, app_id_len, "app_id")?,
                in_bytes(app_certificate, app_certificate_len, "app_certificate")?,
                in_bytes(channel_name, channel_name_len, "channel_name")?,
                in_bytes(account, account_len, "account")?,
                opts(options),
            )
        };
        token(rtc006::build_token_with_account(
            id,
            cert,
            ch,
            acct,
            role,
            privilege_expired_ts,
            &o,
        ))
    })
}

/// 006 RTM token for `user_account`, valid until `privilege_expired_ts`
/// (absolute Unix time). The reference's role argument is ignored there,
/// so it is not taken.
///
/// # Safety
/// As for `agora_token_rtc_build_with_uid`.
#[no_mangle]
pub unsafe extern "C" fn agora_token_rtm006_build(
    app_id: *const c_char,
    app_id_len: usize,
    app_certificate: *const c_char,
    app_certificate_len: usize,
    user_account: *const c_char,
    user_account_len: usize,
    privilege_expired_ts: u32,
    options: *const agora_token_options,
    out: *mut c_char,
    out_capacity: usize,
    out_len: *mut usize,
) -> agora_token_result {
    export(out, out_capacity, out_len, || {
        // SAFETY: the caller contract in the doc comment.
        let (id, cert, user, o) = unsafe {
            (
                in_bytes(app_id, app_id_len, "app_id")?,
                in_bytes(app_certificate, app_certificate_len, "app_certificate")?,
                in_bytes(user_account, user_account_len, "user_account")?,
                opts(options),
            )
        };
        token(rtm006::build_token(
            id,
            cert,
            user,
            privilege_expired_ts,
            &o,
        ))
    })
}

/// Any build call by its vector name ("RtmTokenBuilder2.buildToken",
/// "AccessToken2", "AccessToken006", ...; the list is in the vectors'
/// README), with `inputs_json` a JSON object of snake_case inputs and
/// `fixed_json` NULL / empty or a JSON object with "salt" and "issue_ts"
/// (007) or "now" (006 builders). This is the entry point for the
/// low-level 007 service list ("AccessToken2" with "services") and the
/// low-level 006 message. Strings in JSON are UTF-8 by definition.
///
/// Returns INVALID_ARGUMENT for unparseable JSON, an unknown call or input,
/// or a value of the wrong type; otherwise what the builder returns.
///
/// # Safety
/// As for `agora_token_rtc_build_with_uid`.
#[no_mangle]
pub unsafe extern "C" fn agora_token_build_json(
    call: *const c_char,
    call_len: usize,
    inputs_json: *const c_char,
    inputs_json_len: usize,
    fixed_json: *const c_char,
    fixed_json_len: usize,
    out: *mut c_char,
    out_capacity: usize,
    out_len: *mut usize,
) -> agora_token_result {
    export(out, out_capacity, out_len, || {
        // SAFETY: the caller contract in the doc comment.
        let (call, inputs, fixed) = unsafe {
            (
                in_bytes(call, call_len, "call")?,
                in_bytes(inputs_json, inputs_json_len, "inputs_json")?,
                in_bytes(fixed_json, fixed_json_len, "fixed_json")?,
            )
        };
        let call = std::str::from_utf8(call)
            .map_err(|_| Fail::new(agora_token_result::InvalidArgument, "call is not UTF-8"))?;
        let json = |what: &str, b: &[u8]| -> Result<serde_json::Value, Fail> {
            serde_json::from_slice(b).map_err(|e| {
                Fail::new(
                    agora_token_result::InvalidArgument,
                    format!("{what} is not valid JSON: {e}"),
                )
            })
        };
        // The parsed inputs hold a copy of the certificate, wiped when done
        // (`fixed` is read first, so no error return leaves it unwiped).
        let fixed = if fixed.is_empty() {
            None
        } else {
            Some(json("fixed_json", fixed)?)
        };
        let inputs = json("inputs_json", inputs)?;
        token(agora_token::json::build_and_wipe(
            call,
            inputs,
            fixed.as_ref(),
        ))
    })
}
