use serde::{Deserialize, Serialize};

str_enum! {
    pub enum Role stored as text {
        Recruiter => "recruiter",
        Candidate => "candidate",
    }
}

/// An organisation as clients see it; its branding colours emails and the interview room.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganizationDto {
    pub id: String,
    pub name: String,
    pub logo_url: Option<String>,
    /// `#rrggbb`.
    pub brand_color: String,
}

/// The signed-in user (`GET /api/v1/me`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserDto {
    pub id: String,
    pub email: String,
    pub full_name: String,
    pub role: Role,
    pub organization: Option<OrganizationDto>,
    /// False for candidates created by a recruiter's invitation who have not set one yet.
    pub has_password: bool,
    /// True once the address is proven (the verification or password-reset link was used).
    #[serde(default)]
    pub email_verified: bool,
    /// Set when this session came from an emailed interview link: it opens only this
    /// interview (ready page, room), not the rest of the account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link_interview_id: Option<String>,
}

/// `PATCH /api/v1/organization`: every field optional; `logo_url: ""` clears the logo.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateOrganizationRequest {
    pub name: Option<String>,
    pub logo_url: Option<String>,
    pub brand_color: Option<String>,
}
