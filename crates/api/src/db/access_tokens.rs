use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::interview_access_tokens;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Identifiable)]
#[diesel(table_name = interview_access_tokens)]
pub struct AccessTokenRow {
    pub id: String,
    pub interview_id: String,
    pub user_id: String,
    pub token_hash: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

pub fn insert(conn: &mut DbConnection, row: &AccessTokenRow) -> QueryResult<()> {
    diesel::insert_into(interview_access_tokens::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// A live (unrevoked, unexpired) token by its hash.
pub fn find_live(
    conn: &mut DbConnection,
    hash: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<AccessTokenRow>> {
    interview_access_tokens::table
        .filter(interview_access_tokens::token_hash.eq(hash))
        .filter(interview_access_tokens::revoked_at.is_null())
        .filter(interview_access_tokens::expires_at.gt(now))
        .select(AccessTokenRow::as_select())
        .first(conn)
        .optional()
}

pub fn touch(conn: &mut DbConnection, id: &str, at: NaiveDateTime) -> QueryResult<()> {
    diesel::update(interview_access_tokens::table.find(id))
        .set(interview_access_tokens::last_used_at.eq(at))
        .execute(conn)
        .map(|_| ())
}

/// Tokens follow their interview's window: moved on reschedule, revoked on cancel.
pub fn set_expiry_for_interview(
    conn: &mut DbConnection,
    interview_id: &str,
    expires_at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(
        interview_access_tokens::table
            .filter(interview_access_tokens::interview_id.eq(interview_id))
            .filter(interview_access_tokens::revoked_at.is_null()),
    )
    .set(interview_access_tokens::expires_at.eq(expires_at))
    .execute(conn)
    .map(|_| ())
}

pub fn revoke_for_interview(
    conn: &mut DbConnection,
    interview_id: &str,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(
        interview_access_tokens::table
            .filter(interview_access_tokens::interview_id.eq(interview_id))
            .filter(interview_access_tokens::revoked_at.is_null()),
    )
    .set(interview_access_tokens::revoked_at.eq(at))
    .execute(conn)
    .map(|_| ())
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<AccessTokenRow> {
    interview_access_tokens::table
        .find(id)
        .select(AccessTokenRow::as_select())
        .first(conn)
}

/// A new password ends every emailed link of the account.
pub fn revoke_for_user(
    conn: &mut DbConnection,
    user_id: &str,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(
        interview_access_tokens::table
            .filter(interview_access_tokens::user_id.eq(user_id))
            .filter(interview_access_tokens::revoked_at.is_null()),
    )
    .set(interview_access_tokens::revoked_at.eq(at))
    .execute(conn)
    .map(|_| ())
}
