use actix_web::{HttpRequest, HttpResponse, post, web};
use interview_flow_shared::{CreateInterviewRequest, ErrorBody, InterviewDto};

use crate::auth::Recruiter;
use crate::errors::ApiError;
use crate::extract::ApiJson;
use crate::routes::responses::IdempotencyKey;
use crate::services::idempotency;
use crate::services::interviews::{self, NewInterview};
use crate::state::AppState;

/// Schedule an interview for an applicant or a standalone candidate. The invitation email is
/// queued in the same transaction and sent in the background: this answers at once.
#[utoipa::path(
    tag = "interviews",
    security(("bearer" = []), ("api_key" = []), ("basic" = [])),
    params(IdempotencyKey),
    request_body(content = CreateInterviewRequest, example = json!({"job_id": "6c1f4b2e-8d3a-4f5e-9b7c-2a1d0e9f8c7b", "candidate": {"full_name": "Sam Lee", "email": "sam@example.com"}, "scheduled_at": "2027-06-01T14:00:00+02:00", "time_zone": "Europe/Berlin", "opens_before_minutes": 15})),
    responses(
        (status = 201, description = "Scheduled; `link` is the candidate's full URL", body = InterviewDto),
        Recruiter, ApiJson<CreateInterviewRequest>, IdempotencyKey,
        (status = 404, description = "Unknown job or application (or another organisation's)", body = ErrorBody),
        (status = 422, description = "Past time, bad window, closed job…; details.field names it", body = ErrorBody),
    )
)]
#[post("/interviews")]
pub async fn create_interview(
    recruiter: Recruiter,
    state: web::Data<AppState>,
    body: ApiJson<CreateInterviewRequest>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let request = body.into_inner();
    let new = NewInterview::parse(request.clone(), state.context.now().and_utc())?;
    let organization_id = recruiter.organization_id.clone();
    idempotency::create_once(
        &state.context,
        &req,
        &organization_id,
        "POST /interviews",
        &request,
        || interviews::schedule(&state.context, recruiter, new),
    )
    .await
}
