//! Changing and resetting a password; both end the other sessions.

use crate::services::context::Context;
use interview_flow_shared::validation;

use crate::auth::password::PasswordHasher;
use crate::auth::refresh;
use crate::db::account_tokens::Purpose;
use crate::db::{self, DbConnection};
use crate::email::AccountEmailKind;
use crate::errors::ApiError;

use super::SignedIn;
use super::email_links::enqueue_account_email;
use super::sign_in::sign_in_user;

/// Changes the password of a full session (the current one is required). Every other
/// session and every emailed link of the account ends; `keep_family` (the session making the
/// change) stays signed in. An account without a password sets its first one through a
/// password-reset link, which proves the address.
pub async fn change_password(
    ctx: &Context,
    passwords: &PasswordHasher,
    user_id: String,
    current_password: Option<String>,
    new_password: String,
    keep_family: Option<String>,
) -> Result<(), ApiError> {
    validation::validate_password(&new_password, "new_password")?;
    let lookup_id = user_id.clone();
    let existing = ctx
        .db(move |conn| Ok(db::users::find(conn, &lookup_id)?.password_hash))
        .await?;
    let Some(existing) = existing else {
        return Err(ApiError::Conflict {
            code: "password_not_set",
            message: "This account has no password yet. Use \"Forgot password?\" to get a link by email and set one.".into(),
        });
    };
    let current = current_password.unwrap_or_default();
    if !passwords.verify(existing, current).await? {
        return Err(ApiError::validation(
            "current_password",
            "The current password is incorrect.",
        ));
    }
    let hash = passwords.hash(new_password).await?;
    let now = ctx.now();
    ctx.db(move |conn| {
        db::transaction::<_, ApiError, _>(conn, |conn| {
            db::users::set_password_hash(conn, &user_id, &hash, now)?;
            end_other_sessions(conn, &user_id, keep_family.as_deref(), now)?;
            Ok(())
        })
    })
    .await
}

/// After a password change or reset: every other refresh family, every emailed interview
/// link and every pending account token of the account stops working.
fn end_other_sessions(
    conn: &mut DbConnection,
    user_id: &str,
    keep_family: Option<&str>,
    now: chrono::NaiveDateTime,
) -> diesel::QueryResult<()> {
    db::refresh_tokens::revoke_all_for_user(conn, user_id, keep_family, now)?;
    db::access_tokens::revoke_for_user(conn, user_id, now)?;
    db::account_tokens::spend_all(conn, user_id, None, now)?;
    Ok(())
}

/// The refresh family a presented refresh token belongs to (to keep it signed in).
pub async fn family_of(ctx: &Context, presented: String) -> Result<Option<String>, ApiError> {
    ctx.db(move |conn| {
        Ok(
            db::refresh_tokens::find_by_hash(conn, &refresh::hash_token(&presented))?
                .filter(|row| row.revoked_at.is_none())
                .map(|row| row.family_id),
        )
    })
    .await
}

/// `POST /auth/password-reset`: emails a reset link if the address has an account. Says
/// nothing about whether it has one.
pub async fn request_password_reset(ctx: &Context, email: String) -> Result<(), ApiError> {
    ctx.db(move |conn| {
        if let Some(user) = db::users::find_by_email(conn, &email)? {
            enqueue_account_email(conn, &user, AccountEmailKind::PasswordReset)?;
        }
        Ok(())
    })
    .await
}

pub(super) fn invalid_account_link() -> ApiError {
    ApiError::Unauthorized {
        code: "invalid_link",
        message: "This link is invalid, was already used or has expired. Ask for a new one.".into(),
    }
}

/// `POST /auth/password-reset/confirm`: spends the token, sets the password, marks the
/// address proven, ends every other session and link of the account, and signs in.
pub async fn confirm_password_reset(
    ctx: &Context,
    passwords: &PasswordHasher,
    token: String,
    new_password: String,
    refresh_ttl_days: u32,
) -> Result<SignedIn, ApiError> {
    validation::validate_password(&new_password, "new_password")?;
    let hash = passwords.hash(new_password).await?;
    // After the hash (which may wait for a slot): a link that expired meanwhile is refused.
    let now = ctx.now();
    ctx.db(move |conn| {
        db::transaction::<_, ApiError, _>(conn, |conn| {
            let row = db::account_tokens::consume(
                conn,
                Purpose::PasswordReset,
                &refresh::hash_token(token.trim()),
                now,
            )?
            .ok_or_else(invalid_account_link)?;
            db::users::set_password_hash(conn, &row.user_id, &hash, now)?;
            db::users::mark_email_verified(conn, &row.user_id, now)?;
            end_other_sessions(conn, &row.user_id, None, now)?;
            let user = db::users::find(conn, &row.user_id)?;
            sign_in_user(conn, user, refresh_ttl_days, None)
        })
    })
    .await
}
