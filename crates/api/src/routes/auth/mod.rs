pub mod link;
pub mod login;
pub mod logout;
pub mod password;
pub mod password_reset;
pub mod refresh;
pub mod register;
pub mod verify_email;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use interview_flow_shared::{AuthResponse, REFRESH_COOKIE};

use crate::auth::{device, refresh as refresh_cookie};
use crate::errors::ApiError;
use crate::services::accounts::SignedIn;
use crate::state::AppState;

/// The answer of every successful sign-in: an access token in the body, the refresh token
/// as an httpOnly cookie. A full session (not an emailed link's) also marks the browser as
/// known to the account (see [`device`]).
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
        user.link_interview_id.as_deref(),
    )?;
    let secure = state.settings.cookies_secure();
    let mut response = HttpResponse::build(status);
    response.cookie(refresh_cookie::cookie(
        &signed_in.refresh_token,
        state.settings.refresh_token_ttl_days,
        secure,
    ));
    if user.link_interview_id.is_none() {
        response.cookie(device::cookie(
            state.settings.jwt_secret.as_bytes(),
            &user.email,
            secure,
        ));
    }
    Ok(response.json(AuthResponse {
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
