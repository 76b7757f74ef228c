use actix_web::{get, web};
use interview_flow_shared::{Page, WebhookEndpointDto};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Recruiter;
use crate::errors::ApiError;
use crate::routes::responses::QueryString;
use crate::services::webhooks;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
pub struct WebhookListQuery {
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

/// The organisation's webhook endpoints, newest first (secrets are never listed).
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = []), ("api_key" = []), ("basic" = [])),
    params(WebhookListQuery),
    responses((status = 200, body = Page<WebhookEndpointDto>), Recruiter, QueryString)
)]
#[get("/webhooks")]
pub async fn list_webhooks(
    recruiter: Recruiter,
    state: web::Data<AppState>,
    query: web::Query<WebhookListQuery>,
) -> Result<web::Json<Page<WebhookEndpointDto>>, ApiError> {
    let WebhookListQuery { limit, cursor } = query.into_inner();
    Ok(web::Json(
        webhooks::list(&state.context, recruiter, cursor, limit).await?,
    ))
}
