use actix_web::{HttpResponse, post, web};
use interview_flow_shared::{CreateApiKeyRequest, CreatedApiKeyDto, ErrorBody};

use crate::auth::Recruiter;
use crate::errors::ApiError;
use crate::extract::ApiJson;
use crate::services::api_keys;
use crate::state::AppState;

/// Create an organisation API key. The secret `key` is in this response only; store it now.
#[utoipa::path(
    tag = "integrations",
    security(("bearer" = [])),
    request_body(content = CreateApiKeyRequest, example = json!({"name": "Greenhouse", "scopes": ["read", "write"]})),
    responses(
        (status = 201, body = CreatedApiKeyDto),
        Recruiter, ApiJson<CreateApiKeyRequest>,
        (status = 403, description = "Not a recruiter, or called with an API key (`api_key_not_allowed`): only a signed-in recruiter manages keys", body = ErrorBody),
    )
)]
#[post("/api-keys")]
pub async fn create_api_key(
    recruiter: Recruiter,
    state: web::Data<AppState>,
    body: ApiJson<CreateApiKeyRequest>,
) -> Result<HttpResponse, ApiError> {
    let created = api_keys::create(&state.context, recruiter, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(created))
}
