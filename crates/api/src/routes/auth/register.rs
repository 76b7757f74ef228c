use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, post, web};
use interview_flow_shared::{AuthResponse, ErrorBody, RegisterRequest};

use crate::auth::AuthRateLimiter;
use crate::errors::ApiError;
use crate::extract::ApiJson;
use crate::routes::client_ip;
use crate::services::accounts::{self, NewAccount};
use crate::state::AppState;

/// Create an account. A recruiter's registration also creates their organisation.
#[utoipa::path(
    tag = "accounts",
    request_body(content = RegisterRequest, example = json!({"email": "ann@example.com", "password": "correct horse battery", "full_name": "Ann Lee", "role": "recruiter", "company_name": "Northwind"})),
    responses(
        (status = 201, description = "Signed up and signed in; sets the refresh cookie", body = AuthResponse),
        AuthRateLimiter, ApiJson<RegisterRequest>,
        (status = 409, description = "Email already registered (in any letter case)", body = ErrorBody),
    )
)]
#[post("/auth/register")]
pub async fn register(
    state: web::Data<AppState>,
    body: ApiJson<RegisterRequest>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    state.auth_limiter.check_ip(client_ip(&req))?;
    let account = NewAccount::parse(body.into_inner())?;
    state.auth_limiter.check_account(&account.email)?;
    let signed_in = accounts::register(
        &state.context,
        &state.passwords,
        account,
        state.settings.refresh_token_ttl_days,
    )
    .await?;
    super::signed_in_response(&state, StatusCode::CREATED, signed_in, None)
}
