//! The only module that talks HTTP. Every call is same-origin under `/api/v1`, sends
//! cookies (the refresh token is an httpOnly cookie scoped to `/api/v1/auth`), and
//! returns `Result<T, ApiError>`.
//!
//! Authenticated calls attach `Authorization: Bearer <access token>` from the in-memory
//! [`Session`]. On a 401 they refresh the access token once (concurrent callers share
//! one refresh) and retry once; if the refresh fails the session is cleared and the
//! user is sent to `/signin?next=<current path>`.

pub mod interview;
pub mod workspace;

use std::fmt;
use std::future::Future;

use gloo_net::http::{Method, RequestBuilder, Response};
use interview_flow_shared::{
    AuthResponse, EmailRequestAccepted, ErrorBody, ErrorDetail, LoginRequest,
    PasswordResetConfirmRequest, PasswordResetRequest, RefreshResponse, RegisterRequest, UserDto,
    VerifyEmailRequest,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use web_sys::RequestCredentials;

use crate::session::Session;

pub const API_PREFIX: &str = "/api/v1";

/// Why a call failed, in a form pages can show to people.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The server answered with an error status; `body` is its error document (or one
    /// made up from the status when the body was not JSON, e.g. from a proxy).
    Http {
        status: u16,
        body: ErrorBody,
        /// Seconds from a `Retry-After` header (429, 503).
        retry_after: Option<u64>,
    },
    /// The request never got an answer: offline, server down, DNS, CORS...
    Network,
    /// The server answered 2xx but with a body this client does not understand.
    Decode,
}

impl ApiError {
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Http { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The machine-readable code of an HTTP error, e.g. `email_taken`.
    pub fn code(&self) -> Option<&str> {
        match self {
            ApiError::Http { body, .. } => Some(body.error.code.as_str()),
            _ => None,
        }
    }

    /// The field a 422 names (`details.field`).
    pub fn field(&self) -> Option<&str> {
        match self {
            ApiError::Http { body, .. } => body.field(),
            _ => None,
        }
    }

    #[allow(dead_code, reason = "API surface for the next SPA stages")]
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            ApiError::Http { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// A sentence for people: what happened and what to do.
    pub fn message(&self) -> String {
        match self {
            ApiError::Http {
                status: 429,
                retry_after: Some(secs),
                ..
            } => {
                let unit = if *secs == 1 { "second" } else { "seconds" };
                format!("Too many attempts; try again in {secs} {unit}.")
            }
            ApiError::Http { body, .. } => body.error.message.clone(),
            ApiError::Network => {
                "Could not reach Interview Flow. Check your connection and try again.".to_string()
            }
            ApiError::Decode => {
                "The server sent an answer this page does not understand. Reload the page and try again."
                    .to_string()
            }
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

/// A message for a status whose body was not an error document.
fn fallback_message(status: u16) -> &'static str {
    match status {
        400 => "The request was not accepted. Check the form and try again.",
        401 => "You are not signed in. Sign in and try again.",
        403 => "You do not have access to this.",
        404 => "We could not find what you were looking for.",
        409 => "This conflicts with something that already exists.",
        413 => "That is too large to upload.",
        422 => "Some of the information is not valid. Check the form and try again.",
        429 => "Too many attempts. Wait a moment and try again.",
        502..=504 => "Interview Flow is temporarily unavailable. Try again in a moment.",
        _ => "Something went wrong on our side. Try again in a moment.",
    }
}

fn url(path: &str) -> String {
    format!("{API_PREFIX}{path}")
}

/// Sends one request. `body` is already-serialised JSON.
async fn send(
    method: Method,
    path: &str,
    body: Option<&str>,
    token: Option<&str>,
) -> Result<Response, ApiError> {
    let mut builder = RequestBuilder::new(&url(path))
        .method(method)
        .credentials(RequestCredentials::SameOrigin)
        .header("Accept", "application/json");
    if let Some(token) = token {
        builder = builder.header("Authorization", &format!("Bearer {token}"));
    }
    let request = match body {
        Some(json) => builder
            .header("Content-Type", "application/json")
            .body(json.to_string()),
        None => builder.build(),
    }
    .map_err(|_| ApiError::Network)?;
    request.send().await.map_err(|_| ApiError::Network)
}

/// Turns a non-2xx response into an [`ApiError::Http`].
async fn error_from(response: &Response) -> ApiError {
    let retry_after = response
        .headers()
        .get("Retry-After")
        .and_then(|v| v.trim().parse::<u64>().ok());
    let text = response.text().await.ok();
    http_error(response.status(), text.as_deref(), retry_after)
}

/// An [`ApiError::Http`] from an error status and its body: the server's error document, or
/// one made up from the status when the body is not one (e.g. from a proxy).
fn http_error(status: u16, text: Option<&str>, retry_after: Option<u64>) -> ApiError {
    let body = text
        .and_then(|text| serde_json::from_str::<ErrorBody>(text).ok())
        .unwrap_or_else(|| ErrorBody {
            error: ErrorDetail {
                code: format!("http_{status}"),
                message: fallback_message(status).to_string(),
                details: None,
            },
        });
    ApiError::Http {
        status,
        body,
        retry_after,
    }
}

async fn json_or_error<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    if response.ok() {
        response.json::<T>().await.map_err(|_| ApiError::Decode)
    } else {
        Err(error_from(&response).await)
    }
}

async fn empty_or_error(response: Response) -> Result<(), ApiError> {
    if response.ok() {
        Ok(())
    } else {
        Err(error_from(&response).await)
    }
}

fn to_json<B: Serialize + ?Sized>(body: &B) -> Result<String, ApiError> {
    // Serialising our own DTOs cannot fail in practice; report it as a client problem.
    serde_json::to_string(body).map_err(|_| ApiError::Decode)
}

/// `POST` JSON without a bearer token (the account routes: signing up and in, emailed links)
/// and decode the JSON answer.
async fn post_public<B: Serialize + ?Sized, T: DeserializeOwned>(
    path: &str,
    body: &B,
) -> Result<T, ApiError> {
    let body = to_json(body)?;
    json_or_error(send(Method::POST, path, Some(&body), None).await?).await
}

/// A handle for API calls, bound to the session it reads the token from.
/// Cheap to copy; get one with [`use_api`] while building a component.
#[derive(Clone, Copy)]
pub struct Api {
    session: Session,
}

/// The API client of the current session (call while building a component).
pub fn use_api() -> Api {
    Api::new(crate::session::use_session())
}

impl Api {
    pub fn new(session: Session) -> Self {
        Self { session }
    }

    // ---- accounts (no bearer token) ----

    pub async fn register(&self, request: &RegisterRequest) -> Result<AuthResponse, ApiError> {
        post_public("/auth/register", request).await
    }

    pub async fn login(&self, request: &LoginRequest) -> Result<AuthResponse, ApiError> {
        post_public("/auth/login", request).await
    }

    /// Exchanges the refresh cookie for a new access token (rotates the cookie).
    pub async fn refresh(&self) -> Result<RefreshResponse, ApiError> {
        json_or_error(send(Method::POST, "/auth/refresh", None, None).await?).await
    }

    /// Revokes the refresh token. Sends the access token too when there is one.
    pub async fn logout(&self) -> Result<(), ApiError> {
        let token = self.session.token_untracked();
        empty_or_error(send(Method::POST, "/auth/logout", None, token.as_deref()).await?).await
    }

    /// Emails a single-use link to set a new password (the answer is the same for any
    /// address).
    pub async fn request_password_reset(
        &self,
        email: String,
    ) -> Result<EmailRequestAccepted, ApiError> {
        post_public("/auth/password-reset", &PasswordResetRequest { email }).await
    }

    /// Sets a new password with the token of an emailed reset link, and signs in.
    pub async fn confirm_password_reset(
        &self,
        token: &str,
        new_password: &str,
    ) -> Result<AuthResponse, ApiError> {
        let request = PasswordResetConfirmRequest {
            token: token.to_string(),
            new_password: new_password.to_string(),
        };
        post_public("/auth/password-reset/confirm", &request).await
    }

    /// Confirms an email address with the token of an emailed verification link.
    pub async fn verify_email(&self, token: &str) -> Result<UserDto, ApiError> {
        let token = token.to_string();
        post_public("/auth/verify-email", &VerifyEmailRequest { token }).await
    }

    // ---- signed-in calls ----

    /// Sends the verification email again (409 `already_verified` once confirmed).
    pub async fn resend_verification(&self) -> Result<EmailRequestAccepted, ApiError> {
        json_or_error(
            self.authed(Method::POST, "/auth/verify-email/resend", None)
                .await?,
        )
        .await
    }

    pub async fn me(&self) -> Result<UserDto, ApiError> {
        self.get("/me").await
    }

    /// `GET` an authenticated JSON resource (`path` is relative to `/api/v1`).
    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        json_or_error(self.authed(Method::GET, path, None).await?).await
    }

    /// `POST` JSON to an authenticated route and decode the JSON answer.
    #[allow(dead_code, reason = "API surface for the next SPA stages")]
    pub async fn post<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, ApiError> {
        let body = to_json(body)?;
        json_or_error(self.authed(Method::POST, path, Some(body)).await?).await
    }

    /// `PATCH` JSON to an authenticated route and decode the JSON answer.
    #[allow(dead_code, reason = "API surface for the next SPA stages")]
    pub async fn patch<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, ApiError> {
        let body = to_json(body)?;
        json_or_error(self.authed(Method::PATCH, path, Some(body)).await?).await
    }

    /// `DELETE` an authenticated resource; expects an empty (e.g. 204) answer.
    #[allow(dead_code, reason = "API surface for the next SPA stages")]
    pub async fn delete(&self, path: &str) -> Result<(), ApiError> {
        empty_or_error(self.authed(Method::DELETE, path, None).await?).await
    }

    /// Sends with the bearer token (see [`Self::with_fresh_token`]).
    async fn authed(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
    ) -> Result<Response, ApiError> {
        let body = body.as_deref();
        self.with_fresh_token(Response::status, |token| {
            let method = method.clone();
            async move { send(method, path, body, token.as_deref()).await }
        })
        .await
    }

    /// Sends a request with the session's access token (`send_with` gets it); on 401 refreshes
    /// once and sends again once. When the session cannot be renewed it is expired (cleared,
    /// user sent to sign in). `status` reads the HTTP status of what `send_with` answers.
    async fn with_fresh_token<Answer, Sending>(
        &self,
        status: fn(&Answer) -> u16,
        send_with: impl Fn(Option<String>) -> Sending,
    ) -> Result<Answer, ApiError>
    where
        Sending: Future<Output = Result<Answer, ApiError>>,
    {
        let token = self.session.token_untracked();
        let answer = send_with(token.clone()).await?;
        if status(&answer) != 401 {
            return Ok(answer);
        }
        match self.renew_token(token.as_deref()).await? {
            Some(fresh) => {
                let retried = send_with(Some(fresh)).await?;
                if status(&retried) == 401 {
                    self.session.expire();
                }
                Ok(retried)
            }
            None => {
                self.session.expire();
                Ok(answer)
            }
        }
    }

    /// A fresh access token after `stale` was refused; `Ok(None)` when the refresh
    /// cookie is no longer valid, `Err` when the server could not be reached (the
    /// session is kept then). Concurrent callers share one refresh request: the refresh
    /// cookie rotates, so two parallel refreshes would race each other.
    async fn renew_token(&self, stale: Option<&str>) -> Result<Option<String>, ApiError> {
        // Someone else already renewed it while our request was in flight.
        if let Some(current) = self.session.token_untracked()
            && Some(current.as_str()) != stale
        {
            return Ok(Some(current));
        }
        if self.session.is_refreshing() {
            while self.session.is_refreshing() {
                gloo_timers::future::TimeoutFuture::new(25).await;
            }
            return Ok(self.session.token_untracked());
        }
        self.session.set_refreshing(true);
        let outcome = match self.refresh().await {
            Ok(refreshed) => {
                self.session.set_token(Some(refreshed.access_token.clone()));
                Ok(Some(refreshed.access_token))
            }
            Err(ApiError::Http { .. }) => {
                self.session.set_token(None);
                Ok(None)
            }
            Err(other) => Err(other),
        };
        self.session.set_refreshing(false);
        outcome
    }
}
