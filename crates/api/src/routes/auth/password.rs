use actix_web::{HttpResponse, post, web};
use interview_flow_shared::{ErrorBody, SetPasswordRequest};

use crate::auth::AuthenticatedUser;
use crate::errors::ApiError;
use crate::extract::ApiJson;
use crate::services::accounts;
use crate::state::AppState;

/// Set a first password (after an emailed sign-in link) or change it (needs the current one).
#[utoipa::path(
    post,
    path = "/api/v1/auth/password",
    tag = "accounts",
    security(("bearer" = [])),
    request_body = SetPasswordRequest,
    responses(
        (status = 204, description = "Password saved"),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 422, description = "Weak new password or wrong current password", body = ErrorBody),
    )
)]
#[post("/auth/password")]
pub async fn set_password(
    user: AuthenticatedUser,
    state: web::Data<AppState>,
    body: ApiJson<SetPasswordRequest>,
) -> Result<HttpResponse, ApiError> {
    let SetPasswordRequest {
        current_password,
        new_password,
    } = body.into_inner();
    accounts::set_password(
        &state.pool,
        &state.passwords,
        user.user_id,
        current_password,
        new_password,
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
