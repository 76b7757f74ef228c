//! Webhook endpoints and their deliveries. Each queued delivery has a job on the queue
//! (`db::background_jobs`) that sends it; the delivery row is the log a recruiter reads.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use interview_flow_shared::WebhookDeliveryStatus;

use super::DbConnection;
use super::cursor::Cursor;
use crate::domain::jobs::{Job, JobKind};

diesel::table! {
    webhook_endpoints (id) {
        id -> Text,
        organization_id -> Text,
        url -> Text,
        events -> Text,
        secret -> Text,
        created_by -> Text,
        created_at -> Timestamp,
        disabled_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> Text,
        endpoint_id -> Text,
        event_type -> Text,
        payload -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        last_status_code -> Nullable<Integer>,
        last_error -> Nullable<Text>,
        last_latency_ms -> Nullable<Integer>,
        created_at -> Timestamp,
        delivered_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(webhook_deliveries -> webhook_endpoints (endpoint_id));
diesel::allow_tables_to_appear_in_same_query!(webhook_endpoints, webhook_deliveries);

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Identifiable)]
#[diesel(table_name = webhook_endpoints)]
pub struct EndpointRow {
    pub id: String,
    pub organization_id: String,
    pub url: String,
    /// JSON array of event types.
    pub events: String,
    pub secret: String,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub disabled_at: Option<NaiveDateTime>,
}

impl EndpointRow {
    pub fn event_list(&self) -> Vec<String> {
        serde_json::from_str(&self.events).unwrap_or_default()
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Identifiable)]
#[diesel(table_name = webhook_deliveries)]
pub struct DeliveryRow {
    pub id: String,
    pub endpoint_id: String,
    pub event_type: String,
    pub payload: String,
    pub status: WebhookDeliveryStatus,
    pub attempts: i32,
    /// When the delivery is (or was last) due; the queue's job decides, this shows it.
    pub next_attempt_at: NaiveDateTime,
    pub last_status_code: Option<i32>,
    pub last_error: Option<String>,
    pub last_latency_ms: Option<i32>,
    pub created_at: NaiveDateTime,
    pub delivered_at: Option<NaiveDateTime>,
}

pub fn insert_endpoint(conn: &mut DbConnection, row: &EndpointRow) -> QueryResult<()> {
    diesel::insert_into(webhook_endpoints::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// An active endpoint of the organisation (NotFound for another's or a disabled one).
pub fn find_active(
    conn: &mut DbConnection,
    organization_id: &str,
    id: &str,
) -> QueryResult<EndpointRow> {
    webhook_endpoints::table
        .filter(webhook_endpoints::id.eq(id))
        .filter(webhook_endpoints::organization_id.eq(organization_id))
        .filter(webhook_endpoints::disabled_at.is_null())
        .select(EndpointRow::as_select())
        .first(conn)
}

/// The organisation's active endpoints, newest first.
pub fn list_active(
    conn: &mut DbConnection,
    organization_id: &str,
    after: Option<&Cursor>,
    limit: i64,
) -> QueryResult<Vec<EndpointRow>> {
    let mut query = webhook_endpoints::table
        .filter(webhook_endpoints::organization_id.eq(organization_id))
        .filter(webhook_endpoints::disabled_at.is_null())
        .select(EndpointRow::as_select())
        .order((
            webhook_endpoints::created_at.desc(),
            webhook_endpoints::id.desc(),
        ))
        .limit(limit)
        .into_boxed();
    if let Some(cursor) = after {
        query = query.filter(
            webhook_endpoints::created_at
                .lt(cursor.created_at)
                .or(webhook_endpoints::created_at
                    .eq(cursor.created_at)
                    .and(webhook_endpoints::id.lt(&cursor.id))),
        );
    }
    query.load(conn)
}

/// Every active endpoint of the organisation (for fan-out).
pub fn active_for_organization(
    conn: &mut DbConnection,
    organization_id: &str,
) -> QueryResult<Vec<EndpointRow>> {
    webhook_endpoints::table
        .filter(webhook_endpoints::organization_id.eq(organization_id))
        .filter(webhook_endpoints::disabled_at.is_null())
        .order(webhook_endpoints::created_at.asc())
        .select(EndpointRow::as_select())
        .load(conn)
}

/// Disables the endpoint; false when there was no such active endpoint.
pub fn disable(
    conn: &mut DbConnection,
    organization_id: &str,
    id: &str,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    let changed = diesel::update(
        webhook_endpoints::table
            .filter(webhook_endpoints::id.eq(id))
            .filter(webhook_endpoints::organization_id.eq(organization_id))
            .filter(webhook_endpoints::disabled_at.is_null()),
    )
    .set(webhook_endpoints::disabled_at.eq(at))
    .execute(conn)?;
    Ok(changed > 0)
}

/// Marks the endpoint's queued deliveries failed (e.g. when it is deleted).
pub fn drop_queued(
    conn: &mut DbConnection,
    endpoint_id: &str,
    reason: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(
        webhook_deliveries::table
            .filter(webhook_deliveries::endpoint_id.eq(endpoint_id))
            .filter(webhook_deliveries::status.eq(WebhookDeliveryStatus::Queued)),
    )
    .set((
        webhook_deliveries::status.eq(WebhookDeliveryStatus::Failed),
        webhook_deliveries::last_error.eq(reason),
        webhook_deliveries::next_attempt_at.eq(now),
    ))
    .execute(conn)
    .map(|_| ())
}

/// Stores a delivery and queues the job that sends it, in the caller's transaction.
pub fn insert_delivery(conn: &mut DbConnection, row: &DeliveryRow) -> QueryResult<()> {
    diesel::insert_into(webhook_deliveries::table)
        .values(row)
        .execute(conn)?;
    super::background_jobs::enqueue(conn, &deliver_job(&row.id), row.next_attempt_at)
}

fn deliver_job(delivery_id: &str) -> Job {
    Job::DeliverWebhook {
        delivery_id: delivery_id.to_string(),
    }
}

/// The delivery with the endpoint it goes to.
pub fn find_with_endpoint(
    conn: &mut DbConnection,
    id: &str,
) -> QueryResult<(DeliveryRow, EndpointRow)> {
    webhook_deliveries::table
        .inner_join(webhook_endpoints::table)
        .filter(webhook_deliveries::id.eq(id))
        .select((DeliveryRow::as_select(), EndpointRow::as_select()))
        .first(conn)
}

pub fn find_delivery(
    conn: &mut DbConnection,
    endpoint_id: &str,
    id: &str,
) -> QueryResult<DeliveryRow> {
    webhook_deliveries::table
        .filter(webhook_deliveries::id.eq(id))
        .filter(webhook_deliveries::endpoint_id.eq(endpoint_id))
        .select(DeliveryRow::as_select())
        .first(conn)
}

/// An endpoint's deliveries, newest first.
pub fn list_deliveries(
    conn: &mut DbConnection,
    endpoint_id: &str,
    after: Option<&Cursor>,
    limit: i64,
) -> QueryResult<Vec<DeliveryRow>> {
    let mut query = webhook_deliveries::table
        .filter(webhook_deliveries::endpoint_id.eq(endpoint_id))
        .select(DeliveryRow::as_select())
        .order((
            webhook_deliveries::created_at.desc(),
            webhook_deliveries::id.desc(),
        ))
        .limit(limit)
        .into_boxed();
    if let Some(cursor) = after {
        query = query.filter(
            webhook_deliveries::created_at
                .lt(cursor.created_at)
                .or(webhook_deliveries::created_at
                    .eq(cursor.created_at)
                    .and(webhook_deliveries::id.lt(&cursor.id))),
        );
    }
    query.load(conn)
}

pub fn mark_delivered(
    conn: &mut DbConnection,
    id: &str,
    attempts: i32,
    status_code: i32,
    latency_ms: i32,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(webhook_deliveries::table.find(id))
        .set((
            webhook_deliveries::status.eq(WebhookDeliveryStatus::Delivered),
            webhook_deliveries::attempts.eq(attempts),
            webhook_deliveries::delivered_at.eq(at),
            webhook_deliveries::last_status_code.eq(status_code),
            webhook_deliveries::last_latency_ms.eq(latency_ms),
            webhook_deliveries::last_error.eq(None::<String>),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Records what a failed attempt (number `attempts`) got back.
pub fn record_failed_attempt(
    conn: &mut DbConnection,
    id: &str,
    attempts: i32,
    status_code: Option<i32>,
    latency_ms: Option<i32>,
    error: &str,
) -> QueryResult<()> {
    diesel::update(webhook_deliveries::table.find(id))
        .set((
            webhook_deliveries::attempts.eq(attempts),
            webhook_deliveries::last_status_code.eq(status_code),
            webhook_deliveries::last_latency_ms.eq(latency_ms),
            webhook_deliveries::last_error.eq(error),
        ))
        .execute(conn)
        .map(|_| ())
}

/// After a failed attempt: due again at `retry_at`, or failed for good (`None`).
pub fn schedule_retry(
    conn: &mut DbConnection,
    id: &str,
    retry_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let status = if retry_at.is_some() {
        WebhookDeliveryStatus::Queued
    } else {
        WebhookDeliveryStatus::Failed
    };
    diesel::update(
        webhook_deliveries::table
            .find(id)
            .filter(webhook_deliveries::status.eq(WebhookDeliveryStatus::Queued)),
    )
    .set((
        webhook_deliveries::status.eq(status),
        webhook_deliveries::next_attempt_at.eq(retry_at.unwrap_or(now)),
    ))
    .execute(conn)
    .map(|_| ())
}

/// Queues the delivery again from scratch (same id): due now, attempts reset.
pub fn requeue(conn: &mut DbConnection, id: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(webhook_deliveries::table.find(id))
        .set((
            webhook_deliveries::status.eq(WebhookDeliveryStatus::Queued),
            webhook_deliveries::attempts.eq(0),
            webhook_deliveries::next_attempt_at.eq(now),
            webhook_deliveries::delivered_at.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
    // A job still queued for it (a retry pending) runs now instead of later.
    super::background_jobs::cancel(conn, JobKind::DeliverWebhook, id)?;
    super::background_jobs::enqueue(conn, &deliver_job(id), now)
}
