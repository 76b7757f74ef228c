use actix_web::{HttpResponse, post, web};
use interview_flow_shared::{ErrorBody, WebhookDeliveryDto};

use crate::auth::OrgAdmin;
use crate::errors::ApiError;
use crate::services::webhooks;
use crate::state::AppState;

/// Send a delivery again: it is queued, due now, with the same `webhook-id` and body and a
/// fresh retry schedule.
/// With an API key, the key needs the `admin` scope.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = []), ("api_key" = []), ("basic" = [])),
    params(("id" = uuid::Uuid, Path), ("delivery_id" = uuid::Uuid, Path)),
    responses(
        (status = 202, description = "Queued again", body = WebhookDeliveryDto),
        OrgAdmin,
        (status = 404, description = "Unknown endpoint or delivery (or another organisation's)", body = ErrorBody),
        (status = 409, description = "Being sent right now", body = ErrorBody),
    )
)]
#[post("/webhooks/{id}/deliveries/{delivery_id}/redeliver")]
pub async fn redeliver_webhook(
    OrgAdmin(recruiter): OrgAdmin,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, delivery_id) = path.into_inner();
    let delivery = webhooks::redeliver(&state.context, recruiter, id, delivery_id).await?;
    Ok(HttpResponse::Accepted().json(delivery))
}
