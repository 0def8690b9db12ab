//! Argument types shared by the subcommands: integer parsers that report the
//! core's error codes, roles, RTM2 permissions, credentials and fixed values.

use std::ffi::OsStr;
use std::marker::PhantomData;

use agora_token::{checked_int, Error, ErrorCode, Options};
use clap::builder::TypedValueParser;
use clap::error::ErrorKind;
use clap::{Arg, Args, Command};

/// An integer type an argument is checked against.
pub trait Width: Copy + Send + Sync + 'static + TryFrom<i128> {
    /// Smallest accepted value.
    const MIN: i64;
    /// Largest accepted value.
    const MAX: i64;
}

impl Width for u32 {
    const MIN: i64 = 0;
    const MAX: i64 = u32::MAX as i64;
}

impl Width for i16 {
    const MIN: i64 = i16::MIN as i64;
    const MAX: i64 = i16::MAX as i64;
}

impl Width for u16 {
    const MIN: i64 = 0;
    const MAX: i64 = u16::MAX as i64;
}

impl Width for u64 {
    const MIN: i64 = 0;
    const MAX: i64 = i64::MAX;
}

impl Width for i64 {
    const MIN: i64 = i64::MIN;
    const MAX: i64 = i64::MAX;
}

/// The flag an argument is given by (`--uid`), or its value name.
fn flag(arg: Option<&Arg>) -> String {
    match arg {
        Some(a) => match a.get_long() {
            Some(l) => format!("--{l}"),
            None => a.get_id().to_string(),
        },
        None => "value".into(),
    }
}

fn value_error(cmd: &Command, arg: Option<&Arg>, e: &Error) -> clap::Error {
    // `error: <code>: <flag>: <message>`, the order every other error uses.
    let msg = format!("{}: {}: {}\n", e.code().as_str(), flag(arg), e.message());
    clap::Error::raw(ErrorKind::ValueValidation, msg).with_cmd(cmd)
}

/// Parses decimal integer text: optional sign, ASCII digits only. The error
/// carries the core code (`value_out_of_range` for any integer outside the
/// width, `invalid_argument` for anything that is not an integer).
pub fn int_text<T: Width>(what: &str, s: &str) -> Result<T, Error> {
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::new(
            ErrorCode::InvalidArgument,
            format!("{what} must be a decimal integer, not {s:?}"),
        ));
    }
    match s.parse::<i128>() {
        Ok(v) => checked_int::<T>(what, v, T::MIN, T::MAX),
        // More digits than i128 holds: certainly out of range.
        Err(_) => Err(Error::new(
            ErrorCode::ValueOutOfRange,
            format!("{what} = {s} is outside {}..={}", T::MIN, T::MAX),
        )),
    }
}

/// A clap value parser for an integer of width `T`.
#[derive(Clone, Copy)]
pub struct Int<T>(PhantomData<T>);

/// The parser for `T`.
pub fn int<T>() -> Int<T> {
    Int(PhantomData)
}

impl<T: Width> TypedValueParser for Int<T> {
    type Value = T;

    fn parse_ref(&self, cmd: &Command, arg: Option<&Arg>, value: &OsStr) -> Result<T, clap::Error> {
        let what = flag(arg);
        let s = value.to_str().ok_or_else(|| {
            value_error(
                cmd,
                arg,
                &Error::new(ErrorCode::InvalidArgument, "not valid UTF-8"),
            )
        })?;
        int_text::<T>(&what, s).map_err(|e| {
            // The core message already names the flag; keep one prefix.
            let msg = format!("{}: {}\n", e.code().as_str(), e.message());
            clap::Error::raw(ErrorKind::ValueValidation, msg).with_cmd(cmd)
        })
    }
}

/// An RTC role: `publisher` (1), `subscriber` (2), the 006 aliases
/// `attendee` (0) and `admin` (101), or any integer selector.
#[derive(Clone, Copy)]
pub struct Role;

impl TypedValueParser for Role {
    type Value = i64;

    fn parse_ref(
        &self,
        cmd: &Command,
        arg: Option<&Arg>,
        value: &OsStr,
    ) -> Result<i64, clap::Error> {
        use agora_token::builders::role;
        let what = flag(arg);
        let s = value.to_str().unwrap_or("");
        match s {
            "publisher" => Ok(role::PUBLISHER),
            "subscriber" => Ok(role::SUBSCRIBER),
            "attendee" => Ok(role::ATTENDEE),
            "admin" => Ok(role::ADMIN),
            _ => int_text::<i64>(&what, s).map_err(|_| {
                value_error(
                    cmd,
                    arg,
                    &Error::new(
                        ErrorCode::InvalidArgument,
                        format!(
                            "unknown role {s:?}: use publisher, subscriber, attendee, admin or an integer"
                        ),
                    ),
                )
            }),
        }
    }
}

/// One `--permission TYPE:PERM:res1,res2` of an RTM2 token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Permission {
    /// Resource type number.
    pub resource_type: u16,
    /// Permission type number.
    pub permission_type: u16,
    /// Resource names (split at commas; a name cannot contain a comma).
    pub resources: Vec<String>,
}

/// Parses `--permission` values. TYPE: `message` (0), `stream` (1), `group`
/// (2), `server-group` (3), `user` (4) or a number; PERM: `read` (0),
/// `write` (1) or a number.
#[derive(Clone, Copy)]
pub struct PermissionParser;

fn perm_part(what: &str, s: &str, names: &[(&str, u16)]) -> Result<u16, Error> {
    if let Some(&(_, n)) = names.iter().find(|(name, _)| *name == s) {
        return Ok(n);
    }
    int_text::<u16>(what, s).map_err(|e| {
        if e.code() == ErrorCode::InvalidArgument {
            let known: Vec<&str> = names.iter().map(|(n, _)| *n).collect();
            Error::new(
                ErrorCode::InvalidArgument,
                format!("{what} {s:?} is neither a number nor one of {known:?}"),
            )
        } else {
            e
        }
    })
}

/// Resource type names of RTM2 permissions.
pub const RESOURCE_TYPES: &[(&str, u16)] = &[
    ("message", 0),
    ("stream", 1),
    ("group", 2),
    ("server-group", 3),
    ("user", 4),
];

/// Permission type names of RTM2 permissions.
pub const PERMISSION_TYPES: &[(&str, u16)] = &[("read", 0), ("write", 1)];

/// Parses one `TYPE:PERM:res1,res2` text.
pub fn permission_text(s: &str) -> Result<Permission, Error> {
    let mut parts = s.splitn(3, ':');
    let (Some(t), Some(p), Some(r)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(Error::new(
            ErrorCode::InvalidArgument,
            format!("--permission {s:?} must look like TYPE:PERM:res1,res2"),
        ));
    };
    Ok(Permission {
        resource_type: perm_part("--permission resource type", t, RESOURCE_TYPES)?,
        permission_type: perm_part("--permission permission type", p, PERMISSION_TYPES)?,
        resources: if r.is_empty() {
            Vec::new()
        } else {
            r.split(',').map(str::to_owned).collect()
        },
    })
}

impl TypedValueParser for PermissionParser {
    type Value = Permission;

    fn parse_ref(
        &self,
        cmd: &Command,
        arg: Option<&Arg>,
        value: &OsStr,
    ) -> Result<Permission, clap::Error> {
        let s = value.to_str().unwrap_or("");
        permission_text(s).map_err(|e| value_error(cmd, arg, &e))
    }
}

/// App id and App Certificate: flags or environment. The certificate's
/// value is never shown, not even in `--help`.
#[derive(Args, Debug, Clone)]
pub struct Creds {
    /// App ID (32 hex characters)
    #[arg(long, env = "AGORA_APP_ID", hide_env_values = true, value_name = "ID")]
    pub app_id: Option<String>,
    /// App Certificate (32 hex characters); prefer the environment variable,
    /// command lines are visible to other local users
    #[arg(
        long,
        env = "AGORA_APP_CERTIFICATE",
        hide_env_values = true,
        value_name = "CERT"
    )]
    pub app_certificate: Option<String>,
}

/// Values normally taken from the clock and the random generator.
#[derive(Args, Debug, Clone, Copy)]
pub struct Fixed {
    /// Salt (default: random in 1..=99999999)
    #[arg(long, value_name = "N", value_parser = int::<u32>(), allow_hyphen_values = true)]
    pub salt: Option<u32>,
    /// Issue time in Unix seconds (default: now); for 006 tokens the "now"
    /// the expiries are counted from
    #[arg(long, value_name = "TS", value_parser = int::<u32>(), allow_hyphen_values = true)]
    pub issue_ts: Option<u32>,
}

impl Fixed {
    /// As core build options.
    pub fn options(&self) -> Options {
        Options {
            salt: self.salt,
            issue_ts: self.issue_ts,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn int_text_codes() {
        assert_eq!(int_text::<u32>("--x", "4294967295").unwrap(), u32::MAX);
        let e = int_text::<u32>("--x", "4294967296").unwrap_err();
        assert_eq!(e.code(), ErrorCode::ValueOutOfRange);
        let e = int_text::<u32>("--x", "-1").unwrap_err();
        assert_eq!(e.code(), ErrorCode::ValueOutOfRange);
        let big = "9".repeat(60);
        let e = int_text::<u32>("--x", &big).unwrap_err();
        assert_eq!(e.code(), ErrorCode::ValueOutOfRange);
        for bad in ["", "-", "1.5", "0x10", " 1", "1e3"] {
            let e = int_text::<u32>("--x", bad).unwrap_err();
            assert_eq!(e.code(), ErrorCode::InvalidArgument, "{bad:?}");
        }
    }

    #[test]
    fn permission_forms() {
        let p = permission_text("message:read:a,b").unwrap();
        assert_eq!((p.resource_type, p.permission_type), (0, 0));
        assert_eq!(p.resources, ["a", "b"]);
        let p = permission_text("4:1:").unwrap();
        assert_eq!((p.resource_type, p.permission_type), (4, 1));
        assert!(p.resources.is_empty());
        let p = permission_text("user:write:x:y").unwrap();
        assert_eq!(p.resources, ["x:y"]);
        assert_eq!(
            permission_text("70000:read:a").unwrap_err().code(),
            ErrorCode::ValueOutOfRange
        );
        assert_eq!(
            permission_text("bogus:read:a").unwrap_err().code(),
            ErrorCode::InvalidArgument
        );
        assert_eq!(
            permission_text("message").unwrap_err().code(),
            ErrorCode::InvalidArgument
        );
    }
}
