//! Registration and password sign-in: the first refresh token of a family.

use crate::services::context::Context;
use chrono::TimeDelta;
use interview_flow_shared::validation;

use crate::auth::password::PasswordHasher;
use crate::auth::refresh;
use crate::db::organizations::OrganizationRow;
use crate::db::refresh_tokens::RefreshTokenRow;
use crate::db::users::UserRow;
use crate::db::{self, DbConnection};
use crate::email::AccountEmailKind;
use crate::errors::ApiError;

use super::email_links::enqueue_account_email;
use super::{LinkScope, NewAccount, SignedIn, email_taken, invalid_credentials, user_dto};

/// Creates the user (and, for a recruiter, their organisation) and a first refresh token,
/// in one transaction.
pub async fn register(
    ctx: &Context,
    passwords: &PasswordHasher,
    account: NewAccount,
    refresh_ttl_days: u32,
) -> Result<SignedIn, ApiError> {
    let hash = passwords.hash(account.password.clone()).await?;
    let now = ctx.now();
    ctx.db(move |conn| {
        let organization = account.company_name.as_ref().map(|name| OrganizationRow {
            id: crate::domain::ids::OrganizationId::generate(),
            name: name.clone(),
            logo_url: None,
            brand_color: validation::DEFAULT_BRAND_COLOR.to_string(),
            created_at: now,
            updated_at: now,
        });
        let user = UserRow {
            id: crate::domain::ids::UserId::generate(),
            email: account.email.clone(),
            password_hash: Some(hash),
            full_name: account.full_name.clone(),
            role: account.role,
            organization_id: organization.as_ref().map(|o| o.id.clone()),
            created_at: now,
            updated_at: now,
            email_verified_at: None,
        };
        let result = db::transaction::<_, diesel::result::Error, _>(conn, |conn| {
            if let Some(org) = &organization {
                db::organizations::insert(conn, org)?;
            }
            db::users::insert(conn, &user)?;
            enqueue_account_email(conn, &user, AccountEmailKind::VerifyEmail)?;
            let token = start_refresh_family(conn, &user.id, refresh_ttl_days, None)?;
            Ok(token)
        });
        match result {
            Ok(refresh_token) => Ok(SignedIn {
                user: user_dto(&user, organization.as_ref()),
                refresh_token,
            }),
            Err(e) if db::is_unique_violation(&e) => Err(email_taken()),
            Err(e) => Err(e.into()),
        }
    })
    .await
}

/// Password sign-in. A wrong email and a wrong password get the same answer, in the same time.
pub async fn login(
    ctx: &Context,
    passwords: &PasswordHasher,
    email: String,
    password_attempt: String,
    refresh_ttl_days: u32,
) -> Result<SignedIn, ApiError> {
    let user = ctx
        .db(move |conn| Ok(db::users::find_by_email(conn, &email)?))
        .await?;
    let hash = user.as_ref().and_then(|u| u.password_hash.clone());
    let verified = match hash {
        Some(hash) => passwords.verify(hash, password_attempt).await?,
        None => {
            passwords.burn_verification_time(password_attempt).await?;
            false
        }
    };
    let user = match user {
        Some(user) if verified => user,
        _ => return Err(invalid_credentials()),
    };
    ctx.db(move |conn| sign_in_user(conn, user, refresh_ttl_days, None))
        .await
}

/// Starts a session for an already authenticated user: a full one, or one limited to the
/// interview of the emailed link it came from.
pub fn sign_in_user(
    conn: &mut DbConnection,
    user: UserRow,
    refresh_ttl_days: u32,
    scope: Option<LinkScope>,
) -> Result<SignedIn, ApiError> {
    let organization = match &user.organization_id {
        Some(id) => Some(db::organizations::find(conn, id)?),
        None => None,
    };
    let link_interview_id = scope.as_ref().map(|s| s.interview_id.clone());
    let refresh_token = start_refresh_family(conn, &user.id, refresh_ttl_days, scope)?;
    let mut user = user_dto(&user, organization.as_ref());
    user.link_interview_id = link_interview_id;
    Ok(SignedIn {
        user,
        refresh_token,
    })
}

fn start_refresh_family(
    conn: &mut DbConnection,
    user_id: &str,
    ttl_days: u32,
    scope: Option<LinkScope>,
) -> diesel::QueryResult<String> {
    let token = refresh::generate_token();
    insert_refresh_token(conn, user_id, &db::new_id(), ttl_days, scope, &token)?;
    Ok(token)
}

pub(super) fn insert_refresh_token(
    conn: &mut DbConnection,
    user_id: &str,
    family_id: &str,
    ttl_days: u32,
    scope: Option<LinkScope>,
    token: &str,
) -> diesel::QueryResult<()> {
    let now = db::now();
    let (interview_id, access_token_id) = match scope {
        Some(scope) => (Some(scope.interview_id), Some(scope.access_token_id)),
        None => (None, None),
    };
    db::refresh_tokens::insert(
        conn,
        &RefreshTokenRow {
            id: db::new_id(),
            user_id: user_id.to_string(),
            family_id: family_id.to_string(),
            token_hash: refresh::hash_token(token),
            created_at: now,
            expires_at: now + TimeDelta::days(i64::from(ttl_days)),
            used_at: None,
            revoked_at: None,
            interview_id,
            access_token_id,
            successor_sealed: None,
        },
    )
}
