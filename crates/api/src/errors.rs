//! The one error type of the API, rendered as `{"error": {"code", "message", "details"?}}`.
//! Internal details are logged, never sent.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use interview_flow_shared::validation::FieldError;
use interview_flow_shared::{ErrorBody, ErrorDetail};
use serde_json::json;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("bad request: {message}")]
    BadRequest { code: &'static str, message: String },
    #[error("unauthorized: {message}")]
    Unauthorized { code: &'static str, message: String },
    #[error("forbidden: {message}")]
    Forbidden { code: &'static str, message: String },
    #[error("not found: {message}")]
    NotFound { message: String },
    #[error("conflict: {message}")]
    Conflict { code: &'static str, message: String },
    /// A conflict with machine-readable facts for the client (e.g. the current turn).
    #[error("conflict: {message}")]
    ConflictWithDetails {
        code: &'static str,
        message: String,
        details: serde_json::Value,
    },
    /// A known path asked with a method it does not answer; `allowed` goes in `Allow`.
    #[error("method not allowed; allowed: {allowed}")]
    MethodNotAllowed { allowed: String },
    #[error("payload too large: {message}")]
    PayloadTooLarge { message: String },
    #[error("unsupported media type: {message}")]
    UnsupportedMediaType { message: String },
    #[error("validation failed on {field}: {message}")]
    Validation { field: String, message: String },
    /// A feature this server is not configured for (e.g. server speech): 404 with its own
    /// code, so a client can tell it from a missing record and fall back.
    #[error("not configured: {message}")]
    NotConfigured { code: &'static str, message: String },
    #[error("rate limited for {retry_after_secs}s")]
    RateLimited { retry_after_secs: u64 },
    #[error("dependency unavailable: {0}")]
    Unavailable(String),
    /// This node is at capacity for an expensive operation (e.g. password hashing); the
    /// client should retry after `retry_after_secs`.
    #[error("overloaded; retry in {retry_after_secs}s")]
    Overloaded { retry_after_secs: u64 },
    #[error("internal error: {0:#}")]
    Internal(#[from] anyhow::Error),
}

impl ApiError {
    pub fn not_found(message: impl Into<String>) -> Self {
        ApiError::NotFound {
            message: message.into(),
        }
    }

    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError::Validation {
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        ApiError::Unauthorized {
            code: "unauthorized",
            message: message.into(),
        }
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        ApiError::Forbidden {
            code: "forbidden",
            message: message.into(),
        }
    }

    pub fn internal(message: impl Into<String>) -> Self {
        ApiError::Internal(anyhow::anyhow!(message.into()))
    }

    fn code(&self) -> &'static str {
        match self {
            ApiError::BadRequest { code, .. }
            | ApiError::Unauthorized { code, .. }
            | ApiError::Forbidden { code, .. }
            | ApiError::Conflict { code, .. }
            | ApiError::ConflictWithDetails { code, .. }
            | ApiError::NotConfigured { code, .. } => code,
            ApiError::NotFound { .. } => "not_found",
            ApiError::MethodNotAllowed { .. } => "method_not_allowed",
            ApiError::PayloadTooLarge { .. } => "payload_too_large",
            ApiError::UnsupportedMediaType { .. } => "unsupported_media_type",
            ApiError::Validation { .. } => "validation_failed",
            ApiError::RateLimited { .. } => "rate_limited",
            ApiError::Unavailable(_) => "service_unavailable",
            ApiError::Overloaded { .. } => "overloaded",
            ApiError::Internal(_) => "internal_error",
        }
    }

    fn public_message(&self) -> String {
        match self {
            ApiError::BadRequest { message, .. }
            | ApiError::Unauthorized { message, .. }
            | ApiError::Forbidden { message, .. }
            | ApiError::NotFound { message }
            | ApiError::Conflict { message, .. }
            | ApiError::ConflictWithDetails { message, .. }
            | ApiError::NotConfigured { message, .. }
            | ApiError::PayloadTooLarge { message }
            | ApiError::UnsupportedMediaType { message }
            | ApiError::Validation { message, .. } => message.clone(),
            ApiError::MethodNotAllowed { allowed } => {
                format!("This path answers {allowed} only.")
            }
            ApiError::RateLimited { retry_after_secs } => format!(
                "Too many attempts. Please wait {retry_after_secs} seconds and try again."
            ),
            ApiError::Unavailable(_) => {
                "The service is temporarily unavailable. Please try again in a moment.".into()
            }
            ApiError::Overloaded { retry_after_secs } => format!(
                "The service is busy. Please wait {retry_after_secs} seconds and try again."
            ),
            ApiError::Internal(_) => {
                "Something went wrong on our side. Please try again; if it keeps happening, contact support.".into()
            }
        }
    }

    pub fn body(&self) -> ErrorBody {
        let details = match self {
            ApiError::Validation { field, .. } => Some(json!({ "field": field })),
            ApiError::ConflictWithDetails { details, .. } => Some(details.clone()),
            ApiError::RateLimited { retry_after_secs }
            | ApiError::Overloaded { retry_after_secs } => {
                Some(json!({ "retry_after_seconds": retry_after_secs }))
            }
            _ => None,
        };
        ErrorBody {
            error: ErrorDetail {
                code: self.code().to_string(),
                message: self.public_message(),
                details,
            },
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden { .. } => StatusCode::FORBIDDEN,
            ApiError::NotFound { .. } => StatusCode::NOT_FOUND,
            ApiError::Conflict { .. } | ApiError::ConflictWithDetails { .. } => {
                StatusCode::CONFLICT
            }
            ApiError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Validation { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::NotConfigured { .. } => StatusCode::NOT_FOUND,
            ApiError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable(_) | ApiError::Overloaded { .. } => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            ApiError::Internal(error) => {
                tracing::error!(error = format!("{error:#}"), "internal error")
            }
            ApiError::Unavailable(reason) => tracing::warn!(%reason, "dependency unavailable"),
            _ => {}
        }
        let mut response = HttpResponse::build(self.status_code());
        if let ApiError::Unauthorized { .. } = self {
            response.insert_header((header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer")));
        }
        if let ApiError::MethodNotAllowed { allowed } = self {
            response.insert_header((header::ALLOW, allowed.as_str()));
        }
        if let ApiError::RateLimited { retry_after_secs }
        | ApiError::Overloaded { retry_after_secs } = self
        {
            response.insert_header((header::RETRY_AFTER, retry_after_secs.to_string()));
        }
        response.json(self.body())
    }
}

impl From<FieldError> for ApiError {
    fn from(error: FieldError) -> Self {
        ApiError::Validation {
            field: error.field.to_string(),
            message: error.message,
        }
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(error: diesel::result::Error) -> Self {
        match error {
            diesel::result::Error::NotFound => {
                ApiError::not_found("The requested resource does not exist.")
            }
            other => ApiError::Internal(anyhow::Error::new(other).context("database query failed")),
        }
    }
}

impl From<diesel::r2d2::PoolError> for ApiError {
    fn from(error: diesel::r2d2::PoolError) -> Self {
        ApiError::Unavailable(format!("database pool: {error}"))
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(error: actix_web::error::BlockingError) -> Self {
        ApiError::Internal(anyhow::anyhow!("blocking task failed: {error}"))
    }
}
