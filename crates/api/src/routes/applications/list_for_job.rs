use crate::domain::ids::JobId;
use crate::routes::responses::QueryString;
use actix_web::{get, web};
use interview_flow_shared::{ApplicationDto, Page};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Recruiter;
use crate::errors::ApiError;
use crate::services::applications;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
pub struct PageQuery {
    /// Page size, 1–100 (default 20).
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// A job's applications, newest first (the job's organisation only).
#[utoipa::path(
    tag = "applications",
    security(("bearer" = []), ("api_key" = []), ("basic" = [])),
    params(("id" = uuid::Uuid, Path, description = "Job id"), PageQuery),
    responses((status = 200, body = Page<ApplicationDto>), Recruiter, JobId, QueryString)
)]
#[get("/jobs/{id}/applications")]
pub async fn list_applications(
    recruiter: Recruiter,
    state: web::Data<AppState>,
    path: web::Path<JobId>,
    query: web::Query<PageQuery>,
) -> Result<web::Json<Page<ApplicationDto>>, ApiError> {
    let PageQuery { limit, cursor } = query.into_inner();
    Ok(web::Json(
        applications::list_for_job(&state.context, recruiter, path.into_inner(), cursor, limit)
            .await?,
    ))
}
