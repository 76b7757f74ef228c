//! Refresh-token rotation, link sessions, sign-out and the current user.

use crate::services::context::Context;
use chrono::TimeDelta;
use interview_flow_shared::UserDto;

use crate::auth::refresh;
use crate::db::refresh_tokens::RefreshTokenRow;
use crate::db::{self, DbConnection};
use crate::errors::ApiError;

use super::sign_in::insert_refresh_token;
use super::{LinkScope, RefreshPolicy, Refreshed, session_expired, user_dto};

/// Rotates a refresh token: the presented one is spent and a new one of the same family is
/// issued. Presenting a spent token again revokes the family (it was probably stolen),
/// except within `policy.reuse_grace` of its rotation: two tabs refreshing at the same moment
/// both get the same new token. A link session ends with its link token.
pub async fn refresh(
    ctx: &Context,
    presented: String,
    policy: RefreshPolicy,
) -> Result<Refreshed, ApiError> {
    let now = ctx.now();
    enum Outcome {
        Rotated(Refreshed),
        Reused(String),
        Rejected(Option<String>),
    }
    let grace = TimeDelta::from_std(policy.reuse_grace).unwrap_or(TimeDelta::zero());
    let outcome = ctx.db(move |conn| {
        let outcome = db::transaction::<_, diesel::result::Error, _>(conn, |conn| {
            let Some(row) =
                db::refresh_tokens::find_by_hash(conn, &refresh::hash_token(&presented))?
            else {
                return Ok(Outcome::Rejected(None));
            };
            if row.revoked_at.is_some() || row.expires_at <= now {
                return Ok(Outcome::Rejected(None));
            }
            if let Some(access_token_id) = &row.access_token_id
                && !link_token_usable(conn, access_token_id, now)?
            {
                return Ok(Outcome::Rejected(Some(row.family_id)));
            }
            let user = db::users::find(conn, &row.user_id)?;
            let refreshed = |refresh_token: String| Refreshed {
                role: user.role,
                user_id: user.id.to_string(),
                organization_id: user.organization_id.clone().map(String::from),
                interview_scope: row.interview_id.clone(),
                refresh_token,
            };
            if row.used_at.is_some() {
                return Ok(match grace_successor(conn, &row, &presented, now, grace)? {
                    Some(successor) => Outcome::Rotated(refreshed(successor)),
                    None => Outcome::Reused(row.family_id),
                });
            }
            let successor = refresh::generate_token();
            let sealed = refresh::seal_successor(&presented, &successor).unwrap_or_default();
            if !db::refresh_tokens::mark_used(conn, &row.id, now, &sealed)? {
                // Another request rotated it a moment ago (it waited on our row lock): the
                // same grace rule applies to its successor.
                let rotated = db::refresh_tokens::find(conn, &row.id)?;
                return Ok(match grace_successor(conn, &rotated, &presented, now, grace)? {
                    Some(successor) => Outcome::Rotated(refreshed(successor)),
                    None => Outcome::Reused(row.family_id),
                });
            }
            let scope = row
                .interview_id
                .clone()
                .zip(row.access_token_id.clone())
                .map(|(interview_id, access_token_id)| LinkScope {
                    interview_id,
                    access_token_id,
                });
            insert_refresh_token(
                conn,
                &user.id,
                &row.family_id,
                policy.ttl_days,
                scope,
                &successor,
            )?;
            Ok(Outcome::Rotated(refreshed(successor)))
        })?;
        // Revocation commits on its own, outside the rotation transaction.
        match &outcome {
            Outcome::Reused(family_id) => {
                tracing::warn!(%family_id, "refresh token reused after rotation; revoking its family");
                db::refresh_tokens::revoke_family(conn, family_id, now)?;
            }
            Outcome::Rejected(Some(family_id)) => {
                db::refresh_tokens::revoke_family(conn, family_id, now)?;
            }
            _ => {}
        }
        Ok(outcome)
    })
    .await?;
    match outcome {
        Outcome::Rotated(refreshed) => Ok(refreshed),
        Outcome::Reused(_) | Outcome::Rejected(_) => Err(session_expired()),
    }
}

/// The successor of a rotated token presented again within the grace window (a second tab
/// with the same cookie, a moment late), if it is still live.
fn grace_successor(
    conn: &mut DbConnection,
    row: &RefreshTokenRow,
    presented: &str,
    now: chrono::NaiveDateTime,
    grace: TimeDelta,
) -> diesel::QueryResult<Option<String>> {
    let Some(successor) = row
        .used_at
        .filter(|used_at| now - *used_at <= grace)
        .and(row.successor_sealed.as_deref())
        .and_then(|sealed| refresh::unseal_successor(presented, sealed))
    else {
        return Ok(None);
    };
    let live = db::refresh_tokens::find_by_hash_in_family(
        conn,
        &row.family_id,
        &refresh::hash_token(&successor),
    )?
    .is_some_and(|next| next.revoked_at.is_none() && next.expires_at > now);
    Ok(live.then_some(successor))
}

/// Whether an emailed link token still opens its interview: not revoked (a newer invitation,
/// a cancellation, a new password), not expired, and the interview not in a final state.
pub fn link_token_usable(
    conn: &mut DbConnection,
    access_token_id: &str,
    now: chrono::NaiveDateTime,
) -> diesel::QueryResult<bool> {
    let token = match db::access_tokens::find(conn, access_token_id) {
        Ok(token) => token,
        Err(diesel::result::Error::NotFound) => return Ok(false),
        Err(e) => return Err(e),
    };
    if token.revoked_at.is_some() || token.expires_at <= now {
        return Ok(false);
    }
    let detail = db::interviews::find(conn, &token.interview_id)?;
    Ok(!crate::services::interviews::effective_status(&detail, now).is_final())
}

/// Ends the session of the presented refresh token (its whole family). Unknown tokens are
/// ignored: signing out always succeeds.
pub async fn logout(ctx: &Context, presented: String) -> Result<(), ApiError> {
    let now = ctx.now();
    ctx.db(move |conn| {
        if let Some(row) = db::refresh_tokens::find_by_hash(conn, &refresh::hash_token(&presented))?
        {
            db::refresh_tokens::revoke_family(conn, &row.family_id, now)?;
        }
        Ok(())
    })
    .await
}

/// The user behind a valid access token; 401 if the account no longer exists.
pub async fn current_user(ctx: &Context, user_id: String) -> Result<UserDto, ApiError> {
    ctx.db(move |conn| {
        let user = db::users::find(conn, &user_id).map_err(|e| match e {
            diesel::result::Error::NotFound => session_expired(),
            other => other.into(),
        })?;
        let organization = match &user.organization_id {
            Some(id) => Some(db::organizations::find(conn, id)?),
            None => None,
        };
        Ok(user_dto(&user, organization.as_ref()))
    })
    .await
}
