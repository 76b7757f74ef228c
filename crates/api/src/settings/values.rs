//! Typed values of single settings: the database URL, the mode, the JWT secret and the
//! sign-in rate limits.

use std::fmt;
use std::path::{Path, PathBuf};

use rand::RngCore;
use url::Url;

use super::{SettingsError, invalid};

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
pub struct JwtSecret(pub(super) Vec<u8>);

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

/// Development convenience: a random secret kept in DATA_DIR so restarts keep sessions.
pub(super) fn load_or_generate_secret(data_dir: &Path) -> Result<JwtSecret, SettingsError> {
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
