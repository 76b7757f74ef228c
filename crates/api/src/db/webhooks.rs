//! Webhook endpoints and their deliveries. Claiming due deliveries follows the email outbox:
//! `FOR UPDATE SKIP LOCKED` on PostgreSQL, an immediate transaction on SQLite.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use interview_flow_shared::WebhookDeliveryStatus;

use super::DbConnection;
use super::cursor::Cursor;

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
        locked_until -> Nullable<Timestamp>,
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
    pub next_attempt_at: NaiveDateTime,
    pub locked_until: Option<NaiveDateTime>,
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

pub fn insert_delivery(conn: &mut DbConnection, row: &DeliveryRow) -> QueryResult<()> {
    diesel::insert_into(webhook_deliveries::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
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

/// A due delivery with the endpoint it goes to.
pub type ClaimedDelivery = (DeliveryRow, EndpointRow);

/// Takes up to `limit` due deliveries of active endpoints for `lease`, counting the attempt.
pub fn claim_due(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    lease: TimeDelta,
    limit: i64,
) -> QueryResult<Vec<ClaimedDelivery>> {
    macro_rules! due {
        () => {
            webhook_deliveries::table
                .filter(webhook_deliveries::status.eq(WebhookDeliveryStatus::Queued))
                .filter(webhook_deliveries::next_attempt_at.le(now))
                .filter(
                    webhook_deliveries::locked_until
                        .is_null()
                        .or(webhook_deliveries::locked_until.lt(now)),
                )
                .filter(
                    webhook_deliveries::endpoint_id.eq_any(
                        webhook_endpoints::table
                            .filter(webhook_endpoints::disabled_at.is_null())
                            .select(webhook_endpoints::id),
                    ),
                )
                .order(webhook_deliveries::next_attempt_at.asc())
                .limit(limit)
                .select(DeliveryRow::as_select())
        };
    }
    // Same statements on either backend; only the locking differs.
    macro_rules! claim {
        ($conn:expr, $rows:expr) => {{
            let mut claimed = Vec::with_capacity($rows.len());
            for mut row in $rows {
                diesel::update(webhook_deliveries::table.find(&row.id))
                    .set((
                        webhook_deliveries::locked_until.eq(now + lease),
                        webhook_deliveries::attempts.eq(row.attempts + 1),
                    ))
                    .execute($conn)?;
                row.attempts += 1;
                let endpoint = webhook_endpoints::table
                    .find(&row.endpoint_id)
                    .select(EndpointRow::as_select())
                    .first($conn)?;
                claimed.push((row, endpoint));
            }
            Ok(claimed)
        }};
    }
    match conn {
        DbConnection::Postgres(pg) => pg.transaction(|pg| {
            let rows: Vec<DeliveryRow> = due!().for_update().skip_locked().load(pg)?;
            claim!(pg, rows)
        }),
        DbConnection::Sqlite(sqlite) => sqlite.immediate_transaction(|sqlite| {
            let rows: Vec<DeliveryRow> = due!().load(sqlite)?;
            claim!(sqlite, rows)
        }),
    }
}

pub fn mark_delivered(
    conn: &mut DbConnection,
    id: &str,
    status_code: i32,
    latency_ms: i32,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(webhook_deliveries::table.find(id))
        .set((
            webhook_deliveries::status.eq(WebhookDeliveryStatus::Delivered),
            webhook_deliveries::delivered_at.eq(at),
            webhook_deliveries::locked_until.eq(None::<NaiveDateTime>),
            webhook_deliveries::last_status_code.eq(status_code),
            webhook_deliveries::last_latency_ms.eq(latency_ms),
            webhook_deliveries::last_error.eq(None::<String>),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Records a failed attempt: retry at `retry_at`, or give up (`None`).
pub fn mark_attempt_failed(
    conn: &mut DbConnection,
    id: &str,
    status_code: Option<i32>,
    latency_ms: Option<i32>,
    error: &str,
    retry_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let status = if retry_at.is_some() {
        WebhookDeliveryStatus::Queued
    } else {
        WebhookDeliveryStatus::Failed
    };
    diesel::update(webhook_deliveries::table.find(id))
        .set((
            webhook_deliveries::status.eq(status),
            webhook_deliveries::last_status_code.eq(status_code),
            webhook_deliveries::last_latency_ms.eq(latency_ms),
            webhook_deliveries::last_error.eq(error),
            webhook_deliveries::locked_until.eq(None::<NaiveDateTime>),
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
            webhook_deliveries::locked_until.eq(None::<NaiveDateTime>),
            webhook_deliveries::delivered_at.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)
        .map(|_| ())
}
