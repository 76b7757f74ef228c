use actix_web::{get, web};
use interview_flow_shared::JobSummaryDto;

use crate::auth::Recruiter;
use crate::errors::ApiError;
use crate::services::jobs;
use crate::state::AppState;

/// The organisation's jobs, open and closed, with application and interview counts.
#[utoipa::path(
    tag = "jobs",
    security(("bearer" = []), ("api_key" = []), ("basic" = [])),
    responses((status = 200, body = Vec<JobSummaryDto>), Recruiter)
)]
#[get("/organization/jobs")]
pub async fn list_own_jobs(
    recruiter: Recruiter,
    state: web::Data<AppState>,
) -> Result<web::Json<Vec<JobSummaryDto>>, ApiError> {
    Ok(web::Json(
        jobs::list_for_organization(&state.context, recruiter.organization_id.to_string()).await?,
    ))
}
