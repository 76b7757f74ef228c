use actix_web::{patch, web};
use interview_flow_shared::{OrganizationDto, UpdateOrganizationRequest};

use crate::auth::OrgAdmin;
use crate::errors::ApiError;
use crate::extract::ApiJson;
use crate::services::organizations;
use crate::state::AppState;

/// Change the organisation's name, logo or brand colour (used by emails and the interview room).
/// With an API key, the key needs the `admin` scope.
#[utoipa::path(
    tag = "organizations",
    security(("bearer" = []), ("api_key" = []), ("basic" = [])),
    request_body(content = UpdateOrganizationRequest, example = json!({"brand_color": "#0f766e", "logo_url": "https://cdn.example.com/logo.png"})),
    responses((status = 200, body = OrganizationDto), OrgAdmin, ApiJson<UpdateOrganizationRequest>)
)]
#[patch("/organization")]
pub async fn update_organization(
    OrgAdmin(recruiter): OrgAdmin,
    state: web::Data<AppState>,
    body: ApiJson<UpdateOrganizationRequest>,
) -> Result<web::Json<OrganizationDto>, ApiError> {
    let changes = organizations::parse_changes(body.into_inner())?;
    Ok(web::Json(
        organizations::update(
            &state.context,
            recruiter.organization_id.to_string(),
            changes,
        )
        .await?,
    ))
}
