use crate::domain::ids::InterviewId;
use actix_web::{patch, web};
use interview_flow_shared::{ErrorBody, InterviewDto, RescheduleInterviewRequest};

use crate::auth::Recruiter;
use crate::errors::ApiError;
use crate::extract::ApiJson;
use crate::services::interviews;
use crate::state::AppState;

/// Reschedule: a new time and/or window; the candidate gets an updated calendar invite.
#[utoipa::path(
    tag = "interviews",
    security(("bearer" = []), ("api_key" = []), ("basic" = [])),
    params(("id" = uuid::Uuid, Path)),
    request_body(content = RescheduleInterviewRequest, example = json!({"scheduled_at": "2027-06-02T10:00:00+02:00"})),
    responses(
        (status = 200, body = InterviewDto),
        Recruiter, InterviewId, ApiJson<RescheduleInterviewRequest>,
        (status = 409, description = "Not scheduled any more", body = ErrorBody),
    )
)]
#[patch("/interviews/{id}")]
pub async fn reschedule_interview(
    recruiter: Recruiter,
    state: web::Data<AppState>,
    path: web::Path<InterviewId>,
    body: ApiJson<RescheduleInterviewRequest>,
) -> Result<web::Json<InterviewDto>, ApiError> {
    Ok(web::Json(
        interviews::reschedule(
            &state.context,
            recruiter,
            path.into_inner(),
            body.into_inner(),
        )
        .await?,
    ))
}
