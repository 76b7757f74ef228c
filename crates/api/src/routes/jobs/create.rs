use actix_web::{HttpRequest, HttpResponse, post, web};
use interview_flow_shared::{CreateJobRequest, JobDto};

use crate::auth::Recruiter;
use crate::errors::ApiError;
use crate::extract::ApiJson;
use crate::routes::responses::IdempotencyKey;
use crate::services::{idempotency, jobs};
use crate::state::AppState;

/// Post a job for the recruiter's organisation.
#[utoipa::path(
    tag = "jobs",
    security(("bearer" = []), ("api_key" = []), ("basic" = [])),
    params(IdempotencyKey),
    request_body(content = CreateJobRequest, example = json!({"title": "Senior Rust Engineer", "description": "Build our hiring platform's API in Rust with actix-web and PostgreSQL.", "location": "Berlin or remote", "employment_type": "full_time", "experience_level": "senior", "required_skills": ["Rust", "PostgreSQL"], "question_count": 8, "time_limit_minutes": 30})),
    responses((status = 201, body = JobDto), Recruiter, ApiJson<CreateJobRequest>, IdempotencyKey)
)]
#[post("/jobs")]
pub async fn create_job(
    recruiter: Recruiter,
    state: web::Data<AppState>,
    body: ApiJson<CreateJobRequest>,
    req: HttpRequest,
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
