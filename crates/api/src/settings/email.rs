//! The outgoing email section.

use std::fmt;

use url::Url;

use super::raw::{RawSettings, parse_number};
use super::{SettingsError, invalid};

/// Outgoing email: SMTP when `SMTP_URL` is set, otherwise `.eml` files in DATA_DIR/outbox.
#[derive(Clone)]
pub struct EmailSettings {
    /// `smtp://[user:pass@]host[:port]` (STARTTLS with `?tls=required`) or `smtps://…`.
    pub smtp_url: Option<String>,
    /// The From mailbox, e.g. `Interview Flow <interviews@example.com>`.
    pub mail_from: String,
    pub smtp_timeout: std::time::Duration,
    pub poll_interval: std::time::Duration,
    /// First retry delay; doubles per attempt, capped at an hour.
    pub retry_base: std::time::Duration,
    /// Give up on a message this long after it was queued.
    pub max_age: chrono::TimeDelta,
}

/// Never prints SMTP credentials.
impl fmt::Debug for EmailSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let transport = match &self.smtp_url {
            Some(url) => match Url::parse(url) {
                Ok(parsed) => format!(
                    "{}://{}:{}",
                    parsed.scheme(),
                    parsed.host_str().unwrap_or(""),
                    parsed.port().unwrap_or(0)
                ),
                Err(_) => "smtp".into(),
            },
            None => "file outbox".into(),
        };
        f.debug_struct("EmailSettings")
            .field("transport", &transport)
            .field("mail_from", &self.mail_from)
            .finish_non_exhaustive()
    }
}

pub(super) fn parse_email_settings(raw: &RawSettings) -> Result<EmailSettings, SettingsError> {
    let smtp_url = match raw.get("SMTP_URL") {
        None => None,
        Some(url) => {
            let parsed =
                Url::parse(url).map_err(|e| invalid("SMTP_URL", format!("not a URL ({e})")))?;
            if !matches!(parsed.scheme(), "smtp" | "smtps") || parsed.host_str().is_none() {
                return Err(invalid(
                    "SMTP_URL",
                    "expected smtp://[user:password@]host[:port] or smtps://…",
                ));
            }
            Some(url.to_string())
        }
    };
    let mail_from = raw
        .get("MAIL_FROM")
        .unwrap_or("Interview Flow <interviews@interviewflow.localhost>")
        .to_string();
    mail_from.parse::<lettre::message::Mailbox>().map_err(|e| {
        invalid(
            "MAIL_FROM",
            format!("not a valid mailbox such as \"Acme Hiring <hiring@acme.com>\" ({e})"),
        )
    })?;
    Ok(EmailSettings {
        smtp_url,
        mail_from,
        smtp_timeout: std::time::Duration::from_secs(parse_number(
            raw,
            "SMTP_TIMEOUT_SECS",
            15,
            1,
            600,
        )?),
        poll_interval: std::time::Duration::from_millis(parse_number(
            raw,
            "EMAIL_POLL_INTERVAL_MS",
            2000,
            50,
            600_000,
        )?),
        retry_base: std::time::Duration::from_secs(parse_number(
            raw,
            "EMAIL_RETRY_BASE_SECS",
            30,
            1,
            3600,
        )?),
        max_age: chrono::TimeDelta::hours(parse_number(
            raw,
            "EMAIL_MAX_AGE_HOURS",
            24,
            1,
            24 * 14,
        )?),
    })
}
