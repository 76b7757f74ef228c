//! Accounts: registration, email verification, password sign-in and reset, refresh-token
//! rotation, sign-out.
//!
//! Two kinds of session exist. A full session comes from a password (or a password-reset
//! link, which proves the address). A link session comes from an emailed interview link: it
//! is scoped to that interview (the access token carries `iid`), lives only as long as the
//! link token, and cannot change the account.

use chrono::TimeDelta;
use interview_flow_shared::validation::{self, FieldError};
use interview_flow_shared::{OrganizationDto, RegisterRequest, Role, UserDto};

use crate::auth::password::PasswordHasher;
use crate::auth::refresh;
use crate::db::account_tokens::{AccountTokenRow, Purpose};
use crate::db::organizations::OrganizationRow;
use crate::db::refresh_tokens::RefreshTokenRow;
use crate::db::users::UserRow;
use crate::db::{self, DbConnection, DbPool};
use crate::email::AccountEmailKind;
use crate::errors::ApiError;

/// How long an emailed password-reset link works.
pub const PASSWORD_RESET_TTL: TimeDelta = TimeDelta::minutes(30);
/// How long an emailed verification link works.
pub const VERIFY_EMAIL_TTL: TimeDelta = TimeDelta::hours(48);

/// A registration that passed validation.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub email: String,
    pub password: String,
    pub full_name: String,
    pub role: Role,
    /// Only for recruiters.
    pub company_name: Option<String>,
}

impl NewAccount {
    pub fn parse(request: RegisterRequest) -> Result<Self, FieldError> {
        let full_name = validation::validate_full_name(&request.full_name)?;
        let email = validation::normalize_email(&request.email)?;
        validation::validate_password(&request.password, "password")?;
        let company_name = match request.role {
            Role::Recruiter => Some(validation::validate_company_name(
                request.company_name.as_deref().unwrap_or(""),
            )?),
            Role::Candidate => None,
        };
        Ok(NewAccount {
            email,
            password: request.password,
            full_name,
            role: request.role,
            company_name,
        })
    }
}

/// A signed-in user and the refresh token to set as a cookie.
pub struct SignedIn {
    pub user: UserDto,
    pub refresh_token: String,
}

/// Who a rotated refresh token belongs to, for the new access token.
pub struct Refreshed {
    pub user_id: String,
    pub role: Role,
    pub organization_id: Option<String>,
    /// The interview a link session is limited to.
    pub interview_scope: Option<String>,
    pub refresh_token: String,
}

/// The emailed interview link a session was started with.
#[derive(Debug, Clone)]
pub struct LinkScope {
    pub interview_id: String,
    pub access_token_id: String,
}

/// How refresh tokens live.
#[derive(Debug, Clone, Copy)]
pub struct RefreshPolicy {
    pub ttl_days: u32,
    /// A token presented again this soon after its rotation gets the same successor.
    pub reuse_grace: std::time::Duration,
}

pub fn user_dto(user: &UserRow, organization: Option<&OrganizationRow>) -> UserDto {
    UserDto {
        id: user.id.clone(),
        email: user.email.clone(),
        full_name: user.full_name.clone(),
        role: user.role,
        organization: organization.map(organization_dto),
        has_password: user.password_hash.is_some(),
        email_verified: user.email_verified_at.is_some(),
        link_interview_id: None,
    }
}

pub fn organization_dto(row: &OrganizationRow) -> OrganizationDto {
    OrganizationDto {
        id: row.id.clone(),
        name: row.name.clone(),
        logo_url: row.logo_url.clone(),
        brand_color: row.brand_color.clone(),
    }
}

fn email_taken() -> ApiError {
    ApiError::Conflict {
        code: "email_taken",
        message:
            "An account with this email already exists. Sign in instead, or use another email."
                .into(),
    }
}

fn invalid_credentials() -> ApiError {
    ApiError::Unauthorized {
        code: "invalid_credentials",
        message: "The email or password is incorrect.".into(),
    }
}

fn session_expired() -> ApiError {
    ApiError::Unauthorized {
        code: "session_expired",
        message: "Your session has ended. Please sign in again.".into(),
    }
}

/// Creates the user (and, for a recruiter, their organisation) and a first refresh token,
/// in one transaction.
pub async fn register(
    pool: &DbPool,
    passwords: &PasswordHasher,
    account: NewAccount,
    refresh_ttl_days: u32,
) -> Result<SignedIn, ApiError> {
    let hash = passwords.hash(account.password.clone()).await?;
    db::run(pool, move |conn| {
        let now = db::now();
        let organization = account.company_name.as_ref().map(|name| OrganizationRow {
            id: db::new_id(),
            name: name.clone(),
            logo_url: None,
            brand_color: validation::DEFAULT_BRAND_COLOR.to_string(),
            created_at: now,
            updated_at: now,
        });
        let user = UserRow {
            id: db::new_id(),
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
    pool: &DbPool,
    passwords: &PasswordHasher,
    email: String,
    password_attempt: String,
    refresh_ttl_days: u32,
) -> Result<SignedIn, ApiError> {
    let lookup_pool = pool.clone();
    let user = db::run(pool, move |conn| {
        Ok(db::users::find_by_email(conn, &email)?)
    })
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
    db::run(&lookup_pool, move |conn| {
        sign_in_user(conn, user, refresh_ttl_days, None)
    })
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

fn insert_refresh_token(
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

/// Rotates a refresh token: the presented one is spent and a new one of the same family is
/// issued. Presenting a spent token again revokes the family (it was probably stolen),
/// except within `policy.reuse_grace` of its rotation: two tabs refreshing at the same moment
/// both get the same new token. A link session ends with its link token.
pub async fn refresh(
    pool: &DbPool,
    presented: String,
    policy: RefreshPolicy,
) -> Result<Refreshed, ApiError> {
    enum Outcome {
        Rotated(Refreshed),
        Reused(String),
        Rejected(Option<String>),
    }
    let grace = TimeDelta::from_std(policy.reuse_grace).unwrap_or(TimeDelta::zero());
    let outcome = db::run(pool, move |conn| {
        let outcome = db::transaction::<_, diesel::result::Error, _>(conn, |conn| {
            let now = db::now();
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
                user_id: user.id.clone(),
                organization_id: user.organization_id.clone(),
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
                db::refresh_tokens::revoke_family(conn, family_id, db::now())?;
            }
            Outcome::Rejected(Some(family_id)) => {
                db::refresh_tokens::revoke_family(conn, family_id, db::now())?;
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
    Ok(!super::interviews::effective_status(&detail.interview, now).is_final())
}

/// Ends the session of the presented refresh token (its whole family). Unknown tokens are
/// ignored: signing out always succeeds.
pub async fn logout(pool: &DbPool, presented: String) -> Result<(), ApiError> {
    db::run(pool, move |conn| {
        if let Some(row) = db::refresh_tokens::find_by_hash(conn, &refresh::hash_token(&presented))?
        {
            db::refresh_tokens::revoke_family(conn, &row.family_id, db::now())?;
        }
        Ok(())
    })
    .await
}

/// The user behind a valid access token; 401 if the account no longer exists.
pub async fn current_user(pool: &DbPool, user_id: String) -> Result<UserDto, ApiError> {
    db::run(pool, move |conn| {
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

/// Changes the password of a full session (the current one is required). Every other
/// session and every emailed link of the account ends; `keep_family` (the session making the
/// change) stays signed in. An account without a password sets its first one through a
/// password-reset link, which proves the address.
pub async fn change_password(
    pool: &DbPool,
    passwords: &PasswordHasher,
    user_id: String,
    current_password: Option<String>,
    new_password: String,
    keep_family: Option<String>,
) -> Result<(), ApiError> {
    validation::validate_password(&new_password, "new_password")?;
    let lookup_id = user_id.clone();
    let existing = db::run(pool, move |conn| {
        Ok(db::users::find(conn, &lookup_id)?.password_hash)
    })
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
    db::run(pool, move |conn| {
        db::transaction::<_, ApiError, _>(conn, |conn| {
            let now = db::now();
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
pub async fn family_of(pool: &DbPool, presented: String) -> Result<Option<String>, ApiError> {
    db::run(pool, move |conn| {
        Ok(
            db::refresh_tokens::find_by_hash(conn, &refresh::hash_token(&presented))?
                .filter(|row| row.revoked_at.is_none())
                .map(|row| row.family_id),
        )
    })
    .await
}

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

/// `POST /auth/password-reset`: emails a reset link if the address has an account. Says
/// nothing about whether it has one.
pub async fn request_password_reset(pool: &DbPool, email: String) -> Result<(), ApiError> {
    db::run(pool, move |conn| {
        if let Some(user) = db::users::find_by_email(conn, &email)? {
            enqueue_account_email(conn, &user, AccountEmailKind::PasswordReset)?;
        }
        Ok(())
    })
    .await
}

fn invalid_account_link() -> ApiError {
    ApiError::Unauthorized {
        code: "invalid_link",
        message: "This link is invalid, was already used or has expired. Ask for a new one.".into(),
    }
}

/// `POST /auth/password-reset/confirm`: spends the token, sets the password, marks the
/// address proven, ends every other session and link of the account, and signs in.
pub async fn confirm_password_reset(
    pool: &DbPool,
    passwords: &PasswordHasher,
    token: String,
    new_password: String,
    refresh_ttl_days: u32,
) -> Result<SignedIn, ApiError> {
    validation::validate_password(&new_password, "new_password")?;
    let hash = passwords.hash(new_password).await?;
    db::run(pool, move |conn| {
        db::transaction::<_, ApiError, _>(conn, |conn| {
            let now = db::now();
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

/// `POST /auth/verify-email`: spends the token and marks the address proven.
pub async fn verify_email(pool: &DbPool, token: String) -> Result<UserDto, ApiError> {
    db::run(pool, move |conn| {
        db::transaction::<_, ApiError, _>(conn, |conn| {
            let now = db::now();
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
pub async fn mark_email_verified(pool: &DbPool, user_id: String) -> Result<(), ApiError> {
    db::run(pool, move |conn| {
        db::users::mark_email_verified(conn, &user_id, db::now())?;
        Ok(())
    })
    .await
}

/// `POST /auth/verify-email/resend`: a new verification email, unless already verified.
pub async fn resend_verification(pool: &DbPool, user_id: String) -> Result<(), ApiError> {
    db::run(pool, move |conn| {
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
