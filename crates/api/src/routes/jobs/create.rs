use actix_web::{HttpRequest, HttpResponse, post, web};
use interview_flow_shared::{CreateJobRequest, ErrorBody, JobDto};

use crate::auth::Recruiter;
use crate::errors::ApiError;
use crate::extract::ApiJson;
use crate::services::{idempotency, jobs};
use crate::state::AppState;

/// Post a job for the recruiter's organisation.
#[utoipa::path(
    tag = "jobs",
    security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried create return the first result")),
    request_body(content = CreateJobRequest, example = json!({"title": "Senior Rust Engineer", "description": "Build our hiring platform's API in Rust with actix-web and PostgreSQL.", "location": "Berlin or remote", "employment_type": "full_time", "experience_level": "senior", "required_skills": ["Rust", "PostgreSQL"], "question_count": 8, "time_limit_minutes": 30})),
    responses(
        (status = 201, body = JobDto),
        (status = 403, description = "Not a recruiter", body = ErrorBody),
        (status = 422, description = "Invalid field, named in details.field", body = ErrorBody),
    )
)]
#[post("/jobs")]
pub async fn create_job(
    req: HttpRequest,
    recruiter: Recruiter,
    state: web::Data<AppState>,
    body: ApiJson<CreateJobRequest>,
) -> Result<HttpResponse, ApiError> {
    let request = body.into_inner();
    let row = jobs::parse_new(request.clone(), &recruiter)?;
    let organization_id = recruiter.organization_id.clone();
    idempotency::create_once(
        &state.context,
        &req,
        &organization_id,
        "POST /jobs",
        &request,
        || jobs::create(&state.context, row),
    )
    .await
}
