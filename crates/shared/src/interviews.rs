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
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CandidateInput {
    pub full_name: String,
    pub email: String,
    /// The candidate's ids elsewhere (e.g. `ats_candidate_id`); kept with the interview.
    pub external_ids: Option<ExternalIds>,
}

/// `POST /api/v1/interviews`: exactly one of `application_id` and `candidate`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateInterviewRequest {
    pub job_id: String,
    pub application_id: Option<String>,
    pub candidate: Option<CandidateInput>,
    /// RFC 3339 with an offset, e.g. `2026-12-01T14:00:00+01:00`.
    pub scheduled_at: String,
    /// IANA time zone the recruiter scheduled in (e.g. `Europe/Berlin`), used to spell the
    /// time out in emails.
    pub time_zone: Option<String>,
    /// The link opens this many minutes before `scheduled_at` (default 15).
    #[serde(default, deserialize_with = "crate::numbers::option_u32")]
    pub opens_before_minutes: Option<u32>,
    /// Default: `scheduled_at` + 7 days.
    pub expires_at: Option<String>,
    pub note: Option<String>,
    pub external_ids: Option<ExternalIds>,
}

/// `PATCH /api/v1/interviews/{id}` (reschedule).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RescheduleInterviewRequest {
    pub scheduled_at: Option<String>,
    pub expires_at: Option<String>,
    #[serde(default, deserialize_with = "crate::numbers::option_u32")]
    pub opens_before_minutes: Option<u32>,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> CreateInterviewRequest {
        CreateInterviewRequest {
            job_id: "job-1".into(),
            application_id: None,
            candidate: None,
            scheduled_at: "2026-12-01T14:00:00+01:00".into(),
            time_zone: None,
            opens_before_minutes: None,
            expires_at: None,
            note: None,
            external_ids: None,
        }
    }

    #[test]
    fn none_fields_stay_out_of_the_json_and_may_be_left_out() {
        let json = r#"{"job_id":"job-1","scheduled_at":"2026-12-01T14:00:00+01:00"}"#;
        assert_eq!(serde_json::to_string(&request()).unwrap(), json);
        assert_eq!(
            serde_json::from_str::<CreateInterviewRequest>(json).unwrap(),
            request()
        );
    }

    #[test]
    fn set_fields_are_written_and_read_back() {
        let full = CreateInterviewRequest {
            time_zone: Some("Europe/Berlin".into()),
            opens_before_minutes: Some(10),
            ..request()
        };
        let json = r#"{"job_id":"job-1","scheduled_at":"2026-12-01T14:00:00+01:00","time_zone":"Europe/Berlin","opens_before_minutes":10}"#;
        assert_eq!(serde_json::to_string(&full).unwrap(), json);
        assert_eq!(
            serde_json::from_str::<CreateInterviewRequest>(json).unwrap(),
            full
        );
    }

    /// The OpenAPI schema still requires only the non-`Option` fields.
    #[cfg(feature = "openapi")]
    #[test]
    fn optional_fields_are_not_required_in_the_schema() {
        use utoipa::PartialSchema;

        let schema = serde_json::to_value(CreateInterviewRequest::schema()).unwrap();
        assert_eq!(
            schema["required"],
            serde_json::json!(["job_id", "scheduled_at"])
        );
    }
}
