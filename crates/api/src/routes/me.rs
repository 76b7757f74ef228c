use actix_web::{get, web};
use interview_flow_shared::{ErrorBody, UserDto};

use crate::auth::InterviewUser;
use crate::errors::ApiError;
use crate::services::accounts;
use crate::state::AppState;

/// The signed-in user and their organisation. For a session started by an emailed interview
/// link, `link_interview_id` names the one interview it opens.
#[utoipa::path(
    tag = "accounts",
    security(("bearer" = [])),
    responses(
        (status = 200, body = UserDto),
        (status = 401, description = "Missing, invalid or expired access token", body = ErrorBody),
    )
)]
#[get("/me")]
pub async fn me(
    user: InterviewUser,
    state: web::Data<AppState>,
) -> Result<web::Json<UserDto>, ApiError> {
    let user = user.any_scope();
    let mut dto = accounts::current_user(&state.context, user.user_id.to_string()).await?;
    dto.link_interview_id = user.interview_scope;
    Ok(web::Json(dto))
}
