//! An idiomatic API over the reference builders: lifetimes are
//! [`Duration`]s, 006 expiries are [`SystemTime`]s, roles and identities are
//! enums, and credentials are checked once. The unit mistakes the reference
//! API allows (an absolute time as a 007 lifetime, milliseconds, a 006 expiry
//! in the past) cannot be expressed or are refused.
//!
//! ```
//! use std::time::Duration;
//! use agora_token::typed::{Credentials, RtcRole};
//! use agora_token::UserId;
//!
//! let creds = Credentials::new("970CA35de60c44645bbae8a215061b33", "5CFd2fd1755d40ecb72977518be15d3b")?;
//! let rtm = creds.rtm_token("alice", Duration::from_secs(3600))?;
//! let rtc = creds.rtc_token("room", UserId::Uid(42), RtcRole::Publisher, Duration::from_secs(600), None)?;
//! # assert!(rtm.starts_with("007") && rtc.starts_with("007"));
//! # Ok::<(), agora_token::Error>(())
//! ```

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use zeroize::Zeroizing;

use crate::builders::{self, role};
use crate::common::{check_app_id, check_certificate, Options, UserId};
use crate::error::{Error, ErrorCode, Result};

/// An RTC role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RtcRole {
    /// Join and publish audio, video and data.
    Publisher,
    /// Join only (reduced rights only when co-host authentication is on).
    Subscriber,
}

impl RtcRole {
    fn selector(self) -> i64 {
        match self {
            RtcRole::Publisher => role::PUBLISHER,
            RtcRole::Subscriber => role::SUBSCRIBER,
        }
    }
}

/// A checked app id and App Certificate. `Debug` never shows the
/// certificate; the copy held here is wiped on drop.
#[derive(Clone)]
pub struct Credentials {
    app_id: String,
    cert: Zeroizing<String>,
    opts: Options,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("app_id", &self.app_id)
            .field("app_certificate", &"<redacted>")
            .finish()
    }
}

fn secs(what: &str, d: Duration) -> Result<u32> {
    u32::try_from(d.as_secs()).map_err(|_| {
        Error::new(
            ErrorCode::ValueOutOfRange,
            format!(
                "{what} of {} s does not fit the token's 32-bit seconds",
                d.as_secs()
            ),
        )
    })
}

impl Credentials {
    /// Checks both values: exactly 32 hexadecimal characters each.
    pub fn new(app_id: &str, app_certificate: &str) -> Result<Credentials> {
        check_app_id(app_id.as_bytes())?;
        check_certificate(app_certificate.as_bytes())?;
        Ok(Credentials {
            app_id: app_id.to_owned(),
            cert: Zeroizing::new(app_certificate.to_owned()),
            opts: Options::default(),
        })
    }

    /// A copy that builds with fixed salt / issue time (tests, reproducible
    /// output).
    pub fn with_options(&self, opts: Options) -> Credentials {
        Credentials {
            opts,
            ..self.clone()
        }
    }

    /// The app id.
    pub fn app_id(&self) -> &str {
        &self.app_id
    }

    /// 007 RTM login token valid for `lifetime`.
    pub fn rtm_token(&self, user_id: &str, lifetime: Duration) -> Result<String> {
        builders::rtm::build_token(
            &self.app_id,
            &*self.cert,
            user_id,
            secs("lifetime", lifetime)?,
            &self.opts,
        )
    }

    /// 007 RTC token. `privilege_lifetime` `None` = bounded by the token
    /// lifetime only.
    pub fn rtc_token(
        &self,
        channel: &str,
        user: UserId<'_>,
        role: RtcRole,
        lifetime: Duration,
        privilege_lifetime: Option<Duration>,
    ) -> Result<String> {
        let pe = privilege_lifetime
            .map(|d| secs("privilege_lifetime", d))
            .transpose()?
            .unwrap_or(0);
        builders::rtc::build_token_with_user(
            &self.app_id,
            &*self.cert,
            channel,
            user,
            role.selector(),
            secs("lifetime", lifetime)?,
            pe,
            &self.opts,
        )
    }

    /// 007 token with RTC for `channel`/`account` and RTM for the same
    /// account.
    pub fn rtc_rtm_token(
        &self,
        channel: &str,
        account: &str,
        role: RtcRole,
        lifetime: Duration,
    ) -> Result<String> {
        builders::rtc::build_token_with_rtm(
            &self.app_id,
            &*self.cert,
            channel,
            account,
            role.selector(),
            secs("lifetime", lifetime)?,
            0,
            &self.opts,
        )
    }

    fn absolute(&self, what: &str, at: SystemTime) -> Result<u32> {
        let t = at
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let now = match self.opts.issue_ts {
            Some(n) => n as u64,
            None => crate::now_secs(),
        };
        if t <= now {
            return Err(Error::new(
                ErrorCode::ValueOutOfRange,
                format!("{what} {t} is not in the future (now {now})"),
            ));
        }
        u32::try_from(t).map_err(|_| Error::out_of_range(what, t, 0, u32::MAX as i64))
    }

    /// Legacy 006 RTM token whose login privilege ends at `expires_at`.
    pub fn rtm_token_006(&self, user_account: &str, expires_at: SystemTime) -> Result<String> {
        let at = self.absolute("expires_at", expires_at)?;
        builders::rtm006::build_token(&self.app_id, &*self.cert, user_account, at, &self.opts)
    }

    /// Legacy 006 RTC token whose privileges end at `expires_at`.
    pub fn rtc_token_006(
        &self,
        channel: &str,
        user: UserId<'_>,
        role: RtcRole,
        expires_at: SystemTime,
    ) -> Result<String> {
        let at = self.absolute("expires_at", expires_at)?;
        builders::rtc006::build_token_with_user(
            &self.app_id,
            &*self.cert,
            channel,
            user,
            role.selector(),
            at,
            &self.opts,
        )
    }
}
