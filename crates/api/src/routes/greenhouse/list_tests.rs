use actix_web::{get, web};
use interview_flow_shared::GreenhouseTestDto;

use crate::auth::Recruiter;
use crate::errors::ApiError;
use crate::services::greenhouse;
use crate::state::AppState;

/// The tests Greenhouse can order: the organisation's open jobs with their interview set-up.
#[utoipa::path(
    tag = "greenhouse",
    security(("basic" = [])),
    responses((status = 200, body = Vec<GreenhouseTestDto>), Recruiter)
)]
#[get("/list_tests")]
pub async fn list_tests(
    recruiter: Recruiter,
    state: web::Data<AppState>,
) -> Result<web::Json<Vec<GreenhouseTestDto>>, ApiError> {
    Ok(web::Json(
        greenhouse::list_tests(&state.context, recruiter).await?,
    ))
}
