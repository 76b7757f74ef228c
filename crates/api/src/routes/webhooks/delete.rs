use actix_web::{HttpResponse, delete, web};
use interview_flow_shared::ErrorBody;

use crate::auth::OrgAdmin;
use crate::errors::ApiError;
use crate::services::webhooks;
use crate::state::AppState;

/// Delete (disable) an endpoint: nothing more is sent to it, including queued retries.
/// With an API key, the key needs the `admin` scope.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = []), ("api_key" = []), ("basic" = [])),
    params(("id" = uuid::Uuid, Path)),
    responses(
        (status = 204, description = "Deleted"),
        OrgAdmin,
        (status = 404, description = "Unknown endpoint (or another organisation's)", body = ErrorBody),
    )
)]
#[delete("/webhooks/{id}")]
pub async fn delete_webhook(
    OrgAdmin(recruiter): OrgAdmin,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    webhooks::disable(&state.context, recruiter, path.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}
