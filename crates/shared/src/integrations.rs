//! Organisation API keys and the Greenhouse assessment-partner shapes.

use serde::{Deserialize, Serialize};

str_enum! {
    pub enum ApiKeyScope {
        /// Every `GET`.
        Read => "read",
        /// Scheduling: jobs, applications, interviews and the Greenhouse partner endpoints.
        Write => "write",
        /// Configuring the organisation: its settings (name, logo, colour — shown in candidate
        /// emails) and webhooks (which receive candidate data). Includes `write`.
        Admin => "admin",
    }
}

/// `POST /api/v1/api-keys`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateApiKeyRequest {
    pub name: String,
    /// `["read"]`, `["read", "write"]` or `["read", "write", "admin"]`.
    pub scopes: Vec<ApiKeyScope>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiKeyDto {
    pub id: String,
    pub name: String,
    /// The key's first characters, to recognise it.
    pub prefix: String,
    pub scopes: Vec<ApiKeyScope>,
    pub created_at: String,
    pub last_used_at: Option<String>,
}

/// The answer of a create: the only time `key` is shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedApiKeyDto {
    pub id: String,
    pub name: String,
    pub prefix: String,
    pub scopes: Vec<ApiKeyScope>,
    pub key: String,
    pub created_at: String,
}

/// One test in Greenhouse's `list_tests`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GreenhouseTestDto {
    pub partner_test_id: String,
    pub partner_test_name: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GreenhouseCandidate {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub preferred_name: Option<String>,
    pub resume_url: Option<String>,
    pub phone_number: Option<String>,
    pub email: Option<String>,
    pub greenhouse_profile_url: Option<String>,
}

/// Greenhouse's `send_test` body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GreenhouseSendTestRequest {
    pub partner_test_id: String,
    pub candidate: GreenhouseCandidate,
    #[serde(default)]
    pub sent_by: Option<String>,
    /// Where we PATCH when the test completes.
    #[serde(default)]
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GreenhouseSendTestResponse {
    pub partner_interview_id: String,
}

/// Greenhouse's `test_status` answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GreenhouseTestStatusDto {
    /// `sent`, `in_progress`, `complete`, `cancelled` or `expired`.
    pub partner_status: String,
    pub partner_profile_url: Option<String>,
    pub partner_score: Option<u8>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub metadata: serde_json::Value,
}
