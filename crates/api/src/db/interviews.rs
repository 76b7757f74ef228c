use crate::domain::ids::{ApplicationId, InterviewId, JobId, OrganizationId, UserId};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use interview_flow_shared::{EmailStatus, InterviewStatus};

use crate::domain::interview::{EndReason, Lifecycle};
use crate::domain::values::{IcsSequence, QuestionCount, TimeLimitMinutes};

use super::DbConnection;
use super::interview_sessions::SessionRow;
use super::jobs::JobRow;
use super::organizations::OrganizationRow;
use super::schema::{email_outbox, interview_sessions, interviews, jobs, organizations, users};
use super::users::UserRow;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Identifiable)]
#[diesel(table_name = interviews)]
pub struct InterviewRow {
    pub id: InterviewId,
    pub organization_id: OrganizationId,
    pub job_id: JobId,
    pub application_id: Option<ApplicationId>,
    pub candidate_id: UserId,
    pub created_by: UserId,
    pub scheduled_at: NaiveDateTime,
    pub scheduled_offset_minutes: i32,
    pub time_zone: Option<String>,
    pub opens_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub status: InterviewStatus,
    pub note: Option<String>,
    pub external_ids: String,
    pub ics_sequence: IcsSequence,
    pub reminder_24h_at: Option<NaiveDateTime>,
    pub reminder_1h_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub cancelled_at: Option<NaiveDateTime>,
    /// The terms it was scheduled on, copied from the job then (a later job edit leaves them).
    pub question_count: QuestionCount,
    pub time_limit_minutes: TimeLimitMinutes,
    pub language: String,
}

impl InterviewRow {
    /// What the lifecycle rules (`domain::interview`) read of it and its session.
    pub fn lifecycle(&self, session: Option<&SessionRow>) -> Lifecycle {
        Lifecycle {
            status: self.status,
            opens_at: self.opens_at,
            expires_at: self.expires_at,
            deadline_at: session.map(|s| s.deadline_at),
        }
    }
}

/// An interview with everything shown beside it.
#[derive(Debug, Clone)]
pub struct InterviewDetail {
    pub interview: InterviewRow,
    /// Once the candidate started.
    pub session: Option<SessionRow>,
    pub job: JobRow,
    pub organization: OrganizationRow,
    pub candidate: UserRow,
    /// Status and last error of its latest non-reminder email.
    pub email: Option<(EmailStatus, Option<String>)>,
}

impl InterviewDetail {
    pub fn lifecycle(&self) -> Lifecycle {
        self.interview.lifecycle(self.session.as_ref())
    }

    /// When the candidate started (None before).
    pub fn started_at(&self) -> Option<NaiveDateTime> {
        self.session.as_ref().map(|s| s.started_at)
    }

    /// When the session ended (None before).
    pub fn completed_at(&self) -> Option<NaiveDateTime> {
        self.session.as_ref().and_then(|s| s.completed_at)
    }
}

pub fn insert(conn: &mut DbConnection, row: &InterviewRow) -> QueryResult<()> {
    diesel::insert_into(interviews::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// The interview and its session, without what is shown beside them.
pub fn find_with_session(
    conn: &mut DbConnection,
    id: &str,
) -> QueryResult<(InterviewRow, Option<SessionRow>)> {
    interviews::table
        .left_join(interview_sessions::table)
        .filter(interviews::id.eq(id))
        .select((InterviewRow::as_select(), Option::<SessionRow>::as_select()))
        .first(conn)
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<InterviewDetail> {
    let filter = InterviewFilter {
        id: Some(id.to_string()),
        ..InterviewFilter::default()
    };
    list(conn, &filter, ListOrder::CreatedDesc, None, 1)?
        .pop()
        .ok_or(diesel::result::Error::NotFound)
}

/// The interview `id` if it belongs to `organization_id` (None for another organisation's, as
/// for one that does not exist: a tenant never learns of another's rows).
pub fn find_in_organization(
    conn: &mut DbConnection,
    organization_id: &str,
    id: &str,
) -> QueryResult<Option<InterviewDetail>> {
    let filter = InterviewFilter {
        id: Some(id.to_string()),
        organization_id: Some(organization_id.to_string()),
        ..InterviewFilter::default()
    };
    Ok(list(conn, &filter, ListOrder::CreatedDesc, None, 1)?.pop())
}

fn latest_email(
    conn: &mut DbConnection,
    interview_id: &str,
) -> QueryResult<Option<(EmailStatus, Option<String>)>> {
    email_outbox::table
        .filter(email_outbox::interview_id.eq(interview_id))
        .filter(email_outbox::kind.ne_all(["reminder_24h", "reminder_1h"]))
        .order((email_outbox::created_at.desc(), email_outbox::id.desc()))
        .select((email_outbox::status, email_outbox::last_error))
        .first(conn)
        .optional()
}

/// Filters of the recruiter's interview list.
#[derive(Debug, Default, Clone)]
pub struct InterviewFilter {
    pub id: Option<String>,
    pub organization_id: Option<String>,
    pub candidate_id: Option<String>,
    pub statuses: Vec<InterviewStatus>,
    pub job_id: Option<String>,
    /// An `"key":"value"` fragment of the external_ids JSON.
    pub external_id_fragment: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListOrder {
    /// Soonest first (upcoming).
    ScheduledAsc,
    /// Latest first (recent).
    ScheduledDesc,
    /// Newest first, the order cursors page through.
    CreatedDesc,
}

pub fn list(
    conn: &mut DbConnection,
    filter: &InterviewFilter,
    order: ListOrder,
    after: Option<&super::cursor::Cursor>,
    limit: i64,
) -> QueryResult<Vec<InterviewDetail>> {
    let mut query = interviews::table
        .inner_join(jobs::table)
        .inner_join(organizations::table)
        .inner_join(users::table.on(users::id.eq(interviews::candidate_id)))
        .left_join(interview_sessions::table)
        .select((
            InterviewRow::as_select(),
            Option::<SessionRow>::as_select(),
            JobRow::as_select(),
            OrganizationRow::as_select(),
            UserRow::as_select(),
        ))
        .limit(limit)
        .into_boxed();
    if let Some(id) = &filter.id {
        query = query.filter(interviews::id.eq(id));
    }
    if let Some(org) = &filter.organization_id {
        query = query.filter(interviews::organization_id.eq(org));
    }
    if let Some(candidate) = &filter.candidate_id {
        query = query.filter(interviews::candidate_id.eq(candidate));
    }
    if let Some(job) = &filter.job_id {
        query = query.filter(interviews::job_id.eq(job));
    }
    if let Some(fragment) = &filter.external_id_fragment {
        query = query.filter(
            interviews::external_ids
                .like(super::jobs::like_pattern(fragment))
                .escape('\\'),
        );
    }
    if !filter.statuses.is_empty() {
        query = query.filter(interviews::status.eq_any(&filter.statuses));
    }
    if let Some(cursor) = after {
        query = query.filter(
            interviews::created_at
                .lt(cursor.created_at)
                .or(interviews::created_at
                    .eq(cursor.created_at)
                    .and(interviews::id.lt(&cursor.id))),
        );
    }
    query = match order {
        ListOrder::ScheduledAsc => {
            query.order((interviews::scheduled_at.asc(), interviews::id.asc()))
        }
        ListOrder::ScheduledDesc => {
            query.order((interviews::scheduled_at.desc(), interviews::id.desc()))
        }
        ListOrder::CreatedDesc => {
            query.order((interviews::created_at.desc(), interviews::id.desc()))
        }
    };
    let rows = query.load::<(
        InterviewRow,
        Option<SessionRow>,
        JobRow,
        OrganizationRow,
        UserRow,
    )>(conn)?;
    rows.into_iter()
        .map(|(interview, session, job, organization, candidate)| {
            let email = latest_email(conn, &interview.id)?;
            Ok(InterviewDetail {
                interview,
                session,
                job,
                organization,
                candidate,
                email,
            })
        })
        .collect()
}

pub fn count_for_job(conn: &mut DbConnection, job_id: &str) -> QueryResult<i64> {
    interviews::table
        .filter(interviews::job_id.eq(job_id))
        .count()
        .get_result(conn)
}

/// Reschedule: new window, next iCalendar SEQUENCE, reminders re-armed.
pub fn reschedule(
    conn: &mut DbConnection,
    row: &InterviewRow,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(interviews::table.find(&row.id))
        .set((
            interviews::scheduled_at.eq(row.scheduled_at),
            interviews::scheduled_offset_minutes.eq(row.scheduled_offset_minutes),
            interviews::time_zone.eq(&row.time_zone),
            interviews::opens_at.eq(row.opens_at),
            interviews::expires_at.eq(row.expires_at),
            interviews::ics_sequence.eq(row.ics_sequence),
            interviews::reminder_24h_at.eq(None::<NaiveDateTime>),
            interviews::reminder_1h_at.eq(None::<NaiveDateTime>),
            interviews::updated_at.eq(at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Cancels a scheduled interview; false if it was no longer scheduled.
pub fn cancel(
    conn: &mut DbConnection,
    id: &str,
    next_sequence: IcsSequence,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    let updated = diesel::update(
        interviews::table
            .find(id)
            .filter(interviews::status.eq(InterviewStatus::Scheduled)),
    )
    .set((
        interviews::status.eq(InterviewStatus::Cancelled),
        interviews::cancelled_at.eq(at),
        interviews::ics_sequence.eq(next_sequence),
        interviews::updated_at.eq(at),
    ))
    .execute(conn)?;
    Ok(updated == 1)
}

/// Marks scheduled interviews whose window has closed as expired; returns their ids.
pub fn expire_overdue(conn: &mut DbConnection, now: NaiveDateTime) -> QueryResult<Vec<String>> {
    let ids: Vec<String> = interviews::table
        .filter(interviews::status.eq(InterviewStatus::Scheduled))
        .filter(interviews::expires_at.le(now))
        .select(interviews::id)
        .load(conn)?;
    if !ids.is_empty() {
        diesel::update(
            interviews::table
                .filter(interviews::id.eq_any(&ids))
                .filter(interviews::status.eq(InterviewStatus::Scheduled)),
        )
        .set((
            interviews::status.eq(InterviewStatus::Expired),
            interviews::updated_at.eq(now),
        ))
        .execute(conn)?;
    }
    Ok(ids)
}

/// Scheduled interviews due a reminder: `lead` before `scheduled_at`, not yet reminded,
/// and scheduled earlier than that (otherwise the invitation itself is fresh enough).
pub fn due_reminders(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    lead: chrono::TimeDelta,
    twenty_four_hours: bool,
) -> QueryResult<Vec<InterviewRow>> {
    let mut query = interviews::table
        .filter(interviews::status.eq(InterviewStatus::Scheduled))
        .filter(interviews::scheduled_at.gt(now))
        .filter(interviews::scheduled_at.le(now + lead))
        .select(InterviewRow::as_select())
        .into_boxed();
    query = if twenty_four_hours {
        query
            .filter(interviews::reminder_24h_at.is_null())
            // Not when the 1-hour reminder is the relevant one already.
            .filter(interviews::scheduled_at.gt(now + chrono::TimeDelta::hours(1)))
    } else {
        query.filter(interviews::reminder_1h_at.is_null())
    };
    let rows: Vec<InterviewRow> = query.load(conn)?;
    Ok(rows
        .into_iter()
        .filter(|row| row.updated_at <= row.scheduled_at - lead)
        .collect())
}

/// Claims a reminder slot; false if another worker already did.
pub fn claim_reminder(
    conn: &mut DbConnection,
    id: &str,
    twenty_four_hours: bool,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    let updated = if twenty_four_hours {
        diesel::update(
            interviews::table
                .find(id)
                .filter(interviews::reminder_24h_at.is_null()),
        )
        .set(interviews::reminder_24h_at.eq(at))
        .execute(conn)?
    } else {
        diesel::update(
            interviews::table
                .find(id)
                .filter(interviews::reminder_1h_at.is_null()),
        )
        .set(interviews::reminder_1h_at.eq(at))
        .execute(conn)?
    };
    Ok(updated == 1)
}

// The live interview's transitions (see services::sessions) and its evaluation queue.

/// Serialises writers of one interview until the caller's transaction ends (call it first in
/// that transaction): `SELECT … FOR UPDATE` on PostgreSQL; on SQLite a no-op write, which
/// takes the database's write lock now (like `BEGIN IMMEDIATE`) instead of at the first real
/// write, so no other process can change the interview between the checks and the writes.
/// `NotFound` if there is no such interview.
pub fn lock_for_update(conn: &mut DbConnection, id: &str) -> QueryResult<()> {
    match conn {
        DbConnection::Postgres(pg) => interviews::table
            .find(id)
            .select(interviews::id)
            .for_update()
            .first::<String>(pg)
            .map(|_| ()),
        DbConnection::Sqlite(sqlite) => {
            let locked = diesel::update(interviews::table.find(id))
                .set(interviews::updated_at.eq(interviews::updated_at))
                .execute(sqlite)?;
            if locked == 1 {
                Ok(())
            } else {
                Err(diesel::result::Error::NotFound)
            }
        }
    }
}

/// scheduled → in_progress, with the session the candidate starts; false if no longer
/// scheduled.
pub fn start(conn: &mut DbConnection, session: &SessionRow) -> QueryResult<bool> {
    let started = set_status(
        conn,
        &session.interview_id,
        InterviewStatus::Scheduled,
        InterviewStatus::InProgress,
        session.started_at,
    )?;
    if started {
        super::interview_sessions::insert(conn, session)?;
    }
    Ok(started)
}

/// in_progress → completed/abandoned, ending the session and queueing the evaluation; false if
/// already finished.
pub fn finish(
    conn: &mut DbConnection,
    id: &InterviewId,
    status: InterviewStatus,
    reason: EndReason,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let finished = set_status(conn, id, InterviewStatus::InProgress, status, now)?;
    if finished {
        super::interview_sessions::record_end(conn, id, reason, now)?;
        super::evaluations::queue(conn, id, now)?;
    }
    Ok(finished)
}

/// Moves the interview from status `from` to `to`; false if it was not in `from`.
fn set_status(
    conn: &mut DbConnection,
    id: &str,
    from: InterviewStatus,
    to: InterviewStatus,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let updated = diesel::update(
        interviews::table
            .find(id)
            .filter(interviews::status.eq(from)),
    )
    .set((interviews::status.eq(to), interviews::updated_at.eq(now)))
    .execute(conn)?;
    Ok(updated == 1)
}
