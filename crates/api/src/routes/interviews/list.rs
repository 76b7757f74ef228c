use actix_web::{get, web};
use interview_flow_shared::{InterviewDto, Page};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Recruiter;
use crate::errors::ApiError;
use crate::routes::responses::QueryString;
use crate::services::interviews::{self, ListQuery};
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
pub struct InterviewListQuery {
    /// One status or several, comma-separated (scheduled, in_progress, completed, expired, cancelled, abandoned).
    pub status: Option<String>,
    pub job_id: Option<String>,
    /// `key:value` of an external id, e.g. `ats_application_id:123`.
    pub external_id: Option<String>,
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

/// The organisation's interviews, newest first.
#[utoipa::path(
    tag = "interviews",
    security(("bearer" = []), ("api_key" = []), ("basic" = [])),
    params(InterviewListQuery),
    responses((status = 200, body = Page<InterviewDto>), Recruiter, QueryString)
)]
#[get("/interviews")]
pub async fn list_interviews(
    recruiter: Recruiter,
    state: web::Data<AppState>,
    query: web::Query<InterviewListQuery>,
) -> Result<web::Json<Page<InterviewDto>>, ApiError> {
    let InterviewListQuery {
        status,
        job_id,
        external_id,
        limit,
        cursor,
    } = query.into_inner();
    let query = ListQuery {
        external_id,
        status,
        job_id,
        cursor,
        limit,
    };
    Ok(web::Json(
        interviews::list(&state.context, recruiter, query).await?,
    ))
}
