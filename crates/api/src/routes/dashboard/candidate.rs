use actix_web::{get, web};
use interview_flow_shared::CandidateDashboardDto;

use crate::auth::principal::Candidate;
use crate::errors::ApiError;
use crate::services::dashboards;
use crate::state::AppState;

/// The candidate's interviews (with their full links) and applications.
#[utoipa::path(
    tag = "candidate interviews",
    security(("bearer" = [])),
    responses((status = 200, body = CandidateDashboardDto), Candidate)
)]
#[get("/dashboard/candidate")]
pub async fn candidate_dashboard(
    candidate: Candidate,
    state: web::Data<AppState>,
) -> Result<web::Json<CandidateDashboardDto>, ApiError> {
    Ok(web::Json(
        dashboards::candidate(&state.context, candidate.user_id.to_string()).await?,
    ))
}
