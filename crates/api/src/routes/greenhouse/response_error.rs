use actix_web::{HttpResponse, post, web};
use interview_flow_shared::ErrorBody;
use serde_json::{Map, Value};

use crate::auth::Recruiter;
use crate::errors::ApiError;

/// Greenhouse reports a problem with something we sent it: logged for us, answered 200.
#[utoipa::path(
    tag = "greenhouse",
    security(("basic" = [])),
    request_body(content = Object, description = "Greenhouse's error report, as it sends it"),
    responses(
        (status = 200, description = "Logged"),
        Recruiter,
        (status = 400, description = "The body is not JSON (`malformed_json`)", body = ErrorBody),
        (status = 422, description = "The body is JSON but not an object", body = ErrorBody),
    )
)]
#[post("/response_error")]
pub async fn response_error(
    recruiter: Recruiter,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    // Greenhouse's own report, whatever it holds, as long as it is a JSON object: read
    // without our request rules (it is logged, as escaped JSON, and never stored).
    let report: Map<String, Value> = match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Object(report)) => report,
        Ok(_) => {
            return Err(ApiError::validation(
                "body",
                "Send the report as a JSON object.",
            ));
        }
        Err(error) => {
            return Err(ApiError::BadRequest {
                code: "malformed_json",
                message: format!("The request body is not valid JSON: {error}."),
            });
        }
    };
    let text: String = Value::Object(report)
        .to_string()
        .chars()
        .take(4000)
        .collect();
    tracing::warn!(organization_id = %recruiter.organization_id, report = %text, "Greenhouse reported an error");
    Ok(HttpResponse::Ok().json(serde_json::json!({})))
}
