use crate::domain::ids::InterviewId;
use actix_web::{post, web};
use interview_flow_shared::InterviewDto;

use crate::auth::Recruiter;
use crate::errors::ApiError;
use crate::services::interviews;
use crate::state::AppState;

/// Email the invitation (with the link and calendar invite) to the candidate again.
#[utoipa::path(
    tag = "interviews",
    security(("bearer" = []), ("api_key" = []), ("basic" = [])),
    params(("id" = uuid::Uuid, Path)),
    responses(Recruiter, InterviewId, super::ChangeResponses)
)]
#[post("/interviews/{id}/resend")]
pub async fn resend_invitation(
    recruiter: Recruiter,
    state: web::Data<AppState>,
    path: web::Path<InterviewId>,
) -> Result<web::Json<InterviewDto>, ApiError> {
    Ok(web::Json(
        interviews::resend(&state.context, recruiter, path.into_inner()).await?,
    ))
}
