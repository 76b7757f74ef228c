use actix_web::{get, web};
use interview_flow_shared::{ErrorBody, Page, WebhookDeliveryDto};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Recruiter;
use crate::errors::ApiError;
use crate::routes::responses::QueryString;
use crate::services::webhooks;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
pub struct DeliveryListQuery {
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

/// The endpoint's delivery log, newest first: status, attempts, and the last attempt's HTTP
/// status, latency and error. Failed attempts are retried after 1 min, 5 min, 30 min, 2 h,
/// 5 h and 10 h; after the seventh the delivery is `failed`.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = []), ("api_key" = []), ("basic" = [])),
    params(("id" = uuid::Uuid, Path), DeliveryListQuery),
    responses(
        (status = 200, body = Page<WebhookDeliveryDto>),
        Recruiter, QueryString,
        (status = 404, description = "Unknown endpoint (or another organisation's)", body = ErrorBody),
    )
)]
#[get("/webhooks/{id}/deliveries")]
pub async fn list_webhook_deliveries(
    recruiter: Recruiter,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<DeliveryListQuery>,
) -> Result<web::Json<Page<WebhookDeliveryDto>>, ApiError> {
    let DeliveryListQuery { limit, cursor } = query.into_inner();
    Ok(web::Json(
        webhooks::list_deliveries(&state.context, recruiter, path.into_inner(), cursor, limit)
            .await?,
    ))
}
