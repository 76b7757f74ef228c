use crate::domain::ids::InterviewId;
use actix_web::{HttpResponse, post, web};
use interview_flow_shared::{EndSessionRequest, ErrorBody, SessionDto};

use crate::auth::InterviewUser;
use crate::errors::ApiError;
use crate::extract::ApiJson;
use crate::services::sessions;
use crate::state::AppState;

/// End the interview early (keeping a final answer being written, if given).
#[utoipa::path(
    tag = "candidate interviews",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)),
    request_body = EndSessionRequest,
    responses(
        (status = 200, body = SessionDto),
        InterviewUser, InterviewId, ApiJson<EndSessionRequest>,
        (status = 409, description = "Not started, or already finished", body = ErrorBody),
    )
)]
#[post("/interviews/{id}/end")]
pub async fn end_session(
    user: InterviewUser,
    state: web::Data<AppState>,
    path: web::Path<InterviewId>,
    body: Option<ApiJson<EndSessionRequest>>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let user = user.for_interview(&id)?;
    let final_answer = body.and_then(|b| b.into_inner().final_answer);
    let session = sessions::end(&state.context, user, id, final_answer).await?;
    Ok(HttpResponse::Ok().json(session))
}
