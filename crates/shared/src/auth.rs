use serde::{Deserialize, Serialize};

use crate::users::{Role, UserDto};

/// `POST /api/v1/auth/register`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisterRequest {
    pub email: String,
    pub password: String,
    pub full_name: String,
    pub role: Role,
    /// Required for recruiters: it creates their organisation.
    pub company_name: Option<String>,
}

/// `POST /api/v1/auth/login`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

/// `POST /api/v1/auth/link`: an emailed interview sign-in token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkSignInRequest {
    pub token: String,
}

/// `POST /api/v1/auth/password`: change the password of a full session. An account without
/// a password sets its first one through a password-reset link instead.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetPasswordRequest {
    /// The current password (required).
    pub current_password: Option<String>,
    pub new_password: String,
}

/// `POST /api/v1/auth/password-reset`: email a single-use link (valid 30 minutes) to set a
/// new password. The answer is the same whether or not the address has an account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordResetRequest {
    pub email: String,
}

/// `POST /api/v1/auth/password-reset/confirm`: the token from the emailed link and the new
/// password. Proves the address, ends every other session and signs in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordResetConfirmRequest {
    pub token: String,
    pub new_password: String,
}

/// `POST /api/v1/auth/verify-email`: the token from the emailed verification link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerifyEmailRequest {
    pub token: String,
}

/// `POST /api/v1/interviews/{id}/sign-in-link`: a signed-out visitor of an interview link asks
/// for a fresh sign-in link. It is sent only to the invited address; the answer is the same
/// for any address.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InterviewSignInLinkRequest {
    pub email: String,
}

/// The answer of requests that may send an email (the same whether or not one was sent).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmailRequestAccepted {
    pub message: String,
}

/// Answer of register, login and link sign-in. The refresh token travels as an
/// httpOnly cookie, never in a body.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthResponse {
    pub user: UserDto,
    pub access_token: String,
    /// Seconds until `access_token` expires.
    pub expires_in: u64,
    /// For a sign-in with an emailed interview link: the interview it belongs to.
    pub interview_id: Option<String>,
}

/// Answer of `POST /api/v1/auth/refresh`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefreshResponse {
    pub access_token: String,
    pub expires_in: u64,
}

/// Name of the refresh-token cookie.
pub const REFRESH_COOKIE: &str = "if_refresh";
