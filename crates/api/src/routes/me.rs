use actix_web::{get, web};
use interview_flow_shared::{ErrorBody, UserDto};

use crate::auth::AuthenticatedUser;
use crate::errors::ApiError;
use crate::services::accounts;
use crate::state::AppState;

/// The signed-in user and their organisation.
#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "accounts",
    security(("bearer" = [])),
    responses(
        (status = 200, body = UserDto),
        (status = 401, description = "Missing, invalid or expired access token", body = ErrorBody),
    )
)]
#[get("/me")]
pub async fn me(
    user: AuthenticatedUser,
    state: web::Data<AppState>,
) -> Result<web::Json<UserDto>, ApiError> {
    Ok(web::Json(
        accounts::current_user(&state.pool, user.user_id).await?,
    ))
}
