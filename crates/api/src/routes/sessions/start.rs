use crate::domain::ids::InterviewId;
use actix_web::{HttpRequest, HttpResponse, post, web};
use interview_flow_shared::{ErrorBody, SessionDto, StartSessionRequest};

use super::session_response;
use crate::auth::InterviewUser;
use crate::errors::ApiError;
use crate::extract::ApiJson;
use crate::services::sessions;
use crate::state::AppState;

/// Start the interview (consent required, link open) or resume it exactly where it stands.
/// With `Accept: text/event-stream` the first question streams as `token` events, then a
/// `session` event.
#[utoipa::path(
    tag = "candidate interviews",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)),
    request_body(content = StartSessionRequest, example = json!({"consent": true})),
    responses(
        (status = 200, body = SessionDto),
        InterviewUser, InterviewId, ApiJson<StartSessionRequest>,
        (status = 403, description = "Another candidate's interview", body = ErrorBody),
        (status = 409, description = "Not open yet, expired, cancelled or already completed", body = ErrorBody),
        (status = 422, description = "Consent missing, or an invalid field", body = ErrorBody),
    )
)]
#[post("/interviews/{id}/session")]
pub async fn start_session(
    user: InterviewUser,
    state: web::Data<AppState>,
    path: web::Path<InterviewId>,
    body: Option<ApiJson<StartSessionRequest>>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let consent = body.map(|b| b.into_inner().consent).unwrap_or(false);
    let (context, id) = (state.context.clone(), path.into_inner());
    let user = user.for_interview(&id)?;
    session_response(&req, move |sink| async move {
        sessions::start(&context, user, id, consent, sink).await
    })
    .await
}
