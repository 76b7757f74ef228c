use crate::domain::ids::InterviewId;
use crate::routes::responses::QueryString;
use actix_web::{get, web};
use interview_flow_shared::{IntegrityFlagDto, Page};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Recruiter;
use crate::errors::ApiError;
use crate::services::reports;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
pub struct IntegrityEventsQuery {
    /// Page size, 1–100 (default 20).
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page (or `integrity_events_next_cursor` of the report).
    pub cursor: Option<String>,
}

/// The interview's stored integrity events, oldest first (the report holds the first page
/// and the total, including events beyond the stored 500 that were only counted).
#[utoipa::path(
    tag = "interviews",
    security(("bearer" = []), ("api_key" = []), ("basic" = [])),
    params(("id" = uuid::Uuid, Path), IntegrityEventsQuery),
    responses((status = 200, body = Page<IntegrityFlagDto>), Recruiter, InterviewId, QueryString)
)]
#[get("/interviews/{id}/integrity-events")]
pub async fn list_integrity_events(
    recruiter: Recruiter,
    state: web::Data<AppState>,
    path: web::Path<InterviewId>,
    query: web::Query<IntegrityEventsQuery>,
) -> Result<web::Json<Page<IntegrityFlagDto>>, ApiError> {
    let IntegrityEventsQuery { limit, cursor } = query.into_inner();
    Ok(web::Json(
        reports::integrity_events(&state.context, recruiter, path.into_inner(), cursor, limit)
            .await?,
    ))
}
