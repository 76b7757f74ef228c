use actix_web::{get, web};
use interview_flow_shared::OrganizationDto;

use crate::auth::Recruiter;
use crate::errors::ApiError;
use crate::services::organizations;
use crate::state::AppState;

/// The recruiter's organisation.
#[utoipa::path(
    tag = "organizations",
    security(("bearer" = []), ("api_key" = []), ("basic" = [])),
    responses((status = 200, body = OrganizationDto), Recruiter)
)]
#[get("/organization")]
pub async fn get_organization(
    recruiter: Recruiter,
    state: web::Data<AppState>,
) -> Result<web::Json<OrganizationDto>, ApiError> {
    Ok(web::Json(
        organizations::get(&state.context, recruiter.organization_id.to_string()).await?,
    ))
}
