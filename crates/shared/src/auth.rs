use serde::{Deserialize, Serialize};

use crate::users::{Role, UserDto};

/// `POST /api/v1/auth/register`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisterRequest {
    pub email: String,
    pub password: String,
    pub full_name: String,
    pub role: Role,
    /// Required for recruiters: it creates their organisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
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

/// `POST /api/v1/auth/password`: set (first time, after a link sign-in) or change a password.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetPasswordRequest {
    /// Required when the account already has a password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_password: Option<String>,
    pub new_password: String,
}

/// Answer of register, login and link sign-in. The refresh token travels as an
/// httpOnly cookie, never in a body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthResponse {
    pub user: UserDto,
    pub access_token: String,
    /// Seconds until `access_token` expires.
    pub expires_in: u64,
    /// For a sign-in with an emailed interview link: the interview it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
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
