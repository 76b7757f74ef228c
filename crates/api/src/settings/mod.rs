//! Settings: defaults, then an optional TOML file, then environment variables.
//!
//! Everything is parsed into typed values here, once, at start-up; a bad value stops the
//! process with one line naming the setting and the reason.

mod ai;
mod email;
mod raw;
#[cfg(test)]
mod tests;
mod values;

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;

use url::Url;

pub use ai::{AiProviderKind, AiSettings};
pub use email::EmailSettings;
pub use raw::{RawSettings, SETTING_NAMES};
pub use values::{AuthRateLimits, DatabaseUrl, JwtSecret, Mode};

use ai::parse_ai_settings;
use email::parse_email_settings;
use raw::{parse_bool, parse_number, parse_public_url, parse_retry_schedule};
use values::load_or_generate_secret;

#[derive(Debug, Clone)]
pub struct Settings {
    pub mode: Mode,
    pub database_url: DatabaseUrl,
    pub database_pool_size: u32,
    pub bind_addr: SocketAddr,
    /// Base of every link we send, without a trailing slash.
    pub public_url: Url,
    pub data_dir: PathBuf,
    pub jwt_secret: JwtSecret,
    /// The built SPA (Trunk's dist folder).
    pub static_dir: PathBuf,
    pub auth_rate_limits: AuthRateLimits,
    pub refresh_token_ttl_days: u32,
    /// A refresh token presented again this soon after its rotation (a second tab refreshing
    /// at the same moment) gets the same new session instead of ending the family.
    pub refresh_reuse_grace: std::time::Duration,
    /// Proxies whose `X-Forwarded-For` / `Forwarded` headers name the real client.
    pub trusted_proxies: Vec<crate::auth::rate_limit::IpNetwork>,
    /// Requests per minute allowed to each API key.
    pub api_key_rate_limit_per_minute: u32,
    pub json_body_limit_bytes: usize,
    pub http_workers: Option<usize>,
    pub email: EmailSettings,
    pub ai: AiSettings,
    /// Whether webhook endpoints may be plain http:// and resolve to loopback, private,
    /// link-local or other non-public addresses (development and tests only).
    pub webhooks_allow_private_networks: bool,
    /// Waits before each webhook retry; a delivery fails after `len() + 1` attempts.
    pub webhook_retry_schedule: Vec<std::time::Duration>,
    /// Password hashes (19 MiB and a core each) allowed to run at once.
    pub password_hash_concurrency: usize,
    /// How long a sign-in waits for a hashing slot before it gets 503 with Retry-After.
    pub password_hash_max_wait: std::time::Duration,
    /// A background worker is reported stale by `/readyz` when it has not beaten its
    /// heartbeat (once per pass) for three of its poll intervals plus this.
    pub worker_stale_margin: std::time::Duration,
}

/// A setting that could not be used: which one and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsError {
    pub setting: String,
    pub reason: String,
}

impl fmt::Display for SettingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid setting {}: {}", self.setting, self.reason)
    }
}

impl std::error::Error for SettingsError {}

fn invalid(setting: &str, reason: impl Into<String>) -> SettingsError {
    SettingsError {
        setting: setting.to_string(),
        reason: reason.into(),
    }
}

impl Settings {
    /// Parses layered values. May create DATA_DIR and, in development mode only, a generated
    /// JWT secret inside it.
    pub fn from_values(raw: &RawSettings) -> Result<Self, SettingsError> {
        let mode = match raw.get("APP_ENV").unwrap_or("development") {
            "development" | "dev" => Mode::Development,
            "production" | "prod" => Mode::Production,
            other => {
                return Err(invalid(
                    "APP_ENV",
                    format!("expected \"development\" or \"production\", got \"{other}\""),
                ));
            }
        };
        let database_url = DatabaseUrl::parse(
            raw.get("DATABASE_URL")
                .unwrap_or("sqlite://./data/interview-flow.db"),
        )
        .map_err(|reason| invalid("DATABASE_URL", reason))?;
        let bind_addr: SocketAddr = raw
            .get("BIND_ADDR")
            .unwrap_or("127.0.0.1:8080")
            .parse()
            .map_err(|_| {
                invalid(
                    "BIND_ADDR",
                    "expected an IP address and port such as 127.0.0.1:8080",
                )
            })?;
        let public_url =
            parse_public_url(raw.get("PUBLIC_URL").unwrap_or("http://127.0.0.1:8080"))?;
        if mode == Mode::Production && public_url.scheme() != "https" {
            return Err(invalid(
                "PUBLIC_URL",
                "must be https:// in production (links carry sign-in tokens)",
            ));
        }
        let data_dir = PathBuf::from(raw.get("DATA_DIR").unwrap_or("./data"));
        let static_dir = PathBuf::from(raw.get("STATIC_DIR").unwrap_or("./crates/web/dist"));
        let jwt_secret = match raw.get("JWT_SECRET") {
            Some(secret) if secret.len() >= JwtSecret::MIN_LEN => {
                JwtSecret(secret.as_bytes().to_vec())
            }
            Some(_) if mode == Mode::Production => {
                return Err(invalid(
                    "JWT_SECRET",
                    format!(
                        "too weak: at least {} characters of random data are required in production",
                        JwtSecret::MIN_LEN
                    ),
                ));
            }
            Some(secret) => {
                tracing::warn!(
                    "JWT_SECRET is shorter than {} characters; fine for development only",
                    JwtSecret::MIN_LEN
                );
                JwtSecret(secret.as_bytes().to_vec())
            }
            None if mode == Mode::Production => {
                return Err(invalid("JWT_SECRET", "is required in production"));
            }
            None => load_or_generate_secret(&data_dir)?,
        };
        Ok(Settings {
            mode,
            database_url,
            database_pool_size: parse_number(raw, "DATABASE_POOL_SIZE", 8, 1, 200)?,
            bind_addr,
            public_url,
            data_dir,
            jwt_secret,
            static_dir,
            auth_rate_limits: AuthRateLimits {
                per_ip_per_minute: parse_number(
                    raw,
                    "AUTH_RATE_LIMIT_PER_IP_PER_MINUTE",
                    30,
                    1,
                    1_000_000,
                )?,
                per_account_per_minute: parse_number(
                    raw,
                    "AUTH_RATE_LIMIT_PER_ACCOUNT_PER_MINUTE",
                    10,
                    1,
                    1_000_000,
                )?,
                refresh_per_ip_per_minute: parse_number(
                    raw,
                    "AUTH_RATE_LIMIT_REFRESH_PER_IP_PER_MINUTE",
                    120,
                    1,
                    1_000_000,
                )?,
            },
            refresh_token_ttl_days: parse_number(raw, "REFRESH_TOKEN_TTL_DAYS", 30, 1, 365)?,
            refresh_reuse_grace: std::time::Duration::from_secs(parse_number(
                raw,
                "REFRESH_REUSE_GRACE_SECS",
                10,
                0,
                60,
            )?),
            trusted_proxies: match raw.get("TRUSTED_PROXIES") {
                None => Vec::new(),
                Some(list) => crate::auth::rate_limit::IpNetwork::parse_list(list)
                    .map_err(|reason| invalid("TRUSTED_PROXIES", reason))?,
            },
            api_key_rate_limit_per_minute: parse_number(
                raw,
                "API_KEY_RATE_LIMIT_PER_MINUTE",
                600,
                1,
                1_000_000,
            )?,
            json_body_limit_bytes: parse_number(
                raw,
                "JSON_BODY_LIMIT_BYTES",
                64 * 1024,
                1024,
                16 * 1024 * 1024,
            )?,
            http_workers: match raw.get("HTTP_WORKERS") {
                None => None,
                Some(_) => Some(parse_number(raw, "HTTP_WORKERS", 2, 1, 256)?),
            },
            email: parse_email_settings(raw)?,
            ai: parse_ai_settings(raw)?,
            webhooks_allow_private_networks: parse_bool(
                raw,
                "WEBHOOKS_ALLOW_PRIVATE_NETWORKS",
                false,
            )?,
            webhook_retry_schedule: parse_retry_schedule(raw, "WEBHOOK_RETRY_SCHEDULE_SECS")?,
            password_hash_concurrency: parse_number(
                raw,
                "PASSWORD_HASH_CONCURRENCY",
                std::thread::available_parallelism().map_or(1, |cores| cores.get()),
                1,
                1024,
            )?,
            password_hash_max_wait: std::time::Duration::from_millis(parse_number(
                raw,
                "PASSWORD_HASH_MAX_WAIT_MS",
                5000,
                0,
                60_000,
            )?),
            worker_stale_margin: std::time::Duration::from_secs(parse_number(
                raw,
                "WORKER_STALE_MARGIN_SECS",
                300,
                1,
                86_400,
            )?),
        })
    }

    /// The full link to a client route, e.g. `link("/interview/ready/…")`.
    /// Absolute links on PUBLIC_URL.
    pub fn links(&self) -> crate::links::Links {
        crate::links::Links::new(&self.public_url)
    }

    pub fn cookies_secure(&self) -> bool {
        self.public_url.scheme() == "https"
    }
}
