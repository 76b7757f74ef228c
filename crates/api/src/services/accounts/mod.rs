//! Accounts: registration, email verification, password sign-in and reset, refresh-token
//! rotation, sign-out.
//!
//! Two kinds of session exist. A full session comes from a password (or a password-reset
//! link, which proves the address). A link session comes from an emailed interview link: it
//! is scoped to that interview (the access token carries `iid`), lives only as long as the
//! link token, and cannot change the account.

mod email_links;
mod password;
mod rotation;
mod sign_in;

use crate::db::organizations::OrganizationRow;
use crate::db::users::UserRow;
use crate::errors::ApiError;
use chrono::TimeDelta;
use interview_flow_shared::validation::{self, FieldError};
use interview_flow_shared::{OrganizationDto, RegisterRequest, Role, UserDto};

pub use email_links::{
    enqueue_account_email, issue_account_token, mark_email_verified, resend_verification,
    verify_email,
};
pub use password::{change_password, confirm_password_reset, family_of, request_password_reset};
pub use rotation::{current_user, link_token_usable, logout, refresh};
pub use sign_in::{login, register, sign_in_user};

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
        id: user.id.to_string(),
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
        id: row.id.to_string(),
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
