use actix_web::{HttpRequest, HttpResponse, post, web};

use crate::auth::refresh as refresh_cookie;
use crate::errors::ApiError;
use crate::services::accounts;
use crate::state::AppState;

/// Sign out: revokes the refresh token (and its rotations) and clears the cookie.
#[utoipa::path(
    tag = "accounts",
    security((), ("refresh_cookie" = [])),
    responses((status = 204, description = "Signed out (also when there was no session)"))
)]
#[post("/auth/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    if let Some(presented) = super::presented_refresh_token(&req) {
        accounts::logout(&state.context, presented).await?;
    }
    Ok(HttpResponse::NoContent()
        .cookie(refresh_cookie::removal_cookie(
            state.settings.cookies_secure(),
        ))
        .finish())
}
