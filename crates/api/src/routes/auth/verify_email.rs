use actix_web::{HttpRequest, HttpResponse, post, web};
use interview_flow_shared::{EmailRequestAccepted, ErrorBody, UserDto, VerifyEmailRequest};

use crate::auth::AuthRateLimiter;
use crate::auth::AuthenticatedUser;
use crate::errors::ApiError;
use crate::extract::ApiJson;
use crate::routes::client_ip;
use crate::services::accounts;
use crate::state::AppState;

/// Confirm an email address with the token from the emailed verification link (no sign-in
/// needed). Until then, interviews scheduled for the address are not matched to the account.
#[utoipa::path(
    tag = "accounts",
    request_body = VerifyEmailRequest,
    responses(
        (status = 200, description = "Address confirmed", body = UserDto),
        AuthRateLimiter, ApiJson<VerifyEmailRequest>,
        (status = 401, description = "Unknown, used or expired link (code invalid_link)", body = ErrorBody),
    )
)]
#[post("/auth/verify-email")]
pub async fn verify_email(
    state: web::Data<AppState>,
    body: ApiJson<VerifyEmailRequest>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    state.auth_limiter.check_ip(client_ip(&req))?;
    let user = accounts::verify_email(&state.context, body.into_inner().token).await?;
    Ok(HttpResponse::Ok().json(user))
}

/// Send the verification email again.
#[utoipa::path(
    tag = "accounts",
    security(("bearer" = [])),
    responses(
        (status = 202, description = "A new link is on its way", body = EmailRequestAccepted),
        AuthenticatedUser, AuthRateLimiter,
        (status = 409, description = "Already confirmed (code already_verified)", body = ErrorBody),
    )
)]
#[post("/auth/verify-email/resend")]
pub async fn resend_verification(
    user: AuthenticatedUser,
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    state.auth_limiter.check_ip(client_ip(&req))?;
    state.auth_limiter.check_account(&user.user_id)?;
    accounts::resend_verification(&state.context, user.user_id.to_string()).await?;
    Ok(HttpResponse::Accepted().json(EmailRequestAccepted {
        message: "We have emailed you a new confirmation link. It works for 48 hours.".into(),
    }))
}
