//! The email outbox: one row per message, with the delivery state a recruiter sees. Each
//! queued message has a job on the queue (`db::background_jobs`) that sends it.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use interview_flow_shared::EmailStatus;

use super::DbConnection;
use super::schema::email_outbox;
use crate::domain::jobs::Job;

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
    pub last_error: Option<String>,
    pub message_id: String,
    pub created_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
}

/// Stores a message and queues the job that sends it, in the caller's transaction (an email
/// is queued if and only if the change that causes it commits).
pub fn insert(conn: &mut DbConnection, row: &OutboxRow) -> QueryResult<()> {
    diesel::insert_into(email_outbox::table)
        .values(row)
        .execute(conn)?;
    let job = Job::SendEmail {
        outbox_id: row.id.clone(),
    };
    super::background_jobs::enqueue(conn, &job, row.created_at)
}

/// Queues a message of `kind` to the account `to`, about `interview_id` when it concerns one.
pub fn queue(
    conn: &mut DbConnection,
    interview_id: Option<&str>,
    to: &super::users::UserRow,
    kind: &str,
) -> QueryResult<()> {
    let now = super::now();
    let id = super::new_id();
    insert(
        conn,
        &OutboxRow {
            message_id: format!("<{id}@interviewflow>"),
            id,
            interview_id: interview_id.map(str::to_string),
            user_id: Some(to.id.to_string()),
            kind: kind.to_string(),
            to_email: to.email.clone(),
            to_name: to.full_name.clone(),
            status: EmailStatus::Queued,
            attempts: 0,
            last_error: None,
            created_at: now,
            sent_at: None,
        },
    )
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<OutboxRow> {
    email_outbox::table
        .find(id)
        .select(OutboxRow::as_select())
        .first(conn)
}

pub fn mark_sent(
    conn: &mut DbConnection,
    id: &str,
    attempts: i32,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(email_outbox::table.find(id))
        .set((
            email_outbox::status.eq(EmailStatus::Sent),
            email_outbox::attempts.eq(attempts),
            email_outbox::sent_at.eq(at),
            email_outbox::last_error.eq(None::<String>),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Records failed attempt number `attempts`: still queued for a retry, or failed for good.
pub fn mark_attempt_failed(
    conn: &mut DbConnection,
    id: &str,
    attempts: i32,
    error: &str,
    will_retry: bool,
) -> QueryResult<()> {
    let status = if will_retry {
        EmailStatus::Queued
    } else {
        EmailStatus::Failed
    };
    diesel::update(email_outbox::table.find(id))
        .set((
            email_outbox::status.eq(status),
            email_outbox::attempts.eq(attempts),
            email_outbox::last_error.eq(error),
        ))
        .execute(conn)
        .map(|_| ())
}
