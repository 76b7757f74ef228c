//! Delivering: the `deliver_webhook` job and one signed attempt.

use std::time::Instant;

use interview_flow_shared::WebhookDeliveryStatus;

use crate::db;
use crate::db::webhooks::{DeliveryRow, EndpointRow};
use crate::outbound;
use crate::services::queue::JobError;
use crate::state::AppState;

use super::destination::parse_url;
use super::signing::{secret_key, sign};
use super::{MAX_ERROR_LEN, REQUEST_TIMEOUT, USER_AGENT};

/// The result of one attempt.
struct Attempt {
    status_code: Option<i32>,
    latency_ms: Option<i32>,
    error: Option<String>,
}

/// The `deliver_webhook` job: one signed POST of delivery `delivery_id` (attempt number
/// `attempt`), unless it is no longer queued (delivered, or its endpoint was deleted).
pub async fn deliver(state: &AppState, delivery_id: &str, attempt: i32) -> Result<(), JobError> {
    let id = delivery_id.to_string();
    let (delivery, endpoint) = state
        .context
        .db(move |conn| Ok(db::webhooks::find_with_endpoint(conn, &id)?))
        .await?;
    if delivery.status != WebhookDeliveryStatus::Queued || endpoint.disabled_at.is_some() {
        return Ok(());
    }
    let result = self::attempt(
        &endpoint,
        &delivery,
        state.settings.webhooks_allow_private_networks,
    )
    .await;
    let now = state.context.now();
    let id = delivery.id.clone();
    match result.error {
        None => {
            tracing::info!(delivery_id = %id, endpoint_id = %endpoint.id, event = %delivery.event_type, "webhook delivered");
            let code = result.status_code.unwrap_or(200);
            let latency = result.latency_ms.unwrap_or(0);
            state
                .context
                .db(move |conn| {
                    Ok(db::webhooks::mark_delivered(
                        conn, &id, attempt, code, latency, now,
                    )?)
                })
                .await?;
            Ok(())
        }
        Some(error) => {
            let recorded = error.clone();
            state
                .context
                .db(move |conn| {
                    Ok(db::webhooks::record_failed_attempt(
                        conn,
                        &id,
                        attempt,
                        result.status_code,
                        result.latency_ms,
                        &recorded,
                    )?)
                })
                .await?;
            Err(JobError::Failed(error))
        }
    }
}

fn failure(error: impl Into<String>) -> Attempt {
    let mut error: String = error.into();
    if error.len() > MAX_ERROR_LEN {
        let mut end = MAX_ERROR_LEN;
        while !error.is_char_boundary(end) {
            end -= 1;
        }
        error.truncate(end);
    }
    Attempt {
        status_code: None,
        latency_ms: None,
        error: Some(error),
    }
}

/// One signed POST of the stored body.
async fn attempt(endpoint: &EndpointRow, delivery: &DeliveryRow, allow_private: bool) -> Attempt {
    let url = match parse_url(&endpoint.url, allow_private) {
        Ok(url) => url,
        Err(error) => return failure(format!("the endpoint URL is not usable: {error}")),
    };
    // DNS may have changed since registration: checked again, connecting only to the
    // addresses just checked.
    let policy = outbound::Policy {
        allow_private,
        timeout: REQUEST_TIMEOUT,
        user_agent: USER_AGENT,
    };
    let client = match outbound::client_for(&url, &policy).await {
        Ok(client) => client,
        Err(reason) => return failure(format!("refused: {reason}")),
    };
    let Some(key) = secret_key(&endpoint.secret) else {
        return failure("the endpoint's secret is not valid base64");
    };
    let timestamp = chrono::Utc::now().timestamp();
    let signature = match sign(&key, &delivery.id, timestamp, &delivery.payload) {
        Ok(signature) => signature,
        Err(error) => return failure(error.to_string()),
    };
    let started = Instant::now();
    let result = client
        .post(url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header("webhook-id", &delivery.id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", signature)
        .body(delivery.payload.clone())
        .send()
        .await;
    let latency_ms = Some(i32::try_from(started.elapsed().as_millis()).unwrap_or(i32::MAX));
    match result {
        Ok(response) => {
            let status = response.status();
            let status_code = Some(i32::from(status.as_u16()));
            let error = if status.is_success() {
                None
            } else if status.is_redirection() {
                Some(format!(
                    "HTTP {status}: redirects are not followed; register the final URL"
                ))
            } else {
                Some(format!("HTTP {status}"))
            };
            Attempt {
                status_code,
                latency_ms,
                error,
            }
        }
        Err(error) => {
            let reason = if error.is_timeout() {
                format!("timed out after {} s", REQUEST_TIMEOUT.as_secs())
            } else if error.is_connect() {
                format!("could not connect: {}", error_chain(&error))
            } else {
                error_chain(&error)
            };
            Attempt {
                latency_ms,
                ..failure(reason)
            }
        }
    }
}

fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(inner) = source {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        source = inner.source();
    }
    text
}
