use crate::domain::ids::InterviewId;
use actix_web::{HttpRequest, HttpResponse, post, web};
use interview_flow_shared::{AnswerRequest, ErrorBody, SessionDto};

use super::session_response;
use crate::auth::InterviewUser;
use crate::errors::ApiError;
use crate::extract::ApiJson;
use crate::services::sessions;
use crate::state::AppState;

/// Answer the current question. Stored at once; repeating the same `turn_id` with the same
/// text stores nothing twice and returns the same result; a different text for an answered
/// turn is 409 `turn_already_answered`, and any other turn than the current one is 409
/// `not_current_turn` (with `details.current_turn_id`). The answer is the next question (streamed as `token`
/// events with `Accept: text/event-stream`) or status `completed`.
#[utoipa::path(
    tag = "candidate interviews",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)),
    request_body(content = AnswerRequest, example = json!({"turn_id": "0b8e6f2a-5c4d-4e3b-9a1f-7d6c5b4a3e2d", "text": "I led the migration of our billing service to Rust…", "source": "typed"})),
    responses(
        (status = 200, body = SessionDto),
        InterviewUser, InterviewId, ApiJson<AnswerRequest>,
        (status = 404, description = "Unknown interview or turn", body = ErrorBody),
        (status = 409, description = "Finished or not started, not the current turn, or already answered with another text", body = ErrorBody),
        (status = 422, description = "Empty or too long, or an invalid field", body = ErrorBody),
    )
)]
#[post("/interviews/{id}/answers")]
pub async fn post_answer(
    user: InterviewUser,
    state: web::Data<AppState>,
    path: web::Path<InterviewId>,
    body: ApiJson<AnswerRequest>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let (context, id, answer) = (state.context.clone(), path.into_inner(), body.into_inner());
    let user = user.for_interview(&id)?;
    session_response(&req, move |sink| async move {
        sessions::answer(&context, user, id, answer, sink).await
    })
    .await
}
