use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, post, web};
use interview_flow_shared::{AuthResponse, ErrorBody, LinkSignInRequest};

use crate::auth::AuthRateLimiter;
use crate::errors::ApiError;
use crate::extract::ApiJson;
use crate::routes::client_ip;
use crate::services::interviews;
use crate::state::AppState;

/// Sign in with the token from an interview email (candidates need no password). The answer
/// names the interview the token belongs to.
#[utoipa::path(
    tag = "accounts",
    request_body = LinkSignInRequest,
    responses(
        (status = 200, description = "Signed in; sets the refresh cookie", body = AuthResponse),
        AuthRateLimiter, ApiJson<LinkSignInRequest>,
        (status = 401, description = "Unknown, revoked or expired token", body = ErrorBody),
    )
)]
#[post("/auth/link")]
pub async fn link_sign_in(
    state: web::Data<AppState>,
    body: ApiJson<LinkSignInRequest>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    state.auth_limiter.check_ip(client_ip(&req))?;
    let (signed_in, interview_id) = interviews::link_sign_in(
        &state.context,
        body.into_inner().token,
        state.settings.refresh_token_ttl_days,
    )
    .await?;
    super::signed_in_response(&state, StatusCode::OK, signed_in, Some(interview_id))
}
