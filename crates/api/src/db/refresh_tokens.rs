use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::refresh_tokens;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Identifiable)]
#[diesel(table_name = refresh_tokens)]
pub struct RefreshTokenRow {
    pub id: String,
    pub user_id: String,
    pub family_id: String,
    pub token_hash: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
    /// Set for a session started by an emailed interview link: it opens only that interview.
    pub interview_id: Option<String>,
    /// The link token such a session came from; the session ends with it.
    pub access_token_id: Option<String>,
    /// The token that replaced this one, sealed (see `auth::refresh::seal_successor`).
    pub successor_sealed: Option<String>,
}

pub fn insert(conn: &mut DbConnection, row: &RefreshTokenRow) -> QueryResult<()> {
    diesel::insert_into(refresh_tokens::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find_by_hash(conn: &mut DbConnection, hash: &str) -> QueryResult<Option<RefreshTokenRow>> {
    refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(hash))
        .select(RefreshTokenRow::as_select())
        .first(conn)
        .optional()
}

/// Marks a live token used; false when another request used or revoked it first, which makes
/// rotation atomic without backend-specific locking.
pub fn mark_used(
    conn: &mut DbConnection,
    id: &str,
    at: NaiveDateTime,
    successor_sealed: &str,
) -> QueryResult<bool> {
    let updated = diesel::update(
        refresh_tokens::table
            .find(id)
            .filter(refresh_tokens::used_at.is_null())
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set((
        refresh_tokens::used_at.eq(at),
        refresh_tokens::successor_sealed.eq(successor_sealed),
    ))
    .execute(conn)?;
    Ok(updated == 1)
}

pub fn revoke_family(
    conn: &mut DbConnection,
    family_id: &str,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::family_id.eq(family_id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(at))
    .execute(conn)
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<RefreshTokenRow> {
    refresh_tokens::table
        .find(id)
        .select(RefreshTokenRow::as_select())
        .first(conn)
}

/// A token of the family by its hash (a rotation's successor, unsealed).
pub fn find_by_hash_in_family(
    conn: &mut DbConnection,
    family_id: &str,
    hash: &str,
) -> QueryResult<Option<RefreshTokenRow>> {
    refresh_tokens::table
        .filter(refresh_tokens::family_id.eq(family_id))
        .filter(refresh_tokens::token_hash.eq(hash))
        .select(RefreshTokenRow::as_select())
        .first(conn)
        .optional()
}

/// Ends every session of the account except the family `keep` (the one making the change).
pub fn revoke_all_for_user(
    conn: &mut DbConnection,
    user_id: &str,
    keep: Option<&str>,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    let live = refresh_tokens::table
        .filter(refresh_tokens::user_id.eq(user_id))
        .filter(refresh_tokens::revoked_at.is_null());
    match keep {
        Some(family_id) => diesel::update(live.filter(refresh_tokens::family_id.ne(family_id)))
            .set(refresh_tokens::revoked_at.eq(at))
            .execute(conn),
        None => diesel::update(live)
            .set(refresh_tokens::revoked_at.eq(at))
            .execute(conn),
    }
}

/// Housekeeping: tokens past their expiry are useless.
pub fn delete_expired(conn: &mut DbConnection, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(refresh_tokens::table.filter(refresh_tokens::expires_at.lt(now))).execute(conn)
}
