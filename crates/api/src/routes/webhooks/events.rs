use actix_web::{get, web};
use interview_flow_shared::{WebhookEvent, WebhookEventTypeDto};

/// The webhook event catalogue: every event an endpoint can subscribe to, when it fires, and
/// the schema of its body (`WebhookEnvelope`, whose `data` is `WebhookInterviewData`). Public:
/// it describes the API, not an organisation.
#[utoipa::path(
    tag = "webhooks",
    responses((status = 200, body = Vec<WebhookEventTypeDto>))
)]
#[get("/webhook-events")]
pub async fn list_webhook_events() -> web::Json<Vec<WebhookEventTypeDto>> {
    web::Json(
        WebhookEvent::ALL
            .iter()
            .map(|event| WebhookEventTypeDto {
                event_type: *event,
                fires_when: event.fires_when().to_string(),
                payload_schema: "#/components/schemas/WebhookEnvelope".into(),
            })
            .collect(),
    )
}
