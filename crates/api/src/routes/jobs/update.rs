use crate::domain::ids::JobId;
use actix_web::{patch, web};
use interview_flow_shared::{ErrorBody, JobDto, UpdateJobRequest};

use crate::auth::Recruiter;
use crate::errors::ApiError;
use crate::extract::ApiJson;
use crate::services::jobs;
use crate::state::AppState;

/// Edit, close (`status: "closed"`) or reopen a job of the organisation.
#[utoipa::path(
    tag = "jobs",
    security(("bearer" = []), ("api_key" = []), ("basic" = [])),
    params(("id" = uuid::Uuid, Path)),
    request_body(content = UpdateJobRequest, example = json!({"status": "closed"})),
    responses(
        (status = 200, body = JobDto),
        Recruiter, JobId, ApiJson<UpdateJobRequest>,
        (status = 404, description = "No such job in your organisation", body = ErrorBody),
    )
)]
#[patch("/jobs/{id}")]
pub async fn update_job(
    recruiter: Recruiter,
    state: web::Data<AppState>,
    path: web::Path<JobId>,
    body: ApiJson<UpdateJobRequest>,
) -> Result<web::Json<JobDto>, ApiError> {
    Ok(web::Json(
        jobs::update(
            &state.context,
            recruiter,
            path.into_inner(),
            body.into_inner(),
        )
        .await?,
    ))
}
