use crate::domain::ids::{JobId, OrganizationId, UserId};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use interview_flow_shared::JobStatus;

use super::DbConnection;
use super::cursor::Cursor;
use super::schema::{jobs, organizations};
use crate::domain::values::{QuestionCount, TimeLimitMinutes};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Identifiable)]
#[diesel(table_name = jobs)]
pub struct JobRow {
    pub id: JobId,
    pub organization_id: OrganizationId,
    pub created_by: UserId,
    pub title: String,
    pub description: String,
    pub location: Option<String>,
    pub employment_type: Option<String>,
    pub experience_level: Option<String>,
    pub required_skills: String,
    pub question_count: QuestionCount,
    pub time_limit_minutes: TimeLimitMinutes,
    pub language: String,
    pub status: JobStatus,
    pub external_ids: String,
    pub search_text: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A job with the name of its organisation.
pub type JobWithCompany = (JobRow, String);

pub fn insert(conn: &mut DbConnection, row: &JobRow) -> QueryResult<()> {
    diesel::insert_into(jobs::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<JobWithCompany> {
    jobs::table
        .inner_join(organizations::table)
        .filter(jobs::id.eq(id))
        .select((JobRow::as_select(), organizations::name))
        .first(conn)
}

/// The job `id` if it belongs to `organization_id` (None for another organisation's).
pub fn find_in_organization(
    conn: &mut DbConnection,
    organization_id: &str,
    id: &str,
) -> QueryResult<Option<JobWithCompany>> {
    let owned = jobs::table
        .find(id)
        .filter(jobs::organization_id.eq(organization_id))
        .select(jobs::id)
        .first::<String>(conn)
        .optional()?;
    owned.map(|id| find(conn, &id)).transpose()
}

/// Replaces the row's editable columns.
pub fn save(conn: &mut DbConnection, row: &JobRow) -> QueryResult<()> {
    diesel::update(jobs::table.find(&row.id))
        .set((
            jobs::title.eq(&row.title),
            jobs::description.eq(&row.description),
            jobs::location.eq(&row.location),
            jobs::employment_type.eq(&row.employment_type),
            jobs::experience_level.eq(&row.experience_level),
            jobs::required_skills.eq(&row.required_skills),
            jobs::question_count.eq(row.question_count),
            jobs::time_limit_minutes.eq(row.time_limit_minutes),
            jobs::language.eq(&row.language),
            jobs::status.eq(&row.status),
            jobs::external_ids.eq(&row.external_ids),
            jobs::search_text.eq(&row.search_text),
            jobs::updated_at.eq(row.updated_at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Open jobs, newest first, optionally matching `needle` (already lower-cased) in title,
/// skills or location. Fetches `limit + 1` rows so the caller can tell if there is more.
pub fn list_open(
    conn: &mut DbConnection,
    needle: Option<&str>,
    after: Option<&Cursor>,
    limit: i64,
) -> QueryResult<Vec<JobWithCompany>> {
    let mut query = jobs::table
        .inner_join(organizations::table)
        .filter(jobs::status.eq(JobStatus::Open))
        .select((JobRow::as_select(), organizations::name))
        .order((jobs::created_at.desc(), jobs::id.desc()))
        .limit(limit + 1)
        .into_boxed();
    if let Some(needle) = needle {
        query = query.filter(jobs::search_text.like(like_pattern(needle)).escape('\\'));
    }
    if let Some(cursor) = after {
        query = query.filter(
            jobs::created_at.lt(cursor.created_at).or(jobs::created_at
                .eq(cursor.created_at)
                .and(jobs::id.lt(&cursor.id))),
        );
    }
    query.load(conn)
}

/// All of an organisation's jobs (open and closed), newest first.
pub fn list_for_organization(
    conn: &mut DbConnection,
    organization_id: &str,
) -> QueryResult<Vec<JobWithCompany>> {
    jobs::table
        .inner_join(organizations::table)
        .filter(jobs::organization_id.eq(organization_id))
        .select((JobRow::as_select(), organizations::name))
        .order((jobs::created_at.desc(), jobs::id.desc()))
        .load(conn)
}

/// `%needle%` with LIKE's wildcards in the needle escaped.
pub fn like_pattern(needle: &str) -> String {
    let escaped = needle
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}
