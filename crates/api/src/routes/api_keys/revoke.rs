use actix_web::{HttpResponse, delete, web};
use interview_flow_shared::ErrorBody;

use crate::auth::Recruiter;
use crate::errors::ApiError;
use crate::services::api_keys;
use crate::state::AppState;

/// Revoke an API key: it stops working at once.
#[utoipa::path(
    tag = "integrations",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)),
    responses(
        (status = 204, description = "Revoked"),
        Recruiter,
        (status = 403, description = "Not a recruiter, or called with an API key (`api_key_not_allowed`)", body = ErrorBody),
        (status = 404, description = "No such key in your organisation", body = ErrorBody),
    )
)]
#[delete("/api-keys/{id}")]
pub async fn revoke_api_key(
    recruiter: Recruiter,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    api_keys::revoke(&state.context, recruiter, path.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}
