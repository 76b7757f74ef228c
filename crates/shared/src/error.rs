use serde::{Deserialize, Serialize};

/// The body of every error response: `{"error": {"code", "message", "details"?}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    /// Stable, snake_case machine-readable code, e.g. `validation_failed`.
    pub code: String,
    /// A sentence for humans: what happened and, where it helps, what to do.
    pub message: String,
    /// Extra structured context, e.g. `{"field": "email"}` for 422s.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub details: Option<serde_json::Value>,
}

impl ErrorBody {
    /// The offending field named by a 422, if any.
    pub fn field(&self) -> Option<&str> {
        self.error.details.as_ref()?.get("field")?.as_str()
    }
}
