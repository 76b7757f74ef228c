//! Single-use emailed account tokens: email verification and password reset. Stored as
//! SHA-256 hashes; a token is spent by a conditional update, so two requests racing with the
//! same token cannot both use it.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::account_tokens;

/// What an account token proves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    VerifyEmail,
    PasswordReset,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::VerifyEmail => "verify_email",
            Purpose::PasswordReset => "password_reset",
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Identifiable)]
#[diesel(table_name = account_tokens)]
pub struct AccountTokenRow {
    pub id: String,
    pub user_id: String,
    pub purpose: String,
    pub token_hash: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
}

pub fn insert(conn: &mut DbConnection, row: &AccountTokenRow) -> QueryResult<()> {
    diesel::insert_into(account_tokens::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Spends a live token of this purpose; None when it is unknown, used, or expired.
pub fn consume(
    conn: &mut DbConnection,
    purpose: Purpose,
    hash: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<AccountTokenRow>> {
    let Some(row) = account_tokens::table
        .filter(account_tokens::token_hash.eq(hash))
        .filter(account_tokens::purpose.eq(purpose.as_str()))
        .select(AccountTokenRow::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(None);
    };
    if row.expires_at <= now {
        return Ok(None);
    }
    let spent = diesel::update(
        account_tokens::table
            .find(&row.id)
            .filter(account_tokens::used_at.is_null()),
    )
    .set(account_tokens::used_at.eq(now))
    .execute(conn)?;
    Ok((spent == 1).then_some(row))
}

/// Spends every unused token of the account (all purposes, or one): a newer token, a new
/// password or a proven address makes the older ones worthless.
pub fn spend_all(
    conn: &mut DbConnection,
    user_id: &str,
    purpose: Option<Purpose>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let unused = account_tokens::table
        .filter(account_tokens::user_id.eq(user_id))
        .filter(account_tokens::used_at.is_null());
    match purpose {
        Some(purpose) => {
            diesel::update(unused.filter(account_tokens::purpose.eq(purpose.as_str())))
                .set(account_tokens::used_at.eq(now))
                .execute(conn)
        }
        None => diesel::update(unused)
            .set(account_tokens::used_at.eq(now))
            .execute(conn),
    }
}

/// Housekeeping: expired tokens are useless.
pub fn delete_expired(conn: &mut DbConnection, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(account_tokens::table.filter(account_tokens::expires_at.lt(now))).execute(conn)
}
