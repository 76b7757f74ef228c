use actix_web::{get, web};
use interview_flow_shared::{ApiKeyDto, Page};

use crate::auth::Recruiter;
use crate::errors::ApiError;
use crate::services::api_keys;
use crate::state::AppState;

/// The organisation's active API keys (name, prefix, scopes, created, last used).
#[utoipa::path(
    tag = "integrations",
    security(("bearer" = []), ("api_key" = []), ("basic" = [])),
    responses((status = 200, body = Page<ApiKeyDto>), Recruiter)
)]
#[get("/api-keys")]
pub async fn list_api_keys(
    recruiter: Recruiter,
    state: web::Data<AppState>,
) -> Result<web::Json<Page<ApiKeyDto>>, ApiError> {
    Ok(web::Json(api_keys::list(&state.context, recruiter).await?))
}
