use crate::domain::ids::InterviewId;
use actix_web::{HttpResponse, post, web};
use interview_flow_shared::{ErrorBody, IntegrityEventRequest};

use crate::auth::InterviewUser;
use crate::errors::ApiError;
use crate::extract::ApiJson;
use crate::services::sessions;
use crate::state::AppState;

/// Record an integrity signal (tab hidden, window blur, paste…). Shown to the recruiter as a
/// flag for human review; never used to reject anyone automatically.
#[utoipa::path(
    tag = "candidate interviews",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)),
    request_body(content = IntegrityEventRequest, example = json!({"kind": "tab_hidden"})),
    responses(
        (status = 204, description = "Recorded (beyond 500 per interview: only counted)"),
        InterviewUser, InterviewId, ApiJson<IntegrityEventRequest>,
        (status = 409, description = "Interview not in progress (code interview_not_active)", body = ErrorBody),
        (status = 422, description = "Bad kind, `at` not RFC 3339 within a day of the server's clock, or a control character", body = ErrorBody),
        (status = 429, description = "Too many events for this interview", body = ErrorBody),
    )
)]
#[post("/interviews/{id}/events")]
pub async fn post_event(
    user: InterviewUser,
    state: web::Data<AppState>,
    path: web::Path<InterviewId>,
    body: ApiJson<IntegrityEventRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let user = user.for_interview(&id)?;
    sessions::record_event(&state.context, user, id, body.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}
