//! Raw string values (config file, then environment) and the helpers that parse them.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use url::Url;

use super::{SettingsError, invalid};

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

    pub(super) fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(|s| s.trim()).filter(|s| !s.is_empty())
    }
}

pub(super) fn parse_bool(
    raw: &RawSettings,
    name: &str,
    default: bool,
) -> Result<bool, SettingsError> {
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

pub(super) fn parse_retry_schedule(
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

pub(super) fn parse_service_url(
    raw: &RawSettings,
    name: &str,
) -> Result<Option<Url>, SettingsError> {
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

pub(super) fn parse_public_url(raw: &str) -> Result<Url, SettingsError> {
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

pub(super) fn parse_number<T>(
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
