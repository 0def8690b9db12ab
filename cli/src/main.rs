//! `agora-token`: build, inspect, verify and batch-process Agora 006 / 007
//! access tokens with the `agora-token` core crate.
//!
//! Exit status: 0 success; 1 the core refused the request (a build error, an
//! invalid token, a failed verification; the code is printed); 2 the command
//! line is wrong (unknown flags, values that do not fit, missing
//! credentials). The App Certificate is never printed.

mod args;
mod batch;
mod build;
mod show;

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use args::{int, Creds, Fixed, PermissionParser, Role};

/// Build, inspect and verify Agora access tokens (006 and 007).
///
/// Credentials come from --app-id / --app-certificate or the environment
/// variables AGORA_APP_ID / AGORA_APP_CERTIFICATE. A built token is the last
/// line of standard output.
#[derive(Parser, Debug)]
#[command(name = "agora-token", version, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

/// Lifetimes shared by most 007 builders.
#[derive(clap::Args, Debug, Clone, Copy)]
pub struct Expire {
    /// Token lifetime in seconds from the issue time (006: the expiry is
    /// now + SECS; 0 = no expiry of its own)
    #[arg(long, value_name = "SECS", default_value_t = 3600,
          value_parser = int::<u32>(), allow_hyphen_values = true)]
    pub expire: u32,
}

/// Token format of the RTM / RTC builders.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// AccessToken (legacy)
    #[value(name = "006")]
    F006,
    /// AccessToken2 (default)
    #[value(name = "007")]
    F007,
}

/// An RTC identity: a numeric uid or a string account.
#[derive(clap::Args, Debug, Clone)]
#[group(required = true, multiple = false)]
pub struct RtcUser {
    /// Numeric uid (0 = any user)
    #[arg(long, value_name = "N", value_parser = int::<u32>(), allow_hyphen_values = true)]
    pub uid: Option<u32>,
    /// String user account (used verbatim; "0" stays "0")
    #[arg(long, value_name = "A")]
    pub account: Option<String>,
}

/// Per-privilege RTC lifetimes (seconds from the issue time, 0 = bounded by
/// the token lifetime only). Unset ones take --privilege-expire.
#[derive(clap::Args, Debug, Clone, Copy)]
pub struct RtcPrivileges {
    /// Join-channel privilege lifetime
    #[arg(long, value_name = "SECS", value_parser = int::<u32>(), allow_hyphen_values = true)]
    pub join_expire: Option<u32>,
    /// Publish-audio privilege lifetime
    #[arg(long, value_name = "SECS", value_parser = int::<u32>(), allow_hyphen_values = true)]
    pub audio_expire: Option<u32>,
    /// Publish-video privilege lifetime
    #[arg(long, value_name = "SECS", value_parser = int::<u32>(), allow_hyphen_values = true)]
    pub video_expire: Option<u32>,
    /// Publish-data-stream privilege lifetime
    #[arg(long, value_name = "SECS", value_parser = int::<u32>(), allow_hyphen_values = true)]
    pub data_expire: Option<u32>,
}

impl RtcPrivileges {
    fn any(&self) -> bool {
        self.join_expire.is_some()
            || self.audio_expire.is_some()
            || self.video_expire.is_some()
            || self.data_expire.is_some()
    }
}

/// Arguments of rtc-rtm2, convoai and stt: RTC and RTM with separate
/// lifetimes.
#[derive(clap::Args, Debug, Clone)]
pub struct RtcRtm2 {
    #[command(flatten)]
    creds: Creds,
    /// Channel name
    #[arg(long, value_name = "C")]
    channel: String,
    #[command(flatten)]
    user: RtcUser,
    /// RTC role selector: publisher (1, adds the publish privileges),
    /// subscriber (2) or an integer
    #[arg(long, value_name = "ROLE", default_value = "publisher", value_parser = Role,
          allow_hyphen_values = true)]
    role: i64,
    #[command(flatten)]
    expire: Expire,
    /// Default lifetime of the four RTC privileges (default: --expire)
    #[arg(long, value_name = "SECS", value_parser = int::<u32>(), allow_hyphen_values = true)]
    privilege_expire: Option<u32>,
    #[command(flatten)]
    privileges: RtcPrivileges,
    /// RTM user id
    #[arg(long, value_name = "U")]
    rtm_user: String,
    /// RTM login lifetime in seconds (default: --expire)
    #[arg(long, value_name = "SECS", value_parser = int::<u32>(), allow_hyphen_values = true)]
    rtm_expire: Option<u32>,
    #[command(flatten)]
    fixed: Fixed,
}

#[derive(Subcommand, Debug)]
enum Cmd {
    /// RTM login token (007 RTM service; --format 006 for the legacy token)
    Rtm {
        #[command(flatten)]
        creds: Creds,
        /// RTM user id
        #[arg(long, value_name = "U")]
        user: String,
        #[command(flatten)]
        expire: Expire,
        /// Token format
        #[arg(long, value_enum, default_value = "007")]
        format: Format,
        #[command(flatten)]
        fixed: Fixed,
    },
    /// RTC token for a channel and a uid or account
    Rtc {
        #[command(flatten)]
        creds: Creds,
        /// Channel name
        #[arg(long, value_name = "C")]
        channel: String,
        #[command(flatten)]
        user: RtcUser,
        /// Role selector: publisher (1) adds the publish privileges,
        /// subscriber (2) joins only; 006 also treats attendee (0) and admin
        /// (101) as publisher; any integer is accepted
        #[arg(long, value_name = "ROLE", default_value = "publisher", value_parser = Role,
              allow_hyphen_values = true)]
        role: i64,
        #[command(flatten)]
        expire: Expire,
        /// Privilege lifetime in seconds (default: --expire; 0 = bounded by
        /// the token only). 006: the privileges expire at now + SECS
        #[arg(long, value_name = "SECS", value_parser = int::<u32>(),
              allow_hyphen_values = true)]
        privilege_expire: Option<u32>,
        /// 007 only: one lifetime per privilege (always grants all four,
        /// whatever the role)
        #[command(flatten)]
        privileges: RtcPrivileges,
        /// Token format
        #[arg(long, value_enum, default_value = "007")]
        format: Format,
        #[command(flatten)]
        fixed: Fixed,
    },
    /// RTC token plus an RTM login for the same account (007)
    RtcRtm {
        #[command(flatten)]
        creds: Creds,
        /// Channel name
        #[arg(long, value_name = "C")]
        channel: String,
        #[command(flatten)]
        user: RtcUser,
        /// Role selector: publisher (1) or subscriber (2) or an integer
        #[arg(long, value_name = "ROLE", default_value = "publisher", value_parser = Role,
              allow_hyphen_values = true)]
        role: i64,
        #[command(flatten)]
        expire: Expire,
        /// RTC privilege lifetime in seconds (default: --expire)
        #[arg(long, value_name = "SECS", value_parser = int::<u32>(),
              allow_hyphen_values = true)]
        privilege_expire: Option<u32>,
        #[command(flatten)]
        fixed: Fixed,
    },
    /// RTC plus RTM with separate users and lifetimes (007)
    RtcRtm2(RtcRtm2),
    /// RTM2 token with resource permissions (007 service type 8)
    Rtm2 {
        #[command(flatten)]
        creds: Creds,
        /// RTM user id
        #[arg(long, value_name = "U")]
        user: String,
        /// TYPE:PERM:res1,res2 with TYPE message|stream|group|server-group|user
        /// or a number and PERM read|write or a number; repeatable (a
        /// repeated TYPE:PERM pair replaces the earlier list)
        #[arg(long, value_name = "TYPE:PERM:RES", value_parser = PermissionParser)]
        permission: Vec<args::Permission>,
        #[command(flatten)]
        expire: Expire,
        #[command(flatten)]
        fixed: Fixed,
    },
    /// Chat user token (007)
    ChatUser {
        #[command(flatten)]
        creds: Creds,
        /// Chat user id
        #[arg(long, value_name = "U")]
        user: String,
        #[command(flatten)]
        expire: Expire,
        #[command(flatten)]
        fixed: Fixed,
    },
    /// Chat app token (007)
    ChatApp {
        #[command(flatten)]
        creds: Creds,
        #[command(flatten)]
        expire: Expire,
        #[command(flatten)]
        fixed: Fixed,
    },
    /// FPA token (007; the lifetime is fixed at 24 hours)
    Fpa {
        #[command(flatten)]
        creds: Creds,
        #[command(flatten)]
        fixed: Fixed,
    },
    /// APaaS room-user token: RTM, Chat and APaaS services (007)
    #[command(alias = "education-room-user")]
    ApaasRoomUser {
        #[command(flatten)]
        creds: Creds,
        /// Room uuid
        #[arg(long, value_name = "UUID")]
        room: String,
        /// User uuid
        #[arg(long, value_name = "UUID")]
        user: String,
        /// Room role (signed 16-bit)
        #[arg(long, value_name = "N", value_parser = int::<i16>(), allow_hyphen_values = true)]
        role: i16,
        #[command(flatten)]
        expire: Expire,
        #[command(flatten)]
        fixed: Fixed,
    },
    /// APaaS user token (007)
    #[command(alias = "education-user")]
    ApaasUser {
        #[command(flatten)]
        creds: Creds,
        /// User uuid
        #[arg(long, value_name = "UUID")]
        user: String,
        #[command(flatten)]
        expire: Expire,
        #[command(flatten)]
        fixed: Fixed,
    },
    /// APaaS app token (007)
    #[command(alias = "education-app")]
    ApaasApp {
        #[command(flatten)]
        creds: Creds,
        #[command(flatten)]
        expire: Expire,
        #[command(flatten)]
        fixed: Fixed,
    },
    /// RTC + RTM + ConvoAI token (as npm agora-token 2.0.6)
    Convoai(RtcRtm2),
    /// RTC + RTM + STT token (as npm agora-token 2.0.6)
    Stt(RtcRtm2),
    /// Decode a token: times in UTC, services, privileges, diagnostics
    Inspect(show::InspectArgs),
    /// Verify a token's signature and claims: exit 0 valid, 1 invalid
    Verify(show::VerifyArgs),
    /// JSON Lines on stdin (build / parse / verify), one answer per line
    Batch,
}

/// A failure: what to print on stderr and the exit status.
#[derive(Debug)]
pub struct Fail {
    /// The core's code, when there is one.
    pub code: Option<&'static str>,
    /// The message (never containing a certificate).
    pub message: String,
    /// Exit status.
    pub status: u8,
}

impl Fail {
    /// A command-line problem (exit 2).
    pub fn usage(message: impl Into<String>) -> Fail {
        Fail {
            code: None,
            message: message.into(),
            status: 2,
        }
    }

    /// A core error (exit 1), with the flag it concerns when known.
    pub fn core(e: &agora_token::Error) -> Fail {
        let mut message = e.message().to_owned();
        if let Some(f) = flag_hint(e) {
            message.push_str(&format!(" [{f}]"));
        }
        Fail {
            code: Some(e.code().as_str()),
            message,
            status: 1,
        }
    }
}

/// The command-line spelling of the field a core message starts with.
fn flag_hint(e: &agora_token::Error) -> Option<&'static str> {
    use agora_token::ErrorCode as C;
    match e.code() {
        C::InvalidAppId => return Some("--app-id / AGORA_APP_ID"),
        C::InvalidAppCertificate => return Some("--app-certificate / AGORA_APP_CERTIFICATE"),
        _ => {}
    }
    const FIELDS: &[(&str, &str)] = &[
        ("channel_name", "--channel"),
        ("uid", "--uid / --account"),
        ("user_id", "--user / --rtm-user"),
        ("room_uuid", "--room"),
        ("user_uuid", "--user"),
        ("resource", "--permission"),
    ];
    FIELDS
        .iter()
        .find(|(field, _)| e.message().starts_with(field))
        .map(|&(_, f)| f)
}

impl From<agora_token::Error> for Fail {
    fn from(e: agora_token::Error) -> Fail {
        Fail::core(&e)
    }
}

/// Writes one line to stdout; a closed pipe ends the program quietly.
pub fn out_line(s: &str) {
    let mut o = std::io::stdout().lock();
    if let Err(e) = writeln!(o, "{s}").and_then(|_| o.flush()) {
        // A closed pipe (`| head`) ends quietly; anything else is said.
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: cannot write to standard output: {e}");
        }
        std::process::exit(1);
    }
}

/// Replaces every secret-looking run in `text`: the given certificate values
/// and any run of exactly 32 hexadecimal characters (clap echoes unexpected
/// arguments, which may be a certificate given without its flag).
fn redact(text: &str, secrets: &[String]) -> String {
    let mut t = text.to_owned();
    for s in secrets.iter().filter(|s| !s.is_empty()) {
        t = t.replace(s.as_str(), "<redacted>");
    }
    let b = t.as_bytes();
    let mut out = String::with_capacity(t.len());
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_hexdigit() && (i == 0 || !b[i - 1].is_ascii_alphanumeric()) {
            let run = b[i..].iter().take_while(|c| c.is_ascii_hexdigit()).count();
            let end = i + run;
            if run == 32 && (end == b.len() || !b[end].is_ascii_alphanumeric()) {
                out.push_str("<redacted>");
                i = end;
                continue;
            }
        }
        let ch = t[i..].chars().next().unwrap_or('\u{fffd}');
        out.push(ch);
        i += ch.len_utf8().max(1);
    }
    out
}

/// Certificate values present in the arguments or the environment.
fn known_secrets() -> Vec<String> {
    let mut v: Vec<String> = std::env::var("AGORA_APP_CERTIFICATE").into_iter().collect();
    let argv: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    for (i, a) in argv.iter().enumerate() {
        if let Some(val) = a.strip_prefix("--app-certificate=") {
            v.push(val.to_owned());
        } else if a == "--app-certificate" {
            if let Some(next) = argv.get(i + 1) {
                v.push(next.clone());
            }
        }
    }
    v
}

fn run(cli: Cli) -> Result<(), Fail> {
    match cli.command {
        Cmd::Rtm {
            creds,
            user,
            expire,
            format,
            fixed,
        } => build::rtm(&creds, &user, expire.expire, format, &fixed),
        Cmd::Rtc {
            creds,
            channel,
            user,
            role,
            expire,
            privilege_expire,
            privileges,
            format,
            fixed,
        } => build::rtc(
            &creds,
            &channel,
            &user,
            role,
            expire.expire,
            privilege_expire,
            &privileges,
            format,
            &fixed,
        ),
        Cmd::RtcRtm {
            creds,
            channel,
            user,
            role,
            expire,
            privilege_expire,
            fixed,
        } => build::rtc_rtm(
            &creds,
            &channel,
            &user,
            role,
            expire.expire,
            privilege_expire,
            &fixed,
        ),
        Cmd::RtcRtm2(a) => build::rtc_rtm2(&a, build::Extra::None),
        Cmd::Convoai(a) => build::rtc_rtm2(&a, build::Extra::ConvoAi),
        Cmd::Stt(a) => build::rtc_rtm2(&a, build::Extra::Stt),
        Cmd::Rtm2 {
            creds,
            user,
            permission,
            expire,
            fixed,
        } => build::rtm2(&creds, &user, &permission, expire.expire, &fixed),
        Cmd::ChatUser {
            creds,
            user,
            expire,
            fixed,
        } => build::chat_user(&creds, &user, expire.expire, &fixed),
        Cmd::ChatApp {
            creds,
            expire,
            fixed,
        } => build::chat_app(&creds, expire.expire, &fixed),
        Cmd::Fpa { creds, fixed } => build::fpa(&creds, &fixed),
        Cmd::ApaasRoomUser {
            creds,
            room,
            user,
            role,
            expire,
            fixed,
        } => build::apaas_room_user(&creds, &room, &user, role, expire.expire, &fixed),
        Cmd::ApaasUser {
            creds,
            user,
            expire,
            fixed,
        } => build::apaas_user(&creds, &user, expire.expire, &fixed),
        Cmd::ApaasApp {
            creds,
            expire,
            fixed,
        } => build::apaas_app(&creds, expire.expire, &fixed),
        Cmd::Inspect(a) => show::inspect(&a),
        Cmd::Verify(a) => show::verify(&a),
        Cmd::Batch => batch::run(),
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            if !e.use_stderr() {
                // --help / --version: no values are shown there.
                let _ = e.print();
                return ExitCode::SUCCESS;
            }
            let text = redact(&e.render().to_string(), &known_secrets());
            let _ = write!(std::io::stderr(), "{text}");
            return ExitCode::from(2);
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            let text = match f.code {
                Some(code) => format!("error: {code}: {}", f.message),
                None => format!("error: {}", f.message),
            };
            let _ = writeln!(std::io::stderr(), "{}", redact(&text, &known_secrets()));
            ExitCode::from(f.status)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn redaction() {
        let hex = "5CFd2fd1755d40ecb72977518be15d3b";
        let r = redact(&format!("unexpected argument '{hex}' found"), &[]);
        assert!(!r.contains(hex));
        let r = redact("x secret-value y", &["secret-value".into()]);
        assert!(!r.contains("secret-value"));
        // Longer hex runs (signatures) are not app ids or certificates.
        let long = "ab".repeat(32);
        assert!(redact(&long, &[]).contains(&long));
        assert_eq!(redact("héllo", &[]), "héllo");
    }
}
