use actix_web::{get, web};
use interview_flow_shared::{ErrorBody, GreenhouseTestStatusDto};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Recruiter;
use crate::errors::ApiError;
use crate::routes::responses::QueryString;
use crate::services::greenhouse;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
pub struct StatusQuery {
    pub partner_interview_id: String,
}

/// Status of an ordered interview, with the score once evaluated.
#[utoipa::path(
    tag = "greenhouse",
    security(("basic" = [])),
    params(StatusQuery),
    responses(
        (status = 200, body = GreenhouseTestStatusDto),
        Recruiter, QueryString,
        (status = 404, description = "Unknown partner_interview_id", body = ErrorBody),
    )
)]
#[get("/test_status")]
pub async fn test_status(
    recruiter: Recruiter,
    state: web::Data<AppState>,
    query: web::Query<StatusQuery>,
) -> Result<web::Json<GreenhouseTestStatusDto>, ApiError> {
    Ok(web::Json(
        greenhouse::test_status(
            &state.context,
            recruiter,
            query.into_inner().partner_interview_id,
        )
        .await?,
    ))
}
