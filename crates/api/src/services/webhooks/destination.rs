//! Destination checks (SSRF guard).

use interview_flow_shared::validation::MAX_URL_LEN;
use url::Url;

use crate::errors::ApiError;
use crate::outbound;

/// Parses and checks a URL's form (not where it points): absolute http(s), a host, no
/// credentials, https unless private networks are allowed.
pub(super) fn parse_url(raw: &str, allow_private: bool) -> Result<Url, ApiError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(ApiError::validation("url", "Enter the endpoint's URL."));
    }
    if raw.len() > MAX_URL_LEN {
        return Err(ApiError::validation(
            "url",
            format!("The URL must be at most {MAX_URL_LEN} characters."),
        ));
    }
    let url = Url::parse(raw).map_err(|e| {
        ApiError::validation(
            "url",
            format!("The URL is not valid ({e}); use https://host/path."),
        )
    })?;
    match url.scheme() {
        "https" => {}
        "http" if allow_private => {}
        "http" => {
            return Err(ApiError::validation(
                "url",
                "The URL must use https:// (plain http:// is only accepted when private networks are allowed).",
            ));
        }
        other => {
            return Err(ApiError::validation(
                "url",
                format!("The URL must use https://, not {other}://."),
            ));
        }
    }
    if url.host().is_none() {
        return Err(ApiError::validation("url", "The URL must name a host."));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(ApiError::validation(
            "url",
            "The URL must not contain a user name or password.",
        ));
    }
    if url.fragment().is_some() {
        return Err(ApiError::validation(
            "url",
            "The URL must not contain a #fragment.",
        ));
    }
    Ok(url)
}

/// The full check of a URL a recruiter registers.
pub(super) async fn check_endpoint_url(raw: &str, allow_private: bool) -> Result<Url, ApiError> {
    // Where it points first, so `http://127.0.0.1` is refused for what it is.
    if !allow_private
        && let Ok(url) = Url::parse(raw.trim())
        && matches!(url.scheme(), "http" | "https")
        && url.host().is_some()
    {
        outbound::resolve_public(&url).await.map_err(|reason| {
            ApiError::validation("url", format!("The URL cannot be used: {reason}."))
        })?;
    }
    parse_url(raw, allow_private)
}
