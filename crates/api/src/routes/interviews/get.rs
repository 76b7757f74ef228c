use crate::domain::ids::InterviewId;
use actix_web::{get, web};
use interview_flow_shared::InterviewDto;

use crate::auth::Recruiter;
use crate::errors::ApiError;
use crate::services::interviews;
use crate::state::AppState;

/// One interview of the organisation, with its email status.
#[utoipa::path(
    tag = "interviews",
    security(("bearer" = []), ("api_key" = []), ("basic" = [])),
    params(("id" = uuid::Uuid, Path)),
    responses((status = 200, body = InterviewDto), Recruiter, InterviewId)
)]
#[get("/interviews/{id}")]
pub async fn get_interview(
    recruiter: Recruiter,
    state: web::Data<AppState>,
    path: web::Path<InterviewId>,
) -> Result<web::Json<InterviewDto>, ApiError> {
    Ok(web::Json(
        interviews::get(&state.context, recruiter, path.into_inner()).await?,
    ))
}
