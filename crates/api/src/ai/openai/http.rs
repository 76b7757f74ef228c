//! The HTTP side shared by every call: the client, endpoint URLs, auth, status and error
//! handling.

use std::fmt::Write as _;

use serde_json::Value;
use tokio::time::Instant;
use url::Url;

use crate::ai::ProviderError;
use crate::settings::AiSettings;

use super::{CONNECT_TIMEOUT, clean, sse};

/// A client with the configured timeouts (connect + overall), shared by the calls here.
pub fn http_client(settings: &AiSettings) -> Result<reqwest::Client, ProviderError> {
    reqwest::Client::builder()
        .connect_timeout(CONNECT_TIMEOUT.min(settings.request_timeout))
        .timeout(settings.request_timeout)
        .user_agent(concat!("interview-flow/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| ProviderError::Transport(format!("cannot build the HTTP client: {e}")))
}

/// `{base}/v1/{path}`, whether or not `base` ends with "/" or already with "/v1".
pub(crate) fn endpoint(base: &Url, path: &str) -> Result<Url, ProviderError> {
    let mut base = base.clone();
    base.set_query(None);
    base.set_fragment(None);
    let trimmed = base.as_str().trim_end_matches('/');
    let joined = if trimmed.ends_with("/v1") {
        format!("{trimmed}/{path}")
    } else {
        format!("{trimmed}/v1/{path}")
    };
    Url::parse(&joined).map_err(|e| ProviderError::Transport(format!("bad service URL: {e}")))
}

pub(super) fn authorized(
    request: reqwest::RequestBuilder,
    settings: &AiSettings,
) -> reqwest::RequestBuilder {
    match settings.api_key.as_deref().map(str::trim) {
        Some(key) if !key.is_empty() => request.bearer_auth(key),
        _ => request,
    }
}

pub(crate) fn transport_error(error: reqwest::Error, settings: &AiSettings) -> ProviderError {
    if error.is_timeout() {
        return ProviderError::Timeout(settings.request_timeout);
    }
    let error = error.without_url();
    let detail = if error.is_connect() {
        "cannot connect to the server".to_string()
    } else {
        let mut text = error.to_string();
        let mut source = std::error::Error::source(&error);
        while let Some(inner) = source {
            let _ = write!(text, ": {inner}");
            source = inner.source();
        }
        text
    };
    ProviderError::Transport(redact(&detail, settings))
}

/// Passes 2xx responses; turns others into [`ProviderError::Status`] with a short detail.
pub(crate) async fn check_status(
    response: reqwest::Response,
    settings: &AiSettings,
    deadline: Instant,
) -> Result<reqwest::Response, ProviderError> {
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    let body = tokio::time::timeout_at(deadline, response.bytes())
        .await
        .ok()
        .and_then(Result::ok)
        .unwrap_or_default();
    let head = &body[..body.len().min(4096)];
    let detail = serde_json::from_slice::<Value>(head)
        .ok()
        .and_then(|value| sse::error_message(&value))
        .unwrap_or_else(|| String::from_utf8_lossy(head).into_owned());
    let mut detail: String = clean::collapse_whitespace(&detail)
        .chars()
        .take(200)
        .collect();
    if detail.is_empty() {
        detail = status.canonical_reason().unwrap_or("error").to_string();
    }
    Err(ProviderError::Status {
        status: status.as_u16(),
        detail: redact(&detail, settings),
    })
}

/// Never lets the API key into an error message.
fn redact(text: &str, settings: &AiSettings) -> String {
    match settings.api_key.as_deref().map(str::trim) {
        Some(key) if key.len() >= 4 => text.replace(key, "***"),
        _ => text.to_string(),
    }
}

pub(super) fn truncate_chars(text: &str, max: usize) -> String {
    let text = text.trim();
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((cut, _)) => format!("{}…", text[..cut].trim_end()),
    }
}
