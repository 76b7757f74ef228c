//! A signed-in user, cookies, and reading responses.

use interview_flow_shared::{AuthResponse, ErrorBody, REFRESH_COOKIE};
use reqwest::{Response, StatusCode};
use serde::de::DeserializeOwned;

/// A signed-in user as a test holds it.
#[derive(Debug, Clone)]
pub struct Session {
    pub auth: AuthResponse,
    pub refresh_token: String,
    pub set_cookie: String,
}

impl Session {
    pub async fn from_response(response: Response) -> Session {
        let set_cookie = refresh_set_cookie(&response).expect("refresh cookie set");
        let refresh_token = cookie_value(&set_cookie);
        let auth: AuthResponse = response.json().await.expect("auth response body");
        Session {
            auth,
            refresh_token,
            set_cookie,
        }
    }

    pub fn token(&self) -> &str {
        &self.auth.access_token
    }
}

/// The `Set-Cookie` header that sets cookie `name`, if any.
pub fn set_cookie(response: &Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_string)
}

/// The `Set-Cookie` header that carries the refresh token, if any.
pub fn refresh_set_cookie(response: &Response) -> Option<String> {
    set_cookie(response, REFRESH_COOKIE)
}

pub fn cookie_value(set_cookie: &str) -> String {
    set_cookie
        .split(';')
        .next()
        .and_then(|pair| pair.split_once('='))
        .map(|(_, value)| value.to_string())
        .unwrap_or_default()
}

/// Asserts the status and the JSON error shape; returns the body.
pub async fn expect_error(response: Response, status: StatusCode, code: &str) -> ErrorBody {
    assert_eq!(response.status(), status, "status of {}", response.url());
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(
        content_type.starts_with("application/json"),
        "JSON error, got {content_type}"
    );
    let body: ErrorBody = response.json().await.expect("error body");
    assert_eq!(body.error.code, code, "error code: {body:?}");
    assert!(!body.error.message.is_empty());
    body
}

pub async fn json<T: DeserializeOwned>(response: Response, status: StatusCode) -> T {
    let actual = response.status();
    let text = response.text().await.unwrap_or_default();
    assert_eq!(actual, status, "unexpected status; body: {text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("cannot decode {text}: {e}"))
}
