use actix_web::{HttpResponse, post, web};

use crate::auth::Recruiter;
use crate::errors::ApiError;

/// Greenhouse reports a problem with something we sent it: logged for us, answered 200.
#[utoipa::path(
    tag = "greenhouse",
    security(("basic" = [])),
    request_body(content = Object, description = "Greenhouse's error report, as it sends it"),
    responses((status = 200, description = "Logged"), Recruiter)
)]
#[post("/response_error")]
pub async fn response_error(
    recruiter: Recruiter,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let text: String = String::from_utf8_lossy(&body).chars().take(4000).collect();
    tracing::warn!(organization_id = %recruiter.organization_id, report = %text, "Greenhouse reported an error");
    Ok(HttpResponse::Ok().json(serde_json::json!({})))
}
