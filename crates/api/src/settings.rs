//! Settings: defaults, then an optional TOML file, then environment variables.
//!
//! Everything is parsed into typed values here, once, at start-up; a bad value stops the
//! process with one line naming the setting and the reason.

use std::collections::HashMap;
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use rand::RngCore;
use url::Url;

/// Where the data lives; the backend is picked by the URL scheme.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// A file path (created when missing).
    Sqlite(PathBuf),
    /// A full `postgres://` connection URL.
    Postgres(String),
}

impl DatabaseUrl {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        if let Some(rest) = raw
            .strip_prefix("sqlite://")
            .or_else(|| raw.strip_prefix("sqlite:"))
        {
            if rest.is_empty() {
                return Err(
                    "a SQLite URL needs a file path, e.g. sqlite://./data/interview-flow.db".into(),
                );
            }
            if rest.contains(":memory:") || rest.contains("mode=memory") {
                return Err(
                    "in-memory SQLite is not supported (every pooled connection would see its own empty database); use a file path".into(),
                );
            }
            return Ok(DatabaseUrl::Sqlite(PathBuf::from(rest)));
        }
        if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            Url::parse(raw).map_err(|e| format!("not a valid PostgreSQL URL ({e})"))?;
            return Ok(DatabaseUrl::Postgres(raw.to_string()));
        }
        let scheme = raw.split("://").next().unwrap_or(raw);
        Err(format!(
            "must start with sqlite:// or postgres:// (got scheme \"{scheme}\")"
        ))
    }

    pub fn backend_name(&self) -> &'static str {
        match self {
            DatabaseUrl::Sqlite(_) => "sqlite",
            DatabaseUrl::Postgres(_) => "postgres",
        }
    }
}

/// Never prints a PostgreSQL password.
impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DatabaseUrl::Sqlite(path) => write!(f, "sqlite://{}", path.display()),
            DatabaseUrl::Postgres(url) => match Url::parse(url) {
                Ok(mut parsed) => {
                    if parsed.password().is_some() {
                        let _ = parsed.set_password(Some("***"));
                    }
                    write!(f, "{parsed}")
                }
                Err(_) => f.write_str("postgres://***"),
            },
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Development,
    Production,
}

/// The secret that signs access tokens. Debug never shows it.
#[derive(Clone)]
pub struct JwtSecret(Vec<u8>);

impl JwtSecret {
    pub const MIN_LEN: usize = 32;

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    pub fn new(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }
}

impl fmt::Debug for JwtSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JwtSecret(***)")
    }
}

/// Limits on sign-in and registration attempts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuthRateLimits {
    pub per_ip_per_minute: u32,
    pub per_account_per_minute: u32,
    pub refresh_per_ip_per_minute: u32,
}

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

/// Which question provider to use: the offline built-in one, or an OpenAI-compatible LLM.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AiProviderKind {
    Builtin,
    OpenAi,
}

/// The AI interviewer and speech services. Each OpenAI-compatible service takes a base URL
/// (ending before `/v1/...`), a key and a model; none is contacted unless configured.
#[derive(Clone)]
pub struct AiSettings {
    pub provider: AiProviderKind,
    /// e.g. `https://api.openai.com`, `http://127.0.0.1:11434` (Ollama), llama.cpp's server.
    pub base_url: Option<Url>,
    pub api_key: Option<String>,
    pub model: String,
    /// Longest wait for the first streamed token.
    pub first_token_timeout: std::time::Duration,
    /// Longest time for a whole question (or evaluation).
    pub request_timeout: std::time::Duration,
    /// Server text-to-speech (`/v1/audio/speech`) when set.
    pub tts_base_url: Option<Url>,
    pub tts_model: String,
    pub tts_voice: String,
    /// Server speech-to-text (`/v1/audio/transcriptions`) when set.
    pub stt_base_url: Option<Url>,
    pub stt_model: String,
}

/// Never prints the API key.
impl fmt::Debug for AiSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AiSettings")
            .field("provider", &self.provider)
            .field("base_url", &self.base_url.as_ref().map(Url::as_str))
            .field("model", &self.model)
            .field("api_key", &self.api_key.as_ref().map(|_| "***"))
            .field("tts", &self.tts_base_url.as_ref().map(Url::as_str))
            .field("stt", &self.stt_base_url.as_ref().map(Url::as_str))
            .finish_non_exhaustive()
    }
}

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

/// Every recognised setting, as an environment variable name; the config file uses the same
/// names in lower case.
pub const SETTING_NAMES: &[&str] = &[
    "APP_ENV",
    "DATABASE_URL",
    "DATABASE_POOL_SIZE",
    "BIND_ADDR",
    "PUBLIC_URL",
    "DATA_DIR",
    "JWT_SECRET",
    "STATIC_DIR",
    "AUTH_RATE_LIMIT_PER_IP_PER_MINUTE",
    "AUTH_RATE_LIMIT_PER_ACCOUNT_PER_MINUTE",
    "AUTH_RATE_LIMIT_REFRESH_PER_IP_PER_MINUTE",
    "TRUSTED_PROXIES",
    "REFRESH_TOKEN_TTL_DAYS",
    "REFRESH_REUSE_GRACE_SECS",
    "API_KEY_RATE_LIMIT_PER_MINUTE",
    "JSON_BODY_LIMIT_BYTES",
    "HTTP_WORKERS",
    "SMTP_URL",
    "MAIL_FROM",
    "SMTP_TIMEOUT_SECS",
    "EMAIL_POLL_INTERVAL_MS",
    "EMAIL_RETRY_BASE_SECS",
    "EMAIL_MAX_AGE_HOURS",
    "AI_PROVIDER",
    "AI_BASE_URL",
    "AI_API_KEY",
    "AI_MODEL",
    "AI_FIRST_TOKEN_TIMEOUT_SECS",
    "AI_TIMEOUT_SECS",
    "AI_TTS_BASE_URL",
    "AI_TTS_MODEL",
    "AI_TTS_VOICE",
    "AI_STT_BASE_URL",
    "AI_STT_MODEL",
    "WEBHOOKS_ALLOW_PRIVATE_NETWORKS",
    "WEBHOOK_RETRY_SCHEDULE_SECS",
    "PASSWORD_HASH_CONCURRENCY",
    "PASSWORD_HASH_MAX_WAIT_MS",
    "WORKER_STALE_MARGIN_SECS",
];

/// Raw string values after layering; parsed by [`Settings::from_values`].
#[derive(Debug, Default, Clone)]
pub struct RawSettings(HashMap<String, String>);

impl RawSettings {
    /// Layers: the config file (if any), then the environment.
    pub fn load(
        config_file: Option<&Path>,
        env: &HashMap<String, String>,
    ) -> Result<Self, SettingsError> {
        let mut values = HashMap::new();
        if let Some(path) = config_file {
            let text = std::fs::read_to_string(path).map_err(|e| {
                invalid(
                    "config file",
                    format!("cannot read {}: {e}", path.display()),
                )
            })?;
            let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
                invalid(
                    "config file",
                    format!("{} is not valid TOML: {}", path.display(), e.message()),
                )
            })?;
            for (key, value) in table {
                let name = key.to_uppercase();
                if !SETTING_NAMES.contains(&name.as_str()) {
                    return Err(invalid(
                        "config file",
                        format!("{} has an unknown setting \"{key}\"", path.display()),
                    ));
                }
                let text = match value {
                    toml::Value::String(s) => s,
                    toml::Value::Integer(i) => i.to_string(),
                    toml::Value::Boolean(b) => b.to_string(),
                    other => {
                        return Err(invalid(
                            &name,
                            format!("expected a string or number in the config file, got {other}"),
                        ));
                    }
                };
                values.insert(name, text);
            }
        }
        for name in SETTING_NAMES {
            if let Some(value) = env.get(*name) {
                values.insert((*name).to_string(), value.clone());
            }
        }
        Ok(Self(values))
    }

    pub fn set(&mut self, name: &str, value: impl Into<String>) {
        self.0.insert(name.to_string(), value.into());
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(|s| s.trim()).filter(|s| !s.is_empty())
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

fn parse_email_settings(raw: &RawSettings) -> Result<EmailSettings, SettingsError> {
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

fn parse_bool(raw: &RawSettings, name: &str, default: bool) -> Result<bool, SettingsError> {
    match raw.get(name).map(str::to_ascii_lowercase).as_deref() {
        None => Ok(default),
        Some("true" | "1" | "yes" | "on") => Ok(true),
        Some("false" | "0" | "no" | "off") => Ok(false),
        Some(other) => Err(invalid(
            name,
            format!("expected true or false, got \"{other}\""),
        )),
    }
}

fn parse_retry_schedule(
    raw: &RawSettings,
    name: &str,
) -> Result<Vec<std::time::Duration>, SettingsError> {
    let text = raw.get(name).unwrap_or("60,300,1800,7200,18000,36000");
    text.split(',')
        .map(|part| {
            part.trim()
                .parse::<u64>()
                .ok()
                .filter(|secs| (1..=7 * 24 * 3600).contains(secs))
                .map(std::time::Duration::from_secs)
                .ok_or_else(|| {
                    invalid(
                        name,
                        format!(
                            "expected comma-separated seconds (1 to 604800) such as \"60,300,1800\", got \"{text}\""
                        ),
                    )
                })
        })
        .collect()
}

fn parse_service_url(raw: &RawSettings, name: &str) -> Result<Option<Url>, SettingsError> {
    let Some(text) = raw.get(name) else {
        return Ok(None);
    };
    let url = Url::parse(text).map_err(|e| invalid(name, format!("not a URL ({e})")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(invalid(
            name,
            "expected an http:// or https:// base URL such as http://127.0.0.1:11434",
        ));
    }
    Ok(Some(url))
}

fn parse_ai_settings(raw: &RawSettings) -> Result<AiSettings, SettingsError> {
    let base_url = parse_service_url(raw, "AI_BASE_URL")?;
    let provider = match raw.get("AI_PROVIDER") {
        None if base_url.is_some() => AiProviderKind::OpenAi,
        None | Some("builtin") => AiProviderKind::Builtin,
        Some("openai") => AiProviderKind::OpenAi,
        Some(other) => {
            return Err(invalid(
                "AI_PROVIDER",
                format!("expected \"builtin\" or \"openai\", got \"{other}\""),
            ));
        }
    };
    if provider == AiProviderKind::OpenAi && base_url.is_none() {
        return Err(invalid(
            "AI_BASE_URL",
            "is required when AI_PROVIDER is openai",
        ));
    }
    Ok(AiSettings {
        provider,
        base_url,
        api_key: raw.get("AI_API_KEY").map(str::to_string),
        model: raw.get("AI_MODEL").unwrap_or("gpt-4o-mini").to_string(),
        first_token_timeout: std::time::Duration::from_secs(parse_number(
            raw,
            "AI_FIRST_TOKEN_TIMEOUT_SECS",
            10,
            1,
            600,
        )?),
        request_timeout: std::time::Duration::from_secs(parse_number(
            raw,
            "AI_TIMEOUT_SECS",
            45,
            1,
            1800,
        )?),
        tts_base_url: parse_service_url(raw, "AI_TTS_BASE_URL")?,
        tts_model: raw.get("AI_TTS_MODEL").unwrap_or("tts-1").to_string(),
        tts_voice: raw.get("AI_TTS_VOICE").unwrap_or("alloy").to_string(),
        stt_base_url: parse_service_url(raw, "AI_STT_BASE_URL")?,
        stt_model: raw.get("AI_STT_MODEL").unwrap_or("whisper-1").to_string(),
    })
}

fn parse_public_url(raw: &str) -> Result<Url, SettingsError> {
    let url = Url::parse(raw).map_err(|e| invalid("PUBLIC_URL", format!("not a URL ({e})")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(invalid(
            "PUBLIC_URL",
            "must be an absolute http:// or https:// URL such as https://interviews.example.com",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("PUBLIC_URL", "must not have a query or fragment"));
    }
    Ok(url)
}

fn parse_number<T>(
    raw: &RawSettings,
    name: &str,
    default: T,
    min: T,
    max: T,
) -> Result<T, SettingsError>
where
    T: std::str::FromStr + PartialOrd + fmt::Display + Copy,
{
    let Some(text) = raw.get(name) else {
        return Ok(default);
    };
    let value: T = text
        .parse()
        .map_err(|_| invalid(name, format!("expected a whole number, got \"{text}\"")))?;
    if value < min || value > max {
        return Err(invalid(
            name,
            format!("must be between {min} and {max}, got {value}"),
        ));
    }
    Ok(value)
}

/// Development convenience: a random secret kept in DATA_DIR so restarts keep sessions.
fn load_or_generate_secret(data_dir: &Path) -> Result<JwtSecret, SettingsError> {
    let path = data_dir.join("jwt-secret");
    if let Ok(existing) = std::fs::read(&path)
        && existing.len() >= JwtSecret::MIN_LEN
    {
        return Ok(JwtSecret(existing));
    }
    std::fs::create_dir_all(data_dir).map_err(|e| {
        invalid(
            "DATA_DIR",
            format!("cannot create {}: {e}", data_dir.display()),
        )
    })?;
    let mut bytes = [0u8; 48];
    rand::rng().fill_bytes(&mut bytes);
    let secret = base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, bytes);
    write_private_file(&path, secret.as_bytes())
        .map_err(|e| invalid("DATA_DIR", format!("cannot write {}: {e}", path.display())))?;
    Ok(JwtSecret(secret.into_bytes()))
}

fn write_private_file(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(contents)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(pairs: &[(&str, &str)]) -> RawSettings {
        let env: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        RawSettings::load(None, &env).unwrap()
    }

    #[test]
    fn database_url_picks_backend_by_scheme() {
        assert_eq!(
            DatabaseUrl::parse("sqlite://./data/x.db"),
            Ok(DatabaseUrl::Sqlite(PathBuf::from("./data/x.db")))
        );
        assert!(matches!(
            DatabaseUrl::parse("postgres://postgres@127.0.0.1/db"),
            Ok(DatabaseUrl::Postgres(_))
        ));
        assert!(
            DatabaseUrl::parse("mysql://x")
                .unwrap_err()
                .contains("sqlite://")
        );
        assert!(DatabaseUrl::parse("sqlite://:memory:").is_err());
    }

    #[test]
    fn bad_values_name_the_setting() {
        let dir = tempdir();
        let dir = dir.to_str().unwrap();
        let err = Settings::from_values(&raw(&[("DATA_DIR", dir), ("BIND_ADDR", "localhost")]))
            .unwrap_err();
        assert_eq!(err.setting, "BIND_ADDR");
        let err = Settings::from_values(&raw(&[("DATA_DIR", dir), ("DATABASE_URL", "mysql://x")]))
            .unwrap_err();
        assert_eq!(err.setting, "DATABASE_URL");
        let err = Settings::from_values(&raw(&[("DATA_DIR", dir), ("HTTP_WORKERS", "many")]))
            .unwrap_err();
        assert_eq!(err.setting, "HTTP_WORKERS");
    }

    #[test]
    fn production_refuses_weak_or_missing_secret() {
        let base = [
            ("APP_ENV", "production"),
            ("PUBLIC_URL", "https://i.example.com"),
        ];
        let err = Settings::from_values(&raw(&base)).unwrap_err();
        assert_eq!(err.setting, "JWT_SECRET");
        let mut weak = base.to_vec();
        weak.push(("JWT_SECRET", "secret"));
        assert_eq!(
            Settings::from_values(&raw(&weak)).unwrap_err().setting,
            "JWT_SECRET"
        );
        let mut strong = base.to_vec();
        strong.push(("JWT_SECRET", "0123456789abcdef0123456789abcdef-long"));
        assert!(Settings::from_values(&raw(&strong)).is_ok());
    }

    /// A setting documented in README.md but missing from SETTING_NAMES would be silently
    /// ignored when given in the environment.
    #[test]
    fn every_documented_setting_is_read() {
        let readme = include_str!("../../../README.md");
        let documented: Vec<&str> = readme
            .lines()
            .filter_map(|line| line.strip_prefix("| `"))
            .filter_map(|rest| rest.split_once('`').map(|(name, _)| name))
            .filter(|name| {
                name.chars()
                    .all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit())
            })
            .flat_map(|name| name.split(", "))
            .collect();
        assert!(documented.len() > 30, "{documented:?}");
        // Read by the log set-up and by the config loader themselves.
        let read_elsewhere = ["RUST_LOG", "LOG_FORMAT", "INTERVIEW_FLOW_CONFIG"];
        for name in documented
            .into_iter()
            .filter(|n| !read_elsewhere.contains(n))
        {
            assert!(
                SETTING_NAMES.contains(&name),
                "{name} is documented but never read"
            );
        }
    }

    #[test]
    fn production_refuses_plain_http_links_and_bad_proxy_lists() {
        let secret = ("JWT_SECRET", "0123456789abcdef0123456789abcdef-long");
        let plain = [
            ("APP_ENV", "production"),
            ("PUBLIC_URL", "http://i.example.com"),
            secret,
        ];
        assert_eq!(
            Settings::from_values(&raw(&plain)).unwrap_err().setting,
            "PUBLIC_URL"
        );
        let dir = tempdir();
        let dir = dir.to_str().unwrap();
        let err = Settings::from_values(&raw(&[
            ("DATA_DIR", dir),
            ("TRUSTED_PROXIES", "10.0.0.0/8, proxy"),
        ]))
        .unwrap_err();
        assert_eq!(err.setting, "TRUSTED_PROXIES");
        let ok = Settings::from_values(&raw(&[
            ("DATA_DIR", dir),
            ("TRUSTED_PROXIES", "10.0.0.0/8, ::1"),
        ]))
        .unwrap();
        assert_eq!(ok.trusted_proxies.len(), 2);
        assert!(
            Settings::from_values(&raw(&[
                ("DATA_DIR", dir),
                ("REFRESH_REUSE_GRACE_SECS", "61")
            ]))
            .is_err()
        );
    }

    #[test]
    fn development_generates_and_keeps_a_secret() {
        let dir = tempdir();
        let values = raw(&[("DATA_DIR", dir.to_str().unwrap())]);
        let first = Settings::from_values(&values).unwrap();
        let second = Settings::from_values(&values).unwrap();
        assert_eq!(first.jwt_secret.as_bytes(), second.jwt_secret.as_bytes());
        assert!(first.jwt_secret.as_bytes().len() >= JwtSecret::MIN_LEN);
    }

    #[test]
    fn config_file_is_layered_under_env() {
        let dir = tempdir();
        let file = dir.join("config.toml");
        std::fs::write(
            &file,
            "bind_addr = \"127.0.0.1:9000\"\npublic_url = \"http://file.example\"\n",
        )
        .unwrap();
        let env: HashMap<String, String> =
            [("PUBLIC_URL".to_string(), "http://env.example".to_string())].into();
        let mut values = RawSettings::load(Some(&file), &env).unwrap();
        values.set("DATA_DIR", dir.to_str().unwrap());
        let settings = Settings::from_values(&values).unwrap();
        assert_eq!(settings.bind_addr.port(), 9000);
        assert_eq!(settings.public_url.host_str(), Some("env.example"));
        std::fs::write(&file, "bogus_key = 1\n").unwrap();
        assert!(RawSettings::load(Some(&file), &HashMap::new()).is_err());
    }

    fn tempdir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("if-settings-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
