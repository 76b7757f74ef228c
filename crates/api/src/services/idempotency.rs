//! `Idempotency-Key` on POSTs (IETF httpapi draft): the same key with the same body gets the
//! stored response; with a different body, 422; while the first is still running, 409.
//! Successful responses are kept 24 hours; a failed attempt releases its key.

use crate::services::context::Context;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use chrono::TimeDelta;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::db::idempotency::IdempotencyRow;
use crate::db::{self};
use crate::errors::ApiError;

pub const HEADER: &str = "Idempotency-Key";
pub const RETENTION_HOURS: i64 = 24;

/// The key of a request, if it sent one (400 for an unusable one).
pub fn key_from(req: &HttpRequest) -> Result<Option<String>, ApiError> {
    let Some(value) = req.headers().get(HEADER) else {
        return Ok(None);
    };
    let key = value
        .to_str()
        .ok()
        .map(str::trim)
        .filter(|k| {
            !k.is_empty() && k.len() <= 255 && k.chars().all(|c| c.is_ascii_graphic() || c == ' ')
        })
        .ok_or_else(|| ApiError::BadRequest {
            code: "invalid_idempotency_key",
            message: "Idempotency-Key must be 1 to 255 printable ASCII characters.".into(),
        })?;
    Ok(Some(key.to_string()))
}

/// Creates at most once per `Idempotency-Key` of `req` among the organisation's requests to
/// `route` (e.g. `POST /jobs`), answering 201 with what `work` created: a retry replays the
/// first success.
pub async fn create_once<T, F, Fut>(
    ctx: &Context,
    req: &HttpRequest,
    organization_id: &str,
    route: &str,
    request: &impl Serialize,
    work: F,
) -> Result<HttpResponse, ApiError>
where
    T: Serialize,
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<T, ApiError>>,
{
    let status = StatusCode::CREATED;
    let key = key_from(req)?;
    let scope = format!("org:{organization_id}:{route}");
    let now = ctx.now();
    let Some(key) = key else {
        let body = work().await?;
        return Ok(HttpResponse::build(status).json(body));
    };
    let request_hash = {
        let bytes =
            serde_json::to_vec(request).map_err(|e| anyhow::anyhow!("hashing request: {e}"))?;
        Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    let row_id = db::new_id();
    let record = IdempotencyRow {
        id: row_id.clone(),
        scope,
        idempotency_key: key,
        request_hash: request_hash.clone(),
        response_status: None,
        response_body: None,
        created_at: now,
        completed_at: None,
    };
    let replay = ctx
        .db(move |conn| {
            let cutoff = now - TimeDelta::hours(RETENTION_HOURS);
            if let Some(existing) =
                db::idempotency::find(conn, &record.scope, &record.idempotency_key)?
            {
                if existing.created_at < cutoff {
                    db::idempotency::delete(conn, &existing.id)?;
                } else if existing.completed_at.is_none() {
                    return Err(in_progress());
                } else if existing.request_hash != record.request_hash {
                    return Err(ApiError::validation(
                        "Idempotency-Key",
                        "This Idempotency-Key was already used with a different request body.",
                    ));
                } else if let (Some(status), Some(body)) =
                    (existing.response_status, existing.response_body)
                {
                    return Ok(Some((status, body)));
                } else {
                    return Err(in_progress());
                }
            }
            match db::idempotency::insert(conn, &record) {
                Ok(()) => Ok(None),
                // Another request with the key got in between.
                Err(e) if db::is_unique_violation(&e) => Err(in_progress()),
                Err(e) => Err(e.into()),
            }
        })
        .await?;
    if let Some((status, body)) = replay {
        let status =
            StatusCode::from_u16(u16::try_from(status).unwrap_or(200)).unwrap_or(StatusCode::OK);
        return Ok(HttpResponse::build(status)
            .content_type("application/json")
            .insert_header(("Idempotent-Replayed", "true"))
            .body(body));
    }
    match work().await {
        Ok(body) => {
            let text = serde_json::to_string(&body)
                .map_err(|e| anyhow::anyhow!("serialising response: {e}"))?;
            let stored = text.clone();
            let code = i32::from(status.as_u16());
            let completed_at = ctx.now();
            ctx.db(move |conn| {
                Ok(db::idempotency::complete(
                    conn,
                    &row_id,
                    code,
                    &stored,
                    completed_at,
                )?)
            })
            .await?;
            Ok(HttpResponse::build(status)
                .content_type("application/json")
                .body(text))
        }
        Err(error) => {
            let release = ctx
                .db(move |conn| Ok(db::idempotency::delete(conn, &row_id)?))
                .await;
            if let Err(release_error) = release {
                tracing::warn!(%release_error, "could not release an idempotency key");
            }
            Err(error)
        }
    }
}

fn in_progress() -> ApiError {
    ApiError::Conflict {
        code: "idempotency_key_in_use",
        message: "A request with this Idempotency-Key is still being processed; retry in a moment."
            .into(),
    }
}
