//! The durable job queue: one table for all background work, one claim function.
//!
//! Claiming is the one place with backend-specific SQL. Both backends lease a claimed row
//! (`locked_until`) and run the job outside any transaction, so a long job holds no lock and a
//! worker that dies only delays its jobs until the lease runs out. PostgreSQL picks rows with
//! `FOR UPDATE SKIP LOCKED`, so workers on several nodes never wait for or take the same job;
//! SQLite has one writer, and its immediate transaction serialises claimers.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::background_jobs;
use crate::domain::jobs::{Job, JobKind, JobState};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Identifiable)]
#[diesel(table_name = background_jobs)]
pub struct JobRow {
    pub id: String,
    pub kind: JobKind,
    pub subject: String,
    pub payload: String,
    pub status: JobState,
    /// Attempts begun, this one included once claimed.
    pub attempts: i32,
    pub run_at: NaiveDateTime,
    pub locked_until: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Queues `job` to run at `run_at`, in the caller's transaction, so the job exists if and only
/// if the change that asks for it commits. A job of the same kind for the same subject that is
/// still queued is kept as it is (queueing is idempotent); a dead one is revived, its attempts
/// reset.
pub fn enqueue(conn: &mut DbConnection, job: &Job, run_at: NaiveDateTime) -> QueryResult<()> {
    let kind = job.kind();
    let existing: Option<(String, JobState)> = background_jobs::table
        .filter(background_jobs::kind.eq(kind))
        .filter(background_jobs::subject.eq(job.subject()))
        .select((background_jobs::id, background_jobs::status))
        .first(conn)
        .optional()?;
    let now = super::now();
    match existing {
        Some((_, JobState::Queued)) => Ok(()),
        Some((id, JobState::Dead)) => diesel::update(background_jobs::table.find(id))
            .set((
                background_jobs::status.eq(JobState::Queued),
                background_jobs::payload.eq(job.payload()),
                background_jobs::attempts.eq(0),
                background_jobs::run_at.eq(run_at),
                background_jobs::locked_until.eq(None::<NaiveDateTime>),
                background_jobs::updated_at.eq(now),
            ))
            .execute(conn)
            .map(|_| ()),
        None => diesel::insert_into(background_jobs::table)
            .values(JobRow {
                id: super::new_id(),
                kind,
                subject: job.subject().to_string(),
                payload: job.payload(),
                status: JobState::Queued,
                attempts: 0,
                run_at,
                locked_until: None,
                last_error: None,
                created_at: now,
                updated_at: now,
            })
            .execute(conn)
            .map(|_| ()),
    }
}

/// Makes sure `job` is queued, outside any transaction; another node doing the same at the
/// same moment is not an error.
pub fn ensure(conn: &mut DbConnection, job: &Job, run_at: NaiveDateTime) -> QueryResult<()> {
    match enqueue(conn, job, run_at) {
        Err(error) if super::is_unique_violation(&error) => Ok(()),
        other => other,
    }
}

/// Takes up to `limit` due jobs of `kinds` for this worker, leasing each for its kind's
/// lease and counting the attempt. Oldest due first.
pub fn claim(
    conn: &mut DbConnection,
    kinds: &[JobKind],
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<JobRow>> {
    macro_rules! due {
        () => {
            background_jobs::table
                .filter(background_jobs::status.eq(JobState::Queued))
                .filter(background_jobs::kind.eq_any(kinds))
                .filter(background_jobs::run_at.le(now))
                .filter(
                    background_jobs::locked_until
                        .is_null()
                        .or(background_jobs::locked_until.lt(now)),
                )
                .order(background_jobs::run_at.asc())
                .limit(limit)
                .select(JobRow::as_select())
        };
    }
    // Same statements on either backend; only the locking differs.
    macro_rules! lease {
        ($conn:expr, $rows:expr) => {{
            let mut claimed = Vec::with_capacity($rows.len());
            for mut row in $rows {
                let until = now + row.kind.lease();
                diesel::update(background_jobs::table.find(&row.id))
                    .set((
                        background_jobs::locked_until.eq(until),
                        background_jobs::attempts.eq(row.attempts + 1),
                        background_jobs::updated_at.eq(now),
                    ))
                    .execute($conn)?;
                row.attempts += 1;
                row.locked_until = Some(until);
                claimed.push(row);
            }
            Ok(claimed)
        }};
    }
    match conn {
        DbConnection::Postgres(pg) => pg.transaction(|pg| {
            let rows: Vec<JobRow> = due!().for_update().skip_locked().load(pg)?;
            lease!(pg, rows)
        }),
        DbConnection::Sqlite(sqlite) => sqlite.immediate_transaction(|sqlite| {
            let rows: Vec<JobRow> = due!().load(sqlite)?;
            lease!(sqlite, rows)
        }),
    }
}

/// A finished job is deleted (its record says what was done).
pub fn complete(conn: &mut DbConnection, id: &str) -> QueryResult<()> {
    diesel::delete(background_jobs::table.find(id))
        .execute(conn)
        .map(|_| ())
}

/// Runs the job again at `run_at`, with `attempts` attempts counted so far.
pub fn reschedule(
    conn: &mut DbConnection,
    id: &str,
    run_at: NaiveDateTime,
    error: Option<&str>,
    attempts: i32,
) -> QueryResult<()> {
    diesel::update(background_jobs::table.find(id))
        .set((
            background_jobs::run_at.eq(run_at),
            background_jobs::locked_until.eq(None::<NaiveDateTime>),
            background_jobs::last_error.eq(error),
            background_jobs::attempts.eq(attempts),
            background_jobs::updated_at.eq(super::now()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Gives the job up: it stays, dead, with the error of its last attempt.
pub fn bury(conn: &mut DbConnection, id: &str, error: &str) -> QueryResult<()> {
    diesel::update(background_jobs::table.find(id))
        .set((
            background_jobs::status.eq(JobState::Dead),
            background_jobs::locked_until.eq(None::<NaiveDateTime>),
            background_jobs::last_error.eq(error),
            background_jobs::updated_at.eq(super::now()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The job of `kind` for `subject`, if there is one.
pub fn find_for(
    conn: &mut DbConnection,
    kind: JobKind,
    subject: &str,
) -> QueryResult<Option<JobRow>> {
    background_jobs::table
        .filter(background_jobs::kind.eq(kind))
        .filter(background_jobs::subject.eq(subject))
        .select(JobRow::as_select())
        .first(conn)
        .optional()
}

/// Removes the queued job of `kind` for `subject` (its work is no longer wanted).
pub fn cancel(conn: &mut DbConnection, kind: JobKind, subject: &str) -> QueryResult<()> {
    diesel::delete(
        background_jobs::table
            .filter(background_jobs::kind.eq(kind))
            .filter(background_jobs::subject.eq(subject))
            .filter(background_jobs::status.eq(JobState::Queued)),
    )
    .execute(conn)
    .map(|_| ())
}
