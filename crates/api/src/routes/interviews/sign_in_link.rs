use crate::auth::AuthRateLimiter;
use crate::domain::ids::InterviewId;
use actix_web::{HttpRequest, HttpResponse, post, web};
use interview_flow_shared::validation::normalize_email;
use interview_flow_shared::{EmailRequestAccepted, ErrorBody, InterviewSignInLinkRequest};

use crate::errors::ApiError;
use crate::extract::ApiJson;
use crate::routes::client_ip;
use crate::services::interviews;
use crate::state::AppState;

/// For a signed-out visitor of an interview link: email a fresh sign-in link for this
/// interview. It goes only to the address the interview was sent to, only while the interview
/// can still be taken; the answer is the same for any address and any interview.
#[utoipa::path(
    tag = "candidate interviews",
    params(("id" = uuid::Uuid, Path)),
    request_body(content = InterviewSignInLinkRequest, example = json!({"email": "alex@example.com"})),
    responses(
        (status = 202, description = "If the address is the invited one, a link is on its way", body = EmailRequestAccepted),
        InterviewId, AuthRateLimiter, ApiJson<InterviewSignInLinkRequest>,
        (status = 422, description = "Not an email address", body = ErrorBody),
    )
)]
#[post("/interviews/{id}/sign-in-link")]
pub async fn request_sign_in_link(
    state: web::Data<AppState>,
    path: web::Path<InterviewId>,
    body: ApiJson<InterviewSignInLinkRequest>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    state.auth_limiter.check_ip(client_ip(&req))?;
    let interview_id = path.into_inner();
    state
        .auth_limiter
        .check_account(&format!("interview:{interview_id}"))?;
    let email = normalize_email(&body.into_inner().email)?;
    interviews::request_sign_in_link(&state.context, interview_id, email).await?;
    Ok(HttpResponse::Accepted().json(EmailRequestAccepted {
        message: "If this is the address the interview was sent to, a new sign-in link is on its way. It opens only this interview.".into(),
    }))
}
