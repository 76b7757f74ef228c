use actix_web::{HttpResponse, get, web};
use diesel::connection::SimpleConnection;
use interview_flow_shared::{ErrorBody, ErrorDetail};
use serde_json::json;

use crate::errors::ApiError;
use crate::state::AppState;

/// The process is alive.
#[utoipa::path(tag = "operations", responses((status = 200, description = "Alive")))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(json!({"status": "ok"}))
}

/// The database is reachable and every background worker (email, webhooks, interview
/// evaluation, housekeeping) has made progress recently.
#[utoipa::path(
    tag = "operations",
    responses(
        (status = 200, description = "Ready; `workers` lists each worker's last heartbeat"),
        (status = 503, description = "Database unreachable (`service_unavailable`), or a background worker's heartbeat is stale (`workers_stale`, named in details.stale_workers)", body = ErrorBody),
    )
)]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    state
        .context
        .db(|conn| {
            conn.batch_execute("SELECT 1")
                .map_err(|e| ApiError::Unavailable(format!("database check failed: {e}")))
        })
        .await?;
    let workers = state.workers.statuses();
    let stale: Vec<&str> = workers.iter().filter(|w| w.stale).map(|w| w.name).collect();
    if !stale.is_empty() {
        tracing::warn!(?stale, "not ready: background workers are stale");
        return Ok(HttpResponse::ServiceUnavailable().json(ErrorBody {
            error: ErrorDetail {
                code: "workers_stale".into(),
                message: format!(
                    "Background workers have stopped making progress: {}.",
                    stale.join(", ")
                ),
                details: Some(json!({ "stale_workers": stale, "workers": workers })),
            },
        }));
    }
    Ok(HttpResponse::Ok().json(json!({
        "status": "ready",
        "database": state.settings.database_url.backend_name(),
        "workers": workers,
    })))
}
