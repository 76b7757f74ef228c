use crate::domain::ids::InterviewId;
use crate::routes::responses::QueryString;
use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpResponse, get, web};
use interview_flow_shared::ReportDto;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Recruiter;
use crate::errors::ApiError;
use crate::services::reports;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
pub struct ReportQuery {
    /// `true` to receive the JSON as a file download (`interview-report-{id}.json`).
    pub download: Option<bool>,
}

/// The evaluation report: transcript, per-question scores with evidence, dimensions,
/// recommendation, integrity flags. `evaluation_status` is `pending` until it is ready.
#[utoipa::path(
    tag = "interviews",
    security(("bearer" = []), ("api_key" = []), ("basic" = [])),
    params(("id" = uuid::Uuid, Path), ReportQuery),
    responses((status = 200, body = ReportDto), Recruiter, InterviewId, QueryString)
)]
#[get("/interviews/{id}/report")]
pub async fn get_report(
    recruiter: Recruiter,
    state: web::Data<AppState>,
    path: web::Path<InterviewId>,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let report = reports::report(&state.context, recruiter, id.clone()).await?;
    let mut response = HttpResponse::Ok();
    if query.download.unwrap_or(false) {
        response.insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(format!(
                "interview-report-{id}.json"
            ))],
        });
    }
    Ok(response.json(report))
}
