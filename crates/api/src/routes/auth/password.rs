use actix_web::{HttpRequest, HttpResponse, post, web};
use interview_flow_shared::{ErrorBody, SetPasswordRequest};

use crate::auth::AuthRateLimiter;
use crate::auth::AuthenticatedUser;
use crate::errors::ApiError;
use crate::extract::ApiJson;
use crate::routes::client_ip;
use crate::services::accounts;
use crate::state::AppState;

/// Change the password (the current one is required). Every other session and every emailed
/// sign-in link of the account stop working; this session stays signed in. An account
/// without a password sets its first one with a password-reset link.
#[utoipa::path(
    tag = "accounts",
    security(("bearer" = [])),
    request_body = SetPasswordRequest,
    responses(
        (status = 204, description = "Password saved"),
        AuthenticatedUser, AuthRateLimiter, ApiJson<SetPasswordRequest>,
        (status = 409, description = "The account has no password yet (code password_not_set): use a password-reset link", body = ErrorBody),
        (status = 422, description = "Weak new password or wrong current password", body = ErrorBody),
    )
)]
#[post("/auth/password")]
pub async fn set_password(
    user: AuthenticatedUser,
    state: web::Data<AppState>,
    body: ApiJson<SetPasswordRequest>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    state.auth_limiter.check_ip(client_ip(&req))?;
    state.auth_limiter.check_account(&user.user_id)?;
    let SetPasswordRequest {
        current_password,
        new_password,
    } = body.into_inner();
    let keep_family = match super::presented_refresh_token(&req) {
        Some(presented) => accounts::family_of(&state.context, presented).await?,
        None => None,
    };
    accounts::change_password(
        &state.context,
        &state.passwords,
        user.user_id.to_string(),
        current_password,
        new_password,
        keep_family,
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
