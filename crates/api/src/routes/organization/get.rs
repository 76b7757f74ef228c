use actix_web::{get, web};
use interview_flow_shared::{ErrorBody, OrganizationDto};

use crate::auth::Recruiter;
use crate::errors::ApiError;
use crate::services::organizations;
use crate::state::AppState;

/// The recruiter's organisation.
#[utoipa::path(
    tag = "organizations",
    security(("bearer" = [])),
    responses(
        (status = 200, body = OrganizationDto),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not a recruiter", body = ErrorBody),
    )
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
