//! Account emails (verification, password reset) and their single-use links.

use crate::services::context::Context;
use interview_flow_shared::UserDto;

use crate::auth::refresh;
use crate::db::account_tokens::{AccountTokenRow, Purpose};
use crate::db::users::UserRow;
use crate::db::{self, DbConnection};
use crate::email::AccountEmailKind;
use crate::errors::ApiError;

use super::password::invalid_account_link;
use super::{PASSWORD_RESET_TTL, VERIFY_EMAIL_TTL, user_dto};

/// Queues an account email (verification or password reset) inside the caller's
/// transaction. Its single-use token is made when the message is sent.
pub fn enqueue_account_email(
    conn: &mut DbConnection,
    user: &UserRow,
    kind: AccountEmailKind,
) -> diesel::QueryResult<()> {
    db::outbox::queue(conn, None, user, kind.as_str())
}

/// Makes the single-use token an account email carries (stored hashed); older unused tokens
/// of the same purpose stop working, so only the newest email's link does.
pub fn issue_account_token(
    conn: &mut DbConnection,
    user_id: &str,
    kind: AccountEmailKind,
) -> diesel::QueryResult<(String, chrono::NaiveDateTime)> {
    let (purpose, ttl) = match kind {
        AccountEmailKind::VerifyEmail => (Purpose::VerifyEmail, VERIFY_EMAIL_TTL),
        AccountEmailKind::PasswordReset => (Purpose::PasswordReset, PASSWORD_RESET_TTL),
    };
    let now = db::now();
    db::account_tokens::spend_all(conn, user_id, Some(purpose), now)?;
    let token = refresh::generate_token();
    let expires_at = now + ttl;
    db::account_tokens::insert(
        conn,
        &AccountTokenRow {
            id: db::new_id(),
            user_id: user_id.to_string(),
            purpose: purpose.as_str().into(),
            token_hash: refresh::hash_token(&token),
            created_at: now,
            expires_at,
            used_at: None,
        },
    )?;
    Ok((token, expires_at))
}

/// `POST /auth/verify-email`: spends the token and marks the address proven.
pub async fn verify_email(ctx: &Context, token: String) -> Result<UserDto, ApiError> {
    let now = ctx.now();
    ctx.db(move |conn| {
        db::transaction::<_, ApiError, _>(conn, |conn| {
            let row = db::account_tokens::consume(
                conn,
                Purpose::VerifyEmail,
                &refresh::hash_token(token.trim()),
                now,
            )?
            .ok_or_else(invalid_account_link)?;
            db::users::mark_email_verified(conn, &row.user_id, now)?;
            db::account_tokens::spend_all(conn, &row.user_id, Some(Purpose::VerifyEmail), now)?;
            let user = db::users::find(conn, &row.user_id)?;
            let organization = match &user.organization_id {
                Some(id) => Some(db::organizations::find(conn, id)?),
                None => None,
            };
            Ok(user_dto(&user, organization.as_ref()))
        })
    })
    .await
}

/// Marks an address as proven without a link (demo accounts only).
pub async fn mark_email_verified(ctx: &Context, user_id: String) -> Result<(), ApiError> {
    let now = ctx.now();
    ctx.db(move |conn| {
        db::users::mark_email_verified(conn, &user_id, now)?;
        Ok(())
    })
    .await
}

/// `POST /auth/verify-email/resend`: a new verification email, unless already verified.
pub async fn resend_verification(ctx: &Context, user_id: String) -> Result<(), ApiError> {
    ctx.db(move |conn| {
        let user = db::users::find(conn, &user_id)?;
        if user.email_verified_at.is_some() {
            return Err(ApiError::Conflict {
                code: "already_verified",
                message: "Your email address is already confirmed.".into(),
            });
        }
        enqueue_account_email(conn, &user, AccountEmailKind::VerifyEmail)?;
        Ok(())
    })
    .await
}
