use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, post, web};
use interview_flow_shared::validation::normalize_email;
use interview_flow_shared::{AuthResponse, ErrorBody, LoginRequest};

use crate::auth::AuthRateLimiter;
use crate::auth::device;
use crate::errors::ApiError;
use crate::extract::ApiJson;
use crate::routes::client_ip;
use crate::services::accounts;
use crate::state::AppState;

/// Sign in with email and password.
#[utoipa::path(
    tag = "accounts",
    request_body(content = LoginRequest, example = json!({"email": "ann@example.com", "password": "correct horse battery"})),
    responses(
        (status = 200, description = "Signed in; sets the refresh cookie", body = AuthResponse),
        AuthRateLimiter, ApiJson<LoginRequest>,
        (status = 401, description = "Wrong email or password (one message for both)", body = ErrorBody),
    )
)]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    body: ApiJson<LoginRequest>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    state.auth_limiter.check_ip(client_ip(&req))?;
    let LoginRequest { email, password } = body.into_inner();
    let email = normalize_email(&email)?;
    // Guessing an address's password is slowed down per account, except in a browser that
    // signed in to it before: the owner is never locked out by someone else's attempts.
    if !device::is_known(&req, state.settings.jwt_secret.as_bytes(), &email) {
        state.auth_limiter.check_account(&email)?;
    }
    let signed_in = accounts::login(
        &state.context,
        &state.passwords,
        email,
        password,
        state.settings.refresh_token_ttl_days,
    )
    .await?;
    super::signed_in_response(&state, StatusCode::OK, signed_in, None)
}
