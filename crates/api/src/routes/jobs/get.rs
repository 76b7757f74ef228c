use crate::domain::ids::JobId;
use actix_web::{get, web};
use interview_flow_shared::{JobDto, Role};

use crate::auth::AuthenticatedUser;
use crate::errors::ApiError;
use crate::services::jobs;
use crate::state::AppState;

/// One job: open jobs for anyone, closed ones for their organisation only.
#[utoipa::path(
    tag = "jobs",
    params(("id" = uuid::Uuid, Path)),
    responses((status = 200, body = JobDto), JobId)
)]
#[get("/jobs/{id}")]
pub async fn get_job(
    viewer: Option<AuthenticatedUser>,
    state: web::Data<AppState>,
    path: web::Path<JobId>,
) -> Result<web::Json<JobDto>, ApiError> {
    let organization = viewer
        .filter(|v| v.role == Role::Recruiter)
        .and_then(|v| v.organization_id);
    Ok(web::Json(
        jobs::get(&state.context, path.into_inner(), organization).await?,
    ))
}
