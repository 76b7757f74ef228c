//! Accounts: registration, password sign-in, refresh-token rotation, sign-out.

use chrono::TimeDelta;
use diesel::Connection;
use interview_flow_shared::validation::{self, FieldError};
use interview_flow_shared::{OrganizationDto, RegisterRequest, Role, UserDto};

use crate::auth::password::PasswordHasher;
use crate::auth::refresh;
use crate::db::organizations::OrganizationRow;
use crate::db::refresh_tokens::RefreshTokenRow;
use crate::db::users::UserRow;
use crate::db::{self, DbConnection, DbPool};
use crate::errors::ApiError;

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
    pub refresh_token: String,
}

pub fn user_dto(user: &UserRow, organization: Option<&OrganizationRow>) -> UserDto {
    UserDto {
        id: user.id.clone(),
        email: user.email.clone(),
        full_name: user.full_name.clone(),
        role: Role::parse(&user.role).unwrap_or(Role::Candidate),
        organization: organization.map(organization_dto),
        has_password: user.password_hash.is_some(),
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
            role: account.role.as_str().to_string(),
            organization_id: organization.as_ref().map(|o| o.id.clone()),
            created_at: now,
            updated_at: now,
        };
        let result = conn.transaction::<_, diesel::result::Error, _>(|conn| {
            if let Some(org) = &organization {
                db::organizations::insert(conn, org)?;
            }
            db::users::insert(conn, &user)?;
            let token = start_refresh_family(conn, &user.id, refresh_ttl_days)?;
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
        sign_in_user(conn, user, refresh_ttl_days)
    })
    .await
}

/// Starts a session for an already authenticated user (password or emailed link).
pub fn sign_in_user(
    conn: &mut DbConnection,
    user: UserRow,
    refresh_ttl_days: u32,
) -> Result<SignedIn, ApiError> {
    let organization = match &user.organization_id {
        Some(id) => Some(db::organizations::find(conn, id)?),
        None => None,
    };
    let refresh_token = start_refresh_family(conn, &user.id, refresh_ttl_days)?;
    Ok(SignedIn {
        user: user_dto(&user, organization.as_ref()),
        refresh_token,
    })
}

fn start_refresh_family(
    conn: &mut DbConnection,
    user_id: &str,
    ttl_days: u32,
) -> diesel::QueryResult<String> {
    insert_refresh_token(conn, user_id, &db::new_id(), ttl_days)
}

fn insert_refresh_token(
    conn: &mut DbConnection,
    user_id: &str,
    family_id: &str,
    ttl_days: u32,
) -> diesel::QueryResult<String> {
    let token = refresh::generate_token();
    let now = db::now();
    db::refresh_tokens::insert(
        conn,
        &RefreshTokenRow {
            id: db::new_id(),
            user_id: user_id.to_string(),
            family_id: family_id.to_string(),
            token_hash: refresh::hash_token(&token),
            created_at: now,
            expires_at: now + TimeDelta::days(i64::from(ttl_days)),
            used_at: None,
            revoked_at: None,
        },
    )?;
    Ok(token)
}

/// Rotates a refresh token: the presented one is spent and a new one of the same family is
/// issued. Presenting a spent token again revokes the family (it was probably stolen).
pub async fn refresh(
    pool: &DbPool,
    presented: String,
    refresh_ttl_days: u32,
) -> Result<Refreshed, ApiError> {
    enum Outcome {
        Rotated(Refreshed),
        Reused(String),
        Rejected,
    }
    let outcome = db::run(pool, move |conn| {
        let outcome = conn.transaction::<_, diesel::result::Error, _>(|conn| {
            let now = db::now();
            let Some(row) =
                db::refresh_tokens::find_by_hash(conn, &refresh::hash_token(&presented))?
            else {
                return Ok(Outcome::Rejected);
            };
            if row.revoked_at.is_some() || row.expires_at <= now {
                return Ok(Outcome::Rejected);
            }
            if !db::refresh_tokens::mark_used(conn, &row.id, now)? {
                return Ok(Outcome::Reused(row.family_id));
            }
            let user = db::users::find(conn, &row.user_id)?;
            let refresh_token =
                insert_refresh_token(conn, &user.id, &row.family_id, refresh_ttl_days)?;
            Ok(Outcome::Rotated(Refreshed {
                role: Role::parse(&user.role).unwrap_or(Role::Candidate),
                user_id: user.id,
                organization_id: user.organization_id,
                refresh_token,
            }))
        })?;
        // Revocation commits on its own, outside the rotation transaction.
        if let Outcome::Reused(family_id) = &outcome {
            tracing::warn!(%family_id, "refresh token reused after rotation; revoking its family");
            db::refresh_tokens::revoke_family(conn, family_id, db::now())?;
        }
        Ok(outcome)
    })
    .await?;
    match outcome {
        Outcome::Rotated(refreshed) => Ok(refreshed),
        Outcome::Reused(_) | Outcome::Rejected => Err(session_expired()),
    }
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

/// Sets or changes the password. Changing requires the current one; setting the first one
/// (an invited candidate after a link sign-in) does not.
pub async fn set_password(
    pool: &DbPool,
    passwords: &PasswordHasher,
    user_id: String,
    current_password: Option<String>,
    new_password: String,
) -> Result<(), ApiError> {
    validation::validate_password(&new_password, "new_password")?;
    let lookup_id = user_id.clone();
    let existing = db::run(pool, move |conn| {
        Ok(db::users::find(conn, &lookup_id)?.password_hash)
    })
    .await?;
    if let Some(existing) = existing {
        let current = current_password.unwrap_or_default();
        if !passwords.verify(existing, current).await? {
            return Err(ApiError::validation(
                "current_password",
                "The current password is incorrect.",
            ));
        }
    }
    let hash = passwords.hash(new_password).await?;
    db::run(pool, move |conn| {
        db::users::set_password_hash(conn, &user_id, &hash, db::now())?;
        Ok(())
    })
    .await
}
