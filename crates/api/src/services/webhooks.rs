//! Outgoing webhooks, signed as Standard Webhooks
//! (<https://www.standardwebhooks.com/>): `webhook-id`, `webhook-timestamp` and
//! `webhook-signature: v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`.
//!
//! [`emit`] queues one delivery per subscribed endpoint inside the caller's transaction, each
//! with a `deliver_webhook` job; the job ([`deliver`]) POSTs it, retried on a fixed schedule
//! (`WEBHOOK_RETRY_SCHEDULE_SECS`) by the job queue. Delivery is at-least-once; receivers
//! deduplicate on `webhook-id`.
//!
//! Endpoints are guarded against server-side request forgery ([`crate::outbound`]): unless
//! `WEBHOOKS_ALLOW_PRIVATE_NETWORKS` is set, a URL must be https:// and every address its
//! host resolves to must be public — checked on registration and again before each attempt,
//! connecting only to the addresses checked, without redirects or proxies.

use diesel::OptionalExtension;
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{NaiveDateTime, SecondsFormat};
use hmac::{Hmac, Mac};
use interview_flow_shared::validation::MAX_URL_LEN;
use interview_flow_shared::{
    CreateWebhookRequest, Page, WEBHOOK_EVENT_TYPES, WEBHOOK_PING_EVENT, WebhookCreatedDto,
    WebhookDeliveryDto, WebhookDeliveryStatus, WebhookEndpointDto,
};
use rand::RngCore;
use sha2::Sha256;
use url::Url;

use super::queue::JobError;
use super::rfc3339;
use crate::auth::Recruiter;
use crate::db::cursor::{self, Cursor};
use crate::db::webhooks::{DeliveryRow, EndpointRow};
use crate::db::{self, DbConnection, DbPool};
use crate::domain::jobs::JobKind;
use crate::errors::ApiError;
use crate::outbound;
use crate::state::AppState;

const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
const USER_AGENT: &str = "InterviewFlow-Webhooks/1";
const SECRET_PREFIX: &str = "whsec_";
const MAX_ENDPOINTS_PER_ORGANIZATION: usize = 20;
/// Longest error text kept in the delivery log.
const MAX_ERROR_LEN: usize = 500;

fn not_found() -> ApiError {
    ApiError::not_found("No such webhook endpoint.")
}

// ---------------------------------------------------------------------------------------
// Signing

/// A new secret: `whsec_` + base64 of 32 random bytes.
pub fn generate_secret() -> String {
    let mut key = [0u8; 32];
    rand::rng().fill_bytes(&mut key);
    format!("{SECRET_PREFIX}{}", STANDARD.encode(key))
}

/// The HMAC key of a `whsec_…` secret (its base64-decoded part).
pub fn secret_key(secret: &str) -> Option<Vec<u8>> {
    STANDARD
        .decode(secret.strip_prefix(SECRET_PREFIX).unwrap_or(secret))
        .ok()
}

/// The `webhook-signature` value: `v1,<base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}"))>`.
pub fn sign(key: &[u8], id: &str, timestamp: i64, body: &str) -> Result<String, ApiError> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key)
        .map_err(|e| ApiError::internal(format!("webhook signing key: {e}")))?;
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    Ok(format!(
        "v1,{}",
        STANDARD.encode(mac.finalize().into_bytes())
    ))
}

// ---------------------------------------------------------------------------------------
// Destination checks (SSRF guard)

/// Parses and checks a URL's form (not where it points): absolute http(s), a host, no
/// credentials, https unless private networks are allowed.
fn parse_url(raw: &str, allow_private: bool) -> Result<Url, ApiError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(ApiError::validation("url", "Enter the endpoint's URL."));
    }
    if raw.len() > MAX_URL_LEN {
        return Err(ApiError::validation(
            "url",
            format!("The URL must be at most {MAX_URL_LEN} characters."),
        ));
    }
    let url = Url::parse(raw).map_err(|e| {
        ApiError::validation(
            "url",
            format!("The URL is not valid ({e}); use https://host/path."),
        )
    })?;
    match url.scheme() {
        "https" => {}
        "http" if allow_private => {}
        "http" => {
            return Err(ApiError::validation(
                "url",
                "The URL must use https:// (plain http:// is only accepted when private networks are allowed).",
            ));
        }
        other => {
            return Err(ApiError::validation(
                "url",
                format!("The URL must use https://, not {other}://."),
            ));
        }
    }
    if url.host().is_none() {
        return Err(ApiError::validation("url", "The URL must name a host."));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(ApiError::validation(
            "url",
            "The URL must not contain a user name or password.",
        ));
    }
    if url.fragment().is_some() {
        return Err(ApiError::validation(
            "url",
            "The URL must not contain a #fragment.",
        ));
    }
    Ok(url)
}

/// The full check of a URL a recruiter registers.
async fn check_endpoint_url(raw: &str, allow_private: bool) -> Result<Url, ApiError> {
    // Where it points first, so `http://127.0.0.1` is refused for what it is.
    if !allow_private
        && let Ok(url) = Url::parse(raw.trim())
        && matches!(url.scheme(), "http" | "https")
        && url.host().is_some()
    {
        outbound::resolve_public(&url).await.map_err(|reason| {
            ApiError::validation("url", format!("The URL cannot be used: {reason}."))
        })?;
    }
    parse_url(raw, allow_private)
}

// ---------------------------------------------------------------------------------------
// Endpoints

fn endpoint_dto(row: &EndpointRow) -> WebhookEndpointDto {
    WebhookEndpointDto {
        id: row.id.clone(),
        url: row.url.clone(),
        events: row.event_list(),
        created_at: rfc3339(row.created_at),
    }
}

fn delivery_dto(row: &DeliveryRow) -> WebhookDeliveryDto {
    WebhookDeliveryDto {
        id: row.id.clone(),
        event_type: row.event_type.clone(),
        status: row.status,
        attempts: row.attempts,
        last_status_code: row.last_status_code,
        last_latency_ms: row.last_latency_ms.map(i64::from),
        last_error: row.last_error.clone(),
        next_attempt_at: rfc3339(row.next_attempt_at),
        created_at: rfc3339(row.created_at),
        delivered_at: row.delivered_at.map(rfc3339),
    }
}

/// Event types: non-empty, each known, duplicates dropped (order kept).
pub fn validate_events(events: &[String]) -> Result<Vec<String>, ApiError> {
    if events.is_empty() {
        return Err(ApiError::validation(
            "events",
            format!(
                "Subscribe to at least one event: {}.",
                WEBHOOK_EVENT_TYPES.join(", ")
            ),
        ));
    }
    let mut out: Vec<String> = Vec::with_capacity(events.len());
    for event in events {
        let event = event.trim();
        if !WEBHOOK_EVENT_TYPES.contains(&event) {
            return Err(ApiError::validation(
                "events",
                format!(
                    "Unknown event \"{event}\"; expected one of {}.",
                    WEBHOOK_EVENT_TYPES.join(", ")
                ),
            ));
        }
        if !out.iter().any(|e| e == event) {
            out.push(event.to_string());
        }
    }
    Ok(out)
}

fn message_id() -> String {
    format!("msg_{}", uuid::Uuid::new_v4().simple())
}

/// The body sent: `{"type", "timestamp", "data"}`.
fn envelope(event_type: &str, data: serde_json::Value) -> String {
    serde_json::json!({
        "type": event_type,
        "timestamp": chrono::Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true),
        "data": data,
    })
    .to_string()
}

fn new_delivery(
    endpoint_id: &str,
    event_type: &str,
    payload: String,
    now: NaiveDateTime,
) -> DeliveryRow {
    DeliveryRow {
        id: message_id(),
        endpoint_id: endpoint_id.to_string(),
        event_type: event_type.to_string(),
        payload,
        status: WebhookDeliveryStatus::Queued,
        attempts: 0,
        next_attempt_at: now,
        last_status_code: None,
        last_error: None,
        last_latency_ms: None,
        created_at: now,
        delivered_at: None,
    }
}

/// Registers an endpoint and queues a `webhook.ping` to it. The secret is returned only here.
pub async fn create(
    pool: &DbPool,
    allow_private: bool,
    recruiter: Recruiter,
    request: CreateWebhookRequest,
) -> Result<WebhookCreatedDto, ApiError> {
    let url = check_endpoint_url(&request.url, allow_private).await?;
    let events = validate_events(&request.events)?;
    let events_json =
        serde_json::to_string(&events).map_err(|e| anyhow::anyhow!("events as JSON: {e}"))?;
    let now = db::now();
    let row = EndpointRow {
        id: db::new_id(),
        organization_id: recruiter.organization_id.clone(),
        url: url.to_string(),
        events: events_json,
        secret: generate_secret(),
        created_by: recruiter.user_id.clone(),
        created_at: now,
        disabled_at: None,
    };
    db::run(pool, move |conn| {
        db::transaction::<_, ApiError, _>(conn, |conn| {
            let existing =
                db::webhooks::active_for_organization(conn, &row.organization_id)?.len();
            if existing >= MAX_ENDPOINTS_PER_ORGANIZATION {
                return Err(ApiError::Conflict {
                    code: "too_many_webhooks",
                    message: format!(
                        "An organisation can have at most {MAX_ENDPOINTS_PER_ORGANIZATION} webhook endpoints; delete one first."
                    ),
                });
            }
            db::webhooks::insert_endpoint(conn, &row)?;
            let ping = envelope(
                WEBHOOK_PING_EVENT,
                serde_json::json!({"endpoint_id": row.id, "url": row.url}),
            );
            db::webhooks::insert_delivery(
                conn,
                &new_delivery(&row.id, WEBHOOK_PING_EVENT, ping, now),
            )?;
            Ok(())
        })?;
        Ok(WebhookCreatedDto {
            id: row.id.clone(),
            url: row.url.clone(),
            events,
            secret: row.secret.clone(),
            created_at: rfc3339(row.created_at),
        })
    })
    .await
}

pub async fn list(
    pool: &DbPool,
    recruiter: Recruiter,
    cursor: Option<String>,
    limit: Option<u32>,
) -> Result<Page<WebhookEndpointDto>, ApiError> {
    let limit = cursor::page_limit(limit)?;
    let after = cursor.as_deref().map(Cursor::decode).transpose()?;
    db::run(pool, move |conn| {
        let rows =
            db::webhooks::list_active(conn, &recruiter.organization_id, after.as_ref(), limit + 1)?;
        let (rows, next_cursor) = cursor::paginate(rows, limit, |row| Cursor {
            created_at: row.created_at,
            id: row.id.clone(),
        });
        Ok(Page {
            items: rows.iter().map(endpoint_dto).collect(),
            next_cursor,
        })
    })
    .await
}

/// Disables the endpoint: nothing more is sent to it, and its queued deliveries are dropped
/// (marked failed).
pub async fn disable(pool: &DbPool, recruiter: Recruiter, id: String) -> Result<(), ApiError> {
    db::run(pool, move |conn| {
        db::transaction::<_, ApiError, _>(conn, |conn| {
            let now = db::now();
            if !db::webhooks::disable(conn, &recruiter.organization_id, &id, now)? {
                return Err(not_found());
            }
            db::webhooks::drop_queued(conn, &id, "The endpoint was deleted.", now)?;
            Ok(())
        })
    })
    .await
}

pub async fn list_deliveries(
    pool: &DbPool,
    recruiter: Recruiter,
    endpoint_id: String,
    cursor: Option<String>,
    limit: Option<u32>,
) -> Result<Page<WebhookDeliveryDto>, ApiError> {
    let limit = cursor::page_limit(limit)?;
    let after = cursor.as_deref().map(Cursor::decode).transpose()?;
    db::run(pool, move |conn| {
        let endpoint = db::webhooks::find_active(conn, &recruiter.organization_id, &endpoint_id)
            .optional()?
            .ok_or_else(not_found)?;
        let rows = db::webhooks::list_deliveries(conn, &endpoint.id, after.as_ref(), limit + 1)?;
        let (rows, next_cursor) = cursor::paginate(rows, limit, |row| Cursor {
            created_at: row.created_at,
            id: row.id.clone(),
        });
        Ok(Page {
            items: rows.iter().map(delivery_dto).collect(),
            next_cursor,
        })
    })
    .await
}

/// Queues a delivery again, due now, with the same `webhook-id` and body and a fresh retry
/// schedule.
pub async fn redeliver(
    pool: &DbPool,
    recruiter: Recruiter,
    endpoint_id: String,
    delivery_id: String,
) -> Result<WebhookDeliveryDto, ApiError> {
    db::run(pool, move |conn| {
        db::transaction::<_, ApiError, _>(conn, |conn| {
            let endpoint =
                db::webhooks::find_active(conn, &recruiter.organization_id, &endpoint_id)
                    .optional()?
                    .ok_or_else(not_found)?;
            let delivery = db::webhooks::find_delivery(conn, &endpoint.id, &delivery_id)
                .optional()?
                .ok_or_else(|| ApiError::not_found("No such delivery."))?;
            let now = db::now();
            let in_flight =
                db::background_jobs::find_for(conn, JobKind::DeliverWebhook, &delivery.id)?
                    .is_some_and(|job| job.locked_until.is_some_and(|until| until > now));
            if delivery.status == WebhookDeliveryStatus::Queued && in_flight {
                return Err(ApiError::Conflict {
                    code: "delivery_in_progress",
                    message: "This delivery is being sent right now; try again in a moment.".into(),
                });
            }
            db::webhooks::requeue(conn, &delivery.id, now)?;
            let row = db::webhooks::find_delivery(conn, &endpoint.id, &delivery.id)?;
            Ok(delivery_dto(&row))
        })
    })
    .await
}

// ---------------------------------------------------------------------------------------
// Emitting

/// Queues `event_type` for every active endpoint of the organisation subscribed to it, with
/// the body `{"type", "timestamp", "data"}`. Call it inside the transaction that makes the
/// change, so the event is queued if and only if the change commits.
pub fn emit(
    conn: &mut DbConnection,
    organization_id: &str,
    event_type: &str,
    data: serde_json::Value,
) -> diesel::QueryResult<()> {
    let endpoints: Vec<EndpointRow> = db::webhooks::active_for_organization(conn, organization_id)?
        .into_iter()
        .filter(|endpoint| endpoint.event_list().iter().any(|e| e == event_type))
        .collect();
    if endpoints.is_empty() {
        return Ok(());
    }
    let payload = envelope(event_type, data);
    let now = db::now();
    for endpoint in endpoints {
        db::webhooks::insert_delivery(
            conn,
            &new_delivery(&endpoint.id, event_type, payload.clone(), now),
        )?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Delivering

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
    let (delivery, endpoint) = db::run(&state.pool, move |conn| {
        Ok(db::webhooks::find_with_endpoint(conn, &id)?)
    })
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
    let now = db::now();
    let id = delivery.id.clone();
    match result.error {
        None => {
            tracing::info!(delivery_id = %id, endpoint_id = %endpoint.id, event = %delivery.event_type, "webhook delivered");
            let code = result.status_code.unwrap_or(200);
            let latency = result.latency_ms.unwrap_or(0);
            db::run(&state.pool, move |conn| {
                Ok(db::webhooks::mark_delivered(
                    conn, &id, attempt, code, latency, now,
                )?)
            })
            .await?;
            Ok(())
        }
        Some(error) => {
            let recorded = error.clone();
            db::run(&state.pool, move |conn| {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_like_the_standard_webhooks_example() {
        // From the Standard Webhooks reference implementations.
        let key = secret_key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        let signature = sign(
            &key,
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            r#"{"test": 2432232314}"#,
        )
        .unwrap();
        assert_eq!(signature, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    #[test]
    fn urls_must_be_https_unless_private_networks_are_allowed() {
        assert!(parse_url("https://example.com/hook", false).is_ok());
        assert!(parse_url("http://example.com/hook", false).is_err());
        assert!(parse_url("http://127.0.0.1:9/hook", true).is_ok());
        assert!(parse_url("ftp://example.com/", true).is_err());
        assert!(parse_url("https://user:pw@example.com/", false).is_err());
    }
}
