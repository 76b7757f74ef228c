use crate::domain::ids::{OrganizationId, UserId};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use interview_flow_shared::Role;

use super::DbConnection;
use super::schema::users;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Identifiable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: UserId,
    pub email: String,
    pub password_hash: Option<String>,
    pub full_name: String,
    pub role: Role,
    pub organization_id: Option<OrganizationId>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// When the address was proven (verification or password-reset link); None until then.
    pub email_verified_at: Option<NaiveDateTime>,
}

impl UserRow {
    /// Registered with a password but never proved the address: possibly someone else's.
    pub fn is_unverified_self_registration(&self) -> bool {
        self.password_hash.is_some() && self.email_verified_at.is_none()
    }
}

pub fn insert(conn: &mut DbConnection, row: &UserRow) -> QueryResult<()> {
    diesel::insert_into(users::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Inserts the user unless the email is taken (a concurrent request may have created it);
/// true when this call inserted it.
pub fn insert_if_email_free(conn: &mut DbConnection, row: &UserRow) -> QueryResult<bool> {
    let inserted = match conn {
        DbConnection::Sqlite(c) => diesel::insert_or_ignore_into(users::table)
            .values(row)
            .execute(c)?,
        DbConnection::Postgres(c) => diesel::insert_into(users::table)
            .values(row)
            .on_conflict_do_nothing()
            .execute(c)?,
    };
    Ok(inserted == 1)
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<UserRow> {
    users::table
        .find(id)
        .select(UserRow::as_select())
        .first(conn)
}

/// `email` must already be normalised (see `interview_flow_shared::validation::normalize_email`).
pub fn find_by_email(conn: &mut DbConnection, email: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .filter(users::email.eq(email))
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

pub fn set_password_hash(
    conn: &mut DbConnection,
    id: &str,
    hash: &str,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((users::password_hash.eq(hash), users::updated_at.eq(at)))
        .execute(conn)
        .map(|_| ())
}

pub fn count(conn: &mut DbConnection) -> QueryResult<i64> {
    users::table.count().get_result(conn)
}

pub fn mark_email_verified(
    conn: &mut DbConnection,
    id: &str,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(
        users::table
            .find(id)
            .filter(users::email_verified_at.is_null()),
    )
    .set((users::email_verified_at.eq(at), users::updated_at.eq(at)))
    .execute(conn)
    .map(|_| ())
}

/// Removes the password of an account whose address was never proven, so whoever chose it
/// can no longer sign in with it; the real owner gets in through emailed links.
pub fn clear_password(conn: &mut DbConnection, id: &str, at: NaiveDateTime) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::password_hash.eq(None::<String>),
            users::updated_at.eq(at),
        ))
        .execute(conn)
        .map(|_| ())
}
