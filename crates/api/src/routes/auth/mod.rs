pub mod link;
pub mod login;
pub mod logout;
pub mod password;
pub mod refresh;
pub mod register;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use interview_flow_shared::{AuthResponse, REFRESH_COOKIE};

use crate::auth::refresh as refresh_cookie;
use crate::errors::ApiError;
use crate::services::accounts::SignedIn;
use crate::state::AppState;

/// The answer of every successful sign-in: an access token in the body, the refresh token
/// as an httpOnly cookie.
pub fn signed_in_response(
    state: &AppState,
    status: StatusCode,
    signed_in: SignedIn,
    interview_id: Option<String>,
) -> Result<HttpResponse, ApiError> {
    let user = signed_in.user;
    let (access_token, expires_in) = state.jwt.issue(
        &user.id,
        user.role,
        user.organization.as_ref().map(|o| o.id.as_str()),
    )?;
    Ok(HttpResponse::build(status)
        .cookie(refresh_cookie::cookie(
            &signed_in.refresh_token,
            state.settings.refresh_token_ttl_days,
            state.settings.cookies_secure(),
        ))
        .json(AuthResponse {
            user,
            access_token,
            expires_in,
            interview_id,
        }))
}

/// The refresh token from its cookie, if sent.
pub fn presented_refresh_token(req: &HttpRequest) -> Option<String> {
    req.cookie(REFRESH_COOKIE)
        .map(|c| c.value().to_string())
        .filter(|v| !v.is_empty())
}
