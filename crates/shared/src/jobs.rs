use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Identifiers of the same thing in another system (e.g. `ats_job_id`), echoed back.
pub type ExternalIds = BTreeMap<String, String>;

pub const DEFAULT_QUESTION_COUNT: u32 = 8;
pub const MIN_QUESTION_COUNT: u32 = 3;
pub const MAX_QUESTION_COUNT: u32 = 15;
pub const DEFAULT_TIME_LIMIT_MINUTES: u32 = 30;
pub const MIN_TIME_LIMIT_MINUTES: u32 = 5;
pub const MAX_TIME_LIMIT_MINUTES: u32 = 120;
pub const DEFAULT_LANGUAGE: &str = "en";

str_enum! {
    pub enum JobStatus stored as text {
        Open => "open",
        Closed => "closed",
    }
}

str_enum! {
    pub enum EmploymentType {
        FullTime => "full_time",
        PartTime => "part_time",
        Contract => "contract",
        Internship => "internship",
        Temporary => "temporary",
    }
}

str_enum! {
    pub enum ExperienceLevel {
        Entry => "entry",
        Mid => "mid",
        Senior => "senior",
        Lead => "lead",
        Executive => "executive",
    }
}

/// `POST /api/v1/jobs`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateJobRequest {
    pub title: String,
    pub description: String,
    #[serde(default)]
    pub location: Option<String>,
    #[serde(default)]
    pub employment_type: Option<EmploymentType>,
    #[serde(default)]
    pub experience_level: Option<ExperienceLevel>,
    #[serde(default)]
    pub required_skills: Vec<String>,
    /// Main questions of the interview (3–15, default 8).
    #[serde(default, deserialize_with = "crate::numbers::option_u32")]
    pub question_count: Option<u32>,
    /// Interview time limit in minutes (5–120, default 30).
    #[serde(default, deserialize_with = "crate::numbers::option_u32")]
    pub time_limit_minutes: Option<u32>,
    /// Interview language as a BCP 47 tag (default `en`).
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub external_ids: Option<ExternalIds>,
}

/// `PATCH /api/v1/jobs/{id}`: every field optional; `status: "closed"` closes the job.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateJobRequest {
    pub title: Option<String>,
    pub description: Option<String>,
    pub location: Option<String>,
    pub employment_type: Option<EmploymentType>,
    pub experience_level: Option<ExperienceLevel>,
    pub required_skills: Option<Vec<String>>,
    #[serde(default, deserialize_with = "crate::numbers::option_u32")]
    pub question_count: Option<u32>,
    #[serde(default, deserialize_with = "crate::numbers::option_u32")]
    pub time_limit_minutes: Option<u32>,
    pub language: Option<String>,
    pub status: Option<JobStatus>,
    pub external_ids: Option<ExternalIds>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JobDto {
    pub id: String,
    pub title: String,
    pub company_name: String,
    pub organization_id: String,
    pub description: String,
    pub location: Option<String>,
    pub employment_type: Option<EmploymentType>,
    pub experience_level: Option<ExperienceLevel>,
    pub required_skills: Vec<String>,
    pub question_count: u32,
    pub time_limit_minutes: u32,
    pub language: String,
    pub status: JobStatus,
    pub external_ids: ExternalIds,
    pub created_at: String,
    pub updated_at: String,
}

/// A recruiter's job with its pipeline counts (recruiter dashboard).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JobSummaryDto {
    pub job: JobDto,
    pub applications_count: u64,
    pub interviews_count: u64,
}
