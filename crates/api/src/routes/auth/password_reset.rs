use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, post, web};
use interview_flow_shared::validation::normalize_email;
use interview_flow_shared::{
    AuthResponse, EmailRequestAccepted, ErrorBody, PasswordResetConfirmRequest,
    PasswordResetRequest,
};

use crate::auth::AuthRateLimiter;
use crate::errors::ApiError;
use crate::extract::ApiJson;
use crate::routes::client_ip;
use crate::services::accounts;
use crate::state::AppState;

/// Email a link to set a new password (single use, valid 30 minutes). The answer is the same
/// whether or not the address has an account.
#[utoipa::path(
    tag = "accounts",
    request_body(content = PasswordResetRequest, example = json!({"email": "ann@example.com"})),
    responses(
        (status = 202, description = "If the address has an account, a link is on its way", body = EmailRequestAccepted),
        AuthRateLimiter, ApiJson<PasswordResetRequest>,
        (status = 422, description = "Not an email address", body = ErrorBody),
    )
)]
#[post("/auth/password-reset")]
pub async fn request_password_reset(
    state: web::Data<AppState>,
    body: ApiJson<PasswordResetRequest>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    state.auth_limiter.check_ip(client_ip(&req))?;
    let email = normalize_email(&body.into_inner().email)?;
    state.auth_limiter.check_account(&email)?;
    accounts::request_password_reset(&state.context, email).await?;
    Ok(HttpResponse::Accepted().json(EmailRequestAccepted {
        message: "If an account uses this address, we have emailed it a link to set a new password. The link works once, for 30 minutes.".into(),
    }))
}

/// Set a new password with the token from the emailed link. This proves the address, ends
/// every other session and emailed sign-in link of the account, and signs in.
#[utoipa::path(
    tag = "accounts",
    request_body = PasswordResetConfirmRequest,
    responses(
        (status = 200, description = "Password set and signed in; sets the refresh cookie", body = AuthResponse),
        AuthRateLimiter, ApiJson<PasswordResetConfirmRequest>,
        (status = 401, description = "Unknown, used or expired link (code invalid_link)", body = ErrorBody),
        (status = 422, description = "Weak password", body = ErrorBody),
    )
)]
#[post("/auth/password-reset/confirm")]
pub async fn confirm_password_reset(
    state: web::Data<AppState>,
    body: ApiJson<PasswordResetConfirmRequest>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    state.auth_limiter.check_ip(client_ip(&req))?;
    let PasswordResetConfirmRequest {
        token,
        new_password,
    } = body.into_inner();
    let signed_in = accounts::confirm_password_reset(
        &state.context,
        &state.passwords,
        token,
        new_password,
        state.settings.refresh_token_ttl_days,
    )
    .await?;
    super::signed_in_response(&state, StatusCode::OK, signed_in, None)
}
