//! Endpoints: registering, listing, disabling, their deliveries and redelivery.

use crate::services::context::Context;
use chrono::{NaiveDateTime, SecondsFormat};
use diesel::OptionalExtension;
use interview_flow_shared::{
    CreateWebhookRequest, Page, WEBHOOK_EVENT_TYPES, WEBHOOK_PING_EVENT, WebhookCreatedDto,
    WebhookDeliveryDto, WebhookDeliveryStatus, WebhookEndpointDto,
};

use crate::auth::Recruiter;
use crate::db::cursor::{self, Cursor};
use crate::db::webhooks::{DeliveryRow, EndpointRow};
use crate::db::{self};
use crate::domain::jobs::JobKind;
use crate::errors::ApiError;
use crate::services::rfc3339;

use super::destination::check_endpoint_url;
use super::signing::generate_secret;
use super::{MAX_ENDPOINTS_PER_ORGANIZATION, not_found};

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
        // Exactly an event's name, as the document's enum says.
        let event = event.as_str();
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
pub(super) fn envelope(event_type: &str, data: serde_json::Value) -> String {
    serde_json::json!({
        "type": event_type,
        "timestamp": chrono::Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true),
        "data": data,
    })
    .to_string()
}

pub(super) fn new_delivery(
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
    ctx: &Context,
    allow_private: bool,
    recruiter: Recruiter,
    request: CreateWebhookRequest,
) -> Result<WebhookCreatedDto, ApiError> {
    let url = check_endpoint_url(&request.url, allow_private).await?;
    let now = ctx.now();
    let events = validate_events(&request.events)?;
    let events_json =
        serde_json::to_string(&events).map_err(|e| anyhow::anyhow!("events as JSON: {e}"))?;
    let row = EndpointRow {
        id: db::new_id(),
        organization_id: recruiter.organization_id.to_string(),
        url: url.to_string(),
        events: events_json,
        secret: generate_secret(),
        created_by: recruiter.user_id.to_string(),
        created_at: now,
        disabled_at: None,
    };
    ctx.db(move |conn| {
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
    ctx: &Context,
    recruiter: Recruiter,
    cursor: Option<String>,
    limit: Option<u32>,
) -> Result<Page<WebhookEndpointDto>, ApiError> {
    let limit = cursor::page_limit(limit)?;
    let after = cursor.as_deref().map(Cursor::decode).transpose()?;
    ctx.db(move |conn| {
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
pub async fn disable(ctx: &Context, recruiter: Recruiter, id: String) -> Result<(), ApiError> {
    let now = ctx.now();
    ctx.db(move |conn| {
        db::transaction::<_, ApiError, _>(conn, |conn| {
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
    ctx: &Context,
    recruiter: Recruiter,
    endpoint_id: String,
    cursor: Option<String>,
    limit: Option<u32>,
) -> Result<Page<WebhookDeliveryDto>, ApiError> {
    let limit = cursor::page_limit(limit)?;
    let after = cursor.as_deref().map(Cursor::decode).transpose()?;
    ctx.db(move |conn| {
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
    ctx: &Context,
    recruiter: Recruiter,
    endpoint_id: String,
    delivery_id: String,
) -> Result<WebhookDeliveryDto, ApiError> {
    let now = ctx.now();
    ctx.db(move |conn| {
        db::transaction::<_, ApiError, _>(conn, |conn| {
            let endpoint =
                db::webhooks::find_active(conn, &recruiter.organization_id, &endpoint_id)
                    .optional()?
                    .ok_or_else(not_found)?;
            let delivery = db::webhooks::find_delivery(conn, &endpoint.id, &delivery_id)
                .optional()?
                .ok_or_else(|| ApiError::not_found("No such delivery."))?;
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
