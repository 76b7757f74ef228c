use crate::domain::ids::{ApplicationId, JobId, UserId};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use interview_flow_shared::ApplicationStatus;

use super::DbConnection;
use super::cursor::Cursor;
use super::jobs::JobRow;
use super::schema::{applications, jobs, organizations, users};
use super::users::UserRow;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Identifiable)]
#[diesel(table_name = applications)]
pub struct ApplicationRow {
    pub id: ApplicationId,
    pub job_id: JobId,
    pub candidate_id: UserId,
    pub status: ApplicationStatus,
    pub cover_note: Option<String>,
    pub resume_kind: Option<String>,
    pub resume_path: Option<String>,
    pub resume_filename: Option<String>,
    pub resume_size: Option<i64>,
    pub resume_text: Option<String>,
    pub resume_warning: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// An application with its job, the job's organisation name and the candidate.
pub type ApplicationDetail = (ApplicationRow, JobRow, String, UserRow);

pub fn insert(conn: &mut DbConnection, row: &ApplicationRow) -> QueryResult<()> {
    diesel::insert_into(applications::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<ApplicationDetail> {
    one(conn, id, None)?.ok_or(diesel::result::Error::NotFound)
}

/// The application `id` if it is to a job of `organization_id` (None for another
/// organisation's).
pub fn find_in_organization(
    conn: &mut DbConnection,
    organization_id: &str,
    id: &str,
) -> QueryResult<Option<ApplicationDetail>> {
    one(conn, id, Some(organization_id))
}

fn one(
    conn: &mut DbConnection,
    id: &str,
    organization_id: Option<&str>,
) -> QueryResult<Option<ApplicationDetail>> {
    let selection = Selection::One {
        id,
        organization_id,
    };
    Ok(list(conn, selection, None, Some(1))?.pop())
}

pub fn list_for_job(
    conn: &mut DbConnection,
    job_id: &str,
    after: Option<&Cursor>,
    limit: i64,
) -> QueryResult<Vec<ApplicationDetail>> {
    list(conn, Selection::Job(job_id), after, Some(limit + 1))
}

pub fn list_for_candidate(
    conn: &mut DbConnection,
    candidate_id: &str,
) -> QueryResult<Vec<ApplicationDetail>> {
    list(conn, Selection::Candidate(candidate_id), None, None)
}

/// Which applications a listing is of.
enum Selection<'a> {
    One {
        id: &'a str,
        organization_id: Option<&'a str>,
    },
    Job(&'a str),
    Candidate(&'a str),
}

/// Applications with their details, newest first, after `after`, at most `limit`.
fn list(
    conn: &mut DbConnection,
    selection: Selection<'_>,
    after: Option<&Cursor>,
    limit: Option<i64>,
) -> QueryResult<Vec<ApplicationDetail>> {
    let mut query = applications::table
        .inner_join(jobs::table.inner_join(organizations::table))
        .inner_join(users::table)
        .select((
            ApplicationRow::as_select(),
            JobRow::as_select(),
            organizations::name,
            UserRow::as_select(),
        ))
        .order((applications::created_at.desc(), applications::id.desc()))
        .into_boxed();
    query = match selection {
        Selection::One {
            id,
            organization_id,
        } => {
            query = query.filter(applications::id.eq(id));
            match organization_id {
                Some(organization_id) => query.filter(jobs::organization_id.eq(organization_id)),
                None => query,
            }
        }
        Selection::Job(job_id) => query.filter(applications::job_id.eq(job_id)),
        Selection::Candidate(candidate_id) => {
            query.filter(applications::candidate_id.eq(candidate_id))
        }
    };
    if let Some(cursor) = after {
        query = query.filter(
            applications::created_at
                .lt(cursor.created_at)
                .or(applications::created_at
                    .eq(cursor.created_at)
                    .and(applications::id.lt(&cursor.id))),
        );
    }
    if let Some(limit) = limit {
        query = query.limit(limit);
    }
    query.load(conn)
}

pub fn set_status(
    conn: &mut DbConnection,
    id: &str,
    status: &str,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(applications::table.find(id))
        .set((
            applications::status.eq(status),
            applications::updated_at.eq(at),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn count_for_job(conn: &mut DbConnection, job_id: &str) -> QueryResult<i64> {
    applications::table
        .filter(applications::job_id.eq(job_id))
        .count()
        .get_result(conn)
}

/// Whether the candidate already applied to the job.
pub fn exists(conn: &mut DbConnection, job_id: &str, candidate_id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        applications::table
            .filter(applications::job_id.eq(job_id))
            .filter(applications::candidate_id.eq(candidate_id)),
    ))
    .get_result(conn)
}

/// The candidate's application to the job, if there is one (one per candidate and job).
pub fn find_for_candidate(
    conn: &mut DbConnection,
    job_id: &str,
    candidate_id: &str,
) -> QueryResult<Option<crate::domain::ids::ApplicationId>> {
    applications::table
        .filter(applications::job_id.eq(job_id))
        .filter(applications::candidate_id.eq(candidate_id))
        .select(applications::id)
        .first(conn)
        .optional()
}
