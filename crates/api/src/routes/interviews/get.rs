use crate::domain::ids::InterviewId;
use actix_web::{get, web};
use interview_flow_shared::{ErrorBody, InterviewDto};

use crate::auth::Recruiter;
use crate::errors::ApiError;
use crate::services::interviews;
use crate::state::AppState;

/// One interview of the organisation, with its email status.
#[utoipa::path(
    tag = "interviews",
    security(("bearer" = [])),
    params(("id" = String, Path)),
    responses((status = 200, body = InterviewDto), (status = 404, body = ErrorBody))
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
