//! Outgoing webhooks (Standard Webhooks): endpoints an organisation registers and the log of
//! deliveries to them.

use serde::{Deserialize, Serialize};

/// The events an endpoint can subscribe to.
pub const WEBHOOK_EVENT_TYPES: &[&str] = &[
    "interview.scheduled",
    "interview.started",
    "interview.completed",
    "interview.cancelled",
    "interview.expired",
    "email.failed",
];

str_enum! {
    /// An event about an interview that endpoints subscribe to; its text is the `type` in the
    /// body and one of [`WEBHOOK_EVENT_TYPES`].
    pub enum WebhookEvent {
        InterviewScheduled => "interview.scheduled",
        InterviewStarted => "interview.started",
        InterviewCompleted => "interview.completed",
        InterviewCancelled => "interview.cancelled",
        InterviewExpired => "interview.expired",
        EmailFailed => "email.failed",
    }
}

/// The test message queued when an endpoint is registered (always sent, never subscribed to).
pub const WEBHOOK_PING_EVENT: &str = "webhook.ping";

/// `POST /api/v1/webhooks`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateWebhookRequest {
    /// `https://…` (plain `http://` only where private networks are allowed).
    pub url: String,
    /// One or more of `interview.scheduled`, `interview.started`, `interview.completed`,
    /// `interview.cancelled`, `interview.expired`, `email.failed`.
    pub events: Vec<String>,
}

/// The answer to registration: the only time `secret` is shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookCreatedDto {
    pub id: String,
    pub url: String,
    pub events: Vec<String>,
    /// `whsec_` + base64 of the HMAC-SHA256 key (sign with the base64-decoded part).
    pub secret: String,
    pub created_at: String,
}

/// A registered endpoint as listed (no secret).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookEndpointDto {
    pub id: String,
    pub url: String,
    pub events: Vec<String>,
    pub created_at: String,
}

str_enum! {
    pub enum WebhookDeliveryStatus stored as text {
        Queued => "queued",
        Delivered => "delivered",
        Failed => "failed",
    }
}

/// One message to one endpoint; `id` is its `webhook-id`, the same on every attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookDeliveryDto {
    pub id: String,
    pub event_type: String,
    pub status: WebhookDeliveryStatus,
    pub attempts: i32,
    /// The HTTP status of the last attempt, if it got an answer.
    pub last_status_code: Option<i32>,
    pub last_latency_ms: Option<i64>,
    /// Why the last attempt failed (HTTP status or transport error).
    pub last_error: Option<String>,
    /// When the next attempt is due (while queued).
    pub next_attempt_at: String,
    pub created_at: String,
    pub delivered_at: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_is_subscribable_by_its_text() {
        let texts: Vec<&str> = WebhookEvent::ALL.iter().map(|e| e.as_str()).collect();
        assert_eq!(texts, WEBHOOK_EVENT_TYPES);
        for event in WebhookEvent::ALL {
            assert_eq!(WebhookEvent::parse(event.as_str()), Some(event));
        }
    }
}
