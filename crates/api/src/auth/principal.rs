//! The authenticated principal as extractors. Role checks live here and nowhere else:
//! a handler that takes [`Recruiter`] can only run for a recruiter of an organisation.

use crate::domain::ids::{OrganizationId, UserId};
use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::http::Method;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use futures_util::future::LocalBoxFuture;

use super::{api_keys, refresh};
use crate::db;
use interview_flow_shared::{ApiKeyScope, Role};

use crate::errors::ApiError;
use crate::state::AppState;

/// A signed-in user with a full account session, from a valid
/// `Authorization: Bearer <access token>`. Sessions started by an emailed interview link are
/// refused here (403 `link_session`): they only open their interview, see [`InterviewUser`].
#[derive(Debug, Clone)]
pub struct AuthenticatedUser {
    pub user_id: UserId,
    pub role: Role,
    pub organization_id: Option<OrganizationId>,
    /// The interview an emailed-link session is limited to; None for a full session.
    pub interview_scope: Option<String>,
}

fn link_session_limited() -> ApiError {
    ApiError::Forbidden {
        code: "link_session",
        message: "Your sign-in link only opens your interview. To use your account, set a password with the link we email you (\"Forgot password?\" on the sign-in page)."
            .into(),
    }
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
    // Our own signed claims: an id that is not one of ours means a token we did not issue.
    let (Some(user_id), Ok(organization_id)) = (
        UserId::parse(&claims.sub),
        claims
            .org
            .as_deref()
            .map(|org| OrganizationId::parse(org).ok_or(()))
            .transpose(),
    ) else {
        return Err(ApiError::Unauthorized {
            code: "invalid_token",
            message: "Your session has expired or is not valid. Please sign in again.".into(),
        });
    };
    Ok(AuthenticatedUser {
        user_id,
        role: claims.role,
        organization_id,
        interview_scope: claims.iid,
    })
}

/// A full account session: any session except an emailed-link one.
fn authenticate_full(req: &HttpRequest) -> Result<AuthenticatedUser, ApiError> {
    let user = authenticate(req)?;
    if user.interview_scope.is_some() {
        return Err(link_session_limited());
    }
    Ok(user)
}

impl FromRequest for AuthenticatedUser {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(authenticate_full(req))
    }
}

/// A signed-in user on an interview's own pages (ready page, room, its session calls): a full
/// session, or an emailed-link session for that same interview.
#[derive(Debug, Clone)]
pub struct InterviewUser(AuthenticatedUser);

impl InterviewUser {
    /// The user, if this session may act on interview `interview_id`.
    pub fn for_interview(self, interview_id: &str) -> Result<AuthenticatedUser, ApiError> {
        match self.0.interview_scope.as_deref() {
            Some(scope) if scope != interview_id => Err(link_session_limited()),
            _ => Ok(self.0),
        }
    }

    /// Who is signed in, whatever the session may open (for `GET /me`).
    pub fn any_scope(self) -> AuthenticatedUser {
        self.0
    }
}

impl FromRequest for InterviewUser {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(authenticate(req).map(InterviewUser))
    }
}

/// A recruiter acting for their organisation: a signed-in recruiter, or an organisation API
/// key (`Authorization: Bearer ifk_…`, or HTTP Basic with the key as user name and an empty
/// password, as Greenhouse sends it).
#[derive(Debug, Clone)]
pub struct Recruiter {
    /// The user acting (for a key: the recruiter who created it).
    pub user_id: UserId,
    pub organization_id: OrganizationId,
    /// Set when the request came with an API key.
    pub api_key_id: Option<String>,
}

impl Recruiter {
    /// Managing API keys needs a person, not another key.
    pub fn require_person(&self) -> Result<(), ApiError> {
        if self.api_key_id.is_some() {
            return Err(ApiError::Forbidden {
                code: "api_key_not_allowed",
                message: "Sign in as a recruiter to do this; API keys cannot manage API keys."
                    .into(),
            });
        }
        Ok(())
    }
}

/// The API key a request carries, if it carries one.
fn presented_api_key(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, credentials) = value.split_once(' ')?;
    let credentials = credentials.trim();
    if scheme.eq_ignore_ascii_case("bearer") && api_keys::looks_like_key(credentials) {
        return Some(credentials.to_string());
    }
    if scheme.eq_ignore_ascii_case("basic") {
        let decoded =
            base64::Engine::decode(&base64::engine::general_purpose::STANDARD, credentials).ok()?;
        let decoded = String::from_utf8(decoded).ok()?;
        let user = decoded
            .split_once(':')
            .map(|(user, _)| user)
            .unwrap_or(&decoded);
        return Some(user.to_string());
    }
    None
}

fn invalid_key() -> ApiError {
    ApiError::Unauthorized {
        code: "invalid_api_key",
        message: "The API key is not valid or has been revoked.".into(),
    }
}

/// Whether a key's stored scopes (a comma-separated column) grant `needed`. Scopes are
/// levels: `admin` includes `write`, and every key reads.
pub fn scopes_grant(scopes: &str, needed: ApiKeyScope) -> bool {
    let has = |name: &str| scopes.split(',').any(|scope| scope.trim() == name);
    match needed {
        ApiKeyScope::Read => true,
        ApiKeyScope::Write => has("write") || has("admin"),
        ApiKeyScope::Admin => has("admin"),
    }
}

fn insufficient_scope(needed: ApiKeyScope) -> ApiError {
    ApiError::Forbidden {
        code: "insufficient_scope",
        message: match needed {
            ApiKeyScope::Admin => "Organisation settings and webhooks need an API key with the admin scope; this key does not have it.".into(),
            ApiKeyScope::Write | ApiKeyScope::Read => {
                "This API key is read-only; use a key with the write scope.".into()
            }
        },
    }
}

/// The recruiter an API key acts as, if the key is valid, within its rate limit, and has
/// the `needed` scope.
async fn authenticate_key(
    req: HttpRequest,
    key: String,
    needed: ApiKeyScope,
) -> Result<Recruiter, ApiError> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| ApiError::internal("AppState is not registered"))?;
    if !api_keys::looks_like_key(&key) {
        return Err(invalid_key());
    }
    let hash = refresh::hash_token(&key);
    let row = state
        .context
        .db(move |conn| {
            let row = db::api_keys::find_by_hash(conn, &hash)?;
            if let Some(row) = row.as_ref().filter(|r| r.revoked_at.is_none()) {
                db::api_keys::touch(conn, &row.id, db::now())?;
            }
            Ok(row)
        })
        .await?
        .filter(|row| row.revoked_at.is_none())
        .ok_or_else(invalid_key)?;
    let budget = state.key_limiter.check(&row.id).map_err(|budget| {
        req.extensions_mut().insert(budget);
        ApiError::RateLimited {
            retry_after_secs: budget.reset_secs,
        }
    })?;
    req.extensions_mut().insert(budget);
    if !scopes_grant(&row.scopes, needed) {
        return Err(insufficient_scope(needed));
    }
    Ok(Recruiter {
        user_id: row.created_by,
        organization_id: row.organization_id,
        api_key_id: Some(row.id),
    })
}

/// A signed-in recruiter of an organisation (no key).
fn signed_in_recruiter(req: &HttpRequest) -> Result<Recruiter, ApiError> {
    let user = authenticate_full(req)?;
    user.require_role(Role::Recruiter)?;
    let organization_id = user
        .organization_id
        .ok_or_else(|| ApiError::forbidden("Your account is not part of an organisation."))?;
    Ok(Recruiter {
        user_id: user.user_id,
        organization_id,
        api_key_id: None,
    })
}

/// A signed-in recruiter, or a key with `needed`.
fn recruiter_with_scope(
    req: &HttpRequest,
    needed: ApiKeyScope,
) -> LocalBoxFuture<'static, Result<Recruiter, ApiError>> {
    match presented_api_key(req) {
        Some(key) => Box::pin(authenticate_key(req.clone(), key, needed)),
        None => Box::pin(ready(signed_in_recruiter(req))),
    }
}

impl FromRequest for Recruiter {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    /// Keys need the `write` scope for anything but reading.
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let reading = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
        let needed = if reading {
            ApiKeyScope::Read
        } else {
            ApiKeyScope::Write
        };
        recruiter_with_scope(req, needed)
    }
}

/// A recruiter configuring the organisation (its settings, its webhooks): a signed-in
/// recruiter, or an API key with the `admin` scope — a `write` key only schedules.
#[derive(Debug, Clone)]
pub struct OrgAdmin(pub Recruiter);

impl FromRequest for OrgAdmin {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let recruiter = recruiter_with_scope(req, ApiKeyScope::Admin);
        Box::pin(async move { recruiter.await.map(OrgAdmin) })
    }
}

/// A candidate acting for themselves.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub user_id: UserId,
}

impl FromRequest for Candidate {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(authenticate_full(req).and_then(|user| {
            user.require_role(Role::Candidate)?;
            Ok(Candidate {
                user_id: user.user_id,
            })
        }))
    }
}
