//! The email outbox. Claiming is the one place with backend-specific SQL: PostgreSQL uses
//! `FOR UPDATE SKIP LOCKED` so concurrent workers on several nodes never take the same
//! message; SQLite has a single writer, so an immediate transaction is enough.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use interview_flow_shared::EmailStatus;

use super::DbConnection;
use super::schema::email_outbox;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Identifiable)]
#[diesel(table_name = email_outbox)]
pub struct OutboxRow {
    pub id: String,
    /// The interview the message is about; None for an account email.
    pub interview_id: Option<String>,
    /// The recipient's account.
    pub user_id: Option<String>,
    pub kind: String,
    pub to_email: String,
    pub to_name: String,
    pub status: EmailStatus,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub locked_until: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub message_id: String,
    pub created_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
}

pub fn insert(conn: &mut DbConnection, row: &OutboxRow) -> QueryResult<()> {
    diesel::insert_into(email_outbox::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Takes up to `limit` due messages for this worker for `lease`, counting the attempt.
pub fn claim_due(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    lease: TimeDelta,
    limit: i64,
) -> QueryResult<Vec<OutboxRow>> {
    macro_rules! due {
        () => {
            email_outbox::table
                .filter(email_outbox::status.eq(EmailStatus::Queued))
                .filter(email_outbox::next_attempt_at.le(now))
                .filter(
                    email_outbox::locked_until
                        .is_null()
                        .or(email_outbox::locked_until.lt(now)),
                )
                .order(email_outbox::next_attempt_at.asc())
                .limit(limit)
                .select(OutboxRow::as_select())
        };
    }
    // Same statements on either backend; only the locking differs.
    macro_rules! claim {
        ($conn:expr, $rows:expr) => {{
            let mut claimed = Vec::with_capacity($rows.len());
            for mut row in $rows {
                diesel::update(email_outbox::table.find(&row.id))
                    .set((
                        email_outbox::locked_until.eq(now + lease),
                        email_outbox::attempts.eq(row.attempts + 1),
                    ))
                    .execute($conn)?;
                row.attempts += 1;
                claimed.push(row);
            }
            Ok(claimed)
        }};
    }
    match conn {
        DbConnection::Postgres(pg) => pg.transaction(|pg| {
            let rows: Vec<OutboxRow> = due!().for_update().skip_locked().load(pg)?;
            claim!(pg, rows)
        }),
        DbConnection::Sqlite(sqlite) => sqlite.immediate_transaction(|sqlite| {
            let rows: Vec<OutboxRow> = due!().load(sqlite)?;
            claim!(sqlite, rows)
        }),
    }
}

pub fn mark_sent(conn: &mut DbConnection, id: &str, at: NaiveDateTime) -> QueryResult<()> {
    diesel::update(email_outbox::table.find(id))
        .set((
            email_outbox::status.eq(EmailStatus::Sent),
            email_outbox::sent_at.eq(at),
            email_outbox::locked_until.eq(None::<NaiveDateTime>),
            email_outbox::last_error.eq(None::<String>),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Records a failed attempt: retry at `retry_at`, or give up (`None`).
pub fn mark_attempt_failed(
    conn: &mut DbConnection,
    id: &str,
    error: &str,
    retry_at: Option<NaiveDateTime>,
) -> QueryResult<()> {
    let status = if retry_at.is_some() {
        EmailStatus::Queued
    } else {
        EmailStatus::Failed
    };
    diesel::update(email_outbox::table.find(id))
        .set((
            email_outbox::status.eq(status),
            email_outbox::last_error.eq(error),
            email_outbox::locked_until.eq(None::<NaiveDateTime>),
            email_outbox::next_attempt_at.eq(retry_at.unwrap_or_else(super::now)),
        ))
        .execute(conn)
        .map(|_| ())
}
