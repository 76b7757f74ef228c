use actix_web::{get, web};
use interview_flow_shared::{JobDto, Page};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::errors::ApiError;
use crate::routes::responses::QueryString;
use crate::services::jobs;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
pub struct JobListQuery {
    /// Words to find in the title, required skills or location.
    pub q: Option<String>,
    /// Page size, 1–100 (default 20).
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Open jobs, newest first (public).
#[utoipa::path(
    tag = "jobs",
    params(JobListQuery),
    responses((status = 200, body = Page<JobDto>), QueryString)
)]
#[get("/jobs")]
pub async fn list_jobs(
    state: web::Data<AppState>,
    query: web::Query<JobListQuery>,
) -> Result<web::Json<Page<JobDto>>, ApiError> {
    let JobListQuery { q, limit, cursor } = query.into_inner();
    Ok(web::Json(
        jobs::list_open(&state.context, q, cursor, limit).await?,
    ))
}
