use crate::domain::ids::InterviewId;
use actix_web::{get, web};
use interview_flow_shared::InterviewReadyDto;

use crate::auth::InterviewUser;
use crate::errors::ApiError;
use crate::services::interviews;
use crate::state::AppState;

/// What the candidate's ready page shows: job, branding, length and whether the link is
/// open yet (cancelled, completed and expired are states, not errors).
#[utoipa::path(
    tag = "candidate interviews",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)),
    responses((status = 200, body = InterviewReadyDto), InterviewUser, InterviewId)
)]
#[get("/interviews/{id}/ready")]
pub async fn interview_ready(
    user: InterviewUser,
    state: web::Data<AppState>,
    path: web::Path<InterviewId>,
) -> Result<web::Json<InterviewReadyDto>, ApiError> {
    let id = path.into_inner();
    let user = user.for_interview(&id)?;
    Ok(web::Json(
        interviews::ready(&state.context, user, id).await?,
    ))
}
