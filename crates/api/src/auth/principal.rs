//! The authenticated principal as extractors. Role checks live here and nowhere else:
//! a handler that takes [`Recruiter`] can only run for a recruiter of an organisation.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{FromRequest, HttpRequest, web};
use interview_flow_shared::Role;

use crate::errors::ApiError;
use crate::state::AppState;

/// Any signed-in user, from a valid `Authorization: Bearer <access token>`.
#[derive(Debug, Clone)]
pub struct AuthenticatedUser {
    pub user_id: String,
    pub role: Role,
    pub organization_id: Option<String>,
}

impl AuthenticatedUser {
    /// The single place a role is enforced: 403 for a signed-in user of another role.
    pub fn require_role(&self, role: Role) -> Result<(), ApiError> {
        if self.role == role {
            return Ok(());
        }
        Err(ApiError::Forbidden {
            code: "wrong_role",
            message: match role {
                Role::Recruiter => "Only recruiters can do this.".into(),
                Role::Candidate => "Only candidates can do this.".into(),
            },
        })
    }
}

fn authenticate(req: &HttpRequest) -> Result<AuthenticatedUser, ApiError> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| ApiError::internal("AppState is not registered"))?;
    let header = req
        .headers()
        .get(AUTHORIZATION)
        .ok_or_else(|| ApiError::Unauthorized {
            code: "not_signed_in",
            message: "Sign in to continue.".into(),
        })?;
    let token = header
        .to_str()
        .ok()
        .and_then(|value| {
            let (scheme, token) = value.split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        })
        .filter(|token| !token.is_empty())
        .ok_or_else(|| ApiError::Unauthorized {
            code: "invalid_token",
            message: "The Authorization header must be \"Bearer <access token>\".".into(),
        })?;
    let claims = state
        .jwt
        .verify(token)
        .ok_or_else(|| ApiError::Unauthorized {
            code: "invalid_token",
            message: "Your session has expired or is not valid. Please sign in again.".into(),
        })?;
    Ok(AuthenticatedUser {
        user_id: claims.sub,
        role: claims.role,
        organization_id: claims.org,
    })
}

impl FromRequest for AuthenticatedUser {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(authenticate(req))
    }
}

/// A recruiter acting for their organisation.
#[derive(Debug, Clone)]
pub struct Recruiter {
    pub user_id: String,
    pub organization_id: String,
}

impl FromRequest for Recruiter {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(authenticate(req).and_then(|user| {
            user.require_role(Role::Recruiter)?;
            let organization_id = user.organization_id.ok_or_else(|| {
                ApiError::forbidden("Your account is not part of an organisation.")
            })?;
            Ok(Recruiter {
                user_id: user.user_id,
                organization_id,
            })
        }))
    }
}

/// A candidate acting for themselves.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub user_id: String,
}

impl FromRequest for Candidate {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(authenticate(req).and_then(|user| {
            user.require_role(Role::Candidate)?;
            Ok(Candidate {
                user_id: user.user_id,
            })
        }))
    }
}
