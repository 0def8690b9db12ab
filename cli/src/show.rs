//! `inspect` and `verify`.

use std::io::Read;

use agora_token::report::{self, relative, utc, NotChecked, Signature};
use agora_token::{parse, uid_text, verify as core_verify, ErrorCode, Expect, Token};
use serde_json::Value;

use crate::args::int;
use crate::{out_line, Fail};

/// Who a token is expected to be for.
#[derive(clap::Args, Debug, Clone)]
pub struct Identity {
    /// RTM / Chat / APaaS user id (a 006 RTM token: its user account)
    #[arg(long, value_name = "U", conflicts_with_all = ["channel", "uid", "account"])]
    pub user: Option<String>,
    /// RTC channel name
    #[arg(long, value_name = "C")]
    pub channel: Option<String>,
    /// Numeric RTC uid (0 = the any-user token)
    #[arg(long, value_name = "N", value_parser = int::<u32>(), allow_hyphen_values = true,
          conflicts_with = "account", requires = "channel")]
    pub uid: Option<u32>,
    /// String RTC account, used verbatim
    #[arg(long, value_name = "A", requires = "channel")]
    pub account: Option<String>,
}

impl Identity {
    fn uid_text(&self) -> Option<String> {
        match (&self.account, self.uid) {
            (Some(a), _) => Some(a.clone()),
            (None, Some(n)) => Some(uid_text(n)),
            (None, None) => None,
        }
    }

    /// The (channel, uid) pair a 006 signature covers, if given.
    fn signed_006(&self) -> Option<(String, String)> {
        if let Some(u) = &self.user {
            return Some((u.clone(), String::new()));
        }
        let ch = self.channel.clone()?;
        Some((ch, self.uid_text().unwrap_or_default()))
    }
}

/// `inspect` arguments.
#[derive(clap::Args, Debug)]
pub struct InspectArgs {
    /// The token, or - to read it from standard input
    #[arg(allow_hyphen_values = true)]
    pub token: String,
    /// Check the signature with this App Certificate
    #[arg(
        long,
        env = "AGORA_APP_CERTIFICATE",
        hide_env_values = true,
        value_name = "CERT"
    )]
    pub app_certificate: Option<String>,
    /// Machine-readable output
    #[arg(long)]
    pub json: bool,
    /// Unix time to compare the expiries with (default: now)
    #[arg(long, value_name = "TS", value_parser = int::<u64>(), allow_hyphen_values = true)]
    pub now: Option<u64>,
    /// For 006 tokens: what the signature covers
    #[command(flatten)]
    pub identity: Identity,
}

/// `verify` arguments.
#[derive(clap::Args, Debug)]
pub struct VerifyArgs {
    /// The token, or - to read it from standard input
    #[arg(allow_hyphen_values = true)]
    pub token: String,
    /// App Certificate
    #[arg(
        long,
        env = "AGORA_APP_CERTIFICATE",
        hide_env_values = true,
        value_name = "CERT"
    )]
    pub app_certificate: Option<String>,
    /// Check expiry at this Unix time (default: now)
    #[arg(long, value_name = "TS", value_parser = int::<u64>(), allow_hyphen_values = true)]
    pub now: Option<u64>,
    #[command(flatten)]
    pub identity: Identity,
}

/// The token text: the argument, or standard input for `-` (surrounding
/// whitespace removed there, so `echo $TOKEN |` works).
fn token_text(arg: &str) -> Result<String, Fail> {
    if arg != "-" {
        return Ok(arg.to_owned());
    }
    let mut buf = Vec::new();
    // A token is at most MAX_TOKEN_LEN bytes; read a little more to notice.
    std::io::stdin()
        .take(agora_token::MAX_TOKEN_LEN as u64 + 4096)
        .read_to_end(&mut buf)
        .map_err(|e| Fail::usage(format!("cannot read the token from stdin: {e}")))?;
    let s = String::from_utf8_lossy(&buf);
    Ok(s.trim_matches(|c: char| c.is_ascii_whitespace()).to_owned())
}

fn bytes_text(b: &[u8]) -> String {
    match std::str::from_utf8(b) {
        Ok(s) => format!("{s:?}"),
        Err(_) => format!("0x{}", agora_token::to_hex(b)),
    }
}

fn note(why: NotChecked) -> String {
    match why {
        NotChecked::NoCertificate => "no --app-certificate given".into(),
        NotChecked::No006Identity => {
            "a 006 token signs its channel and uid: pass --channel with --uid/--account, or --user"
                .into()
        }
    }
}

fn check_signature(t: &Token, cert: Option<&str>, id: &Identity) -> Signature {
    let signed = id.signed_006();
    let signed = signed.as_ref().map(|(c, u)| (c.as_bytes(), u.as_bytes()));
    report::check_signature(t, cert.map(str::as_bytes), signed)
}

fn when(at: u64, now: u64) -> String {
    format!("{} ({}) [{at}]", utc(at), relative(at, now))
}

fn privilege_lines(out: &mut Vec<String>, privs: &Value, absolute: bool, now: u64) {
    for p in privs.as_array().into_iter().flatten() {
        let id = &p["id"];
        let name = p["name"].as_str().unwrap_or("unknown");
        let until = match p["expires_at"].as_u64() {
            Some(at) => format!("until {}", when(at, now)),
            None => "no expiry of its own (the token's applies)".into(),
        };
        let value = if absolute {
            String::new()
        } else {
            format!("{} s, ", p["lifetime"])
        };
        out.push(format!("    {name} ({id}): {value}{until}"));
    }
}

/// The human-readable `inspect` text.
fn text(t: &Token, now: u64, sig: &Signature, r: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let app = bytes_text(t.app_id());
    match t {
        Token::V007(t7) => {
            out.push("format:     007 (AccessToken2)".into());
            out.push(format!("app id:     {app}"));
            out.push(format!("issued:     {}", when(t7.issue_ts as u64, now)));
            out.push(format!(
                "expires:    {} = issued + {} s",
                when(t7.expires_at(), now),
                t7.expire
            ));
            out.push(format!("salt:       {}", t7.salt));
            out.push(format!(
                "services:   {} declared, {} decoded",
                t7.service_count,
                t7.services.len()
            ));
            for (s, e) in t7
                .services
                .iter()
                .zip(r["services"].as_array().into_iter().flatten())
            {
                let mut fields = Vec::new();
                if let Some(o) = e.as_object() {
                    for (k, v) in o {
                        if !matches!(k.as_str(), "type" | "name" | "privileges") {
                            fields.push(format!("{k}={v}"));
                        }
                    }
                }
                out.push(format!(
                    "  {} (type {}) {}",
                    s.name().unwrap_or("unknown"),
                    s.service_type(),
                    fields.join(" ")
                ));
                privilege_lines(&mut out, &e["privileges"], false, now);
            }
            if let Some(tp) = t7.stopped_at_unknown_service_type {
                out.push(format!(
                    "  unknown service type {tp}: decoding stopped here"
                ));
            }
        }
        Token::V006(t6) => {
            out.push("format:     006 (AccessToken)".into());
            out.push(format!("app id:     {app}"));
            match (t6.ts as u64).checked_sub(86_400) {
                Some(i) => out.push(format!(
                    "issued:     not recorded in 006; about {} if built with the usual 24 h ts",
                    when(i, now)
                )),
                None => out.push("issued:     not recorded in 006".into()),
            }
            out.push(format!(
                "expires:    {} (ts field)",
                when(t6.ts as u64, now)
            ));
            out.push(format!("salt:       {}", t6.salt));
            out.push(format!(
                "signed for: crc32(channel) = {:#010x}, crc32(uid) = {:#010x}",
                t6.crc_channel_name, t6.crc_uid
            ));
            out.push("privileges:".into());
            privilege_lines(&mut out, &r["privileges"], true, now);
        }
    }
    out.push(match sig {
        Signature::NotChecked(why) => format!("signature:  not checked ({})", note(*why)),
        Signature::V007(v) if v.certificate_rejected => {
            "signature:  not checked: the certificate is not 32 hex characters".into()
        }
        Signature::V007(v) => format!(
            "signature:  {}",
            if v.signature_valid {
                "valid"
            } else {
                "INVALID for this certificate"
            }
        ),
        Signature::V006(v) if v.certificate_rejected => {
            "signature:  not checked: the certificate is not 32 hex characters".into()
        }
        Signature::V006(v) => format!(
            "signature:  {}; crc of channel {}, crc of uid {}",
            if v.signature_valid {
                "valid"
            } else {
                "INVALID for this certificate/channel/uid"
            },
            if v.crc_channel_matches {
                "matches"
            } else {
                "DIFFERS"
            },
            if v.crc_uid_matches {
                "matches"
            } else {
                "DIFFERS"
            },
        ),
    });
    let diags = r["diagnostics"].as_array().cloned().unwrap_or_default();
    if diags.is_empty() {
        out.push("diagnostics: none".into());
    } else {
        out.push("diagnostics:".into());
        for d in diags {
            out.push(format!(
                "  {}: {}",
                d["code"].as_str().unwrap_or(""),
                d["message"].as_str().unwrap_or("")
            ));
        }
    }
    out
}

pub fn inspect(a: &InspectArgs) -> Result<(), Fail> {
    let token = token_text(&a.token)?;
    let t = parse(&token)?;
    let now = a.now.unwrap_or_else(agora_token::now_secs);
    let sig = check_signature(&t, a.app_certificate.as_deref(), &a.identity);
    let r = report::report(&t, now, &sig, note);
    if a.json {
        out_line(&r.to_string());
    } else {
        out_line(&text(&t, now, &sig, &r).join("\n"));
    }
    Ok(())
}

pub fn verify(a: &VerifyArgs) -> Result<(), Fail> {
    let cert = a.app_certificate.as_deref().ok_or_else(|| {
        Fail::usage(
            "missing the App Certificate: pass --app-certificate or set AGORA_APP_CERTIFICATE",
        )
    })?;
    let token = token_text(&a.token)?;
    let id = &a.identity;
    let uid = id.uid_text();
    let now = a.now.unwrap_or_else(agora_token::now_secs);
    let expect = Expect {
        user: id.user.as_deref().map(str::as_bytes),
        channel: id.channel.as_deref().map(str::as_bytes),
        uid: uid.as_deref().map(str::as_bytes),
        now: Some(now),
    };
    match core_verify(&token, cert, &expect) {
        Ok(v) => {
            out_line(&format!(
                "valid: {} token for app {}, expires {}",
                v.token.version(),
                bytes_text(v.token.app_id()),
                when(v.expires_at, now)
            ));
            Ok(())
        }
        // What to check was not said clearly enough: a usage error.
        Err(e) if e.code() == ErrorCode::InvalidArgument => {
            let mut f = Fail::core(&e);
            f.status = 2;
            Err(f)
        }
        Err(e) => {
            let mut f = Fail::core(&e);
            f.message = format!("token is not valid: {}", f.message);
            Err(f)
        }
    }
}
