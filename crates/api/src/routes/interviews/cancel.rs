use crate::domain::ids::InterviewId;
use actix_web::{post, web};
use interview_flow_shared::InterviewDto;

use crate::auth::Recruiter;
use crate::errors::ApiError;
use crate::services::interviews;
use crate::state::AppState;

/// Cancel a scheduled interview: its link stops working and the candidate is emailed a
/// calendar cancellation.
#[utoipa::path(
    tag = "interviews",
    security(("bearer" = []), ("api_key" = []), ("basic" = [])),
    params(("id" = uuid::Uuid, Path)),
    responses(Recruiter, InterviewId, super::ChangeResponses)
)]
#[post("/interviews/{id}/cancel")]
pub async fn cancel_interview(
    recruiter: Recruiter,
    state: web::Data<AppState>,
    path: web::Path<InterviewId>,
) -> Result<web::Json<InterviewDto>, ApiError> {
    Ok(web::Json(
        interviews::cancel(&state.context, recruiter, path.into_inner()).await?,
    ))
}
