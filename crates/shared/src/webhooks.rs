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

/// What each event means, as `GET /api/v1/webhook-events` and the docs list it.
impl WebhookEvent {
    pub fn fires_when(self) -> &'static str {
        match self {
            WebhookEvent::InterviewScheduled => {
                "An interview is scheduled (from the workspace, the API or Greenhouse), or rescheduled to a new time (the link changes)."
            }
            WebhookEvent::InterviewStarted => {
                "The candidate starts the interview (after consent, inside the window)."
            }
            WebhookEvent::InterviewCompleted => {
                "The interview's evaluation is ready: `score`, `recommendation` and the report URLs are set."
            }
            WebhookEvent::InterviewCancelled => {
                "A recruiter or an integration cancels the interview."
            }
            WebhookEvent::InterviewExpired => {
                "The window closes without the candidate having started."
            }
            WebhookEvent::EmailFailed => {
                "An email about the interview (invitation, reminder, new time…) could not be delivered after every retry: `email` says which and why."
            }
        }
    }
}

/// The body of every delivery (Standard Webhooks): signed with `webhook-id`,
/// `webhook-timestamp` and `webhook-signature` headers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookEnvelope {
    /// The event's name, e.g. `interview.completed` (or `webhook.ping` once, on registration).
    #[serde(rename = "type")]
    pub event_type: String,
    /// When the event happened (RFC 3339, milliseconds, UTC).
    pub timestamp: String,
    pub data: WebhookEventData,
}

/// `data`: the interview for every subscribed event, the endpoint for `webhook.ping`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum WebhookEventData {
    Interview(Box<WebhookInterviewData>),
    Ping(WebhookPingData),
}

impl WebhookEventData {
    /// The interview's data, for every event but `webhook.ping`.
    pub fn interview(&self) -> Option<&WebhookInterviewData> {
        match self {
            WebhookEventData::Interview(data) => Some(data.as_ref()),
            WebhookEventData::Ping(_) => None,
        }
    }
}

/// `data` of `webhook.ping`, sent once when an endpoint is registered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WebhookPingData {
    pub endpoint_id: String,
    pub url: String,
}

/// `data` of every interview event: the interview as it stands when the event fires.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WebhookInterviewData {
    pub interview_id: String,
    /// The candidate's interview link.
    pub link: String,
    pub status: crate::InterviewStatus,
    pub job: WebhookJobRef,
    pub candidate: WebhookCandidateRef,
    pub scheduled_at: String,
    pub opens_at: String,
    pub expires_at: String,
    /// Your ids, from the job and the interview (the interview's win on a clash).
    pub external_ids: crate::jobs::ExternalIds,
    /// `interview.completed`: the overall score, 0–100.
    pub score: Option<u8>,
    /// `interview.completed`.
    pub recommendation: Option<crate::Recommendation>,
    /// `interview.completed`: the report in the recruiter workspace.
    pub report_url: Option<String>,
    /// `interview.completed`: the report over the API (`GET /api/v1/interviews/{id}/report`).
    pub report_api_url: Option<String>,
    /// `email.failed`: which email and why.
    pub email: Option<WebhookEmailFailure>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WebhookJobRef {
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WebhookCandidateRef {
    pub id: String,
    pub full_name: String,
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WebhookEmailFailure {
    /// The email's kind, e.g. `invitation`, `reminder`, `rescheduled`.
    pub kind: String,
    /// The last attempt's error.
    pub error: String,
}

/// One entry of `GET /api/v1/webhook-events`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookEventTypeDto {
    /// The name to subscribe to and the body's `type`.
    #[serde(rename = "type")]
    pub event_type: WebhookEvent,
    pub fires_when: String,
    /// The body's schema in the OpenAPI document (`data` is `WebhookInterviewData`).
    pub payload_schema: String,
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
