use crate::domain::ids::InterviewId;
use actix_web::{HttpResponse, get, web};
use interview_flow_shared::SessionDto;

use crate::auth::InterviewUser;
use crate::errors::ApiError;
use crate::services::sessions;
use crate::state::AppState;

/// The interview as it stands: current question, answered turns, remaining time.
#[utoipa::path(
    tag = "candidate interviews",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)),
    responses((status = 200, body = SessionDto), InterviewUser, InterviewId)
)]
#[get("/interviews/{id}/session")]
pub async fn get_session(
    user: InterviewUser,
    state: web::Data<AppState>,
    path: web::Path<InterviewId>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let user = user.for_interview(&id)?;
    let session = sessions::get(&state.context, user, id).await?;
    Ok(HttpResponse::Ok().json(session))
}
