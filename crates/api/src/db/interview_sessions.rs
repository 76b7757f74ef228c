//! An interview's session: its own row from the candidate's start (consent, the server's
//! deadline) to its end (when and why), with the integrity events counted on the way.

use crate::domain::ids::InterviewId;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use interview_flow_shared::InterviewStatus;

use super::DbConnection;
use super::schema::{interview_sessions, interviews};
use crate::domain::interview::EndReason;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = interview_sessions)]
pub struct SessionRow {
    pub interview_id: InterviewId,
    pub started_at: NaiveDateTime,
    pub consent_at: NaiveDateTime,
    pub deadline_at: NaiveDateTime,
    pub completed_at: Option<NaiveDateTime>,
    pub end_reason: Option<EndReason>,
    pub integrity_events_total: i32,
    pub updated_at: NaiveDateTime,
}

impl SessionRow {
    /// A session the candidate starts now, having consented, with the server's deadline.
    pub fn begin(interview_id: &InterviewId, now: NaiveDateTime, deadline: NaiveDateTime) -> Self {
        Self {
            interview_id: interview_id.clone(),
            started_at: now,
            consent_at: now,
            deadline_at: deadline,
            completed_at: None,
            end_reason: None,
            integrity_events_total: 0,
            updated_at: now,
        }
    }
}

pub fn insert(conn: &mut DbConnection, row: &SessionRow) -> QueryResult<()> {
    diesel::insert_into(interview_sessions::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find(conn: &mut DbConnection, interview_id: &str) -> QueryResult<Option<SessionRow>> {
    interview_sessions::table
        .find(interview_id)
        .select(SessionRow::as_select())
        .first(conn)
        .optional()
}

/// Records when and why the session ended (the interview's status is the caller's).
pub fn record_end(
    conn: &mut DbConnection,
    interview_id: &str,
    reason: EndReason,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(interview_sessions::table.find(interview_id))
        .set((
            interview_sessions::end_reason.eq(reason),
            interview_sessions::completed_at.eq(now),
            interview_sessions::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Integrity events received for the interview (stored or only counted); 0 before it starts.
pub fn events_total(conn: &mut DbConnection, interview_id: &str) -> QueryResult<i32> {
    Ok(interview_sessions::table
        .find(interview_id)
        .select(interview_sessions::integrity_events_total)
        .first(conn)
        .optional()?
        .unwrap_or(0))
}

/// Counts one more received event.
pub fn count_event(conn: &mut DbConnection, interview_id: &str) -> QueryResult<()> {
    diesel::update(interview_sessions::table.find(interview_id))
        .set(
            interview_sessions::integrity_events_total
                .eq(interview_sessions::integrity_events_total + 1),
        )
        .execute(conn)
        .map(|_| ())
}

/// In-progress interviews whose session deadline is before `cutoff`.
pub fn overdue(conn: &mut DbConnection, cutoff: NaiveDateTime) -> QueryResult<Vec<InterviewId>> {
    interview_sessions::table
        .inner_join(interviews::table)
        .filter(interviews::status.eq(InterviewStatus::InProgress))
        .filter(interview_sessions::completed_at.is_null())
        .filter(interview_sessions::deadline_at.lt(cutoff))
        .select(interview_sessions::interview_id)
        .load(conn)
}
