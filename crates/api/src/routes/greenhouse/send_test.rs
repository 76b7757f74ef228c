use actix_web::{HttpResponse, post, web};
use interview_flow_shared::{ErrorBody, GreenhouseSendTestRequest, GreenhouseSendTestResponse};

use crate::auth::Recruiter;
use crate::errors::ApiError;
use crate::extract::ApiJson;
use crate::services::greenhouse;
use crate::state::AppState;

/// Order an interview for a candidate: creates the candidate, fetches the résumé, schedules
/// the interview (open at once) and emails the invitation, all in one transaction. When it
/// completes we PATCH `url`. Idempotent on Greenhouse's own ids: a retry of the same order
/// (the same `url`; without one, the same Greenhouse profile, else email, for that test)
/// answers the same `partner_interview_id` and schedules nothing.
#[utoipa::path(
    tag = "greenhouse",
    security(("basic" = [])),
    request_body(content = GreenhouseSendTestRequest, example = json!({"partner_test_id": "6c1f4b2e-8d3a-4f5e-9b7c-2a1d0e9f8c7b", "candidate": {"first_name": "Sam", "last_name": "Lee", "preferred_name": null, "resume_url": "https://files.example.com/resumes/sam-lee.pdf", "phone_number": null, "email": "sam@example.com", "greenhouse_profile_url": "https://app.greenhouse.io/people/1"}, "sent_by": "recruiter@acme.com", "url": "https://app.greenhouse.io/integrations/partner_callback/8812"})),
    responses(
        (status = 200, body = GreenhouseSendTestResponse),
        Recruiter, ApiJson<GreenhouseSendTestRequest>,
        (status = 404, description = "Unknown partner_test_id", body = ErrorBody),
    )
)]
#[post("/send_test")]
pub async fn send_test(
    recruiter: Recruiter,
    state: web::Data<AppState>,
    body: ApiJson<GreenhouseSendTestRequest>,
) -> Result<HttpResponse, ApiError> {
    let response = greenhouse::send_test(&state, recruiter, body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(response))
}
