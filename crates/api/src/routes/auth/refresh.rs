use actix_web::{HttpRequest, HttpResponse, post, web};
use interview_flow_shared::{ErrorBody, RefreshResponse};

use crate::auth::refresh as refresh_cookie;
use crate::errors::ApiError;
use crate::routes::client_ip;
use crate::services::accounts::{self, RefreshPolicy};
use crate::state::AppState;

/// Exchange the refresh cookie for a new access token; the cookie is rotated.
#[utoipa::path(
    tag = "accounts",
    security(("refresh_cookie" = [])),
    responses(
        (status = 200, description = "New access token; sets a new refresh cookie", body = RefreshResponse),
        (status = 401, description = "No, expired, revoked or already used refresh token", body = ErrorBody),
        (status = 429, description = "Too many refreshes from this client; see Retry-After", body = ErrorBody),
    )
)]
#[post("/auth/refresh")]
pub async fn refresh(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    state.auth_limiter.check_refresh(client_ip(&req))?;
    let presented = super::presented_refresh_token(&req).ok_or_else(|| ApiError::Unauthorized {
        code: "not_signed_in",
        message: "Sign in to continue.".into(),
    })?;
    let policy = RefreshPolicy {
        ttl_days: state.settings.refresh_token_ttl_days,
        reuse_grace: state.settings.refresh_reuse_grace,
    };
    let refreshed = accounts::refresh(&state.context, presented, policy).await?;
    let (access_token, expires_in) = state.jwt.issue(
        &refreshed.user_id,
        refreshed.role,
        refreshed.organization_id.as_deref(),
        refreshed.interview_scope.as_deref(),
    )?;
    Ok(HttpResponse::Ok()
        .cookie(refresh_cookie::cookie(
            &refreshed.refresh_token,
            state.settings.refresh_token_ttl_days,
            state.settings.cookies_secure(),
        ))
        .json(RefreshResponse {
            access_token,
            expires_in,
        }))
}
