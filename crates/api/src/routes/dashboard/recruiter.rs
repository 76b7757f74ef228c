use actix_web::{get, web};
use interview_flow_shared::RecruiterDashboardDto;

use crate::auth::Recruiter;
use crate::errors::ApiError;
use crate::services::dashboards;
use crate::state::AppState;

/// The organisation's jobs with counts, upcoming interviews and recent ones, with email status.
#[utoipa::path(
    tag = "interviews",
    security(("bearer" = []), ("api_key" = []), ("basic" = [])),
    responses((status = 200, body = RecruiterDashboardDto), Recruiter)
)]
#[get("/dashboard/recruiter")]
pub async fn recruiter_dashboard(
    recruiter: Recruiter,
    state: web::Data<AppState>,
) -> Result<web::Json<RecruiterDashboardDto>, ApiError> {
    Ok(web::Json(
        dashboards::recruiter(&state.context, recruiter.organization_id.to_string()).await?,
    ))
}
