use actix_web::{HttpRequest, HttpResponse, post, web};
use interview_flow_shared::{ErrorBody, RefreshResponse};

use crate::auth::refresh as refresh_cookie;
use crate::errors::ApiError;
use crate::services::accounts;
use crate::state::AppState;

/// Exchange the refresh cookie for a new access token; the cookie is rotated.
#[utoipa::path(
    post,
    path = "/api/v1/auth/refresh",
    tag = "accounts",
    security(("refresh_cookie" = [])),
    responses(
        (status = 200, description = "New access token; sets a new refresh cookie", body = RefreshResponse),
        (status = 401, description = "No, expired, revoked or already used refresh token", body = ErrorBody),
    )
)]
#[post("/auth/refresh")]
pub async fn refresh(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let presented = super::presented_refresh_token(&req).ok_or_else(|| ApiError::Unauthorized {
        code: "not_signed_in",
        message: "Sign in to continue.".into(),
    })?;
    let refreshed = accounts::refresh(
        &state.pool,
        presented,
        state.settings.refresh_token_ttl_days,
    )
    .await?;
    let (access_token, expires_in) = state.jwt.issue(
        &refreshed.user_id,
        refreshed.role,
        refreshed.organization_id.as_deref(),
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
