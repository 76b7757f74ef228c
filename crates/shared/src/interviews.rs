use serde::{Deserialize, Serialize};

use crate::applications::{ApplicationDto, PersonDto};
use crate::jobs::{ExternalIds, JobSummaryDto};

pub const DEFAULT_OPENS_BEFORE_MINUTES: u32 = 15;
pub const DEFAULT_EXPIRY_DAYS: i64 = 7;

str_enum! {
    pub enum InterviewStatus stored as text {
        Scheduled => "scheduled",
        InProgress => "in_progress",
        Completed => "completed",
        Expired => "expired",
        Cancelled => "cancelled",
        Abandoned => "abandoned",
    }
}

impl InterviewStatus {
    /// Completed, abandoned, cancelled or expired: nothing more can happen in the interview.
    pub fn is_final(self) -> bool {
        !matches!(self, Self::Scheduled | Self::InProgress)
    }
}

str_enum! {
    pub enum EmailStatus stored as text {
        Queued => "queued",
        Sent => "sent",
        Failed => "failed",
    }
}

/// A standalone candidate (no application), by name and email.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CandidateInput {
    pub full_name: String,
    pub email: String,
    /// The candidate's ids elsewhere (e.g. `ats_candidate_id`); kept with the interview.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_ids: Option<ExternalIds>,
}

/// `POST /api/v1/interviews`: exactly one of `application_id` and `candidate`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateInterviewRequest {
    pub job_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub candidate: Option<CandidateInput>,
    /// RFC 3339 with an offset, e.g. `2026-12-01T14:00:00+01:00`.
    pub scheduled_at: String,
    /// IANA time zone the recruiter scheduled in (e.g. `Europe/Berlin`), used to spell the
    /// time out in emails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// The link opens this many minutes before `scheduled_at` (default 15).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opens_before_minutes: Option<u32>,
    /// Default: `scheduled_at` + 7 days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_ids: Option<ExternalIds>,
}

/// `PATCH /api/v1/interviews/{id}` (reschedule).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RescheduleInterviewRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduled_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opens_before_minutes: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InterviewJobDto {
    pub id: String,
    pub title: String,
    pub company_name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InterviewDto {
    pub id: String,
    /// The full URL `{PUBLIC_URL}/interview/ready/{id}`.
    pub link: String,
    pub status: InterviewStatus,
    pub job: InterviewJobDto,
    pub candidate: PersonDto,
    pub application_id: Option<String>,
    pub scheduled_at: String,
    pub time_zone: Option<String>,
    pub opens_at: String,
    pub expires_at: String,
    pub email_status: EmailStatus,
    /// Why the last email could not be delivered (when `email_status` is `failed`, or the
    /// last attempt of a queued retry failed).
    pub email_error: Option<String>,
    pub note: Option<String>,
    pub external_ids: ExternalIds,
    pub created_at: String,
    pub started_at: Option<String>,
    pub completed_at: Option<String>,
}

str_enum! {
    /// Whether the link can be used now.
    pub enum WindowState {
        NotOpenYet => "not_open_yet",
        Open => "open",
        Expired => "expired",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InterviewWindowDto {
    pub opens_at: String,
    pub expires_at: String,
    pub state: WindowState,
    /// Seconds until the link opens (0 once open).
    pub seconds_until_open: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompanyBrandingDto {
    pub name: String,
    pub logo_url: Option<String>,
    pub brand_color: String,
}

/// `GET /api/v1/interviews/{id}/ready`: what the candidate's ready page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InterviewReadyDto {
    pub id: String,
    pub status: InterviewStatus,
    pub job: ReadyJobDto,
    pub company: CompanyBrandingDto,
    pub candidate_name: String,
    pub question_count: u32,
    pub time_limit_minutes: u32,
    pub language: String,
    pub scheduled_at: String,
    pub window: InterviewWindowDto,
    pub consent_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReadyJobDto {
    pub id: String,
    pub title: String,
    pub description: String,
    pub location: Option<String>,
}

/// One interview on the candidate's dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CandidateInterviewDto {
    pub id: String,
    pub link: String,
    pub job_title: String,
    pub company_name: String,
    pub brand_color: String,
    pub scheduled_at: String,
    pub opens_at: String,
    pub expires_at: String,
    pub status: InterviewStatus,
    pub window: WindowState,
    pub question_count: u32,
    pub time_limit_minutes: u32,
}

/// `GET /api/v1/dashboard/candidate`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CandidateDashboardDto {
    pub interviews: Vec<CandidateInterviewDto>,
    pub applications: Vec<ApplicationDto>,
}

/// `GET /api/v1/dashboard/recruiter`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecruiterDashboardDto {
    pub jobs: Vec<JobSummaryDto>,
    /// Scheduled or in progress, soonest first.
    pub upcoming: Vec<InterviewDto>,
    /// Completed, cancelled, expired or abandoned, most recent first.
    pub recent: Vec<InterviewDto>,
}
