use actix_web::{HttpResponse, post, web};
use interview_flow_shared::{CreateWebhookRequest, ErrorBody, WebhookCreatedDto};

use crate::auth::OrgAdmin;
use crate::errors::ApiError;
use crate::extract::ApiJson;
use crate::services::webhooks;
use crate::state::AppState;

/// Register an endpoint for the organisation's events. The answer carries the signing
/// `secret`, shown only this once; a `webhook.ping` is queued to the endpoint at once.
/// Deliveries are signed as Standard Webhooks (`webhook-id`, `webhook-timestamp`,
/// `webhook-signature: v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`, keyed with the
/// base64-decoded part of the secret after `whsec_`).
/// With an API key, the key needs the `admin` scope.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = []), ("api_key" = []), ("basic" = [])),
    request_body(content = CreateWebhookRequest, example = json!({"url": "https://ats.example.com/hooks/interview-flow", "events": ["interview.scheduled", "interview.completed"]})),
    responses(
        (status = 201, description = "Registered; `secret` is not shown again", body = WebhookCreatedDto),
        OrgAdmin, ApiJson<CreateWebhookRequest>,
        (status = 409, description = "Too many endpoints", body = ErrorBody),
        (status = 422, description = "Unknown event, or a URL that is not https:// or points at a private, loopback or link-local address; details.field names it", body = ErrorBody),
    )
)]
#[post("/webhooks")]
pub async fn create_webhook(
    OrgAdmin(recruiter): OrgAdmin,
    state: web::Data<AppState>,
    body: ApiJson<CreateWebhookRequest>,
) -> Result<HttpResponse, ApiError> {
    let created = webhooks::create(
        &state.context,
        state.settings.webhooks_allow_private_networks,
        recruiter,
        body.into_inner(),
    )
    .await?;
    Ok(HttpResponse::Created().json(created))
}
