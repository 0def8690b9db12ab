//! The builder subcommands: argument mapping onto `agora_token::builders`.

use agora_token::builders::{apaas, chat, convoai, fpa, rtc, rtc006, rtm, rtm006, stt};
use agora_token::v007::Rtm2Permissions;
use agora_token::{Error, ErrorCode, Options, UserId};

use crate::args::{Creds, Fixed, Permission};
use crate::{out_line, Fail, Format, RtcPrivileges, RtcRtm2, RtcUser};

/// App id and certificate, or a usage error naming both ways to give them.
fn credentials(c: &Creds) -> Result<(&str, &str), Fail> {
    let id = c
        .app_id
        .as_deref()
        .ok_or_else(|| Fail::usage("missing the App ID: pass --app-id or set AGORA_APP_ID"))?;
    let cert = c.app_certificate.as_deref().ok_or_else(|| {
        Fail::usage(
            "missing the App Certificate: pass --app-certificate or set AGORA_APP_CERTIFICATE",
        )
    })?;
    Ok((id, cert))
}

/// Prints the token, and on stderr a warning for each likely mistake the
/// diagnostics find in it (a 007 lifetime that is really a timestamp, an
/// already expired token, ...): the reference accepts them, so they are not
/// errors.
fn emit(token: agora_token::Result<String>) -> Result<(), Fail> {
    let token = token?;
    if let Ok(t) = agora_token::parse(&token) {
        for d in agora_token::inspect::diagnostics(&t, agora_token::now_secs()) {
            eprintln!("warning: {}: {}", d.code, d.message);
        }
    }
    out_line(&token);
    Ok(())
}

fn user_id(u: &RtcUser) -> UserId<'_> {
    match (&u.account, u.uid) {
        (Some(a), _) => UserId::Account(a.as_bytes()),
        (None, Some(n)) => UserId::Uid(n),
        // clap requires one of the two.
        (None, None) => UserId::Uid(0),
    }
}

/// The absolute 006 expiry for a lifetime: `now + secs`, where "now" is
/// --issue-ts or the clock; 0 stays 0 (the privilege has no expiry of its
/// own, the token's ts still bounds it).
fn absolute_006(secs: u32, opts: &Options, what: &str) -> Result<u32, Fail> {
    if secs == 0 {
        return Ok(0);
    }
    let now = match opts.issue_ts {
        Some(t) => t as u64,
        None => agora_token::now_secs(),
    };
    let at = now + secs as u64;
    u32::try_from(at).map_err(|_| {
        Fail::from(Error::new(
            ErrorCode::ValueOutOfRange,
            format!("{what}: now + {secs} = {at} does not fit the 006 token's 32-bit time"),
        ))
    })
}

pub fn rtm(c: &Creds, user: &str, expire: u32, format: Format, fixed: &Fixed) -> Result<(), Fail> {
    let (id, cert) = credentials(c)?;
    let opts = fixed.options();
    match format {
        Format::F007 => emit(rtm::build_token(id, cert, user, expire, &opts)),
        Format::F006 => {
            let at = absolute_006(expire, &opts, "--expire")?;
            emit(rtm006::build_token(id, cert, user, at, &opts))
        }
    }
}

#[allow(clippy::too_many_arguments)]
pub fn rtc(
    c: &Creds,
    channel: &str,
    user: &RtcUser,
    role: i64,
    expire: u32,
    privilege_expire: Option<u32>,
    privileges: &RtcPrivileges,
    format: Format,
    fixed: &Fixed,
) -> Result<(), Fail> {
    let (id, cert) = credentials(c)?;
    let opts = fixed.options();
    let pe = privilege_expire.unwrap_or(expire);
    let who = user_id(user);
    match format {
        Format::F006 => {
            if privileges.any() {
                return Err(Fail::usage(
                    "--join-expire / --audio-expire / --video-expire / --data-expire are 007 only",
                ));
            }
            let at = absolute_006(pe, &opts, "--privilege-expire")?;
            emit(rtc006::build_token_with_user(
                id, cert, channel, who, role, at, &opts,
            ))
        }
        Format::F007 if privileges.any() => emit(rtc::build_token_with_user_and_privilege(
            id,
            cert,
            channel,
            who,
            expire,
            privileges.join_expire.unwrap_or(pe),
            privileges.audio_expire.unwrap_or(pe),
            privileges.video_expire.unwrap_or(pe),
            privileges.data_expire.unwrap_or(pe),
            &opts,
        )),
        Format::F007 => emit(rtc::build_token_with_user(
            id, cert, channel, who, role, expire, pe, &opts,
        )),
    }
}

pub fn rtc_rtm(
    c: &Creds,
    channel: &str,
    user: &RtcUser,
    role: i64,
    expire: u32,
    privilege_expire: Option<u32>,
    fixed: &Fixed,
) -> Result<(), Fail> {
    let (id, cert) = credentials(c)?;
    let account = user_id(user).to_wire();
    emit(rtc::build_token_with_rtm(
        id,
        cert,
        channel,
        account,
        role,
        expire,
        privilege_expire.unwrap_or(expire),
        &fixed.options(),
    ))
}

/// The service added after RTC and RTM.
pub enum Extra {
    None,
    ConvoAi,
    Stt,
}

pub fn rtc_rtm2(a: &RtcRtm2, extra: Extra) -> Result<(), Fail> {
    let (id, cert) = credentials(&a.creds)?;
    let opts = a.fixed.options();
    let te = a.expire.expire;
    let pe = a.privilege_expire.unwrap_or(te);
    let p = &a.privileges;
    let (j, au, v, d) = (
        p.join_expire.unwrap_or(pe),
        p.audio_expire.unwrap_or(pe),
        p.video_expire.unwrap_or(pe),
        p.data_expire.unwrap_or(pe),
    );
    let who = user_id(&a.user);
    let rte = a.rtm_expire.unwrap_or(te);
    let ru = a.rtm_user.as_str();
    let ch = a.channel.as_str();
    emit(match extra {
        Extra::None => {
            rtc::build_token_with_rtm2(id, cert, ch, who, a.role, te, j, au, v, d, ru, rte, &opts)
        }
        Extra::ConvoAi => {
            convoai::build_token(id, cert, ch, who, a.role, te, j, au, v, d, ru, rte, &opts)
        }
        Extra::Stt => stt::build_token(id, cert, ch, who, a.role, te, j, au, v, d, ru, rte, &opts),
    })
}

pub fn rtm2(
    c: &Creds,
    user: &str,
    perms: &[Permission],
    expire: u32,
    fixed: &Fixed,
) -> Result<(), Fail> {
    let (id, cert) = credentials(c)?;
    let mut p = Rtm2Permissions::new();
    for e in perms {
        p.add(e.resource_type, e.permission_type, &e.resources);
    }
    emit(rtm::build_token_with_permissions(
        id,
        cert,
        user,
        &p,
        expire,
        &fixed.options(),
    ))
}

pub fn chat_user(c: &Creds, user: &str, expire: u32, fixed: &Fixed) -> Result<(), Fail> {
    let (id, cert) = credentials(c)?;
    emit(chat::build_user_token(
        id,
        cert,
        user,
        expire,
        &fixed.options(),
    ))
}

pub fn chat_app(c: &Creds, expire: u32, fixed: &Fixed) -> Result<(), Fail> {
    let (id, cert) = credentials(c)?;
    emit(chat::build_app_token(id, cert, expire, &fixed.options()))
}

pub fn fpa(c: &Creds, fixed: &Fixed) -> Result<(), Fail> {
    let (id, cert) = credentials(c)?;
    emit(fpa::build_token(id, cert, &fixed.options()))
}

pub fn apaas_room_user(
    c: &Creds,
    room: &str,
    user: &str,
    role: i16,
    expire: u32,
    fixed: &Fixed,
) -> Result<(), Fail> {
    let (id, cert) = credentials(c)?;
    emit(apaas::build_room_user_token(
        id,
        cert,
        room,
        user,
        role,
        expire,
        &fixed.options(),
    ))
}

pub fn apaas_user(c: &Creds, user: &str, expire: u32, fixed: &Fixed) -> Result<(), Fail> {
    let (id, cert) = credentials(c)?;
    emit(apaas::build_user_token(
        id,
        cert,
        user,
        expire,
        &fixed.options(),
    ))
}

pub fn apaas_app(c: &Creds, expire: u32, fixed: &Fixed) -> Result<(), Fail> {
    let (id, cert) = credentials(c)?;
    emit(apaas::build_app_token(id, cert, expire, &fixed.options()))
}
