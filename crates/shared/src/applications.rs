use serde::{Deserialize, Serialize};

str_enum! {
    pub enum ApplicationStatus stored as text {
        Applied => "applied",
        Screening => "screening",
        Interview => "interview",
        Offer => "offer",
        Rejected => "rejected",
    }
}

impl ApplicationStatus {
    /// The pipeline: applied → screening → interview → offer, and rejected from any open
    /// stage. Moving back one stage is allowed (a recruiter's correction); offer and
    /// rejected are final.
    pub fn can_move_to(self, next: Self) -> bool {
        use ApplicationStatus::*;
        match (self, next) {
            (a, b) if a == b => true,
            (Offer | Rejected, _) => false,
            (_, Rejected) => true,
            (Applied, Screening) | (Screening, Interview) | (Interview, Offer) => true,
            (Applied, Interview) | (Screening, Offer) => true,
            (Screening, Applied) | (Interview, Screening) => true,
            _ => false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonDto {
    pub id: String,
    pub full_name: String,
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResumeInfoDto {
    /// `pdf`, `docx` or `text`, decided from the file's content.
    pub kind: String,
    pub filename: String,
    pub size_bytes: u64,
    /// True when text could be read from it for the AI interviewer.
    pub text_extracted: bool,
    /// Why the text could not be read, when it could not.
    pub warning: Option<String>,
    /// Download URL (the candidate and the job's organisation only).
    pub download_url: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationDto {
    pub id: String,
    pub job_id: String,
    pub job_title: String,
    pub company_name: String,
    pub candidate: PersonDto,
    pub status: ApplicationStatus,
    pub cover_note: Option<String>,
    pub resume: Option<ResumeInfoDto>,
    pub created_at: String,
    pub updated_at: String,
}

/// `PATCH /api/v1/applications/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateApplicationRequest {
    pub status: ApplicationStatus,
}
